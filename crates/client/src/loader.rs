//! `findUnique` batching, as Prisma's dataloader: the `find_unique` calls on one model and one
//! unique field (or one compound unique, `@@unique([a, b])` / `@@id`) that reach the client in
//! the same scheduling window become one query (`WHERE field IN (…)`; for a compound,
//! `WHERE (a = ? AND b = ?) OR (a = ? AND b = ?) …`, as Prisma's), each caller getting its own
//! record.
//!
//! The first call of a window (the leader) registers a batch and yields to the scheduler once
//! ([`YieldOnce`]);
//! the calls made meanwhile (other tasks, or other futures joined in the same task) join its
//! batch; then the leader takes the batch and runs one query for all of them, keeps its own
//! record and hands each other caller its record, `None`, or a copy of the error. A batch of
//! one runs the query a single call runs. A record is handed over when its key equals the one asked exactly; a caller whose
//! text key matched no record that way (under a case-insensitive collation) runs its own
//! query, so that every result is the one its call alone would give. If the leader is dropped before it ran the batch, each other caller runs its own
//! query.
//!
//! Batched: calls made in a tokio task (`tokio::spawn`: a server's request handlers, GraphQL
//! resolvers, and futures joined inside such a task). The future a runtime's `block_on` runs
//! (`#[tokio::main]`'s body, a `#[tokio::test]`) is not a task: its calls run alone, with no
//! yield, as before batching existed, so a loop of lookups there costs what it did (W2).
//! `find_unique` and `find_unique_or_throw` on the client, on one field (`id`, or a
//! `@unique` field) or the fields of one compound unique, each of an integer, text, enum or
//! bytes type, without `include`, `select`, `omit` or further conditions. Not batched:
//! calls in an interactive transaction (each statement of a transaction runs in the order the
//! code awaits it, on its one connection, so there is no concurrent call to join), and every
//! other read.

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Mutex, MutexGuard};
use std::task::Poll;

use tokio::sync::oneshot;

use crate::error::Result;
use crate::query::{CmpOp, Col, Cond, Select};
use crate::typed::Model;
use crate::value::Key;
use crate::value::Value;

/// The columns a batched `find_unique` picks its record by: one (`id`, a `@unique` field), or
/// a compound unique's, in the order the call names them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Cols {
    /// One column.
    One(Col),
    /// Several (allocated only for a compound).
    Many(Box<[Col]>),
}

/// The value a batched call asks for, one per column of its [`Cols`].
#[derive(Debug, Clone)]
pub(crate) enum Vals {
    /// The value of [`Cols::One`].
    One(Value),
    /// The values of [`Cols::Many`], in its order.
    Many(Vec<Value>),
}

impl Vals {
    /// The key the value is compared by in memory (a [`Key::Many`] for a compound).
    fn key(&self) -> Option<Key> {
        match self {
            Vals::One(v) => exact(v),
            Vals::Many(vs) => Some(Key::Many(vs.iter().map(exact).collect::<Option<_>>()?)),
        }
    }

    /// The filter that picks the record with this value (`cols` the call's columns).
    fn filter(self, cols: &Cols) -> Cond {
        match (cols, self) {
            (Cols::One(col), Vals::One(v)) => Cond::Cmp(col, CmpOp::Eq, v),
            (Cols::Many(cols), Vals::Many(vs)) => Cond::And(
                cols.iter()
                    .zip(vs)
                    .map(|(c, v)| Cond::Cmp(c, CmpOp::Eq, v))
                    .collect(),
            ),
            // Never: a call's values are read from the same filter as its columns.
            (_, _) => Cond::False,
        }
    }
}

/// A batch waiting for its leader: one model, one column (or compound). `None` while the leader is alone
/// (no allocation for a lone call); else a `Box<dyn Any>` holding the [`Pending<M>`] of the
/// callers that joined, for the model the key names.
type Slot = Option<Box<dyn Any + Send>>;

/// The batches of one client that are waiting for their leader, by model and column.
#[derive(Default)]
pub(crate) struct Batches {
    pending: Mutex<HashMap<(usize, Cols), Slot>>,
}

