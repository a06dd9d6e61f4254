//! `migrate deploy`: apply the folder's pending migrations.

use driver::{Connection, DatabaseUrl};

use super::diagnose::{FailedMigration, check_failed};
use super::script::{self, Plan};
use crate::history::{
    History, HistoryError, MigrationDirectory, MigrationRecord, MigrationsFolder, lock_file,
    script_matches_checksum,
};

/// What `deploy` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeployOutput {
    /// Every migration of the folder, in order.
    pub found: Vec<String>,
    /// The migrations this run applied, in order.
    pub applied: Vec<String>,
    /// Applied migrations whose script changed since (Prisma's deploy applies regardless; the
    /// CLI warns).
    pub edited: Vec<String>,
    /// Pending migrations older than a migration the database already applied: deploy applies
    /// them after it, out of the folder's order, as Prisma does (the CLI warns).
    pub out_of_order: Vec<String>,
}

/// Creates the database the URL names when it does not exist (`true` when it did), and on
/// PostgreSQL the URL's `?schema=` when that is missing, as Prisma's migrate commands do.
///
/// Several commands may race to create it (parallel deploys of a fresh environment): the one
/// whose `CREATE` loses to another's finds the database there and goes on, as if it had
/// existed (PostgreSQL reports such a loss as "already exists" or, when both run at the same
/// instant, as a duplicate key in its catalog).
pub async fn ensure_database(url: &DatabaseUrl) -> Result<bool, HistoryError> {
    refuse_system_database(url)?;
    if !driver::database_exists(url).await? {
        match driver::create_database(url).await {
            Ok(()) => return Ok(true),
            Err(e) if lost_a_creation_race(&e) && driver::database_exists(url).await? => {}
            // The server refused (no permission to create databases, …): Prisma's P3000.
            Err(e @ driver::Error::Database(_)) => {
                return Err(HistoryError::DatabaseCreationFailed {
                    database_error: e.to_string(),
                });
            }
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(create) = super::dialect::create_url_schema(url) {
        let conn = Connection::connect(url).await?;
        if let Err(e) = conn.raw_cmd(&create).await {
            // Created by a concurrent command between the check and the insert: try again.
            if !lost_a_creation_race(&e) {
                return Err(e.into());
            }
            conn.raw_cmd(&create).await?;
        }
    }
    Ok(false)
}

/// P3004 for a URL naming one of the server's own databases (MySQL's `mysql`, `sys`, …), which
/// Prisma Migrate never alters; every command that opens the database checks it first.
pub fn refuse_system_database(url: &DatabaseUrl) -> Result<(), HistoryError> {
    match url.system_database() {
        Some(name) => Err(HistoryError::SystemDatabase {
            database_name: name.to_owned(),
        }),
        None => Ok(()),
    }
}

/// Whether creating a database or schema failed because a concurrent command created it.
fn lost_a_creation_race(e: &driver::Error) -> bool {
    matches!(e, driver::Error::DatabaseAlreadyExists { .. })
        || e.as_database_error().is_some_and(|db| {
            // duplicate_database, duplicate_schema, unique_violation (pg_database_datname_index,
            // pg_namespace_nspname_index), MySQL's ER_DB_CREATE_EXISTS.
            matches!(db.code.as_str(), "42P04" | "42P06" | "23505" | "1007")
        })
}

/// Applies every migration of `folder` that the database has not applied, as Prisma does:
/// the lock file must match the database's provider (P3019); the migrate lock is taken; the
/// history table is created on an empty database (P3005 on a non-empty one without it); a
/// failed migration blocks everything (P3009, each with what the database says about its
/// changes and what to run); each script runs as one unit with its history row where the
/// database allows (see [`apply_migration`]) and a failure is recorded with its error (P3018).
pub async fn deploy(
    conn: &Connection,
    folder: &MigrationsFolder,
) -> Result<DeployOutput, HistoryError> {
    deploy_with_progress(conn, folder, &mut |_| {}).await
}

/// [`deploy`], calling `on_apply` with each migration's name just before it runs (the CLI
/// prints ``Applying migration `NAME` ``).
pub async fn deploy_with_progress(
    conn: &Connection,
    folder: &MigrationsFolder,
    on_apply: &mut (dyn FnMut(&str) + Send),
) -> Result<DeployOutput, HistoryError> {
    deploy_with_external(conn, folder, &[], on_apply).await
}

/// [`deploy_with_progress`] for a project whose `tables.external` (Prisma 7's config) names
/// tables managed elsewhere: those do not make the database "not empty" (P3005).
pub async fn deploy_with_external(
    conn: &Connection,
    folder: &MigrationsFolder,
    external_tables: &[String],
    on_apply: &mut (dyn FnMut(&str) + Send),
) -> Result<DeployOutput, HistoryError> {
    lock_file::check_provider(folder.path(), conn.provider().prisma_name())?;
    let migrations = folder.list()?;
    let history = History::new(conn);
    history.lock().await?;
    history.initialize_with_external(external_tables).await?;
    let records = history.load().await?.unwrap_or_default();
    detect_failed(&check_failed(conn, &migrations, &records).await)?;

    let mut output = DeployOutput {
        found: migrations.iter().map(|m| m.name().to_owned()).collect(),
        ..DeployOutput::default()
    };
    output.edited = edited_migrations(&migrations, &records)?;
    output.out_of_order = out_of_order(&migrations, &records);
    for migration in &migrations {
        let done = records
            .iter()
            .any(|r| r.rolled_back_at.is_none() && r.migration_name == migration.name());
        if done {
            continue;
        }
        on_apply(migration.name());
        apply(&history, migration).await?;
        output.applied.push(migration.name().to_owned());
    }
    Ok(output)
}

/// Runs one migration of the folder and records it in `_prisma_migrations` (which must
/// exist), as `deploy` and `migrate dev` do; a failure is recorded and returned as P3018.
pub async fn apply_migration(
    conn: &Connection,
    migration: &MigrationDirectory,
) -> Result<(), HistoryError> {
    apply(&History::new(conn), migration).await
}

/// Runs one migration and records it. Where DDL is transactional (SQLite, PostgreSQL) the
/// script runs in one transaction together with its history row, so that an interruption
/// (a killed process, a lost connection) leaves either both or neither: a SQLite script that
/// switches `PRAGMA foreign_keys` (a no-op inside a transaction) runs its opening and closing
/// `PRAGMA`s outside that transaction. Otherwise (MySQL, or a script that manages transactions
/// itself) it runs statement by statement, and a failure names the statement and says that
/// the ones before it stay applied.
pub(crate) async fn apply(
    history: &History<'_>,
    migration: &MigrationDirectory,
) -> Result<(), HistoryError> {
    let script = migration.read_script()?;
    let conn = history.connection();
    let Plan::Transaction {
        before,
        body,
        after,
        offset,
    } = script::plan(conn.provider(), &script)
    else {
        return apply_statement_by_statement(history, migration, &script).await;
    };
    if let Err((err, n)) = run_outside(conn, &before).await {
        let err = numbered_error(conn, migration, &err, n, Outcome::Nothing);
        let id = history.record_started(migration.name(), &script).await?;
        history.record_failed(&id, &err.to_string()).await?;
        return Err(err);
    }
    let tx = conn.begin().await?;
    let id = history.record_started(migration.name(), &script).await?;
    match conn.raw_cmd_numbered(&body).await {
        Ok(()) => {
            history.record_applied(&id).await?;
            tx.commit().await?;
            run_outside(conn, &after).await.map_err(|(e, _)| e)?;
            Ok(())
        }
        Err((err, n)) => {
            tx.rollback().await?;
            // Foreign keys back on for whatever the connection does next.
            let _ = run_outside(conn, &after).await;
            let err = numbered_error(
                conn,
                migration,
                &err,
                n.map(|n| n + offset),
                Outcome::RolledBack,
            );
            let id = history.record_started(migration.name(), &script).await?;
            history.record_failed(&id, &err.to_string()).await?;
            Err(err)
        }
    }
}

/// Runs the statements a transaction cannot hold (nothing when there are none).
async fn run_outside(
    conn: &Connection,
    statements: &str,
) -> Result<(), (driver::Error, Option<usize>)> {
    if statements.is_empty() {
        return Ok(());
    }
    conn.raw_cmd_numbered(statements).await
}

/// MySQL runs scripts statement by statement, committing each DDL statement implicitly, and
/// so does any database for a script that manages transactions itself: a failure leaves the
/// statements before it applied, and is recorded with the number of the failing statement, as
/// Prisma records it.
async fn apply_statement_by_statement(
    history: &History<'_>,
    migration: &MigrationDirectory,
    script: &str,
) -> Result<(), HistoryError> {
    let conn = history.connection();
    let id = history.record_started(migration.name(), script).await?;
    match conn.raw_cmd_numbered(script).await {
        Ok(()) => {
            history.record_applied(&id).await?;
            Ok(())
        }
        Err((err, statement)) => {
            let err = numbered_error(conn, migration, &err, statement, Outcome::Kept);
            history.record_failed(&id, &err.to_string()).await?;
            Err(err)
        }
    }
}

/// What stayed of a failed migration's statements before the failing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Nothing ran.
    Nothing,
    /// They ran in a transaction that was rolled back.
    RolledBack,
    /// They ran and were committed one by one.
    Kept,
}

/// P3018 with the failing statement's number (Prisma's "Please check the query number N")
/// and what became of the statements before it, with the way out.
fn numbered_error(
    conn: &Connection,
    migration: &MigrationDirectory,
    err: &driver::Error,
    statement: Option<usize>,
    outcome: Outcome,
) -> HistoryError {
    let vitess = conn.is_vitess();
    let mut err = apply_error(migration, err);
    if vitess
        && let HistoryError::ApplyMigration {
            database_error_code,
            database_error,
            ..
        } = &mut err
        && let Some(text) = vitess_error(database_error_code, database_error)
    {
        *database_error = text.to_owned();
    }
    if let HistoryError::ApplyMigration { database_error, .. } = &mut err {
        if let Some(n) = statement {
            database_error.push_str(&format!(
                "\n\nPlease check the query number {n} from the migration file."
            ));
        }
        let name = migration.name();
        let retry = format!(
            "fix the migration, mark it rolled back with `refract migrate resolve --rolled-back \"{name}\"`, and deploy again"
        );
        let note = match (outcome, statement) {
            (Outcome::Nothing, _) => format!("None of its statements were applied: {retry}."),
            (Outcome::RolledBack, _) => format!(
                "None of its statements were kept: the migration ran in a transaction that was rolled back. To recover, {retry}."
            ),
            (Outcome::Kept, Some(n)) if n > 1 => format!(
                "{} before it and {} in the database (this migration could not run in a transaction). Either undo {} by hand, then {retry}; or finish the migration by hand and mark it applied with `refract migrate resolve --applied \"{name}\"`.",
                if n == 2 {
                    "Statement 1 of the migration was applied".to_owned()
                } else {
                    format!("Statements 1 to {} of the migration were applied", n - 1)
                },
                if n == 2 { "stays" } else { "stay" },
                if n == 2 { "it" } else { "them" },
            ),
            (Outcome::Kept, Some(_)) => {
                format!("No statement of the migration was applied before it: {retry}.")
            }
            (Outcome::Kept, None) => format!(
                "Statements before the failing one may have been applied (this migration could not run in a transaction): check the database, undo them, then {retry}."
            ),
        };
        database_error.push_str(&format!("\n\n{note}"));
    }
    err
}

/// P3018 for a script the database rejected.
/// Prisma's P3021 and P3022, which it shows as the database error of a P3018 on Vitess
/// (PlanetScale): foreign keys refused (error 1317 there), and direct DDL switched off (the
/// generic error 1105 with that message).
fn vitess_error(code: &str, message: &str) -> Option<&'static str> {
    match (code, message) {
        ("1317", _) => Some(
            "Foreign keys cannot be created on this database. Learn more how to handle this: https://pris.ly/d/migrate-no-foreign-keys",
        ),
        ("1105", "direct DDL is disabled") => Some(
            "Direct execution of DDL (Data Definition Language) SQL statements is disabled on this database. Please read more here about how to handle this: https://pris.ly/d/migrate-no-direct-ddl",
        ),
        _ => None,
    }
}

