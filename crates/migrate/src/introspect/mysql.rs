//! MySQL and MariaDB: `information_schema` for the URL's database: tables, columns (full types
//! with `UNSIGNED`, enums inline, defaults, `AUTO_INCREMENT`), primary keys, unique, normal and
//! fulltext indexes (prefix length, sort order), and foreign keys with their actions.
//!
//! MariaDB reports some things differently from MySQL; they are normalised here so both give
//! the same [`SqlSchema`]:
//! - defaults: MariaDB quotes literals (`'abc'`), writes `NULL` for "no default", and spells
//!   `current_timestamp(3)` in lower case; MySQL writes literals bare and marks expressions
//!   `DEFAULT_GENERATED` in `EXTRA`.
//! - JSON: MariaDB's `JSON` is `LONGTEXT` with a `json_valid(…)` CHECK constraint; it is read
//!   as the JSON family with the type `LONGTEXT` (or, for `db pull` and shadow databases, as
//!   Prisma's describer reads it: a `LONGTEXT` string).
//!
//! Enums are inline column types on MySQL; each becomes an [`Enum`] named `{table}_{column}`,
//! as Prisma's describer names them, which the MySQL differ compares by values.

mod extras;

pub use extras::{extras, view_definitions};

use std::collections::{HashMap, HashSet};

use driver::{Connection, Value as DbValue};
use sql_schema::{
    Column, ColumnArity, ColumnTypeFamily, DefaultValue, Enum, ForeignKey, ForeignKeyAction, Index,
    IndexAlgorithm, IndexColumn, IndexKind, PrimaryKey, SortOrder, SqlSchema, Table, TableId,
    Value,
};

use super::defaults;

const TABLES: &str = "SELECT table_name AS name FROM information_schema.tables
WHERE table_schema = ? AND table_type = 'BASE TABLE'
ORDER BY BINARY table_name";

const COLUMNS: &str = "SELECT table_name AS table_name, column_name AS column_name,
  data_type AS data_type, column_type AS column_type, is_nullable AS is_nullable,
  column_default AS column_default, extra AS extra,
  datetime_precision AS datetime_precision
FROM information_schema.columns
WHERE table_schema = ?
ORDER BY BINARY table_name, ordinal_position";

/// MariaDB's JSON columns: `LONGTEXT` with a `json_valid(column)` check.
const JSON_CHECKS: &str = "SELECT table_name AS table_name, check_clause AS check_clause
FROM information_schema.check_constraints
WHERE constraint_schema = ?";

const INDEXES: &str = "SELECT table_name AS table_name, index_name AS index_name,
  non_unique AS non_unique, column_name AS column_name, seq_in_index AS seq_in_index,
  sub_part AS sub_part, collation AS collation, index_type AS index_type
FROM information_schema.statistics
WHERE table_schema = ?
ORDER BY BINARY table_name, BINARY index_name, seq_in_index";

const FOREIGN_KEYS: &str = "SELECT kcu.constraint_name AS constraint_name,
  kcu.table_name AS table_name, kcu.column_name AS column_name,
  kcu.referenced_table_name AS referenced_table_name,
  kcu.referenced_column_name AS referenced_column_name,
  rc.delete_rule AS delete_rule, rc.update_rule AS update_rule
FROM information_schema.key_column_usage kcu
JOIN information_schema.referential_constraints rc
  ON rc.constraint_schema = kcu.constraint_schema
  AND rc.constraint_name = kcu.constraint_name
  AND rc.table_name = kcu.table_name
WHERE kcu.table_schema = ? AND kcu.referenced_table_name IS NOT NULL
  AND kcu.referenced_table_schema = kcu.table_schema
ORDER BY BINARY kcu.table_name, BINARY kcu.constraint_name, kcu.ordinal_position";

/// Describes the database the connection is in.
pub async fn introspect(conn: &Connection) -> Result<SqlSchema, driver::Error> {
    introspect_with(conn, true).await
}

