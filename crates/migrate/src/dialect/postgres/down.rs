//! PostgreSQL's down scripts: as its forward scripts, except for enums.
//!
//! - An enum value added back goes where it was (`ADD VALUE … BEFORE …`), not at the end as
//!   Prisma's forward scripts add values: the order of an enum's values is the order
//!   `ORDER BY` and comparisons use.
//! - When values are removed (the type is recreated and its columns moved to it), the columns
//!   moved are those that exist when the step runs, before the table changes of the same
//!   script: the columns of the schema before it (Prisma's forward scripts move the columns of
//!   the schema after it, so a column the same script drops still holds the old type, whose
//!   `DROP TYPE` then fails, and a column it adds is not there yet).

use sql_schema::{ColumnArity, ColumnTypeFamily, EnumId, MigrationStep, Pair, SqlSchema};

use crate::dialect::common::quote;

use super::render::{qualified, render_step, string_literal, table_name};

/// `ALTER TABLE … ALTER COLUMN … TYPE <type> USING …` for each column of `schema` of the enum
/// `id`, keyed by table and column name.
fn moved_columns(schema: &SqlSchema, id: EnumId, to: &str) -> Vec<((String, String), String)> {
    let mut out = Vec::new();
    for table in schema.table_walkers() {
        for column in table.columns() {
            if column.column().tpe.family != ColumnTypeFamily::Enum(id) {
                continue;
            }
            let array = if column.arity() == ColumnArity::List {
                "[]"
            } else {
                ""
            };
            let name = quote(column.name());
            out.push((
                (table.name().to_owned(), column.name().to_owned()),
                format!(
                    "ALTER TABLE {} ALTER COLUMN {name} TYPE {to}{array} USING ({name}::text::{to}{array})",
                    table_name(table)
                ),
            ));
        }
    }
    out
}

/// The statements of a down script's step.
pub(super) fn render_down_step(step: &MigrationStep, schemas: Pair<&SqlSchema>) -> Vec<String> {
    let MigrationStep::AlterEnum(alter) = step else {
        return render_step(step, schemas);
    };
    let enums = schemas.walk(alter.enums);
    if !alter.dropped_values.is_empty() {
        // A new type with every value in order; the columns moved to it are those there now.
        let to = qualified(
            enums.next.namespace(),
            &format!("{}_new", enums.next.name()),
        );
        let forward = moved_columns(schemas.next, enums.next.id, &to);
        let now = moved_columns(schemas.previous, enums.previous.id, &to);
        let mut statements = render_step(step, schemas);
        statements.retain(|s| !forward.iter().any(|(_, f)| f == s));
        let rename = format!(
            "ALTER TYPE {} RENAME TO ",
            qualified(enums.previous.namespace(), enums.previous.name())
        );
        let at = statements
            .iter()
            .position(|s| s.starts_with(&rename))
            .unwrap_or(statements.len());
        statements.splice(at..at, now.into_iter().map(|(_, s)| s));
        return statements;
    }
    let name = qualified(enums.previous.namespace(), enums.previous.name());
    let next = enums.next.values();
    let previous = enums.previous.values();
    let mut statements = Vec::new();
    for (i, value) in next.iter().enumerate() {
        if !alter.created_values.contains(value) {
            continue;
        }
        // Before the first value after it that the type already has.
        let before = next[i + 1..].iter().find(|v| previous.contains(*v));
        statements.push(match before {
            Some(b) => format!(
                "ALTER TYPE {name} ADD VALUE {} BEFORE {}",
                string_literal(value),
                string_literal(b)
            ),
            None => format!("ALTER TYPE {name} ADD VALUE {}", string_literal(value)),
        });
    }
    statements
}
