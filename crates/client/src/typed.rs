//! Typed wrappers over the query AST. Generated code builds these per model; the model type
//! parameter makes a filter of one model unusable on another.

use std::marker::PhantomData;

use crate::decode::RowReader;
use crate::error::Result;
use crate::meta::{FieldMeta, ModelMeta, RelationMeta};
use crate::query::{
    Agg, AggFn, CmpOp, Col, Cond, LikeKind, ListCond, Nulls, OrderExpr, OrderItem,
    RelationQuantifier, SetExpr,
};
use crate::value::Value;

/// A generated model struct.
pub trait Model: Sized + Clone + Send + Sync + 'static {
    /// The model's table and fields.
    const META: &'static ModelMeta;
    /// Reads the model's scalar fields, in `META.fields` order.
    fn from_row(row: &mut RowReader<'_>) -> Result<Self>;
    /// The value of scalar field number `field` (an index into `META.fields`).
    fn value(&self, field: usize) -> Value;
}

/// A model the client may write: every model of the schema, and no view. The write operations
/// (`create`, `update`, `upsert`, `delete` and their `many` forms) require it, so a write to a
/// view does not compile, as Prisma Client has no write methods on a view.
pub trait Writable: Model {}

/// A model the client may create records of: every model except those with a required
/// `Unsupported` field without a default (the client cannot give that column a value), as
/// Prisma Client has no `create` for such a model. `create`, `create_many`, `upsert` and the
/// nested creates require it.
pub trait Creatable: Writable {}

type Marker<M> = PhantomData<fn() -> M>;

/// A filter on records of `M` (Prisma's `where`).
#[derive(Debug, Clone)]
pub struct Filter<M> {
    /// The condition.
    pub cond: Cond,
    _m: Marker<M>,
}

impl<M> Filter<M> {
    /// Wraps a condition (generated code calls this).
    pub fn new(cond: Cond) -> Self {
        Filter {
            cond,
            _m: PhantomData,
        }
    }

    /// Matches every record.
    pub fn all() -> Self {
        Filter::new(Cond::True)
    }

    /// Both this and `other` (Prisma's `AND`).
    pub fn and(self, other: impl Into<Filter<M>>) -> Self {
        Filter::new(self.cond.and(other.into().cond))
    }

    /// This or `other` (Prisma's `OR`).
    pub fn or(self, other: impl Into<Filter<M>>) -> Self {
        Filter::new(Cond::Or(vec![self.cond, other.into().cond]))
    }
}

impl<M> std::ops::Not for Filter<M> {
    type Output = Filter<M>;
    /// The opposite (Prisma's `NOT`): `!user::role().equals("admin")`.
    fn not(self) -> Self {
        Filter::new(Cond::Not(Box::new(self.cond)))
    }
}

/// All of the filters (Prisma's `AND: [...]`).
pub fn and<M>(filters: impl IntoIterator<Item = Filter<M>>) -> Filter<M> {
    Filter::new(Cond::And(filters.into_iter().map(|f| f.cond).collect()))
}

/// Any of the filters (Prisma's `OR: [...]`).
pub fn or<M>(filters: impl IntoIterator<Item = Filter<M>>) -> Filter<M> {
    Filter::new(Cond::Or(filters.into_iter().map(|f| f.cond).collect()))
}

/// None of the filters (Prisma's `NOT: [...]`).
pub fn not<M>(filters: impl IntoIterator<Item = Filter<M>>) -> Filter<M> {
    Filter::new(Cond::Not(Box::new(Cond::And(
        filters.into_iter().map(|f| f.cond).collect(),
    ))))
}

/// A filter that picks at most one record: on a unique field or the id (Prisma's
/// `WhereUniqueInput`). Usable wherever a [`Filter`] is.
#[derive(Debug, Clone)]
pub struct Unique<M> {
    /// The condition.
    pub cond: Cond,
    _m: Marker<M>,
}

impl<M> Unique<M> {
    /// Wraps a condition on a unique field (generated code calls this).
    pub fn new(cond: Cond) -> Self {
        Unique {
            cond,
            _m: PhantomData,
        }
    }

    /// Adds a further condition; the record must also match it.
    pub fn and(self, other: impl Into<Filter<M>>) -> Self {
        Unique::new(self.cond.and(other.into().cond))
    }
}

