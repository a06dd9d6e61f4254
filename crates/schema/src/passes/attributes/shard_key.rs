//! `@shardKey` and `@@shardKey`: the shard key of a model (PlanetScale-style sharding).

use super::super::Ctx;
use super::super::arguments::Args;
use super::field_refs::{Lookup, field_refs, lookup};
use super::report_unused;
use crate::ids::{FieldId, ModelId};
use schema_syntax::ast::{Attribute, Expression};

pub(super) fn field_shard_key(ctx: &mut Ctx<'_>, field: FieldId, attr: &Attribute) {
    let args = Args::new(attr);
    report_unused(ctx, &args);
    if !ctx.has_feature("shardKeys") {
        ctx.attribute_error(
            "shardKey",
            "Defining shard keys requires enabling the `shardKeys` preview feature",
            attr.span,
        );
        return;
    }
    let f = &ctx.schema.fields[field.index()];
    let model_ignored = ctx.schema.models[f.model.index()].is_ignored;
    if !f.arity.is_required() && !model_ignored {
        ctx.attribute_error(
            "shardKey",
            "Fields that are marked as shard keys must be required.",
            attr.span,
        );
    }
}

pub(super) fn block_shard_key(ctx: &mut Ctx<'_>, model: ModelId, attr: &Attribute) {
    let mut args = Args::new(attr);
    let fields_expr = args.default_arg("fields");
    report_unused(ctx, &args);
    if !ctx.has_feature("shardKeys") {
        ctx.attribute_error(
            "@shardKey",
            "Defining shard keys requires enabling the `shardKeys` preview feature",
            attr.span,
        );
        return;
    }
    let Some(fields_expr) = fields_expr else {
        ctx.error("Argument \"fields\" is missing.", attr.span);
        return;
    };
    let refs = field_refs(ctx, fields_expr, "constant");
    if matches!(fields_expr, Expression::Array(items, _) if items.is_empty()) {
        ctx.attribute_error(
            "@shardKey",
            "The list of fields in a `@@shardKey()` attribute cannot be empty. Please specify at least one field.",
            attr.span,
        );
        return;
    }
    if refs.is_empty() {
        return;
    }
    let mut unknown = Vec::new();
    let mut relation = None;
    let mut fields = Vec::new();
    for r in &refs {
        match lookup(ctx, model, r.name) {
            Lookup::Scalar(f) => fields.push(f),
            Lookup::Relation(n) => relation = relation.or(Some(n)),
            Lookup::Unknown(n) => unknown.push(format!("`{n}`")),
        }
    }
    if !unknown.is_empty() {
        ctx.model_error(
            model,
            format!(
                "The multi field shard key declaration refers to the unknown fields {}.",
                unknown.join(", ")
            ),
            fields_expr.span(),
        );
        return;
    }
    if let Some(n) = relation {
        ctx.model_error(
            model,
            format!(
                "The shard key definition refers to the relation field `{n}`. Shard key definitions must reference only scalar fields."
            ),
            attr.span,
        );
        return;
    }
    let field_level = ctx.model_asts[model.index()]
        .fields()
        .filter(|f| f.attributes.iter().any(|a| a.name.name == "shardKey"))
        .count();
    if field_level > 0 {
        ctx.model_error(
            model,
            "Each model must have at most one shard key. You can't have `@shardKey` and `@@shardKey` at the same time.",
            ctx.model_asts[model.index()].span,
        );
        return;
    }
    if !ctx.schema.models[model.index()].is_ignored {
        for f in fields {
            let field = &ctx.schema.fields[f.index()];
            if !field.arity.is_required() {
                let n = field.name.clone();
                ctx.model_error(
                    model,
                    format!(
                        "The shard key definition refers to the optional field `{n}`. Shard key definitions must reference only required fields."
                    ),
                    attr.span,
                );
                return;
            }
        }
    }
}
