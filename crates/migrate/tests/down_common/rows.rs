//! One row in every table of a described schema, whatever its columns, for the real-world
//! histories: every column gets a value (`'1'` for numbers, text, booleans and bytes, a fixed
//! date-time, UUID and JSON, an enum's first value, an empty array), so that a foreign key
//! holds the same value as the key it references; foreign-key checks are off while the rows
//! go in and out. Tables whose insert the database refuses (a type no literal fits) are left empty and
//! left out of the check.

use std::cell::RefCell;

use driver::{Connection, Provider};
use sql_schema::{ColumnArity, ColumnTypeFamily, SqlSchema, Table};

/// Switches foreign-key checks off (`false`) or on for this session.
pub async fn foreign_key_checks(conn: &Connection, on: bool) {
    let sql = match (conn.provider(), on) {
        (Provider::Sqlite, false) => "PRAGMA foreign_keys = OFF",
        (Provider::Sqlite, true) => "PRAGMA foreign_keys = ON",
        (Provider::Postgres, false) => "SET session_replication_role = replica",
        (Provider::Postgres, true) => "SET session_replication_role = DEFAULT",
        (Provider::Mysql, false) => "SET FOREIGN_KEY_CHECKS = 0",
        (Provider::Mysql, true) => "SET FOREIGN_KEY_CHECKS = 1",
    };
    conn.raw_cmd(sql).await.unwrap();
}

fn literal(schema: &SqlSchema, table: &Table, column: usize) -> String {
    let c = &table.columns[column];
    if c.tpe.arity == ColumnArity::List {
        return "'{}'".to_owned();
    }
    let text = match &c.tpe.family {
        ColumnTypeFamily::DateTime => "2020-01-01 00:00:00".to_owned(),
        ColumnTypeFamily::Json => "{}".to_owned(),
        ColumnTypeFamily::Uuid => "00000000-0000-0000-0000-000000000001".to_owned(),
        ColumnTypeFamily::Enum(id) => schema
            .enum_(*id)
            .values
            .first()
            .cloned()
            .unwrap_or_default(),
        _ => "1".to_owned(),
    };
    format!("'{}'", text.replace('\'', "''"))
}

/// Puts one row in each table of `schema` except those named in `skip`; returns the tables
/// that took it, each with its number of rows then (the migrations may have put some in).
pub async fn fill(conn: &Connection, schema: &SqlSchema, skip: &[String]) -> Vec<(String, i64)> {
    let q = |name: &str| conn.provider().quote_identifier(name);
    let filled = RefCell::new(Vec::new());
    foreign_key_checks(conn, false).await;
    for table in schema.tables.iter().filter(|t| !skip.contains(&t.name)) {
        let columns: Vec<String> = table.columns.iter().map(|c| q(&c.name)).collect();
        let values: Vec<String> = (0..table.columns.len())
            .map(|i| literal(schema, table, i))
            .collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            q(&table.name),
            columns.join(", "),
            values.join(", ")
        );
        if conn.raw_cmd(&sql).await.is_ok() {
            let n = count(conn, &table.name).await;
            filled.borrow_mut().push((table.name.clone(), n));
        }
    }
    foreign_key_checks(conn, true).await;
    filled.into_inner()
}

/// The number of rows of `table`.
pub async fn count(conn: &Connection, table: &str) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM {}",
        conn.provider().quote_identifier(table)
    );
    let rows = conn.query(&sql, &[]).await.unwrap();
    rows.first().and_then(|r| r.int("n")).unwrap()
}

/// Deletes the rows [`fill`] put in the tables of `schema` named in `tables` (by primary key,
/// or by every column where there is none), and only those: rows the migrations inserted stay.
pub async fn remove(conn: &Connection, schema: &SqlSchema, tables: &[String]) {
    let q = |name: &str| conn.provider().quote_identifier(name);
    foreign_key_checks(conn, false).await;
    for table in schema.tables.iter().filter(|t| tables.contains(&t.name)) {
        let columns: Vec<usize> = match &table.primary_key {
            Some(pk) => pk.columns.iter().map(|c| c.column).collect(),
            None => (0..table.columns.len()).collect(),
        };
        let condition: Vec<String> = columns
            .iter()
            .map(|&c| {
                format!(
                    "{} = {}",
                    q(&table.columns[c].name),
                    literal(schema, table, c)
                )
            })
            .collect();
        let sql = format!(
            "DELETE FROM {} WHERE {}",
            q(&table.name),
            condition.join(" AND ")
        );
        conn.raw_cmd(&sql).await.unwrap();
    }
    foreign_key_checks(conn, true).await;
}

/// The tables a down script's warnings say it cannot handle with rows in them (a required
/// column added back without a default, a cast, a column dropped and recreated, a column made
/// required).
pub fn unfillable(down: &str, schema: &SqlSchema) -> Vec<String> {
    let risky: Vec<String> = migrate::down::warnings_of(down)
        .into_iter()
        .filter(|w| {
            w.contains("not possible") || w.contains("cast") || w.contains("dropped and recreated")
        })
        .collect();
    schema
        .tables
        .iter()
        .map(|t| t.name.clone())
        .filter(|t| {
            risky
                .iter()
                .any(|w| w.contains(&format!("`{t}` table")) || w.contains(&format!("table `{t}`")))
        })
        .collect()
}
