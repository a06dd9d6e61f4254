//! The handles of the compact generated client (the generator's `compact` option,
//! docs/decisions/0038-compact-generated-client.md), written once here where the default client
//! generates one function per field, per relation and per nested write.
//!
//! In the compact form the record struct is generic in every field's slot, relations included
//! (`User<_P0 = i32, …, _R0 = Related<Vec<Post>>>`), and the model's handles are that struct with
//! handle types in its slots: `user::fields()` is a `User<Field<User, i32>, …, Relation<User,
//! Post>>`, `user::select()` holds [`Pick`]s and [`RelationPick`]s, `user::omit()`
//! [`OmitMarker`]s, `user::include()` [`RelationLoad`]s, `user::write()` the nested writes of
//! each relation ([`ManyWrites`], [`OwnerWrites`], [`BackWrites`]). One generic impl per model
//! ([`Handles`]) fills any such struct through [`FieldSlot`] and [`RelationSlot`], so the
//! generated code is a type alias per kind of handle, not an item per field. Which nested writes
//! a relation allows is in its handle's type (the [`Yes`] / [`No`] markers), so that a write
//! the relation does not allow does not compile, as in the default client.

use std::marker::PhantomData;

use crate::include::{Assign, RelationLoad};
use crate::meta::{FieldMeta, RelationMeta};
use crate::nested::{Link, NestedUpdate, NestedWrite, RelationInfo};
use crate::related::Related;
use crate::select::{Pick, RelationSelect, Selection};
use crate::shape::{OmitMarker, Omitted};
use crate::typed::{Creatable, DatePart, Field, Filter, Model, Relation, Set, Unique, UniqueField};
use crate::value::Value;
use crate::write::{CreateData, UpdateData};

/// A model's struct with handles in its slots (generated: one generic impl per model).
pub trait Handles {
    /// Fills every slot with its handle.
    fn handles() -> Self;
}

/// What a scalar field's slot of [`Handles`] may hold: a handle built from the field's
/// description and position.
pub trait FieldSlot<M>: Sized {
    /// The handle of field number `index`, described by `field`, whose native type holds
    /// `part` of a `DateTime`.
    fn at(field: &'static FieldMeta, index: usize, part: DatePart) -> Self;
}

impl<M, T> FieldSlot<M> for Field<M, T> {
    #[inline]
    fn at(field: &'static FieldMeta, index: usize, part: DatePart) -> Self {
        Field::of_meta(field, index, part)
    }
}

impl<M, T: Into<Value>> FieldSlot<M> for UniqueField<M, T> {
    #[inline]
    fn at(field: &'static FieldMeta, index: usize, part: DatePart) -> Self {
        UniqueField(Field::of_meta(field, index, part))
    }
}

impl<M, T> FieldSlot<M> for Pick<M, T> {
    #[inline]
    fn at(field: &'static FieldMeta, _: usize, _: DatePart) -> Self {
        Pick::new(field.column)
    }
}

impl<M, I> FieldSlot<M> for OmitMarker<M, I> {
    #[inline]
    fn at(_: &'static FieldMeta, _: usize, _: DatePart) -> Self {
        OmitMarker::NEW
    }
}

impl<M> FieldSlot<M> for Omitted {
    #[inline]
    fn at(_: &'static FieldMeta, _: usize, _: DatePart) -> Self {
        Omitted
    }
}

/// What a relation's slot of [`Handles`] may hold: a handle built from the relation's two
/// statics and the way included records are put into the parent.
pub trait RelationSlot<P: 'static, C: 'static>: Sized {
    /// The handle of the relation `meta` and `info` describe.
    fn at(
        meta: &'static RelationMeta,
        info: &'static RelationInfo<P, C>,
        assign: Assign<P, C>,
    ) -> Self;
}

impl<P: 'static, C: 'static, T: Default> RelationSlot<P, C> for Related<T> {
    #[inline]
    fn at(_: &'static RelationMeta, _: &'static RelationInfo<P, C>, _: Assign<P, C>) -> Self {
        Related::default()
    }
}

impl<P: 'static, C: 'static> RelationSlot<P, C> for Omitted {
    #[inline]
    fn at(_: &'static RelationMeta, _: &'static RelationInfo<P, C>, _: Assign<P, C>) -> Self {
        Omitted
    }
}

impl<P: 'static, C: 'static> RelationSlot<P, C> for Relation<P, C> {
    #[inline]
    fn at(meta: &'static RelationMeta, _: &'static RelationInfo<P, C>, _: Assign<P, C>) -> Self {
        Relation::new(meta)
    }
}

impl<P: 'static, C: 'static, K> RelationSlot<P, C> for RelationPick<P, C, K> {
    #[inline]
    fn at(meta: &'static RelationMeta, _: &'static RelationInfo<P, C>, _: Assign<P, C>) -> Self {
        RelationPick::new(meta)
    }
}

impl<P: Model, C: Model> RelationSlot<P, C> for RelationLoad<P, C> {
    #[inline]
    fn at(
        meta: &'static RelationMeta,
        _: &'static RelationInfo<P, C>,
        assign: Assign<P, C>,
    ) -> Self {
        RelationLoad::new(meta, assign)
    }
}

/// The relation allows this kind of write.
#[derive(Debug, Clone, Copy)]
pub struct Yes;

/// The relation does not allow this kind of write.
#[derive(Debug, Clone, Copy)]
pub struct No;

/// A relation of `P` to `C` in a `select` (`user::select.posts`): `.with(selection)` says what
/// to read of each related record, as the default client's `user::select::posts(selection)`.
pub struct RelationPick<P, C, K> {
    meta: &'static RelationMeta,
    _m: Marker<P, C, K>,
}

/// The types a [`RelationPick`] is about: parent, child and cardinality.
type Marker<P, C, K> = PhantomData<fn() -> (P, C, K)>;

impl<P, C, K> Clone for RelationPick<P, C, K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P, C, K> Copy for RelationPick<P, C, K> {}

impl<P, C, K> RelationPick<P, C, K> {
    /// The relation described by `meta` (generated code calls this).
    pub const fn new(meta: &'static RelationMeta) -> Self {
        RelationPick {
            meta,
            _m: PhantomData,
        }
    }

