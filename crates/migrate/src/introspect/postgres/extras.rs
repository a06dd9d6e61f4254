//! PostgreSQL's [`Extras`] for the URL's schema: views and materialized views with their
//! columns (typed as the table describer types columns), check and exclusion constraints,
//! row level security, comments, expression indexes and deferrable constraints.

use driver::{Connection, Value as DbValue};
use sql_schema::{Column, ColumnArity};

use crate::introspect::extras::{Extras, View, ViewDefinition, view_definitions_of};

const PG_CONSTRAINTS_OF_KIND: &str = "SELECT t.relname AS name, c.conname AS item
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = $1 AND c.contype = $2::text::\"char\"
ORDER BY t.relname, c.conname";

const PG_ROW_LEVEL_SECURITY: &str = "SELECT t.relname AS name
FROM pg_class t
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = $1 AND t.relkind IN ('r', 'p') AND t.relrowsecurity
ORDER BY t.relname";

const PG_COMMENTS: &str = "SELECT t.relname AS name, a.attname AS item
FROM pg_description d
JOIN pg_class t ON t.oid = d.objoid AND d.classoid = 'pg_class'::regclass
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.objsubid AND d.objsubid > 0
WHERE n.nspname = $1 AND t.relkind IN ('r', 'p')
ORDER BY t.relname, d.objsubid";

const PG_EXPRESSION_INDEXES: &str = "SELECT t.relname AS name, ic.relname AS item
FROM pg_index i
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = $1 AND i.indexprs IS NOT NULL AND NOT i.indisexclusion
ORDER BY t.relname, ic.relname";

const PG_DEFERRABLE: &str = "SELECT t.relname AS name, c.conname AS item
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = $1 AND c.condeferrable
ORDER BY t.relname, c.conname";

const PG_VIEW_COLUMNS: &str = "SELECT c.relname AS view, a.attname AS name,
    format_type(a.atttypid, a.atttypmod) AS formatted, t.typcategory AS category
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
WHERE n.nspname = $1 AND c.relkind IN ('v', 'm')
ORDER BY c.relname, a.attnum";

/// Reads the [`Extras`] of the PostgreSQL schema behind `conn`.
pub async fn extras(conn: &Connection) -> Result<Extras, driver::Error> {
    let mut extras = Extras::default();
    let params = [DbValue::from(conn.schema_name())];
    for row in conn.query(PG_VIEW_COLUMNS, &params).await?.iter() {
        let (Some(view), Some(name)) = (row.text("view"), row.text("name")) else {
            continue;
        };
        let formatted = row.text("formatted").unwrap_or_default();
        let is_array = row.text("category") == Some("A");
        let element = formatted.strip_suffix("[]").unwrap_or(formatted);
        let (family, full) = super::canonical_type(element);
        let arity = if is_array {
            ColumnArity::List
        } else {
            ColumnArity::Nullable
        };
        let column = Column::new(name, family, full, arity);
        match extras.views.last_mut().filter(|v| v.name == view) {
            Some(v) => v.columns.push(column),
            None => extras.views.push(View {
                name: view.to_owned(),
                columns: vec![column],
            }),
        }
    }
    for (kind, into) in [
        ("c", &mut extras.check_constraints),
        ("x", &mut extras.exclusion_constraints),
    ] {
        let kind_params = [DbValue::from(conn.schema_name()), DbValue::from(kind)];
        for row in conn
            .query(PG_CONSTRAINTS_OF_KIND, &kind_params)
            .await?
            .iter()
        {
            if let (Some(table), Some(item)) = (row.text("name"), row.text("item")) {
                into.entry(table.to_owned())
                    .or_default()
                    .push(item.to_owned());
            }
        }
    }
    for row in conn.query(PG_ROW_LEVEL_SECURITY, &params).await?.iter() {
        if let Some(table) = row.text("name") {
            extras.row_level_security.push(table.to_owned());
        }
    }
    for row in conn.query(PG_COMMENTS, &params).await?.iter() {
        let Some(table) = row.text("name") else {
            continue;
        };
        let entry = extras.comments.entry(table.to_owned()).or_default();
        match row.text("item") {
            Some(column) => entry.1.push(column.to_owned()),
            None => entry.0 = true,
        }
    }
    for (query, into) in [
        (PG_EXPRESSION_INDEXES, &mut extras.expression_indexes),
        (PG_DEFERRABLE, &mut extras.deferrable_constraints),
    ] {
        for row in conn.query(query, &params).await?.iter() {
            if let (Some(table), Some(item)) = (row.text("name"), row.text("item")) {
                into.entry(table.to_owned())
                    .or_default()
                    .push(item.to_owned());
            }
        }
    }
    Ok(extras)
}

/// The views of the PostgreSQL schema behind `conn` with their SQL as the catalog stores it, by name.
pub async fn view_definitions(conn: &Connection) -> Result<Vec<ViewDefinition>, driver::Error> {
    let rows = conn
        .query(
            "SELECT schemaname::text AS schema_name, viewname::text AS name, definition FROM pg_views WHERE schemaname = $1 ORDER BY viewname",
            &[DbValue::from(conn.schema_name())],
        )
        .await?;
    Ok(view_definitions_of(&rows))
}
