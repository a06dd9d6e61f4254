//! The SQL dialects the client renders for, and what differs between them. [`Dialect`] is the
//! one provider enum ([`driver::Provider`]); what the client asks of it is
//! [`ClientDialect`], written here, and the renderer's per-database fragments are in
//! `sqlite.rs`, `postgres.rs` and `mysql.rs`. The only place in the client's query path that
//! matches on the provider.

mod json;
mod mysql;
mod postgres;
mod search;
mod sqlite;

pub(crate) use json::json_filter;
pub(crate) use json::{JoinJson, relation_joins};
pub(crate) use search::{filter as text_search, relevance as search_relevance};

use crate::query::LikeKind;
use crate::render::Renderer;
use crate::value::Value;

/// The SQL dialect a query is rendered for: the provider. MySQL and MariaDB identifiers are
/// quoted with backticks, which work whatever the server's `sql_mode` (double quotes name
/// identifiers only under `ANSI_QUOTES`), so the backend prepares statements exactly as they
/// are rendered.
pub use driver::Provider as Dialect;

/// Which writes can return the rows they wrote (`… RETURNING`) on the connected server. A
/// write that cannot is followed by a read of its record by primary key, as Prisma does on
/// MySQL. Ask `Exec::returning`: it depends on the server, not only on the dialect
/// (MariaDB 10.5 and later return from INSERT and DELETE, MySQL from none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Returning {
    /// `INSERT … RETURNING`.
    pub insert: bool,
    /// `UPDATE … RETURNING`.
    pub update: bool,
    /// `DELETE … RETURNING`.
    pub delete: bool,
}

impl Returning {
    /// Every write returns (SQLite, PostgreSQL).
    pub const ALL: Returning = Returning {
        insert: true,
        update: true,
        delete: true,
    };
    /// No write returns (MySQL, MariaDB before 10.5).
    pub const NONE: Returning = Returning {
        insert: false,
        update: false,
        delete: false,
    };

    /// What a MySQL-family server returns, from its version string (`SELECT VERSION()`:
    /// `8.0.36`, `10.11.6-MariaDB-0+deb12u1`): MariaDB has `INSERT … RETURNING` and
    /// `DELETE … RETURNING` since 10.5, and no `UPDATE … RETURNING`; MySQL has none.
    pub fn of_mysql_server(version: &str) -> Returning {
        if !version.to_ascii_lowercase().contains("mariadb") {
            return Returning::NONE;
        }
        let mut numbers = version
            .split(|c: char| !c.is_ascii_digit())
            .map(|n| n.parse::<u32>().unwrap_or(0));
        let major = numbers.next().unwrap_or(0);
        let minor = numbers.next().unwrap_or(0);
        if (major, minor) >= (10, 5) {
            Returning {
                insert: true,
                update: false,
                delete: true,
            }
        } else {
            Returning::NONE
        }
    }
}

/// What the client asks of a dialect: how writes return rows, skip duplicates and report ids,
/// how insensitive filters are written, and how parameters are written. Identifier quoting is
/// the provider's own ([`Dialect::push_identifier`]).
pub trait ClientDialect: Copy {
    /// What the dialect's writes return on every server that speaks it; a MySQL server may
    /// return more ([`Returning::of_mysql_server`], asked per client by
    /// `Exec::returning`).
    fn returning(self) -> Returning;

    /// Whether an UPDATE or DELETE may read the table it writes in a subquery of its WHERE
    /// (MySQL refuses: error 1093), so that a relation filter can be written into it.
    fn writes_read_own_table(self) -> bool;

    /// How an INSERT skips rows that would violate a unique constraint: the statement's start
    /// and its end (`INSERT … ON CONFLICT DO NOTHING`, MySQL's `INSERT IGNORE …`).
    fn insert_skipping_duplicates(self) -> (&'static str, &'static str);

    /// Whether an UPDATE can report the integer id of the row it matched
    /// (`render::update_reporting_id`: MySQL's `LAST_INSERT_ID(id)`), so that an
    /// update by any unique field is read back by that id without finding the record first.
    fn update_reports_id(self) -> bool;

    /// How an upsert is written (docs/decisions/0019-native-upsert.md): `true` for
    /// `INSERT … ON CONFLICT (columns) DO UPDATE SET …`, which updates only on a conflict
    /// with the unique constraint named (SQLite, PostgreSQL: the native upsert Prisma uses),
    /// `false` for `INSERT … ON DUPLICATE KEY UPDATE …`, which updates on a conflict with any
    /// unique index (MySQL), so is used only where no other one can conflict.
    fn upsert_names_its_conflict(self) -> bool;

    /// Whether `createMany` sends its rows as multi-row INSERTs (one round trip per chunk, as
    /// Prisma does on server databases) rather than one prepared INSERT per row (SQLite, where
    /// a statement is a function call).
    fn multi_row_inserts(self) -> bool;

