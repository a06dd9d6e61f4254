//! The client's PostgreSQL backend: tokio-postgres connections in a pool, each with a cache of prepared statements.

use std::sync::Mutex;

pub use tokio_postgres::Row;
use tokio_postgres::types::{IsNull, Kind, ToSql, Type, private::BytesMut, to_sql_checked};
use tokio_postgres::{Client as PgClient, Config, Statement};

use crate::bind::{Bind, Param};
use crate::fault::Failure;
use crate::pool::{OwnedPermit, Permit, Pool, PoolConfig, Pooled};
use crate::statement_key::StatementMap;
use crate::tls::MakeRustlsConnect;
use crate::url::PostgresUrl;

/// The result of a backend's call.
type Result<T, E = Failure> = std::result::Result<T, E>;

/// A PostgreSQL error as a [`Failure`], classified.
fn db(e: tokio_postgres::Error) -> Failure {
    Failure::Database(super::classify(&e))
}

/// One connection and its prepared statements.
pub struct PgConn {
    client: PgClient,
    statements: Mutex<StatementMap<Statement>>,
}

/// Statements kept per connection before the cache is cleared.
const STATEMENT_CACHE: usize = 512;

impl PgConn {
    async fn prepare(&self, text: &str) -> Result<Statement> {
        if let Some(st) = self.lock().get(text) {
            return Ok(st.clone());
        }
        let st = self.client.prepare(text).await.map_err(db)?;
        let mut cache = self.lock();
        if cache.len() >= STATEMENT_CACHE {
            cache.clear();
        }
        cache.insert(text.to_owned(), st.clone());
        Ok(st)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, StatementMap<Statement>> {
        self.statements
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The statement's parameters; refused when a text holds NUL, which PostgreSQL's text
    /// cannot store or compare (the server would refuse it as an invalid UTF-8 byte sequence):
    /// the same value is refused whether it is written or searched for.
    fn check<B: Bind>(params: &[B]) -> Result<()> {
        fn holds_nul<B: Bind>(v: &B) -> bool {
            match v.param() {
                Param::Text(s) => s.contains('\0'),
                Param::List(items) => items.iter().any(holds_nul),
                _ => false,
            }
        }
        if params.iter().any(holds_nul) {
            return Err(Failure::InvalidQuery(
                "A text value contains a NUL character (`\\0`), which PostgreSQL does not allow in text. Remove it, or store the data in a `Bytes` field.".to_owned(),
            ));
        }
        Ok(())
    }

    /// Runs a query, decoding each row with `f`.
    pub async fn query<T, E: From<Failure>, B: Bind>(
        &self,
        text: &str,
        params: &[B],
        mut f: impl FnMut(&Row) -> Result<T, E>,
    ) -> Result<Vec<T>, E> {
        let st = self.prepare(text).await?;
        Self::check(params)?;
        let rows = self
            .client
            .query_raw(&st, params.iter().map(Postgres))
            .await
            .map_err(db)?;
        collect(rows, &mut f).await
    }

    /// Runs a statement, returning the number of rows it changed.
    pub async fn execute<B: Bind>(&self, text: &str, params: &[B]) -> Result<u64> {
        let st = self.prepare(text).await?;
        Self::check(params)?;
        self.client
            .execute_raw(&st, params.iter().map(Postgres))
            .await
            .map_err(db)
    }

    /// Runs SQL statements without parameters, one after the other.
    pub async fn batch(&self, sql: &str) -> Result<()> {
        self.client.batch_execute(sql).await.map_err(db)
    }

    /// Whether the server closed the connection.
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }
}

/// A pool of PostgreSQL connections.
pub struct PgPool {
    config: Config,
    /// TLS as the URL's `sslmode` and `sslrootcert` ask (the connector's, so both paths agree).
    tls: MakeRustlsConnect,
    ssl_mode: crate::SslMode,
    /// The URL's `schema` (`public` when absent), set as the search path of each connection.
    search_path: String,
    pool: Pool<PgConn>,
}

/// A connection taken from the pool; it goes back when dropped.
pub struct PgGuard<'p> {
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
    /// Opens the pool, and one connection now so that a wrong URL fails at once.
    pub async fn open(url: &PostgresUrl, pool: PoolConfig) -> Result<Self> {
        let tls = crate::tls::make_tls_connect(url.ssl_mode, url.ssl_root_cert.as_deref())
            .map_err(|e| Failure::Connection(e.to_string()))?;
        let pool = PgPool {
            config: super::driver_config(url),
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
                return db(e);
            }
            match crate::tls::explain_failure(&e, self.ssl_mode) {
                Some(crate::Error::Tls { message }) => Failure::Tls(message),
                Some(tls) => Failure::Connection(format!("cannot connect to PostgreSQL: {tls}")),
                None => Failure::Connection(format!("cannot connect to PostgreSQL: {e}")),
            }
        })?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!(error = %e, "PostgreSQL connection closed with an error");
            }
        });
        let set = format!(
            "SET search_path TO {}",
            super::quote_identifier(&self.search_path)
        );
        client.batch_execute(&set).await.map_err(db)?;
        Ok(PgConn {
            client,
            statements: Mutex::new(StatementMap::default()),
        })
    }

    fn checkin(&self, conn: Pooled<PgConn>) {
        if !conn.is_closed() {
            self.pool.put_back(conn);
        }
    }

    /// A new connection for the pool, when none is idle. On the heap: connecting (TLS,
    /// authentication) is rare, and its future, kilobytes inline, would weigh on every
    /// statement's that takes a connection. (Its callers take an idle connection themselves,
    /// without a future of their own for it: a call and a poll less a statement.)
    async fn connect_pooled(&self) -> Result<Pooled<PgConn>> {
        Ok(self.pool.adopt(Box::pin(self.connect()).await?))
    }

    /// Takes a connection, waiting for one when all are busy (at most the pool timeout).
    pub async fn get(&self) -> Result<PgGuard<'_>> {
        let permit = self.pool.acquire().await?;
        let conn = match self.pool.take_idle() {
            Some(conn) => conn,
            None => self.connect_pooled().await?,
        };
        Ok(PgGuard {
            pool: self,
            conn: Some(conn),
            _permit: permit,
        })
    }

    /// Takes a connection out of the pool (for a transaction), with its permit.
    pub async fn take(&self) -> Result<(Pooled<PgConn>, OwnedPermit<PgConn>)> {
        let permit = self.pool.acquire_owned().await?;
        let conn = match self.pool.take_idle() {
            Some(conn) => conn,
            None => self.connect_pooled().await?,
        };
        Ok((conn, permit))
    }

    /// Gives back a connection taken with [`Self::take`].
    pub fn give_back(&self, conn: Pooled<PgConn>) {
        self.checkin(conn);
    }

    /// What the pool holds.
    pub fn status(&self) -> crate::PoolStatus {
        self.pool.status()
    }
}