impl<M> From<Unique<M>> for Filter<M> {
    fn from(u: Unique<M>) -> Self {
        Filter::new(u.cond)
    }
}

/// A scalar field of `M` holding `T`: the typed handle generated per field.
#[derive(Debug)]
pub struct Field<M, T> {
    /// The column.
    pub column: Col,
    /// The field's index in `M::META.fields`.
    pub index: usize,
    /// The part of a `DateTime` its native type holds (`@db.Date`, `@db.Time`).
    part: DatePart,
    _m: PhantomData<fn() -> (M, T)>,
}

/// The part of a `DateTime` value a column holds, by its native type: the part a filter binds,
/// as Prisma's driver adapters bind it (MySQL compares a TIME column with a whole date and
/// time by that date and time, not by the time of day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePart {
    /// Date and time (`DateTime`, `@db.Timestamp`, …).
    Whole,
    /// The date (`@db.Date`).
    Date,
    /// The time of day (`@db.Time`, `@db.Timetz`).
    Time,
}

impl DatePart {
    /// `v` as the column's native type holds it.
    #[inline]
    fn of(self, v: Value) -> Value {
        match (self, v) {
            (DatePart::Date, Value::DateTime(t)) => Value::Date(t.date_naive()),
            (DatePart::Time, Value::DateTime(t)) => Value::Time(t.time()),
            (_, v) => v,
        }
    }
}

impl<M, T> Clone for Field<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, T> Copy for Field<M, T> {}

impl<M, T> Field<M, T> {
    /// The handle of field number `index` (generated code calls this).
    pub const fn new(column: Col, index: usize) -> Self {
        Field {
            column,
            index,
            part: DatePart::Whole,
            _m: PhantomData,
        }
    }

    /// A `DateTime` field of native type `@db.Date`: filters bind its values' dates
    /// (generated code calls this).
    pub const fn native_date(mut self) -> Self {
        self.part = DatePart::Date;
        self
    }

    /// The handle of field number `index`, described by `field`, whose native type holds
    /// `part` of a `DateTime` (the compact client's handles are built so).
    pub(crate) const fn of_meta(field: &FieldMeta, index: usize, part: DatePart) -> Self {
        Field {
            column: field.column,
            index,
            part,
            _m: PhantomData,
        }
    }

    /// A `DateTime` field of native type `@db.Time` or `@db.Timetz`: filters bind its values'
    /// times of day (generated code calls this).
    pub const fn native_time(mut self) -> Self {
        self.part = DatePart::Time;
        self
    }
}

impl<M, T: Into<Value>> Field<M, T> {
    fn cmp(self, op: CmpOp, v: T) -> Filter<M> {
        Filter::new(Cond::Cmp(self.column, op, self.part.of(v.into())))
    }

    /// `equals`.
    pub fn equals(self, v: impl Into<T>) -> Filter<M> {
        self.cmp(CmpOp::Eq, v.into())
    }
    /// `not`.
    pub fn not(self, v: impl Into<T>) -> Filter<M> {
        self.cmp(CmpOp::Ne, v.into())
    }
    /// `lt`.
    pub fn lt(self, v: impl Into<T>) -> Filter<M> {
        self.cmp(CmpOp::Lt, v.into())
    }
    /// `lte`.
    pub fn lte(self, v: impl Into<T>) -> Filter<M> {
        self.cmp(CmpOp::Lte, v.into())
    }
    /// `gt`.
    pub fn gt(self, v: impl Into<T>) -> Filter<M> {
        self.cmp(CmpOp::Gt, v.into())
    }
    /// `gte`.
    pub fn gte(self, v: impl Into<T>) -> Filter<M> {
        self.cmp(CmpOp::Gte, v.into())
    }
    /// `in`.
    pub fn in_vec(self, values: impl IntoIterator<Item = T>) -> Filter<M> {
        Filter::new(Cond::In(
            self.column,
            values.into_iter().map(|v| self.part.of(v.into())).collect(),
            false,
        ))
    }
    /// `notIn`.
    pub fn not_in_vec(self, values: impl IntoIterator<Item = T>) -> Filter<M> {
        Filter::new(Cond::In(
            self.column,
            values.into_iter().map(|v| self.part.of(v.into())).collect(),
            true,
        ))
    }
    /// `equals: null` (for optional fields).
    pub fn is_null(self) -> Filter<M> {
        Filter::new(Cond::IsNull(self.column, false))
    }
    /// `not: null` (for optional fields).
    pub fn is_not_null(self) -> Filter<M> {
        Filter::new(Cond::IsNull(self.column, true))
    }
    /// `set` in an update, or a value in a create.
    pub fn set(self, v: impl Into<T>) -> Set<M> {
        Set::new(self.column, SetExpr::Value(v.into().into()))
    }

