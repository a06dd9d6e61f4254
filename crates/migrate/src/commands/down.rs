//! `migrate down`: revert the newest applied migrations with their `down.sql`, newest first,
//! and delete their rows from `_prisma_migrations` so that Refract and Prisma see them as
//! pending again.
//!
//! [`plan_down`] decides (which migrations, in which order, and whether each can be reverted)
//! and returns the plan as data; the CLI shows it and asks; [`apply_down`] runs it on the same
//! connection, which still holds the migrate lock [`plan_down`] took.

use driver::Connection;

use super::script::{self, Plan};
use crate::history::{
    History, HistoryError, MigrationDirectory, MigrationsFolder, lock_file, script_matches_checksum,
};

/// How far `migrate down` goes back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownTarget {
    /// The `n` newest applied migrations (`--steps N`).
    Steps(usize),
    /// Every migration applied after the named one, which stays applied (`--to NAME`).
    To(String),
}

/// One migration to revert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownStep {
    /// The migration.
    pub migration: MigrationDirectory,
    /// Its `down.sql`.
    pub script: String,
    /// The data-loss warnings of the script's header ([`crate::down::warnings_of`]).
    pub warnings: Vec<String>,
}

impl DownStep {
    /// The migration's name.
    pub fn name(&self) -> &str {
        self.migration.name()
    }
}

/// What `migrate down` will do: the migrations to revert, newest first (empty: nothing to do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DownPlan {
    /// The migrations, in the order they are reverted.
    pub steps: Vec<DownStep>,
}

/// Why `migrate down` refuses or stopped. Refusals come before anything ran.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DownError {
    /// Reading the history or the folder failed.
    #[error(transparent)]
    History(#[from] HistoryError),
    /// A migration to revert has no `down.sql`.
    #[error(
        "The migration `{migration}` has no down script: `{path}` does not exist, so it cannot be reverted. Write that file (the SQL that undoes its migration.sql), then run `refract migrate down` again. (`refract migrate dev --with-down` writes one for every new migration.) Nothing was reverted."
    )]
    NoDownScript {
        /// The migration.
        migration: String,
        /// The missing file.
        path: String,
    },
    /// A migration to revert was edited after it was applied.
    #[error(
        "The migration `{migration}` was modified after it was applied: its migration.sql no longer matches the checksum recorded in `_prisma_migrations`, so its down.sql may not undo what the database ran. Restore migration.sql as it was when it was applied (from version control), then run `refract migrate down` again. Nothing was reverted."
    )]
    Edited {
        /// The migration.
        migration: String,
    },
    /// The down script was written for another version of the migration's script.
    #[error(
        "The down script of the migration `{migration}` was written for another version of its migration.sql (the file changed after `refract migrate dev --with-down` wrote down.sql, as after `--create-only` and an edit), so it may not undo what the database ran. Check that `{path}` undoes the migration.sql that was applied, then delete its last line (`-- refract: down script of …`) and run `refract migrate down` again. Nothing was reverted."
    )]
    StaleDownScript {
        /// The migration.
        migration: String,
        /// The down script.
        path: String,
    },
    /// A migration to revert is applied but its folder is gone.
    #[error(
        "The migration `{migration}` is applied to the database but missing from the local migrations directory, so it has no down.sql to revert it with. Restore its folder (from version control), then run `refract migrate down` again. Nothing was reverted."
    )]
    MissingFromFolder {
        /// The migration.
        migration: String,
    },
    /// `--to` names no migration the database applied.
    #[error(
        "`--to {name}`: {reason}. Pass the full name of an applied migration (example: \"20201207184859_initial_migration\"); `refract migrate status` lists them. Nothing was reverted."
    )]
    UnknownTarget {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// `--steps` asks for more migrations than are applied.
    #[error(
        "`--steps {steps}` asks for more migrations than the database has applied ({applied}). Pass `--steps {applied}` to revert every one. Nothing was reverted."
    )]
    TooManySteps {
        /// The number asked for.
        steps: usize,
        /// The number applied.
        applied: usize,
    },
    /// A migration is failed: the history must be resolved first.
    #[error(
        "The migration `{migration}` failed and is neither applied nor rolled back. Resolve it first (`refract migrate status` says how), then run `refract migrate down` again. Nothing was reverted."
    )]
    FailedMigration {
        /// The migration.
        migration: String,
    },
    /// A down script failed.
    #[error(
        "The down script of the migration `{migration}` failed.\n\nDatabase error code: {database_error_code}\n\nDatabase error:\n{database_error}\n\n{outcome}"
    )]
    RevertFailed {
        /// The migration.
        migration: String,
        /// SQLSTATE (PostgreSQL) or the database's error number.
        database_error_code: String,
        /// The database's message.
        database_error: String,
        /// What stayed, what was reverted before it, and what to do.
        outcome: String,
    },
}

