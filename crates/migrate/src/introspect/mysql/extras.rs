//! MySQL's and MariaDB's [`Extras`]: views with their columns (typed as the table describer
//! types columns), index order, partitioned tables, check constraints (MySQL only) and
//! comments.

use driver::{Connection, Value as DbValue};
use sql_schema::{Column, ColumnArity, ColumnTypeFamily};

use crate::introspect::extras::{Extras, View, ViewDefinition, view_definitions_of};

const MYSQL_VIEW_COLUMNS: &str = "SELECT c.table_name AS view_name, c.column_name AS name,
  c.data_type AS data_type, c.column_type AS column_type, c.is_nullable AS is_nullable,
  c.datetime_precision AS datetime_precision, c.column_default AS column_default
FROM information_schema.columns c
JOIN information_schema.views v
  ON v.table_schema = c.table_schema AND v.table_name = c.table_name
WHERE c.table_schema = ?
ORDER BY BINARY c.table_name, c.ordinal_position";

/// Prisma's describer lists indexes by `(table_name, index_name)` in the server's collation
/// (case-insensitive on MariaDB), not byte order.
const MYSQL_INDEX_ORDER: &str = "SELECT DISTINCT table_name AS table_name, index_name AS index_name
FROM information_schema.statistics
WHERE table_schema = ? AND index_name <> 'PRIMARY'
ORDER BY table_name, index_name";

const MYSQL_PARTITIONED: &str = "SELECT table_name AS name
FROM information_schema.tables
WHERE table_schema = ? AND table_type = 'BASE TABLE' AND create_options = 'partitioned'
ORDER BY BINARY table_name";

const MYSQL_CHECKS: &str = "SELECT table_name AS name, constraint_name AS item
FROM information_schema.table_constraints
WHERE table_schema = ? AND constraint_type = 'CHECK'
ORDER BY BINARY table_name, BINARY constraint_name";

const MYSQL_TABLE_COMMENTS: &str = "SELECT table_name AS name
FROM information_schema.tables
WHERE table_schema = ? AND table_type = 'BASE TABLE' AND table_comment <> ''
ORDER BY BINARY table_name";

const MYSQL_COLUMN_COMMENTS: &str = "SELECT c.table_name AS name, c.column_name AS item
FROM information_schema.columns c
JOIN information_schema.tables t
  ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE' AND c.column_comment <> ''
ORDER BY BINARY c.table_name, c.ordinal_position";

