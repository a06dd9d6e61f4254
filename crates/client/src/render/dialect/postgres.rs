//! PostgreSQL's fragments of the renderer: LIKE and ILIKE on `::text`, long lists as arrays.

use crate::query::LikeKind;
use crate::render::{Renderer, like_pattern};
use crate::value::Value;

/// A text filter: `col::text LIKE $n` (`ILIKE` for `mode: 'insensitive'`).
pub(super) fn like(
    r: &mut Renderer,
    alias: &str,
    col: &str,
    kind: LikeKind,
    text: &str,
    insensitive: bool,
) {
    r.column(alias, col);
    r.sql.push_str("::text");
    r.sql
        .push_str(if insensitive { " ILIKE " } else { " LIKE " });
    r.param(Value::Text(like_pattern(kind, text)));
}

/// A long list: one array parameter.
pub(super) fn long_list(r: &mut Renderer, alias: &str, col: &str, values: &[Value], negated: bool) {
    if values.iter().all(|v| matches!(v, Value::Int(_))) {
        // Integer keys (relation loads): a semi-join on the unnested array, which the
        // planner hashes. `= ANY($n)` is a linear search per row once PostgreSQL
        // switches the prepared statement to its generic plan (after five runs), which
        // made loading 10,000 children by 1,000 keys about 20× slower.
        r.column(alias, col);
        r.sql.push_str(if negated { " NOT IN " } else { " IN " });
        r.sql.push_str("(SELECT unnest(");
        r.param(Value::List(values.to_vec()));
        r.sql.push_str("::int8[]))");
        return;
    }
    if negated {
        r.sql.push_str("NOT (");
    }
    r.column(alias, col);
    r.sql.push_str(" = ANY(");
    r.param(Value::List(values.to_vec()));
    r.sql.push(')');
    if negated {
        r.sql.push(')');
    }
}

/// A text filter on another column of the row (a field reference): `strpos` for `contains`
/// (> 0) and `startsWith` (= 1), `right` for `endsWith`, on `::text`, both sides under
/// `lower(…)` for `mode: 'insensitive'`.
pub(super) fn column_text_match(
    r: &mut Renderer,
    alias: &str,
    col: &str,
    kind: LikeKind,
    other: &str,
    insensitive: bool,
) {
    let text = |r: &mut Renderer, c: &str| {
        if insensitive {
            r.sql.push_str("lower(");
        }
        r.column(alias, c);
        r.sql.push_str("::text");
        if insensitive {
            r.sql.push(')');
        }
    };
    match kind {
        LikeKind::Contains | LikeKind::StartsWith => {
            r.sql.push_str("strpos(");
            text(r, col);
            r.sql.push_str(", ");
            text(r, other);
            r.sql.push_str(if kind == LikeKind::Contains {
                ") > 0"
            } else {
                ") = 1"
            });
        }
        LikeKind::EndsWith => {
            r.sql.push_str("right(");
            text(r, col);
            r.sql.push_str(", length(");
            r.column(alias, other);
            r.sql.push_str("::text)) = ");
            text(r, other);
        }
        LikeKind::Equals => {
            text(r, col);
            r.sql.push_str(" = ");
            text(r, other);
        }
    }
}
