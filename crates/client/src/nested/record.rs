//! Creating and updating a record with its nested writes: the parent's own INSERT or UPDATE
//! between the writes that run before it (on the side holding the foreign key) and those that
//! run after it.

use super::queries::{find_one, record_cond};
use crate::client::Exec;
use crate::error::{Error, Result};
use crate::query::{Cond, SetExpr, Update};
use crate::typed::{Model, Set};
use crate::write::{CreateData, Now, UpdateData, insert_one, with_updated_at};

/// Creates a record and runs its nested writes. The caller runs this in a transaction.
pub(crate) async fn create_record<M: Model>(
    exec: Exec<'_>,
    mut data: CreateData<M>,
    now: &Now,
) -> Result<M> {
    let nested = std::mem::take(&mut data.nested);
    for op in nested.iter().filter(|op| op.before_parent()) {
        for (column, value) in op.before(exec, None, now).await? {
            data.put(column, value);
        }
    }
    let record = insert_one(exec, data, now, false, true)
        .await?
        .ok_or_else(|| Error::InvalidQuery("INSERT … RETURNING returned no row".into()))?;
    for op in nested.iter().filter(|op| !op.before_parent()) {
        op.after(exec, &record, true, now).await?;
    }
    Ok(record)
}

/// Updates the record `filter` picks and runs the nested writes; `None` when there is none.
/// With nested writes the caller runs this in a transaction.
pub(crate) async fn update_record<M: Model>(
    exec: Exec<'_>,
    filter: Cond,
    data: UpdateData<M>,
    now: &Now,
) -> Result<Option<M>> {
    let dialect = exec.dialect();
    if data.nested.is_empty() {
        if data.sets.is_empty() {
            // Nothing to write: the record as it is, as Prisma's engine reads it then
            // (`@updatedAt` is not moved either). An UPDATE would have no SET list.
            return find_one::<M>(exec, filter).await;
        }
        let update = Update {
            model: M::META,
            sets: with_updated_at(data.sets, now, dialect),
            filter,
            returning: true,
        };
        crate::relation_mode::before_update(exec, M::META, &update.filter, &update.sets).await?;
        return crate::returning::update::<M>(exec, update).await;
    }
    // On the heap: the nested writes' futures would otherwise weigh on every update's.
    Box::pin(update_nested(exec, filter, data, now)).await
}

/// [`update_record`] with nested writes.
async fn update_nested<M: Model>(
    exec: Exec<'_>,
    filter: Cond,
    data: UpdateData<M>,
    now: &Now,
) -> Result<Option<M>> {
    let dialect = exec.dialect();
    let Some(current) = find_one::<M>(exec, filter).await? else {
        return Ok(None);
    };
    let mut sets = data.sets;
    for op in data.nested.iter().filter(|op| op.before_parent()) {
        for (column, value) in op.before(exec, Some(&current), now).await? {
            sets.push(Set::new(column, SetExpr::Value(value)));
        }
    }
    let updated = if sets.is_empty() {
        current
    } else {
        let update = Update {
            model: M::META,
            sets: with_updated_at(sets, now, dialect),
            filter: record_cond(&current),
            returning: true,
        };
        crate::relation_mode::before_update(exec, M::META, &update.filter, &update.sets).await?;
        crate::returning::update::<M>(exec, update)
            .await?
            .ok_or_else(|| {
                Error::not_found(format!(
                    "No record was found for an update on {}.",
                    M::META.name
                ))
            })?
    };
    for op in data.nested.iter().filter(|op| !op.before_parent()) {
        op.after(exec, &updated, false, now).await?;
    }
    Ok(Some(updated))
}
