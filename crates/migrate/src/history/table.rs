//! The `_prisma_migrations` table, created, written and read exactly as Prisma does, so a
//! database Prisma migrated is up to date for Refract and the reverse.
//!
//! Times: on PostgreSQL `TIMESTAMPTZ`; on MySQL `DATETIME(3)` (UTC); on SQLite Prisma binds times as milliseconds since the
//! Unix epoch (the column's `DEFAULT current_timestamp` text form is read too).

use chrono::{DateTime, Utc};
use driver::{Connection, DriverCapabilities, Row, Value};

use super::HistoryError;
use super::checksum::checksum;

/// The table's name.
pub const MIGRATIONS_TABLE: &str = "_prisma_migrations";

/// Prisma's PostgreSQL advisory lock key for migrate commands.
pub const ADVISORY_LOCK_KEY: i64 = 72707369;

/// Prisma's MySQL named lock for migrate commands (`GET_LOCK`).
pub const MYSQL_LOCK_NAME: &str = "prisma_migrate";

/// How long a migrate command waits for another one to release a SQLite database.
pub const SQLITE_LOCK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// One row of `_prisma_migrations`.
#[derive(Debug, Clone, PartialEq)]
pub struct MigrationRecord {
    /// A UUID v4.
    pub id: String,
    /// The script's checksum when it was applied.
    pub checksum: String,
    /// When it finished; `None` while running or after a failure.
    pub finished_at: Option<DateTime<Utc>>,
    /// The migration's folder name.
    pub migration_name: String,
    /// The error of a failed migration.
    pub logs: Option<String>,
    /// When `migrate resolve --rolled-back` marked it.
    pub rolled_back_at: Option<DateTime<Utc>>,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// 1 once the script ran (Prisma counts one step per script).
    pub applied_steps_count: u32,
}

impl MigrationRecord {
    /// Failed: not finished and not rolled back. Such a row blocks deploys (P3009).
    pub fn is_failed(&self) -> bool {
        self.finished_at.is_none() && self.rolled_back_at.is_none()
    }

    /// Applied: finished and not rolled back.
    pub fn is_applied(&self) -> bool {
        self.finished_at.is_some() && self.rolled_back_at.is_none()
    }
}

/// The history table of one database.
#[derive(Debug)]
pub struct History<'c> {
    conn: &'c Connection,
}

impl<'c> History<'c> {
    /// The history of the database behind `conn`.
    pub fn new(conn: &'c Connection) -> Self {
        History { conn }
    }

