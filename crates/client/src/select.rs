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
use crate::decode::{FromColumn, RowReader};
use crate::error::{Error, Result};
use crate::include::{Include, Key, key_of, load_all};
use crate::meta::RelationMeta;
use crate::ops::{
    Create, CreateMany, DeleteOne, FindFirst, FindMany, UpdateOne, Upsert, insert_returning,
    refuse_nested,
};
use crate::query::{CmpOp, Col, Cond, Delete, OrderItem, Projection, Select};
use crate::render::{self, Through};
use crate::typed::{Filter, Model, Order, Relation, Unique};
use crate::value::Value;

pub use crate::shape::{
    Cons, FieldMarker, First, ListShape, Next, Nil, Omit, OmitField, Omitted, ReplaceAt,
    ShapeList, Shaped, Slot, resolved,
};

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

/// A relation of `P` selected with its own selection `S` of `C` records, filter, order, skip
/// and take (Prisma's `select: { actions: { select, where, orderBy, skip, take } }`):
/// generated as `user::select::actions(selection)`.
pub struct RelationSelect<P, C, S, K> {
    meta: &'static RelationMeta,
    selection: S,
    filter: Cond,
    order: Vec<OrderItem>,
    take: Option<usize>,
    skip: usize,
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
                    self.filter.clone(),
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
                        key_cond.and(self.filter.clone()),
                        None,
                        meta.to_columns.len(),
                    )
                }
            };
            self.selection.project(&mut items);
            let select = Select {
                model: C::META,
                filter,
                order: self.order.clone(),
                take: None,
                skip: None,
                cursor: None,
            };
            let sql = render::select_projected(exec.dialect(), &select, &items, through);
            let fetched = exec
                .query(&sql, |row| {
                    let key = read_key(row, key_width)?.map(|(k, _)| k);
                    Ok((key, self.selection.read(row)?))
                })
                .await?;
            let (child_keys, child_rows): (Vec<_>, Vec<_>) = fetched.into_iter().unzip();
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

// ---------------------------------------------------------------------------------------------
// Operations with a selection.

/// Runs a select of `selection` over the records `select` picks.
async fn run<M: Model, S: Selection<M>>(
    exec: Exec<'_>,
    select: &Select,
    distinct: &[usize],
    selection: &S,
) -> Result<Vec<S::Output>> {
    let dialect = exec.dialect();
    let mut plain = select.clone();
    let backwards = plain.plain_page(false)?;
    let select = &plain;
    let mut items: Vec<Projection> = distinct
        .iter()
        .map(|f| Projection::Column(M::META.fields[*f].column))
        .collect();
    selection.project(&mut items);
    let mut rows: Vec<_> = if distinct.is_empty() {
        let sql = render::select_projected(dialect, select, &items, None);
        exec.query(&sql, |r| selection.read(r)).await?
    } else {
        // Distinct is applied in memory after ordering, as Prisma does, then paginated.
        let mut all = select.clone();
        all.take = None;
        all.skip = None;
        let sql = render::select_projected(dialect, &all, &items, None);
        let n = distinct.len();
        let rows = exec
            .query(&sql, |r| {
                let key = (0..n)
                    .map(|_| r.read::<Value>().map(|v| format!("{v:?}")))
                    .collect::<Result<Vec<_>>>()?;
                Ok((key, selection.read(r)?))
            })
            .await?;
        let mut seen = std::collections::HashSet::new();
        let rows = rows
            .into_iter()
            .filter(|(key, _)| seen.insert(key.clone()))
            .map(|(_, row)| row)
            .skip(select.skip.unwrap_or(0).max(0) as usize);
        match select.take {
            Some(t) => rows.take(t.max(0) as usize).collect(),
            None => rows.collect(),
        }
    };
    if backwards {
        rows.reverse();
    }
    selection.resolve(exec, rows).await
}

fn no_mixing(includes: usize) -> Result<()> {
    if includes > 0 {
        return Err(Error::InvalidQuery(
            "`include` with `select` or `omit` on the same query: select the relations \
             instead (`user::select::actions(…)`, `user::select::all().include(…)`, or \
             `(user::select::omit(…), user::select::actions(…))`)"
                .into(),
        ));
    }
    Ok(())
}

/// The fields that tell records of `M` apart: its primary key, or every field when the model
/// has none.
fn identity<M: Model>() -> Vec<usize> {
    if M::META.primary_key.is_empty() {
        (0..M::META.fields.len()).collect()
    } else {
        M::META.primary_key.to_vec()
    }
}

/// The condition that picks `record` again (its [`identity`]).
fn same_record<M: Model>(record: &M) -> Cond {
    Cond::And(
        identity::<M>()
            .into_iter()
            .map(|i| Cond::Cmp(M::META.fields[i].column, CmpOp::Eq, record.value(i)))
            .collect(),
    )
}

