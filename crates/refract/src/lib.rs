//! Refract: Prisma's schema, migrations and client, in Rust. This is the crate an application
//! names in its Cargo.toml; `refract generate` writes the typed module (`prisma.rs`) that runs
//! on it.
//!
//! ```toml
//! [dependencies]
//! refract = { path = "../refract/crates/refract", default-features = false, features = ["sqlite", "migrate"] }
//! ```
//!
//! What is here, and nothing else, is the API (docs/decisions/0011-front-crate.md):
//!
//! - the client: [`Client`] (connect, transactions, batches, raw queries), [`ClientOptions`],
//!   [`Transaction`], [`IsolationLevel`], [`Error`] and [`Result`];
//! - an error's Prisma `meta` ([`Error::meta`]): [`ErrorMeta`], [`ConstraintTarget`],
//!   [`DatabaseError`], and [`Origin`] (the opaque field of the database's errors);
//! - what the generated module's calls return and take, for an application to name in its
//!   own signatures: the query builders ([`FindMany`], [`FindFirst`], [`Create`], …, and the
//!   fluent API's [`FluentMany`] and [`FluentOne`]),
//!   [`Filter`], [`Order`], [`Set`], [`CreateData`], [`UpdateData`], [`AggExpr`], [`Related`],
//!   [`Omitted`], and [`and`], [`or`], [`not`];
//! - raw queries' values and rows: [`Value`], [`RowReader`], [`FromColumn`], [`DecodeError`];
//! - field values: [`Decimal`] (exact) and [`DecimalError`]; Json's nulls [`JsonNull`],
//!   [`DbNull`] and [`NullableJson`], and [`JsonPath`] filters with [`JsonPathError`];
//! - the database in use: [`Dialect`], [`Returning`];
//! - extensions (Prisma's `$extends`): [`Extension`] and [`QueryHook`] with its arguments
//!   ([`ReadArgs`], [`CreateArgs`], [`UpdateArgs`], [`UpsertArgs`], [`DeleteArgs`],
//!   [`OperationKind`]), [`Around`] hooks with [`Next`] and [`HookFuture`] (Prisma's
//!   `query(args)` continuation; the `select`/`omit` forms as a [`SelectCall`] whose result is a
//!   [`Selected`]), computed fields ([`Computed`], [`computed`], [`Compute`], [`Pick`],
//!   [`Whole`]), and for model methods [`Delegate`] and [`Model`];
//! - logging and tracing: [`Log`], [`LogLevel`], [`SqlCommenter`], [`CommentContext`], and the
//!   targets of the events and spans ([`QUERY_TARGET`], …);
//! - with the `migrate` feature (on by default), [`migrate::deploy`]: apply the migrations
//!   folder at start-up.
//!
//! Features: `sqlite`, `postgresql`, `mysql` (the databases whose drivers are compiled in; all
//! on by default) and `migrate`.
//!
//! The guide with every call beside its Prisma form is docs/client.md; its examples are this
//! crate's doctests (`cargo test -p refract --doc`).

#![deny(missing_docs)]

pub use client::{
    AggExpr, AggregateQuery, AggregateRow, Batch, Client, ClientOptions, Count, Create, CreateData,
    CreateMany, DbNull, Decimal, DecimalError, DecodeError, DeleteMany, DeleteOne, Dialect, Error,
    Filter, FindFirst, FindMany, FluentMany, FluentOne, FluentOneSelect, FluentSelect, FromColumn,
    GroupBy, IsolationLevel, JsonNull, JsonPath, JsonPathError, NullableJson, Omitted, Operation,
    Order, Related, RelationLoadStrategy, Relevance, Result, Returning, RowReader, Set,
    Transaction, TransactionOptions, UpdateData, UpdateMany, UpdateOne, Upsert, Value, and, not,
    or, relevance,
};
pub use client::{ConstraintTarget, DatabaseError, ErrorMeta, Origin};

// Extensions (docs/client.md#extensions): query hooks, computed fields, model methods.
pub use client::{Around, HookFuture, Next, SelectCall, Selected};
pub use client::{
    Compute, Computed, CreateArgs, Delegate, DeleteArgs, Extension, Model, OperationKind, Pick,
    QueryHook, ReadArgs, UpdateArgs, UpsertArgs, Whole, computed,
};

// Logging and tracing (docs/client.md#logging-and-tracing).
pub use client::{
    CommentContext, ERROR_TARGET, INFO_TARGET, Log, LogLevel, QUERY_TARGET, SPAN_TARGET,
    SqlCommenter, WARN_TARGET,
};

#[cfg(feature = "migrate")]
pub mod migrate;

/// What generated code names (`::refract::__private::…`): hidden, outside any semver promise,
/// changed together with the generator.
#[doc(hidden)]
pub use client::__private;

/// docs/client.md, whose examples are doctests of this crate.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/client.md")]
pub mod guide {}
