//! Shared by the migrate crate's database tests: a fresh database per test
//! (`test_support::TestDatabase`), removed when the test ends.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use driver::{Connection, DatabaseUrl};
use test_support::TestDatabase;

/// A test database: a SQLite file, or a fresh PostgreSQL or MySQL database.
pub struct TestDb {
    pub url: DatabaseUrl,
    _database: TestDatabase,
}

impl TestDb {
    fn new(database: TestDatabase) -> TestDb {
        TestDb {
            url: database.url().clone(),
            _database: database,
        }
    }

    pub async fn sqlite() -> TestDb {
        TestDb::new(TestDatabase::sqlite("refract_migrate", "test").await)
    }

    /// `None` (loudly) when no server is configured; fails under `CI`.
    pub async fn postgres(name: &str) -> Option<TestDb> {
        Some(TestDb::new(
            TestDatabase::postgres("refract_migrate", name).await?,
        ))
    }

    /// A fresh MySQL/MariaDB database on `REFRACT_TEST_MYSQL_URL`'s server; `None` (loudly)
    /// when it is not set; fails under `CI`.
    pub async fn mysql(name: &str) -> Option<TestDb> {
        Some(TestDb::new(
            TestDatabase::mysql("refract_migrate", name).await?,
        ))
    }

    pub async fn connect(&self) -> Connection {
        Connection::connect(&self.url).await.unwrap()
    }
}
