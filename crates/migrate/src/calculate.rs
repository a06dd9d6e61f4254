//! Calculate: the validated IR → the [`SqlSchema`] Prisma would create for it.
//!
//! Tables come in model order with their scalar fields as columns, then the primary key and
//! indexes (field-level `@unique` first, then `@@index`, `@@unique`, `@@fulltext`, as
//! Prisma's parser database orders them). Foreign keys follow the referencing fields in
//! model order; implicit many-to-many join tables come after every model table, each with
//! columns `A`/`B`, the (A, B) primary key or unique index, the `B` index and two cascading
//! foreign keys. Every name is the IR's (which already applied `@map` and Prisma's defaults);
//! types and defaults come from the [`Dialect`].

use crate::dialect::Dialect;
use schema::SchemaCapabilities;
use schema::{
    DefaultKind, FieldArity, IndexKind, LiteralValue, ModelId, RelationMode, ScalarFieldType,
    ScalarFieldWalker, ScalarType, ValidatedSchema,
};
use sql_schema::{
    Column, ColumnArity, ColumnTypeFamily, DefaultValue, Enum, EnumId, ForeignKey,
    ForeignKeyAction, Index, IndexAlgorithm, IndexColumn, NamespaceId, PrimaryKey, SortOrder,
    SqlSchema, Table, TableId, Value,
};
use std::collections::HashMap;

/// The `WHERE` of a partial index: `raw("…")` as written, the object form as its conditions
/// joined with `AND` (on the fields' column names).
fn predicate_sql(
    schema: &ValidatedSchema,
    predicate: &schema::IndexPredicate,
    dialect: &dyn Dialect,
) -> String {
    match predicate {
        schema::IndexPredicate::Raw(sql) => sql.clone(),
        schema::IndexPredicate::Object(conditions) => conditions
            .iter()
            .map(|c| {
                let field = schema.field(c.field);
                let column = match field.as_scalar() {
                    Some(s) => s.database_name(),
                    None => field.get().name.as_str(),
                };
                dialect.where_condition(column, &c.op)
            })
            .collect::<Vec<_>>()
            .join(" AND "),
    }
}

