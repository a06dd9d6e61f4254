//! The SQL console's transactions, per database (the only place Studio asks which one).

use connector::Provider;

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
    conn: &connector::Connection,
    sql: &str,
) -> connector::Result<connector::ResultSet> {
    match conn.as_postgres() {
        Some(pg) => pg.query_text(sql).await,
        None => conn.query(sql, &[]).await,
    }
}