/// Describes the database; `mariadb_json` says whether MariaDB's JSON columns (`LONGTEXT`
/// with a `json_valid` check) are recognised as JSON (see
/// [`super::introspect_shadow`] for where Prisma does not).
pub async fn introspect_with(
    conn: &Connection,
    mariadb_json: bool,
) -> Result<SqlSchema, driver::Error> {
    let database = DbValue::from(conn.schema_name());
    let mariadb = conn.is_mariadb();
    let mut schema = SqlSchema::new();
    let mut tables: HashMap<String, TableId> = HashMap::new();

    for row in conn
        .query(TABLES, std::slice::from_ref(&database))
        .await?
        .iter()
    {
        let Some(name) = row.text("name") else {
            continue;
        };
        if super::is_history_table(name) {
            continue;
        }
        let id = schema.push_table(Table::new(None, name));
        tables.insert(name.to_owned(), id);
    }

    let mut json_columns: HashSet<(String, String)> = HashSet::new();
    if mariadb && mariadb_json {
        for row in conn
            .query(JSON_CHECKS, std::slice::from_ref(&database))
            .await?
            .iter()
        {
            if let (Some(table), Some(clause)) = (row.text("table_name"), row.text("check_clause"))
                && let Some(column) = json_valid_column(clause)
            {
                json_columns.insert((table.to_owned(), column));
            }
        }
    }

    for row in conn
        .query(COLUMNS, std::slice::from_ref(&database))
        .await?
        .iter()
    {
        let (Some(table), Some(name)) = (row.text("table_name"), row.text("column_name")) else {
            continue;
        };
        let Some(&table_id) = tables.get(table) else {
            continue;
        };
        let data_type = row
            .text("data_type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let column_type = row.text("column_type").unwrap_or_default().to_owned();
        let arity = if row.text("is_nullable") == Some("YES") {
            ColumnArity::Nullable
        } else {
            ColumnArity::Required
        };
        let extra = row.text("extra").unwrap_or_default().to_ascii_lowercase();
        let precision = row.int("datetime_precision").unwrap_or(0);
        let is_json = json_columns.contains(&(table.to_owned(), name.to_owned()));
        let (family, full_type) = if data_type == "enum" {
            let enum_name = format!("{table}_{name}");
            let id = schema.push_enum(Enum {
                namespace: None,
                name: enum_name.clone(),
                values: driver::mysql::enum_values(&column_type),
            });
            (ColumnTypeFamily::Enum(id), enum_name)
        } else if is_json {
            // MariaDB's JSON is an alias of LONGTEXT: the family says JSON, the type what the
            // column is (the MySQL differ reads `LONGTEXT` → `JSON` as no change, as Prisma's
            // differ does on MariaDB, and `JSON` → `LONGTEXT` as a change).
            (ColumnTypeFamily::Json, "LONGTEXT".to_owned())
        } else {
            match column_type_of(&data_type, &column_type, precision) {
                // A `TINYINT(1)` whose default is neither 0 nor 1 is a number, as Prisma reads it.
                (ColumnTypeFamily::Boolean, t)
                    if t == "BOOLEAN"
                        && row
                            .text("column_default")
                            .and_then(|d| d.trim().trim_matches('\'').parse::<i64>().ok())
                            .is_some_and(|d| d != 0 && d != 1) =>
                {
                    let unsigned = column_type.to_ascii_lowercase().contains("unsigned");
                    let full = if unsigned {
                        "TINYINT UNSIGNED"
                    } else {
                        "TINYINT"
                    };
                    (ColumnTypeFamily::Int, full.to_owned())
                }
                other => other,
            }
        };
        let default = row
            .text("column_default")
            .and_then(|d| parse_default(d, &extra, &family, mariadb));
        let mut column = Column::new(name, family, full_type, arity);
        column.default = default;
        column.auto_increment = extra.contains("auto_increment");
        schema.table_mut(table_id).columns.push(column);
    }

    // Indexes: one row per column, grouped by (table, index) in order.
    let mut current: Option<(TableId, String, Index, bool)> = None;
    let rows = conn.query(INDEXES, std::slice::from_ref(&database)).await?;
    let mut finished: Vec<(TableId, Index, bool)> = Vec::new();
    let mut expression_indexes: HashSet<(TableId, String)> = HashSet::new();
    for row in rows.iter() {
        let (Some(table), Some(index_name)) = (row.text("table_name"), row.text("index_name"))
        else {
            continue;
        };
        let Some(&table_id) = tables.get(table) else {
            continue;
        };
        let Some(position) = row
            .text("column_name")
            .and_then(|c| schema.table(table_id).column_position(c))
        else {
            // An index on an expression (MySQL 8): Prisma leaves the whole index out.
            expression_indexes.insert((table_id, index_name.to_owned()));
            continue;
        };
        let same = current
            .as_ref()
            .is_some_and(|(t, n, _, _)| *t == table_id && n == index_name);
        if !same && let Some((t, _, index, primary)) = current.take() {
            finished.push((t, index, primary));
        }
        if current.is_none() {
            let index_type = row
                .text("index_type")
                .unwrap_or_default()
                .to_ascii_uppercase();
            let kind = if index_type == "FULLTEXT" {
                IndexKind::Fulltext
            } else if row.int("non_unique") == Some(0) {
                IndexKind::Unique
            } else {
                IndexKind::Normal
            };
            let algorithm = match index_type.as_str() {
                "HASH" => Some(IndexAlgorithm::Hash),
                _ => None,
            };
            current = Some((
                table_id,
                index_name.to_owned(),
                Index {
                    name: index_name.to_owned(),
                    kind,
                    columns: Vec::new(),
                    algorithm,
                    predicate: None,
                },
                index_name == "PRIMARY",
            ));
        }
        let Some((_, _, index, _)) = current.as_mut() else {
            continue;
        };
        let sort = match row.text("collation") {
            Some("D") => Some(SortOrder::Desc),
            _ => None,
        };
        index.columns.push(IndexColumn {
            column: position,
            sort,
            length: row.int("sub_part").and_then(|l| u32::try_from(l).ok()),
            operator_class: None,
        });
    }
    if let Some((t, _, index, primary)) = current.take() {
        finished.push((t, index, primary));
    }
    for (table_id, index, primary) in finished {
        if expression_indexes.contains(&(table_id, index.name.clone())) {
            continue;
        }
        let table = schema.table_mut(table_id);
        if primary {
            table.primary_key = Some(PrimaryKey {
                name: None,
                columns: index.columns,
            });
        } else {
            table.indexes.push(index);
        }
    }

    // Foreign keys: one row per column, grouped by (table, constraint).
    let rows = conn
        .query(FOREIGN_KEYS, std::slice::from_ref(&database))
        .await?;
    let mut current: Option<(TableId, ForeignKey)> = None;
    let mut finished: Vec<(TableId, ForeignKey)> = Vec::new();
    for row in rows.iter() {
        let (Some(table), Some(name), Some(column), Some(referenced), Some(referenced_column)) = (
            row.text("table_name"),
            row.text("constraint_name"),
            row.text("column_name"),
            row.text("referenced_table_name"),
            row.text("referenced_column_name"),
        ) else {
            continue;
        };
        let (Some(&table_id), Some(&referenced_id)) = (tables.get(table), tables.get(referenced))
        else {
            continue;
        };
        let (Some(position), Some(referenced_position)) = (
            schema.table(table_id).column_position(column),
            schema
                .table(referenced_id)
                .column_position(referenced_column),
        ) else {
            continue;
        };
        let same = current
            .as_ref()
            .is_some_and(|(t, fk)| *t == table_id && fk.name.as_deref() == Some(name));
        if !same && let Some(done) = current.take() {
            finished.push(done);
        }
        let (_, fk) = current.get_or_insert_with(|| {
            (
                table_id,
                ForeignKey {
                    name: Some(name.to_owned()),
                    columns: Vec::new(),
                    referenced_table: referenced_id,
                    referenced_columns: Vec::new(),
                    on_delete: action(row.text("delete_rule")),
                    on_update: action(row.text("update_rule")),
                },
            )
        });
        fk.columns.push(position);
        fk.referenced_columns.push(referenced_position);
    }
    if let Some(done) = current.take() {
        finished.push(done);
    }
    for (table_id, fk) in finished {
        schema.table_mut(table_id).foreign_keys.push(fk);
    }
    super::checks::mysql(conn, &mut schema).await?;
    Ok(schema)
}

fn action(rule: Option<&str>) -> ForeignKeyAction {
    match rule.unwrap_or_default().to_ascii_uppercase().as_str() {
        "CASCADE" => ForeignKeyAction::Cascade,
        "SET NULL" => ForeignKeyAction::SetNull,
        "SET DEFAULT" => ForeignKeyAction::SetDefault,
        "NO ACTION" => ForeignKeyAction::NoAction,
        _ => ForeignKeyAction::Restrict,
    }
}

/// `json_valid(`data`)` → `data`.
fn json_valid_column(clause: &str) -> Option<String> {
    let inner = clause
        .trim()
        .strip_prefix("json_valid(")?
        .strip_suffix(')')?
        .trim();
    let name = inner
        .strip_prefix('`')
        .and_then(|s| s.strip_suffix('`'))
        .unwrap_or(inner);
    Some(name.replace("``", "`"))
}

/// The arguments of a type (`decimal(65,30)` → `["65", "30"]`).
fn type_args(column_type: &str) -> Vec<String> {
    column_type
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(args, _)| args.split(',').map(|a| a.trim().to_owned()).collect())
        .unwrap_or_default()
}

