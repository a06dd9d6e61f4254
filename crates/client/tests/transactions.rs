//! Interactive transactions on SQLite, PostgreSQL and MySQL/MariaDB (#14, "Transactions and the
//! pool"): `timeout` (rolled back when it is up, P2028 with Prisma 7's message for every later
//! call and for the closure's result), `max_wait` (P2028 "Unable to start a transaction in the
//! given time."), the client's defaults (`ClientOptions::transaction_options`), nested
//! transactions through savepoints (an inner failure undoes the inner writes only, at any
//! depth), and raw queries inside a transaction through the client's own calls.

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

use client::{
    Client, ClientOptions, Dialect, Error, IsolationLevel, Transaction, TransactionOptions, Value,
};
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

on_every_database!(
    timeout_rolls_back_when_it_is_up,
    begun_transaction_expires,
    max_wait_bounds_the_start,
    client_defaults_and_per_call_options,
    zero_durations_are_refused,
    nested_failure_rolls_back_to_its_savepoint,
    nested_transactions_nest_deeper,
    outer_failure_undoes_released_savepoints,
    only_the_innermost_transaction_nests,
    nested_transactions_share_the_timeout,
    raw_queries_in_a_transaction,
);

/// An error of the application's own, beside the client's.
#[derive(Debug)]
enum AppError {
    Db(Error),
    GaveUp,
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        AppError::Db(e)
    }
}

const EXPIRED_TAIL: &str = " ms passed since the start of the transaction. Consider increasing \
                            the interactive transaction timeout or doing less work in the \
                            transaction.";

/// P2028 with Prisma 7's message for `operation` on a transaction expired after `timeout_ms`.
fn assert_expired(e: &Error, operation: &str, timeout_ms: u64) {
    assert_eq!(e.code(), "P2028", "{e}");
    let text = e.to_string();
    let head = format!(
        "Transaction API error: A {operation} cannot be executed on an expired transaction. \
         The timeout for this transaction was {timeout_ms} ms, however "
    );
    assert!(
        text.starts_with(&head) && text.ends_with(EXPIRED_TAIL),
        "{text}"
    );
    let passed: u64 = text[head.len()..text.len() - EXPIRED_TAIL.len()]
        .parse()
        .unwrap_or_else(|_| panic!("{text}"));
    assert!(passed >= timeout_ms, "{text}");
}

/// `sql` written with `"` quotes and `?` placeholders, in the database's own syntax.
fn raw(c: &Client, sql: &str) -> String {
    match c.dialect() {
        Dialect::Sqlite => sql.to_owned(),
        Dialect::Mysql => sql.replace('"', "`"),
        Dialect::Postgres => {
            let mut out = String::new();
            let mut n = 0;
            for ch in sql.chars() {
                if ch == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(ch);
                }
            }
            out
        }
    }
}

async fn emails(c: &Client) -> Vec<String> {
    c.user()
        .find_many()
        .order_by(user::email().asc())
        .exec()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.email)
        .collect()
}

