//! The MySQL backend's stand-in when the `mysql` feature is off: the names `client.rs` uses,
//! on types that have no values. Opening a pool fails with the feature to turn on; nothing
//! else can be reached.

use driver::MysqlUrl;
use driver::pool::{OwnedPermit, PoolConfig, Pooled};

use crate::decode::RowReader;
use crate::error::{Error, Result};
use crate::render::{Returning, Sql};
use crate::value::Value;

pub(crate) enum MysqlPool {}
pub(crate) enum Conn {}

impl MysqlPool {
    pub(crate) async fn open(_: &MysqlUrl, _: PoolConfig, _: usize, _: bool) -> Result<Self> {
        Err(Error::Connection(
            driver::DriverCapabilities::not_compiled_in(driver::Provider::Mysql).to_string(),
        ))
    }

    pub(crate) fn returning(&self) -> Returning {
        match *self {}
    }

    pub(crate) async fn get(&self) -> Result<Box<Conn>> {
        match *self {}
    }

    pub(crate) async fn begin(&self, _: Option<&str>) -> Result<(Pooled<Conn>, OwnedPermit<Conn>)> {
        match *self {}
    }

    pub(crate) async fn end(&self, _: Pooled<Conn>, _: &str) -> Result<()> {
        match *self {}
    }

    pub(crate) fn status(&self) -> driver::PoolStatus {
        match *self {}
    }
}

pub(crate) async fn query<T>(
    conn: &mut Conn,
    _: &Sql,
    _: impl FnMut(&mut RowReader<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    match *conn {}
}

pub(crate) async fn execute(conn: &mut Conn, _: &Sql) -> Result<(u64, Option<u64>)> {
    match *conn {}
}

pub(crate) async fn execute_many(conn: &mut Conn, _: &str, _: Vec<Vec<Value>>) -> Result<u64> {
    match *conn {}
}

pub(crate) async fn batch(conn: &mut Conn, _: &str) -> Result<()> {
    match *conn {}
}
