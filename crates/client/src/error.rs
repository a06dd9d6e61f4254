//! Errors, with Prisma's error codes and `meta`.

mod meta;

pub use meta::{ConstraintTarget, DatabaseError, ErrorMeta, Origin};

/// Everything a client call can fail with. [`Error::code`] gives Prisma's code where it has one.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// P2002: a unique constraint was violated.
    #[error("Unique constraint failed on the {}", named(.origin, || ConstraintTarget::Fields(.fields.to_vec())))]
    UniqueConstraint {
        /// The columns of the violated constraint (on every database; Prisma's message and
        /// [`ErrorMeta::target`] name the constraint instead on PostgreSQL and MySQL).
        fields: Vec<String>,
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P2003: a foreign key constraint was violated (or a `RESTRICT` action refused a change).
    #[error("Foreign key constraint violated on the {}", named(.origin, || constraint_or_foreign_key(.field)))]
    ForeignKeyConstraint {
        /// The constraint, as far as the database names it (`foreign key` on SQLite).
        field: String,
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P2011: a required column was given NULL.
    #[error("Null constraint violation on the {}", named_or_not_available(.origin))]
    NullConstraint {
        /// The column, as far as the database names it (`(not available)` otherwise).
        field: String,
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P2025: a record the operation needs was not found.
    #[error(
        "An operation failed because it depends on one or more records that were required but not found. {cause}"
    )]
    RecordNotFound {
        /// What was looked for.
        cause: String,
        /// The model of the operation ([`Error::meta`]).
        origin: Origin,
    },
    /// P2014: the change would break a required relation (for example, a nested connect that
    /// would leave another record without its required related record).
    #[error(
        "The change you are trying to make would violate the required relation '{relation}' between the `{model_a}` and `{model_b}` models."
    )]
    RelationViolation {
        /// The relation's name (`ActionToUser`, or the name given in `@relation`).
        relation: String,
        /// The model holding the foreign key.
        model_a: String,
        /// The other model.
        model_b: String,
    },
    /// P2017: a nested write names records that are not connected to the parent record.
    #[error(
        "The records for relation `{relation}` between the `{parent}` and `{child}` models are not connected."
    )]
    RecordsNotConnected {
        /// The relation's name.
        relation: String,
        /// The parent model.
        parent: String,
        /// The related model.
        child: String,
    },
    /// P2034: the transaction failed because of a write conflict or a deadlock; retry it.
    #[error(
        "Transaction failed due to a write conflict or a deadlock. Please retry your transaction"
    )]
    TransactionConflict {
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P1001: the database could not be opened or reached.
    #[error("Can't reach database server: {0}")]
    Connection(String),
    /// P1011: a TLS connection could not be opened (`sslmode`, `sslrootcert`, `sslaccept`:
    /// the reason says which and how to fix it).
    #[error("Error opening a TLS connection: {0}")]
    Tls(String),
    /// P1000: the server refused the credentials.
    #[error(
        "Authentication failed against the database server, the provided database credentials for `{user}` are not valid"
    )]
    AuthenticationFailed {
        /// The user name, as far as the server names it (`(not available)` otherwise).
        user: String,
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P1003: the database named in the URL does not exist on the server.
    #[error("Database `{database}` does not exist on the database server")]
    DatabaseDoesNotExist {
        /// The database's name, as far as the server names it.
        database: String,
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P1010: the user may not use the database.
    #[error("User was denied access on the database `{database}`")]
    DatabaseAccessDenied {
        /// The database's name, as far as the server names it.
        database: String,
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P1017: the server closed the connection.
    #[error("Server has closed the connection.")]
    ConnectionClosed {
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P2000: a value is too long for its column's type.
    #[error(
        "The provided value for the column is too long for the column's type. Column: {column}"
    )]
    ValueTooLong {
        /// The column, as far as the database names it (`(not available)` otherwise).
        column: String,
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P2007: the database rejected a value as invalid input for its type.
    #[error("Invalid input value: {message}")]
    InvalidInputValue {
        /// The database's message.
        message: String,
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P2020: a value is out of range for its column's type.
    #[error("Value out of range for the type: {cause}")]
    ValueOutOfRange {
        /// The database's message.
        cause: String,
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P2021: a table the query uses does not exist.
    #[error("The table `{table}` does not exist in the current database.")]
    TableDoesNotExist {
        /// The table, as the database names it.
        table: String,
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P2022: a column the query uses does not exist.
    #[error("The column `{column}` does not exist in the current database.")]
    ColumnNotFound {
        /// The column, as the database names it.
        column: String,
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P2030: a full-text search found no full-text index on its columns.
    #[error(
        "Cannot find a fulltext index to use for the native search, try adding a @@fulltext([Fields...]) to your schema"
    )]
    MissingFullTextIndex {
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P2037: the server refused a connection because too many are open.
    #[error("Too many database connections opened: {cause}")]
    TooManyConnections {
        /// The database's message.
        cause: String,
        /// The model and the database's own error ([`Error::meta`]).
        origin: Origin,
    },
    /// P2029: a statement would bind more parameters than the database takes (SQLite 32,766;
    /// PostgreSQL and MySQL 65,535) and the client cannot split it into several statements
    /// (docs/client.md, "Errors"; docs/decisions/0030-parameter-limits-and-error-models.md).
    #[error("The query parameter limit supported by your database is exceeded: {cause}")]
    QueryParameterLimitExceeded {
        /// How many parameters, the database's limit, and what to change.
        cause: String,
        /// The model of the operation ([`Error::meta`]).
        origin: Origin,
    },
    /// P2024: no connection came free in the pool within the pool timeout.
    #[error(
        "Timed out fetching a new connection from the connection pool. More info: http://pris.ly/d/connection-pool (Current connection pool timeout: {timeout_secs}, connection limit: {connection_limit})"
    )]
    PoolTimeout {
        /// The pool timeout, in seconds (`pool_timeout`).
        timeout_secs: u64,
        /// The pool's connection limit (`connection_limit`).
        connection_limit: usize,
    },
    /// P2028: a transaction API was misused (for example, used after it ended).
    #[error("Transaction API error: {0}")]
    Transaction(String),
    /// P2023: a column held a value of an unexpected type.
    #[error("Inconsistent column data in column `{column}`: {message}")]
    Decode {
        /// The column.
        column: String,
        /// What was wrong.
        message: String,
    },
    /// P2009: the query is not valid (for example, a filter the database cannot express).
    #[error("Failed to validate the query: {0}")]
    InvalidQuery(String),
    /// P2039: any other database error of a model query (Prisma 7's code for a database
    /// error its driver adapter leaves unmapped), with the database's own code and message.
    #[error("Database error. Code: `{code}`. Message: `{message}`")]
    Database {
        /// The database's own error code (SQLSTATE, SQLite extended code or MySQL error number).
        code: String,
        /// The database's message.
        message: String,
        /// The model of the operation ([`Error::meta`]).
        origin: Origin,
    },
    /// P2010: a raw query (`query_raw`, `execute_raw`, TypedSQL) failed in the database,
    /// whatever the cause, as Prisma reports every database error of `$queryRaw` and
    /// `$executeRaw` (connection failures keep their own codes).
    #[error("Raw query failed. Code: `{code}`. Message: `{message}`")]
    RawQueryFailed {
        /// The database's own error code (SQLSTATE, SQLite extended code or MySQL error number).
        code: String,
        /// The database's message.
        message: String,
    },
    /// P1008: the operation timed out (on SQLite, another writer held the database file past
    /// the busy timeout: `SQLITE_BUSY`, as Prisma 7 reports it).
    #[error("Operation has timed out")]
    TimedOut {
        /// The model and the database's own error, where there is one ([`Error::meta`]).
        origin: Origin,
    },
    /// P2018: a nested `connect` found fewer of the records to connect than it was given.
    #[error("The required connected records were not found. {cause}")]
    ConnectedRecordsNotFound {
        /// What was expected and found.
        cause: String,
    },
}

/// What a constraint violation's message names: the database's target as Prisma 7's adapter
/// reads it, or `fallback`'s where the database named nothing Prisma reads.
fn named(origin: &Origin, fallback: impl FnOnce() -> ConstraintTarget) -> String {
    origin
        .target()
        .cloned()
        .unwrap_or_else(fallback)
        .to_string()
}

/// What a P2011 message names: the target, or `(not available)` (PostgreSQL, as in Prisma 7).
fn named_or_not_available(origin: &Origin) -> String {
    origin
        .target()
        .map_or_else(|| NOT_AVAILABLE.to_owned(), ConstraintTarget::to_string)
}

/// P2003's target where the database names only a constraint (or, on SQLite, nothing).
fn constraint_or_foreign_key(name: &str) -> ConstraintTarget {
    if name == "foreign key" {
        ConstraintTarget::ForeignKey
    } else {
        ConstraintTarget::Constraint(name.to_owned())
    }
}

const NOT_AVAILABLE: &str = "(not available)";

/// Result of every client call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Prisma's error code for this error (`P2002`, `P2025`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Error::UniqueConstraint { .. } => "P2002",
            Error::ForeignKeyConstraint { .. } => "P2003",
            Error::NullConstraint { .. } => "P2011",
            Error::RecordNotFound { .. } => "P2025",
            Error::RelationViolation { .. } => "P2014",
            Error::RecordsNotConnected { .. } => "P2017",
            Error::TransactionConflict { .. } => "P2034",
            Error::Connection(_) => "P1001",
            Error::Tls(_) => "P1011",
            Error::AuthenticationFailed { .. } => "P1000",
            Error::DatabaseDoesNotExist { .. } => "P1003",
            Error::DatabaseAccessDenied { .. } => "P1010",
            Error::ConnectionClosed { .. } => "P1017",
            Error::ValueTooLong { .. } => "P2000",
            Error::InvalidInputValue { .. } => "P2007",
            Error::ValueOutOfRange { .. } => "P2020",
            Error::TableDoesNotExist { .. } => "P2021",
            Error::ColumnNotFound { .. } => "P2022",
            Error::MissingFullTextIndex { .. } => "P2030",
            Error::TooManyConnections { .. } => "P2037",
            Error::QueryParameterLimitExceeded { .. } => "P2029",
            Error::PoolTimeout { .. } => "P2024",
            Error::Transaction(_) => "P2028",
            Error::Decode { .. } => "P2023",
            Error::InvalidQuery(_) => "P2009",
            Error::Database { .. } => "P2039",
            Error::RawQueryFailed { .. } => "P2010",
            Error::TimedOut { .. } => "P1008",
            Error::ConnectedRecordsNotFound { .. } => "P2018",
        }
    }

    pub(crate) fn not_found(cause: impl Into<String>) -> Self {
        Error::RecordNotFound {
            cause: cause.into(),
            origin: Origin::default(),
        }
    }
}

