//! `@unique`, `@@unique`, `@@index` and `@@fulltext`: unique constraints and indexes, with
//! their `map`, `name`, `type`, `clustered` and `where` arguments.

use super::super::Ctx;
use super::super::arguments::{Args, type_mismatch};
use super::field_refs::{field_key_args, field_refs, index_fields};
use super::partial_index;
use super::{bool_arg, report_unused, string_arg};
use crate::ids::{FieldId, ModelId};
use crate::ir::{FieldKind, Index, IndexAlgorithm, IndexKind};
use schema_syntax::ast::{Attribute, Expression};

pub(super) fn field_unique(ctx: &mut Ctx<'_>, model: ModelId, field: FieldId, attr: &Attribute) {
    let a = field_key_args(ctx, field, attr, true);
    if let FieldKind::Scalar(s) = &mut ctx.schema.fields[field.index()].kind {
        s.is_unique = true;
    }
    ctx.schema.models[model.index()].indexes.push(Index {
        kind: IndexKind::Unique,
        fields: vec![a.index_field],
        name: None,
        database_name: String::new(),
        mapped_name: a.map,
        algorithm: None,
        clustered: a.clustered,
        defined_on_field: true,
        predicate: a.predicate,
        span: attr.span,
    });
}

pub(super) fn block_index(ctx: &mut Ctx<'_>, model: ModelId, attr: &Attribute, kind: IndexKind) {
    let attr_name = match kind {
        IndexKind::Unique => "unique",
        IndexKind::Normal => "index",
        IndexKind::Fulltext => "fulltext",
    };
    let mut args = Args::new(attr);
    let fields_expr = args.default_arg("fields");
    let name = if kind == IndexKind::Unique {
        args.named("name").and_then(|e| string_arg(ctx, e))
    } else {
        None
    };
    let map = args.named("map").and_then(|e| string_arg(ctx, e));
    let clustered = args.named("clustered").and_then(|e| bool_arg(ctx, e));
    let algorithm = if kind == IndexKind::Normal {
        args.named("type").and_then(|e| match e {
            Expression::Constant(c, span) => match c.as_str() {
                "BTree" => Some(IndexAlgorithm::BTree),
                "Hash" => Some(IndexAlgorithm::Hash),
                "Gist" => Some(IndexAlgorithm::Gist),
                "Gin" => Some(IndexAlgorithm::Gin),
                "SpGist" => Some(IndexAlgorithm::SpGist),
                "Brin" => Some(IndexAlgorithm::Brin),
                _ => {
                    ctx.attribute_error("@index", format!("Unknown index type: {c}."), *span);
                    None
                }
            },
            other => {
                let raw = ctx.text(other.span());
                ctx.error(type_mismatch("constant", other, raw), other.span());
                None
            }
        })
    } else {
        None
    };
    // `name:` on @@index is Prisma 2's spelling of `map:`: Prisma still names the index with it.
    let legacy_name = (kind == IndexKind::Normal)
        .then(|| args.named("name"))
        .flatten();
    let map = match legacy_name {
        Some(e) => match (string_arg(ctx, e), map) {
            (Some(_), Some(_)) => {
                ctx.attribute_error("index", "The `@@index` attribute accepts the `name` argument as an alias for the `map` argument for legacy reasons. It does not accept both though. Please use the `map` argument to specify the database name of the index.", attr.span);
                None
            }
            (legacy, map) => map.or(legacy),
        },
        None => map,
    };
    let predicate = match kind {
        IndexKind::Fulltext => None,
        _ => args
            .named("where")
            .and_then(|e| partial_index::where_arg(ctx, model, e, attr_name)),
    };
    report_unused(ctx, &args);
    let Some(fields_expr) = fields_expr else {
        ctx.error("Argument \"fields\" is missing.", attr.span);
        return;
    };
    let refs = field_refs(ctx, fields_expr, "constant literal");
    let Some(fields) = index_fields(ctx, model, &refs, attr_name, attr.span) else {
        return;
    };
    // An empty list is reported with the provider rules, as Prisma does.
    ctx.schema.models[model.index()].indexes.push(Index {
        kind,
        fields,
        name,
        database_name: String::new(),
        mapped_name: map,
        algorithm,
        clustered,
        defined_on_field: false,
        predicate,
        span: attr.span,
    });
}
