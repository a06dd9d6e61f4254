//! Nested writes in relation fields through the generated client of the all_types schema,
//! on SQLite and PostgreSQL: every operation on 1:1 (required and optional), 1:n from both
//! sides, m:n, a self-relation and a relation over a composite key, with Prisma's errors, and
//! a failing nested write leaving nothing behind.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/all_types.rs");
}
mod support;

// The tests, one file per kind of relation under nested_writes/; the helpers they share are
// below, and `on_both!` at the end runs them on each database.
#[path = "nested_writes/batches.rs"]
mod batches;
#[path = "nested_writes/foreign_key_side.rs"]
mod foreign_key_side;
#[path = "nested_writes/many_to_many.rs"]
mod many_to_many;
#[path = "nested_writes/one_to_many.rs"]
mod one_to_many;
#[path = "nested_writes/one_to_one.rs"]
mod one_to_one;
#[path = "nested_writes/self_and_composite.rs"]
mod self_and_composite;

use batches::batch_transactions;
use foreign_key_side::{foreign_key_side_on_create, foreign_key_side_on_update};
use many_to_many::many_to_many;
use one_to_many::one_to_many_list;
use one_to_one::one_to_one_back_side;
use self_and_composite::{composite_key_relation, self_relation};

use client::{Client, Error};
use db::{Models, Person, badge, grant, membership, person, post, profile, tag};

async fn person_named(c: &Client, name: &str) -> Person {
    c.person()
        .create(person::create(name))
        .exec()
        .await
        .unwrap()
}

async fn titles_of(c: &Client, author: i32) -> Vec<String> {
    let mut titles: Vec<String> = c
        .post()
        .find_many()
        .filter(post::author_id().equals(author))
        .exec()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    // Sorted here, byte-wise: the database's order depends on its collation (MySQL's default
    // ignores case).
    titles.sort();
    titles
}

async fn tags_of(c: &Client, post_id: i32) -> Vec<String> {
    let p = c
        .post()
        .find_unique(post::id().equals(post_id))
        .include(post::include::tags().order_by(tag::name().asc()))
        .exec()
        .await
        .unwrap()
        .unwrap();
    p.tags
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect()
}

fn assert_not_found(err: &Error, cause: &str) {
    assert_eq!(err.code(), "P2025", "{err}");
    assert!(
        matches!(err, Error::RecordNotFound { cause: c, .. } if c == cause),
        "expected {cause:?}, got {err:?}"
    );
}

on_both!(
    "all_types";
    foreign_key_side_on_create,
    foreign_key_side_on_update,
    one_to_many_list,
    one_to_one_back_side,
    many_to_many,
    self_relation,
    composite_key_relation,
    batch_transactions,
);

/// A batch's future can be given to `tokio::spawn`, in both forms, as every other operation's
/// can (this failed to compile: "implementation of `Operation` is not general enough").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_can_be_spawned() {
    let db = support::sqlite("batch_spawn", "all_types").await;
    let c = db.client.clone();
    let tuple = tokio::spawn(async move {
        c.batch((c.tag().create(tag::create("a")), c.tag().count()))
            .await
    });
    let (a, count) = tuple.await.unwrap().unwrap();
    assert_eq!((a.name.as_str(), count), ("a", 1));
    let c = db.client.clone();
    let list = tokio::spawn(async move {
        c.batch(vec![
            c.tag().create(tag::create("b")),
            c.tag().create(tag::create("c")),
        ])
        .await
    });
    assert_eq!(list.await.unwrap().unwrap().len(), 2);
}
