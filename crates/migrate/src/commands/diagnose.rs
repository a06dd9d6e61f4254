//! What a failed migration left in the database. A row of `_prisma_migrations` that never
//! finished says only that the migration started: a process killed (or a connection lost)
//! after the database committed the script but before the row was finished leaves the same row
//! as a script that never ran. The database itself tells them apart: the history is replayed
//! where it cannot touch the database's objects (SQLite: in memory; PostgreSQL: a scratch
//! schema inside a transaction that is rolled back) to learn the schema just before and just
//! after the migration, and the live schema is compared with both.

use std::collections::BTreeSet;

use driver::Connection;
use sql_schema::SqlSchema;

use super::script;
use crate::history::{MigrationDirectory, MigrationRecord};

/// Whether the database has a failed migration's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailedMigrationCheck {
    /// The database has all of the migration's schema changes: its SQL committed before its
    /// history row could be finished. Mark it applied (`migrate resolve --applied`).
    Applied,
    /// The database has none of the migration's schema changes. Mark it rolled back
    /// (`migrate resolve --rolled-back`) and deploy again.
    NotApplied,
    /// Some of its changes are there and some are not (a migration that could not run in a
    /// transaction, or changes made by hand since).
    Partial,
    /// The check could not tell: why.
    Unknown(String),
}

/// One failed migration and what the database says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedMigration {
    /// The history row (neither finished nor rolled back).
    pub record: MigrationRecord,
    /// Whether its changes are in the database.
    pub check: FailedMigrationCheck,
    /// How the schemas before and after it were learnt (`None` when the check stopped first).
    pub method: Option<super::HistoryMethod>,
}

impl FailedMigration {
    /// The verdict and the command to run, in a sentence or two (the P3009 message and
    /// `migrate status` print it).
    pub fn advice(&self) -> String {
        let name = &self.record.migration_name;
        let interrupted = if self
            .record
            .logs
            .as_deref()
            .is_none_or(|l| l.trim().is_empty())
        {
            "It did not record an error: the process applying it stopped (killed, or its connection lost) before it finished. "
        } else {
            ""
        };
        match &self.check {
            FailedMigrationCheck::Applied => format!(
                "{interrupted}The database has all of its changes (its SQL was committed): mark it applied with `refract migrate resolve --applied \"{name}\"`."
            ),
            FailedMigrationCheck::NotApplied => format!(
                "{interrupted}The database has none of its changes (its SQL was not applied, or was rolled back): mark it rolled back with `refract migrate resolve --rolled-back \"{name}\"`, then deploy again."
            ),
            FailedMigrationCheck::Partial => format!(
                "{interrupted}The database has some of its changes but not all: complete them by hand and run `refract migrate resolve --applied \"{name}\"`, or undo them by hand and run `refract migrate resolve --rolled-back \"{name}\"`."
            ),
            FailedMigrationCheck::Unknown(why) => format!(
                "{interrupted}Whether its changes are in the database could not be checked ({why}): check by hand, then run `refract migrate resolve --applied \"{name}\"` if they are, or `refract migrate resolve --rolled-back \"{name}\"` if they are not."
            ),
        }
    }
}

/// Checks every failed row of `records` against the database.
pub(crate) async fn check_failed(
    conn: &Connection,
    migrations: &[MigrationDirectory],
    records: &[MigrationRecord],
) -> Vec<FailedMigration> {
    let mut out = Vec::new();
    for record in records.iter().filter(|r| r.is_failed()) {
        let (check, method) = match check_one(conn, migrations, records, record).await {
            Ok((check, method)) => (check, Some(method)),
            Err(why) => (FailedMigrationCheck::Unknown(why), None),
        };
        out.push(FailedMigration {
            record: record.clone(),
            check,
            method,
        });
    }
    out
}

async fn check_one(
    conn: &Connection,
    migrations: &[MigrationDirectory],
    records: &[MigrationRecord],
    record: &MigrationRecord,
) -> Result<(FailedMigrationCheck, super::HistoryMethod), String> {
    let Some(position) = migrations
        .iter()
        .position(|m| m.name() == record.migration_name)
    else {
        return Err("its folder is not in the migrations directory".to_owned());
    };
    // The migrations applied before it, in the folder's order.
    let before: Vec<MigrationDirectory> = migrations[..position]
        .iter()
        .filter(|m| {
            records
                .iter()
                .any(|r| r.is_applied() && r.migration_name == m.name())
        })
        .cloned()
        .collect();
    let (method, (expected_before, expected_after)) =
        match interpreted_around(conn, &before, &migrations[position]) {
            Ok(pair) => (super::HistoryMethod::Interpreted, pair),
            Err(why) => (
                super::HistoryMethod::ShadowDatabase(why),
                super::dialect::replay_around(conn, &before, &migrations[position]).await?,
            ),
        };
    let live = crate::introspect::introspect(conn)
        .await
        .map_err(|e| format!("reading the database's schema failed: {e}"))?;
    let dialect = crate::dialect::for_provider(conn.provider());
    let statements = |from: &SqlSchema, to: &SqlSchema| -> BTreeSet<String> {
        let text = crate::diff_to_script(from, to, dialect);
        script::statements(&text)
            .into_iter()
            .map(|s| s.code.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    let to_before = statements(&live, &expected_before);
    let expected_after = match expected_after {
        Ok(schema) => schema,
        // It does not apply to the history before it, so it cannot have applied here either;
        // whether it left nothing is what the schema before it says.
        Err(_) if to_before.is_empty() => return Ok((FailedMigrationCheck::NotApplied, method)),
        Err(e) => {
            return Err(format!(
                "it does not apply cleanly after the migrations before it: {e}"
            ));
        }
    };
    let effect = statements(&expected_before, &expected_after);
    if effect.is_empty() {
        return Err("it changes no table, column, index or enum".to_owned());
    }
    // What it takes to bring the live schema to the history's schema after the migration, and
    // before it. With the migration in, the first is what drifted since; the second adds the
    // migration's undoing. Without it, the reverse.
    let to_after = statements(&live, &expected_after);
    let check = if to_after.is_empty() || (to_after.is_subset(&to_before) && to_after != to_before)
    {
        FailedMigrationCheck::Applied
    } else if to_before.is_empty() || to_before.is_subset(&to_after) {
        FailedMigrationCheck::NotApplied
    } else {
        FailedMigrationCheck::Partial
    };
    Ok((check, method))
}

/// The schemas just before and just after `migration`, interpreted without a database; `Err`
/// says why they cannot be (the statements that need a shadow database).
fn interpreted_around(
    conn: &Connection,
    before: &[MigrationDirectory],
    migration: &MigrationDirectory,
) -> Result<(SqlSchema, Result<SqlSchema, String>), String> {
    let dialect = super::interpreter_dialect(conn.provider(), conn.is_mariadb());
    let mut with = before.to_vec();
    with.push(migration.clone());
    let interpret = |m: &[MigrationDirectory]| {
        super::interpret_migrations(dialect, m)
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())
    };
    Ok((interpret(before)?, Ok(interpret(&with)?)))
}
