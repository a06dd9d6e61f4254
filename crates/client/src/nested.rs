//! Nested writes inside relation fields, as Prisma Client does them: `create`, `createMany`,
//! `connect`, `connectOrCreate`, `disconnect`, `set`, `update`, `updateMany`, `upsert`,
//! `delete` and `deleteMany`, in the data of a `create` or an `update`.
//!
//! Generated code emits one [`RelationInfo`] per relation field and, in the field's module,
//! one function per nested write that the relation allows (a `disconnect` only where no side
//! of the relation is required, `set` and `createMany` only on lists, …), so a write that
//! Prisma's input types do not offer does not compile. The functions return:
//!
//! - [`Link`]: a to-one write on the side that holds the foreign key (`create`, `connect`,
//!   `connectOrCreate`); it runs before the parent's own INSERT or UPDATE and sets the foreign
//!   key. A required relation can be given this way instead of its foreign key value
//!   (`action::create_linked(action::user::connect(…), …)`).
//! - [`NestedWrite`]: a write allowed in create data (and in update data).
//! - [`NestedUpdate`]: a write allowed only in update data ([`UpdateData`]).
//!
//! Everything runs in one transaction with the parent write. Writes on the side that holds the
//! foreign key run before the parent's statement; the others run after it, in the order given.
//! Errors follow Prisma's: a missing record to connect, update or delete is P2025 with Prisma's
//! message, a connect that would leave a record without a required relation is P2014, a
//! nested delete of records not connected to the parent is P2017.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use crate::client::Exec;
use crate::error::{Error, Result};
use crate::meta::{JoinTable, ModelMeta, RelationMeta};
use crate::ops::{CreateData, Now, insert_one, with_updated_at};
use crate::query::{CmpOp, Col, Cond, Delete, Select, SetExpr, Update};
use crate::render::{self, ClientDialect as _, Sql};
use crate::typed::{Creatable, Filter, Model, Set, Unique};
use crate::value::Value;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// A relation field of `P` pointing to `C`, as nested writes need it: its metadata, the
/// relation's name (for Prisma's error messages) and which sides are required. The generator
/// emits one per relation field (`user::ACTIONS_NESTED`).
#[derive(Debug)]
pub struct RelationInfo<P, C> {
    /// The relation field.
    pub meta: &'static RelationMeta,
    /// The relation's name: `@relation("Name")`, or Prisma's default `AToB`.
    pub relation_name: &'static str,
    /// Whether this field is a required to-one relation.
    pub required: bool,
    /// Whether the field on the other side is a required to-one relation.
    pub back_required: bool,
    /// Whether the field on the other side is a list (one-to-many seen from the foreign key
    /// side, or many-to-many).
    pub back_list: bool,
    _m: PhantomData<fn() -> (P, C)>,
}

impl<P, C> RelationInfo<P, C> {
    /// Describes a relation field (generated code calls this in a `static`).
    pub const fn new(
        meta: &'static RelationMeta,
        relation_name: &'static str,
        required: bool,
        back_required: bool,
        back_list: bool,
    ) -> Self {
        RelationInfo {
            meta,
            relation_name,
            required,
            back_required,
            back_list,
            _m: PhantomData,
        }
    }
}

/// One nested write on records related to a `P` record.
pub(crate) trait Op<P>: Send + Sync {
    /// Whether it runs before the parent's statement (the parent holds the foreign key).
    fn before_parent(&self) -> bool;
    /// Runs a write on the side holding the foreign key; returns the parent's foreign key
    /// columns to set. `current` is the parent before an update (`None` in a create).
    fn before<'a>(
        &'a self,
        exec: Exec<'a>,
        current: Option<&'a P>,
        now: &'a Now,
    ) -> BoxFuture<'a, Vec<(Col, Value)>>;
    /// Runs a write on the other side, once the parent exists.
    fn after<'a>(
        &'a self,
        exec: Exec<'a>,
        parent: &'a P,
        created: bool,
        now: &'a Now,
    ) -> BoxFuture<'a, ()>;
}

/// A nested write allowed in the data of a `create` (and of an `update`): `create`,
/// `createMany`, `connect`, `connectOrCreate`. Attach it with [`CreateData::with`] or
/// [`UpdateData::with`].
pub struct NestedWrite<M> {
    op: Arc<dyn Op<M>>,
}

/// A nested write allowed only in the data of an `update`: `disconnect`, `set`, `update`,
/// `updateMany`, `upsert`, `delete`, `deleteMany` (and every [`NestedWrite`]).
pub struct NestedUpdate<M> {
    op: Arc<dyn Op<M>>,
}

/// A to-one nested write on the side of `M` that holds the foreign key to `C`: `create`,
/// `connect` or `connectOrCreate`. It satisfies a required relation in `create_linked`.
pub struct Link<M, C> {
    op: Arc<dyn Op<M>>,
    _c: PhantomData<fn() -> C>,
}

