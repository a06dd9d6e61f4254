//! The `select` / `omit` forms of the operations inside [`Around`](super::Around) hooks
//! (decision 0036): [`SelectCall`], the call a hook gets (the operation's typed arguments and
//! its [`Next`]), and [`Selected`], the result of the selection, opaque to the hook.
//!
//! A form's result is the selection's output (`Vec<S::Output>` for a `findMany` with `select`),
//! for a selection type `S` chosen at the call: an object-safe hook cannot name it. The hook
//! gets it as a [`Selected`], which it can pass on, drop (running `next` again) or hold back,
//! but not open or make: its only source is the `next` of the same call. The builder, which
//! knows `S`, takes the output back out.

use std::any::Any;
use std::marker::PhantomData;

use super::OperationKind;
use super::args::{CreateArgs, DeleteArgs, ReadArgs, UpdateArgs, UpsertArgs};
use super::around::{HookFuture, Next};
use crate::error::{Error, Result};
use crate::typed::Model;

/// The result of an operation with `select` or `omit`, as an [`Around`](super::Around) hook
/// sees it: the selection's output, which only the operation can read (its type is the
/// selection's, chosen where the operation is called). A hook can tell how many records it
/// holds ([`Selected::records`]), return it, or drop it; it cannot make one: the only
/// `Selected` it can return is one its own `next` gave (`'a` brands it with the call, so one
/// kept from another call does not compile).
pub struct Selected<'a> {
    output: Box<dyn Any + Send + Sync>,
    records: usize,
    /// Invariant in `'a`: a `Selected` of one call is no `Selected` of another.
    _call: PhantomData<fn(&'a ()) -> &'a ()>,
}

impl std::fmt::Debug for Selected<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Selected")
            .field("records", &self.records)
            .finish_non_exhaustive()
    }
}

impl Selected<'_> {
    /// The records of a `findMany` or `createManyAndReturn` (`Vec` of the selection's output).
    pub(crate) fn many<T: Send + Sync + 'static>(records: Vec<T>) -> Self {
        let n = records.len();
        Self::holding(records, n)
    }

    /// The record of a `findFirst` or `findUnique` (and their `OrThrow` forms, whose P2025
    /// comes after the hooks), if one matched.
    pub(crate) fn first<T: Send + Sync + 'static>(record: Option<T>) -> Self {
        let n = usize::from(record.is_some());
        Self::holding(record, n)
    }

    /// The record a write returns.
    pub(crate) fn one<T: Send + Sync + 'static>(record: T) -> Self {
        Self::holding(record, 1)
    }

    fn holding<T: Send + Sync + 'static>(output: T, records: usize) -> Self {
        Selected {
            output: Box::new(output),
            records,
            _call: PhantomData,
        }
    }

    /// How many records it holds: the number a `findMany` or `createManyAndReturn` read, 0 or
    /// 1 for a `findFirst` or `findUnique`, 1 for `create`, `update`, `upsert` and `delete`.
    pub fn records(&self) -> usize {
        self.records
    }

    /// The output, as the builder that made it (and only it) knows its type: `T` is the type
    /// it was made with, since a hook can only return the `Selected` its call's `next` gave.
    pub(crate) fn take<T: 'static>(self) -> Result<T> {
        match self.output.downcast::<T>() {
            Ok(output) => Ok(*output),
            // Not reachable: `'a` ties a `Selected` to its call (see the type's docs).
            Err(_) => Err(Error::InvalidQuery(
                "an Around hook returned the result of another operation".into(),
            )),
        }
    }
}

