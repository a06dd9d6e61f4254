//! MySQL's (and MariaDB's) fragments of the renderer: LIKE left to the collation, long lists
//! inlined.

use crate::query::LikeKind;
use crate::render::{Renderer, like_pattern};
use crate::value::Value;

/// The longest list [`long_list`] pads (to at most twice its length).
const PADDED_MAX: usize = 4_096;

/// A text filter: `col LIKE ?`. The column's collation decides case sensitivity (the default
/// ones ignore case), as in Prisma, where `mode: insensitive` changes nothing on MySQL.
/// Backslash is MySQL's default LIKE escape.
pub(super) fn like(r: &mut Renderer, alias: &str, col: &str, kind: LikeKind, text: &str) {
    r.column(alias, col);
    r.sql.push_str(" LIKE ");
    r.param(Value::Text(like_pattern(kind, text)));
}

/// A long list: MySQL has no array parameter, so the list is inlined, padded with its last
/// value to the next power of two, so that few distinct statements are prepared; a list
/// longer than [`PADDED_MAX`] is left as it is, so that padding never takes a list that fits
/// in a statement past MySQL's 65,535 parameters.
pub(super) fn long_list(r: &mut Renderer, alias: &str, col: &str, values: &[Value], negated: bool) {
    let padded = if values.len() <= PADDED_MAX {
        values.len().next_power_of_two()
    } else {
        values.len()
    };
    let mut list = values.to_vec();
    list.resize(padded, values[values.len() - 1].clone());
    r.in_list_inline(alias, col, &list, negated);
}

/// A text filter on another column of the row (a field reference): `LOCATE` for `contains`
/// (> 0) and `startsWith` (= 1), `RIGHT` for `endsWith`. The collation decides case, as for
/// the other text filters here.
pub(super) fn column_text_match(
    r: &mut Renderer,
    alias: &str,
    col: &str,
    kind: LikeKind,
    other: &str,
) {
    match kind {
        LikeKind::Contains | LikeKind::StartsWith => {
            r.sql.push_str("LOCATE(");
            r.column(alias, other);
            r.sql.push_str(", ");
            r.column(alias, col);
            r.sql.push_str(if kind == LikeKind::Contains {
                ") > 0"
            } else {
                ") = 1"
            });
        }
        LikeKind::EndsWith => {
            r.sql.push_str("RIGHT(");
            r.column(alias, col);
            r.sql.push_str(", CHAR_LENGTH(");
            r.column(alias, other);
            r.sql.push_str(")) = ");
            r.column(alias, other);
        }
        LikeKind::Equals => {
            r.column(alias, col);
            r.sql.push_str(" = ");
            r.column(alias, other);
        }
    }
}