/// The SQL schema of `schema` in `dialect`.
pub fn calculate(schema: &ValidatedSchema, dialect: &dyn Dialect) -> SqlSchema {
    let mut out = SqlSchema::new();
    out.partial_indexes = schema.preview_features().any(|f| f == "partialIndexes");
    let mut namespaces: HashMap<&str, NamespaceId> = HashMap::new();
    if dialect.has_namespaces()
        && let Some(ds) = &schema.datasource
    {
        let mut names: Vec<&str> = ds.schemas.iter().map(String::as_str).collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            namespaces.insert(name, out.push_namespace(name));
        }
    }
    let namespace_of =
        |name: Option<&String>| name.and_then(|n| namespaces.get(n.as_str()).copied());
    push_extensions(schema, &mut out);

    let mut enums: HashMap<schema::EnumId, EnumId> = HashMap::new();
    if dialect.has_enum_types() {
        for e in schema.enums() {
            let id = out.push_enum(Enum {
                namespace: namespace_of(e.get().schema.as_ref()),
                name: e.database_name.clone(),
                values: e.values.iter().map(|v| v.database_name.clone()).collect(),
            });
            enums.insert(e.id, id);
        }
    }

    let mut tables: HashMap<ModelId, TableId> = HashMap::new();
    for model in schema.tables() {
        let mut table = Table::new(
            namespace_of(model.get().schema.as_ref()),
            model.database_name.clone(),
        );
        let mut positions: HashMap<schema::FieldId, usize> = HashMap::new();
        for field in model.scalar_fields() {
            positions.insert(field.id(), table.columns.len());
            table
                .columns
                .push(column(field, &model.database_name, schema, &enums, dialect));
        }
        let index_column = |f: &schema::IndexField, dialect: &dyn Dialect| -> Option<IndexColumn> {
            Some(IndexColumn {
                column: *positions.get(&f.field)?,
                sort: f.sort.map(|s| match s {
                    schema::SortOrder::Asc => SortOrder::Asc,
                    schema::SortOrder::Desc => SortOrder::Desc,
                }),
                length: f.length,
                operator_class: f.operator_class.as_ref().map(|c| dialect.operator_class(c)),
            })
        };
        if let Some(pk) = model.primary_key() {
            table.primary_key = Some(PrimaryKey {
                name: dialect
                    .names_primary_keys()
                    .then(|| pk.database_name.clone()),
                columns: pk
                    .fields
                    .iter()
                    .filter_map(|f| index_column(f, dialect))
                    .collect(),
            });
        }
        let mut indexes: Vec<&schema::Index> = model.indexes().collect();
        indexes.sort_by_key(|i| match (i.defined_on_field, i.kind) {
            (true, _) => 0,
            (false, IndexKind::Normal) => 1,
            (false, IndexKind::Unique) => 2,
            (false, IndexKind::Fulltext) => 3,
        });
        for index in indexes {
            table.indexes.push(Index {
                name: index.database_name.clone(),
                kind: match index.kind {
                    IndexKind::Unique => sql_schema::IndexKind::Unique,
                    IndexKind::Normal => sql_schema::IndexKind::Normal,
                    IndexKind::Fulltext => sql_schema::IndexKind::Fulltext,
                },
                columns: index
                    .fields
                    .iter()
                    .filter_map(|f| index_column(f, dialect))
                    .collect(),
                algorithm: index.algorithm.map(|a| match a {
                    schema::IndexAlgorithm::BTree => IndexAlgorithm::BTree,
                    schema::IndexAlgorithm::Hash => IndexAlgorithm::Hash,
                    schema::IndexAlgorithm::Gist => IndexAlgorithm::Gist,
                    schema::IndexAlgorithm::Gin => IndexAlgorithm::Gin,
                    schema::IndexAlgorithm::SpGist => IndexAlgorithm::SpGist,
                    schema::IndexAlgorithm::Brin => IndexAlgorithm::Brin,
                }),
                predicate: index
                    .predicate
                    .as_ref()
                    .map(|p| predicate_sql(schema, p, dialect)),
            });
        }
        table.checks = model
            .get()
            .checks
            .iter()
            .map(|c| sql_schema::CheckConstraint {
                name: c.database_name.clone(),
                expression: c.expression.clone(),
            })
            .collect();
        out.check_constraints |= !table.checks.is_empty();
        tables.insert(model.id, out.push_table(table));
    }

    let uses_foreign_keys = schema.relation_mode() == RelationMode::ForeignKeys;
    if uses_foreign_keys {
        push_foreign_keys(schema, &tables, &mut out);
    }
    push_join_tables(schema, &tables, uses_foreign_keys, dialect, &mut out);
    out
}

/// Whether migrations manage `schema`'s PostgreSQL extensions: its provider has them and a
/// generator enables `postgresqlExtensions`. Prisma describes a database's extensions, and
/// diffs them, only then.
pub fn manages_extensions(schema: &ValidatedSchema) -> bool {
    schema
        .preview_features()
        .any(|f| f.eq_ignore_ascii_case("postgresqlExtensions"))
        && schema.provider().is_some_and(|p| p.supports_extensions())
}

/// The datasource's `extensions = [...]`, when the provider has extensions and the schema
/// enables `postgresqlExtensions` (Prisma reads them only then): the database name (`map:`),
/// schema and version as written, empty when not given.
fn push_extensions(schema: &ValidatedSchema, out: &mut SqlSchema) {
    let Some(ds) = &schema.datasource else {
        return;
    };
    if !manages_extensions(schema) {
        return;
    }
    for e in &ds.extensions {
        out.extensions.push(sql_schema::Extension {
            name: e.database_name.clone().unwrap_or_else(|| e.name.clone()),
            schema: e.schema.clone().unwrap_or_default(),
            version: e.version.clone().unwrap_or_default(),
            relocatable: false,
        });
    }
}

