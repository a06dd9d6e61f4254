//! Interactive transactions: their options (`max_wait`, `timeout`, the isolation level, with
//! Prisma's defaults), the expiry that rolls a transaction back when its time is up, and
//! nested transactions through savepoints (Prisma 7.5's nested `$transaction`).
//!
//! A transaction's connection sits in a lock: each statement holds it shared for its run, and
//! whatever ends the transaction (commit, rollback, the timer, a drop) takes it exclusively and
//! takes the connection out, so a statement never runs on a connection that went back to the
//! pool, and an ended transaction answers every later call with Prisma's P2028.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{RwLock, RwLockReadGuard};

use crate::dialect::backend::{Backend, Target, TxConn};
use crate::error::{Error, Result};
use crate::observe::{self, Observe};
use crate::render::{Dialect, Returning};

/// Prisma's default `maxWait`: how long a transaction may wait to start.
const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(2);
/// Prisma's default `timeout`: how long a transaction may run.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// A transaction's isolation level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsolationLevel {
    /// READ UNCOMMITTED
    ReadUncommitted,
    /// READ COMMITTED
    ReadCommitted,
    /// REPEATABLE READ
    RepeatableRead,
    /// SERIALIZABLE (the only level SQLite has)
    Serializable,
}

impl IsolationLevel {
    pub(crate) fn sql(self) -> &'static str {
        match self {
            IsolationLevel::ReadUncommitted => "READ UNCOMMITTED",
            IsolationLevel::ReadCommitted => "READ COMMITTED",
            IsolationLevel::RepeatableRead => "REPEATABLE READ",
            IsolationLevel::Serializable => "SERIALIZABLE",
        }
    }
}

/// The options of an interactive transaction (Prisma's `$transaction(fn, { maxWait, timeout,
/// isolationLevel })`), and the client's defaults for them (Prisma's `transactionOptions`,
/// [`ClientOptions::transaction_options`](crate::ClientOptions::transaction_options)).
///
/// An option left `None` takes the client's default, and the client's takes Prisma's:
/// `max_wait` 2 s, `timeout` 5 s, the database's own isolation level.
///
/// ```
/// # use std::time::Duration;
/// # use client::{IsolationLevel, TransactionOptions};
/// let options = TransactionOptions::new()
///     .max_wait(Duration::from_secs(5))
///     .timeout(Duration::from_secs(10))
///     .isolation_level(IsolationLevel::Serializable);
/// assert_eq!(options.timeout, Some(Duration::from_secs(10)));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TransactionOptions {
    /// How long the transaction may wait to start (a connection from the pool, SQLite's write
    /// gate, `BEGIN`) before failing with P2028 "Unable to start a transaction in the given
    /// time." (Prisma's `maxWait`, 2 s by default).
    pub max_wait: Option<Duration>,
    /// How long the transaction may run, from its start to its commit (Prisma's `timeout`, 5 s
    /// by default). When it is up the transaction is rolled back, and every later call in it
    /// fails with P2028. `Duration::MAX` never expires.
    pub timeout: Option<Duration>,
    /// The isolation level (Prisma's `isolationLevel`); the database's default when `None`.
    pub isolation_level: Option<IsolationLevel>,
}

impl TransactionOptions {
    /// No option set: the client's defaults.
    pub fn new() -> TransactionOptions {
        TransactionOptions::default()
    }

    /// Sets [`TransactionOptions::max_wait`].
    pub fn max_wait(mut self, max_wait: Duration) -> TransactionOptions {
        self.max_wait = Some(max_wait);
        self
    }

    /// Sets [`TransactionOptions::timeout`].
    pub fn timeout(mut self, timeout: Duration) -> TransactionOptions {
        self.timeout = Some(timeout);
        self
    }

    /// Sets [`TransactionOptions::isolation_level`].
    pub fn isolation_level(mut self, level: IsolationLevel) -> TransactionOptions {
        self.isolation_level = Some(level);
        self
    }

    /// These options, each one left `None` taken from `defaults`, then from Prisma's.
    pub(crate) fn resolve(self, defaults: TransactionOptions) -> Start {
        Start {
            max_wait: Some(
                self.max_wait
                    .or(defaults.max_wait)
                    .unwrap_or(DEFAULT_MAX_WAIT),
            ),
            timeout: Some(self.timeout.or(defaults.timeout).unwrap_or(DEFAULT_TIMEOUT)),
            isolation: self.isolation_level.or(defaults.isolation_level),
        }
    }
}

