//! Migration steps in SQLite's SQL, as Prisma writes them.

use super::calculate::type_name;
use crate::dialect::common::{INDENT, actions, datetime_literal, hex, quote, string_literal};
use sql_schema::*;

pub(super) fn render_step(step: &MigrationStep, schemas: Pair<&SqlSchema>) -> Vec<String> {
    match step {
        MigrationStep::CreateTable(id) => {
            let table = schemas.next.walk(*id);
            vec![create_table(table, &quote(table.name()))]
        }
        MigrationStep::DropTable(id) => vec![
            "PRAGMA foreign_keys=off".to_owned(),
            format!("DROP TABLE {}", quote(schemas.previous.walk(*id).name())),
            "PRAGMA foreign_keys=on".to_owned(),
        ],
        MigrationStep::CreateIndex { index, .. } => vec![create_index(schemas.next.walk(*index))],
        MigrationStep::DropIndex(id) => vec![drop_index(schemas.previous.walk(*id))],
        MigrationStep::RedefineIndex(ids) => {
            let indexes = schemas.walk(*ids);
            vec![drop_index(indexes.previous), create_index(indexes.next)]
        }
        MigrationStep::AlterTable(alter) => alter_table(alter, schemas),
        MigrationStep::RedefineTables(tables) => redefine_tables(tables, schemas),
        // SQLite has no schemas, enums, separate foreign keys or index renames: the differ
        // never produces these steps for it.
        MigrationStep::CreateSchema(_)
        | MigrationStep::DropExtension(_)
        | MigrationStep::CreateExtension(_)
        | MigrationStep::AlterExtension(_)
        | MigrationStep::CreateEnum(_)
        | MigrationStep::AlterEnum(_)
        | MigrationStep::DropEnum(_)
        | MigrationStep::DropForeignKey(_)
        | MigrationStep::AddForeignKey(_)
        | MigrationStep::RenameForeignKey(_)
        | MigrationStep::RenameIndex(_) => Vec::new(),
    }
}

fn column_definition(column: ColumnWalker<'_>) -> String {
    let c = column.column();
    let mut out = format!("{} {}", quote(&c.name), type_name(&c.tpe.family));
    if c.tpe.arity != ColumnArity::Nullable {
        out.push_str(" NOT NULL");
    }
    if column.is_single_primary_key() {
        out.push_str(" PRIMARY KEY");
        if matches!(c.tpe.family, ColumnTypeFamily::Int) {
            out.push_str(" AUTOINCREMENT");
        }
    }
    if let Some(default) = c
        .default
        .as_ref()
        .and_then(|d| render_default(d, &c.tpe.family))
    {
        out.push_str(" DEFAULT ");
        out.push_str(&default);
    }
    out
}

/// A default as SQLite's `DEFAULT` clause writes it, `None` when nothing is rendered.
pub(super) fn render_default(default: &DefaultValue, family: &ColumnTypeFamily) -> Option<String> {
    Some(match default {
        DefaultValue::DbGenerated(Some(expr)) => expr.clone(),
        DefaultValue::DbGenerated(None) | DefaultValue::Sequence(_) => return None,
        DefaultValue::Now => "CURRENT_TIMESTAMP".to_owned(),
        DefaultValue::Value(v) => value(v, family),
    })
}

