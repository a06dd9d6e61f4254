//! `migrate status`: compare the migrations folder with the database's history.

use driver::Connection;

use super::deploy::{edited_migrations, out_of_order};
use super::diagnose::{FailedMigration, check_failed};
use crate::history::{History, HistoryError, MigrationRecord, MigrationsFolder, lock_file};

/// How the folder and the database's history relate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatusReport {
    /// Every migration of the folder, in order.
    pub migrations: Vec<String>,
    /// Whether `_prisma_migrations` exists.
    pub has_migrations_table: bool,
    /// The database has tables but no history (it is not managed by migrate; baseline it).
    pub unmanaged_tables: bool,
    /// Folder migrations the database has not applied, in order.
    pub unapplied: Vec<String>,
    /// Migrations the database applied that the folder does not have.
    pub missing_from_folder: Vec<String>,
    /// Failed migrations (neither finished nor rolled back).
    pub failed: Vec<MigrationRecord>,
    /// The failed migrations, each with whether the database has its changes (checked
    /// against the schema the history describes before and after it) and what to run.
    pub failed_checks: Vec<FailedMigration>,
    /// The folder migration just before the first one the database has no record of (Prisma's
    /// "last common migration"); `None` when that is the first one, or all are recorded.
    pub last_common_migration: Option<String>,
    /// Unapplied migrations older than one the database applied: `deploy` would apply them
    /// out of order.
    pub out_of_order: Vec<String>,
    /// Applied migrations whose script changed since.
    pub edited: Vec<String>,
}

impl StatusReport {
    /// In sync: nothing pending, failed, missing, edited, and the database is managed.
    pub fn is_up_to_date(&self) -> bool {
        self.unapplied.is_empty()
            && self.missing_from_folder.is_empty()
            && self.failed.is_empty()
            && self.edited.is_empty()
            && !self.unmanaged_tables
    }

    /// Prisma's diverged histories: the folder has migrations the database has not applied
    /// and the database has applied migrations the folder does not have.
    pub fn histories_diverge(&self) -> bool {
        !self.unapplied.is_empty() && !self.missing_from_folder.is_empty()
    }
}

/// Reads the folder and the history; changes nothing. A `migration_lock.toml` of another
/// provider is P3019, as for `deploy`.
pub async fn status(
    conn: &Connection,
    folder: &MigrationsFolder,
) -> Result<StatusReport, HistoryError> {
    lock_file::check_provider(folder.path(), conn.provider().prisma_name())?;
    let migrations = folder.list()?;
    let history = History::new(conn);
    let mut report = StatusReport {
        migrations: migrations.iter().map(|m| m.name().to_owned()).collect(),
        ..StatusReport::default()
    };
    let records = match history.load().await? {
        Some(r) => {
            report.has_migrations_table = true;
            r
        }
        None => {
            report.unmanaged_tables = !history.table_names().await?.is_empty();
            Vec::new()
        }
    };
    let applied = |name: &str| {
        records
            .iter()
            .any(|r| r.is_applied() && r.migration_name == name)
    };
    report.unapplied = report
        .migrations
        .iter()
        .filter(|m| !applied(m))
        .filter(|m| {
            !records
                .iter()
                .any(|r| r.is_failed() && &r.migration_name == *m)
        })
        .cloned()
        .collect();
    for r in records.iter().filter(|r| r.is_applied()) {
        if !report.migrations.contains(&r.migration_name)
            && !report.missing_from_folder.contains(&r.migration_name)
        {
            report.missing_from_folder.push(r.migration_name.clone());
        }
    }
    report.failed = records.iter().filter(|r| r.is_failed()).cloned().collect();
    report.failed_checks = check_failed(conn, &migrations, &records).await;
    report.edited = edited_migrations(&migrations, &records)?;
    report.out_of_order = out_of_order(&migrations, &records);
    report.last_common_migration = migrations
        .iter()
        .position(|m| !records.iter().any(|r| r.migration_name == m.name()))
        .filter(|&i| i > 0)
        .map(|i| migrations[i - 1].name().to_owned());
    Ok(report)
}
