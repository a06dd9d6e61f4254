//! One classification of database errors, made once per database from its codes (SQLite's
//! extended result codes, PostgreSQL's SQLSTATE, MySQL's error numbers) and read by every
//! layer: the client turns a [`Classified`] into its Prisma error (P2002, P2003, …), the
//! migration commands read [`Fault::kind`] ([`crate::DatabaseErrorKind`]).
//!
//! Each database module has a `classify` function (`sqlite::classify`, `postgres::classify`,
//! `mysql::classify`) from its driver's error; nothing else maps codes.

use crate::error::DatabaseErrorKind;

/// What a database error means, with the facts Prisma's messages name (the fields of a
/// violated unique constraint, the missing table, …).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// A unique constraint or primary key was violated: its columns (on MySQL, the index's
    /// name, which the client then resolves to columns).
    UniqueViolation {
        /// The columns, or the index name when the database names no columns.
        fields: Vec<String>,
        /// What Prisma 7's driver adapter names: the constraint (PostgreSQL, MySQL) or the
        /// fields (SQLite).
        target: Option<Target>,
    },
    /// A foreign key was violated.
    ForeignKeyViolation {
        /// The constraint, as far as the database names it (`foreign key` otherwise).
        constraint: String,
        /// What Prisma 7's driver adapter names: the constraint (PostgreSQL), the first
        /// column (MySQL), an unnamed foreign key (SQLite).
        target: Option<Target>,
    },
    /// A NULL went into a NOT NULL column.
    NotNullViolation {
        /// The column, as far as the database names it.
        column: String,
        /// What Prisma 7's driver adapter names: the column (MySQL, SQLite), nothing
        /// (PostgreSQL, and MySQL's 1263).
        target: Option<Target>,
    },
    /// A write conflict or deadlock: retry the transaction.
    WriteConflict,
    /// The database did not answer in time: SQLite busy past its busy timeout (another
    /// writer holds the file), which Prisma 7 reports as a timeout (P1008).
    Timeout,
    /// A value is too long for its column.
    ValueTooLong {
        /// The column, as far as the database names it (`(not available)` otherwise).
        column: String,
    },
    /// A value is out of range for its type.
    ValueOutOfRange,
    /// The database rejected a value as invalid input for its type.
    InvalidInput,
    /// A table the statement uses does not exist.
    TableMissing {
        /// The table, as the database names it.
        table: String,
    },
    /// A column the statement uses does not exist.
    ColumnMissing {
        /// The column, as the database names it.
        column: String,
    },
    /// Another object the statement names (an index, a type, a schema) does not exist.
    UndefinedObject,
    /// The statement is not valid SQL for this database.
    SyntaxError,
    /// A full-text search found no full-text index (MySQL).
    FullTextIndexMissing,
    /// The server has too many connections open.
    TooManyConnections,
    /// The database named in the URL does not exist.
    DatabaseMissing {
        /// The database, as far as the server names it.
        database: String,
    },
    /// The user may not use the database.
    AccessDenied {
        /// The database, as far as the server names it.
        database: String,
    },
    /// The server refused the credentials.
    AuthenticationFailed {
        /// The user, as far as the server names it.
        user: String,
    },
    /// The database cannot be opened or reached (a SQLite file that is not a database, a
    /// driver-level failure to connect).
    Unreachable,
    /// The server closed the connection.
    ConnectionClosed,
    /// Anything else.
    Other,
}

/// What a constraint violation names, as Prisma 7's driver adapters read it from the
/// database's error (`constraint: { fields } | { index } | { foreignKey }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The constraint's columns.
    Fields(Vec<String>),
    /// The constraint or index, by name.
    Index(String),
    /// A foreign key the database does not name (SQLite).
    ForeignKey,
}

/// A classified database error: what it means, and the database's own code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    /// What it means.
    pub fault: Fault,
    /// The database's own code: SQLite's extended result code, PostgreSQL's SQLSTATE, MySQL's
    /// error number; for an error that did not come from the database, the driver's family
    /// (`sqlite`, `postgres`, `mysql`).
    pub code: String,
    /// The database's message (its primary message, without PostgreSQL's DETAIL or HINT).
    pub message: String,
}

/// What Prisma writes where the database names no table, column or database.
pub const NOT_AVAILABLE: &str = "(not available)";

impl Fault {
    /// The coarse classification the migration commands act on.
    pub fn kind(&self) -> DatabaseErrorKind {
        match self {
            Fault::UniqueViolation { .. } => DatabaseErrorKind::UniqueViolation,
            Fault::ForeignKeyViolation { .. } => DatabaseErrorKind::ForeignKeyViolation,
            Fault::NotNullViolation { .. } => DatabaseErrorKind::NotNullViolation,
            Fault::WriteConflict | Fault::Timeout => DatabaseErrorKind::SerializationFailure,
            Fault::TableMissing { .. }
            | Fault::ColumnMissing { .. }
            | Fault::UndefinedObject
            | Fault::DatabaseMissing { .. } => DatabaseErrorKind::UndefinedObject,
            Fault::SyntaxError => DatabaseErrorKind::SyntaxError,
            _ => DatabaseErrorKind::Other,
        }
    }
}

/// The first `'…'`-quoted or `"…"`-quoted name in a database message, after `after`.
#[cfg(any(feature = "postgresql", feature = "mysql"))]
pub(crate) fn quoted_after(message: &str, after: &str, quote: char) -> Option<String> {
    let (_, rest) = message.split_once(after)?;
    let rest = rest.strip_prefix(quote)?;
    rest.split_once(quote).map(|(name, _)| name.to_owned())
}

/// Why a backend could not run a statement.
#[derive(Debug)]
pub enum Failure {
    /// The database refused it, classified (`driver::fault`).
    Database(Classified),
    /// The pool gave no connection (its timeout: Prisma's P2024).
    Pool(crate::Error),
    /// No connection could be opened (the message says why).
    Connection(String),
    /// A TLS connection could not be opened (the message says why and how to fix it): P1011.
    Tls(String),
    /// The statement cannot be run as given (its parameters), refused before the database
    /// saw it.
    InvalidQuery(String),
    /// Another writer held the database file longer than the busy timeout (SQLite).
    Busy,
}

impl From<crate::Error> for Failure {
    fn from(e: crate::Error) -> Self {
        Failure::Pool(e)
    }
}

impl From<Classified> for Failure {
    fn from(c: Classified) -> Self {
        Failure::Database(c)
    }
}
