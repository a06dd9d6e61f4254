//! Building the generator's input from the validated schema IR.

use schema::{DefaultKind, FieldKind, ScalarFieldType, ValidatedSchema};

use crate::input::{self, ClientDefault, Schema};

/// What the IR has that the client cannot express yet; the generator skips it and says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// `Model.field`.
    pub item: String,
    /// Why.
    pub reason: &'static str,
}

fn scalar(ty: &ScalarFieldType, ir: &ValidatedSchema) -> Option<input::ScalarType> {
    use schema::ScalarType as S;
    Some(match ty {
        ScalarFieldType::Builtin(b) => match b {
            S::Int => input::ScalarType::Int,
            S::BigInt => input::ScalarType::BigInt,
            S::Float => input::ScalarType::Float,
            S::Decimal => input::ScalarType::Decimal,
            S::String => input::ScalarType::String,
            S::Boolean => input::ScalarType::Boolean,
            S::DateTime => input::ScalarType::DateTime,
            S::Json => input::ScalarType::Json,
            S::Bytes => input::ScalarType::Bytes,
        },
        ScalarFieldType::Enum(id) => input::ScalarType::Enum(ir.enum_(*id).name.clone()),
        ScalarFieldType::CompositeType(_) | ScalarFieldType::Unsupported(_) => return None,
    })
}

fn client_default(field: &schema::ScalarField) -> ClientDefault {
    if field.is_updated_at {
        return ClientDefault::UpdatedAt;
    }
    match field.default.as_ref().map(|d| &d.kind) {
        None => ClientDefault::None,
        Some(DefaultKind::Now) => ClientDefault::Now,
        Some(DefaultKind::Uuid(7)) => ClientDefault::UuidV7,
        Some(DefaultKind::Uuid(_)) => ClientDefault::Uuid,
        Some(DefaultKind::Cuid(2)) => ClientDefault::Cuid2,
        Some(DefaultKind::Cuid(_)) => ClientDefault::Cuid,
        Some(DefaultKind::Ulid) => ClientDefault::Ulid,
        Some(DefaultKind::Nanoid(n)) => ClientDefault::Nanoid(n.map_or(21, usize::from)),
        Some(_) => ClientDefault::Database,
    }
}

/// `Model.field` entries of a generator block's `omit` option (Prisma's global omit, which
/// Prisma Client takes in its constructor: a Rust client's types are fixed when generated).
fn global_omits(ir: &ValidatedSchema) -> Vec<String> {
    let mut out = Vec::new();
    for generator in &ir.generators {
        for (key, value) in &generator.config {
            if key != "omit" {
                continue;
            }
            let items = match value {
                schema::ConfigValue::Array(items) => items.as_slice(),
                one => std::slice::from_ref(one),
            };
            for item in items {
                if let schema::ConfigValue::String(s) = item
                    && let Some(text) = s.as_literal()
                {
                    out.push(text.to_owned());
                }
            }
        }
    }
    out
}

/// Whether the schema's Refract generator asks for the compact client (`compact = true`;
/// decision 0038). Another value is an error naming the place and the values it may take.
pub fn compact_requested(ir: &ValidatedSchema) -> Result<bool, String> {
    let mut compact = false;
    for generator in &ir.generators {
        if generator.provider.as_literal() != Some("refract") {
            continue;
        }
        for (key, value) in &generator.config {
            if key != "compact" {
                continue;
            }
            compact = match value {
                schema::ConfigValue::Constant(c) if c == "true" => true,
                schema::ConfigValue::Constant(c) if c == "false" => false,
                schema::ConfigValue::String(s) if s.as_literal() == Some("true") => true,
                schema::ConfigValue::String(s) if s.as_literal() == Some("false") => false,
                _ => {
                    return Err(format!(
                        "generator `{}`: `compact` must be `true` or `false`",
                        generator.name
                    ));
                }
            };
        }
    }
    Ok(compact)
}

/// Whether the schema allows full-text search (Prisma's `search`, `_relevance`): always on
/// MySQL (over its `@@fulltext` indexes), on PostgreSQL with the `fullTextSearchPostgres`
/// preview feature, never on SQLite.
fn full_text_search(ir: &ValidatedSchema) -> bool {
    use schema::SchemaCapabilities as _;
    let Some(datasource) = &ir.datasource else {
        return false;
    };
    // MySQL's full-text search is over `@@fulltext` indexes, and always on; PostgreSQL's
    // needs no index and is behind the preview feature, which validation accepts on
    // PostgreSQL only.
    datasource.provider.supports_fulltext_index()
        || ir.generators.iter().any(|g| {
            g.preview_features
                .iter()
                .any(|f| f == "fullTextSearchPostgres")
        })
}

/// Whether a generator enables the `relationJoins` preview feature (the `join` relation load
/// strategy by default, as in Prisma 7).
fn relation_joins(ir: &ValidatedSchema) -> bool {
    ir.generators
        .iter()
        .any(|g| g.preview_features.iter().any(|f| f == "relationJoins"))
}

