//! Rendering the query AST to SQL text with bound parameters, per dialect. Identifiers are
//! always quoted, the dialect's way ([`Dialect::push_identifier`]); values are always
//! parameters.

use crate::meta::{JoinTable, ModelMeta, RelationMeta};
use crate::query::{
    Agg, AggFn, Aggregate, CmpOp, Col, Cond, Delete, Insert, LikeKind, ListCond, Nulls, OrderExpr,
    OrderItem, Projection, RelationQuantifier, Select, SetExpr, Update,
};
use crate::value::Value;

use crate::query::{JsonCond, JsonOp};
pub(crate) use dialect::timestamps_as_text;
pub use dialect::{ClientDialect, Dialect, Returning};
pub(crate) use dialect::{max_bind_values, within_parameter_limit};
pub use statements::*;

mod dialect;
mod join;
mod statements;

pub(crate) use join::{JoinItem, JoinRel, joins, select_joined};

/// SQL text and its parameters, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Sql {
    /// The statement.
    pub text: String,
    /// Its parameters.
    pub params: Vec<Value>,
}

/// How many records' keys one relation-loading statement takes at most, for keys `width`
/// columns wide. Lists are bound as one parameter where the database allows it, but composite
/// keys, MySQL's lists and SQLite's lists of bytes take one parameter per value, and a
/// statement takes at most 32,766 (SQLite) or 65,535 (PostgreSQL, MySQL) of them: loading the
/// relations of more records than this is split into several statements, as Prisma does. The
/// same bound on every database keeps the query count easy to state (one statement per 30,000
/// parameters' worth of keys, per relation level), with room for the relation's own filter.
pub fn keys_per_statement(width: usize) -> usize {
    const PARAMS_PER_STATEMENT: usize = 30_000;
    (PARAMS_PER_STATEMENT / width.max(1)).max(1)
}

/// Lists longer than this are bound as one parameter (`json_each(?)` / `ANY($n)`), so the
/// statement text and its cached preparation do not depend on the list's length.
const INLINE_LIST_MAX: usize = 4;

/// The state of one statement being rendered (the dialect modules write their fragments
/// into it, [`dialect`]).
pub(crate) struct Renderer {
    pub(crate) dialect: Dialect,
    pub(crate) sql: String,
    params: Vec<Value>,
    next_alias: usize,
    refused: Option<String>,
}

impl Renderer {
    fn new(dialect: Dialect) -> Self {
        Renderer {
            dialect,
            sql: String::with_capacity(256),
            params: Vec::new(),
            next_alias: 1,
            refused: None,
        }
    }

    /// The statement, or P2009 when a part of it was refused ([`Renderer::refuse`]): the
    /// query asks for what the database or the schema does not allow (full-text search on
    /// SQLite), and the statement is never sent.
    fn finish(self) -> crate::error::Result<Sql> {
        match self.refused {
            Some(why) => Err(crate::Error::InvalidQuery(why)),
            None => Ok(self.into_sql()),
        }
    }

    /// The statement of a renderer that met no condition or ordering, which is all a part
    /// can be refused for (an INSERT).
    fn into_sql(self) -> Sql {
        Sql {
            text: self.sql,
            params: self.params,
        }
    }

    /// Refuses the statement, and why (the first reason is kept): [`Renderer::finish`] returns
    /// it as P2009 instead of the statement.
    pub(crate) fn refuse(&mut self, why: String) {
        self.refused.get_or_insert(why);
    }

    /// Binds `v` as the next parameter, writing its placeholder.
    pub(crate) fn param(&mut self, v: Value) {
        let cast = match v {
            Value::Decimal(_) => dialect::decimal_param_cast(self.dialect),
            _ => None,
        };
        self.params.push(v);
        if let Some((before, _)) = cast {
            self.sql.push_str(before);
        }
        self.dialect
            .push_placeholder(&mut self.sql, self.params.len());
        if let Some((_, after)) = cast {
            self.sql.push_str(after);
        }
    }

    /// A model's table, schema-qualified when it has one.
    fn table(&mut self, model: &ModelMeta) {
        self.dialect
            .push_table(&mut self.sql, model.schema, model.table);
    }

