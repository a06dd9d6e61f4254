//! What `db pull` needs from the database beyond the neutral [`SqlSchema`](sql_schema::SqlSchema)
//! that `migrate` introspects ([`Extras`]: the order Prisma's describer lists indexes in, tables
//! with expression indexes, check constraints, comments or deferrable constraints, views),
//! read by `migrate`'s describer of each database (`migrate::introspect::{sqlite, postgres,
//! mysql}::extras`, one describer per database, with the type mapping its tables use); and the
//! views' definitions for `views/`. The dispatches here are the only places that ask which
//! database this is.

use connector::{Connection, Provider, Value as DbValue};

pub use migrate::introspect::extras::{Extras, View};

/// Reads the [`Extras`] of the database behind `conn` (the URL's schema on PostgreSQL).
pub async fn describe_extras(conn: &Connection) -> Result<Extras, connector::Error> {
    match conn.provider() {
        Provider::Sqlite => migrate::introspect::sqlite::extras(conn).await,
        Provider::Postgres => migrate::introspect::postgres::extras(conn).await,
        Provider::Mysql => migrate::introspect::mysql::extras(conn).await,
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
