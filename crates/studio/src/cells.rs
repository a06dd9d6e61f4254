//! The cells of a table row: the key a row's forms carry, and the inline editor of each
//! column (typed inputs per scalar, the list editor, read-only `Unsupported` values).

use std::collections::HashMap;

use client::Value;
use client::dynamic::ScalarKind;
use maud::{Markup, html};

use crate::catalog::Model;
use crate::extras;
use crate::values::{self, input_type, is_long_text, type_label};

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
