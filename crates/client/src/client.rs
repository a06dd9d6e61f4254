//! The client (a pool, shared by every task), transactions, and the executor that runs SQL on
//! either.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use connector::{DatabaseUrl, PoolConfig, PoolStatus};

use crate::decode::RowReader;
use crate::error::{Error, Result};
use crate::mysql::{self, MysqlPool};
use crate::postgres::{PgConn, PgPool};
use crate::render::{Dialect, Returning, Sql};
use crate::sqlite::{self, SqliteConfig, SqlitePool};
use connector::pool::{OwnedPermit, Pooled};

/// How the client connects.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Connections kept at most (Prisma's `connection_limit`; the URL's `connection_limit`
    /// wins when it has one).
    pub max_connections: usize,
    /// How long a query waits for a connection when all are busy before failing with P2024
    /// (Prisma's `pool_timeout`, 10 s; `None` waits forever; the URL's `pool_timeout` wins).
    pub pool_timeout: Option<Duration>,
    /// How long a connection may sit idle before the pool closes it (Prisma's
    /// `max_idle_connection_lifetime`, 300 s; `None` keeps it; the URL's parameter wins).
    pub idle_timeout: Option<Duration>,
    /// How long a connection lives at most before the pool replaces it (Prisma's
    /// `max_connection_lifetime`; none by default; the URL's parameter wins).
    pub max_lifetime: Option<Duration>,
    /// How long SQLite waits for a lock before failing.
    pub busy_timeout: Duration,
    /// Prepared statements cached per SQLite or MySQL connection.
    pub statement_cache: usize,
    /// On MySQL and MariaDB: whether writes use `RETURNING` where the server has it (MariaDB
    /// 10.5 and later; the default). `false` makes every write read its record back by
    /// primary key, as on MySQL 8, which the tests use to cover that path on MariaDB.
    pub mysql_returning: bool,
}

impl Default for ClientOptions {
    fn default() -> Self {
        let pool = PoolConfig::default();
        ClientOptions {
            max_connections: pool.max_connections,
            pool_timeout: pool.acquire_timeout,
            idle_timeout: pool.idle_timeout,
            max_lifetime: pool.max_lifetime,
            busy_timeout: Duration::from_secs(5),
            statement_cache: 256,
            mysql_returning: true,
        }
    }
}

enum Backend {
    Sqlite(SqlitePool),
    Postgres(Box<PgPool>),
    Mysql(MysqlPool),
}

/// A database client: a pool of connections. Clone it freely (clones share the pool) and use
/// one for the whole application, as Prisma recommends a single global client.
#[derive(Clone)]
pub struct Client {
    backend: Arc<Backend>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("dialect", &self.dialect())
            .finish()
    }
}

/// A transaction's isolation level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsolationLevel {
    /// READ UNCOMMITTED
    ReadUncommitted,
    /// READ COMMITTED
    ReadCommitted,
    /// REPEATABLE READ
    RepeatableRead,
    /// SERIALIZABLE (the only level SQLite has)
    Serializable,
}

impl IsolationLevel {
    pub(crate) fn sql(self) -> &'static str {
        match self {
            IsolationLevel::ReadUncommitted => "READ UNCOMMITTED",
            IsolationLevel::ReadCommitted => "READ COMMITTED",
            IsolationLevel::RepeatableRead => "REPEATABLE READ",
            IsolationLevel::Serializable => "SERIALIZABLE",
        }
    }
}

impl Client {
    /// Connects to a database from a Prisma URL: `file:PATH` for SQLite,
    /// `postgresql://…` for PostgreSQL, `mysql://…` for MySQL and MariaDB.
    ///
    /// The URL is read by `connector::DatabaseUrl::parse`, as the migration commands read it.
    /// A relative SQLite path opens against the process's working directory (as Prisma 7's
    /// SQLite adapter opens it: the running client knows no schema folder); `file::memory:`
    /// and an empty path are an in-memory database. Query parameters never name the file.
    pub async fn connect(url: &str) -> Result<Client> {
        Self::connect_with(url, ClientOptions::default()).await
    }

