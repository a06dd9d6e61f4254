//! The writes that return a selection (`create(…).select(…)`, …): the write, then its record
//! read back with the selection (`run.rs`), in one transaction; inside the `Around` hooks of
//! the model when it has any (`Around::selected`, decision 0036).

use super::run::{no_mixing, reselect, reselect_many, run_chosen};
#[allow(
    clippy::wildcard_imports,
    reason = "the selection machinery of the parent module"
)]
use super::*;
use crate::extension::{Arounds, HookFuture, OperationKind, Selected};
use crate::join::RelationLoadStrategy;
use crate::write::CreateData;

/// A write (`create`, `createManyAndReturn`, `update`, `upsert`, `delete`) whose result is
/// read with a selection.
pub struct SelectWrite<W, S> {
    write: W,
    selection: S,
    /// `relationLoadStrategy` of the read back (`create`, `update`, `upsert`, `delete`).
    strategy: Option<RelationLoadStrategy>,
}

/// `relationLoadStrategy` on the writes that read their record back with a selection, as
/// Prisma 7 takes it on `create`, `update`, `upsert` and `delete`.
macro_rules! write_strategy {
    ($($write:ident),*) => {$(
        impl<'a, M: Model, S: Selection<M>> SelectWrite<$write<'a, M>, S> {
            /// `relationLoadStrategy`: how the selected relations of the record written are
            /// read ([`RelationLoadStrategy`]; `Join`: in one statement with the record, on
            /// PostgreSQL).
            pub fn relation_load_strategy(mut self, strategy: RelationLoadStrategy) -> Self {
                self.strategy = Some(strategy);
                self
            }
        }
    )*};
}
write_strategy!(Create, UpdateOne, Upsert, DeleteOne);

