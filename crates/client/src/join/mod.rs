//! The relation load strategy (Prisma's `relationLoadStrategy`, with the `relationJoins`
//! preview feature): `Query` loads each include level with one more statement
//! (`crate::include`), `Join` loads the records and every included relation in one statement
//! (`render::select_joined`: LATERAL subqueries and JSON aggregation on PostgreSQL), read back
//! from the JSON into the same records (`decode::nested`).
//!
//! Queries with a selection (`select`, `omit`, relation counts) join the relations they
//! select the same way (`plan`, run by `crate::select::join`).
//!
//! Where the join strategy is not available, the query strategy runs, with a `tracing` debug
//! event saying why: on SQLite and MySQL/MariaDB (see `render/dialect/json.rs`), with a
//! `cursor` or `distinct` on the query, inside an include or inside a relation selection (as
//! Prisma does), and for records too wide for one JSON array.

mod plan;

pub(crate) use plan::{JoinPlan, Planned, not_joined};

use crate::client::Exec;
use crate::decode::nested::Json;
use crate::error::Result;
use crate::include::{Include, decode_error, load_all};
use crate::query::{CmpOp, Cond, Select};
use crate::render::{self, JoinItem};
use crate::typed::Model;

/// How a query loads the relations it includes (Prisma's `relationLoadStrategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationLoadStrategy {
    /// One statement for the records and every included relation (database-level joins:
    /// LATERAL subqueries with JSON aggregation on PostgreSQL).
    Join,
    /// One statement for the records, then one per include level (application-level joins).
    Query,
}

/// The records `select` picks, with `includes` loaded by the join strategy in the same
/// statement; `None` when the join strategy cannot load them (the caller runs the query
/// strategy; a debug event says why).
pub(crate) async fn find_many<M: Model>(
    exec: Exec<'_>,
    select: &Select,
    includes: &[Include<M>],
    distinct: bool,
) -> Result<Option<Vec<M>>> {
    let refuse = |why: String| refused::<M, _>(why);
    if !render::joins(exec.dialect()) {
        return refuse(format!("no join strategy on {:?}", exec.dialect()));
    }
    if distinct {
        return refuse("`distinct` on the query".into());
    }
    if select.cursor.is_some() {
        return refuse("`cursor` on the query".into());
    }
    let mut items: Vec<JoinItem> = JoinItem::fields(M::META).collect();
    for include in includes {
        match include.join().plan(exec)? {
            Ok(rel) => items.push(JoinItem::Relation(rel)),
            Err(why) => return refuse(why),
        }
    }
    let mut plain = select.clone();
    let backwards = plain.plain_page(false)?;
    let sql = match render::select_joined(exec.dialect(), &plain, &items)? {
        Ok(sql) => sql,
        Err(why) => return refuse(why),
    };
    let mut records = exec
        .query(&sql, |row| {
            let mut record = M::from_row(row)?;
            for include in includes {
                let text: Option<String> = row.read()?;
                let text = text.unwrap_or_else(|| "null".to_owned());
                let json = Json::parse(&text).map_err(|e| decode_error(M::META.name, e))?;
                include.join().assign(&mut record, &json)?;
            }
            Ok(record)
        })
        .await?;
    if backwards {
        records.reverse();
    }
    Ok(Some(records))
}

/// Loads `includes` into `record`, a record just written (`create`, `update`): with the join
/// strategy (where `strategy`, or the schema's default, asks for it), the record is read again
/// with every include in one statement after the write, as Prisma does; otherwise, or where
/// the join strategy cannot load them (a debug event says why), one statement per include
/// level (`crate::include`). On the heap, and only when there is something to load (the
/// write's future stays small).
pub(crate) async fn load_written<M: Model>(
    exec: Exec<'_>,
    includes: &[Include<M>],
    strategy: Option<RelationLoadStrategy>,
    record: &mut M,
) -> Result<()> {
    if includes.is_empty() {
        return Ok(());
    }
    if wants_join::<M>(strategy) {
        return Box::pin(reload_joined(exec, includes, record)).await;
    }
    load_all(exec, includes, std::slice::from_mut(record)).await
}

/// [`load_written`] with the join strategy.
async fn reload_joined<M: Model>(
    exec: Exec<'_>,
    includes: &[Include<M>],
    record: &mut M,
) -> Result<()> {
    let mut select = Select::all(M::META);
    select.filter = same_record(record);
    select.take = Some(1);
    if let Some(mut found) = find_many(exec, &select, includes, false).await?
        && let Some(joined) = found.pop()
    {
        *record = joined;
        return Ok(());
    }
    // Not joined, or not found again by its key (a key the database returns in another
    // form): the query strategy loads them into the record written.
    load_all(exec, includes, std::slice::from_mut(record)).await
}

/// The fields that tell records of `M` apart: its primary key, or every field when the model
/// has none.
pub(crate) fn identity<M: Model>() -> Vec<usize> {
    if M::META.primary_key.is_empty() {
        (0..M::META.fields.len()).collect()
    } else {
        M::META.primary_key.to_vec()
    }
}

/// The condition that picks `record` again (its [`identity`]).
pub(crate) fn same_record<M: Model>(record: &M) -> Cond {
    Cond::And(
        identity::<M>()
            .into_iter()
            .map(|i| Cond::Cmp(M::META.fields[i].column, CmpOp::Eq, record.value(i)))
            .collect(),
    )
}

/// Whether `strategy` (the query's, or the schema's default when it names none: `Join` with
/// the `relationJoins` preview feature, `Query` without, as in Prisma) asks for the join
/// strategy on records of `M`.
pub(crate) fn wants_join<M: Model>(strategy: Option<RelationLoadStrategy>) -> bool {
    match strategy {
        Some(strategy) => strategy == RelationLoadStrategy::Join,
        None => M::META.relation_joins,
    }
}

/// The query strategy loads the relations of a query on `M` instead of the join strategy: a
/// `tracing` debug event (target `refract::join`) says why; `Ok(None)` for the caller to
/// run the query strategy.
pub(crate) fn refused<M: Model, T>(why: String) -> Result<Option<T>> {
    tracing::debug!(
        target: "refract::join",
        model = M::META.name,
        reason = %why,
        "relation load strategy `join` not used: loading with `query`"
    );
    Ok(None)
}
