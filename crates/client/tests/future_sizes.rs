//! The size of each operation's future, against a budget. An operation's future is copied
//! whole, at every layer from the caller down, each time one starts: its size is paid on every
//! call, on every database. Session 9 let `find_unique`'s grow to 13.6 KB (an `async fn` that
//! held a future twice, a driver future carried inline), which cost W2 on SQLite 40% more
//! instructions; the budgets here keep that from coming back unseen.
//!
//! A future's layout is decided before optimization, so a debug build measures what a release
//! build runs. The budgets leave some headroom. What stays off the operation's future, on the
//! heap (`crate::dialect::backend`'s network statements, transactions, nested writes, includes,
//! the emulation of relations, a batch of `find_unique`s), is what makes them hold.

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

use points::{Models, user};

#[track_caller]
fn check(what: &str, size: usize, budget: usize) {
    eprintln!("{what}: {size} bytes (budget {budget})");
    assert!(
        size <= budget,
        "{what}'s future is {size} bytes, over its budget of {budget}: keep rare work (a \
         transaction, nested writes, includes, a network driver's future) on the heap, and \
         don't hold a future twice (an `async fn` taking a future does)"
    );
}

#[tokio::test]
async fn operation_futures_stay_within_their_budget() {
    let db = support::sqlite("future_sizes", "points").await;
    let c = &db.client;
    // Each future is made and measured, never run.
    let f = c.user().find_unique(user::email().equals("a")).exec();
    check("find_unique", size_of_val(&f), 2_560);
    drop(f);
    let f = c.user().find_many().take(5).exec();
    check("find_many", size_of_val(&f), 2_560);
    drop(f);
    let f = c.user().count().exec();
    check("count", size_of_val(&f), 3_072);
    drop(f);
    let f = c.user().create(user::create("a".to_owned())).exec();
    check("create", size_of_val(&f), 3_072);
    drop(f);
    let f = c
        .user()
        .update(user::id().equals(1), vec![user::name().set("n".to_owned())])
        .exec();
    check("update", size_of_val(&f), 4_096);
    drop(f);
    let f = c.user().delete(user::id().equals(1)).exec();
    check("delete", size_of_val(&f), 4_096);
    drop(f);
    let f = c
        .user()
        .upsert(
            user::id().equals(1),
            user::create("a".to_owned()),
            vec![user::name().set("n".to_owned())],
        )
        .exec();
    check("upsert", size_of_val(&f), 3_072);
    drop(f);
}
