//! Errors, with Prisma's error codes.

/// Everything a client call can fail with. [`Error::code`] gives Prisma's code where it has one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// P2002: a unique constraint was violated.
    #[error("Unique constraint failed on the fields: ({})", .fields.join(", "))]
    UniqueConstraint {
        /// The columns of the violated constraint.
        fields: Vec<String>,
    },
    /// P2003: a foreign key constraint was violated.
    #[error("Foreign key constraint violated on the {field}")]
    ForeignKeyConstraint {
        /// The constraint or column, as far as the database names it.
        field: String,
    },
    /// P2011: a required column was given NULL.
    #[error("Null constraint violation on the {field}")]
    NullConstraint {
        /// The column.
        field: String,
    },
    /// P2025: a record the operation needs was not found.
    #[error(
        "An operation failed because it depends on one or more records that were required but not found. {cause}"
    )]
    RecordNotFound {
        /// What was looked for.
        cause: String,
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
    TransactionConflict,
    /// P1001: the database could not be opened or reached.
    #[error("Can't reach database server: {0}")]
    Connection(String),
    /// P1000: the server refused the credentials.
    #[error(
        "Authentication failed against the database server, the provided database credentials for `{user}` are not valid"
    )]
    AuthenticationFailed {
        /// The user name, as far as the server names it (`(not available)` otherwise).
        user: String,
    },
    /// P1003: the database named in the URL does not exist on the server.
    #[error("Database `{database}` does not exist on the database server")]
    DatabaseDoesNotExist {
        /// The database's name, as far as the server names it.
        database: String,
    },
    /// P1010: the user may not use the database.
    #[error("User was denied access on the database `{database}`")]
    DatabaseAccessDenied {
        /// The database's name, as far as the server names it.
        database: String,
    },
    /// P1017: the server closed the connection.
    #[error("Server has closed the connection.")]
    ConnectionClosed,
    /// P2000: a value is too long for its column's type.
    #[error(
        "The provided value for the column is too long for the column's type. Column: {column}"
    )]
    ValueTooLong {
        /// The column, as far as the database names it (`(not available)` otherwise).
        column: String,
    },
    /// P2007: the database rejected a value as invalid input for its type.
    #[error("Invalid input value: {message}")]
    InvalidInputValue {
        /// The database's message.
        message: String,
    },
    /// P2020: a value is out of range for its column's type.
    #[error("Value out of range for the type: {cause}")]
    ValueOutOfRange {
        /// The database's message.
        cause: String,
    },
    /// P2021: a table the query uses does not exist.
    #[error("The table `{table}` does not exist in the current database.")]
    TableDoesNotExist {
        /// The table, as the database names it.
        table: String,
    },
    /// P2022: a column the query uses does not exist.
    #[error("The column `{column}` does not exist in the current database.")]
    ColumnNotFound {
        /// The column, as the database names it.
        column: String,
    },
    /// P2030: a full-text search found no full-text index on its columns.
    #[error(
        "Cannot find a fulltext index to use for the native search, try adding a @@fulltext([Fields...]) to your schema"
    )]
    MissingFullTextIndex,
    /// P2037: the server refused a connection because too many are open.
    #[error("Too many database connections opened: {cause}")]
    TooManyConnections {
        /// The database's message.
        cause: String,
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
    /// P2010: any other database error.
    #[error("Raw query failed. Code: `{code}`. Message: `{message}`")]
    Database {
        /// The database's own error code (SQLSTATE, SQLite extended code or MySQL error number).
        code: String,
        /// The database's message.
        message: String,
    },
}

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
            Error::TransactionConflict => "P2034",
            Error::Connection(_) => "P1001",
            Error::AuthenticationFailed { .. } => "P1000",
            Error::DatabaseDoesNotExist { .. } => "P1003",
            Error::DatabaseAccessDenied { .. } => "P1010",
            Error::ConnectionClosed => "P1017",
            Error::ValueTooLong { .. } => "P2000",
            Error::InvalidInputValue { .. } => "P2007",
            Error::ValueOutOfRange { .. } => "P2020",
            Error::TableDoesNotExist { .. } => "P2021",
            Error::ColumnNotFound { .. } => "P2022",
            Error::MissingFullTextIndex => "P2030",
            Error::TooManyConnections { .. } => "P2037",
            Error::Transaction(_) => "P2028",
            Error::Decode { .. } => "P2023",
            Error::InvalidQuery(_) => "P2009",
            Error::Database { .. } => "P2010",
        }
    }

    pub(crate) fn not_found(cause: impl Into<String>) -> Self {
        Error::RecordNotFound {
            cause: cause.into(),
        }
    }
}

/// What Prisma writes where the database names no table, column or database.
#[cfg(any(feature = "postgresql", feature = "mysql"))]
const NOT_AVAILABLE: &str = "(not available)";

