//! Extensions: the Rust form of Prisma's `$extends` (docs/client.md#extensions, decision 0026).
//!
//! - Query hooks ([`QueryHook`]): per model, typed by the model; each operation's arguments
//!   ([`ReadArgs`], [`CreateArgs`], [`UpdateArgs`], [`UpsertArgs`], [`DeleteArgs`]) are handed
//!   to the hook before the operation runs, as typed values it may read and change (add a
//!   filter, set a field) or refuse (an `Err` is the operation's result); a delete may be
//!   turned into an update ([`DeleteArgs::update_instead`]). Registered on an [`Extension`]
//!   and put on a client with [`Client::extend`](crate::Client::extend), which returns a new
//!   client sharing the pool (Prisma's extended client).
//! - Hooks around the operations ([`Around`], decision 0032): Prisma's `query(args)`
//!   continuation; each method gets the arguments and a [`Next`] that runs the operation and
//!   gives its typed result, so the hook may act after it, change the result, run it again or
//!   answer without it. Registered with [`Extension::around`]. The forms with `select` or
//!   `omit` go through one method, [`Around::selected`], whose result ([`Selected`], decision
//!   0036) the hook passes on without opening it.
//! - Computed fields ([`Computed`], read through [`computed`] in a `select`): a trait the user
//!   implements, whose `Needs` (a selection of the model's fields) is what is read, and whose
//!   `compute` sees only that.
//! - Model methods and client methods are plain Rust traits on [`Delegate`](crate::Delegate)
//!   and [`Client`](crate::Client) (docs/client.md shows the pattern).
//!
//! A client without extensions pays two `Option` tests per operation (one for each kind of
//! hook): no allocation, no dynamic call ([`read`], [`arounds`] and the other entry points
//! return at once).

mod args;
mod around;
mod selected;

use std::any::TypeId;
use std::sync::Arc;

pub use args::{CreateArgs, DeleteArgs, ReadArgs, UpdateArgs, UpsertArgs};
pub(crate) use around::Arounds;
pub use around::{Around, HookFuture, Next};
pub(crate) use around::{
    arounds, create_args, create_many_args, delete_args, delete_parts, one_record, read_args,
    update_args, update_many_args, update_many_parts, upsert_args,
};
pub use selected::{SelectCall, Selected};

use crate::client::{Client, Exec};
use crate::error::Result;
use crate::hooks::{Entry, Extensions};
use crate::query::Cond;
use crate::typed::{Model, Set};
use crate::write::{CreateData, UpdateData};

/// The operation a hook is called for (Prisma's `operation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OperationKind {
    /// `findMany` (with or without `select`).
    FindMany,
    /// `findFirst`.
    FindFirst,
    /// `findFirstOrThrow`.
    FindFirstOrThrow,
    /// `findUnique`.
    FindUnique,
    /// `findUniqueOrThrow`.
    FindUniqueOrThrow,
    /// `count`.
    Count,
    /// `aggregate`.
    Aggregate,
    /// `groupBy`.
    GroupBy,
    /// The related records an `include` loads (Prisma runs no hook there; Refract does, so
    /// that a filter added to every read also holds in includes).
    Include,
    /// The related records a relation count (`_count`) counts, in a `select` or an include's
    /// `with_counts` (Prisma runs no hook there; Refract does, as for [`Self::Include`]).
    RelationCount,
    /// `create`.
    Create,
    /// `createMany`.
    CreateMany,
    /// `createManyAndReturn`.
    CreateManyAndReturn,
    /// `update`.
    Update,
    /// `updateMany`.
    UpdateMany,
    /// `updateManyAndReturn`.
    UpdateManyAndReturn,
    /// `upsert`.
    Upsert,
    /// `delete`.
    Delete,
    /// `deleteMany`.
    DeleteMany,
}

