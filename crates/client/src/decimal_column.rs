//! Reading a `Decimal` column: exact text on MySQL, binary `numeric` on PostgreSQL, the REAL
//! Prisma's adapter writes on SQLite (read back as the shortest decimal that round-trips the
//! double, as JavaScript's `Number#toString` writes it).

#[cfg(feature = "mysql")]
use mysql_async::Value as MyValue;
#[cfg(feature = "sqlite")]
use rusqlite::types::ValueRef;

use crate::decimal::{Decimal, DecimalError};
use crate::decode::{DecodeError, FromColumn};

fn not_finite(f: f64) -> DecodeError {
    DecodeError(format!("{f} is not a finite decimal"))
}

#[cfg(any(feature = "sqlite", feature = "mysql"))]
fn parse(bytes: &[u8]) -> Result<Decimal, DecodeError> {
    std::str::from_utf8(bytes)
        .map_err(|_| DecodeError("a decimal's text is not valid UTF-8".into()))?
        .trim()
        .parse()
        .map_err(|e: DecimalError| DecodeError(e.to_string()))
}

impl FromColumn for Decimal {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(v: ValueRef<'_>) -> Result<Self, DecodeError> {
        match v {
            ValueRef::Integer(i) => Ok(Decimal::from(i)),
            ValueRef::Real(f) => Decimal::from_f64(f).ok_or_else(|| not_finite(f)),
            ValueRef::Text(t) => parse(t),
            ValueRef::Null => Decimal::from_null(),
            ValueRef::Blob(_) => Err(DecodeError("expected a decimal, found a BLOB".into())),
        }
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        use postgres_types::Type;
        let get_err = |e: tokio_postgres::Error| DecodeError(e.to_string());
        match *row.columns()[idx].type_() {
            Type::NUMERIC => row.try_get::<_, Decimal>(idx).map_err(get_err),
            Type::INT2 | Type::INT4 | Type::INT8 => i64::from_pg(row, idx).map(Decimal::from),
            Type::FLOAT4 | Type::FLOAT8 => {
                let f = f64::from_pg(row, idx)?;
                Decimal::from_f64(f).ok_or_else(|| not_finite(f))
            }
            _ => String::from_pg(row, idx)?
                .trim()
                .parse()
                .map_err(|e: DecimalError| DecodeError(e.to_string())),
        }
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(v: &MyValue, _: &mysql_async::Column) -> Result<Self, DecodeError> {
        match *v {
            MyValue::Bytes(ref b) => parse(b),
            MyValue::Int(i) => Ok(Decimal::from(i)),
            MyValue::UInt(u) => Ok(Decimal::from(u)),
            MyValue::Double(f) => Decimal::from_f64(f).ok_or_else(|| not_finite(f)),
            MyValue::Float(f) => {
                // The float's own shortest text, not the double's widening of it.
                f.to_string()
                    .parse()
                    .map_err(|e: DecimalError| DecodeError(e.to_string()))
            }
            ref other => Err(DecodeError(format!("expected a decimal, found {other:?}"))),
        }
    }
}