/// An isolation level alone, as `transaction_with(Some(IsolationLevel::Serializable), …)` and
/// `begin(None)` give it; the other options are the client's defaults.
impl From<Option<IsolationLevel>> for TransactionOptions {
    fn from(isolation_level: Option<IsolationLevel>) -> Self {
        TransactionOptions {
            isolation_level,
            ..TransactionOptions::default()
        }
    }
}

impl From<IsolationLevel> for TransactionOptions {
    fn from(level: IsolationLevel) -> Self {
        Some(level).into()
    }
}

/// How a transaction starts, its options resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Start {
    max_wait: Option<Duration>,
    timeout: Option<Duration>,
    isolation: Option<IsolationLevel>,
}

impl Start {
    #[cfg(test)]
    pub(crate) fn new(
        max_wait: Option<Duration>,
        timeout: Option<Duration>,
        isolation: Option<IsolationLevel>,
    ) -> Start {
        Start {
            max_wait,
            timeout,
            isolation,
        }
    }

    /// The client's own transactions (nested writes, `atomically`), which, like Prisma's
    /// internal ones, wait and run without a limit of their own.
    pub(crate) fn internal() -> Start {
        Start {
            max_wait: None,
            timeout: None,
            isolation: None,
        }
    }
}

/// Why a transaction's connection is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closed {
    Open,
    Committed,
    RolledBack,
    Expired,
}

/// The connection, while the transaction is open, and how it ended.
struct Slot {
    conn: Option<TxConn>,
    closed: Closed,
}

/// The open nested transactions: the savepoints' numbers, innermost last.
#[derive(Default)]
struct Nesting {
    next: u64,
    open: Vec<u64>,
}

/// What a transaction's handles (the transaction's and its nested ones') and its timer share.
struct Shared {
    backend: Arc<Backend>,
    /// The client's logging and tracing.
    observe: Arc<Observe>,
    slot: RwLock<Slot>,
    /// When the transaction started (after `BEGIN`), as Prisma counts its timeout.
    started: Instant,
    timeout: Option<Duration>,
    deadline: Option<Instant>,
    nesting: Mutex<Nesting>,
    /// A nested transaction was dropped before it ended (its future cancelled): the whole
    /// transaction is rolled back at its next call, so that its writes are never committed.
    doomed: AtomicBool,
    timer: Mutex<Option<tokio::task::AbortHandle>>,
}

/// An open transaction. Queries made through it run on its connection. Commit with
/// [`Transaction::commit`]; dropping it without committing rolls back.
///
/// It runs until its `timeout` ([`TransactionOptions`], 5 s by default): then it is rolled
/// back, and every later call in it fails with P2028.
pub struct Transaction {
    shared: Arc<Shared>,
    /// The savepoint this handle's nested transaction opened; `None` for the transaction.
    savepoint: Option<u64>,
    finished: bool,
    /// The query hooks of the client it was started from (`Client::extend`).
    pub(crate) extensions: Option<Arc<crate::hooks::Extensions>>,
}

impl std::fmt::Debug for Transaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("dialect", &self.dialect())
            .field("nested", &self.savepoint.is_some())
            .finish()
    }
}

/// Prisma's P2028 for a call on a transaction whose time is up.
fn expired(operation: &str, timeout: Duration, started: Instant) -> Error {
    Error::Transaction(format!(
        "A {operation} cannot be executed on an expired transaction. The timeout for this \
         transaction was {} ms, however {} ms passed since the start of the transaction. \
         Consider increasing the interactive transaction timeout or doing less work in the \
         transaction.",
        timeout.as_millis(),
        started.elapsed().as_millis()
    ))
}

/// The text of a savepoint statement (`SAVEPOINT`, `ROLLBACK TO SAVEPOINT`, `RELEASE
/// SAVEPOINT`) for savepoint number `n`, named as Prisma names them (`prisma_sp_0`, …) and
/// quoted by the dialect.
pub(crate) fn savepoint_sql(dialect: Dialect, statement: &str, n: u64) -> String {
    let mut sql = format!("{statement} ");
    dialect.push_identifier(&mut sql, &format!("prisma_sp_{n}"));
    sql
}

/// The connection of an open transaction, held for one statement.
pub(crate) struct Held<'a>(RwLockReadGuard<'a, TxConn>);

impl Held<'_> {
    /// Where the statement runs.
    pub(crate) fn target(&self) -> Target<'_> {
        Target::Transaction(&self.0)
    }
}