async fn create(tx: &Transaction, email: &str) -> Result<(), Error> {
    tx.user().create(user::create(email)).exec().await.map(drop)
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Past its timeout a transaction is rolled back at once (its locks freed while the closure
/// still runs), every later call in it is P2028, and so is the closure's result.
async fn timeout_rolls_back_when_it_is_up(db: &TestDb) {
    let c = &db.client;
    let result = c
        .transaction_with(TransactionOptions::new().timeout(ms(500)), async |tx| {
            create(tx, "held@example.com").await?;
            tokio::time::sleep(ms(900)).await;
            // Rolled back at 500 ms: the unique key (and SQLite's write gate) is free, so the
            // client writes the same email without waiting for the closure to end.
            tokio::time::timeout(
                Duration::from_secs(10),
                c.user().create(user::create("held@example.com")).exec(),
            )
            .await
            .expect("the expired transaction still holds its locks")
            .expect("the same email, outside the transaction");
            assert_expired(&tx.user().count().exec().await.unwrap_err(), "query", 500);
            let sql = raw(c, "SELECT \"email\" FROM \"User\"");
            let e = tx.query_raw(&sql, vec![], |r| r.read::<String>()).await;
            assert_expired(&e.unwrap_err(), "query", 500);
            // Nested transactions are refused too.
            let nested = tx.transaction(async |_| Ok::<_, Error>(())).await;
            assert_expired(&nested.unwrap_err(), "query", 500);
            Ok::<_, Error>(())
        })
        .await;
    assert_expired(&result.unwrap_err(), "commit", 500);
    assert_eq!(emails(c).await, ["held@example.com"]);
    assert_eq!(c.pool_status().busy, 0, "{:?}", c.pool_status());
}

/// A transaction from `begin` expires the same way; its connection goes back to the pool when
/// the time is up, not when the handle is dropped.
async fn begun_transaction_expires(db: &TestDb) {
    let c = &db.client;
    let tx = c
        .begin(TransactionOptions::new().timeout(ms(300)))
        .await
        .unwrap();
    create(&tx, "begun@example.com").await.unwrap();
    assert_eq!(c.pool_status().busy, 1, "{:?}", c.pool_status());
    tokio::time::sleep(ms(700)).await;
    assert_eq!(c.pool_status().busy, 0, "{:?}", c.pool_status());
    assert_expired(&tx.user().count().exec().await.unwrap_err(), "query", 300);
    assert_expired(&tx.commit().await.unwrap_err(), "commit", 300);
    assert_eq!(c.user().count().exec().await.unwrap(), 0);
    // Within its time, a transaction commits as ever.
    let tx = c
        .begin(TransactionOptions::new().timeout(Duration::from_secs(30)))
        .await
        .unwrap();
    create(&tx, "kept@example.com").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(emails(c).await, ["kept@example.com"]);
}

/// `max_wait` bounds the wait for a connection (and SQLite's write gate) and `BEGIN`.
async fn max_wait_bounds_the_start(db: &TestDb) {
    let options = ClientOptions {
        max_connections: 1,
        ..ClientOptions::default()
    };
    let c = Client::connect_with(&db.url, options).await.unwrap();
    let held = c.begin(None).await.unwrap();
    let started = Instant::now();
    let e = c
        .transaction_with(TransactionOptions::new().max_wait(ms(300)), async |tx| {
            tx.user().count().exec().await
        })
        .await
        .unwrap_err();
    let waited = started.elapsed();
    assert_eq!(e.code(), "P2028", "{e}");
    assert_eq!(
        e.to_string(),
        "Transaction API error: Unable to start a transaction in the given time."
    );
    assert!(
        waited >= ms(300) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    held.rollback().await.unwrap();
    // Nothing was left behind: the one connection starts the next transaction.
    let n = c
        .transaction(async |tx| tx.user().count().exec().await)
        .await
        .unwrap();
    assert_eq!(n, 0);
    assert_eq!(c.pool_status().busy, 0, "{:?}", c.pool_status());
}

/// The client's defaults (Prisma's `transactionOptions`) apply where a call sets nothing; a
/// call's own options win; an isolation level alone keeps the existing calls' forms.
async fn client_defaults_and_per_call_options(db: &TestDb) {
    let options = ClientOptions {
        max_connections: 1,
        transaction_options: TransactionOptions::new()
            .max_wait(ms(300))
            .timeout(ms(1000)),
        ..ClientOptions::default()
    };
    let c = Client::connect_with(&db.url, options).await.unwrap();
    let e = c
        .transaction(async |tx| {
            tokio::time::sleep(ms(1300)).await;
            tx.user().count().exec().await
        })
        .await
        .unwrap_err();
    assert_expired(&e, "query", 1000);
    // The call's timeout wins over the client's.
    let n = c
        .transaction_with(
            TransactionOptions::new().timeout(Duration::from_secs(30)),
            async |tx| {
                tokio::time::sleep(ms(1300)).await;
                tx.user().count().exec().await
            },
        )
        .await
        .unwrap();
    assert_eq!(n, 0);
    // The client's max_wait, with an isolation level alone (the forms calls had before).
    let held = c.begin(None).await.unwrap();
    let e = c
        .begin(Some(IsolationLevel::Serializable))
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Transaction API error: Unable to start a transaction in the given time."
    );
    let e = c
        .transaction_with(None, async |tx| tx.user().count().exec().await)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "P2028");
    held.commit().await.unwrap();
    let n = c
        .transaction_with(IsolationLevel::Serializable, async |tx| {
            tx.user().count().exec().await
        })
        .await
        .unwrap();
    assert_eq!(n, 0);
}

/// A zero `timeout` or `max_wait` is refused with a message naming it.
async fn zero_durations_are_refused(db: &TestDb) {
    let c = &db.client;
    let e = c
        .begin(TransactionOptions::new().timeout(Duration::ZERO))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "P2028");
    assert!(e.to_string().contains("`timeout` is zero"), "{e}");
    let e = c
        .transaction_with(
            TransactionOptions::new().max_wait(Duration::ZERO),
            async |tx| tx.user().count().exec().await,
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("`max_wait` is zero"), "{e}");
}

