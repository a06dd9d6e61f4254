//! The rendered SQL runs on real databases: for every diff fixture, the `from` schema is
//! created from empty, then the fixture's migration is applied, on SQLite (in memory) and on
//! PostgreSQL (a fresh database per case on the server named by
//! `REFRACT_TEST_POSTGRES_URL`). Rows survive a SQLite table redefinition.

use std::path::{Path, PathBuf};

use diagnostics::SourceFiles;
use migrate::SqlSchema;
use schema::Provider;

fn validated(text: &str, provider: &str) -> schema::ValidatedSchema {
    // A case with its own datasource (`extensions = [...]`) keeps it.
    let text = if text.contains("\ndatasource ") {
        text.to_owned()
    } else {
        format!("datasource db {{\n  provider = \"{provider}\"\n}}\n\n{text}")
    };
    let (schema, diagnostics) = schema::validate(&SourceFiles::single("schema.prisma", text));
    assert!(
        !diagnostics.has_errors(),
        "fixture schema is invalid for {provider}"
    );
    schema
}

/// (script creating `from` from empty, script migrating `from` to `to`).
fn scripts(case: &Path, provider: &str) -> (String, String) {
    let dialect = migrate::for_provider(Provider::from_name(provider).expect("provider"));
    let to = std::fs::read_to_string(case.join("to.prisma")).expect("to.prisma");
    let from = std::fs::read_to_string(case.join("from.prisma")).ok();
    let target = migrate::calculate(&validated(&to, provider), dialect);
    let source = match &from {
        Some(text) => migrate::calculate(&validated(text, provider), dialect),
        None => SqlSchema::default(),
    };
    (
        migrate::diff_to_script(&SqlSchema::default(), &source, dialect),
        migrate::diff_to_script(&source, &target, dialect),
    )
}

/// Fixture folders that have an expected script for `provider`.
fn cases(provider: &str) -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join(format!("expected.{provider}.sql")).exists())
        // `no-round-trip` says why a case is checked as SQL text only (pgvector).
        .filter(|p| !p.join("no-round-trip").exists())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_sqlite_fixture_applies_to_a_real_database() {
    let cases = cases("sqlite");
    assert!(!cases.is_empty());
    for case in cases {
        let (create, migrate) = scripts(&case, "sqlite");
        let db = rusqlite::Connection::open_in_memory().expect("in-memory SQLite");
        db.execute_batch(&create).unwrap_or_else(|e| {
            panic!(
                "{}: creating the from schema failed: {e}\n{create}",
                case.display()
            )
        });
        db.execute_batch(&migrate)
            .unwrap_or_else(|e| panic!("{}: the migration failed: {e}\n{migrate}", case.display()));
    }
}

#[test]
fn rows_survive_a_sqlite_table_redefinition() {
    let case = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff/sqlite-optional-to-required-with-default");
    let (create, migrate) = scripts(&case, "sqlite");
    assert!(
        migrate.contains("-- RedefineTables"),
        "the fixture redefines the table"
    );
    let db = rusqlite::Connection::open_in_memory().expect("in-memory SQLite");
    db.execute_batch(&create).expect("from schema");
    db.execute(
        "INSERT INTO \"User\" (\"name\", \"email\") VALUES (?1, ?2), (?3, ?4)",
        rusqlite::params!["Ann", "ann@example.com", None::<String>, "bob@example.com"],
    )
    .expect("insert rows");
    db.execute_batch(&migrate).expect("migration");
    let mut statement = db
        .prepare("SELECT \"id\", \"name\", \"email\" FROM \"User\" ORDER BY \"id\"")
        .expect("select");
    let rows: Vec<(i64, String, String)> = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        rows,
        [
            (1, "Ann".to_owned(), "ann@example.com".to_owned()),
            (2, "anonymous".to_owned(), "bob@example.com".to_owned())
        ]
    );
}

/// The server URL with `database` as the path.
fn database_url(server: &str, database: &str) -> String {
    let (base, _) = server.rsplit_once('/').unwrap_or((server, ""));
    format!("{base}/{database}")
}

async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"));
    tokio::spawn(connection);
    client
}

#[tokio::test]
async fn every_postgresql_fixture_applies_to_a_real_database() {
    let Some(server) = test_support::server_url(test_support::Server::Postgres) else {
        return;
    };
    let admin = connect(&server).await;
    for case in cases("postgresql") {
        let name = case
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("case")
            .replace('-', "_");
        let database = format!("refract_msql_{name}_{}", std::process::id());
        // One statement per call: DROP/CREATE DATABASE cannot run in a transaction block.
        for statement in [
            format!("DROP DATABASE IF EXISTS \"{database}\""),
            format!("CREATE DATABASE \"{database}\""),
        ] {
            admin
                .batch_execute(&statement)
                .await
                .expect("create test database");
        }
        let (create, migrate) = scripts(&case, "postgresql");
        let outcome = {
            let db = connect(&database_url(&server, &database)).await;
            let created = db.batch_execute(&create).await;
            let migrated = match created {
                Ok(()) => db
                    .batch_execute(&migrate)
                    .await
                    .map_err(|e| format!("the migration failed: {e}\n{migrate}")),
                Err(e) => Err(format!("creating the from schema failed: {e}\n{create}")),
            };
            drop(db);
            migrated
        };
        admin
            .batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"
            ))
            .await
            .expect("drop test database");
        if let Err(e) = outcome {
            panic!("{}: {e}", case.display());
        }
    }
}
