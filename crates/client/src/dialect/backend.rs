//! The client's backends: one pool per database (`driver::backend`'s `sqlite`, `postgres`,
//! `mysql`), and the one dispatch from a statement to the pool or the transaction it runs on. `client.rs` calls the
//! methods here and never matches on the database itself.

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use driver::backend::mysql::{self, MysqlPool};
use driver::backend::postgres::{PgConn, PgPool};
use driver::backend::sqlite::{self, SqliteConfig, SqlitePool};
use driver::pool::{OwnedPermit, Pooled};
use driver::{DatabaseUrl, PoolConfig, PoolStatus};

use crate::decode::Source;
use crate::error::{Error, Result};
use crate::render::{ClientDialect as _, Dialect, Returning, Sql};

/// How a backend opens (the client's options, read by the pools).
pub(crate) struct Settings {
    pub pool: PoolConfig,
    pub busy_timeout: Duration,
    pub statement_cache: usize,
    pub mysql_returning: bool,
}

/// One database's pool.
pub(crate) enum Backend {
    Sqlite(SqlitePool),
    Postgres(Box<PgPool>),
    /// With what the server's writes return, read once from its version when the pool opened
    /// (asked before every write, it was a version string parsed per statement).
    Mysql(MysqlPool, Returning),
}

/// A transaction's connection, taken out of its backend's pool.
pub(crate) enum TxConn {
    /// The write gate is held to the end (dropped after the connection is given back).
    Sqlite {
        slot: Mutex<Option<sqlite::PooledConnection>>,
        _permit: sqlite::Permit,
        _writer: tokio::sync::OwnedSemaphorePermit,
    },
    Postgres {
        conn: Option<Pooled<PgConn>>,
        _permit: OwnedPermit<PgConn>,
    },
    /// Dropped unfinished, the connection is closed, which rolls the transaction back.
    Mysql {
        conn: tokio::sync::Mutex<Option<Pooled<mysql::Conn>>>,
        _permit: OwnedPermit<mysql::Conn>,
    },
}

