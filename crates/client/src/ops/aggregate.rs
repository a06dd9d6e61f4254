//! `count`, `aggregate` and `groupBy`.

use super::find::FindMany;

use crate::error::Result;
use crate::extension::OperationKind;
use crate::query::{Agg, AggFn, Aggregate, Col, Cond};
use crate::render::{self};
use crate::typed::{AggExpr, Field, Filter, Model, Order, Unique};
use crate::value::Value;

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
    pub async fn exec(mut self) -> Result<i64> {
        self.inner.hooked(OperationKind::Count)?;
        self.inner.select.plain_page(false)?;
        let sql = render::count(self.inner.exec.dialect(), &self.inner.select)?;
        let rows = self.inner.exec.query(&sql, |r| r.read::<i64>()).await?;
        Ok(rows.into_iter().next().unwrap_or(0))
    }
}

/// The result of `aggregate`: each aggregate asked, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateRow {
    pub(super) aggregates: Vec<(Agg, Value)>,
    pub(super) keys: Vec<(Col, Value)>,
}

impl AggregateRow {
    /// The value of an aggregate asked for (`Null` for a sum over no rows, as in Prisma).
    pub fn get<M>(&self, agg: AggExpr<M>) -> Option<&Value> {
        self.aggregates
            .iter()
            .find(|(a, _)| *a == agg.agg)
            .map(|(_, v)| v)
    }
    /// `_count._all`.
    pub fn count_all(&self) -> Option<i64> {
        match self.aggregates.iter().find(|(a, _)| {
            *a == Agg {
                func: AggFn::Count,
                column: None,
            }
        }) {
            Some((_, Value::Int(n))) => Some(*n),
            _ => None,
        }
    }
    /// The value of a group-by field in this group.
    pub fn key<M, T>(&self, field: Field<M, T>) -> Option<&Value> {
        self.keys
            .iter()
            .find(|(c, _)| *c == field.column)
            .map(|(_, v)| v)
    }
}

/// `aggregate`.
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
    pub async fn exec(mut self) -> Result<AggregateRow> {
        self.inner.hooked(OperationKind::Aggregate)?;
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
pub struct GroupBy<'a, M: Model> {
    pub(crate) inner: FindMany<'a, M>,
    pub(super) by: Vec<Col>,
    pub(super) having: Cond,
    pub(super) aggregates: Vec<Agg>,
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
    /// `orderBy` (a group-by field or an aggregate).
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
    /// Adds an aggregate per group.
    pub fn select(mut self, agg: AggExpr<M>) -> Self {
        self.aggregates.push(agg.agg);
        self
    }
    /// Runs it: one row per group.
    pub async fn exec(mut self) -> Result<Vec<AggregateRow>> {
        self.inner.hooked(OperationKind::GroupBy)?;
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
