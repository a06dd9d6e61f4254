//! `findMany`, `findFirst` and `findUnique`: the read builders.

use crate::client::{Client, Exec};
use crate::error::{Error, Result};
use crate::extension::OperationKind;
use crate::include::{Include, load_all};
use crate::join::RelationLoadStrategy;
use crate::query::{Cond, Select};
use crate::render::{self};
use crate::typed::{Field, Filter, Model, Order, Unique};

/// `findMany`.
#[derive(Clone)]
pub struct FindMany<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    pub(crate) select: Select,
    pub(crate) includes: Vec<Include<M>>,
    pub(crate) distinct: Vec<usize>,
    /// `relationLoadStrategy` (`None`: the schema's default, [`crate::join::wants_join`]).
    pub(crate) strategy: Option<RelationLoadStrategy>,
}

impl<'a, M: Model> FindMany<'a, M> {
    /// `where` (several calls combine with AND).
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.select.filter =
            std::mem::replace(&mut self.select.filter, Cond::True).and(filter.into().cond);
        self
    }
    /// `orderBy` (several calls sort by each in turn).
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.select.order.push(order.item);
        self
    }
    /// `take`.
    pub fn take(mut self, n: i64) -> Self {
        self.select.take = Some(n);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.select.skip = Some(n);
        self
    }
    /// `cursor`: start at the record `unique` picks.
    pub fn cursor(mut self, unique: Unique<M>) -> Self {
        self.select.cursor = Some(unique.cond);
        self
    }
    /// `distinct` on a field (several calls: distinct on the combination).
    pub fn distinct<T>(mut self, field: Field<M, T>) -> Self {
        self.distinct.push(field.index);
        self
    }
    /// `include` a relation.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.includes.push(include.into());
        self
    }

    /// `relationLoadStrategy`: how the included relations are loaded ([`RelationLoadStrategy`]).
    pub fn relation_load_strategy(mut self, strategy: RelationLoadStrategy) -> Self {
        self.strategy = Some(strategy);
        self
    }

    /// Runs the query.
    pub fn exec(self) -> impl Future<Output = Result<Vec<M>>> + 'a {
        self.exec
            .operation(Some(M::META.name), "findMany", move || {
                self.run(Some(OperationKind::FindMany))
            })
    }

    /// Runs the read hooks of an extended client on the query's filter
    /// ([`crate::extension`]).
    pub(crate) fn hooked(&mut self, op: OperationKind) -> Result<()> {
        crate::extension::read::<M>(self.exec, op, &mut self.select.filter)?;
        // The `_count`s it orders by count what the read hooks let through, as in a `select`.
        crate::extension::read_orders(self.exec, &mut self.select.order)
    }

    /// The operation's work, which [`Self::exec`] runs in its span: the read hooks of `hook`
    /// first, then the query inside the `Around` hooks (`None`: both run by the caller
    /// already, or by the `Around` hooks' continuation).
    async fn run(mut self, hook: Option<OperationKind>) -> Result<Vec<M>> {
        if let Some(op) = hook {
            self.hooked(op)?;
            if let Some(arounds) = crate::extension::arounds::<M>(self.exec) {
                let filter = std::mem::replace(&mut self.select.filter, Cond::True);
                let args = crate::extension::read_args(op, filter);
                let query = move |args| {
                    let mut this = self.clone().with(args);
                    Box::pin(async move { this.query().await }) as _
                };
                return arounds.find_many(args, query).await;
            }
        }
        self.query().await
    }

    /// The query itself, inside the `Around` hooks of [`Self::run`] (by reference: `run`'s
    /// future holds the builder once).
    pub(crate) async fn query(&mut self) -> Result<Vec<M>> {
        if !self.includes.is_empty()
            && crate::join::wants_join::<M>(self.strategy)
            && let Some(records) = Box::pin(crate::join::find_many(
                self.exec,
                &self.select,
                &self.includes,
                !self.distinct.is_empty(),
            ))
            .await?
        {
            return Ok(records);
        }
        let dialect = self.exec.dialect();
        let backwards = self.select.plain_page(false)?;
        let mut records = if self.distinct.is_empty() {
            let render = |s: &Select| render::select(dialect, s);
            crate::split::query(self.exec, &self.select, render, M::from_row).await?
        } else {
            // Distinct is applied in memory after ordering, as Prisma does, then paginated
            // (and split past the parameter limit as the plain read is).
            // On the heap: its future is larger than the plain read's, and rare.
            let render = |s: &Select| render::select(dialect, s);
            let distinct = &self.distinct;
            let decode = |r: &mut crate::decode::RowReader<'_>| {
                let record = M::from_row(r)?;
                let key: Vec<String> = distinct
                    .iter()
                    .map(|f| format!("{:?}", record.value(*f)))
                    .collect();
                Ok((key, record))
            };
            Box::pin(crate::split::query_distinct(
                self.exec,
                &self.select,
                render,
                decode,
            ))
            .await?
        };
        if backwards {
            records.reverse();
        }
        load_all(self.exec, &self.includes, &mut records).await?;
        Ok(records)
    }

    /// `self` with the filter an `Around` hook gave ([`crate::extension::Around`]).
    pub(crate) fn with(mut self, args: crate::extension::ReadArgs<M>) -> Self {
        self.select.filter = args.filter.cond;
        self
    }
}

