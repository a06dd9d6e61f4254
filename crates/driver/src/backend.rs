//! The backends the client runs its statements on, one per database: a pool of the driver's
//! connections (`driver::pool`), each with its cache of prepared statements; statements with
//! bound parameters ([`Bind`](crate::bind::Bind)); rows read as [`Cells`](crate::Cells);
//! transactions on a connection taken out of the pool; errors classified once
//! (`driver::fault`) and returned as a [`Failure`].
//!
//! A database whose cargo feature is off has a stand-in with the same names, whose types have
//! no values: opening it fails with the feature to turn on, and the compiler proves every
//! other path unreachable.

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

pub use crate::fault::Failure;
