//! SQLite through rusqlite (SQLite compiled in: no system library needed). rusqlite is
//! synchronous: every call runs on tokio's blocking pool so async callers are never stalled.

use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::OpenFlags;
use rusqlite::types::{ToSqlOutput, ValueRef};

use crate::cell::{Cell, CellError};
use crate::error::{DatabaseError, Error, Result};
use crate::fault::{Classified, Fault, Target};
use crate::url::SqliteUrl;
use crate::value::{ResultSet, Value};

/// An open SQLite database.
#[derive(Clone)]
pub struct SqliteConnection {
    inner: Arc<Mutex<rusqlite::Connection>>,
    url: SqliteUrl,
}

impl std::fmt::Debug for SqliteConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteConnection")
            .field("path", &self.url.path)
            .finish()
    }
}

impl SqliteConnection {
    /// Opens the database; `create` makes the file (and its folder) when missing, otherwise a
    /// missing file is Prisma's P1003.
    pub async fn open(url: &SqliteUrl, create: bool) -> Result<SqliteConnection> {
        let url = url.clone();
        let conn =
            tokio::task::spawn_blocking(move || open_blocking(&url, create).map(|c| (c, url)))
                .await
                .map_err(|_| Error::ConnectionClosed)??;
        Ok(SqliteConnection {
            inner: Arc::new(Mutex::new(conn.0)),
            url: conn.1,
        })
    }

    /// The URL this connection was opened from.
    pub fn url(&self) -> &SqliteUrl {
        &self.url
    }

    async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Connection) -> Result<T> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let guard = lock(&inner);
            f(&guard)
        })
        .await
        .map_err(|_| Error::ConnectionClosed)?
    }

    /// Runs a script of any number of statements, no parameters.
    pub async fn raw_cmd(&self, script: &str) -> Result<()> {
        let script = script.to_owned();
        self.run(move |c| c.execute_batch(&script).map_err(convert_error))
            .await
    }

    /// Runs a script statement by statement (each prepared only when the ones before it
    /// ran); a failure comes with the 1-based number of the failing statement (statements
    /// that are only comments or blanks are not counted).
    pub async fn raw_cmd_numbered(&self, script: &str) -> std::result::Result<(), (Error, usize)> {
        let script = script.to_owned();
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            use rusqlite::fallible_iterator::FallibleIterator;
            let guard = lock(&inner);
            let mut batch = rusqlite::Batch::new(&guard, &script);
            let mut number = 0;
            loop {
                number += 1;
                let mut statement = match batch.next() {
                    Ok(Some(statement)) => statement,
                    Ok(None) => return Ok(()),
                    Err(e) => return Err((convert_error(e), number)),
                };
                let mut rows = statement.raw_query();
                loop {
                    match rows.next() {
                        Ok(Some(_)) => {}
                        Ok(None) => break,
                        Err(e) => return Err((convert_error(e), number)),
                    }
                }
            }
        })
        .await
        .map_err(|_| (Error::ConnectionClosed, 0))?
    }

    /// Runs one statement with bound parameters (`?1`, `?2` or `?`) and returns its rows.
    pub async fn query(&self, sql: &str, params: &[Value]) -> Result<ResultSet> {
        let sql = sql.to_owned();
        let params = params.to_vec();
        self.run(move |c| query_blocking(c, &sql, &params)).await
    }

    /// Runs one statement with bound parameters and returns the number of rows it changed.
    pub async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let sql = sql.to_owned();
        let params = params.to_vec();
        self.run(move |c| {
            let mut stmt = c.prepare(&sql).map_err(convert_error)?;
            let n = stmt
                .execute(rusqlite::params_from_iter(params.iter().map(Bind)))
                .map_err(convert_error)?;
            Ok(n as u64)
        })
        .await
    }
}

fn lock(inner: &Mutex<rusqlite::Connection>) -> MutexGuard<'_, rusqlite::Connection> {
    // A panic while holding the lock leaves the connection itself intact.
    inner
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn open_blocking(url: &SqliteUrl, create: bool) -> Result<rusqlite::Connection> {
    let conn = if url.is_memory() {
        rusqlite::Connection::open_in_memory().map_err(convert_error)?
    } else {
        let exists = std::fs::metadata(&url.path).is_ok();
        if !exists && !create {
            return Err(Error::SqliteFileDoesNotExist {
                file_name: url.file_name(),
                path: url.path.clone(),
            });
        }
        if !exists && let Some(dir) = url.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                context: format!(
                    "Could not create the folder `{}` for the SQLite database",
                    dir.display()
                ),
                source,
            })?;
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        rusqlite::Connection::open_with_flags(&url.path, flags).map_err(convert_error)?
    };
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(convert_error)?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")
        .map_err(convert_error)?;
    Ok(conn)
}

fn query_blocking(c: &rusqlite::Connection, sql: &str, params: &[Value]) -> Result<ResultSet> {
    let mut stmt = c.prepare(sql).map_err(convert_error)?;
    let columns: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
    let width = columns.len();
    let mut rows = stmt
        .query(rusqlite::params_from_iter(params.iter().map(Bind)))
        .map_err(convert_error)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(convert_error)? {
        out.push(crate::value::read_row(row, width)?);
    }
    Ok(ResultSet { columns, rows: out })
}

/// A [`Value`] bound as a SQLite parameter.
struct Bind<'a>(&'a Value);

