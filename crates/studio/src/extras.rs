//! Scalar lists (`String[]`, `Int[]`, enum lists: PostgreSQL) and `Unsupported("…")` fields.
//!
//! The runtime reads neither as a scalar field, so a page reads them in a second statement for
//! the page's records, by primary key: a list as its elements, an `Unsupported` column as the
//! database's text form of it (read-only: Prisma Client cannot write these types either). A
//! list is edited as a JSON array, each element checked against the list's element type, and
//! written through the client runtime; it is filtered with the client's list filters.

use client::dynamic::{ClientDialect as _, Col, Cond, ListCond, ScalarKind};
use client::{RowReader, Value};

use crate::app::AppState;
use crate::catalog::{Extra, Model};
use crate::dialect;
use crate::values;

/// Reads a column of `kind` as the client decodes it.
fn read_scalar(row: &mut RowReader<'_>, kind: ScalarKind) -> client::Result<Value> {
    Ok(match kind {
        ScalarKind::Int | ScalarKind::BigInt => row.read::<Option<i64>>()?.into(),
        ScalarKind::Float => row.read::<Option<f64>>()?.into(),
        ScalarKind::Decimal => row.read::<Option<client::Decimal>>()?.into(),
        ScalarKind::Boolean => row.read::<Option<bool>>()?.into(),
        ScalarKind::DateTime => row.read::<Option<chrono::DateTime<chrono::Utc>>>()?.into(),
        ScalarKind::Json => row.read::<Option<serde_json::Value>>()?.into(),
        ScalarKind::Bytes => row.read::<Option<Vec<u8>>>()?.into(),
        _ => row.read::<Option<String>>()?.into(),
    })
}

/// Reads a list column with elements of `kind`: [`Value::List`], or NULL.
fn read_list(row: &mut RowReader<'_>, kind: ScalarKind) -> client::Result<Value> {
    fn list<T: Into<Value>>(items: Option<Vec<T>>) -> Value {
        items.map_or(Value::Null, |v| {
            Value::List(v.into_iter().map(Into::into).collect())
        })
    }
    Ok(match kind {
        ScalarKind::Int | ScalarKind::BigInt => list(row.read::<Option<Vec<i64>>>()?),
        ScalarKind::Float => list(row.read::<Option<Vec<f64>>>()?),
        ScalarKind::Decimal => list(row.read::<Option<Vec<client::Decimal>>>()?),
        ScalarKind::Boolean => list(row.read::<Option<Vec<bool>>>()?),
        ScalarKind::DateTime => list(row.read::<Option<Vec<chrono::DateTime<chrono::Utc>>>>()?),
        ScalarKind::Json => list(row.read::<Option<Vec<serde_json::Value>>>()?),
        ScalarKind::Bytes => list(row.read::<Option<Vec<Vec<u8>>>>()?),
        _ => list(row.read::<Option<Vec<String>>>()?),
    })
}

/// The extra fields' values of the records whose scalar values are `rows` (one vector per
/// record, in [`Model::extras`] order). A model without a primary key has no key to find its
/// records by: its extras read as `None`.
pub async fn read(
    state: &AppState,
    model: &Model,
    rows: &[&[Value]],
) -> client::Result<Vec<Option<Vec<Value>>>> {
    let pk = model.meta.primary_key;
    if model.extras.is_empty() || pk.is_empty() || rows.is_empty() {
        return Ok(vec![None; rows.len()]);
    }
    let d = state.client.dialect();
    let q = |name: &str| d.quote_identifier(name);
    let mut columns: Vec<String> = pk.iter().map(|&i| q(model.meta.fields[i].column)).collect();
    for e in &model.extras {
        columns.push(match &e.unsupported {
            Some(ty) => dialect::text_of(d, &q(e.column), ty),
            None => q(e.column),
        });
    }
    let table = match model.meta.schema {
        Some(schema) => format!("{}.{}", q(schema), q(model.meta.table)),
        None => q(model.meta.table),
    };
    let mut params = Vec::new();
    let mut any = Vec::new();
    for row in rows {
        let mut all = Vec::new();
        for &i in pk {
            params.push(row[i].clone());
            all.push(format!(
                "{} = {}",
                q(model.meta.fields[i].column),
                d.placeholder(params.len())
            ));
        }
        any.push(format!("({})", all.join(" AND ")));
    }
    let sql = format!(
        "SELECT {} FROM {table} WHERE {}",
        columns.join(", "),
        any.join(" OR ")
    );
    let found = state
        .client
        .query_raw(&sql, params, |r| {
            let key = pk
                .iter()
                .map(|&i| read_scalar(r, model.meta.fields[i].kind))
                .collect::<client::Result<Vec<_>>>()?;
            let values = model
                .extras
                .iter()
                .map(|e| match &e.element {
                    Some(element) => read_list(r, element.kind),
                    None => r.read::<Option<String>>().map(Value::from),
                })
                .collect::<client::Result<Vec<_>>>()?;
            Ok((key, values))
        })
        .await?;
    Ok(rows
        .iter()
        .map(|row| {
            found
                .iter()
                .find(|(key, _)| pk.iter().zip(key).all(|(&i, v)| &row[i] == v))
                .map(|(_, values)| values.clone())
        })
        .collect())
}