macro_rules! shared_impls {
    ($($t:ident),*) => {$(
        impl<M> Clone for $t<M> {
            fn clone(&self) -> Self {
                $t { op: self.op.clone() }
            }
        }
        impl<M> std::fmt::Debug for $t<M> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(stringify!($t))
            }
        }
    )*};
}
shared_impls!(NestedWrite, NestedUpdate);

impl<M, C> Clone for Link<M, C> {
    fn clone(&self) -> Self {
        Link {
            op: self.op.clone(),
            _c: PhantomData,
        }
    }
}

impl<M, C> std::fmt::Debug for Link<M, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Link")
    }
}

impl<M> From<NestedWrite<M>> for NestedUpdate<M> {
    fn from(w: NestedWrite<M>) -> Self {
        NestedUpdate { op: w.op }
    }
}

impl<M, C> From<Link<M, C>> for NestedWrite<M> {
    fn from(l: Link<M, C>) -> Self {
        NestedWrite { op: l.op }
    }
}

impl<M, C> From<Link<M, C>> for NestedUpdate<M> {
    fn from(l: Link<M, C>) -> Self {
        NestedUpdate { op: l.op }
    }
}

/// The data of an `update`: columns to set and nested writes in relation fields. A
/// `Vec<Set<M>>` converts into it, so `update(unique, vec![…])` keeps working.
pub struct UpdateData<M> {
    pub(crate) sets: Vec<Set<M>>,
    pub(crate) nested: Vec<Arc<dyn Op<M>>>,
}

impl<M> Default for UpdateData<M> {
    fn default() -> Self {
        UpdateData {
            sets: Vec::new(),
            nested: Vec::new(),
        }
    }
}

impl<M> Clone for UpdateData<M> {
    fn clone(&self) -> Self {
        UpdateData {
            sets: clone_sets(&self.sets),
            nested: self.nested.clone(),
        }
    }
}

fn clone_sets<M>(sets: &[Set<M>]) -> Vec<Set<M>> {
    sets.iter()
        .map(|s| Set::new(s.column, s.expr.clone()))
        .collect()
}

impl<M> std::fmt::Debug for UpdateData<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sets: Vec<_> = self.sets.iter().map(|s| (s.column, &s.expr)).collect();
        f.debug_struct("UpdateData")
            .field("sets", &sets)
            .field("nested", &self.nested.len())
            .finish()
    }
}

impl<M> From<Vec<Set<M>>> for UpdateData<M> {
    fn from(sets: Vec<Set<M>>) -> Self {
        UpdateData {
            sets,
            nested: Vec::new(),
        }
    }
}

impl<M> UpdateData<M> {
    /// No change yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a column (`user::name().set("x")`, `activity::points().increment(1)`).
    pub fn set(mut self, set: Set<M>) -> Self {
        self.sets.push(set);
        self
    }

    /// Adds a nested write in a relation field (`user::actions::connect([…])`).
    pub fn with(mut self, write: impl Into<NestedUpdate<M>>) -> Self {
        self.nested.push(write.into().op);
        self
    }
}

impl<M> CreateData<M> {
    /// Adds a nested write in a relation field (`user::actions::create([…])`,
    /// `action::user::connect(…)`), run in the same transaction.
    pub fn with(mut self, write: impl Into<NestedWrite<M>>) -> Self {
        self.nested.push(write.into().op);
        self
    }
}

/// What one nested write does, on related records of type `C`.
enum Kind<C> {
    Create(Vec<CreateData<C>>),
    CreateMany(Vec<CreateData<C>>, bool),
    Connect(Vec<Cond>),
    ConnectOrCreate(Vec<(Cond, CreateData<C>)>),
    /// To-one relations: one `Cond::True` (the connected record).
    Disconnect(Vec<Cond>),
    Set(Vec<Cond>),
    Update(Vec<(Cond, UpdateData<C>)>),
    UpdateMany(Vec<(Cond, Vec<Set<C>>)>),
    Upsert(Vec<(Cond, CreateData<C>, UpdateData<C>)>),
    Delete(Vec<Cond>),
    DeleteMany(Vec<Cond>),
}

struct RelOp<P: 'static, C: 'static> {
    info: &'static RelationInfo<P, C>,
    kind: Kind<C>,
}

impl<P: Model, C: Model> RelationInfo<P, C> {
    fn op(&'static self, kind: Kind<C>) -> Arc<dyn Op<P>> {
        Arc::new(RelOp { info: self, kind })
    }

