//! [`Decimal`], the exact number behind the client's `Decimal` type (which wraps it, so that the
//! client's API names no type of `driver`): up to [`Decimal::MAX_DIGITS`] significant digits,
//! enough for every value PostgreSQL's `numeric(65,30)` and MySQL's `DECIMAL(65,30)` (the
//! columns Prisma creates) hold, with conversions to and from `rust_decimal::Decimal` where a
//! value fits in one (docs/decisions/0014-json-and-decimal.md). The backends bind it
//! ([`Param::Decimal`](crate::Param::Decimal): PostgreSQL's binary `numeric`, below; the REAL
//! Prisma stores on SQLite; text on MySQL) and read it ([`Cell::Decimal`](crate::Cell::Decimal)).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// An exact decimal number: a sign, up to [`Decimal::MAX_DIGITS`] significant digits and a
/// power of ten. Always normalized (no leading or trailing zero digit, zero has no sign), so
/// `1.50` and `1.5` are the same value, equal, with the same hash, written `1.5` (as Prisma's
/// `Decimal#toString` writes it). `Copy`, like `rust_decimal::Decimal`, which it replaces.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    negative: bool,
    /// How many significant digits (0 for zero).
    len: u8,
    /// The digits, most significant first, two to a byte (high nibble first).
    packed: [u8; Decimal::MAX_DIGITS / 2],
    /// The value is the digits, read as an integer, times ten to this power.
    exponent: i32,
}

/// Why a text or number is not a [`Decimal`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecimalError(String);

impl Decimal {
    /// The most significant digits a `Decimal` holds: more than the 65 of `numeric(65,30)`
    /// and `DECIMAL(65,30)`.
    pub const MAX_DIGITS: usize = 80;
    /// Zero.
    pub const ZERO: Decimal = Decimal {
        negative: false,
        len: 0,
        packed: [0; Decimal::MAX_DIGITS / 2],
        exponent: 0,
    };

    fn digit(&self, i: usize) -> u8 {
        let byte = self.packed[i / 2];
        if i.is_multiple_of(2) {
            byte >> 4
        } else {
            byte & 0x0f
        }
    }

    /// Builds a normalized value from digits (each 0..=9, most significant first).
    fn from_digits(negative: bool, digits: &[u8], exponent: i64) -> Result<Decimal, DecimalError> {
        let start = digits.iter().position(|&d| d != 0);
        let Some(start) = start else {
            return Ok(Decimal::ZERO);
        };
        let end = digits.iter().rposition(|&d| d != 0).unwrap_or(start) + 1;
        let significant = &digits[start..end];
        if significant.len() > Decimal::MAX_DIGITS {
            return Err(DecimalError(format!(
                "a Decimal holds at most {} significant digits, this value has {}",
                Decimal::MAX_DIGITS,
                significant.len()
            )));
        }
        let exponent = exponent + (digits.len() - end) as i64;
        let exponent = i32::try_from(exponent)
            .map_err(|_| DecimalError(format!("the exponent {exponent} is out of range")))?;
        let mut d = Decimal {
            negative,
            len: significant.len() as u8,
            packed: [0; Decimal::MAX_DIGITS / 2],
            exponent,
        };
        for (i, &digit) in significant.iter().enumerate() {
            d.packed[i / 2] |= if i.is_multiple_of(2) {
                digit << 4
            } else {
                digit
            };
        }
        Ok(d)
    }

    /// The significant digits, most significant first.
    fn digits(&self) -> impl Iterator<Item = u8> + '_ {
        (0..usize::from(self.len)).map(|i| self.digit(i))
    }

    /// `mantissa × 10^-scale` (`Decimal::new(1234, 2)` is 12.34), as `rust_decimal`'s `new`.
    pub fn new(mantissa: i64, scale: u32) -> Decimal {
        let digits: Vec<u8> = mantissa
            .unsigned_abs()
            .to_string()
            .bytes()
            .map(|b| b - b'0')
            .collect();
        Decimal::from_digits(mantissa < 0, &digits, -i64::from(scale)).unwrap_or(Decimal::ZERO)
    }

    /// The value itself: a `Decimal` is always in its shortest form (`rust_decimal`'s
    /// `normalize`, kept for code written against it).
    pub fn normalize(&self) -> Decimal {
        *self
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.len == 0
    }

    /// Whether the value is below zero.
    pub fn is_sign_negative(&self) -> bool {
        self.negative
    }

    /// The number of digits after the decimal point in its shortest exact form (`1.50` → 1).
    pub fn scale(&self) -> u32 {
        if self.exponent < 0 {
            self.exponent.unsigned_abs()
        } else {
            0
        }
    }

    /// The nearest double (as JavaScript's `Number(text)` and Rust's `str::parse` give it).
    pub fn to_f64(&self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// The value, exactly, from a double: the shortest decimal that reads back as the same
    /// double (what JavaScript's `String(number)` writes). `None` for NaN and infinities.
    pub fn from_f64(f: f64) -> Option<Decimal> {
        if !f.is_finite() {
            return None;
        }
        format!("{f:e}").parse().ok()
    }

    /// The position of the most significant digit: the value's magnitude is in
    /// `[10^(m-1), 10^m)` for the returned `m` (zero: `None`).
    fn magnitude(&self) -> Option<i64> {
        (!self.is_zero()).then(|| i64::from(self.exponent) + i64::from(self.len))
    }

    fn cmp_abs(&self, other: &Decimal) -> Ordering {
        match (self.magnitude(), other.magnitude()) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(a), Some(b)) if a != b => a.cmp(&b),
            _ => {
                let n = usize::from(self.len.max(other.len));
                let at = |d: &Decimal, i: usize| {
                    if i < usize::from(d.len) {
                        d.digit(i)
                    } else {
                        0
                    }
                };
                (0..n)
                    .map(|i| at(self, i).cmp(&at(other, i)))
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            }
        }
    }
}

