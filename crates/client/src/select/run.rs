//! Operations with a selection: `find_many().select(…)`, `find_first().select(…)` and the
//! writes that return a selection (`create(…).select(…)`, …): one query per level, then the
//! selection's relations loaded for the whole level.

#[allow(
    clippy::wildcard_imports,
    reason = "the selection machinery of the parent module"
)]
use super::*;
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

fn no_mixing(includes: usize) -> Result<()> {
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
async fn reselect_many<M: Model, S: Selection<M>>(
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
async fn run_chosen<M: Model, S: Selection<M>>(
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
async fn reselect<M: Model, S: Selection<M>>(
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
            .operation(Some(M::META.name), "findMany", move || self.work())
    }

    async fn work(mut self) -> Result<Vec<S::Output>> {
        self.find
            .hooked(crate::extension::OperationKind::FindMany)?;
        no_mixing(self.find.includes.len())?;
        let find = &self.find;
        run_chosen::<M, S>(
            find.exec,
            &find.select,
            &find.distinct,
            &self.selection,
            find.strategy,
        )
        .await
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

    async fn work(self) -> Result<Option<S::Output>> {
        let throw = self.throw;
        let found = self.inner.take(1).work().await?.into_iter().next();
        match (found, throw) {
            (None, Some(op)) => Err(Error::not_found(format!(
                "No {} found ({op}).",
                M::META.name
            ))),
            (found, _) => Ok(found),
        }
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

impl<'a, M: Model> Create<'a, M> {
    /// `select` on the created record (read back in the same transaction).
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectWrite<Self, S> {
        SelectWrite {
            strategy: self.strategy,
            write: self,
            selection,
        }
    }
    /// `omit` on the created record.
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
        let data = write.data;
        write
            .exec
            .atomically(async move |exec| {
                let created = Create {
                    exec,
                    data,
                    includes: Vec::new(),
                    strategy,
                }
                .run()
                .await?;
                reselect(exec, &created, &selection, strategy).await
            })
            .await
    }
}

impl<'a, M: Model> CreateMany<'a, M> {
    /// `select` on the records `createManyAndReturn` creates (read back in the same
    /// transaction); run with [`SelectWrite::exec_and_return`].
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectWrite<Self, S> {
        SelectWrite {
            write: self,
            selection,
            strategy: None,
        }
    }
    /// `omit` on the records `createManyAndReturn` creates.
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
        let (data, skip) = (write.data, write.skip_duplicates);
        write
            .exec
            .atomically(async move |exec| {
                let created = insert_returning(exec, data, skip).await?;
                reselect_many(exec, &created, &selection).await
            })
            .await
    }
}

impl<'a, M: Model> UpdateOne<'a, M> {
    /// `select` on the updated record (read back in the same transaction).
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectWrite<Self, S> {
        SelectWrite {
            strategy: self.strategy,
            write: self,
            selection,
        }
    }
    /// `omit` on the updated record.
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
        let (filter, data) = (write.filter, write.data);
        write
            .exec
            .atomically(async move |exec| {
                let updated = UpdateOne {
                    exec,
                    filter,
                    data,
                    includes: Vec::new(),
                    strategy,
                }
                .run()
                .await?;
                reselect(exec, &updated, &selection, strategy).await
            })
            .await
    }
}

impl<'a, M: Model> Upsert<'a, M> {
    /// `select` on the record written (read back in the same transaction).
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectWrite<Self, S> {
        SelectWrite {
            write: self,
            selection,
            strategy: None,
        }
    }
    /// `omit` on the record written.
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
            filter,
            create,
            update,
        } = write;
        exec.atomically(async move |exec| {
            let written = Upsert {
                exec,
                filter,
                create,
                update,
            }
            .run()
            .await?;
            reselect(exec, &written, &selection, strategy).await
        })
        .await
    }
}

impl<'a, M: Model> DeleteOne<'a, M> {
    /// `select` on the deleted record (read before deleting it, in the same transaction).
    pub fn select<S: Selection<M>>(self, selection: S) -> SelectWrite<Self, S> {
        SelectWrite {
            write: self,
            selection,
            strategy: None,
        }
    }
    /// `omit` on the deleted record.
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
        let mut filter = write.filter;
        let op = crate::extension::OperationKind::Delete;
        if let Some(sets) = crate::extension::delete::<M>(write.exec, op, &mut filter)? {
            // A hook turned it into an update (a soft delete).
            return write
                .exec
                .atomically(async move |exec| {
                    let data = sets.into();
                    let updated = crate::ops::update_one(exec, filter, data, "a delete").await?;
                    reselect(exec, &updated, &selection, strategy).await
                })
                .await;
        }
        write
            .exec
            .atomically(async move |exec| {
                let mut select = Select::all(M::META);
                select.filter = filter.clone();
                select.take = Some(1);
                let found = run_chosen::<M, S>(exec, &select, &[], &selection, strategy)
                    .await?
                    .into_iter()
                    .next()
                    .ok_or_else(|| {
                        Error::not_found(format!(
                            "No record was found for a delete on {}.",
                            M::META.name
                        ))
                    })?;
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
            .await
    }
}
