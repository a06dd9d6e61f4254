//! Writes: create, inline edit, delete and bulk delete (after a confirmation that says what
//! cascades). Every write goes through the client runtime ([`client::dynamic`]).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use client::query::{Cond, RelationQuantifier};
use client::{Executor, ScalarKind, Value};
use maud::{Markup, html};
use schema::ReferentialAction;

use crate::catalog::Model;
use crate::extras;
use crate::security;
use crate::table::{self, Flash, key_cond, view_of};
use crate::values::{self, input_type, is_long_text, type_label};
use crate::web::{self, AppState, page, redirect};

/// A record's key (its primary key values in text form), or `None` without a primary key.
pub fn key_text(model: &Model, values: &[Value]) -> Option<Vec<Option<String>>> {
    let pk = model.meta.primary_key;
    (!pk.is_empty()).then(|| pk.iter().map(|&i| values::to_text(&values[i])).collect())
}

/// The input of field `i` in the row being created or edited: typed by the field's scalar
/// type, enum and native type, with a "null" box for an optional field.
pub fn editor_cell(
    model: &Model,
    i: usize,
    current: Option<&Value>,
    typed: &HashMap<String, String>,
    creating: bool,
) -> Markup {
    let f = &model.fields[i];
    let name = format!("v.{}", f.name);
    let null_name = format!("null.{}", f.name);
    let mut text = typed
        .get(&name)
        .cloned()
        .or_else(|| current.and_then(values::to_text))
        .unwrap_or_default();
    if values::is_date_only(f) && text.len() > 10 {
        text.truncate(10);
    }
    let is_null =
        typed.contains_key(&null_name) || (typed.is_empty() && current.is_some_and(Value::is_null));
    let placeholder = if creating && f.has_default {
        "default"
    } else if creating && f.nullable {
        "null"
    } else {
        ""
    };
    let label = format!("{} ({})", f.name, type_label(f));
    html! {
        @if !creating { input type="hidden" form="edit" name=(format!("o.{}", f.name)) value=(current.and_then(values::to_text).unwrap_or_default()); input type="hidden" form="edit" name=(format!("onull.{}", f.name)) value=(current.is_some_and(Value::is_null)); }
        @match (f.kind, input_type(f)) {
            (ScalarKind::Boolean, _) => {
                select form="edit" name=(name) aria-label=(label) {
                    @if creating { option value="" { (placeholder) } }
                    option value="true" selected[text == "true"] { "true" }
                    option value="false" selected[text == "false"] { "false" }
                }
            }
            (ScalarKind::Enum, _) => {
                select form="edit" name=(name) aria-label=(label) {
                    @if creating { option value="" { (placeholder) } }
                    @for v in &f.enum_values { option value=(v) selected[*v == text] { (v) } }
                }
            }
            (ScalarKind::Json, _) => textarea.json form="edit" name=(name) aria-label=(label) rows="3" placeholder=(placeholder) { (text) },
            (_, None) => textarea form="edit" name=(name) aria-label=(label) rows="2" placeholder=(placeholder) { (text) },
            (_, Some((ty, step))) => input form="edit" type=(ty) step=[(!step.is_empty()).then_some(step)] maxlength=[values::max_length(f)] name=(name) aria-label=(label) value=(text) placeholder=(placeholder) title=(if f.kind == ScalarKind::DateTime { "UTC, e.g. 2026-12-06T15:30:00.000Z" } else { "" });,
        }
        @if f.nullable { label.null-box { input type="checkbox" form="edit" name=(null_name) value="1" checked[is_null]; " null" } }
        @if is_long_text(f) { small { "long text" } }
    }
}

