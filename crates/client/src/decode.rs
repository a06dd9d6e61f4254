//! Reading columns into Rust values, from SQLite, PostgreSQL and MySQL rows, tolerant of every
//! form Prisma 6 and 7 have written.

#[cfg(feature = "postgresql")]
use chrono::NaiveTime;
use chrono::{DateTime, Utc};
#[cfg(any(feature = "postgresql", feature = "mysql"))]
use chrono::{NaiveDate, NaiveDateTime};
#[cfg(feature = "mysql")]
use mysql_async::Value as MyValue;
#[cfg(feature = "mysql")]
use mysql_async::consts::ColumnType;
#[cfg(feature = "postgresql")]
use postgres_types::{FromSql, Kind, Type};
#[cfg(feature = "sqlite")]
use rusqlite::types::ValueRef;
use rust_decimal::Decimal;
#[cfg(any(feature = "sqlite", feature = "mysql"))]
use rust_decimal::prelude::FromPrimitive;

#[cfg(any(feature = "sqlite", feature = "mysql"))]
use crate::value::parse_sqlite_datetime;

/// Why a column could not be read into the requested Rust type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(pub String);

#[cfg(any(feature = "sqlite", feature = "mysql"))]
fn unexpected(what: &str, got: &str) -> DecodeError {
    DecodeError(format!("expected {what}, found {got}"))
}

#[cfg(feature = "sqlite")]
fn sqlite_kind(v: &ValueRef<'_>) -> &'static str {
    match v {
        ValueRef::Null => "NULL",
        ValueRef::Integer(_) => "an INTEGER",
        ValueRef::Real(_) => "a REAL",
        ValueRef::Text(_) => "TEXT",
        ValueRef::Blob(_) => "a BLOB",
    }
}

#[cfg(feature = "mysql")]
fn mysql_kind(v: &MyValue) -> &'static str {
    match v {
        MyValue::NULL => "NULL",
        MyValue::Bytes(_) => "a string",
        MyValue::Int(_) | MyValue::UInt(_) => "an integer",
        MyValue::Float(_) | MyValue::Double(_) => "a floating-point number",
        MyValue::Date(..) => "a date",
        MyValue::Time(..) => "a time",
    }
}

#[cfg(feature = "mysql")]
fn mysql_text<'v>(v: &'v MyValue, what: &str) -> Result<&'v str, DecodeError> {
    match v {
        MyValue::Bytes(b) => {
            std::str::from_utf8(b).map_err(|_| DecodeError("text is not valid UTF-8".into()))
        }
        other => Err(unexpected(what, mysql_kind(other))),
    }
}

#[cfg(feature = "mysql")]
fn mysql_datetime(v: &MyValue) -> Option<NaiveDateTime> {
    match *v {
        MyValue::Date(y, mo, d, h, mi, s, us) => {
            NaiveDate::from_ymd_opt(y.into(), mo.into(), d.into())
                .and_then(|date| date.and_hms_micro_opt(h.into(), mi.into(), s.into(), us))
        }
        MyValue::Time(false, 0, h, mi, s, us) => NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|date| date.and_hms_micro_opt(h.into(), mi.into(), s.into(), us)),
        _ => None,
    }
}

/// A Rust type that can be read from one column.
pub trait FromColumn: Sized {
    /// Reads the value of a SQLite column.
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError>;
    /// Reads column `idx` of a PostgreSQL row.
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError>;
    /// Reads a non-NULL MySQL value of `column` (NULL goes to [`FromColumn::from_null`]).
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, column: &mysql_async::Column) -> Result<Self, DecodeError>;
    /// The value when the column is NULL (`Option` reads it as `None`; others fail).
    fn from_null() -> Result<Self, DecodeError> {
        Err(DecodeError("unexpected NULL in a required field".into()))
    }
}

