//! Prisma's `select`, `omit` and relation counts (`_count`): results shaped by what was asked,
//! with the result type computed by the compiler from the selection.
//!
//! A selection is a value implementing [`Selection<M>`]: a field of `M` ([`Pick`], read as its
//! own type, `Option` when optional), a relation of `M` with its own selection, filter, order
//! and take ([`RelationSelect`], read as a `Vec`, an `Option` or one record as the relation's
//! cardinality says), a relation count ([`RelationCount`], an `i64`), the whole record
//! ([`Whole`], with includes), the record less some fields ([`Omit`]), or a tuple of these (a
//! tuple of their outputs). A selection of another model's field does not compile, and no field
//! that was not selected can be read: it is not in the result.
//!
//! Each level is one query: the chosen columns and, as correlated subqueries, the relation
//! counts; then one query per selected relation for all the records of the level (`WHERE key
//! IN (…)`), stitched in memory, as [`crate::include`] does.

use std::collections::HashMap;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use crate::client::Exec;
use crate::decode::nested::Json;
use crate::decode::{FromColumn, RowReader};
use crate::error::{Error, Result};
use crate::include::{Include, Key, decode_error, key_of, load_all};
use crate::join::{JoinPlan, Planned};
use crate::meta::RelationMeta;
use crate::ops::{
    Create, CreateMany, DeleteOne, FindFirst, FindMany, UpdateOne, Upsert, insert_returning,
    refuse_nested,
};
use crate::query::{CmpOp, Col, Cond, Delete, OrderItem, Projection, Select};
use crate::render::{self, Through};
use crate::typed::{Filter, Model, Order, Relation, Unique};
use crate::value::Value;

mod join;
mod run;
mod write;
pub use run::{SelectFirst, SelectMany};
pub use write::SelectWrite;

pub use crate::shape::{
    Cons, FieldMarker, First, ListShape, Next, Nil, Omit, OmitField, Omitted, ReplaceAt, ShapeList,
    Shaped, Slot, index,
};
use crate::shape::{ReadShape, SlotList};

/// The boxed future of [`Selection::resolve`].
pub type SelectFuture<'a, T> = Pin<Box<dyn Future<Output = Result<Vec<T>>> + Send + 'a>>;

/// What to read of each `M` record (Prisma's `select`), and the type it is read as.
///
/// Reading takes three steps, so that a level of records costs one query whatever its size:
/// [`project`](Selection::project) adds the selection's columns to the level's select list,
/// [`read`](Selection::read) decodes them from each row, and [`resolve`](Selection::resolve)
/// turns all the rows of the level into outputs, loading relations with one query each.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a selection of `{M}` records",
    label = "not a field, relation or relation count of `{M}`",
    note = "select with the generated `model::select::field()`, `model::select::relation(…)` and \
            `model::relation().count()` of the model queried, or a tuple of them"
)]
pub trait Selection<M>: Send + Sync + 'static {
    /// The type of one selected record.
    type Output: Clone + Send + Sync + 'static;
    /// What is read from one row before relations are loaded.
    type Row: Send + 'static;
    /// Adds the columns (and relation counts) to read.
    fn project(&self, items: &mut Vec<Projection>);
    /// Reads this selection's columns of one row, in the order `project` added them.
    fn read(&self, row: &mut RowReader<'_>) -> Result<Self::Row>;
    /// Turns the rows of one level into outputs, in order.
    fn resolve<'a>(
        &'a self,
        exec: Exec<'a>,
        rows: Vec<Self::Row>,
    ) -> SelectFuture<'a, Self::Output>;
    /// The relation load strategy `join` (`crate::join`): adds what this selection reads to
    /// one joined statement, its relations as LATERAL subqueries; `Ok(Err(reason))` where it
    /// cannot (the query strategy runs instead).
    #[doc(hidden)]
    fn join(&self, plan: &mut JoinPlan<'_>) -> Planned {
        let _ = plan;
        Ok(Err("a selection with no joined form".into()))
    }
    /// Reads one record's output from a joined statement's row (or a related record's JSON),
    /// in the order [`join`](Selection::join) planned it.
    #[doc(hidden)]
    fn read_joined(&self, row: &mut RowReader<'_>) -> Result<Self::Output> {
        let _ = row;
        Err(crate::join::not_joined())
    }
}

