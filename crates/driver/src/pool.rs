//! One connection pool for every database: at most `connection_limit` connections, a task
//! waiting for one gives up after `pool_timeout` (Prisma's P2024), idle connections close
//! after `max_idle_connection_lifetime`, and every connection is replaced after
//! `max_connection_lifetime`. The four are Prisma 6's URL parameters ([`PoolConfig::from_url`]).
//!
//! The pool holds connections of any type `C` and never opens one itself: the caller takes a
//! permit ([`Pool::acquire`]), then an idle connection ([`Pool::take_idle`]) or one it opens
//! and [`Pool::adopt`]s, and gives it back with [`Pool::put_back`]. SQLite opens connections
//! synchronously on the caller's thread, the servers asynchronously; both use the same pool.
//!
//! The permit count is an atomic rather than a `tokio::sync::Semaphore`: a lookup by key takes
//! a few microseconds in SQLite, and the semaphore's lock, `Arc` clone and fairness queue were a
//! visible share of it. While nobody waits, taking and giving back a permit is one atomic
//! operation each. Waiters are served first come, first served: a task that finds every permit
//! out (or others already waiting) joins the back of a queue, and a permit given back while the
//! queue is not empty is handed to its oldest task directly, so that neither a task arriving
//! later nor one that gives a connection back and asks again at once can take it first.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use tokio::sync::oneshot;

use crate::clock::Tick;
use crate::error::{Error, Result};

/// How a pool is sized and when it gives up or closes connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolConfig {
    /// Connections open at most (`connection_limit`; Prisma's default: CPUs × 2 + 1).
    pub max_connections: usize,
    /// How long a task waits for a connection before P2024 (`pool_timeout`, 10 s by default;
    /// `None`, written `pool_timeout=0`, waits forever).
    pub acquire_timeout: Option<Duration>,
    /// How long a connection may sit idle before it is closed (`max_idle_connection_lifetime`,
    /// 300 s by default; `None`, written `0`, keeps it).
    pub idle_timeout: Option<Duration>,
    /// How long a connection lives at most before it is replaced (`max_connection_lifetime`;
    /// none by default).
    pub max_lifetime: Option<Duration>,
}

impl Default for PoolConfig {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        PoolConfig {
            max_connections: cores * 2 + 1,
            acquire_timeout: Some(Duration::from_secs(10)),
            idle_timeout: Some(Duration::from_secs(300)),
            max_lifetime: None,
        }
    }
}

impl PoolConfig {
    /// `base`, with the pool parameters the URL's query string sets (`connection_limit`,
    /// `pool_timeout`, `max_idle_connection_lifetime`, `max_connection_lifetime`; times in
    /// seconds, 0 meaning none): as Prisma 6 read them, the URL wins over `base`. A value that
    /// is not a number is P1013, naming the parameter.
    pub fn from_url(url: &str, base: PoolConfig) -> Result<PoolConfig> {
        let mut config = base;
        let Some((_, query)) = url.split_once('?') else {
            return Ok(config);
        };
        let number = |key: &str, value: &str| {
            value.parse::<u64>().map_err(|_| Error::InvalidUrl {
                details: format!(
                    "`{key}={value}` must be a whole number{}.",
                    if key == "connection_limit" {
                        ""
                    } else {
                        " of seconds"
                    }
                ),
            })
        };
        let seconds = |n: u64| (n > 0).then(|| Duration::from_secs(n));
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "connection_limit" => match number(key, value)? {
                    0 => {
                        return Err(Error::InvalidUrl {
                            details:
                                "`connection_limit=0`: the pool needs at least one connection."
                                    .to_owned(),
                        });
                    }
                    n => config.max_connections = usize::try_from(n).unwrap_or(usize::MAX),
                },
                "pool_timeout" => config.acquire_timeout = seconds(number(key, value)?),
                "max_idle_connection_lifetime" => {
                    config.idle_timeout = seconds(number(key, value)?);
                }
                "max_connection_lifetime" => config.max_lifetime = seconds(number(key, value)?),
                _ => {}
            }
        }
        Ok(config)
    }
}