/// Where a statement runs: any pooled connection, or a transaction's.
#[derive(Clone, Copy)]
pub(crate) enum Target<'a> {
    Pool(&'a Backend),
    Transaction(&'a TxConn),
}

fn ended() -> Error {
    Error::Transaction("the transaction already ended".into())
}

impl Backend {
    /// Runs a query on SQLite's pool without waiting and without an `await`, when it can
    /// ([`SqlitePool::query_at_once`]); `None` on the servers, or when it would wait.
    pub(crate) fn query_at_once<T>(
        &self,
        sql: &Sql,
        mut decode: impl FnMut(Source<'_>) -> Result<T>,
    ) -> Option<Result<Vec<T>>> {
        match self {
            Backend::Sqlite(pool) => {
                pool.query_at_once(&sql.text, &sql.params, |row| decode(Source::Sqlite(row)))
            }
            _ => None,
        }
    }

    /// Opens the pool a Prisma URL names. The URL's pool parameters win over `settings.pool`.
    pub(crate) async fn open(url: &str, settings: Settings) -> Result<Backend> {
        let parsed = DatabaseUrl::parse(url, Path::new("."))
            .map_err(|e| Error::Connection(e.to_string()))?;
        // Prisma 6's pool parameters in the URL win over the options.
        let pool = PoolConfig::from_url(url, settings.pool)?;
        Ok(match parsed {
            DatabaseUrl::Sqlite(sqlite) => {
                // `file:` with no path is an anonymous database, as better-sqlite3 (Prisma 7's
                // adapter) and SQLite's shell open it: in memory here.
                let memory = sqlite.is_memory() || sqlite.path.as_os_str().is_empty();
                Backend::Sqlite(SqlitePool::open(SqliteConfig {
                    path: if memory {
                        ":memory:".into()
                    } else {
                        sqlite.path
                    },
                    memory,
                    // Every connection to `:memory:` would be a database of its own: one,
                    // never closed.
                    pool: if memory {
                        PoolConfig {
                            max_connections: 1,
                            idle_timeout: None,
                            max_lifetime: None,
                            ..pool
                        }
                    } else {
                        pool
                    },
                    busy_timeout: settings.busy_timeout,
                    statement_cache: settings.statement_cache,
                })?)
            }
            DatabaseUrl::Postgres(postgres) => {
                Backend::Postgres(Box::new(PgPool::open(&postgres, pool).await?))
            }
            DatabaseUrl::Mysql(mysql) => {
                let pool = MysqlPool::open(
                    &mysql,
                    pool,
                    settings.statement_cache,
                    settings.mysql_returning,
                )
                .await?;
                let returning = pool
                    .server_version()
                    .map_or(Returning::NONE, Returning::of_mysql_server);
                Backend::Mysql(pool, returning)
            }
        })
    }

    /// The SQL dialect of the database.
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Postgres(_) => Dialect::Postgres,
            Backend::Mysql(..) => Dialect::Mysql,
        }
    }

    /// Which writes return the rows they wrote.
    pub(crate) fn returning(&self) -> Returning {
        match self {
            Backend::Mysql(_, returning) => *returning,
            Backend::Sqlite(_) | Backend::Postgres(_) => self.dialect().returning(),
        }
    }

    /// What the pool holds.
    pub(crate) fn pool_status(&self) -> PoolStatus {
        match self {
            Backend::Sqlite(pool) => pool.status(),
            Backend::Postgres(pool) => pool.status(),
            Backend::Mysql(pool, _) => pool.status(),
        }
    }

    /// Takes a connection out of the pool and starts a transaction on it, at the isolation
    /// level named as SQL writes it (`SERIALIZABLE`).
    pub(crate) async fn begin(&self, isolation: Option<&'static str>) -> Result<TxConn> {
        Ok(match self {
            Backend::Sqlite(pool) => {
                if let Some(level) = isolation.filter(|l| *l != "SERIALIZABLE") {
                    return Err(Error::InvalidQuery(format!(
                        "SQLite only has the Serializable isolation level, not {level}"
                    )));
                }
                // This process's writers queue for the file asynchronously (see `sqlite`), before
                // taking a connection, so the BEGIN below waits only for other processes.
                let writer = pool.writer().acquire_owned().await?;
                let (conn, permit) = pool.checkout().await?;
                // IMMEDIATE takes the write lock now, so that a later write cannot fail with
                // SQLITE_BUSY halfway through (busy_timeout applies to this BEGIN).
                if let Err(e) = sqlite::batch(&conn, "BEGIN IMMEDIATE") {
                    pool.checkin(conn);
                    return Err(e.into());
                }
                TxConn::Sqlite {
                    slot: Mutex::new(Some(conn)),
                    _permit: permit,
                    _writer: writer,
                }
            }
            Backend::Postgres(pool) => {
                boxed(async {
                    let (conn, permit) = pool.take().await?;
                    let begin = match isolation {
                        Some(level) => format!("BEGIN ISOLATION LEVEL {level}"),
                        None => "BEGIN".to_owned(),
                    };
                    if let Err(e) = conn.batch(&begin).await {
                        pool.give_back(conn);
                        return Err(Error::from(e));
                    }
                    Ok(TxConn::Postgres {
                        conn: Some(conn),
                        _permit: permit,
                    })
                })
                .await?
            }
            Backend::Mysql(pool, _) => {
                let (conn, permit) = boxed(pool.begin(isolation)).await?;
                TxConn::Mysql {
                    conn: tokio::sync::Mutex::new(Some(conn)),
                    _permit: permit,
                }
            }
        })
    }

    /// Runs SQL statements without parameters, one after the other.
    pub(crate) async fn execute_script(&self, script: &str) -> Result<()> {
        match self {
            Backend::Sqlite(pool) => Ok(pool.write(|c| sqlite::batch(c, script)).await??),
            Backend::Postgres(pool) => Ok(pool.get().await?.batch(script).await?),
            Backend::Mysql(pool, _) => Ok(mysql::batch(&mut *pool.get().await?, script).await?),
        }
    }
}

impl TxConn {
    /// Ends the transaction with `sql` (COMMIT or ROLLBACK) and gives the connection back.
    pub(crate) async fn end(&mut self, backend: &Backend, sql: &str) -> Result<()> {
        match (self, backend) {
            (TxConn::Sqlite { slot, .. }, Backend::Sqlite(pool)) => {
                let conn = slot
                    .get_mut()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take()
                    .ok_or_else(ended)?;
                let result = sqlite::batch(&conn, sql);
                if result.is_err() && sql == "COMMIT" {
                    let _ = sqlite::batch(&conn, "ROLLBACK");
                }
                pool.checkin(conn);
                Ok(result?)
            }
            (TxConn::Postgres { conn: slot, .. }, Backend::Postgres(pool)) => {
                let conn = slot.take().ok_or_else(ended)?;
                let result = conn.batch(sql).await;
                if result.is_ok() {
                    pool.give_back(conn);
                }
                Ok(result?)
            }
            (TxConn::Mysql { conn: slot, .. }, Backend::Mysql(pool, _)) => {
                let conn = slot.get_mut().take().ok_or_else(ended)?;
                Ok(pool.end(conn, sql).await?)
            }
            _ => Err(Error::Transaction("connection and pool disagree".into())),
        }
    }

