//! Loading users with their actions and each action's activity (workload W4) takes the same
//! number of queries whatever the number of rows: one per include level; so does a `select` of
//! the same tree with relation counts (one per selected relation level, counts in the same
//! query). Queries are counted from the `refract.query` tracing spans the client emits for
//! every statement.

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
use std::sync::atomic::{AtomicUsize, Ordering};

use client::Client;
use points::{Models, action, activity, user};
use support::QueryCounter;

async fn seed(c: &Client, users: usize) {
    let mut acts = Vec::new();
    for i in 0..20 {
        acts.push(
            c.activity()
                .create(activity::create(i, format!("a{i}")))
                .exec()
                .await
                .unwrap()
                .id,
        );
    }
    for u in 0..users {
        let user = c
            .user()
            .create(user::create(format!("u{u}@example.com")))
            .exec()
            .await
            .unwrap();
        let data = (0..10)
            .map(|k| action::create(user.id, acts[(u + k) % 20]))
            .collect();
        c.action().create_many(data).exec().await.unwrap();
    }
}

/// Where the test runs.
#[derive(Clone, Copy)]
enum Database {
    Sqlite,
    Postgres,
    Mysql,
}

/// A current-thread runtime and a fresh points database named for the test on `database`, or
/// `None` without the database server.
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

/// Loads everything with the include tree of W4 and returns (queries, actions loaded), or
/// `None` without the database server.
fn queries_for(database: Database, users: usize) -> Option<(usize, usize)> {
    let count = Arc::new(AtomicUsize::new(0));
    let (runtime, db) = open(database, "w4")?;
    runtime.block_on(seed(&db.client, users));
    let loaded = tracing::subscriber::with_default(QueryCounter(count.clone()), || {
        runtime.block_on(async {
            db.client
                .user()
                .find_many()
                .include(user::include::actions().include(action::include::activity()))
                .exec()
                .await
                .unwrap()
        })
    });
    let actions = loaded.iter().map(|u| u.actions.get().unwrap().len()).sum();
    assert!(
        loaded
            .iter()
            .flat_map(|u| u.actions.get().unwrap())
            .all(|a| a.activity.is_loaded())
    );
    Some((count.load(Ordering::SeqCst), actions))
}

fn check(database: Database) {
    let Some((small, small_actions)) = queries_for(database, 10) else {
        return;
    };
    let (large, large_actions) = queries_for(database, 300).expect("the server");
    assert_eq!((small_actions, large_actions), (100, 3_000));
    assert_eq!(small, 3, "users, actions, activities");
    assert_eq!(
        large, small,
        "no N+1: the same number of queries for 30x the rows"
    );
}

#[test]
fn w4_query_count_does_not_grow_with_rows() {
    check(Database::Sqlite);
}

#[test]
fn w4_query_count_does_not_grow_with_rows_on_postgres() {
    check(Database::Postgres);
}

#[test]
fn w4_query_count_does_not_grow_with_rows_on_mysql() {
    check(Database::Mysql);
}

/// Selects users' emails, their actions' ids with each activity's name, and two relation counts
/// (one filtered); returns (queries, actions read, sum of the counts).
fn select_queries_for(database: Database, users: usize) -> Option<(usize, usize, i64)> {
    let count = Arc::new(AtomicUsize::new(0));
    let (runtime, db) = open(database, "select")?;
    runtime.block_on(seed(&db.client, users));
    let rows = tracing::subscriber::with_default(QueryCounter(count.clone()), || {
        runtime.block_on(async {
            db.client
                .user()
                .find_many()
                .select((
                    user::select::email(),
                    user::select::actions((
                        action::select::id(),
                        action::select::activity(activity::select::name()),
                    )),
                    user::actions().count(),
                    user::actions()
                        .count()
                        .filter(action::activity().is(activity::points().lt(10))),
                ))
                .exec()
                .await
                .unwrap()
        })
    });
    let actions = rows.iter().map(|(_, actions, _, _)| actions.len()).sum();
    let counts = rows.iter().map(|(_, _, all, cheap)| all + cheap).sum();
    Some((count.load(Ordering::SeqCst), actions, counts))
}

