//! The PostgreSQL backend's stand-in when the `postgresql` feature is off: the names the
//! client's dispatch uses, on types that have no values. Opening a pool fails with the feature
//! to turn on; nothing else can be reached.

use crate::bind::Bind;
use crate::cell::Cells;
use crate::fault::Failure;
use crate::pool::{OwnedPermit, PoolConfig, Pooled};
use crate::url::PostgresUrl;

/// The result of a backend's call.
type Result<T, E = Failure> = std::result::Result<T, E>;

/// No PostgreSQL row.
pub enum Row {}

impl Cells for Row {
    fn cell(&self, _: usize) -> Result<crate::Cell<'_>, crate::CellError> {
        match *self {}
    }
    fn column_name(&self, _: usize) -> String {
        match *self {}
    }
}

/// No PostgreSQL pool (the feature is off).
pub enum PgPool {}
/// No PostgreSQL connection.
pub enum PgConn {}

impl PgConn {
    /// Unreachable.
    pub async fn query<T, E: From<Failure>, B: Bind>(
        &self,
        _: &str,
        _: &[B],
        _: impl FnMut(&Row) -> Result<T, E>,
    ) -> Result<Vec<T>, E> {
        match *self {}
    }

    /// Unreachable.
    pub async fn execute<B: Bind>(&self, _: &str, _: &[B]) -> Result<u64> {
        match *self {}
    }

    /// Unreachable.
    pub async fn batch(&self, _: &str) -> Result<()> {
        match *self {}
    }
}

impl PgPool {
    /// Fails: the feature is off.
    pub async fn open(_: &PostgresUrl, _: PoolConfig) -> Result<Self> {
        Err(Failure::Connection(
            crate::DriverCapabilities::not_compiled_in(crate::Provider::Postgres).to_string(),
        ))
    }

    /// Unreachable.
    pub async fn get(&self) -> Result<&PgConn> {
        match *self {}
    }

    /// Unreachable.
    pub async fn take(&self) -> Result<(Pooled<PgConn>, OwnedPermit<PgConn>)> {
        match *self {}
    }

    /// Unreachable.
    pub fn give_back(&self, _: Pooled<PgConn>) {
        match *self {}
    }

    /// Unreachable.
    pub fn status(&self) -> crate::PoolStatus {
        match *self {}
    }
}