fn ready<'a, T: Send + 'a>(rows: Vec<T>) -> SelectFuture<'a, T> {
    Box::pin(std::future::ready(Ok(rows)))
}

/// A scalar field of `M` selected as `T` (`Option<_>` for an optional field): generated as
/// `user::select::email()`.
pub struct Pick<M, T> {
    column: Col,
    _m: PhantomData<fn() -> (M, T)>,
}

impl<M, T> Clone for Pick<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, T> Copy for Pick<M, T> {}

impl<M, T> std::fmt::Debug for Pick<M, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pick({})", self.column)
    }
}

impl<M, T> Pick<M, T> {
    /// The selection of the field stored in `column` (generated code calls this).
    pub const fn new(column: Col) -> Self {
        Pick {
            column,
            _m: PhantomData,
        }
    }
}

impl<M: 'static, T: FromColumn + Clone + Send + Sync + 'static> Selection<M> for Pick<M, T> {
    type Output = T;
    type Row = T;
    fn project(&self, items: &mut Vec<Projection>) {
        items.push(Projection::Column(self.column));
    }
    fn read(&self, row: &mut RowReader<'_>) -> Result<T> {
        row.read()
    }
    fn resolve<'a>(&'a self, _: Exec<'a>, rows: Vec<T>) -> SelectFuture<'a, T> {
        ready(rows)
    }
    fn join(&self, plan: &mut JoinPlan<'_>) -> Planned {
        Ok(plan.column(self.column))
    }
    fn read_joined(&self, row: &mut RowReader<'_>) -> Result<T> {
        row.read()
    }
}

/// The number of related records (Prisma's `_count: { select: { actions: true } }`), optionally
/// only those matching a filter (`actions: { where }`): `user::actions().count()`.
pub struct RelationCount<M, C> {
    meta: &'static RelationMeta,
    filter: Cond,
    _m: PhantomData<fn() -> (M, C)>,
}

impl<M, C> std::fmt::Debug for RelationCount<M, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RelationCount({}, {:?})", self.meta.name, self.filter)
    }
}

impl<M, C> Clone for RelationCount<M, C> {
    fn clone(&self) -> Self {
        RelationCount {
            meta: self.meta,
            filter: self.filter.clone(),
            _m: PhantomData,
        }
    }
}

impl<M, C> Relation<M, C> {
    /// The number of related records, to select (Prisma's `_count`).
    pub fn count(self) -> RelationCount<M, C> {
        RelationCount {
            meta: self.meta,
            filter: Cond::True,
            _m: PhantomData,
        }
    }
}

impl<M, C> RelationCount<M, C> {
    /// Counts only the related records matching `f` (several calls combine with AND).
    pub fn filter(mut self, f: impl Into<Filter<C>>) -> Self {
        self.filter = std::mem::replace(&mut self.filter, Cond::True).and(f.into().cond);
        self
    }
}

impl<M: 'static, C: 'static> Selection<M> for RelationCount<M, C> {
    type Output = i64;
    type Row = i64;
    fn project(&self, items: &mut Vec<Projection>) {
        items.push(Projection::Count(self.meta, self.filter.clone()));
    }
    fn read(&self, row: &mut RowReader<'_>) -> Result<i64> {
        row.read()
    }
    fn resolve<'a>(&'a self, _: Exec<'a>, rows: Vec<i64>) -> SelectFuture<'a, i64> {
        ready(rows)
    }
    fn join(&self, plan: &mut JoinPlan<'_>) -> Planned {
        plan.count(self.meta, self.filter.clone());
        Ok(Ok(()))
    }
    fn read_joined(&self, row: &mut RowReader<'_>) -> Result<i64> {
        row.read()
    }
}

