//! The fluent API (Prisma's `prisma.user.findUnique({ where }).posts({ where, orderBy })`):
//! from a query for one record to the records of one of its relations.
//!
//! A query for at most one record of `P` ([`FindFirst`], from `find_unique`, `find_first` and
//! their `OrThrow` forms, or a to-one step of a chain, [`FluentOne`]) is a [`FluentParent`].
//! The generated `Fluent` trait of each model (`user::Fluent`) gives every parent one method
//! per relation; a to-many relation gives a [`FluentMany`] (a `find_many` of the related
//! records: filter, order, take, skip, cursor, distinct, include, select, omit), a to-one
//! relation a [`FluentOne`], itself a parent, so that chains go on through to-one relations as
//! in Prisma (`session.user().actions()`).
//!
//! As in Prisma, the result is `None` when the parent record does not exist (an empty `Vec`
//! when it exists without related records); with `find_unique_or_throw` or
//! `find_first_or_throw` the missing parent is P2025 instead. Each step is one query: the
//! parent's (batched with other `find_unique` calls, [`crate::loader`]), then the related
//! records' by the parent's key (and, for a many-to-many relation, one query of the join
//! table before it).

use std::future::Future;
use std::pin::Pin;

use crate::client::Exec;
use crate::error::{Error, Result};
use crate::include::Include;
use crate::meta::RelationMeta;
use crate::ops::{Delegate, FindFirst, FindMany};
use crate::query::{CmpOp, Cond, Projection, Select};
use crate::render::{self, Through};
use crate::select::{Omit, OmitField, Selection, Shaped};
use crate::typed::{Field, Filter, Model, Order, Unique};
use crate::value::Value;

/// The future of a parent's key: the values of a relation's columns in the parent record,
/// `None` when there is no parent record.
type KeyFuture<'a> = Pin<Box<dyn Future<Output = Result<Option<Vec<Value>>>> + Send + 'a>>;

/// Where a fluent step starts: the executor, the future of the parent's key, and the model
/// the chain starts from (the model of the call, which errors name, as in Prisma, where the
/// chain is one query of that model).
pub struct Parent<'a> {
    exec: Exec<'a>,
    key: KeyFuture<'a>,
    model: &'static str,
}

/// A query for at most one record of `M`, where a fluent step starts: `find_unique(…)`,
/// `find_first(…)` (and their `OrThrow` forms) or a to-one step ([`FluentOne`]). The
/// generated `Fluent` trait of `M` (`user::Fluent`) is implemented for every one.
pub trait FluentParent<'a, M: Model>: Sized + Send + 'a {
    /// The parent query, reading the values of `columns` (a relation's columns of `M`).
    fn fluent_parent(self, columns: &'static [&'static str]) -> Parent<'a>;
}

/// The positions in `M::META.fields` of `columns`.
fn field_indexes<M: Model>(columns: &[&str]) -> Result<Vec<usize>> {
    columns
        .iter()
        .map(|c| {
            M::META
                .fields
                .iter()
                .position(|f| f.column == *c)
                .ok_or_else(|| {
                    Error::InvalidQuery(format!("model {} has no column {c}", M::META.name))
                })
        })
        .collect()
}

fn key_of<M: Model>(record: Option<M>, fields: &[usize]) -> Option<Vec<Value>> {
    record.map(|r| fields.iter().map(|f| r.value(*f)).collect())
}

impl<'a, M: Model> FluentParent<'a, M> for FindFirst<'a, M> {
    fn fluent_parent(mut self, columns: &'static [&'static str]) -> Parent<'a> {
        let exec = self.inner.exec;
        // The parent is read for its key only: what it includes is not loaded.
        self.inner.includes.clear();
        Parent {
            exec,
            model: M::META.name,
            key: Box::pin(async move {
                let fields = field_indexes::<M>(columns)?;
                Ok(key_of(self.exec().await?, &fields))
            }),
        }
    }
}

impl<'a, M: Model> FluentParent<'a, M> for FluentOne<'a, M> {
    fn fluent_parent(mut self, columns: &'static [&'static str]) -> Parent<'a> {
        let exec = self.parent.exec;
        let model = self.parent.model;
        self.find.includes.clear();
        Parent {
            exec,
            model,
            key: Box::pin(async move {
                let fields = field_indexes::<M>(columns)?;
                Ok(key_of(self.exec().await?, &fields))
            }),
        }
    }
}

