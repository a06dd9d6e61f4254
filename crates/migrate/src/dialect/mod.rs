//! One module per database. A dialect knows its column types and default spellings
//! (calculate), what its differ may do in place, and how each migration step is written in
//! its SQL (render). A new database is one more `dialect/<name>/` module and one arm in
//! [`for_provider`] (MySQL was added that way), plus its arms in the dialect files of the
//! modules that talk to a database (`history/dialect.rs`, `introspect/dialect.rs`,
//! `commands/dialect/`). This module names none of them: they name it.

pub mod mysql;
pub mod postgres;
pub mod sqlite;

use schema::{NativeType, OperatorClass, Provider, ScalarType};
use sql_schema::{ColumnTypeFamily, DifferFlavour, MigrationStep, Pair, SqlSchema};

/// A SQL dialect: the database-specific parts of calculate, diff and render.
pub trait Dialect: Sync {
    /// The provider this dialect serves.
    fn provider(&self) -> Provider;

    /// What the differ may do in place on this database.
    fn differ_flavour(&self) -> &dyn DifferFlavour;

    /// The SQL statements of one step (without `;`), empty when the step renders nothing.
    fn render_step(&self, step: &MigrationStep, schemas: Pair<&SqlSchema>) -> Vec<String>;

    /// The statements of one step of a down script (`down.sql`, see [`crate::down`]): those of
    /// [`Dialect::render_step`], except where going back must restore what Prisma's forward
    /// scripts leave alone (PostgreSQL puts an enum value added back in its old place).
    fn render_down_step(&self, step: &MigrationStep, schemas: Pair<&SqlSchema>) -> Vec<String> {
        self.render_step(step, schemas)
    }

    /// The column type family and full type (as [`sql_schema::ColumnType::full_data_type`]
    /// spells it) of a built-in scalar type with an optional native type.
    fn scalar_column_type(
        &self,
        scalar: ScalarType,
        native: Option<&NativeType>,
    ) -> (ColumnTypeFamily, String);

    /// Whether enums are database types (PostgreSQL); otherwise enum fields are text columns.
    fn has_enum_types(&self) -> bool;

    /// Whether tables live in namespaces (PostgreSQL schemas) when the datasource lists them.
    fn has_namespaces(&self) -> bool;

    /// Whether primary key constraints carry names in the database.
    fn names_primary_keys(&self) -> bool;

    /// Whether implicit many-to-many join tables get a primary key on (A, B) (otherwise a
    /// unique index).
    fn join_table_has_primary_key(&self) -> bool;

    /// The default of an `autoincrement()` column (`nextval` of a sequence on PostgreSQL).
    fn autoincrement_default(&self, table: &str, column: &str) -> Option<sql_schema::DefaultValue>;

    /// One condition of the object form of a partial index's `where:` as SQL (`"col" = 'x'`,
    /// `"col" IS NULL`…). The dialects that create partial indexes (PostgreSQL, SQLite) both
    /// quote names with `"` and write standard string literals; MySQL has no partial indexes
    /// (validation refuses them).
    fn where_condition(&self, column: &str, op: &schema::WhereOp) -> String {
        use schema::{WhereOp, WhereValue};
        let value = |v: &WhereValue| match v {
            WhereValue::Boolean(b) => b.to_string(),
            WhereValue::String(s) => common::string_literal(s),
            WhereValue::Number(n) => n.clone(),
        };
        let column = common::quote(column);
        match op {
            WhereOp::Equals(v) => format!("{column} = {}", value(v)),
            WhereOp::NotEquals(v) => format!("{column} <> {}", value(v)),
            WhereOp::IsNull => format!("{column} IS NULL"),
            WhereOp::IsNotNull => format!("{column} IS NOT NULL"),
        }
    }

    /// Whether the database has extensions (`pg_extension`: PostgreSQL).
    fn has_extensions(&self) -> bool {
        false
    }

    /// Where a history is replayed when no shadow database is configured (`migrate dev`,
    /// `migrate diff --from-migrations`): a temporary database beside the main one, unless
    /// the dialect says otherwise.
    fn default_shadow(&self) -> DefaultShadow {
        DefaultShadow::TemporaryDatabase
    }