impl Shared {
    /// P2028 for `operation` on a transaction that ended as `closed`.
    fn closed_error(&self, closed: Closed, operation: &str) -> Error {
        match closed {
            Closed::Expired => expired(
                operation,
                self.timeout.unwrap_or(Duration::MAX),
                self.started,
            ),
            Closed::Committed => Error::Transaction(format!(
                "Transaction already closed: A {operation} cannot be executed on a committed transaction."
            )),
            Closed::RolledBack | Closed::Open => Error::Transaction(format!(
                "Transaction already closed: A {operation} cannot be executed on a transaction that was rolled back."
            )),
        }
    }

    fn past_deadline(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Ends the transaction with `sql` (COMMIT or ROLLBACK) if it is still open, recording
    /// `closed`; the connection goes back to its pool. `Ok(false)` when it had already ended.
    async fn close(&self, sql: &str, closed: Closed) -> Result<bool> {
        let mut slot = self.slot.write().await;
        let Some(mut conn) = slot.conn.take() else {
            return Ok(false);
        };
        slot.closed = closed;
        if closed == Closed::Expired {
            observe::transaction_expired(&self.observe, self.timeout.unwrap_or_default());
        }
        // The connection, with its pool permit (and SQLite's write gate), is dropped here.
        observe::transaction_statement(&self.observe, sql, || conn.end(&self.backend, sql))
            .await
            .map(|()| true)
    }

    /// Rolls the transaction back when its time is up or a nested transaction was abandoned,
    /// before a call named `operation`: the call's P2028 then.
    async fn check(&self, operation: &str) -> Result<()> {
        let closed = if self.past_deadline() {
            Closed::Expired
        } else if self.doomed.load(Ordering::Acquire) {
            Closed::RolledBack
        } else {
            return Ok(());
        };
        // A failed ROLLBACK drops the connection, which ends the transaction on the server.
        // On the heap: a rare path, which would otherwise make every statement's future in a
        // transaction as large as the ROLLBACK's.
        let _ = Box::pin(self.close("ROLLBACK", closed)).await;
        let ended = self.slot.read().await.closed;
        Err(self.closed_error(ended, operation))
    }

    fn stop_timer(&self) {
        let timer = self
            .timer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(timer) = timer {
            timer.abort();
        }
    }

    /// The transaction's connection for one statement, or P2028 once it has ended.
    async fn hold(&self) -> Result<Held<'_>> {
        // At once when nothing is to decide and no writer (an ending) holds or waits for the
        // slot: without the lock's queued acquire, one per statement in a transaction.
        if let Some(held) = self.hold_at_once() {
            return Ok(held);
        }
        self.check("query").await?;
        let slot = self.slot.read().await;
        match RwLockReadGuard::try_map(slot, |slot| slot.conn.as_ref()) {
            Ok(conn) => Ok(Held(conn)),
            Err(slot) => Err(self.closed_error(slot.closed, "query")),
        }
    }

    /// The connection for one statement when it can be had without waiting: the transaction
    /// open, its time not up, not doomed, and no ending holding or waiting for the slot.
    /// `None` otherwise; then [`Shared::hold`] gives the connection or the error.
    fn hold_at_once(&self) -> Option<Held<'_>> {
        if self.past_deadline() || self.doomed.load(Ordering::Acquire) {
            return None;
        }
        let slot = self.slot.try_read().ok()?;
        RwLockReadGuard::try_map(slot, |slot| slot.conn.as_ref())
            .ok()
            .map(Held)
    }

    /// Runs a savepoint statement (no parameters) on the open transaction.
    async fn savepoint(&self, statement: &str, n: u64, operation: &str) -> Result<()> {
        self.check(operation).await?;
        let sql = savepoint_sql(self.backend.dialect(), statement, n);
        let slot = self.slot.read().await;
        match &slot.conn {
            Some(conn) => {
                observe::transaction_statement(&self.observe, &sql, || conn.batch(&sql)).await
            }
            None => Err(self.closed_error(slot.closed, operation)),
        }
    }

    /// Rolls the whole transaction back now if nothing holds its connection (SQLite rolls back
    /// at once; elsewhere the connection is closed, which rolls back on the server), and at
    /// its next call otherwise. For a drop, which cannot wait.
    fn abandon(&self, closed: Closed) {
        self.stop_timer();
        match self.slot.try_write() {
            Ok(mut slot) => {
                if let Some(mut conn) = slot.conn.take() {
                    slot.closed = closed;
                    conn.abandon(&self.backend);
                }
            }
            Err(_) => self.doomed.store(true, Ordering::Release),
        }
    }
}

