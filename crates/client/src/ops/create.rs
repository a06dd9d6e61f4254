//! `create` and `createMany` / `createManyAndReturn`.

use crate::client::Exec;
use crate::error::{Error, Result};
use crate::extension::OperationKind;
use crate::include::{Include, load_all};
use crate::join::{RelationLoadStrategy, load_written};
use crate::query::{Col, Insert};
use crate::render::{self, ClientDialect as _};
use crate::typed::Model;
use crate::value::Value;
use crate::write::{CreateData, insert_one, now};

/// `create`.
pub struct Create<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    pub(crate) data: CreateData<M>,
    pub(crate) includes: Vec<Include<M>>,
    /// `relationLoadStrategy` (`None`: the schema's default, as for the finds).
    pub(crate) strategy: Option<RelationLoadStrategy>,
}

impl<'a, M: Model> Create<'a, M> {
    /// `include` relations in the returned record.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.includes.push(include.into());
        self
    }

    /// `relationLoadStrategy`: how the included (or selected) relations of the created record
    /// are read back ([`RelationLoadStrategy`]; `Join`: the record and its relations in one
    /// statement after the INSERT, on PostgreSQL).
    pub fn relation_load_strategy(mut self, strategy: RelationLoadStrategy) -> Self {
        self.strategy = Some(strategy);
        self
    }

    /// Runs it, returning the created record (with its nested creates, in one transaction).
    pub fn exec(self) -> impl Future<Output = Result<M>> + 'a {
        self.exec
            .operation(Some(M::META.name), "create", move || self.run())
    }

    /// The operation's work, which [`Self::exec`] runs in its span.
    pub(crate) async fn run(self) -> Result<M> {
        let mut data = self.data;
        crate::extension::create_one(self.exec, &mut data)?;
        if let Some(arounds) = crate::extension::arounds::<M>(self.exec) {
            let (exec, includes, strategy) = (self.exec, self.includes, self.strategy);
            let create = move |args| {
                let includes = includes.clone();
                Box::pin(async move {
                    let data = crate::extension::one_record(args)?;
                    create_one(exec, data, &includes, strategy).await
                }) as _
            };
            return arounds
                .create(crate::extension::create_args(data), create)
                .await;
        }
        create_one(self.exec, data, &self.includes, self.strategy).await
    }
}

/// `create`'s work, inside the `Around` hooks of [`Create::run`] (and of its form with a
/// selection, `crate::select`).
pub(crate) async fn create_one<M: Model>(
    exec: Exec<'_>,
    data: CreateData<M>,
    includes: &[Include<M>],
    strategy: Option<RelationLoadStrategy>,
) -> Result<M> {
    let mut record = if data.nested.is_empty() {
        insert_one(exec, data, &now(), false, true)
            .await?
            .ok_or_else(|| Error::InvalidQuery("INSERT … RETURNING returned no row".into()))?
    } else {
        exec.atomically(async move |exec| crate::nested::create_record(exec, data, &now()).await)
            .await?
    };
    load_written(exec, includes, strategy, &mut record).await?;
    Ok(record)
}

/// Rows per multi-row INSERT of `createMany` on PostgreSQL and MySQL, at most (fewer when a
/// row has many columns, to stay far under both protocols' 65,535 parameters).
const PG_ROWS_PER_INSERT: usize = 1_000;
const PG_PARAMS_PER_INSERT: usize = 16_384;

async fn flush<M: Model>(
    exec: Exec<'_>,
    columns: &[Col],
    rows: Vec<Vec<Value>>,
    skip: bool,
) -> Result<u64> {
    if exec.dialect().multi_row_inserts() && !columns.is_empty() {
        // One round trip per chunk of rows rather than per row, as Prisma does on server
        // databases; every full chunk shares one prepared statement.
        let per = (PG_PARAMS_PER_INSERT / columns.len()).clamp(1, PG_ROWS_PER_INSERT);
        let mut n = 0;
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let insert = Insert {
                model: M::META,
                columns: columns.to_vec(),
                rows: rows.by_ref().take(per).collect(),
                skip_duplicates: skip,
                returning: false,
            };
            n += exec
                .execute(&render::insert(exec.dialect(), insert))
                .await?;
        }
        return Ok(n);
    }
    let first = rows.first().cloned().unwrap_or_default();
    let insert = Insert {
        model: M::META,
        columns: columns.to_vec(),
        rows: vec![first],
        skip_duplicates: skip,
        returning: false,
    };
    let sql = render::insert(exec.dialect(), insert);
    exec.execute_many(&sql.text, rows).await
}

/// `createMany` takes no nested writes (as in Prisma): refuse them rather than drop them.
pub(crate) fn refuse_nested<M: Model>(data: &[CreateData<M>]) -> Result<()> {
    if data.iter().any(|d| !d.nested.is_empty()) {
        return Err(Error::InvalidQuery(format!(
            "createMany on {} cannot run nested writes: create those records one by one",
            M::META.name
        )));
    }
    Ok(())
}

/// `createMany` / `createManyAndReturn`.
pub struct CreateMany<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    pub(crate) data: Vec<CreateData<M>>,
    pub(crate) skip_duplicates: bool,
    pub(crate) includes: Vec<Include<M>>,
}