/// Records read back per query by [`reselect_many`] (few enough for every dialect's limit on
/// parameters, whatever the key's width).
const RESELECT_CHUNK: usize = 500;

/// Reads `records` again with `selection`, in their order: one query per chunk of records
/// (`WHERE id IN (…)`) and one per selected relation level, not one per record. Each row is
/// matched to its record by the key read beside the selection; a record whose key does not
/// compare equal once read (a key type the database returns in another form) is read on its
/// own.
async fn reselect_many<M: Model, S: Selection<M>>(
    exec: Exec<'_>,
    records: &[M],
    selection: &S,
) -> Result<Vec<S::Output>> {
    let fields = identity::<M>();
    let mut items: Vec<Projection> = fields
        .iter()
        .map(|f| Projection::Column(M::META.fields[*f].column))
        .collect();
    selection.project(&mut items);
    let dialect = exec.dialect();
    let read = |r: &mut RowReader<'_>| Ok((read_key(r, fields.len())?, selection.read(r)?));
    let mut rows = Vec::with_capacity(records.len());
    for chunk in records.chunks(RESELECT_CHUNK) {
        let mut select = Select::all(M::META);
        select.filter = match fields.as_slice() {
            [one] => Cond::In(
                M::META.fields[*one].column,
                chunk.iter().map(|r| r.value(*one)).collect(),
                false,
            ),
            _ => Cond::Or(chunk.iter().map(same_record).collect()),
        };
        let sql = render::select_projected(dialect, &select, &items, None);
        let mut by_key: HashMap<Key, S::Row> = exec
            .query(&sql, read)
            .await?
            .into_iter()
            .filter_map(|(key, row)| Some((key?.0, row)))
            .collect();
        for record in chunk {
            if let Some(row) = key_of(record, &fields).and_then(|k| by_key.remove(&k)) {
                rows.push(row);
                continue;
            }
            let mut one = Select::all(M::META);
            one.filter = same_record(record);
            one.take = Some(1);
            let sql = render::select_projected(dialect, &one, &items, None);
            let row = exec.query(&sql, read).await?.into_iter().next();
            rows.push(
                row.ok_or_else(|| {
                    Error::not_found(format!(
                        "the {} record written could not be read back",
                        M::META.name
                    ))
                })?
                .1,
            );
        }
    }
    selection.resolve(exec, rows).await
}

/// Reads `record` again with `selection`.
async fn reselect<M: Model, S: Selection<M>>(
    exec: Exec<'_>,
    record: &M,
    selection: &S,
) -> Result<S::Output> {
    let mut select = Select::all(M::META);
    select.filter = same_record(record);
    select.take = Some(1);
    run::<M, S>(exec, &select, &[], selection)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| {
            Error::not_found(format!(
                "the {} record written could not be read back",
                M::META.name
            ))
        })
}

/// `findMany` with `select` (or `omit`, or relation counts): `Vec` of the selection's output.
pub struct SelectMany<'a, M: Model, S> {
    find: FindMany<'a, M>,
    selection: S,
}

impl<'a, M: Model> FindMany<'a, M> {
    /// `select`: reads only what `selection` names; the result is its output type
    /// (`.select((user::select::id(), user::select::email()))` → `Vec<(i32, String)>`).
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectMany<'a, M, S> {
        SelectMany {
            find: self,
            selection,
        }
    }

    /// `omit`: every field but those named (`user::omit::HashedPassword`, or a tuple of
    /// markers); the result is the model's shape with those fields [`Omitted`].
    pub fn omit<O>(self, fields: O) -> SelectMany<'a, M, Omit<O::Out>>
    where
        M: Shaped,
        O: OmitField<M::Full>,
        Omit<O::Out>: Selection<M>,
    {
        let _ = fields;
        self.select(Omit::new())
    }

    /// `include: { _count: { select: { … } } }`: each record (with the relations included so
    /// far) beside the counts asked (`user::actions().count()`, or a tuple of counts).
    pub fn with_counts<S: Selection<M>>(mut self, counts: S) -> SelectMany<'a, M, (Whole<M>, S)> {
        let whole = Whole {
            includes: std::mem::take(&mut self.includes),
        };
        self.select((whole, counts))
    }
}

