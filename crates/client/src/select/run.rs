//! Reads with a selection: `find_many().select(…)`, `find_first().select(…)`, and what the
//! writes that return a selection (`write.rs`) read their records back with: one query per
//! level, then the selection's relations loaded for the whole level.

#[allow(
    clippy::wildcard_imports,
    reason = "the selection machinery of the parent module"
)]
use super::*;
use crate::extension::{Arounds, HookFuture, OperationKind, Selected};
use crate::join::{RelationLoadStrategy, identity, same_record};

/// Runs a select of `selection` over the records `select` picks.
async fn run<M: Model, S: Selection<M>>(
    exec: Exec<'_>,
    select: &Select,
    distinct: &[usize],
    selection: &S,
) -> Result<Vec<S::Output>> {
    let dialect = exec.dialect();
    let mut plain = select.clone();
    let backwards = plain.plain_page(false)?;
    let select = &plain;
    let mut items: Vec<Projection> = distinct
        .iter()
        .map(|f| Projection::Column(M::META.fields[*f].column))
        .collect();
    selection.project(&mut items);
    crate::extension::read_counts(exec, &mut items)?;
    let mut rows: Vec<_> = if distinct.is_empty() {
        let render = |s: &Select| render::select_projected(dialect, s, &items, None);
        crate::split::query(exec, select, render, |r| selection.read(r)).await?
    } else {
        // Distinct is applied in memory after ordering, as Prisma does, then paginated (and
        // split past the parameter limit as the plain read is).
        let render = |s: &Select| render::select_projected(dialect, s, &items, None);
        let n = distinct.len();
        let decode = |r: &mut RowReader<'_>| {
            let key = (0..n)
                .map(|_| r.read::<Value>().map(|v| format!("{v:?}")))
                .collect::<Result<Vec<_>>>()?;
            Ok((key, selection.read(r)?))
        };
        crate::split::query_distinct(exec, select, render, decode).await?
    };
    if backwards {
        rows.reverse();
    }
    selection.resolve(exec, rows).await
}

pub(super) fn no_mixing(includes: usize) -> Result<()> {
    if includes > 0 {
        return Err(Error::InvalidQuery(
            "`include` with `select` or `omit` on the same query: select the relations \
             instead (`user::select::actions(…)`, `user::select::all().include(…)`, or \
             `(user::select::omit(…), user::select::actions(…))`)"
                .into(),
        ));
    }
    Ok(())
}

/// Records read back per query by [`reselect_many`] (few enough for every dialect's limit on
/// parameters, whatever the key's width).
const RESELECT_CHUNK: usize = 500;

/// Reads `records` again with `selection`, in their order: one query per chunk of records
/// (`WHERE id IN (…)`) and one per selected relation level, not one per record. Each row is
/// matched to its record by the key read beside the selection; a record whose key does not
/// compare equal once read (a key type the database returns in another form) is read on its
/// own.
pub(super) async fn reselect_many<M: Model, S: Selection<M>>(
    exec: Exec<'_>,
    records: &[M],
    selection: &S,
) -> Result<Vec<S::Output>> {
    let fields = identity::<M>();
    let mut items: Vec<Projection> = fields
        .iter()
        .map(|f| Projection::Column(M::META.fields[*f].column))
        .collect();
    selection.project(&mut items);
    crate::extension::read_counts(exec, &mut items)?;
    let dialect = exec.dialect();
    let read = |r: &mut RowReader<'_>| Ok((read_key(r, fields.len())?, selection.read(r)?));
    let mut rows = Vec::with_capacity(records.len());
    for chunk in records.chunks(RESELECT_CHUNK) {
        let mut select = Select::all(M::META);
        select.filter = match fields.as_slice() {
            [one] => Cond::In(
                M::META.fields[*one].column,
                chunk.iter().map(|r| r.value(*one)).collect(),
                false,
            ),
            _ => Cond::Or(chunk.iter().map(same_record).collect()),
        };
        let sql = render::select_projected(dialect, &select, &items, None)?;
        let mut by_key: HashMap<Key, S::Row> = exec
            .query(&sql, read)
            .await?
            .into_iter()
            .filter_map(|(key, row)| Some((key?.0, row)))
            .collect();
        for record in chunk {
            if let Some(row) = key_of(record, &fields).and_then(|k| by_key.remove(&k)) {
                rows.push(row);
                continue;
            }
            let mut one = Select::all(M::META);
            one.filter = same_record(record);
            one.take = Some(1);
            let sql = render::select_projected(dialect, &one, &items, None)?;
            let row = exec.query(&sql, read).await?.into_iter().next();
            rows.push(
                row.ok_or_else(|| {
                    Error::not_found(format!(
                        "the {} record written could not be read back",
                        M::META.name
                    ))
                })?
                .1,
            );
        }
    }
    selection.resolve(exec, rows).await
}