    /// Selects the relation, each related record read as `selection` says (filter, order,
    /// skip and take then apply per record).
    pub fn with<S: Selection<C>>(self, selection: S) -> RelationSelect<P, C, S, K> {
        RelationSelect::new(self.meta, selection)
    }
}

/// The nested writes of a list relation (`user::posts`): `D` says whether `disconnect` and
/// `set` are allowed (not when the other side's foreign key is required), `M` whether
/// `create_many` is (not in a many-to-many relation).
pub struct ManyWrites<P: 'static, C: 'static, D, M> {
    info: &'static RelationInfo<P, C>,
    _m: PhantomData<fn() -> (D, M)>,
}

/// The nested writes of a to-one relation on the side holding the foreign key
/// (`post::author`): `D` says whether `disconnect` is allowed (an optional relation whose other
/// side is not required), `X` whether `delete` is (an optional relation).
pub struct OwnerWrites<P: 'static, C: 'static, D, X> {
    info: &'static RelationInfo<P, C>,
    _m: PhantomData<fn() -> (D, X)>,
}

/// The nested writes of a to-one relation on the side without the foreign key
/// (`user::profile`): `D` and `X` as for [`OwnerWrites`].
pub struct BackWrites<P: 'static, C: 'static, D, X> {
    info: &'static RelationInfo<P, C>,
    _m: PhantomData<fn() -> (D, X)>,
}

macro_rules! handle_impls {
    ($($ty:ident),*) => {$(
        impl<P, C, A, B> Clone for $ty<P, C, A, B> {
            fn clone(&self) -> Self {
                *self
            }
        }

        impl<P, C, A, B> Copy for $ty<P, C, A, B> {}

        impl<P, C, A, B> std::fmt::Debug for $ty<P, C, A, B> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({})", stringify!($ty), self.info.meta.name)
            }
        }

        impl<P, C, A, B> $ty<P, C, A, B> {
            /// The writes of the relation `info` describes (generated code calls this).
            pub const fn new(info: &'static RelationInfo<P, C>) -> Self {
                $ty { info, _m: PhantomData }
            }
        }
    )*};
}

handle_impls!(ManyWrites, OwnerWrites, BackWrites);

macro_rules! write_slots {
    ($($ty:ident),*) => {$(
        impl<P: 'static, C: 'static, A, B> RelationSlot<P, C> for $ty<P, C, A, B> {
            #[inline]
            fn at(_: &'static RelationMeta, info: &'static RelationInfo<P, C>, _: Assign<P, C>) -> Self {
                $ty::new(info)
            }
        }
    )*};
}

write_slots!(ManyWrites, OwnerWrites, BackWrites);

impl<P: Model, C: Model, D, M> ManyWrites<P, C, D, M> {
    /// `create: [...]`: creates connected records.
    pub fn create(self, data: impl IntoIterator<Item = CreateData<C>>) -> NestedWrite<P>
    where
        C: Creatable,
    {
        self.info.create(data)
    }

    /// `connect: [...]`: connects existing records (P2025 unless every one exists).
    pub fn connect(self, records: impl IntoIterator<Item = Unique<C>>) -> NestedWrite<P> {
        self.info.connect(records)
    }

    /// `connectOrCreate: [{ where, create }]`: connects each record, or creates it.
    pub fn connect_or_create(
        self,
        pairs: impl IntoIterator<Item = (Unique<C>, CreateData<C>)>,
    ) -> NestedWrite<P>
    where
        C: Creatable,
    {
        self.info.connect_or_create(pairs)
    }

    /// `update: { where, data }`: updates a connected record (P2025 when `record` is not
    /// connected).
    pub fn update(self, record: Unique<C>, data: impl Into<UpdateData<C>>) -> NestedUpdate<P> {
        self.info.update(Some(record), data)
    }