/// Who rolls a transaction back when its `timeout` is up while its user holds it idle (every
/// call after the deadline fails with P2028 either way, checked when it is made).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Watch {
    /// A task of its own, sleeping until the deadline: a transaction from `Client::begin`,
    /// which the caller may hold anywhere.
    Timer,
    /// The caller, which awaits the transaction's work through [`Transaction::watched`]: no
    /// task is spawned (a spawn, its timer and its abort per transaction cost more than the
    /// statements of a small transaction on SQLite).
    Caller,
}

/// Rolls the transaction back as expired, unless it already ended or was dropped.
async fn expire(weak: std::sync::Weak<Shared>) {
    if let Some(shared) = weak.upgrade() {
        let _ = shared.close("ROLLBACK", Closed::Expired).await;
    }
}

impl Transaction {
    /// Starts a transaction on a connection of `backend`'s pool: waits at most `max_wait`
    /// for it, and arms its timeout.
    pub(crate) async fn start(
        backend: Arc<Backend>,
        start: Start,
        observe: Arc<Observe>,
        watch: Watch,
    ) -> Result<Transaction> {
        if start.timeout == Some(Duration::ZERO) {
            return Err(Error::Transaction(
                "timeout is required: the transaction's `timeout` is zero; give \
                 `TransactionOptions::timeout` (or the client's default) a positive duration"
                    .into(),
            ));
        }
        if start.max_wait == Some(Duration::ZERO) {
            return Err(Error::Transaction(
                "maxWait is required: the transaction's `max_wait` is zero; give \
                 `TransactionOptions::max_wait` (or the client's default) a positive duration"
                    .into(),
            ));
        }
        let isolation = start.isolation.map(IsolationLevel::sql);
        let begin = observe::transaction_statement(&observe, "BEGIN", || backend.begin(isolation));
        // A start given up on is dropped wherever it waits: a connection taken out of the pool
        // before `BEGIN` completes is dropped with it (closed), never given back.
        let runtime = tokio::runtime::Handle::try_current().ok();
        let conn = match (start.max_wait, &runtime) {
            (Some(max_wait), Some(_)) => {
                tokio::time::timeout(max_wait, begin).await.map_err(|_| {
                    Error::Transaction("Unable to start a transaction in the given time.".into())
                })??
            }
            _ => begin.await?,
        };
        let started = Instant::now();
        let shared = Arc::new(Shared {
            backend,
            observe,
            slot: RwLock::new(Slot {
                conn: Some(conn),
                closed: Closed::Open,
            }),
            started,
            timeout: start.timeout,
            deadline: start.timeout.and_then(|t| started.checked_add(t)),
            nesting: Mutex::new(Nesting::default()),
            doomed: AtomicBool::new(false),
            timer: Mutex::new(None),
        });
        if let (Some(deadline), Some(runtime), Watch::Timer) = (shared.deadline, runtime, watch) {
            // The timer holds the transaction weakly: a transaction dropped is not kept open.
            let weak = Arc::downgrade(&shared);
            let timer = runtime.spawn(async move {
                tokio::time::sleep_until(deadline.into()).await;
                expire(weak).await;
            });
            *shared.timer.lock().unwrap_or_else(PoisonError::into_inner) =
                Some(timer.abort_handle());
        }
        Ok(Transaction {
            shared,
            savepoint: None,
            finished: false,
            extensions: None,
        })
    }

    /// The SQL dialect of the database.
    pub(crate) fn dialect(&self) -> Dialect {
        self.shared.backend.dialect()
    }

    /// Which writes return the rows they wrote.
    pub(crate) fn returning(&self) -> Returning {
        self.shared.backend.returning()
    }

    /// The client's logging and tracing.
    pub(crate) fn observe(&self) -> &Observe {
        &self.shared.observe
    }