/// `select` and `omit` on the writes that read their record(s) back: `$strategy` says whether
/// the write's own `relationLoadStrategy` carries into the selection (`carried`) or it has none
/// (`none`).
macro_rules! selection_forms {
    ($($write:ident, $strategy:ident, [$($select_doc:literal),*], [$($omit_doc:literal),*];)*) => {$(
        impl<'a, M: Model> $write<'a, M> {
            $(#[doc = $select_doc])*
            pub fn select<S: Selection<M>>(self, selection: S) -> SelectWrite<Self, S> {
                SelectWrite {
                    strategy: selection_forms!(@strategy $strategy, self),
                    write: self,
                    selection,
                }
            }
            $(#[doc = $omit_doc])*
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
    )*};
    (@strategy carried, $write:ident) => { $write.strategy };
    (@strategy none, $write:ident) => { None };
}
selection_forms! {
    Create, carried,
        ["`select` on the created record (read back in the same transaction)."],
        ["`omit` on the created record."];
    CreateMany, none,
        ["`select` on the records `createManyAndReturn` creates (read back in the same", "transaction); run with [`SelectWrite::exec_and_return`]."],
        ["`omit` on the records `createManyAndReturn` creates."];
    UpdateOne, carried,
        ["`select` on the updated record (read back in the same transaction)."],
        ["`omit` on the updated record."];
    Upsert, none,
        ["`select` on the record written (read back in the same transaction)."],
        ["`omit` on the record written."];
    DeleteOne, none,
        ["`select` on the deleted record (read before deleting it, in the same transaction)."],
        ["`omit` on the deleted record."];
}

impl<'a, M: Model, S: Selection<M>> SelectWrite<Create<'a, M>, S> {
    /// Runs it, returning the created record as selected.
    pub fn exec(self) -> impl Future<Output = Result<S::Output>> + 'a {
        self.write
            .exec
            .operation(Some(M::META.name), "create", move || self.work())
    }

    async fn work(self) -> Result<S::Output> {
        let SelectWrite {
            write,
            selection,
            strategy,
        } = self;
        no_mixing(write.includes.len())?;
        let (exec, mut data) = (write.exec, write.data);
        crate::extension::create_one(exec, &mut data)?;
        if let Some(arounds) = crate::extension::arounds::<M>(exec) {
            let hooked = create_around(arounds, exec, data, &selection, strategy);
            return hooked.await?.take();
        }
        create_selected(exec, data, &selection, strategy).await
    }
}

/// [`create_selected`] inside the `Around` hooks of `M` (`SelectCall::Create`). Not an
/// `async fn` (nor are the others below): the caller's future holds only the chain's, on the
/// heap.
fn create_around<'s, M: Model, S: Selection<M>>(
    arounds: Arounds<'s, M>,
    exec: Exec<'s>,
    data: CreateData<M>,
    selection: &'s S,
    strategy: Option<RelationLoadStrategy>,
) -> HookFuture<'s, Selected<'s>> {
    let work = move |args| {
        Box::pin(async move {
            let data = crate::extension::one_record(args)?;
            let created = create_selected(exec, data, selection, strategy).await;
            created.map(Selected::one)
        }) as _
    };
    arounds.selected(crate::extension::create_args(data), work)
}

/// `create` with a selection: the record created, then read back with it, in one
/// transaction.
fn create_selected<'x, M: Model, S: Selection<M>>(
    exec: Exec<'x>,
    data: CreateData<M>,
    selection: &'x S,
    strategy: Option<RelationLoadStrategy>,
) -> impl Future<Output = Result<S::Output>> + 'x {
    exec.atomically(async move |exec| {
        let created = crate::ops::create_one(exec, data, &[], strategy).await?;
        reselect(exec, &created, selection, strategy).await
    })
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
    pub fn exec_and_return(self) -> impl Future<Output = Result<Vec<S::Output>>> + 'a {
        self.write
            .exec
            .operation(Some(M::META.name), "createManyAndReturn", move || {
                self.work_and_return()
            })
    }

    async fn work_and_return(self) -> Result<Vec<S::Output>> {
        // Prisma's createManyAndReturn takes no relationLoadStrategy.
        let SelectWrite {
            write, selection, ..
        } = self;
        refuse_nested(&write.data)?;
        no_mixing(write.includes.len())?;
        let (exec, mut data, skip) = (write.exec, write.data, write.skip_duplicates);
        let op = OperationKind::CreateManyAndReturn;
        crate::extension::create(exec, op, &mut data)?;
        if let Some(arounds) = crate::extension::arounds::<M>(exec) {
            let args = crate::extension::create_many_args(op, data);
            let hooked = create_many_around(arounds, exec, args, skip, &selection);
            return hooked.await?.take();
        }
        refuse_nested(&data)?;
        create_many_selected(exec, data, skip, &selection).await
    }
}

/// [`create_many_selected`] inside the `Around` hooks of `M` (`SelectCall::Create`).
fn create_many_around<'s, M: Model, S: Selection<M>>(
    arounds: Arounds<'s, M>,
    exec: Exec<'s>,
    args: crate::CreateArgs<M>,
    skip: bool,
    selection: &'s S,
) -> HookFuture<'s, Selected<'s>> {
    let work = move |args: crate::CreateArgs<M>| {
        Box::pin(async move {
            refuse_nested(&args.data)?;
            let created = create_many_selected(exec, args.data, skip, selection).await;
            created.map(Selected::many)
        }) as _
    };
    arounds.selected(args, work)
}

/// `createManyAndReturn` with a selection: the records inserted, then read back with it, in
/// one transaction.
fn create_many_selected<'x, M: Model, S: Selection<M>>(
    exec: Exec<'x>,
    data: Vec<CreateData<M>>,
    skip: bool,
    selection: &'x S,
) -> impl Future<Output = Result<Vec<S::Output>>> + 'x {
    exec.atomically(async move |exec| {
        let created = insert_returning(exec, data, skip).await?;
        reselect_many(exec, &created, selection).await
    })
}

