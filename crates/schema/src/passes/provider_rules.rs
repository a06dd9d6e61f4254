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
                pk.fields.iter().any(|x| x.field == f) && provider == Some(Provider::Mysql)
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

fn indexes(ctx: &mut Ctx<'_>, model: ModelId) {
    // Without a datasource, Prisma checks against an empty connector: no capabilities.
    let provider = ctx.provider;
    let cap = |f: fn(Provider) -> bool| provider.is_some_and(f);
    let m = ctx.schema.models[model.index()].clone();
    if m.is_view {
        return;
    }
    let attr_name = |kind: IndexKind, on_field: bool| match (kind, on_field) {
        (IndexKind::Unique, true) => "unique",
        (IndexKind::Unique, false) => "@unique",
        (IndexKind::Normal, _) => "@index",
        (IndexKind::Fulltext, _) => "@fulltext",
    };
    if let Some(pk) = &m.primary_key {
        ctx.at((PHASE_MODELS, model.0, MODEL_OWN, 2, 0));
        let name = if pk.defined_on_field { "id" } else { "@id" };
        if pk.clustered.is_some() && !cap(SchemaCapabilities::supports_clustering) {
            ctx.attribute_error(
                name,
                "Defining clustering is not supported in the current connector.",
                pk.span,
            );
        }
        if pk.mapped_name.is_some() && !cap(SchemaCapabilities::supports_named_primary_keys) {
            ctx.model_error(
                model,
                "You defined a database name for the primary key on the model. This is not supported by the provider.",
                pk.span,
            );
        }
        if pk.fields.iter().any(|f| f.length.is_some())
            && !cap(SchemaCapabilities::supports_index_length_prefix)
        {
            ctx.attribute_error(
                name,
                "The length argument is not supported in the primary key with the current connector",
                pk.span,
            );
        }
        if pk.fields.iter().any(|f| f.sort.is_some())
            && !cap(SchemaCapabilities::supports_primary_key_sort_order)
        {
            ctx.attribute_error(
                name,
                "The sort argument is not supported in the primary key with the current connector",
                pk.span,
            );
        }
        mysql_text_key(ctx, provider, &pk.fields, pk.span, "primary key");
    }
    for (i, index) in m.indexes.iter().enumerate() {
        ctx.at((PHASE_MODELS, model.0, MODEL_INDEXES, i as u32, 0));
        let name = attr_name(index.kind, index.defined_on_field);
        if index.fields.is_empty() {
            ctx.attribute_error(
                name,
                "The list of fields in an index cannot be empty. Please specify at least one field.",
                index.span,
            );
            continue;
        }
        // The index's other checks come after its name's (check 1, with the names).
        ctx.at((PHASE_MODELS, model.0, MODEL_INDEXES, i as u32, 2));
        let bad_length = index.fields.iter().any(|f| {
            f.length.is_some()
                && !matches!(
                    &ctx.schema.fields[f.field.index()].kind,
                    FieldKind::Scalar(s) if matches!(
                        s.field_type,
                        ScalarFieldType::Builtin(ScalarType::String | ScalarType::Bytes)
                    )
                )
        });
        if bad_length && cap(SchemaCapabilities::supports_index_length_prefix) {
            ctx.attribute_error(
                name,
                "The length argument is only allowed with field types `String` or `Bytes`.",
                index.span,
            );
            continue;
        }
        if index.clustered.is_some() && !cap(SchemaCapabilities::supports_clustering) {
            ctx.attribute_error(
                name,
                "Defining clustering is not supported in the current connector.",
                index.span,
            );
        }
        if index.fields.iter().any(|f| f.length.is_some())
            && !cap(SchemaCapabilities::supports_index_length_prefix)
        {
            ctx.attribute_error(
                name,
                "The length argument is not supported in an index definition with the current connector",
                index.span,
            );
        }
        if index.kind == IndexKind::Fulltext && !cap(SchemaCapabilities::supports_fulltext_index) {
            ctx.attribute_error(
                name,
                "Defining fulltext indexes is not supported with the current connector.",
                index.span,
            );
        }
        if let Some(algorithm) = index.algorithm
            && algorithm != IndexAlgorithm::BTree
            && !cap(SchemaCapabilities::supports_index_algorithms)
        {
            let span = ctx.model_asts[model.index()]
                .attributes()
                .find(|a| a.span == index.span)
                .and_then(|a| {
                    a.arguments
                        .arguments
                        .iter()
                        .find(|x| x.name.as_ref().is_some_and(|n| n.name == "type"))
                })
                .map(|a| a.span)
                .unwrap_or(index.span);
            ctx.attribute_error(
                name,
                "The given index type is not supported with the current connector",
                span,
            );
            continue;
        }
        if index.fields.iter().any(|f| f.operator_class.is_some())
            && !cap(SchemaCapabilities::supports_index_algorithms)
        {
            ctx.attribute_error(
                name,
                "Operator classes are not supported with the current connector.",
                index.span,
            );
            continue;
        }
        let what = if index.kind == IndexKind::Unique {
            "unique"
        } else {
            "index"
        };
        if index.kind != IndexKind::Fulltext {
            mysql_text_key(ctx, provider, &index.fields, index.span, what);
        }
        if provider == Some(Provider::Postgres) {
            dialect::postgres::check_index(ctx, index);
        }
    }
}