#[cfg(feature = "postgresql")]
fn pg_get<'a, T: FromSql<'a>>(row: &'a tokio_postgres::Row, idx: usize) -> Result<T, DecodeError> {
    row.try_get(idx).map_err(|e| DecodeError(e.to_string()))
}

/// Reads a nullable PostgreSQL column (or one array element) as the raw value, for types
/// decoded by hand.
#[cfg(feature = "postgresql")]
pub(crate) struct Raw<'a>(pub(crate) &'a [u8], pub(crate) Type);

#[cfg(feature = "postgresql")]
impl<'a> FromSql<'a> for Raw<'a> {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(raw, ty.clone()))
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

#[cfg(feature = "postgresql")]
fn pg_raw(row: &tokio_postgres::Row, idx: usize) -> Result<Option<Raw<'_>>, DecodeError> {
    pg_get::<Option<Raw<'_>>>(row, idx)
}

impl<T: FromColumn> FromColumn for Option<T> {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError> {
        match v {
            ValueRef::Null => Ok(None),
            v => T::from_sqlite(v).map(Some),
        }
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        match pg_raw(row, idx)? {
            None => Ok(None),
            Some(_) => T::from_pg(row, idx).map(Some),
        }
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, column: &mysql_async::Column) -> Result<Self, DecodeError> {
        T::from_mysql(v, column).map(Some)
    }
    fn from_null() -> Result<Self, DecodeError> {
        Ok(None)
    }
}

impl FromColumn for i64 {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError> {
        match v {
            ValueRef::Integer(i) => Ok(i),
            // Prisma truncates non-integral numbers read into integer fields.
            ValueRef::Real(f) => Ok(f.trunc() as i64),
            ValueRef::Text(t) => std::str::from_utf8(t)
                .ok()
                .and_then(|t| t.parse().ok())
                .ok_or_else(|| unexpected("an integer", "non-numeric TEXT")),
            other => Err(unexpected("an integer", sqlite_kind(&other))),
        }
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        let ty = row.columns()[idx].type_().clone();
        match ty {
            Type::INT2 => pg_get::<i16>(row, idx).map(i64::from),
            Type::INT4 => pg_get::<i32>(row, idx).map(i64::from),
            Type::OID => pg_get::<u32>(row, idx).map(i64::from),
            Type::NUMERIC => {
                let d: Decimal = pg_get(row, idx)?;
                i64::try_from(d.trunc()).map_err(|e| DecodeError(e.to_string()))
            }
            _ => pg_get::<i64>(row, idx),
        }
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, _: &mysql_async::Column) -> Result<Self, DecodeError> {
        match *v {
            MyValue::Int(i) => Ok(i),
            MyValue::UInt(u) => {
                i64::try_from(u).map_err(|_| DecodeError(format!("{u} does not fit in a BigInt")))
            }
            MyValue::Float(f) => Ok(f.trunc() as i64),
            MyValue::Double(f) => Ok(f.trunc() as i64),
            // DECIMAL (SUM of integers) arrives as text.
            MyValue::Bytes(_) => {
                let d: Decimal = mysql_text(v, "an integer")?
                    .parse()
                    .map_err(|_| unexpected("an integer", "non-numeric text"))?;
                i64::try_from(d.trunc()).map_err(|e| DecodeError(e.to_string()))
            }
            ref other => Err(unexpected("an integer", mysql_kind(other))),
        }
    }
}

impl FromColumn for i32 {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError> {
        let wide = i64::from_sqlite(v)?;
        i32::try_from(wide).map_err(|_| DecodeError(format!("{wide} does not fit in an Int (i32)")))
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        let wide = i64::from_pg(row, idx)?;
        i32::try_from(wide).map_err(|_| DecodeError(format!("{wide} does not fit in an Int (i32)")))
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, column: &mysql_async::Column) -> Result<Self, DecodeError> {
        let wide = i64::from_mysql(v, column)?;
        i32::try_from(wide).map_err(|_| DecodeError(format!("{wide} does not fit in an Int (i32)")))
    }
}

