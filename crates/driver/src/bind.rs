//! Statement parameters as the database modules bind them, borrowed from the caller's values:
//! the client's `Value` implements [`Bind`], and each database module writes a [`Param`] in its
//! driver's form (SQLite's storage classes as Prisma stores them, PostgreSQL's binary form for
//! the parameter's type, MySQL's values).

use crate::Decimal;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// One parameter, borrowed.
#[derive(Debug, Clone, Copy)]
pub enum Param<'a, B> {
    /// SQL NULL.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer (the column's type decides the width on PostgreSQL).
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// An exact decimal.
    Decimal(&'a Decimal),
    /// Text (also an enum variant's database name).
    Text(&'a str),
    /// A point in time.
    DateTime(&'a DateTime<Utc>),
    /// A calendar date (a `DateTime` field of native type `@db.Date`, in a filter).
    Date(NaiveDate),
    /// A time of day (a `DateTime` field of native type `@db.Time` or `@db.Timetz`, in a
    /// filter).
    Time(NaiveTime),
    /// JSON.
    Json(&'a serde_json::Value),
    /// Bytes.
    Bytes(&'a [u8]),
    /// A list bound as one parameter (a PostgreSQL array, a JSON array on SQLite).
    List(&'a [B]),
}

/// A value that can be bound to a statement parameter.
pub trait Bind: Sized + Sync + std::fmt::Debug {
    /// The parameter this value binds as.
    fn param(&self) -> Param<'_, Self>;
}

/// Writes a UTC time as Prisma 7 stores it in SQLite: `YYYY-MM-DDTHH:MM:SS.sss+00:00`.
///
/// Written digit by digit: it runs for every DateTime a write binds (`createdAt`, `updatedAt`,
/// …), and the formatting machinery cost more than the rest of binding the value.
pub fn sqlite_datetime_text(t: &DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let year = t.year();
    if !(0..=9999).contains(&year) {
        // Years outside 0..=9999 take JavaScript's expanded form, as `toISOString` writes.
        return t.format("%+06Y-%m-%dT%H:%M:%S%.3f+00:00").to_string();
    }
    let mut b = *b"0000-00-00T00:00:00.000+00:00";
    let mut put = |at: usize, width: usize, mut n: u32| {
        for i in (at..at + width).rev() {
            b[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    put(0, 4, year as u32);
    put(5, 2, t.month());
    put(8, 2, t.day());
    put(11, 2, t.hour());
    put(14, 2, t.minute());
    // A leap second (nanosecond field past 1e9) is written as second 59.999, as JavaScript has
    // no leap seconds.
    let leap = t.nanosecond() >= 1_000_000_000;
    put(17, 2, if leap { 59 } else { t.second() });
    put(
        20,
        3,
        if leap {
            999
        } else {
            t.timestamp_subsec_millis().min(999)
        },
    );
    // ASCII by construction: checked at a glance, copied once (char by char, as a `String`
    // collects chars, cost more than the digits).
    std::str::from_utf8(&b)
        .map(str::to_owned)
        .unwrap_or_default()
}
