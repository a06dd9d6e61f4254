//! The statement of the `join` relation load strategy (Prisma's `relationJoins`): the records
//! asked for and, in the same statement, each included relation as one JSON value per row,
//! from a LATERAL subquery that builds each related record as a JSON array of its columns
//! (then one element per nested relation, built the same way) and aggregates a list relation's
//! records in their order, with their own filter, order, `skip` and `take`
//! (`crate::join`; the dialect's functions in `dialect/json.rs`).

use super::*;
use dialect::JoinJson;

/// One included (or selected) relation, as the join strategy renders it.
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
    /// What each related record's JSON array holds, in order.
    pub(crate) items: Vec<JoinItem>,
}

/// One value of a joined record: a row's column at the top level, an element of the record's
/// JSON array inside a relation.
#[derive(Debug, Clone)]
pub(crate) enum JoinItem {
    /// The field at this index of the model's fields.
    Field(usize),
    /// The number of related records of a relation that match a condition (`_count`).
    Count(&'static RelationMeta, Cond),
    /// A relation's records, as JSON.
    Relation(JoinRel),
}

impl JoinItem {
    /// Every field of `model` that is not omitted, in order (what `from_row` reads).
    pub(crate) fn fields(model: &ModelMeta) -> impl Iterator<Item = JoinItem> + '_ {
        (0..model.fields.len())
            .filter(|i| !model.fields[*i].omitted)
            .map(JoinItem::Field)
    }
}

/// Whether `dialect` has the join strategy (PostgreSQL).
pub(crate) fn joins(dialect: Dialect) -> bool {
    dialect::relation_joins(dialect).is_some()
}

/// Renders `s` reading `items` (the model's fields, relation counts, and each joined relation
/// as one JSON column). `Ok(Err(reason))` where the dialect has no join strategy or a record
/// has more values than its JSON function takes: the caller loads with the query strategy
/// instead.
pub(crate) fn select_joined(
    dialect: Dialect,
    s: &Select,
    items: &[JoinItem],
) -> crate::error::Result<Result<Sql, String>> {
    let Some(json) = dialect::relation_joins(dialect) else {
        return Ok(Err(format!("no join strategy on {dialect:?}")));
    };
    let mut r = Renderer::new(dialect);
    r.sql.push_str("SELECT ");
    let laterals = match r.join_items(&json, s.model, "t0", items, false) {
        Ok(laterals) => laterals,
        Err(why) => return Ok(Err(why)),
    };
    r.sql.push_str(" FROM ");
    r.table(s.model);
    r.as_alias("t0");
    // Written in text order, so that parameters are bound in the order they appear.
    for (rel, alias) in laterals {
        if let Err(why) = r.lateral(&json, "t0", rel, &alias) {
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
    /// Writes `items` of the records of `model` at `alias`, separated by commas: a field's
    /// column (inside a record's JSON array, a `Json` field as its text), a relation count as
    /// a correlated subquery, a relation as the JSON column of a lateral subquery, whose
    /// alias is returned with it (the caller writes the laterals after the table).
    fn join_items<'i>(
        &mut self,
        json: &JoinJson,
        model: &ModelMeta,
        alias: &str,
        items: &'i [JoinItem],
        in_json: bool,
    ) -> Result<Vec<(&'i JoinRel, String)>, String> {
        let mut laterals = Vec::new();
        for (n, item) in items.iter().enumerate() {
            if n > 0 {
                self.sql.push_str(", ");
            }
            match item {
                JoinItem::Field(i) => {
                    let f = &model.fields[*i];
                    if in_json && f.kind == crate::meta::ScalarKind::Json {
                        self.sql.push_str(json.text_open);
                        self.column(alias, f.column);
                        self.sql.push_str(if model.lists.contains(i) {
                            json.texts_close
                        } else {
                            json.text_close
                        });
                    } else {
                        self.column(alias, f.column);
                    }
                }
                JoinItem::Count(rel, filter) => {
                    self.sql.push_str("(SELECT COUNT(*)");
                    let target = self.relation_from(alias, rel);
                    if *filter != Cond::True {
                        self.sql.push_str(" AND (");
                        self.cond(&target, filter);
                        self.sql.push(')');
                    }
                    self.sql.push(')');
                }
                JoinItem::Relation(rel) => {
                    let outer = self.fresh_alias();
                    self.column(&outer, "v");
                    laterals.push((rel, outer));
                }
            }
        }
        if items.is_empty() && !in_json {
            self.sql.push('1');
        }
        Ok(laterals)
    }

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
        if rel.items.len() > json.max_record_items {
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
        self.sql.push_str(json.record_open);
        let nested = self.join_items(json, target, &child, &rel.items, true)?;
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
        for (c, alias) in nested {
            self.lateral(json, &child, c, &alias)?;
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
