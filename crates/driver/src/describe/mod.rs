//! Describing statements without running them (TypedSQL, `refract generate --sql`): the types
//! of each statement's parameters and result columns, and whether a column can be NULL, as the
//! database reports them when it prepares the statement.
//!
//! - PostgreSQL: the parameter and column types of a prepared statement (tokio-postgres
//!   `prepare`); a column is NOT NULL when it is a table column declared `NOT NULL`
//!   (`pg_attribute.attnotnull`) that no outer join can fill with NULLs (`text`).
//! - MySQL/MariaDB: the prepared statement's metadata (mysql_async): column types and their
//!   `NOT NULL` flag (cleared by the server for the optional side of an outer join); parameter
//!   types where the server tells them (MySQL 8 and later; MariaDB reports none, so those come
//!   from `-- @param` annotations).
//! - SQLite: the declared type of each column that is a table column, read by its affinity
//!   (`INT` → integer, `CHAR`/`TEXT` → text, …, Prisma's `DATETIME`, `BOOLEAN`, `DECIMAL`,
//!   `JSONB`), NOT NULL from the table's declaration (SQLite's column metadata) unless an outer
//!   join can fill the column with NULLs (`text`); SQLite does not type parameters or
//!   expressions, so those are unknown.
//!
//! Nothing is executed: a statement is only prepared, so a `DELETE` deletes nothing.

#[cfg(feature = "mysql")]
mod mysql;
#[cfg(feature = "postgresql")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;
#[cfg(any(feature = "sqlite", feature = "postgresql"))]
mod text;

use crate::url::{DatabaseUrl, DriverCapabilities};

/// A scalar type, in Prisma's names (the types `-- @param {Type}` accepts): what the database
/// says of a parameter or column, and what the generator (`client-gen`'s TypedSQL) types it as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarType {
    /// `Int`: a 32-bit integer.
    Int,
    /// `BigInt`: a 64-bit integer.
    BigInt,
    /// `Float`: a double.
    Float,
    /// `Decimal`: an exact decimal.
    Decimal,
    /// `String`: text (also PostgreSQL's enums, UUIDs and other types read as text).
    String,
    /// `Boolean`.
    Boolean,
    /// `DateTime`: a timestamp, date or time.
    DateTime,
    /// `Json`.
    Json,
    /// `Bytes`: binary data.
    Bytes,
}

impl ScalarType {
    /// The types `-- @param {Type}` accepts, in Prisma's names.
    pub const NAMES: &'static str =
        "Int, BigInt, Float, Decimal, String, Boolean, DateTime, Json, Bytes";

    /// Prisma's name of the type (`Int`, `BigInt`, …).
    pub fn prisma_name(self) -> &'static str {
        match self {
            ScalarType::Int => "Int",
            ScalarType::BigInt => "BigInt",
            ScalarType::Float => "Float",
            ScalarType::Decimal => "Decimal",
            ScalarType::String => "String",
            ScalarType::Boolean => "Boolean",
            ScalarType::DateTime => "DateTime",
            ScalarType::Json => "Json",
            ScalarType::Bytes => "Bytes",
        }
    }

    /// The type of a Prisma name, as `-- @param {Type}` writes it.
    pub fn from_prisma_name(name: &str) -> Option<ScalarType> {
        Some(match name {
            "Int" => ScalarType::Int,
            "BigInt" => ScalarType::BigInt,
            "Float" => ScalarType::Float,
            "Decimal" => ScalarType::Decimal,
            "String" => ScalarType::String,
            "Boolean" => ScalarType::Boolean,
            "DateTime" => ScalarType::DateTime,
            "Json" => ScalarType::Json,
            "Bytes" => ScalarType::Bytes,
            _ => return None,
        })
    }
}

/// The type of a parameter or column: a scalar or a list of scalars (PostgreSQL arrays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SqlType {
    /// The scalar (of each element, for a list).
    pub scalar: ScalarType,
    /// Whether it is a list (a PostgreSQL array).
    pub list: bool,
}

impl SqlType {
    /// A scalar type.
    pub fn scalar(scalar: ScalarType) -> SqlType {
        SqlType {
            scalar,
            list: false,
        }
    }
}

/// One parameter of a described statement, in binding order.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Its name in the SQL, for SQLite's named placeholders (`:minAge`, `$1`, `?2`); `None`
    /// for a bare `?` and on PostgreSQL and MySQL.
    pub name: Option<String>,
    /// Its type, when the database tells it.
    pub ty: Option<SqlType>,
    /// The database's own name of the type (`int4`, `VARCHAR`, …; empty when unknown).
    pub db_type: String,
}

/// One result column of a described statement, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its name (the alias, or the column's name).
    pub name: String,
    /// Its type, when the database tells it and it is one Refract reads.
    pub ty: Option<SqlType>,
    /// The database's own name of the type (`int4`, `VARCHAR`, …; empty when unknown).
    pub db_type: String,
    /// Whether it can be NULL (true unless the database shows it cannot).
    pub nullable: bool,
}

/// What the database says of one statement.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Description {
    /// The parameters, in binding order.
    pub params: Vec<Param>,
    /// The result columns (none for a statement that returns no rows).
    pub columns: Vec<Column>,
}

/// Why one statement could not be described: the database refused to prepare it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementError {
    /// The database's message.
    pub message: String,
    /// The 1-based line of the statement's text the error points at, where the database
    /// tells it (PostgreSQL's position, MySQL's "at line N", the token SQLite names).
    pub line: Option<usize>,
}

impl std::fmt::Display for StatementError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Describes each statement on one connection to the URL's database. The outer error is the
/// connection's (unreachable, no such database, a database this build leaves out); each
/// statement then has its description or the database's refusal.
pub async fn describe(
    url: &DatabaseUrl,
    statements: &[String],
) -> crate::Result<Vec<Result<Description, StatementError>>> {
    #[cfg(feature = "sqlite")]
    if let Some(result) = sqlite::describe(url, statements).await {
        return result;
    }
    #[cfg(feature = "postgresql")]
    if let Some(result) = postgres::describe(url, statements).await {
        return result;
    }
    #[cfg(feature = "mysql")]
    if let Some(result) = mysql::describe(url, statements).await {
        return result;
    }
    let _ = statements;
    Err(url.provider().not_compiled_in())
}
