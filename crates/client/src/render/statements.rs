//! The statements: SELECT (of a model, a count, an aggregate, through a join table, projected),
//! INSERT, UPDATE and DELETE, each rendered for one dialect.

use super::*;
use crate::error::Result;

/// Renders a SELECT of a model's columns.
pub fn select(dialect: Dialect, s: &Select) -> Result<Sql> {
    let _serialize = crate::observe::serialize();
    let mut r = Renderer::new(dialect);
    r.select(s);
    r.finish()
}

/// Renders `SELECT COUNT(*)` over what a select picks.
pub fn count(dialect: Dialect, s: &Select) -> Result<Sql> {
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
pub fn aggregate(dialect: Dialect, a: &Aggregate) -> Result<Sql> {
    let _serialize = crate::observe::serialize();
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

/// Renders an INSERT; its values become the statement's parameters (moved, not copied).
pub fn insert(dialect: Dialect, mut i: Insert) -> Sql {
    let _serialize = crate::observe::serialize();
    let mut r = Renderer::new(dialect);
    let rows = std::mem::take(&mut i.rows);
    insert_rows(&mut r, &i, rows);
    returning(&mut r, &i);
    r.into_sql()
}

/// Renders an upsert (docs/decisions/0019-native-upsert.md): `i`'s one-row INSERT, which,
/// when it conflicts with an existing record, updates that record with `sets` instead. Where
/// the dialect names the conflict ([`Dialect::upsert_names_its_conflict`]) it is
/// `ON CONFLICT (conflict) DO UPDATE SET …`, arbitrating on that unique constraint alone (a
/// conflict on another one is an error); elsewhere `ON DUPLICATE KEY UPDATE …`, which
/// arbitrates on every unique index (the caller makes sure no other one can conflict).
/// Column references in `sets` (`n = n + ?`) read the existing record.
pub fn upsert(dialect: Dialect, i: &Insert, conflict: &[Col], sets: &[(Col, SetExpr)]) -> Sql {
    let _serialize = crate::observe::serialize();
    let mut r = Renderer::new(dialect);
    insert_rows(&mut r, i, i.rows.clone());
    if dialect.upsert_names_its_conflict() {
        r.sql.push_str(" ON CONFLICT (");
        for (n, col) in conflict.iter().enumerate() {
            if n > 0 {
                r.sql.push_str(", ");
            }
            r.ident(col);
        }
        r.sql.push_str(") DO UPDATE SET ");
    } else {
        r.sql.push_str(" ON DUPLICATE KEY UPDATE ");
    }
    set_list(&mut r, sets, Some(i.model.table));
    returning(&mut r, i);
    r.into_sql()
}

fn returning(r: &mut Renderer, i: &Insert) {
    if i.returning {
        r.sql.push_str(" RETURNING ");
        r.sql.push_str(i.model.returning_list(r.dialect));
    }
}

/// `INSERT INTO table (columns) VALUES (…), …` of `rows` (skipping duplicates when `i` says
/// so).
fn insert_rows(r: &mut Renderer, i: &Insert, rows: Vec<Vec<Value>>) {
    let dialect = r.dialect;
    let (start, end) = if i.skip_duplicates {
        dialect.insert_skipping_duplicates()
    } else {
        ("INSERT INTO ", "")
    };
    r.sql.push_str(start);
    r.table(i.model);
    if i.columns.is_empty() {
        r.sql.push_str(dialect::empty_insert(dialect));
    } else {
        r.sql.push_str(" (");
        for (n, col) in i.columns.iter().enumerate() {
            if n > 0 {
                r.sql.push_str(", ");
            }
            r.ident(col);
        }
        r.sql.push_str(") VALUES ");
        for (n, row) in rows.into_iter().enumerate() {
            if n > 0 {
                r.sql.push_str(", ");
            }
            r.sql.push('(');
            for (m, v) in row.into_iter().enumerate() {
                if m > 0 {
                    r.sql.push_str(", ");
                }
                r.param(v);
            }
            r.sql.push(')');
        }
    }
    r.sql.push_str(end);
}

/// Renders an UPDATE.
pub fn update(dialect: Dialect, u: &Update) -> Result<Sql> {
    update_with(dialect, u, None, None)
}

/// Renders an UPDATE of at most `limit` of the records its filter picks (`updateMany`'s
/// `limit`), as [`delete_limited`] does.
pub fn update_limited(dialect: Dialect, u: &Update, limit: Option<i64>) -> Result<Sql> {
    update_with(dialect, u, None, limit)
}

/// Renders an UPDATE that also reports the integer id of the row it matched, where the
/// dialect can ([`Dialect::update_reports_id`]): MySQL's `LAST_INSERT_ID(id)`, assigned so
/// that the id stays as it is, puts it in the statement's result as an insert id would be.
pub fn update_reporting_id(dialect: Dialect, u: &Update, id: Col) -> Result<Sql> {
    update_with(dialect, u, Some(id), None)
}

fn update_with(
    dialect: Dialect,
    u: &Update,
    report_id: Option<Col>,
    limit: Option<i64>,
) -> Result<Sql> {
    let _serialize = crate::observe::serialize();
    let mut r = Renderer::new(dialect);
    let table = u.model.table;
    r.sql.push_str("UPDATE ");
    r.table(u.model);
    r.sql.push_str(" SET ");
    set_list(&mut r, &u.sets, None);
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

/// `col = ?, n = n + ?, …`: the assignments of an UPDATE (or of an upsert's update, where
/// a column read on the right is qualified by `table`, the existing record's, since an
/// upsert also sees the row it tried to insert).
fn set_list(r: &mut Renderer, sets: &[(Col, SetExpr)], table: Option<&str>) {
    for (n, (col, set)) in sets.iter().enumerate() {
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
                read_column(r, table, col);
                r.sql.push_str(", ");
                r.param(v.clone());
                r.sql.push(')');
                continue;
            }
        };
        read_column(r, table, col);
        r.sql.push_str(op);
        r.param(v.clone());
    }
}

fn read_column(r: &mut Renderer, table: Option<&str>, col: &str) {
    match table {
        Some(table) => r.column(table, col),
        None => r.ident(col),
    }
}

/// Renders a DELETE.
pub fn delete(dialect: Dialect, d: &Delete) -> Result<Sql> {
    delete_limited(dialect, d, None)
}

/// Renders a DELETE of at most `limit` of the records its filter picks (`deleteMany`'s
/// `limit`). No dialect deletes with a LIMIT the same way (PostgreSQL has none, SQLite only
/// when compiled for it), so, as Prisma does, the records are those whose primary key is in a
/// limited subquery; the subquery reads a derived table, which MySQL accepts in a write to
/// the same table. The model must have a primary key.
pub fn delete_limited(dialect: Dialect, d: &Delete, limit: Option<i64>) -> Result<Sql> {
    let _serialize = crate::observe::serialize();
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
) -> Result<Sql> {
    let _serialize = crate::observe::serialize();
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
    let filter = with_cursor(s);
    if filter != Cond::True {
        r.sql.push_str(" AND ");
        r.cond("t0", &filter);
    }
    r.order_by("t0", &s.order);
    r.finish()
}

/// A select's filter and its cursor's condition (the records from the cursor on).
fn with_cursor(s: &Select) -> Cond {
    match &s.cursor {
        None => s.filter.clone(),
        Some(cursor) => s.filter.clone().and(cursor_cond(s, cursor)),
    }
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
) -> Result<Sql> {
    let _serialize = crate::observe::serialize();
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
            let filter = with_cursor(s);
            if filter != Cond::True {
                r.sql.push_str(" AND ");
                r.cond("t0", &filter);
            }
        }
    }
    r.order_by("t0", &s.order);
    r.limit(s.take, s.skip);
    r.finish()
}