/// [`run`], or the join strategy where `strategy` (or the schema's default) asks for it and
/// it can load the selection ([`super::join::select_many`], on the heap: the operation's
/// future stays small).
pub(super) async fn run_chosen<M: Model, S: Selection<M>>(
    exec: Exec<'_>,
    select: &Select,
    distinct: &[usize],
    selection: &S,
    strategy: Option<RelationLoadStrategy>,
) -> Result<Vec<S::Output>> {
    if crate::join::wants_join::<M>(strategy)
        && let Some(rows) = Box::pin(super::join::select_many(
            exec, select, distinct, selection, strategy,
        ))
        .await?
    {
        return Ok(rows);
    }
    run::<M, S>(exec, select, distinct, selection).await
}

/// Reads `record` again with `selection` (its relations with `strategy`).
pub(super) async fn reselect<M: Model, S: Selection<M>>(
    exec: Exec<'_>,
    record: &M,
    selection: &S,
    strategy: Option<RelationLoadStrategy>,
) -> Result<S::Output> {
    let mut select = Select::all(M::META);
    select.filter = same_record(record);
    select.take = Some(1);
    run_chosen::<M, S>(exec, &select, &[], selection, strategy)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| {
            Error::not_found(format!(
                "the {} record written could not be read back",
                M::META.name
            ))
        })
}

/// `findMany` with `select` (or `omit`, or relation counts): `Vec` of the selection's output.
pub struct SelectMany<'a, M: Model, S> {
    find: FindMany<'a, M>,
    selection: S,
}

impl<'a, M: Model> FindMany<'a, M> {
    /// `select`: reads only what `selection` names; the result is its output type
    /// (`.select((user::select::id(), user::select::email()))` → `Vec<(i32, String)>`).
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectMany<'a, M, S> {
        SelectMany {
            find: self,
            selection,
        }
    }

    /// `omit`: every field but those named (`user::omit::HashedPassword`, or a tuple of
    /// markers); the result is the model's shape with those fields [`Omitted`].
    pub fn omit<O>(self, fields: O) -> SelectMany<'a, M, Omit<O::Out>>
    where
        M: Shaped,
        O: OmitField<M::Full>,
        Omit<O::Out>: Selection<M>,
    {
        let _ = fields;
        self.select(Omit::new())
    }

    /// `include: { _count: { select: { … } } }`: each record (with the relations included so
    /// far) beside the counts asked (`user::actions().count()`, or a tuple of counts).
    pub fn with_counts<S: Selection<M>>(mut self, counts: S) -> SelectMany<'a, M, (Whole<M>, S)> {
        let whole = Whole {
            includes: std::mem::take(&mut self.includes),
        };
        self.select((whole, counts))
    }
}

impl<'a, M: Model, S: Selection<M>> SelectMany<'a, M, S> {
    /// `where` (several calls combine with AND).
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.find = self.find.filter(filter);
        self
    }
    /// `orderBy`.
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.find = self.find.order_by(order);
        self
    }
    /// `take`.
    pub fn take(mut self, n: i64) -> Self {
        self.find = self.find.take(n);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.find = self.find.skip(n);
        self
    }
    /// `cursor`.
    pub fn cursor(mut self, unique: Unique<M>) -> Self {
        self.find = self.find.cursor(unique);
        self
    }
    /// `relationLoadStrategy`: how the selected relations are loaded
    /// ([`RelationLoadStrategy`](crate::RelationLoadStrategy)).
    pub fn relation_load_strategy(mut self, strategy: crate::RelationLoadStrategy) -> Self {
        self.find = self.find.relation_load_strategy(strategy);
        self
    }

    /// Runs the query.
    pub fn exec(self) -> impl Future<Output = Result<Vec<S::Output>>> + 'a {
        self.find
            .exec
            .operation(Some(M::META.name), "findMany", move || {
                self.read::<Vec<S::Output>>(OperationKind::FindMany)
            })
    }

    /// The read (`op`): its read hooks, then the query, inside the `Around` hooks of `M` if
    /// it has any (on the heap: without them, the future is what it was).
    async fn read<R: ReadOutput<S::Output>>(mut self, op: OperationKind) -> Result<R> {
        self.find.hooked(op)?;
        no_mixing(self.find.includes.len())?;
        if let Some(arounds) = crate::extension::arounds::<M>(self.find.exec) {
            return self.read_around::<R>(op, arounds).await?.checked::<M>(op);
        }
        let find = &self.find;
        run_chosen::<M, S>(
            find.exec,
            &find.select,
            &find.distinct,
            &self.selection,
            find.strategy,
        )
        .await
        .map(R::from_rows)?
        .checked::<M>(op)
    }

    /// The read inside the `Around` hooks of `M` ([`crate::extension::SelectCall::Read`]):
    /// each run of `next` is the query with the filter it is given. On the heap, and not an
    /// `async fn`: the read's future stays what it was without hooks.
    fn read_around<R: ReadOutput<S::Output>>(
        mut self,
        op: OperationKind,
        arounds: Arounds<'a, M>,
    ) -> HookFuture<'a, R> {
        Box::pin(async move {
            let filter = std::mem::replace(&mut self.find.select.filter, Cond::True);
            let args = crate::extension::read_args(op, filter);
            let (find, selection) = (&self.find, &self.selection);
            let query = move |args| {
                let find = find.clone().with(args);
                Box::pin(async move {
                    let rows = run_chosen::<M, S>(
                        find.exec,
                        &find.select,
                        &find.distinct,
                        selection,
                        find.strategy,
                    )
                    .await?;
                    Ok(R::from_rows(rows).selected())
                }) as HookFuture<'_, Selected<'_>>
            };
            arounds.selected(args, query).await?.take::<R>()
        })
    }
}

