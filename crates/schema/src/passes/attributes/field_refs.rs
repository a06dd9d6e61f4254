//! Field lists and per-field key arguments shared by `@id`, `@unique`, `@@id`, `@@unique`,
//! `@@index` and `@@shardKey`: reading `[a, b(sort: Desc, length: 10)]`, resolving the names
//! to the model's scalar fields, and the `sort` / `length` / `map` / `clustered` arguments.

use super::super::Ctx;
use super::super::arguments::{Args, type_mismatch};
use super::partial_index;
use super::{bool_arg, report_unused, string_arg};
use crate::ids::{FieldId, ModelId};
use crate::ir::{FieldKind, IndexField, IndexPredicate, OperatorClass, SortOrder};
use diagnostics::Span;
use schema_syntax::ast::{self, Attribute, Expression};

fn sort_arg(ctx: &mut Ctx<'_>, expr: &Expression) -> Option<SortOrder> {
    match expr {
        Expression::Constant(s, _) if s == "Asc" => Some(SortOrder::Asc),
        Expression::Constant(s, _) if s == "Desc" => Some(SortOrder::Desc),
        Expression::Constant(s, span) => {
            ctx.error(
                format!("The `sort` argument must be `Asc` or `Desc`, not `{s}`."),
                *span,
            );
            None
        }
        other => {
            let raw = ctx.text(other.span());
            ctx.error(type_mismatch("constant", other, raw), other.span());
            None
        }
    }
}

fn length_arg(ctx: &mut Ctx<'_>, expr: &Expression) -> Option<u32> {
    match expr {
        Expression::Numeric(n, span) => match n.parse::<u32>() {
            Ok(v) => Some(v),
            Err(_) => {
                ctx.error(
                    format!("Expected an integer value, but received `{n}`."),
                    *span,
                );
                None
            }
        },
        other => {
            let raw = ctx.text(other.span());
            ctx.error(type_mismatch("numeric", other, raw), other.span());
            None
        }
    }
}

/// Arguments shared by `@id`/`@unique`: `map`, `length`, `sort`, `clustered`.
pub(super) struct FieldKeyArgs {
    pub(super) map: Option<String>,
    pub(super) index_field: IndexField,
    pub(super) clustered: Option<bool>,
    /// `where:` (on `@unique` only).
    pub(super) predicate: Option<IndexPredicate>,
}

pub(super) fn field_key_args(
    ctx: &mut Ctx<'_>,
    field: FieldId,
    attr: &Attribute,
    is_unique: bool,
) -> FieldKeyArgs {
    let mut args = Args::new(attr);
    let map = args.named("map").and_then(|e| string_arg(ctx, e));
    let length = args.named("length").and_then(|e| length_arg(ctx, e));
    let sort = args.named("sort").and_then(|e| sort_arg(ctx, e));
    let clustered = args.named("clustered").and_then(|e| bool_arg(ctx, e));
    let predicate = if is_unique {
        let model = ctx.schema.fields[field.index()].model;
        args.named("where")
            .and_then(|e| partial_index::where_arg(ctx, model, e, "unique"))
    } else {
        None
    };
    report_unused(ctx, &args);
    FieldKeyArgs {
        map,
        index_field: IndexField {
            field,
            sort,
            length,
            operator_class: None,
        },
        clustered,
        predicate,
    }
}

/// A field reference in a list (`[a, b(sort: Desc)]`).
pub(super) struct FieldRef<'a> {
    pub(super) name: &'a str,
    pub(super) args: Option<&'a ast::ArgumentsList>,
}

/// Reads `[a, b(args)]`; `constant_word` is how Prisma names the expected kind.
pub(super) fn field_refs<'a>(
    ctx: &mut Ctx<'_>,
    expr: &'a Expression,
    constant_word: &str,
) -> Vec<FieldRef<'a>> {
    let items: Vec<&Expression> = match expr {
        Expression::Array(items, _) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            Expression::Constant(name, _) => out.push(FieldRef { name, args: None }),
            Expression::Function(name, args, _) if constant_word != "constant" => {
                out.push(FieldRef {
                    name,
                    args: Some(args),
                })
            }
            other => {
                let raw = ctx.text(other.span());
                ctx.error(type_mismatch(constant_word, other, raw), other.span());
            }
        }
    }
    out
}

pub(super) enum Lookup {
    Scalar(FieldId),
    Relation(String),
    Unknown(String),
}

pub(super) fn lookup(ctx: &Ctx<'_>, model: ModelId, name: &str) -> Lookup {
    let m = &ctx.schema.models[model.index()];
    match m
        .fields
        .iter()
        .find(|&&f| ctx.schema.fields[f.index()].name == name)
    {
        // Prisma takes a field of an unknown type for a relation field.
        Some(&f) if ctx.unresolved[f.index()] => Lookup::Relation(name.to_string()),
        Some(&f) => match ctx.schema.fields[f.index()].kind {
            FieldKind::Scalar(_) => Lookup::Scalar(f),
            FieldKind::Relation(_) => Lookup::Relation(name.to_string()),
        },
        None => Lookup::Unknown(name.to_string()),
    }
}

