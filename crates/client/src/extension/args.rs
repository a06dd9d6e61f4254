//! The arguments a [`QueryHook`](super::QueryHook) sees: each operation's `where` and data,
//! typed by the model, as values it may read and change.

use crate::query::Cond;
use crate::typed::{Filter, Set};
use crate::write::{CreateData, UpdateData};

use super::OperationKind;

/// The arguments of a read (`findMany`, `findFirst`, `findUnique`, their `OrThrow` forms,
/// `count`, `aggregate`, `groupBy`, an `include`'s records).
#[derive(Debug, Clone)]
pub struct ReadArgs<M> {
    operation: OperationKind,
    /// The `where`: the records read match it. [`ReadArgs::filter`] adds to it.
    pub filter: Filter<M>,
}

impl<M> ReadArgs<M> {
    pub(super) fn new(operation: OperationKind, cond: Cond) -> Self {
        ReadArgs {
            operation,
            filter: Filter::new(cond),
        }
    }

    /// The operation.
    pub fn operation(&self) -> OperationKind {
        self.operation
    }

    /// Only records that also match `filter` are read (the `where` AND `filter`).
    pub fn filter(&mut self, filter: impl Into<Filter<M>>) {
        let before = std::mem::replace(&mut self.filter, Filter::all());
        self.filter = before.and(filter);
    }
}

/// The arguments of `create`, `createMany` and `createManyAndReturn`: one [`CreateData`] per
/// record (one for `create`).
#[derive(Debug, Clone)]
pub struct CreateArgs<M> {
    operation: OperationKind,
    /// The records to create.
    pub data: Vec<CreateData<M>>,
}

impl<M: crate::typed::Model> CreateArgs<M> {
    pub(super) fn new(operation: OperationKind, data: Vec<CreateData<M>>) -> Self {
        CreateArgs { operation, data }
    }

    /// The operation.
    pub fn operation(&self) -> OperationKind {
        self.operation
    }

    /// Sets a field of every record to create (replacing the value given, if any):
    /// `args.set_each(|| post::tenant_id().set(tenant))`.
    pub fn set_each(&mut self, set: impl Fn() -> Set<M>) {
        for data in &mut self.data {
            let before = std::mem::replace(data, CreateData::new(Vec::new()));
            *data = before.set(set());
        }
    }
}

/// The arguments of `update`, `updateMany` and `updateManyAndReturn`.
#[derive(Debug, Clone)]
pub struct UpdateArgs<M> {
    operation: OperationKind,
    /// The `where`: the records updated match it.
    pub filter: Filter<M>,
    /// The changes.
    pub data: UpdateData<M>,
}

impl<M> UpdateArgs<M> {
    pub(super) fn new(operation: OperationKind, cond: Cond, data: UpdateData<M>) -> Self {
        UpdateArgs {
            operation,
            filter: Filter::new(cond),
            data,
        }
    }

    /// The operation.
    pub fn operation(&self) -> OperationKind {
        self.operation
    }

    /// Only records that also match `filter` are updated.
    pub fn filter(&mut self, filter: impl Into<Filter<M>>) {
        let before = std::mem::replace(&mut self.filter, Filter::all());
        self.filter = before.and(filter);
    }

    /// Whether the update sets the field stored in `column` (`post::tenant_id().column`).
    pub fn sets(&self, column: &str) -> bool {
        self.data.sets.iter().any(|s| s.column == column)
    }
}

/// The arguments of `upsert`.
#[derive(Debug, Clone)]
pub struct UpsertArgs<M> {
    /// The `where` (a unique filter, with what hooks added).
    pub filter: Filter<M>,
    /// The record to create when none matches.
    pub create: CreateData<M>,
    /// The changes when one matches.
    pub update: UpdateData<M>,
}

impl<M: crate::typed::Model> UpsertArgs<M> {
    /// Sets a field of the record created when none matches (replacing the value given).
    pub fn set_on_create(&mut self, set: Set<M>) {
        let before = std::mem::replace(&mut self.create, CreateData::new(Vec::new()));
        self.create = before.set(set);
    }
}

impl<M> UpsertArgs<M> {
    pub(super) fn new(cond: Cond, create: CreateData<M>, update: UpdateData<M>) -> Self {
        UpsertArgs {
            filter: Filter::new(cond),
            create,
            update,
        }
    }

    /// The operation: [`OperationKind::Upsert`].
    pub fn operation(&self) -> OperationKind {
        OperationKind::Upsert
    }

    /// Only a record that also matches `filter` is updated (otherwise one is created).
    pub fn filter(&mut self, filter: impl Into<Filter<M>>) {
        let before = std::mem::replace(&mut self.filter, Filter::all());
        self.filter = before.and(filter);
    }
}

/// The arguments of `delete` and `deleteMany`.
#[derive(Debug, Clone)]
pub struct DeleteArgs<M> {
    operation: OperationKind,
    /// The `where`: the records deleted match it.
    pub filter: Filter<M>,
    pub(super) instead: Option<Vec<Set<M>>>,
}

impl<M> DeleteArgs<M> {
    pub(super) fn new(operation: OperationKind, cond: Cond) -> Self {
        DeleteArgs {
            operation,
            filter: Filter::new(cond),
            instead: None,
        }
    }

    /// The operation.
    pub fn operation(&self) -> OperationKind {
        self.operation
    }

    /// Only records that also match `filter` are deleted.
    pub fn filter(&mut self, filter: impl Into<Filter<M>>) {
        let before = std::mem::replace(&mut self.filter, Filter::all());
        self.filter = before.and(filter);
    }

    /// Updates the records with `data` instead of deleting them (a soft delete): `delete`
    /// then returns the record as updated (P2025 when none matches), `deleteMany` the number
    /// of records updated.
    pub fn update_instead(&mut self, data: Vec<Set<M>>) {
        self.instead = Some(data);
    }

    /// Whether a hook turned it into an update.
    pub fn is_update(&self) -> bool {
        self.instead.is_some()
    }
}
