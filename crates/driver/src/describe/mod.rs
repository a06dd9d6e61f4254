//! Describing statements without running them (TypedSQL, `refract generate --sql`): the types
//! of each statement's parameters and result columns, and whether a column can be NULL, as the
//! database reports them when it prepares the statement.
//!
//! - PostgreSQL: the parameter and column types of a prepared statement (tokio-postgres
//!   `prepare`); a column is NOT NULL when it is a table column declared `NOT NULL`
//!   (`pg_attribute.attnotnull`) and the statement has no outer join.
//! - MySQL/MariaDB: the prepared statement's metadata (mysql_async): column types and their
//!   `NOT NULL` flag; parameter types where the server tells them (MySQL 8 and later; MariaDB
//!   reports none, so those come from `-- @param` annotations).
//! - SQLite: the declared type of each column that is a table column, read by its affinity
//!   (`INT` → integer, `CHAR`/`TEXT` → text, …, Prisma's `DATETIME`, `BOOLEAN`, `DECIMAL`,
//!   `JSONB`), NOT NULL from the table's declaration (SQLite's column metadata); SQLite does
//!   not type parameters or expressions, so those are unknown.
//!
//! Nothing is executed: a statement is only prepared, so a `DELETE` deletes nothing.

#[cfg(feature = "mysql")]
mod mysql;
#[cfg(feature = "postgresql")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;

use crate::url::{DatabaseUrl, DriverCapabilities};

/// A scalar type, in Prisma's names (the types `-- @param {Type}` accepts).
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

/// The 1-based line of a byte offset into `text`.
fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    let end = (0..=end)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    text[..end].matches('\n').count() + 1
}

/// Whether the statement has an outer join (`LEFT`, `RIGHT` or `FULL` [`OUTER`] `JOIN`) outside
/// its comments and quoted text: the columns of its optional side can be NULL whatever their
/// table says, so the describers then treat every column as nullable.
fn has_outer_join(sql: &str) -> bool {
    let words = words(sql);
    words.windows(2).any(|w| {
        let first = w[0].as_str();
        let is_side = first.eq_ignore_ascii_case("left")
            || first.eq_ignore_ascii_case("right")
            || first.eq_ignore_ascii_case("full");
        is_side && (w[1].eq_ignore_ascii_case("join") || w[1].eq_ignore_ascii_case("outer"))
    })
}

/// The bare words of a statement, skipping comments, quoted text and quoted identifiers.
fn words(sql: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = sql.chars().peekable();
    let mut word = String::new();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        match c {
            '-' if chars.peek() == Some(&'-') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '\'' | '"' | '`' => {
                let mut escaped = false;
                for n in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if n == '\\' && c == '\'' {
                        escaped = true;
                    } else if n == c {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outer_joins_are_found_outside_comments_and_strings() {
        assert!(has_outer_join("SELECT * FROM a LEFT JOIN b ON a.id = b.a"));
        assert!(has_outer_join(
            "select * from a\nfull outer\njoin b on true"
        ));
        assert!(!has_outer_join("SELECT * FROM a JOIN b ON a.id = b.a"));
        assert!(!has_outer_join("SELECT 'left join' FROM a -- left join\n"));
        assert!(!has_outer_join("SELECT \"left\" FROM a /* right join */"));
    }

    #[test]
    fn lines_of_offsets() {
        assert_eq!(line_of_offset("a\nbc\nd", 0), 1);
        assert_eq!(line_of_offset("a\nbc\nd", 3), 2);
        assert_eq!(line_of_offset("a\nbc\nd", 99), 3);
    }
}