    /// Ascending order.
    pub fn asc(self) -> Order<M> {
        Order::new(OrderExpr::Column(self.column), false)
    }
    /// Descending order.
    pub fn desc(self) -> Order<M> {
        Order::new(OrderExpr::Column(self.column), true)
    }

    /// `_count` of non-null values.
    pub fn count(self) -> AggExpr<M> {
        AggExpr::new(AggFn::Count, self.column)
    }
    /// `_min`.
    pub fn min(self) -> AggExpr<M> {
        AggExpr::new(AggFn::Min, self.column)
    }
    /// `_max`.
    pub fn max(self) -> AggExpr<M> {
        AggExpr::new(AggFn::Max, self.column)
    }
}

impl<M> Field<M, String> {
    fn like(self, kind: LikeKind, text: impl Into<String>, insensitive: bool) -> Filter<M> {
        Filter::new(Cond::Like(self.column, kind, text.into(), insensitive))
    }
    /// `contains`.
    pub fn contains(self, text: impl Into<String>) -> Filter<M> {
        self.like(LikeKind::Contains, text, false)
    }
    /// `startsWith`.
    pub fn starts_with(self, text: impl Into<String>) -> Filter<M> {
        self.like(LikeKind::StartsWith, text, false)
    }
    /// `endsWith`.
    pub fn ends_with(self, text: impl Into<String>) -> Filter<M> {
        self.like(LikeKind::EndsWith, text, false)
    }
    /// `contains` with `mode: 'insensitive'`.
    pub fn contains_insensitive(self, text: impl Into<String>) -> Filter<M> {
        self.like(LikeKind::Contains, text, true)
    }
    /// `startsWith` with `mode: 'insensitive'`.
    pub fn starts_with_insensitive(self, text: impl Into<String>) -> Filter<M> {
        self.like(LikeKind::StartsWith, text, true)
    }
    /// `endsWith` with `mode: 'insensitive'`.
    pub fn ends_with_insensitive(self, text: impl Into<String>) -> Filter<M> {
        self.like(LikeKind::EndsWith, text, true)
    }
    /// `equals` with `mode: 'insensitive'`.
    pub fn equals_insensitive(self, text: impl Into<String>) -> Filter<M> {
        self.like(LikeKind::Equals, text, true)
    }
    fn in_insensitive<S: Into<String>>(
        self,
        values: impl IntoIterator<Item = S>,
        negated: bool,
    ) -> Filter<M> {
        let values = values.into_iter().map(|v| Value::Text(v.into())).collect();
        Filter::new(Cond::InInsensitive(self.column, values, negated))
    }
    /// `in` with `mode: 'insensitive'`.
    pub fn in_vec_insensitive<S: Into<String>>(
        self,
        values: impl IntoIterator<Item = S>,
    ) -> Filter<M> {
        self.in_insensitive(values, false)
    }
    /// `notIn` with `mode: 'insensitive'`.
    pub fn not_in_vec_insensitive<S: Into<String>>(
        self,
        values: impl IntoIterator<Item = S>,
    ) -> Filter<M> {
        self.in_insensitive(values, true)
    }
}

