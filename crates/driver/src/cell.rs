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

impl Cell<'_> {
    /// What kind of value this is, for messages (`expected an integer, found text`).
    pub fn kind(&self) -> &'static str {
        match self {
            Cell::Null => "NULL",
            Cell::Bool(_) => "a boolean",
            Cell::Int(_) => "an integer",
            Cell::Float(_) => "a floating-point number",
            Cell::Decimal(_) | Cell::Numeric(_) => "a decimal",
            Cell::Text(_) | Cell::Formatted(_) => "text",
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
