//! Rules that depend on the provider or look at the schema as a whole: unique criteria,
//! views, scalar lists, native types, index capabilities, autoincrement, referential actions,
//! relation mode, multi-schema, database name and constraint name clashes.

use std::collections::HashMap;

use diagnostics::Span;
use schema_syntax::ast::{Attribute, Expression};

use super::{
    Ctx, MODEL_AUTOINCREMENT, MODEL_INDEXES, MODEL_OWN, MODEL_RELATION_FIELDS, MODEL_SCALAR_FIELDS,
    PHASE_COMPOSITE_TYPES, PHASE_DATABASE_NAMES, PHASE_ENUMS, PHASE_MODELS, PHASE_RELATIONS,
    PHASE_SCHEMAS,
};
use crate::dialect;
use crate::ids::{FieldId, ModelId};
use crate::ir::{
    DefaultKind, FieldKind, IndexAlgorithm, IndexKind, LiteralValue, ReferentialAction,
    RelationKind, RelationMode, ScalarFieldType, ScalarType,
};
use crate::provider::{Provider, SchemaCapabilities};

mod indexes;
mod names;
mod relations;

use indexes::indexes;
use names::{constraint_names, database_names, nul_characters};
use relations::relations;

/// Runs every rule, each at its position in Prisma's order of checks (see `OrderKey`).
pub(crate) fn run(ctx: &mut Ctx<'_>) {
    ctx.at((PHASE_COMPOSITE_TYPES, 0, 0, 0, 0));
    composite_types(ctx);
    ctx.at((PHASE_DATABASE_NAMES, 0, 0, 0, 0));
    database_names(ctx);
    nul_characters(ctx);
    for m in 0..ctx.schema.models.len() {
        let model = ModelId(m as u32);
        ctx.at((PHASE_MODELS, model.0, MODEL_OWN, 0, 0));
        views(ctx, model);
        unique_criteria(ctx, model);
        ctx.at((PHASE_MODELS, model.0, MODEL_AUTOINCREMENT, 0, 0));
        autoincrement(ctx, model);
        let fields = ctx.schema.models[m].fields.clone();
        for f in fields {
            ctx.at((PHASE_MODELS, model.0, MODEL_SCALAR_FIELDS, f.0, 0));
            scalar_field(ctx, f);
        }
        indexes(ctx, model);
    }
    constraint_names(ctx);
    super::attributes::partial_index::check_support(ctx);
    enums(ctx);
    for m in 0..ctx.schema.models.len() {
        ctx.at((PHASE_SCHEMAS, 0, m as u32, 0, 0));
        schema_attribute(ctx, ModelId(m as u32));
    }
    relations(ctx);
}

fn attr_of<'a>(ctx: &Ctx<'a>, field: FieldId, name: &str) -> Option<&'a Attribute> {
    ctx.field_asts[field.index()]
        .attributes
        .iter()
        .find(|a| a.name.name == name)
}

/// The span of an attribute's first argument's value (the attribute's when it has none).
fn first_arg_span(attr: &Attribute) -> Span {
    attr.arguments
        .arguments
        .first()
        .map(|a| a.value.span())
        .unwrap_or(attr.span)
}

fn block_attr<'a>(ctx: &Ctx<'a>, model: ModelId, name: &str) -> Option<&'a Attribute> {
    ctx.model_asts[model.index()]
        .attributes()
        .find(|a| a.name.name == name)
}

fn composite_types(ctx: &mut Ctx<'_>) {
    let Some(provider) = ctx.provider else { return };
    if provider.supports_composite_types() {
        return;
    }
    for c in 0..ctx.schema.composite_types.len() {
        let span = ctx.composite_asts[c].span;
        ctx.validation_error(
            format!(
                "Composite types are not supported on {}.",
                dialect::display_name(provider)
            ),
            span,
        );
    }
}

