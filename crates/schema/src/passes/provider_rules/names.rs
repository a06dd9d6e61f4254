//! Name rules over the whole schema: table name clashes, NUL in names and string defaults,
//! and constraint names unique in their namespace.

use super::*;

/// Two models (or views) with the same table name in the same schema.
pub(super) fn database_names(ctx: &mut Ctx<'_>) {
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
pub(super) fn nul_characters(ctx: &mut Ctx<'_>) {
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
pub(super) fn constraint_names(ctx: &mut Ctx<'_>) {
    let Some(provider) = ctx.provider else { return };
    /// The schema, and the table for per-table namespaces.
    type Scope = (Option<String>, Option<ModelId>);
    struct Entry {
        name: String,
        scope: Scope,
        span: Span,
        attribute: String,
        key: crate::passes::OrderKey,
    }
    let mut entries = Vec::new();
    for m in 0..ctx.schema.models.len() {
        let model = &ctx.schema.models[m];
        if model.is_view {
            continue;
        }
        let per_table = provider.constraint_names_per_table();
        let scope = (
            model.schema.clone(),
            if per_table {
                Some(ModelId(m as u32))
            } else {
                None
            },
        );
        if let Some(pk) = &model.primary_key
            && provider.primary_key_names_share_index_namespace()
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
        let namespace = match e.scope.1 {
            Some(m) => format!(
                "on model `{}` for indexes and unique constraints",
                ctx.schema.models[m.index()].name
            ),
            None if provider.primary_key_names_share_index_namespace() => {
                "global for primary key, indexes and unique constraints".to_string()
            }
            None => "global for indexes and unique constraints".to_string(),
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
