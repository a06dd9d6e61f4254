//! Loading users with their actions and each action's activity (workload W4) takes the same
//! number of queries whatever the number of rows: one per include level; so does a `select` of
//! the same tree with relation counts (one per selected relation level, counts in the same
//! query). Queries are counted from the `refract.query` tracing spans the client emits for
//! every statement.

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

/// Loads everything with the include tree of W4 and returns (queries, actions loaded), or
/// `None` without the database server.
fn queries_for(database: Database, users: usize) -> Option<(usize, usize)> {
    let count = Arc::new(AtomicUsize::new(0));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let db = runtime.block_on(async {
        match database {
            Database::Sqlite => Some(support::sqlite("w4", "points").await),
            Database::Postgres => support::postgres("w4", "points").await,
            Database::Mysql => support::mysql("w4", "points").await,
        }
    })?;
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
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let db = runtime.block_on(async {
        match database {
            Database::Sqlite => Some(support::sqlite("select", "points").await),
            Database::Postgres => support::postgres("select", "points").await,
            Database::Mysql => support::mysql("select", "points").await,
        }
    })?;
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
