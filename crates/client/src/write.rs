//! The data of writes, shared by the operations (`ops`) and nested writes (`nested`): what
//! to create ([`CreateData`]) and to update ([`UpdateData`]), the nested writes they carry
//! ([`Op`]), the one timestamp of an operation ([`Now`]) with the client-side defaults, and
//! the single-row INSERT both run.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use chrono::Utc;

use crate::client::Exec;
use crate::defaults;
use crate::error::Result;
use crate::meta::ClientDefault;
use crate::query::{Col, Insert, SetExpr};
use crate::render;
use crate::typed::{Model, Set};
use crate::value::Value;

pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// One nested write on records related to a `P` record.
pub(crate) trait Op<P>: Send + Sync {
    /// Whether it runs before the parent's statement (the parent holds the foreign key).
    fn before_parent(&self) -> bool;
    /// Runs a write on the side holding the foreign key; returns the parent's foreign key
    /// columns to set. `current` is the parent before an update (`None` in a create).
    fn before<'a>(
        &'a self,
        exec: Exec<'a>,
        current: Option<&'a P>,
        now: &'a Now,
    ) -> BoxFuture<'a, Vec<(Col, Value)>>;
    /// Runs a write on the other side, once the parent exists.
    fn after<'a>(
        &'a self,
        exec: Exec<'a>,
        parent: &'a P,
        created: bool,
        now: &'a Now,
    ) -> BoxFuture<'a, ()>;
}

/// The data of one record to create: the columns given, the rest defaulted, and records to
/// create along with it in relation fields (nested creates).
pub struct CreateData<M> {
    pub(crate) sets: Vec<(Col, Value)>,
    pub(crate) nested: Vec<std::sync::Arc<dyn Op<M>>>,
    _m: PhantomData<fn() -> M>,
}

impl<M> Clone for CreateData<M> {
    fn clone(&self) -> Self {
        CreateData {
            sets: self.sets.clone(),
            nested: self.nested.clone(),
            _m: PhantomData,
        }
    }
}

impl<M> std::fmt::Debug for CreateData<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateData")
            .field("sets", &self.sets)
            .field("nested", &self.nested.len())
            .finish()
    }
}

impl<M: Model> CreateData<M> {
    /// Data with these columns (generated `create` functions call this with the required
    /// fields).
    pub fn new(sets: Vec<(Col, Value)>) -> Self {
        CreateData {
            sets,
            nested: Vec::new(),
            _m: PhantomData,
        }
    }

    pub(crate) fn put(&mut self, column: Col, value: Value) {
        if let Some(slot) = self.sets.iter_mut().find(|(c, _)| *c == column) {
            slot.1 = value;
        } else {
            self.sets.push((column, value));
        }
    }

    /// Sets an optional field (or one with a default).
    pub fn set(mut self, set: Set<M>) -> Self {
        let value = match set.expr {
            SetExpr::Value(v) => v,
            SetExpr::Increment(v)
            | SetExpr::Decrement(v)
            | SetExpr::Multiply(v)
            | SetExpr::Divide(v)
            | SetExpr::Push(v) => v,
        };
        if let Some(slot) = self.sets.iter_mut().find(|(c, _)| *c == set.column) {
            slot.1 = value;
        } else {
            self.sets.push((set.column, value));
        }
        self
    }

    /// The columns and values to insert, with the defaults Prisma Client computes itself
    /// (`now()`, `@updatedAt`, `uuid()`, `cuid()`, `cuid(2)`, `ulid()`, `nanoid()`) filled in.
    pub(crate) fn resolve(self, now: &Now, dialect: render::Dialect) -> (Vec<Col>, Vec<Value>) {
        let mut columns = Vec::new();
        let values = self.resolve_into(now, dialect, &mut columns);
        (columns, values)
    }

    /// [`CreateData::resolve`] with the columns written into `columns` (cleared first), so
    /// that `createMany` compares each row's columns without allocating them per row.
    pub(crate) fn resolve_into(
        self,
        now: &Now,
        dialect: render::Dialect,
        columns: &mut Vec<Col>,
    ) -> Vec<Value> {
        let n = M::META.fields.len().max(self.sets.len());
        columns.clear();
        columns.reserve(n);
        let mut values = Vec::with_capacity(n);
        for (c, v) in self.sets {
            columns.push(c);
            values.push(v);
        }
        let given = columns.len();
        for f in M::META.fields {
            if f.default == ClientDefault::None || columns[..given].contains(&f.column) {
                continue;
            }
            let Some(value) = client_default(f.default, now, dialect) else {
                continue;
            };
            values.push(value);
            columns.push(f.column);
        }
        values
    }
}

