//! The client (a pool, shared by every task), transactions, and the executor that runs SQL on
//! either.

use std::sync::Arc;
use std::time::Duration;

use driver::{PoolConfig, PoolStatus};
use tracing::Instrument as _;

use crate::decode::RowReader;
use crate::dialect::backend::{Backend, Settings, Target};
use crate::error::{Error, Result};
use crate::observe::{self, Entry, Log, Observe, SqlCommenter, Statement};
use crate::render::{Dialect, Returning, Sql};
use crate::transaction::{Held, Start, Watch};
pub use crate::transaction::{IsolationLevel, Transaction, TransactionOptions};

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
    /// The defaults of interactive transactions (Prisma's `transactionOptions`): `max_wait`,
    /// `timeout` and the isolation level that a transaction's own options leave unset; unset
    /// here too, Prisma's (`max_wait` 2 s, `timeout` 5 s).
    pub transaction_options: TransactionOptions,
    /// Which events the client emits as `tracing` events (Prisma's `log`): by default
    /// `query`, `info`, `warn` and `error`, without the queries' parameters
    /// (docs/client.md, "Logging and tracing").
    pub log: Log,
    /// Prisma 7's SQL comments: a sqlcommenter tag appended to every statement
    /// (`/*action='findMany',model='User'*/`); `None` (the default) sends statements as
    /// rendered.
    pub comments: Option<SqlCommenter>,
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
            transaction_options: TransactionOptions::default(),
            log: Log::default(),
            comments: None,
        }
    }
}

/// A database client: a pool of connections. Clone it freely (clones share the pool) and use
/// one for the whole application, as Prisma recommends a single global client.
#[derive(Clone)]
pub struct Client {
    backend: Arc<Backend>,
    transaction_options: TransactionOptions,
    /// The `find_unique` calls waiting to be batched (`loader`).
    batches: Arc<crate::loader::Batches>,
    /// The query hooks of [`Client::extend`]; `None` (the hot path's one test) without.
    pub(crate) extensions: Option<Arc<crate::hooks::Extensions>>,
    /// Logging and tracing ([`ClientOptions::log`], [`ClientOptions::comments`]).
    observe: Arc<Observe>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("dialect", &self.dialect())
            .finish()
    }
}

impl Client {
    /// Connects to a database from a Prisma URL: `file:PATH` for SQLite,
    /// `postgresql://…` for PostgreSQL, `mysql://…` for MySQL and MariaDB.
    ///
    /// The URL is read by `driver::DatabaseUrl::parse`, as the migration commands read it.
    /// A relative SQLite path opens against the process's working directory (as Prisma 7's
    /// SQLite adapter opens it: the running client knows no schema folder); `file::memory:`
    /// and an empty path are an in-memory database. Query parameters never name the file.
    pub async fn connect(url: &str) -> Result<Client> {
        Self::connect_with(url, ClientOptions::default()).await
    }

    /// Connects with explicit options.
    pub async fn connect_with(url: &str, options: ClientOptions) -> Result<Client> {
        let settings = Settings {
            pool: PoolConfig {
                max_connections: options.max_connections.max(1),
                acquire_timeout: options.pool_timeout,
                idle_timeout: options.idle_timeout,
                max_lifetime: options.max_lifetime,
            },
            busy_timeout: options.busy_timeout,
            statement_cache: options.statement_cache,
            mysql_returning: options.mysql_returning,
        };
        let observe = Arc::new(Observe {
            log: options.log,
            comments: options.comments,
        });
        let connections = settings.pool.max_connections;
        let backend = Backend::open(url, settings).await?;
        observe::pool_opened(&observe, backend.dialect(), connections);
        Ok(Client {
            backend: Arc::new(backend),
            transaction_options: options.transaction_options,
            batches: Arc::default(),
            extensions: None,
            observe,
        })
    }

    /// The `find_unique` calls waiting to be batched.
    pub(crate) fn batches(&self) -> &crate::loader::Batches {
        &self.batches
    }

    /// The SQL dialect of the database.
    pub fn dialect(&self) -> Dialect {
        self.backend.dialect()
    }

    /// What the connection pool holds now: idle and busy connections, and how many it has
    /// opened (Prisma's pool metrics).
    pub fn pool_status(&self) -> PoolStatus {
        self.backend.pool_status()
    }

