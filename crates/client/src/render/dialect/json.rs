//! `Json` filters ([`JsonCond`]) per database, as Prisma renders them where it has them.
//!
//! PostgreSQL: the column read as `jsonb`, a path through `#>` (the value) and `#>>` (its
//! text) with a `text[]` parameter, `jsonb_typeof` for the type checks, `@>` for
//! `array_contains`, `= $n::jsonb` for equality. MySQL and MariaDB: `JSON_EXTRACT` with a
//! `$."a"[0]` path parameter, `JSON_UNQUOTE` for text, `JSON_TYPE`, `JSON_CONTAINS` (both ways
//! for equality, as Prisma compares JSON there). SQLite, where Prisma has no JSON filters:
//! SQLite's own JSON functions (`->`, `json_extract`, `json_type`, `json_each`) with the same
//! path form, equality of minified text (`json(…)`). String filters are case-sensitive
//! comparisons of the whole text (their `%`, `_` and `\` match themselves).

use std::fmt::Write as _;

use super::Dialect;
use crate::query::{JsonCond, JsonOp, LikeKind};
use crate::render::{Renderer, like_pattern};
use crate::value::Value;

/// Renders `cond` on `alias.col`.
pub(crate) fn json_filter(r: &mut Renderer, alias: &str, col: &str, cond: &JsonCond) {
    let at = At {
        alias,
        col,
        path: &cond.path,
    };
    match r.dialect {
        Dialect::Postgres => postgres(r, &at, &cond.op),
        Dialect::Mysql => mysql(r, &at, &cond.op),
        Dialect::Sqlite => sqlite(r, &at, &cond.op),
    }
}

/// Where the filtered value is: a column and a path in it.
struct At<'a> {
    alias: &'a str,
    col: &'a str,
    path: &'a [String],
}

/// A path in MySQL's and SQLite's form: `$`, then `[n]` for a segment of digits and
/// `."key"` (quoted, `"` and `\` escaped) for any other.
fn path_text(path: &[String]) -> String {
    let mut text = String::from("$");
    for segment in path {
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            let _ = write!(text, "[{segment}]");
        } else {
            text.push_str(".\"");
            for c in segment.chars() {
                if matches!(c, '"' | '\\') {
                    text.push('\\');
                }
                text.push(c);
            }
            text.push('"');
        }
    }
    text
}

fn string_kind(op: &JsonOp) -> Option<(LikeKind, &str)> {
    match op {
        JsonOp::StringContains(t) => Some((LikeKind::Contains, t)),
        JsonOp::StringStartsWith(t) => Some((LikeKind::StartsWith, t)),
        JsonOp::StringEndsWith(t) => Some((LikeKind::EndsWith, t)),
        _ => None,
    }
}

// --- PostgreSQL ---

/// The value at the path, as `jsonb`.
fn pg_value(r: &mut Renderer, at: &At<'_>) {
    r.sql.push('(');
    r.column(at.alias, at.col);
    r.sql.push_str("::jsonb");
    if !at.path.is_empty() {
        r.sql.push_str(" #> ");
        r.param(Value::List(
            at.path.iter().cloned().map(Value::Text).collect(),
        ));
        r.sql.push_str("::text[]");
    }
    r.sql.push(')');
}

fn pg_type_is(r: &mut Renderer, at: &At<'_>, ty: &str) {
    r.sql.push_str("jsonb_typeof(");
    pg_value(r, at);
    let _ = write!(r.sql, ") = '{ty}'");
}

fn pg_json_param(r: &mut Renderer, v: &serde_json::Value) {
    r.param(Value::Json(v.clone()));
    r.sql.push_str("::jsonb");
}

