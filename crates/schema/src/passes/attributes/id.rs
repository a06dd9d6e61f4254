//! `@id` and `@@id`: the model's primary key, on one field or on several.

use super::super::Ctx;
use super::super::arguments::Args;
use super::field_refs::{field_key_args, field_refs, index_fields};
use super::{bool_arg, report_unused, string_arg};
use crate::ids::{FieldId, ModelId};
use crate::ir::{FieldKind, PrimaryKey};
use schema_syntax::ast::Attribute;

pub(super) fn field_id(ctx: &mut Ctx<'_>, model: ModelId, field: FieldId, attr: &Attribute) {
    let a = field_key_args(ctx, field, attr, false);
    // An optional id field is reported with the model's id rules, at the end of the model.
    if let FieldKind::Scalar(s) = &mut ctx.schema.fields[field.index()].kind {
        s.is_id = true;
    }
    let m = &mut ctx.schema.models[model.index()];
    if m.primary_key.is_some() {
        // Reported once per model, with the model's other rules.
        return;
    }
    m.primary_key = Some(PrimaryKey {
        fields: vec![a.index_field],
        name: None,
        database_name: String::new(),
        mapped_name: a.map,
        clustered: a.clustered,
        defined_on_field: true,
        span: attr.span,
    });
}

pub(super) fn block_id(ctx: &mut Ctx<'_>, model: ModelId, attr: &Attribute) {
    let mut args = Args::new(attr);
    let fields_expr = args.default_arg("fields");
    let name = args.named("name").and_then(|e| string_arg(ctx, e));
    let map = args.named("map").and_then(|e| string_arg(ctx, e));
    let clustered = args.named("clustered").and_then(|e| bool_arg(ctx, e));
    report_unused(ctx, &args);
    let Some(fields_expr) = fields_expr else {
        ctx.error("Argument \"fields\" is missing.", attr.span);
        return;
    };
    let refs = field_refs(ctx, fields_expr, "constant literal");
    let Some(fields) = index_fields(ctx, model, &refs, "id", attr.span) else {
        return;
    };
    if fields.is_empty() {
        ctx.model_error(
            model,
            "The list of fields in an `@@id()` attribute cannot be empty. Please specify at least one field.",
            attr.span,
        );
        return;
    }
    for f in &fields {
        if !ctx.schema.fields[f.field.index()].arity.is_required() {
            let n = ctx.schema.fields[f.field.index()].name.clone();
            // Prisma says "model" here even for views.
            let m = ctx.schema.models[model.index()].name.clone();
            ctx.error(
                format!(
                    "Error validating model \"{m}\": The id definition refers to the optional field `{n}`. ID definitions must reference only required fields."
                ),
                attr.span,
            );
            return;
        }
    }
    if ctx.schema.models[model.index()].primary_key.is_some() {
        ctx.model_error(
            model,
            "Each model must have at most one id criteria. You can't have `@id` and `@@id` at the same time.",
            ctx.model_asts[model.index()].span,
        );
        return;
    }
    ctx.schema.models[model.index()].primary_key = Some(PrimaryKey {
        fields,
        name,
        database_name: String::new(),
        mapped_name: map,
        clustered,
        defined_on_field: false,
        span: attr.span,
    });
}
