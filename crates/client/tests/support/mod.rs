//! Test databases: a fresh SQLite file, PostgreSQL database or MySQL database per test
//! (`test_support::TestDatabase`), with the tables of a test schema as Refract's migration
//! engine creates them for that provider (`test_support::schema_ddl`). The test schemas are
//! `examples/points/prisma/schema.prisma` for `points` (the schema of
//! `examples/points/src/prisma.rs`) and the generator fixture
//! `crates/client-gen/tests/fixtures/<schema>.prisma` otherwise.

mod databases;

#[allow(
    unused_imports,
    reason = "only some test binaries open databases this way"
)]
pub use databases::{Database, open};

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use client::Client;
use test_support::TestDatabase;
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Counts the `refract.query` spans the client opens, one per statement it sends (a
/// transaction's BEGIN and COMMIT are not counted).
#[allow(
    dead_code,
    reason = "only the test binaries that count statements use it"
)]
pub struct QueryCounter(pub std::sync::Arc<AtomicUsize>);

impl Subscriber for QueryCounter {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        if span.metadata().name() == "refract.query" {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// A database for one test with a client on it; removed when dropped (the client first).
pub struct TestDb {
    pub client: Client,
    /// The database's URL (to open other clients on it).
    #[allow(dead_code, reason = "only some test binaries open a second client")]
    pub url: String,
    _database: TestDatabase,
}

/// Where a test schema lives: the points example's own schema (its generated client is
/// `examples/points/src/prisma.rs`), or a generator fixture.
pub fn schema_path(schema_name: &str) -> PathBuf {
    let crates = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    if schema_name == "points" {
        crates.join("../examples/points/prisma/schema.prisma")
    } else {
        crates.join(format!("client-gen/tests/fixtures/{schema_name}.prisma"))
    }
}

/// The DDL of a test schema on `provider` (`sqlite`, `postgresql`, `mysql`), as the migration
/// engine calculates it from empty.
pub fn ddl(schema_name: &str, provider: &str) -> String {
    test_support::schema_ddl(&schema_path(schema_name), provider)
}

/// A fresh database on `provider` with the tables of `schema_name` and a client with
/// `options`, or `None` (loudly; failing under `CI`) when the provider's server is not set.
pub async fn database(
    provider: &str,
    name: &str,
    schema_name: &str,
    options: client::ClientOptions,
) -> Option<TestDb> {
    let database = TestDatabase::for_provider(provider, "refract_client", name).await?;
    let url = database.url_string();
    let client = Client::connect_with(&url, options)
        .await
        .unwrap_or_else(|e| panic!("connect to the {provider} test database: {e}"));
    client
        .execute_script(&ddl(schema_name, provider))
        .await
        .unwrap_or_else(|e| panic!("create the tables of {schema_name} on {provider}: {e}"));
    Some(TestDb {
        client,
        url,
        _database: database,
    })
}

/// A fresh SQLite file database with the schema `schema_name`.
pub async fn sqlite(name: &str, schema_name: &str) -> TestDb {
    database(
        "sqlite",
        name,
        schema_name,
        client::ClientOptions::default(),
    )
    .await
    .expect("SQLite needs no server")
}

/// A fresh PostgreSQL database with the schema `schema_name`, or `None` without a server.
pub async fn postgres(name: &str, schema_name: &str) -> Option<TestDb> {
    database(
        "postgresql",
        name,
        schema_name,
        client::ClientOptions::default(),
    )
    .await
}

/// A fresh MySQL database with the schema `schema_name`, or `None` without a server.
pub async fn mysql(name: &str, schema_name: &str) -> Option<TestDb> {
    database("mysql", name, schema_name, client::ClientOptions::default()).await
}

/// [`mysql`] with a client that never uses `RETURNING`, reading every written record back by
/// primary key as on MySQL 8 (which has none), whatever the server.
pub async fn mysql_read_back(name: &str, schema_name: &str) -> Option<TestDb> {
    let options = client::ClientOptions {
        mysql_returning: false,
        ..client::ClientOptions::default()
    };
    database("mysql", name, schema_name, options).await
}

/// Runs async scenarios on SQLite, PostgreSQL and MySQL, as four tests each, on a fresh
/// database with the given schema: MySQL twice, with the server's `RETURNING` (MariaDB 10.5
/// and later) and with the read-back path MySQL 8 takes.
#[macro_export]
macro_rules! on_both {
    ($schema:literal; $($name:ident),* $(,)?) => {
        mod sqlite_tests {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::support::sqlite(stringify!($name), $schema).await;
                    super::$name(&db.client).await;
                }
            )*
        }
        mod postgres_tests {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = $crate::support::postgres(stringify!($name), $schema).await else { return };
                    super::$name(&db.client).await;
                }
            )*
        }
        mod mysql_tests {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = $crate::support::mysql(stringify!($name), $schema).await else { return };
                    super::$name(&db.client).await;
                }
            )*
        }
        mod mysql_read_back_tests {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = $crate::support::mysql_read_back(stringify!($name), $schema).await else { return };
                    super::$name(&db.client).await;
                }
            )*
        }
    };
}
