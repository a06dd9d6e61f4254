//! PostgreSQL: tokio-postgres connections in a pool, each with a cache of prepared statements.

use std::collections::HashMap;
use std::sync::Mutex;

use driver::PostgresUrl;
use driver::pool::{OwnedPermit, Permit, Pool, PoolConfig, Pooled};
use driver::tls::MakeRustlsConnect;
use tokio_postgres::{Client as PgClient, Config, Statement};

use crate::decode::RowReader;
use crate::error::{Classify, Error, Result};
use crate::render::Sql;
use crate::value::Value;

/// One connection and its prepared statements.
pub(crate) struct PgConn {
    client: PgClient,
    statements: Mutex<HashMap<String, Statement>>,
}

/// Statements kept per connection before the cache is cleared.
const STATEMENT_CACHE: usize = 512;

impl PgConn {
    async fn prepare(&self, text: &str) -> Result<Statement> {
        if let Some(st) = self.lock().get(text) {
            return Ok(st.clone());
        }
        let st = self.client.prepare(text).await.classified()?;
        let mut cache = self.lock();
        if cache.len() >= STATEMENT_CACHE {
            cache.clear();
        }
        cache.insert(text.to_owned(), st.clone());
        Ok(st)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Statement>> {
        self.statements
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The statement's parameters; a P2009 error when a text holds NUL, which PostgreSQL's
    /// text cannot store or compare (the server would refuse it as an invalid UTF-8 byte
    /// sequence): the same value is refused whether it is written or searched for.
    fn params(sql: &Sql) -> Result<Vec<&(dyn tokio_postgres::types::ToSql + Sync)>> {
        fn holds_nul(v: &Value) -> bool {
            match v {
                Value::Text(s) => s.contains('\0'),
                Value::SharedText(s) => s.contains('\0'),
                Value::Enum(s) => s.contains('\0'),
                Value::List(items) => items.iter().any(holds_nul),
                _ => false,
            }
        }
        if sql.params.iter().any(holds_nul) {
            return Err(Error::InvalidQuery(
                "A text value contains a NUL character (`\\0`), which PostgreSQL does not allow in text. Remove it, or store the data in a `Bytes` field.".to_owned(),
            ));
        }
        Ok(sql
            .params
            .iter()
            .map(|p| p as &(dyn tokio_postgres::types::ToSql + Sync))
            .collect())
    }

    pub(crate) async fn query<T>(
        &self,
        sql: &Sql,
        mut f: impl FnMut(&mut RowReader<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let st = self.prepare(&sql.text).await?;
        let rows = self
            .client
            .query(&st, &Self::params(sql)?)
            .await
            .classified()?;
        rows.iter().map(|row| f(&mut RowReader::pg(row))).collect()
    }

    pub(crate) async fn execute(&self, sql: &Sql) -> Result<u64> {
        let st = self.prepare(&sql.text).await?;
        self.client
            .execute(&st, &Self::params(sql)?)
            .await
            .classified()
    }

    pub(crate) async fn batch(&self, sql: &str) -> Result<()> {
        self.client.batch_execute(sql).await.classified()
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.client.is_closed()
    }
}

/// A pool of PostgreSQL connections.
pub(crate) struct PgPool {
    config: Config,
    /// TLS as the URL's `sslmode` and `sslrootcert` ask (the connector's, so both paths agree).
    tls: MakeRustlsConnect,
    ssl_mode: driver::SslMode,
    /// The URL's `schema` (`public` when absent), set as the search path of each connection.
    search_path: String,
    pool: Pool<PgConn>,
}

/// A connection taken from the pool; it goes back when dropped.
pub(crate) struct PgGuard<'p> {
    pool: &'p PgPool,
    conn: Option<Pooled<PgConn>>,
    _permit: Permit<'p, PgConn>,
}

impl std::ops::Deref for PgGuard<'_> {
    type Target = PgConn;
    fn deref(&self) -> &PgConn {
        self.conn.as_ref().expect("present until drop")
    }
}

impl Drop for PgGuard<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool.checkin(conn);
        }
    }
}

impl PgPool {
    pub(crate) async fn open(url: &PostgresUrl, pool: PoolConfig) -> Result<Self> {
        let tls = driver::tls::make_tls_connect(url.ssl_mode, url.ssl_root_cert.as_deref())
            .map_err(|e| Error::Connection(e.to_string()))?;
        let pool = PgPool {
            config: driver::postgres::driver_config(url),
            tls,
            ssl_mode: url.ssl_mode,
            // Always, as Prisma works in `public` unless told otherwise, whatever search path
            // the role has by default (and as the migration commands' connections do).
            search_path: url.schema.clone(),
            pool: Pool::new(pool),
        };
        let first = pool.connect().await?;
        let first = pool.pool.adopt(first);
        pool.checkin(first);
        Ok(pool)
    }

    async fn connect(&self) -> Result<PgConn> {
        let (client, connection) = self.config.connect(self.tls.clone()).await.map_err(|e| {
            if e.as_db_error().is_some() {
                // The server answered: wrong password, no such database, too many connections…
                return driver::postgres::classify(&e).into();
            }
            match driver::tls::explain_failure(&e, self.ssl_mode) {
                Some(tls) => Error::Connection(format!("cannot connect to PostgreSQL: {tls}")),
                None => Error::Connection(format!("cannot connect to PostgreSQL: {e}")),
            }
        })?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!(error = %e, "PostgreSQL connection closed with an error");
            }
        });
        let mut set = String::from("SET search_path TO ");
        crate::Dialect::Postgres.push_identifier(&mut set, &self.search_path);
        client.batch_execute(&set).await.classified()?;
        Ok(PgConn {
            client,
            statements: Mutex::new(HashMap::new()),
        })
    }

    fn checkin(&self, conn: Pooled<PgConn>) {
        if !conn.is_closed() {
            self.pool.put_back(conn);
        }
    }

    async fn take_idle_or_connect(&self) -> Result<Pooled<PgConn>> {
        match self.pool.take_idle() {
            Some(conn) => Ok(conn),
            None => Ok(self.pool.adopt(self.connect().await?)),
        }
    }

    /// Takes a connection, waiting for one when all are busy (at most the pool timeout).
    pub(crate) async fn get(&self) -> Result<PgGuard<'_>> {
        let permit = self.pool.acquire().await?;
        Ok(PgGuard {
            pool: self,
            conn: Some(self.take_idle_or_connect().await?),
            _permit: permit,
        })
    }

    /// Takes a connection out of the pool (for a transaction), with its permit.
    pub(crate) async fn take(&self) -> Result<(Pooled<PgConn>, OwnedPermit<PgConn>)> {
        let permit = self.pool.acquire_owned().await?;
        Ok((self.take_idle_or_connect().await?, permit))
    }

    /// Gives back a connection taken with [`Self::take`].
    pub(crate) fn give_back(&self, conn: Pooled<PgConn>) {
        self.checkin(conn);
    }

    /// What the pool holds.
    pub(crate) fn status(&self) -> driver::PoolStatus {
        self.pool.status()
    }
}