    /// Whether `mode: 'insensitive'` is left to the column's collation (MySQL, whose default
    /// collations ignore case, as Prisma does there) rather than written as `lower(…)`.
    fn insensitive_by_collation(self) -> bool;

    /// What follows a column for `lower(…)` to take it: PostgreSQL's `::text` (`lower` has no
    /// form for `uuid`, `citext`… columns), nothing elsewhere.
    fn as_text(self) -> &'static str;

    /// The text around a list parameter to select its values lowered (`SELECT lower(…)` over
    /// `unnest` on PostgreSQL, over `json_each` on SQLite), for a case-insensitive `IN`; not
    /// used where [`ClientDialect::insensitive_by_collation`].
    fn lowered_list_param(self) -> (&'static str, &'static str);

    /// The text of parameter number `n` (1-based): `?` on SQLite and MySQL, `$n` on
    /// PostgreSQL.
    ///
    /// `driver::DriverCapabilities::placeholder` writes `?n` on SQLite, and this `?`, on
    /// purpose. The connector's statements are written by hand and may bind one parameter
    /// twice, which only a numbered placeholder allows. Every statement the client writes binds
    /// each parameter once, in the order of the text, where `?` and `?n` mean the same; but
    /// SQLite numbers a bare `?` after the largest `?n` before it, so the two must not meet in
    /// one statement: everything the client renders writes `?`, and so must the statements
    /// written beside the renderer (`nested.rs`) that share its fragments.
    fn placeholder(self, n: usize) -> String {
        let mut text = String::with_capacity(4);
        self.push_placeholder(&mut text, n);
        text
    }

    /// Appends [`ClientDialect::placeholder`] to `sql` (the renderer's path, without
    /// allocating).
    fn push_placeholder(self, sql: &mut String, n: usize);

    /// A table, qualified by its database schema when it has one (`"schema"."table"`).
    fn push_table(self, sql: &mut String, schema: Option<&str>, table: &str);
}

impl ClientDialect for Dialect {
    fn returning(self) -> Returning {
        match self {
            Dialect::Sqlite | Dialect::Postgres => Returning::ALL,
            Dialect::Mysql => Returning::NONE,
        }
    }

    fn writes_read_own_table(self) -> bool {
        !matches!(self, Dialect::Mysql)
    }

    fn insert_skipping_duplicates(self) -> (&'static str, &'static str) {
        match self {
            Dialect::Sqlite | Dialect::Postgres => ("INSERT INTO ", " ON CONFLICT DO NOTHING"),
            Dialect::Mysql => ("INSERT IGNORE INTO ", ""),
        }
    }

    fn update_reports_id(self) -> bool {
        matches!(self, Dialect::Mysql)
    }

    fn upsert_names_its_conflict(self) -> bool {
        !matches!(self, Dialect::Mysql)
    }

    fn multi_row_inserts(self) -> bool {
        !matches!(self, Dialect::Sqlite)
    }

    fn insensitive_by_collation(self) -> bool {
        matches!(self, Dialect::Mysql)
    }

    fn as_text(self) -> &'static str {
        match self {
            Dialect::Postgres => "::text",
            Dialect::Sqlite | Dialect::Mysql => "",
        }
    }

    fn lowered_list_param(self) -> (&'static str, &'static str) {
        match self {
            Dialect::Postgres => ("SELECT lower(unnest(", "::text[]))"),
            Dialect::Sqlite | Dialect::Mysql => ("SELECT lower(value) FROM json_each(", ")"),
        }
    }

    fn push_placeholder(self, sql: &mut String, n: usize) {
        match self {
            Dialect::Sqlite | Dialect::Mysql => sql.push('?'),
            Dialect::Postgres => {
                sql.push('$');
                super::push_integer(sql, n as u64, false);
            }
        }
    }

    fn push_table(self, sql: &mut String, schema: Option<&str>, table: &str) {
        if let Some(schema) = schema {
            self.push_identifier(sql, schema);
            sql.push('.');
        }
        self.push_identifier(sql, table);
    }
}

/// A text filter (`contains`, `startsWith`, `endsWith`, `equals` with `mode`) on `alias.col`.
pub(crate) fn text_match(
    r: &mut Renderer,
    alias: &str,
    col: &str,
    kind: LikeKind,
    text: &str,
    insensitive: bool,
) {
    match r.dialect {
        Dialect::Sqlite => sqlite::text_match(r, alias, col, kind, text),
        Dialect::Postgres => postgres::like(r, alias, col, kind, text, insensitive),
        Dialect::Mysql => mysql::like(r, alias, col, kind, text),
    }
}