    /// The connection.
    pub fn connection(&self) -> &'c Connection {
        self.conn
    }

    /// The dialect's `n`-th (1-based) placeholder.
    fn p(&self, n: usize) -> String {
        self.conn.provider().placeholder(n)
    }

    /// Takes the lock Prisma takes for migrate commands: `pg_advisory_lock(72707369)` on
    /// PostgreSQL (10 s timeout), `GET_LOCK('prisma_migrate', 10)` on MySQL, an exclusive
    /// locking mode on SQLite. Held until the connection closes.
    pub async fn lock(&self) -> Result<(), HistoryError> {
        super::dialect::lock(self.conn).await
    }

    /// The user tables of the database (the URL's schema on PostgreSQL), sorted.
    pub async fn table_names(&self) -> Result<Vec<String>, HistoryError> {
        let rows = super::dialect::user_tables(self.conn).await?;
        Ok(rows
            .iter()
            .filter_map(|r| r.text("name").map(str::to_owned))
            .collect())
    }

    /// Whether `_prisma_migrations` exists.
    pub async fn exists(&self) -> Result<bool, HistoryError> {
        Ok(self
            .table_names()
            .await?
            .iter()
            .any(|t| t == MIGRATIONS_TABLE))
    }

    /// Creates `_prisma_migrations` with Prisma's exact DDL.
    pub async fn create_table(&self) -> Result<(), HistoryError> {
        let ddl = super::dialect::create_table_ddl(self.conn.provider());
        self.conn.raw_cmd(ddl).await?;
        Ok(())
    }

    /// Prepares a database for migrations as `migrate deploy` does: nothing when the table
    /// exists; P3005 when other tables exist (the database needs a baseline); otherwise creates
    /// the table.
    pub async fn initialize(&self) -> Result<(), HistoryError> {
        self.initialize_with_external(&[]).await
    }

    /// [`initialize`](Self::initialize), where the tables `external` names (Prisma 7's
    /// `tables.external`: `schema.name` or `name`) do not count: a database holding only
    /// tables managed elsewhere is empty to the history, as in Prisma.
    pub async fn initialize_with_external(&self, external: &[String]) -> Result<(), HistoryError> {
        let tables = self.table_names().await?;
        if tables.iter().any(|t| t == MIGRATIONS_TABLE) {
            return Ok(());
        }
        let schema = self.conn.schema_name();
        let is_external = |table: &str| {
            external.iter().any(|q| match q.split_once('.') {
                Some((ns, name)) => name == table && ns == schema,
                None => q == table,
            })
        };
        if tables.iter().any(|t| !is_external(t)) {
            return Err(HistoryError::DatabaseSchemaNotEmpty);
        }
        self.create_table().await
    }

    /// Every row, oldest first (`ORDER BY started_at`), or `None` when the table does not exist.
    pub async fn load(&self) -> Result<Option<Vec<MigrationRecord>>, HistoryError> {
        if !self.exists().await? {
            return Ok(None);
        }
        let rows = self
            .conn
            .query(
                "SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count FROM _prisma_migrations ORDER BY started_at ASC",
                &[],
            )
            .await?;
        rows.iter()
            .map(|r| record(&r))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// Records that `migration_name` started (checksum of `script`); returns the row's id.
    pub async fn record_started(
        &self,
        migration_name: &str,
        script: &str,
    ) -> Result<String, HistoryError> {
        let id = uuid::Uuid::new_v4().to_string();
        let sql = format!(
            "INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ({}, {}, {}, {})",
            self.p(1),
            self.p(2),
            self.p(3),
            self.p(4)
        );
        self.conn
            .execute(
                &sql,
                &[
                    Value::from(id.as_str()),
                    Value::from(checksum(script)),
                    Value::DateTime(Utc::now()),
                    Value::from(migration_name),
                ],
            )
            .await?;
        Ok(id)
    }

    /// Adds one to `applied_steps_count`.
    pub async fn record_successful_step(&self, id: &str) -> Result<(), HistoryError> {
        let sql = format!(
            "UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1 WHERE id = {}",
            self.p(1)
        );
        self.conn.execute(&sql, &[Value::from(id)]).await?;
        Ok(())
    }

    /// Records a script that ran to the end: one more applied step and `finished_at` now, in
    /// one statement (the state Prisma's two updates leave).
    pub async fn record_applied(&self, id: &str) -> Result<(), HistoryError> {
        let sql = format!(
            "UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1, finished_at = {} WHERE id = {}",
            self.p(1),
            self.p(2)
        );
        self.conn
            .execute(&sql, &[Value::DateTime(Utc::now()), Value::from(id)])
            .await?;
        Ok(())
    }

    /// Sets `finished_at` to now.
    pub async fn record_finished(&self, id: &str) -> Result<(), HistoryError> {
        self.set_time(id, "finished_at").await
    }

    /// Stores the error of a failed migration in `logs`.
    pub async fn record_failed(&self, id: &str, logs: &str) -> Result<(), HistoryError> {
        let sql = format!(
            "UPDATE _prisma_migrations SET logs = {} WHERE id = {}",
            self.p(1),
            self.p(2)
        );
        self.conn
            .execute(&sql, &[Value::from(logs), Value::from(id)])
            .await?;
        Ok(())
    }

    /// Sets `rolled_back_at` to now (`migrate resolve --rolled-back`).
    pub async fn mark_rolled_back(&self, id: &str) -> Result<(), HistoryError> {
        self.set_time(id, "rolled_back_at").await
    }

    /// Inserts a row for a migration marked applied without running it
    /// (`migrate resolve --applied`); returns its id.
    pub async fn mark_applied(
        &self,
        migration_name: &str,
        script: &str,
    ) -> Result<String, HistoryError> {
        let id = uuid::Uuid::new_v4().to_string();
        let now = Utc::now();
        let sql = format!(
            "INSERT INTO _prisma_migrations (id, checksum, logs, started_at, finished_at, migration_name) VALUES ({}, {}, {}, {}, {}, {})",
            self.p(1),
            self.p(2),
            self.p(3),
            self.p(4),
            self.p(5),
            self.p(6)
        );
        self.conn
            .execute(
                &sql,
                &[
                    Value::from(id.as_str()),
                    Value::from(checksum(script)),
                    Value::from(""),
                    Value::DateTime(now),
                    Value::DateTime(now),
                    Value::from(migration_name),
                ],
            )
            .await?;
        Ok(id)
    }

    /// Deletes every row of `migration_name` (`migrate down`): the migration is then pending
    /// again, for Refract and Prisma alike. Returns how many rows went.
    pub async fn forget(&self, migration_name: &str) -> Result<u64, HistoryError> {
        let sql = format!(
            "DELETE FROM _prisma_migrations WHERE migration_name = {}",
            self.p(1)
        );
        Ok(self
            .conn
            .execute(&sql, &[Value::from(migration_name)])
            .await?)
    }

    async fn set_time(&self, id: &str, column: &str) -> Result<(), HistoryError> {
        let sql = format!(
            "UPDATE _prisma_migrations SET {column} = {} WHERE id = {}",
            self.p(1),
            self.p(2)
        );
        self.conn
            .execute(&sql, &[Value::DateTime(Utc::now()), Value::from(id)])
            .await?;
        Ok(())
    }
}

fn record(row: &Row<'_>) -> Result<MigrationRecord, HistoryError> {
    let name = row.text("migration_name").unwrap_or_default().to_owned();
    let missing = |column: &str| HistoryError::MalformedMigrationsTable {
        details: format!("`{column}` of the row for `{name}` is missing or not of Prisma's type"),
    };
    let time = |column: &str| -> Result<Option<DateTime<Utc>>, HistoryError> {
        let v = row.get(column);
        if v.is_null() {
            Ok(None)
        } else {
            v.as_datetime().map(Some).ok_or_else(|| missing(column))
        }
    };
    Ok(MigrationRecord {
        id: row.text("id").ok_or_else(|| missing("id"))?.to_owned(),
        checksum: row
            .text("checksum")
            .ok_or_else(|| missing("checksum"))?
            .to_owned(),
        finished_at: time("finished_at")?,
        migration_name: row
            .text("migration_name")
            .ok_or_else(|| missing("migration_name"))?
            .to_owned(),
        logs: row.text("logs").map(str::to_owned),
        rolled_back_at: time("rolled_back_at")?,
        started_at: time("started_at")?.ok_or_else(|| missing("started_at"))?,
        applied_steps_count: row
            .int("applied_steps_count")
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| missing("applied_steps_count"))?,
    })
}