/// MySQL cannot index `Text`/`Blob` columns without a prefix length.
fn mysql_text_key(
    ctx: &mut Ctx<'_>,
    provider: Option<Provider>,
    fields: &[crate::ir::IndexField],
    span: Span,
    what: &str,
) {
    if provider != Some(Provider::Mysql) {
        return;
    }
    for f in fields {
        if f.length.is_some() {
            continue;
        }
        let FieldKind::Scalar(s) = &ctx.schema.fields[f.field.index()].kind else {
            continue;
        };
        let Some(native) = &s.native_type else {
            continue;
        };
        if !dialect::mysql::needs_prefix_length(&native.name) {
            continue;
        }
        let name = native.name.clone();
        let message = match what {
            "unique" => format!(
                "Native type `{name}` cannot be unique in MySQL. Please use the `length` argument to the field in the index definition to allow this."
            ),
            "primary key" => format!(
                "Native type `{name}` of MySQL cannot be used on a field that is `@id` or `@@id`. Please use the `length` argument to the field in the index definition to allow this."
            ),
            _ => format!(
                "You cannot define an index on fields with native type `{name}` of MySQL. Please use the `length` argument to the field in the index definition to allow this."
            ),
        };
        ctx.error(message, span);
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

fn relations(ctx: &mut Ctx<'_>) {
    let provider = ctx.provider;
    let mode = ctx
        .schema
        .datasource
        .as_ref()
        .map(|d| d.relation_mode)
        .unwrap_or(RelationMode::ForeignKeys);
    for r in 0..ctx.schema.relations.len() {
        let relation = ctx.schema.relations[r].clone();
        if relation.kind == RelationKind::ImplicitManyToMany {
            for side in [Some(relation.field_a), relation.field_b]
                .into_iter()
                .flatten()
            {
                let FieldKind::Relation(rf) = &ctx.schema.fields[side.index()].kind else {
                    continue;
                };
                let embedded = [Some(relation.field_a), relation.field_b]
                    .into_iter()
                    .flatten()
                    .any(|x| matches!(&ctx.schema.fields[x.index()].kind, FieldKind::Relation(r) if !r.fields.is_empty()));
                if !embedded && (rf.on_delete.is_some() || rf.on_update.is_some()) {
                    let span = rf
                        .relation_attribute_span
                        .unwrap_or(ctx.schema.fields[side.index()].span);
                    let first = relation
                        .field_b
                        .map_or(relation.field_a, |b| b.min(relation.field_a));
                    ctx.at((PHASE_RELATIONS, first.0, 2, 0, 0));
                    ctx.validation_error(
                        "Referential actions on implicit many-to-many relations are not supported",
                        span,
                    );
                }
            }
        }
    }
    // Each relation field with a `@relation` (Prisma checks them with their model).
    for i in 0..ctx.schema.fields.len() {
        let field = FieldId(i as u32);
        let FieldKind::Relation(rf) = ctx.schema.fields[field.index()].kind.clone() else {
            continue;
        };
        if rf.relation.is_some_and(|r| {
            ctx.schema.relations[r.index()].kind == RelationKind::ImplicitManyToMany
        }) {
            continue;
        }
        let Some(attr) = attr_of(ctx, field, "relation") else {
            continue;
        };
        let field_span = ctx.field_line_span(ctx.schema.fields[field.index()].span);
        let model = ctx.schema.fields[field.index()].model;
        let field_check = (PHASE_MODELS, model.0, MODEL_RELATION_FIELDS, field.0, 2);

        // relationMode = "prisma": recommend an index on the foreign key columns.
        ctx.at((PHASE_RELATIONS, field.0, 13, 0, 0));
        if mode == RelationMode::Prisma
            && provider.is_some()
            && !rf.fields.is_empty()
            && !ctx.schema.models[ctx.schema.fields[field.index()].model.index()].is_view
        {
            let m = &ctx.schema.models[ctx.schema.fields[field.index()].model.index()];
            let covered = m
                .primary_key
                .iter()
                .map(|pk| &pk.fields)
                .chain(m.indexes.iter().map(|i| &i.fields))
                .any(|cols| {
                    cols.len() >= rf.fields.len()
                        && cols.iter().zip(&rf.fields).all(|(c, f)| c.field == *f)
                });
            if !covered {
                ctx.warning(
                    "With `relationMode = \"prisma\"`, no foreign keys are used, so relation fields will not benefit from the index usually created by the relational database under the hood. This can lead to poor performance when querying these fields. We recommend adding an index manually. Learn more at https://pris.ly/d/relation-mode-prisma-indexes\" ",
                    attr.span,
                );
            }
        }

        if rf.mapped_name.is_some() && provider.is_some_and(|p| !p.supports_named_foreign_keys()) {
            ctx.at((PHASE_MODELS, model.0, MODEL_RELATION_FIELDS, field.0, 3));
            ctx.attribute_error(
                "relation",
                "Your provider does not support named foreign keys.",
                attr.span,
            );
        }

        let any_required = rf
            .fields
            .iter()
            .any(|f| ctx.schema.fields[f.index()].arity.is_required());
        let allowed = provider.map(|p| p.allowed_referential_actions(mode));
        for (arg_name, action) in [("onDelete", rf.on_delete), ("onUpdate", rf.on_update)] {
            let Some(action) = action else { continue };
            ctx.at(field_check);
            let arg_span = attr
                .arguments
                .arguments
                .iter()
                .find(|a| a.name.as_ref().is_some_and(|n| n.name == arg_name))
                .map(|a| a.span)
                .unwrap_or(attr.span);
            if let Some(allowed) = allowed
                && !allowed.contains(&action)
            {
                let list: Vec<String> = allowed
                    .iter()
                    .map(|a| format!("`{}`", a.as_str()))
                    .collect();
                ctx.validation_error(
                    format!(
                        "Invalid referential action: `{}`. Allowed values: ({})",
                        action.as_str(),
                        list.join(", ")
                    ),
                    arg_span,
                );
                continue;
            }
            if action == ReferentialAction::SetNull && any_required {
                if provider == Some(Provider::Postgres) && mode == RelationMode::ForeignKeys {
                    ctx.warning(
                        format!("The `{arg_name}` referential action of a relation should not be set to `SetNull` when a referenced field is required. We recommend either to choose another referential action, or to make the referenced fields optional. Read more at https://pris.ly/d/postgres-set-null "),
                        field_span,
                    );
                } else {
                    ctx.attribute_error(
                        "relation",
                        format!("The `{arg_name}` referential action of a relation must not be set to `SetNull` when a referenced field is required.\nEither choose another referential action, or make the referenced fields optional.\n"),
                        field_span,
                    );
                }
            }
            if action == ReferentialAction::SetDefault
                && provider == Some(Provider::Mysql)
                && mode == RelationMode::ForeignKeys
            {
                ctx.warning(
                    "MySQL does not actually support the `SetDefault` referential action, so using it may result in unexpected errors. Read more at https://pris.ly/d/mysql-set-default ",
                    arg_span,
                );
            }
        }
    }
}

/// Two models (or views) with the same table name in the same schema.
fn database_names(ctx: &mut Ctx<'_>) {
    let mut seen: HashMap<(Option<String>, String), ModelId> = HashMap::new();
    for m in 0..ctx.schema.models.len() {
        let model = ctx.schema.models[m].clone();
        let model = &model;
        let key = (model.schema.clone(), model.database_name.clone());
        if let Some(&first) = seen.get(&key) {
            let first_name = ctx.schema.models[first.index()].name.clone();
            let span = block_attr(ctx, ModelId(m as u32), "map")
                .map(|a| a.span)
                .unwrap_or(model.name_span);
            let message = format!(
                "The model with database name \"{}\" could not be defined because another model or view with this name exists: \"{first_name}\"",
                model.database_name
            );
            ctx.error(message, span);
        } else {
            seen.insert(key, ModelId(m as u32));
        }
    }
}

/// Database names and string defaults holding NUL, on a provider that cannot take it: SQL
/// text ends at NUL on SQLite and PostgreSQL, PostgreSQL's text refuses it and MySQL's quoted
/// identifiers exclude it. Refused here, with the place, rather than failing (or being cut
/// short) in the database.
fn nul_characters(ctx: &mut Ctx<'_>) {
    let Some(provider) = ctx.provider else { return };
    let (names, strings) = (
        provider.allows_nul_in_names(),
        provider.allows_nul_in_strings(),
    );
    if names && strings {
        return;
    }
    let db = dialect::display_name(provider);
    let mut found: Vec<(String, Span)> = Vec::new();
    let mut name = |what: &str, value: &str, span: Span| {
        if !names && value.contains('\0') {
            found.push((
                format!(
                    "The database name of {what} contains a NUL character (`\\0`), which {db} does not allow in names. Remove it from the name (or its `map`)."
                ),
                span,
            ));
        }
    };
    for model in &ctx.schema.models {
        name(
            &format!("the model `{}`", model.name),
            &model.database_name,
            model.span,
        );
        if let Some(pk) = &model.primary_key {
            name(
                &format!("the primary key of `{}`", model.name),
                &pk.database_name,
                pk.span,
            );
        }
        for index in &model.indexes {
            name(
                &format!("an index of `{}`", model.name),
                &index.database_name,
                index.span,
            );
        }
    }
    for field in &ctx.schema.fields {
        if let FieldKind::Scalar(s) = &field.kind {
            name(
                &format!("the field `{}`", field.name),
                &s.database_name,
                field.span,
            );
        }
    }
    for relation in &ctx.schema.relations {
        if let Some(fk) = &relation.foreign_key
            && !fk.is_emulated
        {
            let span = ctx.schema.fields[relation.field_a.index()].span;
            name(
                &format!("the foreign key of the relation `{}`", relation.name),
                &fk.database_name,
                span,
            );
        }
    }
    for e in &ctx.schema.enums {
        name(&format!("the enum `{}`", e.name), &e.database_name, e.span);
        for v in &e.values {
            name(
                &format!("the enum value `{}`", v.name),
                &v.database_name,
                v.span,
            );
        }
    }
    if !strings {
        for field in &ctx.schema.fields {
            let FieldKind::Scalar(s) = &field.kind else {
                continue;
            };
            let Some(default) = &s.default else { continue };
            let holds_nul = match &default.kind {
                DefaultKind::Value(LiteralValue::String(v)) => v.contains('\0'),
                DefaultKind::List(items) => items
                    .iter()
                    .any(|v| matches!(v, LiteralValue::String(v) if v.contains('\0'))),
                DefaultKind::DbGenerated(Some(expr)) => expr.contains('\0'),
                _ => false,
            };
            if holds_nul {
                found.push((
                    format!(
                        "The default value of the field `{}` contains a NUL character (`\\0`), which {db} does not allow in text.",
                        field.name
                    ),
                    default.span,
                ));
            }
        }
    }
    for (message, span) in found {
        ctx.error(message, span);
    }
}

/// Constraint names must be unique in their namespace (PostgreSQL: primary keys and indexes
/// share one per schema; SQLite: indexes share one; MySQL: per table).
/// `only`: check this model's names only (per-table namespaces).
fn constraint_names(ctx: &mut Ctx<'_>) {
    let Some(provider) = ctx.provider else { return };
    /// The schema, and the table for per-table namespaces.
    type Scope = (Option<String>, Option<ModelId>);
    struct Entry {
        name: String,
        scope: Scope,
        span: Span,
        attribute: String,
        key: super::OrderKey,
    }
    let mut entries = Vec::new();
    for m in 0..ctx.schema.models.len() {
        let model = &ctx.schema.models[m];
        if model.is_view {
            continue;
        }
        let per_table = provider == Provider::Mysql;
        let scope = (
            model.schema.clone(),
            if per_table {
                Some(ModelId(m as u32))
            } else {
                None
            },
        );
        if let Some(pk) = &model.primary_key
            && provider == Provider::Postgres
        {
            entries.push(Entry {
                name: pk.database_name.clone(),
                scope: scope.clone(),
                span: pk.span,
                attribute: if pk.defined_on_field {
                    "id".into()
                } else {
                    "@id".into()
                },
                key: (PHASE_MODELS, m as u32, MODEL_OWN, 1, 0),
            });
        }
        for (i, index) in model.indexes.iter().enumerate() {
            let attribute = match (index.kind, index.defined_on_field) {
                (IndexKind::Unique, true) => "unique",
                (IndexKind::Unique, false) => "@unique",
                (IndexKind::Normal, _) => "@index",
                (IndexKind::Fulltext, _) => "@fulltext",
            };
            entries.push(Entry {
                name: index.database_name.clone(),
                scope: scope.clone(),
                span: index.span,
                attribute: attribute.into(),
                key: (PHASE_MODELS, m as u32, MODEL_INDEXES, i as u32, 1),
            });
        }
    }
    let mut counts: HashMap<(&str, &Scope), usize> = HashMap::new();
    for e in &entries {
        *counts.entry((e.name.as_str(), &e.scope)).or_default() += 1;
    }
    let mut errors = Vec::new();
    for e in &entries {
        let namespace = match (provider, e.scope.1) {
            (Provider::Mysql, Some(m)) => format!(
                "on model `{}` for indexes and unique constraints",
                ctx.schema.models[m.index()].name
            ),
            (Provider::Sqlite, _) => "global for indexes and unique constraints".to_string(),
            _ => "global for primary key, indexes and unique constraints".to_string(),
        };
        if counts[&(e.name.as_str(), &e.scope)] > 1 {
            errors.push((
                e.attribute.clone(),
                format!(
                    "The given constraint name `{}` has to be unique in the following namespace: {namespace}. Please provide a different name using the `map` argument.",
                    e.name
                ),
                e.span,
                e.key,
            ));
        }
    }
    for (attribute, message, span, key) in errors {
        ctx.at(key);
        ctx.attribute_error(&attribute, message, span);
    }
}
