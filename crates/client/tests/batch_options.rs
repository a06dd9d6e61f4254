//! The batch transaction (`client.batch_with(options, …)`, Prisma's `$transaction([…],
//! { maxWait, timeout, isolationLevel })`) honours `max_wait` and `timeout` as the interactive
//! transaction does: P2028 past `max_wait`, before anything runs; P2028 when `timeout` is up,
//! with nothing kept. On SQLite, PostgreSQL and MariaDB.

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

use std::time::{Duration, Instant};

use client::{Client, ClientOptions, IsolationLevel, TransactionOptions};
use points::{Models, user};
use support::TestDb;

/// Runs each scenario on a fresh database of the points schema, on every database.
macro_rules! on_every_database {
    ($($name:ident),* $(,)?) => {
        mod sqlite_tests {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::support::sqlite(stringify!($name), "points").await;
                    super::$name(&db).await;
                }
            )*
        }
        mod postgres_tests {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = $crate::support::postgres(stringify!($name), "points").await else { return };
                    super::$name(&db).await;
                }
            )*
        }
        mod mysql_tests {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = $crate::support::mysql(stringify!($name), "points").await else { return };
                    super::$name(&db).await;
                }
            )*
        }
    };
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn creates(c: &Client, n: usize) -> Vec<client::Create<'_, points::User>> {
    (0..n)
        .map(|i| c.user().create(user::create(format!("u{i}@example.com"))))
        .collect()
}

/// Past `max_wait` (the one connection held by another transaction), the batch fails with
/// P2028 and runs nothing; the client's default applies when the call sets none.
async fn batch_max_wait(db: &TestDb) {
    let options = ClientOptions {
        max_connections: 1,
        transaction_options: TransactionOptions::new().max_wait(ms(200)),
        ..ClientOptions::default()
    };
    let c = Client::connect_with(&db.url, options).await.unwrap();
    let held = c.begin(None).await.unwrap();
    for options in [
        TransactionOptions::new().max_wait(ms(300)),
        TransactionOptions::default(),
    ] {
        let started = Instant::now();
        let e = c.batch_with(options, creates(&c, 2)).await.unwrap_err();
        let waited = started.elapsed();
        assert_eq!(e.code(), "P2028", "{e}");
        assert_eq!(
            e.to_string(),
            "Transaction API error: Unable to start a transaction in the given time."
        );
        assert!(
            waited >= ms(200) && waited < Duration::from_secs(2),
            "{waited:?}"
        );
    }
    held.rollback().await.unwrap();
    assert_eq!(c.user().count().exec().await.unwrap(), 0);
}

/// When `timeout` is up while the batch runs, the transaction is rolled back and the batch
/// fails with P2028: none of its creates is kept. An isolation level alone still works, and
/// a batch within its time commits.
async fn batch_timeout(db: &TestDb) {
    let c = &db.client;
    let e = c
        .batch_with(TransactionOptions::new().timeout(ms(1)), creates(c, 200))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "P2028", "{e}");
    assert!(
        e.to_string().contains("expired transaction"),
        "Prisma 7's message: {e}"
    );
    assert_eq!(c.user().count().exec().await.unwrap(), 0, "nothing kept");

    let isolation = if c.dialect() == client::Dialect::Sqlite {
        None
    } else {
        Some(IsolationLevel::Serializable)
    };
    let made = c.batch_with(isolation, creates(c, 3)).await.unwrap();
    assert_eq!(made.len(), 3);
    let made = c
        .batch_with(
            TransactionOptions::new().timeout(Duration::from_secs(30)),
            (c.user().count(), c.user().find_many()),
        )
        .await
        .unwrap();
    assert_eq!((made.0, made.1.len()), (3, 3));
}

on_every_database!(batch_max_wait, batch_timeout);
