//! Which describer reads a database ([`crate::introspect`]): the dispatch on the provider,
//! kept in this dialect module.

use driver::{Connection, Provider};
use sql_schema::SqlSchema;

use crate::history::MigrationDirectory;
use crate::introspect;

/// Describes the database behind `conn` (the URL's schema on PostgreSQL).
pub async fn introspect(conn: &Connection) -> Result<SqlSchema, driver::Error> {
    match conn.provider() {
        Provider::Sqlite => introspect::sqlite::introspect(conn).await,
        Provider::Postgres => introspect::postgres::introspect(conn).await,
        Provider::Mysql => introspect::mysql::introspect(conn).await,
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
        Provider::Sqlite => introspect::sqlite::introspect(conn).await,
        Provider::Postgres => introspect::postgres::introspect_namespaces(conn, namespaces).await,
        Provider::Mysql => introspect::mysql::introspect(conn).await,
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
        Provider::Mysql => introspect::mysql::introspect_with(conn, false).await,
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
        Provider::Mysql => introspect::mysql::introspect_with(conn, false).await,
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
            introspect::replay_then_describe(&scratch, before, migration, None).await
        }
        Provider::Postgres => introspect::postgres::replay_around(conn, before, migration).await,
        Provider::Mysql => {
            Err("MySQL cannot replay migrations in a transaction that is rolled back".to_owned())
        }
    }
}
