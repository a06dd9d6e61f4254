//! Introspection: a live database → the neutral [`SqlSchema`], one module per dialect.
//!
//! Every dialect lists tables by name, columns in table order, indexes by name and foreign
//! keys in declaration order (SQLite) or by constraint name (PostgreSQL), as Prisma's
//! describer does, so the differ emits steps in Prisma's order. `_prisma_migrations` is left
//! out: it belongs to the history, not to the schema.
//!
//! The dispatch to the per-database describers is the dialect module `introspect/dialect.rs`,
//! the one place here that asks which database this is.

mod checks;
mod defaults;
mod dialect;
pub mod extras;
pub mod mysql;
pub mod postgres;
pub mod sqlite;

use driver::Connection;

pub use dialect::{introspect, introspect_for_pull, introspect_namespaces, introspect_shadow};

use sql_schema::SqlSchema;

/// The database's PostgreSQL extensions (`pg_extension`, by name); none on SQLite and MySQL.
/// Prisma describes them only for a schema that enables `postgresqlExtensions`: callers add
/// them to a described schema only then.
pub async fn extensions(conn: &Connection) -> Result<Vec<sql_schema::Extension>, driver::Error> {
    if !crate::dialect::for_provider(conn.provider()).has_extensions() {
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
) -> Result<SqlSchema, driver::Error> {
    let mut schema = introspect_namespaces(conn, namespaces).await?;
    if extensions {
        schema.extensions = self::extensions(conn).await?;
    }
    Ok(schema)
}

/// Whether a table is part of the history rather than the schema.
fn is_history_table(name: &str) -> bool {
    name == crate::history::MIGRATIONS_TABLE
}
