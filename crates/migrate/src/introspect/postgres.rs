//! PostgreSQL: `pg_catalog` for the URL's schema: tables, columns (full types, arrays, enums,
//! defaults, serial and identity columns), primary keys, unique constraints and indexes (sort
//! order, operator classes, access method), foreign keys with their actions, and enums.

mod extras;

pub use extras::{extras, view_definitions};

use std::collections::HashMap;

use driver::{Connection, Value as DbValue};
use sql_schema::{
    Column, ColumnArity, ColumnTypeFamily, DefaultValue, Enum, EnumId, ForeignKey,
    ForeignKeyAction, Index, IndexAlgorithm, IndexColumn, IndexKind, NamespaceId, PrimaryKey,
    SortOrder, SqlSchema, Table, TableId, Value,
};

use super::defaults;

const TABLES: &str = "SELECT c.oid::int8 AS oid, c.relname::text AS name
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname";

const ENUMS: &str = "SELECT t.typname::text AS name, e.enumlabel::text AS value
FROM pg_type t
JOIN pg_enum e ON e.enumtypid = t.oid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = $1
ORDER BY t.typname, e.enumsortorder";

const COLUMNS: &str = "SELECT a.attrelid::int8 AS table_oid, a.attname::text AS name,
  a.attnotnull AS not_null, format_type(a.atttypid, a.atttypmod) AS formatted,
  t.typname::text AS typname, t.typtype::text AS typtype, t.typcategory::text AS category,
  et.typname::text AS elem_typname, et.typtype::text AS elem_typtype,
  tn.nspname::text AS type_schema, etn.nspname::text AS elem_type_schema,
  pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attidentity::text AS identity,
  a.attgenerated::text AS generated,
  pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) AS serial_sequence
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum";

const INDEXES: &str = "SELECT ic.relname::text AS index_name, i.indrelid::int8 AS table_oid,
  i.indisunique AS is_unique, i.indisprimary AS is_primary, am.amname::text AS method,
  k.ord::int8 AS position, a.attname::text AS column_name,
  (i.indoption[(k.ord - 1)::int]::int & 1) = 1 AS is_desc,
  opc.opcname::text AS opclass, opc.opcdefault AS opclass_default,
  con.conname::text AS constraint_name, pg_get_expr(i.indpred, i.indrelid) AS predicate
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = ic.relam
CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indclass::oid[]) WITH ORDINALITY AS k(attnum, opclass_oid, ord)
LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
LEFT JOIN pg_opclass opc ON opc.oid = k.opclass_oid
LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('p', 'u') AND con.conrelid = t.oid
WHERE n.nspname = $1 AND t.relkind IN ('r', 'p') AND k.ord <= i.indnkeyatts
ORDER BY ic.relname, k.ord";

const FOREIGN_KEYS: &str = "SELECT con.conname::text AS name, con.conrelid::int8 AS table_oid,
  con.confrelid::int8 AS ref_oid, con.confdeltype::text AS on_delete,
  con.confupdtype::text AS on_update, k.ord::int8 AS position,
  a.attname::text AS column_name, ra.attname::text AS ref_column
FROM pg_constraint con
JOIN pg_class t ON t.oid = con.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, ref_attnum, ord)
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.ref_attnum
WHERE con.contype = 'f' AND n.nspname = $1
ORDER BY t.relname, con.conname, k.ord";

/// Describes the URL's schema of a PostgreSQL database.
pub async fn introspect(conn: &Connection) -> Result<SqlSchema, driver::Error> {
    introspect_namespaces(conn, &[]).await
}

/// The database's extensions, by name, as Prisma's describer lists them (every row of
/// `pg_extension`, `plpgsql` included).
pub async fn extensions(conn: &Connection) -> Result<Vec<sql_schema::Extension>, driver::Error> {
    const EXTENSIONS: &str = "SELECT ext.extname::text AS name, n.nspname::text AS schema,
  ext.extversion::text AS version, ext.extrelocatable AS relocatable
FROM pg_extension ext JOIN pg_namespace n ON n.oid = ext.extnamespace
ORDER BY ext.extname";
    Ok(conn
        .query(EXTENSIONS, &[])
        .await?
        .iter()
        .map(|row| sql_schema::Extension {
            name: row.text("name").unwrap_or_default().to_owned(),
            schema: row.text("schema").unwrap_or_default().to_owned(),
            version: row.text("version").unwrap_or_default().to_owned(),
            relocatable: row.bool("relocatable") == Some(true),
        })
        .collect())
}

