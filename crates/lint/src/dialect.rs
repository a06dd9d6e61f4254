//! The databases the lint reads, and the dispatch to their modules (the only `match` on the
//! dialect; everything else asks a capability).

use sqlparser::ast::Statement;

use crate::split::Script;
use crate::{Ctx, mysql, postgres, sqlite};

/// A database's SQL dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// PostgreSQL (and CockroachDB's PostgreSQL syntax).
    Postgres,
    /// SQLite.
    Sqlite,
    /// MySQL and MariaDB.
    Mysql,
}

impl Dialect {
    /// From Prisma's provider name (`postgresql`, `postgres`, `sqlite`, `mysql`), as in
    /// `migration_lock.toml`.
    pub fn from_provider(provider: &str) -> Option<Dialect> {
        match provider {
            "postgresql" | "postgres" | "cockroachdb" => Some(Dialect::Postgres),
            "sqlite" => Some(Dialect::Sqlite),
            "mysql" | "mariadb" => Some(Dialect::Mysql),
            _ => None,
        }
    }

    /// The `sql-interp` dialect (MySQL's spelling: MariaDB differs only in how `JSON`
    /// columns read back, which no check looks at).
    pub fn interpreter(self) -> sql_interp::SqlDialect {
        match self {
            Dialect::Postgres => sql_interp::SqlDialect::Postgres,
            Dialect::Sqlite => sql_interp::SqlDialect::Sqlite,
            Dialect::Mysql => sql_interp::SqlDialect::Mysql { mariadb: false },
        }
    }

    /// Prisma's provider name.
    pub fn provider(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgresql",
            Dialect::Sqlite => "sqlite",
            Dialect::Mysql => "mysql",
        }
    }

    /// The name users know.
    pub fn display_name(self) -> &'static str {
        match self {
            Dialect::Postgres => "PostgreSQL",
            Dialect::Sqlite => "SQLite",
            Dialect::Mysql => "MySQL/MariaDB",
        }
    }

    pub(crate) fn parser(self) -> Box<dyn sqlparser::dialect::Dialect> {
        match self {
            Dialect::Postgres => Box::new(sqlparser::dialect::PostgreSqlDialect {}),
            Dialect::Sqlite => Box::new(sqlparser::dialect::SQLiteDialect {}),
            Dialect::Mysql => Box::new(sqlparser::dialect::MySqlDialect {}),
        }
    }

    /// Whether Refract runs the script in one transaction (locks held until it commits).
    pub(crate) fn runs_in_transaction(self, script: &Script) -> bool {
        match self {
            Dialect::Postgres => postgres::runs_in_transaction(script),
            Dialect::Sqlite => true,
            Dialect::Mysql => false,
        }
    }

    /// What happens to existing rows when a NOT NULL column without a default is added.
    pub(crate) fn not_null_without_default(self) -> &'static str {
        match self {
            Dialect::Postgres => "fails when the table has rows",
            Dialect::Sqlite => {
                "SQLite refuses: it needs a non-NULL default to add a NOT NULL column"
            }
            Dialect::Mysql => {
                "fills existing rows with the type's implicit zero value (0, '', a zero date), or fails in strict mode for some types"
            }
        }
    }

    /// What happens when a table copy leaves a NOT NULL column without a default empty.
    pub(crate) fn not_null_without_default_on_copy(self) -> &'static str {
        "the copy fails when the table has rows"
    }

    pub(crate) fn check(self, ctx: &mut Ctx<'_>, stmt: &Statement) {
        match self {
            Dialect::Postgres => postgres::check(ctx, stmt),
            Dialect::Sqlite => sqlite::check(ctx, stmt),
            Dialect::Mysql => mysql::check(ctx, stmt),
        }
    }

    /// Updates the migration's state after a statement (transactions, pragmas, settings).
    pub(crate) fn track(self, ctx: &mut Ctx<'_>) {
        match self {
            Dialect::Postgres => postgres::track(ctx),
            Dialect::Sqlite => sqlite::track(ctx),
            Dialect::Mysql => mysql::track(ctx),
        }
    }

    /// Checks at the end of a migration.
    pub(crate) fn finish(self, ctx: &mut Ctx<'_>) {
        if self == Dialect::Sqlite {
            sqlite::finish(ctx);
        }
    }
}
