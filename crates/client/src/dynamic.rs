//! Schema-driven access: the same query AST, renderer and executor as the generated code, for
//! a tool that learns its models at run time (Refract Studio) instead of from generated types.
//!
//! A caller describes each model with [`ModelMeta`] / [`RelationMeta`] (built once, for example
//! from the validated schema, and kept for the life of the process), builds conditions and
//! orderings with [`crate::query`], and reads and writes rows as [`Value`]s, one per scalar
//! field in [`ModelMeta::fields`] order. Writes behave as the generated client's: `create`
//! fills the defaults Prisma Client computes (`now()`, `@updatedAt`, `uuid()`, `cuid()`,
//! `nanoid()`), `update` sets `@updatedAt` fields, and failures are [`crate::Error`]s with
//! Prisma's codes.
//!
//! This module is the whole of it: five functions and [`Row`]. Everything else it uses
//! (`query`, `render`, `meta`, `value`) was public already.

use crate::client::Exec;
use crate::decode::RowReader;
use crate::error::{Error, Result};
use crate::meta::{ClientDefault, ModelMeta, RelationMeta, ScalarKind};
use crate::query::{Col, Cond, Delete, Insert, Projection, Select, SetExpr, Update};
use crate::render;
use crate::value::Value;

/// One record read by [`find`]: its scalar fields in [`ModelMeta::fields`] order (the fields
/// marked `omitted` too), then the number of related records of each relation asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The scalar fields' values (NULL as [`Value::Null`]).
    pub values: Vec<Value>,
    /// The counts, in the order of the `counts` argument of [`find`].
    pub counts: Vec<i64>,
}

/// Reads the next column as a value of `kind`, as the generated code would decode it (an
/// `Enum` as [`Value::Text`] with the database's name of the variant).
fn read_value(row: &mut RowReader<'_>, kind: ScalarKind) -> Result<Value> {
    Ok(match kind {
        ScalarKind::Int | ScalarKind::BigInt => row.read::<Option<i64>>()?.into(),
        ScalarKind::Float => row.read::<Option<f64>>()?.into(),
        ScalarKind::Decimal => row.read::<Option<crate::Decimal>>()?.into(),
        ScalarKind::Boolean => row.read::<Option<bool>>()?.into(),
        ScalarKind::DateTime => row.read::<Option<chrono::DateTime<chrono::Utc>>>()?.into(),
        ScalarKind::Json => row.read::<Option<serde_json::Value>>()?.into(),
        ScalarKind::Bytes => row.read::<Option<Vec<u8>>>()?.into(),
        ScalarKind::String | ScalarKind::Enum => row.read::<Option<String>>()?.into(),
    })
}

