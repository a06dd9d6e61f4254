//! The runtime of Refract's generated client. Users reach it through the `refract` crate.
//!
//! Generated code describes each model once (its metadata, under the hidden `__private` path)
//! and builds typed filters, orderings and data ([`Filter`], [`Order`], [`Set`],
//! [`CreateData`], `Include`) over a small query AST of this crate. The runtime renders that
//! AST to SQL per dialect (identifiers quoted by the dialect, values always bound parameters),
//! runs it on SQLite, PostgreSQL or MySQL/MariaDB through the `driver` crate's seam (its pools,
//! cached prepared statements and one classification of database errors), and loads relations
//! with one query per include level or, where the database allows, in the same statement
//! ([`RelationLoadStrategy`]).
//!
//! Every operation is a `refract.operation` span, every statement a `refract.query` span in it
//! (DEBUG, target `refract::span`; Prisma's span names as `otel.name`), and Prisma's `log`
//! levels are `tracing` events ([`Log`]; docs/client.md, "Logging and tracing").

#![deny(missing_docs)]

mod aggregate_row;
mod batch;
mod client;
mod compact;
mod computed;
mod decimal;
mod decode;
mod defaults;
mod dialect;
#[path = "dynamic.rs"]
mod dynamic_ops;
mod error;
mod extension;
mod fluent;
mod hooks;
mod include;
mod join;
mod json;
mod lists;
mod loader;
mod meta;
mod nested;
mod observe;
mod ops;
#[cfg(test)]
mod probe;
mod query;
mod related;
mod relation_mode;
mod render;
mod returning;
mod search;
mod select;
mod shape;
mod split;
#[cfg(test)]
mod tests;
mod transaction;
mod typed;
mod typed_sql;
mod upsert;
mod value;
mod write;

// The user-facing API: what `refract` re-exports (docs/decisions/0011-front-crate.md).
pub use batch::{Batch, Operation};
pub use client::{Client, ClientOptions, IsolationLevel, Transaction, TransactionOptions};
pub use computed::{Compute, Computed, computed};
pub use decimal::{Decimal, DecimalError};
pub use decode::{DecodeError, FromColumn, RowReader};
pub use error::{ConstraintTarget, DatabaseError, Error, ErrorMeta, Origin, Result};
pub use extension::{Around, HookFuture, Next, SelectCall, Selected};
pub use extension::{
    CreateArgs, DeleteArgs, Extension, OperationKind, QueryHook, ReadArgs, UpdateArgs, UpsertArgs,
};
pub use fluent::{FluentMany, FluentOne, FluentOneSelect, FluentSelect};
pub use join::RelationLoadStrategy;
pub use json::{DbNull, JsonNull, JsonPath, JsonPathError, NullableJson};
pub use observe::{
    CommentContext, ERROR_TARGET, INFO_TARGET, Log, LogLevel, QUERY_TARGET, SPAN_TARGET,
    SqlCommenter, WARN_TARGET,
};
pub use ops::{
    AggregateQuery, AggregateRow, Count, Create, CreateMany, Delegate, DeleteMany, DeleteOne,
    FindFirst, FindMany, GroupBy, UpdateMany, UpdateOne, Upsert,
};
pub use related::Related;
pub use render::{Dialect, Returning};
pub use search::{Relevance, relevance};
pub use select::{Omitted, Pick, Whole};
pub use typed::{AggExpr, Filter, Model, Order, Set, and, not, or};
pub use value::Value;
pub use write::{CreateData, UpdateData};

/// The schema-driven entry point for tools that learn the models at run time (Refract
/// Studio): models described by [`ModelMeta`](dynamic::ModelMeta) values built from a schema,
/// queries written as the runtime's query AST ([`Select`](dynamic::Select),
/// [`Cond`](dynamic::Cond)), rows read as [`Value`]s, with the client's defaults, `@updatedAt`
/// and error mapping. Not re-exported by `refract`: it follows Studio's needs and carries no
/// semver promise to applications.
pub mod dynamic {
    pub use crate::client::{Exec, Executor};
    pub use crate::dynamic_ops::*;
    pub use crate::meta::{
        ClientDefault, FieldMeta, JoinTable, ModelMeta, RelationMeta, ScalarKind,
    };
    pub use crate::meta::{EmulatedActions, ReferentialAction};
    pub use crate::query::{
        CmpOp, Col, Cond, JsonCond, JsonOp, LikeKind, ListCond, Nulls, OrderExpr, OrderItem,
        RelationQuantifier, Select, TextSearch,
    };
    pub use crate::render::ClientDialect;
}

/// What generated code names: `refract generate` writes `::refract::__private::…` paths.
/// Not part of the API: anything here may change in any release, together with the generator.
#[doc(hidden)]
pub mod __private {
    pub use crate::batch::{Batch, Operation};
    pub use crate::client::{
        Client, ClientOptions, Exec, Executor, IsolationLevel, Transaction, TransactionOptions,
    };
    pub use crate::compact::{
        BackWrites, FieldSlot, Handles, ManyWrites, No, OwnerWrites, RelationPick, RelationSlot,
        Yes,
    };
    pub use crate::decode::{DbEnum, DecodeError, FromColumn, RowReader};
    pub use crate::error::{Error, Result};
    pub use crate::fluent::{
        FluentMany, FluentOne, FluentOneSelect, FluentParent, FluentSelect, Parent,
    };
    pub use crate::include::{Assign, Include, RelationLoad};
    pub use crate::json::{JsonField, NullableJson};
    pub use crate::meta::{
        ClientDefault, DateTimeUtc, Decimal, FieldMeta, JoinTable, Json, ModelMeta, RelationMeta,
        ScalarKind,
    };
    pub use crate::meta::{EmulatedActions, ReferentialAction};
    pub use crate::nested::{Link, NestedUpdate, NestedWrite, RelationInfo};
    pub use crate::ops::{
        AggregateQuery, AggregateRow, Count, Create, CreateMany, Delegate, DeleteMany, DeleteOne,
        FindFirst, FindMany, GroupBy, UpdateMany, UpdateOne, Upsert,
    };
    pub use crate::related::Related;
    pub use crate::render::{ClientDialect, Dialect, Returning};
    pub use crate::select::{
        Cardinality, Omit, OmitField, Omitted, Pick, RelationCount, RelationSelect, SelectFirst,
        SelectMany, SelectWrite, Selection, Shaped, Slot, ToMany, ToOne, ToOptional, Whole,
    };
    pub use crate::shape::{OmitMarker, ReadShape, ReadSlots, SlotList};
    pub use crate::typed::{
        AggExpr, Creatable, DatePart, Field, Filter, Model, Numeric, Order, Relation, ScalarList,
        Set, Unique, UniqueField, Writable, and, not, or,
    };
    pub use crate::typed_sql::TypedSql;
    pub use crate::value::Value;
    pub use crate::write::{CreateData, UpdateData};

    /// Result shaping's type-level lists and futures.
    pub mod select {
        pub use crate::select::*;
    }

    /// The query AST (projections of generated selections).
    pub mod query {
        pub use crate::query::*;
    }

    /// The crates whose types generated structs hold, so that an application needs no direct
    /// dependency on them.
    pub mod reexports {
        pub use chrono;
        pub use rust_decimal;
        pub use serde_json;
    }
}
