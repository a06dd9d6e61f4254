//! Migration steps in PostgreSQL's SQL, as Prisma writes them.

use crate::dialect::common::{INDENT, actions, datetime_literal, hex, quote};
use sql_schema::*;

/// A string literal: `'…'` with `'` doubled, as Prisma writes it; a text holding a backslash is
/// written as an escape string (`E'…'`, `\` doubled too), which reads the same whatever the
/// server's `standard_conforming_strings` (with it off, `\'` in a plain literal would end the
/// string early).
pub(super) fn string_literal(s: &str) -> String {
    if s.contains('\\') {
        format!("E'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
    } else {
        crate::dialect::common::string_literal(s)
    }
}

/// A sequence name as an identifier: bare when PostgreSQL would read it back unchanged
/// (lower-case letters, digits, `_`, not starting with a digit), as Prisma writes it; quoted
/// otherwise.
fn sequence_identifier(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain { name.to_owned() } else { quote(name) }
}

pub(super) fn render_step(step: &MigrationStep, schemas: Pair<&SqlSchema>) -> Vec<String> {
    match step {
        MigrationStep::CreateSchema(id) => vec![format!(
            "CREATE SCHEMA IF NOT EXISTS {}",
            quote(schemas.next.namespace(*id))
        )],
        MigrationStep::DropExtension(_)
        | MigrationStep::CreateExtension(_)
        | MigrationStep::AlterExtension(_) => super::extensions::render(step, schemas),
        MigrationStep::CreateEnum(id) => {
            let e = schemas.next.walk(*id);
            let values: Vec<String> = e.values().iter().map(|v| string_literal(v)).collect();
            vec![format!(
                "CREATE TYPE {} AS ENUM ({})",
                qualified(e.namespace(), e.name()),
                values.join(", ")
            )]
        }
        MigrationStep::AlterEnum(alter) => alter_enum(alter, schemas),
        MigrationStep::DropEnum(id) => {
            let e = schemas.previous.walk(*id);
            vec![format!("DROP TYPE {}", qualified(e.namespace(), e.name()))]
        }
        MigrationStep::DropForeignKey(id) => {
            let fk = schemas.previous.walk(*id);
            vec![format!(
                "ALTER TABLE {} DROP CONSTRAINT {}",
                table_name(fk.table()),
                quote(fk.name().unwrap_or_default())
            )]
        }
        MigrationStep::AddForeignKey(id) => vec![add_foreign_key(schemas.next.walk(*id))],
        MigrationStep::RenameForeignKey(ids) => {
            let fks = schemas.walk(*ids);
            vec![format!(
                "ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
                table_name(fks.previous.table()),
                quote(fks.previous.name().unwrap_or_default()),
                quote(fks.next.name().unwrap_or_default())
            )]
        }
        MigrationStep::DropIndex(id) => vec![drop_index(schemas.previous.walk(*id))],
        MigrationStep::CreateIndex { index, .. } => vec![create_index(schemas.next.walk(*index))],
        MigrationStep::RenameIndex(ids) => {
            let indexes = schemas.walk(*ids);
            vec![format!(
                "ALTER INDEX {} RENAME TO {}",
                qualified(
                    indexes.previous.table().namespace(),
                    indexes.previous.name()
                ),
                quote(indexes.next.name())
            )]
        }
        MigrationStep::RedefineIndex(ids) => {
            let indexes = schemas.walk(*ids);
            vec![drop_index(indexes.previous), create_index(indexes.next)]
        }
        MigrationStep::CreateTable(id) => {
            let table = schemas.next.walk(*id);
            vec![create_table(table)]
        }
        MigrationStep::DropTable(id) => vec![format!(
            "DROP TABLE {}",
            table_name(schemas.previous.walk(*id))
        )],
        MigrationStep::AlterTable(alter) => alter_table(alter, schemas),
        // PostgreSQL alters tables in place; the differ never redefines them.
        MigrationStep::RedefineTables(_) => Vec::new(),
    }
}

/// `"ns"."name"` or `"name"`.
pub(super) fn qualified(namespace: Option<&str>, name: &str) -> String {
    match namespace {
        Some(ns) => format!("{}.{}", quote(ns), quote(name)),
        None => quote(name),
    }
}

pub(super) fn table_name(table: TableWalker<'_>) -> String {
    qualified(table.namespace(), table.name())
}

/// The column type as written in DDL (`SERIAL`, `"Enum"[]`, `VARCHAR(255)`).
fn column_type(column: ColumnWalker<'_>) -> String {
    let c = column.column();
    let list = if c.tpe.arity == ColumnArity::List {
        "[]"
    } else {
        ""
    };
    if let Some(e) = column.column_enum() {
        return format!("{}{list}", qualified(e.namespace(), e.name()));
    }
    let base = c.tpe.full_data_type.as_str();
    let base = match (c.auto_increment, base) {
        (true, "SMALLINT") => "SMALLSERIAL",
        (true, "INTEGER") => "SERIAL",
        (true, "BIGINT") => "BIGSERIAL",
        (_, other) => other,
    };
    format!("{base}{list}")
}

fn column_definition(column: ColumnWalker<'_>) -> String {
    let c = column.column();
    let tpe = column_type(column);
    let mut out = format!("{INDENT}{} {tpe}", quote(&c.name));
    if c.tpe.arity == ColumnArity::Required {
        out.push_str(" NOT NULL");
    }
    if let Some(default) = c
        .default
        .as_ref()
        .and_then(|d| render_default(d, &c.tpe.family, &tpe))
    {
        out.push_str(" DEFAULT ");
        out.push_str(&default);
    }
    out
}

/// A default as PostgreSQL's `DEFAULT` clause writes it; `None` when nothing is rendered.
fn render_default(
    default: &DefaultValue,
    family: &ColumnTypeFamily,
    full_type: &str,
) -> Option<String> {
    Some(match default {
        DefaultValue::DbGenerated(Some(expr)) => expr.clone(),
        DefaultValue::DbGenerated(None) | DefaultValue::Sequence(_) => return None,
        DefaultValue::Now => "CURRENT_TIMESTAMP".to_owned(),
        DefaultValue::Value(v) => value(v, family, full_type),
    })
}

fn value(v: &Value, family: &ColumnTypeFamily, full_type: &str) -> String {
    match v {
        Value::String(s) if *family == ColumnTypeFamily::DateTime => {
            string_literal(&datetime_literal(s))
        }
        Value::String(s) | Value::Enum(s) => string_literal(s),
        Value::Bytes(b) => format!("'\\x{}'", hex(b)),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.clone(),
        Value::Boolean(b) => b.to_string(),
        Value::Null => "NULL".to_owned(),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(|i| value(i, family, full_type)).collect();
            format!("ARRAY[{}]::{full_type}", items.join(", "))
        }
    }
}