impl<'a, M: Model, S: Selection<M>> SelectMany<'a, M, S> {
    /// `where` (several calls combine with AND).
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.find = self.find.filter(filter);
        self
    }
    /// `orderBy`.
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.find = self.find.order_by(order);
        self
    }
    /// `take`.
    pub fn take(mut self, n: i64) -> Self {
        self.find = self.find.take(n);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.find = self.find.skip(n);
        self
    }
    /// `cursor`.
    pub fn cursor(mut self, unique: Unique<M>) -> Self {
        self.find = self.find.cursor(unique);
        self
    }

    /// Runs the query.
    pub async fn exec(self) -> Result<Vec<S::Output>> {
        no_mixing(self.find.includes.len())?;
        run::<M, S>(
            self.find.exec,
            &self.find.select,
            &self.find.distinct,
            &self.selection,
        )
        .await
    }
}

/// `findFirst` / `findUnique` (and their `OrThrow` forms) with `select`, `omit` or counts.
pub struct SelectFirst<'a, M: Model, S> {
    inner: SelectMany<'a, M, S>,
    throw: Option<&'static str>,
}

impl<'a, M: Model> FindFirst<'a, M> {
    /// `select` (see [`FindMany::select`]).
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectFirst<'a, M, S> {
        SelectFirst {
            inner: self.inner.select(selection),
            throw: self.throw,
        }
    }

    /// `omit` (see [`FindMany::omit`]).
    pub fn omit<O>(self, fields: O) -> SelectFirst<'a, M, Omit<O::Out>>
    where
        M: Shaped,
        O: OmitField<M::Full>,
        Omit<O::Out>: Selection<M>,
    {
        let _ = fields;
        self.select(Omit::new())
    }

    /// Relation counts beside the record (see [`FindMany::with_counts`]).
    pub fn with_counts<S: Selection<M>>(self, counts: S) -> SelectFirst<'a, M, (Whole<M>, S)> {
        SelectFirst {
            inner: self.inner.with_counts(counts),
            throw: self.throw,
        }
    }
}

impl<'a, M: Model, S: Selection<M>> SelectFirst<'a, M, S> {
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

    /// Runs the query: `None` when no record matches (an error for the `OrThrow` forms).
    pub async fn exec(self) -> Result<Option<S::Output>> {
        let throw = self.throw;
        let found = self.inner.take(1).exec().await?.into_iter().next();
        match (found, throw) {
            (None, Some(op)) => Err(Error::not_found(format!(
                "No {} found ({op}).",
                M::META.name
            ))),
            (found, _) => Ok(found),
        }
    }

    /// Runs the query; P2025 when no record matches.
    pub async fn exec_or_throw(mut self) -> Result<S::Output> {
        self.throw.get_or_insert("findFirstOrThrow");
        self.exec()
            .await?
            .ok_or_else(|| Error::not_found(format!("No {} found.", M::META.name)))
    }
}

/// A write (`create`, `createManyAndReturn`, `update`, `upsert`, `delete`) whose result is
/// read with a selection.
pub struct SelectWrite<W, S> {
    write: W,
    selection: S,
}

impl<'a, M: Model> Create<'a, M> {
    /// `select` on the created record (read back in the same transaction).
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectWrite<Self, S> {
        SelectWrite {
            write: self,
            selection,
        }
    }
    /// `omit` on the created record.
    pub fn omit<O>(self, fields: O) -> SelectWrite<Self, Omit<O::Out>>
    where
        M: Shaped,
        O: OmitField<M::Full>,
        Omit<O::Out>: Selection<M>,
    {
        let _ = fields;
        self.select(Omit::new())
    }
}

impl<'a, M: Model, S: Selection<M>> SelectWrite<Create<'a, M>, S> {
    /// Runs it, returning the created record as selected.
    pub async fn exec(self) -> Result<S::Output> {
        let SelectWrite { write, selection } = self;
        no_mixing(write.includes.len())?;
        let data = write.data;
        write
            .exec
            .atomically(async move |exec| {
                let created = Create {
                    exec,
                    data,
                    includes: Vec::new(),
                }
                .exec()
                .await?;
                reselect(exec, &created, &selection).await
            })
            .await
    }
}

impl<'a, M: Model> CreateMany<'a, M> {
    /// `select` on the records `createManyAndReturn` creates (read back in the same
    /// transaction); run with [`SelectWrite::exec_and_return`].
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectWrite<Self, S> {
        SelectWrite {
            write: self,
            selection,
        }
    }
    /// `omit` on the records `createManyAndReturn` creates.
    pub fn omit<O>(self, fields: O) -> SelectWrite<Self, Omit<O::Out>>
    where
        M: Shaped,
        O: OmitField<M::Full>,
        Omit<O::Out>: Selection<M>,
    {
        let _ = fields;
        self.select(Omit::new())
    }
}

impl<'a, M: Model, S: Selection<M>> SelectWrite<CreateMany<'a, M>, S> {
    /// `skipDuplicates`: rows that violate a unique constraint are skipped (and not returned).
    pub fn skip_duplicates(mut self) -> Self {
        self.write = self.write.skip_duplicates();
        self
    }

