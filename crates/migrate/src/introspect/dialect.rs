//! Which describer reads a database: the dispatch on the provider to the per-database
//! describers of [`super`], kept in this dialect module.

use driver::{Connection, Provider};
use sql_schema::SqlSchema;

/// Describes the database behind `conn` (the URL's schema on PostgreSQL).
pub async fn introspect(conn: &Connection) -> Result<SqlSchema, driver::Error> {
    match conn.provider() {
        Provider::Sqlite => super::sqlite::introspect(conn).await,
        Provider::Postgres => super::postgres::introspect(conn).await,
        Provider::Mysql => super::mysql::introspect(conn).await,
    }
}

/// Describes the database behind `conn` limited to the listed namespaces (a PostgreSQL
/// datasource's `schemas = [...]`, tables and enums then carry their namespace); with none,
/// as [`introspect()`]. SQLite and MySQL have no namespaces and ignore the list.
pub async fn introspect_namespaces(
    conn: &Connection,
    namespaces: &[String],
) -> Result<SqlSchema, driver::Error> {
    match conn.provider() {
        Provider::Sqlite => super::sqlite::introspect(conn).await,
        Provider::Postgres => super::postgres::introspect_namespaces(conn, namespaces).await,
        Provider::Mysql => super::mysql::introspect(conn).await,
    }
}

/// Describes the database behind `conn` for `db pull`, as Prisma's describer reads it: as
/// [`introspect_namespaces`], except on MariaDB, whose JSON columns (`LONGTEXT` with a
/// `json_valid` check) Prisma's describer reads as `LONGTEXT`, so that `db pull` writes
/// `String @db.LongText` for them (`realworld/taxonomy`'s `introspected.prisma`).
pub async fn introspect_for_pull(
    conn: &Connection,
    namespaces: &[String],
) -> Result<SqlSchema, driver::Error> {
    match conn.provider() {
        Provider::Mysql => super::mysql::introspect_with(conn, false).await,
        _ => introspect_namespaces(conn, namespaces).await,
    }
}

/// Describes a shadow database that `migrate diff --from-migrations` replayed the history
/// into. As [`introspect()`], except on MariaDB, where Prisma's shadow database describer does
/// not recognise MariaDB's JSON columns (`LONGTEXT` with a `json_valid` check) and reports them
/// as `LONGTEXT`, so that `--from-migrations` diffs print `MODIFY … JSON` for them: Refract
/// prints the same (`realworld/taxonomy`'s `migrations-vs-schema.sql`).
pub async fn introspect_shadow(conn: &Connection) -> Result<SqlSchema, driver::Error> {
    match conn.provider() {
        Provider::Mysql => super::mysql::introspect_with(conn, false).await,
        _ => introspect(conn).await,
    }
}