impl Batches {
    fn lock(&self) -> MutexGuard<'_, HashMap<(usize, Cols), Slot>> {
        // A panic while the map was held cannot leave it inconsistent (every change is one
        // insert or remove): go on with it.
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What one caller waits for.
type Reply<M> = oneshot::Sender<Result<Option<M>>>;

/// The callers that joined a batch (the leader keeps its own value and gets its result
/// directly): each one's key value and where its result goes.
struct Pending<M> {
    callers: Vec<(Vals, Reply<M>)>,
}

/// A key value as it is compared in memory (the relation loader's [`Key`]), for the types
/// batched: integers, text and bytes. Other types (times, decimals, floats) are not batched:
/// the database may compare them rounded.
fn exact(v: &Value) -> Option<Key> {
    match v {
        Value::Int(_)
        | Value::Bool(_)
        | Value::Text(_)
        | Value::SharedText(_)
        | Value::Enum(_)
        | Value::Bytes(_) => Key::of(v.clone()),
        _ => None,
    }
}

/// Whether the database compares `key` as it is compared here, whatever the column's
/// collation: a text key that matched no record exactly may still match one there.
fn compared_exactly(key: &Key) -> bool {
    match key {
        Key::Text(_) => false,
        Key::Many(keys) => keys.iter().all(compared_exactly),
        Key::Int(_) | Key::Bytes(_) => true,
    }
}

/// The columns and values of a select that `find_unique` may batch: one equality on one
/// column, or equalities on several distinct columns (a compound unique), nothing else (no
/// order, page or cursor), with key types compared exactly.
pub(crate) fn batch_key(select: &Select) -> Option<(Cols, Vals)> {
    if !select.order.is_empty()
        || select.take.is_some()
        || select.skip.is_some()
        || select.cursor.is_some()
    {
        return None;
    }
    match &select.filter {
        Cond::Cmp(col, CmpOp::Eq, value) if exact(value).is_some() => {
            Some((Cols::One(col), Vals::One(value.clone())))
        }
        Cond::And(items) if items.len() > 1 => {
            let mut cols = Vec::with_capacity(items.len());
            let mut vals = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Cond::Cmp(col, CmpOp::Eq, value)
                        if exact(value).is_some() && !cols.contains(col) =>
                    {
                        cols.push(*col);
                        vals.push(value.clone());
                    }
                    _ => return None,
                }
            }
            Some((Cols::Many(cols.into()), Vals::Many(vals)))
        }
        _ => None,
    }
}

/// Lets the scheduler run what is ready before the leader goes on, once: the task wakes itself
/// and returns pending, so tokio puts it at the back of its run queue (behind the tasks spawned
/// meanwhile; futures joined with it are polled meanwhile too). Cheaper than
/// `tokio::task::yield_now`, which also polls the I/O driver (a system call) before the task
/// runs again.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Removes the batch from the map when the leader is dropped before it took it: the other
/// callers' replies are dropped with it, and each runs its own query.
struct Leader<'a> {
    batches: &'a Batches,
    key: (usize, Cols),
    armed: bool,
}

impl Drop for Leader<'_> {
    fn drop(&mut self) {
        if self.armed {
            self.batches.lock().remove(&self.key);
        }
    }
}

/// `find_unique` of the record whose `columns` are `value`, batched with the other calls of the
/// same scheduling window. Called in a task only (`FindFirst::batchable` reads the task's id:
/// outside a task, the future given to `block_on` or `#[tokio::main]`'s body, no other task
/// runs until this one waits, so the call runs unbatched, as before batching existed). `query` runs a select of `M`
/// records with a filter and a `take`. The leader (the first call of a window) leaves an empty
/// slot in the map, yields once, takes the slot back and, when no call joined, runs its own
/// query: a lone call pays a map entry (no allocation once the map has room) and a yield, no
/// channel. A call that joins sends its value and a channel for its result.
pub(crate) async fn find_unique<M, Q, F>(
    batches: &Batches,
    column: Cols,
    value: Vals,
    query: Q,
) -> Result<Option<M>>
where
    M: Model,
    Q: Fn(Cond, Option<i64>) -> F,
    F: Future<Output = Result<Vec<M>>>,
{
    let key = (std::ptr::from_ref(M::META) as usize, column.clone());
    let answer = {
        let mut pending = batches.lock();
        match pending.get_mut(&key) {
            None => {
                pending.insert(key.clone(), None);
                None
            }
            Some(slot) => {
                let (reply, answer) = oneshot::channel();
                let joined = (value.clone(), reply);
                match slot.as_mut().map(|b| b.downcast_mut::<Pending<M>>()) {
                    Some(Some(batch)) => batch.callers.push(joined),
                    // The first to join, or (never: one model per key) a batch of another
                    // type, which this one replaces.
                    _ => {
                        *slot = Some(Box::new(Pending::<M> {
                            callers: vec![joined],
                        }));
                    }
                }
                Some(answer)
            }
        }
    };
    let Some(answer) = answer else {
        // The leader.
        let mut leader = Leader {
            batches,
            key,
            armed: true,
        };
        YieldOnce(false).await;
        let slot = batches.lock().remove(&leader.key).flatten();
        leader.armed = false;
        return match slot.map(|slot| slot.downcast::<Pending<M>>()) {
            // On the heap: the batch's work would otherwise weigh on every lone call.
            Some(Ok(batch)) => Box::pin(run(&query, column, value, batch.callers)).await,
            _ => one(&query, column, value).await,
        };
    };
    match answer.await {
        Ok(result) => result,
        // The leader was dropped before it answered: this call runs on its own.
        Err(_) => one(&query, column, value).await,
    }
}

