//! Prisma-Migrate-compatible migrations on SQLite, PostgreSQL and MySQL (each one dialect
//! module).
//!
//! Every migration is a diff between two [`SqlSchema`]s (the database-neutral model of the
//! `sql-schema` crate), whatever they came from: the Prisma schema ([`calculate()`]), a live
//! database (introspection), a migrations folder replayed, or nothing
//! ([`SqlSchema::default`]). [`diff_to_script`] renders the diff as the SQL Prisma writes,
//! byte for byte.
//!
//! # Module map
//!
//! - [`calculate`](mod@calculate): validated IR → [`SqlSchema`], shared by every dialect
//!   (tables, columns, keys, indexes, foreign keys, implicit many-to-many join tables, enums);
//!   it asks the [`Dialect`] for column types and defaults.
//! - [`render`]: assembles a migration script from rendered steps (`-- CreateTable`
//!   comments, blank lines, the warnings header, `-- This is an empty migration.`).
//! - [`dialect`]: the [`Dialect`] trait and one module per database, `dialect/<name>/`:
//!   `calculate.rs` (column types and defaults), `render.rs` (steps → SQL), `differ.rs` (what
//!   the differ may do in place). A leaf: it names no other module of this crate. A new
//!   database is one more folder here, its introspection module, and one arm in each of the
//!   other modules' dialect files (`history/dialect.rs`, `introspect/dialect.rs`,
//!   `commands/dialect/`).
//! - [`history`]: the migrations folder (`<YYYYMMDDHHMMSS>_<name>/migration.sql`),
//!   `migration_lock.toml`, the `_prisma_migrations` table exactly as Prisma creates and
//!   writes it (its DDL, lock and table list per database in `history/dialect.rs`), and
//!   Prisma's script checksums.
//! - [`commands`]: `dev`, `deploy`, `status`, `resolve`, `push`, `diff`, reset, down and
//!   `db execute` as library functions on an open [`driver::Connection`]; they return reports
//!   and plans, the CLI prints them. Per database (`commands/dialect/`): emptying a database,
//!   the URL's own schema, and replaying a history around a failed migration for its
//!   diagnosis.
//! - [`down`]: down scripts (`down.sql`), the differ run in reverse with data-loss warnings;
//!   `commands::plan_down` / `commands::apply_down` revert migrations with them.
//! - [`introspect`](mod@introspect): a live database → [`SqlSchema`], one module per dialect
//!   (`introspect/sqlite.rs`, `introspect/postgres.rs`, `introspect/mysql.rs`), chosen in
//!   `introspect/dialect.rs`.
//!
//! Nothing here prints, prompts or reads the environment.
//!
//! The provider is matched on only in dialect modules: [`dialect::for_provider`], the
//! per-database modules, `history/dialect.rs`, `introspect/dialect.rs` and `commands/dialect/`.
#![deny(missing_docs)]

pub mod calculate;
pub mod commands;
pub mod dialect;
pub mod down;
pub mod history;
pub mod introspect;
pub mod render;

pub use calculate::{calculate, manages_extensions};
pub use dialect::{Dialect, for_provider};
pub use history::HistoryError;
pub use render::{drift_summary, render_script};
pub use sql_interp::{SqlDialect, Uninterpretable};
pub use sql_schema::{Migration, SqlSchema};

use schema::ValidatedSchema;

/// Why a schema cannot be turned into SQL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MigrateError {
    /// The schema has no `datasource` block.
    #[error(
        "the schema has no datasource block: add `datasource db {{ provider = \"sqlite\" }}` (or \"postgresql\", \"mysql\")"
    )]
    NoDatasource,
}

/// The dialect of the schema's datasource.
pub fn dialect_of(schema: &ValidatedSchema) -> Result<&'static dyn Dialect, MigrateError> {
    let provider = schema.provider().ok_or(MigrateError::NoDatasource)?;
    Ok(for_provider(provider))
}

/// The ordered steps from `from` to `to` (render them with [`render_script`], summarise
/// them with [`drift_summary`]; `is_empty()` means no drift).
pub fn diff<'a>(from: &'a SqlSchema, to: &'a SqlSchema, dialect: &dyn Dialect) -> Migration<'a> {
    sql_schema::diff(from, to, dialect.differ_flavour())
}

/// The migration script from `from` to `to`, as `prisma migrate diff --script` prints it
/// (without the trailing newline the CLI adds), with no warnings header.
pub fn diff_to_script(from: &SqlSchema, to: &SqlSchema, dialect: &dyn Dialect) -> String {
    render_script(&diff(from, to, dialect), dialect, &[])
}

/// The script that creates the schema in an empty database, as
/// `prisma migrate diff --from-empty --to-schema … --script` prints it (without the final
/// newline of the CLI).
pub fn from_empty(schema: &ValidatedSchema) -> Result<String, MigrateError> {
    let dialect = dialect_of(schema)?;
    let target = calculate(schema, dialect);
    Ok(diff_to_script(&SqlSchema::default(), &target, dialect))
}
