//! PostgreSQL's native types whose binary form is not their text (`@db.Inet`, `@db.Cidr`,
//! `@db.Bit`, `@db.VarBit`, `@db.Money`, `@db.Timetz`, `@db.Oid`): read into the cells and
//! written from the parameters Prisma's types give them (docs/decisions/0023-native-types.md).
//!
//! Every value stays a bound parameter in binary form: the server tells the type of each
//! parameter when the statement is prepared, so no cast is written into the SQL.
//!
//! - `inet` / `cidr` are text (a Prisma `String`), written as PostgreSQL writes them (`10.0.0.1`,
//!   `10.0.0.0/8`, `::ffff:1.2.3.4`);
//! - `bit` / `varbit` are text of `0` and `1`;
//! - `money` is a `Decimal` of cents (the server's `lc_monetary` with two fraction digits, the
//!   default of the C and English locales);
//! - `timetz` is a `DateTime` on 1970-01-01 whose time of day is the stored one, its offset
//!   dropped, as Prisma 7's adapter reads it (and writes it: the UTC time of day, offset `+00`);
//! - `oid` is an `Int` (0 ..= 4294967295).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use tokio_postgres::types::private::BytesMut;
use tokio_postgres::types::{IsNull, Type};

use crate::Decimal;
use crate::cell::{Cell, CellError};

type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// PostgreSQL's address families in `inet`'s binary form.
const FAMILY_V4: u8 = 2;
const FAMILY_V6: u8 = 3;
/// Microseconds in a day.
const DAY_MICROS: i64 = 86_400_000_000;

/// A cell of a native type that needs its own reading, or `None` for the others.
pub(super) fn read(ty: &Type, raw: &[u8]) -> Option<Result<Cell<'static>, CellError>> {
    let fail = |e: &str| CellError(format!("cannot read a value of type {ty}: {e}"));
    Some(match *ty {
        Type::INET | Type::CIDR => read_inet(raw, *ty == Type::CIDR)
            .map(Cell::Formatted)
            .ok_or_else(|| fail("a malformed address")),
        Type::BIT | Type::VARBIT => read_bits(raw)
            .map(Cell::Formatted)
            .ok_or_else(|| fail("a malformed bit string")),
        Type::MONEY => raw
            .try_into()
            .map(|cents| Cell::Decimal(Decimal::new(i64::from_be_bytes(cents), 2)))
            .map_err(|_| fail("money is 8 bytes")),
        Type::TIMETZ => read_timetz(raw).ok_or_else(|| fail("a malformed time")),
        _ => return None,
    })
}

/// `inet` / `cidr`'s binary form (family, mask bits, is-cidr flag, address length, address)
/// as PostgreSQL's text: the mask is written for a `cidr` always, for an `inet` when it is not
/// the whole address.
fn read_inet(raw: &[u8], cidr: bool) -> Option<String> {
    let (&[family, bits, _, len], address) = raw.split_first_chunk::<4>()?;
    let (text, full) = match (family, len, address.len()) {
        (FAMILY_V4, 4, 4) => {
            let octets: [u8; 4] = address.try_into().ok()?;
            (Ipv4Addr::from(octets).to_string(), 32)
        }
        (FAMILY_V6, 16, 16) => {
            let octets: [u8; 16] = address.try_into().ok()?;
            (ipv6_text(&Ipv6Addr::from(octets)), 128)
        }
        _ => return None,
    };
    Some(if cidr || bits != full {
        format!("{text}/{bits}")
    } else {
        text
    })
}

/// An IPv6 address as PostgreSQL writes it: lowercase hex groups, the first longest run of two
/// or more zero groups as `::`, and the last 32 bits as a dotted quad when the address is an
/// IPv4-mapped (`::ffff:a.b.c.d`) or IPv4-compatible (`::a.b.c.d`) one.
fn ipv6_text(address: &Ipv6Addr) -> String {
    let words = address.segments();
    let (mut best, mut best_len) = (None, 0);
    let mut i = 0;
    while i < 8 {
        if words[i] == 0 {
            let start = i;
            while i < 8 && words[i] == 0 {
                i += 1;
            }
            if i - start > best_len {
                (best, best_len) = (Some(start), i - start);
            }
        } else {
            i += 1;
        }
    }
    if best_len < 2 {
        best = None;
    }
    let mut out = String::new();
    let mut i = 0;
    while i < 8 {
        if best == Some(i) {
            out.push_str(if i == 0 { "::" } else { ":" });
            i += best_len;
            continue;
        }
        if i == 6 && best == Some(0) && (best_len == 6 || (best_len == 5 && words[5] == 0xffff)) {
            let [a, b] = words[6].to_be_bytes();
            let [c, d] = words[7].to_be_bytes();
            out.push_str(&format!("{a}.{b}.{c}.{d}"));
            return out;
        }
        out.push_str(&format!("{:x}", words[i]));
        if i < 7 {
            out.push(':');
        }
        i += 1;
    }
    out
}

