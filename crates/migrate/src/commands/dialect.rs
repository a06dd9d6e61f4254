//! What emptying, preparing or replaying into a database means per database (`migrate reset`,
//! `migrate deploy`, the diagnosis of a failed migration): only this module matches on the
//! provider for the commands.

use driver::postgres::quote_identifier;
use driver::{Connection, DatabaseUrl, Provider};
use sql_schema::SqlSchema;

use crate::history::{HistoryError, MigrationDirectory};

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

/// The schemas the history describes just before `migration` (after replaying `before`) and
/// just after it (or why it does not apply), replayed where the database's own objects stay
/// untouched: on SQLite a database in memory; on PostgreSQL a scratch schema created inside a
/// transaction that is rolled back (with statement and lock timeouts). `Err` says why it
/// cannot be done (MySQL, whose DDL cannot be rolled back; a script that manages transactions
/// itself; a replay that fails).
pub(crate) async fn replay_around(
    conn: &Connection,
    before: &[MigrationDirectory],
    migration: &MigrationDirectory,
) -> Result<(SqlSchema, Result<SqlSchema, String>), String> {
    match conn.provider() {
        Provider::Sqlite => {
            let scratch = Connection::sqlite_in_memory()
                .await
                .map_err(|e| e.to_string())?;
            super::replay::replay_then_describe(&scratch, before, migration, None).await
        }
        Provider::Postgres => replay_around_postgres(conn, before, migration).await,
        Provider::Mysql => {
            Err("MySQL cannot replay migrations in a transaction that is rolled back".to_owned())
        }
    }
}

/// [`replay_around`] on PostgreSQL: a scratch schema, first on the `search_path` (the URL's
/// schema after it, for the extensions' types), inside a transaction that is rolled back
/// whatever happens; the scratch schema's description is read as the URL schema's would be.
async fn replay_around_postgres(
    conn: &Connection,
    before: &[MigrationDirectory],
    migration: &MigrationDirectory,
) -> Result<(SqlSchema, Result<SqlSchema, String>), String> {
    for m in before.iter().chain(std::iter::once(migration)) {
        let script = m.read_script().map_err(|e| e.to_string())?;
        if super::manages_transactions(conn.provider(), &script) {
            return Err(format!(
                "the migration `{}` manages transactions itself, so the history cannot be replayed in one",
                m.name()
            ));
        }
    }
    let scratch = format!("_refract_check_{}", uuid::Uuid::new_v4().simple());
    let tx = conn.begin().await.map_err(|e| e.to_string())?;
    let setup = format!(
        "SET LOCAL statement_timeout = '60s'; SET LOCAL lock_timeout = '5s'; CREATE SCHEMA {q}; SET LOCAL search_path TO {q}, {url};",
        q = driver::postgres::quote_identifier(&scratch),
        url = driver::postgres::quote_identifier(conn.schema_name()),
    );
    let result = match conn.raw_cmd(&setup).await {
        Ok(()) => {
            super::replay::replay_then_describe(conn, before, migration, Some(&scratch)).await
        }
        Err(e) => Err(e.to_string()),
    };
    tx.rollback().await.map_err(|e| e.to_string())?;
    result
}
