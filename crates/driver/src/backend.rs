//! The backends the client runs its statements on, one per database: a pool of the driver's
//! connections (`driver::pool`), each with its cache of prepared statements; statements with
//! bound parameters ([`Bind`](crate::bind::Bind)); rows read as [`Cells`](crate::Cells);
//! transactions on a connection taken out of the pool; errors classified once
//! (`driver::fault`) and returned as a [`Failure`].
//!
//! A database whose cargo feature is off has a stand-in with the same names, whose types have
//! no values: opening it fails with the feature to turn on, and the compiler proves every
//! other path unreachable.

use crate::error::Error;
use crate::fault::Classified;

#[cfg(feature = "mysql")]
pub use crate::mysql::backend as mysql;
#[cfg(not(feature = "mysql"))]
#[path = "mysql/off.rs"]
pub mod mysql;
#[cfg(feature = "postgresql")]
pub use crate::postgres::backend as postgres;
#[cfg(not(feature = "postgresql"))]
#[path = "postgres/off.rs"]
pub mod postgres;
#[cfg(feature = "sqlite")]
pub use crate::sqlite::backend as sqlite;
#[cfg(not(feature = "sqlite"))]
#[path = "sqlite/off.rs"]
pub mod sqlite;

/// Why a backend could not run a statement.
#[derive(Debug)]
pub enum Failure {
    /// The database refused it, classified (`driver::fault`).
    Database(Classified),
    /// The pool gave no connection (its timeout: Prisma's P2024).
    Pool(Error),
    /// No connection could be opened (the message says why).
    Connection(String),
    /// The statement cannot be run as given (its parameters), refused before the database
    /// saw it.
    InvalidQuery(String),
    /// Another writer held the database file longer than the busy timeout (SQLite).
    Busy,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Pool(e)
    }
}

impl From<Classified> for Failure {
    fn from(c: Classified) -> Self {
        Failure::Database(c)
    }
}

/// The result of a backend's call.
pub type Result<T, E = Failure> = std::result::Result<T, E>;
