//! SQLite's fragments of the renderer: text filters without LIKE, long lists through
//! `json_each`.

use std::fmt::Write as _;

use crate::query::LikeKind;
use crate::render::Renderer;
use crate::value::Value;

/// `contains`, `startsWith`, `endsWith` and `equals` (insensitive) on SQLite. Not with
/// LIKE: SQLite's LIKE reads pattern and value only up to the first NUL, so a search for
/// `"\0…"` matched every row. Both sides are compared whole, as bytes: `instr` and `=` on
/// `lower(…)`, which folds ASCII letters only, as LIKE does (Prisma's case rule on SQLite).
/// Each form is NULL for a NULL column, as LIKE is, so `NOT` keeps its meaning.
pub(super) fn text_match(r: &mut Renderer, alias: &str, col: &str, kind: LikeKind, text: &str) {
    let lowered = |r: &mut Renderer| {
        r.sql.push_str("lower(");
        r.column(alias, col);
        r.sql.push(')');
    };
    match kind {
        LikeKind::Contains | LikeKind::StartsWith => {
            r.sql.push_str("instr(");
            lowered(r);
            r.sql.push_str(", lower(");
            r.param(Value::Text(text.to_owned()));
            r.sql.push_str(if kind == LikeKind::Contains {
                ")) > 0"
            } else {
                ")) = 1"
            });
        }
        LikeKind::EndsWith if text.is_empty() => {
            text_match(r, alias, col, LikeKind::Contains, text)
        }
        LikeKind::EndsWith => {
            // The last `len` bytes (a count from the typed value, written as a literal so
            // that SQLite prepares the statement once per length, as for LIMIT). The
            // length test first: `substr` of an empty blob is NULL, not empty.
            let len = text.len();
            r.sql.push_str("(length(CAST(");
            r.column(alias, col);
            let _ = write!(r.sql, " AS BLOB)) >= {len} AND substr(CAST(");
            lowered(r);
            let _ = write!(r.sql, " AS BLOB), -{len}) = CAST(lower(");
            r.param(Value::Text(text.to_owned()));
            r.sql.push_str(") AS BLOB))");
        }
        LikeKind::Equals => {
            lowered(r);
            r.sql.push_str(" = lower(");
            r.param(Value::Text(text.to_owned()));
            r.sql.push(')');
        }
    }
}

/// A long list: one JSON parameter read by `json_each`, except a list of bytes or lists, which
/// JSON cannot carry (one parameter per value then).
pub(super) fn long_list(r: &mut Renderer, alias: &str, col: &str, values: &[Value], negated: bool) {
    if values
        .iter()
        .any(|v| matches!(v, Value::Bytes(_) | Value::List(_)))
    {
        return r.in_list_inline(alias, col, values, negated);
    }
    r.column(alias, col);
    r.sql.push_str(if negated { " NOT IN " } else { " IN " });
    r.sql.push_str("(SELECT value FROM json_each(");
    r.param(Value::List(values.to_vec()));
    r.sql.push_str("))");
}

/// A text filter on another column of the row (a field reference), on SQLite: `instr` for
/// `contains` (> 0) and `startsWith` (= 1), the last characters for `endsWith`, all on
/// `lower(…)` as the other text filters here (ASCII case ignored, Prisma's rule on SQLite).
pub(super) fn column_text_match(
    r: &mut Renderer,
    alias: &str,
    col: &str,
    kind: LikeKind,
    other: &str,
) {
    let lowered = |r: &mut Renderer, c: &str| {
        r.sql.push_str("lower(");
        r.column(alias, c);
        r.sql.push(')');
    };
    match kind {
        LikeKind::Contains | LikeKind::StartsWith => {
            r.sql.push_str("instr(");
            lowered(r, col);
            r.sql.push_str(", ");
            lowered(r, other);
            r.sql.push_str(if kind == LikeKind::Contains {
                ") > 0"
            } else {
                ") = 1"
            });
        }
        LikeKind::EndsWith => {
            // From character `length(col) - length(other) + 1` on: the whole tail when it is
            // as long as `other`; an empty `other` matches (the start is past the end).
            r.sql.push_str("substr(");
            lowered(r, col);
            r.sql.push_str(", length(");
            r.column(alias, col);
            r.sql.push_str(") - length(");
            r.column(alias, other);
            r.sql.push_str(") + 1) = ");
            lowered(r, other);
        }
        LikeKind::Equals => {
            lowered(r, col);
            r.sql.push_str(" = ");
            lowered(r, other);
        }
    }
}
