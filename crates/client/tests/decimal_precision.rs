//! `Decimal` fields hold every value of PostgreSQL's `numeric(65,30)` and MySQL's
//! `DECIMAL(65,30)` exactly (65 significant digits, 30 after the point; before, more than
//! 28–29 failed to decode), through the generated client (`client-gen/tests/fixtures/
//! json_decimal.prisma`): created, read, filtered, updated and summed on PostgreSQL and
//! MySQL/MariaDB; on SQLite, where Prisma stores a REAL, values read back as the double
//! Prisma's adapter stores. Values written by hand in SQL read back exactly too.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/json_decimal.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use client::{Client, Decimal, Dialect, Value};
use db::{Models, amount};

/// Edge values of `numeric(65,30)`: the largest and smallest, the smallest step, 65 digits
/// with both ends non-zero, and values `rust_decimal` cannot hold.
const EDGES: &[&str] = &[
    "99999999999999999999999999999999999.999999999999999999999999999999",
    "-99999999999999999999999999999999999.999999999999999999999999999999",
    "0.000000000000000000000000000001",
    "-0.000000000000000000000000000001",
    "12345678901234567890123456789012345.123456789012345678901234567891",
    "79228162514264337593543950336",
    "0.123456789012345678901234567891",
    "1",
    "0",
    "-12.5",
];

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

/// What a decimal reads back as where it is stored: exactly, or on SQLite the double
/// Prisma's adapter writes (the shortest text that reads back as that double).
fn stored(c: &Client, text: &str) -> Decimal {
    match c.dialect() {
        Dialect::Sqlite => Decimal::from_f64(dec(text).to_f64()).expect("finite"),
        _ => dec(text),
    }
}

async fn edge_values_round_trip(c: &Client) {
    for (i, text) in EDGES.iter().enumerate() {
        let created = c
            .amount()
            .create(amount::create(format!("e{i}"), dec(text)).set(amount::maybe().set(dec(text))))
            .exec()
            .await
            .unwrap_or_else(|e| panic!("create {text}: {e}"));
        assert_eq!(created.value, stored(c, text), "{text}");
        assert_eq!(created.maybe, Some(stored(c, text)));
        let read = c
            .amount()
            .find_unique(amount::label().equals(format!("e{i}")))
            .exec()
            .await
            .expect("find")
            .expect("the record");
        assert_eq!(read.value, stored(c, text), "{text}");
        assert_eq!(read.value.to_string(), stored(c, text).to_string());
    }
    // Filters on exact values.
    let found = c
        .amount()
        .find_many()
        .filter(amount::value().equals(stored(c, EDGES[4])))
        .exec()
        .await
        .expect("find by value");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].label, "e4");
    if c.dialect() != Dialect::Sqlite {
        // The smallest step tells the two values apart.
        let above = c
            .amount()
            .count()
            .filter(amount::value().gt(dec("0.000000000000000000000000000000")))
            .filter(amount::value().lt(dec("0.000000000000000000000000000002")))
            .exec()
            .await
            .expect("count");
        assert_eq!(above, 1);
    }
}

async fn updates_and_sums_stay_exact(c: &Client) {
    if c.dialect() == Dialect::Sqlite {
        return; // REAL arithmetic: nothing exact to check.
    }
    c.amount()
        .create(amount::create("a", dec("0.000000000000000000000000000001")))
        .exec()
        .await
        .expect("create");
    let updated = c
        .amount()
        .update(
            amount::label().equals("a"),
            vec![amount::value().increment(dec("10000000000000000000000000000000000"))],
        )
        .exec()
        .await
        .expect("increment");
    assert_eq!(
        updated.value,
        dec("10000000000000000000000000000000000.000000000000000000000000000001")
    );
    c.amount()
        .create(amount::create(
            "b",
            dec("-0.000000000000000000000000000001"),
        ))
        .exec()
        .await
        .expect("create");
    let sums = c
        .amount()
        .aggregate()
        .select(amount::value().sum())
        .exec()
        .await
        .expect("sum");
    assert_eq!(
        sums.get(amount::value().sum()),
        Some(&Value::Decimal(dec("10000000000000000000000000000000000")))
    );
}

async fn raw_written_values_read_back(c: &Client) {
    if c.dialect() == Dialect::Sqlite {
        return;
    }
    // Written by SQL, as Prisma's client or another program writes them.
    let insert = match c.dialect() {
        Dialect::Mysql => {
            "INSERT INTO `Amount` (`label`, `value`) VALUES ('raw', 12345678901234567890123456789012345.123456789012345678901234567891)"
        }
        _ => {
            "INSERT INTO \"Amount\" (\"label\", \"value\") VALUES ('raw', 12345678901234567890123456789012345.123456789012345678901234567891)"
        }
    };
    c.execute_raw(insert, vec![]).await.expect("raw insert");
    let read = c
        .amount()
        .find_unique(amount::label().equals("raw"))
        .exec()
        .await
        .expect("find")
        .expect("the record");
    assert_eq!(read.value, dec(EDGES[4]));
    // Still a rust_decimal where it fits.
    assert!(rust_decimal::Decimal::try_from(read.value).is_err());
    assert_eq!(
        rust_decimal::Decimal::try_from(dec("-12.5")).unwrap(),
        rust_decimal::Decimal::new(-125, 1)
    );
}

on_both!("json_decimal"; edge_values_round_trip, updates_and_sums_stay_exact, raw_written_values_read_back);