/// The query of the records of `relation` related to the parent whose key is `key`: `None`
/// when there is no parent record.
async fn related<'a, C: Model>(
    parent: Parent<'a>,
    relation: &'static RelationMeta,
    find: FindMany<'a, C>,
) -> Result<Option<FindMany<'a, C>>> {
    let exec = parent.exec;
    let Some(key) = parent.key.await? else {
        return Ok(None);
    };
    let cond = if key.iter().any(|v| matches!(v, Value::Null)) {
        // An optional foreign key that is not set: no related record.
        Cond::False
    } else if let Some(join) = &relation.join {
        // Many-to-many: the related records' keys from the join table first.
        let to_column = relation.to_columns[0];
        let through = Through {
            join,
            to_column,
            keys: key,
        };
        let sql = render::select_projected(
            exec.dialect(),
            &Select::all(C::META),
            &[Projection::Column(to_column)],
            Some(through),
        )?;
        let keys = exec
            .query(&sql, |row| {
                let _parent: Value = row.read()?;
                row.read::<Value>()
            })
            .await?;
        Cond::In(to_column, keys, false)
    } else {
        Cond::And(
            relation
                .to_columns
                .iter()
                .zip(key)
                .map(|(col, v)| Cond::Cmp(col, CmpOp::Eq, v))
                .collect(),
        )
    };
    Ok(Some(find.filter(Filter::new(cond))))
}

/// The records of a to-many relation of the record a query finds (Prisma's
/// `findUnique(…).posts({ where, orderBy, … })`): `find_many`'s arguments, and
/// `exec()` gives `None` when the parent record does not exist.
pub struct FluentMany<'a, C: Model> {
    parent: Parent<'a>,
    relation: &'static RelationMeta,
    find: FindMany<'a, C>,
}

impl<'a, C: Model> FluentMany<'a, C> {
    /// The records of `relation` (a to-many relation of `P`) of the record `parent` finds
    /// (generated `Fluent` traits call this).
    pub fn new<P: Model>(
        parent: impl FluentParent<'a, P>,
        relation: &'static RelationMeta,
    ) -> Self {
        let parent = parent.fluent_parent(relation.from_columns);
        let find = Delegate::new(parent.exec).find_many();
        FluentMany {
            parent,
            relation,
            find,
        }
    }

    /// `where` (several calls combine with AND).
    pub fn filter(mut self, filter: impl Into<Filter<C>>) -> Self {
        self.find = self.find.filter(filter);
        self
    }
    /// `orderBy` (several calls sort by each in turn).
    pub fn order_by(mut self, order: Order<C>) -> Self {
        self.find = self.find.order_by(order);
        self
    }
    /// `take` (negative: the last records, as `find_many`).
    pub fn take(mut self, n: i64) -> Self {
        self.find = self.find.take(n);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.find = self.find.skip(n);
        self
    }
    /// `cursor`: start at the related record `unique` picks.
    pub fn cursor(mut self, unique: Unique<C>) -> Self {
        self.find = self.find.cursor(unique);
        self
    }
    /// `distinct` on a field (several calls: distinct on the combination).
    pub fn distinct<T>(mut self, field: Field<C, T>) -> Self {
        self.find = self.find.distinct(field);
        self
    }
    /// `include` a relation of the related records.
    pub fn include(mut self, include: impl Into<Include<C>>) -> Self {
        self.find = self.find.include(include);
        self
    }
    /// `select`: each related record read as `selection` says.
    pub fn select<S: Selection<C>>(self, selection: S) -> FluentSelect<'a, C, S> {
        FluentSelect {
            many: self,
            selection,
        }
    }
    /// `omit`: every field of the related records but those named.
    pub fn omit<O>(self, fields: O) -> FluentSelect<'a, C, Omit<O::Out>>
    where
        C: Shaped,
        O: OmitField<C::Full>,
        Omit<O::Out>: Selection<C>,
    {
        let _ = fields;
        self.select(Omit::new())
    }

    /// Runs the queries: the related records, or `None` when the parent record does not exist
    /// (P2025 instead for a parent from an `OrThrow` call).
    pub async fn exec(self) -> Result<Option<Vec<C>>> {
        let model = self.parent.model;
        let found = async {
            match related(self.parent, self.relation, self.find).await? {
                Some(find) => find.exec().await.map(Some),
                None => Ok(None),
            }
        };
        found.await.map_err(|e: Error| e.named_model(model))
    }
}

