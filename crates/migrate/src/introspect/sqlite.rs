//! SQLite: `sqlite_master` and the `table_info`, `index_list`, `index_xinfo` and
//! `foreign_key_list` pragmas. SQLite does not report constraint names of foreign keys nor
//! `AUTOINCREMENT`: both are read from the table's `CREATE TABLE` text.

mod extras;

pub use extras::{extras, view_definitions};

use driver::{Connection, Value as DbValue};
use sql_schema::{
    Column, ColumnArity, ColumnTypeFamily, DefaultValue, ForeignKey, ForeignKeyAction, Index,
    IndexColumn, IndexKind, PrimaryKey, SortOrder, SqlSchema, Table, TableId, Value,
};

use super::defaults;

/// Describes a SQLite database.
pub async fn introspect(conn: &Connection) -> Result<SqlSchema, driver::Error> {
    let tables = conn
        .query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            &[],
        )
        .await?;
    let mut schema = SqlSchema::new();
    let mut sources = Vec::new();
    for row in tables.iter() {
        let (Some(name), sql) = (row.text("name"), row.text("sql").unwrap_or_default()) else {
            continue;
        };
        if super::is_history_table(name) {
            continue;
        }
        let mut table = Table::new(None, name);
        describe_columns(conn, &mut table, sql).await?;
        describe_indexes(conn, &mut table).await?;
        table.checks = super::checks::sqlite(sql);
        schema.push_table(table);
        sources.push(sql.to_owned());
    }
    for (i, sql) in sources.iter().enumerate() {
        let id = TableId(i as u32);
        let fks = describe_foreign_keys(conn, &schema, id, sql).await?;
        schema.table_mut(id).foreign_keys = fks;
    }
    Ok(schema)
}

fn quote(name: &str) -> String {
    driver::postgres::quote_identifier(name)
}

async fn describe_columns(
    conn: &Connection,
    table: &mut Table,
    sql: &str,
) -> Result<(), driver::Error> {
    let info = conn
        .query(&format!("PRAGMA table_info({})", quote(&table.name)), &[])
        .await?;
    let mut pk: Vec<(i64, usize)> = Vec::new();
    for row in info.iter() {
        let name = row.text("name").unwrap_or_default();
        let declared = row.text("type").unwrap_or_default().to_owned();
        let not_null = row.bool("notnull").unwrap_or(false);
        let family = family_of(&declared);
        let arity = if not_null {
            ColumnArity::Required
        } else {
            ColumnArity::Nullable
        };
        let mut column = Column::new(name, family.clone(), declared.clone(), arity);
        column.default = row.text("dflt_value").map(|d| default_of(d, &family));
        let position = table.columns.len();
        if let Some(k) = row.int("pk").filter(|k| *k > 0) {
            pk.push((k, position));
        }
        table.columns.push(column);
    }
    pk.sort();
    if !pk.is_empty() {
        // `AUTOINCREMENT` is only allowed on an `INTEGER PRIMARY KEY`.
        if pk.len() == 1 && sql.to_ascii_uppercase().contains("AUTOINCREMENT") {
            table.columns[pk[0].1].auto_increment = true;
        }
        table.primary_key = Some(PrimaryKey {
            name: None,
            columns: pk.iter().map(|(_, p)| IndexColumn::new(*p)).collect(),
        });
    }
    Ok(())
}

/// The neutral family of a declared SQLite type (by SQLite's affinity rules where Prisma has no
/// exact mapping).
fn family_of(declared: &str) -> ColumnTypeFamily {
    let upper = declared.to_ascii_uppercase();
    let base = upper.split('(').next().unwrap_or_default().trim();
    match base {
        "INTEGER" | "INT" | "SMALLINT" | "MEDIUMINT" | "TINYINT" => ColumnTypeFamily::Int,
        "BIGINT" | "UNSIGNED BIG INT" | "INT8" => ColumnTypeFamily::BigInt,
        "REAL" | "FLOAT" | "DOUBLE" | "DOUBLE PRECISION" => ColumnTypeFamily::Float,
        "DECIMAL" | "NUMERIC" => ColumnTypeFamily::Decimal,
        "BOOLEAN" | "BOOL" => ColumnTypeFamily::Boolean,
        "DATETIME" | "DATE" | "TIMESTAMP" => ColumnTypeFamily::DateTime,
        "TEXT" | "VARCHAR" | "CHAR" | "CHARACTER" | "NVARCHAR" | "NCHAR" | "CLOB"
        | "VARYING CHARACTER" => ColumnTypeFamily::String,
        "BLOB" => ColumnTypeFamily::Binary,
        "JSONB" | "JSON" => ColumnTypeFamily::Json,
        _ => ColumnTypeFamily::Unsupported(declared.to_owned()),
    }
}