impl FromColumn for f64 {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError> {
        match v {
            ValueRef::Real(f) => Ok(f),
            ValueRef::Integer(i) => Ok(i as f64),
            ValueRef::Text(t) => std::str::from_utf8(t)
                .ok()
                .and_then(|t| t.parse().ok())
                .ok_or_else(|| unexpected("a number", "non-numeric TEXT")),
            other => Err(unexpected("a number", sqlite_kind(&other))),
        }
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        match *row.columns()[idx].type_() {
            Type::FLOAT4 => pg_get::<f32>(row, idx).map(f64::from),
            Type::NUMERIC => {
                let d: Decimal = pg_get(row, idx)?;
                Ok(rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(f64::NAN))
            }
            Type::INT2 | Type::INT4 | Type::INT8 => i64::from_pg(row, idx).map(|i| i as f64),
            _ => pg_get::<f64>(row, idx),
        }
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, _: &mysql_async::Column) -> Result<Self, DecodeError> {
        match *v {
            MyValue::Double(f) => Ok(f),
            MyValue::Float(f) => Ok(f64::from(f)),
            MyValue::Int(i) => Ok(i as f64),
            MyValue::UInt(u) => Ok(u as f64),
            MyValue::Bytes(_) => mysql_text(v, "a number")?
                .parse()
                .map_err(|_| unexpected("a number", "non-numeric text")),
            ref other => Err(unexpected("a number", mysql_kind(other))),
        }
    }
}

impl FromColumn for bool {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError> {
        match v {
            ValueRef::Integer(i) => Ok(i != 0),
            ValueRef::Real(f) => Ok(f != 0.0),
            ValueRef::Text(b"true") | ValueRef::Text(b"1") => Ok(true),
            ValueRef::Text(b"false") | ValueRef::Text(b"0") => Ok(false),
            other => Err(unexpected("a boolean", sqlite_kind(&other))),
        }
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        pg_get(row, idx)
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, _: &mysql_async::Column) -> Result<Self, DecodeError> {
        // Boolean is TINYINT(1) on MySQL; BIT(1) arrives as one byte.
        match v {
            MyValue::Int(i) => Ok(*i != 0),
            MyValue::UInt(u) => Ok(*u != 0),
            MyValue::Bytes(b) => match b.as_slice() {
                b"1" | b"true" | [1] => Ok(true),
                b"0" | b"false" | [0] => Ok(false),
                _ => Err(unexpected("a boolean", "a string")),
            },
            other => Err(unexpected("a boolean", mysql_kind(other))),
        }
    }
}

impl FromColumn for String {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError> {
        match v {
            ValueRef::Text(t) => String::from_utf8(t.to_vec())
                .map_err(|_| DecodeError("TEXT is not valid UTF-8".into())),
            ValueRef::Integer(i) => Ok(i.to_string()),
            ValueRef::Real(f) => Ok(f.to_string()),
            other => Err(unexpected("text", sqlite_kind(&other))),
        }
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        let raw = pg_raw(row, idx)?.ok_or_else(|| DecodeError("unexpected NULL".into()))?;
        match raw.1 {
            Type::UUID => pg_get::<uuid::Uuid>(row, idx).map(|u| u.to_string()),
            _ => String::from_utf8(raw.0.to_vec())
                .map_err(|_| DecodeError("text is not valid UTF-8".into())),
        }
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, _: &mysql_async::Column) -> Result<Self, DecodeError> {
        match *v {
            MyValue::Bytes(_) => mysql_text(v, "text").map(str::to_owned),
            MyValue::Int(i) => Ok(i.to_string()),
            MyValue::UInt(u) => Ok(u.to_string()),
            MyValue::Double(f) => Ok(f.to_string()),
            MyValue::Float(f) => Ok(f.to_string()),
            ref other => Err(unexpected("text", mysql_kind(other))),
        }
    }
}

