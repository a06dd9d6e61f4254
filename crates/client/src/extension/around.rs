//! Prisma's `query(args)` continuation: [`Around`] hooks, which run an operation themselves
//! (through [`Next`]), so they can act after it, change its result, run it again, or not at
//! all (decision 0032).
//!
//! An operation's `run` asks [`arounds`] whether `M` has any; without (no extension, or
//! none of them an `Around<M>`) it goes on as before: one `Option` test, no box, no dynamic
//! call. With some, the functions here chain them (the first registered outermost) around
//! the operation's own work, which each builder hands over as a closure.

use std::any::TypeId;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::OperationKind;
use super::args::{CreateArgs, DeleteArgs, ReadArgs, UpdateArgs, UpsertArgs};
use super::selected::{CallArgs, SelectCall, Selected};
use crate::aggregate_row::AggregateRow;
use crate::client::Exec;
use crate::error::{Error, Result};
use crate::hooks::Extensions;
use crate::typed::Model;

/// The future an [`Around`] method returns and [`Next::run`] gives: the operation's result.
pub type HookFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// The rest of an operation (Prisma's `query`): the next [`Around`] hook of the model, or the
/// query itself. [`Next::run`] runs it with the arguments given and returns its typed result;
/// it may be run several times (a retry; each run is the whole operation again) or never (the
/// hook answers by itself).
pub struct Next<'a, A, T> {
    run: Arc<dyn Fn(A) -> HookFuture<'a, T> + Send + Sync + 'a>,
}

impl<A, T> Clone for Next<'_, A, T> {
    fn clone(&self) -> Self {
        Next {
            run: self.run.clone(),
        }
    }
}

impl<A, T> std::fmt::Debug for Next<'_, A, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Next")
    }
}

impl<'a, A, T> Next<'a, A, T> {
    /// Runs the rest of the operation with `args` (those the hook was given, changed or not).
    pub fn run(&self, args: A) -> HookFuture<'a, T> {
        (self.run)(args)
    }
}

