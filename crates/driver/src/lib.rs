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
//!
//! Errors carry Prisma's codes ([`Error::code`]: P1001 unreachable, P1003 no such database, …)
//! and a [`DatabaseErrorKind`] for what the database rejected.
//!
//! **Boundary**: this crate never builds SQL from values: values are always bound parameters.
//! The only SQL it writes itself quotes identifiers (`CREATE DATABASE "name"`).
#![deny(missing_docs)]

#[cfg(not(any(feature = "sqlite", feature = "postgresql", feature = "mysql")))]
compile_error!("enable at least one database: the `sqlite`, `postgresql` or `mysql` feature");

pub mod describe;
mod error;
pub mod fault;
pub mod mysql;
pub mod pool;
pub mod postgres;
#[cfg(feature = "sqlite")]
pub mod sqlite;
#[cfg(feature = "postgresql")]
pub mod tls;
mod url;
mod value;

use std::sync::atomic::{AtomicBool, Ordering};

pub use crate::error::{DatabaseError, DatabaseErrorKind, Error, Result};
pub use crate::fault::{Classified, Fault};
#[cfg(feature = "mysql")]
use crate::mysql::MysqlConnection;
pub use crate::pool::{Pool, PoolConfig, PoolStatus};
#[cfg(feature = "postgresql")]
use crate::postgres::{PostgresConnection, quote_identifier};
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

