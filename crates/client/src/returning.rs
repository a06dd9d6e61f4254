//! Writes that return the record they wrote: with `RETURNING` where the server has it for
//! that write ([`crate::Exec::returning`]: every write on SQLite and PostgreSQL, INSERT and
//! DELETE on MariaDB 10.5 and later), and where it has not as Prisma does on MySQL: the
//! record is read back by its primary key after the write, the primary key of a new record
//! being the one given or the auto-increment value the database generated
//! (`LAST_INSERT_ID()`).
//!
//! An update whose filter names the whole primary key (and that does not change it
//! arithmetically) is two statements: the UPDATE on the filter (rows *matched* are counted,
//! `CLIENT_FOUND_ROWS`, so none means no record) and a read by the key, which picks the same
//! record (its key is the one the filter named, or the value the update set). An update by
//! another unique field of a model with an integer id is two statements as well: the UPDATE
//! also assigns the id to itself through `LAST_INSERT_ID(id)`, which changes nothing but
//! reports the matched record's id in the statement's result, and the read is by that id. Any other update (a string or
//! composite id, a changed id, a relation filter) or delete finds its record first and writes
//! it by primary key, in one transaction.

use crate::client::Exec;
use crate::error::{Error, Result};
use crate::meta::ScalarKind;
use crate::query::{CmpOp, Col, Cond, Delete, Insert, Select, SetExpr, Update};
use crate::render::{self, ClientDialect as _};
use crate::typed::Model;
use crate::value::Value;

/// The first row a query returns.
async fn first<M: Model>(exec: Exec<'_>, sql: &render::Sql) -> Result<Option<M>> {
    Ok(exec.query(sql, M::from_row).await?.into_iter().next())
}

/// The record the primary key `values` picks.
async fn by_key<M: Model>(exec: Exec<'_>, values: Vec<Value>) -> Result<Option<M>> {
    let select = Select {
        filter: key_cond::<M>(values),
        take: Some(1),
        ..Select::all(M::META)
    };
    first(exec, &render::select(exec.dialect(), &select)?).await
}

fn key_cond<M: Model>(values: Vec<Value>) -> Cond {
    Cond::And(
        M::META
            .primary_key
            .iter()
            .zip(values)
            .map(|(&f, v)| Cond::Cmp(M::META.fields[f].column, CmpOp::Eq, v))
            .collect(),
    )
}

fn key_of<M: Model>(record: &M) -> Vec<Value> {
    M::META
        .primary_key
        .iter()
        .map(|&f| record.value(f))
        .collect()
}

fn no_key<M: Model>() -> Error {
    Error::InvalidQuery(format!(
        "model {} has no primary key to read a written record back by (the database has no \
         RETURNING): give it an @id",
        M::META.name
    ))
}

/// Whether a condition has no subquery (no relation filter, no cursor), which MySQL would
/// refuse in an UPDATE or DELETE when it reads the written table
/// ([`render::Dialect::writes_read_own_table`]).
fn is_plain(cond: &Cond) -> bool {
    match cond {
        Cond::And(items) | Cond::Or(items) => items.iter().all(is_plain),
        Cond::Not(inner) => is_plain(inner),
        Cond::Relation(..)
        | Cond::CursorCmp { .. }
        | Cond::CursorOrderCmp { .. }
        | Cond::Aggregate(..) => false,
        Cond::True
        | Cond::False
        | Cond::Cmp(..)
        | Cond::In(..)
        | Cond::InInsensitive(..)
        | Cond::ColumnCmp(..)
        | Cond::ColumnLike(..)
        | Cond::ColumnInList(..)
        | Cond::IsNull(..)
        | Cond::Like(..)
        | Cond::List(..)
        | Cond::Json(..)
        | Cond::Search(..) => true,
    }
}

/// The primary key a filter names in full (`id = ?`, alone or and-ed with other
/// conditions), so that the record it matches, if any, has this key.
fn key_in_filter<M: Model>(filter: &Cond) -> Option<Vec<Value>> {
    let conjuncts = match filter {
        Cond::And(items) => items.as_slice(),
        single => std::slice::from_ref(single),
    };
    if M::META.primary_key.is_empty() {
        return None;
    }
    M::META
        .primary_key
        .iter()
        .map(|&f| {
            let column = M::META.fields[f].column;
            conjuncts.iter().find_map(|c| match c {
                Cond::Cmp(col, CmpOp::Eq, v) if *col == column && !matches!(v, Value::Null) => {
                    Some(v.clone())
                }
                _ => None,
            })
        })
        .collect()
}

/// The primary key after `update` of a record whose key was `old_key`.
fn key_after<M: Model>(old_key: Vec<Value>, update: &Update) -> Result<Vec<Value>> {
    let mut new_key = old_key;
    for (slot, &f) in new_key.iter_mut().zip(M::META.primary_key) {
        let column = M::META.fields[f].column;
        match update.sets.iter().rev().find(|(c, _)| *c == column) {
            None => {}
            Some((_, SetExpr::Value(v))) => *slot = v.clone(),
            Some(_) => {
                return Err(Error::InvalidQuery(format!(
                    "the id `{column}` of {} cannot be changed arithmetically on a \
                     database without UPDATE … RETURNING: set it to a value",
                    M::META.name
                )));
            }
        }
    }
    Ok(new_key)
}