/// The value Prisma Client computes for a field with this default (`None`: the database's).
pub(crate) fn client_default(
    default: ClientDefault,
    now: &Now,
    dialect: render::Dialect,
) -> Option<Value> {
    Some(match default {
        ClientDefault::Now | ClientDefault::UpdatedAt => now.value(dialect),
        ClientDefault::Uuid => Value::Text(defaults::uuid()),
        ClientDefault::UuidV7 => Value::Text(defaults::uuid_v7()),
        ClientDefault::Cuid => Value::Text(defaults::cuid()),
        ClientDefault::Cuid2 => Value::Text(defaults::cuid2()),
        ClientDefault::Ulid => Value::Text(defaults::ulid()),
        ClientDefault::Nanoid(n) => Value::Text(defaults::nanoid(n)),
        ClientDefault::None => return None,
    })
}

/// The one timestamp of an operation (`now()`, `@updatedAt`), in milliseconds as Prisma keeps
/// it, with its SQLite text form computed once for every row that needs it.
pub(crate) struct Now {
    at: chrono::DateTime<Utc>,
    sqlite_text: std::sync::Arc<str>,
}

impl Now {
    pub(crate) fn value(&self, dialect: render::Dialect) -> Value {
        if render::timestamps_as_text(dialect) {
            Value::SharedText(self.sqlite_text.clone())
        } else {
            Value::DateTime(self.at)
        }
    }
}

pub(crate) fn now() -> Now {
    let t = Utc::now();
    let at = chrono::DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t);
    Now {
        at,
        sqlite_text: crate::value::sqlite_datetime_text(&at).into(),
    }
}

pub(crate) async fn insert_one<M: Model>(
    exec: Exec<'_>,
    data: CreateData<M>,
    now: &Now,
    skip_duplicates: bool,
    returning: bool,
) -> Result<Option<M>> {
    let (columns, values) = data.resolve(now, exec.dialect());
    let insert = Insert {
        model: M::META,
        columns,
        rows: vec![values],
        skip_duplicates,
        returning,
    };
    if returning {
        return crate::returning::insert(exec, insert).await;
    }
    exec.execute(&render::insert(exec.dialect(), insert))
        .await?;
    Ok(None)
}

pub(crate) fn with_updated_at<M: Model>(
    data: Vec<Set<M>>,
    now: &Now,
    dialect: render::Dialect,
) -> Vec<(Col, SetExpr)> {
    let mut sets: Vec<(Col, SetExpr)> = data.into_iter().map(|s| (s.column, s.expr)).collect();
    for f in M::META.fields {
        if f.default == ClientDefault::UpdatedAt && !sets.iter().any(|(c, _)| *c == f.column) {
            sets.push((f.column, SetExpr::Value(now.value(dialect))));
        }
    }
    sets
}

/// The data of an `update`: columns to set and nested writes in relation fields. A
/// `Vec<Set<M>>` converts into it, so `update(unique, vec![…])` keeps working.
pub struct UpdateData<M> {
    pub(crate) sets: Vec<Set<M>>,
    pub(crate) nested: Vec<Arc<dyn Op<M>>>,
}

impl<M> Default for UpdateData<M> {
    fn default() -> Self {
        UpdateData {
            sets: Vec::new(),
            nested: Vec::new(),
        }
    }
}

impl<M> Clone for UpdateData<M> {
    fn clone(&self) -> Self {
        UpdateData {
            sets: clone_sets(&self.sets),
            nested: self.nested.clone(),
        }
    }
}

pub(crate) fn clone_sets<M>(sets: &[Set<M>]) -> Vec<Set<M>> {
    sets.iter()
        .map(|s| Set::new(s.column, s.expr.clone()))
        .collect()
}

impl<M> std::fmt::Debug for UpdateData<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sets: Vec<_> = self.sets.iter().map(|s| (s.column, &s.expr)).collect();
        f.debug_struct("UpdateData")
            .field("sets", &sets)
            .field("nested", &self.nested.len())
            .finish()
    }
}

impl<M> From<Vec<Set<M>>> for UpdateData<M> {
    fn from(sets: Vec<Set<M>>) -> Self {
        UpdateData {
            sets,
            nested: Vec::new(),
        }
    }
}

impl<M> UpdateData<M> {
    /// No change yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a column (`user::name().set("x")`, `activity::points().increment(1)`).
    pub fn set(mut self, set: Set<M>) -> Self {
        self.sets.push(set);
        self
    }
}
