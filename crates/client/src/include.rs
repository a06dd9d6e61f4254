//! Loading relations without N+1: one query per include level, whatever the number of parent
//! records (`WHERE key IN (…)`, the list bound as one parameter), stitched in memory.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::client::Exec;
use crate::decode::nested::{self, Json};
use crate::decode::{RowReader, Source};
use crate::error::{Error, Result};
use crate::meta::{ModelMeta, RelationMeta};
use crate::query::{Cond, OrderItem, Select};
use crate::render;
use crate::typed::{Field, Filter, Model, Order, Unique};
pub(crate) use crate::value::Key;
use crate::value::Value;

/// The fields and values that identify a cursor's record (its unique condition's
/// equalities): within each parent, the related records start at the one that has them, as
/// Prisma keeps them, so a parent without the cursor record keeps none.
pub(crate) fn cursor_fields<C: Model>(cursor: &Cond) -> Vec<(usize, Value)> {
    let mut out = Vec::new();
    let mut stack = vec![cursor];
    while let Some(c) = stack.pop() {
        match c {
            Cond::And(items) => stack.extend(items),
            Cond::Cmp(col, crate::query::CmpOp::Eq, v) => {
                if let Some(f) = C::META.fields.iter().position(|f| f.column == *col) {
                    out.push((f, v.clone()));
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether two values are the same key (as relation keys are compared).
pub(crate) fn same_key(a: &Value, b: &Value) -> bool {
    Key::same(a, b)
}

fn field_indexes(model: &ModelMeta, columns: &[&str]) -> Result<Vec<usize>> {
    columns
        .iter()
        .map(|c| {
            model
                .fields
                .iter()
                .position(|f| f.column == *c)
                .ok_or_else(|| {
                    Error::InvalidQuery(format!("model {} has no column {c}", model.name))
                })
        })
        .collect()
}

pub(crate) fn key_of<M: Model>(record: &M, fields: &[usize]) -> Option<Key> {
    if let [one] = fields {
        Key::of(record.value(*one))
    } else {
        Key::of(Value::List(
            fields.iter().map(|f| record.value(*f)).collect(),
        ))
    }
}

/// The boxed future an include loader returns.
pub type LoadFuture<'a> = Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>;

/// Loads one relation into a slice of parent records.
pub trait Loader<P>: Send + Sync {
    /// Loads the relation for every parent with a bounded number of queries.
    fn load<'a>(&'a self, exec: Exec<'a>, parents: &'a mut [P]) -> LoadFuture<'a>;
}

/// A relation to load along with `P` records (Prisma's `include`).
pub struct Include<P> {
    loader: Arc<dyn Loader<P>>,
    /// The same include, for the `join` relation load strategy (`crate::join`).
    join: Arc<dyn JoinLoader<P>>,
}

impl<P> Clone for Include<P> {
    fn clone(&self) -> Self {
        Include {
            loader: self.loader.clone(),
            join: self.join.clone(),
        }
    }
}

impl<P> std::fmt::Debug for Include<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Include")
    }
}

impl<P: Model> Include<P> {
    pub(crate) async fn load(&self, exec: Exec<'_>, parents: &mut [P]) -> Result<()> {
        self.loader.load(exec, parents).await
    }

    /// The include, for the `join` relation load strategy.
    pub(crate) fn join(&self) -> &dyn JoinLoader<P> {
        &*self.join
    }
}

/// Loads every include into `records`, one level at a time.
///
/// The loading runs on the heap, and only when there is something to load: its future (the
/// relations' queries) would otherwise be carried, inline, by every operation that may include,
/// with or without includes.
pub(crate) fn load_all<'f, P: Model>(
    exec: Exec<'f>,
    includes: &'f [Include<P>],
    records: &'f mut [P],
) -> impl Future<Output = Result<()>> + 'f {
    let work = (!records.is_empty() && !includes.is_empty()).then(|| {
        Box::pin(async move {
            for include in includes {
                include.load(exec, records).await?;
            }
            Ok(())
        })
    });
    async move {
        match work {
            Some(work) => work.await,
            None => Ok(()),
        }
    }
}

