//! Introspection: a live database → the neutral [`SqlSchema`], one module per dialect.
//!
//! Every dialect lists tables by name, columns in table order, indexes by name and foreign
//! keys in declaration order (SQLite) or by constraint name (PostgreSQL), as Prisma's
//! describer does, so the differ emits steps in Prisma's order. `_prisma_migrations` is left
//! out: it belongs to the history, not to the schema.
//!
//! The dispatch below is the one place that asks which database this is; when the crate's
//! [`Dialect`](https://docs.rs/) trait grows an `introspect` method the two modules move under
//! `dialect/<name>/introspect.rs` unchanged.

mod checks;
mod defaults;
pub mod extras;
pub mod mysql;
pub mod postgres;
pub mod sqlite;

use connector::{Connection, Provider};

use crate::history::MigrationDirectory;
use sql_schema::SqlSchema;

/// Describes the database behind `conn` (the URL's schema on PostgreSQL).
pub async fn introspect(conn: &Connection) -> Result<SqlSchema, connector::Error> {
    match conn.provider() {
        Provider::Sqlite => sqlite::introspect(conn).await,
        Provider::Postgres => postgres::introspect(conn).await,
        Provider::Mysql => mysql::introspect(conn).await,
    }
}

/// Describes the database behind `conn` limited to the listed namespaces (a PostgreSQL
/// datasource's `schemas = [...]`, tables and enums then carry their namespace); with none,
/// as [`introspect`]. SQLite and MySQL have no namespaces and ignore the list.
pub async fn introspect_namespaces(
    conn: &Connection,
    namespaces: &[String],
) -> Result<SqlSchema, connector::Error> {
    match conn.provider() {
        Provider::Sqlite => sqlite::introspect(conn).await,
        Provider::Postgres => postgres::introspect_namespaces(conn, namespaces).await,
        Provider::Mysql => mysql::introspect(conn).await,
    }
}

/// The database's PostgreSQL extensions (`pg_extension`, by name); none on SQLite and MySQL.
/// Prisma describes them only for a schema that enables `postgresqlExtensions`: callers add
/// them to a described schema only then.
pub async fn extensions(conn: &Connection) -> Result<Vec<sql_schema::Extension>, connector::Error> {
    if !crate::dialect::for_connection(conn.provider()).has_extensions() {
        return Ok(Vec::new());
    }
    postgres::extensions(conn).await
}

/// As [`introspect_namespaces`], with the database's extensions when `extensions` is set (a
/// schema that enables `postgresqlExtensions`, see [`crate::manages_extensions`]).
pub async fn introspect_with_extensions(
    conn: &Connection,
    namespaces: &[String],
    extensions: bool,
) -> Result<SqlSchema, connector::Error> {
    let mut schema = introspect_namespaces(conn, namespaces).await?;
    if extensions {
        schema.extensions = self::extensions(conn).await?;
    }
    Ok(schema)
}

/// Describes the database behind `conn` for `db pull`, as Prisma's describer reads it: as
/// [`introspect_namespaces`], except on MariaDB, whose JSON columns (`LONGTEXT` with a
/// `json_valid` check) Prisma's describer reads as `LONGTEXT`, so that `db pull` writes
/// `String @db.LongText` for them (`realworld/taxonomy`'s `introspected.prisma`).
pub async fn introspect_for_pull(
    conn: &Connection,
    namespaces: &[String],
) -> Result<SqlSchema, connector::Error> {
    match conn.provider() {
        Provider::Mysql => mysql::introspect_with(conn, false).await,
        _ => introspect_namespaces(conn, namespaces).await,
    }
}

/// Describes a shadow database that `migrate diff --from-migrations` replayed the history
/// into. As [`introspect`], except on MariaDB, where Prisma's shadow database describer does
/// not recognise MariaDB's JSON columns (`LONGTEXT` with a `json_valid` check) and reports them
/// as `LONGTEXT`, so that `--from-migrations` diffs print `MODIFY … JSON` for them: Refract
/// prints the same (`realworld/taxonomy`'s `migrations-vs-schema.sql`).
pub async fn introspect_shadow(conn: &Connection) -> Result<SqlSchema, connector::Error> {
    match conn.provider() {
        Provider::Mysql => mysql::introspect_with(conn, false).await,
        _ => introspect(conn).await,
    }
}

/// The schemas the history describes just before `migration` (after replaying `before`) and
/// just after it (or why it does not apply), replayed where the database's own objects stay
/// untouched: on SQLite a database in memory; on PostgreSQL a scratch schema created inside a
/// transaction that is rolled back (with statement and lock timeouts). `Err` says why it
/// cannot be done (MySQL, whose DDL cannot be rolled back; a script that manages transactions
/// itself; a replay that fails).
pub async fn replay_around(
    conn: &Connection,
    before: &[MigrationDirectory],
    migration: &MigrationDirectory,
) -> Result<(SqlSchema, Result<SqlSchema, String>), String> {
    match conn.provider() {
        Provider::Sqlite => {
            let scratch = Connection::sqlite_in_memory()
                .await
                .map_err(|e| e.to_string())?;
            replay_then_describe(&scratch, before, migration, None).await
        }
        Provider::Postgres => postgres::replay_around(conn, before, migration).await,
        Provider::Mysql => {
            Err("MySQL cannot replay migrations in a transaction that is rolled back".to_owned())
        }
    }
}

/// Replays `before` on `scratch`, describes it, applies `migration` and describes it again.
/// With a `namespace`, the scratch is that PostgreSQL schema, described as the URL's schema
/// would be.
pub(crate) async fn replay_then_describe(
    scratch: &Connection,
    before: &[MigrationDirectory],
    migration: &MigrationDirectory,
    namespace: Option<&str>,
) -> Result<(SqlSchema, Result<SqlSchema, String>), String> {
    let describe = async || match namespace {
        Some(n) => postgres::introspect_scratch(scratch, n).await,
        None => introspect(scratch).await,
    };
    crate::commands::apply_to_shadow(scratch, before)
        .await
        .map_err(|e| e.to_string())?;
    let expected_before = describe().await.map_err(|e| e.to_string())?;
    let expected_after =
        match crate::commands::apply_to_shadow(scratch, std::slice::from_ref(migration)).await {
            Ok(()) => Ok(describe().await.map_err(|e| e.to_string())?),
            Err(e) => Err(e.to_string()),
        };
    Ok((expected_before, expected_after))
}

/// Whether a table is part of the history rather than the schema.
fn is_history_table(name: &str) -> bool {
    name == crate::history::MIGRATIONS_TABLE
}
