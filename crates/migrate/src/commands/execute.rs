//! `db execute`: run a SQL script against a database.

use driver::Connection;

use crate::history::HistoryError;

/// Runs `script` (any number of statements). On PostgreSQL the script is one implicit
/// transaction unless it manages its own.
pub async fn execute_script(conn: &Connection, script: &str) -> Result<(), HistoryError> {
    conn.raw_cmd(script).await?;
    Ok(())
}