impl<'a, M: Model, S: Selection<M>> SelectWrite<UpdateOne<'a, M>, S> {
    /// Runs it, returning the updated record as selected; P2025 when no record matches.
    pub fn exec(self) -> impl Future<Output = Result<S::Output>> + 'a {
        self.write
            .exec
            .operation(Some(M::META.name), "update", move || self.work())
    }

    async fn work(self) -> Result<S::Output> {
        let SelectWrite {
            write,
            selection,
            strategy,
        } = self;
        no_mixing(write.includes.len())?;
        let (exec, mut filter, mut data) = (write.exec, write.filter, write.data);
        crate::extension::update::<M>(exec, OperationKind::Update, &mut filter, &mut data)?;
        if let Some(arounds) = crate::extension::arounds::<M>(exec) {
            let args = crate::extension::update_args(filter, data);
            let hooked = update_around(arounds, exec, args, &selection, strategy);
            return hooked.await?.take();
        }
        update_selected(exec, filter, data, &selection, strategy).await
    }
}

/// [`update_selected`] inside the `Around` hooks of `M` (`SelectCall::Update`).
fn update_around<'s, M: Model, S: Selection<M>>(
    arounds: Arounds<'s, M>,
    exec: Exec<'s>,
    args: crate::UpdateArgs<M>,
    selection: &'s S,
    strategy: Option<RelationLoadStrategy>,
) -> HookFuture<'s, Selected<'s>> {
    let work = move |args: crate::UpdateArgs<M>| {
        Box::pin(async move {
            let (filter, data) = (args.filter.cond, args.data);
            let updated = update_selected(exec, filter, data, selection, strategy).await;
            updated.map(Selected::one)
        }) as _
    };
    arounds.selected(args, work)
}

/// `update` with a selection: the record updated (P2025 when none matches), then read back
/// with it, in one transaction.
fn update_selected<'x, M: Model, S: Selection<M>>(
    exec: Exec<'x>,
    filter: Cond,
    data: crate::write::UpdateData<M>,
    selection: &'x S,
    strategy: Option<RelationLoadStrategy>,
) -> impl Future<Output = Result<S::Output>> + 'x {
    exec.atomically(async move |exec| {
        let updated = crate::ops::update_one(exec, filter, data, "an update").await?;
        reselect(exec, &updated, selection, strategy).await
    })
}

impl<'a, M: Model, S: Selection<M>> SelectWrite<Upsert<'a, M>, S> {
    /// Runs it, returning the record updated or created, as selected.
    pub fn exec(self) -> impl Future<Output = Result<S::Output>> + 'a {
        self.write
            .exec
            .operation(Some(M::META.name), "upsert", move || self.work())
    }

    async fn work(self) -> Result<S::Output> {
        let SelectWrite {
            write,
            selection,
            strategy,
        } = self;
        let Upsert {
            exec,
            mut filter,
            mut create,
            mut update,
        } = write;
        crate::extension::upsert::<M>(exec, &mut filter, &mut create, &mut update)?;
        if let Some(arounds) = crate::extension::arounds::<M>(exec) {
            let args = crate::extension::upsert_args(filter, create, update);
            let hooked = upsert_around(arounds, exec, args, &selection, strategy);
            return hooked.await?.take();
        }
        upsert_selected(exec, filter, create, update, &selection, strategy).await
    }
}

/// [`upsert_selected`] inside the `Around` hooks of `M` (`SelectCall::Upsert`).
fn upsert_around<'s, M: Model, S: Selection<M>>(
    arounds: Arounds<'s, M>,
    exec: Exec<'s>,
    args: crate::UpsertArgs<M>,
    selection: &'s S,
    strategy: Option<RelationLoadStrategy>,
) -> HookFuture<'s, Selected<'s>> {
    let work = move |args: crate::UpsertArgs<M>| {
        Box::pin(async move {
            let (filter, create, update) = (args.filter.cond, args.create, args.update);
            let written = upsert_selected(exec, filter, create, update, selection, strategy).await;
            written.map(Selected::one)
        }) as _
    };
    arounds.selected(args, work)
}