/// The generator's input for a validated schema, and what had to be left out.
pub fn from_validated(ir: &ValidatedSchema) -> (Schema, Vec<Skipped>) {
    let mut skipped = Vec::new();
    let omits = global_omits(ir);
    let full_text_search = full_text_search(ir);
    let relation_joins = relation_joins(ir);
    let mut omits_found = vec![false; omits.len()];
    let column_of = |id: schema::FieldId| match &ir.field(id).kind {
        FieldKind::Scalar(s) => s.database_name.clone(),
        FieldKind::Relation(_) => ir.field(id).name.clone(),
    };
    let mut models = Vec::new();
    for m in ir.models().filter(|m| !m.is_ignored) {
        let mut fields = Vec::new();
        let mut no_create = false;
        for f in m.scalar_fields() {
            let item = format!("{}.{}", m.name, f.name);
            if f.is_ignored {
                continue;
            }
            let s = f.scalar();
            if matches!(s.field_type, ScalarFieldType::Unsupported(_)) {
                // Left out of the client, as Prisma leaves it out; a required one without a
                // default leaves the model without `create`.
                no_create |= f.arity.is_required() && s.default.is_none();
                continue;
            }
            let Some(ty) = scalar(&s.field_type, ir) else {
                skipped.push(Skipped {
                    item,
                    reason: "composite types have no client type",
                });
                continue;
            };
            let single_pk = m
                .primary_key()
                .is_some_and(|pk| pk.fields.len() == 1 && pk.fields[0].field == f.id());
            fields.push(input::Field {
                name: f.name.clone(),
                column: (s.database_name != f.name).then(|| s.database_name.clone()),
                ty,
                optional: f.arity.is_optional(),
                list: f.arity.is_list(),
                unique: s.is_unique || single_pk,
                default: client_default(s),
                docs: f.documentation.clone(),
                omitted: omits.iter().enumerate().any(|(i, o)| {
                    let hit = *o == item;
                    if hit {
                        omits_found[i] = true;
                    }
                    hit
                }),
                date_part: match s.native_type.as_ref().map(|n| n.name.as_str()) {
                    Some("Date") => input::DatePart::Date,
                    Some("Time" | "Timetz") => input::DatePart::Time,
                    _ => input::DatePart::Whole,
                },
            });
        }
        let name_of = |id: schema::FieldId| ir.field(id).name.clone();
        let primary_key: Vec<String> = m
            .primary_key()
            .map(|pk| pk.fields.iter().map(|f| name_of(f.field)).collect())
            .unwrap_or_default();
        let mut compound_uniques = Vec::new();
        if primary_key.len() > 1 {
            compound_uniques.push(primary_key.clone());
        }
        for index in m.unique_indexes().filter(|i| i.fields.len() > 1) {
            compound_uniques.push(index.fields.iter().map(|f| name_of(f.field)).collect());
        }

        let mut relations = Vec::new();
        for r in m.relation_fields() {
            if r.is_ignored {
                continue;
            }
            let Some(rel) = r.relation() else { continue };
            if rel.is_ignored {
                continue;
            }
            let target = r.related_model();
            let pk_column = |model: schema::ModelWalker<'_>| {
                model
                    .primary_key()
                    .and_then(|pk| pk.fields.first())
                    .map(|f| column_of(f.field))
            };
            let (from_columns, to_columns, join) = if let Some(fk) = &rel.foreign_key {
                let referencing: Vec<String> = fk
                    .referencing_fields
                    .iter()
                    .map(|f| column_of(*f))
                    .collect();
                let referenced: Vec<String> =
                    fk.referenced_fields.iter().map(|f| column_of(*f)).collect();
                if rel.field_a == r.id() {
                    (referencing, referenced, None)
                } else {
                    (referenced, referencing, None)
                }
            } else if let Some(jt) = &rel.join_table {
                let (Some(this), Some(other)) = (pk_column(m), pk_column(target)) else {
                    continue;
                };
                let this_is_a = rel.field_a == r.id();
                let (this_column, other_column) = if this_is_a { ("A", "B") } else { ("B", "A") };
                // Prisma Migrate creates the join table in the first model's schema.
                let join_schema = ir.model(jt.model_a).get().schema.clone();
                (
                    vec![this],
                    vec![other],
                    Some(input::JoinTable {
                        table: jt.table_name.clone(),
                        schema: join_schema,
                        this_column: this_column.to_owned(),
                        other_column: other_column.to_owned(),
                    }),
                )
            } else {
                continue;
            };
            let back = if rel.field_a == r.id() {
                rel.field_b
            } else {
                Some(rel.field_a)
            };
            let back_arity = back.map(|b| ir.field(b).arity);
            relations.push(input::Relation {
                name: r.name.clone(),
                target: target.name.clone(),
                list: r.arity.is_list(),
                optional: r.arity.is_optional(),
                from_columns,
                to_columns,
                join,
                holds_foreign_key: rel.foreign_key.is_some() && rel.field_a == r.id(),
                relation_name: rel.name.clone(),
                back_required: back_arity.is_some_and(|a| a.is_required()),
                back_list: back_arity.is_some_and(|a| a.is_list()),
                docs: r.documentation.clone(),
                read_only: m.is_view || target.is_view,
                emulated: crate::relation_mode::emulated(rel.get(), r.id()),
            });
        }
        let keys = crate::keys::of_model(m, &fields);
        models.push(input::Model {
            name: m.name.clone(),
            table: (m.database_name != m.name).then(|| m.database_name.clone()),
            docs: m.documentation.clone(),
            fields,
            relations,
            primary_key,
            compound_uniques,
            schema: m.get().schema.clone(),
            is_view: m.is_view,
            no_create,
            full_text_search,
            relation_joins,
            keys,
        });
    }
    let enums = ir
        .enums()
        .map(|e| input::Enum {
            name: e.name.clone(),
            docs: e.documentation.clone(),
            values: e
                .values
                .iter()
                .map(|v| input::EnumValue {
                    name: v.name.clone(),
                    db_name: (v.database_name != v.name).then(|| v.database_name.clone()),
                })
                .collect(),
        })
        .collect();
    for (omit, found) in omits.into_iter().zip(omits_found) {
        if !found {
            skipped.push(Skipped {
                item: omit,
                reason: "the generator's `omit` names no scalar field of a model (`Model.field`)",
            });
        }
    }
    (Schema { models, enums }, skipped)
}