fn views(ctx: &mut Ctx<'_>, model: ModelId) {
    if !ctx.schema.models[model.index()].is_view {
        return;
    }
    if !ctx.has_feature("views") {
        let span = ctx.model_asts[model.index()].span;
        ctx.validation_error(
            "View definitions are only available with the `views` preview feature.",
            span,
        );
        return;
    }
    let ast = ctx.model_asts[model.index()];
    for field in ast.fields() {
        for attr in &field.attributes {
            match attr.name.name.as_str() {
                "id" => ctx.validation_error("Views cannot have primary keys.", attr.span),
                "unique" if attr.arguments.arguments.iter().any(|a| a.name.as_ref().is_some_and(|n| n.name == "map")) => {
                    ctx.validation_error(
                        "@@unique annotations on views are not backed by unique indexes in the database and cannot specify a mapped database name.",
                        attr.span,
                    )
                }
                _ => {}
            }
        }
    }
    let mut unique_args = Vec::new();
    for attr in ast.attributes() {
        match attr.name.name.as_str() {
            "id" => ctx.validation_error("Views cannot have primary keys.", attr.span),
            "index" | "fulltext" => ctx.validation_error("Views cannot have indexes.", attr.span),
            "unique" => {
                if attr
                    .arguments
                    .arguments
                    .iter()
                    .any(|a| a.name.as_ref().is_some_and(|n| n.name == "map"))
                {
                    ctx.validation_error(
                        "@@unique annotations on views are not backed by unique indexes in the database and cannot specify a mapped database name.",
                        attr.span,
                    );
                }
                let has_field_args = attr.arguments.arguments.iter().any(|a| {
                    a.name.is_none()
                        && matches!(&a.value, Expression::Array(items, _) if items.iter().any(|i| matches!(i, Expression::Function(..))))
                });
                if has_field_args {
                    unique_args.push(attr.span);
                }
            }
            _ => {}
        }
    }
    for span in unique_args {
        ctx.attribute_error(
            "@unique",
            "Scalar fields in @@unique attributes in views cannot have arguments.",
            span,
        );
    }
}

