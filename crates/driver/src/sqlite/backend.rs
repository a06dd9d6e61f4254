//! The client's SQLite backend: a pool of connections, each with its cache of prepared statements. Statements run
//! on the caller's thread (no hop to another thread per query): an SQLite call is a function
//! call, and the time a hop costs is larger than most indexed lookups.
//!
//! SQLite has one writer at a time per database file. A connection that waits for the write
//! lock inside SQLite (its busy timeout) blocks its thread, and on a tokio runtime that thread
//! may be the one the task holding the lock (a transaction across an `.await`) needs to finish:
//! with as many waiters as worker threads, nothing progresses until the timeouts fail. So
//! writers of this process queue for the file's write gate ([`WriteGate`]) asynchronously,
//! before `BEGIN IMMEDIATE` and before a write outside a transaction, and only then take a
//! connection; SQLite's own waiting is left for writers of other processes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use rusqlite::OpenFlags;
use rusqlite::types::{ToSqlOutput, Value as SqlValue, ValueRef};
pub use rusqlite::{Connection, Row};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, SemaphorePermit};

use crate::bind::{Bind, Param, sqlite_datetime_text};
use crate::fault::Failure;
use crate::pool::{OwnedPermit, Pool, PoolConfig, Pooled};

/// The result of a backend's call.
type Result<T, E = Failure> = std::result::Result<T, E>;

/// A SQLite error as a [`Failure`], classified.
fn db(e: rusqlite::Error) -> Failure {
    Failure::Database(super::classify(&e))
}

/// How SQLite connections are opened.
#[derive(Debug, Clone)]
pub struct SqliteConfig {
    /// The database file (`:memory:` for an in-memory database).
    pub path: std::path::PathBuf,
    /// Whether the database is in memory (one connection, never closed; no WAL).
    pub memory: bool,
    /// The pool's limits and timeouts.
    pub pool: PoolConfig,
    /// How long a writer waits for the database file (SQLite's busy timeout, and the write
    /// gate's).
    pub busy_timeout: Duration,
    /// Prepared statements kept per connection.
    pub statement_cache: usize,
}

/// A pool of SQLite connections. A connection is taken for one statement (or a whole
/// transaction) and given back; when all are out, a task waits asynchronously for one, so a
/// task holding a connection across an `.await` (an interactive transaction) never blocks the
/// thread that would give it back.
pub struct SqlitePool {
    config: SqliteConfig,
    pool: Pool<Connection>,
    writer: WriteGate,
}

/// A pooled SQLite connection.
pub type PooledConnection = Pooled<Connection>;

/// The right to one of the pool's connections, kept by a transaction.
pub type Permit = OwnedPermit<Connection>;

/// The right to write to one database file, one holder at a time in this process (every
/// client connected to the file shares it): a transaction holds it from before its
/// `BEGIN IMMEDIATE` to its end, a write outside a transaction for its statement. Waiting for
/// it is asynchronous, and bounded by the busy timeout as SQLite's own wait is (the error is
/// the same: P1008).
#[derive(Clone)]
pub struct WriteGate {
    semaphore: Arc<Semaphore>,
    timeout: Duration,
}

/// The write gates of the database files open in this process, by canonical path.
static GATES: Mutex<Option<HashMap<PathBuf, Weak<Semaphore>>>> = Mutex::new(None);

impl WriteGate {
    /// The gate of `path` (shared with every other pool on that file), or a gate of its own
    /// for an in-memory database or a path that cannot be resolved.
    fn of(path: &std::path::Path, memory: bool, timeout: Duration) -> Self {
        let shared = (!memory)
            .then(|| std::fs::canonicalize(path).ok())
            .flatten()
            .map(|key| {
                let mut gates = GATES
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let gates = gates.get_or_insert_with(HashMap::new);
                gates.retain(|_, gate| gate.strong_count() > 0);
                match gates.get(&key).and_then(Weak::upgrade) {
                    Some(gate) => gate,
                    None => {
                        let gate = Arc::new(Semaphore::new(1));
                        gates.insert(key, Arc::downgrade(&gate));
                        gate
                    }
                }
            });
        WriteGate {
            semaphore: shared.unwrap_or_else(|| Arc::new(Semaphore::new(1))),
            timeout,
        }
    }