/// The input of list or `Unsupported` field `i` (in [`Model::extras`]): a list as a JSON
/// array, checked as it is typed, with a "null" box (a NULL column, which Prisma reads as an
/// empty list, is not `[]`); an `Unsupported` field read-only, with why.
pub fn extra_editor_cell(
    model: &Model,
    i: usize,
    current: Option<&Value>,
    typed: &HashMap<String, String>,
    creating: bool,
) -> Markup {
    let e = &model.extras[i];
    if e.unsupported.is_some() {
        let text = current.and_then(extras::list_text);
        return html! {
            span.readonly title=(extras::cannot_write(e)) { (text.as_deref().unwrap_or("null")) }
            small.why { "read-only: Prisma Client cannot write " (e.type_label()) }
        };
    }
    let name = format!("v.{}", e.name);
    let null_name = format!("null.{}", e.name);
    let original = current.and_then(extras::list_text);
    let text = typed
        .get(&name)
        .cloned()
        .or_else(|| original.clone())
        .unwrap_or_default();
    let is_null = typed.contains_key(&null_name)
        || (typed.is_empty() && !creating && current.is_some_and(Value::is_null));
    let element = e
        .element
        .as_ref()
        .map_or(String::new(), |el| el.type_name.clone());
    let label = format!("{} ({})", e.name, e.type_label());
    let placeholder = if creating && e.has_default {
        "default".to_owned()
    } else {
        extras::example(e)
    };
    html! {
        @if !creating { input type="hidden" form="edit" name=(format!("o.{}", e.name)) value=(original.unwrap_or_default()); input type="hidden" form="edit" name=(format!("onull.{}", e.name)) value=(current.is_some_and(Value::is_null)); }
        textarea.list form="edit" name=(name) aria-label=(label) rows="2" placeholder=(placeholder) data-element=(element) { (text) }
        label.null-box { input type="checkbox" form="edit" name=(null_name) value="1" checked[is_null]; " null" }
        small.hint { "a JSON array of " (element) }
    }
}

/// The list fields of a submitted row: `(column, value)` for each one to write.
fn extra_data(
    model: &Model,
    form: &HashMap<String, String>,
    creating: bool,
) -> Result<Vec<(&'static str, Value)>, String> {
    let mut data = Vec::new();
    for e in &model.extras {
        if e.unsupported.is_some() {
            if creating && !e.nullable && !e.has_default {
                return Err(format!(
                    "{}. A {} record needs a value for it: create it in the SQL console.",
                    extras::cannot_write(e),
                    model.name
                ));
            }
            continue;
        }
        let text = form.get(&format!("v.{}", e.name)).map(String::as_str);
        let null = form.contains_key(&format!("null.{}", e.name));
        if !creating {
            let was = form.get(&format!("o.{}", e.name)).map(String::as_str);
            let was_null =
                form.get(&format!("onull.{}", e.name)).map(String::as_str) == Some("true");
            if null == was_null && (null || text == was) {
                continue;
            }
        }
        if null {
            data.push((e.column, Value::Null));
            continue;
        }
        match text.map(str::trim) {
            None => {}
            Some("") if creating => {}
            Some("") => {
                return Err(format!(
                    "{}: write the list as a JSON array ([] for an empty list), or tick null.",
                    e.name
                ));
            }
            Some(t) => data.push((e.column, extras::parse_list(e, t)?)),
        }
    }
    Ok(data)
}

/// The fields of a submitted row: `(column, value)` for each field to write.
fn data_of(
    model: &Model,
    form: &HashMap<String, String>,
    creating: bool,
) -> Result<Vec<(&'static str, Value)>, String> {
    let mut data = Vec::new();
    for (i, f) in model.fields.iter().enumerate() {
        let column = model.meta.fields[i].column;
        let text = form.get(&format!("v.{}", f.name)).map(String::as_str);
        let null = form.contains_key(&format!("null.{}", f.name));
        if !creating {
            // Only what changed, so that a concurrent edit of another column survives.
            let was = form.get(&format!("o.{}", f.name)).map(String::as_str);
            let was_null =
                form.get(&format!("onull.{}", f.name)).map(String::as_str) == Some("true");
            if null == was_null && (null || text == was) {
                continue;
            }
        }
        if null {
            if !f.nullable {
                return Err(format!("{} is required: it cannot be null.", f.name));
            }
            data.push((column, Value::Null));
            continue;
        }
        let Some(text) = text else { continue };
        if text.is_empty() && f.kind != ScalarKind::String {
            if creating && (f.has_default || f.nullable) {
                continue;
            }
            return Err(format!(
                "{} needs a value{}.",
                f.name,
                if f.nullable { " (or tick null)" } else { "" }
            ));
        }
        if text.is_empty() && creating && f.has_default {
            continue;
        }
        data.push((column, values::parse(f, text)?));
    }
    if creating {
        for f in &model.fields {
            let given = data.iter().any(|(c, _)| {
                model.field_of_column(c).map(|i| &model.fields[i].name) == Some(&f.name)
            });
            if !given && !f.nullable && !f.has_default {
                return Err(format!("{} is required: give it a value.", f.name));
            }
        }
    }
    data.extend(extra_data(model, form, creating)?);
    Ok(data)
}

