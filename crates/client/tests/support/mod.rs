//! Test databases: a fresh SQLite file, PostgreSQL database or MySQL database per test. On
//! SQLite and PostgreSQL the schema is created from `tests/schema/<schema>.<provider>.sql`
//! (for `points`: the DDL Prisma's `migrate diff --from-empty` writes, copied from the
//! conformance seeds); on MySQL from the DDL Refract's migration engine calculates for the
//! test schema (`examples/points/prisma/schema.prisma` for `points`, else the generator fixture
//! `crates/client-gen/tests/fixtures/<schema>.prisma`) with the provider
//! switched to `mysql`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use client::Client;
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

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn unique(name: &str) -> String {
    format!(
        "{name}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn schema(name: &str, provider: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/schema/{name}.{provider}.sql"));
    std::fs::read_to_string(path).expect("schema DDL")
}

/// A database for one test; removed when dropped (the SQLite file, or the PostgreSQL database).
pub struct TestDb {
    pub client: Client,
    pub path: Option<PathBuf>,
    /// The database's URL (to open other clients on it).
    #[allow(dead_code, reason = "only some test binaries open a second client")]
    pub url: String,
    /// The server URL and the database's name, for PostgreSQL.
    postgres: Option<(String, String)>,
    /// The server URL and the database's name, for MySQL.
    mysql: Option<(String, String)>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
        if let Some((url, db)) = self.postgres.take() {
            // Dropping cannot await: a thread with its own runtime removes the database (FORCE
            // closes this test's connections).
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    let admin = Client::connect(&url).await.ok()?;
                    admin
                        .execute_script(&format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"))
                        .await
                        .ok()
                })
            })
            .join();
        }
        if let Some((url, db)) = self.mysql.take() {
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    let admin = Client::connect(&url).await.ok()?;
                    admin
                        .execute_script(&format!("DROP DATABASE IF EXISTS `{db}`"))
                        .await
                        .ok()
                })
            })
            .join();
        }
    }
}

/// A fresh SQLite file database with the schema `schema_name`.
pub async fn sqlite(name: &str, schema_name: &str) -> TestDb {
    let path = std::env::temp_dir().join(format!("refract-client-{}.db", unique(name)));
    let client = Client::connect(&format!("file:{}", path.display()))
        .await
        .expect("open SQLite");
    client
        .execute_script(&schema(schema_name, "sqlite"))
        .await
        .expect("create tables");
    TestDb {
        client,
        url: format!("file:{}", path.display()),
        path: Some(path),
        postgres: None,
        mysql: None,
    }
}

/// The PostgreSQL server's URL, or `None` (with a loud message) when tests run without one.
/// In CI a missing URL fails the test.
pub fn postgres_url() -> Option<String> {
    match std::env::var("REFRACT_TEST_POSTGRES_URL") {
        Ok(url) => Some(url),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!("REFRACT_TEST_POSTGRES_URL must be set in CI")
        }
        Err(_) => {
            eprintln!("skipped: REFRACT_TEST_POSTGRES_URL not set");
            None
        }
    }
}

/// A fresh PostgreSQL database with the schema `schema_name`, or `None` without a server.
pub async fn postgres(name: &str, schema_name: &str) -> Option<TestDb> {
    let url = postgres_url()?;
    let db = format!("refract_client_{}", unique(name)).to_lowercase();
    let admin = Client::connect(&url).await.expect("connect to PostgreSQL");
    admin
        .execute_script(&format!("DROP DATABASE IF EXISTS \"{db}\""))
        .await
        .expect("drop database");
    admin
        .execute_script(&format!("CREATE DATABASE \"{db}\""))
        .await
        .expect("create database");
    let (base, _) = url.rsplit_once('/').expect("URL with a database");
    let db_url = format!("{base}/{db}");
    let client = Client::connect(&db_url)
        .await
        .expect("connect to the test database");
    client
        .execute_script(&schema(schema_name, "postgresql"))
        .await
        .expect("create tables");
    Some(TestDb {
        client,
        url: db_url,
        path: None,
        postgres: Some((url, db)),
        mysql: None,
    })
}

/// The MySQL/MariaDB server's URL, or `None` (with a loud message) when tests run without
/// one. In CI a missing URL fails the test.
pub fn mysql_url() -> Option<String> {
    match std::env::var("REFRACT_TEST_MYSQL_URL") {
        Ok(url) => Some(url),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!("REFRACT_TEST_MYSQL_URL must be set in CI")
        }
        Err(_) => {
            eprintln!("skipped: REFRACT_TEST_MYSQL_URL not set");
            None
        }
    }
}

/// Where a test schema lives: the points example's own schema (its generated client is
/// `examples/points/src/prisma.rs`), or a generator fixture.
fn schema_path(schema_name: &str) -> PathBuf {
    let crates = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    if schema_name == "points" {
        crates.join("../examples/points/prisma/schema.prisma")
    } else {
        crates.join(format!("client-gen/tests/fixtures/{schema_name}.prisma"))
    }
}

/// The MySQL DDL of a test schema, as the migration engine calculates it from empty.
pub fn mysql_ddl(schema_name: &str) -> String {
    let text = std::fs::read_to_string(schema_path(schema_name)).expect("test schema");
    let text = ["\"sqlite\"", "\"postgresql\""].iter().fold(text, |t, p| {
        t.replace(&format!("provider = {p}"), "provider = \"mysql\"")
    });
    let files = diagnostics::SourceFiles::single(format!("{schema_name}.prisma"), text);
    let (schema, diagnostics) = schema::validate(&files);
    assert!(
        !diagnostics.has_errors(),
        "{schema_name}.prisma is not valid on MySQL: {diagnostics:?}"
    );
    migrate::from_empty(&schema).expect("the MySQL DDL")
}

/// A fresh MySQL database with the schema `schema_name`, or `None` without a server.
pub async fn mysql(name: &str, schema_name: &str) -> Option<TestDb> {
    mysql_with(name, schema_name, client::ClientOptions::default()).await
}

/// [`mysql`] with a client that never uses `RETURNING`, reading every written record back by
/// primary key as on MySQL 8 (which has none), whatever the server.
pub async fn mysql_read_back(name: &str, schema_name: &str) -> Option<TestDb> {
    let options = client::ClientOptions {
        mysql_returning: false,
        ..client::ClientOptions::default()
    };
    mysql_with(name, schema_name, options).await
}

/// [`mysql`] with the test client's options.
pub async fn mysql_with(
    name: &str,
    schema_name: &str,
    options: client::ClientOptions,
) -> Option<TestDb> {
    let url = mysql_url()?;
    let db = format!("refract_client_{}", unique(name)).to_lowercase();
    let admin = Client::connect(&url).await.expect("connect to MySQL");
    admin
        .execute_script(&format!("DROP DATABASE IF EXISTS `{db}`"))
        .await
        .expect("drop database");
    admin
        .execute_script(&format!("CREATE DATABASE `{db}`"))
        .await
        .expect("create database");
    let (base, _) = url.rsplit_once('/').expect("URL with a database");
    let db_url = format!("{base}/{db}");
    let client = Client::connect_with(&db_url, options)
        .await
        .expect("connect to the test database");
    client
        .execute_script(&mysql_ddl(schema_name))
        .await
        .expect("create tables");
    Some(TestDb {
        client,
        url: db_url,
        path: None,
        postgres: None,
        mysql: Some((url, db)),
    })
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
