//! `upsert` as Prisma runs it (docs/decisions/0019-native-upsert.md), on SQLite, PostgreSQL
//! and MariaDB: where the `where` is one unique field that `create` gives the same value, one
//! statement (`INSERT … ON CONFLICT … DO UPDATE … RETURNING`; MySQL's
//! `INSERT … ON DUPLICATE KEY UPDATE` and a read by the key), so that 64 tasks upserting one
//! key concurrently all succeed; a conflict on another unique constraint is still P2002, never
//! an update of another record; the other cases read then write, as before. The statements of
//! each case are in `src/tests/upsert/<dialect>.sql`. `create` gives the `where`'s value when
//! the two are the same key as the database compares them: a Decimal `1.50` is `1.5`, a Float
//! `-0.0` is `0.0` (fixture `upsert_keys.prisma`).

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod points {
    include!("../../../examples/points/src/prisma.rs");
}
#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod keys_db {
    include!("../../client-gen/tests/expect/upsert_keys.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use std::cell::Cell;
use std::sync::{Arc, Once};

use client::Client;
use points::{Models, activity, user};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

thread_local! {
    /// The statements sent from this thread (each test runs its future on its own thread).
    static SENT: Cell<usize> = const { Cell::new(0) };
}

/// Counts the `refract.query` spans the client opens, one per statement, per thread. It is
/// the global subscriber: a scoped one would race with the tests running beside it (a
/// callsite first seen while no subscriber is set is cached as uninteresting).
struct Sent;

impl Subscriber for Sent {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        if span.metadata().name() == "refract.query" {
            SENT.with(|n| n.set(n.get() + 1));
        }
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// The statements `f` sends (BEGIN and COMMIT not counted).
async fn statements<T>(f: impl AsyncFnOnce() -> T) -> (usize, T) {
    static GLOBAL: Once = Once::new();
    GLOBAL.call_once(|| {
        tracing::subscriber::set_global_default(Sent).expect("the only global subscriber")
    });
    let before = SENT.with(Cell::get);
    let out = f().await;
    (SENT.with(Cell::get) - before, out)
}

/// 64 tasks upsert one activity by its unique name at once (five times): one creates it, the others
/// increment its points; none gets P2002 (the read-then-write of two tasks could both find
/// no record and both insert). Each upsert is one statement (two on MySQL: the write and the
/// read of the record).
async fn concurrent_upserts_of_one_key(c: &Client) {
    // Five keys, each upserted by 64 tasks released at once.
    for round in 0..5 {
        let name = format!("run{round}");
        let start = Arc::new(tokio::sync::Barrier::new(64));
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                let (c, name, start) = (c.clone(), name.clone(), start.clone());
                tokio::spawn(async move {
                    start.wait().await;
                    c.activity()
                        .upsert(
                            activity::name().equals(name.clone()),
                            activity::create(1, name),
                            vec![activity::points().increment(1)],
                        )
                        .exec()
                        .await
                })
            })
            .collect();
        for task in tasks {
            let record = task.await.unwrap().unwrap_or_else(|e| {
                panic!("a concurrent upsert failed ({}): {e}", e.code());
            });
            assert_eq!(record.name, name);
        }
        let run = c
            .activity()
            .find_unique(activity::name().equals(name))
            .exec()
            .await
            .unwrap()
            .unwrap();
        assert_eq!(run.points, 64, "one create and 63 increments");
    }
    let (sent, first) = statements(async || {
        c.activity()
            .upsert(
                activity::name().equals("walk"),
                activity::create(1, "walk"),
                vec![activity::points().increment(1)],
            )
            .exec()
            .await
            .unwrap()
    })
    .await;
    assert_eq!(first.points, 1);
    let expected = if c.dialect() == client::Dialect::Mysql {
        2
    } else {
        1
    };
    assert_eq!(sent, expected, "one native upsert");

    assert_eq!(c.activity().count().exec().await.unwrap(), 6);
}

