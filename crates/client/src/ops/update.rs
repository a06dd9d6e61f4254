//! `update`, `updateMany`, `upsert`, `delete` and `deleteMany`.

use std::marker::PhantomData;

use crate::client::Exec;
use crate::error::{Error, Result};
use crate::extension::OperationKind;
use crate::include::{Include, load_all};
use crate::join::{RelationLoadStrategy, load_written};
use crate::query::{Cond, Delete, Update};
use crate::render;
use crate::typed::{Model, Set};
use crate::write::{CreateData, UpdateData, now, with_updated_at};

/// `update`.
pub struct UpdateOne<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    pub(crate) filter: Cond,
    pub(crate) data: UpdateData<M>,
    pub(crate) includes: Vec<Include<M>>,
    /// `relationLoadStrategy` (`None`: the schema's default, as for the finds).
    pub(crate) strategy: Option<RelationLoadStrategy>,
}

impl<'a, M: Model> UpdateOne<'a, M> {
    /// `include` relations in the returned record.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.includes.push(include.into());
        self
    }

    /// `relationLoadStrategy`: how the included (or selected) relations of the updated record
    /// are read back ([`RelationLoadStrategy`]; `Join`: the record and its relations in one
    /// statement after the UPDATE, on PostgreSQL).
    pub fn relation_load_strategy(mut self, strategy: RelationLoadStrategy) -> Self {
        self.strategy = Some(strategy);
        self
    }

    /// Runs it, returning the updated record; P2025 when no record matches.
    pub fn exec(self) -> impl Future<Output = Result<M>> + 'a {
        self.exec
            .operation(Some(M::META.name), "update", move || self.run())
    }

    /// The operation's work, which [`Self::exec`] runs in its span.
    pub(crate) async fn run(self) -> Result<M> {
        let (exec, mut filter, mut data) = (self.exec, self.filter, self.data);
        crate::extension::update::<M>(exec, OperationKind::Update, &mut filter, &mut data)?;
        if let Some(arounds) = crate::extension::arounds::<M>(exec) {
            let (includes, strategy) = (self.includes, self.strategy);
            let update = move |args: crate::UpdateArgs<M>| {
                let includes = includes.clone();
                Box::pin(async move {
                    update_with(exec, args.filter.cond, args.data, &includes, strategy).await
                }) as _
            };
            return arounds
                .update(crate::extension::update_args(filter, data), update)
                .await;
        }
        update_with(exec, filter, data, &self.includes, self.strategy).await
    }
}

/// `update`'s work, inside the `Around` hooks of [`UpdateOne::run`].
async fn update_with<M: Model>(
    exec: Exec<'_>,
    filter: Cond,
    data: UpdateData<M>,
    includes: &[Include<M>],
    strategy: Option<RelationLoadStrategy>,
) -> Result<M> {
    let mut record = update_one(exec, filter, data, "an update").await?;
    load_written(exec, includes, strategy, &mut record).await?;
    Ok(record)
}

/// The record `filter` picks, updated with `data` (its hooks run); P2025 when none matches,
/// named for `operation` (an update, or a delete a hook turned into one).
pub(crate) async fn update_one<M: Model>(
    exec: Exec<'_>,
    filter: Cond,
    data: UpdateData<M>,
    operation: &str,
) -> Result<M> {
    let found = if data.nested.is_empty() && !emulates::<M>(&data.sets) {
        crate::nested::update_record(exec, filter, data, &now()).await?
    } else {
        exec.atomically(async move |exec| {
            crate::nested::update_record(exec, filter, data, &now()).await
        })
        .await?
    };
    found.ok_or_else(|| {
        Error::not_found(format!(
            "No record was found for {operation} on {}.",
            M::META.name
        ))
    })
}

/// `updateMany` / `updateManyAndReturn`.
#[derive(Clone)]
pub struct UpdateMany<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    pub(super) filter: Cond,
    pub(super) data: Vec<Set<M>>,
    pub(super) limit: Option<i64>,
    pub(super) includes: Vec<Include<M>>,
}

impl<'a, M: Model> UpdateMany<'a, M> {
    /// `limit`: update at most `n` of the records the filter picks (P2009 when negative).
    pub fn limit(mut self, n: i64) -> Self {
        self.limit = Some(n);
        self
    }

