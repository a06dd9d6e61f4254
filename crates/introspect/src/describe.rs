//! What `db pull` needs from the database beyond the neutral [`SqlSchema`](sql_schema::SqlSchema)
//! that `migrate` introspects: the order Prisma's describer lists indexes in, tables with
//! expression indexes, check constraints, comments or deferrable constraints (Prisma documents
//! them on the model), and views. One function per dialect; the dispatch in [`describe_extras`] is the only place
//! that asks which database this is.

use std::collections::HashMap;

use connector::{Connection, Provider, Value as DbValue};
use sql_schema::{Column, ColumnArity, ColumnTypeFamily};

/// A view and its columns (every column is nullable in a Prisma view).
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// The view's name.
    pub name: String,
    /// Its columns, in order.
    pub columns: Vec<Column>,
}

/// Facts about the database the neutral SQL schema does not hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    /// Per table, index names in the order Prisma's describer lists them (SQLite: newest
    /// first); tables not listed keep the schema's order.
    pub index_order: HashMap<String, Vec<String>>,
    /// Per table, its indexes on expressions (index names, sorted): as Prisma's describer
    /// counts them, every index with an expression among its keys, partial ones included,
    /// but not the index behind an exclusion constraint.
    pub expression_indexes: HashMap<String, Vec<String>>,
    /// Per table, its `DEFERRABLE` constraints (constraint names, sorted).
    pub deferrable_constraints: HashMap<String, Vec<String>>,
    /// Views, by name.
    pub views: Vec<View>,
    /// Per table, its check constraints (names, sorted).
    pub check_constraints: HashMap<String, Vec<String>>,
    /// Per table, its exclusion constraints (names, sorted).
    pub exclusion_constraints: HashMap<String, Vec<String>>,
    /// Tables with row level security enabled.
    pub row_level_security: Vec<String>,
    /// Per table with database comments: whether the table has one, and its columns that do.
    pub comments: HashMap<String, (bool, Vec<String>)>,
    /// Partitioned tables (Prisma documents them on new models).
    pub partition_tables: Vec<String>,
    /// Enums that only view columns have (MySQL's inline `ENUM` columns of a view, named
    /// `{view}_{column}` as Prisma names them); a view column of one has the unsupported
    /// family named after it. Written only with views.
    pub view_enums: Vec<sql_schema::Enum>,
}

/// Reads the [`Extras`] of the database behind `conn` (the URL's schema on PostgreSQL).
pub async fn describe_extras(conn: &Connection) -> Result<Extras, connector::Error> {
    match conn.provider() {
        Provider::Sqlite => sqlite(conn).await,
        Provider::Postgres => postgres(conn).await,
        Provider::Mysql => mysql(conn).await,
    }
}

/// A view's SQL as the database reports it, for `db pull`'s `views/<schema>/<name>.sql`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewDefinition {
    /// The schema (PostgreSQL), database (MySQL) or `main` (SQLite) it lives in.
    pub schema: String,
    /// The view's name.
    pub name: String,
    /// Its definition, as Prisma's describer reads it (`pg_views.definition`,
    /// `information_schema.views.view_definition`, SQLite's `CREATE VIEW` statement).
    pub definition: String,
}

/// The views of the URL's schema with their definitions, by name.
pub async fn view_definitions(conn: &Connection) -> Result<Vec<ViewDefinition>, connector::Error> {
    let schema = DbValue::from(conn.schema_name());
    let rows = match conn.provider() {
        Provider::Sqlite => {
            conn.query(
                "SELECT 'main' AS schema_name, name, sql AS definition FROM sqlite_master WHERE type = 'view' ORDER BY name",
                &[],
            )
            .await?
        }
        Provider::Postgres => {
            conn.query(
                "SELECT schemaname::text AS schema_name, viewname::text AS name, definition FROM pg_views WHERE schemaname = $1 ORDER BY viewname",
                &[schema],
            )
            .await?
        }
        Provider::Mysql => {
            conn.query(
                "SELECT table_schema AS schema_name, table_name AS name, view_definition AS definition FROM information_schema.views WHERE table_schema = ? ORDER BY table_name",
                &[schema],
            )
            .await?
        }
    };
    let sqlite = conn.provider() == Provider::Sqlite;
    Ok(rows
        .iter()
        .filter_map(|r| {
            let definition = r.text("definition").unwrap_or_default();
            Some(ViewDefinition {
                schema: r.text("schema_name")?.to_owned(),
                name: r.text("name")?.to_owned(),
                definition: format_view_definition(definition, sqlite),
            })
        })
        .collect())
}