impl Default for Decimal {
    fn default() -> Self {
        Decimal::ZERO
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_abs(other),
            (true, true) => other.cmp_abs(self),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Decimal {
    /// The plain decimal form, without exponent: `-12.5`, `0.001`, `1000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.pad("0");
        }
        let mut s = String::with_capacity(usize::from(self.len) + 8);
        if self.negative {
            s.push('-');
        }
        let digits: String = self.digits().map(|d| char::from(b'0' + d)).collect();
        let len = i64::from(self.len);
        let exponent = i64::from(self.exponent);
        if exponent >= 0 {
            s.push_str(&digits);
            s.extend(std::iter::repeat_n('0', exponent as usize));
        } else if -exponent < len {
            let point = (len + exponent) as usize;
            s.push_str(&digits[..point]);
            s.push('.');
            s.push_str(&digits[point..]);
        } else {
            s.push_str("0.");
            s.extend(std::iter::repeat_n('0', (-exponent - len) as usize));
            s.push_str(&digits);
        }
        f.pad(&s)
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;

    /// Reads `123`, `-1.50`, `.5`, `1e-7`, `1.2E+30` (what databases, JavaScript and
    /// `rust_decimal` write).
    fn from_str(text: &str) -> Result<Self, DecimalError> {
        let invalid = || DecimalError(format!("`{text}` is not a decimal number"));
        let (negative, rest) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exp) = match rest.find(['e', 'E']) {
            Some(at) => (
                &rest[..at],
                rest[at + 1..].parse::<i64>().map_err(|_| invalid())?,
            ),
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() && frac.is_empty() {
            return Err(invalid());
        }
        let mut digits = Vec::with_capacity(int.len() + frac.len());
        for c in int.bytes().chain(frac.bytes()) {
            if !c.is_ascii_digit() {
                return Err(invalid());
            }
            digits.push(c - b'0');
        }
        // Leading zeros would only count against the digit limit.
        let first = digits.iter().position(|&d| d != 0).unwrap_or(digits.len());
        let d = Decimal::from_digits(
            negative,
            &digits[first..],
            exp.checked_sub(frac.len() as i64).ok_or_else(invalid)?,
        )?;
        Ok(d)
    }
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(d: rust_decimal::Decimal) -> Self {
        let negative = d.is_sign_negative();
        let mut mantissa = d.mantissa().unsigned_abs();
        let mut digits = Vec::with_capacity(29);
        while mantissa > 0 {
            digits.push((mantissa % 10) as u8);
            mantissa /= 10;
        }
        digits.reverse();
        // 29 digits at most: always within the limit.
        Decimal::from_digits(negative, &digits, -i64::from(d.scale())).unwrap_or(Decimal::ZERO)
    }
}

impl TryFrom<Decimal> for rust_decimal::Decimal {
    type Error = DecimalError;

    /// The same value as a `rust_decimal::Decimal`, when it fits (28 digits after the point
    /// at most, a 96-bit integer of digits).
    fn try_from(d: Decimal) -> Result<Self, DecimalError> {
        let text = d.to_string();
        rust_decimal::Decimal::from_str_exact(&text).map_err(|_| {
            DecimalError(format!(
                "{text} does not fit in a rust_decimal::Decimal (96 bits, 28 decimal places)"
            ))
        })
    }
}

impl PartialEq<rust_decimal::Decimal> for Decimal {
    fn eq(&self, other: &rust_decimal::Decimal) -> bool {
        *self == Decimal::from(*other)
    }
}

impl PartialEq<Decimal> for rust_decimal::Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        Decimal::from(*self) == *other
    }
}

