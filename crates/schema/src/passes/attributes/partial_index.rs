//! The `where:` argument of `@unique`, `@@unique` and `@@index` (Prisma 7.4's partial indexes,
//! preview feature `partialIndexes`): `raw("…")` or an object literal `{ field: value, … }`,
//! read with Prisma 7.10's messages. Whether the preview feature is on and the provider can
//! create partial indexes is checked with the provider rules ([`check_support`]).

use schema_syntax::ast::{Expression, ObjectMember};

use super::super::arguments::type_mismatch;
use super::super::{Ctx, MODEL_INDEXES, PHASE_MODELS};
use super::field_refs::{Lookup, lookup};
use crate::ids::ModelId;
use crate::ir::{
    FieldKind, IndexPredicate, ScalarFieldType, ScalarType, WhereCondition, WhereOp, WhereValue,
};

const EITHER: &str = "The `where` argument must be either a raw() function call or an object literal, e.g. `where: raw(\"status = 'active'\")` or `where: { active: true }`.";
const RAW_STRING: &str = "The `where` argument must be a raw() function with a string argument, e.g. `where: raw(\"status = 'active'\")`.";
const INVALID_VALUE: &str =
    "Expected true, false, null, a string, a number, or an object like { not: null }.";

/// Reads `where:`; `attribute` is the name in Prisma's "Error parsing attribute" messages
/// (`unique` for `@unique` and `@@unique`, `index` for `@@index`).
pub(super) fn where_arg(
    ctx: &mut Ctx<'_>,
    model: ModelId,
    expr: &Expression,
    attribute: &str,
) -> Option<IndexPredicate> {
    match expr {
        Expression::Function(name, args, span) if name == "raw" => {
            let Some(first) = args.arguments.first() else {
                ctx.attribute_error(attribute, RAW_STRING, *span);
                return None;
            };
            let Expression::String(sql, _) = &first.value else {
                let raw = ctx.text(first.value.span());
                ctx.error(
                    type_mismatch("string", &first.value, raw),
                    first.value.span(),
                );
                ctx.attribute_error(attribute, RAW_STRING, *span);
                return None;
            };
            if sql.is_empty() {
                ctx.attribute_error(
                    attribute,
                    "The `where` argument cannot contain an empty string.",
                    *span,
                );
                return None;
            }
            Some(IndexPredicate::Raw(sql.clone()))
        }
        Expression::Function(_, _, span) => {
            ctx.attribute_error(attribute, EITHER, *span);
            None
        }
        Expression::Object(members, span) => {
            if members.is_empty() {
                ctx.attribute_error(
                    attribute,
                    "The `where` argument cannot be an empty object.",
                    *span,
                );
                return None;
            }
            let mut conditions = Vec::new();
            let mut valid = true;
            for member in members {
                match condition(ctx, model, member, attribute) {
                    Some(c) => conditions.push(c),
                    None => valid = false,
                }
            }
            valid.then_some(IndexPredicate::Object(conditions))
        }
        other => {
            let raw = ctx.text(other.span());
            ctx.error(type_mismatch("function", other, raw), other.span());
            ctx.attribute_error(attribute, EITHER, other.span());
            None
        }
    }
}

/// What a value in the object form is, in Prisma's type-mismatch wording.
fn value_kind(value: &WhereValue) -> &'static str {
    match value {
        WhereValue::Boolean(_) => "Boolean",
        WhereValue::String(_) => "a String",
        WhereValue::Number(_) => "a Number",
    }
}

/// A literal (`true`, `"x"`, `1`, `null` as `None`), or the error message.
fn literal(ctx: &Ctx<'_>, expr: &Expression) -> Result<Option<WhereValue>, String> {
    match expr {
        Expression::Constant(c, _) => match c.as_str() {
            "true" => Ok(Some(WhereValue::Boolean(true))),
            "false" => Ok(Some(WhereValue::Boolean(false))),
            "null" => Ok(None),
            other => Err(format!(
                "Invalid value '{other}' in where clause. {INVALID_VALUE}"
            )),
        },
        Expression::String(s, _) => Ok(Some(WhereValue::String(s.clone()))),
        Expression::Numeric(n, _) => Ok(Some(WhereValue::Number(n.clone()))),
        _ => {
            let _ = ctx;
            Err(format!("Invalid value in where clause. {INVALID_VALUE}"))
        }
    }
}