/// `bit` / `varbit`'s binary form (the length in bits, then the bits, most significant first)
/// as text of `0` and `1`.
fn read_bits(raw: &[u8]) -> Option<String> {
    let (len, bytes) = raw.split_first_chunk::<4>()?;
    let len = usize::try_from(i32::from_be_bytes(*len)).ok()?;
    if bytes.len() * 8 < len {
        return None;
    }
    Some(
        (0..len)
            .map(|i| {
                if bytes[i / 8] & (0x80 >> (i % 8)) != 0 {
                    '1'
                } else {
                    '0'
                }
            })
            .collect(),
    )
}

/// `timetz`'s binary form (microseconds since midnight, then the zone in seconds west of UTC)
/// as that time of day on 1970-01-01, the zone dropped.
fn read_timetz(raw: &[u8]) -> Option<Cell<'static>> {
    let (micros, _zone) = raw.split_first_chunk::<8>()?;
    let micros = i64::from_be_bytes(*micros);
    if !(0..=DAY_MICROS).contains(&micros) {
        return None;
    }
    chrono::DateTime::from_timestamp_micros(micros).map(Cell::DateTime)
}

/// Writes text into a parameter of a native type whose binary form is not the text, or
/// returns `None` for the others.
pub(super) fn write_text(
    s: &str,
    ty: &Type,
    out: &mut BytesMut,
) -> Option<Result<IsNull, BoxError>> {
    Some(match *ty {
        Type::INET | Type::CIDR => write_inet(s, *ty == Type::CIDR, out),
        Type::BIT | Type::VARBIT => write_bits(s, out),
        _ => return None,
    })
}

fn write_inet(s: &str, cidr: bool, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    let invalid = || -> BoxError {
        format!("`{s}` is not an IP address (write `10.0.0.1`, `10.0.0.0/8` or `::1`)").into()
    };
    let (address, bits) = match s.trim().split_once('/') {
        Some((address, bits)) => (address, Some(bits)),
        None => (s.trim(), None),
    };
    let address: IpAddr = address.parse().map_err(|_| invalid())?;
    let (family, octets, full): (u8, Vec<u8>, u8) = match address {
        IpAddr::V4(v4) => (FAMILY_V4, v4.octets().to_vec(), 32),
        IpAddr::V6(v6) => (FAMILY_V6, v6.octets().to_vec(), 128),
    };
    let bits = match bits {
        Some(bits) => bits.parse::<u8>().map_err(|_| invalid())?,
        None => full,
    };
    if bits > full {
        return Err(invalid());
    }
    out.extend_from_slice(&[family, bits, u8::from(cidr), octets.len() as u8]);
    out.extend_from_slice(&octets);
    Ok(IsNull::No)
}

fn write_bits(s: &str, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    let len = i32::try_from(s.len()).map_err(|_| "a bit string too long")?;
    let mut bytes = vec![0u8; s.len().div_ceil(8)];
    for (i, c) in s.chars().enumerate() {
        match c {
            '0' => {}
            '1' => bytes[i / 8] |= 0x80 >> (i % 8),
            other => {
                return Err(format!(
                    "`{other}` is not a bit: a bit string is written with 0 and 1"
                )
                .into());
            }
        }
    }
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&bytes);
    Ok(IsNull::No)
}

/// Writes a number into a `money` or `oid` parameter, or returns `None` for other types.
pub(super) fn write_number(
    value: Number<'_>,
    ty: &Type,
    out: &mut BytesMut,
) -> Option<Result<IsNull, BoxError>> {
    Some(match *ty {
        Type::MONEY => money_cents(value).map(|cents| {
            out.extend_from_slice(&cents.to_be_bytes());
            IsNull::No
        }),
        Type::OID => match value {
            Number::Int(i) => u32::try_from(i)
                .map(|oid| {
                    out.extend_from_slice(&oid.to_be_bytes());
                    IsNull::No
                })
                .map_err(|_| format!("{i} is out of range for an oid (0 to 4294967295)").into()),
            _ => Err("an oid is an integer".into()),
        },
        _ => return None,
    })
}

/// A number bound to a `money` or `oid` parameter.
#[derive(Debug, Clone, Copy)]
pub(super) enum Number<'a> {
    Int(i64),
    Float(f64),
    Decimal(&'a Decimal),
}

