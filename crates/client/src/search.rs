//! Full-text search, as Prisma Client has it: the `search` filter on a text field and the
//! `_relevance` ordering, available where the schema allows it (every model on MySQL, over
//! its `@@fulltext` indexes; on PostgreSQL with the `fullTextSearchPostgres` preview feature;
//! never on SQLite). The schema's answer is [`ModelMeta::full_text_search`], set by the
//! generator; the renderer refuses a search the schema or the database does not allow, with
//! P2009 and a message naming the fix. On MySQL a search over columns no `FULLTEXT` index
//! covers is refused by the server: P2030, as in Prisma.
//!
//! The SQL is Prisma's (`render/dialect/search.rs`): `to_tsvector(concat_ws(' ', …)) @@
//! to_tsquery(…)` and `ts_rank(…)` on PostgreSQL, `MATCH (…) AGAINST (… IN BOOLEAN MODE)` on
//! MySQL. As in Prisma, the searches of one `AND`, `OR` or `NOT` block that share a query are
//! merged into one search over their columns together ([`merge`]), so that a `@@fulltext`
//! index over several columns serves them.
//!
//! [`ModelMeta::full_text_search`]: crate::meta::ModelMeta::full_text_search

use std::marker::PhantomData;

use crate::query::{Cond, OrderExpr, TextSearch};
use crate::typed::{Field, Filter, Model, Order};

impl<M: Model> Field<M, String> {
    /// `search`: the field's text matches the full-text query, in the database's syntax
    /// (`'cat & dog'`, `'cat | dog'`, `'!cat'`, `'cat <-> dog'` on PostgreSQL's `to_tsquery`;
    /// `'+cat +dog'`, `'cat dog'`, `'+cat -dog'` in MySQL's boolean mode).
    pub fn search(self, query: impl Into<String>) -> Filter<M> {
        Filter::new(Cond::Search(TextSearch {
            columns: vec![self.column],
            query: query.into(),
            schema_allows: M::META.full_text_search,
        }))
    }
}

/// Prisma's `orderBy: { _relevance: { fields, search, sort } }`: the records ordered by how
/// well `fields`, together, match the full-text query `search`:
/// `relevance([post::title(), post::body()], "cat").desc()`.
pub fn relevance<M: Model>(
    fields: impl IntoIterator<Item = Field<M, String>>,
    search: impl Into<String>,
) -> Relevance<M> {
    Relevance {
        search: TextSearch {
            columns: fields.into_iter().map(|f| f.column).collect(),
            query: search.into(),
            schema_allows: M::META.full_text_search,
        },
        _m: PhantomData,
    }
}

/// The relevance of a full-text search over fields of `M`, to order by ([`relevance`]).
#[derive(Debug, Clone)]
pub struct Relevance<M> {
    search: TextSearch,
    _m: PhantomData<fn() -> M>,
}

impl<M> Relevance<M> {
    /// `sort: 'asc'`: the least relevant first.
    pub fn asc(self) -> Order<M> {
        Order::new(OrderExpr::Relevance(self.search), false)
    }
    /// `sort: 'desc'`: the most relevant first.
    pub fn desc(self) -> Order<M> {
        Order::new(OrderExpr::Relevance(self.search), true)
    }
}

/// The items of one `AND` / `OR` block with the searches that share a query (and the schema's
/// answer) merged into one over their columns, in the place of the first, as Prisma merges
/// them; `None` when there is nothing to merge (fewer than two searches).
pub(crate) fn merge(items: &[Cond]) -> Option<Vec<Cond>> {
    let searches = items
        .iter()
        .filter(|c| matches!(c, Cond::Search(_)))
        .count();
    if searches < 2 {
        return None;
    }
    let mut out: Vec<Cond> = Vec::with_capacity(items.len());
    for item in items {
        if let Cond::Search(s) = item
            && let Some(Cond::Search(first)) = out.iter_mut().find(|c| {
                matches!(c, Cond::Search(f) if f.query == s.query && f.schema_allows == s.schema_allows)
            })
        {
            for column in &s.columns {
                if !first.columns.contains(column) {
                    first.columns.push(column);
                }
            }
            continue;
        }
        out.push(item.clone());
    }
    Some(out)
}

/// Why a full-text search cannot run: `None` when it can. `database_has` is the dialect's
/// answer (PostgreSQL and MySQL have full-text search, SQLite has none in Prisma).
pub(crate) fn refusal(search: &TextSearch, database_has: bool) -> Option<String> {
    if !database_has {
        return Some(
            "Full-text search (`search`, `_relevance`) is not available on SQLite, as in Prisma: \
             it needs PostgreSQL (with the `fullTextSearchPostgres` preview feature) or MySQL \
             (over a `@@fulltext` index)."
                .to_owned(),
        );
    }
    if !search.schema_allows {
        return Some(
            "Full-text search (`search`, `_relevance`) is not enabled by this client's schema: \
             on PostgreSQL it needs the `fullTextSearchPostgres` preview feature (add \
             `previewFeatures = [\"fullTextSearchPostgres\"]` to the generator block and run \
             `refract generate` again); on MySQL it is always enabled."
                .to_owned(),
        );
    }
    if search.columns.is_empty() {
        return Some(
            "Invalid value for `_relevance`: `fields` names no field; give at least one text \
             field."
                .to_owned(),
        );
    }
    None
}
