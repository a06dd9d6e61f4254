//! The schema before each migration comes from the `sql-interp` interpreter, which replays
//! what the statement walker does not: the NOT NULL a primary key gives its columns on
//! PostgreSQL and MySQL, and SQLite's nullable non-integer primary keys. Each case is run with
//! `lint::lint` (the interpreter) and with the walker (`lint_with(Tracker)`), whose answer
//! was wrong; `crates/cli/tests/migrate_lint.rs` checks the same on the real databases.

use lint::{Dialect, Migration, SchemaSource, Tracker};

fn history(scripts: &[&str]) -> Vec<Migration> {
    scripts
        .iter()
        .enumerate()
        .map(|(i, sql)| Migration {
            name: format!("2024010100000{i}_m"),
            path: format!("2024010100000{i}_m/migration.sql"),
            sql: (*sql).to_owned(),
            lint: i + 1 == scripts.len(),
        })
        .collect()
}

fn codes(report: &lint::Report) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .map(|f| f.code)
        .filter(|c| !matches!(*c, "R200" | "R212"))
        .collect()
}

/// PostgreSQL: `ADD PRIMARY KEY` two migrations back made `code` NOT NULL, so `SET NOT
/// NULL` neither scans nor can fail.
pub const POSTGRES: [&str; 3] = [
    "CREATE TABLE \"Item\" (\"code\" TEXT, \"note\" TEXT);\n",
    "ALTER TABLE \"Item\" ADD CONSTRAINT \"Item_pkey\" PRIMARY KEY (\"code\");\n",
    "ALTER TABLE \"Item\" ALTER COLUMN \"code\" SET NOT NULL;\n",
];

/// MySQL/MariaDB: the same through `MODIFY` (the primary key made the column NOT NULL).
pub const MYSQL: [&str; 3] = [
    "CREATE TABLE `Item` (`code` VARCHAR(10) NULL, `note` TEXT NULL);\n",
    "ALTER TABLE `Item` ADD PRIMARY KEY (`code`);\n",
    "ALTER TABLE `Item` MODIFY `code` VARCHAR(10) NOT NULL;\n",
];

/// SQLite: a `TEXT PRIMARY KEY` column may hold NULL (SQLite's documented quirk), so the
/// redefinition that makes it NOT NULL fails on such a row.
pub const SQLITE: [&str; 2] = [
    "CREATE TABLE \"Item\" (\"code\" TEXT PRIMARY KEY, \"note\" TEXT);\n",
    "PRAGMA foreign_keys=OFF;\nCREATE TABLE \"new_Item\" (\"code\" TEXT NOT NULL PRIMARY KEY, \"note\" TEXT);\nINSERT INTO \"new_Item\" (\"code\", \"note\") SELECT \"code\", \"note\" FROM \"Item\";\nDROP TABLE \"Item\";\nALTER TABLE \"new_Item\" RENAME TO \"Item\";\nPRAGMA foreign_keys=ON;\n",
];

#[test]
fn postgres_set_not_null_on_a_primary_key_column_is_quiet() {
    let h = history(&POSTGRES);
    let interpreted = lint::lint(Dialect::Postgres, &h);
    assert_eq!(interpreted.schema_source, SchemaSource::Interpreter);
    assert_eq!(codes(&interpreted), Vec::<&str>::new());
    let walked = lint::lint_with(Dialect::Postgres, &h, &mut Tracker::default());
    assert_eq!(codes(&walked), ["R206", "R106"]);
}

#[test]
fn mysql_modify_to_not_null_after_a_primary_key_is_quiet() {
    let h = history(&MYSQL);
    let interpreted = lint::lint(Dialect::Mysql, &h);
    assert_eq!(interpreted.schema_source, SchemaSource::Interpreter);
    assert_eq!(codes(&interpreted), ["R400"]);
    let walked = lint::lint_with(Dialect::Mysql, &h, &mut Tracker::default());
    assert_eq!(codes(&walked), ["R401", "R106"]);
}

#[test]
fn sqlite_copy_into_a_not_null_primary_key_is_reported() {
    let h = history(&SQLITE);
    let interpreted = lint::lint(Dialect::Sqlite, &h);
    assert_eq!(interpreted.schema_source, SchemaSource::Interpreter);
    let with = codes(&interpreted);
    assert!(with.contains(&"R106"), "{with:?}");
    let walked = lint::lint_with(Dialect::Sqlite, &h, &mut Tracker::default());
    assert!(!codes(&walked).contains(&"R106"), "{:?}", codes(&walked));
}

#[test]
fn a_history_the_interpreter_refuses_falls_back_to_the_walker() {
    let h = history(&[
        "CREATE TABLE \"Item\" (\"code\" TEXT);\nDO $$ BEGIN PERFORM 1; END $$;\n",
        "CREATE INDEX \"Item_code_idx\" ON \"Item\"(\"code\");\n",
    ]);
    let report = lint::lint(Dialect::Postgres, &h);
    let SchemaSource::Walker(refused) = &report.schema_source else {
        panic!("{:?}", report.schema_source);
    };
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0].starts_with("20240101000000_m/migration.sql:2: `DO $$"),
        "{refused:?}"
    );
    assert!(report.schema_source.describe().contains("statement walker"));
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["schemaBefore"], "walker");
    assert!(codes(&report).contains(&"R201"));
}