/// The family and canonical full type (as calculate spells it) of a column.
fn column_type_of(
    data_type: &str,
    column_type: &str,
    precision: i64,
) -> (ColumnTypeFamily, String) {
    use ColumnTypeFamily as F;
    let lower = column_type.to_ascii_lowercase();
    let unsigned = if lower.contains("unsigned") {
        " UNSIGNED"
    } else {
        ""
    };
    let args = type_args(&lower);
    let sized = |name: &str| match args.first() {
        Some(n) => format!("{name}({n})"),
        None => name.to_owned(),
    };
    let fractional = |name: &str| {
        if precision > 0 {
            format!("{name}({precision})")
        } else {
            name.to_owned()
        }
    };
    match data_type {
        "int" | "integer" => (F::Int, format!("INTEGER{unsigned}")),
        // `TINYINT(1)` is a boolean (signed or not), as in Prisma's describer.
        "tinyint" if lower.starts_with("tinyint(1)") => (F::Boolean, "BOOLEAN".to_owned()),
        "tinyint" => (F::Int, format!("TINYINT{unsigned}")),
        "smallint" => (F::Int, format!("SMALLINT{unsigned}")),
        "mediumint" => (F::Int, format!("MEDIUMINT{unsigned}")),
        "bigint" => (F::BigInt, format!("BIGINT{unsigned}")),
        "year" => (F::Int, "YEAR".to_owned()),
        "decimal" | "numeric" => (
            F::Decimal,
            if args.is_empty() {
                "DECIMAL".to_owned()
            } else {
                format!("DECIMAL({})", args.join(", "))
            },
        ),
        "float" => (F::Float, "FLOAT".to_owned()),
        "double" | "real" => (F::Float, "DOUBLE".to_owned()),
        "bit" => {
            let full = sized("BIT");
            if full == "BIT(1)" {
                (F::Boolean, full)
            } else {
                (F::Binary, full)
            }
        }
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
        "date" => (F::DateTime, "DATE".to_owned()),
        "time" => (F::DateTime, fractional("TIME")),
        "datetime" => (F::DateTime, fractional("DATETIME")),
        "timestamp" => (F::DateTime, fractional("TIMESTAMP")),
        "json" => (F::Json, "JSON".to_owned()),
        // Prisma reads a SET column as a string with no native type.
        "set" => (F::String, column_type.to_owned()),
        _ => (
            F::Unsupported(column_type.to_owned()),
            column_type.to_owned(),
        ),
    }
}