/// What a pool holds now, and has opened so far (Prisma's pool metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStatus {
    /// Connections idle in the pool.
    pub idle: usize,
    /// Connections (or the right to one) out of the pool, in use.
    pub busy: usize,
    /// Connections opened since the pool was made.
    pub opened: usize,
}

/// A connection with its age.
pub struct Pooled<C> {
    conn: C,
    born: Tick,
}

impl<C> std::ops::Deref for Pooled<C> {
    type Target = C;
    fn deref(&self) -> &C {
        &self.conn
    }
}

impl<C> std::ops::DerefMut for Pooled<C> {
    fn deref_mut(&mut self) -> &mut C {
        &mut self.conn
    }
}

struct Idle<C> {
    conn: Pooled<C>,
    since: Tick,
}

struct Shared<C> {
    config: PoolConfig,
    idle: Mutex<Vec<Idle<C>>>,
    /// Permits not out and not handed to a waiter.
    available: AtomicUsize,
    /// The length of `queue` (read without its lock on the fast paths).
    waiting: AtomicUsize,
    opened: AtomicUsize,
    /// The tasks waiting for a permit, oldest first, each with its number (to leave the queue
    /// when it gives up) and where its permit is handed to it.
    queue: Mutex<Queue>,
}

#[derive(Default)]
struct Queue {
    waiters: VecDeque<(u64, oneshot::Sender<()>)>,
    next: u64,
}

/// A pool of connections of type `C`; clones share it.
pub struct Pool<C> {
    shared: Arc<Shared<C>>,
}

impl<C> Clone for Pool<C> {
    fn clone(&self) -> Self {
        Pool {
            shared: Arc::clone(&self.shared),
        }
    }
}

/// The right to one of the pool's connections; given back when dropped (after the connection
/// itself is put back, or dropped).
pub struct Permit<'p, C> {
    shared: &'p Shared<C>,
}

impl<C> Drop for Permit<'_, C> {
    fn drop(&mut self) {
        self.shared.release();
    }
}

/// A [`Permit`] that owns its pool (for a transaction, which keeps it across awaits).
pub struct OwnedPermit<C> {
    shared: Arc<Shared<C>>,
}

impl<C> Drop for OwnedPermit<C> {
    fn drop(&mut self) {
        self.shared.release();
    }
}

/// A task's place in the queue: leaves the queue however its wait ends (a timeout drops it),
/// giving back a permit handed to it too late to be used.
struct Place<'a, C> {
    shared: &'a Shared<C>,
    id: u64,
    granted: oneshot::Receiver<()>,
    done: bool,
}

impl<C> Drop for Place<'_, C> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let still_queued = {
            let mut queue = self.shared.queue();
            match queue.waiters.iter().position(|(id, _)| *id == self.id) {
                Some(at) => {
                    queue.waiters.remove(at);
                    self.shared.waiting.fetch_sub(1, SeqCst);
                    true
                }
                None => false,
            }
        };
        // Out of the queue already: a permit was (or is being) handed over; give it back.
        if !still_queued && self.granted.try_recv().is_ok() {
            self.shared.release();
        }
    }
}

impl<C> Shared<C> {
    fn try_acquire(&self) -> bool {
        let mut n = self.available.load(SeqCst);
        while n > 0 {
            match self
                .available
                .compare_exchange_weak(n, n - 1, SeqCst, SeqCst)
            {
                Ok(_) => return true,
                Err(now) => n = now,
            }
        }
        false
    }

