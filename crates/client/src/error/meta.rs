//! Prisma's `meta` on errors: the facts of an error as Prisma 7's client reports them, typed
//! ([`Error::meta`]; docs/decisions/0028-error-meta.md).

use std::fmt;

use super::{Error, NOT_AVAILABLE};

/// What a constraint violation names, as Prisma 7's messages and `meta` name it (its driver
/// adapters' `constraint: { fields } | { index } | { foreignKey }`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConstraintTarget {
    /// The constraint's fields: ``fields: (`a`, `b`)``.
    Fields(Vec<String>),
    /// The constraint or index, by name: ``constraint: `User_email_key` ``.
    Constraint(String),
    /// A foreign key the database does not name (SQLite): `foreign key`.
    ForeignKey,
}

impl fmt::Display for ConstraintTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintTarget::Fields(fields) => {
                let fields: Vec<String> = fields.iter().map(|n| format!("`{n}`")).collect();
                write!(f, "fields: ({})", fields.join(", "))
            }
            ConstraintTarget::Constraint(name) => write!(f, "constraint: `{name}`"),
            ConstraintTarget::ForeignKey => f.write_str("foreign key"),
        }
    }
}

impl From<driver::Target> for ConstraintTarget {
    fn from(t: driver::Target) -> Self {
        match t {
            driver::Target::Fields(fields) => ConstraintTarget::Fields(fields),
            driver::Target::Index(name) => ConstraintTarget::Constraint(name),
            driver::Target::ForeignKey => ConstraintTarget::ForeignKey,
        }
    }
}

/// The database's own error: its code (SQLSTATE on PostgreSQL, the error number on MySQL, the
/// extended result code on SQLite) and message. Prisma's `meta.driverAdapterError.cause`'s
/// `originalCode` and `originalMessage`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DatabaseError {
    /// The database's code.
    pub code: String,
    /// The database's message (PostgreSQL's primary message, without DETAIL or HINT).
    pub message: String,
}

/// The facts an error's variant does not hold itself: the model of the operation, the
/// database's own error and what the database named. Opaque (and one pointer wide, so that
/// `Result`s stay small): read it through [`Error::meta`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin(Option<Box<Facts>>);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Facts {
    model: Option<String>,
    database: Option<DatabaseError>,
    target: Option<ConstraintTarget>,
}

impl Origin {
    /// A database error's: its code and message, and what it named.
    pub(super) fn database(code: &str, message: &str, target: Option<ConstraintTarget>) -> Self {
        Origin(Some(Box::new(Facts {
            model: None,
            database: Some(DatabaseError {
                code: code.to_owned(),
                message: message.to_owned(),
            }),
            target,
        })))
    }

    /// What the database named, as Prisma 7's adapter reads it.
    pub(super) fn target(&self) -> Option<&ConstraintTarget> {
        self.0.as_ref()?.target.as_ref()
    }
}

/// Prisma's `meta` of an error, typed: what [`Error::meta`] returns. Each field is set where
/// Prisma 7's client sets the fact (`modelName`, `target`, `table`, `column_name`, …) and the
/// database or the client knows it; `None` otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorMeta {
    /// The model of the operation that failed (Prisma's `modelName`): the model whose
    /// operation was called (`client.user().create(…)`: `User`), or, for a constraint
    /// violation (P2002, P2003, P2011) in a nested write, the model of the table whose
    /// constraint was violated; for the fluent API, the model its chain starts from; for
    /// `client::dynamic`, the model it was given. `None` outside model operations (raw queries,
    /// connecting).
    pub model_name: Option<String>,
    /// What a constraint violation names (P2002, P2003, P2011): the fields, or the constraint,
    /// as Prisma 7's driver adapter reads them from the database's error.
    pub target: Option<ConstraintTarget>,
    /// The table (P2021).
    pub table: Option<String>,
    /// The column (P2000, P2022, P2023), where the database names it.
    pub column: Option<String>,
    /// The database's name (P1003, P1010).
    pub database: Option<String>,
    /// The user's name (P1000).
    pub user: Option<String>,
    /// The relation (P2014, P2017).
    pub relation: Option<String>,
    /// The other model of the relation (P2014: `model_b_name`; P2017: `child_name`).
    pub related_model: Option<String>,
    /// What happened, in words (P2025's `cause`, P2020, P2029, P2037, P2007, P2018, P2023, P2028,
    /// P2009, P1001).
    pub cause: Option<String>,
    /// The database's own code and message, for every error the database raised (Prisma's
    /// `driverAdapterError`; P2039 and P2010 show them in their message).
    pub database_error: Option<DatabaseError>,
}

/// `Some(name)`, unless the database named nothing.
fn named(name: &str) -> Option<String> {
    (name != NOT_AVAILABLE).then(|| name.to_owned())
}