/// `findMany` of every scalar field of `select.model`, with the number of related records of
/// each relation in `counts` (Prisma's `_count`). The select's filter, order, `take` and `skip`
/// apply as written (no cursor: page with a filter on the order's columns instead).
pub async fn find(
    exec: Exec<'_>,
    select: &Select,
    counts: &[&'static RelationMeta],
) -> Result<Vec<Row>> {
    let model = select.model.name;
    find_rows(exec, select, counts)
        .await
        .map_err(|e| e.in_model(model))
}

async fn find_rows(
    exec: Exec<'_>,
    select: &Select,
    counts: &[&'static RelationMeta],
) -> Result<Vec<Row>> {
    let model = select.model;
    let mut items: Vec<Projection> = model
        .fields
        .iter()
        .map(|f| Projection::Column(f.column))
        .collect();
    items.extend(counts.iter().map(|r| Projection::Count(r, Cond::True)));
    let sql = render::select_projected(exec.dialect(), select, &items, None)?;
    exec.query(&sql, |row| {
        let values = model
            .fields
            .iter()
            .map(|f| read_value(row, f.kind))
            .collect::<Result<Vec<_>>>()?;
        let counts = counts
            .iter()
            .map(|_| row.read::<i64>())
            .collect::<Result<Vec<_>>>()?;
        Ok(Row { values, counts })
    })
    .await
}

/// `count` of the records `select`'s filter picks.
pub async fn count(exec: Exec<'_>, select: &Select) -> Result<u64> {
    let model = select.model.name;
    count_rows(exec, select)
        .await
        .map_err(|e| e.in_model(model))
}

async fn count_rows(exec: Exec<'_>, select: &Select) -> Result<u64> {
    let sql = render::count(exec.dialect(), select)?;
    let n = exec.query(&sql, |row| row.read::<i64>()).await?;
    Ok(n.first().copied().unwrap_or(0).max(0) as u64)
}

/// `create` of one record of `model` from `data` (column, value): the defaults Prisma Client
/// computes are filled in for the fields not given. Returns the record as written where the
/// database returns it (`RETURNING`: SQLite, PostgreSQL, MariaDB 10.5+), `None` on MySQL.
pub async fn create(
    exec: Exec<'_>,
    model: &'static ModelMeta,
    data: Vec<(Col, Value)>,
) -> Result<Option<Vec<Value>>> {
    let name = model.name;
    create_rows(exec, model, data)
        .await
        .map_err(|e| e.in_model(name))
}

async fn create_rows(
    exec: Exec<'_>,
    model: &'static ModelMeta,
    data: Vec<(Col, Value)>,
) -> Result<Option<Vec<Value>>> {
    let dialect = exec.dialect();
    let now = crate::write::now();
    let (mut columns, mut values): (Vec<Col>, Vec<Value>) = data.into_iter().unzip();
    for f in model.fields {
        if columns.contains(&f.column) {
            continue;
        }
        if let Some(value) = crate::write::client_default(f.default, &now, dialect) {
            columns.push(f.column);
            values.push(value);
        }
    }
    let returning = exec.returning().insert && model.fields.iter().all(|f| !f.omitted);
    let insert = Insert {
        model,
        columns,
        rows: vec![values],
        skip_duplicates: false,
        returning,
    };
    let sql = render::insert(dialect, insert);
    if !returning {
        exec.execute(&sql).await?;
        return Ok(None);
    }
    let rows = exec
        .query(&sql, |row| {
            model
                .fields
                .iter()
                .map(|f| read_value(row, f.kind))
                .collect::<Result<Vec<_>>>()
        })
        .await?;
    Ok(rows.into_iter().next())
}

/// `updateMany` of the records `filter` picks with `data` (column, value), `@updatedAt`
/// fields set to now unless given. Returns the number of records updated; with `one`, no
/// record is P2025 (`update` of a record that is not there).
pub async fn update(
    exec: Exec<'_>,
    model: &'static ModelMeta,
    filter: Cond,
    data: Vec<(Col, Value)>,
    one: bool,
) -> Result<u64> {
    let name = model.name;
    update_rows(exec, model, filter, data, one)
        .await
        .map_err(|e| e.in_model(name))
}

async fn update_rows(
    exec: Exec<'_>,
    model: &'static ModelMeta,
    filter: Cond,
    data: Vec<(Col, Value)>,
    one: bool,
) -> Result<u64> {
    let dialect = exec.dialect();
    let now = crate::write::now();
    let mut sets: Vec<(Col, SetExpr)> = data
        .into_iter()
        .map(|(c, v)| (c, SetExpr::Value(v)))
        .collect();
    for f in model.fields {
        if f.default == ClientDefault::UpdatedAt && !sets.iter().any(|(c, _)| *c == f.column) {
            sets.push((f.column, SetExpr::Value(now.value(dialect))));
        }
    }
    let update = Update {
        model,
        sets,
        filter,
        returning: false,
    };
    let n = if crate::relation_mode::emulates(model) {
        exec.atomically(async move |exec| {
            crate::relation_mode::before_update(exec, model, &update.filter, &update.sets).await?;
            exec.execute(&render::update(dialect, &update)?).await
        })
        .await?
    } else {
        exec.execute(&render::update(dialect, &update)?).await?
    };
    if one && n == 0 {
        return Err(Error::not_found(format!(
            "No record was found for an update on {}.",
            model.name
        )));
    }
    Ok(n)
}

/// `deleteMany` of the records `filter` picks; returns how many were deleted.
pub async fn delete(exec: Exec<'_>, model: &'static ModelMeta, filter: Cond) -> Result<u64> {
    let name = model.name;
    delete_rows(exec, model, filter)
        .await
        .map_err(|e| e.in_model(name))
}

async fn delete_rows(exec: Exec<'_>, model: &'static ModelMeta, filter: Cond) -> Result<u64> {
    let delete = Delete {
        model,
        filter,
        returning: false,
    };
    if crate::relation_mode::emulates(model) {
        return exec
            .atomically(async move |exec| {
                crate::relation_mode::before_delete(exec, model, &delete.filter).await?;
                exec.execute(&render::delete(exec.dialect(), &delete)?)
                    .await
            })
            .await;
    }
    exec.execute(&render::delete(exec.dialect(), &delete)?)
        .await
}
