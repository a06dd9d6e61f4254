//! `find_unique` batching (Prisma's dataloader) on SQLite, PostgreSQL and MariaDB: concurrent
//! calls in tokio tasks on one model and field become one `IN` query, each caller getting the record a call of
//! its own would get (or `None`), an error reaching every caller; concurrent calls on a
//! compound unique (`@@id([orgId, personId])`) become one query too; calls in a transaction
//! or with `include` are not batched. Statements are counted from the
//! `refract.query` tracing spans the client opens for every statement it sends
//! (docs/client.md, "Execution").

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
mod all_types {
    include!("../../client-gen/tests/expect/all_types.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use all_types::{Models as _, membership, person};
use client::{Client, Result};
use points::user::Fluent as _;
use points::{Models, User, action, activity, session, user};
use support::QueryCounter;

/// Where the test runs.
#[derive(Clone, Copy)]
enum Database {
    Sqlite,
    Postgres,
    Mysql,
}

/// A current-thread runtime (so that every task runs on the thread whose tracing subscriber
/// counts) and a fresh points database, or `None` without the database server.
fn open(database: Database, name: &str) -> Option<(tokio::runtime::Runtime, support::TestDb)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let db = runtime.block_on(async {
        match database {
            Database::Sqlite => Some(support::sqlite(name, "points").await),
            Database::Postgres => support::postgres(name, "points").await,
            Database::Mysql => support::mysql(name, "points").await,
        }
    })?;
    Some((runtime, db))
}

/// Runs `f` on `runtime` in a task (`tokio::spawn`: calls are batched in tasks, not in the
/// future `block_on` runs), returning its result and the number of statements it sent.
fn counted<T: Send + 'static>(
    runtime: &tokio::runtime::Runtime,
    f: impl Future<Output = T> + Send + 'static,
) -> (T, usize) {
    counted_outside_tasks(runtime, async { tokio::spawn(f).await.unwrap() })
}

/// Runs `f` as the future of `block_on` (as `#[tokio::main]`'s body: not a task), returning
/// its result and the number of statements it sent.
fn counted_outside_tasks<T>(
    runtime: &tokio::runtime::Runtime,
    f: impl Future<Output = T>,
) -> (T, usize) {
    let count = Arc::new(AtomicUsize::new(0));
    let out =
        tracing::subscriber::with_default(QueryCounter(count.clone()), || runtime.block_on(f));
    (out, count.load(Ordering::SeqCst))
}

/// 45 users `u0@example.com` … `u44@example.com`; returns their ids.
async fn seed(c: &Client) -> Vec<i32> {
    let mut ids = Vec::new();
    for i in 0..45 {
        let u = c
            .user()
            .create(user::create(format!("u{i}@example.com")))
            .exec()
            .await
            .unwrap();
        ids.push(u.id);
    }
    ids
}

/// The 50 ids asked: every user's, one asked twice, and four that do not exist.
fn asked(ids: &[i32]) -> Vec<i32> {
    let mut asked: Vec<i32> = ids.to_vec();
    asked.push(ids[3]);
    asked.extend([-1, -2, 1_000_000, 1_000_001]);
    asked
}

