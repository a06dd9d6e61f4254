//! A statement cache smaller than the statements a client runs, on every database: each
//! statement is prepared again once it has left the cache, and a failed statement (a duplicate
//! key, whose columns MySQL's backend looks up on the same connection, preparing a statement of
//! its own) leaves the others runnable.
//!
//! On MySQL the backend keeps its own map from a statement's text to its prepared statement, in
//! front of mysql_async's cache, which closes on the server each statement it evicts: a
//! statement still in the map after mysql_async closed it would fail here with MySQL's "Unknown
//! prepared statement handler".

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

use client::{Client, ClientOptions};
use points::{Models, user};

/// Five statements in turn, more than each cache size holds, on one connection; the duplicate
/// key's error comes between them. Every result is checked.
async fn statements_rotate_through_a_small_cache(url: &str) {
    for cache in [1, 2, 3] {
        let options = ClientOptions {
            statement_cache: cache,
            max_connections: 1,
            ..ClientOptions::default()
        };
        let client = Client::connect_with(url, options).await.unwrap();
        let before = client.user().count().exec().await.unwrap();
        let first_email = format!("first{cache}@example.com");
        let first = client
            .user()
            .create(user::create(first_email.as_str()))
            .exec()
            .await
            .unwrap();
        for round in 0..4_i64 {
            let found = client
                .user()
                .find_unique(user::email().equals(first_email.as_str()))
                .exec()
                .await
                .unwrap();
            assert_eq!(found.map(|u| u.id), Some(first.id), "cache {cache}");
            let email = format!("c{cache}r{round}@example.com");
            let made = client
                .user()
                .create(user::create(email.as_str()))
                .exec()
                .await
                .unwrap();
            assert_eq!(made.email, email);
            let e = client
                .user()
                .create(user::create(first_email.as_str()))
                .exec()
                .await
                .expect_err("a duplicate email");
            assert_eq!(e.code(), "P2002", "cache {cache}: {e}");
            let by_id = client
                .user()
                .find_unique(user::id().equals(made.id))
                .exec()
                .await
                .unwrap();
            assert_eq!(by_id.map(|u| u.email), Some(email), "cache {cache}");
            let count = client.user().count().exec().await.unwrap();
            assert_eq!(count, before + 2 + round, "cache {cache}");
        }
    }
}

#[tokio::test]
async fn statements_rotate_through_a_small_cache_on_sqlite() {
    let db = support::sqlite("statement_cache", "points").await;
    statements_rotate_through_a_small_cache(&db.url).await;
}

#[tokio::test]
async fn statements_rotate_through_a_small_cache_on_postgres() {
    let Some(db) = support::postgres("statement_cache", "points").await else {
        return;
    };
    statements_rotate_through_a_small_cache(&db.url).await;
}

#[tokio::test]
async fn statements_rotate_through_a_small_cache_on_mysql() {
    let Some(db) = support::mysql("statement_cache", "points").await else {
        return;
    };
    statements_rotate_through_a_small_cache(&db.url).await;
}
