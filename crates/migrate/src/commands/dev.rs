//! `migrate dev` as the engine decides it, step by step, each step's decision returned as data;
//! the CLI only prompts (reset, data-loss warnings, the migration's name) and prints:
//!
//! 1. [`Dev::check`]: the history as the database knows it, and whether the database must be
//!    reset ([`ResetReason`]: failed, edited or deleted migrations, or drift);
//! 2. [`Dev::reset`] when the user agrees, then [`Dev::apply_pending`]: the pending migrations,
//!    applied and recorded (and replayed into the shadow database);
//! 3. [`Dev::plan_migration`]: the schema's changes as a migration to write, with the
//!    destructive-change checks against the live data ([`DevMigration`]);
//! 4. [`Dev::write`]: the migration (and its `down.sql`) in the folder; [`Dev::apply`] runs it.

use std::path::PathBuf;

use driver::Connection;
use sql_schema::SqlSchema;

use super::{HistoryMethod, NewMigration};
use crate::Dialect;
use crate::history::{HistoryError, MigrationDirectory, MigrationsFolder, lock_file};

/// One `migrate dev` run: the database, the shadow database when the history needs one, the
/// migrations folder, and the schema's target.
pub struct Dev<'a> {
    /// The development database.
    pub conn: &'a Connection,
    /// The shadow database, when [`history_method`] says the history needs one.
    pub shadow: Option<&'a Connection>,
    /// The migrations folder.
    pub folder: &'a MigrationsFolder,
    /// The schema's dialect.
    pub dialect: &'static dyn Dialect,
    /// The schema's tables ([`crate::calculate()`]), external ones left out.
    pub target: SqlSchema,
    /// Whether the schema manages PostgreSQL extensions ([`crate::manages_extensions`]).
    pub extensions: bool,
    /// The config file's `tables.external`: managed elsewhere, never compared.
    pub external_tables: &'a [String],
    /// The config file's `enums.external`.
    pub external_enums: &'a [String],
}

/// Why the development database must be reset before `migrate dev` can go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetReason {
    /// These migrations failed.
    FailedMigrations(Vec<String>),
    /// These applied migrations were edited since.
    Edited(Vec<String>),
    /// These applied migrations are missing from the folder.
    MissingFromFolder(Vec<String>),
    /// The database drifted from the history: the summary of the differences.
    Drift(String),
}

impl std::fmt::Display for ResetReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResetReason::FailedMigrations(names) => {
                write!(f, "The migration(s) `{}` failed.", names.join("`, `"))
            }
            ResetReason::Edited(names) => write!(
                f,
                "The following migration(s) were modified after they were applied:\n{}",
                names.join("\n")
            ),
            ResetReason::MissingFromFolder(names) => write!(
                f,
                "The following migration(s) are applied to the database but missing from the local migrations directory: {}",
                names.join(", ")
            ),
            ResetReason::Drift(summary) => write!(
                f,
                "Drift detected: Your database schema is not in sync with your migration history.\n\nThe following is a summary of the differences between the expected database schema given your migrations files, and the actual schema of the database.\n\nIt should be understood as the set of changes to get from the expected schema to the actual schema.\n\n{summary}"
            ),
        }
    }
}

/// What [`Dev::check`] found.
#[derive(Debug, Clone)]
pub struct DevCheck {
    /// Why the database must be reset first, if it must.
    pub reset: Option<ResetReason>,
    /// Every migration of the folder.
    migrations: Vec<MigrationDirectory>,
    /// The migrations the shadow database has not replayed yet.
    pending: Vec<MigrationDirectory>,
}

/// The migration `migrate dev` writes for the schema's changes ([`Dev::plan_migration`]).
#[derive(Debug, Clone)]
pub enum DevMigration {
    /// No change and no draft asked for: nothing is written ("Already in sync").
    InSync,
    /// A migration to write.
    Write(MigrationToWrite),
}

/// A migration to write, checked against the live data.
#[derive(Debug, Clone)]
pub struct MigrationToWrite {
    /// Its `migration.sql` (ending with a newline; the warnings as comments).
    pub script: String,
    /// Data-loss warnings: applying it needs the user's confirmation.
    pub warnings: Vec<String>,
    /// Steps that cannot run on the current data: nothing may be applied.
    pub unexecutable: Vec<String>,
    /// The schema the history describes before it (its `down.sql` goes back there).
    from: SqlSchema,
}

