//! MySQL and MariaDB through mysql_async (pure Rust, async; the driver Prisma's engines use).
//! One connection per [`MysqlConnection`], behind a mutex since the driver needs `&mut` for
//! every call and [`crate::Connection`] hands out `&self`.

#[cfg(feature = "mysql")]
#[cfg(feature = "mysql")]
use mysql_async::prelude::Queryable;
#[cfg(feature = "mysql")]
use tokio::sync::Mutex;

#[cfg(feature = "mysql")]
use crate::error::{DatabaseError, DatabaseErrorKind, Error, Result};
#[cfg(feature = "mysql")]
use crate::fault::{Classified, Fault, NOT_AVAILABLE, Target, quoted_after};
#[cfg(feature = "mysql")]
use crate::url::MysqlUrl;
#[cfg(feature = "mysql")]
use crate::value::{ResultSet, Value};

/// The character set number MySQL gives binary strings (BLOB, BINARY, VARBINARY).
#[cfg(feature = "mysql")]
const BINARY_CHARSET: u16 = 63;

/// An open MySQL/MariaDB connection.
#[cfg(feature = "mysql")]
pub struct MysqlConnection {
    conn: Mutex<mysql_async::Conn>,
    url: MysqlUrl,
    version: String,
}

#[cfg(feature = "mysql")]
impl std::fmt::Debug for MysqlConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MysqlConnection")
            .field("host", &self.url.host)
            .field("database", &self.url.database)
            .finish()
    }
}

/// Quotes an identifier for MySQL (`` `a``b` ``).
pub fn quote_identifier(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// The values of an `enum(…)` column type as `information_schema.COLUMNS.COLUMN_TYPE` spells
/// them, unquoted: `enum('a','it''s')` → `["a", "it's"]` (a backslash escapes the next
/// character). Read by the migration engine's introspection and by `db pull`'s views.
pub fn enum_values(column_type: &str) -> Vec<String> {
    let Some(inner) = column_type
        .find('(')
        .and_then(|start| column_type[start + 1..].strip_suffix(')'))
    else {
        return Vec::new();
    };
    let mut values = Vec::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            continue;
        }
        let mut value = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    value.push('\'');
                }
                '\'' => break,
                '\\' => {
                    if let Some(n) = chars.next() {
                        value.push(n);
                    }
                }
                c => value.push(c),
            }
        }
        values.push(value);
    }
    values
}

#[cfg(feature = "mysql")]
impl MysqlConnection {
    /// Connects to the URL's database; errors carry Prisma's codes (P1001 unreachable, P1000
    /// credentials, P1003 no such database).
    pub async fn connect(url: &MysqlUrl) -> Result<MysqlConnection> {
        Self::open(url, Some(&url.database)).await
    }

    /// Connects to the server without choosing a database (to create or drop one).
    pub async fn connect_server(url: &MysqlUrl) -> Result<MysqlConnection> {
        Self::open(url, None).await
    }

    async fn open(url: &MysqlUrl, database: Option<&str>) -> Result<MysqlConnection> {
        let opts = mysql_async::OptsBuilder::default()
            .ip_or_hostname(url.host.clone())
            .tcp_port(url.port)
            .user(Some(url.user.clone()))
            .pass(url.password.clone())
            .db_name(database.filter(|d| !d.is_empty()).map(str::to_owned))
            .prefer_socket(false)
            .socket(url.socket.clone())
            .client_found_rows(true)
            // Scripts and values are UTF-8 text: without it the server reads them in its
            // default character set, where characters outside the BMP become `?`.
            .init(vec!["SET NAMES utf8mb4"]);
        let connect = mysql_async::Conn::new(opts);
        let mut conn = match tokio::time::timeout(url.connect_timeout, connect).await {
            Err(_) => {
                return Err(Error::DatabaseNotReachable {
                    host: url.host.clone(),
                    port: url.port,
                });
            }
            Ok(result) => result.map_err(|e| connect_error(e, url))?,
        };
        let version: Option<String> = conn
            .query_first("SELECT VERSION()")
            .await
            .map_err(convert_error)?;
        Ok(MysqlConnection {
            conn: Mutex::new(conn),
            url: url.clone(),
            version: version.unwrap_or_default(),
        })
    }

    /// The URL this connection was opened from.
    pub fn url(&self) -> &MysqlUrl {
        &self.url
    }

