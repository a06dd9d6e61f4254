//! Full-text search (`search`, `_relevance`) per database, as Prisma renders it: on
//! PostgreSQL `to_tsvector(concat_ws(' ', col, …)) @@ to_tsquery($n)` and `ts_rank(…)` for
//! relevance; on MySQL `MATCH (col, …) AGAINST (? IN BOOLEAN MODE)` for both. SQLite has none
//! (the renderer refuses it, [`crate::search::refusal`]). The query is always a parameter.

use crate::query::TextSearch;
use crate::render::Renderer;
use crate::value::Value;

use super::Dialect;

/// Whether the database has full-text search (PostgreSQL, MySQL; not SQLite).
fn has_full_text_search(dialect: Dialect) -> bool {
    !matches!(dialect, Dialect::Sqlite)
}

/// Refuses the statement if the search cannot run (the renderer then returns P2009 instead of
/// it); `true` when it can be written.
fn allowed(r: &mut Renderer, search: &TextSearch) -> bool {
    match crate::search::refusal(search, has_full_text_search(r.dialect)) {
        None => true,
        Some(why) => {
            r.refuse(why);
            false
        }
    }
}

/// The columns, qualified by `alias`, separated by `,` (as Prisma writes them).
fn columns(r: &mut Renderer, alias: &str, search: &TextSearch) {
    for (i, col) in search.columns.iter().enumerate() {
        if i > 0 {
            r.sql.push(',');
        }
        r.column(alias, col);
    }
}

/// `to_tsvector(concat_ws(' ', cols))` (PostgreSQL).
fn ts_vector(r: &mut Renderer, alias: &str, search: &TextSearch) {
    r.sql.push_str("to_tsvector(concat_ws(' ', ");
    columns(r, alias, search);
    r.sql.push_str("))");
}

/// `MATCH (cols) AGAINST (? IN BOOLEAN MODE)` (MySQL).
fn match_against(r: &mut Renderer, alias: &str, search: &TextSearch) {
    r.sql.push_str("MATCH (");
    columns(r, alias, search);
    r.sql.push_str(")AGAINST (");
    r.param(Value::Text(search.query.clone()));
    r.sql.push_str(" IN BOOLEAN MODE)");
}

/// The `search` filter.
pub(crate) fn filter(r: &mut Renderer, alias: &str, search: &TextSearch) {
    if !allowed(r, search) {
        return;
    }
    match r.dialect {
        Dialect::Postgres => {
            ts_vector(r, alias, search);
            r.sql.push_str(" @@ to_tsquery(");
            r.param(Value::Text(search.query.clone()));
            r.sql.push(')');
        }
        Dialect::Mysql => match_against(r, alias, search),
        // Refused above: SQLite has no full-text search.
        Dialect::Sqlite => {}
    }
}

/// The `_relevance` ordering's expression.
pub(crate) fn relevance(r: &mut Renderer, alias: &str, search: &TextSearch) {
    if !allowed(r, search) {
        return;
    }
    match r.dialect {
        Dialect::Postgres => {
            r.sql.push_str("ts_rank(");
            ts_vector(r, alias, search);
            r.sql.push_str(", to_tsquery(");
            r.param(Value::Text(search.query.clone()));
            r.sql.push_str("))");
        }
        Dialect::Mysql => match_against(r, alias, search),
        // Refused above: SQLite has no full-text search.
        Dialect::Sqlite => {}
    }
}