/// An operation with `select` or `omit` (or relation counts, `with_counts`), as
/// [`Around::selected`](super::Around::selected) gets it: its arguments, typed as those of the
/// same operation without a selection (a filter or tenant hook changes them as there), and the
/// [`Next`] that runs it with them. [`SelectCall::run`] runs it as it is; to change the
/// arguments, match the variant, change them and run its `next`:
///
/// ```
/// use client::{Filter, HookFuture, Model, SelectCall, Selected};
///
/// /// Adds `scope` (`post::tenant_id().equals(7)`, say) to every read with a selection.
/// fn scoped<'a, M: Model>(call: SelectCall<'a, M>, scope: Filter<M>) -> HookFuture<'a, Selected<'a>> {
///     match call {
///         SelectCall::Read(mut args, next) => {
///             args.filter(scope);
///             next.run(args)
///         }
///         call => call.run(),
///     }
/// }
/// ```
#[non_exhaustive]
pub enum SelectCall<'a, M: Model> {
    /// `findMany`, `findFirst`, `findUnique` and their `OrThrow` forms (`args.operation()`
    /// tells which).
    Read(ReadArgs<M>, Next<'a, ReadArgs<M>, Selected<'a>>),
    /// `create` (one record in `args.data`) and `createManyAndReturn`.
    Create(CreateArgs<M>, Next<'a, CreateArgs<M>, Selected<'a>>),
    /// `update`.
    Update(UpdateArgs<M>, Next<'a, UpdateArgs<M>, Selected<'a>>),
    /// `upsert`.
    Upsert(UpsertArgs<M>, Next<'a, UpsertArgs<M>, Selected<'a>>),
    /// `delete` (also one a `QueryHook` turned into an update, `args.is_update()`).
    Delete(DeleteArgs<M>, Next<'a, DeleteArgs<M>, Selected<'a>>),
}

impl<M: Model> std::fmt::Debug for SelectCall<'_, M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SelectCall")
            .field(&self.operation())
            .finish()
    }
}

impl<'a, M: Model> SelectCall<'a, M> {
    /// The operation (`OperationKind::FindMany`, …).
    pub fn operation(&self) -> OperationKind {
        match self {
            SelectCall::Read(args, _) => args.operation(),
            SelectCall::Create(args, _) => args.operation(),
            SelectCall::Update(args, _) => args.operation(),
            SelectCall::Upsert(args, _) => args.operation(),
            SelectCall::Delete(args, _) => args.operation(),
        }
    }

    /// Runs the rest of the operation with its arguments as they are.
    pub fn run(self) -> HookFuture<'a, Selected<'a>> {
        match self {
            SelectCall::Read(args, next) => next.run(args),
            SelectCall::Create(args, next) => next.run(args),
            SelectCall::Update(args, next) => next.run(args),
            SelectCall::Upsert(args, next) => next.run(args),
            SelectCall::Delete(args, next) => next.run(args),
        }
    }
}

impl<M: Model> Clone for SelectCall<'_, M> {
    fn clone(&self) -> Self {
        match self {
            SelectCall::Read(args, next) => SelectCall::Read(args.clone(), next.clone()),
            SelectCall::Create(args, next) => SelectCall::Create(args.clone(), next.clone()),
            SelectCall::Update(args, next) => SelectCall::Update(args.clone(), next.clone()),
            SelectCall::Upsert(args, next) => SelectCall::Upsert(args.clone(), next.clone()),
            SelectCall::Delete(args, next) => SelectCall::Delete(args.clone(), next.clone()),
        }
    }
}

/// The arguments of a form with a selection, each kind in its variant of [`SelectCall`].
pub(crate) trait CallArgs<M: Model>: Sized {
    /// The call of these arguments and `next`.
    fn call<'a>(self, next: Next<'a, Self, Selected<'a>>) -> SelectCall<'a, M>;
}

macro_rules! call_args {
    ($($args:ident => $variant:ident),*) => {$(
        impl<M: Model> CallArgs<M> for $args<M> {
            fn call<'a>(self, next: Next<'a, Self, Selected<'a>>) -> SelectCall<'a, M> {
                SelectCall::$variant(self, next)
            }
        }
    )*};
}
call_args!(ReadArgs => Read, CreateArgs => Create, UpdateArgs => Update, UpsertArgs => Upsert, DeleteArgs => Delete);