    /// The database the URL names.
    pub fn database(&self) -> &str {
        &self.url.database
    }

    /// Runs a script of any number of statements (text protocol, multi-statement). MySQL
    /// commits implicitly around DDL, so a failing statement leaves the ones before it applied.
    pub async fn raw_cmd(&self, script: &str) -> Result<()> {
        if is_blank_script(script) {
            return Ok(());
        }
        let mut conn = self.conn.lock().await;
        conn.query_drop(script).await.map_err(convert_error)
    }

    /// Runs a script as [`MysqlConnection::raw_cmd`] does; a failure comes with the 1-based
    /// number of the statement that failed (what Prisma's P3018 names on MySQL).
    pub async fn raw_cmd_numbered(&self, script: &str) -> std::result::Result<(), (Error, usize)> {
        if is_blank_script(script) {
            return Ok(());
        }
        let mut conn = self.conn.lock().await;
        let mut result = conn
            .query_iter(script)
            .await
            .map_err(|e| (convert_error(e), 1))?;
        // Each `next` call either yields a row of the current statement's result, or (`None`)
        // moves to the next statement's result, whose error, if any, surfaces there.
        let mut statement = 1;
        loop {
            match result.next().await {
                Ok(Some(_)) => {}
                Ok(None) if result.is_empty() => break,
                Ok(None) => statement += 1,
                Err(e) => return Err((convert_error(e), statement)),
            }
        }
        // A failure of the statement after the last one read is still pending here.
        result
            .drop_result()
            .await
            .map_err(|e| (convert_error(e), statement + 1))
    }

    /// Runs one statement with bound parameters (`?`) and returns its rows (of its first
    /// result set). Without parameters the text protocol is used, so any statement works.
    pub async fn query(&self, sql: &str, params: &[Value]) -> Result<ResultSet> {
        let mut conn = self.conn.lock().await;
        let (columns, rows) = if params.is_empty() {
            let mut result = conn.query_iter(sql).await.map_err(convert_error)?;
            let columns = result.columns_ref().to_vec();
            let rows: Vec<mysql_async::Row> = result.collect().await.map_err(convert_error)?;
            result.drop_result().await.map_err(convert_error)?;
            (columns, rows)
        } else {
            let mut result = conn
                .exec_iter(sql, to_params(params))
                .await
                .map_err(convert_error)?;
            let columns = result.columns_ref().to_vec();
            let rows: Vec<mysql_async::Row> = result.collect().await.map_err(convert_error)?;
            result.drop_result().await.map_err(convert_error)?;
            (columns, rows)
        };
        let names: Vec<String> = columns.iter().map(|c| c.name_str().into_owned()).collect();
        let out = rows
            .iter()
            .map(|row| crate::value::read_row(row, names.len()))
            .collect::<Result<_>>()?;
        Ok(ResultSet {
            columns: names,
            rows: out,
        })
    }

    /// Runs one statement with bound parameters and returns the number of rows it changed.
    pub async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let mut conn = self.conn.lock().await;
        if params.is_empty() {
            conn.query_drop(sql).await.map_err(convert_error)?;
        } else {
            conn.exec_drop(sql, to_params(params))
                .await
                .map_err(convert_error)?;
        }
        Ok(conn.affected_rows())
    }

    /// The id the last INSERT generated for an AUTO_INCREMENT column.
    pub async fn last_insert_id(&self) -> Option<u64> {
        self.conn.lock().await.last_insert_id()
    }

    /// The server's version string (`10.11.6-MariaDB-…` on MariaDB).
    pub fn server_version(&self) -> &str {
        &self.version
    }

    /// Whether the server is MariaDB (its `information_schema` spells defaults differently).
    pub fn is_mariadb(&self) -> bool {
        self.version.contains("MariaDB")
    }

    /// Whether the server is Vitess (PlanetScale): its version ends in `-Vitess`.
    pub fn is_vitess(&self) -> bool {
        self.version.to_ascii_lowercase().contains("vitess")
    }
}

/// Whether a script has no statement: only whitespace, `;`, and `--`, `#` or `/* */` comments
/// (an empty migration, which MySQL would refuse with "Query was empty").
#[cfg(feature = "mysql")]
fn is_blank_script(script: &str) -> bool {
    let mut rest = script;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ';');
        if rest.is_empty() {
            return true;
        }
        if rest.starts_with("--") || rest.starts_with('#') {
            rest = rest.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(after) = rest.strip_prefix("/*") {
            match after.split_once("*/") {
                Some((_, after)) => rest = after,
                None => return true,
            }
        } else {
            return false;
        }
    }
}