/// How many records a relation holds, and so what a selection of it reads as.
pub trait Cardinality: Send + Sync + 'static {
    /// The selected relation's type for records of type `T`.
    type Out<T: Clone + Send + Sync + 'static>: Clone + Send + Sync + 'static;
    /// The related records of one parent, in order.
    fn wrap<T: Clone + Send + Sync + 'static>(
        relation: &RelationMeta,
        items: Vec<T>,
    ) -> Result<Self::Out<T>>;
}

/// A list relation (`Action[]`): read as a `Vec`.
#[derive(Debug, Clone, Copy)]
pub struct ToMany;
/// A required to-one relation (`User`): read as the record.
#[derive(Debug, Clone, Copy)]
pub struct ToOne;
/// An optional to-one relation (`User?`): read as an `Option`.
#[derive(Debug, Clone, Copy)]
pub struct ToOptional;

impl Cardinality for ToMany {
    type Out<T: Clone + Send + Sync + 'static> = Vec<T>;
    fn wrap<T: Clone + Send + Sync + 'static>(_: &RelationMeta, items: Vec<T>) -> Result<Vec<T>> {
        Ok(items)
    }
}

impl Cardinality for ToOptional {
    type Out<T: Clone + Send + Sync + 'static> = Option<T>;
    fn wrap<T: Clone + Send + Sync + 'static>(
        _: &RelationMeta,
        items: Vec<T>,
    ) -> Result<Option<T>> {
        Ok(items.into_iter().next())
    }
}

impl Cardinality for ToOne {
    type Out<T: Clone + Send + Sync + 'static> = T;
    fn wrap<T: Clone + Send + Sync + 'static>(relation: &RelationMeta, items: Vec<T>) -> Result<T> {
        items.into_iter().next().ok_or_else(|| Error::Decode {
            column: relation.name.to_owned(),
            message: format!(
                "the required relation has no related {} record: its foreign key points \
                     to a missing record",
                relation.target.name
            ),
        })
    }
}

/// A relation of `P` selected with its own selection `S` of `C` records, filter, order, skip,
/// take, cursor and distinct (Prisma's `select: { actions: { select, where, orderBy, skip,
/// take, cursor, distinct } }`):
/// generated as `user::select::actions(selection)`.
pub struct RelationSelect<P, C, S, K> {
    meta: &'static RelationMeta,
    selection: S,
    filter: Cond,
    order: Vec<OrderItem>,
    take: Option<usize>,
    skip: usize,
    cursor: Option<Cond>,
    distinct: Vec<usize>,
    _m: RelationMarker<P, C, K>,
}

/// The types a [`RelationSelect`] is about: parent, child and cardinality.
type RelationMarker<P, C, K> = PhantomData<fn() -> (P, C, K)>;

impl<P, C, S, K> RelationSelect<P, C, S, K> {
    /// The selection `selection` of relation `meta` (generated code calls this).
    pub fn new(meta: &'static RelationMeta, selection: S) -> Self {
        RelationSelect {
            meta,
            selection,
            filter: Cond::True,
            order: Vec::new(),
            take: None,
            skip: 0,
            cursor: None,
            distinct: Vec::new(),
            _m: PhantomData,
        }
    }

    /// Only related records matching `f`.
    pub fn filter(mut self, f: impl Into<Filter<C>>) -> Self {
        self.filter = std::mem::replace(&mut self.filter, Cond::True).and(f.into().cond);
        self
    }

    /// Orders the related records.
    pub fn order_by(mut self, o: Order<C>) -> Self {
        self.order.push(o.item);
        self
    }

    /// At most `n` related records per parent.
    pub fn take(mut self, n: usize) -> Self {
        self.take = Some(n);
        self
    }

    /// Skips the first `n` related records of each parent.
    pub fn skip(mut self, n: usize) -> Self {
        self.skip = n;
        self
    }