/// `upsert` with a selection: the record updated or created, then read back with it, in one
/// transaction.
fn upsert_selected<'x, M: Model, S: Selection<M>>(
    exec: Exec<'x>,
    filter: Cond,
    create: CreateData<M>,
    update: crate::write::UpdateData<M>,
    selection: &'x S,
    strategy: Option<RelationLoadStrategy>,
) -> impl Future<Output = Result<S::Output>> + 'x {
    exec.atomically(async move |exec| {
        let written = crate::ops::upsert_with(exec, filter, create, update).await?;
        reselect(exec, &written, selection, strategy).await
    })
}

impl<'a, M: Model, S: Selection<M>> SelectWrite<DeleteOne<'a, M>, S> {
    /// Runs it, returning the deleted record as selected; P2025 when no record matches.
    pub fn exec(self) -> impl Future<Output = Result<S::Output>> + 'a {
        self.write
            .exec
            .operation(Some(M::META.name), "delete", move || self.work())
    }

    async fn work(self) -> Result<S::Output> {
        let SelectWrite {
            write,
            selection,
            strategy,
        } = self;
        let (exec, mut filter) = (write.exec, write.filter);
        let op = OperationKind::Delete;
        let instead = crate::extension::delete::<M>(exec, op, &mut filter)?;
        if let Some(arounds) = crate::extension::arounds::<M>(exec) {
            let args = crate::extension::delete_args(op, filter, instead);
            let hooked = delete_around(arounds, exec, args, &selection, strategy);
            return hooked.await?.take();
        }
        delete_selected(exec, filter, instead, &selection, strategy).await
    }
}

/// [`delete_selected`] inside the `Around` hooks of `M` (`SelectCall::Delete`).
fn delete_around<'s, M: Model, S: Selection<M>>(
    arounds: Arounds<'s, M>,
    exec: Exec<'s>,
    args: crate::DeleteArgs<M>,
    selection: &'s S,
    strategy: Option<RelationLoadStrategy>,
) -> HookFuture<'s, Selected<'s>> {
    let work = move |args| {
        let (filter, instead) = crate::extension::delete_parts(args);
        Box::pin(async move {
            let deleted = delete_selected(exec, filter, instead, selection, strategy).await;
            deleted.map(Selected::one)
        }) as _
    };
    arounds.selected(args, work)
}

/// `delete` with a selection: the record read with it, then deleted, in one transaction; or,
/// when a `QueryHook` turned it into an update (`instead`, a soft delete), the record
/// updated, then read back with it.
fn delete_selected<'x, M: Model, S: Selection<M>>(
    exec: Exec<'x>,
    filter: Cond,
    instead: Option<Vec<crate::typed::Set<M>>>,
    selection: &'x S,
    strategy: Option<RelationLoadStrategy>,
) -> impl Future<Output = Result<S::Output>> + 'x {
    exec.atomically(async move |exec| {
        if let Some(sets) = instead {
            let data = sets.into();
            let updated = crate::ops::update_one(exec, filter, data, "a delete").await?;
            return reselect(exec, &updated, selection, strategy).await;
        }
        let mut select = Select::all(M::META);
        select.filter = filter.clone();
        select.take = Some(1);
        let found = run_chosen::<M, S>(exec, &select, &[], selection, strategy)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| {
                Error::not_found(format!(
                    "No record was found for a delete on {}.",
                    M::META.name
                ))
            })?;
        // `relationMode = "prisma"`: the referential actions first, as the plain `delete`.
        if crate::relation_mode::emulates(M::META) {
            crate::relation_mode::before_delete(exec, M::META, &filter).await?;
        }
        let sql = render::delete(
            exec.dialect(),
            &Delete {
                model: M::META,
                filter,
                returning: false,
            },
        )?;
        exec.execute(&sql).await?;
        Ok(found)
    })
}
