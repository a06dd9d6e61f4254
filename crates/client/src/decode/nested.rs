//! The JSON of records loaded by the `join` relation load strategy (`crate::join`): each
//! related record arrives as a JSON array of its columns (in `META.fields` order, then one
//! element per nested relation), written by the database's own JSON functions. This module
//! parses that JSON keeping every number's text (so a `Decimal` or a `BigInt` is read exactly,
//! not through a double) and every value's raw text (so a `Json` field reads exactly as the
//! query strategy reads its column), and turns one record's elements into the typed
//! [`Cell`]s the generated `from_row` reads, by each field's [`ScalarKind`].

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use driver::Cell;
use serde_json::value::RawValue;

use crate::meta::{ModelMeta, ScalarKind};

/// A parsed JSON value, borrowing the text it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json<'a> {
    Null,
    Bool(bool),
    /// A number, as written.
    Number(&'a str),
    /// A string, unescaped (borrowed when it has no escape).
    String(Cow<'a, str>),
    /// An array, and its raw text.
    Array(Vec<Json<'a>>, &'a str),
    /// An object, as its raw text (only `Json` fields hold objects).
    Object(&'a str),
}

impl<'a> Json<'a> {
    /// Parses `text` (one JSON value, as a database wrote it) with `serde_json`, each value
    /// first as its raw text ([`RawValue`]), so that a number keeps its text.
    pub(crate) fn parse(text: &'a str) -> Result<Json<'a>, String> {
        let raw: &'a RawValue = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Json::of(raw)
    }

    /// The value of `raw` (valid JSON, without surrounding whitespace).
    fn of(raw: &'a RawValue) -> Result<Json<'a>, String> {
        let text = raw.get();
        let parse_error = |e: serde_json::Error| e.to_string();
        Ok(match text.as_bytes().first() {
            Some(b'n') => Json::Null,
            Some(b't') => Json::Bool(true),
            Some(b'f') => Json::Bool(false),
            Some(b'"') => Json::String(match serde_json::from_str::<&'a str>(text) {
                Ok(plain) => Cow::Borrowed(plain),
                // Escaped: unescaped into a string of its own.
                Err(_) => Cow::Owned(serde_json::from_str(text).map_err(parse_error)?),
            }),
            Some(b'[') => {
                let items: Vec<&'a RawValue> = serde_json::from_str(text).map_err(parse_error)?;
                let items = items.into_iter().map(Json::of).collect::<Result<_, _>>()?;
                Json::Array(items, text)
            }
            Some(b'{') => Json::Object(text),
            _ => Json::Number(text),
        })
    }

    /// The elements of an array (an empty slice for `null`, as a to-many relation with no
    /// record may arrive).
    pub(crate) fn elements(&self) -> Result<&[Json<'a>], String> {
        match self {
            Json::Array(items, _) => Ok(items),
            Json::Null => Ok(&[]),
            other => Err(format!("expected a JSON array, found {other:?}")),
        }
    }
}

/// A cell's value, owned (a record's cells are built from it, then borrowed by the reader).
#[derive(Debug)]
pub(crate) enum Owned {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Numeric(String),
    Text(String),
    Bytes(Vec<u8>),
    DateTime(DateTime<Utc>),
    Json(String),
    List(Vec<Owned>),
}

impl Owned {
    /// The cell the generated `from_row` reads.
    pub(crate) fn cell(&self) -> Cell<'_> {
        match self {
            Owned::Null => Cell::Null,
            Owned::Bool(b) => Cell::Bool(*b),
            Owned::Int(i) => Cell::Int(*i),
            Owned::Float(f) => Cell::Float(*f),
            Owned::Numeric(t) => Cell::Numeric(t),
            Owned::Text(t) => Cell::Text(t),
            Owned::Bytes(b) => Cell::Bytes(b),
            Owned::DateTime(t) => Cell::DateTime(*t),
            Owned::Json(t) => Cell::Json(t.as_bytes()),
            Owned::List(items) => Cell::List(items.iter().map(Owned::cell).collect()),
        }
    }

    /// The value of a field of `kind` from its JSON.
    pub(crate) fn of(kind: ScalarKind, json: &Json<'_>) -> Result<Owned, String> {
        if kind == ScalarKind::Json {
            // The field's own text, as the query strategy reads its column (a Json field
            // is written as its text, a JSON string, by the statement).
            return Ok(match json {
                Json::Null => Owned::Null,
                Json::String(text) => Owned::Json(text.to_string()),
                Json::Array(items, _) => Owned::List(
                    items
                        .iter()
                        .map(|i| Owned::of(kind, i))
                        .collect::<Result<_, _>>()?,
                ),
                Json::Number(n) => Owned::Json((*n).to_owned()),
                Json::Bool(b) => Owned::Json(b.to_string()),
                Json::Object(raw) => Owned::Json((*raw).to_owned()),
            });
        }
        Ok(match json {
            Json::Null => Owned::Null,
            Json::Bool(b) => Owned::Bool(*b),
            Json::Number(n) => match kind {
                ScalarKind::Int | ScalarKind::BigInt | ScalarKind::Boolean => match n.parse() {
                    Ok(i) => Owned::Int(i),
                    Err(_) => Owned::Numeric((*n).to_owned()),
                },
                ScalarKind::Float => Owned::Float(
                    n.parse()
                        .map_err(|_| format!("`{n}` is not a floating-point number"))?,
                ),
                ScalarKind::String | ScalarKind::Enum => Owned::Text((*n).to_owned()),
                _ => Owned::Numeric((*n).to_owned()),
            },
            Json::String(s) => match kind {
                ScalarKind::DateTime => Owned::DateTime(
                    parse_datetime(s).ok_or_else(|| format!("`{s}` is not a date and time"))?,
                ),
                ScalarKind::Bytes => Owned::Bytes(
                    parse_bytes(s).ok_or_else(|| format!("`{s}` is not hexadecimal bytes"))?,
                ),
                ScalarKind::Float => match &**s {
                    "NaN" => Owned::Float(f64::NAN),
                    "Infinity" => Owned::Float(f64::INFINITY),
                    "-Infinity" => Owned::Float(f64::NEG_INFINITY),
                    _ => Owned::Text(s.to_string()),
                },
                ScalarKind::Decimal | ScalarKind::BigInt | ScalarKind::Int => {
                    Owned::Numeric(money_digits(s))
                }
                _ => Owned::Text(s.to_string()),
            },
            Json::Array(items, _) => Owned::List(
                items
                    .iter()
                    .map(|i| Owned::of(kind, i))
                    .collect::<Result<_, _>>()?,
            ),
            Json::Object(raw) => Owned::Text((*raw).to_owned()),
        })
    }
}

/// A record's cells, in the order its `from_row` reads them (the model's fields that are not
/// omitted), and the model (for the names in messages).
pub(crate) struct CellRow<'r> {
    pub(crate) cells: Vec<Cell<'r>>,
    pub(crate) model: &'static ModelMeta,
}

impl CellRow<'_> {
    pub(crate) fn column_name(&self, idx: usize) -> String {
        self.model
            .fields
            .iter()
            .filter(|f| !f.omitted)
            .nth(idx)
            .map_or_else(|| format!("#{idx}"), |f| f.name.to_owned())
    }
}