    /// `create: [...]` (lists) or `create: {...}` (the side without the foreign key).
    pub fn create(&'static self, data: Vec<CreateData<C>>) -> NestedWrite<P>
    where
        C: Creatable,
    {
        NestedWrite {
            op: self.op(Kind::Create(data)),
        }
    }

    /// `createMany: { data, skipDuplicates }` (one-to-many lists).
    pub fn create_many(
        &'static self,
        data: Vec<CreateData<C>>,
        skip_duplicates: bool,
    ) -> NestedWrite<P>
    where
        C: Creatable,
    {
        NestedWrite {
            op: self.op(Kind::CreateMany(data, skip_duplicates)),
        }
    }

    /// `connect: [...]` (lists) or `connect: {...}` (the side without the foreign key).
    pub fn connect(&'static self, records: Vec<Unique<C>>) -> NestedWrite<P> {
        NestedWrite {
            op: self.op(Kind::Connect(records.into_iter().map(|u| u.cond).collect())),
        }
    }

    /// `connectOrCreate: [{ where, create }]`.
    pub fn connect_or_create(
        &'static self,
        pairs: Vec<(Unique<C>, CreateData<C>)>,
    ) -> NestedWrite<P>
    where
        C: Creatable,
    {
        NestedWrite {
            op: self.op(Kind::ConnectOrCreate(
                pairs.into_iter().map(|(u, d)| (u.cond, d)).collect(),
            )),
        }
    }

    /// `create: {...}` on the side holding the foreign key.
    pub fn link_create(&'static self, data: CreateData<C>) -> Link<P, C>
    where
        C: Creatable,
    {
        Link {
            op: self.op(Kind::Create(vec![data])),
            _c: PhantomData,
        }
    }

    /// `connect: {...}` on the side holding the foreign key.
    pub fn link_connect(&'static self, record: Unique<C>) -> Link<P, C> {
        Link {
            op: self.op(Kind::Connect(vec![record.cond])),
            _c: PhantomData,
        }
    }

    /// `connectOrCreate: { where, create }` on the side holding the foreign key.
    pub fn link_connect_or_create(
        &'static self,
        record: Unique<C>,
        data: CreateData<C>,
    ) -> Link<P, C>
    where
        C: Creatable,
    {
        Link {
            op: self.op(Kind::ConnectOrCreate(vec![(record.cond, data)])),
            _c: PhantomData,
        }
    }

    fn update_op(&'static self, kind: Kind<C>) -> NestedUpdate<P> {
        NestedUpdate { op: self.op(kind) }
    }

    /// `disconnect: [...]` (lists).
    pub fn disconnect(&'static self, records: Vec<Unique<C>>) -> NestedUpdate<P> {
        self.update_op(Kind::Disconnect(
            records.into_iter().map(|u| u.cond).collect(),
        ))
    }

    /// `disconnect: true` (optional to-one relations).
    pub fn disconnect_one(&'static self) -> NestedUpdate<P> {
        self.update_op(Kind::Disconnect(vec![Cond::True]))
    }

    /// `set: [...]`: the list becomes exactly these records.
    pub fn set(&'static self, records: Vec<Unique<C>>) -> NestedUpdate<P> {
        self.update_op(Kind::Set(records.into_iter().map(|u| u.cond).collect()))
    }

    /// `update: { where, data }` (lists: `Some(where)`) or `update: data` (to-one: `None`).
    pub fn update(
        &'static self,
        record: Option<Unique<C>>,
        data: UpdateData<C>,
    ) -> NestedUpdate<P> {
        let cond = record.map_or(Cond::True, |u| u.cond);
        self.update_op(Kind::Update(vec![(cond, data)]))
    }

    /// `updateMany: { where, data }`.
    pub fn update_many(&'static self, filter: Filter<C>, data: Vec<Set<C>>) -> NestedUpdate<P> {
        self.update_op(Kind::UpdateMany(vec![(filter.cond, data)]))
    }

    /// `upsert: { where, create, update }` (lists: `Some(where)`; to-one: `None`).
    pub fn upsert(
        &'static self,
        record: Option<Unique<C>>,
        create: CreateData<C>,
        update: UpdateData<C>,
    ) -> NestedUpdate<P> {
        let cond = record.map_or(Cond::True, |u| u.cond);
        self.update_op(Kind::Upsert(vec![(cond, create, update)]))
    }

    /// `delete: [...]` (lists).
    pub fn delete(&'static self, records: Vec<Unique<C>>) -> NestedUpdate<P> {
        self.update_op(Kind::Delete(records.into_iter().map(|u| u.cond).collect()))
    }

    /// `delete: true` (optional to-one relations).
    pub fn delete_one(&'static self) -> NestedUpdate<P> {
        self.update_op(Kind::Delete(vec![Cond::True]))
    }

    /// `deleteMany: { where }`.
    pub fn delete_many(&'static self, filter: Filter<C>) -> NestedUpdate<P> {
        self.update_op(Kind::DeleteMany(vec![filter.cond]))
    }
}

// ---------------------------------------------------------------------------------------------
// Creating and updating a record with its nested writes.

/// Creates a record and runs its nested writes. The caller runs this in a transaction.
pub(crate) async fn create_record<M: Model>(
    exec: Exec<'_>,
    mut data: CreateData<M>,
    now: &Now,
) -> Result<M> {
    let nested = std::mem::take(&mut data.nested);
    for op in nested.iter().filter(|op| op.before_parent()) {
        for (column, value) in op.before(exec, None, now).await? {
            data.put(column, value);
        }
    }
    let record = insert_one(exec, data, now, false, true)
        .await?
        .ok_or_else(|| Error::InvalidQuery("INSERT … RETURNING returned no row".into()))?;
    for op in nested.iter().filter(|op| !op.before_parent()) {
        op.after(exec, &record, true, now).await?;
    }
    Ok(record)
}

/// Updates the record `filter` picks and runs the nested writes; `None` when there is none.
/// With nested writes the caller runs this in a transaction.
pub(crate) async fn update_record<M: Model>(
    exec: Exec<'_>,
    filter: Cond,
    data: UpdateData<M>,
    now: &Now,
) -> Result<Option<M>> {
    let dialect = exec.dialect();
    if data.nested.is_empty() {
        let update = Update {
            model: M::META,
            sets: with_updated_at(data.sets, now, dialect),
            filter,
            returning: true,
        };
        return crate::returning::update::<M>(exec, update).await;
    }
    let Some(current) = find_one::<M>(exec, filter).await? else {
        return Ok(None);
    };
    let mut sets = data.sets;
    for op in data.nested.iter().filter(|op| op.before_parent()) {
        for (column, value) in op.before(exec, Some(&current), now).await? {
            sets.push(Set::new(column, SetExpr::Value(value)));
        }
    }
    let updated = if sets.is_empty() {
        current
    } else {
        let update = Update {
            model: M::META,
            sets: with_updated_at(sets, now, dialect),
            filter: record_cond(&current),
            returning: true,
        };
        crate::returning::update::<M>(exec, update)
            .await?
            .ok_or_else(|| {
                Error::not_found(format!(
                    "No record was found for an update on {}.",
                    M::META.name
                ))
            })?
    };
    for op in data.nested.iter().filter(|op| !op.before_parent()) {
        op.after(exec, &updated, false, now).await?;
    }
    Ok(Some(updated))
}

// ---------------------------------------------------------------------------------------------
// Helpers.

fn column_index(model: &ModelMeta, column: &str) -> Result<usize> {
    model
        .fields
        .iter()
        .position(|f| f.column == column)
        .ok_or_else(|| Error::InvalidQuery(format!("model {} has no column {column}", model.name)))
}

fn values_of<M: Model>(record: &M, columns: &[&str]) -> Result<Vec<Value>> {
    columns
        .iter()
        .map(|c| Ok(record.value(column_index(M::META, c)?)))
        .collect()
}

/// `c1 = v1 AND c2 = v2 …`; never true when a value is NULL (nothing is connected).
fn key_cond(columns: &[Col], values: &[Value]) -> Cond {
    if values.iter().any(Value::is_null) {
        return Cond::False;
    }
    Cond::And(
        columns
            .iter()
            .zip(values)
            .map(|(c, v)| Cond::Cmp(c, CmpOp::Eq, v.clone()))
            .collect(),
    )
}

/// The condition that picks exactly `record` (its primary key, or every column without one).
fn record_cond<M: Model>(record: &M) -> Cond {
    let fields: Vec<usize> = if M::META.primary_key.is_empty() {
        (0..M::META.fields.len()).collect()
    } else {
        M::META.primary_key.to_vec()
    };
    Cond::And(
        fields
            .into_iter()
            .map(|i| Cond::Cmp(M::META.fields[i].column, CmpOp::Eq, record.value(i)))
            .collect(),
    )
}

fn any(conds: &[Cond]) -> Cond {
    match conds {
        [one] => one.clone(),
        _ => Cond::Or(conds.to_vec()),
    }
}

async fn find_all<C: Model>(exec: Exec<'_>, filter: Cond) -> Result<Vec<C>> {
    let select = Select {
        filter,
        ..Select::all(C::META)
    };
    exec.query(&render::select(exec.dialect(), &select), C::from_row)
        .await
}

async fn find_one<C: Model>(exec: Exec<'_>, filter: Cond) -> Result<Option<C>> {
    let select = Select {
        filter,
        take: Some(1),
        ..Select::all(C::META)
    };
    Ok(exec
        .query(&render::select(exec.dialect(), &select), C::from_row)
        .await?
        .into_iter()
        .next())
}

/// `UPDATE C SET columns = values WHERE filter` (with `@updatedAt`), returning the count.
async fn set_columns<C: Model>(
    exec: Exec<'_>,
    filter: Cond,
    columns: &[Col],
    values: Vec<Value>,
    now: &Now,
) -> Result<u64> {
    let sets = columns
        .iter()
        .zip(values)
        .map(|(c, v)| Set::<C>::new(c, SetExpr::Value(v)))
        .collect();
    let sql = render::update(
        exec.dialect(),
        &Update {
            model: C::META,
            sets: with_updated_at(sets, now, exec.dialect()),
            filter,
            returning: false,
        },
    );
    exec.execute(&sql).await
}

async fn delete_where<C: Model>(exec: Exec<'_>, filter: Cond) -> Result<u64> {
    let sql = render::delete(
        exec.dialect(),
        &Delete {
            model: C::META,
            filter,
            returning: false,
        },
    );
    exec.execute(&sql).await
}

/// Adds a row to a many-to-many join table (nothing when it is there already).
async fn join_insert(exec: Exec<'_>, join: &JoinTable, this: Value, other: Value) -> Result<()> {
    let dialect = exec.dialect();
    let (start, end) = dialect.insert_skipping_duplicates();
    let mut text = String::from(start);
    dialect.push_table(&mut text, join.schema, join.table);
    text.push_str(" (");
    dialect.push_identifier(&mut text, join.this_column);
    text.push_str(", ");
    dialect.push_identifier(&mut text, join.other_column);
    text.push_str(&format!(
        ") VALUES ({}, {}){end}",
        dialect.placeholder(1),
        dialect.placeholder(2)
    ));
    exec.execute(&Sql {
        text,
        params: vec![this, other],
    })
    .await?;
    Ok(())
}

/// Removes the join rows of `this` (only those to `others` when given).
async fn join_delete(
    exec: Exec<'_>,
    join: &JoinTable,
    this: Value,
    others: Option<Vec<Value>>,
) -> Result<u64> {
    let dialect = exec.dialect();
    let mut text = String::from("DELETE FROM ");
    dialect.push_table(&mut text, join.schema, join.table);
    text.push_str(" WHERE ");
    dialect.push_identifier(&mut text, join.this_column);
    text.push_str(" = ");
    text.push_str(&dialect.placeholder(1));
    let mut params = vec![this];
    if let Some(others) = others {
        if others.is_empty() {
            return Ok(0);
        }
        text.push_str(" AND ");
        dialect.push_identifier(&mut text, join.other_column);
        text.push_str(" IN (");
        for (i, v) in others.into_iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            params.push(v);
            text.push_str(&dialect.placeholder(params.len()));
        }
        text.push(')');
    }
    exec.execute(&Sql { text, params }).await
}

// ---------------------------------------------------------------------------------------------
// The writes.

impl<P: Model, C: Model> RelOp<P, C> {
    fn meta(&self) -> &'static RelationMeta {
        self.info.meta
    }