#[cfg(feature = "mysql")]
fn to_params(params: &[Value]) -> mysql_async::Params {
    mysql_async::Params::Positional(params.iter().map(to_mysql_value).collect())
}

#[cfg(feature = "mysql")]
fn to_mysql_value(value: &Value) -> mysql_async::Value {
    use chrono::{Datelike, Timelike};
    match value {
        Value::Null => mysql_async::Value::NULL,
        Value::Bool(b) => mysql_async::Value::Int(i64::from(*b)),
        Value::Int(i) => mysql_async::Value::Int(*i),
        Value::Float(f) => mysql_async::Value::Double(*f),
        Value::Text(s) => mysql_async::Value::Bytes(s.as_bytes().to_vec()),
        Value::Bytes(b) => mysql_async::Value::Bytes(b.clone()),
        Value::DateTime(d) => {
            let n = d.naive_utc();
            mysql_async::Value::Date(
                u16::try_from(n.year()).unwrap_or(0),
                n.month() as u8,
                n.day() as u8,
                n.hour() as u8,
                n.minute() as u8,
                n.second() as u8,
                n.nanosecond() / 1000,
            )
        }
    }
}

#[cfg(feature = "mysql")]
fn connect_error(e: mysql_async::Error, url: &MysqlUrl) -> Error {
    match &e {
        mysql_async::Error::Server(s) => match s.code {
            // ER_ACCESS_DENIED_ERROR, ER_ACCESS_DENIED_NO_PASSWORD_ERROR: wrong credentials.
            1045 | 1698 => Error::AuthenticationFailed {
                host: url.host.clone(),
                user: url.user.clone(),
            },
            // ER_DBACCESS_DENIED_ERROR: the credentials are fine, the database is not theirs.
            1044 => Error::DatabaseAccessDenied {
                user: url.user.clone(),
                database: url.database.clone(),
            },
            1049 => Error::DatabaseDoesNotExist {
                database: url.database.clone(),
                host: url.host.clone(),
                port: url.port,
            },
            _ => convert_error(e),
        },
        mysql_async::Error::Io(_) => Error::DatabaseNotReachable {
            host: url.host.clone(),
            port: url.port,
        },
        _ => convert_error(e),
    }
}

/// Converts a driver error, keeping MySQL's numeric error code (what Prisma shows in P3018).
#[cfg(feature = "mysql")]
pub(crate) fn convert_error(e: mysql_async::Error) -> Error {
    let kind = classify(&e).fault.kind();
    match e {
        mysql_async::Error::Server(s) => Error::Database(DatabaseError {
            kind,
            code: s.code.to_string(),
            message: s.message,
        }),
        mysql_async::Error::Io(_) => Error::ConnectionClosed,
        other => Error::Database(DatabaseError {
            kind: DatabaseErrorKind::Other,
            code: "none".to_owned(),
            message: other.to_string(),
        }),
    }
}