/// `contains`, `startsWith`, `endsWith` with a field reference: the text of column `other` of
/// the same row, matched as written (no wildcard in it), by position functions rather than
/// LIKE. NULL when either column is NULL, so `NOT` keeps its meaning.
pub(crate) fn column_text_match(
    r: &mut Renderer,
    alias: &str,
    col: &str,
    kind: LikeKind,
    other: &str,
    insensitive: bool,
) {
    match r.dialect {
        Dialect::Sqlite => sqlite::column_text_match(r, alias, col, kind, other),
        Dialect::Postgres => postgres::column_text_match(r, alias, col, kind, other, insensitive),
        Dialect::Mysql => mysql::column_text_match(r, alias, col, kind, other),
    }
}

/// `col IN (…)` for a list longer than the renderer writes inline: one list parameter where
/// the database takes one, so the statement text and its cached preparation do not depend on
/// the list's length.
pub(crate) fn long_list(r: &mut Renderer, alias: &str, col: &str, values: &[Value], negated: bool) {
    match r.dialect {
        Dialect::Sqlite => sqlite::long_list(r, alias, col, values, negated),
        Dialect::Postgres => postgres::long_list(r, alias, col, values, negated),
        Dialect::Mysql => mysql::long_list(r, alias, col, values, negated),
    }
}

/// The text around a decimal's parameter, where the database would otherwise read the
/// decimal's text as a double: MySQL compares and adds a DECIMAL column and a string as
/// doubles, so the string is cast to the widest DECIMAL first (`CAST(? AS DECIMAL(65,30))`,
/// the type Prisma gives `Decimal` there), which keeps every digit such a column can hold.
pub(crate) fn decimal_param_cast(dialect: Dialect) -> Option<(&'static str, &'static str)> {
    match dialect {
        Dialect::Mysql => Some(("CAST(", " AS DECIMAL(65,30))")),
        Dialect::Sqlite | Dialect::Postgres => None,
    }
}

/// Whether `ORDER BY` takes `NULLS FIRST` / `NULLS LAST` (MySQL has neither: the renderer
/// sorts on `expr IS NULL` first there).
pub(crate) fn sorts_nulls(dialect: Dialect) -> bool {
    !matches!(dialect, Dialect::Mysql)
}

/// Whether LIMIT and OFFSET counts are written as integer literals (SQLite: a bound LIMIT
/// makes it re-prepare the statement on every execution) rather than bound.
pub(crate) fn inlines_counts(dialect: Dialect) -> bool {
    matches!(dialect, Dialect::Sqlite)
}

/// The LIMIT of an OFFSET without a `take`: no limit.
pub(crate) fn no_limit(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "-1",
        Dialect::Postgres => "ALL",
        // MySQL's documented "no limit": the largest unsigned BIGINT.
        Dialect::Mysql => "18446744073709551615",
    }
}

/// Whether timestamps are bound as text in Prisma's form (SQLite, which has no time type)
/// rather than as times.
pub(crate) fn timestamps_as_text(dialect: Dialect) -> bool {
    matches!(dialect, Dialect::Sqlite)
}

/// What follows the table of an INSERT without columns (every column its default).
pub(crate) fn empty_insert(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite | Dialect::Postgres => " DEFAULT VALUES",
        Dialect::Mysql => " () VALUES ()",
    }
}

/// The most parameters one statement may bind on `dialect`: SQLite's
/// `SQLITE_MAX_VARIABLE_NUMBER` (32,766, the bundled library's default), the 16-bit counts of
/// PostgreSQL's and MySQL's protocols (65,535). Prisma 7 splits at lower bounds (999 on
/// SQLite, 32,766 on PostgreSQL); the client goes up to what the database takes
/// (docs/decisions/0030-parameter-limits-and-error-models.md).
pub(crate) fn max_bind_values(dialect: Dialect) -> usize {
    match dialect {
        Dialect::Sqlite => 32_766,
        Dialect::Postgres | Dialect::Mysql => 65_535,
    }
}

/// The database's name as an error message writes it.
pub(crate) fn display_name(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "SQLite",
        Dialect::Postgres => "PostgreSQL",
        Dialect::Mysql => "MySQL",
    }
}

/// P2029 for a statement of `params` parameters, past [`max_bind_values`], before it is sent:
/// the driver's own error would otherwise be a raw protocol failure (PostgreSQL's and MySQL's
/// 16-bit counts) or a preparation error (SQLite's "too many SQL variables").
pub(crate) fn within_parameter_limit(dialect: Dialect, params: usize) -> crate::error::Result<()> {
    let limit = max_bind_values(dialect);
    if params <= limit {
        return Ok(());
    }
    Err(crate::Error::QueryParameterLimitExceeded {
        cause: format!(
            "the statement binds {params} parameters and {} takes at most {limit}; the query \
             cannot be split into several statements (a long `in` list of a `findMany` without \
             `orderBy`, `take`, `skip` or `cursor` is; `notIn`, `OR`s of many conditions and raw \
             queries are not): query in smaller batches",
            display_name(dialect)
        ),
        origin: crate::error::Origin::default(),
    })
}