/// The id column an UPDATE of `M` can report ([`render::Dialect::update_reports_id`]): a
/// single integer primary key that the update leaves alone, with a filter MySQL accepts in an
/// UPDATE.
fn reportable_id<M: Model>(dialect: render::Dialect, update: &Update) -> Option<Col> {
    let [id] = M::META.primary_key else {
        return None;
    };
    let field = &M::META.fields[*id];
    let integer = matches!(field.kind, ScalarKind::Int | ScalarKind::BigInt);
    let untouched = !update.sets.iter().any(|(c, _)| *c == field.column);
    (dialect.update_reports_id() && integer && untouched && is_plain(&update.filter))
        .then_some(field.column)
}

/// Inserts one row, returning the record created (`None` when a skipped duplicate).
pub(crate) async fn insert<M: Model>(exec: Exec<'_>, mut insert: Insert) -> Result<Option<M>> {
    let dialect = exec.dialect();
    if exec.returning().insert {
        insert.returning = true;
        return first(exec, &render::insert(dialect, insert)).await;
    }
    insert.returning = false;
    // The key values given, read before the values move into the statement.
    let given: Option<Vec<Value>> = M::META
        .primary_key
        .iter()
        .map(|&f| {
            let column = M::META.fields[f].column;
            let row = insert.rows.first()?;
            insert
                .columns
                .iter()
                .position(|c| *c == column)
                .and_then(|i| row.get(i).cloned())
        })
        .collect();
    let sql = render::insert(dialect, insert);
    let (written, generated) = exec.execute_reporting_id(&sql).await?;
    if written == 0 {
        return Ok(None);
    }
    if M::META.primary_key.is_empty() {
        return Err(no_key::<M>());
    }
    let key = match (given, generated) {
        (Some(key), _) => key,
        (None, Some(id)) if M::META.primary_key.len() == 1 => {
            vec![Value::Int(i64::try_from(id).map_err(|_| {
                Error::InvalidQuery(format!("the generated id {id} does not fit in a BigInt"))
            })?)]
        }
        _ => {
            return Err(Error::InvalidQuery(format!(
                "the id of the new {} record is neither given nor generated by \
                 auto-increment, so it cannot be read back (the database has no RETURNING)",
                M::META.name
            )));
        }
    };
    by_key(exec, key).await
}

/// Updates the one record `update.filter` picks, returning it as updated (`None` when no
/// record matches).
pub(crate) async fn update<M: Model>(exec: Exec<'_>, mut update: Update) -> Result<Option<M>> {
    let dialect = exec.dialect();
    if exec.returning().update {
        update.returning = true;
        return first(exec, &render::update(dialect, &update)?).await;
    }
    if M::META.primary_key.is_empty() {
        return Err(no_key::<M>());
    }
    update.returning = false;
    if (dialect.writes_read_own_table() || is_plain(&update.filter))
        && let Some(old_key) = key_in_filter::<M>(&update.filter)
    {
        let new_key = key_after::<M>(old_key, &update)?;
        if exec.execute(&render::update(dialect, &update)?).await? == 0 {
            return Ok(None);
        }
        return by_key(exec, new_key).await;
    }
    if let Some(id) = reportable_id::<M>(dialect, &update) {
        // The UPDATE on the filter reports the id of the record it matched, and the read by
        // that id picks the same record: two statements, no transaction.
        let sql = render::update_reporting_id(dialect, &update, id)?;
        let (matched, reported) = exec.execute_reporting_id(&sql).await?;
        if matched == 0 {
            return Ok(None);
        }
        // The driver reports 0 as no id; a negative id comes back as its 64-bit pattern.
        let id = reported.unwrap_or(0) as i64;
        return by_key(exec, vec![Value::Int(id)]).await;
    }
    exec.atomically(async move |exec| {
        let select = Select {
            filter: update.filter.clone(),
            take: Some(1),
            ..Select::all(M::META)
        };
        let Some(before) = first::<M>(exec, &render::select(dialect, &select)?).await? else {
            return Ok(None);
        };
        let old_key = key_of(&before);
        let new_key = key_after::<M>(old_key.clone(), &update)?;
        update.filter = key_cond::<M>(old_key);
        exec.execute(&render::update(dialect, &update)?).await?;
        by_key(exec, new_key).await
    })
    .await
}

/// Deletes the one record `delete.filter` picks, returning it (`None` when no record
/// matches).
pub(crate) async fn delete<M: Model>(exec: Exec<'_>, mut delete: Delete) -> Result<Option<M>> {
    let dialect = exec.dialect();
    if exec.returning().delete && (dialect.writes_read_own_table() || is_plain(&delete.filter)) {
        delete.returning = true;
        return first(exec, &render::delete(dialect, &delete)?).await;
    }
    if M::META.primary_key.is_empty() {
        return Err(no_key::<M>());
    }
    exec.atomically(async move |exec| {
        let select = Select {
            filter: delete.filter.clone(),
            take: Some(1),
            ..Select::all(M::META)
        };
        let Some(record) = first::<M>(exec, &render::select(dialect, &select)?).await? else {
            return Ok(None);
        };
        delete.filter = key_cond::<M>(key_of(&record));
        delete.returning = false;
        exec.execute(&render::delete(dialect, &delete)?).await?;
        Ok(Some(record))
    })
    .await
}