    /// Connects with explicit options.
    pub async fn connect_with(url: &str, options: ClientOptions) -> Result<Client> {
        let parsed = DatabaseUrl::parse(url, Path::new("."))
            .map_err(|e| Error::Connection(e.to_string()))?;
        // Prisma 6's pool parameters in the URL win over the options.
        let pool = PoolConfig::from_url(
            url,
            PoolConfig {
                max_connections: options.max_connections.max(1),
                acquire_timeout: options.pool_timeout,
                idle_timeout: options.idle_timeout,
                max_lifetime: options.max_lifetime,
            },
        )?;
        let backend = match parsed {
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
                    busy_timeout: options.busy_timeout,
                    statement_cache: options.statement_cache,
                })?)
            }
            DatabaseUrl::Postgres(postgres) => {
                Backend::Postgres(Box::new(PgPool::open(&postgres, pool).await?))
            }
            DatabaseUrl::Mysql(mysql) => Backend::Mysql(
                MysqlPool::open(
                    &mysql,
                    pool,
                    options.statement_cache,
                    options.mysql_returning,
                )
                .await?,
            ),
        };
        Ok(Client {
            backend: Arc::new(backend),
        })
    }

    /// The SQL dialect of the database.
    pub fn dialect(&self) -> Dialect {
        match &*self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Postgres(_) => Dialect::Postgres,
            Backend::Mysql(_) => Dialect::Mysql,
        }
    }

    /// What the connection pool holds now: idle and busy connections, and how many it has
    /// opened (Prisma's pool metrics).
    pub fn pool_status(&self) -> PoolStatus {
        match &*self.backend {
            Backend::Sqlite(pool) => pool.status(),
            Backend::Postgres(pool) => pool.status(),
            Backend::Mysql(pool) => pool.status(),
        }
    }

    /// Which writes return the rows they wrote on this database (`RETURNING`): all of them on
    /// SQLite and PostgreSQL, INSERT and DELETE on MariaDB 10.5 and later, none on MySQL.
    pub fn returning(&self) -> Returning {
        match &*self.backend {
            Backend::Mysql(pool) => pool.returning(),
            Backend::Sqlite(_) | Backend::Postgres(_) => self.dialect().returning(),
        }
    }

    /// Starts a transaction; commit it with [`Transaction::commit`] (dropping it rolls back).
    pub async fn begin(&self, isolation: Option<IsolationLevel>) -> Result<Transaction> {
        let conn = match &*self.backend {
            Backend::Sqlite(pool) => {
                if let Some(level) = isolation.filter(|l| *l != IsolationLevel::Serializable) {
                    return Err(Error::InvalidQuery(format!(
                        "SQLite only has the Serializable isolation level, not {}",
                        level.sql()
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
                    return Err(e);
                }
                TxConn::Sqlite {
                    slot: Mutex::new(Some(conn)),
                    _permit: permit,
                    _writer: writer,
                }
            }
            Backend::Postgres(pool) => {
                let (conn, permit) = pool.take().await?;
                let begin = match isolation {
                    Some(level) => format!("BEGIN ISOLATION LEVEL {}", level.sql()),
                    None => "BEGIN".to_owned(),
                };
                if let Err(e) = conn.batch(&begin).await {
                    pool.give_back(conn);
                    return Err(e);
                }
                TxConn::Postgres {
                    conn: Some(conn),
                    _permit: permit,
                }
            }
            Backend::Mysql(pool) => {
                let (conn, permit) = pool.begin(isolation).await?;
                TxConn::Mysql {
                    conn: tokio::sync::Mutex::new(Some(conn)),
                    _permit: permit,
                }
            }
        };
        Ok(Transaction {
            client: self.clone(),
            conn,
            finished: false,
        })
    }

    /// Runs `f` in a transaction (Prisma's interactive `$transaction(async (tx) => …)`):
    /// committed when `f` returns `Ok`, rolled back when it returns `Err`.
    pub async fn transaction<T, E>(
        &self,
        f: impl AsyncFnOnce(&Transaction) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<Error>,
    {
        self.transaction_with(None, f).await
    }

    /// [`Client::transaction`] with an isolation level.
    pub async fn transaction_with<T, E>(
        &self,
        isolation: Option<IsolationLevel>,
        f: impl AsyncFnOnce(&Transaction) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<Error>,
    {
        let tx = self.begin(isolation).await?;
        match f(&tx).await {
            Ok(v) => {
                tx.commit().await?;
                Ok(v)
            }
            Err(e) => {
                tx.rollback().await?;
                Err(e)
            }
        }
    }

    /// Runs raw SQL with bound parameters, decoding each row with `decode`
    /// (Prisma's `$queryRaw`). The SQL is sent as written, in the database's own syntax.
    pub async fn query_raw<T>(
        &self,
        sql: &str,
        params: Vec<crate::Value>,
        decode: impl FnMut(&mut RowReader<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let sql = Sql {
            text: sql.to_owned(),
            params,
        };
        Exec::Client(self).query(&sql, decode).await
    }

    /// Runs a raw statement with bound parameters, returning the rows changed
    /// (Prisma's `$executeRaw`). The SQL is sent as written, in the database's own syntax.
    pub async fn execute_raw(&self, sql: &str, params: Vec<crate::Value>) -> Result<u64> {
        let sql = Sql {
            text: sql.to_owned(),
            params,
        };
        Exec::Client(self).execute(&sql).await
    }

    /// Runs SQL statements without parameters, one after the other (schema setup, tests).
    pub async fn execute_script(&self, script: &str) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(pool) => pool.write(|c| sqlite::batch(c, script)).await?,
            Backend::Postgres(pool) => pool.get().await?.batch(script).await,
            Backend::Mysql(pool) => mysql::batch(&mut *pool.get().await?, script).await,
        }
    }
}

enum TxConn {
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

/// An open transaction. Queries made through it run on its connection. Commit with
/// [`Transaction::commit`]; dropping it without committing rolls back.
pub struct Transaction {
    client: Client,
    conn: TxConn,
    finished: bool,
}

impl std::fmt::Debug for Transaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("dialect", &self.client.dialect())
            .finish()
    }
}

impl Transaction {
    /// Commits.
    pub async fn commit(mut self) -> Result<()> {
        self.end("COMMIT").await
    }

    /// Rolls back.
    pub async fn rollback(mut self) -> Result<()> {
        self.end("ROLLBACK").await
    }

    async fn end(&mut self, sql: &str) -> Result<()> {
        self.finished = true;
        match (&mut self.conn, &*self.client.backend) {
            (TxConn::Sqlite { slot, .. }, Backend::Sqlite(pool)) => {
                let conn = slot
                    .get_mut()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take()
                    .ok_or_else(|| Error::Transaction("the transaction already ended".into()))?;
                let result = sqlite::batch(&conn, sql);
                if result.is_err() && sql == "COMMIT" {
                    let _ = sqlite::batch(&conn, "ROLLBACK");
                }
                pool.checkin(conn);
                result
            }
            (TxConn::Postgres { conn: slot, .. }, Backend::Postgres(pool)) => {
                let conn = slot
                    .take()
                    .ok_or_else(|| Error::Transaction("the transaction already ended".into()))?;
                let result = conn.batch(sql).await;
                if result.is_ok() {
                    pool.give_back(conn);
                }
                result
            }
            (TxConn::Mysql { conn: slot, .. }, Backend::Mysql(pool)) => {
                let conn = slot
                    .get_mut()
                    .take()
                    .ok_or_else(|| Error::Transaction("the transaction already ended".into()))?;
                pool.end(conn, sql).await
            }
            _ => Err(Error::Transaction("connection and pool disagree".into())),
        }
    }
}

impl Drop for Transaction {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        // A PostgreSQL connection cannot be rolled back without awaiting: it is dropped
        // instead, which ends the transaction on the server; the pool opens a new one.
        if let (TxConn::Sqlite { slot, .. }, Backend::Sqlite(pool)) =
            (&mut self.conn, &*self.client.backend)
        {
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

/// Something queries run on: the client (any pooled connection) or a transaction.
#[derive(Clone, Copy)]
pub enum Exec<'a> {
    /// The client's pool.
    Client(&'a Client),
    /// A transaction's connection.
    Transaction(&'a Transaction),
}

/// Implemented by [`Client`] and [`Transaction`]: where generated model accessors run.
pub trait Executor {
    /// The executor.
    fn executor(&self) -> Exec<'_>;
}

impl Executor for Client {
    fn executor(&self) -> Exec<'_> {
        Exec::Client(self)
    }
}

impl Executor for Transaction {
    fn executor(&self) -> Exec<'_> {
        Exec::Transaction(self)
    }
}

fn ended() -> Error {
    Error::Transaction("the transaction already ended".into())
}

fn span(sql: &Sql) -> tracing::Span {
    tracing::debug_span!(
        "refract.query",
        db.statement = %sql.text,
        params = sql.params.len(),
        duration_us = tracing::field::Empty,
    )
}

fn finish_span(span: &tracing::Span, start: Option<Instant>) {
    if let Some(start) = start {
        span.record("duration_us", start.elapsed().as_micros() as u64);
    }
}

impl<'a> Exec<'a> {
    /// The SQL dialect.
    pub fn dialect(self) -> Dialect {
        match self {
            Exec::Client(c) => c.dialect(),
            Exec::Transaction(t) => t.client.dialect(),
        }
    }

    /// Which writes return the rows they wrote ([`Client::returning`]).
    pub fn returning(self) -> Returning {
        match self {
            Exec::Client(c) => c.returning(),
            Exec::Transaction(t) => t.client.returning(),
        }
    }

    /// Whether this runs inside a transaction.
    pub fn in_transaction(self) -> bool {
        matches!(self, Exec::Transaction(_))
    }

    /// Runs `f`, a write, on SQLite (`None` on another database): on the transaction's
    /// connection, or on a pooled one holding the write gate.
    async fn with_sqlite<R>(
        self,
        f: impl FnOnce(&sqlite::Connection) -> Result<R>,
    ) -> Option<Result<R>> {
        match self {
            Exec::Client(c) => match &*c.backend {
                Backend::Sqlite(pool) => Some(pool.write(f).await.and_then(|r| r)),
                Backend::Postgres(_) | Backend::Mysql(_) => None,
            },
            Exec::Transaction(t) => match &t.conn {
                TxConn::Sqlite { slot, .. } => {
                    let guard = slot
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    Some(match guard.as_ref() {
                        Some(conn) => f(conn),
                        None => Err(Error::Transaction("the transaction already ended".into())),
                    })
                }
                TxConn::Postgres { .. } | TxConn::Mysql { .. } => None,
            },
        }
    }

    /// Runs a query, decoding each row with `decode`. The text is prepared as it is (rendered
    /// for [`Exec::dialect`], or written by hand in the database's syntax).
    pub async fn query<T>(
        self,
        sql: &Sql,
        mut decode: impl FnMut(&mut RowReader<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let span = span(sql);
        let start = (!span.is_disabled()).then(Instant::now);
        let sqlite = match self {
            Exec::Client(c) => match &*c.backend {
                Backend::Sqlite(pool) => Some(pool.query(sql, &mut decode).await),
                Backend::Postgres(_) | Backend::Mysql(_) => None,
            },
            Exec::Transaction(t) => match &t.conn {
                TxConn::Sqlite { slot, .. } => {
                    let guard = slot
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    Some(match guard.as_ref() {
                        // The transaction holds the write gate.
                        Some(conn) => {
                            sqlite::query(conn, sql, sqlite::Writes::Allowed, &mut decode)
                                .map(Option::unwrap_or_default)
                        }
                        None => Err(ended()),
                    })
                }
                TxConn::Postgres { .. } | TxConn::Mysql { .. } => None,
            },
        };
        let result = match sqlite {
            Some(r) => r,
            None => match self {
                Exec::Client(c) => match &*c.backend {
                    Backend::Postgres(pool) => pool.get().await?.query(sql, decode).await,
                    Backend::Mysql(pool) => {
                        mysql::query(&mut *pool.get().await?, sql, decode).await
                    }
                    Backend::Sqlite(_) => unreachable!("handled above"),
                },
                Exec::Transaction(t) => match &t.conn {
                    TxConn::Postgres {
                        conn: Some(conn), ..
                    } => conn.query(sql, decode).await,
                    TxConn::Mysql { conn: slot, .. } => match slot.lock().await.as_mut() {
                        Some(tx) => mysql::query(&mut **tx, sql, decode).await,
                        None => Err(ended()),
                    },
                    _ => Err(ended()),
                },
            },
        };
        finish_span(&span, start);
        result
    }

    /// Runs a statement, returning the number of rows changed. The text is prepared as it is,
    /// like [`Exec::query`]'s.
    pub async fn execute(self, sql: &Sql) -> Result<u64> {
        Ok(self.execute_reporting_id(sql).await?.0)
    }

    /// Runs a statement without RETURNING: the rows written (matched, for an UPDATE on
    /// MySQL), and the id the database reports, where it tells: an INSERT's auto-increment
    /// value (MySQL's `LAST_INSERT_ID()`, SQLite's rowid), or the id an UPDATE remembered with
    /// `LAST_INSERT_ID(id)` on MySQL. The text is prepared as it is.
    pub(crate) async fn execute_reporting_id(self, sql: &Sql) -> Result<(u64, Option<u64>)> {
        let span = span(sql);
        let start = (!span.is_disabled()).then(Instant::now);
        let result = match self
            .with_sqlite(|c| {
                let n = sqlite::execute(c, sql)?;
                Ok((n, u64::try_from(c.last_insert_rowid()).ok()))
            })
            .await
        {
            Some(r) => r,
            None => match self {
                Exec::Client(c) => match &*c.backend {
                    Backend::Postgres(pool) => {
                        pool.get().await?.execute(sql).await.map(|n| (n, None))
                    }
                    Backend::Mysql(pool) => mysql::execute(&mut *pool.get().await?, sql).await,
                    Backend::Sqlite(_) => unreachable!("handled above"),
                },
                Exec::Transaction(t) => match &t.conn {
                    TxConn::Postgres {
                        conn: Some(conn), ..
                    } => conn.execute(sql).await.map(|n| (n, None)),
                    TxConn::Mysql { conn: slot, .. } => match slot.lock().await.as_mut() {
                        Some(tx) => mysql::execute(&mut **tx, sql).await,
                        None => Err(ended()),
                    },
                    _ => Err(ended()),
                },
            },
        };
        finish_span(&span, start);
        result
    }

    /// Runs one statement once per row of parameters (prepared once): `createMany`.
    pub async fn execute_many(self, text: &str, rows: Vec<Vec<crate::Value>>) -> Result<u64> {
        let span = tracing::debug_span!(
            "refract.query",
            db.statement = %text,
            params = rows.first().map_or(0, Vec::len),
            rows = rows.len(),
            duration_us = tracing::field::Empty,
        );
        let start = (!span.is_disabled()).then(Instant::now);
        let result = match self
            .with_sqlite(|c| sqlite::execute_many(c, text, &rows))
            .await
        {
            Some(r) => r,
            None => match self {
                Exec::Client(Client { backend }) if matches!(**backend, Backend::Mysql(_)) => {
                    let Backend::Mysql(pool) = &**backend else {
                        unreachable!("matched above")
                    };
                    mysql::execute_many(&mut *pool.get().await?, text, rows).await
                }
                Exec::Transaction(Transaction {
                    conn: TxConn::Mysql { conn: slot, .. },
                    ..
                }) => match slot.lock().await.as_mut() {
                    Some(tx) => mysql::execute_many(&mut **tx, text, rows).await,
                    None => Err(ended()),
                },
                _ => {
                    let mut n = 0;
                    let mut sql = Sql {
                        text: text.to_owned(),
                        params: Vec::new(),
                    };
                    for row in rows {
                        sql.params = row;
                        n += match self {
                            Exec::Client(c) => match &*c.backend {
                                Backend::Postgres(pool) => pool.get().await?.execute(&sql).await?,
                                _ => unreachable!("handled above"),
                            },
                            Exec::Transaction(t) => match &t.conn {
                                TxConn::Postgres {
                                    conn: Some(conn), ..
                                } => conn.execute(&sql).await?,
                                _ => return Err(ended()),
                            },
                        };
                    }
                    Ok(n)
                }
            },
        };
        finish_span(&span, start);
        result
    }

    /// Runs `f` atomically: directly when already in a transaction, in a new one otherwise.
    pub async fn atomically<T>(self, f: impl AsyncFnOnce(Exec<'_>) -> Result<T>) -> Result<T> {
        match self {
            Exec::Transaction(_) => f(self).await,
            Exec::Client(c) => {
                let tx = c.begin(None).await?;
                match f(Exec::Transaction(&tx)).await {
                    Ok(v) => {
                        tx.commit().await?;
                        Ok(v)
                    }
                    Err(e) => {
                        tx.rollback().await?;
                        Err(e)
                    }
                }
            }
        }
    }
}
