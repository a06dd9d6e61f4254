//! Where `driver`'s value-row API dispatches on the database: the connection of each database
//! module behind [`Connection`](crate::Connection), and creating, dropping and finding the
//! database a URL names. Everything outside this module and the database modules asks these
//! methods rather than matching on the database.

#[cfg(feature = "postgresql")]
use crate::PostgresUrl;
#[cfg(feature = "mysql")]
use crate::mysql::{self, MysqlConnection};
#[cfg(feature = "postgresql")]
use crate::postgres::{PostgresConnection, quote_identifier};
#[cfg(feature = "sqlite")]
use crate::sqlite::SqliteConnection;
use crate::{DatabaseUrl, DriverCapabilities as _, Error, Provider, Result, ResultSet, Value};

/// One database module's connection.
#[derive(Debug)]
pub(crate) enum Inner {
    #[cfg(feature = "sqlite")]
    Sqlite(SqliteConnection),
    #[cfg(feature = "postgresql")]
    Postgres(Box<PostgresConnection>),
    #[cfg(feature = "mysql")]
    Mysql(Box<MysqlConnection>),
}

impl Inner {
    /// Opens the database `url` names; `create` makes a missing SQLite file.
    pub(crate) async fn open(url: &DatabaseUrl, create: bool) -> Result<Inner> {
        Ok(match url {
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
        })
    }

    /// Which database this is.
    pub(crate) fn provider(&self) -> Provider {
        match self {
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(_) => Provider::Sqlite,
            #[cfg(feature = "postgresql")]
            Inner::Postgres(_) => Provider::Postgres,
            #[cfg(feature = "mysql")]
            Inner::Mysql(_) => Provider::Mysql,
        }
    }

    /// The schema (PostgreSQL), `main` (SQLite) or database (MySQL) the connection works in.
    pub(crate) fn schema_name(&self) -> &str {
        match self {
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
    pub(crate) fn as_sqlite(&self) -> Option<&SqliteConnection> {
        match self {
            Inner::Sqlite(s) => Some(s),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The PostgreSQL connection, when this is PostgreSQL.
    #[cfg(feature = "postgresql")]
    pub(crate) fn as_postgres(&self) -> Option<&PostgresConnection> {
        match self {
            Inner::Postgres(p) => Some(p),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The MySQL/MariaDB connection, when this is MySQL.
    #[cfg(feature = "mysql")]
    pub(crate) fn as_mysql(&self) -> Option<&MysqlConnection> {
        match self {
            Inner::Mysql(m) => Some(m),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// Whether this is a MariaDB server.
    pub(crate) fn is_mariadb(&self) -> bool {
        match self {
            #[cfg(feature = "mysql")]
            Inner::Mysql(m) => m.is_mariadb(),
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }

    /// Runs a script of any number of statements without parameters.
    pub(crate) async fn raw_cmd(&self, script: &str) -> Result<()> {
        match self {
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(s) => s.raw_cmd(script).await,
            #[cfg(feature = "postgresql")]
            Inner::Postgres(p) => p.raw_cmd(script).await,
            #[cfg(feature = "mysql")]
            Inner::Mysql(m) => m.raw_cmd(script).await,
        }
    }

    /// Runs a script; a failure with the number of the failing statement where the database
    /// tells it.
    pub(crate) async fn raw_cmd_numbered(
        &self,
        script: &str,
    ) -> std::result::Result<(), (Error, Option<usize>)> {
        match self {
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
            Inner::Postgres(_) => self.raw_cmd(script).await.map_err(|e| (e, None)),
        }
    }

    /// Runs one statement with bound parameters and returns its rows.
    pub(crate) async fn query(&self, sql: &str, params: &[Value]) -> Result<ResultSet> {
        match self {
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(s) => s.query(sql, params).await,
            #[cfg(feature = "postgresql")]
            Inner::Postgres(p) => p.query(sql, params).await,
            #[cfg(feature = "mysql")]
            Inner::Mysql(m) => m.query(sql, params).await,
        }
    }

    /// Runs one statement with bound parameters and returns the number of rows it changed.
    pub(crate) async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        match self {
            #[cfg(feature = "sqlite")]
            Inner::Sqlite(s) => s.execute(sql, params).await,
            #[cfg(feature = "postgresql")]
            Inner::Postgres(p) => p.execute(sql, params).await,
            #[cfg(feature = "mysql")]
            Inner::Mysql(m) => m.execute(sql, params).await,
        }
    }
}

/// Whether the database the URL names exists (a SQLite file; a PostgreSQL database on a
/// reachable server). Other connection errors are returned.
pub(crate) async fn database_exists(url: &DatabaseUrl) -> Result<bool> {
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
pub(crate) async fn create_database(url: &DatabaseUrl) -> Result<()> {
    match url {
        #[cfg(feature = "sqlite")]
        DatabaseUrl::Sqlite(s) => {
            SqliteConnection::open(s, true).await?;
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
pub(crate) async fn drop_database(url: &DatabaseUrl) -> Result<()> {
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
