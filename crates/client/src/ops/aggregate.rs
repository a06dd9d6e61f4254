//! `count`, `aggregate` and `groupBy`.

use super::find::FindMany;

use crate::error::{Error, Result};
use crate::extension::OperationKind;
use crate::query::{Agg, Aggregate, Col, Cond, OrderExpr};
use crate::render::{self};
use crate::typed::{AggExpr, Filter, Model, Order, Unique};
use crate::value::Value;

pub use crate::aggregate_row::AggregateRow;

/// `count`.
pub struct Count<'a, M: Model> {
    pub(crate) inner: FindMany<'a, M>,
}

impl<'a, M: Model> Count<'a, M> {
    /// `where`.
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.inner = self.inner.filter(filter);
        self
    }
    /// `take`.
    pub fn take(mut self, n: i64) -> Self {
        self.inner = self.inner.take(n);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.inner = self.inner.skip(n);
        self
    }
    /// Runs it.
    pub fn exec(self) -> impl Future<Output = Result<i64>> + 'a {
        self.inner
            .exec
            .operation(Some(M::META.name), "count", move || self.run())
    }

    /// The operation's work, which [`Self::exec`] runs in its span.
    async fn run(mut self) -> Result<i64> {
        self.inner.hooked(OperationKind::Count)?;
        if let Some(arounds) = crate::extension::arounds::<M>(self.inner.exec) {
            let filter = std::mem::replace(&mut self.inner.select.filter, Cond::True);
            let args = crate::extension::read_args(OperationKind::Count, filter);
            let inner = self.inner;
            let count = move |args| Box::pin(inner.clone().with(args).count_query()) as _;
            return arounds.count(args, count).await;
        }
        // `count_query`'s work, inline: an `async fn` called here would hold `self` twice.
        let (exec, select) = (self.inner.exec, &mut self.inner.select);
        select.plain_page(false)?;
        let sql = render::count(exec.dialect(), select)?;
        let rows = exec.query(&sql, |r| r.read::<i64>()).await?;
        Ok(rows.into_iter().next().unwrap_or(0))
    }
}

impl<M: Model> FindMany<'_, M> {
    /// `count`'s query, inside the `Around` hooks of [`Count::run`].
    async fn count_query(mut self) -> Result<i64> {
        let (exec, select) = (self.exec, &mut self.select);
        select.plain_page(false)?;
        let sql = render::count(exec.dialect(), select)?;
        let rows = exec.query(&sql, |r| r.read::<i64>()).await?;
        Ok(rows.into_iter().next().unwrap_or(0))
    }
}

/// `aggregate`.
#[derive(Clone)]
pub struct AggregateQuery<'a, M: Model> {
    pub(crate) inner: FindMany<'a, M>,
    pub(super) aggregates: Vec<Agg>,
}

impl<'a, M: Model> AggregateQuery<'a, M> {
    /// `where`.
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.inner = self.inner.filter(filter);
        self
    }
    /// `orderBy` (with `take`/`skip`: which records are aggregated).
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.inner = self.inner.order_by(order);
        self
    }
    /// `take`.
    pub fn take(mut self, n: i64) -> Self {
        self.inner = self.inner.take(n);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.inner = self.inner.skip(n);
        self
    }
    /// `cursor`: aggregate the records from the one `unique` picks on, in the order asked.
    pub fn cursor(mut self, unique: Unique<M>) -> Self {
        self.inner = self.inner.cursor(unique);
        self
    }
    /// Adds an aggregate (`field.sum()`, `AggExpr::count_all()`, …).
    pub fn select(mut self, agg: AggExpr<M>) -> Self {
        self.aggregates.push(agg.agg);
        self
    }
    /// Runs it.
    pub fn exec(self) -> impl Future<Output = Result<AggregateRow>> + 'a {
        self.inner
            .exec
            .operation(Some(M::META.name), "aggregate", move || self.run())
    }

    /// The operation's work, which [`Self::exec`] runs in its span.
    async fn run(mut self) -> Result<AggregateRow> {
        self.inner.hooked(OperationKind::Aggregate)?;
        if let Some(arounds) = crate::extension::arounds::<M>(self.inner.exec) {
            let filter = std::mem::replace(&mut self.inner.select.filter, Cond::True);
            let args = crate::extension::read_args(OperationKind::Aggregate, filter);
            let work = move |args| {
                let mut this = self.clone();
                this.inner = this.inner.with(args);
                Box::pin(this.query()) as _
            };
            return arounds.aggregate(args, work).await;
        }
        self.query().await
    }

    /// The query, inside the `Around` hooks of [`Self::run`].
    async fn query(mut self) -> Result<AggregateRow> {
        self.inner.select.plain_page(false)?;
        let a = Aggregate {
            select: self.inner.select,
            group_by: Vec::new(),
            having: Cond::True,
            aggregates: self.aggregates.clone(),
        };
        let sql = render::aggregate(self.inner.exec.dialect(), &a)?;
        let n = self.aggregates.len();
        let rows = self
            .inner
            .exec
            .query(&sql, |r| {
                (0..n)
                    .map(|_| r.read::<Value>())
                    .collect::<Result<Vec<_>>>()
            })
            .await?;
        let values = rows.into_iter().next().unwrap_or_default();
        Ok(AggregateRow {
            aggregates: self.aggregates.into_iter().zip(values).collect(),
            keys: Vec::new(),
        })
    }
}