fn check_select(database: Database) {
    let Some((small, small_actions, small_counts)) = select_queries_for(database, 10) else {
        return;
    };
    let (large, large_actions, large_counts) =
        select_queries_for(database, 300).expect("the server");
    assert_eq!((small_actions, large_actions), (100, 3_000));
    // User `u` has 10 actions, on activities `(u + k) % 20` (worth that many points): every
    // action counts once, and again when its activity is worth less than 10.
    let expected = |users: usize| {
        let cheap = (0..users)
            .flat_map(|u| (0..10).map(move |k| (u + k) % 20))
            .filter(|points| *points < 10)
            .count();
        (users * 10 + cheap) as i64
    };
    assert_eq!((small_counts, large_counts), (expected(10), expected(300)));
    assert_eq!(small, 3, "users with counts, actions, activities");
    assert_eq!(
        large, small,
        "no N+1: the same number of queries for 30x the rows"
    );
}

#[test]
fn select_query_count_does_not_grow_with_rows() {
    check_select(Database::Sqlite);
}

#[test]
fn select_query_count_does_not_grow_with_rows_on_postgres() {
    check_select(Database::Postgres);
}

#[test]
fn select_query_count_does_not_grow_with_rows_on_mysql() {
    check_select(Database::Mysql);
}

/// More records than one statement takes keys for (`render::keys_per_statement`: 30,000 keys
/// of one column): a relation level is loaded in one statement per chunk of keys (a statement
/// takes at most 32,766 parameters on SQLite and 65,535 on PostgreSQL and MySQL, where the
/// keys are bound one by one), and every record still gets exactly its own related records,
/// through `include` and through `select`.
fn many_keys(database: Database) {
    const USERS: usize = 70_000;
    let count = Arc::new(AtomicUsize::new(0));
    let Some((runtime, db)) = open(database, "many_keys") else {
        return;
    };
    let c = &db.client;
    let owners = runtime.block_on(async {
        let act = c
            .activity()
            .create(activity::create(1, "a"))
            .exec()
            .await
            .unwrap();
        let data = (0..USERS)
            .map(|u| user::create(format!("k{u}@example.com")))
            .collect();
        c.user().create_many(data).exec().await.unwrap();
        // One user in each chunk of keys, and one with two actions.
        let mut owners = Vec::new();
        for email in ["k0@example.com", "k45000@example.com", "k69999@example.com"] {
            let u = c
                .user()
                .find_unique(user::email().equals(email))
                .exec()
                .await
                .unwrap()
                .unwrap();
            owners.push(u.id);
        }
        owners.push(owners[1]);
        for &owner in &owners {
            c.action()
                .create(action::create(owner, act.id))
                .exec()
                .await
                .unwrap();
        }
        owners
    });
    let expected = |id: i32| owners.iter().filter(|o| **o == id).count();

    let loaded = tracing::subscriber::with_default(QueryCounter(count.clone()), || {
        runtime.block_on(async {
            c.user()
                .find_many()
                .include(user::include::actions())
                .exec()
                .await
                .unwrap()
        })
    });
    assert_eq!(
        count.swap(0, Ordering::SeqCst),
        1 + 3,
        "users, then 3 chunks of keys"
    );
    assert_eq!(loaded.len(), USERS);
    for u in &loaded {
        let actions = u.actions.get().unwrap();
        assert_eq!(actions.len(), expected(u.id), "user {}", u.id);
        assert!(actions.iter().all(|a| a.user_id == u.id));
    }

    let selected = tracing::subscriber::with_default(QueryCounter(count.clone()), || {
        runtime.block_on(async {
            c.user()
                .find_many()
                .select((
                    user::select::id(),
                    user::select::actions((action::select::id(), action::select::user_id())),
                ))
                .exec()
                .await
                .unwrap()
        })
    });
    assert_eq!(
        count.load(Ordering::SeqCst),
        1 + 3,
        "users, then 3 chunks of keys"
    );
    assert_eq!(selected.len(), USERS);
    for (id, actions) in &selected {
        assert_eq!(actions.len(), expected(*id), "user {id}");
        assert!(actions.iter().all(|(_, owner)| owner == id));
    }
}

#[test]
fn relations_of_more_records_than_one_statement_takes() {
    many_keys(Database::Sqlite);
}

#[test]
fn relations_of_more_records_than_one_statement_takes_on_postgres() {
    many_keys(Database::Postgres);
}

#[test]
fn relations_of_more_records_than_one_statement_takes_on_mysql() {
    many_keys(Database::Mysql);
}