impl From<driver::Error> for DownError {
    fn from(e: driver::Error) -> Self {
        DownError::History(e.into())
    }
}

impl DownError {
    /// Prisma's error code, when the error is one of Prisma's (a history error).
    pub fn code(&self) -> Option<&'static str> {
        match self {
            DownError::History(e) => e.code(),
            _ => None,
        }
    }
}

/// Takes the migrate lock (kept until `conn` closes, so run [`apply_down`] on the same
/// connection) and decides which migrations to revert, newest applied first (an empty plan
/// when the database has applied none, or `To` names the newest). Refuses, before anything
/// runs, when a migration to revert has no `down.sql`, was edited after it was applied (its
/// checksum differs), has a `down.sql` written for another version of it
/// ([`crate::down::source_checksum`]) or is gone from the folder, when any migration is failed, or when the
/// target is unknown.
pub async fn plan_down(
    conn: &Connection,
    folder: &MigrationsFolder,
    target: &DownTarget,
) -> Result<DownPlan, DownError> {
    lock_file::check_provider(folder.path(), conn.provider().prisma_name())?;
    let history = History::new(conn);
    history.lock().await?;
    let records = history.load().await?.unwrap_or_default();
    if let Some(failed) = records.iter().find(|r| r.is_failed()) {
        return Err(DownError::FailedMigration {
            migration: failed.migration_name.clone(),
        });
    }
    // Applied migrations in the order they were applied (rows are loaded by `started_at`).
    let mut applied: Vec<&crate::history::MigrationRecord> = Vec::new();
    for r in records.iter().filter(|r| r.is_applied()) {
        if !applied.iter().any(|a| a.migration_name == r.migration_name) {
            applied.push(r);
        }
    }
    let count = match target {
        // Nothing applied: nothing to do, however many steps were asked for.
        DownTarget::Steps(_) if applied.is_empty() => 0,
        DownTarget::Steps(n) if *n > applied.len() => {
            return Err(DownError::TooManySteps {
                steps: *n,
                applied: applied.len(),
            });
        }
        DownTarget::Steps(n) => *n,
        DownTarget::To(name) => match applied.iter().position(|r| &r.migration_name == name) {
            Some(i) => applied.len() - 1 - i,
            None => {
                let in_folder = folder.find(name)?.is_some();
                let reason = if in_folder {
                    format!("the migration `{name}` is not applied to the database")
                } else {
                    format!(
                        "no migration named `{name}` is applied to the database or in the migrations directory"
                    )
                };
                return Err(DownError::UnknownTarget {
                    name: name.clone(),
                    reason,
                });
            }
        },
    };
    let migrations = folder.list()?;
    let mut plan = DownPlan::default();
    for record in applied.iter().rev().take(count) {
        let name = &record.migration_name;
        let Some(migration) = migrations.iter().find(|m| m.name() == name) else {
            return Err(DownError::MissingFromFolder {
                migration: name.clone(),
            });
        };
        let up = migration.read_script()?;
        if !script_matches_checksum(&up, &record.checksum) {
            return Err(DownError::Edited {
                migration: name.clone(),
            });
        }
        let path = migration.down_script_path().display().to_string();
        let Some(script) = migration.read_down_script()? else {
            return Err(DownError::NoDownScript {
                migration: name.clone(),
                path,
            });
        };
        if let Some(written_for) = crate::down::source_checksum(&script)
            && !script_matches_checksum(&up, written_for)
        {
            return Err(DownError::StaleDownScript {
                migration: name.clone(),
                path,
            });
        }
        plan.steps.push(DownStep {
            migration: migration.clone(),
            warnings: crate::down::warnings_of(&script),
            script,
        });
    }
    Ok(plan)
}

/// Runs a plan of [`plan_down`] on the connection that made it, calling `on_revert` with each
/// migration's name just before its script runs; returns the names reverted. Each down script
/// runs as one unit with the deletion of its history rows where the database allows (as
/// `deploy` applies a migration with its row: SQLite, PostgreSQL); on MySQL, for a script
/// that manages transactions itself, or one that adds an enum value (which PostgreSQL cannot
/// use in the transaction that added it), statement by statement, then the rows are deleted. A
/// failure stops there: the migrations reverted before it stay reverted.
pub async fn apply_down(
    conn: &Connection,
    plan: &DownPlan,
    on_revert: &mut (dyn FnMut(&str) + Send),
) -> Result<Vec<String>, DownError> {
    let history = History::new(conn);
    let mut reverted = Vec::new();
    for step in &plan.steps {
        on_revert(step.name());
        revert(&history, step, &reverted).await?;
        reverted.push(step.name().to_owned());
    }
    Ok(reverted)
}