/// The first `'…'`-quoted or `"…"`-quoted name in a database message, after `after`.
#[cfg(any(feature = "postgresql", feature = "mysql"))]
fn quoted_after(message: &str, after: &str, quote: char) -> Option<String> {
    let (_, rest) = message.split_once(after)?;
    let rest = rest.strip_prefix(quote)?;
    rest.split_once(quote).map(|(name, _)| name.to_owned())
}

#[cfg(feature = "sqlite")]
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        // A statement SQLite cannot prepare ("no such table", …) comes as `SqlInputError`.
        let failure = match &e {
            rusqlite::Error::SqliteFailure(f, msg) => Some((f, msg.clone())),
            rusqlite::Error::SqlInputError { error, msg, .. } => Some((error, Some(msg.clone()))),
            _ => None,
        };
        match failure {
            Some((f, msg)) => {
                let message = msg.unwrap_or_else(|| e.to_string());
                match (f.code, f.extended_code) {
                    // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY: "UNIQUE constraint failed: T.a, T.b"
                    (ErrorCode::ConstraintViolation, 2067 | 1555) => Error::UniqueConstraint {
                        fields: message
                            .split_once(": ")
                            .map(|(_, cols)| {
                                cols.split(", ")
                                    .map(|c| c.rsplit('.').next().unwrap_or(c).to_owned())
                                    .collect()
                            })
                            .unwrap_or_default(),
                    },
                    // SQLITE_CONSTRAINT_FOREIGNKEY
                    (ErrorCode::ConstraintViolation, 787) => Error::ForeignKeyConstraint {
                        field: "foreign key".to_owned(),
                    },
                    // SQLITE_CONSTRAINT_NOTNULL: "NOT NULL constraint failed: T.a"
                    (ErrorCode::ConstraintViolation, 1299) => Error::NullConstraint {
                        field: message
                            .split_once(": ")
                            .map(|(_, c)| c.rsplit('.').next().unwrap_or(c).to_owned())
                            .unwrap_or(message.clone()),
                    },
                    (ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked, _) => {
                        Error::TransactionConflict
                    }
                    (ErrorCode::CannotOpen | ErrorCode::NotADatabase, _) => {
                        Error::Connection(message)
                    }
                    // "no such table: T" / "no such column: c" / "table T has no column named c"
                    _ if message.starts_with("no such table: ") => Error::TableDoesNotExist {
                        table: message["no such table: ".len()..].to_owned(),
                    },
                    _ if message.starts_with("no such column: ") => Error::ColumnNotFound {
                        column: message["no such column: ".len()..].to_owned(),
                    },
                    _ if message.contains(" has no column named ") => Error::ColumnNotFound {
                        column: message
                            .split_once(" has no column named ")
                            .map_or_else(String::new, |(_, c)| c.to_owned()),
                    },
                    (_, code) => Error::Database {
                        code: code.to_string(),
                        message,
                    },
                }
            }
            None => Error::Database {
                code: "sqlite".to_owned(),
                message: e.to_string(),
            },
        }
    }
}

#[cfg(feature = "postgresql")]
impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Self {
        let Some(db) = e.as_db_error() else {
            if e.is_closed() {
                return Error::ConnectionClosed;
            }
            return Error::Database {
                code: "postgres".to_owned(),
                message: e.to_string(),
            };
        };
        let code = db.code().code();
        match code {
            "23505" => Error::UniqueConstraint {
                // "Key (a, b)=(1, 2) already exists."
                fields: db
                    .detail()
                    .and_then(|d| d.strip_prefix("Key ("))
                    .and_then(|d| d.split_once(")="))
                    .map(|(cols, _)| {
                        cols.split(", ")
                            .map(|c| c.trim_matches('"').to_owned())
                            .collect()
                    })
                    .unwrap_or_else(|| db.constraint().map(str::to_owned).into_iter().collect()),
            },
            "23503" => Error::ForeignKeyConstraint {
                field: db.constraint().unwrap_or("foreign key").to_owned(),
            },
            "23502" => Error::NullConstraint {
                field: db.column().unwrap_or("(not available)").to_owned(),
            },
            "40001" | "40P01" => Error::TransactionConflict,
            // PostgreSQL names no column for 22001, so Prisma's message says "(not available)".
            "22001" => Error::ValueTooLong {
                column: db.column().unwrap_or(NOT_AVAILABLE).to_owned(),
            },
            "22003" => Error::ValueOutOfRange {
                cause: db.message().to_owned(),
            },
            "22P02" => Error::InvalidInputValue {
                message: db.message().to_owned(),
            },
            // `relation "T" does not exist`
            "42P01" => Error::TableDoesNotExist {
                table: quoted_after(db.message(), "relation ", '"')
                    .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
            },
            // `column T.c does not exist` / `column "c" does not exist`
            "42703" => Error::ColumnNotFound {
                column: db
                    .message()
                    .strip_prefix("column ")
                    .and_then(|m| m.strip_suffix(" does not exist"))
                    .map_or_else(|| NOT_AVAILABLE.to_owned(), |c| c.replace('"', "")),
            },
            "53300" => Error::TooManyConnections {
                cause: db.message().to_owned(),
            },
            // `database "d" does not exist`
            "3D000" => Error::DatabaseDoesNotExist {
                database: quoted_after(db.message(), "database ", '"')
                    .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
            },
            // `… for user "u", database "d", …`
            "28000" => Error::DatabaseAccessDenied {
                database: quoted_after(db.message(), "database ", '"')
                    .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
            },
            // `password authentication failed for user "u"`
            "28P01" => Error::AuthenticationFailed {
                user: quoted_after(db.message(), "for user ", '"')
                    .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
            },
            _ => Error::Database {
                code: code.to_owned(),
                message: db.message().to_owned(),
            },
        }
    }
}

