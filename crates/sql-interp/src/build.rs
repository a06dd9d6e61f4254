//! The working schema written as a [`SqlSchema`] in the describers' order: tables and enums
//! by name, indexes by name, foreign keys by name (SQLite: as declared), MySQL's inline enums
//! named `{table}_{column}`. Partial and expression indexes and foreign keys to tables that do
//! not exist are left out, as the describers leave them out.

use std::collections::HashMap;

use sql_schema::{
    CheckConstraint, Column, ColumnType, ColumnTypeFamily, Enum, EnumId, ForeignKey, Index,
    IndexColumn, PrimaryKey, SqlSchema, Table, TableId,
};

use crate::SqlDialect;
use crate::work::{WIndexColumn, WTable, WType, Work};

pub(crate) fn to_schema(mut work: Work, dialect: SqlDialect) -> SqlSchema {
    let mut schema = SqlSchema::new();
    work.tables
        .sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    work.enums
        .sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    let mut enum_ids: HashMap<String, EnumId> = HashMap::new();
    for e in &work.enums {
        let id = schema.push_enum(Enum {
            namespace: None,
            name: e.name.clone(),
            values: e.values.clone(),
        });
        enum_ids.insert(e.name.clone(), id);
    }
    let table_ids: HashMap<&str, TableId> = work
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), TableId(i as u32)))
        .collect();
    for t in &work.tables {
        let mut table = Table::new(None, t.name.clone());
        for c in &t.columns {
            let (family, full) = match &c.tpe {
                WType::Plain(f, full) => (f.clone(), full.clone()),
                WType::NamedEnum(name) => match enum_ids.get(name) {
                    Some(&id) => (ColumnTypeFamily::Enum(id), name.clone()),
                    None => (ColumnTypeFamily::Unsupported(name.clone()), name.clone()),
                },
                WType::InlineEnum(values) => {
                    let name = format!("{}_{}", t.name, c.name);
                    let id = schema.push_enum(Enum {
                        namespace: None,
                        name: name.clone(),
                        values: values.clone(),
                    });
                    (ColumnTypeFamily::Enum(id), name)
                }
            };
            table.columns.push(Column {
                name: c.name.clone(),
                tpe: ColumnType {
                    family,
                    full_data_type: full,
                    arity: c.arity,
                },
                default: c.default.clone(),
                auto_increment: c.auto_increment,
            });
        }
        table.primary_key = t.primary_key.as_ref().and_then(|pk| {
            Some(PrimaryKey {
                name: if dialect.names_primary_keys() {
                    pk.name.clone()
                } else {
                    None
                },
                columns: index_columns(t, &pk.columns)?,
            })
        });
        let mut indexes: Vec<Index> = t
            .indexes
            .iter()
            .filter(|i| !i.hidden)
            .filter_map(|i| {
                Some(Index {
                    name: i.name.clone(),
                    kind: i.kind,
                    columns: index_columns(t, &i.columns)?,
                    algorithm: i.algorithm,
                    predicate: i.predicate.clone(),
                })
            })
            .collect();
        indexes.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
        table.indexes = indexes;
        let mut fks: Vec<ForeignKey> = t
            .foreign_keys
            .iter()
            .filter_map(|fk| {
                let &referenced_table = table_ids.get(fk.referenced_table.as_str())?;
                let target = &work.tables[referenced_table.0 as usize];
                let columns = fk
                    .columns
                    .iter()
                    .map(|c| t.columns.iter().position(|x| &x.name == c))
                    .collect::<Option<Vec<usize>>>()?;
                let referenced_columns = if fk.referenced_columns.is_empty() {
                    target
                        .primary_key
                        .as_ref()?
                        .columns
                        .iter()
                        .map(|c| target.columns.iter().position(|x| x.name == c.column))
                        .collect::<Option<Vec<usize>>>()?
                } else {
                    fk.referenced_columns
                        .iter()
                        .map(|c| target.columns.iter().position(|x| &x.name == c))
                        .collect::<Option<Vec<usize>>>()?
                };
                Some(ForeignKey {
                    name: fk.name.clone(),
                    columns,
                    referenced_table,
                    referenced_columns,
                    on_delete: fk.on_delete,
                    on_update: fk.on_update,
                })
            })
            .collect();
        if dialect.names_foreign_keys() {
            fks.sort_by(|a, b| a.name.cmp(&b.name));
        }
        table.foreign_keys = fks;
        let mut checks: Vec<CheckConstraint> = t
            .checks
            .iter()
            .map(|(name, expression)| CheckConstraint {
                name: name.clone(),
                expression: expression.clone(),
            })
            .collect();
        if dialect.names_foreign_keys() {
            checks.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
        }
        table.checks = checks;
        schema.push_table(table);
    }
    schema
}

fn index_columns(t: &WTable, columns: &[WIndexColumn]) -> Option<Vec<IndexColumn>> {
    columns
        .iter()
        .map(|c| {
            Some(IndexColumn {
                column: t.columns.iter().position(|x| x.name == c.column)?,
                sort: c.sort,
                length: c.length,
                operator_class: c.operator_class.clone(),
            })
        })
        .collect()
}