/// An inner failure rolls back to its savepoint only; the outer transaction goes on (on
/// PostgreSQL the failed statement aborted the savepoint, not the transaction) and commits.
async fn nested_failure_rolls_back_to_its_savepoint(db: &TestDb) {
    let c = &db.client;
    c.transaction(async |tx| {
        create(tx, "outer@example.com").await?;
        let inner = tx
            .transaction(async |tx| {
                create(tx, "inner@example.com").await?;
                create(tx, "outer@example.com").await?;
                Ok::<_, Error>(())
            })
            .await;
        assert_eq!(inner.unwrap_err().code(), "P2002");
        create(tx, "after@example.com").await?;
        // A nested transaction that succeeds is kept.
        let id = tx
            .transaction(async |tx| {
                let u = tx
                    .user()
                    .create(user::create("released@example.com"))
                    .exec()
                    .await?;
                Ok::<_, Error>(u.id)
            })
            .await?;
        assert!(id > 0);
        Ok::<_, Error>(())
    })
    .await
    .unwrap();
    assert_eq!(
        emails(c).await,
        [
            "after@example.com",
            "outer@example.com",
            "released@example.com"
        ]
    );
}

/// Nested transactions nest to any depth; an application's own error rolls back its level
/// and every level inside it.
async fn nested_transactions_nest_deeper(db: &TestDb) {
    let c = &db.client;
    c.transaction(async |t1| {
        create(t1, "a@example.com").await?;
        t1.transaction(async |t2| {
            create(t2, "b@example.com").await?;
            let gave_up = t2
                .transaction(async |t3| {
                    create(t3, "c@example.com").await?;
                    t3.transaction(async |t4| {
                        create(t4, "d@example.com").await?;
                        Ok::<_, AppError>(())
                    })
                    .await?;
                    Err::<(), _>(AppError::GaveUp)
                })
                .await;
            assert!(matches!(gave_up, Err(AppError::GaveUp)), "{gave_up:?}");
            let duplicate = t2
                .transaction(async |t3| {
                    create(t3, "g@example.com").await?;
                    create(t3, "a@example.com").await?;
                    Ok::<_, AppError>(())
                })
                .await;
            assert!(
                matches!(&duplicate, Err(AppError::Db(e)) if e.code() == "P2002"),
                "{duplicate:?}"
            );
            t2.transaction(async |t3| {
                create(t3, "e@example.com").await?;
                t3.transaction(async |t4| create(t4, "f@example.com").await)
                    .await
            })
            .await?;
            Ok::<_, AppError>(())
        })
        .await?;
        Ok::<_, AppError>(())
    })
    .await
    .unwrap();
    assert_eq!(
        emails(c).await,
        [
            "a@example.com",
            "b@example.com",
            "e@example.com",
            "f@example.com"
        ]
    );
}

/// A released savepoint's writes belong to the outer transaction: its rollback undoes them.
async fn outer_failure_undoes_released_savepoints(db: &TestDb) {
    let c = &db.client;
    let result = c
        .transaction(async |tx| {
            tx.transaction(async |tx| create(tx, "inner@example.com").await)
                .await?;
            Err::<(), _>(AppError::GaveUp)
        })
        .await;
    assert!(matches!(result, Err(AppError::GaveUp)));
    // Also on a transaction from `begin`, dropped without commit.
    {
        let tx = c.begin(None).await.unwrap();
        tx.transaction(async |tx| create(tx, "begun@example.com").await)
            .await
            .unwrap();
    }
    assert_eq!(c.user().count().exec().await.unwrap(), 0);
    let tx = c.begin(None).await.unwrap();
    tx.transaction(async |tx| create(tx, "committed@example.com").await)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(emails(c).await, ["committed@example.com"]);
}

