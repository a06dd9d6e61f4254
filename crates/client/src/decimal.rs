//! [`Decimal`], the Rust type of a `Decimal` field: an exact decimal of up to
//! [`Decimal::MAX_DIGITS`] significant digits, enough for every value PostgreSQL's
//! `numeric(65,30)` and MySQL's `DECIMAL(65,30)` (the columns Prisma creates) hold, with
//! conversions to and from `rust_decimal::Decimal` where a value fits in one
//! (docs/decisions/0014-json-and-decimal.md). It stores and compares values; for arithmetic,
//! convert it (`rust_decimal::Decimal::try_from(d)`, or its text for another crate).
//!
//! The digits, their text and each database's form (PostgreSQL's binary `numeric`) are
//! `driver`'s exact number, which backends bind and read ([`driver::Param::Decimal`],
//! [`driver::Cell::Decimal`]); this type wraps it, so that the client's API names no type of
//! `driver`.

use std::fmt;
use std::str::FromStr;

/// An exact decimal number: a sign, up to [`Decimal::MAX_DIGITS`] significant digits and a
/// power of ten. Always normalized (no leading or trailing zero digit, zero has no sign), so
/// `1.50` and `1.5` are the same value, equal, with the same hash, written `1.5` (as Prisma's
/// `Decimal#toString` writes it). `Copy`, like `rust_decimal::Decimal`, which it replaces.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Decimal(pub(crate) driver::Decimal);

/// Why a text or number is not a [`Decimal`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecimalError(String);

impl From<driver::DecimalError> for DecimalError {
    fn from(e: driver::DecimalError) -> Self {
        DecimalError(e.to_string())
    }
}

impl Decimal {
    /// The most significant digits a `Decimal` holds: more than the 65 of `numeric(65,30)`
    /// and `DECIMAL(65,30)`.
    pub const MAX_DIGITS: usize = driver::Decimal::MAX_DIGITS;
    /// Zero.
    pub const ZERO: Decimal = Decimal(driver::Decimal::ZERO);

    /// `mantissa × 10^-scale` (`Decimal::new(1234, 2)` is 12.34), as `rust_decimal`'s `new`.
    pub fn new(mantissa: i64, scale: u32) -> Decimal {
        Decimal(driver::Decimal::new(mantissa, scale))
    }

    /// The value itself: a `Decimal` is always in its shortest form (`rust_decimal`'s
    /// `normalize`, kept for code written against it).
    pub fn normalize(&self) -> Decimal {
        *self
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Whether the value is below zero.
    pub fn is_sign_negative(&self) -> bool {
        self.0.is_sign_negative()
    }

    /// The number of digits after the decimal point in its shortest exact form (`1.50` → 1).
    pub fn scale(&self) -> u32 {
        self.0.scale()
    }

    /// The nearest double (as JavaScript's `Number(text)` and Rust's `str::parse` give it).
    pub fn to_f64(&self) -> f64 {
        self.0.to_f64()
    }

    /// The value, exactly, from a double: the shortest decimal that reads back as the same
    /// double (what JavaScript's `String(number)` writes). `None` for NaN and infinities.
    pub fn from_f64(f: f64) -> Option<Decimal> {
        driver::Decimal::from_f64(f).map(Decimal)
    }

    /// The value with its fraction dropped (towards zero).
    pub fn trunc(&self) -> Decimal {
        Decimal(self.0.trunc())
    }
}

impl fmt::Display for Decimal {
    /// The plain decimal form, without exponent: `-12.5`, `0.001`, `1000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;

    /// Reads `123`, `-1.50`, `.5`, `1e-7`, `1.2E+30` (what databases, JavaScript and
    /// `rust_decimal` write).
    fn from_str(text: &str) -> Result<Self, DecimalError> {
        Ok(Decimal(text.parse()?))
    }
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(d: rust_decimal::Decimal) -> Self {
        Decimal(d.into())
    }
}

impl TryFrom<Decimal> for rust_decimal::Decimal {
    type Error = DecimalError;

    /// The same value as a `rust_decimal::Decimal`, when it fits (28 digits after the point
    /// at most, a 96-bit integer of digits).
    fn try_from(d: Decimal) -> Result<Self, DecimalError> {
        Ok(rust_decimal::Decimal::try_from(d.0)?)
    }
}

impl PartialEq<rust_decimal::Decimal> for Decimal {
    fn eq(&self, other: &rust_decimal::Decimal) -> bool {
        self.0 == *other
    }
}

impl PartialEq<Decimal> for rust_decimal::Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        *self == other.0
    }
}

macro_rules! from_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for Decimal {
            fn from(i: $t) -> Self {
                Decimal(i.into())
            }
        }
    )*};
}
from_integer!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128);

impl TryFrom<Decimal> for i64 {
    type Error = DecimalError;

    /// The integer, when the value is one and fits.
    fn try_from(d: Decimal) -> Result<Self, DecimalError> {
        Ok(i64::try_from(d.0)?)
    }
}
