//! `upsert` as Prisma runs it (docs/decisions/0019-native-upsert.md): one
//! `INSERT … ON CONFLICT (key) DO UPDATE … RETURNING` where Prisma uses its database upsert
//! (SQLite, PostgreSQL), and on MySQL/MariaDB, where Prisma has none, one
//! `INSERT … ON DUPLICATE KEY UPDATE` followed by a read of the record by its key, where that
//! is exactly what a read followed by a write would do. Elsewhere the record is read, then
//! updated or created, in one transaction, as before. [`plan`] decides, without a database,
//! so that the render tests show the statement sent for every case.
//!
//! The one statement is used when, as in Prisma's query engine:
//! - neither `create` nor `update` has nested writes;
//! - `update` sets something (Prisma reads first for an empty update too);
//! - the `where` is the equality of one unique constraint's fields (the primary key, an
//!   `@unique` or an `@@unique` that is not partial), each with a value (not `null`), and
//!   names no other unique constraint; Refract also requires it to say nothing more (Prisma
//!   puts further conditions into the update's `WHERE`, where a record failing them makes
//!   the upsert fail rather than create, unlike its read-then-write);
//! - `create` gives those fields the same values.
//!
//! On MySQL, `ON DUPLICATE KEY UPDATE` updates the record that conflicts on *any* unique index,
//! so it is used only where a conflict can come from the `where`'s constraint alone. Every
//! other unique index (the primary key included) must be unable to conflict with the new row:
//! it covers the `where`'s fields (a conflict on it is a conflict on the `where`'s), or one of
//! its fields is the auto-increment column left to the database, or is inserted as `NULL`
//! (never equal to another). The model must have no partial or prefix unique index, and the
//! update must leave the `where`'s fields alone (the record is read back by them).

use crate::client::Exec;
use crate::error::{Error, Result};
use crate::query::{CmpOp, Col, Cond, Insert, Select};
use crate::render::{self, ClientDialect as _, Sql};
use crate::typed::Model;
use crate::value::{Key, Value};
use crate::write::{CreateData, Now, UpdateData, with_updated_at};

