//! Errors as Prisma 7's client reports them: each code provoked on each database where its
//! cause exists, through the generated client of `crates/client-gen/tests/fixtures/views.prisma`
//! (its `Sale` model) on a table changed behind the client's back, as a drifted database does.
//!
//! Where a cause does not exist on a database, the test says so and checks what happens
//! instead: SQLite has no length or range limit per column (P2000, P2020), PostgreSQL alone
//! reports invalid input (P2007), and SQLite has no server to refuse a login (P1000, P1003,
//! P2037) or close a connection (P1017).

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../../client-gen/tests/expect/views.rs");
}
/// The generated client of a schema with relations and unique fields, for nested writes.
#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod nested_db {
    include!("../../../client-gen/tests/expect/all_types.rs");
}
#[path = "../support/mod.rs"]
mod support;

// The tests, one file per kind of cause; the helpers they share are below.
mod common;
mod connections;
mod constraints;
mod drift;
mod limits;
mod limits_bytes;
mod models;
mod nested;
mod queries;
mod values;

use client::{Client, Dialect};

/// Runs `sql` on the client's database, panicking with the statement on failure.
async fn run(c: &Client, sql: &str) {
    c.execute_raw(sql, vec![])
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The identifier quote of the client's dialect.
fn quote(c: &Client) -> &'static str {
    if c.dialect() == Dialect::Mysql {
        "`"
    } else {
        "\""
    }
}
