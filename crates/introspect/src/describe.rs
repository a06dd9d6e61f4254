//! What `db pull` needs from the database beyond the neutral [`SqlSchema`](sql_schema::SqlSchema)
//! that `migrate` introspects ([`Extras`]: the order Prisma's describer lists indexes in, tables
//! with expression indexes, check constraints, comments or deferrable constraints, views),
//! read by `migrate`'s describer of each database (`migrate::introspect::{sqlite, postgres,
//! mysql}::extras`, one describer per database, with the type mapping its tables use), and the
//! views' definitions for `views/` (read there too, formatted here). The dispatches here are the only places that ask which
//! database this is.

use driver::{Connection, Provider};

pub use migrate::introspect::extras::{Extras, View};

/// Reads the [`Extras`] of the database behind `conn` (the URL's schema on PostgreSQL).
pub async fn describe_extras(conn: &Connection) -> Result<Extras, driver::Error> {
    match conn.provider() {
        Provider::Sqlite => migrate::introspect::sqlite::extras(conn).await,
        Provider::Postgres => migrate::introspect::postgres::extras(conn).await,
        Provider::Mysql => migrate::introspect::mysql::extras(conn).await,
    }
}

pub use migrate::introspect::extras::ViewDefinition;

/// The views of the URL's schema with their definitions, by name, formatted as Prisma writes
/// them (of SQLite's `CREATE VIEW` statements, the query).
pub async fn view_definitions(conn: &Connection) -> Result<Vec<ViewDefinition>, driver::Error> {
    let (views, create_statements) = match conn.provider() {
        Provider::Sqlite => (
            migrate::introspect::sqlite::view_definitions(conn).await?,
            true,
        ),
        Provider::Postgres => (
            migrate::introspect::postgres::view_definitions(conn).await?,
            false,
        ),
        Provider::Mysql => (
            migrate::introspect::mysql::view_definitions(conn).await?,
            false,
        ),
    };
    Ok(views
        .into_iter()
        .map(|view| ViewDefinition {
            definition: format_view_definition(&view.definition, create_statements),
            ..view
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
