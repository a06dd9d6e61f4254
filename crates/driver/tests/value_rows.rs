//! Value rows (`Connection::query`, what migrate, introspect and Studio read) are read through
//! the same typed cells as the client's rows: the types the cells know read here too, and on
//! MySQL a statement without parameters (the text protocol) reads as one with parameters (the
//! binary protocol). An exact number reads as its text (`numeric` as the client's `Decimal` writes it).

mod common;

use chrono::{TimeZone, Utc};
use driver::{Connection, Value};

#[tokio::test]
async fn postgres_values_of_every_type_the_cells_read() {
    let Some(url) = common::fresh_postgres("value_rows").await else {
        return;
    };
    let conn = Connection::connect(&url).await.unwrap();
    let rows = conn
        .query(
            "SELECT 1.50::numeric AS n, '00000000-0000-0000-0000-0000000000ff'::uuid AS u, \
             '{\"a\": 1}'::jsonb AS j, DATE '2024-05-06' AS d, 'p'::\"char\" AS c, \
             $1::int8 AS i, NULL::text AS none",
            &[Value::Int(7)],
        )
        .await
        .unwrap();
    let row = rows.first().unwrap();
    assert_eq!(row.text("n"), Some("1.5"));
    assert_eq!(row.text("u"), Some("00000000-0000-0000-0000-0000000000ff"));
    assert_eq!(row.text("j"), Some("{\"a\": 1}"));
    assert_eq!(
        row.get("d"),
        &Value::DateTime(Utc.with_ymd_and_hms(2024, 5, 6, 0, 0, 0).unwrap())
    );
    assert_eq!(row.text("c"), Some("p"));
    assert_eq!(row.int("i"), Some(7));
    assert!(row.get("none").is_null());

    // An array has no single value: the error names the column and the fix.
    let e = conn
        .query("SELECT ARRAY[1, 2] AS xs", &[])
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("`xs`") && e.contains("cast to text"), "{e}");

    drop(conn);
    driver::drop_database(&url).await.unwrap();
}

#[tokio::test]
async fn mysql_reads_the_text_protocol_as_the_binary_one() {
    let Some(url) = common::fresh_mysql("value_rows").await else {
        return;
    };
    let conn = Connection::connect(&url).await.unwrap();
    conn.raw_cmd(
        "CREATE TABLE t (id INT PRIMARY KEY, big BIGINT UNSIGNED, small TINYINT, y YEAR, \
         f DOUBLE, d DECIMAL(10, 2), whole DECIMAL(10, 0), at DATETIME(3), day DATE, \
         name VARCHAR(20), raw VARBINARY(4), doc JSON);\n\
         INSERT INTO t VALUES (1, 18446744073709551615, -3, 2024, 1.5, 12.50, 7, \
         '2024-05-06 07:08:09.250', '2024-05-06', 'ünï', x'00ff', '{\"a\": 1}');",
    )
    .await
    .unwrap();
    let select = "SELECT id, big, small, y, f, d, whole, at, day, name, raw, doc FROM t";
    let text = conn.query(select, &[]).await.unwrap();
    let binary = conn
        .query(&format!("{select} WHERE id = ?"), &[Value::Int(1)])
        .await
        .unwrap();
    let at = Utc
        .with_ymd_and_hms(2024, 5, 6, 7, 8, 9)
        .unwrap()
        .checked_add_signed(chrono::TimeDelta::milliseconds(250))
        .unwrap();
    let expected = vec![
        Value::Int(1),
        Value::from("18446744073709551615"),
        Value::Int(-3),
        Value::Int(2024),
        Value::Float(1.5),
        Value::from("12.50"),
        Value::Int(7),
        Value::DateTime(at),
        Value::DateTime(Utc.with_ymd_and_hms(2024, 5, 6, 0, 0, 0).unwrap()),
        Value::from("ünï"),
        Value::Bytes(vec![0, 255]),
        Value::from("{\"a\": 1}"),
    ];
    assert_eq!(
        text.rows,
        std::slice::from_ref(&expected),
        "the text protocol"
    );
    assert_eq!(binary.rows, [expected], "the binary protocol");

    drop(conn);
    driver::drop_database(&url).await.unwrap();
}
