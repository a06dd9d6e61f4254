//! The three databases the client's tests run on, and a fresh database of a test schema on
//! one of them with a current-thread runtime to drive it (for tests that run inside a
//! `tracing` subscriber of their own, which a current-thread runtime keeps on one thread).

#![allow(dead_code, reason = "only some test binaries open databases this way")]

use super::TestDb;

/// A database the client supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Database {
    /// SQLite (a file per test).
    Sqlite,
    /// PostgreSQL (`REFRACT_TEST_POSTGRES_URL`).
    Postgres,
    /// MySQL or MariaDB (`REFRACT_TEST_MYSQL_URL`).
    Mysql,
}

impl Database {
    /// Prisma's `db.system.name` of the database.
    pub fn system(self) -> &'static str {
        match self {
            Database::Sqlite => "sqlite",
            Database::Postgres => "postgresql",
            Database::Mysql => "mysql",
        }
    }
}

/// A current-thread runtime and a fresh database named after `name` with the tables of
/// `schema`, or `None` when the database's server is not configured (a skip is recorded).
pub fn open(
    database: Database,
    name: &str,
    schema: &str,
) -> Option<(tokio::runtime::Runtime, TestDb)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime");
    let db = runtime.block_on(async {
        match database {
            Database::Sqlite => Some(super::sqlite(name, schema).await),
            Database::Postgres => super::postgres(name, schema).await,
            Database::Mysql => super::mysql(name, schema).await,
        }
    })?;
    Some((runtime, db))
}