impl From<driver::Error> for Error {
    /// The pool's timeout is P2024, a TLS failure P1011; other driver errors (an invalid URL)
    /// are connection errors.
    fn from(e: driver::Error) -> Self {
        match e {
            driver::Error::PoolTimeout {
                timeout_secs,
                connection_limit,
            } => Error::PoolTimeout {
                timeout_secs,
                connection_limit,
            },
            driver::Error::Tls { message } => Error::Tls(message),
            e => Error::Connection(e.to_string()),
        }
    }
}

tokio::task_local! {
    /// Set while a raw query runs (`in_raw_query`): its database errors are P2010.
    static RAW_QUERY: ();
}

/// Runs `f`, a raw query (`query_raw`, `execute_raw`, TypedSQL), so that a database error it
/// meets is P2010 with the database's code and message, as Prisma reports every error of
/// `$queryRaw` and `$executeRaw`, whatever its cause (connection failures aside).
pub(crate) async fn in_raw_query<T>(f: impl Future<Output = Result<T>>) -> Result<T> {
    RAW_QUERY.scope((), f).await
}

impl From<driver::Classified> for Error {
    /// The client's error for a database error the driver classified: Prisma's code for what
    /// it means, P2039 with the database's own code for anything else; in a raw query
    /// (`in_raw_query`), P2010 for every error of the statement, as in Prisma. Each keeps
    /// the database's code and message, and what the database named ([`Error::meta`]).
    fn from(c: driver::Classified) -> Self {
        use driver::Fault;
        let connecting = matches!(
            c.fault,
            Fault::TooManyConnections
                | Fault::DatabaseMissing { .. }
                | Fault::AccessDenied { .. }
                | Fault::AuthenticationFailed { .. }
                | Fault::Unreachable
                | Fault::ConnectionClosed
        );
        if !connecting && RAW_QUERY.try_with(|_| ()).is_ok() {
            return Error::RawQueryFailed {
                code: c.code,
                message: c.message,
            };
        }
        let origin = |target: Option<driver::Target>| {
            Origin::database(&c.code, &c.message, target.map(ConstraintTarget::from))
        };
        match c.fault {
            Fault::UniqueViolation { fields, target } => Error::UniqueConstraint {
                fields,
                origin: origin(target),
            },
            Fault::ForeignKeyViolation { constraint, target } => Error::ForeignKeyConstraint {
                field: constraint,
                origin: origin(target),
            },
            Fault::NotNullViolation { column, target } => Error::NullConstraint {
                field: column,
                origin: origin(target),
            },
            Fault::WriteConflict => Error::TransactionConflict {
                origin: origin(None),
            },
            Fault::ValueTooLong { column } => Error::ValueTooLong {
                column,
                origin: origin(None),
            },
            Fault::ValueOutOfRange => Error::ValueOutOfRange {
                cause: c.message.clone(),
                origin: origin(None),
            },
            Fault::InvalidInput => Error::InvalidInputValue {
                message: c.message.clone(),
                origin: origin(None),
            },
            Fault::TableMissing { table } => Error::TableDoesNotExist {
                table,
                origin: origin(None),
            },
            Fault::ColumnMissing { column } => Error::ColumnNotFound {
                column,
                origin: origin(None),
            },
            Fault::FullTextIndexMissing => Error::MissingFullTextIndex {
                origin: origin(None),
            },
            Fault::TooManyConnections => Error::TooManyConnections {
                cause: c.message.clone(),
                origin: origin(None),
            },
            Fault::DatabaseMissing { database } => Error::DatabaseDoesNotExist {
                database,
                origin: origin(None),
            },
            Fault::AccessDenied { database } => Error::DatabaseAccessDenied {
                database,
                origin: origin(None),
            },
            Fault::AuthenticationFailed { user } => Error::AuthenticationFailed {
                user,
                origin: origin(None),
            },
            Fault::Unreachable => Error::Connection(c.message),
            Fault::ConnectionClosed => Error::ConnectionClosed {
                origin: origin(None),
            },
            Fault::Timeout => Error::TimedOut {
                origin: origin(None),
            },
            _ => Error::Database {
                code: c.code,
                message: c.message,
                origin: Origin::default(),
            },
        }
    }
}

/// A backend's failure as the client's error: a database error through the driver's one
/// classification (`driver::fault`), the pool's timeout as P2024.
impl From<driver::backend::Failure> for Error {
    fn from(f: driver::backend::Failure) -> Self {
        use driver::backend::Failure;
        match f {
            Failure::Database(classified) => classified.into(),
            Failure::Pool(e) => e.into(),
            Failure::Connection(message) => Error::Connection(message),
            Failure::Tls(message) => Error::Tls(message),
            Failure::InvalidQuery(message) => Error::InvalidQuery(message),
            // SQLite's write gate, held by another writer past the busy timeout: what SQLite's
            // own SQLITE_BUSY is, P1008 as in Prisma 7.
            Failure::Busy => Error::TimedOut {
                origin: Origin::default(),
            },
        }
    }
}
