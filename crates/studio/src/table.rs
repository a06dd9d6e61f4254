//! A model as a table: keyset paging, sorting, filters per column type, hidden columns,
//! relation links and counts, and the rows being created or edited in place.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use client::query::{
    CmpOp, Cond, LikeKind, Nulls, OrderExpr, OrderItem, RelationQuantifier, Select,
};
use client::{Executor, RelationMeta, ScalarKind};
use maud::{Markup, html};

use crate::catalog::{Field, Model};
use crate::count::{self, Total};
use crate::edit::{editor_cell, extra_editor_cell, key_text};
use crate::extras;
use crate::values::{self, display, type_label};
use crate::web::{self, AppState, Params, page as layout};

/// Rows per page.
pub const PAGE: i64 = 50;

/// The filter operators of a field's type, with their labels (the client's filters).
pub fn operators(field: &Field) -> Vec<(&'static str, &'static str)> {
    let mut ops: Vec<(&str, &str)> = match field.kind {
        ScalarKind::String => vec![
            ("contains", "contains"),
            ("icontains", "contains (any case)"),
            ("startsWith", "starts with"),
            ("endsWith", "ends with"),
            ("equals", "="),
            ("not", "≠"),
            ("in", "in (a, b)"),
        ],
        ScalarKind::Int
        | ScalarKind::BigInt
        | ScalarKind::Float
        | ScalarKind::Decimal
        | ScalarKind::DateTime => vec![
            ("equals", "="),
            ("not", "≠"),
            ("lt", "<"),
            ("lte", "≤"),
            ("gt", ">"),
            ("gte", "≥"),
            ("in", "in (a, b)"),
        ],
        ScalarKind::Boolean => vec![("equals", "=")],
        ScalarKind::Enum => vec![("equals", "="), ("not", "≠"), ("in", "in (a, b)")],
        _ => vec![],
    };
    if field.nullable {
        ops.push(("isNull", "is null"));
        ops.push(("isNotNull", "is not null"));
    }
    ops
}

/// One filter's condition; the error says what is wrong with the value.
fn filter_cond(field: &Field, column: &'static str, op: &str, text: &str) -> Result<Cond, String> {
    let value = || values::parse(field, text);
    Ok(match op {
        "isNull" => Cond::IsNull(column, false),
        "isNotNull" => Cond::IsNull(column, true),
        "equals" => Cond::Cmp(column, CmpOp::Eq, value()?),
        "not" => Cond::Cmp(column, CmpOp::Ne, value()?),
        "lt" => Cond::Cmp(column, CmpOp::Lt, value()?),
        "lte" => Cond::Cmp(column, CmpOp::Lte, value()?),
        "gt" => Cond::Cmp(column, CmpOp::Gt, value()?),
        "gte" => Cond::Cmp(column, CmpOp::Gte, value()?),
        "in" => {
            let items = text
                .split(',')
                .map(|t| values::parse(field, t.trim()))
                .collect::<Result<Vec<_>, _>>()?;
            Cond::In(column, items, false)
        }
        "contains" => Cond::Like(column, LikeKind::Contains, text.to_owned(), false),
        "icontains" => Cond::Like(column, LikeKind::Contains, text.to_owned(), true),
        "startsWith" => Cond::Like(column, LikeKind::StartsWith, text.to_owned(), false),
        "endsWith" => Cond::Like(column, LikeKind::EndsWith, text.to_owned(), false),
        other => return Err(format!("{}: unknown filter `{other}`.", field.name)),
    })
}

/// The record with this key (primary key values in text form).
pub fn key_cond(model: &Model, key: &[Option<String>]) -> Result<Cond, String> {
    let pk = model.meta.primary_key;
    if pk.is_empty() || key.len() != pk.len() {
        return Err(format!(
            "{} has no primary key to find a record by.",
            model.name
        ));
    }
    let mut conds = Vec::new();
    for (&i, text) in pk.iter().zip(key) {
        let field = &model.fields[i];
        let column = model.meta.fields[i].column;
        conds.push(match text {
            None => Cond::IsNull(column, false),
            Some(t) => Cond::Cmp(column, CmpOp::Eq, values::parse(field, t)?),
        });
    }
    Ok(Cond::And(conds))
}

