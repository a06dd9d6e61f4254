//! Statements past the database's limit on parameters, split into several where the result
//! is the same, as Prisma 7 splits them (P2029 otherwise; docs/decisions/0030 and 0034).
//!
//! A statement binds at most [`render::max_bind_values`] parameters. Most lists are one
//! parameter (PostgreSQL's arrays, SQLite's `json_each`), but MySQL takes one per value, and
//! so does SQLite for a list of bytes. Prisma 7's query compiler marks a statement
//! *chunkable* when the union of its parts is its result: a read without `orderBy`, `skip` or
//! `cursor` (a `findMany` with `take` gets an implicit order there; a `findFirst` or
//! `findUnique` does not), an `updateMany` or `deleteMany`; not `count`, aggregates,
//! `groupBy`, nor a `notIn`. Here a read whose filter's top-level conjunction has a long `in`
//! list is run once per part of the list, each part as long as the statement allows, the rows
//! concatenated (cut at `take`: without an order any records that match are a right answer;
//! with `distinct`, which Prisma applies in memory, the parts' rows are made distinct
//! together, then `skip` and `take` applied, [`query_distinct`]);
//! an `updateMany` or `deleteMany` the same way in one transaction (the caller's, or one of
//! its own), the counts summed. A record matches exactly one part (duplicates in the list are
//! removed), so it is read, updated or deleted once. Prisma also splits an `in` under `OR`,
//! `NOT` or a relation filter, and a write's `limit`, where the parts' results do not add up
//! (a record matched by another branch of an `OR` comes back once per part; a `NOT IN`'s
//! parts each match almost everything); those stay P2029 here, refused before they are sent
//! ([`render::within_parameter_limit`]). Relation loads and `createMany` split their keys and
//! rows themselves (`render::keys_per_statement`, `ops/create.rs`).

use std::collections::HashSet;
use std::hash::Hash;

use crate::client::Exec;
use crate::decode::RowReader;
use crate::error::Result;
use crate::query::{Col, Cond, Select};
use crate::render::{self, Sql};
use crate::value::{Key, Value};