/// An include as the `join` relation load strategy loads it (`crate::join`): rendered as a
/// LATERAL subquery (`render::JoinRel`), its records read from the JSON it returns.
pub(crate) trait JoinLoader<P>: Send + Sync {
    /// The relation to render (its filter with an extended client's read hooks run, as the
    /// query strategy runs them), or why it cannot be joined (then the query strategy runs).
    fn plan(&self, exec: Exec<'_>) -> Result<std::result::Result<render::JoinRel, String>>;
    /// Puts the records of `json` (the relation's JSON: an array of records, or one record
    /// or `null` for a to-one relation) into `parent`.
    fn assign(&self, parent: &mut P, json: &Json<'_>) -> Result<()>;
}

/// A decoding error in the JSON of relation `relation`.
pub(crate) fn decode_error(relation: &str, message: String) -> Error {
    Error::Decode {
        column: relation.to_owned(),
        message,
    }
}

/// Reads one record of `C` from its JSON array (its fields, then one element per include).
pub(crate) fn read_record<C: Model>(
    json: &Json<'_>,
    includes: &[Include<C>],
    relation: &str,
) -> Result<C> {
    let elements = json.elements().map_err(|e| decode_error(relation, e))?;
    let fields = C::META.fields.iter().filter(|f| !f.omitted).count();
    if elements.len() != fields + includes.len() {
        return Err(decode_error(
            relation,
            format!(
                "a {} record of {} values, expected {}",
                C::META.name,
                elements.len(),
                fields + includes.len()
            ),
        ));
    }
    let values = nested::record_values(C::META, &elements[..fields])
        .map_err(|e| decode_error(relation, e))?;
    let row = nested::CellRow {
        cells: values.iter().map(nested::Owned::cell).collect(),
        model: C::META,
    };
    let mut record = C::from_row(&mut RowReader::new(Source::Cells(&row)))?;
    for (include, json) in includes.iter().zip(&elements[fields..]) {
        include.join().assign(&mut record, json)?;
    }
    Ok(record)
}

/// How loaded children are put into a parent.
pub enum Assign<P, C> {
    /// A list relation.
    Many(fn(&mut P, Vec<C>)),
    /// A to-one relation (`None`: no related record).
    One(fn(&mut P, Option<C>)),
}

/// The arguments of one include: which related records, in which order, how many per parent,
/// and their own includes.
pub struct RelationLoad<P, C: Model> {
    meta: &'static RelationMeta,
    assign: Assign<P, C>,
    filter: Cond,
    order: Vec<OrderItem>,
    take: Option<usize>,
    skip: usize,
    cursor: Option<Cond>,
    distinct: Vec<usize>,
    includes: Vec<Include<C>>,
}

impl<P: Model, C: Model> RelationLoad<P, C> {
    /// Starts an include of a relation (generated code calls this).
    pub const fn new(meta: &'static RelationMeta, assign: Assign<P, C>) -> Self {
        RelationLoad {
            meta,
            assign,
            filter: Cond::True,
            order: Vec::new(),
            take: None,
            skip: 0,
            cursor: None,
            distinct: Vec::new(),
            includes: Vec::new(),
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

    /// `cursor`: the related records from the one `unique` picks on, in the order asked
    /// (completed by the primary key), as Prisma does: each parent keeps its records from
    /// the cursor record on, so a parent the cursor record is not related to keeps none (nor
    /// does any when no record matches the cursor).
    pub fn cursor(mut self, unique: Unique<C>) -> Self {
        self.cursor = Some(unique.cond);
        self
    }

    /// `distinct` on a field of the related records (several calls: on the combination):
    /// each parent keeps the first of its records with each value, in the order asked,
    /// before `skip` and `take` apply, as Prisma does.
    pub fn distinct<T>(mut self, field: Field<C, T>) -> Self {
        self.distinct.push(field.index);
        self
    }

    /// Includes a relation of the related records.
    pub fn include(mut self, include: impl Into<Include<C>>) -> Self {
        self.includes.push(include.into());
        self
    }
}

impl<P: Model, C: Model> From<RelationLoad<P, C>> for Include<P> {
    fn from(load: RelationLoad<P, C>) -> Self {
        let load = Arc::new(load);
        Include {
            loader: load.clone(),
            join: load,
        }
    }
}

impl<P: Model, C: Model> JoinLoader<P> for RelationLoad<P, C> {
    fn plan(&self, exec: Exec<'_>) -> Result<std::result::Result<render::JoinRel, String>> {
        let args = RelationArgs {
            meta: self.meta,
            filter: &self.filter,
            order: &self.order,
            take: self.take,
            skip: self.skip,
            cursor: self.cursor.is_some(),
            distinct: !self.distinct.is_empty(),
            place: "include",
        };
        join_relation::<C>(exec, args, || {
            let mut items: Vec<render::JoinItem> = render::JoinItem::fields(C::META).collect();
            for include in &self.includes {
                match include.join().plan(exec)? {
                    Ok(child) => items.push(render::JoinItem::Relation(child)),
                    Err(why) => return Ok(Err(why)),
                }
            }
            Ok(Ok(items))
        })
    }

    fn assign(&self, parent: &mut P, json: &Json<'_>) -> Result<()> {
        let read = |j| read_record::<C>(j, &self.includes, self.meta.name);
        match &self.assign {
            Assign::Many(assign) => {
                let elements = json
                    .elements()
                    .map_err(|e| decode_error(self.meta.name, e))?;
                let children = elements.iter().map(read).collect::<Result<Vec<_>>>()?;
                assign(parent, children);
            }
            Assign::One(assign) => {
                let child = match json {
                    Json::Null => None,
                    j => Some(read(j)?),
                };
                assign(parent, child);
            }
        }
        Ok(())
    }
}

impl<P: Model, C: Model> Loader<P> for RelationLoad<P, C> {
    fn load<'a>(&'a self, exec: Exec<'a>, parents: &'a mut [P]) -> LoadFuture<'a> {
        Box::pin(self.load_into(exec, parents))
    }
}

impl<P: Model, C: Model> RelationLoad<P, C> {
    async fn load_into(&self, exec: Exec<'_>, parents: &mut [P]) -> Result<()> {
        crate::query::check_order(C::META, &self.order)?;
        // An extended client's read hooks of `C` filter the related records too.
        let hooked = crate::extension::read_related::<C>(exec, &self.filter)?;
        let filter = hooked.as_ref().unwrap_or(&self.filter);
        let parent_fields = field_indexes(P::META, self.meta.from_columns)?;
        let keys: Vec<Option<Key>> = parents.iter().map(|p| key_of(p, &parent_fields)).collect();
        let mut uses: HashMap<Key, usize> = HashMap::with_capacity(parents.len());
        // The distinct keys, each as its columns' values.
        let mut key_values: Vec<Vec<Value>> = Vec::new();
        for (parent, key) in parents.iter().zip(&keys) {
            if let Some(key) = key {
                let n = uses.entry(key.clone()).or_insert(0);
                if *n == 0 {
                    key_values.push(parent_fields.iter().map(|f| parent.value(*f)).collect());
                }
                *n += 1;
            }
        }

        // One statement per chunk of keys (see `render::keys_per_statement`); each key's
        // children all come from one statement, in the relation's order.
        let width = if self.meta.join.is_some() {
            1
        } else {
            self.meta.to_columns.len()
        };
        let (mut children, mut child_keys) = (Vec::new(), Vec::new());
        for chunk in key_values.chunks(render::keys_per_statement(width)) {
            let (c, k) = if let Some(join) = &self.meta.join {
                let firsts = chunk.iter().map(|k| k[0].clone()).collect();
                self.fetch_through_join(exec, join, firsts, filter).await?
            } else {
                self.fetch_direct(exec, chunk, filter).await?
            };
            children.extend(c);
            child_keys.extend(k);
        }

        load_all(exec, &self.includes, &mut children).await?;

        let mut groups: HashMap<Key, Vec<C>> = HashMap::with_capacity(uses.len());
        for (child, key) in children.into_iter().zip(child_keys) {
            if let Some(key) = key {
                groups.entry(key).or_default().push(child);
            }
        }
        for group in groups.values_mut() {
            if !self.distinct.is_empty() {
                let mut seen = std::collections::HashSet::new();
                group.retain(|c| {
                    seen.insert(
                        self.distinct
                            .iter()
                            .map(|f| format!("{:?}", c.value(*f)))
                            .collect::<Vec<_>>(),
                    )
                });
            }
            if let Some(cursor) = &self.cursor {
                let at = cursor_fields::<C>(cursor);
                let start = group
                    .iter()
                    .position(|c| at.iter().all(|(f, v)| same_key(&c.value(*f), v)))
                    .unwrap_or(group.len());
                group.drain(..start);
            }
            if self.skip > 0 {
                group.drain(..self.skip.min(group.len()));
            }
            if let Some(take) = self.take {
                group.truncate(take);
            }
        }

        for (parent, key) in parents.iter_mut().zip(keys) {
            let group = key.and_then(|key| {
                let remaining = uses.get_mut(&key)?;
                *remaining -= 1;
                if *remaining == 0 {
                    groups.remove(&key)
                } else {
                    groups.get(&key).cloned()
                }
            });
            match &self.assign {
                Assign::Many(assign) => assign(parent, group.unwrap_or_default()),
                Assign::One(assign) => assign(parent, group.and_then(|g| g.into_iter().next())),
            }
        }
        Ok(())
    }

    /// The select of the related records on `filter`, from the cursor on (`skip`, `take`
    /// and `distinct` apply per parent, in memory).
    fn select(&self, exec: Exec<'_>, filter: Cond) -> Result<Select> {
        let mut select = Select {
            model: C::META,
            filter,
            // The `_count`s it orders by run the read hooks, as its filter does.
            order: crate::extension::read_related_orders(exec, &self.order)?
                .unwrap_or_else(|| self.order.clone()),
            take: None,
            skip: None,
            cursor: self.cursor.clone(),
        };
        // With a cursor, the order is completed by the primary key, as at the top level.
        select.plain_page(false)?;
        Ok(select)
    }

    async fn fetch_direct(
        &self,
        exec: Exec<'_>,
        keys: &[Vec<Value>],
        filter: &Cond,
    ) -> Result<(Vec<C>, Vec<Option<Key>>)> {
        let child_fields = field_indexes(C::META, self.meta.to_columns)?;
        let key_cond = if let [col] = self.meta.to_columns {
            Cond::In(col, keys.iter().map(|k| k[0].clone()).collect(), false)
        } else {
            // Composite keys: one conjunction per distinct parent key.
            Cond::Or(
                keys.iter()
                    .map(|key| {
                        Cond::And(
                            self.meta
                                .to_columns
                                .iter()
                                .zip(key)
                                .map(|(col, v)| Cond::Cmp(col, crate::query::CmpOp::Eq, v.clone()))
                                .collect(),
                        )
                    })
                    .collect(),
            )
        };
        let select = self.select(exec, key_cond.and(filter.clone()))?;
        let sql = render::select(exec.dialect(), &select)?;
        let children = exec.query(&sql, C::from_row).await?;
        let keys = children.iter().map(|c| key_of(c, &child_fields)).collect();
        Ok((children, keys))
    }

    async fn fetch_through_join(
        &self,
        exec: Exec<'_>,
        join: &crate::meta::JoinTable,
        key_values: Vec<Value>,
        filter: &Cond,
    ) -> Result<(Vec<C>, Vec<Option<Key>>)> {
        let select = self.select(exec, filter.clone())?;
        let sql = render::select_through_join(
            exec.dialect(),
            &select,
            join,
            self.meta.to_columns[0],
            key_values,
        )?;
        let rows = exec
            .query(&sql, |row| {
                let key: Value = row.read()?;
                Ok((Key::of(key), C::from_row(row)?))
            })
            .await?;
        Ok(rows.into_iter().map(|(k, c)| (c, k)).unzip())
    }
}

/// What an include and a relation selection plan alike for the `join` strategy: the
/// relation's own arguments, and where they were given (`include`, `selection`) for the
/// fallback's reason.
pub(crate) struct RelationArgs<'r> {
    pub(crate) meta: &'static crate::meta::RelationMeta,
    pub(crate) filter: &'r Cond,
    pub(crate) order: &'r [crate::query::OrderItem],
    pub(crate) take: Option<usize>,
    pub(crate) skip: usize,
    pub(crate) cursor: bool,
    pub(crate) distinct: bool,
    pub(crate) place: &'static str,
}

/// A related model `C`'s part of a joined statement: refused (`Ok(Err(why))`, the query
/// strategy then) for a `cursor` or `distinct` inside it, its order checked, its filter and
/// the `_count`s it orders by passed through an extended client's read hooks of `C`, and the
/// items `items` plans (which may refuse too).
pub(crate) fn join_relation<C: Model>(
    exec: Exec<'_>,
    args: RelationArgs<'_>,
    items: impl FnOnce() -> Result<std::result::Result<Vec<render::JoinItem>, String>>,
) -> Result<std::result::Result<render::JoinRel, String>> {
    let name = args.meta.name;
    if args.cursor {
        return Ok(Err(format!("`cursor` inside the {} of {name}", args.place)));
    }
    if args.distinct {
        return Ok(Err(format!(
            "`distinct` inside the {} of {name}",
            args.place
        )));
    }
    crate::query::check_order(C::META, args.order)?;
    let filter = crate::extension::read_related::<C>(exec, args.filter)?
        .unwrap_or_else(|| args.filter.clone());
    let items = match items()? {
        Ok(items) => items,
        Err(why) => return Ok(Err(why)),
    };
    Ok(Ok(render::JoinRel {
        meta: args.meta,
        filter,
        order: crate::extension::read_related_orders(exec, args.order)?
            .unwrap_or_else(|| args.order.to_vec()),
        take: args.take,
        skip: args.skip,
        items,
    }))
}