/// A list's text form, as the cell shows it and the editor takes it: a JSON array of the
/// elements' text forms (numbers and booleans bare, the rest as strings).
pub fn list_text(value: &Value) -> Option<String> {
    let Value::List(items) = value else {
        return values::to_text(value);
    };
    let items: Vec<serde_json::Value> = items
        .iter()
        .map(|v| match v {
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Float(f) => serde_json::Value::from(*f),
            Value::Bool(b) => serde_json::Value::from(*b),
            Value::Json(j) => j.clone(),
            other => serde_json::Value::from(values::to_text(other).unwrap_or_default()),
        })
        .collect();
    Some(serde_json::Value::Array(items).to_string())
}

/// Reads the editor's text as a list of `extra`'s elements; the error names the element.
pub fn parse_list(extra: &Extra, text: &str) -> Result<Value, String> {
    let Some(element) = &extra.element else {
        return Err(cannot_write(extra));
    };
    let name = &extra.name;
    let json: serde_json::Value = serde_json::from_str(text).map_err(|_| {
        format!(
            "{name}: write the list as a JSON array, e.g. {}.",
            example(extra)
        )
    })?;
    let serde_json::Value::Array(items) = json else {
        return Err(format!(
            "{name}: write the list as a JSON array, e.g. {}.",
            example(extra)
        ));
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let text = match item {
            serde_json::Value::Null => {
                return Err(format!("{name}[{i}]: a list's elements cannot be null."));
            }
            serde_json::Value::String(s) if element.kind != ScalarKind::Json => s.clone(),
            other => other.to_string(),
        };
        out.push(
            values::parse(element, &text)
                .map_err(|e| e.replacen(name, &format!("{name}[{i}]"), 1))?,
        );
    }
    Ok(Value::List(out))
}

/// An example of a list of `extra`'s type, for messages and placeholders.
pub fn example(extra: &Extra) -> String {
    match extra
        .element
        .as_ref()
        .map(|e| (e.kind, e.enum_values.first()))
    {
        Some((ScalarKind::Enum, Some(v))) => format!("[\"{v}\"]"),
        Some((ScalarKind::Int | ScalarKind::BigInt, _)) => "[1, 2]".into(),
        Some((ScalarKind::Float | ScalarKind::Decimal, _)) => "[1.5, 2]".into(),
        Some((ScalarKind::Boolean, _)) => "[true, false]".into(),
        Some((ScalarKind::DateTime, _)) => "[\"2026-12-06T15:30:00.000Z\"]".into(),
        _ => "[\"a\", \"b\"]".into(),
    }
}

/// Why an `Unsupported` field is read-only.
pub fn cannot_write(extra: &Extra) -> String {
    format!(
        "{} is {}: Prisma Client cannot read or write this database type, so Studio shows the \
         database's text form of it and does not edit it. Change it in the SQL console.",
        extra.name,
        extra.type_label()
    )
}

/// The filter operators of a list (the client's list filters).
pub fn operators(extra: &Extra) -> Vec<(&'static str, &'static str)> {
    if extra.element.is_none() {
        return Vec::new();
    }
    vec![
        ("has", "has"),
        ("hasSome", "has some of (a, b)"),
        ("hasEvery", "has every one of (a, b)"),
        ("isEmpty", "is empty"),
        ("isNotEmpty", "is not empty"),
        ("equals", "equals (JSON array)"),
    ]
}

/// One list filter's condition.
pub fn filter_cond(extra: &Extra, op: &str, text: &str) -> Result<Cond, String> {
    let Some(element) = &extra.element else {
        return Err(format!("{}: this type cannot be filtered.", extra.name));
    };
    let column: Col = extra.column;
    let items = || {
        text.split(',')
            .map(|t| values::parse(element, t.trim()))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::List)
    };
    Ok(Cond::List(
        column,
        match op {
            "has" => ListCond::Has(values::parse(element, text.trim())?),
            "hasSome" => ListCond::HasSome(items()?),
            "hasEvery" => ListCond::HasEvery(items()?),
            "isEmpty" => ListCond::IsEmpty(true),
            "isNotEmpty" => ListCond::IsEmpty(false),
            "equals" => ListCond::Equals(parse_list(extra, text)?),
            other => return Err(format!("{}: unknown filter `{other}`.", extra.name)),
        },
    ))
}