    /// `cursor`: each parent's related records from the one `unique` picks on, in the order
    /// asked, as in an include (`crate::include::RelationLoad::cursor`): a parent the cursor
    /// record is not related to gets none.
    pub fn cursor(mut self, unique: crate::typed::Unique<C>) -> Self {
        self.cursor = Some(unique.cond);
        self
    }

    /// `distinct` on a field of the related records, per parent, before `skip` and `take`
    /// (the field need not be selected).
    pub fn distinct<T>(mut self, field: crate::typed::Field<C, T>) -> Self {
        self.distinct.push(field.index);
        self
    }
}

/// The key a relation joins on, read from a row: its values (to bind) and its hashable form.
type RowKey = Option<(Key, Vec<Value>)>;

fn read_key(row: &mut RowReader<'_>, n: usize) -> Result<RowKey> {
    let values = (0..n)
        .map(|_| row.read::<Value>())
        .collect::<Result<Vec<_>>>()?;
    let key = if let [one] = values.as_slice() {
        Key::of(one.clone())
    } else {
        Key::of(Value::List(values.clone()))
    };
    Ok(key.map(|k| (k, values)))
}

impl<P, C, S, K> Selection<P> for RelationSelect<P, C, S, K>
where
    P: Model,
    C: Model,
    S: Selection<C>,
    K: Cardinality,
{
    type Output = K::Out<S::Output>;
    type Row = RowKey;

    fn project(&self, items: &mut Vec<Projection>) {
        items.extend(self.meta.from_columns.iter().map(|c| Projection::Column(c)));
    }

    fn read(&self, row: &mut RowReader<'_>) -> Result<RowKey> {
        read_key(row, self.meta.from_columns.len())
    }

    fn resolve<'a>(&'a self, exec: Exec<'a>, rows: Vec<RowKey>) -> SelectFuture<'a, Self::Output> {
        Box::pin(self.resolve_rows(exec, rows))
    }

    fn join(&self, plan: &mut JoinPlan<'_>) -> Planned {
        plan.relation(|exec| {
            let args = crate::include::RelationArgs {
                meta: self.meta,
                filter: &self.filter,
                order: &self.order,
                take: self.take,
                skip: self.skip,
                cursor: self.cursor.is_some(),
                distinct: !self.distinct.is_empty(),
                place: "selection",
            };
            crate::include::join_relation::<C>(exec, args, || {
                let mut records = JoinPlan::new(Some(exec), C::META);
                Ok(self.selection.join(&mut records)?.map(|()| records.items))
            })
        })
    }

    fn read_joined(&self, row: &mut RowReader<'_>) -> Result<Self::Output> {
        let records = join::read_related::<C, S>(row, self.meta, &self.selection)?;
        K::wrap(self.meta, records)
    }
}

