//! Replaying a history around one migration where the database's own objects stay untouched,
//! per database (the check of a failed migration, `commands/diagnose.rs`).

use driver::{Connection, Provider};
use sql_schema::SqlSchema;

use crate::history::MigrationDirectory;

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
            crate::commands::replay::replay_then_describe(&scratch, before, migration, None).await
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
        if crate::commands::manages_transactions(conn.provider(), &script) {
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
            crate::commands::replay::replay_then_describe(conn, before, migration, Some(&scratch))
                .await
        }
        Err(e) => Err(e.to_string()),
    };
    tx.rollback().await.map_err(|e| e.to_string())?;
    result
}
