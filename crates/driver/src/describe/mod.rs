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

/// What the statement's joins say of NULLs: the columns of a table an outer join can fill
/// with NULLs are nullable whatever the table declares.
#[derive(Debug, Clone, PartialEq, Eq)]
enum OuterJoins {
    /// No outer join.
    None,
    /// `LEFT [OUTER] JOIN`s of plain table names: a column is NOT NULL (when its table says
    /// so) only if its table is named after `FROM` or an inner `JOIN` and is not left-joined
    /// (names compared case-insensitively). A column that reaches the result through a view
    /// or a common table expression is nullable.
    Tables {
        /// The tables after `FROM` or an inner `JOIN`.
        required: Vec<String>,
        /// The tables after `LEFT [OUTER] JOIN`.
        left: Vec<String>,
    },
    /// Any column can be NULL: a `RIGHT` or `FULL` join, a `LEFT JOIN` of something that is
    /// not a plain table name (a subquery, `LATERAL`), an outer join in a statement with a
    /// `WITH` clause, or a `UNION`, `INTERSECT` or `EXCEPT`.
    All,
}

impl OuterJoins {
    /// Whether a column of `table` (`None`: not from a table) can be NULL through a join.
    fn nullable(&self, table: Option<&str>) -> bool {
        let named = |names: &[String], t: &str| names.iter().any(|n| n.eq_ignore_ascii_case(t));
        match self {
            OuterJoins::None => false,
            OuterJoins::All => true,
            OuterJoins::Tables { required, left } => {
                table.is_none_or(|t| !named(required, t) || named(left, t))
            }
        }
    }
}

/// The outer joins of a statement, read from its tokens outside comments and quoted text.
fn outer_joins(sql: &str) -> OuterJoins {
    let tokens = tokens(sql);
    let word = |i: usize, w: &str| matches!(tokens.get(i), Some(Token::Word(x)) if x.eq_ignore_ascii_case(w));
    // The (possibly schema-qualified) table name starting at token `i`.
    let table_at = |mut i: usize| -> Option<String> {
        loop {
            let name = match tokens.get(i) {
                Some(Token::Word(w)) if !w.eq_ignore_ascii_case("lateral") => w.clone(),
                Some(Token::Quoted(w)) => w.clone(),
                _ => return None,
            };
            if tokens.get(i + 1) != Some(&Token::Dot) {
                return Some(name);
            }
            i += 2;
        }
    };
    let (mut required, mut left) = (Vec::new(), Vec::new());
    let mut set_operation = false;
    for i in 0..tokens.len() {
        if word(i, "union") || word(i, "intersect") || word(i, "except") {
            set_operation = true;
        }
        if word(i, "from") {
            required.extend(table_at(i + 1));
            continue;
        }
        if !word(i, "join") {
            continue;
        }
        let side = if word(i.wrapping_sub(1), "outer") {
            i.wrapping_sub(2)
        } else {
            i.wrapping_sub(1)
        };
        if word(side, "right") || word(side, "full") {
            return OuterJoins::All;
        }
        if !word(side, "left") {
            required.extend(table_at(i + 1));
            continue;
        }
        match table_at(i + 1) {
            Some(name) => left.push(name),
            None => return OuterJoins::All,
        }
    }
    if set_operation || (!left.is_empty() && word(0, "with")) {
        return OuterJoins::All;
    }
    if left.is_empty() {
        OuterJoins::None
    } else {
        OuterJoins::Tables { required, left }
    }
}

/// A token of a statement, for [`outer_joins`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A bare word (keyword or identifier).
    Word(String),
    /// A quoted identifier (`"Post"`, `` `Post` ``), unquoted.
    Quoted(String),
    /// `.`
    Dot,
    /// Any other punctuation (`(`, `,`, `=`, …).
    Other,
}

/// The tokens of a statement, skipping comments and string literals.
fn tokens(sql: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = String::from(c);
            while let Some(&n) = chars.peek() {
                if n.is_alphanumeric() || n == '_' || n == '$' {
                    word.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Token::Word(word));
            continue;
        }
        match c {
            c if c.is_whitespace() => {}
            '-' if chars.peek() == Some(&'-') => skip_line(&mut chars),
            '#' => skip_line(&mut chars),
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
            '\'' => {
                // `''` inside a literal closes and reopens it: the same skipping.
                let mut escaped = false;
                for n in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if n == '\\' {
                        escaped = true;
                    } else if n == '\'' {
                        break;
                    }
                }
            }
            '"' | '`' => {
                let mut name = String::new();
                while let Some(n) = chars.next() {
                    if n == c {
                        if chars.peek() == Some(&c) {
                            chars.next();
                            name.push(c);
                            continue;
                        }
                        break;
                    }
                    name.push(n);
                }
                out.push(Token::Quoted(name));
            }
            '.' => out.push(Token::Dot),
            _ => out.push(Token::Other),
        }
    }
    out
}

fn skip_line(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if c == '\n' {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(required: &[&str], left: &[&str]) -> OuterJoins {
        let owned = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect();
        OuterJoins::Tables {
            required: owned(required),
            left: owned(left),
        }
    }

    #[test]
    fn outer_joins_are_found_outside_comments_and_strings() {
        let cases = [
            (
                "SELECT * FROM a LEFT JOIN b ON a.id = b.a JOIN c ON true",
                tables(&["a", "c"], &["b"]),
            ),
            (
                "SELECT * FROM \"User\" u LEFT OUTER JOIN public.\"Post\" p ON true",
                tables(&["User"], &["Post"]),
            ),
            (
                "WITH x AS (SELECT 1) SELECT * FROM a LEFT JOIN x ON true",
                OuterJoins::All,
            ),
            ("SELECT a.x FROM a UNION SELECT NULL", OuterJoins::All),
            (
                "select * from a\nfull outer\njoin b on true",
                OuterJoins::All,
            ),
            ("SELECT * FROM a RIGHT JOIN b ON true", OuterJoins::All),
            (
                "SELECT * FROM a LEFT JOIN (SELECT * FROM b) x ON true",
                OuterJoins::All,
            ),
            (
                "SELECT * FROM a LEFT JOIN LATERAL (SELECT 1) x ON true",
                OuterJoins::All,
            ),
            ("SELECT * FROM a JOIN b ON a.id = b.a", OuterJoins::None),
            (
                "SELECT 'left join x', 'it''s' FROM a -- left join y\n",
                OuterJoins::None,
            ),
            ("SELECT \"left\" FROM a /* right join */", OuterJoins::None),
        ];
        for (sql, expected) in cases {
            assert_eq!(outer_joins(sql), expected, "{sql}");
        }
        let joins = tables(&["User"], &["Post"]);
        assert!(joins.nullable(Some("post")));
        assert!(!joins.nullable(Some("user")));
        // A table the statement does not name (a view's, a CTE's) may come through a join.
        assert!(joins.nullable(Some("Other")));
        assert!(joins.nullable(None));
    }

    #[test]
    fn lines_of_offsets() {
        assert_eq!(line_of_offset("a\nbc\nd", 0), 1);
        assert_eq!(line_of_offset("a\nbc\nd", 3), 2);
        assert_eq!(line_of_offset("a\nbc\nd", 99), 3);
    }
}