impl<P, C, S, K> RelationSelect<P, C, S, K>
where
    P: Model,
    C: Model,
    S: Selection<C>,
    K: Cardinality,
{
    async fn resolve_rows(
        &self,
        exec: Exec<'_>,
        rows: Vec<RowKey>,
    ) -> Result<Vec<K::Out<S::Output>>> {
        let mut uses: HashMap<Key, usize> = HashMap::with_capacity(rows.len());
        let mut keys: Vec<Vec<Value>> = Vec::new();
        for (key, values) in rows.iter().flatten() {
            let n = uses.entry(key.clone()).or_insert(0);
            if *n == 0 {
                keys.push(values.clone());
            }
            *n += 1;
        }
        let mut groups: HashMap<Key, Vec<S::Output>> = HashMap::with_capacity(uses.len());
        // An extended client's read hooks of `C` filter the related records too.
        let hooked = crate::extension::read_related::<C>(exec, &self.filter)?;
        let related_filter = hooked.as_ref().unwrap_or(&self.filter);
        let meta = self.meta;
        let width = if meta.join.is_some() {
            1
        } else {
            meta.to_columns.len()
        };
        // One statement per chunk of keys (see `render::keys_per_statement`); each key's
        // records all come from one statement, in the relation's order.
        for chunk in keys.chunks(render::keys_per_statement(width)) {
            let mut items = Vec::new();
            let (filter, through, key_width) = match &meta.join {
                Some(join) => (
                    related_filter.clone(),
                    Some(Through {
                        join,
                        to_column: meta.to_columns[0],
                        keys: chunk.iter().map(|k| k[0].clone()).collect(),
                    }),
                    1,
                ),
                None => {
                    items.extend(meta.to_columns.iter().map(|c| Projection::Column(c)));
                    let key_cond = if let [col] = meta.to_columns {
                        Cond::In(col, chunk.iter().map(|k| k[0].clone()).collect(), false)
                    } else {
                        Cond::Or(
                            chunk
                                .iter()
                                .map(|k| {
                                    Cond::And(
                                        meta.to_columns
                                            .iter()
                                            .zip(k)
                                            .map(|(col, v)| Cond::Cmp(col, CmpOp::Eq, v.clone()))
                                            .collect(),
                                    )
                                })
                                .collect(),
                        )
                    };
                    (
                        key_cond.and(related_filter.clone()),
                        None,
                        meta.to_columns.len(),
                    )
                }
            };
            // The distinct fields, read after the key (compared, never returned).
            items.extend(
                self.distinct
                    .iter()
                    .map(|f| Projection::Column(C::META.fields[*f].column)),
            );
            // The cursor record's fields, read to find where each parent's records start.
            let at: Vec<(Col, Value)> = self
                .cursor
                .as_ref()
                .map(|c| crate::include::cursor_fields::<C>(c))
                .unwrap_or_default()
                .into_iter()
                .map(|(f, v)| (C::META.fields[f].column, v))
                .collect();
            items.extend(at.iter().map(|(c, _)| Projection::Column(c)));
            self.selection.project(&mut items);
            crate::extension::read_counts(exec, &mut items)?;
            let mut select = Select {
                model: C::META,
                filter,
                order: crate::extension::read_related_orders(exec, &self.order)?
                    .unwrap_or_else(|| self.order.clone()),
                take: None,
                skip: None,
                cursor: self.cursor.clone(),
            };
            // With a cursor, the order is completed by the primary key, as at the top level.
            select.plain_page(false)?;
            let sql = render::select_projected(exec.dialect(), &select, &items, through)?;
            let distinct = self.distinct.len();
            let fetched = exec
                .query(&sql, |row| {
                    let key = read_key(row, key_width)?.map(|(k, _)| k);
                    let seen = (0..distinct)
                        .map(|_| row.read::<Value>().map(|v| format!("{v:?}")))
                        .collect::<Result<Vec<_>>>()?;
                    let mut is_cursor = true;
                    for (_, v) in &at {
                        is_cursor &= crate::include::same_key(&row.read::<Value>()?, v);
                    }
                    Ok((key, seen, is_cursor, self.selection.read(row)?))
                })
                .await?;
            // `cursor`: each parent's records from the cursor record on (none without it).
            let mut started: std::collections::HashSet<Key> = std::collections::HashSet::new();
            let fetched: Vec<_> = fetched
                .into_iter()
                .filter(|(key, _, is_cursor, _)| {
                    self.cursor.is_none()
                        || key.as_ref().is_some_and(|k| {
                            started.contains(k) || (*is_cursor && started.insert(k.clone()))
                        })
                })
                .map(|(key, seen, _, row)| (key, seen, row))
                .collect();
            // `distinct`: each parent keeps the first of its records with each value.
            let mut seen: HashMap<Key, std::collections::HashSet<Vec<String>>> = HashMap::new();
            let (child_keys, child_rows): (Vec<_>, Vec<_>) = fetched
                .into_iter()
                .filter(|(key, values, _)| {
                    distinct == 0
                        || key.as_ref().is_none_or(|k| {
                            seen.entry(k.clone()).or_default().insert(values.clone())
                        })
                })
                .map(|(key, _, row)| (key, row))
                .unzip();
            let outputs = self.selection.resolve(exec, child_rows).await?;
            for (key, output) in child_keys.into_iter().zip(outputs) {
                if let Some(key) = key {
                    groups.entry(key).or_default().push(output);
                }
            }
        }
        for group in groups.values_mut() {
            if self.skip > 0 {
                group.drain(..self.skip.min(group.len()));
            }
            if let Some(take) = self.take {
                group.truncate(take);
            }
        }
        rows.into_iter()
            .map(|row| {
                let group = row.and_then(|(key, _)| {
                    let remaining = uses.get_mut(&key)?;
                    *remaining -= 1;
                    if *remaining == 0 {
                        groups.remove(&key)
                    } else {
                        groups.get(&key).cloned()
                    }
                });
                K::wrap(self.meta, group.unwrap_or_default())
            })
            .collect()
    }
}

