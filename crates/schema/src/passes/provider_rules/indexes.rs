//! Index and key rules: what the provider allows on `@id`, `@@id`, `@unique`, `@@unique`,
//! `@@index` and `@@fulltext` (clustering, names, lengths, sort orders, algorithms, MySQL's
//! prefix lengths on text columns).

use super::*;

pub(super) fn indexes(ctx: &mut Ctx<'_>, model: ModelId) {
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
        if let Some(provider) = provider {
            dialect::check_index(ctx, provider, index);
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
    if !provider.is_some_and(|p| p.text_keys_need_length()) {
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