    /// Runs `sql`, a statement without parameters (a savepoint's), on the open transaction.
    #[cfg_attr(
        not(feature = "mysql"),
        allow(clippy::explicit_auto_deref, reason = "as in `Target::query`")
    )]
    pub(crate) async fn batch(&self, sql: &str) -> Result<()> {
        match self {
            TxConn::Sqlite { slot, .. } => {
                let guard = slot
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                guard
                    .as_ref()
                    .map_or_else(|| Err(ended()), |c| Ok(sqlite::batch(c, sql)?))
            }
            TxConn::Postgres { conn: Some(c), .. } => Ok(c.batch(sql).await?),
            TxConn::Mysql { conn: slot, .. } => match slot.lock().await.as_mut() {
                Some(tx) => Ok(mysql::batch(&mut **tx, sql).await?),
                None => Err(ended()),
            },
            TxConn::Postgres { conn: None, .. } => Err(ended()),
        }
    }

    /// A transaction dropped unfinished: rolled back where that needs no `.await` (SQLite);
    /// elsewhere the connection is dropped, which ends the transaction on the server, and the
    /// pool opens a new one.
    pub(crate) fn abandon(&mut self, backend: &Backend) {
        if let (TxConn::Sqlite { slot, .. }, Backend::Sqlite(pool)) = (self, backend) {
            let conn = slot
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take();
            if let Some(conn) = conn {
                // A connection that cannot roll back is dropped rather than reused.
                if sqlite::batch(&conn, "ROLLBACK").is_ok() {
                    pool.checkin(conn);
                }
            }
        }
    }
}