    /// Waits (asynchronously) for the gate, held until the permit is dropped.
    ///
    /// The wait (its timer) is on the heap: the gate is usually free, and every query's future
    /// holds this one's.
    async fn acquire(&self) -> Result<SemaphorePermit<'_>> {
        if let Ok(permit) = self.semaphore.try_acquire() {
            return Ok(permit);
        }
        Box::pin(self.wait()).await
    }

    /// [`WriteGate::acquire`] when the gate is taken: waits at most the busy timeout.
    async fn wait(&self) -> Result<SemaphorePermit<'_>> {
        match tokio::time::timeout(self.timeout, self.semaphore.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            // Never closed; a timeout is SQLite's "database is locked".
            Ok(Err(_)) | Err(_) => Err(Failure::Busy),
        }
    }

    /// `WriteGate::acquire`, for a transaction to keep.
    pub async fn acquire_owned(&self) -> Result<OwnedSemaphorePermit> {
        if let Ok(permit) = Arc::clone(&self.semaphore).try_acquire_owned() {
            return Ok(permit);
        }
        // On the heap, as in `acquire`.
        Box::pin(async {
            let wait = Arc::clone(&self.semaphore).acquire_owned();
            match tokio::time::timeout(self.timeout, wait).await {
                Ok(Ok(permit)) => Ok(permit),
                Ok(Err(_)) | Err(_) => Err(Failure::Busy),
            }
        })
        .await
    }
}

impl SqlitePool {
    /// Opens the pool, and one connection now so that a wrong path fails at once.
    pub fn open(config: SqliteConfig) -> Result<Self> {
        let mut pool = SqlitePool {
            pool: Pool::new(config.pool.clone()),
            // Replaced below, once the file exists and its path can be resolved.
            writer: WriteGate::of(&config.path, true, config.busy_timeout),
            config,
        };
        // Open one connection now so that a wrong path fails at connect time.
        let first = pool.connect()?;
        let first = pool.pool.adopt(first);
        pool.checkin(first);
        pool.writer = WriteGate::of(
            &pool.config.path,
            pool.config.memory,
            pool.config.busy_timeout,
        );
        Ok(pool)
    }

    /// The database file's write gate.
    pub fn writer(&self) -> &WriteGate {
        &self.writer
    }

