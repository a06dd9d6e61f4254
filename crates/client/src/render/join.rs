//! The statement of the `join` relation load strategy (Prisma's `relationJoins`): the records
//! asked for and, in the same statement, each included relation as one JSON value per row,
//! from a LATERAL subquery that builds each related record as a JSON array of its columns
//! (then one element per nested relation, built the same way) and aggregates a list relation's
//! records in their order, with their own filter, order, `skip` and `take`
//! (`crate::join`; the dialect's functions in `dialect/json.rs`).

use super::*;
use dialect::JoinJson;

/// One included relation, as the join strategy renders it.
#[derive(Debug, Clone)]
pub(crate) struct JoinRel {
    /// The relation.
    pub(crate) meta: &'static RelationMeta,
    /// The related records' filter.
    pub(crate) filter: Cond,
    /// Their order.
    pub(crate) order: Vec<OrderItem>,
    /// At most this many per parent.
    pub(crate) take: Option<usize>,
    /// Skipping this many per parent.
    pub(crate) skip: usize,
    /// The relations included in the related records.
    pub(crate) children: Vec<JoinRel>,
}

/// Whether `dialect` has the join strategy (PostgreSQL).
pub(crate) fn joins(dialect: Dialect) -> bool {
    dialect::relation_joins(dialect).is_some()
}

/// Renders `s` with `rels` joined: the model's columns, then one JSON column per relation.
/// `Ok(Err(reason))` where the dialect has no join strategy or a record has more
/// columns than its JSON function takes: the caller loads with the query strategy instead.
pub(crate) fn select_joined(
    dialect: Dialect,
    s: &Select,
    rels: &[JoinRel],
) -> crate::error::Result<Result<Sql, String>> {
    let Some(json) = dialect::relation_joins(dialect) else {
        return Ok(Err(format!("no join strategy on {dialect:?}")));
    };
    let mut r = Renderer::new(dialect);
    r.sql.push_str("SELECT ");
    r.sql.push_str(s.model.select_list(dialect));
    let columns: Vec<String> = rels.iter().map(|_| r.fresh_alias()).collect();
    for alias in &columns {
        r.sql.push_str(", ");
        r.column(alias, "v");
    }
    r.sql.push_str(" FROM ");
    r.table(s.model);
    r.as_alias("t0");
    // Written in text order, so that parameters are bound in the order they appear.
    for (rel, alias) in rels.iter().zip(&columns) {
        if let Err(why) = r.lateral(&json, "t0", rel, alias) {
            return Ok(Err(why));
        }
    }
    r.where_clause("t0", s);
    r.order_by("t0", &s.order);
    r.limit(s.take, s.skip);
    // P2009 when a part was refused (full-text search where there is none), as for any select.
    r.finish().map(Ok)
}

impl Renderer {
    /// ` LEFT JOIN LATERAL (…) AS <outer> ON true` for `rel` of the records at `parent`, whose
    /// column `v` holds the relation's JSON.
    fn lateral(
        &mut self,
        json: &JoinJson,
        parent: &str,
        rel: &JoinRel,
        outer: &str,
    ) -> Result<(), String> {
        let target = rel.meta.target;
        let columns = target.fields.iter().filter(|f| !f.omitted).count();
        if columns + rel.children.len() > json.max_record_items {
            return Err(format!(
                "{} has too many fields for one JSON record",
                target.name
            ));
        }
        let child = self.fresh_alias();
        self.sql.push_str(json.lateral);
        let inner = if rel.meta.list {
            let inner = self.fresh_alias();
            self.sql.push_str("SELECT ");
            self.sql.push_str(json.agg_open);
            self.column(&inner, "v");
            self.sql.push_str(json.agg_order);
            self.column(&inner, "n");
            self.sql.push_str(json.agg_close);
            self.sql.push_str(" AS ");
            self.ident("v");
            self.sql.push_str(" FROM (");
            Some(inner)
        } else {
            None
        };
        // The related records, each as its JSON array.
        self.sql.push_str("SELECT ");
        let nested_columns: Vec<String> = rel.children.iter().map(|_| self.fresh_alias()).collect();
        self.sql.push_str(json.record_open);
        let mut first = true;
        for (i, f) in target.fields.iter().enumerate().filter(|(_, f)| !f.omitted) {
            if !first {
                self.sql.push_str(", ");
            }
            first = false;
            if f.kind == crate::meta::ScalarKind::Json {
                self.sql.push_str(json.text_open);
                self.column(&child, f.column);
                self.sql.push_str(if target.lists.contains(&i) {
                    json.texts_close
                } else {
                    json.text_close
                });
            } else {
                self.column(&child, f.column);
            }
        }
        for alias in &nested_columns {
            if !first {
                self.sql.push_str(", ");
            }
            first = false;
            self.column(alias, "v");
        }
        self.sql.push_str(") AS ");
        self.ident("v");
        if rel.meta.list {
            self.sql.push_str(", ROW_NUMBER() OVER (");
            self.order_by(&child, &rel.order);
            self.sql.push_str(") AS ");
            self.ident("n");
        }
        self.sql.push_str(" FROM ");
        self.table(target);
        self.as_alias(&child);
        let link = match &rel.meta.join {
            Some(join) => {
                let j = self.fresh_alias();
                self.sql.push_str(" INNER JOIN ");
                self.join_table(join);
                self.as_alias(&j);
                self.sql.push_str(" ON ");
                self.column(&j, join.other_column);
                self.sql.push_str(" = ");
                self.column(&child, rel.meta.to_columns[0]);
                vec![(j, join.this_column, rel.meta.from_columns[0])]
            }
            None => rel
                .meta
                .to_columns
                .iter()
                .zip(rel.meta.from_columns)
                .map(|(to, from)| (child.clone(), *to, *from))
                .collect(),
        };
        // The nested relations' laterals, after the related table (they read its columns).
        for (c, alias) in rel.children.iter().zip(&nested_columns) {
            self.lateral(json, &child, c, alias)?;
        }
        self.sql.push_str(" WHERE ");
        for (n, (alias, col, from)) in link.iter().enumerate() {
            if n > 0 {
                self.sql.push_str(" AND ");
            }
            self.column(alias, col);
            self.sql.push_str(" = ");
            self.column(parent, from);
        }
        if rel.filter != Cond::True {
            self.sql.push_str(" AND ");
            self.cond(&child, &rel.filter);
        }
        if rel.meta.list {
            self.order_by(&child, &rel.order);
            let take = rel.take.map(|t| i64::try_from(t).unwrap_or(i64::MAX));
            let skip = (rel.skip > 0).then(|| i64::try_from(rel.skip).unwrap_or(i64::MAX));
            self.limit(take, skip);
        } else {
            self.limit(Some(1), None);
        }
        if let Some(inner) = inner {
            self.sql.push(')');
            self.as_alias(&inner);
        }
        self.sql.push(')');
        self.as_alias(outer);
        self.sql.push_str(json.lateral_close);
        Ok(())
    }
}
