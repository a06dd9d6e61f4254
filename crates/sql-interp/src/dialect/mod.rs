//! What differs between the databases: the parser dialect, how a declared type and a default
//! read back from the database, and the names and rules the database applies by itself. The
//! interpreter asks these capabilities; only this module matches on the dialect.

mod mysql;
mod postgres;
mod sqlite;

use sql_schema::{ColumnArity, DefaultValue, ForeignKeyAction};
use sqlparser::ast::{DataType, Expr};

use crate::work::{WEnum, WType};

/// The database whose SQL a history is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlDialect {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL (`mariadb: false`) or MariaDB (`mariadb: true`), which reads `JSON` columns back
    /// as `LONGTEXT` (as [`sql_schema`]'s canonical form for MariaDB says).
    Mysql {
        /// Whether the server is MariaDB.
        mariadb: bool,
    },
}

/// A column's declared type, read as the database reads it back.
pub(crate) struct DeclaredType {
    pub tpe: WType,
    /// A list (PostgreSQL array).
    pub list: bool,
    /// PostgreSQL's `SERIAL` family: an integer with a sequence default.
    pub serial: bool,
}

impl SqlDialect {
    /// The dialect of a provider name of `migration_lock.toml` (`sqlite`, `postgresql`,
    /// `mysql`), when the interpreter knows it.
    pub fn from_provider(provider: &str) -> Option<SqlDialect> {
        match provider {
            "sqlite" => Some(SqlDialect::Sqlite),
            "postgresql" | "postgres" => Some(SqlDialect::Postgres),
            "mysql" => Some(SqlDialect::Mysql { mariadb: false }),
            _ => None,
        }
    }

    /// The same dialect, told whether a MySQL server is MariaDB (other dialects unchanged).
    pub fn with_mariadb(self, mariadb: bool) -> SqlDialect {
        match self {
            SqlDialect::Mysql { .. } => SqlDialect::Mysql { mariadb },
            other => other,
        }
    }

    /// Whether MySQL and MariaDB servers read some columns back differently (see
    /// [`SqlDialect::with_mariadb`]).
    pub fn distinguishes_mariadb(self) -> bool {
        matches!(self, SqlDialect::Mysql { .. })
    }

    pub(crate) fn parser(self) -> Box<dyn sqlparser::dialect::Dialect> {
        match self {
            SqlDialect::Sqlite => Box::new(sqlparser::dialect::SQLiteDialect {}),
            SqlDialect::Postgres => Box::new(sqlparser::dialect::PostgreSqlDialect {}),
            SqlDialect::Mysql { .. } => Box::new(sqlparser::dialect::MySqlDialect {}),
        }
    }

    /// Unquoted identifiers are folded to lower case (PostgreSQL).
    pub(crate) fn folds_unquoted(self) -> bool {
        matches!(self, SqlDialect::Postgres)
    }

    /// The longest identifier, in bytes, beyond which the database truncates (PostgreSQL: 63).
    pub(crate) fn max_identifier_len(self) -> Option<usize> {
        match self {
            SqlDialect::Postgres => Some(63),
            _ => None,
        }
    }

    /// Primary keys carry a name (PostgreSQL).
    pub(crate) fn names_primary_keys(self) -> bool {
        matches!(self, SqlDialect::Postgres)
    }

    /// A primary key makes its columns `NOT NULL` (not on SQLite).
    pub(crate) fn primary_key_implies_not_null(self) -> bool {
        !matches!(self, SqlDialect::Sqlite)
    }

    /// Dropping a table keeps other tables' foreign keys to it (SQLite, which checks them only
    /// when rows change): a table created again under that name is referenced again.
    pub(crate) fn drop_table_keeps_references(self) -> bool {
        matches!(self, SqlDialect::Sqlite)
    }

    /// A foreign key creates an index on its columns when none starts with them (MySQL).
    pub(crate) fn foreign_key_needs_index(self) -> bool {
        matches!(self, SqlDialect::Mysql { .. })
    }

