//! The rows `aggregate` and `groupBy` return ([`AggregateRow`]): a leaf, so that the hooks
//! around those operations (`extension`) name it without importing the operations.

use crate::query::{Agg, AggFn, Col};
use crate::typed::{AggExpr, Field};
use crate::value::Value;

/// The result of `aggregate`: each aggregate asked, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateRow {
    pub(crate) aggregates: Vec<(Agg, Value)>,
    pub(crate) keys: Vec<(Col, Value)>,
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