/// Hooks around the operations on `M` records (Prisma's `query` component with its
/// `query(args)` continuation): each method gets the operation's arguments, as the
/// [`QueryHook`](super::QueryHook)s of the client left them, and [`Next`], which runs the
/// operation and gives its typed result. Code before `next.run(args)` runs before the
/// query, code after it sees the result and may change it; a method may also run it twice
/// (a retry) or return without running it (a cached result, or an error). The methods left
/// out run the operation unchanged.
///
/// Registered per model with [`Extension::around`](super::Extension::around); several run
/// nested, the first registered outermost. Implement it generically (`impl<M: Model>
/// Around<M> for Timing`) to cover every model.
///
/// Each method wraps the operation of its name (`find_first`: `findFirst`, `findUnique` and
/// their `OrThrow` forms, whose error comes after the hooks, on `None`; `delete` and
/// `delete_many` also a delete a `QueryHook` turned into an update, `args.is_update()`). The
/// forms with `select` or `omit`, whose result is the selection's type, run
/// [`Around::selected`] instead, one method for all of them (decision 0036); the records an
/// `include` loads run no `Around` hook.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is no `Around` hook of `{M}` records",
    label = "implements no `Around<{M}>`",
    note = "a hook written for one model cannot be registered on another: implement \
            `Around<{M}>` for it (generically, `impl<M: …> Around<M>`, to cover several)"
)]
pub trait Around<M: Model>: Send + Sync + 'static {
    /// Around `findMany`.
    fn find_many<'a>(
        &'a self,
        args: ReadArgs<M>,
        next: Next<'a, ReadArgs<M>, Vec<M>>,
    ) -> HookFuture<'a, Vec<M>> {
        next.run(args)
    }
    /// Around `findFirst`, `findUnique` and their `OrThrow` forms (`args.operation()` tells
    /// which): `None` when no record matches.
    fn find_first<'a>(
        &'a self,
        args: ReadArgs<M>,
        next: Next<'a, ReadArgs<M>, Option<M>>,
    ) -> HookFuture<'a, Option<M>> {
        next.run(args)
    }
    /// Around `count`.
    fn count<'a>(
        &'a self,
        args: ReadArgs<M>,
        next: Next<'a, ReadArgs<M>, i64>,
    ) -> HookFuture<'a, i64> {
        next.run(args)
    }
    /// Around `create` (`args.data` holds the one record).
    fn create<'a>(
        &'a self,
        args: CreateArgs<M>,
        next: Next<'a, CreateArgs<M>, M>,
    ) -> HookFuture<'a, M> {
        next.run(args)
    }
    /// Around `update`.
    fn update<'a>(
        &'a self,
        args: UpdateArgs<M>,
        next: Next<'a, UpdateArgs<M>, M>,
    ) -> HookFuture<'a, M> {
        next.run(args)
    }
    /// Around `upsert`.
    fn upsert<'a>(
        &'a self,
        args: UpsertArgs<M>,
        next: Next<'a, UpsertArgs<M>, M>,
    ) -> HookFuture<'a, M> {
        next.run(args)
    }
    /// Around `delete`.
    fn delete<'a>(
        &'a self,
        args: DeleteArgs<M>,
        next: Next<'a, DeleteArgs<M>, M>,
    ) -> HookFuture<'a, M> {
        next.run(args)
    }
    /// Around `createMany`: the number of records created.
    fn create_many<'a>(
        &'a self,
        args: CreateArgs<M>,
        next: Next<'a, CreateArgs<M>, u64>,
    ) -> HookFuture<'a, u64> {
        next.run(args)
    }
    /// Around `createManyAndReturn`.
    fn create_many_and_return<'a>(
        &'a self,
        args: CreateArgs<M>,
        next: Next<'a, CreateArgs<M>, Vec<M>>,
    ) -> HookFuture<'a, Vec<M>> {
        next.run(args)
    }
    /// Around `updateMany`: the number of records updated (`args.data` takes no nested
    /// writes there).
    fn update_many<'a>(
        &'a self,
        args: UpdateArgs<M>,
        next: Next<'a, UpdateArgs<M>, u64>,
    ) -> HookFuture<'a, u64> {
        next.run(args)
    }
    /// Around `updateManyAndReturn`.
    fn update_many_and_return<'a>(
        &'a self,
        args: UpdateArgs<M>,
        next: Next<'a, UpdateArgs<M>, Vec<M>>,
    ) -> HookFuture<'a, Vec<M>> {
        next.run(args)
    }
    /// Around `deleteMany`: the number of records deleted (or updated instead).
    fn delete_many<'a>(
        &'a self,
        args: DeleteArgs<M>,
        next: Next<'a, DeleteArgs<M>, u64>,
    ) -> HookFuture<'a, u64> {
        next.run(args)
    }
    /// Around `aggregate`.
    fn aggregate<'a>(
        &'a self,
        args: ReadArgs<M>,
        next: Next<'a, ReadArgs<M>, AggregateRow>,
    ) -> HookFuture<'a, AggregateRow> {
        next.run(args)
    }
    /// Around `groupBy`: one row per group.
    fn group_by<'a>(
        &'a self,
        args: ReadArgs<M>,
        next: Next<'a, ReadArgs<M>, Vec<AggregateRow>>,
    ) -> HookFuture<'a, Vec<AggregateRow>> {
        next.run(args)
    }
    /// Around every operation with `select` or `omit` (or relation counts, `with_counts`):
    /// `findMany`, `findFirst`, `findUnique` and their `OrThrow` forms, `create`,
    /// `createManyAndReturn`, `update`, `upsert` and `delete` ([`SelectCall`] holds the
    /// arguments, typed as without a selection, and the [`Next`] that runs it). The result is
    /// the selection's output, which the hook holds as a [`Selected`] and cannot open: it
    /// may act before and after, run `next` again, refuse with an error, or change the
    /// arguments, not the result. The methods above do not run for these forms.
    fn selected<'a>(&'a self, call: SelectCall<'a, M>) -> HookFuture<'a, Selected<'a>> {
        call.run()
    }
}

/// The `Around` hooks of `M` the operation runs through, outermost first; `None` (run the
/// operation as it is) without any.
#[inline]
pub(crate) fn arounds<'a, M: Model>(exec: Exec<'a>) -> Option<Arounds<'a, M>> {
    match exec.extensions() {
        None => None,
        Some(ext) => around_hooks::<M>(ext),
    }
}

#[cold]
#[inline(never)]
fn around_hooks<M: Model>(ext: &Extensions) -> Option<Arounds<'_, M>> {
    #[cfg(test)]
    crate::probe::hit(crate::probe::Path::HookWork);
    let found: Vec<&dyn Around<M>> = ext
        .find::<Arc<dyn Around<M>>>(TypeId::of::<M>())
        .map(|h| &**h)
        .collect();
    (!found.is_empty()).then_some(Arounds(found))
}

/// The `Around` hooks of one model ([`arounds`]).
pub(crate) struct Arounds<'a, M: Model>(Vec<&'a dyn Around<M>>);

/// One method of [`Around`], as a function of the hook.
type Method<'a, M, A, T> = fn(&'a dyn Around<M>, A, Next<'a, A, T>) -> HookFuture<'a, T>;