/// Each id's `find_unique`, spawned at once; the results in the order asked.
async fn concurrently(c: &Client, ids: &[i32]) -> Vec<Result<Option<User>>> {
    let tasks: Vec<_> = ids
        .iter()
        .map(|&id| {
            let c = c.clone();
            tokio::spawn(async move { c.user().find_unique(user::id().equals(id)).exec().await })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// Each id's `find_unique`, one after the other.
async fn sequentially(c: &Client, ids: &[i32]) -> Vec<Result<Option<User>>> {
    let mut out = Vec::new();
    for &id in ids {
        out.push(c.user().find_unique(user::id().equals(id)).exec().await);
    }
    out
}

fn records(results: Vec<Result<Option<User>>>) -> Vec<Option<User>> {
    results.into_iter().map(|r| r.unwrap()).collect()
}

fn fifty_calls(database: Database) {
    let Some((rt, db)) = open(database, "batch_fifty") else {
        return;
    };
    let c = &db.client;
    let ids = rt.block_on(seed(c));
    let asked = asked(&ids);
    assert_eq!(asked.len(), 50);

    let (batched, statements) = {
        let (c, asked) = (c.clone(), asked.clone());
        counted(&rt, async move { concurrently(&c, &asked).await })
    };
    assert_eq!(statements, 1, "50 concurrent find_unique calls, one query");
    let (one_by_one, statements) = counted_outside_tasks(&rt, sequentially(c, &asked));
    assert_eq!(statements, 50, "sequential calls are not batched");
    let (batched, one_by_one) = (records(batched), records(one_by_one));
    assert_eq!(
        batched, one_by_one,
        "the same records as 50 sequential calls"
    );
    assert_eq!(batched.iter().filter(|r| r.is_none()).count(), 4);
    for (id, record) in asked.iter().zip(&batched) {
        if let Some(u) = record {
            assert_eq!(u.id, *id, "each caller gets its own record");
        }
    }

    // `find_unique_or_throw`: P2025 for the missing ones only, still one query.
    let (c2, asked2) = (c.clone(), asked.clone());
    let (thrown, statements) = counted(&rt, async move {
        let (c, asked) = (c2, asked2);
        let tasks: Vec<_> = asked
            .iter()
            .map(|&id| {
                let c = c.clone();
                tokio::spawn(async move {
                    c.user()
                        .find_unique_or_throw(user::id().equals(id))
                        .exec()
                        .await
                })
            })
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out
    });
    assert_eq!(statements, 1);
    let codes: Vec<_> = thrown
        .iter()
        .filter_map(|r| r.as_ref().err().map(|e| e.code()))
        .collect();
    assert_eq!(codes, ["P2025"; 4]);

    // Futures joined in one task batch as spawned tasks do.
    let (c2, ids2) = (c.clone(), ids.clone());
    let (joined, statements) = counted(&rt, async move {
        let (c, ids) = (c2, ids2);
        let a = c.user().find_unique(user::id().equals(ids[0])).exec();
        let b = c.user().find_unique(user::id().equals(ids[1])).exec();
        let missing = c.user().find_unique(user::id().equals(-5)).exec();
        tokio::join!(a, b, missing)
    });
    assert_eq!(statements, 1);
    assert_eq!(joined.0.unwrap().map(|u| u.id), Some(ids[0]));
    assert_eq!(joined.1.unwrap().map(|u| u.id), Some(ids[1]));
    assert!(joined.2.unwrap().is_none());

    // The same outside any task (`#[tokio::main]`'s body): each call alone, as before.
    let (alone, statements) = counted_outside_tasks(&rt, async {
        let a = c.user().find_unique(user::id().equals(ids[0])).exec();
        let b = c.user().find_unique(user::id().equals(ids[1])).exec();
        tokio::join!(a, b)
    });
    assert_eq!(statements, 2);
    assert_eq!(alone.0.unwrap().map(|u| u.id), Some(ids[0]));
    assert_eq!(alone.1.unwrap().map(|u| u.id), Some(ids[1]));
}

#[test]
fn fifty_concurrent_find_unique_calls_are_one_query() {
    fifty_calls(Database::Sqlite);
}

#[test]
fn fifty_concurrent_find_unique_calls_are_one_query_on_postgres() {
    fifty_calls(Database::Postgres);
}

#[test]
fn fifty_concurrent_find_unique_calls_are_one_query_on_mysql() {
    fifty_calls(Database::Mysql);
}

/// A text key: every caller gets what its own call gets, whatever the database's collation
/// (MariaDB's default one ignores case: `U1@EXAMPLE.COM` finds `u1@example.com` there, alone or
/// batched; PostgreSQL and SQLite compare exactly).
fn text_keys(database: Database) {
    let Some((rt, db)) = open(database, "batch_text") else {
        return;
    };
    let c = &db.client;
    rt.block_on(seed(c));
    let emails = [
        "u1@example.com",
        "U1@EXAMPLE.COM",
        "u2@example.com",
        "nobody@example.com",
    ];
    let find = |c: Client, email: &'static str| async move {
        c.user()
            .find_unique(user::email().equals(email))
            .exec()
            .await
    };
    let owned = c.clone();
    let ((a, b, c2, d), statements) = counted(&rt, async move {
        let f = |email| find(owned.clone(), email);
        tokio::join!(f(emails[0]), f(emails[1]), f(emails[2]), f(emails[3]))
    });
    let batched = records(vec![a, b, c2, d]);
    let mut alone = Vec::new();
    for email in emails {
        alone.push(rt.block_on(find(c.clone(), email)).unwrap());
    }
    assert_eq!(batched, alone);
    // One query for the batch, then one for each key no record matched exactly (here the
    // upper-case one and the missing one).
    assert_eq!(statements, 3);
}

#[test]
fn text_keys_give_what_each_call_alone_gives() {
    text_keys(Database::Sqlite);
}

#[test]
fn text_keys_give_what_each_call_alone_gives_on_postgres() {
    text_keys(Database::Postgres);
}

#[test]
fn text_keys_give_what_each_call_alone_gives_on_mysql() {
    text_keys(Database::Mysql);
}

/// An error reaches every caller of the batch; calls in a transaction, with `include`, and
/// fluent parents.
fn errors_and_what_is_not_batched(database: Database) {
    let Some((rt, db)) = open(database, "batch_errors") else {
        return;
    };
    let c = &db.client;
    let ids = rt.block_on(seed(c));

    // Fluent calls' parents are batched: 3 parents in one query, then each one's actions.
    let (c2, ids2) = (c.clone(), ids.clone());
    let (lists, statements) = counted(&rt, async move {
        let (c, ids) = (c2, ids2);
        let f = |id: i32| c.user().find_unique(user::id().equals(id)).actions().exec();
        tokio::join!(f(ids[0]), f(ids[1]), f(-1))
    });
    assert_eq!(
        statements, 3,
        "one query for the parents, one per existing parent"
    );
    assert_eq!(lists.0.unwrap(), Some(Vec::new()));
    assert_eq!(lists.1.unwrap(), Some(Vec::new()));
    assert_eq!(lists.2.unwrap(), None);

    // With include: each call on its own.
    let (c2, ids2) = (c.clone(), ids.clone());
    let (_, statements) = counted(&rt, async move {
        let (c, ids) = (c2, ids2);
        let f = |id: i32| {
            c.user()
                .find_unique(user::id().equals(id))
                .include(user::include::actions())
                .exec()
        };
        tokio::join!(f(ids[0]), f(ids[1]))
    });
    assert_eq!(statements, 4, "two users, each with its include");

    // In a transaction: its statements run one at a time on its connection, unbatched.
    let (c2, ids2) = (c.clone(), ids.clone());
    let (_, statements) = counted(&rt, async move {
        let (c, ids) = (c2, ids2);
        let tx = c.begin(None).await.unwrap();
        let f = |id: i32| tx.user().find_unique(user::id().equals(id)).exec();
        let (a, b) = tokio::join!(f(ids[0]), f(ids[1]));
        assert_eq!(a.unwrap().map(|u| u.id), Some(ids[0]));
        assert_eq!(b.unwrap().map(|u| u.id), Some(ids[1]));
        tx.commit().await.unwrap();
    });
    assert_eq!(statements, 2);

    // Other models batch on their own: one query per model.
    let (c2, ids2) = (c.clone(), ids.clone());
    let (_, statements) = counted(&rt, async move {
        let (c, ids) = (c2, ids2);
        tokio::join!(
            c.user().find_unique(user::id().equals(ids[0])).exec(),
            c.user().find_unique(user::id().equals(ids[1])).exec(),
            c.activity().find_unique(activity::id().equals(1)).exec(),
            c.activity()
                .find_unique(activity::name().equals("x"))
                .exec(),
            c.action().find_unique(action::id().equals(1)).exec(),
        )
    });
    assert_eq!(statements, 4, "users, activities by id, by name, actions");

    // A failing batch: every caller gets the error.
    rt.block_on(async {
        if c.execute_script("DROP TABLE \"Session\"").await.is_err() {
            // MySQL quotes names with backticks.
            c.execute_script("DROP TABLE `Session`").await.unwrap();
        }
    });
    let c2 = c.clone();
    let (failed, statements) = counted(&rt, async move {
        let c = c2;
        let f = |h: &'static str| c.session().find_unique(session::handle().equals(h)).exec();
        tokio::join!(f("a"), f("b"), f("c"))
    });
    assert_eq!(statements, 1);
    for r in [failed.0, failed.1, failed.2] {
        assert_eq!(r.unwrap_err().code(), "P2021");
    }
}

#[test]
fn errors_reach_every_caller_and_transactions_are_not_batched() {
    errors_and_what_is_not_batched(Database::Sqlite);
}

#[test]
fn errors_reach_every_caller_and_transactions_are_not_batched_on_postgres() {
    errors_and_what_is_not_batched(Database::Postgres);
}

#[test]
fn errors_reach_every_caller_and_transactions_are_not_batched_on_mysql() {
    errors_and_what_is_not_batched(Database::Mysql);
}

/// A current-thread runtime and a fresh database with the tables of the generator fixture
/// `all_types` (whose `Membership` has `@@id([orgId, personId])`).
fn open_all_types(
    database: Database,
    name: &str,
) -> Option<(tokio::runtime::Runtime, support::TestDb)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let db = runtime.block_on(async {
        match database {
            Database::Sqlite => Some(support::sqlite(name, "all_types").await),
            Database::Postgres => support::postgres(name, "all_types").await,
            Database::Mysql => support::mysql(name, "all_types").await,
        }
    })?;
    Some((runtime, db))
}

/// `(orgId, personId)` of each caller's membership, or `None`.
type Keys = Vec<Option<(i32, i32)>>;

/// Each key's `find_unique` by the compound id, spawned at once; the keys found, in order.
async fn memberships_concurrently(c: &Client, keys: &[(i32, i32)]) -> Keys {
    let tasks: Vec<_> = keys
        .iter()
        .map(|&(org, person)| {
            let c = c.clone();
            tokio::spawn(async move {
                let unique = membership::org_id_person_id(org, person);
                c.membership().find_unique(unique).exec().await
            })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        let found = t.await.unwrap().unwrap();
        out.push(found.map(|m| (m.org_id, m.person_id)));
    }
    out
}

/// Compound uniques (`@@id([orgId, personId])`) batch as Prisma's dataloader batches them:
/// concurrent `find_unique` calls on the same columns are one query, each caller getting the
/// record its own call would get, or `None`.
fn compound_keys(database: Database) {
    let Some((rt, db)) = open_all_types(database, "batch_compound") else {
        return;
    };
    let c = &db.client;
    let people = rt.block_on(async {
        let mut people = Vec::new();
        for name in ["Ann", "Bob", "Cy", "Di"] {
            let p = c.person().create(person::create(name)).exec().await;
            people.push(p.unwrap().id);
        }
        for (org, person) in [
            (1, people[0]),
            (1, people[1]),
            (1, people[2]),
            (2, people[0]),
        ] {
            let m = c.membership().create(membership::create(org, person));
            m.exec().await.unwrap();
        }
        people
    });
    // Found, asked twice, missing (an org without the person, a person without the org).
    let keys = vec![
        (1, people[0]),
        (1, people[1]),
        (1, people[2]),
        (2, people[0]),
        (1, people[0]),
        (2, people[1]),
        (1, people[3]),
        (3, -1),
    ];
    let (batched, statements) = {
        let (c, keys) = (c.clone(), keys.clone());
        counted(
            &rt,
            async move { memberships_concurrently(&c, &keys).await },
        )
    };
    assert_eq!(
        statements, 1,
        "8 concurrent compound find_unique calls, one query"
    );
    let found: Keys = keys[..5].iter().copied().map(Some).collect();
    assert_eq!(batched[..5], found[..], "each caller gets its own record");
    assert_eq!(batched[5..], [None, None, None]);

    // Another model's calls are a batch of their own.
    let (c2, p) = (c.clone(), people.clone());
    let (joined, statements) = counted(&rt, async move {
        let c = c2;
        tokio::join!(
            c.membership()
                .find_unique(membership::org_id_person_id(1, p[0]))
                .exec(),
            c.membership()
                .find_unique(membership::org_id_person_id(2, p[0]))
                .exec(),
            c.person().find_unique(person::id().equals(p[1])).exec(),
            c.person().find_unique(person::id().equals(p[2])).exec(),
        )
    });
    assert_eq!(statements, 2, "memberships, people");
    assert_eq!(joined.0.unwrap().map(|m| m.org_id), Some(1));
    assert_eq!(joined.1.unwrap().map(|m| m.org_id), Some(2));
    assert_eq!(joined.2.unwrap().map(|p| p.name), Some("Bob".to_owned()));
    assert_eq!(joined.3.unwrap().map(|p| p.name), Some("Cy".to_owned()));
}

#[test]
fn compound_unique_calls_are_one_query() {
    compound_keys(Database::Sqlite);
}

#[test]
fn compound_unique_calls_are_one_query_on_postgres() {
    compound_keys(Database::Postgres);
}

#[test]
fn compound_unique_calls_are_one_query_on_mysql() {
    compound_keys(Database::Mysql);
}
