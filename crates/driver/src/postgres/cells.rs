//! PostgreSQL rows as [`Cell`]s: each column read by its type from the row's binary form,
//! arrays element by element through the same reading.

use crate::Decimal;
use tokio_postgres::types::{FromSql, Kind, Type};

use crate::cell::{Cell, CellError, Cells, text_or_bytes};

/// A column's bytes as the server sent them (binary format), for any type.
struct Raw<'a>(&'a [u8]);

impl<'a> FromSql<'a> for Raw<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(raw))
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

impl Cells for tokio_postgres::Row {
    #[inline]
    fn cell(&self, idx: usize) -> Result<Cell<'_>, CellError> {
        let Some(column) = self.columns().get(idx) else {
            return Err(CellError(format!("the row has no column {idx}")));
        };
        let raw = self
            .try_get::<_, Option<Raw<'_>>>(idx)
            .map_err(|e| CellError(e.to_string()))?;
        cell(column.type_(), raw.map(|r| r.0))
    }

    fn is_null(&self, idx: usize) -> bool {
        matches!(self.try_get::<_, Option<Raw<'_>>>(idx), Ok(None))
    }

    fn column_name(&self, idx: usize) -> String {
        self.columns()
            .get(idx)
            .map_or_else(|| format!("#{idx}"), |c| c.name().to_owned())
    }
}

fn fail(ty: &Type, e: impl std::fmt::Display) -> CellError {
    CellError(format!("cannot read a value of type {ty}: {e}"))
}

/// A value of type `ty` in PostgreSQL's binary form (`None`: NULL).
pub(crate) fn cell<'r>(ty: &Type, raw: Option<&'r [u8]>) -> Result<Cell<'r>, CellError> {
    let Some(raw) = raw else {
        return Ok(Cell::Null);
    };
    macro_rules! read {
        ($t:ty) => {
            <$t as FromSql>::from_sql(ty, raw).map_err(|e| fail(ty, e))?
        };
    }
    Ok(match *ty {
        Type::BOOL => Cell::Bool(read!(bool)),
        Type::INT2 => Cell::Int(read!(i16).into()),
        Type::INT4 => Cell::Int(read!(i32).into()),
        Type::INT8 => Cell::Int(read!(i64)),
        Type::OID => Cell::Int(read!(u32).into()),
        Type::FLOAT4 => Cell::Float(real(read!(f32))),
        Type::FLOAT8 => Cell::Float(read!(f64)),
        Type::NUMERIC => Cell::Decimal(read!(Decimal)),
        Type::TIMESTAMPTZ => match timestamp(raw) {
            Some(t) => Cell::DateTime(t),
            None => Cell::DateTime(read!(chrono::DateTime<chrono::Utc>)),
        },
        Type::TIMESTAMP => match timestamp(raw) {
            Some(t) => Cell::DateTime(t),
            None => Cell::DateTime(read!(chrono::NaiveDateTime).and_utc()),
        },
        Type::DATE => Cell::DateTime(
            read!(chrono::NaiveDate)
                .and_time(chrono::NaiveTime::MIN)
                .and_utc(),
        ),
        Type::TIME => Cell::DateTime(
            chrono::NaiveDate::default()
                .and_time(read!(chrono::NaiveTime))
                .and_utc(),
        ),
        Type::JSON => Cell::Json(raw),
        // jsonb's binary form is a version byte (1) before the JSON text.
        Type::JSONB => match raw.split_first() {
            Some((1, text)) => Cell::Json(text),
            _ => return Err(fail(ty, "unsupported jsonb version")),
        },
        Type::BYTEA => Cell::Bytes(raw),
        Type::UUID => Cell::Uuid(raw.try_into().map_err(|_| fail(ty, "a UUID is 16 bytes"))?),
        Type::VOID => Cell::Null,
        // The native types with a reading of their own (none of the types above), asked only
        // here, after the common types.
        _ => match super::native::read(ty, raw) {
            Some(native) => native?,
            None => match ty.kind() {
                Kind::Array(member) => Cell::List(array(member, raw).map_err(|e| fail(ty, e))?),
                // Text, varchar, char, name, citext, enums and other text-like types: UTF-8.
                _ => text_or_bytes(raw),
            },
        },
    })
}

/// Microseconds from 1970-01-01 (Unix time) to 2000-01-01 (PostgreSQL's epoch).
const PG_EPOCH_MICROS: i64 = 946_684_800_000_000;

/// A `timestamp` or `timestamptz` in its binary form (microseconds since 2000-01-01) as the UTC
/// time chrono's `FromSql` reads, from the Unix time it is: chrono adds the microseconds to
/// 2000-01-01 through its calendar (a time of day, then days added to a date), about 270
/// instructions a value, more than the rest of reading the cell. `None` when `raw` is not eight
/// bytes or the time is out of chrono's range: chrono's reading then says why.
fn timestamp(raw: &[u8]) -> Option<chrono::DateTime<chrono::Utc>> {
    let micros = i64::from_be_bytes(raw.try_into().ok()?);
    chrono::DateTime::from_timestamp_micros(micros.checked_add(PG_EPOCH_MICROS)?)
}

/// A `real` as the double of its shortest decimal text, the one PostgreSQL writes and Prisma 7
/// reads (`0.1`, not `0.10000000149011612`).
fn real(f: f32) -> f64 {
    f.to_string().parse().unwrap_or_else(|_| f.into())
}