/// The query a single `find_unique` runs.
async fn one<M, Q, F>(query: &Q, column: Cols, value: Vals) -> Result<Option<M>>
where
    Q: Fn(Cond, Option<i64>) -> F,
    F: Future<Output = Result<Vec<M>>>,
{
    let filter = value.filter(&column);
    Ok(query(filter, Some(1)).await?.into_iter().next())
}

/// Runs one batch: answers every caller that joined and returns the leader's result.
async fn run<M, Q, F>(
    query: &Q,
    column: Cols,
    leader: Vals,
    callers: Vec<(Vals, Reply<M>)>,
) -> Result<Option<M>>
where
    M: Model,
    Q: Fn(Cond, Option<i64>) -> F,
    F: Future<Output = Result<Vec<M>>>,
{
    let position = |c: &Col| M::META.fields.iter().position(|f| f.column == *c);
    let fields: Option<Vec<usize>> = match &column {
        Cols::One(c) => position(c).map(|f| vec![f]),
        Cols::Many(cols) => cols.iter().map(position).collect(),
    };
    let Some(fields) = fields else {
        for (value, reply) in callers {
            let _ = reply.send(one(query, column.clone(), value).await);
        }
        return one(query, column, leader).await;
    };
    let mut distinct: Vec<Vals> = Vec::with_capacity(callers.len() + 1);
    let mut seen = HashSet::with_capacity(callers.len() + 1);
    for value in std::iter::once(&leader).chain(callers.iter().map(|(v, _)| v)) {
        if value.key().is_none_or(|k| seen.insert(k)) {
            distinct.push(value.clone());
        }
    }
    let filter = match &column {
        Cols::One(c) => {
            let values = distinct.into_iter().filter_map(|v| match v {
                Vals::One(v) => Some(v),
                Vals::Many(_) => None,
            });
            Cond::In(c, values.collect(), false)
        }
        Cols::Many(_) => Cond::Or(distinct.into_iter().map(|v| v.filter(&column)).collect()),
    };
    let records = match query(filter, None).await {
        Ok(records) => records,
        Err(e) => {
            for (_, reply) in callers {
                let _ = reply.send(Err(e.clone()));
            }
            return Err(e);
        }
    };
    let record_key = |r: &M| match fields.as_slice() {
        [one] => exact(&r.value(*one)),
        many => Some(Key::Many(
            many.iter()
                .map(|f| exact(&r.value(*f)))
                .collect::<Option<_>>()?,
        )),
    };
    let by_key: HashMap<Key, M> = records
        .into_iter()
        .filter_map(|r| Some((record_key(&r)?, r)))
        .collect();
    // Each caller's record; `Err` for a text key that matched no record exactly: its own
    // query says whether the database finds one by its own comparison (a case-insensitive
    // collation).
    let found = |value: &Vals| -> std::result::Result<Option<M>, ()> {
        let key = value.key();
        match key.as_ref().and_then(|k| by_key.get(k)) {
            Some(record) => Ok(Some(record.clone())),
            // Integers and bytes compare exactly everywhere: no record has this key.
            None if key.as_ref().is_some_and(compared_exactly) => Ok(None),
            None => Err(()),
        }
    };
    let mut unmatched = Vec::new();
    for (value, reply) in callers {
        match found(&value) {
            Ok(record) => {
                let _ = reply.send(Ok(record));
            }
            Err(()) => unmatched.push((value, reply)),
        }
    }
    let mine = found(&leader);
    for (value, reply) in unmatched {
        if !reply.is_closed() {
            let _ = reply.send(one(query, column.clone(), value).await);
        }
    }
    match mine {
        Ok(record) => Ok(record),
        Err(()) => one(query, column, leader).await,
    }
}
