//! Prisma Client's operations on one model: `find_many`, `create`, `update`, … Each returns a
//! builder; `exec().await` runs it.

use std::marker::PhantomData;

use chrono::Utc;

use crate::client::Exec;
use crate::defaults;
use crate::error::{Error, Result};
use crate::include::{Include, load_all};
use crate::meta::ClientDefault;
use crate::nested::UpdateData;
use crate::query::{Agg, AggFn, Aggregate, Col, Cond, Delete, Insert, Select, SetExpr, Update};
use crate::render::{self, ClientDialect as _};
use crate::typed::{AggExpr, Creatable, Field, Filter, Model, Order, Set, Unique, Writable};
use crate::value::Value;

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
        FindMany {
            exec: self.exec,
            select: Select::all(M::META),
            includes: Vec::new(),
            distinct: Vec::new(),
        }
    }

    /// `findFirst`: the first record matching `filter` in the order asked.
    pub fn find_first(&self, filter: impl Into<Filter<M>>) -> FindFirst<'a, M> {
        FindFirst {
            inner: self.find_many().filter(filter),
            throw: None,
        }
    }

    /// `findFirstOrThrow`.
    pub fn find_first_or_throw(&self, filter: impl Into<Filter<M>>) -> FindFirst<'a, M> {
        FindFirst {
            inner: self.find_many().filter(filter),
            throw: Some("findFirstOrThrow"),
        }
    }

    /// `findUnique`.
    pub fn find_unique(&self, unique: Unique<M>) -> FindFirst<'a, M> {
        FindFirst {
            inner: self.find_many().filter(unique),
            throw: None,
        }
    }

    /// `findUniqueOrThrow`.
    pub fn find_unique_or_throw(&self, unique: Unique<M>) -> FindFirst<'a, M> {
        FindFirst {
            inner: self.find_many().filter(unique),
            throw: Some("findUniqueOrThrow"),
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
        }
    }
}

/// `findMany`.
pub struct FindMany<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    pub(crate) select: Select,
    pub(crate) includes: Vec<Include<M>>,
    pub(crate) distinct: Vec<usize>,
}

impl<'a, M: Model> FindMany<'a, M> {
    /// `where` (several calls combine with AND).
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.select.filter =
            std::mem::replace(&mut self.select.filter, Cond::True).and(filter.into().cond);
        self
    }
    /// `orderBy` (several calls sort by each in turn).
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.select.order.push(order.item);
        self
    }
    /// `take`.
    pub fn take(mut self, n: i64) -> Self {
        self.select.take = Some(n);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.select.skip = Some(n);
        self
    }
    /// `cursor`: start at the record `unique` picks.
    pub fn cursor(mut self, unique: Unique<M>) -> Self {
        self.select.cursor = Some(unique.cond);
        self
    }
    /// `distinct` on a field (several calls: distinct on the combination).
    pub fn distinct<T>(mut self, field: Field<M, T>) -> Self {
        self.distinct.push(field.index);
        self
    }
    /// `include` a relation.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.includes.push(include.into());
        self
    }

    /// Runs the query.
    pub async fn exec(mut self) -> Result<Vec<M>> {
        let dialect = self.exec.dialect();
        let backwards = self.select.plain_page(false)?;
        let mut records = if self.distinct.is_empty() {
            let sql = render::select(dialect, &self.select);
            self.exec.query(&sql, M::from_row).await?
        } else {
            // Distinct is applied in memory after ordering, as Prisma does, then paginated.
            let (take, skip) = (self.select.take, self.select.skip);
            let mut all = self.select.clone();
            all.take = None;
            all.skip = None;
            let sql = render::select(dialect, &all);
            let rows = self.exec.query(&sql, M::from_row).await?;
            let mut seen = std::collections::HashSet::new();
            let rows = rows.into_iter().filter(|r| {
                let key: Vec<String> = self
                    .distinct
                    .iter()
                    .map(|f| format!("{:?}", r.value(*f)))
                    .collect();
                seen.insert(key)
            });
            let rows = rows.skip(skip.unwrap_or(0).max(0) as usize);
            match take {
                Some(t) => rows.take(t.max(0) as usize).collect(),
                None => rows.collect(),
            }
        };
        if backwards {
            records.reverse();
        }
        load_all(self.exec, &self.includes, &mut records).await?;
        Ok(records)
    }
}