/// What [`Dev::write`] wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// The new migration.
    pub migration: MigrationDirectory,
    /// Its `down.sql`, when one was asked for.
    pub down_script: Option<PathBuf>,
}

/// How `migrate dev` learns the history's schema (interpreted, or replayed into a shadow
/// database, saying why), for the database behind `conn`.
pub fn history_method(
    conn: &Connection,
    folder: &MigrationsFolder,
    init_shadow_db: bool,
    namespaces: &[String],
    extensions: bool,
) -> Result<HistoryMethod, HistoryError> {
    Ok(super::plan_history(
        super::interpreter_dialect(conn.provider(), conn.is_mariadb()),
        &folder.list()?,
        init_shadow_db,
        namespaces,
        extensions,
    )?
    .method)
}

impl Dev<'_> {
    fn without_external(&self, schema: SqlSchema) -> SqlSchema {
        if self.external_tables.is_empty() && self.external_enums.is_empty() {
            schema
        } else {
            schema.without_external(self.external_tables, self.external_enums)
        }
    }

    fn namespaces(&self) -> &[String] {
        &self.target.namespaces
    }

    async fn describe(&self, conn: &Connection) -> Result<SqlSchema, HistoryError> {
        Ok(
            crate::introspect::introspect_with_extensions(conn, self.namespaces(), self.extensions)
                .await?,
        )
    }

    /// The schema `migrations` describe: replayed into the shadow database when there is
    /// one, interpreted otherwise.
    async fn history_schema(
        &self,
        migrations: &[MigrationDirectory],
        shadow: Option<&Connection>,
    ) -> Result<SqlSchema, HistoryError> {
        let Some(shadow) = shadow else {
            let dialect = super::interpreter_dialect(self.conn.provider(), self.conn.is_mariadb());
            return super::interpret_migrations(dialect, migrations)?
                .map_err(|e| HistoryError::Uninterpretable(e.to_string()));
        };
        super::apply_to_shadow(shadow, migrations).await?;
        self.describe(shadow).await
    }

    /// Step 1: the history as the database knows it, and whether the database must be
    /// reset. A history that already needs one (failed, edited or deleted migrations) is not
    /// replayed: its replay may fail (a deleted migration's tables are missing) and drift is
    /// beside the point.
    pub async fn check(&self) -> Result<DevCheck, HistoryError> {
        let migrations = self.folder.list()?;
        let report = super::status(self.conn, self.folder).await?;
        let applied: Vec<_> = migrations
            .iter()
            .filter(|m| !report.unapplied.contains(&m.name().to_owned()))
            .filter(|m| !report.failed.iter().any(|f| f.migration_name == m.name()))
            .cloned()
            .collect();
        let reset = if !report.failed.is_empty() {
            Some(ResetReason::FailedMigrations(
                report
                    .failed
                    .iter()
                    .map(|f| f.migration_name.clone())
                    .collect(),
            ))
        } else if !report.edited.is_empty() {
            Some(ResetReason::Edited(report.edited.clone()))
        } else if !report.missing_from_folder.is_empty() {
            Some(ResetReason::MissingFromFolder(
                report.missing_from_folder.clone(),
            ))
        } else {
            None
        };
        let history_broken = reset.is_some();
        let reset = match reset {
            Some(reason) => Some(reason),
            None => {
                let expected = self.history_schema(&applied, self.shadow).await?;
                let expected = self.without_external(expected);
                let actual = self.without_external(self.describe(self.conn).await?);
                let drift = crate::diff(&expected, &actual, self.dialect);
                (!drift.steps.is_empty()).then(|| ResetReason::Drift(crate::drift_summary(&drift)))
            }
        };
        let pending = migrations
            .iter()
            .filter(|m| history_broken || !applied.iter().any(|a| a.name() == m.name()))
            .cloned()
            .collect();
        Ok(DevCheck {
            reset,
            migrations,
            pending,
        })
    }

    /// Empties the development database (after the user agreed to [`DevCheck::reset`]).
    pub async fn reset(&self) -> Result<(), HistoryError> {
        super::reset_database(self.conn).await
    }

    /// Step 2: applies and records the pending migrations (`on_apply` hears each name before
    /// it runs), and replays them into the shadow database. Returns the applied names.
    pub async fn apply_pending(
        &self,
        check: &DevCheck,
        on_apply: &mut (dyn FnMut(&str) + Send),
    ) -> Result<Vec<String>, HistoryError> {
        let out =
            super::deploy_with_external(self.conn, self.folder, self.external_tables, on_apply)
                .await?;
        if let Some(shadow) = self.shadow {
            super::apply_to_shadow(shadow, &check.pending).await?;
        }
        Ok(out.applied)
    }

    /// Step 3: the schema's changes since the history, as the migration to write
    /// (`draft`: `--create-only`, which writes an empty migration when nothing changed), its
    /// script and what it would do to the data in the database.
    pub async fn plan_migration(
        &self,
        check: &DevCheck,
        draft: bool,
    ) -> Result<DevMigration, HistoryError> {
        let from = match self.shadow {
            Some(shadow) => self.describe(shadow).await?,
            None => self.history_schema(&check.migrations, None).await?,
        };
        let from = self.without_external(from);
        let migration = crate::diff(&from, &self.target, self.dialect);
        if super::new_migration(&migration, draft) == NewMigration::InSync {
            return Ok(DevMigration::InSync);
        }
        let checks = super::check_destructive(self.conn, &migration).await?;
        let mut script = crate::render_script(&migration, self.dialect, &checks.warnings);
        if !script.ends_with('\n') {
            script.push('\n');
        }
        drop(migration);
        Ok(DevMigration::Write(MigrationToWrite {
            script,
            warnings: checks.warnings,
            unexecutable: checks.unexecutable,
            from,
        }))
    }

    /// Step 4: writes `migration` into the folder under `name` (a slug, possibly empty), with
    /// the lock file when the folder has none, and, with `with_down`, its `down.sql`: the
    /// differ in reverse, from the schema after it (the shadow database with the migration
    /// applied, or the history interpreted with it; the target where neither works) back to
    /// the schema before it.
    pub async fn write(
        &self,
        check: &DevCheck,
        migration: &MigrationToWrite,
        name: &str,
        with_down: bool,
    ) -> Result<Written, HistoryError> {
        let path = self.folder.path();
        std::fs::create_dir_all(path).map_err(|source| HistoryError::Io {
            path: path.to_owned(),
            source,
        })?;
        if lock_file::read(path)?.is_none() {
            lock_file::write(path, self.conn.provider().prisma_name())?;
        }
        let created = self.folder.create_migration(
            &self.folder.next_timestamp()?,
            name,
            &migration.script,
        )?;
        let down_script = if with_down {
            let after = self.after(check, &created).await?;
            let down = crate::down::down_script(&after, &migration.from, self.dialect);
            created.write_down_script(&crate::down::mark_source(&down, &migration.script))?;
            Some(created.down_script_path())
        } else {
            None
        };
        Ok(Written {
            migration: created,
            down_script,
        })
    }

    /// The schema after `created`, for its `down.sql`.
    async fn after(
        &self,
        check: &DevCheck,
        created: &MigrationDirectory,
    ) -> Result<SqlSchema, HistoryError> {
        let after = match self.shadow {
            Some(shadow) => {
                match super::apply_to_shadow(shadow, std::slice::from_ref(created)).await {
                    Ok(()) => Some(
                        crate::introspect::introspect_namespaces(shadow, self.namespaces()).await?,
                    ),
                    Err(_) => None,
                }
            }
            None => {
                let mut all = check.migrations.clone();
                all.push(created.clone());
                self.history_schema(&all, None).await.ok()
            }
        };
        Ok(match after {
            Some(after) => self.without_external(after),
            None => self.target.clone(),
        })
    }

    /// Applies the migration [`Dev::write`] wrote, and records it.
    pub async fn apply(&self, written: &Written) -> Result<(), HistoryError> {
        super::apply_migration(self.conn, &written.migration).await
    }
}

#[cfg(test)]
mod tests {
    use super::ResetReason;

    #[test]
    fn reset_reasons_read_as_prisma_writes_them() {
        let failed = ResetReason::FailedMigrations(vec!["a".into(), "b".into()]);
        assert_eq!(failed.to_string(), "The migration(s) `a`, `b` failed.");
        let missing = ResetReason::MissingFromFolder(vec!["a".into(), "b".into()]);
        assert!(
            missing
                .to_string()
                .ends_with("local migrations directory: a, b")
        );
        let drift = ResetReason::Drift("[+] Added tables\n  - t\n".into());
        assert!(drift.to_string().starts_with("Drift detected: "));
        assert!(drift.to_string().ends_with("[+] Added tables\n  - t\n"));
    }
}