/// Runs the read `render` makes of `select`, decoding each row with `decode`: one statement,
/// or, when that statement binds more parameters than the database takes and the query can be
/// split, one per part of its longest `in` list.
pub(crate) async fn query<T>(
    exec: Exec<'_>,
    select: &Select,
    render: impl Fn(&Select) -> Result<Sql>,
    decode: impl FnMut(&mut RowReader<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let sql = render(select)?;
    let Some(path) = split_at(exec, select, &sql) else {
        // One statement (refused with P2029 by `Exec::query` when past the limit).
        return exec.query(&sql, decode).await;
    };
    // On the heap: the parts' loop would otherwise weigh on every read's future.
    Box::pin(query_parts(exec, select, &sql, path, render, decode)).await
}

/// Runs the read of `select` with `distinct`, as [`query`] runs a read: `decode` gives each
/// row's distinct key beside it. Prisma applies `distinct` in memory, after the (ordered)
/// read and before `skip` and `take`; so here: all the rows are read without `skip` and
/// `take` (in parts past the limit, when [`query`] would split `select`), the rows after the
/// first of each key dropped (over all parts' rows together, so a key found in two parts is
/// kept once), then `skip` and `take` applied.
pub(crate) async fn query_distinct<K: Eq + Hash, T>(
    exec: Exec<'_>,
    select: &Select,
    render: impl Fn(&Select) -> Result<Sql>,
    decode: impl FnMut(&mut RowReader<'_>) -> Result<(K, T)>,
) -> Result<Vec<T>> {
    let mut all = select.clone();
    (all.take, all.skip) = (None, None);
    let sql = render(&all)?;
    // Split as `select` itself would be: not under an order, `skip` or `cursor`.
    let rows = match split_at(exec, select, &sql) {
        None => exec.query(&sql, decode).await?,
        Some(path) => Box::pin(query_parts(exec, &all, &sql, path, render, decode)).await?,
    };
    let mut seen = HashSet::new();
    let rows = rows
        .into_iter()
        .filter_map(|(key, row)| seen.insert(key).then_some(row))
        .skip(select.skip.map_or(0, |s| usize::try_from(s).unwrap_or(0)));
    Ok(match select.take {
        Some(t) => rows.take(usize::try_from(t).unwrap_or(0)).collect(),
        None => rows.collect(),
    })
}

/// Where to split the read `select`, whose statement is `sql`: its longest `in` list's path,
/// when the statement binds more parameters than the database takes and the query can be
/// split ([`splittable`]).
fn split_at(exec: Exec<'_>, select: &Select, sql: &Sql) -> Option<Vec<usize>> {
    let limit = render::max_bind_values(exec.dialect());
    (sql.params.len() > limit)
        .then(|| splittable(select))
        .flatten()
}

/// [`query`] past the limit: one statement per part of the list at `path`, until `take`
/// records are read.
async fn query_parts<T>(
    exec: Exec<'_>,
    select: &Select,
    sql: &Sql,
    path: Vec<usize>,
    render: impl Fn(&Select) -> Result<Sql>,
    mut decode: impl FnMut(&mut RowReader<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let take = select.take.map(|t| usize::try_from(t).unwrap_or(0));
    let mut rows = Vec::new();
    let render = |filter| {
        let mut one = select.clone();
        one.filter = filter;
        render(&one)
    };
    let mut part = Parts::new(exec, &select.filter, path, sql);
    while let Some(sql) = part.next(render)? {
        rows.extend(exec.query(&sql, &mut decode).await?);
        if take.is_some_and(|t| rows.len() >= t) {
            break;
        }
    }
    if let Some(t) = take {
        rows.truncate(t);
    }
    Ok(rows)
}

/// Runs the write (an `UPDATE` or `DELETE`) that `render` makes of `filter`, returning the
/// number of records it affected: one statement, or, past the limit, one per part of the
/// filter's longest `in` list, in one transaction, the counts summed. Not split (one
/// statement, P2029 past the limit): a write with a `limit` (`limited`: each part would be
/// limited alone, though Prisma splits it so), and a list on one of `written`, the columns
/// the write sets (a record updated by one part could then match a later one).
pub(crate) async fn execute(
    exec: Exec<'_>,
    filter: Cond,
    limited: bool,
    written: &[Col],
    render: impl Fn(Cond) -> Result<Sql>,
) -> Result<u64> {
    let limit = render::max_bind_values(exec.dialect());
    let path = longest_in(&filter).filter(|path| {
        !limited && in_at(&filter, path).is_none_or(|(column, _)| !written.contains(&column))
    });
    let Some(path) = path else {
        return exec.execute(&render(filter)?).await;
    };
    // The filter is kept for the parts only when it has a list to split.
    let sql = render(filter.clone())?;
    if sql.params.len() <= limit {
        return exec.execute(&sql).await;
    }
    // On the heap, as for reads.
    Box::pin(exec.atomically(async move |exec| {
        let mut affected = 0;
        let mut part = Parts::new(exec, &filter, path, &sql);
        while let Some(sql) = part.next(&render)? {
            affected += exec.execute(&sql).await?;
        }
        Ok(affected)
    }))
    .await
}

/// The statements of a split: the list at `path` of a filter, without repeats, in parts as
/// long as a statement allows.
struct Parts<'f> {
    filter: &'f Cond,
    path: Vec<usize>,
    values: Vec<Value>,
    /// Values left (from this index on).
    at: usize,
    /// Values a part takes.
    per: usize,
    limit: usize,
}

impl<'f> Parts<'f> {
    /// The parts of `filter`'s list at `path`, whose whole statement is `sql`.
    fn new(exec: Exec<'_>, filter: &'f Cond, path: Vec<usize>, sql: &Sql) -> Self {
        let limit = render::max_bind_values(exec.dialect());
        let list = in_at(filter, &path).map_or(&[][..], |(_, list)| list);
        // Parameters besides the list's own.
        let others = sql.params.len().saturating_sub(list.len());
        Parts {
            filter,
            values: distinct(list),
            path,
            at: 0,
            per: limit.saturating_sub(others).max(1),
            limit,
        }
    }

    /// The next part's statement, rendered by `render` from the filter with that part of
    /// the list (`None` when all are done).
    fn next(&mut self, render: impl Fn(Cond) -> Result<Sql>) -> Result<Option<Sql>> {
        while self.at < self.values.len() {
            let end = (self.at + self.per).min(self.values.len());
            let sql = render(replaced(
                self.filter,
                &self.path,
                &self.values[self.at..end],
            ))?;
            if sql.params.len() > self.limit && self.per > 1 {
                // The dialect wrote the part with more parameters than values (MySQL pads
                // short lists): halve it.
                self.per /= 2;
                continue;
            }
            self.at = end;
            return Ok(Some(sql));
        }
        Ok(None)
    }
}

/// Where the longest `in` list of `select`'s top-level conjunction is (indexes through nested
/// `And`s), when the query's result is the union of its results over parts of that list:
/// no order, `skip` or `cursor` (a `take` is applied to the parts' rows together).
fn splittable(select: &Select) -> Option<Vec<usize>> {
    if !select.order.is_empty()
        || select.take.is_some_and(|t| t < 0)
        || select.skip.is_some()
        || select.cursor.is_some()
    {
        return None;
    }
    longest_in(&select.filter)
}

/// Where the longest `in` list of `filter`'s top-level conjunction is.
fn longest_in(filter: &Cond) -> Option<Vec<usize>> {
    let mut best = None;
    find_longest(filter, &mut Vec::new(), &mut best);
    best.map(|(path, _)| path)
}

fn find_longest(c: &Cond, path: &mut Vec<usize>, best: &mut Option<(Vec<usize>, usize)>) {
    match c {
        Cond::In(_, values, false) if best.as_ref().is_none_or(|(_, n)| values.len() > *n) => {
            *best = Some((path.clone(), values.len()));
        }
        Cond::And(all) => {
            for (i, c) in all.iter().enumerate() {
                path.push(i);
                find_longest(c, path, best);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The column and the list of the `in` at `path`.
fn in_at<'c>(c: &'c Cond, path: &[usize]) -> Option<(Col, &'c [Value])> {
    match (c, path.split_first()) {
        (Cond::And(all), Some((i, rest))) => in_at(&all[*i], rest),
        (Cond::In(col, values, _), None) => Some((col, values)),
        _ => None,
    }
}

/// `c` with the list of the `in` at `path` replaced by `part`.
fn replaced(c: &Cond, path: &[usize], part: &[Value]) -> Cond {
    match (c, path.split_first()) {
        (Cond::And(all), Some((i, rest))) => Cond::And(
            all.iter()
                .enumerate()
                .map(|(j, c)| {
                    if j == *i {
                        replaced(c, rest, part)
                    } else {
                        c.clone()
                    }
                })
                .collect(),
        ),
        (Cond::In(col, _, negated), None) => Cond::In(col, part.to_vec(), *negated),
        _ => c.clone(),
    }
}

/// `values` without repeats (first occurrences, in order): each record then matches one part.
fn distinct(values: &[Value]) -> Vec<Value> {
    let mut seen = HashSet::new();
    values
        .iter()
        .filter(|v| seen.insert(Key::of((*v).clone())))
        .cloned()
        .collect()
}
