//! Reading columns into Rust values, tolerant of every form Prisma 6 and 7 have written.
//!
//! Each database module of `driver` reads a row's column into a typed, borrowed
//! [`Cell`](driver::Cell) with the column's type; every Rust type is read from a cell here,
//! once for every database ([`FromColumn::from_cell`]).

use chrono::{DateTime, Utc};
use driver::Cell;
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

use crate::value::parse_sqlite_datetime;

mod dialect;
pub(crate) mod nested;

pub(crate) use dialect::Source;

/// Why a column could not be read into the requested Rust type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(pub String);

fn unexpected(what: &str, got: &Cell<'_>) -> DecodeError {
    DecodeError(format!("expected {what}, found {}", got.kind()))
}

/// A Rust type that can be read from one column.
pub trait FromColumn: Sized {
    /// Reads a non-NULL cell, as the database module typed it (NULL goes to
    /// [`FromColumn::from_null`]).
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError>;
    /// The value when the column is NULL (`Option` reads it as `None`; others fail).
    fn from_null() -> Result<Self, DecodeError> {
        Err(DecodeError("unexpected NULL in a required field".into()))
    }
}

impl<T: FromColumn> FromColumn for Option<T> {
    #[inline]
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        T::from_cell(cell).map(Some)
    }
    fn from_null() -> Result<Self, DecodeError> {
        Ok(None)
    }
}

/// An integer written as text (`-42`), read from its bytes; `None` for anything else (a
/// fraction, an exponent, spaces, too many digits), which the text reading handles.
fn parse_i64(bytes: &[u8]) -> Option<i64> {
    let (negative, digits) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let n = digits.iter().try_fold(0i64, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
    })?;
    Some(if negative { -n } else { n })
}

/// Exact numbers written as text (MySQL's DECIMAL, numbers stored as TEXT): `1.5e3` too.
fn parse_decimal(text: &str) -> Option<Decimal> {
    text.parse()
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

impl FromColumn for i64 {
    #[inline]
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        match cell {
            Cell::RawText(bytes) => match parse_i64(bytes) {
                Some(i) => {
                    cell.discard();
                    Ok(i)
                }
                None => i64::from_cell(cell.checked()),
            },
            Cell::Int(i) => {
                cell.discard();
                Ok(i)
            }
            // Prisma truncates non-integral numbers read into integer fields.
            Cell::Float(f) => Ok(f.trunc() as i64),
            Cell::Decimal(d) => i64::try_from(d.trunc()).map_err(|e| DecodeError(e.to_string())),
            Cell::Numeric(text) | Cell::Text(text) => match text.parse() {
                Ok(i) => Ok(i),
                Err(_) => {
                    let d = parse_decimal(text).ok_or_else(|| {
                        DecodeError("expected an integer, found non-numeric text".into())
                    })?;
                    i64::try_from(d.trunc()).map_err(|e| DecodeError(e.to_string()))
                }
            },
            Cell::Bool(b) => Ok(i64::from(b)),
            other => Err(unexpected("an integer", &other)),
        }
    }
}

impl FromColumn for i32 {
    #[inline]
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        let wide = i64::from_cell(cell)?;
        i32::try_from(wide).map_err(|_| DecodeError(format!("{wide} does not fit in an Int (i32)")))
    }
}

impl FromColumn for f64 {
    #[inline]
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        match cell {
            Cell::RawText(_) => f64::from_cell(cell.checked()),
            Cell::Float(f) => {
                cell.discard();
                Ok(f)
            }
            Cell::Int(i) => {
                cell.discard();
                Ok(i as f64)
            }
            Cell::Decimal(d) => Ok(d.to_f64()),
            Cell::Numeric(text) | Cell::Text(text) => text
                .parse()
                .map_err(|_| DecodeError("expected a number, found non-numeric text".into())),
            other => Err(unexpected("a number", &other)),
        }
    }
}

impl FromColumn for bool {
    #[inline]
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        // SQLite has no booleans (0/1); Boolean is TINYINT(1) on MySQL, and BIT(1) arrives as
        // one byte.
        match cell {
            Cell::RawText(_) => bool::from_cell(cell.checked()),
            Cell::Bool(b) => {
                cell.discard();
                Ok(b)
            }
            Cell::Int(i) => {
                cell.discard();
                Ok(i != 0)
            }
            Cell::Float(f) => Ok(f != 0.0),
            Cell::Text("true" | "1") | Cell::Bytes(b"true" | b"1" | [1]) => Ok(true),
            Cell::Text("false" | "0") | Cell::Bytes(b"false" | b"0" | [0]) => Ok(false),
            other => Err(unexpected("a boolean", &other)),
        }
    }
}

