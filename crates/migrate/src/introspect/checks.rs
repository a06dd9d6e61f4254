//! Table check constraints, read from each database: PostgreSQL's `pg_constraint`
//! (`pg_get_expr` of the expression), MySQL's and MariaDB's `information_schema`, and the
//! `CREATE TABLE` text SQLite keeps (named `CONSTRAINT … CHECK (…)` clauses). The differ only
//! looks at them when the Prisma schema declares `@@check` (see
//! [`sql_schema::SqlSchema::check_constraints`]).

use driver::{Connection, Value as DbValue};
use sql_schema::{CheckConstraint, SqlSchema};

const POSTGRES: &str = "SELECT t.relname::text AS table_name, con.conname::text AS name,
  pg_get_expr(con.conbin, con.conrelid) AS expression
FROM pg_constraint con
JOIN pg_class t ON t.oid = con.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE con.contype = 'c' AND n.nspname = $1 AND t.relkind IN ('r', 'p')
ORDER BY t.relname, con.conname";

const MYSQL: &str = "SELECT tc.TABLE_NAME AS table_name, cc.CONSTRAINT_NAME AS name,
  cc.CHECK_CLAUSE AS expression
FROM information_schema.CHECK_CONSTRAINTS cc
JOIN information_schema.TABLE_CONSTRAINTS tc
  ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME
  AND tc.CONSTRAINT_TYPE = 'CHECK'
WHERE cc.CONSTRAINT_SCHEMA = ?
ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME";

/// Adds the check constraints of the PostgreSQL schema `scope` (tables without namespace).
pub(crate) async fn postgres(
    conn: &Connection,
    scope: &str,
    schema: &mut SqlSchema,
) -> Result<(), driver::Error> {
    read(conn, POSTGRES, DbValue::from(scope), schema).await
}

/// Adds the check constraints of the MySQL/MariaDB database the connection is in, but
/// MariaDB's own `json_valid(…)` check on each JSON column.
pub(crate) async fn mysql(conn: &Connection, schema: &mut SqlSchema) -> Result<(), driver::Error> {
    read(conn, MYSQL, DbValue::from(conn.schema_name()), schema).await
}

async fn read(
    conn: &Connection,
    sql: &str,
    scope: DbValue,
    schema: &mut SqlSchema,
) -> Result<(), driver::Error> {
    for row in conn.query(sql, &[scope]).await?.iter() {
        let (Some(table), Some(name), Some(expression)) = (
            row.text("table_name"),
            row.text("name"),
            row.text("expression"),
        ) else {
            continue;
        };
        if expression
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("json_valid(")
        {
            continue;
        }
        let Some(id) = schema
            .tables
            .iter()
            .position(|t| t.name == table && t.namespace.is_none())
        else {
            continue;
        };
        schema.tables[id].checks.push(CheckConstraint {
            name: name.to_owned(),
            expression: expression.to_owned(),
        });
    }
    Ok(())
}

/// The named check constraints of a SQLite `CREATE TABLE` statement: each
/// `CONSTRAINT name CHECK (expression)`, the expression as written.
pub(crate) fn sqlite(create_table: &str) -> Vec<CheckConstraint> {
    let chars: Vec<char> = create_table.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // Words outside quotes and parentheses deeper than the column list.
    let mut depth = 0usize;
    let mut words: Vec<(String, usize)> = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' | '`' | '[' => {
                let close = if c == '[' { ']' } else { c };
                let mut word = String::new();
                i += 1;
                while i < chars.len() {
                    if chars[i] == close {
                        if close != ']' && chars.get(i + 1) == Some(&close) {
                            word.push(close);
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    word.push(chars[i]);
                    i += 1;
                }
                if depth == 1 {
                    words.push((word, i));
                }
            }
            '(' => {
                if depth == 1 && words.len() >= 3 {
                    let n = words.len();
                    let is_check = words[n - 1].0.eq_ignore_ascii_case("check")
                        && words[n - 3].0.eq_ignore_ascii_case("constraint");
                    if is_check {
                        let name = words[n - 2].0.clone();
                        let start = i + 1;
                        let mut d = 1;
                        let mut j = i + 1;
                        while j < chars.len() && d > 0 {
                            match chars[j] {
                                '(' => d += 1,
                                ')' => d -= 1,
                                q @ ('\'' | '"' | '`') => {
                                    j += 1;
                                    while j < chars.len() && chars[j] != q {
                                        j += 1;
                                    }
                                }
                                _ => {}
                            }
                            j += 1;
                        }
                        let expression: String = chars[start..j.saturating_sub(1)].iter().collect();
                        out.push(CheckConstraint {
                            name,
                            expression: expression.trim().to_owned(),
                        });
                        words.clear();
                        i = j;
                        continue;
                    }
                }
                depth += 1;
            }
            ')' => depth = depth.saturating_sub(1),
            ',' => words.clear(),
            c if c.is_alphanumeric() || c == '_' => {
                let start = i;
                while i + 1 < chars.len() && (chars[i + 1].is_alphanumeric() || chars[i + 1] == '_')
                {
                    i += 1;
                }
                if depth == 1 {
                    words.push((chars[start..=i].iter().collect(), i));
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_named_checks_are_read_from_create_table() {
        let sql = "CREATE TABLE \"orders\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY,\n    \"total\" INTEGER NOT NULL CHECK (total > -1),\n    CONSTRAINT \"orders_check\" CHECK (total >= 0),\n    CONSTRAINT \"a \"\"b\" CHECK ((total < 10) AND \"total\" <> ')')\n)";
        let checks = super::sqlite(sql);
        let got: Vec<(&str, &str)> = checks
            .iter()
            .map(|c| (c.name.as_str(), c.expression.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("orders_check", "total >= 0"),
                ("a \"b", "(total < 10) AND \"total\" <> ')'"),
            ]
        );
    }
}