/// `findFirst` / `findUnique` (and their `OrThrow` forms).
#[derive(Clone)]
pub struct FindFirst<'a, M: Model> {
    pub(crate) inner: FindMany<'a, M>,
    pub(crate) throw: Option<&'static str>,
    /// A `find_unique`: batched with the others of its scheduling window ([`crate::loader`]).
    pub(crate) unique: bool,
}

impl<'a, M: Model> FindFirst<'a, M> {
    /// `orderBy`.
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.inner = self.inner.order_by(order);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.inner = self.inner.skip(n);
        self
    }
    /// `cursor`: the first record from the one `unique` picks on, in the order asked.
    pub fn cursor(mut self, unique: Unique<M>) -> Self {
        self.inner = self.inner.cursor(unique);
        self
    }
    /// `include` a relation.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.inner = self.inner.include(include);
        self
    }
    /// `relationLoadStrategy` (see [`FindMany::relation_load_strategy`]).
    pub fn relation_load_strategy(mut self, strategy: RelationLoadStrategy) -> Self {
        self.inner = self.inner.relation_load_strategy(strategy);
        self
    }

    /// Runs the query: `None` when no record matches (an error for the `OrThrow` forms).
    pub fn exec(self) -> impl Future<Output = Result<Option<M>>> + 'a {
        let action = self.action();
        self.inner
            .exec
            .operation(Some(M::META.name), action, move || self.run())
    }

    /// The operation's work (its hooks first), which [`Self::exec`] runs in its span.
    ///
    /// An `async` block rather than an `async fn`: the fn would hold the builder twice, as its
    /// argument and as the local it moves it into.
    #[allow(
        clippy::manual_async_fn,
        reason = "an `async fn` would hold the builder twice"
    )]
    fn run(mut self) -> impl Future<Output = Result<Option<M>>> + 'a {
        async move {
            let op = match (self.unique, self.throw.is_some()) {
                (false, false) => OperationKind::FindFirst,
                (false, true) => OperationKind::FindFirstOrThrow,
                (true, false) => OperationKind::FindUnique,
                (true, true) => OperationKind::FindUniqueOrThrow,
            };
            self.inner.hooked(op)?;
            let throw = self.throw;
            let found = if let Some(arounds) = crate::extension::arounds::<M>(self.inner.exec) {
                let filter = std::mem::replace(&mut self.inner.select.filter, Cond::True);
                let args = crate::extension::read_args(op, filter);
                let find = move |args| {
                    let mut this = self.clone();
                    this.inner = this.inner.with(args);
                    Box::pin(this.find()) as crate::extension::HookFuture<'a, Option<M>>
                };
                arounds.find_first(args, find).await?
            } else {
                // `find`'s work, inline: an `async fn` called here would hold `self` twice.
                match self.batchable() {
                    // On the heap: a batch's future is large and rare on the statement's path.
                    Some((client, column, value)) => {
                        Box::pin(Self::batched(self.inner.exec, client, column, value)).await?
                    }
                    // `first`'s work, inline: one layer less on every lookup's path.
                    None => {
                        self.inner.select.take = Some(1);
                        self.inner.query().await?.into_iter().next()
                    }
                }
            };
            match (found, throw) {
                (None, Some(op)) => Err(Error::not_found(format!(
                    "No {} found ({op}).",
                    M::META.name
                ))),
                (found, _) => Ok(found),
            }
        }
    }

    /// The record, inside the `Around` hooks of [`Self::run`] (without them, `run` does the
    /// same inline).
    async fn find(mut self) -> Result<Option<M>> {
        Ok(match self.batchable() {
            Some((client, column, value)) => {
                Self::batched(self.inner.exec, client, column, value).await?
            }
            None => self.first().await?,
        })
    }

    /// The first record the query finds, by reference to the builder (the query's future
    /// holds no second copy of it, nor a layer of its own).
    async fn first(&mut self) -> Result<Option<M>> {
        self.inner.select.take = Some(1);
        Ok(self.inner.query().await?.into_iter().next())
    }

    /// A batched `find_unique` ([`crate::loader`]) of the record whose `column` is `value`.
    fn batched(
        exec: Exec<'a>,
        client: &'a Client,
        column: crate::loader::Cols,
        value: crate::loader::Vals,
    ) -> impl Future<Output = Result<Option<M>>> + 'a {
        let query = move |filter, take| async move {
            let mut select = Select::all(M::META);
            (select.filter, select.take) = (filter, take);
            exec.query(&render::select(exec.dialect(), &select)?, M::from_row)
                .await
        };
        crate::loader::find_unique(client.batches(), column, value, query)
    }

    /// Prisma's name of the operation: `findUnique`, `findFirstOrThrow`, …
    fn action(&self) -> &'static str {
        first_action(self.unique, self.throw.is_some())
    }

    /// The client, column and value of a `find_unique` that may be batched
    /// ([`crate::loader`]): on the client, without include.
    fn batchable(&self) -> Option<(&'a Client, crate::loader::Cols, crate::loader::Vals)> {
        let (Exec::Client(client), true) = (self.inner.exec, self.unique) else {
            return None;
        };
        // Not in a task: nothing can join a batch (see `loader::find_unique`), so the select
        // already built runs as it is, without building a second one.
        tokio::task::try_id()?;
        if !self.inner.includes.is_empty() || !self.inner.distinct.is_empty() {
            return None;
        }
        let (column, value) = crate::loader::batch_key(&self.inner.select)?;
        Some((client, column, value))
    }

    /// Runs the query; P2025 when no record matches.
    pub fn exec_or_throw(mut self) -> impl Future<Output = Result<M>> + 'a {
        self.throw.get_or_insert("findFirstOrThrow");
        let action = self.action();
        self.inner
            .exec
            .operation(Some(M::META.name), action, move || async move {
                // `throw` is set: no record is P2025 already.
                self.run()
                    .await?
                    .ok_or_else(|| Error::not_found(format!("No {} found.", M::META.name)))
            })
    }
}

/// Prisma's name of a `findFirst` / `findUnique` operation, `throw`ing or not.
pub(crate) fn first_action(unique: bool, throw: bool) -> &'static str {
    match (unique, throw) {
        (true, false) => "findUnique",
        (true, true) => "findUniqueOrThrow",
        (false, false) => "findFirst",
        (false, true) => "findFirstOrThrow",
    }
}