/// Describes the listed schemas (a datasource's `schemas = [...]`), each table and enum in its
/// namespace, in the order given; with none, the URL's schema without namespaces.
pub async fn introspect_namespaces(
    conn: &Connection,
    namespaces: &[String],
) -> Result<SqlSchema, driver::Error> {
    let mut schema = SqlSchema::new();
    let scopes: Vec<(String, Option<NamespaceId>)> = if namespaces.is_empty() {
        vec![(conn.schema_name().to_owned(), None)]
    } else {
        namespaces
            .iter()
            .map(|n| (n.clone(), Some(schema.push_namespace(n.clone()))))
            .collect()
    };

    let mut enum_ids: HashMap<(String, String), EnumId> = HashMap::new();
    for (name_of_scope, namespace) in &scopes {
        let params = [DbValue::from(name_of_scope.as_str())];
        for row in conn.query(ENUMS, &params).await?.iter() {
            let (Some(name), Some(value)) = (row.text("name"), row.text("value")) else {
                continue;
            };
            let key = (name_of_scope.clone(), name.to_owned());
            let id = *enum_ids.entry(key).or_insert_with(|| {
                schema.push_enum(Enum {
                    namespace: *namespace,
                    name: name.to_owned(),
                    values: Vec::new(),
                })
            });
            schema.enums[id.0 as usize].values.push(value.to_owned());
        }
    }

    let mut tables: HashMap<i64, TableId> = HashMap::new();
    for (name_of_scope, namespace) in &scopes {
        let params = [DbValue::from(name_of_scope.as_str())];
        for row in conn.query(TABLES, &params).await?.iter() {
            let (Some(oid), Some(name)) = (row.int("oid"), row.text("name")) else {
                continue;
            };
            if super::is_history_table(name) {
                continue;
            }
            tables.insert(oid, schema.push_table(Table::new(*namespace, name)));
        }
    }

    for (name_of_scope, _) in &scopes {
        let params = [DbValue::from(name_of_scope.as_str())];
        for row in conn.query(COLUMNS, &params).await?.iter() {
            let Some(&table) = row.int("table_oid").and_then(|oid| tables.get(&oid)) else {
                continue;
            };
            let column = column(&row, &schema, &enum_ids);
            schema.table_mut(table).columns.push(column);
        }
    }
    for (name_of_scope, _) in &scopes {
        let params = [DbValue::from(name_of_scope.as_str())];
        describe_indexes(conn, &params, &mut schema, &tables).await?;
        describe_foreign_keys(conn, &params, &mut schema, &tables).await?;
    }
    if namespaces.is_empty() {
        super::checks::postgres(conn, conn.schema_name(), &mut schema).await?;
    }
    Ok(schema)
}

fn column(
    row: &driver::Row<'_>,
    schema: &SqlSchema,
    enum_ids: &HashMap<(String, String), EnumId>,
) -> Column {
    let name = row.text("name").unwrap_or_default();
    let formatted = row.text("formatted").unwrap_or_default();
    let is_array = row.text("category") == Some("A");
    let (typname, typtype, type_schema) = if is_array {
        (
            row.text("elem_typname"),
            row.text("elem_typtype"),
            row.text("elem_type_schema"),
        )
    } else {
        (
            row.text("typname"),
            row.text("typtype"),
            row.text("type_schema"),
        )
    };
    let element = formatted.strip_suffix("[]").unwrap_or(formatted);
    let enum_id = typname
        .zip(type_schema)
        .and_then(|(t, s)| enum_ids.get(&(s.to_owned(), t.to_owned())));
    let (family, full) = match (typtype, enum_id) {
        (Some("e"), Some(&id)) => (ColumnTypeFamily::Enum(id), schema.enum_(id).name.clone()),
        _ => canonical_type(element),
    };
    let arity = if is_array {
        ColumnArity::List
    } else if row.bool("not_null") == Some(true) {
        ColumnArity::Required
    } else {
        ColumnArity::Nullable
    };
    let mut column = Column::new(name, family.clone(), full, arity);
    let identity = row.text("identity").is_some_and(|i| i == "a" || i == "d");
    let generated = row.text("generated").is_some_and(|g| g == "s");
    let serial = row.text("serial_sequence").map(strip_schema);
    if identity {
        column.auto_increment = true;
        column.default = serial.map(DefaultValue::Sequence);
    } else if let Some(expr) = row.text("default_expr") {
        let default = if generated {
            defaults::db_generated(expr)
        } else {
            default_of(expr, &family)
        };
        if let DefaultValue::Sequence(seq) = &default {
            column.auto_increment = serial.as_deref() == Some(seq.as_str());
        }
        column.default = Some(default);
    }
    column
}

