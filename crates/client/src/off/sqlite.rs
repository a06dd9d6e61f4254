//! The SQLite backend's stand-in when the `sqlite` feature is off: the names `client.rs` uses,
//! on types that have no values. Opening a pool fails with the feature to turn on; nothing
//! else can be reached.

use std::path::PathBuf;
use std::time::Duration;

use driver::pool::{PoolConfig, Pooled};

use crate::decode::RowReader;
use crate::error::{Error, Result};
use crate::render::Sql;

/// What the real backend opens a pool with (read only by it).
#[allow(dead_code)]
pub(crate) struct SqliteConfig {
    pub path: PathBuf,
    pub memory: bool,
    pub pool: PoolConfig,
    pub busy_timeout: Duration,
    pub statement_cache: usize,
}

pub(crate) enum SqlitePool {}
pub(crate) enum Connection {}
pub(crate) enum Permit {}
pub(crate) type PooledConnection = Pooled<Connection>;
pub(crate) enum WriteGate {}

/// Whether [`query`] may run a statement that writes.
#[allow(dead_code)]
#[derive(Clone, Copy)]
pub(crate) enum Writes<'g> {
    Allowed,
    IfGateFree(&'g WriteGate),
}

impl WriteGate {
    pub(crate) async fn acquire_owned(&self) -> Result<tokio::sync::OwnedSemaphorePermit> {
        match *self {}
    }
}

impl Connection {
    pub(crate) fn last_insert_rowid(&self) -> i64 {
        match *self {}
    }
}

impl SqlitePool {
    pub(crate) fn open(_: SqliteConfig) -> Result<Self> {
        Err(Error::Connection(
            driver::DriverCapabilities::not_compiled_in(driver::Provider::Sqlite).to_string(),
        ))
    }

    pub(crate) async fn checkout(&self) -> Result<(PooledConnection, Permit)> {
        match *self {}
    }

    pub(crate) fn checkin(&self, _: PooledConnection) {
        match *self {}
    }

    pub(crate) fn status(&self) -> driver::PoolStatus {
        match *self {}
    }

    pub(crate) fn writer(&self) -> &WriteGate {
        match *self {}
    }

    pub(crate) async fn write<R>(&self, _: impl FnOnce(&Connection) -> R) -> Result<R> {
        match *self {}
    }

    pub(crate) async fn query<T>(
        &self,
        _: &Sql,
        _: impl FnMut(&mut RowReader<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        match *self {}
    }
}

pub(crate) fn query<T>(
    conn: &Connection,
    _: &Sql,
    _: Writes<'_>,
    _: impl FnMut(&mut RowReader<'_>) -> Result<T>,
) -> Result<Option<Vec<T>>> {
    match *conn {}
}

pub(crate) fn execute(conn: &Connection, _: &Sql) -> Result<u64> {
    match *conn {}
}

pub(crate) fn batch(conn: &Connection, _: &str) -> Result<()> {
    match *conn {}
}

pub(crate) fn execute_many(conn: &Connection, _: &str, _: &[Vec<crate::Value>]) -> Result<u64> {
    match *conn {}
}