impl FromColumn for Vec<u8> {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError> {
        match v {
            ValueRef::Blob(b) | ValueRef::Text(b) => Ok(b.to_vec()),
            other => Err(unexpected("bytes", sqlite_kind(&other))),
        }
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        pg_get(row, idx)
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, _: &mysql_async::Column) -> Result<Self, DecodeError> {
        match v {
            MyValue::Bytes(b) => Ok(b.clone()),
            other => Err(unexpected("bytes", mysql_kind(other))),
        }
    }
}

impl FromColumn for Decimal {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError> {
        match v {
            ValueRef::Integer(i) => Ok(Decimal::from(i)),
            // Prisma's adapter stores decimals as REAL and reads them back as the shortest
            // decimal that round-trips the double (JavaScript's `Number#toString`), which is
            // what Rust's `Display` for `f64` writes; too many digits for `Decimal` fall back
            // to the nearest one.
            ValueRef::Real(f) => Decimal::from_str_exact(&f.to_string())
                .ok()
                .or_else(|| Decimal::from_f64(f))
                .map(|d| d.normalize())
                .ok_or_else(|| DecodeError(format!("{f} is not a finite decimal"))),
            ValueRef::Text(t) => std::str::from_utf8(t)
                .ok()
                .and_then(|t| t.parse().ok())
                .ok_or_else(|| unexpected("a decimal", "non-numeric TEXT")),
            other => Err(unexpected("a decimal", sqlite_kind(&other))),
        }
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        pg_get(row, idx)
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, _: &mysql_async::Column) -> Result<Self, DecodeError> {
        match *v {
            // DECIMAL arrives as its exact text.
            MyValue::Bytes(_) => {
                let text = mysql_text(v, "a decimal")?;
                text.parse()
                    .or_else(|_| Decimal::from_scientific(text))
                    .map_err(|_| unexpected("a decimal", "non-numeric text"))
            }
            MyValue::Int(i) => Ok(Decimal::from(i)),
            MyValue::UInt(u) => Ok(Decimal::from(u)),
            MyValue::Double(f) => Decimal::from_f64(f)
                .map(|d| d.normalize())
                .ok_or_else(|| DecodeError(format!("{f} is not a finite decimal"))),
            MyValue::Float(f) => Decimal::from_f32(f)
                .map(|d| d.normalize())
                .ok_or_else(|| DecodeError(format!("{f} is not a finite decimal"))),
            ref other => Err(unexpected("a decimal", mysql_kind(other))),
        }
    }
}

impl FromColumn for DateTime<Utc> {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError> {
        match v {
            // Prisma 6 (quaint) wrote integer milliseconds since the epoch.
            ValueRef::Integer(ms) => DateTime::from_timestamp_millis(ms)
                .ok_or_else(|| DecodeError(format!("{ms} ms is out of range for a DateTime"))),
            ValueRef::Real(ms) => DateTime::from_timestamp_millis(ms as i64)
                .ok_or_else(|| DecodeError(format!("{ms} ms is out of range for a DateTime"))),
            ValueRef::Text(t) => {
                let text = std::str::from_utf8(t)
                    .map_err(|_| DecodeError("TEXT is not valid UTF-8".into()))?;
                parse_sqlite_datetime(text)
                    .ok_or_else(|| DecodeError(format!("`{text}` is not a date and time")))
            }
            other => Err(unexpected("a DateTime", sqlite_kind(&other))),
        }
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        match *row.columns()[idx].type_() {
            Type::TIMESTAMPTZ => pg_get(row, idx),
            Type::DATE => {
                pg_get::<NaiveDate>(row, idx).map(|d| d.and_time(NaiveTime::MIN).and_utc())
            }
            Type::TIME => pg_get::<NaiveTime>(row, idx).map(|t| {
                NaiveDate::from_ymd_opt(1970, 1, 1)
                    .unwrap_or_default()
                    .and_time(t)
                    .and_utc()
            }),
            _ => pg_get::<NaiveDateTime>(row, idx).map(|t| t.and_utc()),
        }
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, _: &mysql_async::Column) -> Result<Self, DecodeError> {
        match v {
            MyValue::Date(..) | MyValue::Time(..) => mysql_datetime(v)
                .map(|t| t.and_utc())
                .ok_or_else(|| DecodeError(format!("{v:?} is not a valid date and time"))),
            MyValue::Bytes(_) => {
                let text = mysql_text(v, "a DateTime")?;
                parse_sqlite_datetime(text)
                    .ok_or_else(|| DecodeError(format!("`{text}` is not a date and time")))
            }
            other => Err(unexpected("a DateTime", mysql_kind(other))),
        }
    }
}

