//! Reads past the database's limit on parameters, split into several statements where the
//! result is the same, as Prisma splits them (P2029 otherwise; docs/decisions/0030).
//!
//! A statement binds at most [`render::max_bind_values`] parameters. Most lists are one
//! parameter (PostgreSQL's arrays, SQLite's `json_each`), but MySQL takes one per value, and
//! so does SQLite for a list of bytes: a `findMany` whose `where` has a long `in` list there
//! is run once per part of the list, each part as long as the statement allows, and the rows
//! are concatenated. That is the same result only when the list is in the filter's top-level
//! conjunction (a record matches one part exactly, duplicates in the list removed) and the
//! query has no `orderBy`, `take`, `skip` or `cursor` (which apply to the whole result); any
//! other statement past the limit is refused with P2029 before it is sent
//! ([`render::within_parameter_limit`]). Relation loads and `createMany` split their keys and
//! rows themselves (`render::keys_per_statement`, `ops/create.rs`).

use std::collections::HashSet;

use crate::client::Exec;
use crate::decode::RowReader;
use crate::error::Result;
use crate::query::{Cond, Select};
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
    let limit = render::max_bind_values(exec.dialect());
    let Some(path) = (sql.params.len() > limit)
        .then(|| splittable(select))
        .flatten()
    else {
        // One statement (refused with P2029 by `Exec::query` when past the limit).
        return exec.query(&sql, decode).await;
    };
    // On the heap: the parts' loop would otherwise weigh on every read's future.
    Box::pin(parts(exec, select, &sql, limit, path, render, decode)).await
}

/// [`query`] past the limit: one statement per part of the list at `path`.
async fn parts<T>(
    exec: Exec<'_>,
    select: &Select,
    sql: &Sql,
    limit: usize,
    path: Vec<usize>,
    render: impl Fn(&Select) -> Result<Sql>,
    mut decode: impl FnMut(&mut RowReader<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let values = distinct(list_at(&select.filter, &path));
    // Parameters besides the list's own.
    let others = sql
        .params
        .len()
        .saturating_sub(list_at(&select.filter, &path).len());
    let mut per = limit.saturating_sub(others).max(1);
    let mut rows = Vec::new();
    let mut rest = values.as_slice();
    while !rest.is_empty() {
        let part = &rest[..per.min(rest.len())];
        let mut one = select.clone();
        one.filter = replaced(&select.filter, &path, part);
        let sql = render(&one)?;
        if sql.params.len() > limit && per > 1 {
            // The dialect wrote the part with more parameters than values (MySQL pads short
            // lists): halve it.
            per /= 2;
            continue;
        }
        rows.extend(exec.query(&sql, &mut decode).await?);
        rest = &rest[part.len()..];
    }
    Ok(rows)
}

/// Where the longest `in` list of `select`'s top-level conjunction is (indexes through nested
/// `And`s), when the query's result is the union of its results over parts of that list.
fn splittable(select: &Select) -> Option<Vec<usize>> {
    if !select.order.is_empty()
        || select.take.is_some()
        || select.skip.is_some()
        || select.cursor.is_some()
    {
        return None;
    }
    let mut best = None;
    longest_in(&select.filter, &mut Vec::new(), &mut best);
    best.map(|(path, _)| path)
}

fn longest_in(c: &Cond, path: &mut Vec<usize>, best: &mut Option<(Vec<usize>, usize)>) {
    match c {
        Cond::In(_, values, false) if best.as_ref().is_none_or(|(_, n)| values.len() > *n) => {
            *best = Some((path.clone(), values.len()));
        }
        Cond::And(all) => {
            for (i, c) in all.iter().enumerate() {
                path.push(i);
                longest_in(c, path, best);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The list of the `in` at `path`.
fn list_at<'c>(c: &'c Cond, path: &[usize]) -> &'c [Value] {
    match (c, path.split_first()) {
        (Cond::And(all), Some((i, rest))) => list_at(&all[*i], rest),
        (Cond::In(_, values, _), None) => values,
        _ => &[],
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
