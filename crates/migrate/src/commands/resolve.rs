//! `migrate resolve --applied | --rolled-back`.

use driver::Connection;

use crate::history::{History, HistoryError, MigrationsFolder};

/// Records the folder's migration `name` as applied without running it (baselining, or after
/// fixing a failed migration by hand). A failed record of it is marked rolled back first.
/// P3017 when the folder has no such migration; P3008 when it is already applied.
pub async fn resolve_applied(
    conn: &Connection,
    folder: &MigrationsFolder,
    name: &str,
) -> Result<(), HistoryError> {
    let Some(migration) = folder.find(name)? else {
        return Err(HistoryError::MigrationToMarkAppliedNotFound {
            migration_name: name.to_owned(),
        });
    };
    let script = migration.read_script()?;
    let history = History::new(conn);
    history.lock().await?;
    let records = match history.load().await? {
        Some(r) => r,
        None => {
            history.create_table().await?;
            Vec::new()
        }
    };
    let relevant: Vec<_> = records
        .iter()
        .filter(|r| r.migration_name == name)
        .collect();
    if relevant.iter().any(|r| r.is_applied()) {
        return Err(HistoryError::MigrationAlreadyApplied {
            migration_name: name.to_owned(),
        });
    }
    for failed in relevant.iter().filter(|r| r.is_failed()) {
        history.mark_rolled_back(&failed.id).await?;
    }
    history.mark_applied(name, &script).await?;
    Ok(())
}

/// Marks the failed migration `name` as rolled back, so the next deploy runs it again.
/// P3011 when it was never recorded; P3012 when it did not fail.
pub async fn resolve_rolled_back(conn: &Connection, name: &str) -> Result<(), HistoryError> {
    let history = History::new(conn);
    history.lock().await?;
    let records = history.load().await?.unwrap_or_default();
    let relevant: Vec<_> = records
        .iter()
        .filter(|r| r.migration_name == name)
        .collect();
    if relevant.is_empty() {
        return Err(HistoryError::CannotRollBackUnappliedMigration {
            migration_name: name.to_owned(),
        });
    }
    let failed: Vec<_> = relevant.iter().filter(|r| r.is_failed()).collect();
    if failed.is_empty() {
        return Err(HistoryError::CannotRollBackSucceededMigration {
            migration_name: name.to_owned(),
        });
    }
    for record in failed {
        history.mark_rolled_back(&record.id).await?;
    }
    Ok(())
}