/// The parsed query string of a table page.
pub struct View {
    params: Vec<(String, String)>,
    /// The field sorted on.
    pub sort: usize,
    /// Descending.
    pub desc: bool,
    /// Hidden fields.
    pub hidden: Vec<String>,
}

impl View {
    fn get(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// This view's URL with some parameters replaced (`None`: removed).
    pub fn url(&self, model: &str, changes: &[(&str, Option<&str>)]) -> String {
        let mut pairs: Vec<(String, String)> = self
            .params
            .iter()
            .filter(|(k, _)| {
                !changes.iter().any(|(c, _)| c == k)
                    && !matches!(
                        k.as_str(),
                        "after" | "before" | "skip" | "notice" | "edit" | "new" | "count"
                    )
            })
            .cloned()
            .collect();
        for (k, v) in changes {
            if let Some(v) = v {
                pairs.push(((*k).to_owned(), (*v).to_owned()));
            }
        }
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if query.is_empty() {
            format!("/m/{model}")
        } else {
            format!("/m/{model}?{query}")
        }
    }

    /// The query string without paging and one-off parameters (what a write returns to).
    pub fn back(&self, model: &str) -> String {
        self.url(model, &[])
    }
}

/// Reads the view from the query string.
pub fn view_of(model: &Model, params: Vec<(String, String)>) -> View {
    let sort_name = params
        .iter()
        .find(|(k, _)| k == "sort")
        .map(|(_, v)| v.clone());
    let default_sort = model.meta.primary_key.first().copied().unwrap_or(0);
    let sort = sort_name
        .and_then(|n| model.field(&n).map(|(i, _)| i))
        .unwrap_or(default_sort);
    let desc = params.iter().any(|(k, v)| k == "dir" && v == "desc");
    let hidden = params
        .iter()
        .filter(|(k, _)| k == "hide")
        .map(|(_, v)| v.clone())
        .collect();
    View {
        params,
        sort,
        desc,
        hidden,
    }
}

/// The WHERE of the view's filters.
pub fn filters(state: &AppState, model: &Model, view: &View) -> Result<Cond, String> {
    let mut cond = Cond::True;
    for (k, op) in &view.params {
        if let Some(name) = k.strip_prefix("op.") {
            if op.is_empty() {
                continue;
            }
            let text = view.get(&format!("q.{name}")).unwrap_or("");
            if let Some(extra) = model.extra(name) {
                let needs_value = !matches!(op.as_str(), "isEmpty" | "isNotEmpty");
                if needs_value && text.trim().is_empty() {
                    continue;
                }
                cond = cond.and(extras::filter_cond(extra, op, text)?);
                continue;
            }
            let Some((i, field)) = model.field(name) else {
                return Err(format!("{} has no field {name}.", model.name));
            };
            let needs_value = !matches!(op.as_str(), "isNull" | "isNotNull");
            if needs_value && text.is_empty() && field.kind != ScalarKind::String {
                continue;
            }
            cond = cond.and(filter_cond(field, model.meta.fields[i].column, op, text)?);
        } else if let Some(name) = k.strip_prefix("rel.") {
            // Records related to one record of the other side (many-to-many links).
            let Some(rel) = model.relation(name) else {
                return Err(format!("{} has no relation {name}.", model.name));
            };
            let target = &state.catalog.models[rel.target];
            let key: Vec<Option<String>> =
                serde_json::from_str(op).map_err(|_| "The related record's key is garbled.")?;
            cond = cond.and(Cond::Relation(
                rel.meta,
                RelationQuantifier::Some,
                Box::new(key_cond(target, &key)?),
            ));
        }
    }
    Ok(cond)
}

/// The order and the keyset condition of a page: after (or, `backwards`, before) the record
/// whose sort and key values are `cursor`.
fn keyset(
    model: &Model,
    view: &View,
    cursor: Option<&[Option<String>]>,
    backwards: bool,
) -> Result<(Vec<OrderItem>, Cond), String> {
    let mut keys = vec![view.sort];
    keys.extend(model.meta.primary_key.iter().filter(|&&i| i != view.sort));
    let desc = view.desc != backwards;
    let order = keys
        .iter()
        .map(|&i| OrderItem {
            expr: OrderExpr::Column(model.meta.fields[i].column),
            desc,
            nulls: model.fields[i].nullable.then_some(if backwards {
                Nulls::First
            } else {
                Nulls::Last
            }),
        })
        .collect();
    let Some(cursor) = cursor else {
        return Ok((order, Cond::True));
    };
    if cursor.len() != keys.len() {
        return Err("The page cursor is garbled: start from the first page.".to_owned());
    }
    let op = if desc { CmpOp::Lt } else { CmpOp::Gt };
    let mut any = Vec::new();
    let mut prefix: Vec<Cond> = Vec::new();
    for (&i, text) in keys.iter().zip(cursor) {
        let column = model.meta.fields[i].column;
        let field = &model.fields[i];
        let value = text
            .as_deref()
            .map(|t| values::parse(field, t))
            .transpose()?;
        // Nulls sort last going forwards (first going backwards).
        let strict = match (&value, backwards) {
            (Some(v), false) if field.nullable => Cond::Or(vec![
                Cond::Cmp(column, op, v.clone()),
                Cond::IsNull(column, false),
            ]),
            (Some(v), _) => Cond::Cmp(column, op, v.clone()),
            (None, false) => Cond::False,
            (None, true) => Cond::IsNull(column, true),
        };
        let mut branch = prefix.clone();
        branch.push(strict);
        any.push(Cond::And(branch));
        prefix.push(match value {
            Some(v) => Cond::Cmp(column, CmpOp::Eq, v),
            None => Cond::IsNull(column, false),
        });
    }
    Ok((order, Cond::Or(any)))
}

/// The relations whose counts the table shows (every to-many relation).
pub fn counted(model: &Model) -> Vec<&'static RelationMeta> {
    model
        .relations
        .iter()
        .filter(|r| r.meta.list)
        .map(|r| r.meta)
        .collect()
}

