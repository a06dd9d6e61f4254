//! The SQLite backend's stand-in when the `sqlite` feature is off: the names the client's
//! dispatch uses, on types that have no values. Opening a pool fails with the feature to turn
//! on; nothing else can be reached.

use std::path::PathBuf;
use std::time::Duration;

use crate::bind::Bind;
use crate::cell::Cells;
use crate::fault::Failure;
use crate::pool::{PoolConfig, Pooled};

/// The result of a backend's call.
type Result<T, E = Failure> = std::result::Result<T, E>;

/// What the real backend opens a pool with (read only by it).
#[allow(dead_code)]
pub struct SqliteConfig {
    /// The database file.
    pub path: PathBuf,
    /// Whether the database is in memory.
    pub memory: bool,
    /// The pool's limits.
    pub pool: PoolConfig,
    /// How long a writer waits for the database file.
    pub busy_timeout: Duration,
    /// Prepared statements kept per connection.
    pub statement_cache: usize,
}

/// No SQLite pool (the feature is off).
pub enum SqlitePool {}
/// No SQLite connection.
pub enum Connection {}
/// No SQLite row.
pub struct Row<'s>(std::convert::Infallible, std::marker::PhantomData<&'s ()>);

impl Cells for Row<'_> {
    fn cell(&self, _: usize) -> Result<crate::Cell<'_>, crate::CellError> {
        match self.0 {}
    }
    fn column_name(&self, _: usize) -> String {
        match self.0 {}
    }
}
/// No permit.
pub enum Permit {}
/// No pooled connection.
pub type PooledConnection = Pooled<Connection>;
/// No write gate.
pub enum WriteGate {}

/// Whether [`query`] may run a statement that writes.
#[allow(dead_code)]
#[derive(Clone, Copy)]
pub enum Writes<'g> {
    /// Yes.
    Allowed,
    /// Only holding this gate.
    IfGateFree(&'g WriteGate),
}

impl WriteGate {
    /// Unreachable.
    pub async fn acquire_owned(&self) -> Result<tokio::sync::OwnedSemaphorePermit> {
        match *self {}
    }
}

impl Connection {
    /// Unreachable.
    pub fn last_insert_rowid(&self) -> i64 {
        match *self {}
    }
}

impl SqlitePool {
    /// Fails: the feature is off.
    pub fn open(_: SqliteConfig) -> Result<Self> {
        Err(Failure::Connection(
            crate::DriverCapabilities::not_compiled_in(crate::Provider::Sqlite).to_string(),
        ))
    }

    /// Unreachable.
    pub async fn checkout(&self) -> Result<(PooledConnection, Permit)> {
        match *self {}
    }

    /// Unreachable.
    pub fn checkin(&self, _: PooledConnection) {
        match *self {}
    }

    /// Unreachable.
    pub fn status(&self) -> crate::PoolStatus {
        match *self {}
    }

    /// Unreachable.
    pub fn writer(&self) -> &WriteGate {
        match *self {}
    }

    /// Unreachable.
    pub async fn write<R>(&self, _: impl FnOnce(&Connection) -> R) -> Result<R> {
        match *self {}
    }

    /// Unreachable.
    pub async fn query<T, E: From<Failure>, B: Bind>(
        &self,
        _: &str,
        _: &[B],
        _: impl FnMut(&Row<'_>) -> Result<T, E>,
    ) -> Result<Vec<T>, E> {
        match *self {}
    }

    /// Unreachable.
    pub fn query_at_once<T, E: From<Failure>, B: Bind>(
        &self,
        _: &str,
        _: &[B],
        _: impl FnMut(&Row<'_>) -> Result<T, E>,
    ) -> Option<Result<Vec<T>, E>> {
        match *self {}
    }
}

/// Unreachable.
pub fn query<T, E: From<Failure>, B: Bind>(
    conn: &Connection,
    _: &str,
    _: &[B],
    _: Writes<'_>,
    _: impl FnMut(&Row<'_>) -> Result<T, E>,
) -> Result<Option<Vec<T>>, E> {
    match *conn {}
}

/// Unreachable.
pub fn execute<B: Bind>(conn: &Connection, _: &str, _: &[B]) -> Result<u64> {
    match *conn {}
}

/// Unreachable.
pub fn batch(conn: &Connection, _: &str) -> Result<()> {
    match *conn {}
}

/// Unreachable.
pub fn execute_many<B: Bind>(conn: &Connection, _: &str, _: &[Vec<B>]) -> Result<u64> {
    match *conn {}
}