impl FromColumn for String {
    #[inline]
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        match cell {
            // One pass: checked as UTF-8 while copied.
            Cell::RawText(bytes) => {
                cell.discard();
                String::from_utf8(bytes.to_vec())
                    .map_err(|_| DecodeError("text is not valid UTF-8".into()))
            }
            Cell::Text(text) | Cell::Numeric(text) => {
                cell.discard();
                Ok(text.to_owned())
            }
            Cell::Formatted(text) => Ok(text),
            Cell::Uuid(bytes) => Ok(uuid::Uuid::from_bytes(bytes).to_string()),
            Cell::Int(i) => Ok(i.to_string()),
            Cell::Float(f) => Ok(f.to_string()),
            Cell::Decimal(d) => Ok(d.to_string()),
            Cell::Json(json) => String::from_utf8(json.to_vec())
                .map_err(|_| DecodeError("JSON is not valid UTF-8".into())),
            Cell::Bytes(_) => Err(DecodeError("text is not valid UTF-8".into())),
            other => Err(unexpected("text", &other)),
        }
    }
}

impl FromColumn for Vec<u8> {
    #[inline]
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        match cell {
            Cell::RawText(bytes) | Cell::Bytes(bytes) | Cell::Json(bytes) => {
                cell.discard();
                Ok(bytes.to_vec())
            }
            Cell::Text(text) => Ok(text.as_bytes().to_vec()),
            other => Err(unexpected("bytes", &other)),
        }
    }
}

impl FromColumn for crate::Decimal {
    #[inline]
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        let not_finite = |f: f64| DecodeError(format!("{f} is not a finite decimal"));
        match cell {
            Cell::RawText(_) => crate::Decimal::from_cell(cell.checked()),
            Cell::Decimal(d) => Ok(crate::Decimal(d)),
            Cell::Int(i) => Ok(crate::Decimal::from(i)),
            // Prisma's adapter stores SQLite decimals as REAL and reads them back as the
            // shortest decimal that round-trips the double (JavaScript's `Number#toString`).
            Cell::Float(f) => crate::Decimal::from_f64(f).ok_or_else(|| not_finite(f)),
            Cell::Numeric(text) | Cell::Text(text) => text
                .trim()
                .parse()
                .map_err(|e: crate::DecimalError| DecodeError(e.to_string())),
            other => Err(unexpected("a decimal", &other)),
        }
    }
}

impl FromColumn for Decimal {
    #[inline]
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        match cell {
            Cell::RawText(_) => Decimal::from_cell(cell.checked()),
            Cell::Decimal(d) => Decimal::try_from(d).map_err(|e| DecodeError(e.to_string())),
            Cell::Int(i) => Ok(Decimal::from(i)),
            // Prisma's adapter stores SQLite decimals as REAL and reads them back as the
            // shortest decimal that round-trips the double (JavaScript's `Number#toString`),
            // which is what Rust's `Display` for `f64` writes; too many digits for `Decimal`
            // fall back to the nearest one.
            Cell::Float(f) => Decimal::from_str_exact(&f.to_string())
                .ok()
                .or_else(|| Decimal::from_f64(f))
                .map(|d| d.normalize())
                .ok_or_else(|| DecodeError(format!("{f} is not a finite decimal"))),
            Cell::Numeric(text) | Cell::Text(text) => parse_decimal(text)
                .ok_or_else(|| DecodeError("expected a decimal, found non-numeric text".into())),
            other => Err(unexpected("a decimal", &other)),
        }
    }
}

impl FromColumn for DateTime<Utc> {
    #[inline]
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        match cell {
            // SQLite's text, parsed from its bytes; checked as UTF-8 only for the forms the fast
            // reading does not know.
            Cell::RawText(bytes) => match driver::cell::datetime_from_bytes(bytes) {
                Some(t) => {
                    cell.discard();
                    Ok(t)
                }
                None => DateTime::<Utc>::from_cell(cell.checked()),
            },
            Cell::DateTime(t) => {
                cell.discard();
                Ok(t)
            }
            // Prisma 6 (quaint) wrote integer milliseconds since the epoch on SQLite.
            Cell::Int(ms) => DateTime::from_timestamp_millis(ms)
                .ok_or_else(|| DecodeError(format!("{ms} ms is out of range for a DateTime"))),
            Cell::Float(ms) => DateTime::from_timestamp_millis(ms as i64)
                .ok_or_else(|| DecodeError(format!("{ms} ms is out of range for a DateTime"))),
            Cell::Text(text) => parse_sqlite_datetime(text)
                .ok_or_else(|| DecodeError(format!("`{text}` is not a date and time"))),
            other => Err(unexpected("a DateTime", &other)),
        }
    }
}

