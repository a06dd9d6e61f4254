//! `db pull` of tables whose names and defaults hold quotes, backslashes and statement syntax:
//! the pulled schema names them exactly (Prisma string escapes), and the migration calculated
//! from it creates exactly those tables again, leaving every other table alone (issue 12: a
//! PostgreSQL table named `t" (x int); DROP TABLE victim; --` pulled into a schema whose
//! migration dropped `victim`). On PostgreSQL and MySQL/MariaDB (SQLite: the same through
//! `"`-quoting, with the SQLite case below).

use diagnostics::SourceFiles;
use driver::{Connection, Provider as DbProvider};
use schema::Provider;
use test_support::TestDatabase;

const TABLE: &str = "t\" (x int); DROP TABLE victim; --";
const MYSQL_TABLE: &str = "t` (x int); DROP TABLE victim; --";
const COLUMN: &str = "c\"`'\\ol";
const DEFAULT: &str = "\\'); DROP TABLE victim; -- \"";
/// MySQL stores NUL in text, and `db pull` must write it as `\u0000`.
const MYSQL_DEFAULT: &str = "\\'); DROP TABLE victim; -- \"\0";

fn quote(conn: &Connection, name: &str) -> String {
    conn.provider().quote_identifier(name)
}

/// A string literal of the database's SQL.
fn literal(conn: &Connection, s: &str) -> String {
    let doubled = s.replace('\'', "''");
    if conn.provider() == DbProvider::Mysql {
        format!("'{}'", doubled.replace('\\', "\\\\").replace('\0', "\\0"))
    } else {
        format!("'{doubled}'")
    }
}

async fn tables(conn: &Connection) -> Vec<String> {
    let live = migrate::introspect::introspect(conn).await.unwrap();
    let mut names: Vec<String> = live.table_walkers().map(|t| t.name().to_owned()).collect();
    names.sort_unstable();
    names
}

async fn pull_and_recreate(provider: &str, source: TestDatabase, copy: TestDatabase, table: &str) {
    let conn = Connection::connect(source.url()).await.unwrap();
    let default = if provider == "mysql" {
        MYSQL_DEFAULT
    } else {
        DEFAULT
    };
    let text_type = if provider == "mysql" {
        "VARCHAR(100)"
    } else {
        "TEXT"
    };
    // (On SQLite, as the migration engine writes an `Int @id`: a bare `INTEGER PRIMARY KEY`
    // is pulled without `autoincrement()`, and the two would differ for another reason.)
    let id = if provider == "sqlite" {
        "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT"
    } else {
        "INTEGER PRIMARY KEY"
    };
    conn.raw_cmd(&format!(
        "CREATE TABLE {victim} (id {id}); CREATE TABLE {t} (id {id}, {c} {text_type} NOT NULL DEFAULT {d})",
        victim = quote(&conn, "victim"),
        t = quote(&conn, table),
        c = quote(&conn, COLUMN),
        d = literal(&conn, default),
    ))
    .await
    .unwrap();
    let mut expected = tables(&conn).await;
    expected.sort_unstable();
    assert_eq!(expected.len(), 2);

    let database = migrate::introspect::introspect_for_pull(&conn, &[])
        .await
        .unwrap();
    let extras = introspect::describe_extras(&conn).await.unwrap();
    let config = format!("datasource db {{\n  provider = \"{provider}\"\n}}\n");
    let files = SourceFiles::single("schema.prisma", config.as_str());
    let (config_schema, _) = schema::validate(&files);
    let pulled = introspect::pull(&introspect::PullInput {
        database: &database,
        provider: Provider::from_name(provider).unwrap(),
        config: introspect::config_blocks(&files, &config_schema),
        previous: None,
        extras: &extras,
        views: false,
    })
    .unwrap();
    let (pulled_schema, diagnostics) = schema::validate(&SourceFiles::single(
        "schema.prisma",
        pulled.schema.as_str(),
    ));
    assert!(
        diagnostics.errors().next().is_none(),
        "the pulled schema is invalid:\n{}",
        pulled.schema
    );
    let dialect = migrate::dialect_of(&pulled_schema).unwrap();
    let target = migrate::calculate(&pulled_schema, dialect);
    let column_default = target
        .table_walkers()
        .find(|t| t.name() == table)
        .and_then(|t| t.column(COLUMN))
        .and_then(|c| c.column().default.clone());
    assert_eq!(
        column_default,
        Some(sql_schema::DefaultValue::Value(sql_schema::Value::String(
            default.to_owned()
        ))),
        "the pulled schema names the table, column and default exactly:\n{}",
        pulled.schema
    );

    // The migration from empty, on an empty database: exactly the pulled tables.
    let script = migrate::diff_to_script(&sql_schema::SqlSchema::default(), &target, dialect);
    let copy_conn = Connection::connect(copy.url()).await.unwrap();
    copy_conn
        .raw_cmd(&script)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{script}"));
    assert_eq!(
        tables(&copy_conn).await,
        expected,
        "the migration of the pulled schema:\n{script}"
    );
    // And the pulled schema matches the source database.
    let live = migrate::introspect::introspect(&conn).await.unwrap();
    let again = migrate::diff_to_script(&live, &target, dialect);
    assert!(
        again.contains("This is an empty migration"),
        "{again}\n{}",
        pulled.schema
    );
}

#[tokio::test]
async fn a_pulled_postgres_table_name_with_a_quote_migrates_as_itself() {
    let (Some(source), Some(copy)) = (
        TestDatabase::postgres("refract_pull", "inj_src").await,
        TestDatabase::postgres("refract_pull", "inj_copy").await,
    ) else {
        return;
    };
    pull_and_recreate("postgresql", source, copy, TABLE).await;
}

#[tokio::test]
async fn a_pulled_mysql_table_name_with_a_backtick_migrates_as_itself() {
    let (Some(source), Some(copy)) = (
        TestDatabase::mysql("refract_pull", "inj_src").await,
        TestDatabase::mysql("refract_pull", "inj_copy").await,
    ) else {
        return;
    };
    pull_and_recreate("mysql", source, copy, MYSQL_TABLE).await;
}

#[tokio::test]
async fn a_pulled_sqlite_table_name_with_a_quote_migrates_as_itself() {
    let source = TestDatabase::sqlite("refract_pull", "inj_src").await;
    let copy = TestDatabase::sqlite("refract_pull", "inj_copy").await;
    pull_and_recreate("sqlite", source, copy, TABLE).await;
}