    /// `createManyAndReturn` with `select` or `omit`: the created records as selected, in the
    /// order of the data. The rows are inserted, then read back by primary key with the
    /// selection (one query per 500 records and per selected relation level), in one
    /// transaction.
    pub async fn exec_and_return(self) -> Result<Vec<S::Output>> {
        let SelectWrite { write, selection } = self;
        refuse_nested(&write.data)?;
        no_mixing(write.includes.len())?;
        let (data, skip) = (write.data, write.skip_duplicates);
        write
            .exec
            .atomically(async move |exec| {
                let created = insert_returning(exec, data, skip).await?;
                reselect_many(exec, &created, &selection).await
            })
            .await
    }
}

impl<'a, M: Model> UpdateOne<'a, M> {
    /// `select` on the updated record (read back in the same transaction).
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectWrite<Self, S> {
        SelectWrite {
            write: self,
            selection,
        }
    }
    /// `omit` on the updated record.
    pub fn omit<O>(self, fields: O) -> SelectWrite<Self, Omit<O::Out>>
    where
        M: Shaped,
        O: OmitField<M::Full>,
        Omit<O::Out>: Selection<M>,
    {
        let _ = fields;
        self.select(Omit::new())
    }
}

impl<'a, M: Model, S: Selection<M>> SelectWrite<UpdateOne<'a, M>, S> {
    /// Runs it, returning the updated record as selected; P2025 when no record matches.
    pub async fn exec(self) -> Result<S::Output> {
        let SelectWrite { write, selection } = self;
        no_mixing(write.includes.len())?;
        let (filter, data) = (write.filter, write.data);
        write
            .exec
            .atomically(async move |exec| {
                let updated = UpdateOne {
                    exec,
                    filter,
                    data,
                    includes: Vec::new(),
                }
                .exec()
                .await?;
                reselect(exec, &updated, &selection).await
            })
            .await
    }
}

impl<'a, M: Model> Upsert<'a, M> {
    /// `select` on the record written (read back in the same transaction).
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectWrite<Self, S> {
        SelectWrite {
            write: self,
            selection,
        }
    }
    /// `omit` on the record written.
    pub fn omit<O>(self, fields: O) -> SelectWrite<Self, Omit<O::Out>>
    where
        M: Shaped,
        O: OmitField<M::Full>,
        Omit<O::Out>: Selection<M>,
    {
        let _ = fields;
        self.select(Omit::new())
    }
}

impl<'a, M: Model, S: Selection<M>> SelectWrite<Upsert<'a, M>, S> {
    /// Runs it, returning the record updated or created, as selected.
    pub async fn exec(self) -> Result<S::Output> {
        let SelectWrite { write, selection } = self;
        let Upsert {
            exec,
            filter,
            create,
            update,
        } = write;
        exec.atomically(async move |exec| {
            let written = Upsert {
                exec,
                filter,
                create,
                update,
            }
            .exec()
            .await?;
            reselect(exec, &written, &selection).await
        })
        .await
    }
}

impl<'a, M: Model> DeleteOne<'a, M> {
    /// `select` on the deleted record (read before deleting it, in the same transaction).
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectWrite<Self, S> {
        SelectWrite {
            write: self,
            selection,
        }
    }
    /// `omit` on the deleted record.
    pub fn omit<O>(self, fields: O) -> SelectWrite<Self, Omit<O::Out>>
    where
        M: Shaped,
        O: OmitField<M::Full>,
        Omit<O::Out>: Selection<M>,
    {
        let _ = fields;
        self.select(Omit::new())
    }
}

impl<'a, M: Model, S: Selection<M>> SelectWrite<DeleteOne<'a, M>, S> {
    /// Runs it, returning the deleted record as selected; P2025 when no record matches.
    pub async fn exec(self) -> Result<S::Output> {
        let SelectWrite { write, selection } = self;
        let filter = write.filter;
        write
            .exec
            .atomically(async move |exec| {
                let mut select = Select::all(M::META);
                select.filter = filter.clone();
                select.take = Some(1);
                let found = run::<M, S>(exec, &select, &[], &selection)
                    .await?
                    .into_iter()
                    .next()
                    .ok_or_else(|| {
                        Error::not_found(format!(
                            "No record was found for a delete on {}.",
                            M::META.name
                        ))
                    })?;
                let sql = render::delete(
                    exec.dialect(),
                    &Delete {
                        model: M::META,
                        filter,
                        returning: false,
                    },
                );
                exec.execute(&sql).await?;
                Ok(found)
            })
            .await
    }
}
