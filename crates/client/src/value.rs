//! Values bound to statements and the conversions between Rust types and the way Prisma stores
//! them per dialect.
//!
//! On SQLite, Prisma 7 (driver adapters) writes `DateTime` as ISO-8601 text with milliseconds and
//! an explicit UTC offset (`2025-12-09T07:33:11.188+00:00`), `Decimal` as a REAL, `Boolean` as
//! 0/1 and `Json` as text; Prisma 6 wrote `DateTime` as integer milliseconds since the epoch.
//! Both are read back; Prisma 7's form is written.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::Decimal;

/// One value bound to a statement parameter.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// SQL NULL.
    Null,
    /// `Boolean`.
    Bool(bool),
    /// `Int` and `BigInt` (the column's type decides the width on PostgreSQL).
    Int(i64),
    /// `Float`.
    Float(f64),
    /// `Decimal`.
    Decimal(Decimal),
    /// `String`.
    Text(String),
    /// Text shared by many parameters (one timestamp bound on every row of a batch).
    SharedText(std::sync::Arc<str>),
    /// An enum variant's database name.
    Enum(&'static str),
    /// `DateTime`.
    DateTime(DateTime<Utc>),
    /// `Json`.
    Json(serde_json::Value),
    /// `Bytes`.
    Bytes(Vec<u8>),
    /// A list of values bound as one parameter (a PostgreSQL array, a JSON array on SQLite).
    List(Vec<Value>),
}

impl Value {
    /// Whether this is SQL NULL.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

macro_rules! value_from {
    ($($t:ty => $variant:ident $(as $cast:ty)?),* $(,)?) => {
        $(impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::$variant(v $(as $cast)?)
            }
        })*
    };
}

value_from!(
    bool => Bool,
    i32 => Int as i64,
    i64 => Int,
    f64 => Float,
    Decimal => Decimal,
    String => Text,
    DateTime<Utc> => DateTime,
    serde_json::Value => Json,
    Vec<u8> => Bytes,
);

