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

use std::marker::PhantomData;
use std::sync::Arc;

use crate::client::Exec;
use crate::error::Error;
use crate::meta::RelationMeta;
use crate::query::{Col, Cond};
use crate::typed::{Creatable, Filter, Model, Set, Unique};
use crate::value::Value;
use crate::write::{BoxFuture, CreateData, Now, Op, UpdateData};

mod after;
mod before;
mod connect;
mod queries;
mod record;

pub(crate) use record::{create_record, update_record};

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

impl<M> UpdateData<M> {
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
    pub fn create(&'static self, data: impl IntoIterator<Item = CreateData<C>>) -> NestedWrite<P>
    where
        C: Creatable,
    {
        NestedWrite {
            op: self.op(Kind::Create(data.into_iter().collect())),
        }
    }

    /// `createMany: { data, skipDuplicates }` (one-to-many lists).
    pub fn create_many(
        &'static self,
        data: impl IntoIterator<Item = CreateData<C>>,
        skip_duplicates: bool,
    ) -> NestedWrite<P>
    where
        C: Creatable,
    {
        NestedWrite {
            op: self.op(Kind::CreateMany(
                data.into_iter().collect(),
                skip_duplicates,
            )),
        }
    }

    /// `connect: [...]` (lists) or `connect: {...}` (the side without the foreign key).
    pub fn connect(&'static self, records: impl IntoIterator<Item = Unique<C>>) -> NestedWrite<P> {
        NestedWrite {
            op: self.op(Kind::Connect(records.into_iter().map(|u| u.cond).collect())),
        }
    }

    /// `connectOrCreate: [{ where, create }]`.
    pub fn connect_or_create(
        &'static self,
        pairs: impl IntoIterator<Item = (Unique<C>, CreateData<C>)>,
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
    pub fn disconnect(
        &'static self,
        records: impl IntoIterator<Item = Unique<C>>,
    ) -> NestedUpdate<P> {
        self.update_op(Kind::Disconnect(
            records.into_iter().map(|u| u.cond).collect(),
        ))
    }

    /// `disconnect: true` (optional to-one relations).
    pub fn disconnect_one(&'static self) -> NestedUpdate<P> {
        self.update_op(Kind::Disconnect(vec![Cond::True]))
    }

    /// `set: [...]`: the list becomes exactly these records.
    pub fn set(&'static self, records: impl IntoIterator<Item = Unique<C>>) -> NestedUpdate<P> {
        self.update_op(Kind::Set(records.into_iter().map(|u| u.cond).collect()))
    }

    /// `update: { where, data }` (lists: `Some(where)`) or `update: data` (to-one: `None`).
    pub fn update(
        &'static self,
        record: Option<Unique<C>>,
        data: impl Into<UpdateData<C>>,
    ) -> NestedUpdate<P> {
        let cond = record.map_or(Cond::True, |u| u.cond);
        self.update_op(Kind::Update(vec![(cond, data.into())]))
    }

    /// `updateMany: { where, data }`.
    pub fn update_many(
        &'static self,
        filter: impl Into<Filter<C>>,
        data: Vec<Set<C>>,
    ) -> NestedUpdate<P> {
        self.update_op(Kind::UpdateMany(vec![(filter.into().cond, data)]))
    }

    /// `upsert: { where, create, update }` (lists: `Some(where)`; to-one: `None`).
    pub fn upsert(
        &'static self,
        record: Option<Unique<C>>,
        create: CreateData<C>,
        update: impl Into<UpdateData<C>>,
    ) -> NestedUpdate<P> {
        let cond = record.map_or(Cond::True, |u| u.cond);
        self.update_op(Kind::Upsert(vec![(cond, create, update.into())]))
    }

    /// `delete: [...]` (lists).
    pub fn delete(&'static self, records: impl IntoIterator<Item = Unique<C>>) -> NestedUpdate<P> {
        self.update_op(Kind::Delete(records.into_iter().map(|u| u.cond).collect()))
    }

    /// `delete: true` (optional to-one relations).
    pub fn delete_one(&'static self) -> NestedUpdate<P> {
        self.update_op(Kind::Delete(vec![Cond::True]))
    }

    /// `deleteMany: { where }`.
    pub fn delete_many(&'static self, filter: impl Into<Filter<C>>) -> NestedUpdate<P> {
        self.update_op(Kind::DeleteMany(vec![filter.into().cond]))
    }
}

// ---------------------------------------------------------------------------------------------
// The writes: what every write kind shares (its errors); the writes themselves are in `before`
// (the side holding the foreign key), `connect` and `after` (the other side).

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

    // --- The other side (lists, the back side of 1:1, many-to-many): after the parent. ---
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
        Box::pin(async move {
            let written = self.run_before(exec, current, now).await;
            written.map_err(|e| e.in_constraint_model(C::META.name))
        })
    }

    fn after<'a>(
        &'a self,
        exec: Exec<'a>,
        parent: &'a P,
        created: bool,
        now: &'a Now,
    ) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let written = self.run_after(exec, parent, created, now).await;
            written.map_err(|e| e.in_constraint_model(C::META.name))
        })
    }
}