    /// The connection for one statement; P2028 once the transaction has ended (its time up).
    pub(crate) async fn hold(&self) -> Result<Held<'_>> {
        self.shared.hold().await
    }

    /// The connection for one statement when it can be had without waiting (see
    /// `Shared::hold_at_once`); `None` when [`Transaction::hold`] must decide.
    pub(crate) fn hold_at_once(&self) -> Option<Held<'_>> {
        self.shared.hold_at_once()
    }

    /// Awaits `work`, the user's work in a transaction started with [`Watch::Caller`]; when
    /// the deadline passes first, the transaction is rolled back then (in a task, as
    /// [`Watch::Timer`]'s), and `work` goes on (its later calls fail with P2028). Work that
    /// finishes without waiting (SQLite's statements) never arms a timer.
    pub(crate) async fn watched<F: std::future::Future>(&self, work: F) -> F::Output {
        use std::task::Poll;
        let Some(deadline) = self.shared.deadline else {
            return work.await;
        };
        let mut work = std::pin::pin!(work);
        let mut timer = std::pin::pin!(None::<tokio::time::Sleep>);
        let mut armed = true;
        std::future::poll_fn(|cx| {
            if let Poll::Ready(output) = work.as_mut().poll(cx) {
                return Poll::Ready(output);
            }
            if armed {
                if timer.is_none() {
                    timer.set(Some(tokio::time::sleep_until(deadline.into())));
                }
                if let Some(sleep) = timer.as_mut().as_pin_mut()
                    && sleep.poll(cx).is_ready()
                {
                    armed = false;
                    tokio::spawn(expire(Arc::downgrade(&self.shared)));
                }
            }
            Poll::Pending
        })
        .await
    }

    /// Commits.
    ///
    /// Fails with P2028 when the transaction's time was up (it was rolled back then).
    pub async fn commit(mut self) -> Result<()> {
        self.end("COMMIT", Closed::Committed, "commit").await
    }

    /// Rolls back.
    pub async fn rollback(mut self) -> Result<()> {
        self.end("ROLLBACK", Closed::RolledBack, "rollback").await
    }

    async fn end(&mut self, sql: &str, closed: Closed, operation: &str) -> Result<()> {
        self.finished = true;
        let shared = &self.shared;
        shared.stop_timer();
        shared.check(operation).await?;
        if shared.close(sql, closed).await? {
            Ok(())
        } else {
            let closed = shared.slot.read().await.closed;
            Err(shared.closed_error(closed, operation))
        }
    }

    /// Runs `f` in a nested transaction (Prisma 7.5's `tx.$transaction(async (tx) => …)`):
    /// a savepoint, released when `f` returns `Ok`, rolled back to when it returns `Err`, so
    /// that an inner failure undoes the inner writes only; the outer transaction goes on
    /// either way and decides the outcome with its own commit. Nested transactions nest to
    /// any depth, one at a time: only the innermost open one may start another. They run
    /// within the outer transaction's `timeout`.
    pub async fn transaction<T, E>(
        &self,
        f: impl AsyncFnOnce(&Transaction) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<Error>,
    {
        self.shared.check("query").await?;
        let n = {
            let mut nesting = self
                .shared
                .nesting
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if nesting.open.last().copied() != self.savepoint {
                return Err(Error::Transaction(
                    "Concurrent nested transactions are not supported: a nested transaction \
                     is open, and only the innermost open transaction may start another; \
                     start it from the nested transaction's handle, after the other ended"
                        .into(),
                )
                .into());
            }
            let n = nesting.next;
            nesting.next += 1;
            nesting.open.push(n);
            n
        };
        let inner = Transaction {
            shared: Arc::clone(&self.shared),
            savepoint: Some(n),
            finished: false,
            extensions: self.extensions.clone(),
        };
        if let Err(e) = self.shared.savepoint("SAVEPOINT", n, "query").await {
            inner.close_scope(n);
            return Err(e.into());
        }
        let result = f(&inner).await;
        inner.close_scope(n);
        match result {
            Ok(v) => {
                self.shared
                    .savepoint("RELEASE SAVEPOINT", n, "commit")
                    .await?;
                Ok(v)
            }
            Err(e) => {
                let undone = async {
                    self.shared
                        .savepoint("ROLLBACK TO SAVEPOINT", n, "rollback")
                        .await?;
                    self.shared
                        .savepoint("RELEASE SAVEPOINT", n, "rollback")
                        .await
                };
                // An inner failure that cannot be undone must not be committed with the outer
                // transaction: it is rolled back whole at its next call.
                if undone.await.is_err() {
                    self.shared.doomed.store(true, Ordering::Release);
                }
                Err(e)
            }
        }
    }

    /// Marks a nested transaction's scope ended (its savepoint statement follows).
    fn close_scope(mut self, n: u64) {
        self.finished = true;
        let mut nesting = self
            .shared
            .nesting
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(at) = nesting.open.iter().rposition(|&open| open == n) {
            nesting.open.truncate(at);
        }
    }
}

impl Drop for Transaction {
    fn drop(&mut self) {
        if !self.finished {
            self.shared.abandon(Closed::RolledBack);
        }
    }
}
