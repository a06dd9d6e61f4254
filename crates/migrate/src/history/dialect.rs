//! The `_prisma_migrations` table per database: Prisma's DDL, the lock Prisma takes for
//! migrate commands, and how the user tables are listed ([`super::History`] asks these; the
//! history's dialect module, the only place in `history` that matches on the provider).

use driver::{Connection, Provider, Value};

use super::HistoryError;
use super::table::{ADVISORY_LOCK_KEY, MYSQL_LOCK_NAME, SQLITE_LOCK_TIMEOUT};

/// Whether SQLite refused a lock because another connection holds one (`SQLITE_BUSY`,
/// `SQLITE_LOCKED` and their extended codes).
fn is_busy(e: &driver::Error) -> bool {
    e.as_database_error().is_some_and(|db| {
        db.code
            .parse::<i64>()
            .is_ok_and(|code| matches!(code & 0xff, 5 | 6))
    })
}

const CREATE_SQLITE: &str = r#"CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
"#;

const CREATE_MYSQL: &str = r#"CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             DATETIME(3),
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          DATETIME(3),
    started_at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    applied_steps_count     INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4;
"#;

const CREATE_POSTGRES: &str = r#"CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
"#;

/// Prisma's exact DDL of `_prisma_migrations` on `provider`.
pub(crate) fn create_table_ddl(provider: Provider) -> &'static str {
    match provider {
        Provider::Sqlite => CREATE_SQLITE,
        Provider::Postgres => CREATE_POSTGRES,
        Provider::Mysql => CREATE_MYSQL,
    }
}

/// Takes the lock Prisma takes for migrate commands (see [`super::History::lock`]).
pub(crate) async fn lock(conn: &Connection) -> Result<(), HistoryError> {
    match conn.provider() {
        Provider::Sqlite => {
            // The write lock of `BEGIN EXCLUSIVE`, taken in the normal locking mode (a
            // failed attempt then lets go of what it had, so that concurrent commands never
            // deadlock on each other's shared locks), then kept until the connection closes
            // by switching to the exclusive locking mode before the transaction ends.
            // Concurrent commands queue here (each waiting out the busy timeout, again
            // until the deadline) instead of failing with "database is locked".
            let deadline = std::time::Instant::now() + SQLITE_LOCK_TIMEOUT;
            loop {
                match conn.raw_cmd("BEGIN EXCLUSIVE").await {
                    Ok(()) => break,
                    Err(e) if is_busy(&e) => {
                        if std::time::Instant::now() >= deadline {
                            return Err(HistoryError::SqliteLockTimeout {
                                seconds: SQLITE_LOCK_TIMEOUT.as_secs(),
                            });
                        }
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            conn.raw_cmd("PRAGMA main.locking_mode=EXCLUSIVE; COMMIT;")
                .await?;
        }
        Provider::Postgres => {
            let sql = format!("SELECT pg_advisory_lock({ADVISORY_LOCK_KEY})");
            match tokio::time::timeout(std::time::Duration::from_secs(10), conn.query(&sql, &[]))
                .await
            {
                Ok(result) => {
                    result?;
                }
                Err(_) => return Err(HistoryError::LockTimeout),
            }
        }
        Provider::Mysql => {
            let rows = conn
                .query(
                    "SELECT GET_LOCK(?, 10) AS locked",
                    &[Value::from(MYSQL_LOCK_NAME)],
                )
                .await?;
            // 1: taken; 0: another session held it for the whole 10 s; NULL: error.
            if rows.first().and_then(|r| r.int("locked")) != Some(1) {
                return Err(HistoryError::LockTimeout);
            }
        }
    }
    Ok(())
}

/// The user tables of the database (the URL's schema on PostgreSQL), sorted, as rows with a
/// `name` column.
pub(crate) async fn user_tables(conn: &Connection) -> Result<driver::ResultSet, HistoryError> {
    let rows = match conn.provider() {
            Provider::Sqlite => {
                conn
                    .query(
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                        &[],
                    )
                    .await?
            }
            Provider::Postgres => {
                conn
                    .query(
                        "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name",
                        &[Value::from(conn.schema_name())],
                    )
                    .await?
            }
            Provider::Mysql => {
                conn
                    .query(
                        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name",
                        &[Value::from(conn.schema_name())],
                    )
                    .await?
            }
        };
    Ok(rows)
}