/// `findFirst` / `findUnique` (and their `OrThrow` forms).
pub struct FindFirst<'a, M: Model> {
    pub(crate) inner: FindMany<'a, M>,
    pub(crate) throw: Option<&'static str>,
}

impl<'a, M: Model> FindFirst<'a, M> {
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
    /// `cursor`: the first record from the one `unique` picks on, in the order asked.
    pub fn cursor(mut self, unique: Unique<M>) -> Self {
        self.inner = self.inner.cursor(unique);
        self
    }
    /// `include` a relation.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.inner = self.inner.include(include);
        self
    }

    /// Runs the query: `None` when no record matches (an error for the `OrThrow` forms).
    pub async fn exec(self) -> Result<Option<M>> {
        let throw = self.throw;
        let found = self.inner.take(1).exec().await?.into_iter().next();
        match (found, throw) {
            (None, Some(op)) => Err(Error::not_found(format!(
                "No {} found ({op}).",
                M::META.name
            ))),
            (found, _) => Ok(found),
        }
    }

    /// Runs the query; P2025 when no record matches.
    pub async fn exec_or_throw(mut self) -> Result<M> {
        self.throw.get_or_insert("findFirstOrThrow");
        self.exec()
            .await?
            .ok_or_else(|| Error::not_found(format!("No {} found.", M::META.name)))
    }
}

/// The data of one record to create: the columns given, the rest defaulted, and records to
/// create along with it in relation fields (nested creates).
pub struct CreateData<M> {
    pub(crate) sets: Vec<(Col, Value)>,
    pub(crate) nested: Vec<std::sync::Arc<dyn crate::nested::Op<M>>>,
    _m: PhantomData<fn() -> M>,
}

impl<M> Clone for CreateData<M> {
    fn clone(&self) -> Self {
        CreateData {
            sets: self.sets.clone(),
            nested: self.nested.clone(),
            _m: PhantomData,
        }
    }
}

impl<M> std::fmt::Debug for CreateData<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateData")
            .field("sets", &self.sets)
            .field("nested", &self.nested.len())
            .finish()
    }
}

impl<M: Model> CreateData<M> {
    /// Data with these columns (generated `create` functions call this with the required
    /// fields).
    pub fn new(sets: Vec<(Col, Value)>) -> Self {
        CreateData {
            sets,
            nested: Vec::new(),
            _m: PhantomData,
        }
    }

    pub(crate) fn put(&mut self, column: Col, value: Value) {
        if let Some(slot) = self.sets.iter_mut().find(|(c, _)| *c == column) {
            slot.1 = value;
        } else {
            self.sets.push((column, value));
        }
    }

    /// Sets an optional field (or one with a default).
    pub fn set(mut self, set: Set<M>) -> Self {
        let value = match set.expr {
            SetExpr::Value(v) => v,
            SetExpr::Increment(v)
            | SetExpr::Decrement(v)
            | SetExpr::Multiply(v)
            | SetExpr::Divide(v)
            | SetExpr::Push(v) => v,
        };
        if let Some(slot) = self.sets.iter_mut().find(|(c, _)| *c == set.column) {
            slot.1 = value;
        } else {
            self.sets.push((set.column, value));
        }
        self
    }

    /// The columns and values to insert, with the defaults Prisma Client computes itself
    /// (`now()`, `@updatedAt`, `uuid()`, `cuid()`, `cuid(2)`, `ulid()`, `nanoid()`) filled in.
    pub(crate) fn resolve(self, now: &Now, dialect: render::Dialect) -> (Vec<Col>, Vec<Value>) {
        let mut columns = Vec::new();
        let values = self.resolve_into(now, dialect, &mut columns);
        (columns, values)
    }

    /// [`CreateData::resolve`] with the columns written into `columns` (cleared first), so
    /// that `createMany` compares each row's columns without allocating them per row.
    pub(crate) fn resolve_into(
        self,
        now: &Now,
        dialect: render::Dialect,
        columns: &mut Vec<Col>,
    ) -> Vec<Value> {
        let n = M::META.fields.len().max(self.sets.len());
        columns.clear();
        columns.reserve(n);
        let mut values = Vec::with_capacity(n);
        for (c, v) in self.sets {
            columns.push(c);
            values.push(v);
        }
        let given = columns.len();
        for f in M::META.fields {
            if f.default == ClientDefault::None || columns[..given].contains(&f.column) {
                continue;
            }
            let Some(value) = client_default(f.default, now, dialect) else {
                continue;
            };
            values.push(value);
            columns.push(f.column);
        }
        values
    }
}