    fn relation(&self) -> &'static str {
        self.info.relation_name
    }

    fn violation(&self) -> Error {
        let (a, b) = if self.meta().holds_foreign_key {
            (P::META.name, C::META.name)
        } else {
            (C::META.name, P::META.name)
        };
        Error::RelationViolation {
            relation: self.relation().to_owned(),
            model_a: a.to_owned(),
            model_b: b.to_owned(),
        }
    }

    fn not_connected(&self) -> Error {
        Error::RecordsNotConnected {
            relation: self.relation().to_owned(),
            parent: P::META.name.to_owned(),
            child: C::META.name.to_owned(),
        }
    }

    fn not_found(&self, what: &str) -> Error {
        Error::not_found(format!(
            "No '{}' record was found for a nested {what} on relation '{}'.",
            C::META.name,
            self.relation()
        ))
    }

    // --- The side holding the foreign key (to-one): before the parent's statement. ---

    /// The parent's foreign key pointing at `child`, after moving it away from any other
    /// parent record (one-to-one relations: the foreign key is unique).
    async fn link_to(
        &self,
        exec: Exec<'_>,
        current: Option<&P>,
        child: &C,
        now: &Now,
    ) -> Result<Vec<(Col, Value)>> {
        let meta = self.meta();
        let key = values_of(child, meta.to_columns)?;
        if !self.info.back_list {
            let mut others = key_cond(meta.from_columns, &key);
            if let Some(current) = current {
                others = others.and(Cond::Not(Box::new(record_cond(current))));
            }
            if find_one::<P>(exec, others.clone()).await?.is_some() {
                if self.info.required {
                    return Err(self.violation());
                }
                let nulls = vec![Value::Null; meta.from_columns.len()];
                set_columns::<P>(exec, others, meta.from_columns, nulls, now).await?;
            }
        }
        Ok(meta.from_columns.iter().copied().zip(key).collect())
    }

    fn connect_missing(&self, creating: bool) -> Error {
        let (p, c, rel) = (P::META.name, C::META.name, self.relation());
        Error::not_found(if self.info.back_list {
            format!(
                "No '{c}' record(s) (needed to inline the relation on '{p}' record(s)) was found for a nested connect on one-to-many relation '{rel}'."
            )
        } else if creating {
            format!(
                "No '{c}' record (needed to inline connect on create for '{p}' record) was found for a nested connect on one-to-one relation '{rel}'."
            )
        } else {
            format!(
                "No '{p}' record (needed to update inlined relation on '{c}') was found for a nested connect on one-to-one relation '{rel}'."
            )
        })
    }

    async fn run_before(
        &self,
        exec: Exec<'_>,
        current: Option<&P>,
        now: &Now,
    ) -> Result<Vec<(Col, Value)>> {
        let meta = self.meta();
        // What the parent points at now.
        let connected = match current {
            Some(p) => key_cond(meta.to_columns, &values_of(p, meta.from_columns)?),
            None => Cond::False,
        };
        let mut sets = Vec::new();
        match &self.kind {
            Kind::Create(data) => {
                for d in data {
                    let child = create_record::<C>(exec, d.clone(), now).await?;
                    sets = self.link_to(exec, current, &child, now).await?;
                }
            }
            Kind::Connect(conds) => {
                for cond in conds {
                    let child = find_one::<C>(exec, cond.clone())
                        .await?
                        .ok_or_else(|| self.connect_missing(current.is_none()))?;
                    sets = self.link_to(exec, current, &child, now).await?;
                }
            }
            Kind::ConnectOrCreate(pairs) => {
                for (cond, d) in pairs {
                    let child = match find_one::<C>(exec, cond.clone()).await? {
                        Some(c) => c,
                        None => create_record::<C>(exec, d.clone(), now).await?,
                    };
                    sets = self.link_to(exec, current, &child, now).await?;
                }
            }
            Kind::Disconnect(_) => {
                if self.info.required || self.info.back_required {
                    return Err(self.violation());
                }
                sets = meta
                    .from_columns
                    .iter()
                    .map(|c| (*c, Value::Null))
                    .collect();
            }
            Kind::Update(pairs) => {
                for (cond, data) in pairs {
                    let filter = connected.clone().and(cond.clone());
                    update_record::<C>(exec, filter, data.clone(), now)
                        .await?
                        .ok_or_else(|| self.not_found("update"))?;
                }
            }
            Kind::Upsert(triples) => {
                for (cond, create, update) in triples {
                    let filter = connected.clone().and(cond.clone());
                    if update_record::<C>(exec, filter, update.clone(), now)
                        .await?
                        .is_none()
                    {
                        let child = create_record::<C>(exec, create.clone(), now).await?;
                        sets = self.link_to(exec, current, &child, now).await?;
                    }
                }
            }
            Kind::Delete(conds) => {
                if self.info.required {
                    return Err(self.violation());
                }
                for cond in conds {
                    let filter = connected.clone().and(cond.clone());
                    let Some(child) = find_one::<C>(exec, filter).await? else {
                        return Err(self.not_found("delete"));
                    };
                    // Unlink first, so that the delete does not depend on the foreign key's
                    // ON DELETE action.
                    if let Some(p) = current {
                        let nulls = vec![Value::Null; meta.from_columns.len()];
                        set_columns::<P>(exec, record_cond(p), meta.from_columns, nulls, now)
                            .await?;
                    }
                    delete_where::<C>(exec, record_cond(&child)).await?;
                    sets = meta
                        .from_columns
                        .iter()
                        .map(|c| (*c, Value::Null))
                        .collect();
                }
            }
            Kind::CreateMany(..) | Kind::Set(_) | Kind::UpdateMany(_) | Kind::DeleteMany(_) => {
                return Err(Error::InvalidQuery(format!(
                    "`{}` is a to-one relation: createMany, set, updateMany and deleteMany apply to lists",
                    meta.name
                )));
            }
        }
        Ok(sets)
    }

    // --- The other side (lists, the back side of 1:1, many-to-many): after the parent. ---

    /// The condition matching the records connected to `parent`.
    async fn connected(&self, exec: Exec<'_>, parent: &P, key: &[Value]) -> Result<Cond> {
        let meta = self.meta();
        match &meta.join {
            None => Ok(key_cond(meta.to_columns, key)),
            Some(join) => {
                let to = meta.to_columns[0];
                let sql = render::select_through_join(
                    exec.dialect(),
                    &Select::all(C::META),
                    join,
                    to,
                    vec![key[0].clone()],
                );
                let index = column_index(C::META, to)?;
                let ids = exec
                    .query(&sql, |row| {
                        let _key: Value = row.read()?;
                        Ok(C::from_row(row)?.value(index))
                    })
                    .await?;
                let _ = parent;
                Ok(Cond::In(to, ids, false))
            }
        }
    }

    /// Connects `child` (the back side of a one-to-one relation): the record connected
    /// before is disconnected, which a required foreign key refuses (P2014).
    async fn connect_one_to_one(
        &self,
        exec: Exec<'_>,
        parent: &P,
        key: &[Value],
        child: &C,
        created: bool,
        now: &Now,
    ) -> Result<()> {
        let meta = self.meta();
        let this = record_cond(child);
        if !created {
            self.displace_one_to_one(exec, parent, key, Some(this.clone()), now)
                .await?;
        }
        set_columns::<C>(exec, this, meta.to_columns, key.to_vec(), now).await?;
        Ok(())
    }

    /// Disconnects the record connected to `parent` on the back side of a one-to-one
    /// relation (except `keep`); P2014 when its foreign key is required.
    async fn displace_one_to_one(
        &self,
        exec: Exec<'_>,
        parent: &P,
        key: &[Value],
        keep: Option<Cond>,
        now: &Now,
    ) -> Result<()> {
        let meta = self.meta();
        let mut existing = self.connected(exec, parent, key).await?;
        if let Some(keep) = keep {
            existing = existing.and(Cond::Not(Box::new(keep)));
        }
        if find_one::<C>(exec, existing.clone()).await?.is_some() {
            if self.info.back_required {
                return Err(self.violation());
            }
            let nulls = vec![Value::Null; meta.to_columns.len()];
            set_columns::<C>(exec, existing, meta.to_columns, nulls, now).await?;
        }
        Ok(())
    }

    /// Creates a record connected to `parent`.
    async fn create_connected(
        &self,
        exec: Exec<'_>,
        parent: &P,
        key: &[Value],
        data: CreateData<C>,
        created: bool,
        now: &Now,
    ) -> Result<()> {
        let meta = self.meta();
        match &meta.join {
            None => {
                if !meta.list && !created {
                    self.displace_one_to_one(exec, parent, key, None, now)
                        .await?;
                }
                let mut data = data;
                for (col, v) in meta.to_columns.iter().zip(key) {
                    data.put(col, v.clone());
                }
                create_record::<C>(exec, data, now).await?;
            }
            Some(join) => {
                let child = create_record::<C>(exec, data, now).await?;
                let other = child.value(column_index(C::META, meta.to_columns[0])?);
                join_insert(exec, join, key[0].clone(), other).await?;
            }
        }
        Ok(())
    }

    /// Connects the records `conds` pick (each must exist).
    async fn connect_all(
        &self,
        exec: Exec<'_>,
        parent: &P,
        key: &[Value],
        conds: &[Cond],
        created: bool,
        now: &Now,
    ) -> Result<()> {
        // The same record named twice is connected once, as in Prisma.
        let mut distinct: Vec<Cond> = Vec::with_capacity(conds.len());
        for cond in conds {
            if !distinct.contains(cond) {
                distinct.push(cond.clone());
            }
        }
        let conds = &distinct[..];
        if conds.is_empty() {
            return Ok(());
        }
        let meta = self.meta();
        let expected = conds.len();
        match &meta.join {
            Some(join) => {
                let children = find_all::<C>(exec, any(conds)).await?;
                if children.len() < expected {
                    return Err(Error::not_found(format!(
                        "Expected {expected} records to be connected, found only {}.",
                        children.len()
                    )));
                }
                let index = column_index(C::META, meta.to_columns[0])?;
                for child in &children {
                    join_insert(exec, join, key[0].clone(), child.value(index)).await?;
                }
            }
            None if meta.list => {
                let n =
                    set_columns::<C>(exec, any(conds), meta.to_columns, key.to_vec(), now).await?;
                if n as usize != expected {
                    return Err(Error::not_found(format!(
                        "Expected {expected} records to be connected after connect operation on one-to-many relation '{}', found {n}.",
                        self.relation()
                    )));
                }
            }
            None => {
                for cond in conds {
                    let child = find_one::<C>(exec, cond.clone()).await?.ok_or_else(|| {
                        Error::not_found(format!(
                            "No '{}' record to connect was found for a nested connect on one-to-one relation '{}'.",
                            C::META.name,
                            self.relation()
                        ))
                    })?;
                    self.connect_one_to_one(exec, parent, key, &child, created, now)
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// Disconnects every connected record matching `filter`.
    async fn disconnect_where(
        &self,
        exec: Exec<'_>,
        parent: &P,
        key: &[Value],
        filter: Cond,
        now: &Now,
    ) -> Result<()> {
        let meta = self.meta();
        match &meta.join {
            Some(join) => {
                let index = column_index(C::META, meta.to_columns[0])?;
                let others = if filter == Cond::True {
                    None
                } else {
                    let connected = self.connected(exec, parent, key).await?;
                    Some(
                        find_all::<C>(exec, connected.and(filter))
                            .await?
                            .iter()
                            .map(|c| c.value(index))
                            .collect(),
                    )
                };
                join_delete(exec, join, key[0].clone(), others).await?;
            }
            None => {
                if self.info.back_required {
                    return Err(self.violation());
                }
                let connected = self.connected(exec, parent, key).await?;
                let nulls = vec![Value::Null; meta.to_columns.len()];
                set_columns::<C>(exec, connected.and(filter), meta.to_columns, nulls, now).await?;
            }
        }
        Ok(())
    }

    async fn run_after(&self, exec: Exec<'_>, parent: &P, created: bool, now: &Now) -> Result<()> {
        let meta = self.meta();
        let key = values_of(parent, meta.from_columns)?;
        match &self.kind {
            Kind::Create(data) => {
                for d in data {
                    self.create_connected(exec, parent, &key, d.clone(), created, now)
                        .await?;
                }
            }
            Kind::CreateMany(data, skip) => {
                if meta.join.is_some() {
                    return Err(Error::InvalidQuery(format!(
                        "createMany is not available on the many-to-many relation `{}`",
                        meta.name
                    )));
                }
                for d in data {
                    if !d.nested.is_empty() {
                        return Err(Error::InvalidQuery(
                            "createMany data cannot hold nested writes (as in Prisma)".into(),
                        ));
                    }
                    let mut d = d.clone();
                    for (col, v) in meta.to_columns.iter().zip(&key) {
                        d.put(col, v.clone());
                    }
                    insert_one(exec, d, now, *skip, false).await?;
                }
            }
            Kind::Connect(conds) => {
                self.connect_all(exec, parent, &key, conds, created, now)
                    .await?;
            }
            Kind::ConnectOrCreate(pairs) => {
                for (cond, d) in pairs {
                    match find_one::<C>(exec, cond.clone()).await? {
                        Some(child) if meta.join.is_none() && !meta.list => {
                            self.connect_one_to_one(exec, parent, &key, &child, created, now)
                                .await?;
                        }
                        Some(child) => {
                            self.connect_all(
                                exec,
                                parent,
                                &key,
                                &[record_cond(&child)],
                                created,
                                now,
                            )
                            .await?;
                        }
                        None => {
                            self.create_connected(exec, parent, &key, d.clone(), created, now)
                                .await?;
                        }
                    }
                }
            }
            Kind::Disconnect(conds) => {
                if conds.is_empty() {
                    return Ok(());
                }
                self.disconnect_where(exec, parent, &key, any(conds), now)
                    .await?;
            }
            Kind::Set(conds) => {
                self.disconnect_where(exec, parent, &key, Cond::True, now)
                    .await?;
                self.connect_all(exec, parent, &key, conds, created, now)
                    .await?;
            }
            Kind::Update(pairs) => {
                for (cond, data) in pairs {
                    let connected = self.connected(exec, parent, &key).await?;
                    update_record::<C>(exec, connected.and(cond.clone()), data.clone(), now)
                        .await?
                        .ok_or_else(|| self.not_found("update"))?;
                }
            }
            Kind::UpdateMany(pairs) => {
                for (cond, sets) in pairs {
                    let connected = self.connected(exec, parent, &key).await?;
                    let sql = render::update(
                        exec.dialect(),
                        &Update {
                            model: C::META,
                            sets: with_updated_at(clone_sets(sets), now, exec.dialect()),
                            filter: connected.and(cond.clone()),
                            returning: false,
                        },
                    );
                    exec.execute(&sql).await?;
                }
            }
            Kind::Upsert(triples) => {
                for (cond, create, update) in triples {
                    let connected = self.connected(exec, parent, &key).await?;
                    let updated =
                        update_record::<C>(exec, connected.and(cond.clone()), update.clone(), now)
                            .await?;
                    if updated.is_none() {
                        self.create_connected(exec, parent, &key, create.clone(), created, now)
                            .await?;
                    }
                }
            }
            Kind::Delete(conds) => {
                let connected = self.connected(exec, parent, &key).await?;
                if meta.list {
                    let found = find_all::<C>(exec, connected.and(any(conds))).await?;
                    if found.len() != conds.len() {
                        return Err(self.not_connected());
                    }
                    for child in &found {
                        delete_where::<C>(exec, record_cond(child)).await?;
                    }
                } else if delete_where::<C>(exec, connected).await? == 0 {
                    return Err(self.not_found("delete"));
                }
            }
            Kind::DeleteMany(conds) => {
                for cond in conds {
                    let connected = self.connected(exec, parent, &key).await?;
                    delete_where::<C>(exec, connected.and(cond.clone())).await?;
                }
            }
        }
        Ok(())
    }
}

impl<P: Model, C: Model> Op<P> for RelOp<P, C> {
    fn before_parent(&self) -> bool {
        self.meta().holds_foreign_key
    }

    fn before<'a>(
        &'a self,
        exec: Exec<'a>,
        current: Option<&'a P>,
        now: &'a Now,
    ) -> BoxFuture<'a, Vec<(Col, Value)>> {
        Box::pin(self.run_before(exec, current, now))
    }

    fn after<'a>(
        &'a self,
        exec: Exec<'a>,
        parent: &'a P,
        created: bool,
        now: &'a Now,
    ) -> BoxFuture<'a, ()> {
        Box::pin(self.run_after(exec, parent, created, now))
    }
}
