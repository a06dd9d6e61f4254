//! Prisma Client's operations on one model: `find_many`, `create`, `update`, … Each returns a
//! builder; `exec().await` runs it.

mod aggregate;
mod create;
mod find;
mod update;

pub use aggregate::{AggregateQuery, AggregateRow, Count, GroupBy};
pub use create::{Create, CreateMany};
pub(crate) use create::{create_one, insert_returning, refuse_nested};
pub(crate) use find::first_action;
pub use find::{FindFirst, FindMany};
pub use update::{DeleteMany, DeleteOne, UpdateMany, UpdateOne, Upsert};
pub(crate) use update::{update_one, upsert_with};

use std::marker::PhantomData;

use crate::client::Exec;
use crate::query::{Cond, Select};
use crate::typed::{Creatable, Field, Filter, Model, Set, Unique, Writable};
use crate::write::{CreateData, UpdateData};

/// The operations on model `M`, run on a client or a transaction (`client.user()`).
pub struct Delegate<'a, M> {
    exec: Exec<'a>,
    _m: PhantomData<fn() -> M>,
}

impl<'a, M: Model> Delegate<'a, M> {
    /// The operations of `M` on `exec` (generated accessors call this).
    pub fn new(exec: Exec<'a>) -> Self {
        Delegate {
            exec,
            _m: PhantomData,
        }
    }

    /// `findMany`.
    pub fn find_many(&self) -> FindMany<'a, M> {
        self.filtered(Cond::True)
    }

    /// A `findMany` whose filter is `filter` (for the finds of one record: no AND with an
    /// empty filter to build first).
    fn filtered(&self, filter: Cond) -> FindMany<'a, M> {
        FindMany {
            exec: self.exec,
            select: Select {
                filter,
                ..Select::all(M::META)
            },
            includes: Vec::new(),
            distinct: Vec::new(),
            strategy: None,
        }
    }

    /// `findFirst`: the first record matching `filter` in the order asked.
    pub fn find_first(&self, filter: impl Into<Filter<M>>) -> FindFirst<'a, M> {
        FindFirst {
            inner: self.filtered(filter.into().cond),
            throw: None,
            unique: false,
        }
    }

    /// `findFirstOrThrow`.
    pub fn find_first_or_throw(&self, filter: impl Into<Filter<M>>) -> FindFirst<'a, M> {
        FindFirst {
            inner: self.filtered(filter.into().cond),
            throw: Some("findFirstOrThrow"),
            unique: false,
        }
    }

    /// `findUnique`.
    pub fn find_unique(&self, unique: Unique<M>) -> FindFirst<'a, M> {
        FindFirst {
            inner: self.filtered(unique.cond),
            throw: None,
            unique: true,
        }
    }

    /// `findUniqueOrThrow`.
    pub fn find_unique_or_throw(&self, unique: Unique<M>) -> FindFirst<'a, M> {
        FindFirst {
            inner: self.filtered(unique.cond),
            throw: Some("findUniqueOrThrow"),
            unique: true,
        }
    }
}

/// The operations that create records: on models with no required `Unsupported` field.
impl<'a, M: Creatable> Delegate<'a, M> {
    /// `create`.
    pub fn create(&self, data: CreateData<M>) -> Create<'a, M> {
        Create {
            exec: self.exec,
            data,
            includes: Vec::new(),
            strategy: None,
        }
    }

    /// `createMany`.
    pub fn create_many(&self, data: Vec<CreateData<M>>) -> CreateMany<'a, M> {
        CreateMany {
            exec: self.exec,
            data,
            skip_duplicates: false,
            includes: Vec::new(),
        }
    }

    /// `upsert`: updates the record `unique` picks, or creates one.
    pub fn upsert(
        &self,
        unique: Unique<M>,
        create: CreateData<M>,
        update: impl Into<UpdateData<M>>,
    ) -> Upsert<'a, M> {
        Upsert {
            exec: self.exec,
            filter: unique.cond,
            create,
            update: update.into(),
        }
    }
}

/// The write operations: on models, never on views.
impl<'a, M: Writable> Delegate<'a, M> {
    /// `update` of the record `unique` picks; P2025 when there is none.
    pub fn update(&self, unique: Unique<M>, data: impl Into<UpdateData<M>>) -> UpdateOne<'a, M> {
        UpdateOne {
            exec: self.exec,
            filter: unique.cond,
            data: data.into(),
            includes: Vec::new(),
            strategy: None,
        }
    }

    /// `updateMany`: returns the number of records updated.
    pub fn update_many(
        &self,
        filter: impl Into<Filter<M>>,
        data: Vec<Set<M>>,
    ) -> UpdateMany<'a, M> {
        UpdateMany {
            exec: self.exec,
            filter: filter.into().cond,
            data,
            limit: None,
            includes: Vec::new(),
        }
    }

    /// `delete` of the record `unique` picks; P2025 when there is none.
    pub fn delete(&self, unique: Unique<M>) -> DeleteOne<'a, M> {
        DeleteOne {
            exec: self.exec,
            filter: unique.cond,
            _m: PhantomData,
        }
    }

    /// `deleteMany`: returns the number of records deleted.
    pub fn delete_many(&self, filter: impl Into<Filter<M>>) -> DeleteMany<'a, M> {
        DeleteMany {
            exec: self.exec,
            filter: filter.into().cond,
            limit: None,
            _m: PhantomData,
        }
    }
}

impl<'a, M: Model> Delegate<'a, M> {
    /// `count`.
    pub fn count(&self) -> Count<'a, M> {
        Count {
            inner: self.find_many(),
        }
    }

    /// `aggregate`.
    pub fn aggregate(&self) -> AggregateQuery<'a, M> {
        AggregateQuery {
            inner: self.find_many(),
            aggregates: Vec::new(),
        }
    }

    /// `groupBy` on the given fields (their indexes in `M::META.fields`).
    pub fn group_by<T>(&self, by: impl IntoIterator<Item = Field<M, T>>) -> GroupBy<'a, M> {
        GroupBy {
            inner: self.find_many(),
            by: by.into_iter().map(|f| f.column).collect(),
            having: Cond::True,
            aggregates: Vec::new(),
            refused: None,
        }
    }
}