    /// `upsert: { where, create, update }`: updates the connected record `record` picks, or
    /// creates a connected one.
    pub fn upsert(
        self,
        record: Unique<C>,
        create: CreateData<C>,
        update: impl Into<UpdateData<C>>,
    ) -> NestedUpdate<P> {
        self.info.upsert(Some(record), create, update)
    }

    /// `updateMany: { where, data }`: updates the connected records matching `filter`.
    pub fn update_many(self, filter: impl Into<Filter<C>>, data: Vec<Set<C>>) -> NestedUpdate<P> {
        self.info.update_many(filter, data)
    }

    /// `delete: [...]`: deletes connected records (P2017 when one is not connected).
    pub fn delete(self, records: impl IntoIterator<Item = Unique<C>>) -> NestedUpdate<P> {
        self.info.delete(records)
    }

    /// `deleteMany: { where }`: deletes the connected records matching `filter`.
    pub fn delete_many(self, filter: impl Into<Filter<C>>) -> NestedUpdate<P> {
        self.info.delete_many(filter)
    }
}

impl<P: Model, C: Model, M> ManyWrites<P, C, Yes, M> {
    /// `disconnect: [...]`: disconnects these records.
    pub fn disconnect(self, records: impl IntoIterator<Item = Unique<C>>) -> NestedUpdate<P> {
        self.info.disconnect(records)
    }

    /// `set: [...]`: the connected records become exactly these.
    pub fn set(self, records: impl IntoIterator<Item = Unique<C>>) -> NestedUpdate<P> {
        self.info.set(records)
    }
}

impl<P: Model, C: Model, D> ManyWrites<P, C, D, Yes> {
    /// `createMany: { data, skipDuplicates }`: creates connected records (no nested writes
    /// inside).
    pub fn create_many(
        self,
        data: impl IntoIterator<Item = CreateData<C>>,
        skip_duplicates: bool,
    ) -> NestedWrite<P>
    where
        C: Creatable,
    {
        self.info.create_many(data, skip_duplicates)
    }
}

impl<P: Model, C: Model, D, X> OwnerWrites<P, C, D, X> {
    /// `create: {...}`: creates the related record and points this record at it.
    pub fn create(self, data: CreateData<C>) -> Link<P, C>
    where
        C: Creatable,
    {
        self.info.link_create(data)
    }

    /// `connect: {...}`: points this record at an existing record (P2025 when there is none).
    pub fn connect(self, record: Unique<C>) -> Link<P, C> {
        self.info.link_connect(record)
    }

    /// `connectOrCreate: { where, create }`: connects the record `record` picks, or creates it.
    pub fn connect_or_create(self, record: Unique<C>, data: CreateData<C>) -> Link<P, C>
    where
        C: Creatable,
    {
        self.info.link_connect_or_create(record, data)
    }

    /// `update: data`: updates the connected record (P2025 when there is none).
    pub fn update(self, data: impl Into<UpdateData<C>>) -> NestedUpdate<P> {
        self.info.update(None, data)
    }

    /// `upsert: { create, update }`: updates the connected record, or creates and connects one.
    pub fn upsert(
        self,
        create: CreateData<C>,
        update: impl Into<UpdateData<C>>,
    ) -> NestedUpdate<P> {
        self.info.upsert(None, create, update)
    }
}

impl<P: Model, C: Model, D, X> BackWrites<P, C, D, X> {
    /// `create: {...}`: creates the connected record.
    pub fn create(self, data: CreateData<C>) -> NestedWrite<P>
    where
        C: Creatable,
    {
        self.info.create([data])
    }

    /// `connect: {...}`: connects an existing record (P2025 when there is none).
    pub fn connect(self, record: Unique<C>) -> NestedWrite<P> {
        self.info.connect([record])
    }

    /// `connectOrCreate: { where, create }`: connects the record `record` picks, or creates it.
    pub fn connect_or_create(self, record: Unique<C>, data: CreateData<C>) -> NestedWrite<P>
    where
        C: Creatable,
    {
        self.info.connect_or_create([(record, data)])
    }

    /// `update: data`: updates the connected record (P2025 when there is none).
    pub fn update(self, data: impl Into<UpdateData<C>>) -> NestedUpdate<P> {
        self.info.update(None, data)
    }

    /// `upsert: { create, update }`: updates the connected record, or creates and connects one.
    pub fn upsert(
        self,
        create: CreateData<C>,
        update: impl Into<UpdateData<C>>,
    ) -> NestedUpdate<P> {
        self.info.upsert(None, create, update)
    }
}

macro_rules! to_one_detach {
    ($($ty:ident),*) => {$(
        impl<P: Model, C: Model, X> $ty<P, C, Yes, X> {
            /// `disconnect: true`: disconnects the connected record.
            pub fn disconnect(self) -> NestedUpdate<P> {
                self.info.disconnect_one()
            }
        }

        impl<P: Model, C: Model, D> $ty<P, C, D, Yes> {
            /// `delete: true`: deletes the connected record (P2025 when there is none).
            pub fn delete(self) -> NestedUpdate<P> {
                self.info.delete_one()
            }
        }
    )*};
}

to_one_detach!(OwnerWrites, BackWrites);