/// What a page shows besides the rows: a message, and a row being created or edited with
/// the values the person typed.
#[derive(Default)]
pub struct Flash {
    /// An error, in plain words.
    pub error: Option<String>,
    /// A success notice.
    pub notice: Option<String>,
    /// The key of the row being edited (text form).
    pub editing: Option<Vec<Option<String>>>,
    /// The new-record row is open.
    pub creating: bool,
    /// The values typed (`v.field`, `null.field`).
    pub typed: HashMap<String, String>,
}

/// `GET /m/{model}`.
pub async fn page(
    State(state): State<Arc<AppState>>,
    path: Path<String>,
    axum::extract::Query(params): Params,
) -> Response {
    let model = match web::model_or_404(&state, path) {
        Ok(m) => m,
        Err(r) => return *r,
    };
    let view = view_of(model, params);
    let flash = Flash {
        notice: view.get("notice").map(str::to_owned),
        editing: view.get("edit").and_then(|k| serde_json::from_str(k).ok()),
        creating: view.get("new").is_some(),
        ..Flash::default()
    };
    render(&state, model, &view, flash, StatusCode::OK).await
}

/// The table page of `model` in `view`.
pub async fn render(
    state: &AppState,
    model: &Model,
    view: &View,
    mut flash: Flash,
    status: StatusCode,
) -> Response {
    let after: Option<Vec<Option<String>>> =
        view.get("after").and_then(|a| serde_json::from_str(a).ok());
    let before: Option<Vec<Option<String>>> = view
        .get("before")
        .and_then(|a| serde_json::from_str(a).ok());
    // Without a primary key (a view), there is no key to page by: OFFSET it is.
    let keyed = !model.meta.primary_key.is_empty();
    let skip: i64 = if keyed {
        0
    } else {
        view.get("skip")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
            .max(0)
    };
    let (after, before) = if keyed { (after, before) } else { (None, None) };
    let backwards = before.is_some() && after.is_none();
    let cursor = if backwards {
        before.as_deref()
    } else {
        after.as_deref()
    };
    let mut rows = Vec::new();
    let mut more = false;
    let mut total = None;
    let counts = counted(model);
    let filtered = filters(state, model, view).is_ok_and(|f| f != Cond::True);
    match filters(state, model, view).and_then(|f| Ok((f, keyset(model, view, cursor, backwards)?)))
    {
        Err(message) => flash.error = Some(message),
        Ok((filter, (order, page_cond))) => {
            match count::total(state, model, &filter, view.get("count") == Some("exact")).await {
                Ok(t) => total = Some(t),
                Err(err) => flash.error = Some(web::explain(&err)),
            }
            let select = Select {
                filter: filter.and(page_cond),
                order,
                take: Some(PAGE + 1),
                skip: (skip > 0).then_some(skip),
                ..Select::all(model.meta)
            };
            match client::dynamic::find(state.client.executor(), &select, &counts).await {
                Ok(found) => rows = found,
                Err(err) => flash.error = Some(web::explain(&err)),
            }
            more = rows.len() as i64 > PAGE;
            rows.truncate(PAGE as usize);
            if backwards {
                rows.reverse();
            }
        }
    }
    let values: Vec<&[client::Value]> = rows.iter().map(|r| r.values.as_slice()).collect();
    let extra_values = match extras::read(state, model, &values).await {
        Ok(v) => v,
        Err(err) => {
            flash.error = Some(web::explain(&err));
            vec![None; rows.len()]
        }
    };
    let (has_prev, has_next) = if backwards {
        (more, true)
    } else {
        (cursor.is_some() || skip > 0, more)
    };
    let page_key = |row: &client::dynamic::Row| -> String {
        let mut keys = vec![view.sort];
        keys.extend(model.meta.primary_key.iter().filter(|&&i| i != view.sort));
        let texts: Vec<Option<String>> = keys
            .iter()
            .map(|&i| values::to_text(&row.values[i]))
            .collect();
        serde_json::to_string(&texts).unwrap_or_default()
    };
    let (prev_url, next_url) = if keyed {
        (
            rows.first()
                .filter(|_| has_prev)
                .map(|r| view.url(&model.name, &[("before", Some(&page_key(r)))])),
            rows.last()
                .filter(|_| has_next)
                .map(|r| view.url(&model.name, &[("after", Some(&page_key(r)))])),
        )
    } else {
        let at = |n: i64| view.url(&model.name, &[("skip", Some(&n.to_string()))]);
        (
            has_prev.then(|| at((skip - PAGE).max(0))),
            has_next.then(|| at(skip + PAGE)),
        )
    };
    let shown: Vec<usize> = (0..model.fields.len())
        .filter(|&i| !view.hidden.contains(&model.fields[i].name))
        .collect();
    let shown_extras: Vec<usize> = (0..model.extras.len())
        .filter(|&i| !view.hidden.contains(&model.extras[i].name))
        .collect();
    let writable = model.writable();
    let back = view.back(&model.name);
    let body = html! {
        header.table-head {
            h1 { (model.name) @if model.is_view { span.tag { "view · read-only" } } }
            @if let Some(t) = total { (total_line(model, view, t, filtered)) }
            @if writable && !flash.creating {
                a.button href=(format!("{}{}new=1", back, if back.contains('?') { "&" } else { "?" })) { "Add record" }
            }
        }
        @if let Some(e) = &flash.error { p.error role="alert" { (e) } }
        @if let Some(n) = &flash.notice { p.notice role="status" { (n) } }
        (filter_form(model, view))
        form #edit method="post" action=(format!("/m/{}/{}", model.name, if flash.creating { "create" } else { "update" })) {
            input type="hidden" name="csrf" value=(state.csrf);
            input type="hidden" name="back" value=(back);
            @if let Some(key) = &flash.editing { input type="hidden" name="key" value=(serde_json::to_string(key).unwrap_or_default()); }
        }
        form #bulk method="post" action=(format!("/m/{}/delete", model.name)) {
            input type="hidden" name="csrf" value=(state.csrf);
            input type="hidden" name="back" value=(back);
        }
        div.scroll {
            table.data {
                thead { tr {
                    @if writable { th { input type="checkbox" .select-all title="select every row on this page"; } }
                    @for &i in &shown {
                        @let f = &model.fields[i];
                        @let (dir, arrow) = if view.sort == i { if view.desc { ("asc", " ↓") } else { ("desc", " ↑") } } else { ("asc", "") };
                        th { a href=(view.url(&model.name, &[("sort", Some(&f.name)), ("dir", Some(dir))])) { (f.name) (arrow) } br; small { (type_label(f)) } }
                    }
                    @for &i in &shown_extras {
                        @let e = &model.extras[i];
                        th.extra title=[e.unsupported.is_some().then(|| extras::cannot_write(e))] { (e.name) br; small { (e.type_label()) @if e.unsupported.is_some() { " · read-only" } } }
                    }
                    @for r in &model.relations { th.relation { (r.name) br; small { (state.catalog.models[r.target].name) @if r.meta.list { "[]" } } } }
                    @if writable { th { } }
                } }
                tbody {
                    @if flash.creating {
                        tr.editing {
                            @if writable { td {} }
                            @for &i in &shown { td { (editor_cell(model, i, None, &flash.typed, true)) } }
                            @for &i in &shown_extras { td { (extra_editor_cell(model, i, None, &flash.typed, true)) } }
                            @for _ in &model.relations { td {} }
                            td.actions { button form="edit" type="submit" { "Create" } " " a href=(back) { "Cancel" } }
                        }
                    }
                    @for (n, row) in rows.iter().enumerate() {
                        @let key = key_text(model, &row.values);
                        @let editing = flash.editing.as_ref().is_some_and(|k| Some(k) == key.as_ref());
                        tr class=[editing.then_some("editing")] {
                            @if writable { td { @if let Some(k) = &key { input type="checkbox" name="key" form="bulk" value=(serde_json::to_string(k).unwrap_or_default()); } } }
                            @for &i in &shown {
                                @if editing { td { (editor_cell(model, i, Some(&row.values[i]), &flash.typed, false)) } }
                                @else { td class=[row.values[i].is_null().then_some("null")] { (display(&row.values[i])) } }
                            }
                            @for &i in &shown_extras {
                                @let value = extra_values[n].as_ref().map(|v| &v[i]);
                                @if editing { td { (extra_editor_cell(model, i, value, &flash.typed, false)) } }
                                @else { (extra_cell(value)) }
                            }
                            @for r in &model.relations { td.relation { (relation_cell(state, model, r, row, &counts)) } }
                            @if writable {
                                td.actions {
                                    @if editing { button form="edit" type="submit" { "Save" } " " a href=(back) { "Cancel" } }
                                    @else if let Some(k) = &key {
                                        a href=(view.url(&model.name, &[("edit", Some(&serde_json::to_string(k).unwrap_or_default()))])) { "Edit" }
                                    }
                                }
                            }
                        }
                    }
                    @if rows.is_empty() && !flash.creating { tr { td.empty colspan="99" { "No records." } } }
                }
            }
        }
        footer.pager {
            @if let Some(u) = &prev_url { a href=(u) rel="prev" { "← Previous" } } @else { span {} }
            span { (rows.len()) " records on this page" @if let Some(t) = total { " of " (count::describe(t, filtered)) } }
            @if writable { button form="bulk" type="submit" name="ask" value="1" { "Delete selected…" } }
            @if let Some(u) = &next_url { a href=(u) rel="next" { "Next →" } } @else { span {} }
        }
    };
    layout(state, status, &model.name, Some(&model.name), body)
}