/// Classifies a MySQL or MariaDB error by its error number, with the names the server gives
/// in its message. A duplicate key names its index only ([`Fault::UniqueViolation`] holds the
/// index's name); the client resolves it to columns on the same connection.
#[cfg(feature = "mysql")]
pub fn classify(e: &mysql_async::Error) -> Classified {
    let other = |fault: Fault| Classified {
        fault,
        code: "mysql".to_owned(),
        message: e.to_string(),
    };
    let server = match e {
        mysql_async::Error::Server(server) => server,
        // An I/O failure on an open connection: the server closed it.
        mysql_async::Error::Io(_)
        | mysql_async::Error::Driver(mysql_async::DriverError::ConnectionClosed) => {
            return other(Fault::ConnectionClosed);
        }
        mysql_async::Error::Driver(driver) => {
            return Classified {
                fault: Fault::Unreachable,
                code: "mysql".to_owned(),
                message: driver.to_string(),
            };
        }
        _ => return other(Fault::Other),
    };
    let message = server.message.clone();
    let first_quoted = || message.split('\'').nth(1).map(str::to_owned);
    let fault = match server.code {
        // "Duplicate entry 'x' for key 'User_email_key'"
        1062 => {
            // MariaDB names the index (`'User_email_key'`), MySQL 8 the table too
            // (`'User.User_email_key'`): Prisma 7's adapter names the index.
            let key = message
                .rsplit_once("for key '")
                .map(|(_, key)| key.trim_end_matches('\'').to_owned());
            let index = key
                .as_deref()
                .map(|k| k.rsplit('.').next().unwrap_or(k).to_owned());
            Fault::UniqueViolation {
                fields: key.into_iter().collect(),
                target: index.map(Target::Index),
            }
        }
        // "… a foreign key constraint fails (`db`.`T`, CONSTRAINT `T_x_fkey` FOREIGN KEY
        // (`x`) REFERENCES …": Prisma 7's adapter names the first column of the key.
        1451 | 1452 => Fault::ForeignKeyViolation {
            constraint: message
                .split_once("CONSTRAINT `")
                .and_then(|(_, rest)| rest.split_once('`'))
                .map_or_else(|| "foreign key".to_owned(), |(name, _)| name.to_owned()),
            target: message
                .split_once("FOREIGN KEY (`")
                .and_then(|(_, rest)| rest.split_once('`'))
                .map(|(column, _)| Target::Fields(vec![column.to_owned()])),
        },
        // "Column 'x' cannot be null" / "Field 'x' doesn't have a default value"
        1048 | 1364 => Fault::NotNullViolation {
            column: first_quoted().unwrap_or_else(|| message.clone()),
            target: first_quoted().map(|c| Target::Fields(vec![c])),
        },
        // "Column set to default value; NULL supplied to NOT NULL column 'x' at row 1"
        // (Prisma 7's adapter looks for the name in the message's last word, `1`, and so
        // names nothing).
        1263 => Fault::NotNullViolation {
            column: quoted_after(&message, "NOT NULL column ", '\'')
                .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
            target: None,
        },
        // A deadlock. (A lock wait timeout, 1205, is left unmapped, as Prisma 7 leaves it:
        // P2039 with the server's code.)
        1213 => Fault::WriteConflict,
        // "Data too long for column 'c' at row 1"
        1406 => Fault::ValueTooLong {
            column: quoted_after(&message, "for column ", '\'')
                .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
        },
        // "Out of range value for column 'c' at row 1". (An arithmetic overflow, 1690 "BIGINT
        // value is out of range in …", is left unmapped, as Prisma 7 leaves it: P2039.)
        1264 => Fault::ValueOutOfRange,
        // "Table 'db.T' doesn't exist"
        1146 => Fault::TableMissing {
            table: first_quoted()
                .map(|t| t.rsplit('.').next().unwrap_or(&t).to_owned())
                .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
        },
        // "Unknown column 'c' in 'field list'"
        1054 => Fault::ColumnMissing {
            column: quoted_after(&message, "column ", '\'')
                .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
        },
        1091 | 1051 => Fault::UndefinedObject,
        1064 | 1149 => Fault::SyntaxError,
        1191 => Fault::FullTextIndexMissing,
        // "Too many connections" / "User u already has more than 'max_user_connections' …"
        1040 | 1203 => Fault::TooManyConnections,
        // "Unknown database 'd'"
        1049 => Fault::DatabaseMissing {
            database: first_quoted().unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
        },
        // "Access denied for user 'u'@'h' to database 'd'"
        1044 => Fault::AccessDenied {
            database: quoted_after(&message, "to database ", '\'')
                .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
        },
        // "Access denied for user 'u'@'h' (using password: YES)"
        1045 => Fault::AuthenticationFailed {
            user: quoted_after(&message, "for user ", '\'')
                .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
        },
        _ => Fault::Other,
    };
    Classified {
        fault,
        code: server.code.to_string(),
        message,
    }
}

#[cfg(all(test, feature = "mysql"))]
mod tests {
    use super::is_blank_script;

    #[test]
    fn blank_scripts_are_recognised() {
        assert!(is_blank_script("-- This is an empty migration."));
        assert!(is_blank_script("  /* a */ ;\n# b\n-- c\n"));
        assert!(!is_blank_script("-- x\nSELECT 1;"));
        assert!(!is_blank_script("/* x */ SELECT 1"));
    }
}

#[cfg(feature = "mysql")]
mod cells;

#[cfg(feature = "mysql")]
pub mod backend;
