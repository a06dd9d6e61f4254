//! Rendering the query AST to SQL text with bound parameters, per dialect. Identifiers are
//! always quoted, the dialect's way ([`Dialect::push_identifier`]); values are always
//! parameters.

use std::fmt::Write as _;

use crate::meta::{JoinTable, ModelMeta, RelationMeta};
use crate::query::{
    Agg, AggFn, Aggregate, CmpOp, Col, Cond, Delete, Insert, LikeKind, ListCond, Nulls, OrderExpr,
    OrderItem, Projection, RelationQuantifier, Select, SetExpr, Update,
};
use crate::value::Value;

/// The SQL dialect a query is rendered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL and MariaDB. Identifiers are quoted with backticks, which work whatever the
    /// server's `sql_mode` (double quotes name identifiers only under `ANSI_QUOTES`), so the
    /// backend prepares statements exactly as they are rendered.
    Mysql,
}

/// Which writes can return the rows they wrote (`… RETURNING`) on the connected server. A
/// write that cannot is followed by a read of its record by primary key, as Prisma does on
/// MySQL. Ask [`crate::Exec::returning`]: it depends on the server, not only on the dialect
/// (MariaDB 10.5 and later return from INSERT and DELETE, MySQL from none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Returning {
    /// `INSERT … RETURNING`.
    pub insert: bool,
    /// `UPDATE … RETURNING`.
    pub update: bool,
    /// `DELETE … RETURNING`.
    pub delete: bool,
}

impl Returning {
    /// Every write returns (SQLite, PostgreSQL).
    pub const ALL: Returning = Returning {
        insert: true,
        update: true,
        delete: true,
    };
    /// No write returns (MySQL, MariaDB before 10.5).
    pub const NONE: Returning = Returning {
        insert: false,
        update: false,
        delete: false,
    };

    /// What a MySQL-family server returns, from its version string (`SELECT VERSION()`:
    /// `8.0.36`, `10.11.6-MariaDB-0+deb12u1`): MariaDB has `INSERT … RETURNING` and
    /// `DELETE … RETURNING` since 10.5, and no `UPDATE … RETURNING`; MySQL has none.
    pub fn of_mysql_server(version: &str) -> Returning {
        if !version.to_ascii_lowercase().contains("mariadb") {
            return Returning::NONE;
        }
        let mut numbers = version
            .split(|c: char| !c.is_ascii_digit())
            .map(|n| n.parse::<u32>().unwrap_or(0));
        let major = numbers.next().unwrap_or(0);
        let minor = numbers.next().unwrap_or(0);
        if (major, minor) >= (10, 5) {
            Returning {
                insert: true,
                update: false,
                delete: true,
            }
        } else {
            Returning::NONE
        }
    }
}

impl Dialect {
    /// What the dialect's writes return on every server that speaks it; a MySQL server may
    /// return more ([`Returning::of_mysql_server`], asked per client by
    /// [`crate::Exec::returning`]).
    pub fn returning(self) -> Returning {
        match self {
            Dialect::Sqlite | Dialect::Postgres => Returning::ALL,
            Dialect::Mysql => Returning::NONE,
        }
    }

    /// Whether an UPDATE or DELETE may read the table it writes in a subquery of its WHERE
    /// (MySQL refuses: error 1093), so that a relation filter can be written into it.
    pub fn writes_read_own_table(self) -> bool {
        !matches!(self, Dialect::Mysql)
    }

    /// How an INSERT skips rows that would violate a unique constraint: the statement's start
    /// and its end (`INSERT … ON CONFLICT DO NOTHING`, MySQL's `INSERT IGNORE …`).
    pub fn insert_skipping_duplicates(self) -> (&'static str, &'static str) {
        match self {
            Dialect::Sqlite | Dialect::Postgres => ("INSERT INTO ", " ON CONFLICT DO NOTHING"),
            Dialect::Mysql => ("INSERT IGNORE INTO ", ""),
        }
    }

    /// Whether an UPDATE can report the integer id of the row it matched
    /// ([`update_reporting_id`]: MySQL's `LAST_INSERT_ID(id)`), so that an update by any
    /// unique field is read back by that id without finding the record first.
    pub fn update_reports_id(self) -> bool {
        matches!(self, Dialect::Mysql)
    }