/// Field references (Prisma's `prisma.model.fields.x`): the field compared with another field
/// of the same record. The other field must belong to the same model and hold the same type,
/// as in Prisma; a NULL on either side matches nothing, as in SQL.
impl<M, T: Into<Value>> Field<M, T> {
    fn cmp_field(self, op: CmpOp, other: impl Into<Field<M, T>>) -> Filter<M> {
        Filter::new(Cond::ColumnCmp(self.column, op, other.into().column))
    }
    /// `equals: prisma.model.fields.other`.
    pub fn equals_field(self, other: impl Into<Field<M, T>>) -> Filter<M> {
        self.cmp_field(CmpOp::Eq, other)
    }
    /// `not: prisma.model.fields.other`.
    pub fn not_field(self, other: impl Into<Field<M, T>>) -> Filter<M> {
        self.cmp_field(CmpOp::Ne, other)
    }
    /// `lt: prisma.model.fields.other`.
    pub fn lt_field(self, other: impl Into<Field<M, T>>) -> Filter<M> {
        self.cmp_field(CmpOp::Lt, other)
    }
    /// `lte: prisma.model.fields.other`.
    pub fn lte_field(self, other: impl Into<Field<M, T>>) -> Filter<M> {
        self.cmp_field(CmpOp::Lte, other)
    }
    /// `gt: prisma.model.fields.other`.
    pub fn gt_field(self, other: impl Into<Field<M, T>>) -> Filter<M> {
        self.cmp_field(CmpOp::Gt, other)
    }
    /// `gte: prisma.model.fields.other`.
    pub fn gte_field(self, other: impl Into<Field<M, T>>) -> Filter<M> {
        self.cmp_field(CmpOp::Gte, other)
    }
    /// `in: prisma.model.fields.list`: the value is an element of a scalar list field of the
    /// same record, of the same type (PostgreSQL, where scalar lists are).
    pub fn in_field(self, list: impl Into<Field<M, ScalarList<T>>>) -> Filter<M> {
        Filter::new(Cond::ColumnInList(self.column, list.into().column, false))
    }
    /// `notIn: prisma.model.fields.list`. A NULL list (never set) matches neither.
    pub fn not_in_field(self, list: impl Into<Field<M, ScalarList<T>>>) -> Filter<M> {
        Filter::new(Cond::ColumnInList(self.column, list.into().column, true))
    }
}

/// Field references in text filters (`{ name: { contains: prisma.user.fields.nick } }`): the
/// other field's text is matched as written (`%` and `_` in it match themselves, where Prisma
/// passes them to LIKE as wildcards); a NULL on either side matches nothing, `NOT` included.
impl<M> Field<M, String> {
    fn like_field(
        self,
        kind: LikeKind,
        other: impl Into<Field<M, String>>,
        insensitive: bool,
    ) -> Filter<M> {
        Filter::new(Cond::ColumnLike(
            self.column,
            kind,
            other.into().column,
            insensitive,
        ))
    }
    /// `contains: prisma.model.fields.other`.
    pub fn contains_field(self, other: impl Into<Field<M, String>>) -> Filter<M> {
        self.like_field(LikeKind::Contains, other, false)
    }
    /// `startsWith: prisma.model.fields.other`.
    pub fn starts_with_field(self, other: impl Into<Field<M, String>>) -> Filter<M> {
        self.like_field(LikeKind::StartsWith, other, false)
    }
    /// `endsWith: prisma.model.fields.other`.
    pub fn ends_with_field(self, other: impl Into<Field<M, String>>) -> Filter<M> {
        self.like_field(LikeKind::EndsWith, other, false)
    }
    /// `contains: prisma.model.fields.other, mode: 'insensitive'`.
    pub fn contains_field_insensitive(self, other: impl Into<Field<M, String>>) -> Filter<M> {
        self.like_field(LikeKind::Contains, other, true)
    }
    /// `startsWith: prisma.model.fields.other, mode: 'insensitive'`.
    pub fn starts_with_field_insensitive(self, other: impl Into<Field<M, String>>) -> Filter<M> {
        self.like_field(LikeKind::StartsWith, other, true)
    }
    /// `endsWith: prisma.model.fields.other, mode: 'insensitive'`.
    pub fn ends_with_field_insensitive(self, other: impl Into<Field<M, String>>) -> Filter<M> {
        self.like_field(LikeKind::EndsWith, other, true)
    }
    /// `equals: prisma.model.fields.other, mode: 'insensitive'`.
    pub fn equals_field_insensitive(self, other: impl Into<Field<M, String>>) -> Filter<M> {
        self.like_field(LikeKind::Equals, other, true)
    }
}