/// Reverts one migration: its down script and the deletion of its rows.
async fn revert(
    history: &History<'_>,
    step: &DownStep,
    reverted: &[String],
) -> Result<(), DownError> {
    let conn = history.connection();
    if adds_enum_values(&step.script) {
        // One statement at a time, each committed on its own (PostgreSQL runs a script sent
        // at once as one implicit transaction).
        for (i, statement) in script::statements(&step.script).iter().enumerate() {
            if let Err(err) = conn.raw_cmd(statement.text).await {
                return Err(failure(step, &err, Some(i + 1), Stayed::Kept, reverted));
            }
        }
        history.forget(step.name()).await?;
        return Ok(());
    }
    let plan = script::plan(conn.provider(), &step.script);
    let Plan::Transaction {
        before,
        body,
        after,
        offset,
    } = plan
    else {
        return match conn.raw_cmd_numbered(&step.script).await {
            Ok(()) => {
                history.forget(step.name()).await?;
                Ok(())
            }
            Err((err, n)) => Err(failure(step, &err, n, Stayed::Kept, reverted)),
        };
    };
    if !before.is_empty()
        && let Err((err, n)) = conn.raw_cmd_numbered(&before).await
    {
        return Err(failure(step, &err, n, Stayed::Nothing, reverted));
    }
    let tx = conn.begin().await?;
    let outcome = match conn.raw_cmd_numbered(&body).await {
        Ok(()) => history.forget(step.name()).await.map_err(DownError::from),
        Err((err, n)) => Err(failure(
            step,
            &err,
            n.map(|n| n + offset),
            Stayed::RolledBack,
            reverted,
        )),
    };
    match outcome {
        Ok(_) => tx.commit().await?,
        Err(e) => {
            tx.rollback().await?;
            if !after.is_empty() {
                let _ = conn.raw_cmd_numbered(&after).await;
            }
            return Err(e);
        }
    }
    if !after.is_empty() {
        conn.raw_cmd_numbered(&after).await.map_err(|(e, _)| e)?;
    }
    Ok(())
}

/// Whether the script adds a value to an enum type (`ALTER TYPE … ADD VALUE`, PostgreSQL):
/// the down script of a migration that removed a value adds it back, often with a default
/// that uses it, and PostgreSQL refuses a new value used in the transaction that added it
/// (55P04), so such a script runs statement by statement, each committed.
fn adds_enum_values(script: &str) -> bool {
    script::statements(script).iter().any(|s| {
        let words: Vec<String> = s
            .code
            .split_whitespace()
            .map(str::to_ascii_uppercase)
            .collect();
        words.first().is_some_and(|w| w == "ALTER")
            && words.get(1).is_some_and(|w| w == "TYPE")
            && words.windows(2).any(|w| w[0] == "ADD" && w[1] == "VALUE")
    })
}

/// What stayed of a failed down script's statements before the failing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stayed {
    /// Nothing ran.
    Nothing,
    /// They ran in a transaction that was rolled back.
    RolledBack,
    /// They ran and were committed one by one.
    Kept,
}

fn failure(
    step: &DownStep,
    err: &driver::Error,
    statement: Option<usize>,
    stayed: Stayed,
    reverted: &[String],
) -> DownError {
    let (database_error_code, mut database_error) = match err.as_database_error() {
        Some(db) => (db.code.clone(), db.message.clone()),
        None => ("none".to_owned(), err.to_string()),
    };
    if let Some(n) = statement {
        database_error.push_str(&format!(
            "\n\nPlease check the query number {n} from the down script."
        ));
    }
    let name = step.name();
    let path = step.migration.down_script_path().display().to_string();
    let mut outcome = match (stayed, statement) {
        (Stayed::Nothing | Stayed::RolledBack, _) | (Stayed::Kept, Some(1)) => format!(
            "None of its statements were kept: the migration `{name}` is still applied and recorded. Fix `{path}`, then run `refract migrate down` again."
        ),
        (Stayed::Kept, _) => format!(
            "The statements before the failing one ran and stay in the database (this script could not run in a transaction), and the migration `{name}` is still recorded as applied. Either finish reverting by hand (the rest of `{path}`) and delete its row (`DELETE FROM _prisma_migrations WHERE migration_name = '{name}'`), or undo those statements by hand; then fix the script before running `refract migrate down` again."
        ),
    };
    if !reverted.is_empty() {
        outcome.push_str(&format!(
            "\n\nReverted before it, and pending again: {}.",
            reverted
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    DownError::RevertFailed {
        migration: name.to_owned(),
        database_error_code,
        database_error,
        outcome,
    }
}