fn form_map(form: &[(String, String)]) -> HashMap<String, String> {
    form.iter().cloned().collect()
}

fn back_view(model: &Model, form: &HashMap<String, String>) -> table::View {
    let back = form.get("back").map(String::as_str).unwrap_or("");
    let query = back.split_once('?').map_or("", |(_, q)| q);
    let params: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    view_of(model, params)
}

fn with_notice(back: &str, notice: &str) -> String {
    let sep = if back.contains('?') { '&' } else { '?' };
    let q = serde_urlencoded::to_string([("notice", notice)]).unwrap_or_default();
    format!("{back}{sep}{q}")
}

/// `POST /m/{model}/create`.
pub async fn create(
    State(state): State<Arc<AppState>>,
    path: Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let model = match web::model_or_404(&state, path) {
        Ok(m) => m,
        Err(r) => return *r,
    };
    if !security::csrf_ok(&state, &form) {
        return security::csrf_refused();
    }
    let form = form_map(&form);
    let view = back_view(model, &form);
    let result = match (model.writable(), data_of(model, &form, true)) {
        (false, _) => Err(format!("{} is read-only here.", model.name)),
        (true, Err(e)) => Err(e),
        (true, Ok(data)) => client::dynamic::create(state.client.executor(), model.meta, data)
            .await
            .map_err(|e| web::explain(&e)),
    };
    match result {
        Ok(_) => redirect(&with_notice(
            &view.back(&model.name),
            &format!("Created a {} record.", model.name),
        )),
        Err(error) => {
            let flash = Flash {
                error: Some(error),
                creating: true,
                typed: form,
                ..Flash::default()
            };
            table::render(
                &state,
                model,
                &view,
                flash,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// `POST /m/{model}/update`.
pub async fn update(
    State(state): State<Arc<AppState>>,
    path: Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let model = match web::model_or_404(&state, path) {
        Ok(m) => m,
        Err(r) => return *r,
    };
    if !security::csrf_ok(&state, &form) {
        return security::csrf_refused();
    }
    let form = form_map(&form);
    let view = back_view(model, &form);
    let key: Option<Vec<Option<String>>> =
        form.get("key").and_then(|k| serde_json::from_str(k).ok());
    let result = async {
        let key = key.as_ref().ok_or("The record's key is missing.")?;
        if !model.writable() {
            return Err(format!("{} is read-only here.", model.name));
        }
        let filter = key_cond(model, key)?;
        let data = data_of(model, &form, false)?;
        if data.is_empty() {
            return Ok(0);
        }
        client::dynamic::update(state.client.executor(), model.meta, filter, data, true)
            .await
            .map_err(|e| web::explain(&e))
    }
    .await;
    match result {
        Ok(_) => redirect(&with_notice(
            &view.back(&model.name),
            &format!("Saved the {} record.", model.name),
        )),
        Err(error) => {
            let flash = Flash {
                error: Some(error),
                editing: key,
                typed: form,
                ..Flash::default()
            };
            table::render(
                &state,
                model,
                &view,
                flash,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// `POST /m/{model}/delete`: without `confirmed`, the confirmation page; with it, the delete.
pub async fn delete(
    State(state): State<Arc<AppState>>,
    path: Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let model = match web::model_or_404(&state, path) {
        Ok(m) => m,
        Err(r) => return *r,
    };
    if !security::csrf_ok(&state, &form) {
        return security::csrf_refused();
    }
    let keys: Vec<Vec<Option<String>>> = form
        .iter()
        .filter(|(k, _)| k == "key")
        .filter_map(|(_, v)| serde_json::from_str(v).ok())
        .collect();
    let map = form_map(&form);
    let view = back_view(model, &map);
    let back = view.back(&model.name);
    let selection = keys
        .iter()
        .map(|k| key_cond(model, k))
        .collect::<Result<Vec<_>, _>>()
        .map(Cond::Or);
    let fail = |error: String| {
        let state = state.clone();
        let view = &view;
        async move {
            let flash = Flash {
                error: Some(error),
                ..Flash::default()
            };
            table::render(&state, model, view, flash, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    };
    let selection = match selection {
        _ if keys.is_empty() => {
            return fail("Select the records to delete first (the boxes on the left).".into())
                .await;
        }
        _ if !model.writable() => return fail(format!("{} is read-only here.", model.name)).await,
        Ok(s) => s,
        Err(e) => return fail(e).await,
    };
    let n = keys.len();
    let noun = if n == 1 { "record" } else { "records" };
    if !map.contains_key("confirmed") {
        let effects = match cascades(&state, model, &selection).await {
            Ok(e) => e,
            Err(e) => return fail(web::explain(&e)).await,
        };
        let body = html! {
            h1 { "Delete " (n) " " (model.name) " " (noun) "?" }
            @if effects.is_empty() { p { "Nothing else refers to them: only these " (noun) " are deleted." } }
            @else {
                p { "Deleting " (if n == 1 { "it" } else { "them" }) " also affects:" }
                ul.cascades { @for e in &effects { li { (e) } } }
            }
            form method="post" action=(format!("/m/{}/delete", model.name)) {
                input type="hidden" name="csrf" value=(state.csrf);
                input type="hidden" name="back" value=(back);
                input type="hidden" name="confirmed" value="1";
                @for (k, v) in form.iter().filter(|(k, _)| k == "key") { input type="hidden" name=(k) value=(v); }
                button.danger type="submit" { "Delete " (n) " " (noun) }
                " " a href=(back) { "Cancel" }
            }
        };
        return page(&state, StatusCode::OK, "Delete", Some(&model.name), body);
    }
    match client::dynamic::delete(state.client.executor(), model.meta, selection).await {
        Ok(deleted) => redirect(&with_notice(
            &back,
            &format!(
                "Deleted {deleted} {} {}.",
                model.name,
                if deleted == 1 { "record" } else { "records" }
            ),
        )),
        Err(e) => fail(web::explain(&e)).await,
    }
}

/// What deleting the records `selection` picks does to other records, one sentence each.
async fn cascades(
    state: &AppState,
    model: &Model,
    selection: &Cond,
) -> client::Result<Vec<String>> {
    let mut out = Vec::new();
    for other in &state.catalog.models {
        for r in &other.relations {
            if !std::ptr::eq(state.catalog.models[r.target].meta, model.meta) {
                continue;
            }
            let picks = Cond::Relation(r.meta, RelationQuantifier::Is, Box::new(selection.clone()));
            let many = r.meta.join.is_some();
            if !(r.meta.holds_foreign_key || many) {
                continue;
            }
            let select = client::query::Select {
                filter: if many {
                    Cond::Relation(
                        r.meta,
                        RelationQuantifier::Some,
                        Box::new(selection.clone()),
                    )
                } else {
                    picks
                },
                ..client::query::Select::all(other.meta)
            };
            let n = client::dynamic::count(state.client.executor(), &select).await?;
            if n == 0 {
                continue;
            }
            let what = format!(
                "{n} {} {}",
                other.name,
                if n == 1 { "record" } else { "records" }
            );
            let one = n == 1;
            let (is, has, refers) = if one {
                ("is", "has", "refers")
            } else {
                ("are", "have", "refer")
            };
            let (place, relation) = (&other.name, &r.name);
            out.push(match (many, r.on_delete) {
                (true, _) => {
                    format!("{what} {is} unlinked from them ({place}.{relation}, many-to-many)")
                }
                (_, Some(ReferentialAction::Cascade)) => format!(
                    "{what} {is} deleted with them ({place}.{relation}: onDelete Cascade), \
                     and whatever cascades from those"
                ),
                (_, Some(ReferentialAction::SetNull)) => {
                    format!("{what} {has} {relation} set to null (onDelete SetNull)")
                }
                (_, Some(ReferentialAction::SetDefault)) => {
                    format!("{what} {has} {relation} set to its default (onDelete SetDefault)")
                }
                _ => format!(
                    "{what} still {refers} to them through {place}.{relation}: the database \
                     refuses the delete until {} deleted or changed (onDelete Restrict)",
                    if one { "it is" } else { "they are" }
                ),
            });
        }
    }
    Ok(out)
}
