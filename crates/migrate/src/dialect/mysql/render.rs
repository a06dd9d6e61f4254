//! Migration steps in MySQL's SQL, as Prisma writes them.

use crate::dialect::common::{INDENT, actions};
use sql_schema::*;

/// `` `name` ``, with every backtick in the name doubled, so that no name can end the
/// identifier early.
fn quote(name: &str) -> String {
    driver::mysql::quote_identifier(name)
}

/// A string literal: `'` doubled, and `\` and NUL escaped (`\\`, `\0`), since MySQL
/// reads a backslash in a string literal as an escape (unless `NO_BACKSLASH_ESCAPES`; under
/// it a doubled backslash reads as two, but a quote still cannot end the literal early).
fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

pub(super) fn render_step(step: &MigrationStep, schemas: Pair<&SqlSchema>) -> Vec<String> {
    match step {
        MigrationStep::CreateTable(id) => vec![create_table(schemas.next.walk(*id))],
        MigrationStep::DropTable(id) => vec![format!(
            "DROP TABLE {}",
            quote(schemas.previous.walk(*id).name())
        )],
        MigrationStep::AddForeignKey(id) => vec![add_foreign_key(schemas.next.walk(*id))],
        MigrationStep::DropForeignKey(id) => {
            let fk = schemas.previous.walk(*id);
            vec![format!(
                "ALTER TABLE {} DROP FOREIGN KEY {}",
                quote(fk.table().name()),
                quote(fk.name().unwrap_or_default())
            )]
        }
        MigrationStep::CreateIndex { index, .. } => vec![create_index(schemas.next.walk(*index))],
        MigrationStep::DropIndex(id) => vec![drop_index(schemas.previous.walk(*id))],
        MigrationStep::RenameIndex(ids) => {
            let indexes = schemas.walk(*ids);
            vec![format!(
                "ALTER TABLE {} RENAME INDEX {} TO {}",
                quote(indexes.previous.table().name()),
                quote(indexes.previous.name()),
                quote(indexes.next.name())
            )]
        }
        // Create first: a foreign key may rely on the old index until the new one exists.
        MigrationStep::RedefineIndex(ids) => {
            let indexes = schemas.walk(*ids);
            vec![create_index(indexes.next), drop_index(indexes.previous)]
        }
        MigrationStep::AlterTable(alter) => alter_table(alter, schemas),
        // MySQL has no schemas or enum types (enums are column types), renames no foreign
        // keys and alters tables in place: the differ never produces these steps for it.
        MigrationStep::CreateSchema(_)
        | MigrationStep::DropExtension(_)
        | MigrationStep::CreateExtension(_)
        | MigrationStep::AlterExtension(_)
        | MigrationStep::CreateEnum(_)
        | MigrationStep::AlterEnum(_)
        | MigrationStep::DropEnum(_)
        | MigrationStep::RenameForeignKey(_)
        | MigrationStep::RedefineTables(_) => Vec::new(),
    }
}

fn column_type(column: ColumnWalker<'_>) -> String {
    if let Some(e) = column.column_enum() {
        let values: Vec<String> = e.values().iter().map(|v| string_literal(v)).collect();
        return format!("ENUM({})", values.join(", "));
    }
    column.column().tpe.full_data_type.clone()
}

/// The precision of `CURRENT_TIMESTAMP(p)` for a date-time column (3 unless the type says).
fn timestamp_precision(full_type: &str) -> String {
    full_type
        .split_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .filter(|p| p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty())
        .unwrap_or("3")
        .to_owned()
}

fn render_default(column: ColumnWalker<'_>, default: &DefaultValue) -> Option<String> {
    let c = column.column();
    Some(match default {
        DefaultValue::DbGenerated(Some(expr)) => expr.clone(),
        DefaultValue::DbGenerated(None) | DefaultValue::Sequence(_) => return None,
        // MySQL has no JSON or binary constant defaults.
        DefaultValue::Value(_)
            if matches!(
                c.tpe.family,
                ColumnTypeFamily::Json | ColumnTypeFamily::Binary
            ) =>
        {
            return None;
        }
        DefaultValue::Now => format!(
            "CURRENT_TIMESTAMP({})",
            timestamp_precision(&c.tpe.full_data_type)
        ),
        DefaultValue::Value(v) => value(v, &c.tpe.family),
    })
}

