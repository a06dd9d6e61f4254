//! Values bound to statements and the conversions between Rust types and the way Prisma stores
//! them per dialect.
//!
//! On SQLite, Prisma 7 (driver adapters) writes `DateTime` as ISO-8601 text with milliseconds and
//! an explicit UTC offset (`2025-12-09T07:33:11.188+00:00`), `Decimal` as a REAL, `Boolean` as
//! 0/1 and `Json` as text; Prisma 6 wrote `DateTime` as integer milliseconds since the epoch.
//! Both are read back; Prisma 7's form is written.

use crate::decimal::Decimal;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

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
    b.iter().map(|&c| c as char).collect()
}

/// Reads a `DateTime` as stored in SQLite by Prisma 7 (ISO-8601 text, with `Z` or an offset, a
/// `T` or a space), Prisma 6 (integer milliseconds) or SQLite's own `CURRENT_TIMESTAMP`
/// (`YYYY-MM-DD HH:MM:SS`, UTC).
#[cfg_attr(
    not(feature = "sqlite"),
    allow(
        dead_code,
        reason = "SQLite's decoding reads it; private since the client's boundary"
    )
)]
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

#[cfg(feature = "sqlite")]
mod sqlite_bind {
    use rusqlite::types::{ToSql, ToSqlOutput, Value as SqlValue, ValueRef};

    use super::{Value, sqlite_datetime_text};

    impl ToSql for Value {
        fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
            Ok(match self {
                Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
                Value::Bool(b) => ToSqlOutput::Owned(SqlValue::Integer(i64::from(*b))),
                Value::Int(i) => ToSqlOutput::Owned(SqlValue::Integer(*i)),
                Value::Float(f) => ToSqlOutput::Owned(SqlValue::Real(*f)),
                // Prisma stores SQLite decimals as REAL (the adapter parses them as floats).
                Value::Decimal(d) => ToSqlOutput::Owned(SqlValue::Real(decimal_to_f64(d))),
                Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
                Value::SharedText(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
                Value::Enum(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
                Value::DateTime(t) => ToSqlOutput::Owned(SqlValue::Text(sqlite_datetime_text(t))),
                Value::Json(j) => ToSqlOutput::Owned(SqlValue::Text(j.to_string())),
                Value::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
                Value::List(items) => ToSqlOutput::Owned(SqlValue::Text(list_to_json(items))),
            })
        }
    }

    /// The double nearest to a decimal, as JavaScript's `parseFloat` of its text gives it (the
    /// adapter's conversion).
    fn decimal_to_f64(d: &crate::decimal::Decimal) -> f64 {
        d.to_f64()
    }

    /// A list bound for `json_each(?)`: a JSON array of the items as SQLite compares them.
    fn list_to_json(items: &[Value]) -> String {
        let json: Vec<serde_json::Value> = items
            .iter()
            .map(|item| match item {
                Value::Null => serde_json::Value::Null,
                Value::Bool(b) => serde_json::Value::from(i64::from(*b)),
                Value::Int(i) => serde_json::Value::from(*i),
                Value::Float(f) => serde_json::Value::from(*f),
                Value::Decimal(d) => serde_json::Value::from(decimal_to_f64(d)),
                Value::Text(s) => serde_json::Value::from(s.as_str()),
                Value::SharedText(s) => serde_json::Value::from(&**s),
                Value::Enum(s) => serde_json::Value::from(*s),
                Value::DateTime(t) => serde_json::Value::from(sqlite_datetime_text(t)),
                Value::Json(j) => serde_json::Value::from(j.to_string()),
                Value::Bytes(_) | Value::List(_) => serde_json::Value::Null,
            })
            .collect();
        serde_json::Value::Array(json).to_string()
    }
}

#[cfg(feature = "postgresql")]
mod pg_bind {
    use std::error::Error as StdError;

    use bytes::BytesMut;
    use chrono::{DateTime, Utc};
    use postgres_types::{IsNull, Kind, ToSql, Type, to_sql_checked};
    use rust_decimal::Decimal as RustDecimal;
    use rust_decimal::prelude::FromPrimitive;

    use super::Value;
    use crate::decimal::Decimal;

    type BoxError = Box<dyn StdError + Sync + Send>;

    fn mismatch(value: &Value, ty: &Type) -> BoxError {
        format!("cannot bind {value:?} to a PostgreSQL parameter of type {ty}").into()
    }

    impl ToSql for Value {
        fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
            match self {
                Value::Null => Ok(IsNull::Yes),
                Value::Bool(b) => b.to_sql(ty, out),
                Value::Int(i) => match *ty {
                    Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                    Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                    Type::INT8 => i.to_sql(ty, out),
                    Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                    Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                    Type::NUMERIC => RustDecimal::from(*i).to_sql(ty, out),
                    Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                    _ => Err(mismatch(self, ty)),
                },
                Value::Float(f) => match *ty {
                    Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                    Type::NUMERIC => RustDecimal::from_f64(*f)
                        .ok_or_else(|| mismatch(self, ty))?
                        .to_sql(ty, out),
                    _ => f.to_sql(ty, out),
                },
                Value::Decimal(d) => match *ty {
                    Type::FLOAT8 => d.to_f64().to_sql(ty, out),
                    Type::FLOAT4 => (d.to_f64() as f32).to_sql(ty, out),
                    _ => d.to_sql(ty, out),
                },
                Value::Text(s) => write_text(s, ty, out),
                Value::SharedText(s) => write_text(s, ty, out),
                Value::Enum(s) => write_text(s, ty, out),
                Value::DateTime(t) => write_time(t, ty, out),
                Value::Json(j) => j.to_sql(ty, out),
                Value::Bytes(b) => b.to_sql(ty, out),
                Value::List(items) => match ty.kind() {
                    Kind::Array(member) => write_array(items, member, ty, out),
                    _ => Err(mismatch(self, ty)),
                },
            }
        }