    fn queue(&self) -> MutexGuard<'_, Queue> {
        // Every change under this lock leaves the queue consistent.
        self.queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Hands the available permits to the oldest waiters (the caller holds the queue's lock).
    fn dispatch(&self, queue: &mut Queue) {
        while !queue.waiters.is_empty() && self.try_acquire() {
            let Some((_, waiter)) = queue.waiters.pop_front() else {
                break;
            };
            self.waiting.fetch_sub(1, SeqCst);
            if waiter.send(()).is_err() {
                // The waiter is gone (its place is being dropped): the permit stays here.
                self.available.fetch_add(1, SeqCst);
            }
        }
    }

    /// Joins the back of the queue and waits for a permit to be handed over.
    async fn wait(&self) {
        let (tx, rx) = oneshot::channel();
        let mut place = {
            let mut queue = self.queue();
            let id = queue.next;
            queue.next += 1;
            queue.waiters.push_back((id, tx));
            // Counted before looking at the permits again: a release that does not see this
            // task waiting happened before `dispatch` below, which then sees its permit.
            self.waiting.fetch_add(1, SeqCst);
            self.dispatch(&mut queue);
            Place {
                shared: self,
                id,
                granted: rx,
                done: false,
            }
        };
        // The sender is dropped unused only with the pool itself, which this task borrows.
        let _ = (&mut place.granted).await;
        place.done = true;
    }

    /// A permit at once, when one is free and no task waits for one (tasks already waiting
    /// go first).
    fn acquire_now(&self) -> bool {
        self.waiting.load(SeqCst) == 0 && self.try_acquire()
    }

    /// Waits for a permit, after [`Shared::acquire_now`] found none: in the queue, at most
    /// the acquire timeout.
    async fn acquire_waiting(&self) -> Result<()> {
        match self.config.acquire_timeout {
            None => {
                self.wait().await;
                Ok(())
            }
            Some(timeout) => tokio::time::timeout(timeout, self.wait())
                .await
                .map_err(|_| Error::PoolTimeout {
                    timeout_secs: timeout.as_secs(),
                    connection_limit: self.config.max_connections,
                }),
        }
    }

    fn release(&self) {
        self.available.fetch_add(1, SeqCst);
        if self.waiting.load(SeqCst) > 0 {
            let mut queue = self.queue();
            self.dispatch(&mut queue);
        }
    }

    fn idle(&self) -> MutexGuard<'_, Vec<Idle<C>>> {
        // A panic while holding this lock cannot leave the list inconsistent.
        self.idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn expired(&self, conn: &Pooled<C>, now: Tick) -> bool {
        self.config
            .max_lifetime
            .is_some_and(|max| now.since(conn.born) >= max)
    }

    /// Closes the idle connections past their idle time or lifetime.
    fn reap(&self) {
        let now = Tick::now();
        let closed: Vec<Idle<C>> = {
            let mut idle = self.idle();
            let (keep, close) = std::mem::take(&mut *idle).into_iter().partition(|i| {
                !self.expired(&i.conn, now)
                    && self
                        .config
                        .idle_timeout
                        .is_none_or(|t| now.since(i.since) < t)
            });
            *idle = keep;
            close
        };
        // Closed outside the lock.
        drop(closed);
    }
}

impl<C: Send + 'static> Pool<C> {
    /// A pool with no connections yet. On a tokio runtime, a task closes idle connections
    /// past their idle time or lifetime (it ends with the pool).
    pub fn new(config: PoolConfig) -> Pool<C> {
        let max = config.max_connections.max(1);
        let shared = Arc::new(Shared {
            config: PoolConfig {
                max_connections: max,
                ..config
            },
            idle: Mutex::new(Vec::new()),
            available: AtomicUsize::new(max),
            waiting: AtomicUsize::new(0),
            opened: AtomicUsize::new(0),
            queue: Mutex::new(Queue::default()),
        });
        let period = [shared.config.idle_timeout, shared.config.max_lifetime]
            .into_iter()
            .flatten()
            .min();
        if let (Some(period), Ok(runtime)) = (period, tokio::runtime::Handle::try_current()) {
            let weak: Weak<Shared<C>> = Arc::downgrade(&shared);
            let tick = (period / 2).max(Duration::from_millis(50));
            runtime.spawn(async move {
                loop {
                    tokio::time::sleep(tick).await;
                    match weak.upgrade() {
                        Some(shared) => shared.reap(),
                        None => return,
                    }
                }
            });
        }
        Pool { shared }
    }
}