fn value(v: &Value, family: &ColumnTypeFamily) -> String {
    match v {
        Value::String(s) if *family == ColumnTypeFamily::DateTime => {
            let rfc3339 = match s.strip_suffix(['Z', 'z']) {
                Some(rest) => format!("{rest}+00:00"),
                None => s.clone(),
            };
            string_literal(&rfc3339)
        }
        Value::String(s) | Value::Enum(s) => string_literal(s),
        Value::Bytes(b) => format!("'{}'", crate::dialect::common::hex(b)),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.clone(),
        Value::Boolean(b) => b.to_string(),
        Value::Null => "NULL".to_owned(),
        Value::List(items) => items
            .iter()
            .map(|i| value(i, family))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn column_definition(column: ColumnWalker<'_>) -> String {
    let c = column.column();
    let mut out = format!("{} {}", quote(&c.name), column_type(column));
    out.push_str(if c.tpe.arity == ColumnArity::Required {
        " NOT NULL"
    } else {
        " NULL"
    });
    if c.auto_increment {
        out.push_str(" AUTO_INCREMENT");
    }
    if let Some(default) = c.default.as_ref().and_then(|d| render_default(column, d)) {
        out.push_str(" DEFAULT ");
        out.push_str(&default);
    }
    out
}

fn index_column(column: ColumnWalker<'_>, options: &IndexColumn) -> String {
    let mut out = quote(column.name());
    if let Some(length) = options.length {
        out.push_str(&format!("({length})"));
    }
    match options.sort {
        Some(SortOrder::Asc) => out.push_str(" ASC"),
        Some(SortOrder::Desc) => out.push_str(" DESC"),
        None => {}
    }
    out
}

fn index_kind(index: IndexWalker<'_>) -> &'static str {
    match index.index().kind {
        IndexKind::Unique => "UNIQUE ",
        IndexKind::Fulltext => "FULLTEXT ",
        IndexKind::Normal => "",
    }
}

fn create_table(table: TableWalker<'_>) -> String {
    let parts: Vec<String> = table
        .columns()
        .map(|c| format!("{INDENT}{}", column_definition(c)))
        .collect();
    let mut constraints: Vec<String> = table
        .indexes()
        .map(|index| {
            let cols: Vec<String> = index.columns().map(|(c, o)| index_column(c, o)).collect();
            format!(
                "{INDENT}{}INDEX {}({})",
                index_kind(index),
                quote(index.name()),
                cols.join(", ")
            )
        })
        .collect();
    if let Some(pk) = table.primary_key() {
        let cols: Vec<String> = pk
            .columns
            .iter()
            .map(|c| index_column(table.column_at(c.column), c))
            .collect();
        constraints.push(format!("{INDENT}PRIMARY KEY ({})", cols.join(", ")));
    }
    for check in &table.table().checks {
        constraints.push(format!(
            "{INDENT}CONSTRAINT {} CHECK ({})",
            quote(&check.name),
            check.expression
        ));
    }
    let mut body = parts.join(",\n");
    if !constraints.is_empty() {
        body.push_str(",\n\n");
        body.push_str(&constraints.join(",\n"));
    }
    format!(
        "CREATE TABLE {} (\n{body}\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
        quote(table.name())
    )
}

fn add_foreign_key(fk: ForeignKeyWalker<'_>) -> String {
    let f = fk.foreign_key();
    let cols: Vec<String> = fk.constrained_columns().map(|c| quote(c.name())).collect();
    let refs: Vec<String> = fk.referenced_columns().map(|c| quote(c.name())).collect();
    let constraint = match fk.name() {
        Some(name) => format!("CONSTRAINT {} ", quote(name)),
        None => String::new(),
    };
    format!(
        "ALTER TABLE {} ADD {constraint}FOREIGN KEY ({}) REFERENCES {}({}){}",
        quote(fk.table().name()),
        cols.join(", "),
        quote(fk.referenced_table().name()),
        refs.join(", "),
        actions(f.on_delete, f.on_update)
    )
}

fn create_index(index: IndexWalker<'_>) -> String {
    let cols: Vec<String> = index.columns().map(|(c, o)| index_column(c, o)).collect();
    format!(
        "CREATE {}INDEX {} ON {}({})",
        index_kind(index),
        quote(index.name()),
        quote(index.table().name()),
        cols.join(", ")
    )
}

fn drop_index(index: IndexWalker<'_>) -> String {
    format!(
        "DROP INDEX {} ON {}",
        quote(index.name()),
        quote(index.table().name())
    )
}

fn modify_column(columns: Pair<ColumnWalker<'_>>) -> String {
    let next = columns.next.column();
    // `dbgenerated()` without an expression keeps the database's current default.
    let default = match (&columns.previous.column().default, &next.default) {
        (
            Some(DefaultValue::DbGenerated(Some(previous))),
            Some(DefaultValue::DbGenerated(None)),
        ) if !previous.is_empty() => Some(DefaultValue::DbGenerated(Some(previous.clone()))),
        (_, next_default) => next_default.clone(),
    };
    let default = default
        .as_ref()
        .and_then(|d| render_default(columns.next, d))
        .map(|d| format!(" DEFAULT {d}"))
        .unwrap_or_default();
    format!(
        "MODIFY {} {}{}{default}{}",
        quote(columns.next.name()),
        column_type(columns.next),
        if next.tpe.arity == ColumnArity::Required {
            " NOT NULL"
        } else {
            " NULL"
        },
        if next.auto_increment {
            " AUTO_INCREMENT"
        } else {
            ""
        }
    )
}

fn alter_table(alter: &AlterTable, schemas: Pair<&SqlSchema>) -> Vec<String> {
    let tables = schemas.walk(alter.tables);
    let mut lines = Vec::new();
    for change in &alter.changes {
        match change {
            TableChange::DropPrimaryKey => lines.push("DROP PRIMARY KEY".to_owned()),
            // MySQL primary keys are always named PRIMARY.
            TableChange::RenamePrimaryKey => {}
            TableChange::AddPrimaryKey => {
                let cols: Vec<String> = tables
                    .next
                    .primary_key()
                    .map(|pk| {
                        pk.columns
                            .iter()
                            .map(|c| index_column(tables.next.column_at(c.column), c))
                            .collect()
                    })
                    .unwrap_or_default();
                lines.push(format!("ADD PRIMARY KEY ({})", cols.join(", ")));
            }
            TableChange::AddColumn { column } => lines.push(format!(
                "ADD COLUMN {}",
                column_definition(schemas.next.walk(*column))
            )),
            TableChange::DropColumn { column } => lines.push(format!(
                "DROP COLUMN {}",
                quote(schemas.previous.walk(*column).name())
            )),
            TableChange::AlterColumn(a) => {
                let columns = schemas.walk(a.columns);
                let only_default = a.changes.iter().all(|c| c == ColumnChange::Default);
                if only_default && columns.next.column().default.is_none() {
                    lines.push(format!(
                        "ALTER COLUMN {} DROP DEFAULT",
                        quote(columns.previous.name())
                    ));
                } else {
                    lines.push(modify_column(columns));
                }
            }
            TableChange::DropAndRecreateColumn { columns, .. } => {
                let columns = schemas.walk(*columns);
                lines.push(format!("DROP COLUMN {}", quote(columns.previous.name())));
                lines.push(format!("ADD COLUMN {}", column_definition(columns.next)));
            }
            // `DROP CONSTRAINT` (MariaDB 10.2, MySQL 8.0.19) rather than MySQL's `DROP CHECK`.
            TableChange::DropCheck { check } => lines.push(format!(
                "DROP CONSTRAINT {}",
                quote(&tables.previous.table().checks[*check].name)
            )),
            TableChange::AddCheck { check } => {
                let check = &tables.next.table().checks[*check];
                lines.push(format!(
                    "ADD CONSTRAINT {} CHECK ({})",
                    quote(&check.name),
                    check.expression
                ));
            }
        }
    }
    if lines.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "ALTER TABLE {} {}",
        quote(tables.previous.name()),
        lines.join(",\n    ")
    )]
}