macro_rules! from_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for Decimal {
            fn from(i: $t) -> Self {
                let negative = i < 0 as $t;
                let digits: Vec<u8> = i
                    .unsigned_abs()
                    .to_string()
                    .bytes()
                    .map(|b| b - b'0')
                    .collect();
                Decimal::from_digits(negative, &digits, 0).unwrap_or(Decimal::ZERO)
            }
        }
    )*};
}
from_integer!(i8, i16, i32, i64, i128);

macro_rules! from_unsigned {
    ($($t:ty),*) => {$(
        impl From<$t> for Decimal {
            fn from(i: $t) -> Self {
                let digits: Vec<u8> = i.to_string().bytes().map(|b| b - b'0').collect();
                Decimal::from_digits(false, &digits, 0).unwrap_or(Decimal::ZERO)
            }
        }
    )*};
}
from_unsigned!(u8, u16, u32, u64, u128);

impl TryFrom<Decimal> for i64 {
    type Error = DecimalError;

    /// The integer, when the value is one and fits.
    fn try_from(d: Decimal) -> Result<Self, DecimalError> {
        if d.exponent < 0 {
            return Err(DecimalError(format!("{d} is not an integer")));
        }
        d.to_string()
            .parse()
            .map_err(|_| DecimalError(format!("{d} does not fit in an i64")))
    }
}

impl Decimal {
    /// The value with its fraction dropped (towards zero).
    pub fn trunc(&self) -> Decimal {
        if self.exponent >= 0 {
            return *self;
        }
        let keep = i64::from(self.len) + i64::from(self.exponent);
        if keep <= 0 {
            return Decimal::ZERO;
        }
        let digits: Vec<u8> = self.digits().take(keep as usize).collect();
        Decimal::from_digits(self.negative, &digits, 0).unwrap_or(Decimal::ZERO)
    }
}

#[cfg(feature = "postgresql")]
mod pg {
    //! PostgreSQL's binary `numeric`: a count of base-10000 digits, the weight (power of
    //! 10000) of the first, a sign word, the display scale, then the digits.

    use tokio_postgres::types::private::BytesMut;
    use tokio_postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

    use super::Decimal;

    type BoxError = Box<dyn std::error::Error + Sync + Send>;

    const NEGATIVE: u16 = 0x4000;
    const NAN: u16 = 0xC000;

    impl ToSql for Decimal {
        fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
            // Decimal digits aligned on a multiple of four around the point: the value is
            // `digits * 10^exponent`; pad the right so that the exponent is a multiple of 4.
            let exponent = i64::from(self.exponent);
            let pad_right = exponent.rem_euclid(4);
            let base_exp = (exponent - pad_right) / 4; // power of 10000 of the last group
            let mut digits: Vec<u8> = self.digits().collect();
            digits.extend(std::iter::repeat_n(0, pad_right as usize));
            let pad_left = (4 - digits.len() % 4) % 4;
            let mut all = vec![0u8; pad_left];
            all.extend(digits);
            let groups: Vec<i16> = all
                .chunks(4)
                .map(|c| c.iter().fold(0i16, |n, &d| n * 10 + i16::from(d)))
                .collect();
            let weight = base_exp + groups.len() as i64 - 1;
            // Trailing zero groups are not sent (the scale says how many decimals to show).
            let end = groups.iter().rposition(|&g| g != 0).map_or(0, |p| p + 1);
            let groups = &groups[..end];
            out.extend_from_slice(&i16::try_from(groups.len())?.to_be_bytes());
            let weight = if groups.is_empty() {
                0
            } else {
                i16::try_from(weight)?
            };
            out.extend_from_slice(&weight.to_be_bytes());
            out.extend_from_slice(&(if self.negative { NEGATIVE } else { 0 }).to_be_bytes());
            out.extend_from_slice(&u16::try_from(self.scale())?.to_be_bytes());
            for g in groups {
                out.extend_from_slice(&g.to_be_bytes());
            }
            Ok(IsNull::No)
        }

        fn accepts(ty: &Type) -> bool {
            *ty == Type::NUMERIC
        }

