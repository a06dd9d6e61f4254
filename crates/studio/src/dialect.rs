//! What differs between the databases (the only place Studio asks which one): the SQL
//! console's transactions, the text form of an `Unsupported` column, a table's row estimate.

use driver::Provider;

/// The statements that open a read-only transaction, and those that end it.
pub fn read_only(provider: Provider) -> (&'static [&'static str], &'static [&'static str]) {
    match provider {
        // SQLite has no read-only transaction: `query_only` refuses every write on the
        // connection until it is turned off again.
        Provider::Sqlite => (
            &["PRAGMA query_only = 1", "BEGIN"],
            &["ROLLBACK", "PRAGMA query_only = 0"],
        ),
        Provider::Postgres => (&["BEGIN READ ONLY"], &["ROLLBACK"]),
        Provider::Mysql => (&["START TRANSACTION READ ONLY"], &["ROLLBACK"]),
    }
}

/// Runs the console's statement: on PostgreSQL through the simple query protocol, so that
/// every column type reads (as text); elsewhere as a plain query.
pub async fn console_query(
    conn: &driver::Connection,
    sql: &str,
) -> driver::Result<driver::ResultSet> {
    match conn.as_postgres() {
        Some(pg) => pg.query_text(sql).await,
        None => conn.query(sql, &[]).await,
    }
}

/// The database's text form of an `Unsupported("ty")` column `column` (quoted): PostgreSQL's
/// cast to text, MySQL's and MariaDB's well-known text for spatial types (`POINT(1 2)`) and
/// a cast to characters otherwise, SQLite's cast to text.
pub fn text_of(dialect: client::Dialect, column: &str, ty: &str) -> String {
    match dialect {
        client::Dialect::Postgres => format!("{column}::text"),
        client::Dialect::Mysql => {
            let spatial = [
                "geometry",
                "point",
                "linestring",
                "polygon",
                "multipoint",
                "multilinestring",
                "multipolygon",
                "geometrycollection",
            ];
            let base = ty
                .split('(')
                .next()
                .unwrap_or(ty)
                .trim()
                .to_ascii_lowercase();
            if spatial.contains(&base.as_str()) {
                format!("ST_AsText({column})")
            } else {
                format!("CAST({column} AS CHAR)")
            }
        }
        _ => format!("CAST({column} AS TEXT)"),
    }
}

/// A statement that reads the planner's estimate of a table's rows (`$1`: the table, `$2`:
/// its schema or NULL for the current one), where the database keeps one that is cheap to
/// read and close enough to show as "about N": PostgreSQL's `pg_class.reltuples`, kept by
/// `ANALYZE` and autovacuum (-1 before the first). Elsewhere `None`: rows are counted.
pub fn row_estimate(dialect: client::Dialect) -> Option<&'static str> {
    match dialect {
        client::Dialect::Postgres => Some(
            "SELECT c.reltuples::bigint FROM pg_catalog.pg_class c \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relname::text = $1 AND n.nspname::text = COALESCE($2, current_schema()::text) \
             AND c.relkind IN ('r', 'p')",
        ),
        _ => None,
    }
}