impl Target<'_> {
    /// Runs `f`, a write, on SQLite (`None` on another database): on the transaction's
    /// connection, or on a pooled one holding the write gate.
    async fn with_sqlite<R>(
        self,
        f: impl FnOnce(&sqlite::Connection) -> Result<R>,
    ) -> Option<Result<R>> {
        match self {
            Target::Pool(Backend::Sqlite(pool)) => {
                Some(pool.write(f).await.map_err(Error::from).and_then(|r| r))
            }
            Target::Transaction(TxConn::Sqlite { slot, .. }) => {
                let guard = slot
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                Some(match guard.as_ref() {
                    Some(conn) => f(conn),
                    None => Err(ended()),
                })
            }
            _ => None,
        }
    }

    /// Runs a query at once where it runs on this thread without waiting whatever the path:
    /// on SQLite in a transaction, which holds its connection and the write gate. `None`
    /// elsewhere, and when the transaction's connection is gone (nothing was run).
    pub(crate) fn query_at_once<T>(
        self,
        sql: &Sql,
        mut decode: impl FnMut(Source<'_>) -> Result<T>,
    ) -> Option<Result<Vec<T>>> {
        let Target::Transaction(TxConn::Sqlite { slot, .. }) = self else {
            return None;
        };
        let guard = slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let conn = guard.as_ref()?;
        let mut sqlite_row = |row: &sqlite::Row<'_>| decode(Source::Sqlite(row));
        Some(
            sqlite::query(
                conn,
                &sql.text,
                &sql.params,
                sqlite::Writes::Allowed,
                &mut sqlite_row,
            )
            .map(Option::unwrap_or_default),
        )
    }

    /// Runs a query, decoding each row with `decode` (given the database's own row).
    #[cfg_attr(
        not(feature = "mysql"),
        allow(
            clippy::explicit_auto_deref,
            reason = "the real MySQL connection is passed as a generic `impl Queryable`, which needs the explicit deref; its stand-in does not"
        )
    )]
    pub(crate) async fn query<T>(
        self,
        sql: &Sql,
        mut decode: impl FnMut(Source<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut sqlite_row = |row: &sqlite::Row<'_>| decode(Source::Sqlite(row));
        match self {
            Target::Pool(Backend::Sqlite(pool)) => {
                pool.query(&sql.text, &sql.params, &mut sqlite_row).await
            }
            Target::Pool(Backend::Postgres(pool)) => {
                let decode = |row: &_| decode(Source::Postgres(row));
                boxed(async {
                    pool.get()
                        .await?
                        .query(&sql.text, &sql.params, decode)
                        .await
                })
                .await
            }
            Target::Pool(Backend::Mysql(pool, _)) => {
                let decode = |row: &_| decode(Source::Mysql(row));
                let mut conn = pool.get().await?;
                boxed(mysql::query(&mut *conn, &sql.text, &sql.params, decode)).await
            }
            Target::Transaction(TxConn::Sqlite { .. }) => self
                .query_at_once(sql, &mut decode)
                .unwrap_or_else(|| Err(ended())),
            Target::Transaction(TxConn::Postgres { conn, .. }) => match conn {
                Some(conn) => {
                    let decode = |row: &_| decode(Source::Postgres(row));
                    boxed(conn.query(&sql.text, &sql.params, decode)).await
                }
                None => Err(ended()),
            },
            Target::Transaction(TxConn::Mysql { conn: slot, .. }) => {
                let decode = |row: &_| decode(Source::Mysql(row));
                boxed(async {
                    match slot.lock().await.as_mut() {
                        Some(tx) => mysql::query(&mut **tx, &sql.text, &sql.params, decode).await,
                        None => Err(ended()),
                    }
                })
                .await
            }
        }
    }

    /// Runs a statement: the rows written, and the id the database reports, where it tells.
    #[cfg_attr(
        not(feature = "mysql"),
        allow(
            clippy::explicit_auto_deref,
            reason = "the real MySQL connection is passed as a generic `impl Queryable`, which needs the explicit deref; its stand-in does not"
        )
    )]
    pub(crate) async fn execute_reporting_id(self, sql: &Sql) -> Result<(u64, Option<u64>)> {
        if let Some(result) = self
            .with_sqlite(|c| {
                let n = sqlite::execute(c, &sql.text, &sql.params)?;
                Ok((n, u64::try_from(c.last_insert_rowid()).ok()))
            })
            .await
        {
            return result;
        }
        match self {
            Target::Pool(Backend::Postgres(pool)) => {
                boxed(async {
                    Ok((
                        pool.get().await?.execute(&sql.text, &sql.params).await?,
                        None,
                    ))
                })
                .await
            }
            Target::Pool(Backend::Mysql(pool, _)) => {
                boxed(async {
                    Ok(mysql::execute(&mut *pool.get().await?, &sql.text, &sql.params).await?)
                })
                .await
            }
            Target::Transaction(TxConn::Postgres {
                conn: Some(conn), ..
            }) => boxed(async { Ok((conn.execute(&sql.text, &sql.params).await?, None)) }).await,
            Target::Transaction(TxConn::Mysql { conn: slot, .. }) => {
                boxed(async {
                    match slot.lock().await.as_mut() {
                        Some(tx) => Ok(mysql::execute(&mut **tx, &sql.text, &sql.params).await?),
                        None => Err(ended()),
                    }
                })
                .await
            }
            _ => Err(ended()),
        }
    }

    /// Runs one statement once per row of parameters (prepared once).
    #[cfg_attr(
        not(feature = "mysql"),
        allow(
            clippy::explicit_auto_deref,
            reason = "the real MySQL connection is passed as a generic `impl Queryable`, which needs the explicit deref; its stand-in does not"
        )
    )]
    pub(crate) async fn execute_many(
        self,
        text: &str,
        rows: Vec<Vec<crate::Value>>,
    ) -> Result<u64> {
        if let Some(result) = self
            .with_sqlite(|c| Ok(sqlite::execute_many(c, text, &rows)?))
            .await
        {
            return result;
        }
        match self {
            Target::Pool(Backend::Mysql(pool, _)) => {
                boxed(async { Ok(mysql::execute_many(&mut *pool.get().await?, text, rows).await?) })
                    .await
            }
            Target::Transaction(TxConn::Mysql { conn: slot, .. }) => {
                boxed(async {
                    match slot.lock().await.as_mut() {
                        Some(tx) => Ok(mysql::execute_many(&mut **tx, text, rows).await?),
                        None => Err(ended()),
                    }
                })
                .await
            }
            _ => {
                let mut n = 0;
                let mut sql = Sql {
                    text: text.to_owned(),
                    params: Vec::new(),
                };
                for row in rows {
                    sql.params = row;
                    n += self.execute_reporting_id(&sql).await?.0;
                }
                Ok(n)
            }
        }
    }
}

/// A network database's statement future, on the heap. The drivers' futures (a pooled
/// connection's acquire, then the protocol's exchange) run to kilobytes; inline, they would
/// make every future that awaits a statement as large, and each layer from the operation down
/// copies its child future whole when it starts it. One allocation per round trip to a server
/// costs far less than those copies; SQLite's arms, which do not wait on the network, stay
/// inline.
fn boxed<F: std::future::Future>(fut: F) -> std::pin::Pin<Box<F>> {
    Box::pin(fut)
}