/// The rows of a statement's stream, decoded one by one as they arrive.
async fn collect<T, E: From<Failure>>(
    rows: tokio_postgres::RowStream,
    f: &mut impl FnMut(&Row) -> Result<T, E>,
) -> Result<Vec<T>, E> {
    use futures_core::Stream;
    let mut rows = std::pin::pin!(rows);
    let mut out = Vec::new();
    while let Some(row) = std::future::poll_fn(|cx| rows.as_mut().poll_next(cx)).await {
        out.push(f(&row.map_err(db)?)?);
    }
    Ok(out)
}

/// A parameter in PostgreSQL's binary form for the type the statement expects.
#[derive(Debug)]
pub struct Postgres<'a, B>(&'a B);

type BoxError = Box<dyn std::error::Error + Sync + Send>;

fn mismatch<B: Bind>(value: &B, ty: &Type) -> BoxError {
    format!("cannot bind {value:?} to a PostgreSQL parameter of type {ty}").into()
}

impl<B: Bind> ToSql for Postgres<'_, B> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        use crate::Decimal;
        match self.0.param() {
            Param::Null => Ok(IsNull::Yes),
            Param::Bool(b) => b.to_sql(ty, out),
            Param::Int(i) if native_number(ty) => {
                super::native::write_number(super::native::Number::Int(i), ty, out)
                    .unwrap_or_else(|| Err(mismatch(self.0, ty)))
            }
            Param::Float(f) if native_number(ty) => {
                super::native::write_number(super::native::Number::Float(f), ty, out)
                    .unwrap_or_else(|| Err(mismatch(self.0, ty)))
            }
            Param::Decimal(d) if native_number(ty) => {
                super::native::write_number(super::native::Number::Decimal(d), ty, out)
                    .unwrap_or_else(|| Err(mismatch(self.0, ty)))
            }
            Param::Int(i) => match *ty {
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT8 => i.to_sql(ty, out),
                Type::FLOAT4 => (i as f32).to_sql(ty, out),
                Type::FLOAT8 => (i as f64).to_sql(ty, out),
                Type::NUMERIC => Decimal::from(i).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                _ => Err(mismatch(self.0, ty)),
            },
            Param::Float(f) => match *ty {
                Type::FLOAT4 => (f as f32).to_sql(ty, out),
                Type::NUMERIC => Decimal::from_f64(f)
                    .ok_or_else(|| mismatch(self.0, ty))?
                    .to_sql(ty, out),
                _ => f.to_sql(ty, out),
            },
            Param::Decimal(d) => match *ty {
                Type::FLOAT8 => d.to_f64().to_sql(ty, out),
                Type::FLOAT4 => (d.to_f64() as f32).to_sql(ty, out),
                _ => d.to_sql(ty, out),
            },
            Param::Text(s) => write_text(s, ty, out),
            Param::DateTime(t) => write_time(t, ty, out),
            Param::Date(d) => match *ty {
                Type::DATE => d.to_sql(ty, out),
                _ => write_time(&d.and_time(chrono::NaiveTime::MIN).and_utc(), ty, out),
            },
            Param::Time(t) => match *ty {
                Type::TIME => t.to_sql(ty, out),
                _ => write_time(&chrono::NaiveDate::default().and_time(t).and_utc(), ty, out),
            },
            Param::Json(j) => j.to_sql(ty, out),
            Param::Bytes(b) => b.to_sql(ty, out),
            Param::List(items) => match ty.kind() {
                Kind::Array(member) => write_array(items, member, ty, out),
                _ => Err(mismatch(self.0, ty)),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Whether a number bound to `ty` takes a native type's own form (`money`, `oid`).
fn native_number(ty: &Type) -> bool {
    matches!(*ty, Type::MONEY | Type::OID)
}

fn write_text(s: &str, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
    if let Some(written) = super::native::write_text(s, ty, out) {
        return written;
    }
    match *ty {
        Type::UUID => {
            out.extend_from_slice(uuid::Uuid::parse_str(s)?.as_bytes());
            Ok(IsNull::No)
        }
        Type::JSON | Type::JSONB => serde_json::from_str::<serde_json::Value>(s)?.to_sql(ty, out),
        _ => {
            // Text, varchar, char, citext, enums and other text-like types share one binary
            // form: the UTF-8 bytes.
            out.extend_from_slice(s.as_bytes());
            Ok(IsNull::No)
        }
    }
}

fn write_time(
    t: &chrono::DateTime<chrono::Utc>,
    ty: &Type,
    out: &mut BytesMut,
) -> std::result::Result<IsNull, BoxError> {
    if let Some(written) = super::native::write_time(t, ty, out) {
        return written;
    }
    match *ty {
        Type::TIMESTAMPTZ => t.to_sql(ty, out),
        Type::DATE => t.date_naive().to_sql(ty, out),
        Type::TIME => t.time().to_sql(ty, out),
        _ => t.naive_utc().to_sql(&Type::TIMESTAMP, out),
    }
}

fn write_array<B: Bind>(
    items: &[B],
    member: &Type,
    ty: &Type,
    out: &mut BytesMut,
) -> std::result::Result<IsNull, BoxError> {
    use crate::Decimal;
    // Typed vectors carry the array encoding; pick the one matching the member type.
    macro_rules! typed {
        ($conv:expr) => {{
            let v = items
                .iter()
                .map(|v| $conv(v, v.param()))
                .collect::<std::result::Result<Vec<_>, BoxError>>()?;
            v.to_sql(ty, out)
        }};
    }
    match *member {
        Type::INT2 => typed!(|v, p| match p {
            Param::Int(i) => Ok(Some(i16::try_from(i)?)),
            Param::Null => Ok(None),
            _ => Err(mismatch(v, member)),
        }),
        Type::INT4 => typed!(|v, p| match p {
            Param::Int(i) => Ok(Some(i32::try_from(i)?)),
            Param::Null => Ok(None),
            _ => Err(mismatch(v, member)),
        }),
        Type::INT8 => typed!(|v, p| match p {
            Param::Int(i) => Ok(Some(i)),
            Param::Null => Ok(None),
            _ => Err(mismatch(v, member)),
        }),
        Type::FLOAT8 => typed!(|v, p| match p {
            Param::Float(f) => Ok(Some(f)),
            Param::Int(i) => Ok(Some(i as f64)),
            Param::Null => Ok(None),
            _ => Err(mismatch(v, member)),
        }),
        Type::BOOL => typed!(|v, p| match p {
            Param::Bool(b) => Ok(Some(b)),
            Param::Null => Ok(None),
            _ => Err(mismatch(v, member)),
        }),
        Type::NUMERIC => typed!(|v, p| match p {
            Param::Decimal(d) => Ok(Some(*d)),
            Param::Int(i) => Ok(Some(Decimal::from(i))),
            Param::Null => Ok(None),
            _ => Err(mismatch(v, member)),
        }),
        Type::TIMESTAMP => typed!(|v, p| match p {
            Param::DateTime(t) => Ok(Some(t.naive_utc())),
            Param::Null => Ok(None),
            _ => Err(mismatch(v, member)),
        }),
        Type::TIMESTAMPTZ => typed!(|v, p| match p {
            Param::DateTime(t) => Ok(Some(*t)),
            Param::Null => Ok(None),
            _ => Err(mismatch(v, member)),
        }),
        Type::BYTEA => typed!(|v, p| match p {
            Param::Bytes(b) => Ok(Some(b)),
            Param::Null => Ok(None),
            _ => Err(mismatch(v, member)),
        }),
        Type::JSON | Type::JSONB => typed!(|v, p| match p {
            Param::Json(j) => Ok(Some(j)),
            Param::Null => Ok(None),
            _ => Err(mismatch(v, member)),
        }),
        Type::FLOAT4 => typed!(|v, p| match p {
            Param::Float(f) => Ok(Some(f as f32)),
            Param::Int(i) => Ok(Some(i as f32)),
            Param::Null => Ok(None),
            _ => Err(mismatch(v, member)),
        }),
        Type::DATE => typed!(|v, p| match p {
            Param::DateTime(t) => Ok(Some(t.date_naive())),
            Param::Date(d) => Ok(Some(d)),
            Param::Null => Ok(None),
            _ => Err(mismatch(v, member)),
        }),
        Type::UUID => typed!(|v, p| match p {
            Param::Text(s) => Ok(Some(uuid::Uuid::parse_str(s)?.to_string())),
            Param::Null => Ok(None),
            _ => Err(mismatch(v, member)),
        }),
        // Native types with their own binary form: each element as a parameter of the
        // member type.
        Type::INET
        | Type::CIDR
        | Type::BIT
        | Type::VARBIT
        | Type::MONEY
        | Type::TIMETZ
        | Type::OID
        | Type::TIME => items
            .iter()
            .map(Postgres)
            .collect::<Vec<_>>()
            .to_sql(ty, out),
        _ => {
            // Text and enum arrays: encode with the array's own element type so that enum
            // arrays keep their OID.
            typed!(|v, p| match p {
                Param::Text(s) => Ok(Some(TextLike(s))),
                Param::Null => Ok(None),
                _ => Err(mismatch(v, member)),
            })
        }
    }
}

/// A string written as the UTF-8 bytes of any text-like type (text, varchar, enums).
#[derive(Debug)]
struct TextLike<'a>(&'a str);

impl ToSql for TextLike<'_> {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        out.extend_from_slice(self.0.as_bytes());
        Ok(IsNull::No)
    }
    fn accepts(_: &Type) -> bool {
        true
    }
    to_sql_checked!();
}