#[derive(Debug)]
enum Inner {
    #[cfg(feature = "sqlite")]
    Sqlite(SqliteConnection),
    #[cfg(feature = "postgresql")]
    Postgres(Box<PostgresConnection>),
    #[cfg(feature = "mysql")]
    Mysql(Box<MysqlConnection>),
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
        let inner = match url {
            #[cfg(feature = "sqlite")]
            DatabaseUrl::Sqlite(s) => Inner::Sqlite(SqliteConnection::open(s, create).await?),
            #[cfg(feature = "postgresql")]
            DatabaseUrl::Postgres(p) => {
                Inner::Postgres(Box::new(PostgresConnection::connect(p).await?))
            }
            #[cfg(feature = "mysql")]
            DatabaseUrl::Mysql(m) => Inner::Mysql(Box::new(MysqlConnection::connect(m).await?)),
            #[allow(unreachable_patterns)]
            _ => {
                let _ = create;
                return Err(url.provider().not_compiled_in());
            }
        };
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
        match &self.inner {
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(_) => Provider::Sqlite,
            #[cfg(feature = "postgresql")]
            Inner::Postgres(_) => Provider::Postgres,
            #[cfg(feature = "mysql")]
            Inner::Mysql(_) => Provider::Mysql,
        }
    }

    /// The PostgreSQL schema this connection works in (`public` by default); `main` on SQLite;
    /// the database on MySQL (where schema and database are one).
    pub fn schema_name(&self) -> &str {
        match &self.inner {
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(_) => "main",
            #[cfg(feature = "postgresql")]
            Inner::Postgres(p) => p.schema(),
            #[cfg(feature = "mysql")]
            Inner::Mysql(m) => m.database(),
        }
    }

    /// The SQLite connection, when this is SQLite.
    #[cfg(feature = "sqlite")]
    pub fn as_sqlite(&self) -> Option<&SqliteConnection> {
        match &self.inner {
            Inner::Sqlite(s) => Some(s),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The PostgreSQL connection, when this is PostgreSQL.
    #[cfg(feature = "postgresql")]
    pub fn as_postgres(&self) -> Option<&PostgresConnection> {
        match &self.inner {
            Inner::Postgres(p) => Some(p),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The MySQL/MariaDB connection, when this is MySQL.
    #[cfg(feature = "mysql")]
    pub fn as_mysql(&self) -> Option<&MysqlConnection> {
        match &self.inner {
            Inner::Mysql(m) => Some(m),
            #[allow(unreachable_patterns)]
            _ => None,
        }
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
        match &self.inner {
            #[cfg(feature = "mysql")]
            Inner::Mysql(m) => m.is_mariadb(),
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }

    async fn settle(&self) -> Result<()> {
        if self.pending_rollback.swap(false, Ordering::SeqCst) {
            self.raw_cmd_now("ROLLBACK").await?;
        }
        Ok(())
    }

    async fn raw_cmd_now(&self, script: &str) -> Result<()> {
        match &self.inner {
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(s) => s.raw_cmd(script).await,
            #[cfg(feature = "postgresql")]
            Inner::Postgres(p) => p.raw_cmd(script).await,
            #[cfg(feature = "mysql")]
            Inner::Mysql(m) => m.raw_cmd(script).await,
        }
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
        match &self.inner {
            #[cfg(feature = "mysql")]
            Inner::Mysql(m) => m
                .raw_cmd_numbered(script)
                .await
                .map_err(|(e, n)| (e, Some(n))),
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(s) => s
                .raw_cmd_numbered(script)
                .await
                .map_err(|(e, n)| (e, Some(n))),
            #[cfg(feature = "postgresql")]
            Inner::Postgres(_) => self.raw_cmd_now(script).await.map_err(|e| (e, None)),
        }
    }

    /// Runs one statement with bound parameters and returns its rows. Placeholders are the
    /// dialect's ([`DriverCapabilities::placeholder`]): `?1`/`?` on SQLite, `$1` on PostgreSQL, `?` on
    /// MySQL.
    pub async fn query(&self, sql: &str, params: &[Value]) -> Result<ResultSet> {
        self.settle().await?;
        match &self.inner {
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(s) => s.query(sql, params).await,
            #[cfg(feature = "postgresql")]
            Inner::Postgres(p) => p.query(sql, params).await,
            #[cfg(feature = "mysql")]
            Inner::Mysql(m) => m.query(sql, params).await,
        }
    }

    /// Runs one statement with bound parameters and returns the number of rows it changed.
    pub async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        self.settle().await?;
        match &self.inner {
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(s) => s.execute(sql, params).await,
            #[cfg(feature = "postgresql")]
            Inner::Postgres(p) => p.execute(sql, params).await,
            #[cfg(feature = "mysql")]
            Inner::Mysql(m) => m.execute(sql, params).await,
        }
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
    match url {
        #[cfg(feature = "sqlite")]
        DatabaseUrl::Sqlite(s) => Ok(s.is_memory() || s.path.exists()),
        #[cfg(feature = "postgresql")]
        DatabaseUrl::Postgres(p) => match PostgresConnection::connect(p).await {
            Ok(_) => Ok(true),
            Err(Error::DatabaseDoesNotExist { .. }) => Ok(false),
            Err(e) => Err(e),
        },
        #[cfg(feature = "mysql")]
        DatabaseUrl::Mysql(m) => match MysqlConnection::connect(m).await {
            Ok(_) => Ok(true),
            Err(Error::DatabaseDoesNotExist { .. }) => Ok(false),
            Err(e) => Err(e),
        },
        #[allow(unreachable_patterns)]
        _ => Err(url.provider().not_compiled_in()),
    }
}

/// Connects to the server's maintenance database (`postgres`, else `template1`) to create or
/// drop another database.
#[cfg(feature = "postgresql")]
async fn admin_connection(url: &PostgresUrl) -> Result<PostgresConnection> {
    match PostgresConnection::connect(&url.with_database("postgres")).await {
        Err(Error::DatabaseDoesNotExist { .. }) => {
            PostgresConnection::connect(&url.with_database("template1")).await
        }
        other => other,
    }
}

/// Creates the database the URL names: the SQLite file (and folder), or the PostgreSQL database
/// (P1009 when it exists). The PostgreSQL schema of `?schema=` is created too. MySQL databases
/// take the server's default character set, as Prisma's do.
pub async fn create_database(url: &DatabaseUrl) -> Result<()> {
    match url {
        #[cfg(feature = "sqlite")]
        DatabaseUrl::Sqlite(_) => {
            Connection::connect_or_create(url).await?;
            Ok(())
        }
        #[cfg(feature = "postgresql")]
        DatabaseUrl::Postgres(p) => {
            let admin = admin_connection(p).await?;
            match admin
                .raw_cmd(&format!(
                    "CREATE DATABASE {}",
                    quote_identifier(&p.database)
                ))
                .await
            {
                Err(Error::Database(e)) if e.code == "42P04" => {
                    return Err(Error::DatabaseAlreadyExists {
                        database: p.database.clone(),
                        host: p.host.clone(),
                        port: p.port,
                    });
                }
                other => other?,
            }
            drop(admin);
            if p.schema != "public" {
                let conn = PostgresConnection::connect(&p.with_database(&p.database)).await?;
                conn.raw_cmd(&format!(
                    "CREATE SCHEMA IF NOT EXISTS {}",
                    quote_identifier(&p.schema)
                ))
                .await?;
            }
            Ok(())
        }
        #[cfg(feature = "mysql")]
        DatabaseUrl::Mysql(m) => {
            let admin = MysqlConnection::connect_server(m).await?;
            match admin
                .raw_cmd(&format!(
                    "CREATE DATABASE {}",
                    mysql::quote_identifier(&m.database)
                ))
                .await
            {
                // ER_DB_CREATE_EXISTS
                Err(Error::Database(e)) if e.code == "1007" => Err(Error::DatabaseAlreadyExists {
                    database: m.database.clone(),
                    host: m.host.clone(),
                    port: m.port,
                }),
                other => other,
            }
        }
        #[allow(unreachable_patterns)]
        _ => Err(url.provider().not_compiled_in()),
    }
}

/// Drops the database the URL names (deletes the SQLite file; `DROP DATABASE … WITH (FORCE)`
/// on PostgreSQL, ending other sessions; `DROP DATABASE` on MySQL). A missing database is not
/// an error.
pub async fn drop_database(url: &DatabaseUrl) -> Result<()> {
    match url {
        DatabaseUrl::Sqlite(s) => {
            if s.is_memory() {
                return Ok(());
            }
            match std::fs::remove_file(&s.path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Io {
                    context: format!(
                        "Could not delete the SQLite database `{}`",
                        s.path.display()
                    ),
                    source: e,
                }),
                _ => Ok(()),
            }
        }
        #[cfg(feature = "postgresql")]
        DatabaseUrl::Postgres(p) => {
            let admin = admin_connection(p).await?;
            admin
                .raw_cmd(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    quote_identifier(&p.database)
                ))
                .await
        }
        #[cfg(feature = "mysql")]
        DatabaseUrl::Mysql(m) => {
            let admin = MysqlConnection::connect_server(m).await?;
            admin
                .raw_cmd(&format!(
                    "DROP DATABASE IF EXISTS {}",
                    mysql::quote_identifier(&m.database)
                ))
                .await
        }
        #[allow(unreachable_patterns)]
        _ => Err(url.provider().not_compiled_in()),
    }
}