impl rusqlite::ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.0 {
            Value::Null => ToSqlOutput::Owned(rusqlite::types::Value::Null),
            Value::Bool(b) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(i64::from(*b))),
            Value::Int(i) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(*i)),
            Value::Float(f) => ToSqlOutput::Owned(rusqlite::types::Value::Real(*f)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            // As Prisma binds DateTime on SQLite: milliseconds since the Unix epoch.
            Value::DateTime(d) => {
                ToSqlOutput::Owned(rusqlite::types::Value::Integer(d.timestamp_millis()))
            }
        })
    }
}

/// Converts a rusqlite error, keeping SQLite's extended code (what Prisma reports in P3018).
pub(crate) fn convert_error(err: rusqlite::Error) -> Error {
    let extended = match &err {
        rusqlite::Error::SqliteFailure(e, _) => e.extended_code,
        rusqlite::Error::SqlInputError { error, .. } => error.extended_code,
        _ => -1,
    };
    let message = match &err {
        rusqlite::Error::SqliteFailure(e, Some(msg)) if msg.is_empty() => e.to_string(),
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other.to_string(),
    };
    Error::Database(DatabaseError {
        kind: classify(&err).fault.kind(),
        code: if extended >= 0 {
            extended.to_string()
        } else {
            "none".to_owned()
        },
        message,
    })
}

/// Classifies a SQLite error by its extended result code (and, where SQLite has no code for
/// it, its message: `no such table: T`, `no such column: c`).
pub fn classify(e: &rusqlite::Error) -> Classified {
    use rusqlite::ErrorCode;
    // A statement SQLite cannot prepare ("no such table", …) comes as `SqlInputError`.
    let failure = match e {
        rusqlite::Error::SqliteFailure(f, msg) => Some((f, msg.clone())),
        rusqlite::Error::SqlInputError { error, msg, .. } => Some((error, Some(msg.clone()))),
        _ => None,
    };
    let Some((f, msg)) = failure else {
        return Classified {
            fault: Fault::Other,
            code: "sqlite".to_owned(),
            message: e.to_string(),
        };
    };
    let message = msg.unwrap_or_else(|| e.to_string());
    let after_colon = |m: &str| m.split_once(": ").map(|(_, rest)| rest.to_owned());
    let fault = match (f.code, f.extended_code) {
        // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY: "UNIQUE constraint failed: T.a, T.b"
        (ErrorCode::ConstraintViolation, 2067 | 1555) => {
            let fields: Vec<String> = after_colon(&message)
                .map(|cols| {
                    cols.split(", ")
                        .map(|c| c.rsplit('.').next().unwrap_or(c).to_owned())
                        .collect()
                })
                .unwrap_or_default();
            Fault::UniqueViolation {
                target: Some(Target::Fields(fields.clone())),
                fields,
            }
        }
        // SQLITE_CONSTRAINT_FOREIGNKEY, and SQLITE_CONSTRAINT_TRIGGER (a `RAISE` in a
        // trigger, how SQLite emulates some referential actions), as Prisma 7 reads both.
        (ErrorCode::ConstraintViolation, 787 | 1811) => Fault::ForeignKeyViolation {
            constraint: "foreign key".to_owned(),
            target: Some(Target::ForeignKey),
        },
        // SQLITE_CONSTRAINT_NOTNULL: "NOT NULL constraint failed: T.a"
        (ErrorCode::ConstraintViolation, 1299) => {
            let column =
                after_colon(&message).map(|c| c.rsplit('.').next().unwrap_or(&c).to_owned());
            Fault::NotNullViolation {
                target: column.clone().map(|c| Target::Fields(vec![c])),
                column: column.unwrap_or_else(|| message.clone()),
            }
        }
        // SQLITE_BUSY and its extended codes: a timeout, as Prisma 7 reports it (P1008);
        // SQLITE_LOCKED (a conflict inside one connection) is left unmapped, as there.
        (ErrorCode::DatabaseBusy, _) => Fault::Timeout,
        (ErrorCode::CannotOpen | ErrorCode::NotADatabase, _) => Fault::Unreachable,
        // "no such table: T" / "no such column: c" / "table T has no column named c"
        _ if message.starts_with("no such table: ") => Fault::TableMissing {
            table: message["no such table: ".len()..].to_owned(),
        },
        _ if message.starts_with("no such column: ") => Fault::ColumnMissing {
            column: message["no such column: ".len()..].to_owned(),
        },
        _ if message.contains(" has no column named ") => Fault::ColumnMissing {
            column: message
                .split_once(" has no column named ")
                .map_or_else(String::new, |(_, c)| c.to_owned()),
        },
        _ if message.starts_with("no such ") => Fault::UndefinedObject,
        _ if message.contains("syntax error") => Fault::SyntaxError,
        _ => Fault::Other,
    };
    Classified {
        fault,
        code: f.extended_code.to_string(),
        message,
    }
}

/// A SQLite row's cells: SQLite's five storage classes, text as its bytes ([`Cell::RawText`]:
/// checked as UTF-8 only where it is read as text).
impl crate::cell::Cells for rusqlite::Row<'_> {
    #[inline(always)]
    fn cell(&self, idx: usize) -> std::result::Result<Cell<'_>, CellError> {
        Ok(
            match self.get_ref(idx).map_err(|e| CellError(e.to_string()))? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(i) => Cell::Int(i),
                ValueRef::Real(f) => Cell::Float(f),
                ValueRef::Text(t) => Cell::RawText(t),
                ValueRef::Blob(b) => Cell::Bytes(b),
            },
        )
    }

    fn is_null(&self, idx: usize) -> bool {
        matches!(self.get_ref(idx), Ok(ValueRef::Null))
    }

    fn column_name(&self, idx: usize) -> String {
        self.as_ref()
            .column_name(idx)
            .map_or_else(|_| format!("#{idx}"), str::to_owned)
    }
}

pub mod backend;