/// The elements of a one-dimensional array in PostgreSQL's binary form: a header (dimensions,
/// a has-NULL flag, the element type), each dimension's length and lower bound, then each
/// element as its length (-1 for NULL) and bytes.
fn array<'r>(member: &Type, raw: &'r [u8]) -> Result<Vec<Cell<'r>>, CellError> {
    let mut rest = raw;
    let dimensions = take_i32(&mut rest)?;
    let _has_null = take_i32(&mut rest)?;
    let _element_type = take_i32(&mut rest)?;
    if dimensions == 0 {
        return Ok(Vec::new());
    }
    if dimensions != 1 {
        return Err(CellError(format!(
            "a scalar list has one dimension, not {dimensions}"
        )));
    }
    let len = usize::try_from(take_i32(&mut rest)?).unwrap_or(0);
    let _lower_bound = take_i32(&mut rest)?;
    let mut out = Vec::with_capacity(len);
    for _ in 0..len {
        let size = take_i32(&mut rest)?;
        if size < 0 {
            out.push(Cell::Null);
            continue;
        }
        let size = size as usize;
        if rest.len() < size {
            return Err(CellError("a truncated array".into()));
        }
        let (element, tail) = rest.split_at(size);
        rest = tail;
        out.push(cell(member, Some(element))?);
    }
    Ok(out)
}

/// The next big-endian `i32` of an array's binary form.
fn take_i32(rest: &mut &[u8]) -> Result<i32, CellError> {
    let (head, tail) = rest
        .split_first_chunk::<4>()
        .ok_or_else(|| CellError("a truncated array".into()))?;
    *rest = tail;
    Ok(i32::from_be_bytes(*head))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ARRAY[1, NULL, 3]::int4[]` in PostgreSQL's binary form.
    fn int4_array() -> Vec<u8> {
        let mut raw = Vec::new();
        for n in [1i32, 1, 23, 3, 1] {
            raw.extend_from_slice(&n.to_be_bytes());
        }
        for element in [Some(1i32), None, Some(3)] {
            match element {
                Some(n) => {
                    raw.extend_from_slice(&4i32.to_be_bytes());
                    raw.extend_from_slice(&n.to_be_bytes());
                }
                None => raw.extend_from_slice(&(-1i32).to_be_bytes()),
            }
        }
        raw
    }

    #[test]
    fn arrays_are_lists_of_the_element_cells() {
        let raw = int4_array();
        assert_eq!(
            cell(&Type::INT4_ARRAY, Some(&raw)),
            Ok(Cell::List(vec![Cell::Int(1), Cell::Null, Cell::Int(3)]))
        );
        assert!(cell(&Type::INT4_ARRAY, Some(&raw[..raw.len() - 1])).is_err());
        // An empty array has no dimensions.
        let empty = [0u8; 12];
        assert_eq!(
            cell(&Type::TEXT_ARRAY, Some(&empty)),
            Ok(Cell::List(Vec::new()))
        );
        assert_eq!(cell(&Type::INT4_ARRAY, None), Ok(Cell::Null));
    }

    /// The quick reading of a timestamp gives what chrono's does, for every kind of value: in
    /// range (before and after both epochs, leap days), at and past the ends of chrono's range,
    /// PostgreSQL's `±infinity` (`i64::MAX`/`MIN`), and a value of the wrong length.
    #[test]
    fn timestamps_read_as_chrono_reads_them() {
        use chrono::NaiveDateTime;
        let min = NaiveDateTime::MIN.and_utc().timestamp_micros() - PG_EPOCH_MICROS;
        let max = NaiveDateTime::MAX.and_utc().timestamp_micros() - PG_EPOCH_MICROS;
        let day = 86_400_000_000;
        let mut raws: Vec<Vec<u8>> = [
            0,
            1,
            -1,
            999_999,
            -1_000_001,
            59 * day + 123_456,
            -PG_EPOCH_MICROS,
            -PG_EPOCH_MICROS - 1,
            -PG_EPOCH_MICROS - 367 * day,
            852_076_800_000_000,
            -63_113_904_000_000_000,
            min,
            min + 1,
            min - 1,
            max,
            max - 1,
            max + 1,
            i64::MIN,
            i64::MAX,
        ]
        .iter()
        .map(|micros: &i64| micros.to_be_bytes().to_vec())
        .collect();
        raws.extend([vec![0; 7], vec![0; 9], Vec::new()]);
        for raw in &raws {
            let chrono = <NaiveDateTime as FromSql>::from_sql(&Type::TIMESTAMP, raw);
            for ty in [Type::TIMESTAMP, Type::TIMESTAMPTZ] {
                let expected = match &chrono {
                    Ok(t) => Ok(Cell::DateTime(t.and_utc())),
                    Err(e) => Err(fail(&ty, e)),
                };
                assert_eq!(cell(&ty, Some(raw)), expected, "{ty} {raw:?}");
            }
        }
        // Each end of the range is read, and what lies past it is not.
        assert!(timestamp(&min.to_be_bytes()).is_some());
        assert!(timestamp(&max.to_be_bytes()).is_some());
        assert!(timestamp(&(max + 1).to_be_bytes()).is_none());
        assert!(timestamp(&i64::MAX.to_be_bytes()).is_none());
    }

    #[test]
    fn jsonb_drops_its_version_byte() {
        assert_eq!(cell(&Type::JSONB, Some(b"\x01{}")), Ok(Cell::Json(b"{}")));
        assert!(cell(&Type::JSONB, Some(b"\x02{}")).is_err());
    }
}