impl<'a, M: Model> Arounds<'a, M> {
    /// Runs `work` (the operation's own work) inside the hooks' `method`s, with `args`.
    fn run<A: Send + 'a, T: Send + 'a, F>(
        self,
        method: Method<'a, M, A, T>,
        args: A,
        work: F,
    ) -> HookFuture<'a, T>
    where
        F: Fn(A) -> HookFuture<'a, T> + Send + Sync + 'a,
    {
        let innermost = Next {
            run: Arc::new(work),
        };
        let mut hooks = self.0;
        let outermost = hooks.remove(0);
        let next = hooks.into_iter().rev().fold(innermost, |next, hook| Next {
            run: Arc::new(move |args| method(hook, args, next.clone())),
        });
        method(outermost, args, next)
    }

    /// `findMany` through the hooks; `work` runs the query with a filter.
    pub(crate) fn find_many<F>(self, args: ReadArgs<M>, work: F) -> HookFuture<'a, Vec<M>>
    where
        F: Fn(ReadArgs<M>) -> HookFuture<'a, Vec<M>> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.find_many(a, n), args, work)
    }

    /// `findFirst` / `findUnique` through the hooks.
    pub(crate) fn find_first<F>(self, args: ReadArgs<M>, work: F) -> HookFuture<'a, Option<M>>
    where
        F: Fn(ReadArgs<M>) -> HookFuture<'a, Option<M>> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.find_first(a, n), args, work)
    }

    /// `count` through the hooks.
    pub(crate) fn count<F>(self, args: ReadArgs<M>, work: F) -> HookFuture<'a, i64>
    where
        F: Fn(ReadArgs<M>) -> HookFuture<'a, i64> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.count(a, n), args, work)
    }

    /// `create` through the hooks.
    pub(crate) fn create<F>(self, args: CreateArgs<M>, work: F) -> HookFuture<'a, M>
    where
        F: Fn(CreateArgs<M>) -> HookFuture<'a, M> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.create(a, n), args, work)
    }

    /// `update` through the hooks.
    pub(crate) fn update<F>(self, args: UpdateArgs<M>, work: F) -> HookFuture<'a, M>
    where
        F: Fn(UpdateArgs<M>) -> HookFuture<'a, M> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.update(a, n), args, work)
    }

    /// `upsert` through the hooks.
    pub(crate) fn upsert<F>(self, args: UpsertArgs<M>, work: F) -> HookFuture<'a, M>
    where
        F: Fn(UpsertArgs<M>) -> HookFuture<'a, M> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.upsert(a, n), args, work)
    }

    /// `delete` through the hooks.
    pub(crate) fn delete<F>(self, args: DeleteArgs<M>, work: F) -> HookFuture<'a, M>
    where
        F: Fn(DeleteArgs<M>) -> HookFuture<'a, M> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.delete(a, n), args, work)
    }

    /// `create_many` through the hooks.
    pub(crate) fn create_many<F>(self, args: CreateArgs<M>, work: F) -> HookFuture<'a, u64>
    where
        F: Fn(CreateArgs<M>) -> HookFuture<'a, u64> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.create_many(a, n), args, work)
    }

    /// `create_many_and_return` through the hooks.
    pub(crate) fn create_many_and_return<F>(
        self,
        args: CreateArgs<M>,
        work: F,
    ) -> HookFuture<'a, Vec<M>>
    where
        F: Fn(CreateArgs<M>) -> HookFuture<'a, Vec<M>> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.create_many_and_return(a, n), args, work)
    }

    /// `update_many` through the hooks.
    pub(crate) fn update_many<F>(self, args: UpdateArgs<M>, work: F) -> HookFuture<'a, u64>
    where
        F: Fn(UpdateArgs<M>) -> HookFuture<'a, u64> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.update_many(a, n), args, work)
    }

    /// `update_many_and_return` through the hooks.
    pub(crate) fn update_many_and_return<F>(
        self,
        args: UpdateArgs<M>,
        work: F,
    ) -> HookFuture<'a, Vec<M>>
    where
        F: Fn(UpdateArgs<M>) -> HookFuture<'a, Vec<M>> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.update_many_and_return(a, n), args, work)
    }

    /// `delete_many` through the hooks.
    pub(crate) fn delete_many<F>(self, args: DeleteArgs<M>, work: F) -> HookFuture<'a, u64>
    where
        F: Fn(DeleteArgs<M>) -> HookFuture<'a, u64> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.delete_many(a, n), args, work)
    }

    /// `aggregate` through the hooks.
    pub(crate) fn aggregate<F>(self, args: ReadArgs<M>, work: F) -> HookFuture<'a, AggregateRow>
    where
        F: Fn(ReadArgs<M>) -> HookFuture<'a, AggregateRow> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.aggregate(a, n), args, work)
    }

    /// A form with `select` or `omit` through the hooks' [`Around::selected`]; `work` runs it
    /// with the arguments given.
    pub(crate) fn selected<A, F>(self, args: A, work: F) -> HookFuture<'a, Selected<'a>>
    where
        A: CallArgs<M> + Send + 'a,
        F: Fn(A) -> HookFuture<'a, Selected<'a>> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.selected(A::call(a, n)), args, work)
    }

    /// `group_by` through the hooks.
    pub(crate) fn group_by<F>(self, args: ReadArgs<M>, work: F) -> HookFuture<'a, Vec<AggregateRow>>
    where
        F: Fn(ReadArgs<M>) -> HookFuture<'a, Vec<AggregateRow>> + Send + Sync + 'a,
    {
        self.run(|h, a, n| h.group_by(a, n), args, work)
    }
}

