//! Errors of the connector, each with Prisma's user-facing code where Prisma has one.

use std::path::PathBuf;

/// The result of every connector operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong while opening a database or running SQL on it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The URL could not be understood (P1013).
    #[error("The provided database string is invalid. {details}")]
    InvalidUrl {
        /// What is wrong with it and how to fix it.
        details: String,
    },
    /// The server did not answer (P1001).
    #[error(
        "Can't reach database server at `{host}`:`{port}`\n\nPlease make sure your database server is running at `{host}`:`{port}`."
    )]
    DatabaseNotReachable {
        /// Host name from the URL.
        host: String,
        /// Port from the URL.
        port: u16,
    },
    /// The server refused the credentials (P1000).
    #[error(
        "Authentication failed against database server at `{host}`, the provided database credentials for `{user}` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at `{host}`."
    )]
    AuthenticationFailed {
        /// Host name from the URL.
        host: String,
        /// User name from the URL.
        user: String,
    },
    /// The server refused the user access to the database (P1010; MySQL error 1044).
    #[error("User `{user}` was denied access on the database `{database}`")]
    DatabaseAccessDenied {
        /// User name from the URL.
        user: String,
        /// Database name.
        database: String,
    },
    /// The server database (PostgreSQL, MySQL) named in the URL does not exist (P1003).
    #[error("Database `{database}` does not exist on the database server at `{host}:{port}`.")]
    DatabaseDoesNotExist {
        /// Database name.
        database: String,
        /// Host name.
        host: String,
        /// Port.
        port: u16,
    },
    /// The SQLite file named in the URL does not exist (P1003).
    #[error("Database {file_name} does not exist at {}", path.display())]
    SqliteFileDoesNotExist {
        /// The file name alone.
        file_name: String,
        /// The full path.
        path: PathBuf,
    },
    /// `create_database` found the database already there (P1009).
    #[error("Database `{database}` already exists on the database server at `{host}:{port}`")]
    DatabaseAlreadyExists {
        /// Database name.
        database: String,
        /// Host name.
        host: String,
        /// Port.
        port: u16,
    },
    /// A TLS connection was required but cannot be made (P1011).
    #[error("Error opening a TLS connection: {message}")]
    Tls {
        /// Why.
        message: String,
    },
    /// The database rejected a statement.
    #[error("{0}")]
    Database(#[from] DatabaseError),
    /// A file could not be read or written (SQLite files, their folders).
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The connection was lost or a background task failed.
    #[error("Server has closed the connection.")]
    ConnectionClosed,
    /// No connection came free in the pool within its timeout (P2024).
    #[error(
        "Timed out fetching a new connection from the connection pool. More info: http://pris.ly/d/connection-pool (Current connection pool timeout: {timeout_secs}, connection limit: {connection_limit})"
    )]
    PoolTimeout {
        /// The pool timeout, in seconds.
        timeout_secs: u64,
        /// The pool's connection limit.
        connection_limit: usize,
    },
    /// The URL names a database whose driver this build leaves out (its cargo feature is off).
    #[error(
        "This build has no {database} support: the URL is a {database} URL, but the `{feature}` cargo feature is off. Turn it on: `features = [\"{feature}\"]` on the `client` (or `migrate`, `driver`) dependency in Cargo.toml, or `--features {feature}` for the points example."
    )]
    NotCompiledIn {
        /// The database, as a person names it (`PostgreSQL`).
        database: &'static str,
        /// The cargo feature that adds it (`postgresql`).
        feature: &'static str,
    },
}

impl Error {
    /// Prisma's user-facing error code (`P1001`, …) when this error has one.
    pub fn code(&self) -> Option<&'static str> {
        Some(match self {
            Error::InvalidUrl { .. } => "P1013",
            Error::DatabaseNotReachable { .. } => "P1001",
            Error::AuthenticationFailed { .. } => "P1000",
            Error::DatabaseAccessDenied { .. } => "P1010",
            Error::DatabaseDoesNotExist { .. } | Error::SqliteFileDoesNotExist { .. } => "P1003",
            Error::DatabaseAlreadyExists { .. } => "P1009",
            Error::Tls { .. } => "P1011",
            Error::ConnectionClosed => "P1017",
            Error::PoolTimeout { .. } => "P2024",
            Error::Database(_) | Error::Io { .. } | Error::NotCompiledIn { .. } => return None,
        })
    }

    /// The database error, when the database rejected a statement.
    pub fn as_database_error(&self) -> Option<&DatabaseError> {
        match self {
            Error::Database(e) => Some(e),
            _ => None,
        }
    }
}

/// A classification of database errors that callers act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DatabaseErrorKind {
    /// A unique constraint or primary key was violated.
    UniqueViolation,
    /// A foreign key was violated.
    ForeignKeyViolation,
    /// A NULL went into a NOT NULL column.
    NotNullViolation,
    /// A serializable transaction must be retried (or the database is busy/locked).
    SerializationFailure,
    /// A table, column or other object named by the statement does not exist.
    UndefinedObject,
    /// The statement is not valid SQL for this database.
    SyntaxError,
    /// Anything else.
    Other,
}

/// The database's own error for a statement.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct DatabaseError {
    /// The classification.
    pub kind: DatabaseErrorKind,
    /// The database's own code: the SQLSTATE on PostgreSQL (`42P07`), the extended result
    /// code on SQLite (`1`), as Prisma shows it in P3018.
    pub code: String,
    /// The database's message, as Prisma shows it.
    pub message: String,
}