/// The value Prisma Client computes for a field with this default (`None`: the database's).
pub(crate) fn client_default(
    default: ClientDefault,
    now: &Now,
    dialect: render::Dialect,
) -> Option<Value> {
    Some(match default {
        ClientDefault::Now | ClientDefault::UpdatedAt => now.value(dialect),
        ClientDefault::Uuid => Value::Text(defaults::uuid()),
        ClientDefault::UuidV7 => Value::Text(defaults::uuid_v7()),
        ClientDefault::Cuid => Value::Text(defaults::cuid()),
        ClientDefault::Cuid2 => Value::Text(defaults::cuid2()),
        ClientDefault::Ulid => Value::Text(defaults::ulid()),
        ClientDefault::Nanoid(n) => Value::Text(defaults::nanoid(n)),
        ClientDefault::None => return None,
    })
}

/// The one timestamp of an operation (`now()`, `@updatedAt`), in milliseconds as Prisma keeps
/// it, with its SQLite text form computed once for every row that needs it.
pub(crate) struct Now {
    at: chrono::DateTime<Utc>,
    sqlite_text: std::sync::Arc<str>,
}

impl Now {
    pub(crate) fn value(&self, dialect: render::Dialect) -> Value {
        if render::timestamps_as_text(dialect) {
            Value::SharedText(self.sqlite_text.clone())
        } else {
            Value::DateTime(self.at)
        }
    }
}

pub(crate) fn now() -> Now {
    let t = Utc::now();
    let at = chrono::DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t);
    Now {
        at,
        sqlite_text: crate::value::sqlite_datetime_text(&at).into(),
    }
}

pub(crate) async fn insert_one<M: Model>(
    exec: Exec<'_>,
    data: CreateData<M>,
    now: &Now,
    skip_duplicates: bool,
    returning: bool,
) -> Result<Option<M>> {
    let (columns, values) = data.resolve(now, exec.dialect());
    let insert = Insert {
        model: M::META,
        columns,
        rows: vec![values],
        skip_duplicates,
        returning,
    };
    if returning {
        return crate::returning::insert(exec, insert).await;
    }
    exec.execute(&render::insert(exec.dialect(), &insert))
        .await?;
    Ok(None)
}

/// `create`.
pub struct Create<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    pub(crate) data: CreateData<M>,
    pub(crate) includes: Vec<Include<M>>,
}

