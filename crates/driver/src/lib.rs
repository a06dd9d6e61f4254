//! Opening a database from a Prisma URL and running SQL on it.
//!
//! - [`DatabaseUrl::parse`] understands Prisma's URLs: `file:./dev.db` (resolved against the
//!   schema's folder, as Prisma resolves it), `file:/abs/path.db`, `postgresql://…?schema=…`,
//!   `mysql://user:pass@host:port/db`.
//! - [`Connection::connect`] opens SQLite (rusqlite, SQLite compiled in), PostgreSQL
//!   (tokio-postgres) or MySQL/MariaDB (mysql_async); every call is `async` on tokio.
//! - [`Connection::raw_cmd`] runs multi-statement scripts (migrations), [`Connection::query`]
//!   and [`Connection::execute`] run one statement with bound [`Value`] parameters.
//! - [`Connection::begin`] opens a [`Transaction`].
//! - [`create_database`] / [`drop_database`] make and remove databases (shadow databases, tests).
//! - [`backend`]: the client's backends, one per database (pools with cached prepared
//!   statements, transactions), binding [`Bind`] values and reading rows as typed [`Cell`]s
//!   ([`Cells`]); docs/decisions/0015-driver-backends.md.
//!
//! Errors carry Prisma's codes ([`Error::code`]: P1001 unreachable, P1003 no such database, …)
//! and a [`DatabaseErrorKind`] for what the database rejected.
//!
//! **Boundary**: this crate never builds SQL from values: values are always bound parameters.
//! The only SQL it writes itself quotes identifiers (`CREATE DATABASE "name"`).
#![deny(missing_docs)]

#[cfg(not(any(feature = "sqlite", feature = "postgresql", feature = "mysql")))]
compile_error!("enable at least one database: the `sqlite`, `postgresql` or `mysql` feature");

pub mod backend;
pub mod bind;
pub mod cell;
mod clock;
mod decimal;
pub mod describe;
mod dialect;
mod error;
pub mod fault;
pub mod mysql;
pub mod pool;
pub mod postgres;
#[cfg(feature = "sqlite")]
pub mod sqlite;
#[cfg(any(feature = "postgresql", feature = "mysql"))]
mod statement_key;
#[cfg(feature = "postgresql")]
pub mod tls;
mod url;
mod value;

use std::sync::atomic::{AtomicBool, Ordering};

use crate::dialect::Inner;

pub use crate::bind::{Bind, Param};
pub use crate::cell::{Cell, CellError, Cells};
pub use crate::decimal::{Decimal, DecimalError};
pub use crate::error::{DatabaseError, DatabaseErrorKind, Error, Result};
pub use crate::fault::{Classified, Fault, Target};
#[cfg(feature = "mysql")]
use crate::mysql::MysqlConnection;
pub use crate::pool::{Pool, PoolConfig, PoolStatus};
#[cfg(feature = "postgresql")]
use crate::postgres::PostgresConnection;
#[cfg(feature = "sqlite")]
use crate::sqlite::SqliteConnection;
pub use crate::url::{
    DatabaseUrl, DriverCapabilities, MysqlUrl, PostgresUrl, Provider, SqliteUrl, SslMode,
};
pub use crate::value::{ResultSet, Row, Value};

/// An open database connection of either provider.
#[derive(Debug)]
pub struct Connection {
    inner: Inner,
    /// Set when a [`Transaction`] was dropped without commit or rollback: the next statement
    /// first rolls it back.
    pending_rollback: AtomicBool,
}

impl Connection {
    /// Connects to an existing database. A missing SQLite file or PostgreSQL database is P1003.
    pub async fn connect(url: &DatabaseUrl) -> Result<Connection> {
        Self::open(url, false).await
    }

    /// Connects, creating a missing SQLite file (and its folder). For PostgreSQL this is
    /// [`Connection::connect`]; use [`create_database`] first for a missing database.
    pub async fn connect_or_create(url: &DatabaseUrl) -> Result<Connection> {
        Self::open(url, true).await
    }

    async fn open(url: &DatabaseUrl, create: bool) -> Result<Connection> {
        let inner = Inner::open(url, create).await?;
        Ok(Connection {
            inner,
            pending_rollback: AtomicBool::new(false),
        })
    }

    /// An in-memory SQLite database (shadow databases, tests).
    pub async fn sqlite_in_memory() -> Result<Connection> {
        Self::open(
            &DatabaseUrl::Sqlite(SqliteUrl {
                original_path: ":memory:".to_owned(),
                path: ":memory:".into(),
            }),
            true,
        )
        .await
    }

    /// Which database this is.
    pub fn provider(&self) -> Provider {
        self.inner.provider()
    }

    /// The PostgreSQL schema this connection works in (`public` by default); `main` on SQLite;
    /// the database on MySQL (where schema and database are one).
    pub fn schema_name(&self) -> &str {
        self.inner.schema_name()
    }