impl<M, T: Into<Value>> Field<M, T> {
    /// Sets an optional field to a value or NULL.
    pub fn set_opt(self, v: Option<T>) -> Set<M> {
        Set::new(
            self.column,
            SetExpr::Value(v.map_or(Value::Null, Into::into)),
        )
    }
    /// Sets an optional field to NULL.
    pub fn set_null(self) -> Set<M> {
        Set::new(self.column, SetExpr::Value(Value::Null))
    }
}

/// Numeric fields: atomic updates and sums.
pub trait Numeric {}
impl Numeric for i32 {}
impl Numeric for i64 {}
impl Numeric for f64 {}
impl Numeric for rust_decimal::Decimal {}
impl Numeric for crate::Decimal {}

impl<M, T: Into<Value> + Numeric> Field<M, T> {
    /// `increment`.
    pub fn increment(self, v: impl Into<T>) -> Set<M> {
        Set::new(self.column, SetExpr::Increment(v.into().into()))
    }
    /// `decrement`.
    pub fn decrement(self, v: impl Into<T>) -> Set<M> {
        Set::new(self.column, SetExpr::Decrement(v.into().into()))
    }
    /// `multiply`.
    pub fn multiply(self, v: impl Into<T>) -> Set<M> {
        Set::new(self.column, SetExpr::Multiply(v.into().into()))
    }
    /// `divide`.
    pub fn divide(self, v: impl Into<T>) -> Set<M> {
        Set::new(self.column, SetExpr::Divide(v.into().into()))
    }
    /// `_sum`.
    pub fn sum(self) -> AggExpr<M> {
        AggExpr::new(AggFn::Sum, self.column)
    }
    /// `_avg`.
    pub fn avg(self) -> AggExpr<M> {
        AggExpr::new(AggFn::Avg, self.column)
    }
}

/// An ORDER BY item over `M`.
#[derive(Debug, Clone)]
pub struct Order<M> {
    /// The item.
    pub item: OrderItem,
    _m: Marker<M>,
}

impl<M> Order<M> {
    /// An order on an expression (generated code calls this).
    pub fn new(expr: OrderExpr, desc: bool) -> Self {
        Order {
            item: OrderItem {
                expr,
                desc,
                nulls: None,
            },
            _m: PhantomData,
        }
    }
    /// NULLs first.
    pub fn nulls_first(mut self) -> Self {
        self.item.nulls = Some(Nulls::First);
        self
    }
    /// NULLs last.
    pub fn nulls_last(mut self) -> Self {
        self.item.nulls = Some(Nulls::Last);
        self
    }
}

/// One column set by a create or an update.
#[derive(Debug, Clone)]
pub struct Set<M> {
    /// The column.
    pub column: Col,
    /// The new value.
    pub expr: SetExpr,
    _m: Marker<M>,
}

impl<M> Set<M> {
    /// A column set (generated code calls this).
    pub fn new(column: Col, expr: SetExpr) -> Self {
        Set {
            column,
            expr,
            _m: PhantomData,
        }
    }
}

/// An aggregate over a field of `M`, for `aggregate`, `groupBy`'s `having` and ordering.
#[derive(Debug, Clone, Copy)]
pub struct AggExpr<M> {
    /// The aggregate.
    pub agg: Agg,
    _m: Marker<M>,
}

impl<M> AggExpr<M> {
    fn new(func: AggFn, column: Col) -> Self {
        AggExpr {
            agg: Agg {
                func,
                column: Some(column),
            },
            _m: PhantomData,
        }
    }
    /// `_count: { _all: true }`.
    pub fn count_all() -> Self {
        AggExpr {
            agg: Agg {
                func: AggFn::Count,
                column: None,
            },
            _m: PhantomData,
        }
    }
    fn cmp(self, op: CmpOp, v: impl Into<Value>) -> Filter<M> {
        Filter::new(Cond::Aggregate(self.agg, op, v.into()))
    }
    /// `having: { agg: { equals } }`.
    pub fn equals(self, v: impl Into<Value>) -> Filter<M> {
        self.cmp(CmpOp::Eq, v)
    }
    /// `having: { agg: { gt } }`.
    pub fn gt(self, v: impl Into<Value>) -> Filter<M> {
        self.cmp(CmpOp::Gt, v)
    }
    /// `having: { agg: { gte } }`.
    pub fn gte(self, v: impl Into<Value>) -> Filter<M> {
        self.cmp(CmpOp::Gte, v)
    }
    /// `having: { agg: { lt } }`.
    pub fn lt(self, v: impl Into<Value>) -> Filter<M> {
        self.cmp(CmpOp::Lt, v)
    }
    /// `having: { agg: { lte } }`.
    pub fn lte(self, v: impl Into<Value>) -> Filter<M> {
        self.cmp(CmpOp::Lte, v)
    }
    /// Ascending order on the aggregate.
    pub fn asc(self) -> Order<M> {
        Order::new(OrderExpr::Aggregate(self.agg), false)
    }
    /// Descending order on the aggregate.
    pub fn desc(self) -> Order<M> {
        Order::new(OrderExpr::Aggregate(self.agg), true)
    }
}