/// The number of records above the table, with a link to count exactly when it is not.
fn total_line(model: &Model, view: &View, total: Total, filtered: bool) -> Markup {
    let exact = view.url(&model.name, &[("count", Some("exact"))]);
    html! {
        p.total role="status" {
            (count::describe(total, filtered))
            @match total {
                Total::About(_) => { " (PostgreSQL's estimate, from its table statistics) · " a href=(exact) { "count exactly" } }
                Total::MoreThan(_) => { " · " a href=(exact) { "count exactly" } }
                Total::Exact(_) => {}
            }
        }
    }
}

/// A list's or an `Unsupported` field's cell.
fn extra_cell(value: Option<&client::Value>) -> Markup {
    match value {
        None => html! { td.null { "—" } },
        Some(v) if v.is_null() => html! { td.null { "null" } },
        Some(v) => {
            let text = extras::list_text(v).unwrap_or_default();
            let short = if text.chars().count() > 80 {
                format!("{}…", text.chars().take(77).collect::<String>())
            } else {
                text
            };
            html! { td { (short) } }
        }
    }
}

fn filter_form(model: &Model, view: &View) -> Markup {
    html! {
        form.filters method="get" action=(format!("/m/{}", model.name)) {
            details open[view.params.iter().any(|(k, v)| k.starts_with("op.") && !v.is_empty())] {
                summary { "Filter" }
                div.filter-grid {
                    @for f in &model.fields {
                        @let ops = operators(f);
                        @if !ops.is_empty() {
                            label { span { (f.name) }
                                select name=(format!("op.{}", f.name)) {
                                    option value="" { "—" }
                                    @for (op, label) in &ops { option value=(op) selected[view.get(&format!("op.{}", f.name)) == Some(op)] { (label) } }
                                }
                                input type="text" name=(format!("q.{}", f.name)) value=(view.get(&format!("q.{}", f.name)).unwrap_or(""));
                            }
                        }
                    }
                    @for e in &model.extras {
                        @let ops = extras::operators(e);
                        @if !ops.is_empty() {
                            label { span { (e.name) }
                                select name=(format!("op.{}", e.name)) {
                                    option value="" { "—" }
                                    @for (op, label) in &ops { option value=(op) selected[view.get(&format!("op.{}", e.name)) == Some(op)] { (label) } }
                                }
                                input type="text" name=(format!("q.{}", e.name)) value=(view.get(&format!("q.{}", e.name)).unwrap_or(""));
                            }
                        }
                    }
                }
            }
            details {
                summary { "Columns" }
                @for f in &model.fields {
                    label.check { input type="checkbox" name="hide" value=(f.name) checked[view.hidden.contains(&f.name)]; " hide " (f.name) }
                }
                @for e in &model.extras {
                    label.check { input type="checkbox" name="hide" value=(e.name) checked[view.hidden.contains(&e.name)]; " hide " (e.name) }
                }
            }
            @for (k, v) in &view.params {
                @if k == "sort" || k == "dir" || k.starts_with("rel.") { input type="hidden" name=(k) value=(v); }
            }
            button type="submit" { "Apply" } " "
            a href=(format!("/m/{}", model.name)) { "Clear" }
        }
    }
}

