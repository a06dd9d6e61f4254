//! Prisma's `Json` filters and its three nulls, as methods of a `Json` field's handle
//! (docs/client.md, "Json fields").
//!
//! A required `Json` field's handle is a `Field<M, Json>`; an optional one's a
//! `Field<M, NullableJson>`, which also takes [`DbNull`], so that writing SQL NULL into a
//! required field does not compile.

use crate::query::{Cond, JsonCond, JsonOp};
use crate::typed::{Field, Filter};
use crate::value::Value;

/// JSON's `null` stored as the field's value (Prisma's `Prisma.JsonNull`): `set(JsonNull)`,
/// `equals(JsonNull)`. The same as `serde_json::Value::Null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct JsonNull;

/// SQL NULL in an optional `Json` field (Prisma's `Prisma.DbNull`): `set(DbNull)`,
/// `equals(DbNull)`. A required field's handle does not take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DbNull;

impl From<JsonNull> for serde_json::Value {
    fn from(_: JsonNull) -> Self {
        serde_json::Value::Null
    }
}

/// The value of an optional `Json` field as a filter or a write takes it: a JSON value
/// (JSON's `null` included) or [`DbNull`].
#[derive(Debug, Clone, PartialEq)]
pub enum NullableJson {
    /// A JSON value.
    Json(serde_json::Value),
    /// SQL NULL.
    DbNull,
}

impl From<serde_json::Value> for NullableJson {
    fn from(v: serde_json::Value) -> Self {
        NullableJson::Json(v)
    }
}

impl From<JsonNull> for NullableJson {
    fn from(_: JsonNull) -> Self {
        NullableJson::Json(serde_json::Value::Null)
    }
}

impl From<DbNull> for NullableJson {
    fn from(_: DbNull) -> Self {
        NullableJson::DbNull
    }
}

impl From<Option<serde_json::Value>> for NullableJson {
    /// `None` is SQL NULL.
    fn from(v: Option<serde_json::Value>) -> Self {
        v.map_or(NullableJson::DbNull, NullableJson::Json)
    }
}

impl From<NullableJson> for Value {
    fn from(v: NullableJson) -> Self {
        match v {
            NullableJson::Json(j) => Value::Json(j),
            NullableJson::DbNull => Value::Null,
        }
    }
}

/// The value types of `Json` field handles: `serde_json::Value` (required) and
/// [`NullableJson`] (optional). Sealed.
pub trait JsonField: private::Sealed {}
impl JsonField for serde_json::Value {}
impl JsonField for NullableJson {}

mod private {
    pub trait Sealed {}
    impl Sealed for serde_json::Value {}
    impl Sealed for super::NullableJson {}
}

/// Prisma's `path` filters on a `Json` field: `meta().path(["pets", "0"]).equals(…)`.
#[derive(Debug, Clone)]
pub struct JsonPath<M> {
    column: crate::query::Col,
    path: Vec<String>,
    _m: std::marker::PhantomData<fn() -> M>,
}

/// A path written in MySQL's form (`$.pets[0].name`, `$."a key"`), or not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a JSON path: write `$`, then `.key`, `.\"any key\"` or `[index]` for each step (`$.pets[0].name`)"
)]
pub struct JsonPathError(String);

/// Reads a path in MySQL's string form into its segments.
fn parse_path(text: &str) -> Result<Vec<String>, JsonPathError> {
    let err = || JsonPathError(text.to_owned());
    let rest = text.trim().strip_prefix('$').ok_or_else(err)?;
    let mut chars = rest.chars().peekable();
    let mut segments = Vec::new();
    while let Some(c) = chars.next() {
        match c {
            '.' if chars.peek() == Some(&'"') => {
                chars.next();
                let mut key = String::new();
                loop {
                    match chars.next().ok_or_else(err)? {
                        '"' => break,
                        '\\' => key.push(chars.next().ok_or_else(err)?),
                        other => key.push(other),
                    }
                }
                segments.push(key);
            }
            '.' => {
                let mut key = String::new();
                while let Some(&c) = chars.peek() {
                    if c == '.' || c == '[' {
                        break;
                    }
                    key.push(c);
                    chars.next();
                }
                if key.is_empty() {
                    return Err(err());
                }
                segments.push(key);
            }
            '[' => {
                let mut index = String::new();
                loop {
                    match chars.next().ok_or_else(err)? {
                        ']' => break,
                        d if d.is_ascii_digit() => index.push(d),
                        _ => return Err(err()),
                    }
                }
                if index.is_empty() {
                    return Err(err());
                }
                segments.push(index);
            }
            _ => return Err(err()),
        }
    }
    Ok(segments)
}

impl<M> JsonPath<M> {
    fn cond(self, op: JsonOp) -> Filter<M> {
        Filter::new(Cond::Json(
            self.column,
            JsonCond {
                path: self.path,
                op,
            },
        ))
    }