        to_sql_checked!();
    }

    impl<'a> FromSql<'a> for Decimal {
        fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
            let word = |at: usize| -> Result<u16, BoxError> {
                raw.get(at..at + 2)
                    .map(|b| u16::from_be_bytes([b[0], b[1]]))
                    .ok_or_else(|| "a truncated numeric value".into())
            };
            let count = usize::from(word(0)?);
            let weight = i64::from(word(2)? as i16);
            let sign = word(4)?;
            if sign == NAN || sign > NEGATIVE {
                return Err("NaN and infinite numerics have no Decimal value".into());
            }
            let mut digits = Vec::with_capacity(count * 4);
            for i in 0..count {
                let group = word(8 + 2 * i)?;
                if group > 9999 {
                    return Err("an invalid numeric digit".into());
                }
                digits.extend([
                    (group / 1000) as u8,
                    (group / 100 % 10) as u8,
                    (group / 10 % 10) as u8,
                    (group % 10) as u8,
                ]);
            }
            // The last group's units are 10000^(weight - count + 1).
            let exponent = (weight - count as i64 + 1) * 4;
            Ok(Decimal::from_digits(sign == NEGATIVE, &digits, exponent)?)
        }

        fn accepts(ty: &Type) -> bool {
            *ty == Type::NUMERIC
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_normalized() {
        for (text, shown) in [
            ("0", "0"),
            ("-0.000", "0"),
            ("1.50", "1.5"),
            ("-12.345", "-12.345"),
            ("0.001", "0.001"),
            ("1000", "1000"),
            ("1e3", "1000"),
            ("1.2E-3", "0.0012"),
            (".5", "0.5"),
            ("00012.0100", "12.01"),
            (
                "12345678901234567890123456789012345.123456789012345678901234567891",
                "12345678901234567890123456789012345.123456789012345678901234567891",
            ),
        ] {
            let d: Decimal = text.parse().unwrap();
            assert_eq!(d.to_string(), shown, "{text}");
            assert_eq!(d, shown.parse::<Decimal>().unwrap());
        }
        for bad in ["", "-", ".", "1.2.3", "abc", "1e", "1x", "--1"] {
            assert!(bad.parse::<Decimal>().is_err(), "{bad}");
        }
        assert!("1".repeat(81).parse::<Decimal>().is_err());
        assert!("1".repeat(80).parse::<Decimal>().is_ok());
    }

    #[test]
    fn order_is_numeric() {
        let mut values: Vec<Decimal> = ["10", "-1", "0", "9.99", "-1.5", "0.01", "1e-30", "-100"]
            .iter()
            .map(|t| t.parse().unwrap())
            .collect();
        values.sort();
        let shown: Vec<String> = values.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "-100",
                "-1.5",
                "-1",
                "0",
                "0.000000000000000000000000000001",
                "0.01",
                "9.99",
                "10"
            ]
        );
    }

    #[test]
    fn converts_with_rust_decimal() {
        for d in [
            rust_decimal::Decimal::new(125, 1),
            rust_decimal::Decimal::new(-1, 28),
            rust_decimal::Decimal::MAX,
            rust_decimal::Decimal::MIN,
            rust_decimal::Decimal::ZERO,
            rust_decimal::Decimal::new(1500, 3),
        ] {
            let ours = Decimal::from(d);
            assert_eq!(ours, d);
            assert_eq!(rust_decimal::Decimal::try_from(ours).unwrap(), d);
            assert_eq!(ours.to_string(), d.normalize().to_string());
        }
        let wide: Decimal = "1.0000000000000000000000000000001".parse().unwrap();
        assert!(rust_decimal::Decimal::try_from(wide).is_err());
        assert_eq!(i64::try_from(Decimal::from(i64::MIN)).unwrap(), i64::MIN);
        assert_eq!(Decimal::new(-1234, 2).to_string(), "-12.34");
        assert_eq!(Decimal::from_f64(0.1).unwrap().to_string(), "0.1");
        assert_eq!(
            "-12.99".parse::<Decimal>().unwrap().trunc().to_string(),
            "-12"
        );
    }

    #[cfg(feature = "postgresql")]
    #[test]
    fn numeric_binary_round_trips() {
        use tokio_postgres::types::private::BytesMut;
        use tokio_postgres::types::{FromSql, ToSql, Type};
        for text in [
            "0",
            "1",
            "-1",
            "10000",
            "0.0001",
            "123456.789",
            "-0.00000000000000000000000000000001",
            "99999999999999999999999999999999999.999999999999999999999999999999",
            "1e100",
            "1e-100",
        ] {
            let d: Decimal = text.parse().unwrap();
            let mut buf = BytesMut::new();
            d.to_sql(&Type::NUMERIC, &mut buf).unwrap();
            assert_eq!(
                Decimal::from_sql(&Type::NUMERIC, &buf).unwrap(),
                d,
                "{text}"
            );
            // rust_decimal reads the same bytes as the same value where it can.
            if let Ok(r) = rust_decimal::Decimal::try_from(d) {
                assert_eq!(
                    rust_decimal::Decimal::from_sql(&Type::NUMERIC, &buf).unwrap(),
                    r
                );
                let mut theirs = BytesMut::new();
                r.to_sql(&Type::NUMERIC, &mut theirs).unwrap();
                assert_eq!(Decimal::from_sql(&Type::NUMERIC, &theirs).unwrap(), d);
            }
        }
    }
}