impl<'a, M: Model> CreateMany<'a, M> {
    /// `skipDuplicates`: rows that violate a unique constraint are skipped.
    pub fn skip_duplicates(mut self) -> Self {
        self.skip_duplicates = true;
        self
    }

    /// `include` relations in the records [`CreateMany::exec_and_return`] returns (Prisma
    /// allows to-one relations there; any relation works here), one query per relation for
    /// all the records. [`CreateMany::exec`], which returns a count, refuses it.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.includes.push(include.into());
        self
    }

    /// Runs it, returning the number of records created. Rows are inserted one statement
    /// each, in one transaction: the statement is rendered once per set of columns and its
    /// preparation is reused, which on SQLite is faster than one long multi-row INSERT.
    pub fn exec(self) -> impl Future<Output = Result<u64>> + 'a {
        self.exec
            .operation(Some(M::META.name), "createMany", move || self.run())
    }

    /// The operation's work, which [`Self::exec`] runs in its span.
    async fn run(self) -> Result<u64> {
        refuse_nested(&self.data)?;
        if !self.includes.is_empty() {
            return Err(Error::InvalidQuery(
                "`include` on createMany, which returns a count: use `exec_and_return()` \
                 (createManyAndReturn) to get the records with their relations"
                    .into(),
            ));
        }
        let skip = self.skip_duplicates;
        let mut data = self.data;
        crate::extension::create(self.exec, OperationKind::CreateMany, &mut data)?;
        let exec = self.exec;
        if let Some(arounds) = crate::extension::arounds::<M>(exec) {
            let args = crate::extension::create_many_args(OperationKind::CreateMany, data);
            let work = move |args: crate::CreateArgs<M>| {
                Box::pin(async move {
                    refuse_nested(&args.data)?;
                    insert_many(exec, args.data, skip).await
                }) as _
            };
            return arounds.create_many(args, work).await;
        }
        insert_many(exec, data, skip).await
    }
}

/// `createMany`'s work, inside the `Around` hooks of [`CreateMany::run`].
async fn insert_many<M: Model>(
    exec: Exec<'_>,
    data: Vec<CreateData<M>>,
    skip: bool,
) -> Result<u64> {
    let now = now();
    exec.atomically(async move |exec| {
        // Consecutive rows with the same columns share one prepared statement.
        let mut n = 0;
        let mut batch: Vec<Vec<Value>> = Vec::new();
        let mut batch_columns: Vec<Col> = Vec::new();
        let mut columns: Vec<Col> = Vec::new();
        for row in data {
            let values = row.resolve_into(&now, exec.dialect(), &mut columns);
            if columns != batch_columns {
                if !batch.is_empty() {
                    n += flush::<M>(exec, &batch_columns, std::mem::take(&mut batch), skip).await?;
                }
                std::mem::swap(&mut batch_columns, &mut columns);
            }
            batch.push(values);
        }
        if !batch.is_empty() {
            n += flush::<M>(exec, &batch_columns, batch, skip).await?;
        }
        Ok(n)
    })
    .await
}

impl<'a, M: Model> CreateMany<'a, M> {
    /// `createManyAndReturn`: runs it, returning the created records (with the relations
    /// included, loaded in the same transaction).
    pub fn exec_and_return(self) -> impl Future<Output = Result<Vec<M>>> + 'a {
        self.exec
            .operation(Some(M::META.name), "createManyAndReturn", move || {
                self.run_and_return()
            })
    }

    /// The operation's work, which [`Self::exec_and_return`] runs in its span.
    async fn run_and_return(self) -> Result<Vec<M>> {
        let skip = self.skip_duplicates;
        let (mut data, includes) = (self.data, self.includes);
        let op = OperationKind::CreateManyAndReturn;
        crate::extension::create(self.exec, op, &mut data)?;
        let exec = self.exec;
        if let Some(arounds) = crate::extension::arounds::<M>(exec) {
            let args = crate::extension::create_many_args(op, data);
            let work = move |args: crate::CreateArgs<M>| {
                Box::pin(insert_many_returning(
                    exec,
                    args.data,
                    skip,
                    includes.clone(),
                )) as _
            };
            return arounds.create_many_and_return(args, work).await;
        }
        insert_many_returning(exec, data, skip, includes).await
    }
}

/// `createManyAndReturn`'s work, inside the `Around` hooks of
/// [`CreateMany::exec_and_return`].
async fn insert_many_returning<M: Model>(
    exec: Exec<'_>,
    data: Vec<CreateData<M>>,
    skip: bool,
    includes: Vec<Include<M>>,
) -> Result<Vec<M>> {
    refuse_nested(&data)?;
    exec.atomically(async move |exec| {
        let mut created = insert_returning(exec, data, skip).await?;
        load_all(exec, &includes, &mut created).await?;
        Ok(created)
    })
    .await
}

/// Inserts `data` row by row, returning the records created, in order (those a unique
/// constraint skipped, with `skip`, are left out). Runs on `exec` as it is: the caller makes
/// it atomic.
pub(crate) async fn insert_returning<M: Model>(
    exec: Exec<'_>,
    data: Vec<CreateData<M>>,
    skip: bool,
) -> Result<Vec<M>> {
    let now = now();
    let mut out = Vec::with_capacity(data.len());
    for row in data {
        if let Some(r) = insert_one(exec, row, &now, skip, true).await? {
            out.push(r);
        }
    }
    Ok(out)
}