fn column(
    field: ScalarFieldWalker<'_>,
    table: &str,
    schema: &ValidatedSchema,
    enums: &HashMap<schema::EnumId, EnumId>,
    dialect: &dyn Dialect,
) -> Column {
    let scalar = field.scalar();
    let arity = match field.arity {
        FieldArity::Required => ColumnArity::Required,
        FieldArity::Optional => ColumnArity::Nullable,
        FieldArity::List => ColumnArity::List,
    };
    let (family, full_type) = match &scalar.field_type {
        ScalarFieldType::Builtin(t) => dialect.scalar_column_type(*t, scalar.native_type.as_ref()),
        ScalarFieldType::Enum(id) => match enums.get(id) {
            Some(sql_id) => (
                ColumnTypeFamily::Enum(*sql_id),
                schema.enum_(*id).database_name.clone(),
            ),
            None => dialect.scalar_column_type(ScalarType::String, None),
        },
        ScalarFieldType::CompositeType(_) => dialect.scalar_column_type(ScalarType::Json, None),
        ScalarFieldType::Unsupported(t) => (ColumnTypeFamily::Unsupported(t.clone()), t.clone()),
    };
    let mut col = Column::new(scalar.database_name.clone(), family, full_type, arity);
    if let Some(default) = &scalar.default {
        col.default = match &default.kind {
            DefaultKind::Autoincrement => {
                col.auto_increment = true;
                dialect.autoincrement_default(table, &scalar.database_name)
            }
            DefaultKind::Now => Some(DefaultValue::Now),
            DefaultKind::DbGenerated(expr) => Some(DefaultValue::DbGenerated(expr.clone())),
            DefaultKind::Sequence => Some(DefaultValue::Sequence(format!(
                "prisma_sequence_{table}_{}",
                scalar.database_name
            ))),
            // Generated by the client, not the database.
            DefaultKind::Uuid(_)
            | DefaultKind::Cuid(_)
            | DefaultKind::Nanoid(_)
            | DefaultKind::Ulid
            | DefaultKind::Auto => None,
            DefaultKind::Value(v) => Some(DefaultValue::Value(literal(v, schema))),
            DefaultKind::List(vs) => Some(DefaultValue::Value(Value::List(
                vs.iter().map(|v| literal(v, schema)).collect(),
            ))),
        };
    }
    col
}