    /// Dropping a column removes it from multi-column indexes (MySQL) instead of dropping them.
    pub(crate) fn drop_column_shrinks_indexes(self) -> bool {
        matches!(self, SqlDialect::Mysql { .. })
    }

    /// Foreign keys have names the database reports (not SQLite's, read from the text).
    pub(crate) fn names_foreign_keys(self) -> bool {
        !matches!(self, SqlDialect::Sqlite)
    }

    /// The name the database gives a primary key declared without one.
    pub(crate) fn primary_key_name(self, table: &str) -> Option<String> {
        self.names_primary_keys()
            .then(|| self.object_name(table, None, "pkey"))
    }

    /// The name the database gives a unique constraint declared without one.
    pub(crate) fn unique_name(self, table: &str, columns: &[String], nth: usize) -> String {
        match self {
            SqlDialect::Postgres => self.object_name(table, Some(&columns.join("_")), "key"),
            SqlDialect::Sqlite => format!("sqlite_autoindex_{table}_{nth}"),
            SqlDialect::Mysql { .. } => columns.first().cloned().unwrap_or_default(),
        }
    }

    /// The name the database gives an index created without one (`None`: a name is required).
    pub(crate) fn index_name(self, table: &str, columns: &[String]) -> Option<String> {
        match self {
            SqlDialect::Postgres => Some(self.object_name(table, Some(&columns.join("_")), "idx")),
            SqlDialect::Mysql { .. } => columns.first().cloned(),
            SqlDialect::Sqlite => None,
        }
    }

    /// The name the database gives a foreign key declared without one.
    pub(crate) fn foreign_key_name(
        self,
        table: &str,
        columns: &[String],
        nth: usize,
    ) -> Option<String> {
        match self {
            SqlDialect::Postgres => Some(self.object_name(table, Some(&columns.join("_")), "fkey")),
            SqlDialect::Sqlite => None,
            SqlDialect::Mysql { .. } => Some(format!("{table}_ibfk_{nth}")),
        }
    }

    /// The referential action of a foreign key that names none.
    pub(crate) fn default_action(self) -> ForeignKeyAction {
        match self {
            SqlDialect::Mysql { .. } => ForeignKeyAction::Restrict,
            _ => ForeignKeyAction::NoAction,
        }
    }

    /// The name the database makes from a table, a column part and a label (PostgreSQL's
    /// `makeObjectName`: the longer part is shortened first until `a_b_label` fits).
    pub(crate) fn object_name(self, name1: &str, name2: Option<&str>, label: &str) -> String {
        let Some(max) = self.max_identifier_len() else {
            return match name2 {
                Some(n2) => format!("{name1}_{n2}_{label}"),
                None => format!("{name1}_{label}"),
            };
        };
        let overhead = label.len() + 1 + usize::from(name2.is_some());
        let avail = max.saturating_sub(overhead);
        let (mut n1, mut n2) = (name1.len(), name2.map_or(0, str::len));
        while n1 + n2 > avail {
            if n1 > n2 {
                n1 -= 1;
            } else {
                n2 -= 1;
            }
        }
        let clip = |s: &str, mut n: usize| {
            while !s.is_char_boundary(n) {
                n -= 1;
            }
            s[..n].to_owned()
        };
        match name2 {
            Some(n2s) => format!("{}_{}_{label}", clip(name1, n1), clip(n2s, n2)),
            None => format!("{}_{label}", clip(name1, n1)),
        }
    }

    /// The name cut to the database's identifier length.
    pub(crate) fn truncate(self, mut name: String) -> String {
        if let Some(max) = self.max_identifier_len()
            && name.len() > max
        {
            let mut end = max;
            while !name.is_char_boundary(end) {
                end -= 1;
            }
            name.truncate(end);
        }
        name
    }

    /// How the database reads back a column declared with `data_type`.
    pub(crate) fn declared_type(
        self,
        data_type: &DataType,
        enums: &[WEnum],
    ) -> Result<DeclaredType, String> {
        match self {
            SqlDialect::Sqlite => Ok(sqlite::declared_type(data_type)),
            SqlDialect::Postgres => postgres::declared_type(data_type, enums),
            SqlDialect::Mysql { mariadb } => mysql::declared_type(data_type, mariadb),
        }
    }

