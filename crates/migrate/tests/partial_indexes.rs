//! Partial indexes (Prisma 7.4's `partialIndexes`) on real databases: the `partial-*` diff
//! fixtures are applied to SQLite and PostgreSQL, read back by the describers and diffed
//! with their schema again, which must be empty (PostgreSQL stores a predicate in its own
//! spelling, `(status = 'active'::text)`, which must not look like a change); a changed
//! predicate is then seen and re-creates the index. A partial index written by hand is left
//! alone when the schema does not enable the preview feature.

use std::path::PathBuf;

use diagnostics::SourceFiles;
use driver::Connection;
use migrate::SqlSchema;
use schema::Provider;
use test_support::TestDatabase;

fn calculate(text: &str, provider: &str) -> (SqlSchema, &'static dyn migrate::Dialect) {
    let text = format!("datasource db {{\n  provider = \"{provider}\"\n}}\n\n{text}");
    let (schema, diagnostics) = schema::validate(&SourceFiles::single("schema.prisma", text));
    assert!(!diagnostics.has_errors(), "invalid schema for {provider}");
    let dialect = migrate::for_provider(Provider::from_name(provider).expect("provider"));
    (migrate::calculate(&schema, dialect), dialect)
}

fn fixture(case: &str, file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(case)
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Applies `schema` from what the database holds, then checks that the database read back
/// equals it; returns what was read.
async fn migrate_to(conn: &Connection, text: &str, provider: &str) -> SqlSchema {
    let (target, dialect) = calculate(text, provider);
    let mut current = migrate::introspect::introspect(conn)
        .await
        .expect("introspect");
    // The describer's schema is compared as the migration engine compares it.
    current.partial_indexes = false;
    let script = migrate::diff_to_script(&current, &target, dialect);
    conn.raw_cmd(&script)
        .await
        .unwrap_or_else(|e| panic!("the migration fails on {provider}: {e}\n{script}"));
    let after = migrate::introspect::introspect(conn)
        .await
        .expect("introspect");
    let again = migrate::diff(&after, &target, dialect);
    assert!(
        again.steps.is_empty(),
        "{provider}: after migrating, the database still differs from the schema:\n{}",
        migrate::diff_to_script(&after, &target, dialect)
    );
    after
}

async fn run(provider: &str, db: TestDatabase) {
    let conn = Connection::connect(db.url()).await.expect("connect");
    let after = migrate_to(
        &conn,
        &fixture("partial-indexes-from-empty", "to.prisma"),
        provider,
    )
    .await;
    let user = after
        .tables
        .iter()
        .find(|t| t.name == "User")
        .expect("User");
    let predicate = |name: &str| {
        user.indexes
            .iter()
            .find(|i| i.name == name)
            .unwrap_or_else(|| panic!("{provider}: index {name} is read back"))
            .predicate
            .clone()
    };
    assert!(predicate("User_email_key").is_some_and(|p| p.contains("is_active")));
    assert!(predicate("live_names").is_some_and(|p| p.contains("it''s")));

    // A changed, an added and a removed predicate.
    let from = fixture("partial-index-predicate-changed", "from.prisma");
    let to = fixture("partial-index-predicate-changed", "to.prisma");
    let reset = "DROP TABLE \"User\"";
    conn.raw_cmd(reset).await.expect("drop table");
    migrate_to(&conn, &from, provider).await;
    let after = migrate_to(&conn, &to, provider).await;
    let user = after
        .tables
        .iter()
        .find(|t| t.name == "User")
        .expect("User");
    let email = user
        .indexes
        .iter()
        .find(|i| i.name == "User_email_key")
        .expect("index");
    assert!(
        email
            .predicate
            .as_deref()
            .is_some_and(|p| p.contains("verified")),
        "{provider}: the changed predicate is in the database: {:?}",
        email.predicate
    );
}

#[tokio::test]
async fn partial_indexes_round_trip_on_sqlite() {
    run(
        "sqlite",
        TestDatabase::sqlite("pidx", "partial_sqlite").await,
    )
    .await;
}

#[tokio::test]
async fn partial_indexes_round_trip_on_postgres() {
    let Some(db) = TestDatabase::postgres("pidx", "partial_postgres").await else {
        return;
    };
    run("postgresql", db).await;
}

/// Without the preview feature a partial index made by hand (in a migration's SQL) is not the
/// schema's business: the diff neither drops it nor re-creates it.
#[tokio::test]
async fn hand_written_partial_indexes_are_left_alone_without_the_preview_feature() {
    for provider in ["sqlite", "postgresql"] {
        let db = match provider {
            "sqlite" => TestDatabase::sqlite("pidx", "partial_hand_sqlite").await,
            _ => match TestDatabase::postgres("pidx", "partial_hand_postgres").await {
                Some(db) => db,
                None => return,
            },
        };
        let conn = Connection::connect(db.url()).await.expect("connect");
        let schema = "model User {\n  id    Int    @id\n  email String\n\n  @@index([email])\n}\n";
        migrate_to(&conn, schema, provider).await;
        conn.raw_cmd(
            "CREATE UNIQUE INDEX \"User_live_email\" ON \"User\"(\"email\") WHERE email <> ''",
        )
        .await
        .expect("hand-written partial index");
        let (target, dialect) = calculate(schema, provider);
        let current = migrate::introspect::introspect(&conn)
            .await
            .expect("introspect");
        assert!(
            migrate::diff(&current, &target, dialect).steps.is_empty(),
            "{provider}: {}",
            migrate::diff_to_script(&current, &target, dialect)
        );
    }
}