fn unique_criteria(ctx: &mut Ctx<'_>, model: ModelId) {
    let m = &ctx.schema.models[model.index()];
    if m.is_view || m.is_ignored || m.primary_key.is_some() {
        return;
    }
    let usable = |f: FieldId| {
        let field = &ctx.schema.fields[f.index()];
        !field.arity.is_optional()
            && !matches!(&field.kind, FieldKind::Scalar(s) if matches!(s.field_type, ScalarFieldType::Unsupported(_)))
    };
    let ok = m
        .indexes
        .iter()
        .filter(|i| i.kind == IndexKind::Unique && !i.fields.is_empty())
        .any(|i| i.fields.iter().all(|f| usable(f.field)));
    if !ok {
        let span = m.span;
        let mut message = "Each model must have at least one unique criteria that has only required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion with `@@id([])` or `@@unique([])` to the model.".to_string();
        let skipped: Vec<String> = m
            .indexes
            .iter()
            .filter(|i| i.kind == IndexKind::Unique)
            .map(|i| {
                i.fields
                    .iter()
                    .map(|f| ctx.schema.fields[f.field.index()].name.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect();
        if !skipped.is_empty() {
            message.push_str(" The following unique criterias were not considered as they contain fields that are not required:");
            for s in skipped {
                message.push_str("\n- ");
                message.push_str(&s);
            }
        }
        ctx.model_error(model, message, span);
    }
}

fn schema_attribute(ctx: &mut Ctx<'_>, model: ModelId) {
    let Some(ds) = &ctx.schema.datasource else {
        if let Some(attr) = block_attr(ctx, model, "schema") {
            // Checked with the model itself.
            ctx.at((PHASE_MODELS, model.0, MODEL_OWN, 0, 1));
            ctx.error(
                "@@schema is not supported on the current datasource provider",
                attr.span,
            );
        }
        return;
    };
    if !ds.provider.supports_multi_schema() {
        if let Some(attr) = block_attr(ctx, model, "schema") {
            ctx.at((PHASE_MODELS, model.0, MODEL_OWN, 0, 1));
            ctx.error(
                "@@schema is not supported on the current datasource provider",
                attr.span,
            );
        }
        return;
    }
    let schemas = ds.schemas.clone();
    let m = &ctx.schema.models[model.index()];
    match (&m.schema, block_attr(ctx, model, "schema")) {
        (Some(s), Some(attr)) if !schemas.contains(s) => {
            ctx.error("This schema is not defined in the datasource. Read more on `@@schema` at https://pris.ly/d/multi-schema", first_arg_span(attr));
        }
        (None, _) if !schemas.is_empty() => {
            let kind = if m.is_view { "view" } else { "model" };
            let span = m.span;
            ctx.model_error(
                model,
                format!("This {kind} is missing an `@@schema` attribute."),
                span,
            );
        }
        _ => {}
    }
}

fn scalar_field(ctx: &mut Ctx<'_>, field: FieldId) {
    let datasource = ctx.datasource_name.clone();
    for attr in &ctx.field_asts[field.index()].attributes {
        if let Some((prefix, _)) = attr.name.name.split_once('.')
            && (Some(prefix) != datasource.as_deref()
                || !matches!(
                    &ctx.schema.fields[field.index()].kind,
                    FieldKind::Scalar(s) if matches!(s.field_type, ScalarFieldType::Builtin(_))
                ))
        {
            let (prefix, rest) = attr.name.name.split_once('.').unwrap_or_default();
            let builtin = matches!(
                &ctx.schema.fields[field.index()].kind,
                FieldKind::Scalar(s) if matches!(s.field_type, ScalarFieldType::Builtin(_))
            );
            if !builtin {
                // Reported with the attributes.
                continue;
            }
            let message = match &datasource {
                None => format!("Native type {rest} is not supported for Default connector."),
                Some(ds) if prefix != ds => format!(
                    "The prefix {prefix} is invalid. It must be equal to the name of an existing datasource e.g. {ds}. Did you mean to use {ds}.{rest}?"
                ),
                _ => format!("Attribute not known: \"@{}\".", attr.name.name),
            };
            ctx.error(message, attr.name.span);
        }
    }
    // Most fields need none of the checks below: skip them without copying anything.
    let needs_checks = match &ctx.schema.fields[field.index()].kind {
        FieldKind::Scalar(s) => {
            let arity = ctx.schema.fields[field.index()].arity;
            arity.is_list()
                || s.native_type.is_some()
                || s.default.as_ref().is_some_and(|d| {
                    matches!(d.kind, DefaultKind::Autoincrement | DefaultKind::List(_))
                })
        }
        FieldKind::Relation(_) => false,
    };
    if !needs_checks {
        return;
    }
    let f = ctx.schema.fields[field.index()].clone();
    let FieldKind::Scalar(s) = &f.kind else {
        return;
    };
    let (model_is_view, model_name) = {
        let m = &ctx.schema.models[f.model.index()];
        (m.is_view, m.name.clone())
    };
    if f.arity.is_list()
        && s.field_type == ScalarFieldType::Builtin(ScalarType::Json)
        && !ctx.provider.is_some_and(|p| p.supports_json_lists())
    {
        let kind = if model_is_view { "view" } else { "model" };
        let message = format!(
            "Field `{}` in {kind} `{}` can't be of type Json[]. The current connector does not support the Json List type.",
            f.name, model_name
        );
        let span = ctx.field_line_span(f.span);
        ctx.field_error(field, message, span);
    }
    // Without a datasource, Prisma validates against an empty connector: no lists.
    if f.arity.is_list()
        && !ctx.provider.is_some_and(|p| p.supports_scalar_lists())
        && !matches!(s.field_type, ScalarFieldType::CompositeType(_))
    {
        let kind = if model_is_view { "view" } else { "model" };
        let message = format!(
            "Field \"{}\" in {kind} \"{}\" can't be a list. The current connector does not support lists of primitive types.",
            f.name, model_name
        );
        let span = ctx.field_line_span(f.span);
        ctx.error(message, span);
    }
    let Some(provider) = ctx.provider else { return };
    if let Some(native) = &s.native_type {
        dialect::check_native_type(ctx, provider, &s.field_type, native);
    }
    if let Some(default) = &s.default {
        let unsupported = match default.kind {
            DefaultKind::Autoincrement if f.arity.is_list() => Some("autoincrement()"),
            _ => None,
        };
        if let Some(func) = unsupported {
            ctx.attribute_error(
                "default",
                format!("The function `{func}` cannot be used on list fields."),
                default.span,
            );
        }
        if let (DefaultKind::List(_), false) = (&default.kind, f.arity.is_list()) {
            ctx.attribute_error("default", "Lists are not allowed here.", default.span);
        }
    }
}

fn autoincrement(ctx: &mut Ctx<'_>, model: ModelId) {
    let provider = ctx.provider;
    let m = &ctx.schema.models[model.index()];
    let autos: Vec<(FieldId, Span)> = m
        .fields
        .iter()
        .filter_map(|&f| match &ctx.schema.fields[f.index()].kind {
            FieldKind::Scalar(s) => match &s.default {
                Some(d) if d.kind == DefaultKind::Autoincrement => Some((f, d.span)),
                _ => None,
            },
            FieldKind::Relation(_) => None,
        })
        .collect();
    if autos.is_empty() {
        return;
    }
    let span = m.span;
    if autos.len() > 1 && !provider.is_some_and(|p| p.supports_multiple_autoincrement()) {
        ctx.model_error(
            model,
            "The `autoincrement()` default value is used multiple times on this model even though the underlying datasource only supports one instance per table.",
            span,
        );
        return;
    }
    let m = ctx.schema.models[model.index()].clone();
    for (f, _) in autos {
        let is_id = m
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.fields.len() == 1 && pk.fields[0].field == f)
            || m.primary_key.as_ref().is_some_and(|pk| {
                pk.fields.iter().any(|x| x.field == f)
                    && provider.is_some_and(|p| p.supports_autoincrement_in_compound_id())
            });
        if !is_id && !provider.is_some_and(|p| p.supports_autoincrement_on_non_id()) {
            let span = ctx.field_line_span(ctx.schema.fields[f.index()].span);
            ctx.attribute_error(
                "default",
                "The `autoincrement()` default value is used on a non-id field even though the datasource does not support this.",
                span,
            );
        }
        let indexed = is_id
            || m.indexes
                .iter()
                .any(|i| i.fields.first().is_some_and(|x| x.field == f))
            || m.primary_key
                .as_ref()
                .is_some_and(|pk| pk.fields.first().is_some_and(|x| x.field == f));
        if !indexed && provider.is_none_or(|p| p.autoincrement_requires_index()) {
            let span = ctx.field_line_span(ctx.schema.fields[f.index()].span);
            ctx.attribute_error(
                "default",
                "The `autoincrement()` default value is used on a non-indexed field even though the datasource does not support this.",
                span,
            );
        }
    }
}

fn enums(ctx: &mut Ctx<'_>) {
    let multi_schema = ctx
        .schema
        .datasource
        .as_ref()
        .is_some_and(|d| d.provider.supports_multi_schema());
    if !multi_schema {
        for e in 0..ctx.enum_asts.len() {
            ctx.at((PHASE_SCHEMAS, 1, e as u32, 0, 0));
            if let Some(attr) = ctx.enum_asts[e]
                .attributes()
                .find(|a| a.name.name == "schema")
            {
                ctx.error(
                    "@@schema is not supported on the current datasource provider",
                    attr.span,
                );
            }
        }
    }
    let Some(ds) = &ctx.schema.datasource else {
        return;
    };
    let provider = ds.provider;
    let schemas = ds.schemas.clone();
    for e in 0..ctx.schema.enums.len() {
        ctx.at((PHASE_ENUMS, e as u32, 0, 0, 0));
        let en = &ctx.schema.enums[e];
        let ast = ctx.enum_asts[e];
        if !provider.supports_enums() {
            ctx.error(
                format!(
                    "You defined the enum `{}`. But the current connector does not support enums.",
                    en.name
                ),
                en.span,
            );
            continue;
        }
        if provider.supports_multi_schema() {
            let en_schema = en.schema.clone();
            let en_span = en.span;
            ctx.at((PHASE_SCHEMAS, 1, e as u32, 0, 0));
            match (&en_schema, ast.attributes().find(|a| a.name.name == "schema")) {
                (Some(s), Some(attr)) if !schemas.contains(s) => ctx.error(
                    "This schema is not defined in the datasource. Read more on `@@schema` at https://pris.ly/d/multi-schema",
                    first_arg_span(attr),
                ),
                (None, _) if !schemas.is_empty() => {
                    ctx.error("This enum is missing an `@@schema` attribute.", en_span);
                }
                _ => {}
            }
        }
    }
    // Enums with the same database name in the same schema.
    let mut seen: HashMap<(Option<String>, String), usize> = HashMap::new();
    for e in 0..ctx.schema.enums.len() {
        let en = &ctx.schema.enums[e];
        let key = (en.schema.clone(), en.database_name.clone());
        if seen.insert(key, e).is_some() {
            let span = en.span;
            ctx.at((PHASE_ENUMS, e as u32, 1, 0, 0));
            ctx.error(
                "An enum with the same database name is already defined.",
                span,
            );
        }
    }
}