fn condition(
    ctx: &mut Ctx<'_>,
    model: ModelId,
    member: &ObjectMember,
    attribute: &str,
) -> Option<WhereCondition> {
    let span = member.value.span();
    let op = match &member.value {
        Expression::Object(inner, _) => {
            if inner.len() != 1 {
                ctx.attribute_error(
                    attribute,
                    "Nested object in where clause must have exactly one key. Use `{ not: null }` or `{ not: \"value\" }`.",
                    span,
                );
                return None;
            }
            let not = &inner[0];
            if not.key.name != "not" {
                ctx.attribute_error(
                    attribute,
                    format!(
                        "Unknown key '{}' in nested where clause object. Only 'not' is supported.",
                        not.key.name
                    ),
                    span,
                );
                return None;
            }
            match literal(ctx, &not.value) {
                Ok(Some(v)) => WhereOp::NotEquals(v),
                Ok(None) => WhereOp::IsNotNull,
                Err(message) => {
                    ctx.attribute_error(attribute, message, span);
                    return None;
                }
            }
        }
        other => match literal(ctx, other) {
            Ok(Some(v)) => WhereOp::Equals(v),
            Ok(None) => WhereOp::IsNull,
            Err(message) => {
                ctx.attribute_error(attribute, message, span);
                return None;
            }
        },
    };
    let name = &member.key.name;
    let field = match lookup(ctx, model, name) {
        Lookup::Scalar(f) => f,
        Lookup::Relation(_) => {
            ctx.attribute_error(
                attribute,
                format!(
                    "Field '{name}' is a relation field. Only scalar fields can be used in the where clause."
                ),
                span,
            );
            return None;
        }
        Lookup::Unknown(_) => {
            let model_name = ctx.schema.models[model.index()].name.clone();
            ctx.attribute_error(
                attribute,
                format!("Field '{name}' does not exist in model '{model_name}'."),
                span,
            );
            return None;
        }
    };
    let FieldKind::Scalar(scalar) = &ctx.schema.fields[field.index()].kind else {
        return None;
    };
    let value = match &op {
        WhereOp::Equals(v) | WhereOp::NotEquals(v) => Some(v),
        WhereOp::IsNull | WhereOp::IsNotNull => None,
    };
    let mismatch = match (&scalar.field_type, value) {
        (ScalarFieldType::Unsupported(_), _) => Some(format!(
            "Field '{name}' is an unsupported type and cannot be used in the object syntax of a where clause. Use raw() instead."
        )),
        (_, None) => None,
        (ScalarFieldType::Enum(_), Some(WhereValue::String(_))) => None,
        (ScalarFieldType::Enum(_), Some(_)) => Some(format!(
            "Type mismatch: field '{name}' is an Enum and only accepts String values in the where clause."
        )),
        (ScalarFieldType::Builtin(t), Some(v)) => {
            let fits = match v {
                WhereValue::Boolean(_) => *t == ScalarType::Boolean,
                WhereValue::String(_) => matches!(
                    t,
                    ScalarType::String
                        | ScalarType::DateTime
                        | ScalarType::Json
                        | ScalarType::Bytes
                ),
                WhereValue::Number(_) => matches!(
                    t,
                    ScalarType::Int | ScalarType::BigInt | ScalarType::Float | ScalarType::Decimal
                ),
            };
            (!fits).then(|| {
                format!(
                    "Type mismatch: field '{name}' is of type {}, but the value is {}.",
                    t.as_str(),
                    value_kind(v)
                )
            })
        }
        (ScalarFieldType::CompositeType(_), Some(_)) => None,
    };
    if let Some(message) = mismatch {
        ctx.attribute_error(attribute, message, span);
        return None;
    }
    Some(WhereCondition { field, op })
}

/// Partial indexes need the `partialIndexes` preview feature and a provider that can create
/// them (not MySQL): one error per index with a `where:`, after its name-clash error.
pub(crate) fn check_support(ctx: &mut Ctx<'_>) {
    let Some(provider) = ctx.provider else { return };
    let enabled = ctx.has_feature("partialIndexes");
    let mut errors = Vec::new();
    for (m, model) in ctx.schema.models.iter().enumerate() {
        // Prisma checks `@unique` on fields, then `@@index`, then `@@unique`.
        let mut order: Vec<usize> = (0..model.indexes.len()).collect();
        order.sort_by_key(|&i| {
            let index = &model.indexes[i];
            match (index.defined_on_field, index.kind) {
                (true, _) => 0,
                (false, crate::ir::IndexKind::Unique) => 2,
                (false, _) => 1,
            }
        });
        for (position, i) in order.into_iter().enumerate() {
            let index = &model.indexes[i];
            if index.predicate.is_none() {
                continue;
            }
            let attribute = match (index.defined_on_field, index.kind) {
                (true, _) => "unique",
                (false, crate::ir::IndexKind::Unique) => "@unique",
                (false, _) => "@index",
            };
            let message = if !enabled {
                "Partial indexes are a preview feature. Add \"partialIndexes\" to previewFeatures in your generator block."
            } else if !provider.supports_partial_indexes() {
                "Partial indexes (with a `where` clause) are not supported by the current connector."
            } else {
                continue;
            };
            errors.push((
                (PHASE_MODELS, m as u32, MODEL_INDEXES, position as u32, 2),
                attribute,
                message,
                index.span,
            ));
        }
    }
    for (key, attribute, message, span) in errors {
        ctx.at(key);
        ctx.attribute_error(attribute, message, span);
    }
}