    /// `path: […], equals: value`: the value at the path is this JSON value
    /// (`equals(JsonNull)`: JSON's `null`). A missing path matches nothing.
    pub fn equals(self, v: impl Into<serde_json::Value>) -> Filter<M> {
        self.cond(JsonOp::Equals(v.into()))
    }
    /// `path: […], not: value`: the path holds a JSON value other than this one.
    pub fn not(self, v: impl Into<serde_json::Value>) -> Filter<M> {
        self.cond(JsonOp::NotEquals(v.into()))
    }
    /// `path: […], string_contains`: the value at the path is a string containing `text`.
    pub fn string_contains(self, text: impl Into<String>) -> Filter<M> {
        self.cond(JsonOp::StringContains(text.into()))
    }
    /// `path: […], string_starts_with`.
    pub fn string_starts_with(self, text: impl Into<String>) -> Filter<M> {
        self.cond(JsonOp::StringStartsWith(text.into()))
    }
    /// `path: […], string_ends_with`.
    pub fn string_ends_with(self, text: impl Into<String>) -> Filter<M> {
        self.cond(JsonOp::StringEndsWith(text.into()))
    }
    /// `path: […], array_contains`: the value at the path is an array holding `v` (each
    /// element of `v` when `v` is an array).
    pub fn array_contains(self, v: impl Into<serde_json::Value>) -> Filter<M> {
        self.cond(JsonOp::ArrayContains(v.into()))
    }
    /// `path: […], array_starts_with`: an array whose first element is `v`.
    pub fn array_starts_with(self, v: impl Into<serde_json::Value>) -> Filter<M> {
        self.cond(JsonOp::ArrayStartsWith(v.into()))
    }
    /// `path: […], array_ends_with`: an array whose last element is `v`.
    pub fn array_ends_with(self, v: impl Into<serde_json::Value>) -> Filter<M> {
        self.cond(JsonOp::ArrayEndsWith(v.into()))
    }
    /// `path: […], equals: AnyNull`: the path is missing or holds JSON's `null`.
    pub fn equals_any_null(self) -> Filter<M> {
        self.cond(JsonOp::AnyNull(false))
    }
    /// `path: […], not: AnyNull`: the path holds a value other than JSON's `null`.
    pub fn not_any_null(self) -> Filter<M> {
        self.cond(JsonOp::AnyNull(true))
    }
}

/// The `Json` filters of a `Json` field (required or optional). `equals` and `not` with a
/// JSON value (or [`JsonNull`], or, on an optional field, [`DbNull`]) are the field's own.
impl<M, T: JsonField> Field<M, T> {
    /// `path: ["a", "0", "b"]` (PostgreSQL's form in Prisma; on MySQL, MariaDB and SQLite it is
    /// written `$."a"[0]."b"`: a segment of digits is an array index there).
    pub fn path<S: Into<String>>(self, path: impl IntoIterator<Item = S>) -> JsonPath<M> {
        JsonPath {
            column: self.column,
            path: path.into_iter().map(Into::into).collect(),
            _m: std::marker::PhantomData,
        }
    }

    /// `path: "$.a[0].b"` (MySQL's form in Prisma), read into segments, so that it works on
    /// every database; an error names a text that is not such a path.
    pub fn path_str(self, path: &str) -> Result<JsonPath<M>, JsonPathError> {
        Ok(self.path(parse_path(path)?))
    }

    fn root(self) -> JsonPath<M> {
        self.path(Vec::<String>::new())
    }

    /// `string_contains`: the value is a JSON string containing `text`.
    pub fn string_contains(self, text: impl Into<String>) -> Filter<M> {
        self.root().string_contains(text)
    }
    /// `string_starts_with`.
    pub fn string_starts_with(self, text: impl Into<String>) -> Filter<M> {
        self.root().string_starts_with(text)
    }
    /// `string_ends_with`.
    pub fn string_ends_with(self, text: impl Into<String>) -> Filter<M> {
        self.root().string_ends_with(text)
    }
    /// `array_contains`: the value is an array holding `v` (each element of `v` when `v` is
    /// an array).
    pub fn array_contains(self, v: impl Into<serde_json::Value>) -> Filter<M> {
        self.root().array_contains(v)
    }
    /// `array_starts_with`.
    pub fn array_starts_with(self, v: impl Into<serde_json::Value>) -> Filter<M> {
        self.root().array_starts_with(v)
    }
    /// `array_ends_with`.
    pub fn array_ends_with(self, v: impl Into<serde_json::Value>) -> Filter<M> {
        self.root().array_ends_with(v)
    }
    /// `equals: AnyNull`: SQL NULL or JSON's `null`.
    pub fn equals_any_null(self) -> Filter<M> {
        self.root().equals_any_null()
    }
    /// `not: AnyNull`: neither SQL NULL nor JSON's `null`.
    pub fn not_any_null(self) -> Filter<M> {
        self.root().not_any_null()
    }
}

#[cfg(test)]
mod tests {
    use super::parse_path;

    #[test]
    fn string_paths_read_into_segments() {
        assert_eq!(parse_path("$").unwrap(), Vec::<String>::new());
        assert_eq!(parse_path("$.pets[0].name").unwrap(), ["pets", "0", "name"]);
        assert_eq!(parse_path(r#"$."a \"b\"".c"#).unwrap(), [r#"a "b""#, "c"]);
        for bad in ["", "pets", "$.", "$[x]", "$[]", "$.\"open", "$a"] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
    }
}
