//! W1–W8 of `shared/bench/WORKLOADS.md`: the generated points client against the same work
//! hand-written on the driver, in the same process, one module per database:
//!
//! - [`sqlite`]: rusqlite with cached prepared statements, on a fresh SQLite file;
//! - [`postgres`]: tokio-postgres with prepared statements, on a fresh database of the server
//!   `REFRACT_TEST_POSTGRES_URL` names (skipped with a message when it is not set);
//! - [`mysql`]: mysql_async with prepared statements, on a fresh database of the MySQL or
//!   MariaDB server `REFRACT_TEST_MYSQL_URL` names (skipped with a message when it is not set).
//!
//! Each workload runs five times on fresh databases, alternating the two implementations; the
//! best run of each counts. Results are checked (row counts, the leaderboard's first user) so
//! that a fast wrong answer fails.
//!
//! Run: `cargo bench -p client --bench workloads [W4] [sqlite|postgresql|mysql]`. Prints one line
//! per workload and database, in operations per second; SQLite's lines carry no database
//! name, the others carry it in brackets:
//! `W4 include client=1234.5 baseline=1300.0 ratio=0.95`,
//! `W4 include [postgresql] client=1234.5 baseline=1300.0 ratio=0.95`.
//! `W4j` is W4 with `relation_load_strategy(Join)` against the same baseline (one statement
//! per query on PostgreSQL; the query strategy on SQLite and MySQL/MariaDB, as in Prisma).

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(dead_code, reason = "the benchmark uses part of the generated client")]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}

mod common;
mod mysql;
mod postgres;
mod sqlite;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = common::Options::from_args(&args);
    if options.wants("sqlite") {
        sqlite::run(&options);
    }
    if options.wants("postgresql") {
        postgres::run(&options);
    }
    if options.wants("mysql") {
        mysql::run(&options);
    }
}
