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

    /// Ends a cell that owns nothing on the heap (any but [`Cell::Formatted`] and
    /// [`Cell::List`]) without calling its drop glue, which is never inlined, `Cell` being
    /// recursive: a decoder's arm for a known kind ends its cell with this, where dropping it
    /// would be a call per column read (W2 on SQLite: 180 instructions a lookup).
    #[inline(always)]
    pub fn discard(self) {
        // Every kind named, so that a new one that owns memory cannot be forgotten by default.
        match self {
            Cell::Formatted(_) | Cell::List(_) => drop(self),
            // A number, a time, or a slice borrowed from the row: nothing to free.
            Cell::Null
            | Cell::Bool(_)
            | Cell::Int(_)
            | Cell::Float(_)
            | Cell::Decimal(_)
            | Cell::Numeric(_)
            | Cell::Text(_)
            | Cell::RawText(_)
            | Cell::Bytes(_)
            | Cell::DateTime(_)
            | Cell::Json(_)
            | Cell::Uuid(_) => std::mem::forget(self),
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
    // Two ASCII digits as a number (the hot path: every DateTime of a SQLite row; fixed
    // positions in arrays, so no bounds checks).
    #[inline(always)]
    fn two(high: u8, low: u8) -> Option<u32> {
        let (h, l) = (high.wrapping_sub(b'0'), low.wrapping_sub(b'0'));
        (h < 10 && l < 10).then_some(u32::from(h) * 10 + u32::from(l))
    }
    let d: &[u8; 10] = b.get(..10)?.try_into().ok()?;
    if d[4] != b'-' || d[7] != b'-' {
        return None;
    }
    let year = two(d[0], d[1])? * 100 + two(d[2], d[3])?;
    let date = NaiveDate::from_ymd_opt(year as i32, two(d[5], d[6])?, two(d[8], d[9])?)?;
    if b.len() == 10 {
        return Some(date.and_time(NaiveTime::MIN).and_utc());
    }
    let t: &[u8; 19] = b.get(..19)?.try_into().ok()?;
    if !matches!(t[10], b' ' | b'T') || t[13] != b':' || t[16] != b':' {
        return None;
    }
    let (mut rest, mut nanos) = (&b[19..], 0u32);
    if let [b'.', tail @ ..] = rest {
        // 1–9 digits, scaled to nanoseconds.
        const SCALE: [u32; 10] = [
            0,
            100_000_000,
            10_000_000,
            1_000_000,
            100_000,
            10_000,
            1_000,
            100,
            10,
            1,
        ];
        let mut n = 0;
        for &c in tail {
            let digit = c.wrapping_sub(b'0');
            if digit >= 10 {
                break;
            }
            if n == 9 {
                return None;
            }
            nanos = nanos * 10 + u32::from(digit);
            n += 1;
        }
        if n == 0 {
            return None;
        }
        nanos *= SCALE[n];
        rest = &tail[n..];
    }
    let offset = match *rest {
        [] | [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (hours, minutes) = (two(h1, h2)?, two(m1, m2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let minutes = i64::from(hours * 60 + minutes);
            if sign == b'-' { -minutes } else { minutes }
        }
        _ => return None,
    };
    let time = NaiveTime::from_hms_nano_opt(
        two(t[11], t[12])?,
        two(t[14], t[15])?,
        two(t[17], t[18])?,
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