    /// `include` relations in the records [`UpdateMany::exec_and_return`] returns, as on
    /// `createManyAndReturn`; [`UpdateMany::exec`], which returns a count, refuses it.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.includes.push(include.into());
        self
    }

    /// Runs it, returning the number of records updated.
    pub fn exec(self) -> impl Future<Output = Result<u64>> + 'a {
        self.exec
            .operation(Some(M::META.name), "updateMany", move || self.run())
    }

    /// The operation's work (its hooks first), which [`Self::exec`] runs in its span.
    async fn run(mut self) -> Result<u64> {
        let op = OperationKind::UpdateMany;
        crate::extension::update_sets::<M>(self.exec, op, &mut self.filter, &mut self.data)?;
        if let Some(arounds) = crate::extension::arounds::<M>(self.exec) {
            let filter = std::mem::replace(&mut self.filter, Cond::True);
            let args =
                crate::extension::update_many_args(op, filter, std::mem::take(&mut self.data));
            let work = move |args| {
                let this = self.clone();
                Box::pin(async move { this.with(args)?.count_updated().await }) as _
            };
            return arounds.update_many(args, work).await;
        }
        self.count_updated().await
    }

    /// `self` with the filter and sets an `Around` hook gave (P2009 for nested writes).
    fn with(mut self, args: crate::UpdateArgs<M>) -> Result<Self> {
        (self.filter, self.data) = crate::extension::update_many_parts(args)?;
        Ok(self)
    }

    /// `updateMany`'s work, inside the `Around` hooks of [`Self::run`].
    async fn count_updated(self) -> Result<u64> {
        if !self.includes.is_empty() {
            return Err(Error::InvalidQuery(
                "`include` on updateMany, which returns a count: use `exec_and_return()` \
                 (updateManyAndReturn) to get the records with their relations"
                    .into(),
            ));
        }
        let UpdateMany {
            exec,
            filter,
            data,
            limit,
            ..
        } = self;
        if emulates::<M>(&data) {
            return exec
                .atomically(async move |exec| {
                    let filter = emulate::<M>(exec, filter, &data, limit).await?;
                    exec.execute(&update_sql::<M>(exec, filter, data, None, false)?)
                        .await
                })
                .await;
        }
        let limit = checked_limit::<M>(limit)?;
        let sets = with_updated_at(data, &now(), exec.dialect());
        let written: Vec<_> = sets.iter().map(|(column, _)| *column).collect();
        let render = |filter| {
            let update = Update {
                model: M::META,
                sets: sets.clone(),
                filter,
                returning: false,
            };
            render::update_limited(exec.dialect(), &update, limit)
        };
        // Past the parameter limit, split on a long `in` list as Prisma does.
        crate::split::execute(exec, filter, limit.is_some(), &written, render).await
    }

    /// `updateManyAndReturn`: runs it, returning the updated records (with the relations
    /// included, loaded in the same transaction), through `UPDATE … RETURNING`. As in Prisma,
    /// only where the database has it (SQLite, PostgreSQL): MySQL and MariaDB get P2009.
    pub fn exec_and_return(self) -> impl Future<Output = Result<Vec<M>>> + 'a {
        self.exec
            .operation(Some(M::META.name), "updateManyAndReturn", move || {
                self.run_and_return()
            })
    }

    /// The operation's work, which [`Self::exec_and_return`] runs in its span.
    async fn run_and_return(mut self) -> Result<Vec<M>> {
        let op = OperationKind::UpdateManyAndReturn;
        crate::extension::update_sets::<M>(self.exec, op, &mut self.filter, &mut self.data)?;
        if let Some(arounds) = crate::extension::arounds::<M>(self.exec) {
            let filter = std::mem::replace(&mut self.filter, Cond::True);
            let args =
                crate::extension::update_many_args(op, filter, std::mem::take(&mut self.data));
            let work = move |args| {
                let this = self.clone();
                Box::pin(async move { this.with(args)?.update_returning().await }) as _
            };
            return arounds.update_many_and_return(args, work).await;
        }
        self.update_returning().await
    }

    /// `updateManyAndReturn`'s work, inside the `Around` hooks of [`Self::exec_and_return`].
    async fn update_returning(self) -> Result<Vec<M>> {
        if !self.exec.returning().update {
            return Err(Error::InvalidQuery(format!(
                "updateManyAndReturn on {} needs UPDATE … RETURNING, which MySQL and MariaDB \
                 do not have (Prisma offers it on PostgreSQL, CockroachDB and SQLite only): \
                 use `update_many(…).exec()` and read the records with `find_many`",
                M::META.name
            )));
        }
        let UpdateMany {
            exec,
            filter,
            data,
            limit,
            includes,
        } = self;
        exec.atomically(async move |exec| {
            let (filter, limit) = if emulates::<M>(&data) {
                (emulate::<M>(exec, filter, &data, limit).await?, None)
            } else {
                (filter, limit)
            };
            let sql = update_sql::<M>(exec, filter, data, limit, true)?;
            let mut updated = exec.query(&sql, M::from_row).await?;
            load_all(exec, &includes, &mut updated).await?;
            Ok(updated)
        })
        .await
    }
}