impl OperationKind {
    /// Prisma's name of the operation (`"findMany"`, `"deleteMany"`, …; `"include"`,
    /// `"_count"`).
    pub fn name(self) -> &'static str {
        match self {
            OperationKind::FindMany => "findMany",
            OperationKind::FindFirst => "findFirst",
            OperationKind::FindFirstOrThrow => "findFirstOrThrow",
            OperationKind::FindUnique => "findUnique",
            OperationKind::FindUniqueOrThrow => "findUniqueOrThrow",
            OperationKind::Count => "count",
            OperationKind::Aggregate => "aggregate",
            OperationKind::GroupBy => "groupBy",
            OperationKind::Include => "include",
            OperationKind::RelationCount => "_count",
            OperationKind::Create => "create",
            OperationKind::CreateMany => "createMany",
            OperationKind::CreateManyAndReturn => "createManyAndReturn",
            OperationKind::Update => "update",
            OperationKind::UpdateMany => "updateMany",
            OperationKind::UpdateManyAndReturn => "updateManyAndReturn",
            OperationKind::Upsert => "upsert",
            OperationKind::Delete => "delete",
            OperationKind::DeleteMany => "deleteMany",
        }
    }
}

/// Hooks into the operations on `M` records (Prisma's `query: { model: { … } }` component).
///
/// Each method is called before an operation of its kind runs, with the operation's
/// arguments, typed by `M`: the hook may read them, change them, or return an error, which
/// is then the operation's result (nothing runs). The methods left out change nothing.
/// Implement it for one model, or generically for every model with what the hook needs
/// (`impl<M: SoftDeletable> QueryHook<M> for SoftDelete`: Prisma's `$allModels`), and
/// register it per model with [`Extension::query`].
///
/// Hooks run on top-level operations on the extended client and on transactions started
/// from it, on the records an `include` loads ([`OperationKind::Include`]) and on those a
/// relation count counts ([`OperationKind::RelationCount`]); nested writes inside a create or
/// update run no hook (as in Prisma). To run code after an operation, or instead of it, see
/// [`Around`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is no query hook of `{M}` records",
    label = "implements no `QueryHook<{M}>`",
    note = "a hook written for one model cannot be registered on another: implement \
            `QueryHook<{M}>` for it (generically, `impl<M: …> QueryHook<M>`, to cover several)"
)]
pub trait QueryHook<M: Model>: Send + Sync + 'static {
    /// Before a read: `findMany`, `findFirst(OrThrow)`, `findUnique(OrThrow)`, `count`,
    /// `aggregate`, `groupBy`, the records of `M` an `include` loads, and those a relation
    /// count (`_count`) counts.
    fn read(&self, args: &mut ReadArgs<M>) -> Result<()> {
        let _ = args;
        Ok(())
    }
    /// Before `create`, `createMany` and `createManyAndReturn` (one [`CreateData`] per
    /// record).
    fn create(&self, args: &mut CreateArgs<M>) -> Result<()> {
        let _ = args;
        Ok(())
    }
    /// Before `update`, `updateMany` and `updateManyAndReturn`.
    fn update(&self, args: &mut UpdateArgs<M>) -> Result<()> {
        let _ = args;
        Ok(())
    }
    /// Before `upsert`.
    fn upsert(&self, args: &mut UpsertArgs<M>) -> Result<()> {
        let _ = args;
        Ok(())
    }
    /// Before `delete` and `deleteMany`; [`DeleteArgs::update_instead`] turns it into an
    /// update of the same records.
    fn delete(&self, args: &mut DeleteArgs<M>) -> Result<()> {
        let _ = args;
        Ok(())
    }
}

/// A set of hooks to put on a client (Prisma's `Prisma.defineExtension({ query: … })`):
/// `Extension::new().query::<post::Post>(SoftDelete).query::<user::User>(SoftDelete)`.
#[derive(Default)]
pub struct Extension {
    entries: Vec<Entry>,
}

impl std::fmt::Debug for Extension {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extension")
            .field("hooks", &self.entries.len())
            .finish()
    }
}