        fn accepts(_: &Type) -> bool {
            true
        }

        to_sql_checked!();
    }

    fn write_text(s: &str, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match *ty {
            Type::UUID => {
                out.extend_from_slice(uuid::Uuid::parse_str(s)?.as_bytes());
                Ok(IsNull::No)
            }
            Type::JSON | Type::JSONB => {
                serde_json::from_str::<serde_json::Value>(s)?.to_sql(ty, out)
            }
            _ => {
                // Text, varchar, char, citext, enums and other text-like types share one
                // binary form: the UTF-8 bytes.
                out.extend_from_slice(s.as_bytes());
                Ok(IsNull::No)
            }
        }
    }

    fn write_time(t: &DateTime<Utc>, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match *ty {
            Type::TIMESTAMPTZ => t.to_sql(ty, out),
            Type::DATE => t.date_naive().to_sql(ty, out),
            Type::TIME => t.time().to_sql(ty, out),
            _ => t.naive_utc().to_sql(&Type::TIMESTAMP, out),
        }
    }

    fn write_array(
        items: &[Value],
        member: &Type,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        // Typed vectors carry the array encoding; pick the one matching the member type.
        macro_rules! typed {
            ($conv:expr) => {{
                let v = items
                    .iter()
                    .map($conv)
                    .collect::<Result<Vec<_>, BoxError>>()?;
                v.to_sql(ty, out)
            }};
        }
        match *member {
            Type::INT2 => typed!(|v: &Value| match v {
                Value::Int(i) => Ok(Some(i16::try_from(*i)?)),
                Value::Null => Ok(None),
                other => Err(mismatch(other, member)),
            }),
            Type::INT4 => typed!(|v: &Value| match v {
                Value::Int(i) => Ok(Some(i32::try_from(*i)?)),
                Value::Null => Ok(None),
                other => Err(mismatch(other, member)),
            }),
            Type::INT8 => typed!(|v: &Value| match v {
                Value::Int(i) => Ok(Some(*i)),
                Value::Null => Ok(None),
                other => Err(mismatch(other, member)),
            }),
            Type::FLOAT8 => typed!(|v: &Value| match v {
                Value::Float(f) => Ok(Some(*f)),
                Value::Int(i) => Ok(Some(*i as f64)),
                Value::Null => Ok(None),
                other => Err(mismatch(other, member)),
            }),
            Type::BOOL => typed!(|v: &Value| match v {
                Value::Bool(b) => Ok(Some(*b)),
                Value::Null => Ok(None),
                other => Err(mismatch(other, member)),
            }),
            Type::NUMERIC => typed!(|v: &Value| match v {
                Value::Decimal(d) => Ok(Some(*d)),
                Value::Int(i) => Ok(Some(Decimal::from(*i))),
                Value::Null => Ok(None),
                other => Err(mismatch(other, member)),
            }),
            Type::TIMESTAMP => typed!(|v: &Value| match v {
                Value::DateTime(t) => Ok(Some(t.naive_utc())),
                Value::Null => Ok(None),
                other => Err(mismatch(other, member)),
            }),
            Type::TIMESTAMPTZ => typed!(|v: &Value| match v {
                Value::DateTime(t) => Ok(Some(*t)),
                Value::Null => Ok(None),
                other => Err(mismatch(other, member)),
            }),
            Type::BYTEA => typed!(|v: &Value| match v {
                Value::Bytes(b) => Ok(Some(b.clone())),
                Value::Null => Ok(None),
                other => Err(mismatch(other, member)),
            }),
            Type::JSON | Type::JSONB => typed!(|v: &Value| match v {
                Value::Json(j) => Ok(Some(j.clone())),
                Value::Null => Ok(None),
                other => Err(mismatch(other, member)),
            }),
            Type::FLOAT4 => typed!(|v: &Value| match v {
                Value::Float(f) => Ok(Some(*f as f32)),
                Value::Int(i) => Ok(Some(*i as f32)),
                Value::Null => Ok(None),
                other => Err(mismatch(other, member)),
            }),
            Type::DATE => typed!(|v: &Value| match v {
                Value::DateTime(t) => Ok(Some(t.date_naive())),
                Value::Null => Ok(None),
                other => Err(mismatch(other, member)),
            }),
            Type::UUID => typed!(|v: &Value| match v {
                Value::Text(s) => Ok(Some(uuid::Uuid::parse_str(s)?.to_string())),
                Value::Null => Ok(None),
                other => Err(mismatch(other, member)),
            }),
            _ => {
                // Text and enum arrays: encode with the array's own element type so that enum
                // arrays keep their OID.
                let texts: Vec<Option<TextLike<'_>>> = items
                    .iter()
                    .map(|v| match v {
                        Value::Text(s) => Ok(Some(TextLike(s))),
                        Value::SharedText(s) => Ok(Some(TextLike(s))),
                        Value::Enum(s) => Ok(Some(TextLike(s))),
                        Value::Null => Ok(None),
                        other => Err(mismatch(other, member)),
                    })
                    .collect::<Result<_, BoxError>>()?;
                texts.to_sql(ty, out)
            }
        }
    }

    /// A string written as the UTF-8 bytes of any text-like type (text, varchar, enums).
    #[derive(Debug)]
    struct TextLike<'a>(&'a str);

    impl ToSql for TextLike<'_> {
        fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
            out.extend_from_slice(self.0.as_bytes());
            Ok(IsNull::No)
        }
        fn accepts(_: &Type) -> bool {
            true
        }
        to_sql_checked!();
    }
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
