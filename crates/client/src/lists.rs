//! Reading scalar lists (`String[]`, `Int[]`, enum lists…), which Prisma supports on
//! PostgreSQL: a list column is an array, read element by element by the element's type. A
//! NULL column (Prisma creates list columns nullable) reads as an empty list, as in Prisma.

use chrono::{DateTime, Utc};
#[cfg(feature = "postgresql")]
use postgres_types::{FromSql, Type};
#[cfg(feature = "sqlite")]
use rusqlite::types::ValueRef;
use rust_decimal::Decimal;

#[cfg(feature = "postgresql")]
use crate::decode::Raw;
use crate::decode::{DbEnum, DecodeError, FromColumn};

#[cfg(feature = "postgresql")]
type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// A type a scalar list holds: every scalar type and the generated enums.
pub trait ListElement: Sized {
    /// Reads one non-NULL element of a PostgreSQL array whose elements have type `ty`.
    #[cfg(feature = "postgresql")]
    fn from_pg_element(ty: &Type, raw: &[u8]) -> Result<Self, BoxError>;
}

#[cfg(feature = "postgresql")]
impl ListElement for i32 {
    fn from_pg_element(ty: &Type, raw: &[u8]) -> Result<Self, BoxError> {
        Ok(match *ty {
            Type::INT2 => i16::from_sql(ty, raw)?.into(),
            Type::INT8 => i32::try_from(i64::from_sql(ty, raw)?)?,
            _ => i32::from_sql(ty, raw)?,
        })
    }
}

#[cfg(feature = "postgresql")]
impl ListElement for i64 {
    fn from_pg_element(ty: &Type, raw: &[u8]) -> Result<Self, BoxError> {
        Ok(match *ty {
            Type::INT2 => i16::from_sql(ty, raw)?.into(),
            Type::INT4 => i32::from_sql(ty, raw)?.into(),
            _ => i64::from_sql(ty, raw)?,
        })
    }
}

#[cfg(feature = "postgresql")]
impl ListElement for f64 {
    fn from_pg_element(ty: &Type, raw: &[u8]) -> Result<Self, BoxError> {
        Ok(match *ty {
            Type::FLOAT4 => f32::from_sql(ty, raw)?.into(),
            _ => f64::from_sql(ty, raw)?,
        })
    }
}

#[cfg(feature = "postgresql")]
impl ListElement for bool {
    fn from_pg_element(ty: &Type, raw: &[u8]) -> Result<Self, BoxError> {
        bool::from_sql(ty, raw)
    }
}

#[cfg(feature = "postgresql")]
impl ListElement for String {
    fn from_pg_element(ty: &Type, raw: &[u8]) -> Result<Self, BoxError> {
        if *ty == Type::UUID {
            return Ok(uuid::Uuid::from_slice(raw)?.to_string());
        }
        // Text, varchar, char, citext and other text-like types: the UTF-8 bytes.
        Ok(std::str::from_utf8(raw)?.to_owned())
    }
}

#[cfg(feature = "postgresql")]
impl ListElement for crate::Decimal {
    fn from_pg_element(ty: &Type, raw: &[u8]) -> Result<Self, BoxError> {
        <crate::Decimal as FromSql>::from_sql(ty, raw)
    }
}

impl ListElement for Decimal {
    fn from_pg_element(ty: &Type, raw: &[u8]) -> Result<Self, BoxError> {
        Decimal::from_sql(ty, raw)
    }
}

#[cfg(feature = "postgresql")]
impl ListElement for DateTime<Utc> {
    fn from_pg_element(ty: &Type, raw: &[u8]) -> Result<Self, BoxError> {
        Ok(match *ty {
            Type::TIMESTAMPTZ => DateTime::<Utc>::from_sql(ty, raw)?,
            Type::DATE => chrono::NaiveDate::from_sql(ty, raw)?
                .and_time(chrono::NaiveTime::MIN)
                .and_utc(),
            Type::TIME => chrono::NaiveDate::default()
                .and_time(chrono::NaiveTime::from_sql(ty, raw)?)
                .and_utc(),
            _ => chrono::NaiveDateTime::from_sql(ty, raw)?.and_utc(),
        })
    }
}

#[cfg(feature = "postgresql")]
impl ListElement for serde_json::Value {
    fn from_pg_element(ty: &Type, raw: &[u8]) -> Result<Self, BoxError> {
        serde_json::Value::from_sql(ty, raw)
    }
}

#[cfg(feature = "postgresql")]
impl ListElement for Vec<u8> {
    fn from_pg_element(_: &Type, raw: &[u8]) -> Result<Self, BoxError> {
        Ok(raw.to_vec())
    }
}

#[cfg(feature = "postgresql")]
impl<E: DbEnum> ListElement for E {
    fn from_pg_element(_: &Type, raw: &[u8]) -> Result<Self, BoxError> {
        let name = std::str::from_utf8(raw)?;
        E::from_db_name(name)
            .ok_or_else(|| format!("`{name}` is not a variant of enum {}", E::NAME).into())
    }
}

// Without PostgreSQL, lists have no database to come from; the types still are elements so
// that generated code compiles with any set of database features.
#[cfg(not(feature = "postgresql"))]
mod no_postgres {
    use super::*;
    impl ListElement for i32 {}
    impl ListElement for i64 {}
    impl ListElement for f64 {}
    impl ListElement for bool {}
    impl ListElement for String {}
    impl ListElement for Decimal {}
    impl ListElement for crate::Decimal {}
    impl ListElement for DateTime<Utc> {}
    impl ListElement for serde_json::Value {}
    impl ListElement for Vec<u8> {}
    impl<E: DbEnum> ListElement for E {}
}

#[cfg(any(feature = "sqlite", feature = "mysql"))]
const ONLY_POSTGRES: &str = "scalar lists are stored on PostgreSQL only";

impl<T: ListElement> FromColumn for Vec<T> {
    #[cfg(feature = "sqlite")]
    fn from_sqlite(_: ValueRef<'_>) -> Result<Self, DecodeError> {
        Err(DecodeError(ONLY_POSTGRES.into()))
    }
    #[cfg(feature = "postgresql")]
    fn from_pg(row: &tokio_postgres::Row, idx: usize) -> Result<Self, DecodeError> {
        let elements: Option<Vec<Option<Raw<'_>>>> =
            row.try_get(idx).map_err(|e| DecodeError(e.to_string()))?;
        elements
            .unwrap_or_default()
            .into_iter()
            .map(|element| {
                let Raw(raw, ty) =
                    element.ok_or_else(|| DecodeError("a NULL element in a scalar list".into()))?;
                T::from_pg_element(&ty, raw).map_err(|e| DecodeError(e.to_string()))
            })
            .collect()
    }
    #[cfg(feature = "mysql")]
    fn from_mysql(_: &mysql_async::Value, _: &mysql_async::Column) -> Result<Self, DecodeError> {
        Err(DecodeError(ONLY_POSTGRES.into()))
    }
    fn from_null() -> Result<Self, DecodeError> {
        Ok(Vec::new())
    }
}