fn postgres(r: &mut Renderer, at: &At<'_>, op: &JsonOp) {
    if let Some((kind, text)) = string_kind(op) {
        r.sql.push_str("((");
        r.column(at.alias, at.col);
        r.sql.push_str("::jsonb #>> ");
        r.param(Value::List(
            at.path.iter().cloned().map(Value::Text).collect(),
        ));
        r.sql.push_str("::text[]) LIKE ");
        r.param(Value::Text(like_pattern(kind, text)));
        r.sql.push_str(" AND ");
        pg_type_is(r, at, "string");
        r.sql.push(')');
        return;
    }
    match op {
        JsonOp::Equals(v) | JsonOp::NotEquals(v) => {
            pg_value(r, at);
            r.sql.push_str(if matches!(op, JsonOp::Equals(_)) {
                " = "
            } else {
                " <> "
            });
            pg_json_param(r, v);
        }
        JsonOp::ArrayContains(v) | JsonOp::ArrayStartsWith(v) | JsonOp::ArrayEndsWith(v) => {
            r.sql.push('(');
            match op {
                JsonOp::ArrayContains(_) => {
                    pg_value(r, at);
                    r.sql.push_str(" @> ");
                }
                JsonOp::ArrayStartsWith(_) => {
                    r.sql.push('(');
                    pg_value(r, at);
                    r.sql.push_str(" -> 0) = ");
                }
                _ => {
                    r.sql.push('(');
                    pg_value(r, at);
                    r.sql.push_str(" -> -1) = ");
                }
            }
            pg_json_param(r, v);
            r.sql.push_str(" AND ");
            pg_type_is(r, at, "array");
            r.sql.push(')');
        }
        JsonOp::AnyNull(negated) => {
            r.sql.push('(');
            pg_value(r, at);
            if *negated {
                r.sql.push_str(" IS NOT NULL AND ");
                pg_value(r, at);
                r.sql.push_str(" <> 'null'::jsonb)");
            } else {
                r.sql.push_str(" IS NULL OR ");
                pg_value(r, at);
                r.sql.push_str(" = 'null'::jsonb)");
            }
        }
        JsonOp::StringContains(_) | JsonOp::StringStartsWith(_) | JsonOp::StringEndsWith(_) => {}
    }
}

// --- MySQL and MariaDB ---

/// `JSON_EXTRACT(col, ?)`: the value at the path (SQL NULL where the path is missing).
fn my_value(r: &mut Renderer, at: &At<'_>) {
    r.sql.push_str("JSON_EXTRACT(");
    r.column(at.alias, at.col);
    r.sql.push_str(", ");
    r.param(Value::Text(path_text(at.path)));
    r.sql.push(')');
}

fn my_type_is(r: &mut Renderer, at: &At<'_>, ty: &str) {
    r.sql.push_str("JSON_TYPE(");
    my_value(r, at);
    let _ = write!(r.sql, ") = '{ty}'");
}

/// `(JSON_CONTAINS(a, b) AND JSON_CONTAINS(b, a))`: `a` (written by `value`) is the JSON
/// value `v`, as Prisma compares JSON on MySQL.
fn my_equals(r: &mut Renderer, value: impl Fn(&mut Renderer), v: &serde_json::Value) {
    r.sql.push_str("(JSON_CONTAINS(");
    value(r);
    r.sql.push_str(", ");
    r.param(Value::Text(v.to_string()));
    r.sql.push_str(") AND JSON_CONTAINS(");
    r.param(Value::Text(v.to_string()));
    r.sql.push_str(", ");
    value(r);
    r.sql.push_str("))");
}

