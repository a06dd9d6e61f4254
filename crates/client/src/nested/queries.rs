//! The queries nested writes share: conditions on keys and records, reading related
//! records, setting columns, deleting, and the rows of many-to-many join tables.

use crate::client::Exec;
use crate::error::{Error, Result};
use crate::meta::{JoinTable, ModelMeta};
use crate::query::{CmpOp, Col, Cond, Delete, Select, SetExpr, Update};
use crate::render::{self, ClientDialect as _, Sql};
use crate::typed::{Model, Set};
use crate::value::Value;
use crate::write::{Now, with_updated_at};

pub(super) fn column_index(model: &ModelMeta, column: &str) -> Result<usize> {
    model
        .fields
        .iter()
        .position(|f| f.column == column)
        .ok_or_else(|| Error::InvalidQuery(format!("model {} has no column {column}", model.name)))
}

pub(super) fn values_of<M: Model>(record: &M, columns: &[&str]) -> Result<Vec<Value>> {
    columns
        .iter()
        .map(|c| Ok(record.value(column_index(M::META, c)?)))
        .collect()
}

/// `c1 = v1 AND c2 = v2 …`; never true when a value is NULL (nothing is connected).
pub(super) fn key_cond(columns: &[Col], values: &[Value]) -> Cond {
    if values.iter().any(Value::is_null) {
        return Cond::False;
    }
    Cond::And(
        columns
            .iter()
            .zip(values)
            .map(|(c, v)| Cond::Cmp(c, CmpOp::Eq, v.clone()))
            .collect(),
    )
}

/// The condition that picks exactly `record` (its primary key, or every column without one).
pub(super) fn record_cond<M: Model>(record: &M) -> Cond {
    let fields: Vec<usize> = if M::META.primary_key.is_empty() {
        (0..M::META.fields.len()).collect()
    } else {
        M::META.primary_key.to_vec()
    };
    Cond::And(
        fields
            .into_iter()
            .map(|i| Cond::Cmp(M::META.fields[i].column, CmpOp::Eq, record.value(i)))
            .collect(),
    )
}

pub(super) fn any(conds: &[Cond]) -> Cond {
    match conds {
        [one] => one.clone(),
        _ => Cond::Or(conds.to_vec()),
    }
}

pub(super) async fn find_all<C: Model>(exec: Exec<'_>, filter: Cond) -> Result<Vec<C>> {
    let select = Select {
        filter,
        ..Select::all(C::META)
    };
    exec.query(&render::select(exec.dialect(), &select)?, C::from_row)
        .await
}

pub(super) async fn find_one<C: Model>(exec: Exec<'_>, filter: Cond) -> Result<Option<C>> {
    let select = Select {
        filter,
        take: Some(1),
        ..Select::all(C::META)
    };
    Ok(exec
        .query(&render::select(exec.dialect(), &select)?, C::from_row)
        .await?
        .into_iter()
        .next())
}

/// `UPDATE C SET columns = values WHERE filter` (with `@updatedAt`), returning the count.
pub(super) async fn set_columns<C: Model>(
    exec: Exec<'_>,
    filter: Cond,
    columns: &[Col],
    values: Vec<Value>,
    now: &Now,
) -> Result<u64> {
    let sets = columns
        .iter()
        .zip(values)
        .map(|(c, v)| Set::<C>::new(c, SetExpr::Value(v)))
        .collect();
    let update = Update {
        model: C::META,
        sets: with_updated_at(sets, now, exec.dialect()),
        filter,
        returning: false,
    };
    crate::relation_mode::before_update(exec, C::META, &update.filter, &update.sets).await?;
    exec.execute(&render::update(exec.dialect(), &update)?)
        .await
}

pub(super) async fn delete_where<C: Model>(exec: Exec<'_>, filter: Cond) -> Result<u64> {
    crate::relation_mode::before_delete(exec, C::META, &filter).await?;
    let sql = render::delete(
        exec.dialect(),
        &Delete {
            model: C::META,
            filter,
            returning: false,
        },
    )?;
    exec.execute(&sql).await
}

/// Adds a row to a many-to-many join table (nothing when it is there already).
pub(super) async fn join_insert(
    exec: Exec<'_>,
    join: &JoinTable,
    this: Value,
    other: Value,
) -> Result<()> {
    let dialect = exec.dialect();
    let (start, end) = dialect.insert_skipping_duplicates();
    let mut text = String::from(start);
    dialect.push_table(&mut text, join.schema, join.table);
    text.push_str(" (");
    dialect.push_identifier(&mut text, join.this_column);
    text.push_str(", ");
    dialect.push_identifier(&mut text, join.other_column);
    text.push_str(&format!(
        ") VALUES ({}, {}){end}",
        dialect.placeholder(1),
        dialect.placeholder(2)
    ));
    exec.execute(&Sql {
        text,
        params: vec![this, other],
    })
    .await?;
    Ok(())
}

/// Removes the join rows of `this` (only those to `others` when given).
pub(super) async fn join_delete(
    exec: Exec<'_>,
    join: &JoinTable,
    this: Value,
    others: Option<Vec<Value>>,
) -> Result<u64> {
    let dialect = exec.dialect();
    let mut text = String::from("DELETE FROM ");
    dialect.push_table(&mut text, join.schema, join.table);
    text.push_str(" WHERE ");
    dialect.push_identifier(&mut text, join.this_column);
    text.push_str(" = ");
    text.push_str(&dialect.placeholder(1));
    let mut params = vec![this];
    if let Some(others) = others {
        if others.is_empty() {
            return Ok(0);
        }
        text.push_str(" AND ");
        dialect.push_identifier(&mut text, join.other_column);
        text.push_str(" IN (");
        for (i, v) in others.into_iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            params.push(v);
            text.push_str(&dialect.placeholder(params.len()));
        }
        text.push(')');
    }
    exec.execute(&Sql { text, params }).await
}