impl FromColumn for serde_json::Value {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError> {
        match v {
            ValueRef::Text(t) | ValueRef::Blob(t) => {
                serde_json::from_slice(t).map_err(|e| DecodeError(format!("invalid JSON: {e}")))
            }
            ValueRef::Integer(i) => Ok(i.into()),
            ValueRef::Real(f) => Ok(f.into()),
            ValueRef::Null => Ok(serde_json::Value::Null),
        }
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        match *row.columns()[idx].type_() {
            Type::JSON | Type::JSONB => pg_get(row, idx),
            _ => String::from_pg(row, idx).and_then(|s| {
                serde_json::from_str(&s).map_err(|e| DecodeError(format!("invalid JSON: {e}")))
            }),
        }
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, _: &mysql_async::Column) -> Result<Self, DecodeError> {
        match *v {
            // JSON on MySQL, LONGTEXT with a json_valid check on MariaDB: text either way.
            MyValue::Bytes(ref b) => {
                serde_json::from_slice(b).map_err(|e| DecodeError(format!("invalid JSON: {e}")))
            }
            MyValue::Int(i) => Ok(i.into()),
            MyValue::UInt(u) => Ok(u.into()),
            MyValue::Double(f) => Ok(f.into()),
            ref other => Err(unexpected("JSON", mysql_kind(other))),
        }
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

/// Every generated enum reads from a column by its variants' database names, on every
/// database: generated code implements [`DbEnum`] only.
impl<E: DbEnum> FromColumn for E {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError> {
        enum_from_sqlite(v)
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        enum_from_pg(row, idx)
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, _: &mysql_async::Column) -> Result<Self, DecodeError> {
        let text = mysql_text(v, "an enum variant")?;
        E::from_db_name(text)
            .ok_or_else(|| DecodeError(format!("`{text}` is not a variant of enum {}", E::NAME)))
    }
}

/// Reads an enum stored as text (SQLite).
#[cfg(feature = "sqlite")]
pub fn enum_from_sqlite<E: DbEnum>(v: ValueRef<'_>) -> Result<E, DecodeError> {
    match v {
        ValueRef::Text(t) => std::str::from_utf8(t)
            .ok()
            .and_then(E::from_db_name)
            .ok_or_else(|| {
                DecodeError(format!(
                    "`{}` is not a variant of enum {}",
                    String::from_utf8_lossy(t),
                    E::NAME
                ))
            }),
        other => Err(unexpected("an enum variant", sqlite_kind(&other))),
    }
}

/// Reads an enum stored as a PostgreSQL enum (or text).
#[cfg(feature = "postgresql")]
pub fn enum_from_pg<E: DbEnum>(row: &tokio_postgres::Row, idx: usize) -> Result<E, DecodeError> {
    let raw = pg_raw(row, idx)?.ok_or_else(|| DecodeError("unexpected NULL".into()))?;
    if !matches!(raw.1.kind(), Kind::Enum(_) | Kind::Simple) {
        return Err(DecodeError(format!(
            "cannot read {} as enum {}",
            raw.1,
            E::NAME
        )));
    }
    std::str::from_utf8(raw.0)
        .ok()
        .and_then(E::from_db_name)
        .ok_or_else(|| {
            DecodeError(format!(
                "`{}` is not a variant of enum {}",
                String::from_utf8_lossy(raw.0),
                E::NAME
            ))
        })
}

/// A row being read column by column, in the order the query selected them.
pub struct RowReader<'r> {
    inner: RowInner<'r>,
    idx: usize,
}

enum RowInner<'r> {
    #[cfg(feature = "sqlite")]
    Sqlite(&'r rusqlite::Row<'r>),
    #[cfg(feature = "postgresql")]
    Pg(&'r tokio_postgres::Row),
    #[cfg(feature = "mysql")]
    Mysql(&'r mysql_async::Row),
}

impl<'r> RowReader<'r> {
    #[cfg(feature = "sqlite")]
    pub(crate) fn sqlite(row: &'r rusqlite::Row<'r>) -> Self {
        RowReader {
            inner: RowInner::Sqlite(row),
            idx: 0,
        }
    }

    #[cfg(feature = "postgresql")]
    pub(crate) fn pg(row: &'r tokio_postgres::Row) -> Self {
        RowReader {
            inner: RowInner::Pg(row),
            idx: 0,
        }
    }

    #[cfg(feature = "mysql")]
    pub(crate) fn mysql(row: &'r mysql_async::Row) -> Self {
        RowReader {
            inner: RowInner::Mysql(row),
            idx: 0,
        }
    }

    /// Reads the next column.
    #[inline]
    pub fn read<T: FromColumn>(&mut self) -> Result<T, crate::Error> {
        let idx = self.idx;
        self.idx += 1;
        let result = match &self.inner {
            #[cfg(feature = "sqlite")]
            RowInner::Sqlite(row) => match row.get_ref(idx) {
                Ok(v) => T::from_sqlite(v),
                Err(e) => Err(DecodeError(e.to_string())),
            },
            #[cfg(feature = "postgresql")]
            RowInner::Pg(row) => {
                if idx >= row.len() {
                    Err(DecodeError(format!("the row has no column {idx}")))
                } else {
                    T::from_pg(row, idx)
                }
            }
            #[cfg(feature = "mysql")]
            RowInner::Mysql(row) => match (row.as_ref(idx), row.columns_ref().get(idx)) {
                (Some(MyValue::NULL), _) => T::from_null(),
                (Some(v), Some(column)) => T::from_mysql(v, column),
                _ => Err(DecodeError(format!("the row has no column {idx}"))),
            },
        };
        result.map_err(|e| crate::Error::Decode {
            column: self.column_name(idx),
            message: e.0,
        })
    }

    /// Whether the next column is NULL (for optional enums).
    pub fn next_is_null(&self) -> bool {
        match &self.inner {
            #[cfg(feature = "sqlite")]
            RowInner::Sqlite(row) => matches!(row.get_ref(self.idx), Ok(ValueRef::Null)),
            #[cfg(feature = "postgresql")]
            RowInner::Pg(row) => matches!(pg_raw(row, self.idx), Ok(None)),
            #[cfg(feature = "mysql")]
            RowInner::Mysql(row) => matches!(row.as_ref(self.idx), Some(MyValue::NULL)),
        }
    }

    /// Skips the next column (a NULL already checked with [`Self::next_is_null`]).
    pub fn skip(&mut self) {
        self.idx += 1;
    }

    fn column_name(&self, idx: usize) -> String {
        match &self.inner {
            #[cfg(feature = "sqlite")]
            RowInner::Sqlite(row) => row
                .as_ref()
                .column_name(idx)
                .map(str::to_owned)
                .unwrap_or_else(|_| format!("#{idx}")),
            #[cfg(feature = "postgresql")]
            RowInner::Pg(row) => row
                .columns()
                .get(idx)
                .map(|c| c.name().to_owned())
                .unwrap_or_else(|| format!("#{idx}")),
            #[cfg(feature = "mysql")]
            RowInner::Mysql(row) => row
                .columns_ref()
                .get(idx)
                .map(|c| c.name_str().into_owned())
                .unwrap_or_else(|| format!("#{idx}")),
        }
    }
}

impl FromColumn for crate::value::Value {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError> {
        use crate::value::Value;
        Ok(match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Int(i),
            ValueRef::Real(f) => Value::Float(f),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
        })
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        use crate::value::Value;
        if pg_raw(row, idx)?.is_none() {
            return Ok(Value::Null);
        }
        let ty = row.columns()[idx].type_().clone();
        Ok(match ty {
            Type::BOOL => Value::Bool(pg_get(row, idx)?),
            Type::INT2 | Type::INT4 | Type::INT8 | Type::OID => Value::Int(i64::from_pg(row, idx)?),
            Type::FLOAT4 | Type::FLOAT8 => Value::Float(f64::from_pg(row, idx)?),
            Type::NUMERIC => Value::Decimal(pg_get(row, idx)?),
            Type::TIMESTAMP | Type::TIMESTAMPTZ | Type::DATE | Type::TIME => {
                Value::DateTime(DateTime::<Utc>::from_pg(row, idx)?)
            }
            Type::JSON | Type::JSONB => Value::Json(pg_get(row, idx)?),
            Type::BYTEA => Value::Bytes(pg_get(row, idx)?),
            _ => Value::Text(String::from_pg(row, idx)?),
        })
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, column: &mysql_async::Column) -> Result<Self, DecodeError> {
        use crate::value::Value;
        Ok(match *v {
            MyValue::NULL => Value::Null,
            MyValue::Int(i) => Value::Int(i),
            MyValue::UInt(u) => match i64::try_from(u) {
                Ok(i) => Value::Int(i),
                Err(_) => Value::Decimal(u.into()),
            },
            MyValue::Float(f) => Value::Float(f64::from(f)),
            MyValue::Double(f) => Value::Float(f),
            MyValue::Date(..) | MyValue::Time(..) => {
                Value::DateTime(DateTime::<Utc>::from_mysql(v, column)?)
            }
            MyValue::Bytes(ref b) => match column.column_type() {
                // SUM over integers is a DECIMAL without decimals: an integer, as on the
                // other databases.
                ColumnType::MYSQL_TYPE_NEWDECIMAL | ColumnType::MYSQL_TYPE_DECIMAL => {
                    let d = crate::Decimal::from_mysql(v, column)?;
                    match i64::try_from(d) {
                        Ok(i) if column.decimals() == 0 => Value::Int(i),
                        _ => Value::Decimal(d),
                    }
                }
                ColumnType::MYSQL_TYPE_JSON => {
                    Value::Json(serde_json::Value::from_mysql(v, column)?)
                }
                _ if is_binary(column) => Value::Bytes(b.clone()),
                _ => Value::Text(String::from_utf8_lossy(b).into_owned()),
            },
        })
    }
    fn from_null() -> Result<Self, DecodeError> {
        Ok(crate::value::Value::Null)
    }
}

/// The character set number MySQL gives binary strings (BLOB, BINARY, VARBINARY).
#[cfg(feature = "mysql")]
const BINARY_CHARSET: u16 = 63;

#[cfg(feature = "mysql")]
/// Whether a column holds binary strings rather than text.
pub(crate) fn is_binary(column: &mysql_async::Column) -> bool {
    column.character_set() == BINARY_CHARSET
        && matches!(
            column.column_type(),
            ColumnType::MYSQL_TYPE_BLOB
                | ColumnType::MYSQL_TYPE_TINY_BLOB
                | ColumnType::MYSQL_TYPE_MEDIUM_BLOB
                | ColumnType::MYSQL_TYPE_LONG_BLOB
                | ColumnType::MYSQL_TYPE_STRING
                | ColumnType::MYSQL_TYPE_VAR_STRING
                | ColumnType::MYSQL_TYPE_VARCHAR
                | ColumnType::MYSQL_TYPE_BIT
        )
}
