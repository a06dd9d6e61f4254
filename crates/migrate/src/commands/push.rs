//! `db push`: the schema's tables applied to the database without a migration. What the push
//! would change, and what it would do to the data, is decided here and returned as data
//! ([`PushPlan`]); the CLI asks about data loss and prints.

use driver::Connection;
use sql_schema::SqlSchema;

use crate::Dialect;
use crate::history::HistoryError;

/// What `db push` would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushPlan {
    /// The database already matches the schema.
    InSync,
    /// Changes to apply.
    Changes {
        /// The script that applies them.
        script: String,
        /// Data-loss warnings (the CLI asks, or `--accept-data-loss`).
        warnings: Vec<String>,
        /// Changes that cannot run on the data there (`--force-reset` drops it first).
        unexecutable: Vec<String>,
    },
}

/// Compares the database behind `conn` (its namespaces and, with `extensions`, its PostgreSQL
/// extensions; `without_external` leaves out the config file's external tables and enums)
/// with `target`, the schema's calculated tables.
pub async fn plan_push(
    conn: &Connection,
    target: &SqlSchema,
    dialect: &dyn Dialect,
    extensions: bool,
    without_external: &dyn Fn(SqlSchema) -> SqlSchema,
) -> Result<PushPlan, HistoryError> {
    let current =
        crate::introspect::introspect_with_extensions(conn, &target.namespaces, extensions).await?;
    let current = without_external(current);
    let migration = crate::diff(&current, target, dialect);
    if migration.steps.is_empty() {
        return Ok(PushPlan::InSync);
    }
    let report = super::check_destructive(conn, &migration).await?;
    Ok(PushPlan::Changes {
        script: crate::render_script(&migration, dialect, &[]),
        warnings: report.warnings,
        unexecutable: report.unexecutable,
    })
}
