//! Soak: 16 tasks for a few seconds, each running interactive transactions with an `.await`
//! inside (a read, a sleep, a write) between writes and reads outside transactions, on one
//! client. Every operation must succeed and the tasks must make progress: on SQLite, a task
//! waiting for the write lock must not block the thread the transaction holding it needs
//! (checked on a 2-worker runtime and on a single thread), and on PostgreSQL and MySQL the
//! same load runs as a comparison.
//!
//! `REFRACT_SOAK_SECONDS` lengthens a run (default 3); each test prints its figures.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod points {
    include!("../../../examples/points/src/prisma.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use client::Client;
use points::{Models, user};

const TASKS: usize = 16;

fn seconds() -> u64 {
    std::env::var("REFRACT_SOAK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
}

/// Runs the load and asserts zero errors and progress; returns the operations done.
async fn soak(client: Client, database: &str) {
    let run_for = Duration::from_secs(seconds());
    let started = Instant::now();
    let ops = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let (client, ops, errors) = (client.clone(), ops.clone(), errors.clone());
            tokio::spawn(async move {
                let mut i = 0u64;
                while started.elapsed() < run_for {
                    i += 1;
                    let email = format!("soak-{task}-{i}@example.com");
                    let result = match i % 3 {
                        // An interactive transaction with an await between its statements.
                        0 => {
                            client
                                .transaction(async |tx| {
                                    let before = tx.user().count().exec().await?;
                                    tokio::time::sleep(Duration::from_millis(1)).await;
                                    tx.user().create(user::create(email)).exec().await?;
                                    tokio::task::yield_now().await;
                                    let after = tx.user().count().exec().await?;
                                    assert!(after > before, "the transaction sees its write");
                                    Ok::<_, client::Error>(())
                                })
                                .await
                        }
                        // A write outside a transaction.
                        1 => client
                            .user()
                            .create(user::create(email))
                            .exec()
                            .await
                            .map(drop),
                        // A read.
                        _ => client.user().count().exec().await.map(drop),
                    };
                    match result {
                        Ok(()) => {
                            ops.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(e) => errors.lock().unwrap().push(format!("{} {e}", e.code())),
                    }
                }
            })
        })
        .collect();
    for t in tasks {
        tokio::time::timeout(run_for + Duration::from_secs(60), t)
            .await
            .expect("every task ends")
            .expect("no task panics");
    }
    let took = started.elapsed();
    let ops = ops.load(Ordering::Relaxed);
    let errors = errors.lock().unwrap().clone();
    eprintln!(
        "soak on {database}: {TASKS} tasks, {ops} operations, {} errors, {:.1} s",
        errors.len(),
        took.as_secs_f64()
    );
    assert!(
        errors.is_empty(),
        "{} errors in {ops} operations, the first: {:?}",
        errors.len(),
        &errors[..errors.len().min(3)]
    );
    // Far below what any database here does (hundreds per second even in a debug build on a
    // loaded machine); a stalled runtime does a few per busy timeout.
    let least = 30 * seconds();
    assert!(
        ops >= least,
        "only {ops} operations in {took:?} (at least {least} expected)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_on_two_worker_threads() {
    let db = support::sqlite("soak_mt", "points").await;
    soak(db.client.clone(), "SQLite, 2 worker threads").await;
}

#[tokio::test(flavor = "current_thread")]
async fn sqlite_on_one_thread() {
    let db = support::sqlite("soak_ct", "points").await;
    soak(db.client.clone(), "SQLite, current_thread").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_on_two_worker_threads() {
    let Some(db) = support::database(
        "postgresql",
        "soak",
        "points",
        client::ClientOptions::default(),
    )
    .await
    else {
        return;
    };
    soak(db.client.clone(), "PostgreSQL, 2 worker threads").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_on_two_worker_threads() {
    let Some(db) =
        support::database("mysql", "soak", "points", client::ClientOptions::default()).await
    else {
        return;
    };
    soak(db.client.clone(), "MySQL, 2 worker threads").await;
}