    fn connect(&self) -> Result<Connection> {
        let c = &self.config;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&c.path, flags).map_err(|e| {
            Failure::Connection(format!(
                "cannot open SQLite database `{}`: {e}",
                c.path.display()
            ))
        })?;
        conn.busy_timeout(c.busy_timeout).map_err(db)?;
        conn.set_prepared_statement_cache_capacity(c.statement_cache);
        if !c.memory {
            conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
                .map_err(db)?;
        }
        conn.execute_batch("PRAGMA foreign_keys = ON;")
            .map_err(db)?;
        Ok(conn)
    }

    /// An idle connection, or a new one; the caller holds a permit (released by the caller
    /// when this fails).
    fn take_idle_or_connect(&self) -> Result<PooledConnection> {
        match self.pool.take_idle() {
            Some(conn) => Ok(conn),
            None => Ok(self.pool.adopt(self.connect()?)),
        }
    }

    /// Takes a connection out of the pool with its permit (opening one when none is idle,
    /// waiting when all are out, at most the pool timeout).
    pub async fn checkout(&self) -> Result<(PooledConnection, Permit)> {
        let permit = self.pool.acquire_owned().await?;
        Ok((self.take_idle_or_connect()?, permit))
    }

    /// Gives a connection back (its permit is released by dropping it).
    pub fn checkin(&self, conn: PooledConnection) {
        self.pool.put_back(conn);
    }

    /// What the pool holds.
    pub fn status(&self) -> crate::PoolStatus {
        self.pool.status()
    }

    /// Runs `f`, a write, on a pooled connection, holding the write gate (taken first, so no
    /// connection is held while waiting for it).
    pub async fn write<R>(&self, f: impl FnOnce(&Connection) -> R) -> Result<R> {
        let _writing = self.writer.acquire().await?;
        self.with(f).await
    }

    /// Runs a query on a pooled connection, decoding each row with `decode`. A statement that
    /// writes (SQLite tells once it is prepared: `INSERT … RETURNING` is a query that writes,
    /// a raw query may be anything) runs holding the write gate: taken at once when free,
    /// otherwise waited for without holding a connection, then the statement runs again.
    pub async fn query<T, E: From<Failure>, B: Bind>(
        &self,
        text: &str,
        params: &[B],
        mut decode: impl FnMut(&Row<'_>) -> Result<T, E>,
    ) -> Result<Vec<T>, E> {
        let gate = Writes::IfGateFree(&self.writer);
        if let Some(rows) = self
            .with(|c| query(c, text, params, gate, &mut decode))
            .await??
        {
            return Ok(rows);
        }
        let _writing = self.writer.acquire().await?;
        let rows = self
            .with(|c| query(c, text, params, Writes::Allowed, &mut decode))
            .await??;
        Ok(rows.unwrap_or_default())
    }

    /// [`SqlitePool::query`] when it can run without waiting: a permit is free, and the
    /// statement reads or the write gate is free. `None` when it cannot; then nothing was run,
    /// and [`SqlitePool::query`] runs it (waiting as it must).
    pub fn query_at_once<T, E: From<Failure>, B: Bind>(
        &self,
        text: &str,
        params: &[B],
        mut decode: impl FnMut(&Row<'_>) -> Result<T, E>,
    ) -> Option<Result<Vec<T>, E>> {
        let permit = self.pool.try_acquire()?;
        let gate = Writes::IfGateFree(&self.writer);
        match self.lend(permit, |c| query(c, text, params, gate, &mut decode)) {
            Ok(ran) => ran.transpose(),
            Err(e) => Some(Err(e.into())),
        }
    }

    /// Runs `f` on a pooled connection.
    pub async fn with<R>(&self, f: impl FnOnce(&Connection) -> R) -> Result<R> {
        let permit = self.pool.acquire().await?;
        self.lend(permit, f)
    }

    /// Runs `f` on an idle or new connection under `permit`; both go back when it returns.
    fn lend<R>(
        &self,
        permit: crate::pool::Permit<'_, Connection>,
        f: impl FnOnce(&Connection) -> R,
    ) -> Result<R> {
        let mut guard = Returner {
            pool: self,
            conn: None,
            _permit: permit,
        };
        let conn = guard.conn.insert(self.take_idle_or_connect()?);
        Ok(f(conn))
    }
}

/// Gives the connection back (unless a panic left it in an unknown state: then it is closed)
/// and releases the permit, when dropped.
struct Returner<'p> {
    pool: &'p SqlitePool,
    conn: Option<PooledConnection>,
    _permit: crate::pool::Permit<'p, Connection>,
}

impl Drop for Returner<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take()
            && !std::thread::panicking()
        {
            self.pool.checkin(conn);
        }
    }
}

fn bind<B: Bind>(stmt: &mut rusqlite::CachedStatement<'_>, params: &[B]) -> Result<()> {
    let expected = stmt.parameter_count();
    if expected != params.len() {
        return Err(Failure::InvalidQuery(format!(
            "statement expects {expected} parameters, {} given",
            params.len()
        )));
    }
    for (i, p) in params.iter().enumerate() {
        stmt.raw_bind_parameter(i + 1, Sqlite(p)).map_err(db)?;
    }
    Ok(())
}

/// Whether [`query`] may run a statement that writes.
#[derive(Clone, Copy)]
pub enum Writes<'g> {
    /// Yes: the caller holds the write gate (a transaction).
    Allowed,
    /// Only holding this gate, taken if it is free now; otherwise the statement is not run
    /// (and [`query`] returns `None`).
    IfGateFree(&'g WriteGate),
}