fn literal(value: &LiteralValue, schema: &ValidatedSchema) -> Value {
    match value {
        LiteralValue::String(s) | LiteralValue::DateTime(s) | LiteralValue::Json(s) => {
            Value::String(s.clone())
        }
        LiteralValue::Int(i) | LiteralValue::BigInt(i) => Value::Int(*i),
        LiteralValue::Float(f) | LiteralValue::Decimal(f) => Value::Float(f.clone()),
        LiteralValue::Boolean(b) => Value::Boolean(*b),
        LiteralValue::Bytes(b64) => match decode_base64(b64) {
            Some(bytes) => Value::Bytes(bytes),
            None => Value::String(b64.clone()),
        },
        LiteralValue::EnumValue(id, index) => {
            let e = schema.enum_(*id);
            match e.values.get(*index) {
                Some(v) => Value::Enum(v.database_name.clone()),
                None => Value::Null,
            }
        }
    }
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => continue,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn push_foreign_keys(
    schema: &ValidatedSchema,
    tables: &HashMap<ModelId, TableId>,
    out: &mut SqlSchema,
) {
    // Prisma registers a relation at its referencing field, visiting models and fields in
    // order: foreign keys come in (model, field) order.
    let mut fks: Vec<(ModelId, schema::FieldId, &schema::ForeignKey)> = schema
        .relations()
        .filter_map(|r| {
            let fk = r.get().foreign_key.as_ref()?;
            if fk.is_emulated {
                return None;
            }
            let field = if r.field_a().model().id == fk.referencing_model {
                r.field_a().id()
            } else {
                r.field_b()?.id()
            };
            Some((fk.referencing_model, field, fk))
        })
        .collect();
    fks.sort_by_key(|(model, field, _)| (*model, *field));
    for (_, _, fk) in fks {
        let (Some(&from), Some(&to)) = (
            tables.get(&fk.referencing_model),
            tables.get(&fk.referenced_model),
        ) else {
            continue;
        };
        let column_of = |table: TableId, field: schema::FieldId, out: &SqlSchema| {
            let name = schema.field(field).as_scalar()?.database_name();
            out.table(table).column_position(name)
        };
        let columns: Option<Vec<usize>> = fk
            .referencing_fields
            .iter()
            .map(|f| column_of(from, *f, out))
            .collect();
        let referenced: Option<Vec<usize>> = fk
            .referenced_fields
            .iter()
            .map(|f| column_of(to, *f, out))
            .collect();
        let (Some(columns), Some(referenced_columns)) = (columns, referenced) else {
            continue;
        };
        out.table_mut(from).foreign_keys.push(ForeignKey {
            name: Some(fk.database_name.clone()),
            columns,
            referenced_table: to,
            referenced_columns,
            on_delete: action(fk.on_delete),
            on_update: action(fk.on_update),
        });
    }
}

fn action(a: schema::ReferentialAction) -> ForeignKeyAction {
    match a {
        schema::ReferentialAction::Cascade => ForeignKeyAction::Cascade,
        schema::ReferentialAction::Restrict => ForeignKeyAction::Restrict,
        schema::ReferentialAction::NoAction => ForeignKeyAction::NoAction,
        schema::ReferentialAction::SetNull => ForeignKeyAction::SetNull,
        schema::ReferentialAction::SetDefault => ForeignKeyAction::SetDefault,
    }
}

/// The first `max` characters of `s`.
fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn push_join_tables(
    schema: &ValidatedSchema,
    tables: &HashMap<ModelId, TableId>,
    uses_foreign_keys: bool,
    dialect: &dyn Dialect,
    out: &mut SqlSchema,
) {
    let max = dialect.provider().max_identifier_length();
    // Registered at side A (the model whose name sorts first), in (model, field) order.
    // Ignored relations keep their join table, as in Prisma's calculator (ignoring is a
    // client concern; the tables of ignored models exist too).
    let mut joins: Vec<(ModelId, schema::FieldId, &schema::JoinTable)> = schema
        .relations()
        .filter_map(|r| {
            let jt = r.get().join_table.as_ref()?;
            let a = r.field_a();
            Some((a.model().id, a.id(), jt))
        })
        .collect();
    joins.sort_by_key(|(m, f, _)| (*m, *f));
    for (_, _, jt) in joins {
        let (Some(&table_a), Some(&table_b)) = (tables.get(&jt.model_a), tables.get(&jt.model_b))
        else {
            continue;
        };
        let pk_column = |t: TableId| -> Option<(usize, Column)> {
            let table = out.table(t);
            let pos = table.primary_key.as_ref()?.columns.first()?.column;
            Some((pos, table.columns[pos].clone()))
        };
        let (Some((a_pos, a_col)), Some((b_pos, b_col))) = (pk_column(table_a), pk_column(table_b))
        else {
            continue;
        };
        let name = truncate(&jt.table_name, max).to_owned();
        let join_column = |name: &str, mut c: Column| {
            c.name = name.to_owned();
            c.tpe.arity = ColumnArity::Required;
            c.default = None;
            c.auto_increment = false;
            c
        };
        let mut table = Table::new(out.table(table_a).namespace, name.clone());
        table.columns.push(join_column("A", a_col));
        table.columns.push(join_column("B", b_col));
        let ab = vec![IndexColumn::new(0), IndexColumn::new(1)];
        if dialect.join_table_has_primary_key() {
            table.primary_key = Some(PrimaryKey {
                name: Some(format!(
                    "{}_AB_pkey",
                    truncate(&name, max.saturating_sub(8))
                )),
                columns: ab,
            });
        } else {
            table.indexes.push(Index {
                name: format!("{}_AB_unique", truncate(&name, max.saturating_sub(10))),
                kind: sql_schema::IndexKind::Unique,
                columns: ab,
                algorithm: None,
                predicate: None,
            });
        }
        table.indexes.push(Index {
            name: format!("{}_B_index", truncate(&name, max.saturating_sub(8))),
            kind: sql_schema::IndexKind::Normal,
            columns: vec![IndexColumn::new(1)],
            algorithm: None,
            predicate: None,
        });
        if uses_foreign_keys {
            let limit = max.saturating_sub(7);
            let fk_a = if name.len() > limit {
                format!("{}_A_fkey", truncate(&name, limit))
            } else {
                format!("{name}_A_fkey")
            };
            let fk_b = if name.len() >= limit {
                format!("{}_B_fkey", truncate(&name, limit))
            } else {
                format!("{name}_B_fkey")
            };
            for (fk_name, column, target, target_pos) in
                [(fk_a, 0, table_a, a_pos), (fk_b, 1, table_b, b_pos)]
            {
                table.foreign_keys.push(ForeignKey {
                    name: Some(fk_name),
                    columns: vec![column],
                    referenced_table: target,
                    referenced_columns: vec![target_pos],
                    on_delete: ForeignKeyAction::Cascade,
                    on_update: ForeignKeyAction::Cascade,
                });
            }
        }
        out.push_table(table);
    }
}