/// The upsert's two outcomes through the native statement, and a conflict on another unique
/// constraint: P2002, and the record holding that value is left alone.
async fn native_upsert_outcomes(c: &Client) {
    let created = c
        .user()
        .upsert(
            user::email().equals("ann@example.com"),
            user::create("ann@example.com").set(user::name().set("Ann")),
            vec![user::name().set("Ann again")],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(created.name.as_deref(), Some("Ann"));
    assert_eq!(created.created_at, created.updated_at);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let updated = c
        .user()
        .upsert(
            user::email().equals("ann@example.com"),
            user::create("ann@example.com").set(user::name().set("Ann")),
            vec![user::name().set("Ann again")],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(updated.id, created.id);
    assert_eq!(updated.name.as_deref(), Some("Ann again"));
    assert_eq!(updated.created_at, created.created_at);
    assert!(updated.updated_at > created.updated_at, "@updatedAt moves");

    // By the id, `create` giving the same id (and Ann's email): ON CONFLICT ("id") on SQLite
    // and PostgreSQL; MySQL reads then writes (the email could conflict with another record).
    let by_id = c
        .user()
        .upsert(
            user::id().equals(created.id),
            user::create("ann@example.com").set(user::id().set(created.id)),
            vec![user::role().set("admin")],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!((by_id.id, by_id.role.as_str()), (created.id, "admin"));
    let updated = by_id;

    // A new email with Ann's id: the insert conflicts on the primary key, not on the email.
    // ON CONFLICT (email) raises it; MySQL's ON DUPLICATE KEY UPDATE would update Ann, so
    // Refract reads then writes there (the create fails as the insert would).
    let err = c
        .user()
        .upsert(
            user::email().equals("bob@example.com"),
            user::create("bob@example.com").set(user::id().set(created.id)),
            vec![user::name().set("Bob")],
        )
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2002", "{err}");
    let ann = c
        .user()
        .find_unique(user::id().equals(created.id))
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ann, updated, "the record with that id is left alone");

    // The update makes a duplicate of another record's email: P2002 as well.
    c.user()
        .create(user::create("cy@example.com"))
        .exec()
        .await
        .unwrap();
    let err = c
        .user()
        .upsert(
            user::email().equals("cy@example.com"),
            user::create("cy@example.com"),
            vec![user::email().set("ann@example.com")],
        )
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2002", "{err}");
}

/// The cases that read then write, with the same results as before: the `where` by id with
/// `create` giving no id, an empty update, the update changing the unique field (MySQL).
async fn read_then_write_cases(c: &Client) {
    let (sent, created) = statements(async || {
        c.user()
            .upsert(
                user::id().equals(41),
                user::create("dee@example.com"),
                vec![user::name().set("Dee")],
            )
            .exec()
            .await
            .unwrap()
    })
    .await;
    assert_eq!(created.name, None, "no record 41: created");
    assert!(sent >= 2, "read, then insert: {sent} statements");
    let same = c
        .user()
        .upsert(
            user::email().equals("dee@example.com"),
            user::create("dee@example.com"),
            Vec::new(),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(
        (same.id, &same.name),
        (created.id, &created.name),
        "an empty update finds the record"
    );
    let moved = c
        .user()
        .upsert(
            user::email().equals("dee@example.com"),
            user::create("dee@example.com"),
            vec![user::email().set("dee@example.org")],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(moved.id, created.id);
    assert_eq!(moved.email, "dee@example.org");
}

on_both!("points"; concurrent_upserts_of_one_key, native_upsert_outcomes, read_then_write_cases);

/// `create` giving the `where`'s key in another form is still the native upsert, as in
/// Prisma's query engine (its decimals compare by value) and as the unique index compares
/// them: `numeric` and `DECIMAL(65,30)` hold `1.50` and `1.5` as one value, SQLite's REAL too,
/// and `-0.0` equals `0.0` in every database. One statement each (two on MySQL: the write and
/// the read), one record, its counter moved by the second upsert.
async fn equal_keys_in_other_forms(c: &Client) {
    use keys_db::{Models, price, rate};
    let native = if c.dialect() == client::Dialect::Mysql {
        2
    } else {
        1
    };
    let dec = |text: &str| -> client::Decimal { text.parse().expect("a decimal") };
    for (key, given) in [("1.50", "1.5"), ("1.5", "1.50")] {
        let (sent, record) = statements(async || {
            c.price()
                .upsert(
                    price::amount().equals(dec(key)),
                    price::create(dec(given)),
                    vec![price::hits().increment(1)],
                )
                .exec()
                .await
                .unwrap()
        })
        .await;
        assert_eq!(
            sent, native,
            "where {key}, create {given}: one native upsert"
        );
        assert_eq!(record.amount, dec("1.5"));
    }
    let prices = c.price().find_many().exec().await.unwrap();
    assert_eq!(prices.len(), 1);
    assert_eq!(prices[0].hits, 1, "created, then updated");

    for (key, given) in [(-0.0, 0.0), (0.0, -0.0)] {
        let (sent, record) = statements(async || {
            c.rate()
                .upsert(
                    rate::value().equals(key),
                    rate::create(given),
                    vec![rate::hits().increment(1)],
                )
                .exec()
                .await
                .unwrap()
        })
        .await;
        assert_eq!(
            sent, native,
            "where {key}, create {given}: one native upsert"
        );
        assert_eq!(record.value, 0.0);
    }
    let rates = c.rate().find_many().exec().await.unwrap();
    assert_eq!(rates.len(), 1);
    assert_eq!(rates[0].hits, 1, "created, then updated");
}

/// The cases on the `upsert_keys` fixture.
mod keys {
    use super::{Client, equal_keys_in_other_forms as equal_keys_in_other_forms_on};

    async fn equal_keys_in_other_forms(c: &Client) {
        equal_keys_in_other_forms_on(c).await;
    }

    crate::on_both!("upsert_keys"; equal_keys_in_other_forms);
}
