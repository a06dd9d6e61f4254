//! MySQL and MariaDB rows as [`Cell`]s: each value read with its column's type (a DECIMAL's
//! exact text, JSON, binary strings as bytes, dates as times in UTC).

use crate::Decimal;
use mysql_async::Value as MyValue;
use mysql_async::consts::ColumnType;

use super::BINARY_CHARSET;
use crate::cell::{Cell, CellError, Cells, text_or_bytes};

impl Cells for mysql_async::Row {
    #[inline]
    fn cell(&self, idx: usize) -> Result<Cell<'_>, CellError> {
        match (self.as_ref(idx), self.columns_ref().get(idx)) {
            (Some(value), Some(column)) => cell(value, column),
            _ => Err(CellError(format!("the row has no column {idx}"))),
        }
    }

    fn is_null(&self, idx: usize) -> bool {
        matches!(self.as_ref(idx), Some(MyValue::NULL))
    }

    fn column_name(&self, idx: usize) -> String {
        self.columns_ref()
            .get(idx)
            .map_or_else(|| format!("#{idx}"), |c| c.name_str().into_owned())
    }
}

/// A value of `column`. Inlined into the client's readers (another crate), so that the `Cell`
/// built here and matched there can be optimised away.
#[inline]
fn cell<'r>(value: &'r MyValue, column: &mysql_async::Column) -> Result<Cell<'r>, CellError> {
    Ok(match *value {
        MyValue::NULL => Cell::Null,
        MyValue::Int(i) => Cell::Int(i),
        MyValue::UInt(u) => {
            i64::try_from(u).map_or_else(|_| Cell::Decimal(Decimal::from(u)), Cell::Int)
        }
        MyValue::Float(f) => Cell::Float(f.into()),
        MyValue::Double(f) => Cell::Float(f),
        MyValue::Date(..) | MyValue::Time(..) => Cell::DateTime(
            datetime(value)
                .ok_or_else(|| CellError(format!("{value:?} is not a valid date and time")))?
                .and_utc(),
        ),
        MyValue::Bytes(ref bytes) => match column.column_type() {
            // DECIMAL arrives as its exact text; one without decimals (SUM over integers) is
            // an integer, as on the other databases.
            ColumnType::MYSQL_TYPE_NEWDECIMAL | ColumnType::MYSQL_TYPE_DECIMAL => {
                let text = std::str::from_utf8(bytes)
                    .map_err(|_| CellError("a DECIMAL that is not text".into()))?;
                match text.parse::<i64>() {
                    Ok(i) if column.decimals() == 0 => Cell::Int(i),
                    _ => Cell::Numeric(text),
                }
            }
            ColumnType::MYSQL_TYPE_JSON => Cell::Json(bytes),
            _ if is_binary(column) => Cell::Bytes(bytes),
            ty => text_protocol(ty, bytes).unwrap_or_else(|| text_or_bytes(bytes)),
        },
    })
}

/// A number or a time sent as text: the text protocol (a statement without parameters) sends
/// every value so, where the binary protocol sends numbers and times as such. `None`: not a
/// column of numbers or times, or text that does not read as one (`0000-00-00`), which stays
/// text.
fn text_protocol(ty: ColumnType, bytes: &[u8]) -> Option<Cell<'_>> {
    let text = || std::str::from_utf8(bytes).ok();
    match ty {
        ColumnType::MYSQL_TYPE_TINY
        | ColumnType::MYSQL_TYPE_SHORT
        | ColumnType::MYSQL_TYPE_INT24
        | ColumnType::MYSQL_TYPE_LONG
        | ColumnType::MYSQL_TYPE_LONGLONG
        | ColumnType::MYSQL_TYPE_YEAR => {
            let text = text()?;
            match text.parse::<i64>() {
                Ok(i) => Some(Cell::Int(i)),
                Err(_) => text
                    .parse::<u64>()
                    .ok()
                    .map(|u| Cell::Decimal(Decimal::from(u))),
            }
        }
        ColumnType::MYSQL_TYPE_FLOAT | ColumnType::MYSQL_TYPE_DOUBLE => {
            text()?.parse().ok().map(Cell::Float)
        }
        ColumnType::MYSQL_TYPE_DATETIME
        | ColumnType::MYSQL_TYPE_TIMESTAMP
        | ColumnType::MYSQL_TYPE_DATE => {
            crate::cell::datetime_from_bytes(bytes).map(Cell::DateTime)
        }
        _ => None,
    }
}

/// A DATE, DATETIME or TIMESTAMP; a TIME of day as that time on 1970-01-01.
fn datetime(value: &MyValue) -> Option<chrono::NaiveDateTime> {
    use chrono::NaiveDate;
    match *value {
        MyValue::Date(y, mo, d, h, mi, s, us) => {
            NaiveDate::from_ymd_opt(y.into(), mo.into(), d.into())
                .and_then(|date| date.and_hms_micro_opt(h.into(), mi.into(), s.into(), us))
        }
        MyValue::Time(false, 0, h, mi, s, us) => NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|date| date.and_hms_micro_opt(h.into(), mi.into(), s.into(), us)),
        _ => None,
    }
}

/// Whether a column holds binary strings rather than text.
#[inline]
fn is_binary(column: &mysql_async::Column) -> bool {
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