/// While a nested transaction is open, only it may start another (Prisma: "Concurrent nested
/// transactions are not supported"); the refusal leaves the transaction usable.
async fn only_the_innermost_transaction_nests(db: &TestDb) {
    let c = &db.client;
    c.transaction(async |outer| {
        outer
            .transaction(async |inner| {
                let e = outer
                    .transaction(async |_| Ok::<_, Error>(()))
                    .await
                    .unwrap_err();
                assert_eq!(e.code(), "P2028");
                assert!(
                    e.to_string()
                        .contains("Concurrent nested transactions are not supported"),
                    "{e}"
                );
                create(inner, "inner@example.com").await
            })
            .await?;
        // Once it ended, the outer one nests again.
        outer
            .transaction(async |tx| create(tx, "second@example.com").await)
            .await
    })
    .await
    .unwrap();
    assert_eq!(emails(c).await, ["inner@example.com", "second@example.com"]);
}

/// Nested transactions run within the outer transaction's timeout.
async fn nested_transactions_share_the_timeout(db: &TestDb) {
    let c = &db.client;
    let result = c
        .transaction_with(TransactionOptions::new().timeout(ms(500)), async |tx| {
            create(tx, "outer@example.com").await?;
            tx.transaction(async |tx| {
                create(tx, "inner@example.com").await?;
                tokio::time::sleep(ms(900)).await;
                create(tx, "late@example.com").await
            })
            .await
        })
        .await;
    assert_expired(&result.unwrap_err(), "query", 500);
    assert_eq!(c.user().count().exec().await.unwrap(), 0);
}

/// The user's name, read in `tx` by a raw query.
async fn name(tx: &Transaction, select: &str) -> Result<Vec<Option<String>>, Error> {
    tx.query_raw(select, vec![Value::from("raw@example.com")], |r| {
        r.read::<Option<String>>()
    })
    .await
}

/// `query_raw` and `execute_raw` on a transaction, as on the client: they see the
/// transaction's writes, are undone with it, and work in nested transactions.
async fn raw_queries_in_a_transaction(db: &TestDb) {
    let c = &db.client;
    c.user()
        .create(user::create("raw@example.com"))
        .exec()
        .await
        .unwrap();
    let update = raw(c, "UPDATE \"User\" SET \"name\" = ? WHERE \"email\" = ?");
    let select = raw(c, "SELECT \"name\" FROM \"User\" WHERE \"email\" = ?");
    let set = |name: &str| vec![Value::from(name), Value::from("raw@example.com")];
    let result = c
        .transaction(async |tx| {
            assert_eq!(tx.execute_raw(&update, set("in tx")).await?, 1);
            assert_eq!(name(tx, &select).await?, [Some("in tx".to_owned())]);
            let undone = tx
                .transaction(async |tx| {
                    tx.execute_raw(&update, set("nested")).await?;
                    assert_eq!(name(tx, &select).await?, [Some("nested".to_owned())]);
                    Err::<(), _>(AppError::GaveUp)
                })
                .await;
            assert!(matches!(undone, Err(AppError::GaveUp)));
            assert_eq!(name(tx, &select).await?, [Some("in tx".to_owned())]);
            Err::<(), _>(AppError::GaveUp)
        })
        .await;
    assert!(matches!(result, Err(AppError::GaveUp)));
    let outside = c
        .query_raw(&select, vec![Value::from("raw@example.com")], |r| {
            r.read::<Option<String>>()
        })
        .await
        .unwrap();
    assert_eq!(outside, [None]);
    // Committed from a `begin` handle.
    let tx = c.begin(None).await.unwrap();
    assert_eq!(tx.execute_raw(&update, set("kept")).await.unwrap(), 1);
    tx.commit().await.unwrap();
    let outside = c
        .query_raw(&select, vec![Value::from("raw@example.com")], |r| {
            r.read::<Option<String>>()
        })
        .await
        .unwrap();
    assert_eq!(outside, [Some("kept".to_owned())]);
}
