//! SQLite: declared types of table columns read by affinity, NOT NULL from SQLite's column
//! metadata. Parameters and expressions have no type in SQLite.

use rusqlite::OpenFlags;

use super::text::{line_of_offset, outer_joins};
use super::{Column, Description, Param, ScalarType, SqlType, StatementError};
use crate::url::DatabaseUrl;

/// Describes the statements when the URL is SQLite's (`None` otherwise).
pub(super) async fn describe(
    url: &DatabaseUrl,
    statements: &[String],
) -> Option<crate::Result<Vec<Result<Description, StatementError>>>> {
    let DatabaseUrl::Sqlite(url) = url else {
        return None;
    };
    let url = url.clone();
    let statements = statements.to_vec();
    let result = tokio::task::spawn_blocking(move || {
        if !url.is_memory() && !url.path.exists() {
            return Err(crate::Error::SqliteFileDoesNotExist {
                file_name: url.file_name(),
                path: url.path.clone(),
            });
        }
        let conn = rusqlite::Connection::open_with_flags(
            &url.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(crate::sqlite::convert_error)?;
        Ok(statements
            .iter()
            .map(|sql| describe_one(&conn, sql))
            .collect())
    })
    .await
    .map_err(|_| crate::Error::ConnectionClosed);
    Some(result.and_then(|r| r))
}

fn describe_one(conn: &rusqlite::Connection, sql: &str) -> Result<Description, StatementError> {
    let stmt = conn.prepare(sql).map_err(|e| statement_error(&e, sql))?;
    let params = (1..=stmt.parameter_count())
        .map(|i| Param {
            name: stmt.parameter_name(i).map(str::to_owned),
            ty: None,
            db_type: String::new(),
        })
        .collect();
    let joins = outer_joins(sql);
    let columns = stmt
        .columns_with_metadata()
        .iter()
        .map(|c| {
            // The declared type and NOT NULL of the table column it comes from; an expression
            // has neither.
            let (declared, not_null) = match (c.database_name(), c.table_name(), c.origin_name()) {
                (Some(db), Some(table), Some(column)) => conn
                    .column_metadata(Some(db), table, column)
                    .map(|(declared, _, not_null, _, _)| {
                        (declared.map(|d| d.to_string_lossy().into_owned()), not_null)
                    })
                    .unwrap_or((None, false)),
                _ => (None, false),
            };
            Column {
                name: c.name().to_owned(),
                ty: declared.as_deref().and_then(affinity),
                db_type: declared.unwrap_or_default(),
                nullable: !not_null || joins.nullable(c.table_name()),
            }
        })
        .collect();
    Ok(Description { params, columns })
}

/// The type of a declared column type: Prisma's own names first (`DATETIME`, `BOOLEAN`,
/// `DECIMAL`, `JSONB`, `BIGINT`), then SQLite's affinity rules (section 3.1 of "Datatypes In
/// SQLite"): `INT` → integer; `CHAR`, `CLOB`, `TEXT` → text; `BLOB` → bytes; `REAL`, `FLOA`,
/// `DOUB` → float; anything else (NUMERIC affinity) → decimal.
fn affinity(declared: &str) -> Option<SqlType> {
    let upper = declared.to_ascii_uppercase();
    let base = upper.split('(').next().unwrap_or("").trim();
    let scalar = match base {
        "DATETIME" | "DATE" | "TIMESTAMP" => ScalarType::DateTime,
        "BOOLEAN" | "BOOL" => ScalarType::Boolean,
        "BIGINT" | "INT8" => ScalarType::BigInt,
        "JSONB" | "JSON" => ScalarType::Json,
        _ if upper.contains("INT") => ScalarType::BigInt,
        _ if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") => {
            ScalarType::String
        }
        _ if upper.contains("BLOB") => ScalarType::Bytes,
        _ if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") => {
            ScalarType::Float
        }
        "" => return None,
        _ => ScalarType::Decimal,
    };
    Some(SqlType::scalar(scalar))
}

fn statement_error(e: &rusqlite::Error, sql: &str) -> StatementError {
    let message = match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
        other => other.to_string(),
    };
    // SQLite names the token it stopped at: `near "SELEC": syntax error`.
    let line = message
        .strip_prefix("near \"")
        .and_then(|rest| rest.split_once("\":"))
        .and_then(|(token, _)| find_token(sql, token))
        .map(|offset| line_of_offset(sql, offset));
    StatementError { message, line }
}

/// The byte offset of `token` in `sql` outside `--` comments.
fn find_token(sql: &str, token: &str) -> Option<usize> {
    let mut offset = 0;
    for line in sql.split_inclusive('\n') {
        let code = line.split("--").next().unwrap_or("");
        if let Some(i) = code.find(token) {
            return Some(offset + i);
        }
        offset += line.len();
    }
    None
}