fn default_of(text: &str, family: &ColumnTypeFamily) -> DefaultValue {
    if defaults::is_now(text) {
        return DefaultValue::Now;
    }
    if let Some(s) = defaults::unquote(text) {
        // Prisma writes a Bytes default as its hex text.
        if *family == ColumnTypeFamily::Binary
            && let Some(bytes) = defaults::hex_bytes(&s)
        {
            return DefaultValue::Value(Value::Bytes(bytes));
        }
        return DefaultValue::Value(Value::String(s));
    }
    match (text.to_ascii_lowercase().as_str(), family) {
        ("true", _) => return DefaultValue::Value(Value::Boolean(true)),
        ("false", _) => return DefaultValue::Value(Value::Boolean(false)),
        ("null", _) => return DefaultValue::Value(Value::Null),
        _ => {}
    }
    if let Some(n) = defaults::number(text) {
        if let (ColumnTypeFamily::Boolean, Value::Int(i @ (0 | 1))) = (family, &n) {
            return DefaultValue::Value(Value::Boolean(*i == 1));
        }
        return DefaultValue::Value(n);
    }
    defaults::db_generated(text)
}

/// The predicate of a partial index from its `CREATE INDEX` statement (SQLite keeps the text
/// as written): what follows `WHERE` after the column list.
pub(crate) fn index_predicate(sql: &str) -> Option<String> {
    let bytes = sql.as_bytes();
    let mut i = sql.find('(')?;
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += 1;
                }
            }
            b'[' => {
                while i < bytes.len() && bytes[i] != b']' {
                    i += 1;
                }
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let rest = sql.get(i + 1..)?.trim_start();
    let keyword = rest.get(..5)?;
    if !keyword.eq_ignore_ascii_case("where") {
        return None;
    }
    let predicate = rest[5..].trim().trim_end_matches(';').trim_end();
    (!predicate.is_empty()).then(|| predicate.to_owned())
}

async fn describe_indexes(conn: &Connection, table: &mut Table) -> Result<(), driver::Error> {
    let list = conn
        .query(&format!("PRAGMA index_list({})", quote(&table.name)), &[])
        .await?;
    let mut indexes = Vec::new();
    for row in list.iter() {
        let Some(name) = row.text("name") else {
            continue;
        };
        if row.text("origin") == Some("pk") {
            continue;
        }
        let predicate = if row.bool("partial") == Some(true) {
            let sql = conn
                .query(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
                    &[DbValue::from(name)],
                )
                .await?;
            let sql = sql.iter().next().and_then(|r| r.text("sql")).unwrap_or("");
            match index_predicate(sql) {
                Some(p) => Some(p),
                // A partial index whose WHERE cannot be found is left out, as before.
                None => continue,
            }
        } else {
            None
        };
        let cols = conn
            .query(&format!("PRAGMA index_xinfo({})", quote(name)), &[])
            .await?;
        let mut columns = Vec::new();
        let mut expression = false;
        for c in cols.iter().filter(|c| c.bool("key") == Some(true)) {
            let Some(position) = c.text("name").and_then(|n| table.column_position(n)) else {
                expression = true;
                break;
            };
            let mut column = IndexColumn::new(position);
            if c.bool("desc") == Some(true) {
                column.sort = Some(SortOrder::Desc);
            }
            columns.push(column);
        }
        if expression {
            // An index on an expression has no counterpart in a Prisma schema.
            continue;
        }
        indexes.push(Index {
            name: name.to_owned(),
            kind: if row.bool("unique") == Some(true) {
                IndexKind::Unique
            } else {
                IndexKind::Normal
            },
            columns,
            algorithm: None,
            predicate,
        });
    }
    indexes.sort_by(|a, b| a.name.cmp(&b.name));
    table.indexes = indexes;
    Ok(())
}