impl<'a, M: Model> Create<'a, M> {
    /// `include` relations in the returned record.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.includes.push(include.into());
        self
    }

    /// Runs it, returning the created record (with its nested creates, in one transaction).
    pub async fn exec(self) -> Result<M> {
        let data = self.data;
        let mut record = if data.nested.is_empty() {
            insert_one(self.exec, data, &now(), false, true)
                .await?
                .ok_or_else(|| Error::InvalidQuery("INSERT … RETURNING returned no row".into()))?
        } else {
            self.exec
                .atomically(async move |exec| {
                    crate::nested::create_record(exec, data, &now()).await
                })
                .await?
        };
        load_all(self.exec, &self.includes, std::slice::from_mut(&mut record)).await?;
        Ok(record)
    }
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
                .execute(&render::insert(exec.dialect(), &insert))
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
    let sql = render::insert(exec.dialect(), &insert);
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
    pub async fn exec(self) -> Result<u64> {
        refuse_nested(&self.data)?;
        if !self.includes.is_empty() {
            return Err(Error::InvalidQuery(
                "`include` on createMany, which returns a count: use `exec_and_return()` \
                 (createManyAndReturn) to get the records with their relations"
                    .into(),
            ));
        }
        let now = now();
        let skip = self.skip_duplicates;
        let data = self.data;
        self.exec
            .atomically(async move |exec| {
                // Consecutive rows with the same columns share one prepared statement.
                let mut n = 0;
                let mut batch: Vec<Vec<Value>> = Vec::new();
                let mut batch_columns: Vec<Col> = Vec::new();
                let mut columns: Vec<Col> = Vec::new();
                for row in data {
                    let values = row.resolve_into(&now, exec.dialect(), &mut columns);
                    if columns != batch_columns {
                        if !batch.is_empty() {
                            n += flush::<M>(exec, &batch_columns, std::mem::take(&mut batch), skip)
                                .await?;
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

    /// `createManyAndReturn`: runs it, returning the created records (with the relations
    /// included, loaded in the same transaction).
    pub async fn exec_and_return(self) -> Result<Vec<M>> {
        refuse_nested(&self.data)?;
        let skip = self.skip_duplicates;
        let (data, includes) = (self.data, self.includes);
        self.exec
            .atomically(async move |exec| {
                let mut created = insert_returning(exec, data, skip).await?;
                load_all(exec, &includes, &mut created).await?;
                Ok(created)
            })
            .await
    }
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

pub(crate) fn with_updated_at<M: Model>(
    data: Vec<Set<M>>,
    now: &Now,
    dialect: render::Dialect,
) -> Vec<(Col, SetExpr)> {
    let mut sets: Vec<(Col, SetExpr)> = data.into_iter().map(|s| (s.column, s.expr)).collect();
    for f in M::META.fields {
        if f.default == ClientDefault::UpdatedAt && !sets.iter().any(|(c, _)| *c == f.column) {
            sets.push((f.column, SetExpr::Value(now.value(dialect))));
        }
    }
    sets
}

/// `update`.
pub struct UpdateOne<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    pub(crate) filter: Cond,
    pub(crate) data: UpdateData<M>,
    pub(crate) includes: Vec<Include<M>>,
}

impl<'a, M: Model> UpdateOne<'a, M> {
    /// `include` relations in the returned record.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.includes.push(include.into());
        self
    }

    /// Runs it, returning the updated record; P2025 when no record matches.
    pub async fn exec(self) -> Result<M> {
        let (exec, filter, data) = (self.exec, self.filter, self.data);
        let found = if data.nested.is_empty() {
            crate::nested::update_record(exec, filter, data, &now()).await?
        } else {
            exec.atomically(async move |exec| {
                crate::nested::update_record(exec, filter, data, &now()).await
            })
            .await?
        };
        let mut record = found.ok_or_else(|| {
            Error::not_found(format!(
                "No record was found for an update on {}.",
                M::META.name
            ))
        })?;
        load_all(self.exec, &self.includes, std::slice::from_mut(&mut record)).await?;
        Ok(record)
    }
}

/// `updateMany` / `updateManyAndReturn`.
pub struct UpdateMany<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    filter: Cond,
    data: Vec<Set<M>>,
    limit: Option<i64>,
    includes: Vec<Include<M>>,
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

    fn statement(self, returning: bool) -> Result<(Exec<'a>, render::Sql, Vec<Include<M>>)> {
        let limit = checked_limit::<M>(self.limit)?;
        let sets = with_updated_at(self.data, &now(), self.exec.dialect());
        let update = Update {
            model: M::META,
            sets,
            filter: self.filter,
            returning,
        };
        let sql = render::update_limited(self.exec.dialect(), &update, limit);
        Ok((self.exec, sql, self.includes))
    }

    /// Runs it, returning the number of records updated.
    pub async fn exec(self) -> Result<u64> {
        if !self.includes.is_empty() {
            return Err(Error::InvalidQuery(
                "`include` on updateMany, which returns a count: use `exec_and_return()` \
                 (updateManyAndReturn) to get the records with their relations"
                    .into(),
            ));
        }
        let (exec, sql, _) = self.statement(false)?;
        exec.execute(&sql).await
    }

    /// `updateManyAndReturn`: runs it, returning the updated records (with the relations
    /// included, loaded in the same transaction), through `UPDATE … RETURNING`. As in Prisma,
    /// only where the database has it (SQLite, PostgreSQL): MySQL and MariaDB get P2009.
    pub async fn exec_and_return(self) -> Result<Vec<M>> {
        if !self.exec.returning().update {
            return Err(Error::InvalidQuery(format!(
                "updateManyAndReturn on {} needs UPDATE … RETURNING, which MySQL and MariaDB \
                 do not have (Prisma offers it on PostgreSQL, CockroachDB and SQLite only): \
                 use `update_many(…).exec()` and read the records with `find_many`",
                M::META.name
            )));
        }
        let (exec, sql, includes) = self.statement(true)?;
        exec.atomically(async move |exec| {
            let mut updated = exec.query(&sql, M::from_row).await?;
            load_all(exec, &includes, &mut updated).await?;
            Ok(updated)
        })
        .await
    }
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
    /// Runs it, returning the record updated or created.
    pub async fn exec(self) -> Result<M> {
        let Upsert {
            exec,
            filter,
            create,
            update,
        } = self;
        exec.atomically(async move |exec| {
            let now = now();
            if let Some(r) = crate::nested::update_record(exec, filter, update, &now).await? {
                return Ok(r);
            }
            crate::nested::create_record(exec, create, &now).await
        })
        .await
    }
}

/// `delete`.
pub struct DeleteOne<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    pub(crate) filter: Cond,
    _m: PhantomData<fn() -> M>,
}

impl<'a, M: Model> DeleteOne<'a, M> {
    /// Runs it, returning the deleted record; P2025 when no record matches.
    pub async fn exec(self) -> Result<M> {
        let delete = Delete {
            model: M::META,
            filter: self.filter,
            returning: true,
        };
        crate::returning::delete(self.exec, delete)
            .await?
            .ok_or_else(|| {
                Error::not_found(format!(
                    "No record was found for a delete on {}.",
                    M::META.name
                ))
            })
    }
}

/// `deleteMany`.
pub struct DeleteMany<'a, M: Model> {
    pub(crate) exec: Exec<'a>,
    filter: Cond,
    limit: Option<i64>,
    _m: PhantomData<fn() -> M>,
}

impl<'a, M: Model> DeleteMany<'a, M> {
    /// `limit`: delete at most `n` of the records the filter picks (P2009 when negative).
    pub fn limit(mut self, n: i64) -> Self {
        self.limit = Some(n);
        self
    }

    /// Runs it, returning the number of records deleted.
    pub async fn exec(self) -> Result<u64> {
        let limit = checked_limit::<M>(self.limit)?;
        let sql = render::delete_limited(
            self.exec.dialect(),
            &Delete {
                model: M::META,
                filter: self.filter,
                returning: false,
            },
            limit,
        );
        self.exec.execute(&sql).await
    }
}

/// `count`.
pub struct Count<'a, M: Model> {
    pub(crate) inner: FindMany<'a, M>,
}