impl Error {
    /// Prisma's `meta` for this error: the model, what the database named, and the
    /// database's own code and message ([`ErrorMeta`]).
    pub fn meta(&self) -> ErrorMeta {
        let mut meta = ErrorMeta::default();
        if let Some(Origin(Some(facts))) = self.origin() {
            meta.model_name = facts.model.clone();
            meta.database_error = facts.database.clone();
            meta.target = facts.target.clone();
        }
        match self {
            Error::UniqueConstraint { fields, .. } => {
                meta.target
                    .get_or_insert_with(|| ConstraintTarget::Fields(fields.clone()));
            }
            Error::ForeignKeyConstraint { field, .. } => {
                meta.target
                    .get_or_insert_with(|| super::constraint_or_foreign_key(field));
            }
            Error::NullConstraint { .. }
            | Error::TransactionConflict { .. }
            | Error::ConnectionClosed { .. }
            | Error::MissingFullTextIndex { .. }
            | Error::TimedOut { .. }
            | Error::PoolTimeout { .. } => {}
            Error::RecordNotFound { cause, .. }
            | Error::ValueOutOfRange { cause, .. }
            | Error::TooManyConnections { cause, .. }
            | Error::QueryParameterLimitExceeded { cause, .. }
            | Error::ConnectedRecordsNotFound { cause }
            | Error::InvalidInputValue { message: cause, .. }
            | Error::Connection(cause)
            | Error::Tls(cause)
            | Error::Transaction(cause)
            | Error::InvalidQuery(cause) => meta.cause = Some(cause.clone()),
            Error::RelationViolation {
                relation,
                model_a,
                model_b,
            } => {
                meta.relation = Some(relation.clone());
                meta.model_name.get_or_insert_with(|| model_a.clone());
                meta.related_model = Some(model_b.clone());
            }
            Error::RecordsNotConnected {
                relation,
                parent,
                child,
            } => {
                meta.relation = Some(relation.clone());
                meta.model_name.get_or_insert_with(|| parent.clone());
                meta.related_model = Some(child.clone());
            }
            Error::AuthenticationFailed { user, .. } => meta.user = named(user),
            Error::DatabaseDoesNotExist { database, .. }
            | Error::DatabaseAccessDenied { database, .. } => meta.database = named(database),
            Error::ValueTooLong { column, .. } | Error::ColumnNotFound { column, .. } => {
                meta.column = named(column);
            }
            Error::TableDoesNotExist { table, .. } => meta.table = named(table),
            Error::Decode { column, message } => {
                meta.column = Some(column.clone());
                meta.cause = Some(message.clone());
            }
            Error::Database { code, message, .. } | Error::RawQueryFailed { code, message } => {
                meta.database_error = Some(DatabaseError {
                    code: code.clone(),
                    message: message.clone(),
                });
            }
        }
        meta
    }

    /// The error with `model` as the model of the operation that failed, unless it names one
    /// already (the operations' `exec` call this on their way out).
    pub(crate) fn in_model(mut self, model: &str) -> Self {
        if let Some(Origin(facts)) = self.origin_mut() {
            facts
                .get_or_insert_with(Box::default)
                .model
                .get_or_insert_with(|| model.to_owned());
        }
        self
    }

    /// A constraint violation (P2002, P2003, P2011) with `model`, the model of the table whose
    /// constraint was violated, as its model, unless it names one already: a nested write's
    /// statements call this with the related model, as Prisma names the model of the violated
    /// table rather than the called one. Other errors are left as they are.
    pub(crate) fn in_constraint_model(self, model: &str) -> Self {
        match self {
            Error::UniqueConstraint { .. }
            | Error::ForeignKeyConstraint { .. }
            | Error::NullConstraint { .. } => self.in_model(model),
            other => other,
        }
    }

    /// The error with `model` as the model of the operation that failed, whatever it named
    /// before: a fluent chain's errors name the model the chain starts from, as Prisma's, whose
    /// chain is one query of that model.
    pub(crate) fn named_model(mut self, model: &str) -> Self {
        if let Some(Origin(facts)) = self.origin_mut() {
            facts.get_or_insert_with(Box::default).model = Some(model.to_owned());
        }
        self
    }

    fn origin(&self) -> Option<&Origin> {
        match self {
            Error::UniqueConstraint { origin, .. }
            | Error::ForeignKeyConstraint { origin, .. }
            | Error::NullConstraint { origin, .. }
            | Error::RecordNotFound { origin, .. }
            | Error::TransactionConflict { origin }
            | Error::AuthenticationFailed { origin, .. }
            | Error::DatabaseDoesNotExist { origin, .. }
            | Error::DatabaseAccessDenied { origin, .. }
            | Error::ConnectionClosed { origin }
            | Error::ValueTooLong { origin, .. }
            | Error::InvalidInputValue { origin, .. }
            | Error::ValueOutOfRange { origin, .. }
            | Error::TableDoesNotExist { origin, .. }
            | Error::ColumnNotFound { origin, .. }
            | Error::MissingFullTextIndex { origin }
            | Error::TooManyConnections { origin, .. }
            | Error::QueryParameterLimitExceeded { origin, .. }
            | Error::Database { origin, .. }
            | Error::TimedOut { origin } => Some(origin),
            _ => None,
        }
    }

    fn origin_mut(&mut self) -> Option<&mut Origin> {
        match self {
            Error::UniqueConstraint { origin, .. }
            | Error::ForeignKeyConstraint { origin, .. }
            | Error::NullConstraint { origin, .. }
            | Error::RecordNotFound { origin, .. }
            | Error::TransactionConflict { origin }
            | Error::AuthenticationFailed { origin, .. }
            | Error::DatabaseDoesNotExist { origin, .. }
            | Error::DatabaseAccessDenied { origin, .. }
            | Error::ConnectionClosed { origin }
            | Error::ValueTooLong { origin, .. }
            | Error::InvalidInputValue { origin, .. }
            | Error::ValueOutOfRange { origin, .. }
            | Error::TableDoesNotExist { origin, .. }
            | Error::ColumnNotFound { origin, .. }
            | Error::MissingFullTextIndex { origin }
            | Error::TooManyConnections { origin, .. }
            | Error::QueryParameterLimitExceeded { origin, .. }
            | Error::Database { origin, .. }
            | Error::TimedOut { origin } => Some(origin),
            _ => None,
        }
    }
}
