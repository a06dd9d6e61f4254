//! PostgreSQL extension steps, as Prisma writes them: `CREATE EXTENSION IF NOT EXISTS "name"`
//! with `WITH SCHEMA "schema" VERSION "version"` when the schema says them (the version as a
//! quoted identifier, as Prisma quotes it), `ALTER EXTENSION "name" UPDATE TO "version"` /
//! `SET SCHEMA "schema"`, and `DROP EXTENSION "name"`.

use crate::dialect::common::quote;
use sql_schema::{MigrationStep, Pair, SqlSchema};

/// The statements of an extension step (nothing for any other step).
pub(super) fn render(step: &MigrationStep, schemas: Pair<&SqlSchema>) -> Vec<String> {
    match step {
        MigrationStep::CreateExtension(id) => {
            let e = schemas.next.extension(*id);
            let mut sql = format!("CREATE EXTENSION IF NOT EXISTS {}", quote(&e.name));
            if !e.schema.is_empty() || !e.version.is_empty() {
                sql.push_str(" WITH");
            }
            if !e.schema.is_empty() {
                sql.push_str(" SCHEMA ");
                sql.push_str(&quote(&e.schema));
            }
            if !e.version.is_empty() {
                sql.push_str(" VERSION ");
                sql.push_str(&quote(&e.version));
            }
            vec![sql]
        }
        MigrationStep::DropExtension(id) => {
            vec![format!(
                "DROP EXTENSION {}",
                quote(&schemas.previous.extension(*id).name)
            )]
        }
        MigrationStep::AlterExtension(alter) => {
            let previous = schemas.previous.extension(alter.extensions.previous);
            let next = schemas.next.extension(alter.extensions.next);
            let mut out = Vec::new();
            if alter.update_version {
                out.push(format!(
                    "ALTER EXTENSION {} UPDATE TO {}",
                    quote(&previous.name),
                    quote(&next.version)
                ));
            }
            if alter.set_schema {
                out.push(format!(
                    "ALTER EXTENSION {} SET SCHEMA {}",
                    quote(&previous.name),
                    quote(&next.schema)
                ));
            }
            out
        }
        _ => Vec::new(),
    }
}
