//! What emptying or preparing a database means per database (`migrate reset`, `migrate
//! deploy`), and replaying a history into it for the diagnosis of a failed migration
//! (`replay.rs`): only this module matches on the provider for the commands.

mod replay;

pub(crate) use replay::replay_around;

use driver::postgres::quote_identifier;
use driver::{Connection, DatabaseUrl, Provider};

use crate::history::HistoryError;

/// The statement creating the URL's own namespace when it is not the default one: PostgreSQL's
/// `?schema=` other than `public` (`CREATE SCHEMA IF NOT EXISTS …`), as Prisma's migrate
/// commands create it; `None` elsewhere (a MySQL or SQLite URL names the database itself).
pub(crate) fn create_url_schema(url: &DatabaseUrl) -> Option<String> {
    match url {
        DatabaseUrl::Postgres(p) if p.schema != "public" => Some(format!(
            "CREATE SCHEMA IF NOT EXISTS {}",
            quote_identifier(&p.schema)
        )),
        _ => None,
    }
}

/// Drops everything in the database: see [`crate::commands::reset_database`].
pub(crate) async fn drop_everything(conn: &Connection) -> Result<(), HistoryError> {
    match conn.provider() {
        Provider::Sqlite => {
            let objects = conn
                .query(
                    "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger', 'table') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY CASE type WHEN 'trigger' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, name",
                    &[],
                )
                .await?;
            let mut script = String::from("PRAGMA foreign_keys=OFF;\n");
            for row in objects.iter() {
                let (Some(kind), Some(name)) = (row.text("type"), row.text("name")) else {
                    continue;
                };
                let kind = kind.to_ascii_uppercase();
                script.push_str(&format!(
                    "DROP {kind} IF EXISTS {};\n",
                    quote_identifier(name)
                ));
            }
            script.push_str("PRAGMA foreign_keys=ON;\n");
            conn.raw_cmd(&script).await?;
            conn.raw_cmd("VACUUM").await?;
        }
        Provider::Postgres => {
            let schema = quote_identifier(conn.schema_name());
            conn.raw_cmd(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE;\nCREATE SCHEMA {schema};"
            ))
            .await?;
        }
        Provider::Mysql => {
            let db = driver::mysql::quote_identifier(conn.schema_name());
            conn.raw_cmd(&format!(
                "DROP DATABASE IF EXISTS {db};\nCREATE DATABASE {db};\nUSE {db};"
            ))
            .await?;
        }
    }
    Ok(())
}