async fn describe_foreign_keys(
    conn: &Connection,
    schema: &SqlSchema,
    id: TableId,
    sql: &str,
) -> Result<Vec<ForeignKey>, driver::Error> {
    let table = schema.table(id);
    let rows = conn
        .query(
            &format!("PRAGMA foreign_key_list({})", quote(&table.name)),
            &[],
        )
        .await?;
    // Group the rows by constraint id, columns in `seq` order.
    let mut groups: Vec<(i64, Vec<FkRow>)> = Vec::new();
    for row in rows.iter() {
        let fk_id = row.int("id").unwrap_or_default();
        let entry = (
            row.int("seq").unwrap_or_default(),
            row.text("from").unwrap_or_default().to_owned(),
            row.text("to").map(str::to_owned),
            row.text("table").unwrap_or_default().to_owned(),
            row.text("on_delete").unwrap_or("NO ACTION").to_owned(),
            row.text("on_update").unwrap_or("NO ACTION").to_owned(),
        );
        match groups.iter_mut().find(|(g, _)| *g == fk_id) {
            Some((_, cols)) => cols.push(entry),
            None => groups.push((fk_id, vec![entry])),
        }
    }
    // `foreign_key_list` numbers constraints from the last declared one.
    groups.sort_by_key(|g| std::cmp::Reverse(g.0));
    let names = constraint_names(sql);
    let mut out = Vec::new();
    for (_, mut cols) in groups {
        cols.sort_by_key(|c| c.0);
        let referenced_name = &cols[0].3;
        let Some(referenced_table) = schema
            .tables
            .iter()
            .position(|t| t.name.eq_ignore_ascii_case(referenced_name))
            .map(|p| TableId(p as u32))
        else {
            continue;
        };
        let referenced = schema.table(referenced_table);
        let columns: Option<Vec<usize>> =
            cols.iter().map(|c| table.column_position(&c.1)).collect();
        let referenced_columns: Option<Vec<usize>> = if cols.iter().all(|c| c.2.is_some()) {
            cols.iter()
                .map(|c| c.2.as_deref().and_then(|n| referenced.column_position(n)))
                .collect()
        } else {
            // `REFERENCES "T"` without columns means the referenced table's primary key.
            referenced
                .primary_key
                .as_ref()
                .map(|pk| pk.columns.iter().map(|c| c.column).collect())
        };
        let (Some(columns), Some(referenced_columns)) = (columns, referenced_columns) else {
            continue;
        };
        let column_names: Vec<&str> = columns
            .iter()
            .map(|&c| table.columns[c].name.as_str())
            .collect();
        let name = names
            .iter()
            .find(|(_, cols)| {
                cols.len() == column_names.len()
                    && cols
                        .iter()
                        .zip(&column_names)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b))
            })
            .map(|(n, _)| n.clone());
        out.push(ForeignKey {
            name,
            columns,
            referenced_table,
            referenced_columns,
            on_delete: action(&cols[0].4),
            on_update: action(&cols[0].5),
        });
    }
    Ok(out)
}

/// One row of `foreign_key_list`: seq, from, to, table, on_delete, on_update.
type FkRow = (i64, String, Option<String>, String, String, String);

fn action(text: &str) -> ForeignKeyAction {
    match text.to_ascii_uppercase().as_str() {
        "RESTRICT" => ForeignKeyAction::Restrict,
        "CASCADE" => ForeignKeyAction::Cascade,
        "SET NULL" => ForeignKeyAction::SetNull,
        "SET DEFAULT" => ForeignKeyAction::SetDefault,
        _ => ForeignKeyAction::NoAction,
    }
}

/// `CONSTRAINT "name" FOREIGN KEY ("a", "b")` clauses of a `CREATE TABLE`: each name with its
/// columns.
fn constraint_names(sql: &str) -> Vec<(String, Vec<String>)> {
    let tokens = tokenize(sql);
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 < tokens.len() {
        let is = |j: usize, word: &str| tokens.get(j).is_some_and(|t| t.eq_ignore_ascii_case(word));
        if is(i, "CONSTRAINT") && is(i + 2, "FOREIGN") && is(i + 3, "KEY") && is(i + 4, "(") {
            let name = tokens[i + 1].clone();
            let mut cols = Vec::new();
            let mut j = i + 5;
            while j < tokens.len() && tokens[j] != ")" {
                if tokens[j] != "," {
                    cols.push(tokens[j].clone());
                }
                j += 1;
            }
            out.push((name, cols));
            i = j;
        }
        i += 1;
    }
    out
}

/// Identifiers (quotes removed), words and punctuation of a statement.
fn tokenize(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '`' | '[' => {
                let close = if c == '[' { ']' } else { c };
                let mut ident = String::new();
                while let Some(n) = chars.next() {
                    if n == close {
                        if chars.peek() == Some(&close) && close != ']' {
                            chars.next();
                            ident.push(close);
                        } else {
                            break;
                        }
                    } else {
                        ident.push(n);
                    }
                }
                out.push(ident);
            }
            '\'' => {
                for n in chars.by_ref() {
                    if n == '\'' {
                        break;
                    }
                }
                out.push("''".to_owned());
            }
            '(' | ')' | ',' => out.push(c.to_string()),
            c if c.is_whitespace() => {}
            c => {
                let mut word = c.to_string();
                while let Some(&n) = chars.peek() {
                    if n.is_whitespace() || "()\",'`[".contains(n) {
                        break;
                    }
                    word.push(n);
                    chars.next();
                }
                out.push(word);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_names_come_from_the_create_table_text() {
        let sql = "CREATE TABLE \"Post\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY,\n    \"a\" INTEGER, \"b\" TEXT,\n    CONSTRAINT \"Post_a_b_fkey\" FOREIGN KEY (\"a\", \"b\") REFERENCES \"User\" (\"x\", \"y\") ON DELETE CASCADE\n)";
        assert_eq!(
            constraint_names(sql),
            [(
                "Post_a_b_fkey".to_owned(),
                vec!["a".to_owned(), "b".to_owned()]
            )]
        );
    }
}