/// A relation field of `M` pointing to `C`: relation filters and orderings.
#[derive(Debug)]
pub struct Relation<M, C> {
    /// The relation.
    pub meta: &'static RelationMeta,
    _m: PhantomData<fn() -> (M, C)>,
}

impl<M, C> Clone for Relation<M, C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, C> Copy for Relation<M, C> {}

impl<M, C> Relation<M, C> {
    /// The handle of a relation (generated code calls this).
    pub const fn new(meta: &'static RelationMeta) -> Self {
        Relation {
            meta,
            _m: PhantomData,
        }
    }
    fn quantified(self, q: RelationQuantifier, f: Filter<C>) -> Filter<M> {
        Filter::new(Cond::Relation(self.meta, q, Box::new(f.cond)))
    }
    /// `some`: at least one related record matches.
    pub fn some(self, f: impl Into<Filter<C>>) -> Filter<M> {
        self.quantified(RelationQuantifier::Some, f.into())
    }
    /// `every`: every related record matches.
    pub fn every(self, f: impl Into<Filter<C>>) -> Filter<M> {
        self.quantified(RelationQuantifier::Every, f.into())
    }
    /// `none`: no related record matches.
    pub fn none(self, f: impl Into<Filter<C>>) -> Filter<M> {
        self.quantified(RelationQuantifier::None, f.into())
    }
    /// `is`: the related record exists and matches.
    pub fn is(self, f: impl Into<Filter<C>>) -> Filter<M> {
        self.quantified(RelationQuantifier::Is, f.into())
    }
    /// `isNot`: there is no related record that matches.
    pub fn is_not(self, f: impl Into<Filter<C>>) -> Filter<M> {
        self.quantified(RelationQuantifier::IsNot, f.into())
    }
    /// `is: null`: there is no related record.
    pub fn is_null(self) -> Filter<M> {
        self.quantified(RelationQuantifier::None, Filter::all())
    }
    /// Order by the number of related records (`_count`).
    pub fn count_asc(self) -> Order<M> {
        Order::new(
            OrderExpr::RelationCount(self.meta, Box::new(Cond::True)),
            false,
        )
    }
    /// Order by the number of related records, descending.
    pub fn count_desc(self) -> Order<M> {
        Order::new(
            OrderExpr::RelationCount(self.meta, Box::new(Cond::True)),
            true,
        )
    }
    /// Order by a field of the related record (to-one relations).
    pub fn order_by<T>(self, field: Field<C, T>, desc: bool) -> Order<M> {
        Order::new(OrderExpr::RelationColumn(self.meta, field.column), desc)
    }
    /// Order by an ordering of the related record (to-one relations), Prisma's nested
    /// relation `orderBy`: a field of it (`post::author().order(user::name().asc())`, with
    /// `nulls_first`/`nulls_last` kept), the number of its related records
    /// (`post::author().order(user::posts().count_desc())`), or an ordering through a to-one
    /// relation of it again, at any depth
    /// (`post::author().order(user::team().order(team::name().asc()))`). A record without a
    /// related record sorts as NULL (as 0 for a count), as in Prisma. On a to-many relation
    /// only its count orders (`count_asc`, `count_desc`): anything else is refused with P2009.
    pub fn order(self, order: Order<C>) -> Order<M> {
        let OrderItem { expr, desc, nulls } = order.item;
        let mut related = Order::new(OrderExpr::Related(self.meta, Box::new(expr)), desc);
        related.item.nulls = nulls;
        related
    }
}