/// A column default as MySQL or MariaDB reports it, in the canonical form, read as Prisma's
/// describer reads it:
/// - `NULL` (MariaDB's spelling of "no default") is none;
/// - a number, a boolean (`0`/`1`), `CURRENT_TIMESTAMP[(n)]` on a date-time, and a quoted
///   string or enum literal are values;
/// - anything else is `dbgenerated`: an expression (MySQL marks it `DEFAULT_GENERATED`, MariaDB
///   writes every default as an expression) in parentheses, as `DEFAULT (…)` needs it on
///   MySQL (`uuid()` → `(uuid())`); other MySQL literals verbatim, date-time ones quoted.
fn parse_default(
    text: &str,
    extra: &str,
    family: &ColumnTypeFamily,
    mariadb: bool,
) -> Option<DefaultValue> {
    use ColumnTypeFamily as F;
    let trimmed = text.trim();
    if trimmed == "NULL" {
        return None;
    }
    let generated = extra.contains("default_generated");
    let expression = generated || mariadb;
    let fallback = || {
        Some(if expression {
            parenthesised(trimmed)
        } else {
            DefaultValue::DbGenerated(Some(text.to_owned()))
        })
    };
    // A string literal: MariaDB quotes it, MySQL writes it bare (unless it is an expression).
    let literal = || -> Option<String> {
        if generated {
            None
        } else if mariadb {
            defaults::unquote(trimmed).map(|s| unescape_mariadb(&s))
        } else {
            Some(text.to_owned())
        }
    };
    let value = match family {
        F::Int | F::BigInt => match trimmed.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => return fallback(),
        },
        F::Boolean => match trimmed {
            "1" => Value::Boolean(true),
            "0" => Value::Boolean(false),
            _ => return fallback(),
        },
        F::Float | F::Decimal => match defaults::number(trimmed) {
            // As written (`0.0000` for a `DECIMAL(19,4)`): `db pull` writes it so, and the
            // differ compares numbers by value.
            Some(_) if !trimmed.starts_with('(') => Value::Float(trimmed.to_owned()),
            _ => return fallback(),
        },
        F::String => match literal() {
            Some(s) => Value::String(s),
            None => return fallback(),
        },
        F::Enum(_) => match literal() {
            Some(s) => Value::Enum(s),
            None => return fallback(),
        },
        F::DateTime if is_current_timestamp(trimmed) => return Some(DefaultValue::Now),
        F::DateTime if expression => return Some(parenthesised(trimmed)),
        F::DateTime if defaults::unquote(trimmed).is_some() => {
            return Some(DefaultValue::DbGenerated(Some(text.to_owned())));
        }
        F::DateTime => return Some(DefaultValue::DbGenerated(Some(format!("'{text}'")))),
        F::Binary | F::Json | F::Uuid | F::Unsupported(_) => return fallback(),
    };
    Some(DefaultValue::Value(value))
}