fn mysql(r: &mut Renderer, at: &At<'_>, op: &JsonOp) {
    if let Some((kind, text)) = string_kind(op) {
        r.sql.push_str("(JSON_UNQUOTE(");
        my_value(r, at);
        r.sql.push_str(") LIKE ");
        r.param(Value::Text(like_pattern(kind, text)));
        r.sql.push_str(" AND ");
        my_type_is(r, at, "STRING");
        r.sql.push(')');
        return;
    }
    match op {
        JsonOp::Equals(v) => my_equals(r, |r| my_value(r, at), v),
        JsonOp::NotEquals(v) => {
            // A missing path (SQL NULL) matches neither `equals` nor `not`.
            r.sql.push_str("(NOT ");
            my_equals(r, |r| my_value(r, at), v);
            r.sql.push(')');
        }
        JsonOp::ArrayContains(v) => {
            r.sql.push_str("(JSON_CONTAINS(");
            my_value(r, at);
            r.sql.push_str(", ");
            r.param(Value::Text(v.to_string()));
            r.sql.push_str(") AND ");
            my_type_is(r, at, "ARRAY");
            r.sql.push(')');
        }
        JsonOp::ArrayStartsWith(v) | JsonOp::ArrayEndsWith(v) => {
            let last = matches!(op, JsonOp::ArrayEndsWith(_));
            r.sql.push('(');
            my_equals(
                r,
                |r| {
                    r.sql.push_str("JSON_EXTRACT(");
                    my_value(r, at);
                    if last {
                        r.sql.push_str(", CONCAT('$[', JSON_LENGTH(");
                        my_value(r, at);
                        r.sql.push_str(") - 1, ']'))");
                    } else {
                        r.sql.push_str(", '$[0]')");
                    }
                },
                v,
            );
            r.sql.push_str(" AND ");
            my_type_is(r, at, "ARRAY");
            r.sql.push(')');
        }
        JsonOp::AnyNull(negated) => {
            r.sql.push('(');
            my_value(r, at);
            if *negated {
                r.sql.push_str(" IS NOT NULL AND JSON_TYPE(");
                my_value(r, at);
                r.sql.push_str(") <> 'NULL')");
            } else {
                r.sql.push_str(" IS NULL OR JSON_TYPE(");
                my_value(r, at);
                r.sql.push_str(") = 'NULL')");
            }
        }
        JsonOp::StringContains(_) | JsonOp::StringStartsWith(_) | JsonOp::StringEndsWith(_) => {}
    }
}

// --- SQLite ---

/// `(col -> ?)`: the value at the path as minified JSON text (NULL where it is missing).
fn lite_value(r: &mut Renderer, at: &At<'_>) {
    r.sql.push('(');
    r.column(at.alias, at.col);
    r.sql.push_str(" -> ");
    r.param(Value::Text(path_text(at.path)));
    r.sql.push(')');
}

/// `json_type(col, ?)`: `'text'`, `'array'`, `'null'`… (NULL where the path is missing).
fn lite_type(r: &mut Renderer, at: &At<'_>) {
    r.sql.push_str("json_type(");
    r.column(at.alias, at.col);
    r.sql.push_str(", ");
    r.param(Value::Text(path_text(at.path)));
    r.sql.push(')');
}

fn lite_json_param(r: &mut Renderer, v: &serde_json::Value) {
    r.sql.push_str("json(");
    r.param(Value::Text(v.to_string()));
    r.sql.push(')');
}