/// Runs a query, decoding each row with `f`; `None` when it writes and `writes` did not let it.
pub fn query<T, E: From<Failure>, B: Bind>(
    conn: &Connection,
    text: &str,
    params: &[B],
    writes: Writes<'_>,
    mut f: impl FnMut(&Row<'_>) -> Result<T, E>,
) -> Result<Option<Vec<T>>, E> {
    let mut stmt = conn.prepare_cached(text).map_err(db)?;
    let _writing = match writes {
        Writes::IfGateFree(gate) if !stmt.readonly() => match gate.semaphore.try_acquire() {
            Ok(permit) => Some(permit),
            Err(_) => return Ok(None),
        },
        Writes::IfGateFree(_) | Writes::Allowed => None,
    };
    bind(&mut stmt, params)?;
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(db)? {
        out.push(f(row)?);
    }
    Ok(Some(out))
}

/// Runs a statement, returning the number of rows changed.
pub fn execute<B: Bind>(conn: &Connection, text: &str, params: &[B]) -> Result<u64> {
    let mut stmt = conn.prepare_cached(text).map_err(db)?;
    bind(&mut stmt, params)?;
    Ok(stmt.raw_execute().map_err(db)? as u64)
}

/// Runs plain SQL without parameters (transaction control).
pub fn batch(conn: &Connection, sql: &str) -> Result<()> {
    conn.execute_batch(sql).map_err(db)?;
    Ok(())
}

/// Runs one statement once per parameter row, prepared once.
pub fn execute_many<B: Bind>(conn: &Connection, text: &str, rows: &[Vec<B>]) -> Result<u64> {
    let mut stmt = conn.prepare_cached(text).map_err(db)?;
    let expected = stmt.parameter_count();
    let mut n = 0;
    for row in rows {
        if row.len() != expected {
            return Err(Failure::InvalidQuery(format!(
                "statement expects {expected} parameters, {} given",
                row.len()
            )));
        }
        for (i, p) in row.iter().enumerate() {
            stmt.raw_bind_parameter(i + 1, Sqlite(p)).map_err(db)?;
        }
        n += stmt.raw_execute().map_err(db)? as u64;
    }
    Ok(n)
}

/// A parameter as Prisma stores it in SQLite.
struct Sqlite<'a, B>(&'a B);

impl<B: Bind> rusqlite::ToSql for Sqlite<'_, B> {
    #[inline]
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.0.param() {
            Param::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Param::Bool(b) => ToSqlOutput::Owned(SqlValue::Integer(i64::from(b))),
            Param::Int(i) => ToSqlOutput::Owned(SqlValue::Integer(i)),
            Param::Float(f) => ToSqlOutput::Owned(SqlValue::Real(f)),
            // Prisma stores SQLite decimals as REAL (the adapter parses them as floats).
            Param::Decimal(d) => ToSqlOutput::Owned(SqlValue::Real(decimal_to_f64(d))),
            Param::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Param::DateTime(t) => ToSqlOutput::Owned(SqlValue::Text(sqlite_datetime_text(t))),
            // SQLite has no native date and time types; as the instant Prisma stores.
            Param::Date(d) => ToSqlOutput::Owned(SqlValue::Text(sqlite_datetime_text(
                &d.and_time(chrono::NaiveTime::MIN).and_utc(),
            ))),
            Param::Time(t) => ToSqlOutput::Owned(SqlValue::Text(sqlite_datetime_text(
                &chrono::NaiveDate::default().and_time(t).and_utc(),
            ))),
            Param::Json(j) => ToSqlOutput::Owned(SqlValue::Text(j.to_string())),
            Param::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            Param::List(items) => ToSqlOutput::Owned(SqlValue::Text(list_to_json(items))),
        })
    }
}