/// Every scalar field of `M`, read as the model's struct, with relations included as
/// `include` does: `user::select::all()`, beside counts (`(user::select::all(),
/// user::actions().count())`) or inside a relation selection.
pub struct Whole<M> {
    includes: Vec<Include<M>>,
}

impl<M> std::fmt::Debug for Whole<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Whole({} includes)", self.includes.len())
    }
}

impl<M: Model> Default for Whole<M> {
    fn default() -> Self {
        Whole::new()
    }
}

impl<M: Model> Whole<M> {
    /// Every scalar field, no relation.
    pub fn new() -> Self {
        Whole {
            includes: Vec::new(),
        }
    }

    /// Includes a relation in each record.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.includes.push(include.into());
        self
    }
}

impl<M: Model> Selection<M> for Whole<M> {
    type Output = M;
    type Row = M;
    fn project(&self, items: &mut Vec<Projection>) {
        items.extend(
            M::META
                .fields
                .iter()
                .filter(|f| !f.omitted)
                .map(|f| Projection::Column(f.column)),
        );
    }
    fn read(&self, row: &mut RowReader<'_>) -> Result<M> {
        M::from_row(row)
    }
    fn resolve<'a>(&'a self, exec: Exec<'a>, mut rows: Vec<M>) -> SelectFuture<'a, M> {
        if self.includes.is_empty() {
            return ready(rows);
        }
        Box::pin(async move {
            load_all(exec, &self.includes, &mut rows).await?;
            Ok(rows)
        })
    }
    fn join(&self, plan: &mut JoinPlan<'_>) -> Planned {
        for (i, _) in M::META
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.omitted)
        {
            plan.field(i);
        }
        for include in &self.includes {
            if let Err(why) = plan.relation(|exec| include.join().plan(exec))? {
                return Ok(Err(why));
            }
        }
        Ok(Ok(()))
    }
    fn read_joined(&self, row: &mut RowReader<'_>) -> Result<M> {
        let mut record = M::from_row(row)?;
        for include in &self.includes {
            let text: Option<String> = row.read()?;
            let json = Json::parse(text.as_deref().unwrap_or("null"))
                .map_err(|e| decode_error(M::META.name, e))?;
            include.join().assign(&mut record, &json)?;
        }
        Ok(record)
    }
}