/// The UPDATE of `updateMany` (with `@updatedAt` fields set to now).
fn update_sql<M: Model>(
    exec: Exec<'_>,
    filter: Cond,
    data: Vec<Set<M>>,
    limit: Option<i64>,
    returning: bool,
) -> Result<render::Sql> {
    let limit = checked_limit::<M>(limit)?;
    let update = Update {
        model: M::META,
        sets: with_updated_at(data, &now(), exec.dialect()),
        filter,
        returning,
    };
    render::update_limited(exec.dialect(), &update, limit)
}

/// Whether setting `data` changes a key that relations emulated by the client refer to
/// (`relationMode = "prisma"`).
fn emulates<M: Model>(data: &[Set<M>]) -> bool {
    if !crate::relation_mode::emulates(M::META) {
        return false;
    }
    let columns: Vec<&str> = data.iter().map(|s| s.column).collect();
    crate::relation_mode::update_emulates(M::META, &columns)
}

/// Carries out the emulated referential actions of an update of `data` (in the caller's
/// transaction), returning the filter that picks the records to update, resolved by primary
/// key when a limit applies.
async fn emulate<M: Model>(
    exec: Exec<'_>,
    filter: Cond,
    data: &[Set<M>],
    limit: Option<i64>,
) -> Result<Cond> {
    let limit = checked_limit::<M>(limit)?;
    let filter = crate::relation_mode::resolve_limit(exec, M::META, filter, limit).await?;
    let sets: Vec<_> = data.iter().map(|s| (s.column, s.expr.clone())).collect();
    crate::relation_mode::before_update(exec, M::META, &filter, &sets).await?;
    Ok(filter)
}

/// The `limit` of `updateMany` / `deleteMany`: P2009 when negative, as a negative `skip` is,
/// or when the model has no primary key to pick the limited records by.
fn checked_limit<M: Model>(limit: Option<i64>) -> Result<Option<i64>> {
    match limit {
        Some(n) if n < 0 => Err(Error::InvalidQuery(format!(
            "Invalid value for limit argument: Value can only be positive, found: {n}"
        ))),
        Some(_) if M::META.primary_key.is_empty() => Err(Error::InvalidQuery(format!(
            "`limit` on {}, which has no primary key to pick the records by: give it an @id",
            M::META.name
        ))),
        limit => Ok(limit),
    }
}

/// `upsert`.
pub struct Upsert<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    pub(crate) filter: Cond,
    pub(crate) create: CreateData<M>,
    pub(crate) update: UpdateData<M>,
}

impl<'a, M: Model> Upsert<'a, M> {
    /// Runs it, returning the record updated or created: in one statement where Prisma's
    /// conditions for a database upsert hold (`crate::upsert`), so that concurrent upserts of
    /// one key never fail with P2002; otherwise the record is read, then updated or created.
    pub fn exec(self) -> impl Future<Output = Result<M>> + 'a {
        self.exec
            .operation(Some(M::META.name), "upsert", move || self.run())
    }

    /// The operation's work, which [`Self::exec`] runs in its span.
    pub(crate) async fn run(self) -> Result<M> {
        let Upsert {
            exec,
            mut filter,
            mut create,
            mut update,
        } = self;
        crate::extension::upsert::<M>(exec, &mut filter, &mut create, &mut update)?;
        if let Some(arounds) = crate::extension::arounds::<M>(exec) {
            let upsert = move |args: crate::UpsertArgs<M>| {
                Box::pin(upsert_with(
                    exec,
                    args.filter.cond,
                    args.create,
                    args.update,
                )) as _
            };
            let args = crate::extension::upsert_args(filter, create, update);
            return arounds.upsert(args, upsert).await;
        }
        upsert_with(exec, filter, create, update).await
    }
}

/// `upsert`'s work, inside the `Around` hooks of [`Upsert::run`] (and of its form with a
/// selection, `crate::select`).
pub(crate) async fn upsert_with<M: Model>(
    exec: Exec<'_>,
    filter: Cond,
    create: CreateData<M>,
    update: UpdateData<M>,
) -> Result<M> {
    let now = now();
    let plan = crate::upsert::plan(exec.dialect(), &filter, &create, &update, &now);
    if let Some(record) = crate::upsert::run(exec, plan).await? {
        return Ok(record);
    }
    exec.atomically(async move |exec| {
        if let Some(r) = crate::nested::update_record(exec, filter, update, &now).await? {
            return Ok(r);
        }
        crate::nested::create_record(exec, create, &now).await
    })
    .await
}

/// `delete`.
pub struct DeleteOne<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    pub(crate) filter: Cond,
    pub(super) _m: PhantomData<fn() -> M>,
}

