//! MySQL and MariaDB: the metadata of a prepared statement (column types and flags; parameter
//! types where the server infers them, MySQL 8 and later).

use mysql_async::consts::{ColumnFlags, ColumnType};
use mysql_async::prelude::Queryable;

use super::{Column, Description, Param, ScalarType, SqlType, StatementError};
use crate::url::DatabaseUrl;

/// The character set number of binary strings.
const BINARY_CHARSET: u16 = 63;

/// Describes the statements when the URL is MySQL's (`None` otherwise).
pub(super) async fn describe(
    url: &DatabaseUrl,
    statements: &[String],
) -> Option<crate::Result<Vec<Result<Description, StatementError>>>> {
    let DatabaseUrl::Mysql(url) = url else {
        return None;
    };
    Some(describe_all(url, statements).await)
}

async fn describe_all(
    url: &crate::url::MysqlUrl,
    statements: &[String],
) -> crate::Result<Vec<Result<Description, StatementError>>> {
    // Connecting as the migration commands do gives their errors (P1001, P1000, P1003, …).
    let mariadb = crate::mysql::MysqlConnection::connect(url)
        .await?
        .is_mariadb();
    let opts = mysql_async::OptsBuilder::default()
        .ip_or_hostname(url.host.clone())
        .tcp_port(url.port)
        .user(Some(url.user.clone()))
        .pass(url.password.clone())
        .db_name(Some(url.database.clone()).filter(|d| !d.is_empty()))
        .prefer_socket(false)
        .socket(url.socket.clone())
        .init(vec!["SET NAMES utf8mb4"]);
    let mut conn = mysql_async::Conn::new(opts)
        .await
        .map_err(crate::mysql::convert_error)?;
    let mut out = Vec::with_capacity(statements.len());
    for sql in statements {
        let stmt = match conn.prep(sql.as_str()).await {
            Ok(stmt) => stmt,
            Err(mysql_async::Error::Server(e)) => {
                out.push(Err(StatementError {
                    line: line_in_message(&e.message),
                    message: e.message,
                }));
                continue;
            }
            Err(e) => return Err(crate::mysql::convert_error(e)),
        };
        let params = stmt
            .params()
            .iter()
            .map(|p| Param {
                name: None,
                // MariaDB types no parameter: every one comes as a string of any length.
                ty: if mariadb { None } else { sql_type(p) },
                db_type: if mariadb { String::new() } else { type_name(p) },
            })
            .collect();
        let columns = stmt
            .columns()
            .iter()
            .map(|c| Column {
                name: c.name_str().into_owned(),
                ty: sql_type(c),
                db_type: type_name(c),
                // The server clears NOT NULL of the columns an outer join can fill with NULLs.
                nullable: !c.flags().contains(ColumnFlags::NOT_NULL_FLAG),
            })
            .collect();
        conn.close(stmt)
            .await
            .map_err(crate::mysql::convert_error)?;
        out.push(Ok(Description { params, columns }));
    }
    conn.disconnect()
        .await
        .map_err(crate::mysql::convert_error)?;
    Ok(out)
}

/// The line of "… at line N" in a syntax error's message.
fn line_in_message(message: &str) -> Option<usize> {
    let (_, rest) = message.rsplit_once("at line ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn type_name(c: &mysql_async::Column) -> String {
    format!("{:?}", c.column_type())
        .trim_start_matches("MYSQL_TYPE_")
        .to_owned()
}

/// The type Refract reads a column of this metadata as.
fn sql_type(c: &mysql_async::Column) -> Option<SqlType> {
    let binary = c.character_set() == BINARY_CHARSET;
    let unsigned = c.flags().contains(ColumnFlags::UNSIGNED_FLAG);
    let scalar = match c.column_type() {
        ColumnType::MYSQL_TYPE_TINY if c.column_length() == 1 => ScalarType::Boolean,
        ColumnType::MYSQL_TYPE_BIT if c.column_length() == 1 => ScalarType::Boolean,
        ColumnType::MYSQL_TYPE_BIT => ScalarType::Bytes,
        ColumnType::MYSQL_TYPE_TINY
        | ColumnType::MYSQL_TYPE_SHORT
        | ColumnType::MYSQL_TYPE_INT24
        | ColumnType::MYSQL_TYPE_YEAR => ScalarType::Int,
        ColumnType::MYSQL_TYPE_LONG if unsigned => ScalarType::BigInt,
        ColumnType::MYSQL_TYPE_LONG => ScalarType::Int,
        ColumnType::MYSQL_TYPE_LONGLONG => ScalarType::BigInt,
        ColumnType::MYSQL_TYPE_FLOAT | ColumnType::MYSQL_TYPE_DOUBLE => ScalarType::Float,
        ColumnType::MYSQL_TYPE_DECIMAL | ColumnType::MYSQL_TYPE_NEWDECIMAL => ScalarType::Decimal,
        ColumnType::MYSQL_TYPE_DATE
        | ColumnType::MYSQL_TYPE_NEWDATE
        | ColumnType::MYSQL_TYPE_DATETIME
        | ColumnType::MYSQL_TYPE_DATETIME2
        | ColumnType::MYSQL_TYPE_TIMESTAMP
        | ColumnType::MYSQL_TYPE_TIMESTAMP2
        | ColumnType::MYSQL_TYPE_TIME
        | ColumnType::MYSQL_TYPE_TIME2 => ScalarType::DateTime,
        ColumnType::MYSQL_TYPE_JSON => ScalarType::Json,
        ColumnType::MYSQL_TYPE_VARCHAR
        | ColumnType::MYSQL_TYPE_VAR_STRING
        | ColumnType::MYSQL_TYPE_STRING
        | ColumnType::MYSQL_TYPE_TINY_BLOB
        | ColumnType::MYSQL_TYPE_MEDIUM_BLOB
        | ColumnType::MYSQL_TYPE_LONG_BLOB
        | ColumnType::MYSQL_TYPE_BLOB
            if binary =>
        {
            ScalarType::Bytes
        }
        ColumnType::MYSQL_TYPE_VARCHAR
        | ColumnType::MYSQL_TYPE_VAR_STRING
        | ColumnType::MYSQL_TYPE_STRING
        | ColumnType::MYSQL_TYPE_ENUM
        | ColumnType::MYSQL_TYPE_SET
        | ColumnType::MYSQL_TYPE_TINY_BLOB
        | ColumnType::MYSQL_TYPE_MEDIUM_BLOB
        | ColumnType::MYSQL_TYPE_LONG_BLOB
        | ColumnType::MYSQL_TYPE_BLOB => ScalarType::String,
        _ => return None,
    };
    Some(SqlType::scalar(scalar))
}