macro_rules! tuple_selection {
    ($($t:ident $v:ident $o:ident $i:tt),+) => {
        impl<M, $($t: Selection<M>),+> Selection<M> for ($($t,)+) {
            type Output = ($($t::Output,)+);
            type Row = ($($t::Row,)+);
            fn project(&self, items: &mut Vec<Projection>) {
                $(self.$i.project(items);)+
            }
            fn read(&self, row: &mut RowReader<'_>) -> Result<Self::Row> {
                Ok(($(self.$i.read(row)?,)+))
            }
            fn resolve<'a>(
                &'a self,
                exec: Exec<'a>,
                rows: Vec<Self::Row>,
            ) -> SelectFuture<'a, Self::Output> {
                Box::pin(async move {
                    let n = rows.len();
                    $(let mut $v = Vec::with_capacity(n);)+
                    for row in rows {
                        $($v.push(row.$i);)+
                    }
                    $(let mut $o = self.$i.resolve(exec, $v).await?.into_iter();)+
                    let mut out = Vec::with_capacity(n);
                    for _ in 0..n {
                        out.push(($($o.next().ok_or_else(missing_output)?,)+));
                    }
                    Ok(out)
                })
            }
            fn join(&self, plan: &mut JoinPlan<'_>) -> Planned {
                // Every item is planned (so that a refusal still shows the relations), and
                // the first refusal is the reason.
                let mut planned = Ok(());
                $(let item = self.$i.join(plan)?;
                planned = planned.and(item);)+
                Ok(planned)
            }
            fn read_joined(&self, row: &mut RowReader<'_>) -> Result<Self::Output> {
                Ok(($(self.$i.read_joined(row)?,)+))
            }
        }
    };
}

fn missing_output() -> Error {
    Error::InvalidQuery("a selection resolved fewer records than it read".into())
}

tuple_selection!(A a oa 0);
tuple_selection!(A a oa 0, B b ob 1);
tuple_selection!(A a oa 0, B b ob 1, C c oc 2);
tuple_selection!(A a oa 0, B b ob 1, C c oc 2, D d od 3);
tuple_selection!(A a oa 0, B b ob 1, C c oc 2, D d od 3, E e oe 4);
tuple_selection!(A a oa 0, B b ob 1, C c oc 2, D d od 3, E e oe 4, F f of 5);
tuple_selection!(A a oa 0, B b ob 1, C c oc 2, D d od 3, E e oe 4, F f of 5, G g og 6);
tuple_selection!(A a oa 0, B b ob 1, C c oc 2, D d od 3, E e oe 4, F f of 5, G g og 6, H h oh 7);
tuple_selection!(A a oa 0, B b ob 1, C c oc 2, D d od 3, E e oe 4, F f of 5, G g og 6, H h oh 7, I i oi 8);
tuple_selection!(A a oa 0, B b ob 1, C c oc 2, D d od 3, E e oe 4, F f of 5, G g og 6, H h oh 7, I i oi 8, J j oj 9);
tuple_selection!(A a oa 0, B b ob 1, C c oc 2, D d od 3, E e oe 4, F f of 5, G g og 6, H h oh 7, I i oi 8, J j oj 9, K k ok 10);
tuple_selection!(A a oa 0, B b ob 1, C c oc 2, D d od 3, E e oe 4, F f of 5, G g og 6, H h oh 7, I i oi 8, J j oj 9, K k ok 10, L l ol 11);

/// A `Selection`'s `resolve` with nothing to load: the rows as read.
pub fn resolved<'a, T: Send + 'a>(rows: Vec<T>) -> SelectFuture<'a, T> {
    ready(rows)
}

/// Every present field of shape `S` of model `M` (Prisma's `omit`); the output is the shape.
impl<M: Model, S: ShapeList<M> + ReadShape> Selection<M> for Omit<S>
where
    S::List: SlotList,
{
    type Output = S;
    type Row = S;
    fn project(&self, items: &mut Vec<Projection>) {
        <S::List as SlotList>::project(M::META.fields, items);
    }
    fn read(&self, row: &mut RowReader<'_>) -> Result<S> {
        S::read_shape(row)
    }
    fn resolve<'a>(&'a self, _: Exec<'a>, rows: Vec<S>) -> SelectFuture<'a, S> {
        ready(rows)
    }
    fn join(&self, plan: &mut JoinPlan<'_>) -> Planned {
        let mut items = Vec::new();
        self.project(&mut items);
        Ok(plan.projections(&items))
    }
    fn read_joined(&self, row: &mut RowReader<'_>) -> Result<S> {
        S::read_shape(row)
    }
}