/// How an upsert runs.
#[derive(Debug)]
pub(crate) enum Plan {
    /// One `INSERT … ON CONFLICT … DO UPDATE … RETURNING`, whose row is the record.
    Returning(Sql),
    /// `INSERT … ON DUPLICATE KEY UPDATE`, then the record read by its key, in one transaction.
    ThenRead(Sql, Sql),
    /// The record read first, then updated or created, in one transaction; why.
    ReadThenWrite(&'static str),
}

/// The `where`'s columns and values when it is nothing but equalities with values.
fn equalities(filter: &Cond) -> Option<Vec<(Col, Value)>> {
    let conjuncts = match filter {
        Cond::And(items) => items.as_slice(),
        one => std::slice::from_ref(one),
    };
    let mut out: Vec<(Col, Value)> = Vec::with_capacity(conjuncts.len());
    for c in conjuncts {
        match c {
            Cond::Cmp(col, CmpOp::Eq, v)
                if !matches!(v, Value::Null | Value::Json(_))
                    && !out.iter().any(|(c, _)| c == col) =>
            {
                out.push((col, v.clone()));
            }
            Cond::And(_) => {
                let inner = equalities(c)?;
                for (col, v) in inner {
                    if out.iter().any(|(c, _)| *c == col) {
                        return None;
                    }
                    out.push((col, v));
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// How the upsert of `M` picked by `filter` runs on `dialect`.
pub(crate) fn plan<M: Model>(
    dialect: render::Dialect,
    filter: &Cond,
    create: &CreateData<M>,
    update: &UpdateData<M>,
    now: &Now,
) -> Plan {
    if !create.nested.is_empty() || !update.nested.is_empty() {
        return Plan::ReadThenWrite("nested writes");
    }
    if update.sets.is_empty() {
        return Plan::ReadThenWrite("an empty update");
    }
    let meta = M::META;
    let set_columns: Vec<Col> = update.sets.iter().map(|s| s.column).collect();
    if crate::relation_mode::update_emulates(meta, &set_columns) {
        // relationMode = "prisma": the update changes a key other records refer to, whose
        // actions the client carries out before the write (Prisma turns its database upsert
        // off under this mode).
        return Plan::ReadThenWrite("the update changes a key whose relations are emulated");
    }
    let Some(key) = equalities(filter) else {
        return Plan::ReadThenWrite("the where is more than the equality of a unique's fields");
    };
    let columns_of =
        |fields: &[usize]| -> Vec<Col> { fields.iter().map(|&f| meta.fields[f].column).collect() };
    let in_key = |c: &Col| key.iter().any(|(k, _)| k == c);
    let covered: Vec<&[usize]> = meta
        .uniques
        .iter()
        .copied()
        .filter(|u| columns_of(u).iter().all(in_key))
        .collect();
    let named = match covered.as_slice() {
        [one] if one.len() == key.len() => *one,
        [] | [_] => {
            return Plan::ReadThenWrite("the where is not the fields of one unique constraint");
        }
        _ => return Plan::ReadThenWrite("the where names more than one unique constraint"),
    };
    let (columns, values) = create.clone().resolve(now, dialect);
    let created = |col: Col| columns.iter().position(|c| *c == col).map(|i| &values[i]);
    if !key
        .iter()
        .all(|(col, v)| created(col).is_some_and(|c| Key::same(c, v)))
    {
        return Plan::ReadThenWrite("create does not give the where's values");
    }
    let sets = with_updated_at(crate::write::clone_sets(&update.sets), now, dialect);
    let conflict = columns_of(named);
    let mut insert = Insert {
        model: meta,
        columns: columns.clone(),
        rows: vec![values.clone()],
        skip_duplicates: false,
        returning: true,
    };
    if dialect.upsert_names_its_conflict() {
        return Plan::Returning(render::upsert(dialect, &insert, &conflict, &sets));
    }

    // ON DUPLICATE KEY UPDATE: only where no other unique index can conflict.
    if sets.iter().any(|(c, _)| conflict.contains(c)) {
        return Plan::ReadThenWrite("the update changes the where's fields");
    }
    if !meta.inexact_uniques.is_empty() {
        return Plan::ReadThenWrite("a partial or prefix unique index");
    }
    let cannot_conflict = |u: &[usize]| {
        let cols = columns_of(u);
        conflict.iter().all(|c| cols.contains(c))
            || u.iter().any(|&f| {
                let col = meta.fields[f].column;
                match created(col) {
                    None => meta.auto_increment == Some(f),
                    Some(v) => v.is_null(),
                }
            })
    };
    if meta
        .uniques
        .iter()
        .any(|u| *u != named && !cannot_conflict(u))
    {
        return Plan::ReadThenWrite("another unique constraint could conflict");
    }
    insert.returning = false;
    let write = render::upsert(dialect, &insert, &conflict, &sets);
    let read = Select {
        filter: Cond::And(
            key.into_iter()
                .map(|(c, v)| Cond::Cmp(c, CmpOp::Eq, v))
                .collect(),
        ),
        take: Some(1),
        ..Select::all(meta)
    };
    // Equalities with values: nothing in them the renderer refuses.
    match render::select(dialect, &read) {
        Ok(read) => Plan::ThenRead(write, read),
        Err(_) => Plan::ReadThenWrite("the read by the key is refused"),
    }
}

/// Runs an upsert that [`plan`] made one statement (`None`: it reads then writes).
pub(crate) async fn run<M: Model>(exec: Exec<'_>, plan: Plan) -> Result<Option<M>> {
    let gone = || Error::InvalidQuery(format!("the upsert of {} returned no record", M::META.name));
    match plan {
        Plan::ReadThenWrite(why) => {
            tracing::debug!(
                target: "refract::upsert",
                model = M::META.name,
                why,
                "upsert reads the record before it writes"
            );
            Ok(None)
        }
        Plan::Returning(sql) => {
            let record = exec.query(&sql, M::from_row).await?.into_iter().next();
            record.ok_or_else(gone).map(Some)
        }
        Plan::ThenRead(write, read) => {
            exec.atomically(async move |exec| {
                exec.execute(&write).await?;
                let record = exec.query(&read, M::from_row).await?.into_iter().next();
                record.ok_or_else(gone).map(Some)
            })
            .await
        }
    }
}