impl Extension {
    /// No hook yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `hook` for the operations on `M` records. Several hooks on one model run in
    /// the order registered (those of an earlier [`Client::extend`](crate::Client::extend)
    /// first), each seeing the arguments as the one before left them.
    pub fn query<M: Model>(mut self, hook: impl QueryHook<M>) -> Self {
        let hook: Arc<dyn QueryHook<M>> = Arc::new(hook);
        let counts: CountHooks = read_hooks::<M>;
        self.entries.push(Entry {
            model: TypeId::of::<M>(),
            meta: M::META,
            hook: Box::new(hook),
            counts: Some(Box::new(counts)),
        });
        self
    }

    /// Registers `hook` around the operations on `M` records (Prisma's `query(args)`
    /// continuation, [`Around`]): it runs them itself, and may act after them, change their
    /// result, run them again or not at all. Several run nested, the first registered
    /// outermost, inside the [`QueryHook`]s (which run first, on the arguments).
    pub fn around<M: Model>(mut self, hook: impl Around<M>) -> Self {
        self.entries.push(around::entry(hook));
        self
    }

    /// Whether it registers no hook.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The hooks of `M` in `ext`, in order.
fn hooks<M: Model>(ext: &Extensions) -> impl Iterator<Item = &dyn QueryHook<M>> {
    ext.find::<Arc<dyn QueryHook<M>>>(TypeId::of::<M>())
        .map(|h| &**h)
}

impl Client {
    /// An extended client (Prisma's `$extends`): this client's pool, with the hooks of `ext`
    /// after those this client already has. The client itself is not changed; transactions
    /// started from the extended one run its hooks too (docs/client.md#extensions).
    pub fn extend(&self, ext: Extension) -> Client {
        let mut client = self.clone();
        if !ext.is_empty() {
            let previous = self.extensions.as_deref();
            client.extensions = Some(Arc::new(Extensions::with(previous, ext.entries)));
        }
        client
    }
}

// The entry points the operations call. Each returns at once when the client has no
// extension (one `Option` test): the hooks run out of line, in `#[cold]` functions.

/// Runs the read hooks of `M` on a read's filter.
#[inline]
pub(crate) fn read<M: Model>(exec: Exec<'_>, op: OperationKind, filter: &mut Cond) -> Result<()> {
    match exec.extensions() {
        None => Ok(()),
        Some(ext) => read_hooks::<M>(ext, op, filter),
    }
}

#[cold]
#[inline(never)]
fn read_hooks<M: Model>(ext: &Extensions, op: OperationKind, filter: &mut Cond) -> Result<()> {
    #[cfg(test)]
    crate::probe::hit(crate::probe::Path::HookWork);
    let mut hooks = hooks::<M>(ext).peekable();
    if hooks.peek().is_none() {
        return Ok(());
    }
    let mut args = ReadArgs::new(op, std::mem::replace(filter, Cond::True));
    for hook in hooks {
        hook.read(&mut args)?;
    }
    *filter = args.filter.cond;
    Ok(())
}

/// The read hooks of one model, run on a filter: [`read_hooks`] for the model, kept in an
/// [`Entry`] so that a relation count, which knows its model by [`crate::meta::ModelMeta`]
/// only, finds them.
type CountHooks = fn(&Extensions, OperationKind, &mut Cond) -> Result<()>;

/// Runs the read hooks of each counted relation's model on its filter (`_count`, with a filter
/// or not, in a `select` or an `include`'s `with_counts`), as on the records an include loads.
#[inline]
pub(crate) fn read_counts(exec: Exec<'_>, items: &mut [crate::query::Projection]) -> Result<()> {
    match exec.extensions() {
        None => Ok(()),
        Some(ext) => count_hooks(ext, items),
    }
}

#[cold]
#[inline(never)]
fn count_hooks(ext: &Extensions, items: &mut [crate::query::Projection]) -> Result<()> {
    #[cfg(test)]
    crate::probe::hit(crate::probe::Path::HookWork);
    for item in items {
        if let crate::query::Projection::Count(relation, filter) = item
            && let Some(hooks) = ext.counts::<CountHooks>(relation.target)
        {
            hooks(ext, OperationKind::RelationCount, filter)?;
        }
    }
    Ok(())
}

/// Runs the read hooks of each counted relation's model on the filter of each `_count` an
/// ordering sorts by (`orderBy: { posts: { _count: 'asc' } }`, through to-one relations
/// too), as on the counts a `select` reads: a soft-deleted post does not count towards its
/// author's place either.
#[inline]
pub(crate) fn read_orders(exec: Exec<'_>, order: &mut [crate::query::OrderItem]) -> Result<()> {
    match exec.extensions() {
        None => Ok(()),
        Some(ext) => order_hooks(ext, order),
    }
}

/// [`read_orders`] on a copy of `order`; `None` (use it as it is) without extension.
#[inline]
pub(crate) fn read_related_orders(
    exec: Exec<'_>,
    order: &[crate::query::OrderItem],
) -> Result<Option<Vec<crate::query::OrderItem>>> {
    match exec.extensions() {
        None => Ok(None),
        Some(ext) => {
            let mut order = order.to_vec();
            order_hooks(ext, &mut order)?;
            Ok(Some(order))
        }
    }
}

#[cold]
#[inline(never)]
fn order_hooks(ext: &Extensions, order: &mut [crate::query::OrderItem]) -> Result<()> {
    fn counted(ext: &Extensions, expr: &mut crate::query::OrderExpr) -> Result<()> {
        match expr {
            crate::query::OrderExpr::RelationCount(relation, filter) => {
                if let Some(hooks) = ext.counts::<CountHooks>(relation.target) {
                    hooks(ext, OperationKind::RelationCount, filter)?;
                }
                Ok(())
            }
            crate::query::OrderExpr::Related(_, inner) => counted(ext, inner),
            _ => Ok(()),
        }
    }
    #[cfg(test)]
    crate::probe::hit(crate::probe::Path::HookWork);
    for item in order {
        counted(ext, &mut item.expr)?;
    }
    Ok(())
}

/// The filter of the related records of `M` an include loads, with the read hooks of `M` run
/// on it; `None` (use it as it is) without extension.
#[inline]
pub(crate) fn read_related<M: Model>(exec: Exec<'_>, filter: &Cond) -> Result<Option<Cond>> {
    match exec.extensions() {
        None => Ok(None),
        Some(ext) => {
            let mut filter = filter.clone();
            read_hooks::<M>(ext, OperationKind::Include, &mut filter)?;
            Ok(Some(filter))
        }
    }
}

/// Runs the create hooks of `M` on the records to create.
#[inline]
pub(crate) fn create<M: Model>(
    exec: Exec<'_>,
    op: OperationKind,
    data: &mut Vec<CreateData<M>>,
) -> Result<()> {
    match exec.extensions() {
        None => Ok(()),
        Some(ext) => create_hooks::<M>(ext, op, data),
    }
}

#[cold]
#[inline(never)]
fn create_hooks<M: Model>(
    ext: &Extensions,
    op: OperationKind,
    data: &mut Vec<CreateData<M>>,
) -> Result<()> {
    let mut hooks = hooks::<M>(ext).peekable();
    if hooks.peek().is_none() {
        return Ok(());
    }
    let mut args = CreateArgs::new(op, std::mem::take(data));
    for hook in hooks {
        hook.create(&mut args)?;
    }
    *data = args.data;
    Ok(())
}

/// [`create`] for one record (`create`).
#[inline]
pub(crate) fn create_one<M: Model>(exec: Exec<'_>, data: &mut CreateData<M>) -> Result<()> {
    match exec.extensions() {
        None => Ok(()),
        Some(ext) => {
            let mut all = vec![std::mem::replace(data, CreateData::new(Vec::new()))];
            let result = create_hooks::<M>(ext, OperationKind::Create, &mut all);
            if let Some(one) = all.pop() {
                *data = one;
            }
            result
        }
    }
}

/// Runs the update hooks of `M` on an update's filter and data.
#[inline]
pub(crate) fn update<M: Model>(
    exec: Exec<'_>,
    op: OperationKind,
    filter: &mut Cond,
    data: &mut UpdateData<M>,
) -> Result<()> {
    match exec.extensions() {
        None => Ok(()),
        Some(ext) => update_hooks::<M>(ext, op, filter, data),
    }
}

#[cold]
#[inline(never)]
fn update_hooks<M: Model>(
    ext: &Extensions,
    op: OperationKind,
    filter: &mut Cond,
    data: &mut UpdateData<M>,
) -> Result<()> {
    let mut hooks = hooks::<M>(ext).peekable();
    if hooks.peek().is_none() {
        return Ok(());
    }
    let mut args = UpdateArgs::new(
        op,
        std::mem::replace(filter, Cond::True),
        std::mem::take(data),
    );
    for hook in hooks {
        hook.update(&mut args)?;
    }
    (*filter, *data) = (args.filter.cond, args.data);
    Ok(())
}

/// [`update`] for `updateMany`, whose data is a list of sets.
#[inline]
pub(crate) fn update_sets<M: Model>(
    exec: Exec<'_>,
    op: OperationKind,
    filter: &mut Cond,
    sets: &mut Vec<Set<M>>,
) -> Result<()> {
    match exec.extensions() {
        None => Ok(()),
        Some(ext) => {
            let mut data = UpdateData::from(std::mem::take(sets));
            let result = update_hooks::<M>(ext, op, filter, &mut data);
            if !data.nested.is_empty() {
                return Err(crate::Error::InvalidQuery(format!(
                    "a query hook gave {} {} nested writes, which it does not take",
                    M::META.name,
                    op.name()
                )));
            }
            *sets = data.sets;
            result
        }
    }
}

/// Runs the upsert hooks of `M`.
#[inline]
pub(crate) fn upsert<M: Model>(
    exec: Exec<'_>,
    filter: &mut Cond,
    create: &mut CreateData<M>,
    update: &mut UpdateData<M>,
) -> Result<()> {
    match exec.extensions() {
        None => Ok(()),
        Some(ext) => upsert_hooks::<M>(ext, filter, create, update),
    }
}

#[cold]
#[inline(never)]
fn upsert_hooks<M: Model>(
    ext: &Extensions,
    filter: &mut Cond,
    create: &mut CreateData<M>,
    update: &mut UpdateData<M>,
) -> Result<()> {
    let mut hooks = hooks::<M>(ext).peekable();
    if hooks.peek().is_none() {
        return Ok(());
    }
    let mut args = UpsertArgs::new(
        std::mem::replace(filter, Cond::True),
        std::mem::replace(create, CreateData::new(Vec::new())),
        std::mem::take(update),
    );
    for hook in hooks {
        hook.upsert(&mut args)?;
    }
    (*filter, *create, *update) = (args.filter.cond, args.create, args.update);
    Ok(())
}

/// Runs the delete hooks of `M` on a delete's filter: the sets of the update that replaces
/// it, when a hook asked for one.
#[inline]
pub(crate) fn delete<M: Model>(
    exec: Exec<'_>,
    op: OperationKind,
    filter: &mut Cond,
) -> Result<Option<Vec<Set<M>>>> {
    match exec.extensions() {
        None => Ok(None),
        Some(ext) => delete_hooks::<M>(ext, op, filter),
    }
}

#[cold]
#[inline(never)]
fn delete_hooks<M: Model>(
    ext: &Extensions,
    op: OperationKind,
    filter: &mut Cond,
) -> Result<Option<Vec<Set<M>>>> {
    let mut hooks = hooks::<M>(ext).peekable();
    if hooks.peek().is_none() {
        return Ok(None);
    }
    let mut args = DeleteArgs::new(op, std::mem::replace(filter, Cond::True));
    for hook in hooks {
        hook.delete(&mut args)?;
    }
    *filter = args.filter.cond;
    Ok(args.instead)
}