    /// The SQL spelling of an index column's operator class.
    fn operator_class(&self, class: &OperatorClass) -> String {
        match class {
            OperatorClass::Named(name) | OperatorClass::Raw(name) => name.clone(),
        }
    }
}

/// Where a dialect replays a history without a configured shadow database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultShadow {
    /// An in-memory database (SQLite).
    InMemory,
    /// A temporary database created on the main database's server, dropped afterwards.
    TemporaryDatabase,
}

/// The dialect of a database (a schema's provider, or an open connection's): every
/// [`Provider`] is a database Refract supports (decision 0012).
pub fn for_provider(provider: Provider) -> &'static dyn Dialect {
    match provider {
        Provider::Sqlite => &sqlite::Sqlite,
        Provider::Postgres => &postgres::Postgres,
        Provider::Mysql => &mysql::Mysql,
    }
}

/// Text shared by the renderers of dialects that quote with `"`.
pub(crate) mod common {
    use sql_schema::ForeignKeyAction;

    /// Four spaces, as Prisma indents column definitions.
    pub const INDENT: &str = "    ";

    /// `"name"`, with every `"` in the name doubled (SQLite's and PostgreSQL's escape), so
    /// that no name can end the identifier early.
    pub fn quote(name: &str) -> String {
        // SQLite quotes identifiers as PostgreSQL does: the connector's quoting serves both.
        driver::postgres::quote_identifier(name)
    }

    /// A standard SQL string literal with `'` doubled (SQLite; PostgreSQL, whose
    /// `standard_conforming_strings` has been on by default since 9.1, so `\` is an ordinary
    /// character there).
    pub fn string_literal(s: &str) -> String {
        format!("'{}'", s.replace('\'', "''"))
    }

    /// Lower-case hex of bytes.
    pub fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// `ON DELETE … ON UPDATE …`.
    pub fn actions(on_delete: ForeignKeyAction, on_update: ForeignKeyAction) -> String {
        format!(
            " ON DELETE {} ON UPDATE {}",
            on_delete.as_sql(),
            on_update.as_sql()
        )
    }

    /// An RFC 3339 date-time as Prisma writes it in a default
    /// (`2020-01-01 00:00:00 +00:00`), or the text unchanged when it is not one.
    pub fn datetime_literal(text: &str) -> String {
        let Some((date, rest)) = text.split_once(['T', 't', ' ']) else {
            return text.to_owned();
        };
        let is_date = date.len() == 10
            && date.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !is_date {
            return text.to_owned();
        }
        let (time, offset) = if let Some(t) = rest.strip_suffix(['Z', 'z']) {
            (t, "+00:00".to_owned())
        } else if let Some(pos) = rest.rfind(['+', '-']) {
            (&rest[..pos], rest[pos..].to_owned())
        } else {
            (rest, "+00:00".to_owned())
        };
        let (hms, fraction) = match time.split_once('.') {
            Some((hms, f)) => {
                let digits = f.trim_end_matches('0');
                let width = if digits.is_empty() {
                    0
                } else if digits.len() <= 3 {
                    3
                } else if digits.len() <= 6 {
                    6
                } else {
                    9
                };
                let padded = if width == 0 {
                    String::new()
                } else {
                    format!(".{digits:0<width$}")
                };
                (hms, padded)
            }
            None => (time, String::new()),
        };
        format!("{date} {hms}{fraction} {offset}")
    }

    #[cfg(test)]
    mod tests {
        use super::datetime_literal;

        #[test]
        fn datetimes_are_written_as_chrono_displays_them() {
            assert_eq!(
                datetime_literal("2020-01-01T00:00:00Z"),
                "2020-01-01 00:00:00 +00:00"
            );
            assert_eq!(
                datetime_literal("2021-05-06T07:08:09.5+02:00"),
                "2021-05-06 07:08:09.500 +02:00"
            );
            assert_eq!(datetime_literal("not a date"), "not a date");
        }
    }
}