/// [`FluentMany`] with `select` or `omit`.
pub struct FluentSelect<'a, C: Model, S> {
    many: FluentMany<'a, C>,
    selection: S,
}

impl<'a, C: Model, S: Selection<C>> FluentSelect<'a, C, S> {
    /// `where` (several calls combine with AND).
    pub fn filter(mut self, filter: impl Into<Filter<C>>) -> Self {
        self.many = self.many.filter(filter);
        self
    }
    /// `orderBy`.
    pub fn order_by(mut self, order: Order<C>) -> Self {
        self.many = self.many.order_by(order);
        self
    }
    /// `take`.
    pub fn take(mut self, n: i64) -> Self {
        self.many = self.many.take(n);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.many = self.many.skip(n);
        self
    }

    /// Runs the queries: the related records as selected, or `None` when the parent record
    /// does not exist.
    pub async fn exec(self) -> Result<Option<Vec<S::Output>>> {
        let FluentMany {
            parent,
            relation,
            find,
        } = self.many;
        let model = parent.model;
        let found = async {
            match related(parent, relation, find).await? {
                Some(find) => find.select(self.selection).exec().await.map(Some),
                None => Ok(None),
            }
        };
        found.await.map_err(|e: Error| e.named_model(model))
    }
}

/// The record of a to-one relation of the record a query finds (Prisma's
/// `findUnique(…).author()`): `None` when the parent record does not exist or has no related
/// record. A parent itself: the chain goes on (`….author().posts()`).
pub struct FluentOne<'a, C: Model> {
    parent: Parent<'a>,
    relation: &'static RelationMeta,
    find: FindMany<'a, C>,
}

impl<'a, C: Model> FluentOne<'a, C> {
    /// The record of `relation` (a to-one relation of `P`) of the record `parent` finds
    /// (generated `Fluent` traits call this).
    pub fn new<P: Model>(
        parent: impl FluentParent<'a, P>,
        relation: &'static RelationMeta,
    ) -> Self {
        let parent = parent.fluent_parent(relation.from_columns);
        let find = Delegate::new(parent.exec).find_many();
        FluentOne {
            parent,
            relation,
            find,
        }
    }

    /// `include` a relation of the related record.
    pub fn include(mut self, include: impl Into<Include<C>>) -> Self {
        self.find = self.find.include(include);
        self
    }

    /// `select`: the related record read as `selection` says.
    pub fn select<S: Selection<C>>(self, selection: S) -> FluentOneSelect<'a, C, S> {
        FluentOneSelect {
            one: self,
            selection,
        }
    }

    /// Runs the queries: the related record, or `None` when the parent record does not exist
    /// or has none (P2025 instead of a missing parent from an `OrThrow` call).
    pub async fn exec(self) -> Result<Option<C>> {
        let model = self.parent.model;
        let found = async {
            match related(self.parent, self.relation, self.find).await? {
                Some(find) => Ok(find.take(1).exec().await?.into_iter().next()),
                None => Ok(None),
            }
        };
        found.await.map_err(|e: Error| e.named_model(model))
    }
}

/// [`FluentOne`] with `select`.
pub struct FluentOneSelect<'a, C: Model, S> {
    one: FluentOne<'a, C>,
    selection: S,
}

impl<'a, C: Model, S: Selection<C>> FluentOneSelect<'a, C, S> {
    /// Runs the queries: the related record as selected, or `None`.
    pub async fn exec(self) -> Result<Option<S::Output>> {
        let FluentOne {
            parent,
            relation,
            find,
        } = self.one;
        let model = parent.model;
        let found = async {
            match related(parent, relation, find).await? {
                Some(find) => Ok(find
                    .select(self.selection)
                    .take(1)
                    .exec()
                    .await?
                    .into_iter()
                    .next()),
                None => Ok(None),
            }
        };
        found.await.map_err(|e: Error| e.named_model(model))
    }
}