/// Reads the [`Extras`] of the MySQL/MariaDB database behind `conn`, as Prisma's describer
/// reads them: views and their columns (arity from the server; inline enums as
/// `{view}_{column}`), index order, comments, partitioned tables, and check constraints on
/// MySQL only (MariaDB adds one to every JSON column, `json_valid`, so Prisma does not read
/// them there).
pub async fn extras(conn: &Connection) -> Result<Extras, driver::Error> {
    let mut extras = Extras::default();
    let params = [DbValue::from(conn.schema_name())];
    let mariadb = conn.is_mariadb();
    for row in conn.query(MYSQL_VIEW_COLUMNS, &params).await?.iter() {
        let (Some(view), Some(name)) = (row.text("view_name"), row.text("name")) else {
            continue;
        };
        let data_type = row
            .text("data_type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let column_type = row.text("column_type").unwrap_or_default();
        let precision = row.int("datetime_precision").unwrap_or(0);
        let (family, full) = if data_type == "enum" {
            let enum_name = format!("{view}_{name}");
            extras.view_enums.push(sql_schema::Enum {
                namespace: None,
                name: enum_name.clone(),
                values: driver::mysql::enum_values(column_type),
            });
            (ColumnTypeFamily::Unsupported(enum_name.clone()), enum_name)
        } else {
            view_column_type(&data_type, column_type, precision)
        };
        let arity = if row.text("is_nullable") == Some("NO") {
            ColumnArity::Required
        } else {
            ColumnArity::Nullable
        };
        let default = row
            .text("column_default")
            .and_then(|d| mysql_view_default(d, &family, mariadb));
        let mut column = Column::new(name, family, full, arity);
        column.default = default;
        match extras.views.last_mut().filter(|v| v.name == view) {
            Some(v) => v.columns.push(column),
            None => extras.views.push(View {
                name: view.to_owned(),
                columns: vec![column],
            }),
        }
    }
    for row in conn.query(MYSQL_INDEX_ORDER, &params).await?.iter() {
        if let (Some(table), Some(index)) = (row.text("table_name"), row.text("index_name")) {
            extras
                .index_order
                .entry(table.to_owned())
                .or_default()
                .push(index.to_owned());
        }
    }
    for row in conn.query(MYSQL_PARTITIONED, &params).await?.iter() {
        if let Some(table) = row.text("name") {
            extras.partition_tables.push(table.to_owned());
        }
    }
    if !mariadb {
        for row in conn.query(MYSQL_CHECKS, &params).await?.iter() {
            if let (Some(table), Some(item)) = (row.text("name"), row.text("item")) {
                extras
                    .check_constraints
                    .entry(table.to_owned())
                    .or_default()
                    .push(item.to_owned());
            }
        }
    }
    for row in conn.query(MYSQL_TABLE_COMMENTS, &params).await?.iter() {
        if let Some(table) = row.text("name") {
            extras.comments.entry(table.to_owned()).or_default().0 = true;
        }
    }
    for row in conn.query(MYSQL_COLUMN_COMMENTS, &params).await?.iter() {
        if let (Some(table), Some(column)) = (row.text("name"), row.text("item")) {
            extras
                .comments
                .entry(table.to_owned())
                .or_default()
                .1
                .push(column.to_owned());
        }
    }
    Ok(extras)
}

/// The default a view column inherits from its table, as Prisma's describer reads it: numbers,
/// booleans, `CURRENT_TIMESTAMP` and string literals are values, anything else an expression
/// (in parentheses on MariaDB, which reports every default as one).
fn mysql_view_default(
    text: &str,
    family: &ColumnTypeFamily,
    mariadb: bool,
) -> Option<sql_schema::DefaultValue> {
    use sql_schema::{DefaultValue as D, Value as V};
    let t = text.trim();
    if t == "NULL" {
        return None;
    }
    let unquoted = || -> Option<String> {
        if mariadb {
            let inner = t.strip_prefix('\'')?.strip_suffix('\'')?;
            Some(inner.replace("''", "'").replace("\\'", "'"))
        } else {
            Some(text.to_owned())
        }
    };
    let value = match family {
        ColumnTypeFamily::Int | ColumnTypeFamily::BigInt => t.parse().ok().map(V::Int),
        ColumnTypeFamily::Boolean => match t {
            "1" => Some(V::Boolean(true)),
            "0" => Some(V::Boolean(false)),
            _ => None,
        },
        ColumnTypeFamily::Float | ColumnTypeFamily::Decimal => t
            .parse::<f64>()
            .ok()
            .filter(|_| !t.starts_with('('))
            .map(|_| V::Float(t.to_owned())),
        ColumnTypeFamily::DateTime => {
            let lower = t.to_ascii_lowercase();
            let now = lower == "current_timestamp"
                || lower
                    .strip_prefix("current_timestamp(")
                    .and_then(|r| r.strip_suffix(')'))
                    .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()));
            if now {
                return Some(D::Now);
            }
            None
        }
        ColumnTypeFamily::String => unquoted().map(V::String),
        _ => None,
    };
    Some(match value {
        Some(v) => D::Value(v),
        None if mariadb && t.starts_with('(') => D::DbGenerated(Some(t.to_owned())),
        None if mariadb => D::DbGenerated(Some(format!("({t})"))),
        None => D::DbGenerated(Some(text.to_owned())),
    })
}

/// A view column's family and type: the table describer's ([`super::column_type_of`]), except
/// that a view's date-time type always names its fractional precision (`DATETIME(0)`), as
/// Prisma's describer reads view columns.
fn view_column_type(
    data_type: &str,
    column_type: &str,
    precision: i64,
) -> (ColumnTypeFamily, String) {
    match (
        data_type,
        super::column_type_of(data_type, column_type, precision),
    ) {
        ("time" | "datetime" | "timestamp", (family, full)) if !full.ends_with(')') => {
            (family, format!("{full}({precision})"))
        }
        (_, typed) => typed,
    }
}

/// The views of the MySQL/MariaDB database behind `conn` with their SQL as the catalog stores it, by name.
pub async fn view_definitions(conn: &Connection) -> Result<Vec<ViewDefinition>, driver::Error> {
    let rows = conn
        .query(
            "SELECT table_schema AS schema_name, table_name AS name, view_definition AS definition FROM information_schema.views WHERE table_schema = ? ORDER BY table_name",
            &[DbValue::from(conn.schema_name())],
        )
        .await?;
    Ok(view_definitions_of(&rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mysql_view_column_types() {
        let t = |d: &str, c: &str, p: i64| view_column_type(d, c, p);
        assert_eq!(
            t("int", "int(10) unsigned", 0),
            (ColumnTypeFamily::Int, "INTEGER UNSIGNED".into())
        );
        assert_eq!(
            t("varchar", "varchar(511)", 0),
            (ColumnTypeFamily::String, "VARCHAR(511)".into())
        );
        assert_eq!(
            t("datetime", "datetime", 0),
            (ColumnTypeFamily::DateTime, "DATETIME(0)".into())
        );
        assert_eq!(
            t("decimal", "decimal(10,2)", 0),
            (ColumnTypeFamily::Decimal, "DECIMAL(10, 2)".into())
        );
        assert_eq!(
            driver::mysql::enum_values("enum('a','it''s')"),
            ["a", "it's"]
        );
    }
}
