//! The runtime of Refract's generated client.
//!
//! Generated code describes each model once ([`ModelMeta`], [`RelationMeta`]) and builds typed
//! filters, orderings and data ([`Filter`], [`Order`], [`Set`], [`CreateData`], [`Include`])
//! over a small query AST ([`query`]). The runtime renders that AST to SQL per dialect
//! ([`render`]: identifiers quoted, values always bound), runs it on SQLite or PostgreSQL, and
//! loads relations with one query per include level ([`include`]).
//!
//! On SQLite, statements run on the calling task's thread with cached prepared statements
//! (`prepare_cached`) on a pool of connections in WAL mode with a busy timeout: an SQLite call
//! is a function call, faster than any hop to a worker thread. On PostgreSQL, tokio-postgres
//! runs the statements, each prepared once per connection.
//!
//! Every statement is traced with a `refract.query` span at DEBUG level carrying the SQL, the
//! number of parameters and the duration in microseconds.

#![deny(missing_docs)]

mod batch;
mod client;
pub mod decode;
pub mod defaults;
pub mod dynamic;
mod error;
pub mod include;
pub mod lists;
pub mod meta;
// Each database's backend, or, when its feature is off, a stand-in with the same names whose
// types have no values: the client's code stays the same and the compiler proves every branch
// of a left-out database unreachable; connecting to one is an error naming the feature.
#[cfg(feature = "mysql")]
mod mysql;
#[cfg(not(feature = "mysql"))]
#[path = "off/mysql.rs"]
mod mysql;
pub mod nested;
mod ops;
#[cfg(feature = "postgresql")]
mod postgres;
#[cfg(not(feature = "postgresql"))]
#[path = "off/postgres.rs"]
mod postgres;
pub mod query;
mod related;
pub mod render;
mod returning;
pub mod select;
mod shape;
#[cfg(feature = "sqlite")]
mod sqlite;
#[cfg(not(feature = "sqlite"))]
#[path = "off/sqlite.rs"]
mod sqlite;
mod typed;
pub mod value;

pub use batch::{Batch, Operation};
pub use client::{Client, ClientOptions, Exec, Executor, IsolationLevel, Transaction};
pub use decode::{DbEnum, DecodeError, FromColumn, RowReader};
pub use error::{Error, Result};
pub use include::{Assign, Include, RelationLoad};
pub use meta::{
    ClientDefault, DateTimeUtc, Decimal, FieldMeta, JoinTable, Json, ModelMeta, RelationMeta,
    ScalarKind,
};
pub use nested::{Link, NestedUpdate, NestedWrite, RelationInfo, UpdateData};
pub use ops::{
    AggregateQuery, AggregateRow, Count, Create, CreateData, CreateMany, Delegate, DeleteMany,
    DeleteOne, FindFirst, FindMany, GroupBy, UpdateMany, UpdateOne, Upsert,
};
pub use related::Related;
pub use render::{Dialect, Returning};
pub use select::{
    Cardinality, Omit, OmitField, Omitted, Pick, RelationCount, RelationSelect, SelectFirst,
    SelectMany, SelectWrite, Selection, Shaped, Slot, ToMany, ToOne, ToOptional, Whole,
};
pub use shape::{OmitMarker, ReadShape, SlotList};
pub use typed::{
    AggExpr, Creatable, Field, Filter, Model, Numeric, Order, Relation, ScalarList, Set, Unique,
    UniqueField, Writable, and, not, or,
};
pub use value::Value;

/// Re-exports generated code uses, so that an application needs no direct dependency on them.
pub mod reexports {
    pub use chrono;
    #[cfg(feature = "sqlite")]
    pub use rusqlite;
    pub use rust_decimal;
    pub use serde_json;
    #[cfg(feature = "postgresql")]
    pub use tokio_postgres;
}
