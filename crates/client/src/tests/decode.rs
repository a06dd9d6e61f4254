//! Reading Rust values from typed cells: one rule per Rust type, whichever database module
//! typed the cell (SQLite's storage classes, PostgreSQL's types, MySQL's values).

use chrono::{DateTime, Utc};
use driver::Cell;
use rust_decimal::Decimal;

use crate::decode::{DecodeError, FromColumn};
use crate::value::Value;

fn read<T: FromColumn>(cell: Cell<'_>) -> Result<T, DecodeError> {
    match cell {
        Cell::Null => T::from_null(),
        cell => T::from_cell(cell),
    }
}

#[test]
fn integers_read_from_every_numeric_form() {
    assert_eq!(read::<i64>(Cell::Int(7)), Ok(7));
    // Prisma truncates non-integral numbers read into integer fields.
    assert_eq!(read::<i64>(Cell::Float(7.9)), Ok(7));
    assert_eq!(
        read::<i64>(Cell::Decimal(driver::Decimal::new(79, 1))),
        Ok(7)
    );
    // MySQL's SUM over integers arrives as DECIMAL text; SQLite may hold numbers as TEXT.
    assert_eq!(read::<i64>(Cell::Numeric("12.50")), Ok(12));
    assert_eq!(read::<i64>(Cell::Text("42")), Ok(42));
    assert!(read::<i64>(Cell::Text("forty-two")).is_err());
    assert_eq!(
        read::<i32>(Cell::Int(1 << 40)),
        Err(DecodeError(
            "1099511627776 does not fit in an Int (i32)".into()
        ))
    );
}

#[test]
fn booleans_read_as_each_database_stores_them() {
    for (cell, expected) in [
        (Cell::Bool(true), true),
        (Cell::Int(0), false),
        (Cell::Text("true"), true),
        (Cell::Text("0"), false),
        // MySQL's BIT(1) is one byte.
        (Cell::Bytes(&[1]), true),
        (Cell::Bytes(&[0]), false),
    ] {
        assert_eq!(read::<bool>(cell.clone()), Ok(expected), "{cell:?}");
    }
}

#[test]
fn decimals_keep_the_shortest_form_of_a_real() {
    // Prisma's SQLite adapter stores decimals as REAL and reads back JavaScript's shortest form.
    assert_eq!(read::<Decimal>(Cell::Float(0.1)), Ok(Decimal::new(1, 1)));
    assert_eq!(
        read::<Decimal>(Cell::Numeric("1.5e3")),
        Ok(Decimal::new(1500, 0))
    );
    assert_eq!(read::<f64>(Cell::Numeric("2.5")), Ok(2.5));
}

#[test]
fn times_read_from_text_milliseconds_and_timestamps() {
    let t = DateTime::<Utc>::from_timestamp_millis(1_700_000_000_123).expect("in range");
    assert_eq!(read::<DateTime<Utc>>(Cell::DateTime(t)), Ok(t));
    assert_eq!(read::<DateTime<Utc>>(Cell::Int(1_700_000_000_123)), Ok(t));
    assert_eq!(
        read::<DateTime<Utc>>(Cell::Text("2023-11-14T22:13:20.123+00:00")),
        Ok(t)
    );
}

#[test]
fn text_uuid_and_json_cells() {
    let uuid = uuid::Uuid::from_u128(0x1234);
    assert_eq!(
        read::<String>(Cell::Uuid(*uuid.as_bytes())),
        Ok(uuid.to_string())
    );
    assert_eq!(
        read::<serde_json::Value>(Cell::Json(br#"{"a":1}"#)),
        Ok(serde_json::json!({"a": 1}))
    );
    assert_eq!(read::<Option<String>>(Cell::Null), Ok(None));
    assert!(read::<String>(Cell::Null).is_err());
}

#[test]
fn lists_read_their_elements_through_the_same_cells() {
    let list = Cell::List(vec![Cell::Int(1), Cell::Int(2)]);
    assert_eq!(read::<Vec<i64>>(list.clone()), Ok(vec![1, 2]));
    assert_eq!(
        read::<Value>(list),
        Ok(Value::List(vec![Value::Int(1), Value::Int(2)]))
    );
    assert_eq!(read::<Vec<String>>(Cell::Null), Ok(Vec::new()));
    assert!(read::<Vec<i64>>(Cell::List(vec![Cell::Null])).is_err());
    assert!(read::<Vec<i64>>(Cell::Int(1)).is_err());
}

/// SQLite's TEXT arrives unchecked (`Cell::RawText`): times and integers are read from the
/// bytes, other forms and other types after the UTF-8 check, with the same results as text.
#[test]
fn sqlite_text_reads_from_its_bytes_as_from_text() {
    use chrono::TimeZone;
    let t = Utc.with_ymd_and_hms(2024, 5, 6, 7, 8, 9).unwrap();
    for stored in [
        "2024-05-06T07:08:09.000+00:00",
        "2024-05-06T07:08:09Z",
        "2024-05-06 07:08:09",
        "2024-05-06T09:08:09+02:00",
        // Not read from the bytes: the general parser, after the check.
        "1714979289000",
        "2024-05-06T07:08",
    ] {
        let expected = if stored.ends_with(":08") {
            Utc.with_ymd_and_hms(2024, 5, 6, 7, 8, 0).unwrap()
        } else {
            t
        };
        assert_eq!(
            read::<DateTime<Utc>>(Cell::RawText(stored.as_bytes())),
            Ok(expected),
            "{stored}"
        );
        assert_eq!(
            read::<DateTime<Utc>>(Cell::Text(stored)),
            Ok(expected),
            "{stored}"
        );
    }
    assert!(read::<DateTime<Utc>>(Cell::RawText(b"2024-05-06T07:08:09\xff")).is_err());
    assert_eq!(read::<i64>(Cell::RawText(b"-42")), Ok(-42));
    assert_eq!(read::<i64>(Cell::RawText(b"12.5")), Ok(12));
    assert_eq!(
        read::<i64>(Cell::RawText(b"9223372036854775807")),
        Ok(i64::MAX)
    );
    assert!(read::<i64>(Cell::RawText(b"-")).is_err());
    assert_eq!(read::<f64>(Cell::RawText(b"1.5")), Ok(1.5));
    assert_eq!(read::<bool>(Cell::RawText(b"true")), Ok(true));
    assert_eq!(
        read::<String>(Cell::RawText("ünï".as_bytes())),
        Ok("ünï".into())
    );
    assert_eq!(
        read::<String>(Cell::RawText(b"\xff")),
        Err(DecodeError("text is not valid UTF-8".into()))
    );
    assert_eq!(read::<Vec<u8>>(Cell::RawText(b"\xff")), Ok(vec![0xff]));
    assert_eq!(
        read::<Value>(Cell::RawText(b"x")),
        Ok(Value::Text("x".into()))
    );
    assert_eq!(
        read::<Value>(Cell::RawText(b"\xff")),
        Ok(Value::Bytes(vec![0xff]))
    );
    assert_eq!(
        read::<serde_json::Value>(Cell::RawText(b"{\"a\":1}")),
        Ok(serde_json::json!({"a": 1}))
    );
}
