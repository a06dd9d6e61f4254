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
    /// P1001 / P1003: the database could not be opened or reached.
    #[error("Can't reach database server: {0}")]
    Connection(String),
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

#[cfg(feature = "sqlite")]
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match &e {
            rusqlite::Error::SqliteFailure(f, msg) => {
                let message = msg.clone().unwrap_or_else(|| e.to_string());
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
                    (_, code) => Error::Database {
                        code: code.to_string(),
                        message,
                    },
                }
            }
            _ => Error::Database {
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
                return Error::Connection(e.to_string());
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
            mysql_async::Error::Io(io) => return Error::Connection(io.to_string()),
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
            code => Error::Database {
                code: code.to_string(),
                message,
            },
        }
    }
}