    /// Which writes return the rows they wrote on this database (`RETURNING`): all of them on
    /// SQLite and PostgreSQL, INSERT and DELETE on MariaDB 10.5 and later, none on MySQL.
    pub fn returning(&self) -> Returning {
        self.backend.returning()
    }

    /// Starts a transaction; commit it with [`Transaction::commit`] (dropping it rolls back).
    /// Takes [`TransactionOptions`], or an isolation level alone (`begin(None)`,
    /// `begin(Some(IsolationLevel::Serializable))`); the options left unset are the client's
    /// ([`ClientOptions::transaction_options`]). It waits at most `max_wait` to start and is
    /// rolled back when its `timeout` is up (P2028 for every later call).
    pub async fn begin(&self, options: impl Into<TransactionOptions>) -> Result<Transaction> {
        self.start_transaction(options.into(), Watch::Timer).await
    }

    async fn start_transaction(
        &self,
        options: TransactionOptions,
        watch: Watch,
    ) -> Result<Transaction> {
        let start = options.resolve(self.transaction_options);
        let observe = Arc::clone(&self.observe);
        let mut tx = Transaction::start(Arc::clone(&self.backend), start, observe, watch).await?;
        tx.extensions.clone_from(&self.extensions);
        Ok(tx)
    }

    /// Runs `f` in a transaction (Prisma's interactive `$transaction(async (tx) => …)`):
    /// committed when `f` returns `Ok`, rolled back when it returns `Err`, with the client's
    /// transaction options (by default Prisma's: it waits at most 2 s to start and runs at most
    /// 5 s; past its timeout it is rolled back, and every later call in it and its result are
    /// P2028).
    pub async fn transaction<T, E>(
        &self,
        f: impl AsyncFnOnce(&Transaction) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<Error>,
    {
        self.transaction_with(TransactionOptions::default(), f)
            .await
    }

    /// [`Client::transaction`] with options (Prisma's `$transaction(fn, { maxWait, timeout,
    /// isolationLevel })`): [`TransactionOptions`], or an isolation level alone
    /// (`transaction_with(Some(IsolationLevel::Serializable), …)`).
    ///
    /// When `f` returns `Err`, that error is the result (a failed rollback is not reported
    /// over it: the connection is closed instead, as Prisma does).
    pub async fn transaction_with<T, E>(
        &self,
        options: impl Into<TransactionOptions>,
        f: impl AsyncFnOnce(&Transaction) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<Error>,
    {
        // Each step in the transaction's span (`prisma:client:transaction`); with no
        // subscriber the span is disabled and entering it does nothing.
        let span = observe::transaction_span();
        let tx = self
            .start_transaction(options.into(), Watch::Caller)
            .instrument(span.clone())
            .await?;
        match tx.watched(f(&tx)).instrument(span.clone()).await {
            Ok(v) => {
                tx.commit().instrument(span).await?;
                Ok(v)
            }
            Err(e) => {
                let _ = tx.rollback().instrument(span).await;
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
        let exec = Exec::Client(self);
        exec.operation(None, "queryRaw", || {
            crate::error::in_raw_query(exec.query(&sql, decode))
        })
        .await
    }

    /// Runs a raw statement with bound parameters, returning the rows changed
    /// (Prisma's `$executeRaw`). The SQL is sent as written, in the database's own syntax.
    pub async fn execute_raw(&self, sql: &str, params: Vec<crate::Value>) -> Result<u64> {
        let sql = Sql {
            text: sql.to_owned(),
            params,
        };
        let exec = Exec::Client(self);
        exec.operation(None, "executeRaw", || {
            crate::error::in_raw_query(exec.execute(&sql))
        })
        .await
    }

    /// Runs SQL statements without parameters, one after the other (schema setup, tests).
    pub async fn execute_script(&self, script: &str) -> Result<()> {
        self.backend.execute_script(script).await
    }
}

impl Transaction {
    /// Runs raw SQL with bound parameters in the transaction, decoding each row with `decode`
    /// ([`Client::query_raw`], on the transaction's connection: Prisma's `tx.$queryRaw`).
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
        let exec = Exec::Transaction(self);
        exec.operation(None, "queryRaw", || {
            crate::error::in_raw_query(exec.query(&sql, decode))
        })
        .await
    }

    /// Runs a raw statement with bound parameters in the transaction, returning the rows
    /// changed ([`Client::execute_raw`], on the transaction's connection: Prisma's
    /// `tx.$executeRaw`).
    pub async fn execute_raw(&self, sql: &str, params: Vec<crate::Value>) -> Result<u64> {
        let sql = Sql {
            text: sql.to_owned(),
            params,
        };
        let exec = Exec::Transaction(self);
        exec.operation(None, "executeRaw", || {
            crate::error::in_raw_query(exec.execute(&sql))
        })
        .await
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

/// A statement's connection: the pool's, or a transaction's, held.
enum Connection<'a> {
    Pool(&'a Backend),
    Transaction(Held<'a>),
}

impl Connection<'_> {
    fn target(&self) -> Target<'_> {
        match self {
            Connection::Pool(backend) => Target::Pool(backend),
            Connection::Transaction(held) => held.target(),
        }
    }
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

impl<'a> Exec<'a> {
    /// The SQL dialect.
    pub fn dialect(self) -> Dialect {
        match self {
            Exec::Client(c) => c.dialect(),
            Exec::Transaction(t) => t.dialect(),
        }
    }

    /// Which writes return the rows they wrote ([`Client::returning`]).
    pub fn returning(self) -> Returning {
        match self {
            Exec::Client(c) => c.returning(),
            Exec::Transaction(t) => t.returning(),
        }
    }

    /// The query hooks of the client (or of the client the transaction was started from).
    #[inline]
    pub(crate) fn extensions(self) -> Option<&'a crate::hooks::Extensions> {
        match self {
            Exec::Client(c) => c.extensions.as_deref(),
            Exec::Transaction(t) => t.extensions.as_deref(),
        }
    }

    /// Logging and tracing: the client's.
    pub(crate) fn observe(self) -> &'a Observe {
        match self {
            Exec::Client(c) => &c.observe,
            Exec::Transaction(t) => t.observe(),
        }
    }

    /// Runs operation `action` (`findMany`) on `model` (`None` for raw queries): the future
    /// `work` makes, in the operation's span with its `error` event ([`observe::entry`]), its
    /// errors naming `model` ([`Error::in_model`]). The one entry of every operation.
    ///
    /// `work` is a closure, not a future, so that its future is made in place, held once:
    /// an `async fn` taking a future holds it twice (the argument, and the value it awaits),
    /// and each layer copies it whole when it starts. Only an observed operation (a
    /// subscriber wants its span, or the SQL commenter its name) puts it on the heap, where
    /// the span's machinery does not add to it.
    pub(crate) async fn operation<T, F>(
        self,
        model: Option<&'static str>,
        action: &'static str,
        work: impl FnOnce() -> F,
    ) -> Result<T>
    where
        F: Future<Output = Result<T>>,
    {
        let observe = self.observe();
        let result = match observe::entry(observe, model, action) {
            Entry::Nested => work().await,
            Entry::Plain => work()
                .await
                .inspect_err(|e| observe::error_event(observe, model, action, e)),
            Entry::Observed(span) => {
                observe::observed(observe, model, action, span, Box::pin(work())).await
            }
        };
        match model {
            Some(model) => result.map_err(|e| e.in_model(model)),
            None => result,
        }
    }

    /// Whether this runs inside a transaction.
    pub fn in_transaction(self) -> bool {
        matches!(self, Exec::Transaction(_))
    }

    /// Where its statements run: the pool, or the transaction's connection, held for the
    /// statement (P2028 once the transaction has ended, its time up).
    async fn connection(self) -> Result<Connection<'a>> {
        Ok(match self {
            Exec::Client(c) => Connection::Pool(&c.backend),
            Exec::Transaction(t) => Connection::Transaction(t.hold().await?),
        })
    }

    /// Runs a query, decoding each row with `decode`. The text is prepared as it is (rendered
    /// for [`Exec::dialect`], or written by hand in the database's syntax).
    pub async fn query<T>(
        self,
        sql: &Sql,
        mut decode: impl FnMut(&mut RowReader<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let commented = self.commented(sql);
        let sql = commented.as_ref().unwrap_or(sql);
        let statement = self.start(&sql.text, sql.params.len(), None)?;
        // Unobserved on SQLite, with a connection free (the pool's, or the transaction's), the
        // statement runs here: SQLite runs it on this thread whatever the path, and the layers
        // below would only pass it on.
        if statement.quiet() {
            let ran = match self {
                Exec::Client(c) => c
                    .backend
                    .query_at_once(sql, |row| decode(&mut RowReader::new(row))),
                Exec::Transaction(t) => t.hold_at_once().and_then(|held| {
                    held.target()
                        .query_at_once(sql, |row| decode(&mut RowReader::new(row)))
                }),
            };
            if let Some(rows) = ran {
                #[cfg(test)]
                crate::probe::hit(crate::probe::Path::AtOnce);
                return rows;
            }
        }
        let run = async |target: Target<'_>| {
            target
                .query(sql, |row| decode(&mut RowReader::new(row)))
                .await
        };
        self.run_statement(statement, &sql.text, Some(&sql.params), run)
            .await
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
        let commented = self.commented(sql);
        let sql = commented.as_ref().unwrap_or(sql);
        let run = async |target: Target<'_>| target.execute_reporting_id(sql).await;
        self.statement(&sql.text, sql.params.len(), Some(&sql.params), None, run)
            .await
    }

    /// Runs one statement once per row of parameters (prepared once): `createMany`.
    pub async fn execute_many(self, text: &str, rows: Vec<Vec<crate::Value>>) -> Result<u64> {
        let commented = observe::commented(self.observe(), text);
        let text = commented.as_deref().unwrap_or(text);
        let (params, count) = (rows.first().map_or(0, Vec::len), rows.len());
        let run = async |target: Target<'_>| target.execute_many(text, rows).await;
        self.statement(text, params, None, Some(count), run).await
    }

    /// `sql` tagged by the SQL commenter (`None`: send it as it is).
    fn commented(self, sql: &Sql) -> Option<Sql> {
        observe::commented(self.observe(), &sql.text).map(|text| Sql {
            text,
            params: sql.params.clone(),
        })
    }

    /// Runs statement `text` (binding `params` parameters; `rows` times for `createMany`) with
    /// `run` on this executor's connection: refused with P2029 past the database's parameter
    /// limit, in its db query span, with its `query` event (showing `logged`, the parameters,
    /// when asked). The one path of every statement an operation sends, but for an unobserved
    /// query on SQLite's pool with a connection free, which [`Exec::query`] runs at once.
    async fn statement<R>(
        self,
        text: &str,
        params: usize,
        logged: Option<&[crate::Value]>,
        rows: Option<usize>,
        run: impl AsyncFnOnce(Target<'_>) -> Result<R>,
    ) -> Result<R> {
        let statement = self.start(text, params, rows)?;
        self.run_statement(statement, text, logged, run).await
    }

    /// The observation of statement `text` ([`Exec::statement`]), once it is within the
    /// database's parameter limit.
    fn start(self, text: &str, params: usize, rows: Option<usize>) -> Result<Statement<'a>> {
        crate::render::within_parameter_limit(self.dialect(), params)?;
        Ok(Statement::start(
            self.observe(),
            self.dialect(),
            text,
            params,
            rows,
        ))
    }

    /// Runs the statement [`Exec::start`] began, with `run`, in its span.
    async fn run_statement<R>(
        self,
        statement: Statement<'a>,
        text: &str,
        logged: Option<&[crate::Value]>,
        run: impl AsyncFnOnce(Target<'_>) -> Result<R>,
    ) -> Result<R> {
        let result = statement
            .run(async {
                let conn = self.connection().await?;
                run(conn.target()).await
            })
            .await;
        statement.finish(text, logged);
        result
    }

    /// Runs `f` atomically: directly when already in a transaction, in a new one otherwise.
    ///
    /// On the heap: the transaction's start, `f`'s work and its end would otherwise make every
    /// operation that may need a transaction (most writes, when they have nested writes or
    /// emulate a relation) carry that future inline, needed or not.
    pub async fn atomically<T>(self, f: impl AsyncFnOnce(Exec<'_>) -> Result<T>) -> Result<T> {
        Box::pin(self.atomically_inline(f)).await
    }

    async fn atomically_inline<T>(self, f: impl AsyncFnOnce(Exec<'_>) -> Result<T>) -> Result<T> {
        match self {
            Exec::Transaction(_) => f(self).await,
            Exec::Client(c) => {
                let observe = Arc::clone(&c.observe);
                let mut tx = Transaction::start(
                    Arc::clone(&c.backend),
                    Start::internal(),
                    observe,
                    Watch::Caller,
                )
                .await?;
                tx.extensions.clone_from(&c.extensions);
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