impl<'a, M: Model> Count<'a, M> {
    /// `where`.
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.inner = self.inner.filter(filter);
        self
    }
    /// `take`.
    pub fn take(mut self, n: i64) -> Self {
        self.inner = self.inner.take(n);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.inner = self.inner.skip(n);
        self
    }
    /// Runs it.
    pub async fn exec(mut self) -> Result<i64> {
        self.inner.select.plain_page(false)?;
        let sql = render::count(self.inner.exec.dialect(), &self.inner.select);
        let rows = self.inner.exec.query(&sql, |r| r.read::<i64>()).await?;
        Ok(rows.into_iter().next().unwrap_or(0))
    }
}

/// The result of `aggregate`: each aggregate asked, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateRow {
    aggregates: Vec<(Agg, Value)>,
    keys: Vec<(Col, Value)>,
}

impl AggregateRow {
    /// The value of an aggregate asked for (`Null` for a sum over no rows, as in Prisma).
    pub fn get<M>(&self, agg: AggExpr<M>) -> Option<&Value> {
        self.aggregates
            .iter()
            .find(|(a, _)| *a == agg.agg)
            .map(|(_, v)| v)
    }
    /// `_count._all`.
    pub fn count_all(&self) -> Option<i64> {
        match self.aggregates.iter().find(|(a, _)| {
            *a == Agg {
                func: AggFn::Count,
                column: None,
            }
        }) {
            Some((_, Value::Int(n))) => Some(*n),
            _ => None,
        }
    }
    /// The value of a group-by field in this group.
    pub fn key<M, T>(&self, field: Field<M, T>) -> Option<&Value> {
        self.keys
            .iter()
            .find(|(c, _)| *c == field.column)
            .map(|(_, v)| v)
    }
}

