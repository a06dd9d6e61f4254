//! The databases the lint reads, and the dispatch to their modules (the only `match` on the
//! dialect; everything else asks a capability).

use sqlparser::ast::Statement;

use crate::split::Script;
use crate::{Ctx, mysql, postgres, sqlite};

/// A database's SQL dialect: the one provider enum (PostgreSQL's dialect also reads
/// CockroachDB's migrations, MySQL's MariaDB's).
pub use provider::Provider as Dialect;

/// What the lint knows of a dialect by name: how `migration_lock.toml` names it, the
/// interpreter's dialect, and the name users know.
pub trait LintDialect: Copy + Sized {
    /// From Prisma's provider name (`postgresql`, `postgres`, `sqlite`, `mysql`), as in
    /// `migration_lock.toml`; `cockroachdb` reads as PostgreSQL and `mariadb` as MySQL.
    fn from_provider(provider: &str) -> Option<Self>;

    /// The `sql-interp` dialect (MySQL's spelling: MariaDB differs only in how `JSON`
    /// columns read back, which no check looks at).
    fn interpreter(self) -> sql_interp::SqlDialect;

    /// Prisma's provider name.
    fn provider(self) -> &'static str;

    /// The name users know (`MySQL/MariaDB`).
    fn lint_display_name(self) -> &'static str;
}

impl LintDialect for Dialect {
    fn from_provider(provider: &str) -> Option<Dialect> {
        match provider {
            "cockroachdb" => Some(Dialect::Postgres),
            "mariadb" => Some(Dialect::Mysql),
            other => Dialect::from_name(other),
        }
    }

    fn interpreter(self) -> sql_interp::SqlDialect {
        match self {
            Dialect::Postgres => sql_interp::SqlDialect::Postgres,
            Dialect::Sqlite => sql_interp::SqlDialect::Sqlite,
            Dialect::Mysql => sql_interp::SqlDialect::Mysql { mariadb: false },
        }
    }

    fn provider(self) -> &'static str {
        self.as_str()
    }

    fn lint_display_name(self) -> &'static str {
        match self {
            Dialect::Postgres => "PostgreSQL",
            Dialect::Sqlite => "SQLite",
            Dialect::Mysql => "MySQL/MariaDB",
        }
    }
}

/// The lint's rules per dialect: the parser, transactions, and the checks of each database's
/// module.
pub(crate) trait Rules: Copy {
    /// The SQL parser's dialect.
    fn parser(self) -> Box<dyn sqlparser::dialect::Dialect>;
    /// Whether Refract runs the script in one transaction (locks held until it commits).
    fn runs_in_transaction(self, script: &Script) -> bool;
    /// What happens to existing rows when a NOT NULL column without a default is added.
    fn not_null_without_default(self) -> &'static str;
    /// What happens when a table copy leaves a NOT NULL column without a default empty.
    fn not_null_without_default_on_copy(self) -> &'static str;
    /// Checks one statement.
    fn check(self, ctx: &mut Ctx<'_>, stmt: &Statement);
    /// Updates the migration's state after a statement (transactions, pragmas, settings).
    fn track(self, ctx: &mut Ctx<'_>);
    /// Checks at the end of a migration.
    fn finish(self, ctx: &mut Ctx<'_>);
}

impl Rules for Dialect {
    fn parser(self) -> Box<dyn sqlparser::dialect::Dialect> {
        match self {
            Dialect::Postgres => Box::new(sqlparser::dialect::PostgreSqlDialect {}),
            Dialect::Sqlite => Box::new(sqlparser::dialect::SQLiteDialect {}),
            Dialect::Mysql => Box::new(sqlparser::dialect::MySqlDialect {}),
        }
    }

    fn runs_in_transaction(self, script: &Script) -> bool {
        match self {
            Dialect::Postgres => postgres::runs_in_transaction(script),
            Dialect::Sqlite => true,
            Dialect::Mysql => false,
        }
    }

    fn not_null_without_default(self) -> &'static str {
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

    fn not_null_without_default_on_copy(self) -> &'static str {
        "the copy fails when the table has rows"
    }

    fn check(self, ctx: &mut Ctx<'_>, stmt: &Statement) {
        match self {
            Dialect::Postgres => postgres::check(ctx, stmt),
            Dialect::Sqlite => sqlite::check(ctx, stmt),
            Dialect::Mysql => mysql::check(ctx, stmt),
        }
    }

    fn track(self, ctx: &mut Ctx<'_>) {
        match self {
            Dialect::Postgres => postgres::track(ctx),
            Dialect::Sqlite => sqlite::track(ctx),
            Dialect::Mysql => mysql::track(ctx),
        }
    }

    fn finish(self, ctx: &mut Ctx<'_>) {
        match self {
            Dialect::Sqlite => sqlite::finish(ctx),
            Dialect::Postgres | Dialect::Mysql => {}
        }
    }
}