    /// A join table, schema-qualified when it has one.
    fn join_table(&mut self, join: &JoinTable) {
        self.dialect
            .push_table(&mut self.sql, join.schema, join.table);
    }

    fn ident(&mut self, name: &str) {
        self.dialect.push_identifier(&mut self.sql, name);
    }

    /// ` AS <alias>`.
    fn as_alias(&mut self, alias: &str) {
        self.sql.push_str(" AS ");
        self.ident(alias);
    }

    /// `alias.col`, quoted.
    pub(crate) fn column(&mut self, alias: &str, col: &str) {
        self.ident(alias);
        self.sql.push('.');
        self.ident(col);
    }

    fn fresh_alias(&mut self) -> String {
        let mut a = String::with_capacity(4);
        a.push('t');
        push_integer(&mut a, self.next_alias as u64, false);
        self.next_alias += 1;
        a
    }

    fn cond(&mut self, alias: &str, c: &Cond) {
        match c {
            Cond::True => self.sql.push_str("1=1"),
            Cond::False => self.sql.push_str("1=0"),
            Cond::And(items) | Cond::Or(items) => {
                let and = matches!(c, Cond::And(_));
                let merged = crate::search::merge(items);
                let items = merged.as_deref().unwrap_or(items);
                if items.is_empty() {
                    self.sql.push_str(if and { "1=1" } else { "1=0" });
                    return;
                }
                self.sql.push('(');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.sql.push_str(if and { " AND " } else { " OR " });
                    }
                    self.cond(alias, item);
                }
                self.sql.push(')');
            }
            Cond::Not(inner) => {
                self.sql.push_str("(NOT ");
                self.cond(alias, inner);
                self.sql.push(')');
            }
            Cond::Cmp(col, op @ (CmpOp::Eq | CmpOp::Ne), Value::Json(v)) => {
                // JSON equality, as Prisma compares a Json field with a value (`null`: JSON's).
                let op = if *op == CmpOp::Eq {
                    JsonOp::Equals(v.clone())
                } else {
                    JsonOp::NotEquals(v.clone())
                };
                let cond = JsonCond {
                    path: Vec::new(),
                    op,
                };
                dialect::json_filter(self, alias, col, &cond)
            }
            Cond::Cmp(col, op, v) => {
                if v.is_null() && matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    self.column(alias, col);
                    self.sql.push_str(if *op == CmpOp::Eq {
                        " IS NULL"
                    } else {
                        " IS NOT NULL"
                    });
                    return;
                }
                self.column(alias, col);
                self.sql.push_str(cmp_sql(*op));
                self.param(v.clone());
            }
            Cond::In(col, values, negated) => self.in_list(alias, col, values, *negated),
            Cond::InInsensitive(col, values, negated) => {
                self.in_list_insensitive(alias, col, values, *negated)
            }
            Cond::ColumnCmp(col, op, other) => {
                self.column(alias, col);
                self.sql.push_str(cmp_sql(*op));
                self.column(alias, other);
            }
            Cond::ColumnInList(col, list, negated) => {
                // Scalar lists exist on PostgreSQL only, as for the list filters.
                self.sql.push_str(if *negated { "(NOT " } else { "(" });
                self.column(alias, col);
                self.sql.push_str(" = ANY(");
                self.column(alias, list);
                self.sql.push_str("))");
            }
            Cond::ColumnLike(col, kind, other, insensitive) => {
                dialect::column_text_match(self, alias, col, *kind, other, *insensitive)
            }
            Cond::IsNull(col, negated) => {
                self.column(alias, col);
                self.sql
                    .push_str(if *negated { " IS NOT NULL" } else { " IS NULL" });
            }
            Cond::Like(col, kind, text, insensitive) => {
                dialect::text_match(self, alias, col, *kind, text, *insensitive)
            }
            Cond::Relation(rel, quantifier, inner) => {
                self.relation_cond(alias, rel, *quantifier, inner)
            }
            Cond::CursorCmp {
                column,
                op,
                model,
                cursor,
            } => {
                self.column(alias, column);
                self.sql.push_str(cmp_sql(*op));
                let sub = self.fresh_alias();
                self.sql.push_str("(SELECT ");
                self.column(&sub, column);
                self.sql.push_str(" FROM ");
                self.table(model);
                self.as_alias(&sub);
                self.sql.push_str(" WHERE ");
                self.cond(&sub, cursor);
                self.sql.push(')');
            }
            Cond::CursorOrderCmp {
                expr,
                op,
                model,
                cursor,
            } => {
                self.order_expr(alias, expr);
                self.sql.push_str(cmp_sql(*op));
                let sub = self.fresh_alias();
                self.sql.push_str("(SELECT ");
                self.order_expr(&sub, expr);
                self.sql.push_str(" FROM ");
                self.table(model);
                self.as_alias(&sub);
                self.sql.push_str(" WHERE ");
                self.cond(&sub, cursor);
                self.sql.push(')');
            }
            Cond::Aggregate(agg, op, v) => {
                self.aggregate(alias, agg);
                self.sql.push_str(cmp_sql(*op));
                self.param(v.clone());
            }
            Cond::List(col, list) => self.list_cond(alias, col, list),
            Cond::Json(col, json) => dialect::json_filter(self, alias, col, json),
            Cond::Search(search) => dialect::text_search(self, alias, search),
        }
    }

    /// A scalar list filter, in PostgreSQL's array operators (scalar lists exist there only).
    /// As in Prisma, a NULL column (a list never set) matches none of them, `NOT` and
    /// `isEmpty` included; `is_null` finds it.
    fn list_cond(&mut self, alias: &str, col: &str, list: &ListCond) {
        match list {
            ListCond::Equals(v) => {
                self.column(alias, col);
                self.sql.push_str(" = ");
                self.param(v.clone());
            }
            ListCond::Has(v) => {
                self.param(v.clone());
                self.sql.push_str(" = ANY(");
                self.column(alias, col);
                self.sql.push(')');
            }
            ListCond::HasEvery(v) => {
                self.column(alias, col);
                self.sql.push_str(" @> ");
                self.param(v.clone());
            }
            ListCond::HasSome(v) => {
                self.column(alias, col);
                self.sql.push_str(" && ");
                self.param(v.clone());
            }
            ListCond::IsEmpty(empty) => {
                self.sql.push_str("cardinality(");
                self.column(alias, col);
                self.sql.push_str(if *empty { ") = 0" } else { ") > 0" });
            }
        }
    }

    fn in_list(&mut self, alias: &str, col: &str, values: &[Value], negated: bool) {
        if values.is_empty() {
            self.sql.push_str(if negated { "1=1" } else { "1=0" });
            return;
        }
        if values.len() <= INLINE_LIST_MAX {
            return self.in_list_inline(alias, col, values, negated);
        }
        dialect::long_list(self, alias, col, values, negated);
    }

    /// `in` / `notIn` with `mode: 'insensitive'`: both sides lowered, `lower(col) IN
    /// (lower(?), …)` as Prisma writes it on PostgreSQL (`lower` of `col::text` there, as the
    /// insensitive text filters cast). On SQLite `lower` folds ASCII letters only, as the
    /// client's other insensitive filters do there. On MySQL the column's collation decides, as
    /// for the other insensitive filters (the default collations ignore case). Long lists are
    /// one parameter, lowered by the database (`unnest` / `json_each`), as in [`Self::in_list`].
    fn in_list_insensitive(&mut self, alias: &str, col: &str, values: &[Value], negated: bool) {
        if values.is_empty() || self.dialect.insensitive_by_collation() {
            return self.in_list(alias, col, values, negated);
        }
        self.sql.push_str("lower(");
        self.column(alias, col);
        self.sql.push_str(self.dialect.as_text());
        self.sql
            .push_str(if negated { ") NOT IN (" } else { ") IN (" });
        if values.len() <= INLINE_LIST_MAX {
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    self.sql.push_str(", ");
                }
                self.sql.push_str("lower(");
                self.param(v.clone());
                self.sql.push(')');
            }
        } else {
            let (before, after) = self.dialect.lowered_list_param();
            self.sql.push_str(before);
            self.param(Value::List(values.to_vec()));
            self.sql.push_str(after);
        }
        self.sql.push(')');
    }

    /// `col IN (?, ?, …)`, one parameter per value.
    pub(crate) fn in_list_inline(
        &mut self,
        alias: &str,
        col: &str,
        values: &[Value],
        negated: bool,
    ) {
        self.column(alias, col);
        self.sql
            .push_str(if negated { " NOT IN (" } else { " IN (" });
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            self.param(v.clone());
        }
        self.sql.push(')');
    }

    /// `<related alias>` joined to `alias` through `rel`: writes `FROM … WHERE <join>` and
    /// returns the alias of the related table.
    fn relation_from(&mut self, alias: &str, rel: &RelationMeta) -> String {
        let target = self.fresh_alias();
        self.sql.push_str(" FROM ");
        self.table(rel.target);
        self.as_alias(&target);
        match &rel.join {
            None => {
                self.sql.push_str(" WHERE ");
                for (i, (from, to)) in rel.from_columns.iter().zip(rel.to_columns).enumerate() {
                    if i > 0 {
                        self.sql.push_str(" AND ");
                    }
                    self.column(&target, to);
                    self.sql.push_str(" = ");
                    self.column(alias, from);
                }
            }
            Some(join) => {
                let j = self.fresh_alias();
                self.sql.push_str(" INNER JOIN ");
                self.join_table(join);
                self.as_alias(&j);
                self.sql.push_str(" ON ");
                self.column(&j, join.other_column);
                self.sql.push_str(" = ");
                self.column(&target, rel.to_columns[0]);
                self.sql.push_str(" WHERE ");
                self.column(&j, join.this_column);
                self.sql.push_str(" = ");
                self.column(alias, rel.from_columns[0]);
            }
        }
        target
    }

    fn relation_cond(
        &mut self,
        alias: &str,
        rel: &RelationMeta,
        q: RelationQuantifier,
        inner: &Cond,
    ) {
        let (negate_exists, negate_inner) = match q {
            RelationQuantifier::Some | RelationQuantifier::Is => (false, false),
            RelationQuantifier::None | RelationQuantifier::IsNot => (true, false),
            RelationQuantifier::Every => (true, true),
        };
        self.sql.push_str(if negate_exists {
            "(NOT EXISTS (SELECT 1"
        } else {
            "(EXISTS (SELECT 1"
        });
        let target = self.relation_from(alias, rel);
        if *inner != Cond::True || negate_inner {
            self.sql.push_str(" AND ");
            if negate_inner {
                self.sql.push_str("NOT ");
            }
            self.sql.push('(');
            self.cond(&target, inner);
            self.sql.push(')');
        }
        self.sql.push_str("))");
    }

    fn aggregate(&mut self, alias: &str, agg: &Agg) {
        let name = match agg.func {
            AggFn::Count => "COUNT",
            AggFn::Sum => "SUM",
            AggFn::Avg => "AVG",
            AggFn::Min => "MIN",
            AggFn::Max => "MAX",
        };
        self.sql.push_str(name);
        self.sql.push('(');
        match agg.column {
            Some(col) => self.column(alias, col),
            None => self.sql.push('*'),
        }
        self.sql.push(')');
    }

    fn order_by(&mut self, alias: &str, order: &[OrderItem]) {
        if order.is_empty() {
            return;
        }
        self.sql.push_str(" ORDER BY ");
        for (i, item) in order.iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            if !dialect::sorts_nulls(self.dialect)
                && let Some(nulls) = item.nulls
            {
                // MySQL has no NULLS FIRST/LAST: sort on `expr IS NULL` first.
                self.sql.push('(');
                self.order_expr(alias, &item.expr);
                self.sql.push_str(if nulls == Nulls::First {
                    " IS NULL) DESC, "
                } else {
                    " IS NULL) ASC, "
                });
                self.order_expr(alias, &item.expr);
                self.sql.push_str(if item.desc { " DESC" } else { " ASC" });
                continue;
            }
            self.order_expr(alias, &item.expr);
            self.sql.push_str(if item.desc { " DESC" } else { " ASC" });
            match item.nulls {
                Some(Nulls::First) => self.sql.push_str(" NULLS FIRST"),
                Some(Nulls::Last) => self.sql.push_str(" NULLS LAST"),
                None => {}
            }
        }
    }

    fn order_expr(&mut self, alias: &str, expr: &OrderExpr) {
        match expr {
            OrderExpr::Column(col) => self.column(alias, col),
            OrderExpr::RelationCount(rel, filter) => {
                self.sql.push_str("(SELECT COUNT(*)");
                let target = self.relation_from(alias, rel);
                if **filter != Cond::True {
                    self.sql.push_str(" AND (");
                    self.cond(&target, filter);
                    self.sql.push(')');
                }
                self.sql.push(')');
            }
            OrderExpr::RelationColumn(rel, col) => {
                self.related_expr(alias, rel, &OrderExpr::Column(col))
            }
            OrderExpr::Related(rel, inner) => {
                if inner.counts() {
                    // As in Prisma, a record with no related record counts 0 related ones.
                    self.sql.push_str("COALESCE(");
                    self.related_expr(alias, rel, inner);
                    self.sql.push_str(", 0)");
                } else {
                    self.related_expr(alias, rel, inner);
                }
            }
            OrderExpr::Aggregate(agg) => self.aggregate(alias, agg),
            OrderExpr::Relevance(search) => dialect::search_relevance(self, alias, search),
        }
    }

    /// `(SELECT <inner, of the related record> FROM <target> WHERE <join>)`: an expression of
    /// the record a to-one relation points to, NULL when there is none. A chain of to-one
    /// relations nests one such subquery per relation, each correlated with the one around it.
    /// (The join binds no parameter; those of a `_count`'s filter inside are bound in the
    /// order they are written, since the FROM written first binds none.)
    fn related_expr(&mut self, alias: &str, rel: &RelationMeta, inner: &OrderExpr) {
        self.sql.push_str("(SELECT ");
        // The related alias is only known after FROM is written: render FROM first.
        let mut from = Renderer::new(self.dialect);
        from.next_alias = self.next_alias;
        let target = from.relation_from(alias, rel);
        self.next_alias = from.next_alias;
        match inner {
            // One COALESCE around the outermost subquery is enough.
            OrderExpr::Related(next, deeper) => self.related_expr(&target, next, deeper),
            _ => self.order_expr(&target, inner),
        }
        self.sql.push_str(&from.sql);
        self.sql.push(')');
    }

    /// A LIMIT/OFFSET count. On SQLite it is written as an integer literal: a bound LIMIT
    /// makes SQLite re-prepare the statement on every execution (its planner treats the value
    /// as plan-relevant), which costs more than the query. The count is an `i64` from the
    /// typed API, never text, so nothing can be injected through it.
    fn count_param(&mut self, n: i64) {
        if dialect::inlines_counts(self.dialect) {
            push_integer(&mut self.sql, n.unsigned_abs(), n < 0);
        } else {
            self.param(Value::Int(n));
        }
    }

    fn limit(&mut self, take: Option<i64>, skip: Option<i64>) {
        match (take, skip) {
            (None, None) => {}
            (take, skip) => {
                self.sql.push_str(" LIMIT ");
                match take {
                    Some(t) => self.count_param(t),
                    None => self.sql.push_str(dialect::no_limit(self.dialect)),
                }
                if let Some(s) = skip {
                    self.sql.push_str(" OFFSET ");
                    self.count_param(s);
                }
            }
        }
    }

    /// ` WHERE (key) IN (SELECT key FROM (SELECT key FROM table WHERE filter LIMIT n) AS t1)`:
    /// at most `limit` of the records `filter` picks, by primary key.
    fn limited_filter(&mut self, model: &ModelMeta, filter: &Cond, limit: i64) {
        let key: Vec<&str> = model
            .primary_key
            .iter()
            .map(|&f| model.fields[f].column)
            .collect();
        let list = |r: &mut Self, alias: Option<&str>| {
            for (n, col) in key.iter().enumerate() {
                if n > 0 {
                    r.sql.push_str(", ");
                }
                match alias {
                    Some(alias) => r.column(alias, col),
                    None => r.ident(col),
                }
            }
        };
        self.sql.push_str(" WHERE (");
        list(self, None);
        self.sql.push_str(") IN (SELECT ");
        list(self, Some("t1"));
        self.sql.push_str(" FROM (SELECT ");
        list(self, Some("t0"));
        self.sql.push_str(" FROM ");
        self.table(model);
        self.as_alias("t0");
        if !matches!(filter, Cond::True) {
            self.sql.push_str(" WHERE ");
            self.cond("t0", filter);
        }
        self.limit(Some(limit), None);
        self.sql.push(')');
        self.as_alias("t1");
        self.sql.push(')');
    }

    fn where_clause(&mut self, alias: &str, s: &Select) {
        let with_cursor;
        let filter = match &s.cursor {
            None => &s.filter,
            Some(cursor) => {
                with_cursor = s.filter.clone().and(cursor_cond(s, cursor));
                &with_cursor
            }
        };
        if !matches!(filter, Cond::True) {
            self.sql.push_str(" WHERE ");
            self.cond(alias, filter);
        }
    }

    fn select(&mut self, s: &Select) {
        self.sql.push_str("SELECT ");
        self.sql.push_str(s.model.select_list(self.dialect));
        self.sql.push_str(" FROM ");
        self.table(s.model);
        self.as_alias("t0");
        self.where_clause("t0", s);
        self.order_by("t0", &s.order);
        self.limit(s.take, s.skip);
    }
}