#[cfg(feature = "mysql")]
impl From<mysql_async::Error> for Error {
    fn from(e: mysql_async::Error) -> Self {
        let server = match e {
            mysql_async::Error::Server(server) => server,
            // An I/O failure on an open connection: the server closed it (connecting maps its
            // own failures to P1001).
            mysql_async::Error::Io(_) => return Error::ConnectionClosed,
            mysql_async::Error::Driver(mysql_async::DriverError::ConnectionClosed) => {
                return Error::ConnectionClosed;
            }
            mysql_async::Error::Driver(driver) => {
                return Error::Connection(driver.to_string());
            }
            other => {
                return Error::Database {
                    code: "mysql".to_owned(),
                    message: other.to_string(),
                };
            }
        };
        let message = server.message;
        match server.code {
            // "Duplicate entry 'x' for key 'User_email_key'" (the columns are looked up by
            // the MySQL backend; this is the index's name when they cannot be).
            1062 | 1586 => Error::UniqueConstraint {
                fields: message
                    .rsplit_once("for key '")
                    .map(|(_, key)| key.trim_end_matches('\'').to_owned())
                    .into_iter()
                    .collect(),
            },
            // "… a foreign key constraint fails (`db`.`T`, CONSTRAINT `T_x_fkey` FOREIGN KEY …"
            1216 | 1217 | 1451 | 1452 => Error::ForeignKeyConstraint {
                field: message
                    .split_once("CONSTRAINT `")
                    .and_then(|(_, rest)| rest.split_once('`'))
                    .map_or_else(|| "foreign key".to_owned(), |(name, _)| name.to_owned()),
            },
            // "Column 'x' cannot be null" / "Field 'x' doesn't have a default value"
            1048 | 1364 => Error::NullConstraint {
                field: message
                    .split('\'')
                    .nth(1)
                    .map_or_else(|| message.clone(), str::to_owned),
            },
            // Deadlock, lock wait timeout.
            1213 | 1205 => Error::TransactionConflict,
            // "Data too long for column 'c' at row 1"
            1406 => Error::ValueTooLong {
                column: quoted_after(&message, "for column ", '\'')
                    .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
            },
            // "Out of range value for column 'c' at row 1" / "BIGINT value is out of range in …"
            1264 | 1690 => Error::ValueOutOfRange { cause: message },
            // "Table 'db.T' doesn't exist"
            1146 => Error::TableDoesNotExist {
                table: message
                    .split('\'')
                    .nth(1)
                    .map(|t| t.rsplit('.').next().unwrap_or(t).to_owned())
                    .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
            },
            // "Unknown column 'c' in 'field list'"
            1054 => Error::ColumnNotFound {
                column: quoted_after(&message, "column ", '\'')
                    .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
            },
            1191 => Error::MissingFullTextIndex,
            // "Too many connections" / "User u already has more than 'max_user_connections' …"
            1040 | 1203 => Error::TooManyConnections { cause: message },
            // "Unknown database 'd'"
            1049 => Error::DatabaseDoesNotExist {
                database: message
                    .split('\'')
                    .nth(1)
                    .map_or_else(|| NOT_AVAILABLE.to_owned(), str::to_owned),
            },
            // "Access denied for user 'u'@'h' to database 'd'"
            1044 => Error::DatabaseAccessDenied {
                database: quoted_after(&message, "to database ", '\'')
                    .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
            },
            // "Access denied for user 'u'@'h' (using password: YES)"
            1045 => Error::AuthenticationFailed {
                user: quoted_after(&message, "for user ", '\'')
                    .unwrap_or_else(|| NOT_AVAILABLE.to_owned()),
            },
            code => Error::Database {
                code: code.to_string(),
                message,
            },
        }
    }
}