/// `public."User_id_seq"` → `User_id_seq`.
fn strip_schema(qualified: &str) -> String {
    let last = match qualified.rfind("\".") {
        Some(_) => qualified.rsplit("\".").next().unwrap_or(qualified),
        None => qualified.rsplit('.').next().unwrap_or(qualified),
    };
    last.trim_matches('"').replace("\"\"", "\"")
}

/// The canonical spelling (as calculate writes it) and family of a `format_type` result.
fn canonical_type(formatted: &str) -> (ColumnTypeFamily, String) {
    use ColumnTypeFamily as F;
    let (base, args, suffix) = match formatted.find('(') {
        Some(open) => {
            let close = formatted[open..]
                .find(')')
                .map_or(formatted.len(), |c| open + c);
            (
                formatted[..open].trim(),
                Some(formatted[open + 1..close].replace(' ', "")),
                formatted.get(close + 1..).unwrap_or_default().trim(),
            )
        }
        None => (formatted.trim(), None, ""),
    };
    let with = |name: &str| match &args {
        Some(a) => format!("{name}({a})"),
        None => name.to_owned(),
    };
    let zoned = |base: &str, name: &str| {
        // `timestamp(3) with time zone` → TIMESTAMPTZ(3)
        let tz = suffix.contains("with time zone") || base.contains("with time zone");
        let plain = if tz {
            format!("{name}TZ")
        } else {
            name.to_owned()
        };
        with(&plain)
    };
    match base {
        "smallint" => (F::Int, "SMALLINT".into()),
        "integer" => (F::Int, "INTEGER".into()),
        "bigint" => (F::BigInt, "BIGINT".into()),
        "numeric" => (F::Decimal, with("DECIMAL")),
        "money" => (F::Decimal, "MONEY".into()),
        "real" => (F::Float, "REAL".into()),
        "double precision" => (F::Float, "DOUBLE PRECISION".into()),
        "character varying" => (F::String, with("VARCHAR")),
        "character" => (F::String, with("CHAR")),
        "text" => (F::String, "TEXT".into()),
        "citext" => (F::String, "CITEXT".into()),
        "inet" => (F::String, "INET".into()),
        "oid" => (F::Int, "OID".into()),
        "bytea" => (F::Binary, "BYTEA".into()),
        "timestamp" | "timestamp without time zone" | "timestamp with time zone" => {
            (F::DateTime, zoned(base, "TIMESTAMP"))
        }
        "time" | "time without time zone" | "time with time zone" => {
            (F::DateTime, zoned(base, "TIME"))
        }
        "date" => (F::DateTime, "DATE".into()),
        "boolean" => (F::Boolean, "BOOLEAN".into()),
        "bit" => (F::String, with("BIT")),
        "bit varying" => (F::String, with("VARBIT")),
        "uuid" => (F::String, "UUID".into()),
        "xml" => (F::String, "XML".into()),
        "json" => (F::Json, "JSON".into()),
        "jsonb" => (F::Json, "JSONB".into()),
        _ => (F::Unsupported(formatted.to_owned()), formatted.to_owned()),
    }
}