/// A money amount in cents, rounded half away from zero as PostgreSQL rounds money input.
fn money_cents(value: Number<'_>) -> Result<i64, BoxError> {
    let text = match value {
        Number::Int(i) => return i.checked_mul(100).ok_or_else(|| out_of_range(&i)),
        Number::Float(f) => Decimal::from_f64(f)
            .ok_or_else(|| -> BoxError { format!("{f} is not a finite amount").into() })?
            .to_string(),
        Number::Decimal(d) => d.to_string(),
    };
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut cents: i128 = whole.parse().map_err(|_| out_of_range(&text))?;
    let mut fraction = fraction.bytes().map(|b| i128::from(b - b'0'));
    for _ in 0..2 {
        cents = cents * 10 + fraction.next().unwrap_or(0);
    }
    if fraction.next().is_some_and(|d| d >= 5) {
        cents += 1;
    }
    let cents = if negative { -cents } else { cents };
    i64::try_from(cents).map_err(|_| out_of_range(&text))
}

fn out_of_range(value: &dyn std::fmt::Display) -> BoxError {
    format!("{value} is out of range for money (±92233720368547758.07)").into()
}

/// Writes a time into a `timetz` parameter (its UTC time of day, offset zero), or returns
/// `None` for other types.
pub(super) fn write_time(
    t: &chrono::DateTime<chrono::Utc>,
    ty: &Type,
    out: &mut BytesMut,
) -> Option<Result<IsNull, BoxError>> {
    use chrono::Timelike;
    if *ty != Type::TIMETZ {
        return None;
    }
    let time = t.time();
    let micros = i64::from(time.num_seconds_from_midnight()) * 1_000_000
        + i64::from(time.nanosecond().min(999_999_999) / 1_000);
    out.extend_from_slice(&micros.to_be_bytes());
    out.extend_from_slice(&0i32.to_be_bytes());
    Some(Ok(IsNull::No))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inet(s: &str, cidr: bool) -> String {
        let mut out = BytesMut::new();
        write_inet(s, cidr, &mut out).expect("an address");
        read_inet(&out, cidr).expect("readable")
    }

    #[test]
    fn addresses_read_back_as_postgres_writes_them() {
        assert_eq!(inet("10.0.0.1", false), "10.0.0.1");
        assert_eq!(inet("10.0.0.1/32", false), "10.0.0.1");
        assert_eq!(inet("10.0.0.1/32", true), "10.0.0.1/32");
        assert_eq!(inet("192.168.0.0/16", true), "192.168.0.0/16");
        assert_eq!(inet("::1", false), "::1");
        assert_eq!(inet("::", false), "::");
        assert_eq!(inet("::ffff:1.2.3.4", false), "::ffff:1.2.3.4");
        assert_eq!(inet("::1.2.3.4", false), "::1.2.3.4");
        assert_eq!(
            inet("2001:db8:0:0:1:0:0:1/64", false),
            "2001:db8::1:0:0:1/64"
        );
        assert_eq!(inet("2001:DB8:0:1:1:1:1:1", false), "2001:db8:0:1:1:1:1:1");
        let mut out = BytesMut::new();
        assert!(write_inet("not an address", false, &mut out).is_err());
        assert!(write_inet("10.0.0.1/33", false, &mut out).is_err());
    }

    #[test]
    fn bits_and_money_and_times() {
        let mut out = BytesMut::new();
        write_bits("101000001", &mut out).unwrap();
        assert_eq!(&out[..], &[0, 0, 0, 9, 0b1010_0000, 0b1000_0000]);
        assert_eq!(read_bits(&out).as_deref(), Some("101000001"));
        assert!(write_bits("102", &mut BytesMut::new()).is_err());
        let d: Decimal = "-12.345".parse().unwrap();
        assert_eq!(money_cents(Number::Decimal(&d)).unwrap(), -1235);
        assert_eq!(money_cents(Number::Int(7)).unwrap(), 700);
        assert_eq!(money_cents(Number::Float(0.1)).unwrap(), 10);
        let mut out = BytesMut::new();
        let t = chrono::DateTime::parse_from_rfc3339("2024-05-06T23:59:59.999999Z")
            .unwrap()
            .to_utc();
        write_time(&t, &Type::TIMETZ, &mut out);
        assert_eq!(
            read_timetz(&out),
            Some(Cell::DateTime(
                chrono::DateTime::parse_from_rfc3339("1970-01-01T23:59:59.999999Z")
                    .unwrap()
                    .to_utc()
            ))
        );
    }
}
