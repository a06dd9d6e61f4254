//! `@@check` on real databases (SQLite, PostgreSQL, MariaDB): the `check-constraints-*` diff
//! fixtures are applied, the constraints hold (a row breaking one is refused), the database
//! read back diffs empty against the schema (the server's own spelling of an expression is no
//! change), and a changed check is replaced (on SQLite through a table redefinition that keeps
//! the rows).

use std::path::PathBuf;

use diagnostics::SourceFiles;
use driver::{Connection, Value};
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

async fn migrate_to(conn: &Connection, text: &str, provider: &str) -> SqlSchema {
    let (target, dialect) = calculate(text, provider);
    let current = migrate::introspect::introspect(conn)
        .await
        .expect("introspect");
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

fn quote(provider: &str, name: &str) -> String {
    if provider == "mysql" {
        format!("`{name}`")
    } else {
        format!("\"{name}\"")
    }
}

async fn insert(
    conn: &Connection,
    provider: &str,
    table: &str,
    id: i64,
    total: i64,
    discount: i64,
) -> bool {
    let placeholders = if provider == "postgresql" {
        "$1, $2, $3"
    } else {
        "?, ?, ?"
    };
    let sql = format!(
        "INSERT INTO {} ({}, {}, {}) VALUES ({placeholders})",
        quote(provider, table),
        quote(provider, "id"),
        quote(provider, "total"),
        quote(provider, "discount"),
    );
    conn.execute(
        &sql,
        &[Value::from(id), Value::from(total), Value::from(discount)],
    )
    .await
    .is_ok()
}

async fn run(provider: &str, db: TestDatabase) {
    let conn = Connection::connect(db.url()).await.expect("connect");
    let after = migrate_to(
        &conn,
        &fixture("check-constraints-from-empty", "to.prisma"),
        provider,
    )
    .await;
    let orders = after
        .tables
        .iter()
        .find(|t| t.name == "orders")
        .expect("orders");
    let names: Vec<&str> = orders.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), 3, "{provider}: {names:?}");
    assert!(
        insert(&conn, provider, "orders", 1, 10, 5).await,
        "{provider}: a valid row"
    );
    assert!(
        !insert(&conn, provider, "orders", 2, -1, 0).await,
        "{provider}: total >= 0 holds"
    );
    assert!(
        !insert(&conn, provider, "orders", 3, 10, 20).await,
        "{provider}: discount <= total holds"
    );

    conn.raw_cmd(&format!("DROP TABLE {}", quote(provider, "orders")))
        .await
        .expect("drop");
    migrate_to(
        &conn,
        &fixture("check-constraints-changed", "from.prisma"),
        provider,
    )
    .await;
    assert!(
        insert(&conn, provider, "Order", 1, 10, 5).await,
        "{provider}: a valid row"
    );
    let after = migrate_to(
        &conn,
        &fixture("check-constraints-changed", "to.prisma"),
        provider,
    )
    .await;
    let order = after
        .tables
        .iter()
        .find(|t| t.name == "Order")
        .expect("Order");
    let mut names: Vec<&str> = order.checks.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["discount_not_negative", "total_bounded", "total_positive"],
        "{provider}"
    );
    assert!(
        !insert(&conn, provider, "Order", 2, 10, 20).await,
        "{provider}: the changed check holds"
    );
    assert!(
        !insert(&conn, provider, "Order", 3, 2_000_000, 0).await,
        "{provider}: the added check holds"
    );
    let rows = conn
        .query(
            &format!(
                "SELECT {} FROM {}",
                quote(provider, "id"),
                quote(provider, "Order")
            ),
            &[],
        )
        .await
        .expect("select");
    assert_eq!(rows.iter().count(), 1, "{provider}: the row survives");
}

#[tokio::test]
async fn check_constraints_on_sqlite() {
    run(
        "sqlite",
        TestDatabase::sqlite("pidx", "checks_sqlite").await,
    )
    .await;
}

#[tokio::test]
async fn check_constraints_on_postgres() {
    let Some(db) = TestDatabase::postgres("pidx", "checks_postgres").await else {
        return;
    };
    run("postgresql", db).await;
}

#[tokio::test]
async fn check_constraints_on_mariadb() {
    let Some(db) = TestDatabase::mysql("pidx", "checks_mysql").await else {
        return;
    };
    run("mysql", db).await;
}
