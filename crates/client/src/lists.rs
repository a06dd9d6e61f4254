//! Reading scalar lists (`String[]`, `Int[]`, enum lists…), which Prisma supports on
//! PostgreSQL: a list column is an array, whose elements are read through the same cells as
//! columns ([`FromColumn`]). A NULL column (Prisma creates list columns nullable) reads as an
//! empty list, as in Prisma.

use chrono::{DateTime, Utc};
use driver::Cell;
use rust_decimal::Decimal;

use crate::decode::{DbEnum, DecodeError, FromColumn};

/// A type a scalar list holds: every scalar type and the generated enums.
pub trait ListElement: FromColumn {}

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

impl<T: ListElement> FromColumn for Vec<T> {
    fn from_cell(cell: Cell<'_>) -> Result<Self, DecodeError> {
        let Cell::List(elements) = cell else {
            return Err(DecodeError(format!(
                "expected a scalar list (stored on PostgreSQL only), found {}",
                cell.kind()
            )));
        };
        elements
            .into_iter()
            .map(|element| match element {
                Cell::Null => Err(DecodeError("a NULL element in a scalar list".into())),
                element => T::from_cell(element),
            })
            .collect()
    }
    fn from_null() -> Result<Self, DecodeError> {
        Ok(Vec::new())
    }
}