/// A relation's cell: a link to the related records (with their number, for a list).
fn relation_cell(
    state: &AppState,
    model: &Model,
    r: &crate::catalog::Relation,
    row: &client::dynamic::Row,
    counts: &[&'static RelationMeta],
) -> Markup {
    let target = &state.catalog.models[r.target];
    let count = counts
        .iter()
        .position(|c| std::ptr::eq(*c, r.meta))
        .map(|i| row.counts[i]);
    let href = if r.meta.join.is_some() {
        let key = key_text(model, &row.values);
        match (&r.back, key) {
            (Some(back), Some(key)) => Some(format!(
                "/m/{}?{}",
                target.name,
                serde_urlencoded::to_string([(
                    format!("rel.{back}"),
                    serde_json::to_string(&key).unwrap_or_default()
                )])
                .unwrap_or_default()
            )),
            _ => None,
        }
    } else {
        let mut pairs = Vec::new();
        let mut null = false;
        for (from, to) in r.meta.from_columns.iter().zip(r.meta.to_columns) {
            let (Some(fi), Some(ti)) = (model.field_of_column(from), target.field_of_column(to))
            else {
                return html! {};
            };
            match values::to_text(&row.values[fi]) {
                Some(v) => {
                    pairs.push((
                        format!("op.{}", target.fields[ti].name),
                        "equals".to_owned(),
                    ));
                    pairs.push((format!("q.{}", target.fields[ti].name), v));
                }
                None => null = true,
            }
        }
        (!null).then(|| {
            format!(
                "/m/{}?{}",
                target.name,
                serde_urlencoded::to_string(&pairs).unwrap_or_default()
            )
        })
    };
    html! {
        @match (href, count) {
            (None, _) => span.null { "null" },
            (Some(h), Some(n)) => a href=(h) { (n) " " (target.name) " →" },
            (Some(h), None) => a href=(h) { (target.name) " →" },
        }
    }
}
