//! Typed row access: a result row's cells as each database module reads them, borrowed from
//! the row (text and bytes are not copied), for the client's per-row decoding.
//!
//! Each database module implements [`Cells`] for its driver's row type, reading a column into a
//! [`Cell`] with the column's type; the client reads every Rust type from a `Cell` once, for
//! every database. PostgreSQL arrays (scalar lists) are [`Cell::List`]s of the same cells.

use crate::Decimal;
use chrono::{DateTime, Utc};

/// One value of a result row, typed as the database module read it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'r> {
    /// SQL NULL.
    Null,
    /// A boolean (PostgreSQL `boolean`).
    Bool(bool),
    /// An integer of any width (SQLite INTEGER, `int2`/`int4`/`int8`/`oid`, MySQL integers and
    /// unsigned integers that fit).
    Int(i64),
    /// A floating-point number (REAL, `float4`/`float8`, FLOAT, DOUBLE).
    Float(f64),
    /// An exact decimal (PostgreSQL `numeric`; a MySQL unsigned integer past `i64`).
    Decimal(Decimal),
    /// An exact number as the database writes it (MySQL DECIMAL).
    Numeric(&'r str),
    /// Text (valid UTF-8; text that is not arrives as [`Cell::Bytes`]).
    Text(&'r str),
    /// Text whose UTF-8 is not checked yet (SQLite's TEXT: SQLite keeps the bytes it was
    /// given). [`Cell::checked`] reads it as [`Cell::Text`], or [`Cell::Bytes`] when it is not
    /// UTF-8; a time or a number can be parsed from the bytes without that pass
    /// ([`datetime_from_bytes`]).
    RawText(&'r [u8]),
    /// Text the database module wrote from a value's binary form (PostgreSQL `inet`, `cidr`,
    /// `bit`, `varbit`: docs/decisions/0023-native-types.md).
    Formatted(String),
    /// Bytes (BLOB, `bytea`, binary strings).
    Bytes(&'r [u8]),
    /// A point in time, in UTC (timestamps; a date at midnight; a time of day on 1970-01-01).
    DateTime(DateTime<Utc>),
    /// JSON, as its text (PostgreSQL `json`/`jsonb`, MySQL JSON).
    Json(&'r [u8]),
    /// A UUID (PostgreSQL `uuid`), its 16 bytes.
    Uuid([u8; 16]),
    /// An array's elements (PostgreSQL arrays: scalar lists), each a cell of the element type.
    List(Vec<Cell<'r>>),
}

impl<'r> Cell<'r> {
    /// The cell with its text checked: [`Cell::RawText`] as [`Cell::Text`], or as
    /// [`Cell::Bytes`] when it is not UTF-8; any other cell as it is.
    #[inline]
    pub fn checked(self) -> Cell<'r> {
        match self {
            Cell::RawText(bytes) => text_or_bytes(bytes),
            other => other,
        }
    }

    /// What kind of value this is, for messages (`expected an integer, found text`).
    pub fn kind(&self) -> &'static str {
        match self {
            Cell::Null => "NULL",
            Cell::Bool(_) => "a boolean",
            Cell::Int(_) => "an integer",
            Cell::Float(_) => "a floating-point number",
            Cell::Decimal(_) | Cell::Numeric(_) => "a decimal",
            Cell::Text(_) | Cell::RawText(_) | Cell::Formatted(_) => "text",
            Cell::Bytes(_) => "bytes",
            Cell::DateTime(_) => "a date and time",
            Cell::Json(_) => "JSON",
            Cell::Uuid(_) => "a UUID",
            Cell::List(_) => "a list",
        }
    }
}

/// Why a column could not be read into a [`Cell`] (a value the database module cannot
/// represent, such as MySQL's `0000-00-00`, or a column index past the row's end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError(pub String);

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CellError {}

/// A result row read column by column: implemented by each database module for its driver's
/// row type.
pub trait Cells {
    /// Column `idx`, typed by the column's type.
    fn cell(&self, idx: usize) -> Result<Cell<'_>, CellError>;
    /// Whether column `idx` is NULL (false past the row's end).
    fn is_null(&self, idx: usize) -> bool {
        matches!(self.cell(idx), Ok(Cell::Null))
    }
    /// The name of column `idx` (`#idx` when the row has no such column).
    fn column_name(&self, idx: usize) -> String;
}

/// A text or bytes cell: text when the bytes are UTF-8.
pub(crate) fn text_or_bytes(bytes: &[u8]) -> Cell<'_> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cell::Text(text),
        Err(_) => Cell::Bytes(bytes),
    }
}

/// A point in time written as text, read from its bytes (no UTF-8 check first: only ASCII
/// digits and separators are accepted): `YYYY-MM-DD`, or that with ` ` or `T` and
/// `HH:MM:SS`, a fraction of 1–9 digits, and `Z` or an offset `±HH:MM` (none: UTC). `None` for
/// any other text, and for dates and times that do not exist (`0000-00-00`).
pub fn datetime_from_bytes(b: &[u8]) -> Option<DateTime<Utc>> {
    use chrono::{NaiveDate, NaiveTime, TimeDelta};
    fn number(b: &[u8]) -> Option<u32> {
        b.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    }
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(number(&b[0..4])?).ok()?,
        number(&b[5..7])?,
        number(&b[8..10])?,
    )?;
    if b.len() == 10 {
        return Some(date.and_time(NaiveTime::MIN).and_utc());
    }
    if b.len() < 19 || !matches!(b[10], b' ' | b'T') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (mut rest, mut nanos) = (&b[19..], 0u32);
    if let [b'.', tail @ ..] = rest {
        let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=9).contains(&n) {
            return None;
        }
        nanos = number(&tail[..n])? * 10u32.pow(9 - n as u32);
        rest = &tail[n..];
    }
    let offset = match rest {
        [] | [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (hours, minutes) = (number(&[*h1, *h2])?, number(&[*m1, *m2])?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let minutes = i64::from(hours * 60 + minutes);
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return None,
    };
    let time = NaiveTime::from_hms_nano_opt(
        number(&b[11..13])?,
        number(&b[14..16])?,
        number(&b[17..19])?,
        nanos,
    )?;
    let local = date.and_time(time);
    if offset == 0 {
        return Some(local.and_utc());
    }
    local
        .checked_sub_signed(TimeDelta::minutes(offset))
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_are_read_from_their_bytes() {
        let at = |s: &str| datetime_from_bytes(s.as_bytes()).map(|t| t.to_rfc3339());
        assert_eq!(at("2026-12-07"), Some("2026-12-07T00:00:00+00:00".into()));
        assert_eq!(
            at("2026-12-07 01:02:03"),
            Some("2026-12-07T01:02:03+00:00".into())
        );
        assert_eq!(
            at("2026-12-07T01:02:03.5Z"),
            Some("2026-12-07T01:02:03.500+00:00".into())
        );
        assert_eq!(
            at("2026-12-07T01:02:03.123456789+00:00"),
            Some("2026-12-07T01:02:03.123456789+00:00".into())
        );
        assert_eq!(
            at("2026-12-07T01:02:03-02:30"),
            Some("2026-12-07T03:32:03+00:00".into())
        );
        for bad in [
            "0000-00-00",
            "0000-00-00 00:00:00",
            "2026-02-30",
            "2026-12-07 24:00:00",
            "2026-12-07T01:02:03.",
            "2026-12-07T01:02:03.1234567890Z",
            "2026-12-07T01:02:03+0200",
            "2026-12-07T01:02:03+24:00",
            "2026-12-07T01:02:03+01:60",
            "2026-12-07 01:02",
            "２026-12-07",
            "",
        ] {
            assert_eq!(at(bad), None, "{bad}");
        }
    }
}