/// How one element of a selected record's JSON array is read (`crate::join::select`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ElementKind {
    /// A field of this kind.
    Field(ScalarKind),
    /// A relation count.
    Count,
    /// A relation's JSON, kept as its text (read by the relation's own selection).
    Relation,
}

/// The values of a selected record from its JSON array, one per element of `kinds`.
pub(crate) fn selected_values(
    model: &'static ModelMeta,
    kinds: &[ElementKind],
    elements: &[Json<'_>],
) -> Result<Vec<Owned>, String> {
    if kinds.len() != elements.len() {
        return Err(format!(
            "a selected {} record of {} values, expected {}",
            model.name,
            elements.len(),
            kinds.len()
        ));
    }
    kinds
        .iter()
        .zip(elements)
        .map(|(kind, json)| match (kind, json) {
            (ElementKind::Field(kind), json) => Owned::of(*kind, json),
            (ElementKind::Count, json) => Owned::of(ScalarKind::BigInt, json),
            (ElementKind::Relation, Json::Null) => Ok(Owned::Null),
            (ElementKind::Relation, Json::Array(_, raw)) => Ok(Owned::Text((*raw).to_owned())),
            (ElementKind::Relation, other) => Err(format!("expected a relation, found {other:?}")),
        })
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: {e}", model.name))
}

/// The values of a record's fields (not omitted, in order) from the first elements of its
/// JSON array.
pub(crate) fn record_values(
    model: &'static ModelMeta,
    elements: &[Json<'_>],
) -> Result<Vec<Owned>, String> {
    let fields = model.fields.iter().filter(|f| !f.omitted);
    let mut out = Vec::with_capacity(elements.len());
    for (field, json) in fields.zip(elements) {
        out.push(
            Owned::of(field.kind, json)
                .map_err(|e| format!("{}.{}: {e}", model.name, field.name))?,
        );
    }
    Ok(out)
}

/// PostgreSQL writes `money` in JSON as text in the `lc_monetary` locale's form (`-$1,234.56`
/// with the default C locale): its sign, digits and decimal point; any other number as it is.
fn money_digits(text: &str) -> String {
    if text.starts_with(['$', '-', '(']) && text.contains('$') {
        let negative = text.starts_with('-') || text.starts_with('(');
        let digits: String = text
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if negative {
            format!("-{digits}")
        } else {
            digits
        }
    } else {
        text.to_owned()
    }
}

/// Bytes as PostgreSQL writes `bytea` in JSON (`\x0102…`).
fn parse_bytes(text: &str) -> Option<Vec<u8>> {
    let hex = text.strip_prefix("\\x")?;
    if hex.len() % 2 != 0 {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A point in time as PostgreSQL writes one in JSON: `timestamp` (no zone: UTC, as Prisma
/// stores it), `timestamptz` (with its offset), `date` (midnight UTC), `time` and `timetz`
/// (on 1970-01-01, a `timetz` without its offset: as the query strategy reads them).
pub(crate) fn parse_datetime(text: &str) -> Option<DateTime<Utc>> {
    // `timestamp` first, the type of Prisma's `DateTime` on PostgreSQL (it fails on an offset).
    if let Some(t) = plain_timestamp(text) {
        return Some(t.and_utc());
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(t.and_utc());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    // `+00` offsets (PostgreSQL writes whole hours without minutes).
    if let Some(t) = with_short_offset(text, "%Y-%m-%dT%H:%M:%S%.f%:z") {
        return Some(t);
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    }
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    if let Ok(t) = NaiveTime::parse_from_str(text, "%H:%M:%S%.f") {
        return Some(epoch.and_time(t).and_utc());
    }
    // `timetz`: its time of day, its offset left out, as the query strategy reads it.
    let local = text.split(['+', '-']).next()?;
    NaiveTime::parse_from_str(local, "%H:%M:%S%.f")
        .ok()
        .map(|t| epoch.and_time(t).and_utc())
}

/// `YYYY-MM-DDTHH:MM:SS` with up to nine digits of fraction, as PostgreSQL writes a
/// `timestamp` of years 1000 to 9999 in JSON, read without a format string (the join
/// strategy reads one per `DateTime` field of every record); `None` for any other form.
fn plain_timestamp(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let nanos = match &b[19..] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            num(20, b.len())? * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 7)?, num(8, 10)?)?;
    let time = NaiveTime::from_hms_nano_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, nanos)?;
    Some(date.and_time(time))
}

fn with_short_offset(text: &str, format: &str) -> Option<DateTime<Utc>> {
    let full = match text.rfind(['+', '-']) {
        Some(i) if i > 10 && text.len() - i == 3 => format!("{text}:00"),
        _ => text.to_owned(),
    };
    DateTime::parse_from_str(&full, format)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_exactly_and_raw_text() {
        let j =
            Json::parse(r#"[1, 12345678901234567890.123456789, "a\"\u00e9", {"b": [1]}, null]"#)
                .unwrap();
        let items = j.elements().unwrap();
        assert_eq!(items[1], Json::Number("12345678901234567890.123456789"));
        assert_eq!(items[2], Json::String("a\"é".into()));
        assert_eq!(items[3], Json::Object(r#"{"b": [1]}"#));
    }

    #[test]
    fn unescapes_every_escape() {
        let j =
            Json::parse(r#"["\"\\\/\b\f\n\r\t", "\u0001\u00e9\u20ac", "\ud83d\ude00 é😀", ""]"#)
                .unwrap();
        let items = j.elements().unwrap();
        assert_eq!(items[0], Json::String("\"\\/\u{8}\u{c}\n\r\t".into()));
        assert_eq!(items[1], Json::String("\u{1}é€".into()));
        assert_eq!(items[2], Json::String("😀 é😀".into()));
        assert_eq!(items[3], Json::String("".into()));
    }

    #[test]
    fn keeps_decimals_and_big_integers_exactly() {
        let j = Json::parse(
            "[ 12345678901234567890.123456789012345678 , -0.0, 2.50, 1e2, -1.5E-7, \
             9223372036854775807, -9223372036854775808, 123456789012345678901234567890 ]",
        )
        .unwrap();
        let texts: Vec<&str> = j
            .elements()
            .unwrap()
            .iter()
            .map(|n| match n {
                Json::Number(t) => *t,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            texts,
            [
                "12345678901234567890.123456789012345678",
                "-0.0",
                "2.50",
                "1e2",
                "-1.5E-7",
                "9223372036854775807",
                "-9223372036854775808",
                "123456789012345678901234567890"
            ]
        );
        let cell = |kind, text| format!("{:?}", Owned::of(kind, &Json::Number(text)).unwrap());
        assert_eq!(
            cell(
                ScalarKind::Decimal,
                "12345678901234567890.123456789012345678"
            ),
            "Numeric(\"12345678901234567890.123456789012345678\")"
        );
        assert_eq!(
            cell(ScalarKind::BigInt, "-9223372036854775808"),
            "Int(-9223372036854775808)"
        );
        // Wider than an i64: its digits, as the query strategy reads a `numeric`.
        assert_eq!(
            cell(ScalarKind::BigInt, "123456789012345678901234567890"),
            "Numeric(\"123456789012345678901234567890\")"
        );
    }

    #[test]
    fn refuses_malformed_json() {
        for text in [
            "[1.2.3]",
            "[--1]",
            "[1e]",
            "[01]",
            "[1,]",
            "[1] x",
            "[\"a]",
            "[\"\\x\"]",
            "[\"\\ud800\"]",
            "[tru]",
            "",
        ] {
            assert!(Json::parse(text).is_err(), "{text:?} was accepted");
        }
    }

    #[test]
    fn reads_postgres_times() {
        let t = |s| parse_datetime(s).map(|t| t.to_rfc3339());
        assert_eq!(
            t("2024-01-02T03:04:05.678"),
            Some("2024-01-02T03:04:05.678+00:00".into())
        );
        assert_eq!(
            t("2024-01-02T03:04:05+02:00"),
            Some("2024-01-02T01:04:05+00:00".into())
        );
        assert_eq!(t("2024-01-02"), Some("2024-01-02T00:00:00+00:00".into()));
        assert_eq!(
            t("2024-02-29T23:59:59.123456789"),
            Some("2024-02-29T23:59:59.123456789+00:00".into())
        );
        assert_eq!(
            t("0999-12-31T00:00:00.5"),
            Some("0999-12-31T00:00:00.500+00:00".into())
        );
        assert_eq!(t("2023-02-29T00:00:00"), None);
        assert_eq!(t("2024-01-02T03:04:05."), None);
        assert_eq!(
            t("10:00:00.5"),
            Some("1970-01-01T10:00:00.500+00:00".into())
        );
        assert_eq!(t("10:00:00+01"), Some("1970-01-01T10:00:00+00:00".into()));
        assert_eq!(parse_bytes("\\x01ff"), Some(vec![1, 255]));
    }
}