impl<'a, M: Model> DeleteOne<'a, M> {
    /// Runs it, returning the deleted record; P2025 when no record matches.
    pub fn exec(self) -> impl Future<Output = Result<M>> + 'a {
        self.exec
            .operation(Some(M::META.name), "delete", move || self.run())
    }

    /// The operation's work, which [`Self::exec`] runs in its span.
    async fn run(mut self) -> Result<M> {
        let op = OperationKind::Delete;
        let instead = crate::extension::delete::<M>(self.exec, op, &mut self.filter)?;
        let exec = self.exec;
        if let Some(arounds) = crate::extension::arounds::<M>(exec) {
            let delete = move |args| {
                let (filter, instead) = crate::extension::delete_parts(args);
                Box::pin(delete_one(exec, filter, instead)) as _
            };
            let args = crate::extension::delete_args(op, self.filter, instead);
            return arounds.delete(args, delete).await;
        }
        delete_one(exec, self.filter, instead).await
    }
}

/// `delete`'s work (an update instead, if a hook asked), inside the `Around` hooks of
/// [`DeleteOne::run`].
async fn delete_one<M: Model>(
    exec: Exec<'_>,
    filter: Cond,
    instead: Option<Vec<Set<M>>>,
) -> Result<M> {
    if let Some(sets) = instead {
        return update_one(exec, filter, UpdateData::from(sets), "a delete").await;
    }
    let delete = Delete {
        model: M::META,
        filter,
        returning: true,
    };
    let deleted = if crate::relation_mode::emulates(M::META) {
        exec.atomically(async move |exec| {
            crate::relation_mode::before_delete(exec, M::META, &delete.filter).await?;
            crate::returning::delete(exec, delete).await
        })
        .await?
    } else {
        crate::returning::delete(exec, delete).await?
    };
    deleted.ok_or_else(|| {
        Error::not_found(format!(
            "No record was found for a delete on {}.",
            M::META.name
        ))
    })
}

/// `deleteMany`.
#[derive(Clone)]
pub struct DeleteMany<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    pub(super) filter: Cond,
    pub(super) limit: Option<i64>,
    pub(super) _m: PhantomData<fn() -> M>,
}

impl<'a, M: Model> DeleteMany<'a, M> {
    /// `limit`: delete at most `n` of the records the filter picks (P2009 when negative).
    pub fn limit(mut self, n: i64) -> Self {
        self.limit = Some(n);
        self
    }

    /// Runs it, returning the number of records deleted.
    pub fn exec(self) -> impl Future<Output = Result<u64>> + 'a {
        self.exec
            .operation(Some(M::META.name), "deleteMany", move || self.run())
    }

    /// The operation's work, which [`Self::exec`] runs in its span.
    async fn run(mut self) -> Result<u64> {
        let op = OperationKind::DeleteMany;
        let instead = crate::extension::delete::<M>(self.exec, op, &mut self.filter)?;
        if let Some(arounds) = crate::extension::arounds::<M>(self.exec) {
            let filter = std::mem::replace(&mut self.filter, Cond::True);
            let args = crate::extension::delete_args(op, filter, instead);
            let work = move |args| {
                let mut this = self.clone();
                let instead;
                (this.filter, instead) = crate::extension::delete_parts(args);
                Box::pin(this.delete_all(instead)) as _
            };
            return arounds.delete_many(args, work).await;
        }
        self.delete_all(instead).await
    }

    /// `deleteMany`'s work (an update instead, if a hook asked), inside the `Around` hooks of
    /// [`Self::run`].
    async fn delete_all(self, instead: Option<Vec<Set<M>>>) -> Result<u64> {
        if let Some(data) = instead {
            let update = UpdateMany {
                exec: self.exec,
                filter: self.filter,
                data,
                limit: self.limit,
                includes: Vec::new(),
            };
            return update.count_updated().await;
        }
        let limit = checked_limit::<M>(self.limit)?;
        if crate::relation_mode::emulates(M::META) {
            let (filter, model) = (self.filter, M::META);
            return self
                .exec
                .atomically(async move |exec| {
                    let filter =
                        crate::relation_mode::resolve_limit(exec, model, filter, limit).await?;
                    crate::relation_mode::before_delete(exec, model, &filter).await?;
                    let delete = Delete {
                        model,
                        filter,
                        returning: false,
                    };
                    exec.execute(&render::delete(exec.dialect(), &delete)?)
                        .await
                })
                .await;
        }
        let dialect = self.exec.dialect();
        let render = |filter| {
            let delete = Delete {
                model: M::META,
                filter,
                returning: false,
            };
            render::delete_limited(dialect, &delete, limit)
        };
        // Past the parameter limit, split on a long `in` list as Prisma does.
        crate::split::execute(self.exec, self.filter, limit.is_some(), &[], render).await
    }
}