/// The double nearest to a decimal, as JavaScript's `parseFloat` of its text gives it (the
/// adapter's conversion).
fn decimal_to_f64(d: &crate::Decimal) -> f64 {
    d.to_f64()
}

/// A list bound for `json_each(?)`: a JSON array of the items as SQLite compares them.
fn list_to_json<B: Bind>(items: &[B]) -> String {
    let json: Vec<serde_json::Value> = items
        .iter()
        .map(|item| match item.param() {
            Param::Null => serde_json::Value::Null,
            Param::Bool(b) => serde_json::Value::from(i64::from(b)),
            Param::Int(i) => serde_json::Value::from(i),
            Param::Float(f) => serde_json::Value::from(f),
            Param::Decimal(d) => serde_json::Value::from(decimal_to_f64(d)),
            Param::Text(s) => serde_json::Value::from(s),
            Param::DateTime(t) => serde_json::Value::from(sqlite_datetime_text(t)),
            Param::Date(d) => serde_json::Value::from(sqlite_datetime_text(
                &d.and_time(chrono::NaiveTime::MIN).and_utc(),
            )),
            Param::Time(t) => serde_json::Value::from(sqlite_datetime_text(
                &chrono::NaiveDate::default().and_time(t).and_utc(),
            )),
            Param::Json(j) => serde_json::Value::from(j.to_string()),
            Param::Bytes(_) | Param::List(_) => serde_json::Value::Null,
        })
        .collect();
    serde_json::Value::Array(json).to_string()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

    use super::*;

    fn pool(max: usize) -> SqlitePool {
        SqlitePool::open(SqliteConfig {
            path: ":memory:".into(),
            memory: true,
            pool: PoolConfig {
                max_connections: max,
                ..PoolConfig::default()
            },
            busy_timeout: Duration::from_secs(5),
            statement_cache: 16,
        })
        .expect("pool")
    }

    /// Many tasks on several threads, some holding their connection across an await: never more
    /// than `max` connections out at once, every task finishes, every permit comes back.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn never_more_than_max_connections_out() {
        let pool = Arc::new(pool(3));
        let out = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..16)
            .map(|i| {
                let (pool, out, most) = (pool.clone(), out.clone(), most.clone());
                tokio::spawn(async move {
                    for k in 0..100 {
                        if (i + k) % 4 == 0 {
                            // As a transaction does: the connection held across awaits.
                            let (conn, permit) = pool.checkout().await.expect("checkout");
                            let n = out.fetch_add(1, SeqCst) + 1;
                            most.fetch_max(n, SeqCst);
                            tokio::task::yield_now().await;
                            out.fetch_sub(1, SeqCst);
                            pool.checkin(conn);
                            drop(permit);
                        } else {
                            pool.with(|c| {
                                let n = out.fetch_add(1, SeqCst) + 1;
                                most.fetch_max(n, SeqCst);
                                c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))
                                    .expect("select");
                                out.fetch_sub(1, SeqCst);
                            })
                            .await
                            .expect("with");
                        }
                    }
                })
            })
            .collect();
        for t in tasks {
            tokio::time::timeout(Duration::from_secs(60), t)
                .await
                .expect("no task waits forever")
                .expect("task");
        }
        assert!(most.load(SeqCst) <= 3, "{} out at once", most.load(SeqCst));
        assert_eq!(pool.status().busy, 0);
        assert!(pool.status().idle <= 3);
    }

    /// A connection that cannot be given back (a panic while it was out) is closed, and its
    /// permit still comes back, so the pool opens another.
    #[tokio::test]
    async fn a_panic_returns_the_permit_not_the_connection() {
        let pool = Arc::new(pool(1));
        let p = pool.clone();
        let result = tokio::spawn(async move { p.with(|_| panic!("boom")).await }).await;
        assert!(result.is_err_and(|e| e.is_panic()));
        assert_eq!(pool.status().busy, 0);
        assert_eq!(pool.status().idle, 0);
        let one = pool
            .with(|c| c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0)))
            .await
            .expect("with")
            .expect("select");
        assert_eq!(one, 1);
    }
}