/// A default as `pg_get_expr` prints it.
fn default_of(expr: &str, family: &ColumnTypeFamily) -> DefaultValue {
    let text = expr.trim();
    if let Some(seq) = text
        .strip_prefix("nextval('")
        .and_then(|r| r.strip_suffix("'::regclass)"))
    {
        return DefaultValue::Sequence(strip_schema(&seq.replace("''", "'")));
    }
    if defaults::is_now(text) {
        return DefaultValue::Now;
    }
    match text {
        "true" => return DefaultValue::Value(Value::Boolean(true)),
        "false" => return DefaultValue::Value(Value::Boolean(false)),
        "NULL" => return DefaultValue::Value(Value::Null),
        _ => {}
    }
    if let Some(n) = defaults::number(text) {
        return DefaultValue::Value(n);
    }
    if let Some(list) = array_constructor(text) {
        return DefaultValue::Value(Value::List(list));
    }
    // `'literal'::type`: split at the last `::` outside the quotes.
    if let Some((literal, cast)) = split_cast(text) {
        if let Some(s) = defaults::unquote(literal) {
            return DefaultValue::Value(literal_value(s, cast, family));
        }
        if let Some(n) = defaults::number(literal) {
            return DefaultValue::Value(n);
        }
    }
    if let Some(s) = defaults::unquote(text) {
        return DefaultValue::Value(literal_value(s, "", family));
    }
    defaults::db_generated(text)
}

/// `ARRAY['a'::text, 'b'::text]` (optionally cast) → its elements, when each is a literal.
fn array_constructor(text: &str) -> Option<Vec<Value>> {
    let rest = text.strip_prefix("ARRAY[")?;
    let mut items = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let mut closed = false;
    // Parentheses of casts (`numeric(65,30)`) hold commas too.
    let mut depth = 0usize;
    for c in rest.chars() {
        match c {
            '\'' => {
                in_quotes = !in_quotes;
                current.push(c);
            }
            '(' if !in_quotes => {
                depth += 1;
                current.push(c);
            }
            ')' if !in_quotes => {
                depth = depth.saturating_sub(1);
                current.push(c);
            }
            ',' if !in_quotes && depth == 0 => items.push(std::mem::take(&mut current)),
            ']' if !in_quotes => {
                closed = true;
                break;
            }
            c => current.push(c),
        }
    }
    if !closed {
        return None;
    }
    if !current.trim().is_empty() {
        items.push(current);
    }
    items
        .iter()
        .map(|item| {
            let item = item.trim();
            // `'-1'::integer`, `(1.5)::double precision`, `1.25::numeric(65,30)`: the cast
            // goes, and a quoted number in a numeric cast is that number.
            let (literal, cast) = split_cast(item)
                .or_else(|| {
                    (!item.starts_with('\''))
                        .then(|| item.split_once("::"))
                        .flatten()
                })
                .unwrap_or((item, ""));
            let numeric = [
                "integer",
                "bigint",
                "smallint",
                "numeric",
                "double precision",
                "real",
            ]
            .iter()
            .any(|t| cast.starts_with(t));
            defaults::unquote(literal)
                .map(|s| match defaults::number(&s) {
                    Some(n) if numeric => n,
                    _ => Value::String(s),
                })
                .or_else(|| defaults::number(literal))
                .or(match literal {
                    "true" => Some(Value::Boolean(true)),
                    "false" => Some(Value::Boolean(false)),
                    _ => None,
                })
        })
        .collect()
}

/// `'literal'::type` → (`'literal'`, `type`). The literal ends at its closing quote (`''`
/// inside it is a quote), not at the last quote of the text: the type's name may hold quotes
/// too (`'a'::"it's"`).
fn split_cast(text: &str) -> Option<(&str, &str)> {
    let body = text.strip_prefix('\'')?;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\'' {
            continue;
        }
        if chars.peek().is_some_and(|(_, next)| *next == '\'') {
            chars.next();
            continue;
        }
        let end = i + 2;
        let cast = text[end..].strip_prefix("::")?;
        return Some((&text[..end], cast));
    }
    None
}

fn literal_value(s: String, cast: &str, family: &ColumnTypeFamily) -> Value {
    if cast.ends_with("[]") {
        return Value::List(parse_array_literal(&s));
    }
    match family {
        ColumnTypeFamily::Enum(_) => Value::Enum(s),
        ColumnTypeFamily::Binary => match s.strip_prefix("\\x").map(defaults::hex_bytes) {
            Some(Some(bytes)) => Value::Bytes(bytes),
            _ => Value::String(s),
        },
        ColumnTypeFamily::Int | ColumnTypeFamily::BigInt => {
            s.parse().map_or(Value::String(s), Value::Int)
        }
        ColumnTypeFamily::Float | ColumnTypeFamily::Decimal => Value::Float(s),
        _ => Value::String(s),
    }
}

