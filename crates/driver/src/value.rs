//! Values in and out of the database: bound parameters and result rows.

use chrono::{DateTime, Utc};

use crate::cell::{Cell, CellError, Cells};
use crate::error::{DatabaseError, DatabaseErrorKind, Error, Result};

/// A database-neutral value: a bound parameter or a cell of a result row.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// SQL NULL.
    Null,
    /// A boolean.
    Bool(bool),
    /// Any integer (SQLite INTEGER, PostgreSQL int2/int4/int8/oid).
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// Text (also PostgreSQL `name`, `char`, `varchar`, and anything cast `::text`).
    Text(String),
    /// Bytes (BLOB, bytea).
    Bytes(Vec<u8>),
    /// A point in time (PostgreSQL `timestamptz`/`timestamp`; bound on SQLite as Prisma binds it:
    /// milliseconds since the Unix epoch).
    DateTime(DateTime<Utc>),
}

impl Value {
    /// Whether this is NULL.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The text, if this is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if this is an integer (or a boolean, as 0/1).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }

    /// The boolean, if this is a boolean or an integer (SQLite has no booleans).
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Int(i) => Some(*i != 0),
            _ => None,
        }
    }

    /// A point in time: a timestamp, milliseconds since the epoch (how Prisma stores them on
    /// SQLite), or text in SQLite's `YYYY-MM-DD HH:MM:SS[.fff]` or RFC 3339 form.
    pub fn as_datetime(&self) -> Option<DateTime<Utc>> {
        match self {
            Value::DateTime(d) => Some(*d),
            Value::Int(ms) => DateTime::from_timestamp_millis(*ms),
            Value::Text(s) => parse_datetime_text(s),
            _ => None,
        }
    }
}

impl Value {
    /// A result row's value, from the cell its database module read: the one reading of each
    /// database's rows, which the client's typed rows go through too. Exact numbers (PostgreSQL
    /// `numeric`, MySQL DECIMAL, a MySQL unsigned integer past `i64`), JSON and UUIDs are their
    /// text; a PostgreSQL array has no value here (select it cast to text).
    fn from_cell(cell: Cell<'_>) -> std::result::Result<Value, CellError> {
        Ok(match cell {
            Cell::Null => Value::Null,
            Cell::Bool(b) => Value::Bool(b),
            Cell::Int(i) => Value::Int(i),
            Cell::Float(f) => Value::Float(f),
            Cell::Decimal(d) => Value::Text(d.to_string()),
            Cell::Numeric(text) | Cell::Text(text) => Value::Text(text.to_owned()),
            Cell::RawText(_) => return Value::from_cell(cell.checked()),
            Cell::Formatted(text) => Value::Text(text),
            Cell::Bytes(bytes) => Value::Bytes(bytes.to_vec()),
            Cell::DateTime(t) => Value::DateTime(t),
            Cell::Json(json) => Value::Text(String::from_utf8_lossy(json).into_owned()),
            Cell::Uuid(bytes) => Value::Text(uuid_text(bytes)),
            Cell::List(_) => {
                return Err(CellError(
                    "an array has no single value here; select it cast to text".to_owned(),
                ));
            }
        })
    }
}

/// A UUID's hyphenated lower-case text.
fn uuid_text(bytes: [u8; 16]) -> String {
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The first `width` columns of `row` as values.
pub(crate) fn read_row<R: Cells + ?Sized>(row: &R, width: usize) -> Result<Vec<Value>> {
    (0..width)
        .map(|i| {
            row.cell(i).and_then(Value::from_cell).map_err(|e| {
                Error::Database(DatabaseError {
                    kind: DatabaseErrorKind::Other,
                    code: "none".to_owned(),
                    message: format!("Could not read column {i} (`{}`): {e}", row.column_name(i)),
                })
            })
        })
        .collect()
}

pub(crate) fn parse_datetime_text(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
        if let Ok(d) = chrono::NaiveDateTime::parse_from_str(s, format) {
            return Some(d.and_utc());
        }
    }
    None
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<i32> for Value {
    fn from(i: i32) -> Self {
        Value::Int(i64::from(i))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl From<DateTime<Utc>> for Value {
    fn from(d: DateTime<Utc>) -> Self {
        Value::DateTime(d)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// The rows a query returned, with the names of its columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultSet {
    /// Column names, in the order of the SELECT list.
    pub columns: Vec<String>,
    /// Each row's values, in column order.
    pub rows: Vec<Vec<Value>>,
}

impl ResultSet {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row was returned.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows, each readable by column name.
    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(|values| Row {
            columns: &self.columns,
            values,
        })
    }

    /// The first row, if any.
    pub fn first(&self) -> Option<Row<'_>> {
        self.iter().next()
    }
}

/// One row of a [`ResultSet`].
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    columns: &'a [String],
    values: &'a [Value],
}

static NULL: Value = Value::Null;

impl<'a> Row<'a> {
    /// The value of the named column; NULL when there is no such column.
    pub fn get(&self, column: &str) -> &'a Value {
        self.columns
            .iter()
            .position(|c| c == column)
            .map_or(&NULL, |i| &self.values[i])
    }

    /// The named column as text (`None` for NULL or non-text).
    pub fn text(&self, column: &str) -> Option<&'a str> {
        self.get(column).as_str()
    }

    /// The named column as an integer.
    pub fn int(&self, column: &str) -> Option<i64> {
        self.get(column).as_i64()
    }

    /// The named column as a boolean.
    pub fn bool(&self, column: &str) -> Option<bool> {
        self.get(column).as_bool()
    }

    /// The values in column order.
    pub fn values(&self) -> &'a [Value] {
        self.values
    }
}
