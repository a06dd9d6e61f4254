//! The MySQL backend's stand-in when the `mysql` feature is off: the names the client's
//! dispatch uses, on types that have no values. Opening a pool fails with the feature to turn
//! on; nothing else can be reached.

use crate::bind::Bind;
use crate::cell::Cells;
use crate::fault::Failure;
use crate::pool::{OwnedPermit, PoolConfig, Pooled};
use crate::url::MysqlUrl;

/// The result of a backend's call.
type Result<T, E = Failure> = std::result::Result<T, E>;

/// No MySQL row.
pub enum Row {}

impl Cells for Row {
    fn cell(&self, _: usize) -> Result<crate::Cell<'_>, crate::CellError> {
        match *self {}
    }
    fn column_name(&self, _: usize) -> String {
        match *self {}
    }
}

/// No MySQL pool (the feature is off).
pub enum MysqlPool {}
/// No MySQL connection.
pub enum Conn {}

impl MysqlPool {
    /// Fails: the feature is off.
    pub async fn open(_: &MysqlUrl, _: PoolConfig, _: usize, _: bool) -> Result<Self> {
        Err(Failure::Connection(
            crate::DriverCapabilities::not_compiled_in(crate::Provider::Mysql).to_string(),
        ))
    }

    /// Unreachable.
    pub fn server_version(&self) -> Option<&str> {
        match *self {}
    }

    /// Unreachable.
    pub async fn get(&self) -> Result<Box<Conn>> {
        match *self {}
    }

    /// Unreachable.
    pub async fn begin(&self, _: Option<&str>) -> Result<(Pooled<Conn>, OwnedPermit<Conn>)> {
        match *self {}
    }

    /// Unreachable.
    pub async fn end(&self, _: Pooled<Conn>, _: &str) -> Result<()> {
        match *self {}
    }

    /// Unreachable.
    pub fn status(&self) -> crate::PoolStatus {
        match *self {}
    }
}

/// Unreachable.
pub async fn query<T, E: From<Failure>, B: Bind>(
    conn: &mut Conn,
    _: &str,
    _: &[B],
    _: impl FnMut(&Row) -> Result<T, E>,
) -> Result<Vec<T>, E> {
    match *conn {}
}

/// Unreachable.
pub async fn execute<B: Bind>(conn: &mut Conn, _: &str, _: &[B]) -> Result<(u64, Option<u64>)> {
    match *conn {}
}

/// Unreachable.
pub async fn execute_many<B: Bind>(conn: &mut Conn, _: &str, _: Vec<Vec<B>>) -> Result<u64> {
    match *conn {}
}

/// Unreachable.
pub async fn batch(conn: &mut Conn, _: &str) -> Result<()> {
    match *conn {}
}