impl FromColumn for serde_json::Value {
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        let invalid = |e: serde_json::Error| DecodeError(format!("invalid JSON: {e}"));
        match cell {
            // JSON on MySQL, LONGTEXT with a json_valid check on MariaDB, TEXT on SQLite.
            Cell::RawText(json) => serde_json::from_slice(json).map_err(invalid),
            Cell::Json(json) | Cell::Bytes(json) => serde_json::from_slice(json).map_err(invalid),
            Cell::Text(text) => serde_json::from_str(text).map_err(invalid),
            Cell::Int(i) => Ok(i.into()),
            Cell::Float(f) => Ok(f.into()),
            Cell::Bool(b) => Ok(b.into()),
            other => Err(unexpected("JSON", &other)),
        }
    }
    fn from_null() -> Result<Self, DecodeError> {
        Ok(serde_json::Value::Null)
    }
}

/// A Rust enum generated for a Prisma enum: its variants by database name.
pub trait DbEnum: Sized + Copy + 'static {
    /// The enum's name in the schema (for error messages).
    const NAME: &'static str;
    /// The variant stored under `name`.
    fn from_db_name(name: &str) -> Option<Self>;
    /// The name this variant is stored under.
    fn db_name(self) -> &'static str;
}

/// Every generated enum reads from a column by its variants' database names (a PostgreSQL
/// enum, text elsewhere), on every database: generated code implements [`DbEnum`] only.
impl<E: DbEnum> FromColumn for E {
    #[inline]
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        let not_a_variant =
            |name: &str| DecodeError(format!("`{name}` is not a variant of enum {}", E::NAME));
        match cell {
            Cell::RawText(_) => E::from_cell(cell.checked()),
            Cell::Text(name) => E::from_db_name(name).ok_or_else(|| not_a_variant(name)),
            Cell::Bytes(bytes) => Err(not_a_variant(&String::from_utf8_lossy(bytes))),
            other => Err(unexpected("an enum variant", &other)),
        }
    }
}

/// A row being read column by column, in the order the query selected them.
pub struct RowReader<'r> {
    row: Source<'r>,
    idx: usize,
}

impl<'r> RowReader<'r> {
    /// Reads `row` (a database module's row) from its first column.
    #[inline]
    pub(crate) fn new(row: Source<'r>) -> Self {
        RowReader { row, idx: 0 }
    }

    /// Reads the next column.
    #[inline(always)]
    pub fn read<T: FromColumn>(&mut self) -> Result<T, crate::Error> {
        let idx = self.idx;
        self.idx += 1;
        let result = match self.row.cell(idx) {
            Ok(cell @ Cell::Null) => {
                cell.discard();
                T::from_null()
            }
            Ok(cell) => T::from_cell(cell),
            Err(e) => Err(DecodeError(e.0)),
        };
        result.map_err(|e| crate::Error::Decode {
            column: self.row.column_name(idx),
            message: e.0,
        })
    }

    /// Whether the next column is NULL (for optional enums).
    pub fn next_is_null(&self) -> bool {
        self.row.is_null(self.idx)
    }

    /// Skips the next column (a NULL already checked with [`Self::next_is_null`]).
    pub fn skip(&mut self) {
        self.idx += 1;
    }
}

impl FromColumn for crate::value::Value {
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        use crate::value::Value;
        Ok(match cell {
            Cell::RawText(_) => return Value::from_cell(cell.checked()),
            Cell::Null => Value::Null,
            Cell::Bool(b) => Value::Bool(b),
            Cell::Int(i) => Value::Int(i),
            Cell::Float(f) => Value::Float(f),
            Cell::Decimal(d) => Value::Decimal(crate::Decimal(d)),
            Cell::Numeric(_) => Value::Decimal(crate::Decimal::from_cell(cell)?),
            Cell::Text(text) => Value::Text(text.to_owned()),
            Cell::Formatted(text) => Value::Text(text),
            Cell::Bytes(bytes) => Value::Bytes(bytes.to_vec()),
            Cell::DateTime(t) => Value::DateTime(t),
            Cell::Json(_) => Value::Json(serde_json::Value::from_cell(cell)?),
            Cell::Uuid(_) => Value::Text(String::from_cell(cell)?),
            Cell::List(items) => Value::List(
                items
                    .into_iter()
                    .map(Value::from_cell)
                    .collect::<Result<_, _>>()?,
            ),
        })
    }
    fn from_null() -> Result<Self, DecodeError> {
        Ok(crate::value::Value::Null)
    }
}