/// Resolves field references to index fields; reports unknown and relation fields with
/// `what` ("index", "unique index", "id") wording.
pub(super) fn index_fields(
    ctx: &mut Ctx<'_>,
    model: ModelId,
    refs: &[FieldRef<'_>],
    kind: &str,
    span: Span,
) -> Option<Vec<IndexField>> {
    let mut unknown = Vec::new();
    let mut relations = Vec::new();
    let mut out = Vec::new();
    for r in refs {
        match lookup(ctx, model, r.name) {
            Lookup::Scalar(field) => {
                let mut index_field = IndexField {
                    field,
                    sort: None,
                    length: None,
                    operator_class: None,
                };
                if let Some(args) = r.args {
                    for arg in &args.arguments {
                        let Some(name) = &arg.name else {
                            ctx.error("No such argument.", arg.span);
                            continue;
                        };
                        match name.name.as_str() {
                            "sort" => index_field.sort = sort_arg(ctx, &arg.value),
                            "length" => index_field.length = length_arg(ctx, &arg.value),
                            "ops" => {
                                index_field.operator_class = match &arg.value {
                                    Expression::Constant(c, _) => {
                                        Some(OperatorClass::Named(c.clone()))
                                    }
                                    Expression::Function(f, fargs, _) if f == "raw" => {
                                        fargs.arguments.first().and_then(|a| match &a.value {
                                            Expression::String(s, _) => {
                                                Some(OperatorClass::Raw(s.clone()))
                                            }
                                            _ => None,
                                        })
                                    }
                                    other => {
                                        let raw = ctx.text(other.span());
                                        ctx.error(
                                            type_mismatch("constant", other, raw),
                                            other.span(),
                                        );
                                        None
                                    }
                                }
                            }
                            _ => ctx.error("No such argument.", arg.span),
                        }
                    }
                }
                out.push(index_field);
            }
            Lookup::Relation(n) => relations.push(n),
            Lookup::Unknown(n) => unknown.push(n),
        }
    }
    if !unknown.is_empty() {
        let message = match kind {
            "id" => format!(
                "The multi field id declaration refers to the unknown {} {}.",
                if unknown.len() == 1 {
                    "field"
                } else {
                    "fields"
                },
                unknown
                    .iter()
                    .map(|u| format!("`{u}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "unique" => format!(
                "The unique index definition refers to the unknown fields: {}.",
                unknown.join(", ")
            ),
            _ => format!(
                "The index definition refers to the unknown fields: {}.",
                unknown.join(", ")
            ),
        };
        ctx.model_error(model, message, span);
        return None;
    }
    if !relations.is_empty() {
        let suggestion = suggest_scalar_fields(ctx, model, &relations);
        let message = match kind {
            "id" => format!(
                "The id definition refers to the relation {} {}. ID definitions must reference only scalar fields.",
                if relations.len() == 1 {
                    "field"
                } else {
                    "fields"
                },
                relations
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "unique" => format!(
                "The unique index definition refers to the relation fields {}. Index definitions must reference only scalar fields.{}",
                relations.join(", "),
                suggestion
                    .map(|s| format!(" Did you mean `@@unique([{s}])`?"))
                    .unwrap_or_default()
            ),
            "fulltext" => format!(
                "The index definition refers to the relation fields {}. Index definitions must reference only scalar fields.{}",
                relations.join(", "),
                suggestion
                    .map(|s| format!(" Did you mean `@@fulltext([{s}])`?"))
                    .unwrap_or_default()
            ),
            _ => format!(
                "The index definition refers to the relation fields {}. Index definitions must reference only scalar fields.{}",
                relations.join(", "),
                suggestion
                    .map(|s| format!(" Did you mean `@@index([{s}])`?"))
                    .unwrap_or_default()
            ),
        };
        ctx.model_error(model, message, span);
        return None;
    }
    Some(out)
}

/// The `fields:` of the named relation fields, joined for a "Did you mean" hint.
fn suggest_scalar_fields(ctx: &Ctx<'_>, model: ModelId, relations: &[String]) -> Option<String> {
    let mut names = Vec::new();
    for r in relations {
        let ast = ctx.schema.models[model.index()]
            .fields
            .iter()
            .find(|&&f| &ctx.schema.fields[f.index()].name == r)
            .map(|&f| ctx.field_asts[f.index()])?;
        let rel = ast.attributes.iter().find(|a| a.name.name == "relation")?;
        let fields = rel
            .arguments
            .arguments
            .iter()
            .find(|a| a.name.as_ref().is_some_and(|n| n.name == "fields"))?;
        if let Expression::Array(items, _) = &fields.value {
            for item in items {
                if let Expression::Constant(c, _) = item {
                    names.push(c.clone());
                }
            }
        }
    }
    if names.is_empty() {
        None
    } else {
        Some(names.join(", "))
    }
}