/// `uuid()` → `(uuid())`; an expression already in parentheses stays as it is.
fn parenthesised(expression: &str) -> DefaultValue {
    DefaultValue::DbGenerated(Some(if expression.starts_with('(') {
        expression.to_owned()
    } else {
        format!("({expression})")
    }))
}

/// MariaDB writes a literal's backslashes and quotes escaped (`'a\\b'`).
fn unescape_mariadb(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('0') => out.push('\0'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `CURRENT_TIMESTAMP`, `current_timestamp()`, `CURRENT_TIMESTAMP(3)` (Prisma's describer
/// recognises no other spelling).
fn is_current_timestamp(expr: &str) -> bool {
    let lower = expr.trim().to_ascii_lowercase();
    match lower.strip_prefix("current_timestamp") {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('(')
            .and_then(|r| r.strip_suffix(')'))
            .is_some_and(|digits| digits.chars().all(|c| c.is_ascii_digit())),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_spelled_as_calculate_spells_them() {
        let t = |d: &str, c: &str, p: i64| column_type_of(d, c, p).1;
        assert_eq!(t("int", "int(10) unsigned", 0), "INTEGER UNSIGNED");
        assert_eq!(t("int", "int(11)", 0), "INTEGER");
        assert_eq!(t("tinyint", "tinyint(1)", 0), "BOOLEAN");
        assert_eq!(t("tinyint", "tinyint(4)", 0), "TINYINT");
        assert_eq!(t("decimal", "decimal(65,30)", 0), "DECIMAL(65, 30)");
        assert_eq!(t("varchar", "varchar(191)", 0), "VARCHAR(191)");
        assert_eq!(t("datetime", "datetime(3)", 3), "DATETIME(3)");
        assert_eq!(t("timestamp", "timestamp", 0), "TIMESTAMP");
        assert_eq!(t("bit", "bit(1)", 0), "BIT(1)");
        assert_eq!(t("point", "point", 0), "point");
    }

    #[test]
    fn enum_values_are_unquoted() {
        assert_eq!(
            driver::mysql::enum_values("enum('a','it''s','b c')"),
            ["a", "it's", "b c"]
        );
    }

    #[test]
    fn mariadb_and_mysql_defaults_agree() {
        let s = ColumnTypeFamily::String;
        let now = Some(DefaultValue::Now);
        let t = ColumnTypeFamily::DateTime;
        assert_eq!(parse_default("current_timestamp(3)", "", &t, true), now);
        assert_eq!(
            parse_default("CURRENT_TIMESTAMP(3)", "default_generated", &t, false),
            now
        );
        let abc = Some(DefaultValue::Value(Value::String("it's".into())));
        assert_eq!(parse_default("'it''s'", "", &s, true), abc);
        assert_eq!(parse_default("it's", "", &s, false), abc);
        assert_eq!(parse_default("NULL", "", &s, true), None);
        assert_eq!(
            parse_default("uuid()", "", &s, true),
            Some(DefaultValue::DbGenerated(Some("(uuid())".into())))
        );
        assert_eq!(
            parse_default("uuid()", "default_generated", &s, false),
            Some(DefaultValue::DbGenerated(Some("(uuid())".into())))
        );
        let dt = ColumnTypeFamily::DateTime;
        assert_eq!(
            parse_default("'2020-01-01 00:00:00'", "", &dt, true),
            Some(DefaultValue::DbGenerated(Some(
                "('2020-01-01 00:00:00')".into()
            )))
        );
        assert_eq!(
            parse_default("2020-01-01 00:00:00", "", &dt, false),
            Some(DefaultValue::DbGenerated(Some(
                "'2020-01-01 00:00:00'".into()
            )))
        );
        assert_eq!(
            parse_default("current_timestamp()", "", &dt, true),
            Some(DefaultValue::Now)
        );
        assert_eq!(
            parse_default("b'1'", "", &ColumnTypeFamily::Boolean, true),
            Some(DefaultValue::DbGenerated(Some("(b'1')".into())))
        );
        assert_eq!(
            parse_default("5", "", &ColumnTypeFamily::Int, true),
            Some(DefaultValue::Value(Value::Int(5)))
        );
        assert_eq!(
            parse_default("1.500", "", &ColumnTypeFamily::Decimal, true),
            Some(DefaultValue::Value(Value::Float("1.500".into())))
        );
        assert_eq!(
            parse_default("1", "", &ColumnTypeFamily::Boolean, true),
            Some(DefaultValue::Value(Value::Boolean(true)))
        );
        assert_eq!(
            json_valid_column("json_valid(`data`)").as_deref(),
            Some("data")
        );
    }
}