fn apply_error(migration: &MigrationDirectory, err: &driver::Error) -> HistoryError {
    let (database_error_code, database_error) = match err.as_database_error() {
        Some(db) => (db.code.clone(), db.message.clone()),
        None => ("none".to_owned(), err.to_string()),
    };
    HistoryError::ApplyMigration {
        migration_name: migration.name().to_owned(),
        database_error_code,
        database_error,
    }
}

/// P3009 when a migration is failed (neither finished nor rolled back), each with what the
/// database says about its changes and the command that resolves it.
pub(crate) fn detect_failed(failed: &[FailedMigration]) -> Result<(), HistoryError> {
    let mut details = String::new();
    for f in failed {
        let r = &f.record;
        let logs = r
            .logs
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| format!(" with the following logs:\n{l}"))
            .unwrap_or_default();
        details.push_str(&format!(
            "The `{}` migration started at {} failed{logs}\n{}\n",
            r.migration_name,
            r.started_at.format("%Y-%m-%d %H:%M:%S%.f UTC"),
            f.advice()
        ));
    }
    if details.is_empty() {
        Ok(())
    } else {
        Err(HistoryError::FoundFailedMigrations { details })
    }
}

/// Folder migrations not applied yet that come before one the database applied.
pub(crate) fn out_of_order(
    migrations: &[MigrationDirectory],
    records: &[MigrationRecord],
) -> Vec<String> {
    let applied = |name: &str| {
        records
            .iter()
            .any(|r| r.is_applied() && r.migration_name == name)
    };
    let Some(last_applied) = migrations.iter().rposition(|m| applied(m.name())) else {
        return Vec::new();
    };
    migrations[..last_applied]
        .iter()
        .filter(|m| {
            !records
                .iter()
                .any(|r| r.rolled_back_at.is_none() && r.migration_name == m.name())
        })
        .map(|m| m.name().to_owned())
        .collect()
}

