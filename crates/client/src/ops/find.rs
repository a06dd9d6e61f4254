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
    pub async fn exec(self) -> Result<Vec<M>> {
        self.exec_in_model()
            .await
            .map_err(|e| e.in_model(M::META.name))
    }

    async fn exec_in_model(mut self) -> Result<Vec<M>> {
        self.hooked(OperationKind::FindMany)?;
        self.exec
            .operation(M::META.name, "findMany", self.run())
            .await
    }

    /// Runs the read hooks of an extended client on the query's filter
    /// ([`crate::extension`]).
    pub(crate) fn hooked(&mut self, op: OperationKind) -> Result<()> {
        crate::extension::read::<M>(self.exec, op, &mut self.select.filter)
    }

    /// The operation's work (its hooks run), which [`Self::exec`] runs in its span.
    async fn run(mut self) -> Result<Vec<M>> {
        if let Some(arounds) = crate::extension::arounds::<M>(self.exec) {
            let filter = std::mem::replace(&mut self.select.filter, Cond::True);
            let args = crate::extension::read_args(OperationKind::FindMany, filter);
            return arounds
                .find_many(args, move |args| Box::pin(self.clone().with(args).query()))
                .await;
        }
        self.query().await
    }

    /// `self` with the filter an `Around` hook gave ([`crate::extension::Around`]).
    pub(crate) fn with(mut self, args: crate::extension::ReadArgs<M>) -> Self {
        self.select.filter = args.filter.cond;
        self
    }

    /// The query itself, inside the `Around` hooks of [`Self::run`].
    pub(crate) async fn query(mut self) -> Result<Vec<M>> {
        if !self.includes.is_empty()
            && crate::join::wants_join::<M>(self.strategy)
            && let Some(records) = crate::join::find_many(
                self.exec,
                &self.select,
                &self.includes,
                !self.distinct.is_empty(),
            )
            .await?
        {
            return Ok(records);
        }
        let dialect = self.exec.dialect();
        let backwards = self.select.plain_page(false)?;
        let mut records = if self.distinct.is_empty() {
            let sql = render::select(dialect, &self.select)?;
            self.exec.query(&sql, M::from_row).await?
        } else {
            // Distinct is applied in memory after ordering, as Prisma does, then paginated.
            let (take, skip) = (self.select.take, self.select.skip);
            let mut all = self.select.clone();
            all.take = None;
            all.skip = None;
            let sql = render::select(dialect, &all)?;
            let rows = self.exec.query(&sql, M::from_row).await?;
            let mut seen = std::collections::HashSet::new();
            let rows = rows.into_iter().filter(|r| {
                let key: Vec<String> = self
                    .distinct
                    .iter()
                    .map(|f| format!("{:?}", r.value(*f)))
                    .collect();
                seen.insert(key)
            });
            let rows = rows.skip(skip.unwrap_or(0).max(0) as usize);
            match take {
                Some(t) => rows.take(t.max(0) as usize).collect(),
                None => rows.collect(),
            }
        };
        if backwards {
            records.reverse();
        }
        load_all(self.exec, &self.includes, &mut records).await?;
        Ok(records)
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
    pub async fn exec(self) -> Result<Option<M>> {
        self.exec_in_model()
            .await
            .map_err(|e| e.in_model(M::META.name))
    }

    async fn exec_in_model(mut self) -> Result<Option<M>> {
        let op = match (self.unique, self.throw.is_some()) {
            (false, false) => OperationKind::FindFirst,
            (false, true) => OperationKind::FindFirstOrThrow,
            (true, false) => OperationKind::FindUnique,
            (true, true) => OperationKind::FindUniqueOrThrow,
        };
        self.inner.hooked(op)?;
        self.inner
            .exec
            .operation(M::META.name, self.action(), self.run())
            .await
    }

    /// The operation's work (its hooks run), which [`Self::exec`] runs in its span.
    async fn run(mut self) -> Result<Option<M>> {
        let throw = self.throw;
        let found = match crate::extension::arounds::<M>(self.inner.exec) {
            None => self.find().await?,
            Some(arounds) => {
                let filter = std::mem::replace(&mut self.inner.select.filter, Cond::True);
                let args = crate::extension::read_args(self.operation(), filter);
                let find = move |args| {
                    let mut this = self.clone();
                    this.inner = this.inner.with(args);
                    Box::pin(this.find()) as crate::extension::HookFuture<'a, Option<M>>
                };
                arounds.find_first(args, find).await?
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

    /// The operation kind ([`OperationKind`]).
    fn operation(&self) -> OperationKind {
        match (self.unique, self.throw.is_some()) {
            (false, false) => OperationKind::FindFirst,
            (false, true) => OperationKind::FindFirstOrThrow,
            (true, false) => OperationKind::FindUnique,
            (true, true) => OperationKind::FindUniqueOrThrow,
        }
    }

    /// The record, inside the `Around` hooks of [`Self::run`].
    async fn find(self) -> Result<Option<M>> {
        Ok(match self.batchable() {
            Some((client, column, value)) => {
                let exec = self.inner.exec;
                let query = |filter, take| async move {
                    let mut select = Select::all(M::META);
                    (select.filter, select.take) = (filter, take);
                    exec.query(&render::select(exec.dialect(), &select)?, M::from_row)
                        .await
                };
                crate::loader::find_unique(client.batches(), column, value, query).await?
            }
            None => self.inner.take(1).query().await?.into_iter().next(),
        })
    }

    /// Prisma's name of the operation: `findUnique`, `findFirstOrThrow`, …
    fn action(&self) -> &'static str {
        match (self.unique, self.throw.is_some()) {
            (true, false) => "findUnique",
            (true, true) => "findUniqueOrThrow",
            (false, false) => "findFirst",
            (false, true) => "findFirstOrThrow",
        }
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
    pub async fn exec_or_throw(self) -> Result<M> {
        self.exec_or_throw_in_model()
            .await
            .map_err(|e| e.in_model(M::META.name))
    }

    async fn exec_or_throw_in_model(mut self) -> Result<M> {
        self.throw.get_or_insert("findFirstOrThrow");
        self.exec()
            .await?
            .ok_or_else(|| Error::not_found(format!("No {} found.", M::META.name)))
    }
}