    /// How the database reads back a column's `DEFAULT expr`.
    pub(crate) fn default_value(
        self,
        expr: &Expr,
        tpe: &WType,
        arity: ColumnArity,
    ) -> DefaultValue {
        match self {
            SqlDialect::Sqlite => sqlite::default_value(expr, tpe),
            SqlDialect::Postgres => postgres::default_value(expr, tpe, arity),
            SqlDialect::Mysql { mariadb } => mysql::default_value(expr, tpe, mariadb),
        }
    }
}

/// A literal of a default expression, with PostgreSQL's casts and parentheses taken off.
pub(crate) enum Literal {
    String(String),
    Number(String),
    Boolean(bool),
    Null,
    Now,
    Array(Vec<Expr>),
    Other,
}

/// What a default expression is, as far as the describers tell literals apart.
pub(crate) fn literal(expr: &Expr) -> Literal {
    use sqlparser::ast::{UnaryOperator, Value as V};
    match expr {
        Expr::Nested(inner) => literal(inner),
        Expr::Cast { expr, .. } => match literal(expr) {
            Literal::Now => Literal::Other,
            other => other,
        },
        Expr::Value(v) => match &v.value {
            V::SingleQuotedString(s) | V::DoubleQuotedString(s) | V::EscapedStringLiteral(s) => {
                Literal::String(s.clone())
            }
            V::Number(n, _) => Literal::Number(n.to_string()),
            V::Boolean(b) => Literal::Boolean(*b),
            V::Null => Literal::Null,
            _ => Literal::Other,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match literal(expr) {
            Literal::Number(n) => Literal::Number(format!("-{n}")),
            _ => Literal::Other,
        },
        Expr::Array(a) => Literal::Array(a.elem.clone()),
        Expr::Function(f) => {
            let name = f.name.to_string().to_ascii_lowercase();
            let args = f.args.to_string();
            let no_args = matches!(args.as_str(), "" | "()");
            let precision = args
                .trim_start_matches('(')
                .trim_end_matches(')')
                .chars()
                .all(|c| c.is_ascii_digit());
            if (name == "current_timestamp" && precision) || (name == "now" && no_args) {
                Literal::Now
            } else {
                Literal::Other
            }
        }
        Expr::Identifier(i) if i.quote_style.is_none() => {
            match i.value.to_ascii_lowercase().as_str() {
                "current_timestamp" => Literal::Now,
                "true" => Literal::Boolean(true),
                "false" => Literal::Boolean(false),
                _ => Literal::Other,
            }
        }
        _ => Literal::Other,
    }
}

/// A number literal as the describers read it: an integer, else a float as written.
pub(crate) fn number(text: &str) -> sql_schema::Value {
    text.parse::<i64>()
        .map(sql_schema::Value::Int)
        .unwrap_or_else(|_| sql_schema::Value::Float(text.to_owned()))
}

/// `68656c6c6f` → the bytes; `None` unless the text is an even number of hex digits.
pub(crate) fn hex_bytes(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect()
}

/// A type's name and arguments from its SQL spelling: `VARCHAR(255)` → (`VARCHAR`, [`255`]),
/// `TIMESTAMP(3) WITH TIME ZONE` → (`TIMESTAMP WITH TIME ZONE`, [`3`]).
pub(crate) fn split_type(spelling: &str) -> (String, Vec<String>) {
    let upper = spelling.to_ascii_uppercase();
    match upper.split_once('(') {
        Some((base, rest)) => {
            let (args, after) = rest.split_once(')').unwrap_or((rest, ""));
            let base = format!("{} {}", base.trim(), after.trim());
            (
                base.trim().to_owned(),
                args.split(',')
                    .map(|a| a.trim().to_owned())
                    .filter(|a| !a.is_empty())
                    .collect(),
            )
        }
        None => (upper.trim().to_owned(), Vec::new()),
    }
}