/// Applied migrations whose script no longer matches the recorded checksum.
pub(crate) fn edited_migrations(
    migrations: &[MigrationDirectory],
    records: &[MigrationRecord],
) -> Result<Vec<String>, HistoryError> {
    let mut edited = Vec::new();
    for m in migrations {
        let Some(record) = records
            .iter()
            .find(|r| r.is_applied() && r.migration_name == m.name())
        else {
            continue;
        };
        let script = m.read_script()?;
        if !script_matches_checksum(&script, &record.checksum) {
            edited.push(m.name().to_owned());
        }
    }
    Ok(edited)
}

#[cfg(test)]
mod vitess_tests {
    use super::vitess_error;

    #[test]
    fn planetscale_refusals_read_as_prisma_reports_them() {
        assert!(
            vitess_error("1317", "foreign key constraints are not allowed")
                .unwrap()
                .starts_with("Foreign keys cannot be created on this database.")
        );
        assert!(
            vitess_error("1105", "direct DDL is disabled")
                .unwrap()
                .starts_with(
                    "Direct execution of DDL (Data Definition Language) SQL statements is disabled"
                )
        );
        // Error 1105 is Vitess's catch-all: other messages stay as they are.
        assert_eq!(vitess_error("1105", "syntax error at position 3"), None);
        assert_eq!(vitess_error("1064", "You have an error"), None);
    }
}
