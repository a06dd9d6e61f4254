//! The SQL console: one statement, run in a read-only transaction unless writes are switched
//! on; results shown as a table and exported as CSV or JSON.

use std::sync::Arc;

use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use driver::{ResultSet, Value};
use maud::{Markup, html};

use crate::app::{AppState, page as layout};
use crate::security;

/// A console value's text (`None`: NULL).
fn text(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Text(s) => s.clone(),
        Value::Bytes(b) => base64::engine::general_purpose::STANDARD.encode(b),
        Value::DateTime(t) => t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        #[allow(unreachable_patterns)]
        other => format!("{other:?}"),
    })
}

fn json_value(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Int(i) => (*i).into(),
        Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into)
        }
        other => text(other).into(),
    }
}

/// Runs `sql` in a transaction: read-only (rolled back) unless `write`, committed then.
async fn run_sql(state: &AppState, sql: &str, write: bool) -> Result<ResultSet, String> {
    let conn = state.console.lock().await;
    let (begin, end): (&[&str], &[&str]) = if write {
        (&["BEGIN"], &["COMMIT"])
    } else {
        crate::dialect::read_only(conn.provider())
    };
    for statement in begin {
        conn.raw_cmd(statement).await.map_err(|e| e.to_string())?;
    }
    let result = crate::dialect::console_query(&conn, sql)
        .await
        .map_err(|e| e.to_string());
    let end: &[&str] = if result.is_err() && write {
        &["ROLLBACK"]
    } else {
        end
    };
    for statement in end {
        let ended = conn.raw_cmd(statement).await.map_err(|e| e.to_string());
        if result.is_ok() {
            ended?;
        }
    }
    result.map_err(|e| {
        if write {
            e
        } else {
            format!("{e}\n(The console is read-only: tick \"allow writes\" to change data.)")
        }
    })
}

fn console(
    state: &AppState,
    sql: &str,
    write: bool,
    result: Option<Result<ResultSet, String>>,
) -> Markup {
    html! {
        h1 { "SQL console" }
        form.console method="post" action="/sql" {
            input type="hidden" name="csrf" value=(state.csrf);
            textarea name="sql" rows="6" aria-label="SQL" placeholder="SELECT * FROM …" { (sql) }
            label.check { input type="checkbox" name="write" value="1" checked[write]; " allow writes (otherwise the statement runs in a read-only transaction)" }
            button type="submit" { "Run" }
        }
        @match result {
            None => {},
            Some(Err(e)) => pre.error role="alert" { (e) },
            Some(Ok(rs)) => {
                p.notice role="status" { (rs.rows.len()) " rows" }
                @if !rs.columns.is_empty() {
                    div.exports {
                        @for (id, format) in [("export-csv", "csv"), ("export-json", "json")] {
                            form id=(id) method="post" action="/sql/export" {
                                input type="hidden" name="csrf" value=(state.csrf);
                                input type="hidden" name="sql" value=(sql);
                                input type="hidden" name="format" value=(format);
                                button type="submit" { "Export " (format.to_uppercase()) }
                            }
                        }
                    }
                    div.scroll { table.data.results {
                        thead { tr { @for c in &rs.columns { th { (c) } } } }
                        tbody { @for row in &rs.rows { tr { @for v in row {
                            @match text(v) { None => td.null { "null" }, Some(t) => td { (t) } }
                        } } } }
                    } }
                }
            }
        }
    }
}

/// `GET /sql`.
pub async fn page(State(state): State<Arc<AppState>>) -> Response {
    layout(
        &state,
        StatusCode::OK,
        "SQL console",
        Some("/sql"),
        console(&state, "", false, None),
    )
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `POST /sql`.
pub async fn run(
    State(state): State<Arc<AppState>>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !security::csrf_ok(&state, &form) {
        return security::csrf_refused();
    }
    let sql = field(&form, "sql").unwrap_or("").to_owned();
    let write = field(&form, "write").is_some();
    let result = run_sql(&state, &sql, write).await;
    let status = if result.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    layout(
        &state,
        status,
        "SQL console",
        Some("/sql"),
        console(&state, &sql, write, Some(result)),
    )
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The result as CSV (RFC 4180; NULL as an empty field).
pub fn to_csv(rs: &ResultSet) -> String {
    let mut out = String::new();
    let header: Vec<String> = rs.columns.iter().map(|c| csv_cell(c)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in &rs.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|v| text(v).map(|t| csv_cell(&t)).unwrap_or_default())
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The result as JSON: an array of objects, one per row.
pub fn to_json(rs: &ResultSet) -> String {
    let rows: Vec<serde_json::Value> = rs
        .rows
        .iter()
        .map(|row| {
            serde_json::Value::Object(
                rs.columns
                    .iter()
                    .cloned()
                    .zip(row.iter().map(json_value))
                    .collect(),
            )
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default()
}

/// `POST /sql/export`: the statement's result as a CSV or JSON download (always read-only).
pub async fn export(
    State(state): State<Arc<AppState>>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !security::csrf_ok(&state, &form) {
        return security::csrf_refused();
    }
    let sql = field(&form, "sql").unwrap_or("");
    let json = field(&form, "format") == Some("json");
    match run_sql(&state, sql, false).await {
        Err(e) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            [(CONTENT_TYPE, "text/plain; charset=utf-8")],
            e,
        )
            .into_response(),
        Ok(rs) => {
            let (body, ty, name) = if json {
                (to_json(&rs), "application/json", "result.json")
            } else {
                (to_csv(&rs), "text/csv; charset=utf-8", "result.csv")
            };
            (
                [
                    (CONTENT_TYPE, ty.to_owned()),
                    (
                        CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                ],
                body,
            )
                .into_response()
        }
    }
}