    /// Whether `createMany` sends its rows as multi-row INSERTs (one round trip per chunk, as
    /// Prisma does on server databases) rather than one prepared INSERT per row (SQLite, where
    /// a statement is a function call).
    pub fn multi_row_inserts(self) -> bool {
        !matches!(self, Dialect::Sqlite)
    }

    /// The text of parameter number `n` (1-based): `?` on SQLite and MySQL, `$n` on
    /// PostgreSQL.
    ///
    /// `connector::Provider::placeholder` writes `?n` on SQLite, and this `?`, on purpose. The
    /// connector's statements are written by hand and may bind one parameter twice, which only
    /// a numbered placeholder allows. Every statement the client writes binds each parameter
    /// once, in the order of the text, where `?` and `?n` mean the same; but SQLite numbers a
    /// bare `?` after the largest `?n` before it, so the two must not meet in one statement:
    /// everything the client renders writes `?`, and so must the statements written beside
    /// the renderer (`nested.rs`) that share its fragments.
    pub fn placeholder(self, n: usize) -> String {
        let mut text = String::with_capacity(4);
        self.push_placeholder(&mut text, n);
        text
    }

    /// Appends [`Dialect::placeholder`] to `sql` (the renderer's path, without allocating).
    pub(crate) fn push_placeholder(self, sql: &mut String, n: usize) {
        match self {
            Dialect::Sqlite | Dialect::Mysql => sql.push('?'),
            Dialect::Postgres => {
                let _ = write!(sql, "${n}");
            }
        }
    }

    /// How many dialects there are: the size of per-dialect caches ([`Dialect::index`]).
    pub(crate) const COUNT: usize = 3;

    /// The dialect's slot in a per-dialect cache.
    pub(crate) const fn index(self) -> usize {
        match self {
            Dialect::Sqlite => 0,
            Dialect::Postgres => 1,
            Dialect::Mysql => 2,
        }
    }

    /// The character that quotes identifiers: `"` in standard SQL (SQLite, PostgreSQL), the
    /// backtick on MySQL.
    pub fn identifier_quote(self) -> char {
        match self {
            Dialect::Sqlite | Dialect::Postgres => '"',
            Dialect::Mysql => '`',
        }
    }

    /// Appends `name` quoted as an identifier: `"a""b"` (SQLite, PostgreSQL) or `` `a``b` ``
    /// (MySQL), the quote character doubled inside the name, anything else kept as it is.
    pub fn push_identifier(self, sql: &mut String, name: &str) {
        let quote = self.identifier_quote();
        sql.reserve(name.len() + 2);
        sql.push(quote);
        if name.contains(quote) {
            for c in name.chars() {
                if c == quote {
                    sql.push(quote);
                }
                sql.push(c);
            }
        } else {
            sql.push_str(name);
        }
        sql.push(quote);
    }

    /// A table, qualified by its database schema when it has one (`"schema"."table"`).
    pub fn push_table(self, sql: &mut String, schema: Option<&str>, table: &str) {
        if let Some(schema) = schema {
            self.push_identifier(sql, schema);
            sql.push('.');
        }
        self.push_identifier(sql, table);
    }

    /// `name` quoted as an identifier ([`Dialect::push_identifier`]).
    pub fn quote_identifier(self, name: &str) -> String {
        let mut s = String::with_capacity(name.len() + 2);
        self.push_identifier(&mut s, name);
        s
    }
}

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

struct Renderer {
    dialect: Dialect,
    sql: String,
    params: Vec<Value>,
    next_alias: usize,
}

impl Renderer {
    fn new(dialect: Dialect) -> Self {
        Renderer {
            dialect,
            sql: String::with_capacity(256),
            params: Vec::new(),
            next_alias: 1,
        }
    }

    fn finish(self) -> Sql {
        Sql {
            text: self.sql,
            params: self.params,
        }
    }