/// What a read with a selection returns: every record it finds (`findMany`), or the first.
trait ReadOutput<O>: Send + Sync + Sized + 'static {
    /// The result from the records found.
    fn from_rows(rows: Vec<O>) -> Self;
    /// The result as an `Around` hook holds it.
    fn selected<'s>(self) -> Selected<'s>;
    /// P2025 when an `OrThrow` form (`op`) found nothing.
    fn checked<M: Model>(self, op: OperationKind) -> Result<Self> {
        let _ = op;
        Ok(self)
    }
}

impl<O: Send + Sync + 'static> ReadOutput<O> for Vec<O> {
    fn from_rows(rows: Vec<O>) -> Self {
        rows
    }
    fn selected<'s>(self) -> Selected<'s> {
        Selected::many(self)
    }
}

impl<O: Send + Sync + 'static> ReadOutput<O> for Option<O> {
    fn from_rows(rows: Vec<O>) -> Self {
        rows.into_iter().next()
    }
    fn selected<'s>(self) -> Selected<'s> {
        Selected::first(self)
    }
    fn checked<M: Model>(self, op: OperationKind) -> Result<Self> {
        match (self, op) {
            (None, OperationKind::FindFirstOrThrow | OperationKind::FindUniqueOrThrow) => Err(
                Error::not_found(format!("No {} found ({}).", M::META.name, op.name())),
            ),
            (found, _) => Ok(found),
        }
    }
}

/// `findFirst` / `findUnique` (and their `OrThrow` forms) with `select`, `omit` or counts.
pub struct SelectFirst<'a, M: Model, S> {
    inner: SelectMany<'a, M, S>,
    throw: Option<&'static str>,
    /// A `findUnique` (its operation's name).
    unique: bool,
}

impl<'a, M: Model> FindFirst<'a, M> {
    /// `select` (see [`FindMany::select`]).
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectFirst<'a, M, S> {
        SelectFirst {
            inner: self.inner.select(selection),
            throw: self.throw,
            unique: self.unique,
        }
    }

    /// `omit` (see [`FindMany::omit`]).
    pub fn omit<O>(self, fields: O) -> SelectFirst<'a, M, Omit<O::Out>>
    where
        M: Shaped,
        O: OmitField<M::Full>,
        Omit<O::Out>: Selection<M>,
    {
        let _ = fields;
        self.select(Omit::new())
    }

    /// Relation counts beside the record (see [`FindMany::with_counts`]).
    pub fn with_counts<S: Selection<M>>(self, counts: S) -> SelectFirst<'a, M, (Whole<M>, S)> {
        SelectFirst {
            inner: self.inner.with_counts(counts),
            throw: self.throw,
            unique: self.unique,
        }
    }
}

impl<'a, M: Model, S: Selection<M>> SelectFirst<'a, M, S> {
    /// `orderBy`.
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.inner = self.inner.order_by(order);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.inner = self.inner.skip(n);
        self
    }
    /// `relationLoadStrategy` (see [`SelectMany::relation_load_strategy`]).
    pub fn relation_load_strategy(mut self, strategy: crate::RelationLoadStrategy) -> Self {
        self.inner = self.inner.relation_load_strategy(strategy);
        self
    }

    /// Runs the query: `None` when no record matches (an error for the `OrThrow` forms).
    pub fn exec(self) -> impl Future<Output = Result<Option<S::Output>>> + 'a {
        let action = crate::ops::first_action(self.unique, self.throw.is_some());
        self.inner
            .find
            .exec
            .operation(Some(M::META.name), action, move || self.work())
    }

    /// The read, with the operation its hooks see (`findFirst`, …); P2025 for the `OrThrow`
    /// forms comes after them. Not an `async fn`: the operation's future holds the read's only.
    fn work(self) -> impl Future<Output = Result<Option<S::Output>>> + 'a {
        let op = match (self.unique, self.throw.is_some()) {
            (false, false) => OperationKind::FindFirst,
            (false, true) => OperationKind::FindFirstOrThrow,
            (true, false) => OperationKind::FindUnique,
            (true, true) => OperationKind::FindUniqueOrThrow,
        };
        self.inner.take(1).read::<Option<_>>(op)
    }

    /// Runs the query; P2025 when no record matches.
    pub fn exec_or_throw(self) -> impl Future<Output = Result<S::Output>> + 'a {
        let action = crate::ops::first_action(self.unique, true);
        self.inner
            .find
            .exec
            .operation(Some(M::META.name), action, move || self.work_or_throw())
    }

    async fn work_or_throw(mut self) -> Result<S::Output> {
        self.throw.get_or_insert("findFirstOrThrow");
        self.work()
            .await?
            .ok_or_else(|| Error::not_found(format!("No {} found.", M::META.name)))
    }
}