// The arguments of each kind, made from and taken back into the builders' parts.

/// A read's arguments.
pub(crate) fn read_args<M: Model>(op: OperationKind, filter: crate::query::Cond) -> ReadArgs<M> {
    ReadArgs::new(op, filter)
}

/// A create's arguments (one record).
pub(crate) fn create_args<M: Model>(data: crate::write::CreateData<M>) -> CreateArgs<M> {
    CreateArgs::new(OperationKind::Create, vec![data])
}

/// The one record of a create's arguments, as a hook left them.
pub(crate) fn one_record<M: Model>(args: CreateArgs<M>) -> Result<crate::write::CreateData<M>> {
    let mut data = args.data;
    match (data.pop(), data.is_empty()) {
        (Some(one), true) => Ok(one),
        _ => Err(Error::InvalidQuery(format!(
            "an Around hook of {} gave `create` {} records to create: it takes one",
            M::META.name,
            data.len() + 1
        ))),
    }
}

/// An update's arguments.
pub(crate) fn update_args<M: Model>(
    filter: crate::query::Cond,
    data: crate::write::UpdateData<M>,
) -> UpdateArgs<M> {
    UpdateArgs::new(OperationKind::Update, filter, data)
}

/// The arguments of `updateMany` (`op`) or `updateManyAndReturn`.
pub(crate) fn update_many_args<M: Model>(
    op: OperationKind,
    filter: crate::query::Cond,
    sets: Vec<crate::typed::Set<M>>,
) -> UpdateArgs<M> {
    UpdateArgs::new(op, filter, sets.into())
}

/// The filter and sets of an `updateMany`'s arguments, as a hook left them (P2009 if it gave
/// nested writes, which `updateMany` does not take).
pub(crate) fn update_many_parts<M: Model>(
    args: UpdateArgs<M>,
) -> Result<(crate::query::Cond, Vec<crate::typed::Set<M>>)> {
    if !args.data.nested.is_empty() {
        return Err(Error::InvalidQuery(format!(
            "an Around hook gave {} {} nested writes, which it does not take",
            M::META.name,
            args.operation().name()
        )));
    }
    Ok((args.filter.cond, args.data.sets))
}

/// The arguments of `createMany` (`op`) or `createManyAndReturn`.
pub(crate) fn create_many_args<M: Model>(
    op: OperationKind,
    data: Vec<crate::write::CreateData<M>>,
) -> CreateArgs<M> {
    CreateArgs::new(op, data)
}

/// An upsert's arguments.
pub(crate) fn upsert_args<M: Model>(
    filter: crate::query::Cond,
    create: crate::write::CreateData<M>,
    update: crate::write::UpdateData<M>,
) -> UpsertArgs<M> {
    UpsertArgs::new(filter, create, update)
}

/// A delete's arguments (`delete` or `deleteMany`, `op`): the update that replaces it, if a
/// `QueryHook` asked for one.
pub(crate) fn delete_args<M: Model>(
    op: OperationKind,
    filter: crate::query::Cond,
    instead: Option<Vec<crate::typed::Set<M>>>,
) -> DeleteArgs<M> {
    let mut args = DeleteArgs::new(op, filter);
    args.instead = instead;
    args
}

/// A delete's filter and the update that replaces it, as a hook left them.
pub(crate) fn delete_parts<M: Model>(
    args: DeleteArgs<M>,
) -> (crate::query::Cond, Option<Vec<crate::typed::Set<M>>>) {
    (args.filter.cond, args.instead)
}

/// Registers an `Around` hook (for [`super::Extension::around`]).
pub(super) fn entry<M: Model>(hook: impl Around<M>) -> crate::hooks::Entry {
    let hook: Arc<dyn Around<M>> = Arc::new(hook);
    crate::hooks::Entry {
        model: TypeId::of::<M>(),
        meta: M::META,
        hook: Box::new(hook),
        counts: None,
    }
}