/// `{a,"b c",NULL}` → its elements.
fn parse_array_literal(s: &str) -> Vec<Value> {
    let Some(inner) = s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
        return vec![Value::String(s.to_owned())];
    };
    let mut out = Vec::new();
    let mut chars = inner.chars().peekable();
    while chars.peek().is_some() {
        let mut item = String::new();
        let mut quoted = false;
        if chars.peek() == Some(&'"') {
            quoted = true;
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => item.extend(chars.next()),
                    '"' => break,
                    c => item.push(c),
                }
            }
        }
        for c in chars.by_ref() {
            if c == ',' {
                break;
            }
            item.push(c);
        }
        out.push(if !quoted && item == "NULL" {
            Value::Null
        } else if !quoted {
            defaults::number(&item).unwrap_or(match item.as_str() {
                "t" | "true" => Value::Boolean(true),
                "f" | "false" => Value::Boolean(false),
                _ => Value::String(item),
            })
        } else {
            Value::String(item)
        });
    }
    out
}

async fn describe_indexes(
    conn: &Connection,
    params: &[DbValue],
    schema: &mut SqlSchema,
    tables: &HashMap<i64, TableId>,
) -> Result<(), driver::Error> {
    struct Building {
        table: TableId,
        name: String,
        unique: bool,
        primary: bool,
        constraint: Option<String>,
        method: String,
        columns: Vec<IndexColumn>,
        predicate: Option<String>,
        skip: bool,
    }
    let mut built: Vec<Building> = Vec::new();
    for row in conn.query(INDEXES, params).await?.iter() {
        let Some(&table) = row.int("table_oid").and_then(|oid| tables.get(&oid)) else {
            continue;
        };
        let name = row.text("index_name").unwrap_or_default();
        if built
            .last()
            .is_none_or(|b| b.name != name || b.table != table)
        {
            built.push(Building {
                table,
                name: name.to_owned(),
                unique: row.bool("is_unique") == Some(true),
                primary: row.bool("is_primary") == Some(true),
                constraint: row.text("constraint_name").map(str::to_owned),
                method: row.text("method").unwrap_or("btree").to_owned(),
                columns: Vec::new(),
                // A partial index is read with its predicate; the differ leaves it alone
                // unless the Prisma schema enables partial indexes.
                predicate: row.text("predicate").map(str::to_owned),
                skip: false,
            });
        }
        let Some(b) = built.last_mut() else {
            continue;
        };
        let position = row
            .text("column_name")
            .and_then(|c| schema.table(table).column_position(c));
        let Some(position) = position else {
            // An expression index has no counterpart in a Prisma schema.
            b.skip = true;
            continue;
        };
        let mut column = IndexColumn::new(position);
        if row.bool("is_desc") == Some(true) {
            column.sort = Some(SortOrder::Desc);
        }
        if row.bool("opclass_default") == Some(false) {
            column.operator_class = row.text("opclass").map(str::to_owned);
        }
        b.columns.push(column);
    }
    for b in built.into_iter().filter(|b| !b.skip) {
        let table = schema.table_mut(b.table);
        if b.primary {
            table.primary_key = Some(PrimaryKey {
                name: b.constraint.or(Some(b.name)),
                columns: b.columns,
            });
            continue;
        }
        let algorithm = match b.method.as_str() {
            "hash" => Some(IndexAlgorithm::Hash),
            "gist" => Some(IndexAlgorithm::Gist),
            "gin" => Some(IndexAlgorithm::Gin),
            "spgist" => Some(IndexAlgorithm::SpGist),
            "brin" => Some(IndexAlgorithm::Brin),
            _ => None,
        };
        table.indexes.push(Index {
            name: b.name,
            kind: if b.unique {
                IndexKind::Unique
            } else {
                IndexKind::Normal
            },
            columns: b.columns,
            algorithm,
            predicate: b.predicate,
        });
    }
    Ok(())
}