/// `groupBy`.
#[derive(Clone)]
pub struct GroupBy<'a, M: Model> {
    pub(crate) inner: FindMany<'a, M>,
    pub(super) by: Vec<Col>,
    pub(super) having: Cond,
    pub(super) aggregates: Vec<Agg>,
    /// Why the query must not run (an ordering `groupBy` does not take): P2009 at `exec`.
    pub(super) refused: Option<String>,
}

impl<'a, M: Model> GroupBy<'a, M> {
    /// `where`.
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.inner = self.inner.filter(filter);
        self
    }
    /// `having` (aggregate filters: `field.sum().gt(10)`).
    pub fn having(mut self, filter: Filter<M>) -> Self {
        self.having = std::mem::replace(&mut self.having, Cond::True).and(filter.cond);
        self
    }
    /// `orderBy` (a group-by field or an aggregate). As in Prisma, whose `groupBy` takes no
    /// relation in `orderBy` (`…OrderByWithAggregationInput` has the model's scalar fields and
    /// aggregates only), an ordering through a relation or by relevance is refused with P2009
    /// before anything is sent.
    pub fn order_by(mut self, order: Order<M>) -> Self {
        if let Some(why) = refused_in_group_by(&order.item.expr, M::META.name) {
            self.refused.get_or_insert(why);
        }
        self.inner = self.inner.order_by(order);
        self
    }
    /// `take`.
    pub fn take(mut self, n: i64) -> Self {
        self.inner = self.inner.take(n);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.inner = self.inner.skip(n);
        self
    }
    /// Adds an aggregate per group.
    pub fn select(mut self, agg: AggExpr<M>) -> Self {
        self.aggregates.push(agg.agg);
        self
    }
    /// Runs it: one row per group.
    pub fn exec(self) -> impl Future<Output = Result<Vec<AggregateRow>>> + 'a {
        self.inner
            .exec
            .operation(Some(M::META.name), "groupBy", move || self.run())
    }

    /// The operation's work, which [`Self::exec`] runs in its span.
    async fn run(mut self) -> Result<Vec<AggregateRow>> {
        if let Some(why) = self.refused {
            return Err(Error::InvalidQuery(why));
        }
        self.inner.hooked(OperationKind::GroupBy)?;
        if let Some(arounds) = crate::extension::arounds::<M>(self.inner.exec) {
            let filter = std::mem::replace(&mut self.inner.select.filter, Cond::True);
            let args = crate::extension::read_args(OperationKind::GroupBy, filter);
            let work = move |args| {
                let mut this = self.clone();
                this.inner = this.inner.with(args);
                Box::pin(this.query()) as _
            };
            return arounds.group_by(args, work).await;
        }
        self.query().await
    }

    /// The query, inside the `Around` hooks of [`Self::run`].
    async fn query(mut self) -> Result<Vec<AggregateRow>> {
        let backwards = self.inner.select.plain_page(true)?;
        let a = Aggregate {
            select: self.inner.select,
            group_by: self.by.clone(),
            having: self.having,
            aggregates: self.aggregates.clone(),
        };
        let sql = render::aggregate(self.inner.exec.dialect(), &a)?;
        let (by, aggregates) = (self.by, self.aggregates);
        self.inner
            .exec
            .query(&sql, |r| {
                let keys = by
                    .iter()
                    .map(|c| Ok((*c, r.read::<Value>()?)))
                    .collect::<Result<Vec<_>>>()?;
                let aggs = aggregates
                    .iter()
                    .map(|a| Ok((*a, r.read::<Value>()?)))
                    .collect::<Result<Vec<_>>>()?;
                Ok(AggregateRow {
                    aggregates: aggs,
                    keys,
                })
            })
            .await
            .map(|mut rows| {
                if backwards {
                    rows.reverse();
                }
                rows
            })
    }
}

/// Why `groupBy` refuses an ordering: Prisma's `groupBy` orders by the grouped fields and
/// their aggregates only; through a relation (`{ author: { name: 'asc' } }`, a relation's
/// `_count`) or by `_relevance` it is not a valid query.
fn refused_in_group_by(expr: &OrderExpr, model: &str) -> Option<String> {
    let relation = match expr {
        OrderExpr::Column(_) | OrderExpr::Aggregate(_) => return None,
        OrderExpr::RelationCount(r, _)
        | OrderExpr::RelationColumn(r, _)
        | OrderExpr::Related(r, _) => r.name,
        OrderExpr::Relevance(_) => "_relevance",
    };
    Some(format!(
        "Argument `orderBy` of `{model}.groupBy` takes the fields in `by` and their aggregates \
         only, not `{relation}`: order by a grouped field or an aggregate (`_count`, `_avg`, \
         `_sum`, `_min`, `_max`)"
    ))
}
