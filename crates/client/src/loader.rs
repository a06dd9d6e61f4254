//! `findUnique` batching, as Prisma's dataloader: the `find_unique` calls on one model and one
//! unique field that reach the client in the same scheduling window become one query
//! (`WHERE field IN (…)`), each caller getting its own record.
//!
//! The first call of a window (the leader) registers a batch and yields to the scheduler once;
//! the calls made meanwhile (other tasks, or other futures joined in the same task) join its
//! batch; then the leader takes the batch and runs one query for all of them, and hands each
//! caller its record, `None`, or a copy of the error. A batch of one runs the query a single
//! call runs. A record is handed over when its key equals the one asked exactly; a caller whose
//! key matched no record that way (a text key under a case-insensitive collation, a time the
//! column stores rounded) runs its own query, so that every result is the one its call alone
//! would give. If the leader is dropped before it ran the batch, each other caller runs its own
//! query.
//!
//! Batched: `find_unique` and `find_unique_or_throw` on the client, on one field (`id`, or a
//! `@unique` field), without `include`, `select`, `omit` or further conditions. Not batched:
//! calls in an interactive transaction (each statement of a transaction runs in the order the
//! code awaits it, on its one connection, so there is no concurrent call to join), and every
//! other read.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use tokio::sync::oneshot;

use crate::client::{Client, Exec};
use crate::error::Result;
use crate::include::Key;
use crate::ops::FindFirst;
use crate::query::{CmpOp, Col, Cond, Select};
use crate::render;
use crate::typed::Model;
use crate::value::Value;

/// A batch waiting for its leader: one model, one column. `Box<dyn Any>` holds a
/// [`Pending<M>`] for the model the key names.
type Slot = Box<dyn Any + Send>;

/// The batches of one client that are waiting for their leader, by model and column.
#[derive(Default)]
pub(crate) struct Batches {
    pending: Mutex<HashMap<(usize, Col), Slot>>,
}

impl Batches {
    fn lock(&self) -> MutexGuard<'_, HashMap<(usize, Col), Slot>> {
        // A panic while the map was held cannot leave it inconsistent (every change is one
        // insert or remove): go on with it.
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What one caller waits for.
type Reply<M> = oneshot::Sender<Result<Option<M>>>;

/// The callers of one batch: each one's key value and where its result goes.
struct Pending<M> {
    callers: Vec<(Value, Reply<M>)>,
}

/// The client, column and value of a `find_unique` that may be batched, or `None`.
pub(crate) fn batchable<'a, M: Model>(find: &FindFirst<'a, M>) -> Option<(&'a Client, Col, Value)> {
    let inner = &find.inner;
    let Exec::Client(client) = inner.exec else {
        return None;
    };
    let s = &inner.select;
    if !find.unique
        || !inner.includes.is_empty()
        || !inner.distinct.is_empty()
        || !s.order.is_empty()
        || s.take.is_some()
        || s.skip.is_some()
        || s.cursor.is_some()
    {
        return None;
    }
    match &s.filter {
        Cond::Cmp(col, CmpOp::Eq, value) if !matches!(value, Value::Null) => {
            Some((client, *col, value.clone()))
        }
        _ => None,
    }
}

/// Removes the batch from the map when the leader is dropped before it took it: the other
/// callers' replies are dropped with it, and each runs its own query.
struct Leader<'a> {
    batches: &'a Batches,
    key: (usize, Col),
    armed: bool,
}

impl Drop for Leader<'_> {
    fn drop(&mut self) {
        if self.armed {
            self.batches.lock().remove(&self.key);
        }
    }
}

/// `find_unique` of the record whose `column` is `value`, batched with the other calls of the
/// same scheduling window.
pub(crate) async fn find_unique<M: Model>(
    client: &Client,
    column: Col,
    value: Value,
) -> Result<Option<M>> {
    let batches = client.batches();
    let key = (std::ptr::from_ref(M::META) as usize, column);
    let (reply, answer) = oneshot::channel();
    let leads = {
        let mut pending = batches.lock();
        match pending
            .get_mut(&key)
            .and_then(|slot| slot.downcast_mut::<Pending<M>>())
        {
            Some(batch) => {
                batch.callers.push((value.clone(), reply));
                false
            }
            None => {
                let batch = Pending {
                    callers: vec![(value.clone(), reply)],
                };
                pending.insert(key, Box::new(batch));
                true
            }
        }
    };
    if leads {
        let mut leader = Leader {
            batches,
            key,
            armed: true,
        };
        tokio::task::yield_now().await;
        let batch = batches.lock().remove(&key);
        leader.armed = false;
        if let Some(Ok(batch)) = batch.map(|slot| slot.downcast::<Pending<M>>()) {
            run(Exec::Client(client), column, batch.callers).await;
        }
    }
    match answer.await {
        Ok(result) => result,
        // The leader was dropped before it answered: this call runs on its own.
        Err(_) => one(Exec::Client(client), column, value).await,
    }
}

/// The query a single `find_unique` runs.
async fn one<M: Model>(exec: Exec<'_>, column: Col, value: Value) -> Result<Option<M>> {
    let mut select = Select::all(M::META);
    select.filter = Cond::Cmp(column, CmpOp::Eq, value);
    select.take = Some(1);
    let sql = render::select(exec.dialect(), &select);
    Ok(exec.query(&sql, M::from_row).await?.into_iter().next())
}

/// Runs one batch and answers every caller.
async fn run<M: Model>(exec: Exec<'_>, column: Col, callers: Vec<(Value, Reply<M>)>) {
    if let [(value, _)] = callers.as_slice() {
        let result = one(exec, column, value.clone()).await;
        if let Some((_, reply)) = callers.into_iter().next() {
            let _ = reply.send(result);
        }
        return;
    }
    let Some(field) = M::META.fields.iter().position(|f| f.column == column) else {
        for (value, reply) in callers {
            let _ = reply.send(one(exec, column, value).await);
        }
        return;
    };
    let mut distinct: Vec<Value> = Vec::with_capacity(callers.len());
    let mut seen = std::collections::HashSet::with_capacity(callers.len());
    for (value, _) in &callers {
        if Key::of(value.clone()).is_none_or(|k| seen.insert(k)) {
            distinct.push(value.clone());
        }
    }
    let mut select = Select::all(M::META);
    select.filter = Cond::In(column, distinct, false);
    let sql = render::select(exec.dialect(), &select);
    let records = match exec.query(&sql, M::from_row).await {
        Ok(records) => records,
        Err(e) => {
            for (_, reply) in callers {
                let _ = reply.send(Err(e.clone()));
            }
            return;
        }
    };
    let by_key: HashMap<Key, M> = records
        .into_iter()
        .filter_map(|r| Some((Key::of(r.value(field))?, r)))
        .collect();
    let mut unmatched = Vec::new();
    for (value, reply) in callers {
        match Key::of(value.clone()).and_then(|k| by_key.get(&k)) {
            Some(record) => {
                let _ = reply.send(Ok(Some(record.clone())));
            }
            // Integers and bytes compare exactly everywhere: no record has this key.
            None if matches!(value, Value::Int(_) | Value::Bool(_) | Value::Bytes(_)) => {
                let _ = reply.send(Ok(None));
            }
            None => unmatched.push((value, reply)),
        }
    }
    // A key that matched no record exactly: its own query says whether the database finds
    // one by its own comparison (collation, rounding).
    for (value, reply) in unmatched {
        if reply.is_closed() {
            continue;
        }
        let _ = reply.send(one(exec, column, value).await);
    }
}