    /// The SQLite connection, when this is SQLite.
    #[cfg(feature = "sqlite")]
    pub fn as_sqlite(&self) -> Option<&SqliteConnection> {
        self.inner.as_sqlite()
    }

    /// The PostgreSQL connection, when this is PostgreSQL.
    #[cfg(feature = "postgresql")]
    pub fn as_postgres(&self) -> Option<&PostgresConnection> {
        self.inner.as_postgres()
    }

    /// The MySQL/MariaDB connection, when this is MySQL.
    #[cfg(feature = "mysql")]
    pub fn as_mysql(&self) -> Option<&MysqlConnection> {
        self.inner.as_mysql()
    }

    /// Whether this is a Vitess (PlanetScale) server, which speaks MySQL.
    pub fn is_vitess(&self) -> bool {
        #[cfg(feature = "mysql")]
        if let Some(m) = self.as_mysql() {
            return m.is_vitess();
        }
        false
    }

    /// Whether this is a MariaDB server (rather than MySQL, or another database).
    pub fn is_mariadb(&self) -> bool {
        self.inner.is_mariadb()
    }

    async fn settle(&self) -> Result<()> {
        if self.pending_rollback.swap(false, Ordering::SeqCst) {
            self.raw_cmd_now("ROLLBACK").await?;
        }
        Ok(())
    }

    async fn raw_cmd_now(&self, script: &str) -> Result<()> {
        self.inner.raw_cmd(script).await
    }

    /// Runs a script of any number of statements without parameters (a migration, `db execute`).
    pub async fn raw_cmd(&self, script: &str) -> Result<()> {
        self.settle().await?;
        self.raw_cmd_now(script).await
    }

    /// Runs a script as [`Connection::raw_cmd`] does; a failure comes with the 1-based number
    /// of the failing statement where the database tells it (MySQL, which runs a script
    /// statement by statement with implicit commits; SQLite, run statement by statement here;
    /// `None` on PostgreSQL).
    pub async fn raw_cmd_numbered(
        &self,
        script: &str,
    ) -> std::result::Result<(), (Error, Option<usize>)> {
        self.settle().await.map_err(|e| (e, None))?;
        self.inner.raw_cmd_numbered(script).await
    }

    /// Runs one statement with bound parameters and returns its rows. Placeholders are the
    /// dialect's ([`DriverCapabilities::placeholder`]): `?1`/`?` on SQLite, `$1` on PostgreSQL, `?` on
    /// MySQL.
    pub async fn query(&self, sql: &str, params: &[Value]) -> Result<ResultSet> {
        self.settle().await?;
        self.inner.query(sql, params).await
    }

    /// Runs one statement with bound parameters and returns the number of rows it changed.
    pub async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        self.settle().await?;
        self.inner.execute(sql, params).await
    }

    /// Starts a transaction. Dropping it without [`Transaction::commit`] rolls it back (before
    /// the connection's next statement).
    pub async fn begin(&self) -> Result<Transaction<'_>> {
        self.raw_cmd("BEGIN").await?;
        Ok(Transaction {
            conn: self,
            done: false,
        })
    }
}

/// An open transaction on a [`Connection`]; statements go through [`Transaction::connection`].
#[derive(Debug)]
pub struct Transaction<'a> {
    conn: &'a Connection,
    done: bool,
}

impl<'a> Transaction<'a> {
    /// The connection, to run statements inside the transaction.
    pub fn connection(&self) -> &'a Connection {
        self.conn
    }

    /// Commits.
    pub async fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.raw_cmd("COMMIT").await
    }

    /// Rolls back.
    pub async fn rollback(mut self) -> Result<()> {
        self.done = true;
        self.conn.raw_cmd("ROLLBACK").await
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.conn.pending_rollback.store(true, Ordering::SeqCst);
        }
    }
}

/// Whether the database the URL names exists (a SQLite file; a PostgreSQL database on a
/// reachable server). Other connection errors are returned.
pub async fn database_exists(url: &DatabaseUrl) -> Result<bool> {
    dialect::database_exists(url).await
}

/// Creates the database the URL names: the SQLite file (and folder), or the PostgreSQL database
/// (P1009 when it exists). The PostgreSQL schema of `?schema=` is created too. MySQL databases
/// take the server's default character set, as Prisma's do.
pub async fn create_database(url: &DatabaseUrl) -> Result<()> {
    dialect::create_database(url).await
}

/// Drops the database the URL names (deletes the SQLite file; `DROP DATABASE … WITH (FORCE)`
/// on PostgreSQL, ending other sessions; `DROP DATABASE` on MySQL). A missing database is not
/// an error.
pub async fn drop_database(url: &DatabaseUrl) -> Result<()> {
    dialect::drop_database(url).await
}