/// A field with a unique constraint (or the id): `equals` picks at most one record, so it
/// yields a [`Unique`] filter usable by `find_unique`, `update`, `delete` and `upsert`. Every
/// other filter of [`Field`] is available through `Deref`.
#[derive(Debug)]
pub struct UniqueField<M, T>(pub Field<M, T>);

impl<M, T> Clone for UniqueField<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, T> Copy for UniqueField<M, T> {}

impl<M, T: Into<Value>> UniqueField<M, T> {
    /// The handle of unique field number `index` (generated code calls this).
    pub const fn new(column: Col, index: usize) -> Self {
        UniqueField(Field::new(column, index))
    }

    /// A unique `DateTime` field of native type `@db.Date` ([`Field::native_date`]).
    pub const fn native_date(self) -> Self {
        UniqueField(self.0.native_date())
    }

    /// A unique `DateTime` field of native type `@db.Time` or `@db.Timetz`
    /// ([`Field::native_time`]).
    pub const fn native_time(self) -> Self {
        UniqueField(self.0.native_time())
    }

    /// `equals`: picks the one record with this value.
    pub fn equals(self, v: impl Into<T>) -> Unique<M> {
        Unique::new(Cond::Cmp(
            self.0.column,
            CmpOp::Eq,
            self.0.part.of(v.into().into()),
        ))
    }
}

impl<M, T> From<UniqueField<M, T>> for Field<M, T> {
    fn from(field: UniqueField<M, T>) -> Self {
        field.0
    }
}

impl<M, T> std::ops::Deref for UniqueField<M, T> {
    type Target = Field<M, T>;
    fn deref(&self) -> &Field<M, T> {
        &self.0
    }
}

/// The value type of a scalar list field (`String[]`, `Int[]`, an enum list… on PostgreSQL):
/// its handle is a `Field<M, ScalarList<T>>`, with Prisma's list filters and updates. The
/// record holds a `Vec<T>` (a NULL column reads as an empty list).
#[derive(Debug, Clone, Copy)]
pub struct ScalarList<T>(PhantomData<fn() -> T>);

impl<M, T: Into<Value>> Field<M, ScalarList<T>> {
    fn list(items: impl IntoIterator<Item = T>) -> Value {
        Value::List(items.into_iter().map(Into::into).collect())
    }

    fn list_cond(self, cond: ListCond) -> Filter<M> {
        Filter::new(Cond::List(self.column, cond))
    }

    /// `equals: [...]`: the list is exactly these values, in this order.
    pub fn equals(self, items: impl IntoIterator<Item = T>) -> Filter<M> {
        self.list_cond(ListCond::Equals(Self::list(items)))
    }
    /// `has: value`: the list holds the value.
    pub fn has(self, item: T) -> Filter<M> {
        self.list_cond(ListCond::Has(item.into()))
    }
    /// `hasEvery: [...]`: the list holds every one of the values.
    pub fn has_every(self, items: impl IntoIterator<Item = T>) -> Filter<M> {
        self.list_cond(ListCond::HasEvery(Self::list(items)))
    }
    /// `hasSome: [...]`: the list holds at least one of the values.
    pub fn has_some(self, items: impl IntoIterator<Item = T>) -> Filter<M> {
        self.list_cond(ListCond::HasSome(Self::list(items)))
    }
    /// `equals: null`: the list was never set (a NULL column, read as an empty list). No other
    /// list filter matches such a record, `NOT` and `isEmpty` included, as in Prisma.
    pub fn is_null(self) -> Filter<M> {
        Filter::new(Cond::IsNull(self.column, false))
    }
    /// `isEmpty: true` (the list has no values) or `isEmpty: false`.
    pub fn is_empty(self, empty: bool) -> Filter<M> {
        self.list_cond(ListCond::IsEmpty(empty))
    }
    /// `set: [...]` in an update, or the list in a create.
    pub fn set(self, items: impl IntoIterator<Item = T>) -> Set<M> {
        Set::new(self.column, SetExpr::Value(Self::list(items)))
    }
    /// `push: value`: appends the value to the list.
    pub fn push(self, item: T) -> Set<M> {
        self.push_all([item])
    }
    /// `push: [...]`: appends the values to the list, in order.
    pub fn push_all(self, items: impl IntoIterator<Item = T>) -> Set<M> {
        Set::new(self.column, SetExpr::Push(Self::list(items)))
    }
}
