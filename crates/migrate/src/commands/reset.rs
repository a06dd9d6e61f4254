//! `migrate reset`'s first half: empty the database (the CLI then re-applies the migrations).

use driver::Connection;

use crate::history::HistoryError;

/// Drops everything in the database: on SQLite every view, trigger and table (indexes go with
/// their tables); on PostgreSQL the URL's schema, re-created empty (`DROP SCHEMA … CASCADE`),
/// which also drops its enums, sequences and functions; on MySQL the database, dropped and
/// created again (as Prisma resets it).
///
/// Without the right to drop the schema or database (a user who owns its tables but not the
/// schema: PostgreSQL 15's `public` belongs to the database owner), it falls back to dropping
/// what is in it one by one, as Prisma does; when that fails too, Prisma's P3016.
pub async fn reset_database(conn: &Connection) -> Result<(), HistoryError> {
    if super::dialect::drop_everything(conn).await.is_ok() {
        return Ok(());
    }
    best_effort_reset(conn)
        .await
        .map_err(|e| HistoryError::SoftResetFailed {
            error_code: e
                .code()
                .map(|c| format!("Error code: {c}\n"))
                .unwrap_or_default(),
            error: e.to_string(),
        })
}

/// Prisma's fallback: the tables, foreign keys and enums the describer finds, dropped as a
/// migration to an empty schema would drop them, then the history table.
async fn best_effort_reset(conn: &Connection) -> Result<(), HistoryError> {
    let dialect = crate::dialect::for_provider(conn.provider());
    let actual = crate::introspect::introspect(conn).await?;
    let empty = sql_schema::SqlSchema::default();
    let migration = crate::diff(&actual, &empty, dialect);
    if !migration.steps.is_empty() {
        conn.raw_cmd(&crate::render_script(&migration, dialect, &[]))
            .await?;
    }
    conn.raw_cmd(&format!(
        "DROP TABLE IF EXISTS {}",
        conn.provider()
            .quote_identifier(crate::history::MIGRATIONS_TABLE)
    ))
    .await?;
    Ok(())
}