fn value(v: &Value, family: &ColumnTypeFamily) -> String {
    match v {
        Value::String(s) if *family == ColumnTypeFamily::DateTime => {
            string_literal(&datetime_literal(s))
        }
        Value::String(s) | Value::Enum(s) => string_literal(s),
        Value::Bytes(b) => format!("'{}'", hex(b)),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.clone(),
        Value::Boolean(b) => b.to_string(),
        Value::Null => "NULL".to_owned(),
        Value::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| value(i, family))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn create_table(table: TableWalker<'_>, name: &str) -> String {
    let mut out = format!("CREATE TABLE {name} (\n");
    let columns: Vec<String> = table
        .columns()
        .map(|c| format!("{INDENT}{}", column_definition(c)))
        .collect();
    out.push_str(&columns.join(",\n"));
    if !table.columns().any(|c| c.is_single_primary_key()) && table.primary_key().is_some() {
        let names: Vec<String> = table
            .primary_key_columns()
            .map(|c| quote(c.name()))
            .collect();
        out.push_str(&format!(",\n\n{INDENT}PRIMARY KEY ({})", names.join(", ")));
    }
    for fk in table.foreign_keys() {
        out.push_str(",\n");
        out.push_str(INDENT);
        if let Some(name) = fk.name() {
            out.push_str(&format!("CONSTRAINT {} ", quote(name)));
        }
        let cols: Vec<String> = fk.constrained_columns().map(|c| quote(c.name())).collect();
        let refs: Vec<String> = fk.referenced_columns().map(|c| quote(c.name())).collect();
        let f = fk.foreign_key();
        out.push_str(&format!(
            "FOREIGN KEY ({}) REFERENCES {} ({}){}",
            cols.join(", "),
            quote(fk.referenced_table().name()),
            refs.join(", "),
            actions(f.on_delete, f.on_update)
        ));
    }
    for check in &table.table().checks {
        out.push_str(&format!(
            ",\n{INDENT}CONSTRAINT {} CHECK ({})",
            quote(&check.name),
            check.expression
        ));
    }
    out.push_str("\n)");
    out
}

fn create_index(index: IndexWalker<'_>) -> String {
    let columns: Vec<String> = index
        .columns()
        .map(|(c, opts)| match opts.sort {
            Some(SortOrder::Asc) => format!("{} ASC", quote(c.name())),
            Some(SortOrder::Desc) => format!("{} DESC", quote(c.name())),
            None => quote(c.name()),
        })
        .collect();
    let sql = format!(
        "CREATE {}INDEX {} ON {}({})",
        if index.is_unique() { "UNIQUE " } else { "" },
        quote(index.name()),
        quote(index.table().name()),
        columns.join(", ")
    ) + &match &index.index().predicate {
        // A partial index: its predicate as written in the schema (or as read back).
        Some(predicate) => format!(" WHERE {predicate}"),
        None => String::new(),
    };
    if index.name().starts_with("sqlite_") {
        format!("Pragma writable_schema=1;\n{sql};\nPragma writable_schema=0")
    } else {
        sql
    }
}

fn drop_index(index: IndexWalker<'_>) -> String {
    format!("DROP INDEX {}", quote(index.name()))
}

fn alter_table(alter: &AlterTable, schemas: Pair<&SqlSchema>) -> Vec<String> {
    let table = schemas.previous.walk(alter.tables.previous);
    alter
        .changes
        .iter()
        .filter_map(|change| match change {
            TableChange::AddColumn { column } => Some(format!(
                "ALTER TABLE {} ADD COLUMN {}",
                quote(table.name()),
                column_definition(schemas.next.walk(*column))
            )),
            // Every other change redefines the table on SQLite.
            _ => None,
        })
        .collect()
}

fn redefine_tables(redefines: &[RedefineTable], schemas: Pair<&SqlSchema>) -> Vec<String> {
    let mut out = vec![
        "PRAGMA defer_foreign_keys=ON".to_owned(),
        "PRAGMA foreign_keys=OFF".to_owned(),
    ];
    for redefine in redefines {
        let tables = schemas.walk(redefine.tables);
        let temporary = format!("new_{}", tables.next.name());
        out.push(create_table(tables.next, &quote(&temporary)));
        if !redefine.column_pairs.is_empty() {
            let mut destination = Vec::new();
            let mut source = Vec::new();
            for (ids, changes, _) in &redefine.column_pairs {
                let columns = schemas.walk(*ids);
                destination.push(quote(columns.next.name()));
                let next = columns.next.column();
                let became_required_with_default = changes.arity_changed()
                    && next.tpe.arity == ColumnArity::Required
                    && next.default.is_some();
                let default = next
                    .default
                    .as_ref()
                    .and_then(|d| render_default(d, &next.tpe.family));
                match default {
                    Some(default) if became_required_with_default => {
                        let name = quote(columns.previous.name());
                        source.push(format!("coalesce({name}, {default}) AS {name}"));
                    }
                    _ => source.push(quote(columns.previous.name())),
                }
            }
            out.push(format!(
                "INSERT INTO {} ({}) SELECT {} FROM {}",
                quote(&temporary),
                destination.join(", "),
                source.join(", "),
                quote(tables.previous.name())
            ));
        }
        out.push(format!("DROP TABLE {}", quote(tables.previous.name())));
        out.push(format!(
            "ALTER TABLE {} RENAME TO {}",
            quote(&temporary),
            quote(tables.next.name())
        ));
        out.extend(tables.next.indexes().map(create_index));
    }
    out.push("PRAGMA foreign_keys=ON".to_owned());
    out.push("PRAGMA defer_foreign_keys=OFF".to_owned());
    out
}