    fn param(&mut self, v: Value) {
        self.params.push(v);
        self.dialect
            .push_placeholder(&mut self.sql, self.params.len());
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

    fn column(&mut self, alias: &str, col: &str) {
        self.ident(alias);
        self.sql.push('.');
        self.ident(col);
    }

    fn fresh_alias(&mut self) -> String {
        let a = format!("t{}", self.next_alias);
        self.next_alias += 1;
        a
    }

    fn cond(&mut self, alias: &str, c: &Cond) {
        match c {
            Cond::True => self.sql.push_str("1=1"),
            Cond::False => self.sql.push_str("1=0"),
            Cond::And(items) | Cond::Or(items) => {
                let and = matches!(c, Cond::And(_));
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
            Cond::IsNull(col, negated) => {
                self.column(alias, col);
                self.sql
                    .push_str(if *negated { " IS NOT NULL" } else { " IS NULL" });
            }
            Cond::Like(col, kind, text, _) if self.dialect == Dialect::Sqlite => {
                self.sqlite_text_match(alias, col, *kind, text)
            }
            Cond::Like(col, kind, text, insensitive) => {
                let escaped = escape_like(text);
                let pattern = match kind {
                    LikeKind::Contains => format!("%{escaped}%"),
                    LikeKind::StartsWith => format!("{escaped}%"),
                    LikeKind::EndsWith => format!("%{escaped}"),
                    LikeKind::Equals => escaped,
                };
                match self.dialect {
                    Dialect::Sqlite => unreachable!("matched above"),
                    Dialect::Postgres => {
                        self.column(alias, col);
                        self.sql.push_str("::text");
                        self.sql
                            .push_str(if *insensitive { " ILIKE " } else { " LIKE " });
                        self.param(Value::Text(pattern));
                    }
                    Dialect::Mysql => {
                        // The column's collation decides case sensitivity (the default ones
                        // ignore case), as in Prisma, where `mode: insensitive` changes nothing
                        // on MySQL. Backslash is MySQL's default LIKE escape.
                        self.column(alias, col);
                        self.sql.push_str(" LIKE ");
                        self.param(Value::Text(pattern));
                    }
                }
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
            Cond::Aggregate(agg, op, v) => {
                self.aggregate(alias, agg);
                self.sql.push_str(cmp_sql(*op));
                self.param(v.clone());
            }
            Cond::List(col, list) => self.list_cond(alias, col, list),
        }
    }

    /// `contains`, `startsWith`, `endsWith` and `equals` (insensitive) on SQLite. Not with
    /// LIKE: SQLite's LIKE reads pattern and value only up to the first NUL, so a search for
    /// `"\0…"` matched every row. Both sides are compared whole, as bytes: `instr` and `=` on
    /// `lower(…)`, which folds ASCII letters only, as LIKE does (Prisma's case rule on SQLite).
    /// Each form is NULL for a NULL column, as LIKE is, so `NOT` keeps its meaning.
    fn sqlite_text_match(&mut self, alias: &str, col: &str, kind: LikeKind, text: &str) {
        let lowered = |r: &mut Renderer| {
            r.sql.push_str("lower(");
            r.column(alias, col);
            r.sql.push(')');
        };
        match kind {
            LikeKind::Contains | LikeKind::StartsWith => {
                self.sql.push_str("instr(");
                lowered(self);
                self.sql.push_str(", lower(");
                self.param(Value::Text(text.to_owned()));
                self.sql.push_str(if kind == LikeKind::Contains {
                    ")) > 0"
                } else {
                    ")) = 1"
                });
            }
            LikeKind::EndsWith if text.is_empty() => {
                self.sqlite_text_match(alias, col, LikeKind::Contains, text)
            }
            LikeKind::EndsWith => {
                // The last `len` bytes (a count from the typed value, written as a literal so
                // that SQLite prepares the statement once per length, as for LIMIT). The
                // length test first: `substr` of an empty blob is NULL, not empty.
                let len = text.len();
                self.sql.push_str("(length(CAST(");
                self.column(alias, col);
                let _ = write!(self.sql, " AS BLOB)) >= {len} AND substr(CAST(");
                lowered(self);
                let _ = write!(self.sql, " AS BLOB), -{len}) = CAST(lower(");
                self.param(Value::Text(text.to_owned()));
                self.sql.push_str(") AS BLOB))");
            }
            LikeKind::Equals => {
                lowered(self);
                self.sql.push_str(" = lower(");
                self.param(Value::Text(text.to_owned()));
                self.sql.push(')');
            }
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
        let inline = values.len() <= INLINE_LIST_MAX
            || (self.dialect == Dialect::Sqlite
                && values
                    .iter()
                    .any(|v| matches!(v, Value::Bytes(_) | Value::List(_))));
        if self.dialect == Dialect::Mysql && !inline {
            // MySQL has no array parameter: the list is inlined, padded with its last value
            // to the next power of two, so that few distinct statements are prepared.
            let padded = values.len().next_power_of_two();
            let mut list = values.to_vec();
            list.resize(padded, values[values.len() - 1].clone());
            return self.in_list_inline(alias, col, &list, negated);
        }
        if inline {
            return self.in_list_inline(alias, col, values, negated);
        }
        match self.dialect {
            Dialect::Sqlite => {
                self.column(alias, col);
                self.sql.push_str(if negated { " NOT IN " } else { " IN " });
                self.sql.push_str("(SELECT value FROM json_each(");
                self.param(Value::List(values.to_vec()));
                self.sql.push_str("))");
            }
            Dialect::Postgres if values.iter().all(|v| matches!(v, Value::Int(_))) => {
                // Integer keys (relation loads): a semi-join on the unnested array, which the
                // planner hashes. `= ANY($n)` is a linear search per row once PostgreSQL
                // switches the prepared statement to its generic plan (after five runs), which
                // made loading 10,000 children by 1,000 keys about 20× slower.
                self.column(alias, col);
                self.sql.push_str(if negated { " NOT IN " } else { " IN " });
                self.sql.push_str("(SELECT unnest(");
                self.param(Value::List(values.to_vec()));
                self.sql.push_str("::int8[]))");
            }
            Dialect::Postgres => {
                if negated {
                    self.sql.push_str("NOT (");
                }
                self.column(alias, col);
                self.sql.push_str(" = ANY(");
                self.param(Value::List(values.to_vec()));
                self.sql.push(')');
                if negated {
                    self.sql.push(')');
                }
            }
            Dialect::Mysql => unreachable!("inlined above"),
        }
    }

    fn in_list_inline(&mut self, alias: &str, col: &str, values: &[Value], negated: bool) {
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
            if self.dialect == Dialect::Mysql
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
            OrderExpr::RelationCount(rel) => {
                self.sql.push_str("(SELECT COUNT(*)");
                self.relation_from(alias, rel);
                self.sql.push(')');
            }
            OrderExpr::RelationColumn(rel, col) => {
                self.sql.push_str("(SELECT ");
                // The related alias is only known after FROM is written: render FROM first.
                let mut sub = Renderer {
                    dialect: self.dialect,
                    sql: String::new(),
                    params: std::mem::take(&mut self.params),
                    next_alias: self.next_alias,
                };
                let target = sub.relation_from(alias, rel);
                self.params = std::mem::take(&mut sub.params);
                self.next_alias = sub.next_alias;
                self.column(&target, col);
                self.sql.push_str(&sub.sql);
                self.sql.push(')');
            }
            OrderExpr::Aggregate(agg) => self.aggregate(alias, agg),
        }
    }

    /// A LIMIT/OFFSET count. On SQLite it is written as an integer literal: a bound LIMIT
    /// makes SQLite re-prepare the statement on every execution (its planner treats the value
    /// as plan-relevant), which costs more than the query. The count is an `i64` from the
    /// typed API, never text, so nothing can be injected through it.
    fn count_param(&mut self, n: i64) {
        match self.dialect {
            Dialect::Sqlite => {
                let _ = write!(self.sql, "{n}");
            }
            Dialect::Postgres | Dialect::Mysql => self.param(Value::Int(n)),
        }
    }

    fn limit(&mut self, take: Option<i64>, skip: Option<i64>) {
        match (take, skip) {
            (None, None) => {}
            (take, skip) => {
                self.sql.push_str(" LIMIT ");
                match take {
                    Some(t) => self.count_param(t),
                    None => match self.dialect {
                        Dialect::Sqlite => self.sql.push_str("-1"),
                        Dialect::Postgres => self.sql.push_str("ALL"),
                        // MySQL's documented "no limit": the largest unsigned BIGINT.
                        Dialect::Mysql => self.sql.push_str("18446744073709551615"),
                    },
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

/// Prisma's cursor: the record the cursor picks, and every record after it in the order.
/// Each ordered column is compared with the cursor record's value (a subquery).
fn cursor_cond(s: &Select, cursor: &Cond) -> Cond {
    let mut keys: Vec<(Col, bool)> = s
        .order
        .iter()
        .filter_map(|o| match o.expr {
            OrderExpr::Column(c) => Some((c, o.desc)),
            _ => None,
        })
        .collect();
    for &pk in s.model.primary_key {
        let col = s.model.fields[pk].column;
        if !keys.iter().any(|(c, _)| *c == col) {
            keys.push((col, false));
        }
    }
    let value_of = |col: Col, op: CmpOp| Cond::CursorCmp {
        column: col,
        op,
        model: s.model,
        cursor: Box::new(cursor.clone()),
    };
    let mut branches = Vec::new();
    for i in 0..=keys.len() {
        let mut parts = Vec::new();
        for &(col, _) in &keys[..i.min(keys.len())] {
            parts.push(value_of(col, CmpOp::Eq));
        }
        if i < keys.len() {
            let (col, desc) = keys[i];
            parts.push(value_of(col, if desc { CmpOp::Lt } else { CmpOp::Gt }));
        }
        branches.push(Cond::And(parts));
    }
    Cond::Or(branches)
}

/// Renders a SELECT of a model's columns.
pub fn select(dialect: Dialect, s: &Select) -> Sql {
    let mut r = Renderer::new(dialect);
    r.select(s);
    r.finish()
}

/// Renders `SELECT COUNT(*)` over what a select picks.
pub fn count(dialect: Dialect, s: &Select) -> Sql {
    aggregate(
        dialect,
        &Aggregate {
            select: s.clone(),
            group_by: Vec::new(),
            having: Cond::True,
            aggregates: vec![Agg {
                func: AggFn::Count,
                column: None,
            }],
        },
    )
}

/// Renders aggregates, grouped or not.
pub fn aggregate(dialect: Dialect, a: &Aggregate) -> Sql {
    let mut r = Renderer::new(dialect);
    let s = &a.select;
    let grouped = !a.group_by.is_empty();
    let sub = !grouped && (s.take.is_some() || s.skip.is_some() || s.cursor.is_some());
    r.sql.push_str("SELECT ");
    let mut first = true;
    for col in &a.group_by {
        if !first {
            r.sql.push_str(", ");
        }
        first = false;
        r.column("t0", col);
    }
    for agg in &a.aggregates {
        if !first {
            r.sql.push_str(", ");
        }
        first = false;
        r.aggregate("t0", agg);
    }
    r.sql.push_str(" FROM ");
    if sub {
        r.sql.push('(');
        r.select(s);
        r.sql.push(')');
        r.as_alias("t0");
    } else {
        r.table(s.model);
        r.as_alias("t0");
        r.where_clause("t0", s);
    }
    if grouped {
        r.sql.push_str(" GROUP BY ");
        for (i, col) in a.group_by.iter().enumerate() {
            if i > 0 {
                r.sql.push_str(", ");
            }
            r.column("t0", col);
        }
        if a.having != Cond::True {
            r.sql.push_str(" HAVING ");
            r.cond("t0", &a.having);
        }
        r.order_by("t0", &s.order);
        r.limit(s.take, s.skip);
    }
    r.finish()
}

/// Renders an INSERT.
pub fn insert(dialect: Dialect, i: &Insert) -> Sql {
    let mut r = Renderer::new(dialect);
    let (start, end) = if i.skip_duplicates {
        dialect.insert_skipping_duplicates()
    } else {
        ("INSERT INTO ", "")
    };
    r.sql.push_str(start);
    r.table(i.model);
    if i.columns.is_empty() && dialect == Dialect::Mysql {
        r.sql.push_str(" () VALUES ()");
    } else if i.columns.is_empty() {
        r.sql.push_str(" DEFAULT VALUES");
    } else {
        r.sql.push_str(" (");
        for (n, col) in i.columns.iter().enumerate() {
            if n > 0 {
                r.sql.push_str(", ");
            }
            r.ident(col);
        }
        r.sql.push_str(") VALUES ");
        for (n, row) in i.rows.iter().enumerate() {
            if n > 0 {
                r.sql.push_str(", ");
            }
            r.sql.push('(');
            for (m, v) in row.iter().enumerate() {
                if m > 0 {
                    r.sql.push_str(", ");
                }
                r.param(v.clone());
            }
            r.sql.push(')');
        }
    }
    r.sql.push_str(end);
    if i.returning {
        r.sql.push_str(" RETURNING ");
        r.sql.push_str(i.model.returning_list(dialect));
    }
    r.finish()
}

/// Renders an UPDATE.
pub fn update(dialect: Dialect, u: &Update) -> Sql {
    update_with(dialect, u, None, None)
}

/// Renders an UPDATE of at most `limit` of the records its filter picks (`updateMany`'s
/// `limit`), as [`delete_limited`] does.
pub fn update_limited(dialect: Dialect, u: &Update, limit: Option<i64>) -> Sql {
    update_with(dialect, u, None, limit)
}

/// Renders an UPDATE that also reports the integer id of the row it matched, where the
/// dialect can ([`Dialect::update_reports_id`]): MySQL's `LAST_INSERT_ID(id)`, assigned so
/// that the id stays as it is, puts it in the statement's result as an insert id would be.
pub fn update_reporting_id(dialect: Dialect, u: &Update, id: Col) -> Sql {
    update_with(dialect, u, Some(id), None)
}

fn update_with(dialect: Dialect, u: &Update, report_id: Option<Col>, limit: Option<i64>) -> Sql {
    let mut r = Renderer::new(dialect);
    let table = u.model.table;
    r.sql.push_str("UPDATE ");
    r.table(u.model);
    r.sql.push_str(" SET ");
    for (n, (col, set)) in u.sets.iter().enumerate() {
        if n > 0 {
            r.sql.push_str(", ");
        }
        r.ident(col);
        r.sql.push_str(" = ");
        let (op, v) = match set {
            SetExpr::Value(v) => {
                r.param(v.clone());
                continue;
            }
            SetExpr::Increment(v) => (" + ", v),
            SetExpr::Decrement(v) => (" - ", v),
            SetExpr::Multiply(v) => (" * ", v),
            SetExpr::Divide(v) => (" / ", v),
            SetExpr::Push(v) => {
                // `array_cat` of a NULL list is the values pushed.
                r.sql.push_str("array_cat(");
                r.ident(col);
                r.sql.push_str(", ");
                r.param(v.clone());
                r.sql.push(')');
                continue;
            }
        };
        r.ident(col);
        r.sql.push_str(op);
        r.param(v.clone());
    }
    if let Some(id) = report_id {
        if !u.sets.is_empty() {
            r.sql.push_str(", ");
        }
        // `id = LAST_INSERT_ID(id)` would write the function's unsigned result back, out of
        // range for a negative id; the IF keeps the column's own value and type.
        r.ident(id);
        r.sql.push_str(" = IF(LAST_INSERT_ID(");
        r.ident(id);
        r.sql.push_str(") IS NULL, NULL, ");
        r.ident(id);
        r.sql.push(')');
    }
    if let Some(limit) = limit {
        r.limited_filter(u.model, &u.filter, limit);
    } else if u.filter != Cond::True {
        r.sql.push_str(" WHERE ");
        r.cond(table, &u.filter);
    }
    if u.returning {
        r.sql.push_str(" RETURNING ");
        r.sql.push_str(u.model.returning_list(dialect));
    }
    r.finish()
}

/// Renders a DELETE.
pub fn delete(dialect: Dialect, d: &Delete) -> Sql {
    delete_limited(dialect, d, None)
}

/// Renders a DELETE of at most `limit` of the records its filter picks (`deleteMany`'s
/// `limit`). No dialect deletes with a LIMIT the same way (PostgreSQL has none, SQLite only
/// when compiled for it), so, as Prisma does, the records are those whose primary key is in a
/// limited subquery; the subquery reads a derived table, which MySQL accepts in a write to
/// the same table. The model must have a primary key.
pub fn delete_limited(dialect: Dialect, d: &Delete, limit: Option<i64>) -> Sql {
    let mut r = Renderer::new(dialect);
    let table = d.model.table;
    r.sql.push_str("DELETE FROM ");
    r.table(d.model);
    if let Some(limit) = limit {
        r.limited_filter(d.model, &d.filter, limit);
    } else if d.filter != Cond::True {
        r.sql.push_str(" WHERE ");
        r.cond(table, &d.filter);
    }
    if d.returning {
        r.sql.push_str(" RETURNING ");
        r.sql.push_str(d.model.returning_list(dialect));
    }
    r.finish()
}

/// Renders the select of the records related through a many-to-many join table, each row
/// led by the join table's key of the record it belongs to.
pub fn select_through_join(
    dialect: Dialect,
    s: &Select,
    join: &crate::meta::JoinTable,
    to_column: Col,
    keys: Vec<Value>,
) -> Sql {
    let mut r = Renderer::new(dialect);
    r.sql.push_str("SELECT ");
    r.column("j", join.this_column);
    r.sql.push_str(", ");
    r.sql.push_str(s.model.select_list(dialect));
    r.sql.push_str(" FROM ");
    r.table(s.model);
    r.as_alias("t0");
    r.sql.push_str(" INNER JOIN ");
    r.join_table(join);
    r.as_alias("j");
    r.sql.push_str(" ON ");
    r.column("j", join.other_column);
    r.sql.push_str(" = ");
    r.column("t0", to_column);
    r.sql.push_str(" WHERE ");
    r.in_list("j", join.this_column, &keys, false);
    if s.filter != Cond::True {
        r.sql.push_str(" AND ");
        r.cond("t0", &s.filter);
    }
    r.order_by("t0", &s.order);
    r.finish()
}

/// The records of a many-to-many relation, for a chosen select list: the join table, the
/// target's key column it references, and the keys of the records they belong to.
pub struct Through<'a> {
    /// The join table.
    pub join: &'a crate::meta::JoinTable,
    /// The target's column the join table references.
    pub to_column: Col,
    /// The keys of the records on this side.
    pub keys: Vec<Value>,
}

/// Renders a SELECT of chosen columns and relation counts (Prisma's `select`). With `through`,
/// each row is led by the join table's key of the record it belongs to, and the select's
/// filter applies to the related records.
pub fn select_projected(
    dialect: Dialect,
    s: &Select,
    items: &[Projection],
    through: Option<Through<'_>>,
) -> Sql {
    let mut r = Renderer::new(dialect);
    r.sql.push_str("SELECT ");
    let mut first = true;
    if let Some(t) = &through {
        r.column("j", t.join.this_column);
        first = false;
    }
    for item in items {
        if !first {
            r.sql.push_str(", ");
        }
        first = false;
        match item {
            Projection::Column(col) => r.column("t0", col),
            Projection::Count(rel, filter) => {
                r.sql.push_str("(SELECT COUNT(*)");
                let target = r.relation_from("t0", rel);
                if *filter != Cond::True {
                    r.sql.push_str(" AND (");
                    r.cond(&target, filter);
                    r.sql.push(')');
                }
                r.sql.push(')');
            }
        }
    }
    if first {
        r.sql.push('1');
    }
    r.sql.push_str(" FROM ");
    r.table(s.model);
    r.as_alias("t0");
    match through {
        None => r.where_clause("t0", s),
        Some(t) => {
            r.sql.push_str(" INNER JOIN ");
            r.join_table(t.join);
            r.as_alias("j");
            r.sql.push_str(" ON ");
            r.column("j", t.join.other_column);
            r.sql.push_str(" = ");
            r.column("t0", t.to_column);
            r.sql.push_str(" WHERE ");
            r.in_list("j", t.join.this_column, &t.keys, false);
            if s.filter != Cond::True {
                r.sql.push_str(" AND ");
                r.cond("t0", &s.filter);
            }
        }
    }
    r.order_by("t0", &s.order);
    r.limit(s.take, s.skip);
    r.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_the_dialect_s_way() {
        for (name, standard, mysql) in [
            ("User", "\"User\"", "`User`"),
            ("a\"b", "\"a\"\"b\"", "`a\"b`"),
            ("a`b", "\"a`b\"", "`a``b`"),
            ("'; --", "\"'; --\"", "`'; --`"),
            ("", "\"\"", "``"),
        ] {
            assert_eq!(Dialect::Sqlite.quote_identifier(name), standard);
            assert_eq!(Dialect::Postgres.quote_identifier(name), standard);
            assert_eq!(Dialect::Mysql.quote_identifier(name), mysql);
        }
        let mut indexes: Vec<usize> = [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql]
            .map(Dialect::index)
            .to_vec();
        indexes.sort();
        indexes.dedup();
        assert_eq!(indexes, (0..Dialect::COUNT).collect::<Vec<_>>());
    }

    #[test]
    fn mariadb_from_10_5_returns_from_insert_and_delete_and_mysql_from_nothing() {
        let insert_delete = Returning {
            insert: true,
            update: false,
            delete: true,
        };
        for (version, expected) in [
            ("10.11.6-MariaDB-0+deb12u1", insert_delete),
            ("10.5.0-MariaDB", insert_delete),
            ("11.4.2-MariaDB-log", insert_delete),
            ("10.4.32-MariaDB", Returning::NONE),
            ("5.5.5-10.3.39-MariaDB", Returning::NONE),
            ("8.0.36", Returning::NONE),
            ("8.4.0-commercial", Returning::NONE),
            ("", Returning::NONE),
        ] {
            assert_eq!(Returning::of_mysql_server(version), expected, "{version}");
        }
    }
}