impl<C> Pool<C> {
    /// The pool's configuration.
    pub fn config(&self) -> &PoolConfig {
        &self.shared.config
    }

    /// Waits for a permit: at once when fewer than `max_connections` are out, otherwise until
    /// one comes back, at most the acquire timeout ([`Error::PoolTimeout`], P2024).
    ///
    /// The wait (its queue place and timer) is on the heap: a permit is usually free, and the
    /// future of every statement holds this one's.
    pub async fn acquire(&self) -> Result<Permit<'_, C>> {
        if !self.shared.acquire_now() {
            Box::pin(self.shared.acquire_waiting()).await?;
        }
        Ok(Permit {
            shared: &self.shared,
        })
    }

    /// A permit if one is free now and nobody waits for one (`None`: [`Pool::acquire`] waits).
    pub fn try_acquire(&self) -> Option<Permit<'_, C>> {
        // `then`, not `then_some`: a permit made and dropped would release one never taken.
        self.shared.acquire_now().then(|| Permit {
            shared: &self.shared,
        })
    }

    /// [`Pool::acquire`], for a permit kept across awaits.
    pub async fn acquire_owned(&self) -> Result<OwnedPermit<C>> {
        if !self.shared.acquire_now() {
            Box::pin(self.shared.acquire_waiting()).await?;
        }
        Ok(OwnedPermit {
            shared: Arc::clone(&self.shared),
        })
    }

    /// An idle connection (the most recently used), if one is there and not past its idle
    /// time or lifetime; those are closed. The caller holds a permit.
    pub fn take_idle(&self) -> Option<Pooled<C>> {
        let config = &self.shared.config;
        if config.idle_timeout.is_none() && config.max_lifetime.is_none() {
            return self.shared.idle().pop().map(|i| i.conn);
        }
        let now = Tick::now();
        loop {
            let idle = self.shared.idle().pop()?;
            let stale = config
                .idle_timeout
                .is_some_and(|t| now.since(idle.since) >= t)
                || self.shared.expired(&idle.conn, now);
            if !stale {
                return Some(idle.conn);
            }
        }
    }

    /// Wraps a connection the caller just opened (holding a permit).
    pub fn adopt(&self, conn: C) -> Pooled<C> {
        self.shared.opened.fetch_add(1, SeqCst);
        Pooled {
            conn,
            born: Tick::now(),
        }
    }

    /// Gives a connection back; one past its lifetime is closed instead.
    pub fn put_back(&self, conn: Pooled<C>) {
        let config = &self.shared.config;
        if config.idle_timeout.is_none() && config.max_lifetime.is_none() {
            self.shared.idle().push(Idle {
                conn,
                since: Tick::UNREAD,
            });
            return;
        }
        let now = Tick::now();
        if self.shared.expired(&conn, now) {
            return;
        }
        self.shared.idle().push(Idle { conn, since: now });
    }

    /// What the pool holds now.
    pub fn status(&self) -> PoolStatus {
        let idle = self.shared.idle().len();
        let available = self.shared.available.load(SeqCst);
        PoolStatus {
            idle,
            busy: self.shared.config.max_connections.saturating_sub(available),
            opened: self.shared.opened.load(SeqCst),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Pool, PoolConfig};

    /// `try_acquire` takes a free permit, and finding none takes nothing and gives nothing
    /// back: the count of permits stays what it was.
    #[test]
    fn try_acquire_takes_a_free_permit_or_nothing() {
        let pool: Pool<()> = Pool::new(PoolConfig {
            max_connections: 1,
            ..PoolConfig::default()
        });
        let held = pool.try_acquire().expect("one permit is free");
        assert_eq!(pool.status().busy, 1);
        for _ in 0..3 {
            assert!(pool.try_acquire().is_none(), "the only permit is out");
        }
        assert_eq!(pool.status().busy, 1, "a failed try gave no permit back");
        drop(held);
        assert_eq!(pool.status().busy, 0);
        let again = pool.try_acquire().expect("the permit came back");
        assert!(pool.try_acquire().is_none());
        drop(again);
    }
}