impl From<rust_decimal::Decimal> for Value {
    fn from(v: rust_decimal::Decimal) -> Self {
        Value::Decimal(v.into())
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Writes a UTC time as Prisma 7 stores it in SQLite: `YYYY-MM-DDTHH:MM:SS.sss+00:00` (the
/// SQLite backend binds a `DateTime` so; `driver::bind`).
pub(crate) use driver::bind::sqlite_datetime_text;

/// Every value binds through the database module's [`driver::Bind`]: the variants that are text
/// to the database (shared text, enum variants) as text.
impl driver::Bind for Value {
    #[inline]
    fn param(&self) -> driver::Param<'_, Value> {
        use driver::Param;
        match self {
            Value::Null => Param::Null,
            Value::Bool(b) => Param::Bool(*b),
            Value::Int(i) => Param::Int(*i),
            Value::Float(f) => Param::Float(*f),
            Value::Decimal(d) => Param::Decimal(&d.0),
            Value::Text(s) => Param::Text(s),
            Value::SharedText(s) => Param::Text(s),
            Value::Enum(s) => Param::Text(s),
            Value::DateTime(t) => Param::DateTime(t),
            Value::Json(j) => Param::Json(j),
            Value::Bytes(b) => Param::Bytes(b),
            Value::List(items) => Param::List(items),
        }
    }
}

/// Reads a `DateTime` as stored in SQLite by Prisma 7 (ISO-8601 text, with `Z` or an offset, a
/// `T` or a space), Prisma 6 (integer milliseconds) or SQLite's own `CURRENT_TIMESTAMP`
/// (`YYYY-MM-DD HH:MM:SS`, UTC).
pub fn parse_sqlite_datetime(text: &str) -> Option<DateTime<Utc>> {
    if let Some(t) = parse_utc_fast(text.as_bytes()) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    let normalized = text.replacen(' ', "T", 1);
    if let Ok(t) = DateTime::parse_from_rfc3339(&normalized) {
        return Some(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&normalized, format) {
            return Some(t.and_utc());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    }
    text.parse::<i64>()
        .ok()
        .and_then(DateTime::from_timestamp_millis)
}

/// The forms Prisma writes, read without the general parser: `YYYY-MM-DDTHH:MM:SS`, an
/// optional fraction of 1–9 digits, then `Z` or `+00:00`. Anything else (other offsets, a
/// space for the `T`, leap seconds, out-of-range fields) returns `None` and goes to the
/// general parser, so this only decides how fast a value is read, never what it reads as.
fn parse_utc_fast(b: &[u8]) -> Option<DateTime<Utc>> {
    fn digits(b: &[u8]) -> Option<u32> {
        b.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    }
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (mut rest, mut nanos) = (&b[19..], 0u32);
    if let [b'.', tail @ ..] = rest {
        let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=9).contains(&n) {
            return None;
        }
        nanos = digits(&tail[..n])? * 10u32.pow(9 - n as u32);
        rest = &tail[n..];
    }
    if rest != b"Z" && rest != b"+00:00" {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        digits(&b[0..4])? as i32,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    )?;
    let second = digits(&b[17..19])?;
    if second > 59 {
        return None;
    }
    let time = chrono::NaiveTime::from_hms_nano_opt(
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        second,
        nanos,
    )?;
    Some(date.and_time(time).and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Times spread over years 0..=9999 (and a few outside), milliseconds and nanoseconds.
    fn sample_times() -> Vec<DateTime<Utc>> {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut out = Vec::new();
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // -62167219200 is 0000-01-01, 253402300799 is 9999-12-31T23:59:59.
            let secs = (x % 253_469_520_000) as i64 - 62_167_219_200 - 30_000_000;
            let nanos = (x >> 20) as u32 % 1_000_000_000;
            out.extend(DateTime::from_timestamp(secs, nanos));
        }
        out
    }

    #[test]
    fn datetime_text_matches_the_general_formatter() {
        for t in sample_times() {
            let general = if (0..=9999).contains(&chrono::Datelike::year(&t)) {
                t.format("%Y-%m-%dT%H:%M:%S%.3f+00:00").to_string()
            } else {
                t.format("%+06Y-%m-%dT%H:%M:%S%.3f+00:00").to_string()
            };
            assert_eq!(sqlite_datetime_text(&t), general, "{t:?}");
        }
    }

    #[test]
    fn fast_parse_reads_what_the_general_parser_reads() {
        for t in sample_times() {
            for text in [
                sqlite_datetime_text(&t),
                t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                t.to_rfc3339_opts(chrono::SecondsFormat::Nanos, false),
            ] {
                let general = DateTime::parse_from_rfc3339(&text)
                    .ok()
                    .map(|t| t.with_timezone(&Utc));
                let fast = parse_utc_fast(text.as_bytes());
                // The fast path may decline (then the general parser runs), never disagree.
                if fast.is_some() {
                    assert_eq!(fast, general, "{text}");
                }
                assert_eq!(parse_sqlite_datetime(&text), general, "{text}");
                // What Prisma writes (years 0..=9999, `Z` or `+00:00`) takes the fast path.
                if (0..=9999).contains(&chrono::Datelike::year(&t)) {
                    assert!(fast.is_some(), "{text}");
                }
            }
        }
    }

    #[test]
    fn fast_parse_declines_what_it_does_not_know() {
        for text in [
            "2024-02-30T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:60Z",
            "2024-01-01T00:00:00+01:00",
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00.1234567891Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00Zjunk",
            "2024-0a-01T00:00:00Z",
            "+2024-01-01T00:00:00Z",
            "2024-01-01T00:00:00.000+00:00\u{0}",
        ] {
            assert_eq!(parse_utc_fast(text.as_bytes()), None, "{text}");
        }
        // Declined forms still read through the general parser where they are valid.
        assert_eq!(
            parse_sqlite_datetime("2024-01-01T01:00:00+01:00"),
            parse_sqlite_datetime("2024-01-01T00:00:00Z")
        );
        assert!(parse_sqlite_datetime("2024-01-01 00:00:00").is_some());
    }
}

/// A value usable as a hash key: the one comparison of key values in memory (related records
/// matched to their parents, batched `find_unique` callers to their rows, an upsert's `where`
/// to its `create`). Two values are the same key when the database's unique index would hold
/// them equal: a `Decimal` by its value (`1.50` is `1.5`, as `numeric`, `DECIMAL(p,s)` and
/// SQLite's REAL compare them, and as Prisma's query engine compares its decimals), a `Float`
/// with `-0.0` as `0.0`, text and enum variants by their text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// Integers (and booleans).
    Int(i64),
    /// Text, enums, and any other value by its text form.
    Text(String),
    /// Bytes.
    Bytes(Vec<u8>),
    /// A composite key.
    Many(Vec<Key>),
}

impl Key {
    /// Whether `a` and `b` are the same key (NULL is the same as NULL only).
    pub(crate) fn same(a: &Value, b: &Value) -> bool {
        Key::of(a.clone()) == Key::of(b.clone())
    }

    pub(crate) fn of(v: Value) -> Option<Key> {
        Some(match v {
            Value::Null => return None,
            Value::Bool(b) => Key::Int(i64::from(b)),
            Value::Int(i) => Key::Int(i),
            Value::Text(s) => Key::Text(s),
            Value::SharedText(s) => Key::Text(s.to_string()),
            Value::Enum(s) => Key::Text(s.to_owned()),
            Value::Bytes(b) => Key::Bytes(b),
            // `-0.0` is `0.0`, as the databases compare them (and as Prisma, whose JSON
            // protocol has no negative zero, sees them).
            Value::Float(f) => Key::Text((f + 0.0).to_string()),
            Value::Decimal(d) => Key::Text(d.normalize().to_string()),
            Value::DateTime(t) => Key::Int(t.timestamp_micros()),
            Value::Json(j) => Key::Text(j.to_string()),
            Value::List(items) => {
                Key::Many(items.into_iter().map(Key::of).collect::<Option<Vec<_>>>()?)
            }
        })
    }
}
