//! `@relation`: a relation field's name, `fields`, `references`, `map`, `onDelete` and
//! `onUpdate`, resolved against the models on both sides later by the relations pass.

use super::super::Ctx;
use super::super::arguments::{Args, type_mismatch};
use super::field_refs::{Lookup, lookup};
use super::{report_unused, string_arg};
use crate::ids::{FieldId, ModelId};
use crate::ir::{FieldKind, ReferentialAction};
use schema_syntax::ast::{self, Attribute, Expression};

/// The `fields:` of a relation field's `@relation`, joined with ", ".
pub(super) fn relation_fields_argument(field: &ast::Field) -> Option<String> {
    let rel = field
        .attributes
        .iter()
        .find(|a| a.name.name == "relation")?;
    let arg = rel
        .arguments
        .arguments
        .iter()
        .find(|a| a.name.as_ref().is_some_and(|n| n.name == "fields"))?;
    let Expression::Array(items, _) = &arg.value else {
        return None;
    };
    let names: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            Expression::Constant(c, _) => Some(c.as_str()),
            _ => None,
        })
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

pub(super) fn relation_attribute(
    ctx: &mut Ctx<'_>,
    _model: ModelId,
    field: FieldId,
    attr: &Attribute,
) {
    let unnamed: Vec<&ast::Argument> = attr
        .arguments
        .arguments
        .iter()
        .filter(|a| a.name.is_none())
        .collect();
    if unnamed.len() > 1 {
        let values: Vec<&str> = unnamed.iter().map(|a| ctx.text(a.value.span())).collect();
        ctx.attribute_error(
            "relation",
            format!(
                "You provided multiple unnamed arguments. This is not possible. Did you forget the brackets? Did you mean `[{}]`?",
                values.join(", ")
            ),
            attr.span,
        );
        return;
    }
    let mut args = Args::new(attr);
    let name = args.default_arg("name").and_then(|e| string_arg(ctx, e));
    let fields = args.named("fields");
    let references = args.named("references");
    let map = args.named("map").and_then(|e| string_arg(ctx, e));
    let action = |ctx: &mut Ctx<'_>, expr: Option<&Expression>| -> Option<ReferentialAction> {
        let expr = expr?;
        match expr {
            Expression::Constant(c, span) => match ReferentialAction::from_name(c) {
                Some(a) => Some(a),
                None => {
                    ctx.attribute_error(
                        "relation",
                        format!("Invalid referential action: `{c}`"),
                        *span,
                    );
                    None
                }
            },
            other => {
                let raw = ctx.text(other.span());
                ctx.error(type_mismatch("constant", other, raw), other.span());
                None
            }
        }
    };

    let field_ids = fields
        .map(|e| {
            resolve_relation_field_list(
                ctx,
                ctx.schema.fields[field.index()].model,
                e,
                "fields",
                attr.span,
            )
        })
        .unwrap_or_default();
    let related = match &ctx.schema.fields[field.index()].kind {
        FieldKind::Relation(r) => r.related_model,
        FieldKind::Scalar(_) => return,
    };
    let reference_ids = references
        .map(|e| resolve_relation_field_list(ctx, related, e, "references", attr.span))
        .unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = reference_ids.iter().find(|f| !seen.insert(**f)) {
        let name = ctx.schema.fields[dup.index()].name.clone();
        let span = attr.span;
        ctx.model_error(
            related,
            format!("The unique index definition refers to the field {name} multiple times."),
            span,
        );
    }
    // Prisma reads the referential actions after `fields` and `references`.
    let on_delete = action(ctx, args.named("onDelete"));
    let on_update = action(ctx, args.named("onUpdate"));
    report_unused(ctx, &args);
    if let FieldKind::Relation(r) = &mut ctx.schema.fields[field.index()].kind {
        r.relation_name = name;
        r.fields = field_ids;
        r.references = reference_ids;
        r.on_delete = on_delete;
        r.on_update = on_update;
        r.mapped_name = map;
        r.relation_attribute_span = Some(attr.span);
    }
}

fn resolve_relation_field_list(
    ctx: &mut Ctx<'_>,
    model: ModelId,
    expr: &Expression,
    what: &str,
    attr_span: diagnostics::Span,
) -> Vec<FieldId> {
    let items: Vec<&Expression> = match expr {
        Expression::Array(items, _) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    let mut relation_fields = Vec::new();
    for item in items {
        let Expression::Constant(name, _) = item else {
            let raw = ctx.text(item.span());
            ctx.error(type_mismatch("constant literal", item, raw), item.span());
            continue;
        };
        match lookup(ctx, model, name) {
            Lookup::Scalar(f) => out.push(f),
            Lookup::Relation(n) => relation_fields.push(n),
            Lookup::Unknown(n) => unknown.push(n),
        }
    }
    let span = attr_span;
    if !unknown.is_empty() {
        let message = if what == "fields" {
            format!(
                "The argument fields must refer only to existing fields. The following fields do not exist in this model: {}",
                unknown.join(", ")
            )
        } else {
            format!(
                "The argument `references` must refer only to existing fields in the related model `{}`. The following fields do not exist in the related model: {}",
                ctx.schema.models[model.index()].name,
                unknown.join(", ")
            )
        };
        ctx.validation_error(message, span);
    } else if !relation_fields.is_empty() {
        let message = if what == "fields" {
            format!(
                "The argument fields must refer only to scalar fields. But it is referencing the following relation fields: {}",
                relation_fields.join(", ")
            )
        } else {
            format!(
                "The argument `references` must refer only to scalar fields in the related model `{}`. But it is referencing the following relation fields: {}",
                ctx.schema.models[model.index()].name,
                relation_fields.join(", ")
            )
        };
        ctx.validation_error(message, span);
    }
    out
}