/// `aggregate`.
pub struct AggregateQuery<'a, M: Model> {
    pub(crate) inner: FindMany<'a, M>,
    aggregates: Vec<Agg>,
}

impl<'a, M: Model> AggregateQuery<'a, M> {
    /// `where`.
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.inner = self.inner.filter(filter);
        self
    }
    /// `orderBy` (with `take`/`skip`: which records are aggregated).
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.inner = self.inner.order_by(order);
        self
    }
    /// `take`.
    pub fn take(mut self, n: i64) -> Self {
        self.inner = self.inner.take(n);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.inner = self.inner.skip(n);
        self
    }
    /// `cursor`: aggregate the records from the one `unique` picks on, in the order asked.
    pub fn cursor(mut self, unique: Unique<M>) -> Self {
        self.inner = self.inner.cursor(unique);
        self
    }
    /// Adds an aggregate (`field.sum()`, `AggExpr::count_all()`, …).
    pub fn select(mut self, agg: AggExpr<M>) -> Self {
        self.aggregates.push(agg.agg);
        self
    }
    /// Runs it.
    pub async fn exec(mut self) -> Result<AggregateRow> {
        self.inner.select.plain_page(false)?;
        let a = Aggregate {
            select: self.inner.select,
            group_by: Vec::new(),
            having: Cond::True,
            aggregates: self.aggregates.clone(),
        };
        let sql = render::aggregate(self.inner.exec.dialect(), &a);
        let n = self.aggregates.len();
        let rows = self
            .inner
            .exec
            .query(&sql, |r| {
                (0..n)
                    .map(|_| r.read::<Value>())
                    .collect::<Result<Vec<_>>>()
            })
            .await?;
        let values = rows.into_iter().next().unwrap_or_default();
        Ok(AggregateRow {
            aggregates: self.aggregates.into_iter().zip(values).collect(),
            keys: Vec::new(),
        })
    }
}

/// `groupBy`.
pub struct GroupBy<'a, M: Model> {
    pub(crate) inner: FindMany<'a, M>,
    by: Vec<Col>,
    having: Cond,
    aggregates: Vec<Agg>,
}

impl<'a, M: Model> GroupBy<'a, M> {
    /// `where`.
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.inner = self.inner.filter(filter);
        self
    }
    /// `having` (aggregate filters: `field.sum().gt(10)`).
    pub fn having(mut self, filter: Filter<M>) -> Self {
        self.having = std::mem::replace(&mut self.having, Cond::True).and(filter.cond);
        self
    }
    /// `orderBy` (a group-by field or an aggregate).
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.inner = self.inner.order_by(order);
        self
    }
    /// `take`.
    pub fn take(mut self, n: i64) -> Self {
        self.inner = self.inner.take(n);
        self
    }
    /// `skip`.
    pub fn skip(mut self, n: i64) -> Self {
        self.inner = self.inner.skip(n);
        self
    }
    /// Adds an aggregate per group.
    pub fn select(mut self, agg: AggExpr<M>) -> Self {
        self.aggregates.push(agg.agg);
        self
    }
    /// Runs it: one row per group.
    pub async fn exec(mut self) -> Result<Vec<AggregateRow>> {
        let backwards = self.inner.select.plain_page(true)?;
        let a = Aggregate {
            select: self.inner.select,
            group_by: self.by.clone(),
            having: self.having,
            aggregates: self.aggregates.clone(),
        };
        let sql = render::aggregate(self.inner.exec.dialect(), &a);
        let (by, aggregates) = (self.by, self.aggregates);
        self.inner
            .exec
            .query(&sql, |r| {
                let keys = by
                    .iter()
                    .map(|c| Ok((*c, r.read::<Value>()?)))
                    .collect::<Result<Vec<_>>>()?;
                let aggs = aggregates
                    .iter()
                    .map(|a| Ok((*a, r.read::<Value>()?)))
                    .collect::<Result<Vec<_>>>()?;
                Ok(AggregateRow {
                    aggregates: aggs,
                    keys,
                })
            })
            .await
            .map(|mut rows| {
                if backwards {
                    rows.reverse();
                }
                rows
            })
    }
}