fn cmp_sql(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => " = ",
        CmpOp::Ne => " <> ",
        CmpOp::Lt => " < ",
        CmpOp::Lte => " <= ",
        CmpOp::Gt => " > ",
        CmpOp::Gte => " >= ",
    }
}

/// `text` with LIKE's wildcards and its escape character escaped (by a backslash).
fn escape_like(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            s.push('\\');
        }
        s.push(c);
    }
    s
}

/// The LIKE pattern of a text filter: `text` escaped, with `%` where the filter allows more.
pub(crate) fn like_pattern(kind: LikeKind, text: &str) -> String {
    let escaped = escape_like(text);
    match kind {
        LikeKind::Contains => format!("%{escaped}%"),
        LikeKind::StartsWith => format!("{escaped}%"),
        LikeKind::EndsWith => format!("%{escaped}"),
        LikeKind::Equals => escaped,
    }
}

/// Prisma's cursor: the record the cursor picks, and every record after it in the order.
/// Each ordered column is compared with the cursor record's value (a subquery).
fn cursor_cond(s: &Select, cursor: &Cond) -> Cond {
    // Every ordering counts, columns and orderings through relations alike (as in Prisma,
    // which compares each with the cursor record's value).
    let mut keys: Vec<(&OrderExpr, bool)> = s
        .order
        .iter()
        .filter(|o| !matches!(o.expr, OrderExpr::Aggregate(_)))
        .map(|o| (&o.expr, o.desc))
        .collect();
    let pk_exprs: Vec<OrderExpr> = s
        .model
        .primary_key
        .iter()
        .map(|&pk| OrderExpr::Column(s.model.fields[pk].column))
        .collect();
    for pk in &pk_exprs {
        if !keys.iter().any(|(e, _)| *e == pk) {
            keys.push((pk, false));
        }
    }
    let value_of = |expr: &OrderExpr, op: CmpOp| match expr {
        OrderExpr::Column(col) => Cond::CursorCmp {
            column: col,
            op,
            model: s.model,
            cursor: Box::new(cursor.clone()),
        },
        other => Cond::CursorOrderCmp {
            expr: other.clone(),
            op,
            model: s.model,
            cursor: Box::new(cursor.clone()),
        },
    };
    let mut branches = Vec::new();
    for i in 0..=keys.len() {
        let mut parts = Vec::new();
        for &(expr, _) in &keys[..i.min(keys.len())] {
            parts.push(value_of(expr, CmpOp::Eq));
        }
        if i < keys.len() {
            let (expr, desc) = keys[i];
            parts.push(value_of(expr, if desc { CmpOp::Lt } else { CmpOp::Gt }));
        }
        branches.push(Cond::And(parts));
    }
    Cond::Or(branches)
}

/// Writes an integer in decimal (`-` first when `negative`): for counts, aliases and
/// placeholders, on every statement, without the formatting machinery of `write!`.
pub(crate) fn push_integer(sql: &mut String, n: u64, negative: bool) {
    if negative {
        sql.push('-');
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        sql.push(char::from(d));
    }
}

#[cfg(test)]
mod search_tests;
#[cfg(test)]
mod tests;
