//! The database-neutral SQL schema that every migration diff compares, whatever it came from
//! (a Prisma schema through `migrate`'s calculate, a migrations folder replayed, a live
//! database introspected, or nothing), and the differ that turns two of them into ordered
//! migration steps.
//!
//! - [`model`]: the stored data ([`SqlSchema`], [`Table`], [`Column`], …), plain structs easy
//!   to build by hand; items are addressed by ids ([`TableId`], [`ColumnId`], …).
//! - [`walkers`]: typed read-only views (`schema.walk(id)`) that navigate the model.
//! - [`differ`]: [`diff`] two schemas into a [`Migration`] of ordered [`MigrationStep`]s
//!   ([`steps`]), asking the dialect's [`DifferFlavour`] what it can do in place.
//!
//! This crate knows no dialect's syntax: type spellings are opaque strings chosen by the
//! dialect module of `migrate`, which also renders steps to SQL.
#![deny(missing_docs)]

mod checks;
pub mod differ;
mod extensions;
mod external;
pub mod model;
pub mod predicate;
pub mod steps;
pub mod walkers;

pub use differ::{DifferFlavour, diff};
pub use model::*;
pub use steps::*;
pub use walkers::*;