async fn describe_foreign_keys(
    conn: &Connection,
    params: &[DbValue],
    schema: &mut SqlSchema,
    tables: &HashMap<i64, TableId>,
) -> Result<(), driver::Error> {
    let mut current: Option<(TableId, ForeignKey)> = None;
    let mut done: Vec<(TableId, ForeignKey)> = Vec::new();
    for row in conn.query(FOREIGN_KEYS, params).await?.iter() {
        let (Some(&table), Some(&referenced)) = (
            row.int("table_oid").and_then(|o| tables.get(&o)),
            row.int("ref_oid").and_then(|o| tables.get(&o)),
        ) else {
            continue;
        };
        let name = row.text("name").unwrap_or_default().to_owned();
        let (Some(column), Some(ref_column)) = (
            row.text("column_name")
                .and_then(|c| schema.table(table).column_position(c)),
            row.text("ref_column")
                .and_then(|c| schema.table(referenced).column_position(c)),
        ) else {
            continue;
        };
        let same = current
            .as_ref()
            .is_some_and(|(t, fk)| *t == table && fk.name.as_deref() == Some(name.as_str()));
        if !same {
            done.extend(current.take());
            current = Some((
                table,
                ForeignKey {
                    name: Some(name),
                    columns: Vec::new(),
                    referenced_table: referenced,
                    referenced_columns: Vec::new(),
                    on_delete: action(row.text("on_delete")),
                    on_update: action(row.text("on_update")),
                },
            ));
        }
        if let Some((_, fk)) = current.as_mut() {
            fk.columns.push(column);
            fk.referenced_columns.push(ref_column);
        }
    }
    done.extend(current);
    for (table, fk) in done {
        schema.table_mut(table).foreign_keys.push(fk);
    }
    Ok(())
}

fn action(code: Option<&str>) -> ForeignKeyAction {
    match code {
        Some("r") => ForeignKeyAction::Restrict,
        Some("c") => ForeignKeyAction::Cascade,
        Some("n") => ForeignKeyAction::SetNull,
        Some("d") => ForeignKeyAction::SetDefault,
        _ => ForeignKeyAction::NoAction,
    }
}

/// The description of a scratch schema, without its namespace (as the URL's schema reads).
pub(crate) async fn introspect_scratch(
    conn: &Connection,
    namespace: &str,
) -> Result<SqlSchema, driver::Error> {
    let mut schema = introspect_namespaces(conn, &[namespace.to_owned()]).await?;
    schema.namespaces.clear();
    for table in &mut schema.tables {
        table.namespace = None;
    }
    for e in &mut schema.enums {
        e.namespace = None;
    }
    Ok(schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_spelled_as_calculate_spells_them() {
        let t = |f: &str| canonical_type(f).1;
        assert_eq!(t("character varying(255)"), "VARCHAR(255)");
        assert_eq!(t("timestamp(3) without time zone"), "TIMESTAMP(3)");
        assert_eq!(t("timestamp(6) with time zone"), "TIMESTAMPTZ(6)");
        assert_eq!(t("timestamp with time zone"), "TIMESTAMPTZ");
        assert_eq!(t("numeric(65,30)"), "DECIMAL(65,30)");
        assert_eq!(t("double precision"), "DOUBLE PRECISION");
        assert_eq!(t("tsvector"), "tsvector");
    }

    #[test]
    fn defaults_as_pg_get_expr_prints_them() {
        let s = ColumnTypeFamily::String;
        assert_eq!(
            default_of(
                "nextval('\"User_id_seq\"'::regclass)",
                &ColumnTypeFamily::Int
            ),
            DefaultValue::Sequence("User_id_seq".into())
        );
        assert_eq!(default_of("CURRENT_TIMESTAMP", &s), DefaultValue::Now);
        assert_eq!(
            default_of("'it''s'::text", &s),
            DefaultValue::Value(Value::String("it's".into()))
        );
        assert_eq!(
            default_of("'{a,\"b c\"}'::text[]", &s),
            DefaultValue::Value(Value::List(vec![
                Value::String("a".into()),
                Value::String("b c".into())
            ]))
        );
        assert_eq!(
            default_of("ARRAY['a'::text, 'b'::text]", &s),
            DefaultValue::Value(Value::List(vec![
                Value::String("a".into()),
                Value::String("b".into())
            ]))
        );
        assert_eq!(
            default_of("ARRAY[]::text[]", &s),
            DefaultValue::Value(Value::List(vec![]))
        );
        assert_eq!(
            default_of("gen_random_uuid()", &s),
            DefaultValue::DbGenerated(Some("gen_random_uuid()".into()))
        );
    }
}