fn sqlite(r: &mut Renderer, at: &At<'_>, op: &JsonOp) {
    if let Some((kind, text)) = string_kind(op) {
        // The text of a string (`json_extract` unquotes it), compared whole as bytes.
        let text_at = |r: &mut Renderer| {
            r.sql.push_str("json_extract(");
            r.column(at.alias, at.col);
            r.sql.push_str(", ");
            r.param(Value::Text(path_text(at.path)));
            r.sql.push(')');
        };
        r.sql.push('(');
        lite_type(r, at);
        r.sql.push_str(" = 'text' AND ");
        match kind {
            LikeKind::EndsWith if !text.is_empty() => {
                let len = text.len();
                r.sql.push_str("length(CAST(");
                text_at(r);
                let _ = write!(r.sql, " AS BLOB)) >= {len} AND substr(CAST(");
                text_at(r);
                let _ = write!(r.sql, " AS BLOB), -{len}) = CAST(");
                r.param(Value::Text(text.to_owned()));
                r.sql.push_str(" AS BLOB)");
            }
            _ => {
                r.sql.push_str("instr(");
                text_at(r);
                r.sql.push_str(", ");
                r.param(Value::Text(text.to_owned()));
                r.sql.push_str(if kind == LikeKind::StartsWith {
                    ") = 1"
                } else {
                    ") > 0"
                });
            }
        }
        r.sql.push(')');
        return;
    }
    match op {
        JsonOp::Equals(v) | JsonOp::NotEquals(v) => {
            lite_value(r, at);
            r.sql.push_str(if matches!(op, JsonOp::Equals(_)) {
                " = "
            } else {
                " <> "
            });
            lite_json_param(r, v);
        }
        JsonOp::ArrayContains(v) => {
            // Every wanted element (the value itself unless it is an array) is among the
            // array's elements: same JSON type and value.
            let wanted = match v {
                serde_json::Value::Array(_) => v.clone(),
                other => serde_json::Value::Array(vec![other.clone()]),
            };
            r.sql.push('(');
            lite_type(r, at);
            r.sql
                .push_str(" = 'array' AND NOT EXISTS (SELECT 1 FROM json_each(");
            r.param(Value::Text(wanted.to_string()));
            r.sql
                .push_str(") AS w WHERE NOT EXISTS (SELECT 1 FROM json_each(");
            r.column(at.alias, at.col);
            r.sql.push_str(", ");
            r.param(Value::Text(path_text(at.path)));
            r.sql.push_str(
                ") AS h WHERE h.type = w.type AND json_quote(h.value) = json_quote(w.value))))",
            );
        }
        JsonOp::ArrayStartsWith(v) | JsonOp::ArrayEndsWith(v) => {
            r.sql.push('(');
            lite_type(r, at);
            r.sql.push_str(" = 'array' AND (");
            lite_value(r, at);
            r.sql.push_str(if matches!(op, JsonOp::ArrayStartsWith(_)) {
                " -> 0) = "
            } else {
                " -> '$[#-1]') = "
            });
            lite_json_param(r, v);
            r.sql.push(')');
        }
        JsonOp::AnyNull(negated) => {
            r.sql.push('(');
            lite_type(r, at);
            if *negated {
                r.sql.push_str(" IS NOT NULL AND ");
                lite_type(r, at);
                r.sql.push_str(" <> 'null')");
            } else {
                r.sql.push_str(" IS NULL OR ");
                lite_type(r, at);
                r.sql.push_str(" = 'null')");
            }
        }
        JsonOp::StringContains(_) | JsonOp::StringStartsWith(_) | JsonOp::StringEndsWith(_) => {}
    }
}

/// The JSON functions of the `join` relation load strategy (`crate::render::join`), on the
/// databases where Refract loads relations that way: PostgreSQL, as Prisma does with
/// `relationJoins` (LATERAL joins and JSON aggregation). `None` elsewhere: SQLite (Prisma has
/// no join strategy there), MariaDB (Prisma refuses it: no LATERAL, and derived tables cannot
/// see the outer query) and MySQL 8 (Prisma joins there with correlated subqueries; Refract
/// does not yet), where the query strategy runs instead.
pub(crate) fn relation_joins(dialect: Dialect) -> Option<JoinJson> {
    match dialect {
        Dialect::Postgres => Some(JoinJson {
            record_open: "json_build_array(",
            max_record_items: 100,
            agg_open: "COALESCE(json_agg(",
            agg_order: " ORDER BY ",
            agg_close: "), '[]')",
            text_open: "CAST(",
            text_close: " AS text)",
            texts_close: " AS text[])",
            lateral: " LEFT JOIN LATERAL (",
            lateral_close: " ON true",
        }),
        Dialect::Mysql | Dialect::Sqlite => None,
    }
}

/// The SQL fragments of [`relation_joins`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct JoinJson {
    /// Opens a record's JSON array of columns.
    pub(crate) record_open: &'static str,
    /// The most elements the function takes.
    pub(crate) max_record_items: usize,
    /// Opens the aggregate of records into one JSON array (`[]` for none).
    pub(crate) agg_open: &'static str,
    /// Between the aggregated value and the order it aggregates in.
    pub(crate) agg_order: &'static str,
    /// Closes the aggregate.
    pub(crate) agg_close: &'static str,
    /// Opens a value written as its text (`Json` fields: their exact text, and a database
    /// NULL apart from JSON's `null`).
    pub(crate) text_open: &'static str,
    /// Closes it.
    pub(crate) text_close: &'static str,
    /// Closes it for a list (each element as its text).
    pub(crate) texts_close: &'static str,
    /// Opens a lateral subquery joined to the rows around it.
    pub(crate) lateral: &'static str,
    /// Closes it, after its alias.
    pub(crate) lateral_close: &'static str,
}