/// A view's SQL as Prisma's introspection writes it: formatted by `sqlformat` with keywords
/// in upper case (decision 0009); of SQLite's `CREATE VIEW … AS query`, the query and a `;`.
fn format_view_definition(definition: &str, create_statement: bool) -> String {
    let query = if create_statement {
        match query_of_create_view(definition) {
            Some(q) => format!("{};", q.trim().trim_end_matches(';').trim_end()),
            None => definition.to_owned(),
        }
    } else {
        definition.to_owned()
    };
    let options = sqlformat::FormatOptions {
        uppercase: true,
        ..Default::default()
    };
    sqlformat::format(&query, &sqlformat::QueryParams::None, options)
}

/// The query of `CREATE [TEMP] VIEW [IF NOT EXISTS] name [(columns)] AS query`: what follows
/// the first `AS` outside quotes and parentheses.
fn query_of_create_view(sql: &str) -> Option<&str> {
    let bytes = sql.as_bytes();
    let (mut quote, mut depth) = (None::<u8>, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' | b'`' | b'[' => quote = Some(if b == b'[' { b']' } else { b }),
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                b'a' | b'A'
                    if depth == 0
                        && i > 0
                        && bytes[i - 1].is_ascii_whitespace()
                        && bytes
                            .get(i + 1)
                            .is_some_and(|c| c.eq_ignore_ascii_case(&b's'))
                        && bytes.get(i + 2).is_some_and(u8::is_ascii_whitespace) =>
                {
                    // `i + 2` is an ASCII whitespace byte: a character boundary.
                    return Some(&sql[i + 2..]);
                }
                _ => {}
            },
        }
    }
    None
}

fn quote(name: &str) -> String {
    connector::postgres::quote_identifier(name)
}

async fn sqlite(conn: &Connection) -> Result<Extras, connector::Error> {
    let mut extras = Extras::default();
    let objects = conn
        .query(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            &[],
        )
        .await?;
    for row in objects.iter() {
        let (Some(kind), Some(name)) = (row.text("type"), row.text("name")) else {
            continue;
        };
        if kind == "table" {
            let list = conn
                .query(&format!("PRAGMA index_list({})", quote(name)), &[])
                .await?;
            let names = list
                .iter()
                .filter_map(|r| r.text("name").map(str::to_owned))
                .collect();
            extras.index_order.insert(name.to_owned(), names);
            continue;
        }
        let info = conn
            .query(&format!("PRAGMA table_info({})", quote(name)), &[])
            .await?;
        let columns = info
            .iter()
            .map(|c| {
                let declared = c.text("type").unwrap_or_default();
                Column::new(
                    c.text("name").unwrap_or_default(),
                    sqlite_family(declared),
                    declared,
                    ColumnArity::Nullable,
                )
            })
            .collect();
        extras.views.push(View {
            name: name.to_owned(),
            columns,
        });
    }
    Ok(extras)
}

/// The family of a declared SQLite type, by Prisma's mapping.
fn sqlite_family(declared: &str) -> ColumnTypeFamily {
    let upper = declared.to_ascii_uppercase();
    let base = upper.split('(').next().unwrap_or_default().trim();
    match base {
        "INTEGER" | "INT" | "SMALLINT" | "MEDIUMINT" | "TINYINT" => ColumnTypeFamily::Int,
        "BIGINT" | "INT8" => ColumnTypeFamily::BigInt,
        "REAL" | "FLOAT" | "DOUBLE" => ColumnTypeFamily::Float,
        "DECIMAL" | "NUMERIC" => ColumnTypeFamily::Decimal,
        "BOOLEAN" | "BOOL" => ColumnTypeFamily::Boolean,
        "DATETIME" | "DATE" | "TIMESTAMP" => ColumnTypeFamily::DateTime,
        "TEXT" | "VARCHAR" | "CHAR" | "CHARACTER" | "NVARCHAR" | "NCHAR" | "CLOB" => {
            ColumnTypeFamily::String
        }
        "BLOB" => ColumnTypeFamily::Binary,
        "JSONB" | "JSON" => ColumnTypeFamily::Json,
        _ => ColumnTypeFamily::Unsupported(declared.to_owned()),
    }
}

/// A PostgreSQL `format_type` result as the neutral family and the spelling `migrate`'s
/// introspection uses (`VARCHAR(255)`, `TIMESTAMPTZ(6)`); enums and unknown types come back
/// as unsupported with their name (the renderer resolves enums by name).
fn postgres_type(formatted: &str) -> (ColumnTypeFamily, String) {
    use ColumnTypeFamily as F;
    let (base, args, tz) = match formatted.find('(') {
        Some(open) => {
            let close = formatted[open..]
                .find(')')
                .map_or(formatted.len(), |c| open + c);
            (
                formatted[..open].trim(),
                format!("({})", formatted[open + 1..close].replace(' ', "")),
                formatted[close..].contains("with time zone"),
            )
        }
        None => (
            formatted.trim(),
            String::new(),
            formatted.contains("with time zone"),
        ),
    };
    let base = base
        .trim_end_matches(" with time zone")
        .trim_end_matches(" without time zone");
    let zoned = |name: &str| format!("{name}{}{args}", if tz { "TZ" } else { "" });
    match base {
        "smallint" => (F::Int, "SMALLINT".into()),
        "integer" => (F::Int, "INTEGER".into()),
        "bigint" => (F::BigInt, "BIGINT".into()),
        "numeric" => (F::Decimal, format!("DECIMAL{args}")),
        "real" => (F::Float, "REAL".into()),
        "double precision" => (F::Float, "DOUBLE PRECISION".into()),
        "character varying" => (F::String, format!("VARCHAR{args}")),
        "character" => (F::String, format!("CHAR{args}")),
        "text" => (F::String, "TEXT".into()),
        "uuid" => (F::String, "UUID".into()),
        "bytea" => (F::Binary, "BYTEA".into()),
        "boolean" => (F::Boolean, "BOOLEAN".into()),
        "date" => (F::DateTime, "DATE".into()),
        "timestamp" => (F::DateTime, zoned("TIMESTAMP")),
        "time" => (F::DateTime, zoned("TIME")),
        "json" => (F::Json, "JSON".into()),
        "jsonb" => (F::Json, "JSONB".into()),
        _ => (F::Unsupported(formatted.to_owned()), formatted.to_owned()),
    }
}

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

async fn postgres(conn: &Connection) -> Result<Extras, connector::Error> {
    let mut extras = Extras::default();
    let params = [DbValue::from(conn.schema_name())];
    for row in conn.query(PG_VIEW_COLUMNS, &params).await?.iter() {
        let (Some(view), Some(name)) = (row.text("view"), row.text("name")) else {
            continue;
        };
        let formatted = row.text("formatted").unwrap_or_default();
        let is_array = row.text("category") == Some("A");
        let element = formatted.strip_suffix("[]").unwrap_or(formatted);
        let (family, full) = postgres_type(element);
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

/// MySQL and MariaDB, as Prisma's describer reads them: views and their columns (arity from
/// the server; inline enums as `{view}_{column}`), index order, comments, partitioned
/// tables, and check
/// constraints on MySQL only: MariaDB adds one to every JSON column (`json_valid`), so
/// Prisma does not read them there.
async fn mysql(conn: &Connection) -> Result<Extras, connector::Error> {
    let mut extras = Extras::default();
    let params = [DbValue::from(conn.schema_name())];
    let mariadb = conn.as_mysql().is_some_and(|m| m.is_mariadb());
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
                values: connector::mysql::enum_values(column_type),
            });
            (ColumnTypeFamily::Unsupported(enum_name.clone()), enum_name)
        } else {
            mysql_type(&data_type, column_type, precision)
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

/// A MySQL column's family and the spelling `migrate`'s introspection uses for it
/// (`INTEGER UNSIGNED`, `VARCHAR(255)`, `DATETIME(3)`), from `information_schema.columns`.
fn mysql_type(data_type: &str, column_type: &str, precision: i64) -> (ColumnTypeFamily, String) {
    use ColumnTypeFamily as F;
    let lower = column_type.to_ascii_lowercase();
    let unsigned = if lower.contains("unsigned") {
        " UNSIGNED"
    } else {
        ""
    };
    let args: Vec<&str> = lower
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(a, _)| a.split(',').map(str::trim).collect())
        .unwrap_or_default();
    let sized = |name: &str| match args.first() {
        Some(n) => format!("{name}({n})"),
        None => name.to_owned(),
    };
    let fractional = |name: &str| format!("{name}({precision})");
    match data_type {
        "int" | "integer" => (F::Int, format!("INTEGER{unsigned}")),
        "tinyint" if lower.starts_with("tinyint(1)") => (F::Boolean, "BOOLEAN".to_owned()),
        "tinyint" => (F::Int, format!("TINYINT{unsigned}")),
        "smallint" => (F::Int, format!("SMALLINT{unsigned}")),
        "mediumint" => (F::Int, format!("MEDIUMINT{unsigned}")),
        "bigint" => (F::BigInt, format!("BIGINT{unsigned}")),
        "year" => (F::Int, "YEAR".to_owned()),
        "decimal" | "numeric" => (F::Decimal, format!("DECIMAL({})", args.join(", "))),
        "float" => (F::Float, "FLOAT".to_owned()),
        "double" | "real" => (F::Float, "DOUBLE".to_owned()),
        "bit" if args.first() == Some(&"1") => (F::Boolean, "BIT(1)".to_owned()),
        "bit" => (F::Binary, sized("BIT")),
        "char" => (F::String, sized("CHAR")),
        "varchar" => (F::String, sized("VARCHAR")),
        "binary" => (F::Binary, sized("BINARY")),
        "varbinary" => (F::Binary, sized("VARBINARY")),
        "tinytext" | "text" | "mediumtext" | "longtext" => {
            (F::String, data_type.to_ascii_uppercase())
        }
        "tinyblob" | "blob" | "mediumblob" | "longblob" => {
            (F::Binary, data_type.to_ascii_uppercase())
        }
        "set" => (F::String, column_type.to_owned()),
        "date" => (F::DateTime, "DATE".to_owned()),
        "time" => (F::DateTime, fractional("TIME")),
        "datetime" => (F::DateTime, fractional("DATETIME")),
        "timestamp" => (F::DateTime, fractional("TIMESTAMP")),
        "json" => (F::Json, "JSON".to_owned()),
        _ => (
            F::Unsupported(column_type.to_owned()),
            column_type.to_owned(),
        ),
    }
}

#[cfg(test)]
mod view_tests {
    use super::*;

    #[test]
    fn view_definitions_are_formatted_as_prisma_writes_them() {
        assert_eq!(
            format_view_definition(" SELECT t.id\n   FROM t\n  WHERE (t.id > 1);", false),
            "SELECT\n  t.id\nFROM\n  t\nWHERE\n  (t.id > 1);"
        );
        assert_eq!(
            format_view_definition("CREATE VIEW \"a as b\" (x) AS select id as x from t", true),
            "SELECT\n  id AS x\nFROM\n  t;"
        );
        // Not a CREATE VIEW (or no AS outside quotes): formatted as it is, never a panic.
        assert_eq!(query_of_create_view("CREATE VIEW \"é as\""), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mysql_view_column_types() {
        let t = |d: &str, c: &str, p: i64| mysql_type(d, c, p);
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
            connector::mysql::enum_values("enum('a','it''s')"),
            ["a", "it's"]
        );
    }
}
