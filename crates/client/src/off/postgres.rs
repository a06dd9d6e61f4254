//! The PostgreSQL backend's stand-in when the `postgresql` feature is off: the names
//! `client.rs` uses, on types that have no values. Opening a pool fails with the feature to
//! turn on; nothing else can be reached.

use driver::PostgresUrl;
use driver::pool::{OwnedPermit, PoolConfig, Pooled};

use crate::decode::RowReader;
use crate::error::{Error, Result};
use crate::render::Sql;

pub(crate) enum PgPool {}
pub(crate) enum PgConn {}

impl PgConn {
    pub(crate) async fn query<T>(
        &self,
        _: &Sql,
        _: impl FnMut(&mut RowReader<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        match *self {}
    }

    pub(crate) async fn execute(&self, _: &Sql) -> Result<u64> {
        match *self {}
    }

    pub(crate) async fn batch(&self, _: &str) -> Result<()> {
        match *self {}
    }
}

impl PgPool {
    pub(crate) async fn open(_: &PostgresUrl, _: PoolConfig) -> Result<Self> {
        Err(Error::Connection(
            driver::DriverCapabilities::not_compiled_in(driver::Provider::Postgres).to_string(),
        ))
    }

    pub(crate) async fn get(&self) -> Result<&PgConn> {
        match *self {}
    }

    pub(crate) async fn take(&self) -> Result<(Pooled<PgConn>, OwnedPermit<PgConn>)> {
        match *self {}
    }

    pub(crate) fn give_back(&self, _: Pooled<PgConn>) {
        match *self {}
    }

    pub(crate) fn status(&self) -> driver::PoolStatus {
        match *self {}
    }
}