fn create_table(table: TableWalker<'_>) -> String {
    let columns: Vec<String> = table.columns().map(column_definition).collect();
    let mut out = format!(
        "CREATE TABLE {} (\n{}",
        table_name(table),
        columns.join(",\n")
    );
    if let Some(pk) = table.primary_key() {
        let names: Vec<String> = table
            .primary_key_columns()
            .map(|c| quote(c.name()))
            .collect();
        out.push_str(&format!(
            ",\n\n{INDENT}CONSTRAINT {} PRIMARY KEY ({})",
            quote(pk.name.as_deref().unwrap_or_default()),
            names.join(",")
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
        table_name(fk.table()),
        cols.join(", "),
        table_name(fk.referenced_table()),
        refs.join(", "),
        actions(f.on_delete, f.on_update)
    )
}

fn create_index(index: IndexWalker<'_>) -> String {
    let using = match index.index().algorithm {
        None | Some(IndexAlgorithm::BTree) => "",
        Some(IndexAlgorithm::Hash) => " USING HASH ",
        Some(IndexAlgorithm::Gist) => " USING GIST ",
        Some(IndexAlgorithm::Gin) => " USING GIN ",
        Some(IndexAlgorithm::SpGist) => " USING SPGIST ",
        Some(IndexAlgorithm::Brin) => " USING BRIN ",
    };
    let columns: Vec<String> = index
        .columns()
        .map(|(c, opts)| {
            let mut out = quote(c.name());
            if let Some(class) = &opts.operator_class {
                out.push(' ');
                out.push_str(class);
            }
            match opts.sort {
                Some(SortOrder::Asc) => out.push_str(" ASC"),
                Some(SortOrder::Desc) => out.push_str(" DESC"),
                None => {}
            }
            out
        })
        .collect();
    format!(
        "CREATE {}INDEX {} ON {}{using}({})",
        if index.is_unique() { "UNIQUE " } else { "" },
        quote(index.name()),
        table_name(index.table()),
        columns.join(", ")
    ) + &where_clause(index)
}

/// ` WHERE predicate` of a partial index (as written in the schema, or as the database
/// reported it), or nothing.
fn where_clause(index: IndexWalker<'_>) -> String {
    match &index.index().predicate {
        Some(predicate) => format!(" WHERE {predicate}"),
        None => String::new(),
    }
}

fn drop_index(index: IndexWalker<'_>) -> String {
    format!(
        "DROP INDEX {}",
        qualified(index.table().namespace(), index.name())
    )
}

/// The `ALTER COLUMN` actions of one column change, in Prisma's order.
enum ColumnAction {
    SetDefault(DefaultValue),
    DropDefault,
    DropNotNull,
    SetNotNull,
    SetType,
    AddSequence,
}

fn expand_alter_column(
    columns: Pair<ColumnWalker<'_>>,
    changes: &ColumnChanges,
) -> Vec<ColumnAction> {
    let mut actions = Vec::new();
    let mut set_type = false;
    for change in changes.iter() {
        match change {
            ColumnChange::Default => match &columns.next.column().default {
                Some(d) => actions.push(ColumnAction::SetDefault(d.clone())),
                None => actions.push(ColumnAction::DropDefault),
            },
            ColumnChange::Arity => match (columns.previous.arity(), columns.next.arity()) {
                (ColumnArity::Required, ColumnArity::Nullable) => {
                    actions.push(ColumnAction::DropNotNull)
                }
                (ColumnArity::Nullable, ColumnArity::Required) => {
                    actions.push(ColumnAction::SetNotNull)
                }
                (ColumnArity::List, ColumnArity::Nullable) => {
                    set_type = true;
                    actions.push(ColumnAction::DropNotNull);
                }
                (ColumnArity::List, ColumnArity::Required) => {
                    set_type = true;
                    actions.push(ColumnAction::SetNotNull);
                }
                (_, ColumnArity::List) => set_type = true,
                _ => {}
            },
            ColumnChange::TypeChanged => set_type = true,
            ColumnChange::Autoincrement => {
                if columns.previous.column().auto_increment {
                    actions.push(ColumnAction::DropDefault);
                } else {
                    actions.push(ColumnAction::AddSequence);
                }
            }
        }
    }
    if set_type {
        actions.push(ColumnAction::SetType);
    }
    actions
}

fn render_alter_column(
    columns: Pair<ColumnWalker<'_>>,
    changes: &ColumnChanges,
    before: &mut Vec<String>,
    clauses: &mut Vec<String>,
    after: &mut Vec<String>,
) {
    let table = table_name(columns.previous.table());
    let prefix = format!("ALTER COLUMN {}", quote(columns.previous.name()));
    for action in expand_alter_column(columns, changes) {
        match action {
            ColumnAction::DropDefault => {
                clauses.push(format!("{prefix} DROP DEFAULT"));
                if let Some(DefaultValue::Sequence(sequence)) = &columns.previous.column().default {
                    let still_used = columns.next.schema.table_walkers().any(|t| {
                        t.columns().any(|c| {
                            c.id != columns.next.id
                                && matches!(&c.column().default, Some(DefaultValue::Sequence(s)) if s == sequence)
                        })
                    });
                    if !still_used {
                        after.push(format!("DROP SEQUENCE {}", quote(sequence)));
                    }
                }
            }
            ColumnAction::SetDefault(default) => {
                let next = columns.next.column();
                if let Some(d) =
                    render_default(&default, &next.tpe.family, &column_type(columns.next))
                {
                    clauses.push(format!("{prefix} SET DEFAULT {d}"));
                } else {
                    clauses.push(format!("{prefix} SET DEFAULT "));
                }
            }
            ColumnAction::DropNotNull => clauses.push(format!("{prefix} DROP NOT NULL")),
            ColumnAction::SetNotNull => clauses.push(format!("{prefix} SET NOT NULL")),
            ColumnAction::SetType => clauses.push(format!(
                "{prefix} SET DATA TYPE {}",
                column_type(columns.next)
            )),
            ColumnAction::AddSequence => {
                let namespace = match columns.next.table().namespace() {
                    Some(ns) => format!("{}.", quote(&ns.to_lowercase())),
                    None => String::new(),
                };
                let sequence = format!(
                    "{namespace}{}",
                    sequence_identifier(
                        &format!(
                            "{}_{}_seq",
                            columns.next.table().name(),
                            columns.next.name()
                        )
                        .to_lowercase()
                    )
                );
                before.push(format!("CREATE SEQUENCE {sequence}"));
                clauses.push(format!(
                    "{prefix} SET DEFAULT nextval({})",
                    string_literal(&sequence)
                ));
                after.push(format!(
                    "ALTER SEQUENCE {sequence} OWNED BY {table}.{}",
                    quote(columns.previous.name())
                ));
            }
        }
    }
}

fn alter_table(alter: &AlterTable, schemas: Pair<&SqlSchema>) -> Vec<String> {
    let tables = schemas.walk(alter.tables);
    let mut lines = Vec::new();
    let mut before = Vec::new();
    let mut after = Vec::new();
    let pk_name = |t: TableWalker<'_>| {
        quote(
            t.primary_key()
                .and_then(|pk| pk.name.as_deref())
                .unwrap_or_default(),
        )
    };
    for change in &alter.changes {
        match change {
            TableChange::DropPrimaryKey => {
                lines.push(format!("DROP CONSTRAINT {}", pk_name(tables.previous)))
            }
            TableChange::RenamePrimaryKey => lines.push(format!(
                "RENAME CONSTRAINT {} TO {}",
                pk_name(tables.previous),
                pk_name(tables.next)
            )),
            TableChange::AddPrimaryKey => {
                let named = match tables.next.primary_key().and_then(|pk| pk.name.as_deref()) {
                    Some(name) => format!("CONSTRAINT {} ", quote(name)),
                    None => String::new(),
                };
                let cols: Vec<String> = tables
                    .next
                    .primary_key_columns()
                    .map(|c| quote(c.name()))
                    .collect();
                lines.push(format!("ADD {named}PRIMARY KEY ({})", cols.join(", ")));
            }
            TableChange::AddColumn { column } => lines.push(format!(
                "ADD COLUMN {}",
                column_definition(schemas.next.walk(*column))
            )),
            TableChange::DropColumn { column } => lines.push(format!(
                "DROP COLUMN {}",
                quote(schemas.previous.walk(*column).name())
            )),
            TableChange::AlterColumn(alter_column) => render_alter_column(
                schemas.walk(alter_column.columns),
                &alter_column.changes,
                &mut before,
                &mut lines,
                &mut after,
            ),
            TableChange::DropAndRecreateColumn { columns, .. } => {
                let columns = schemas.walk(*columns);
                lines.push(format!("DROP COLUMN {}", quote(columns.previous.name())));
                lines.push(format!("ADD COLUMN {}", column_definition(columns.next)));
            }
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
    let statement = format!(
        "ALTER TABLE {} {}",
        table_name(tables.previous),
        lines.join(",\n")
    );
    before
        .into_iter()
        .chain(std::iter::once(statement))
        .chain(after)
        .collect()
}

fn alter_enum(alter: &AlterEnum, schemas: Pair<&SqlSchema>) -> Vec<String> {
    let enums = schemas.walk(alter.enums);
    if alter.dropped_values.is_empty() {
        let name = qualified(enums.previous.namespace(), enums.previous.name());
        let mut statements: Vec<String> = alter
            .created_values
            .iter()
            .map(|v| format!("ALTER TYPE {name} ADD VALUE {}", string_literal(v)))
            .collect();
        if statements.len() > 1 {
            statements[0] = format!(
                "-- This migration adds more than one value to an enum.\n\
                 -- With PostgreSQL versions 11 and earlier, this is not possible\n\
                 -- in a single migration. This can be worked around by creating\n\
                 -- multiple migrations, each migration adding only one value to\n\
                 -- the enum.\n\n\n{}",
                statements[0]
            );
        }
        return statements;
    }

    let temporary = format!("{}_new", enums.next.name());
    let temporary_name = qualified(enums.next.namespace(), &temporary);
    let old_name = format!("{}_old", enums.previous.name());
    let mut statements = vec!["BEGIN".to_owned()];
    let values: Vec<String> = enums
        .next
        .values()
        .iter()
        .map(|v| string_literal(v))
        .collect();
    statements.push(format!(
        "CREATE TYPE {temporary_name} AS ENUM ({})",
        values.join(", ")
    ));
    for (column, _) in &alter.previous_usages_as_default {
        let column = schemas.previous.walk(*column);
        statements.push(format!(
            "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT",
            table_name(column.table()),
            quote(column.name())
        ));
    }
    for table in schemas.next.table_walkers() {
        for column in table.columns() {
            if column.column().tpe.family != ColumnTypeFamily::Enum(enums.next.id) {
                continue;
            }
            let array = if column.arity() == ColumnArity::List {
                "[]"
            } else {
                ""
            };
            let name = quote(column.name());
            statements.push(format!(
                "ALTER TABLE {} ALTER COLUMN {name} TYPE {temporary_name}{array} USING ({name}::text::{temporary_name}{array})",
                table_name(table)
            ));
        }
    }
    statements.push(format!(
        "ALTER TYPE {} RENAME TO {}",
        qualified(enums.previous.namespace(), enums.previous.name()),
        quote(&old_name)
    ));
    statements.push(format!(
        "ALTER TYPE {temporary_name} RENAME TO {}",
        quote(enums.next.name())
    ));
    statements.push(format!(
        "DROP TYPE {}",
        qualified(enums.previous.namespace(), &old_name)
    ));
    for (previous, next) in &alter.previous_usages_as_default {
        let Some(next) = next else { continue };
        let columns = schemas.walk(Pair::new(*previous, *next));
        let next_column = columns.next.column();
        let Some(default) = next_column
            .default
            .as_ref()
            .and_then(|d| render_default(d, &next_column.tpe.family, &column_type(columns.next)))
        else {
            continue;
        };
        statements.push(format!(
            "ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {default}",
            table_name(columns.previous.table()),
            quote(columns.previous.name())
        ));
    }
    statements.push("COMMIT".to_owned());
    statements
}
