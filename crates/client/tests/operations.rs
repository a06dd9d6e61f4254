//! Every operation of the generated points client, on SQLite and PostgreSQL.

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod points {
    include!("../../../examples/points/src/prisma.rs");
}
mod support;

// The tests, one file per kind of operation under operations/; `on_both!` at the end runs
// them on each database.
#[path = "operations/reads.rs"]
mod reads;
#[path = "operations/relations.rs"]
mod relations;
#[path = "operations/transactions.rs"]
mod transactions;
#[path = "operations/writes.rs"]
mod writes;

use reads::{
    count_aggregate_group_by, find_many_filters_order_pagination, nulls_ordering_and_long_lists,
};
use relations::{include_nested, nested_create, relation_filters_and_orders};
use transactions::{raw_queries, transactions};
use writes::{
    atomic_number_updates, create_and_find_unique, create_many_and_skip_duplicates,
    foreign_key_violation_is_p2003, unique_violation_is_p2002, update_upsert_delete,
};

use client::{AggExpr, Client, Error, IsolationLevel, Value};
use points::{Models, action, activity, session, user};

async fn seed_users(c: &Client, n: usize) -> Vec<points::User> {
    let mut out = Vec::new();
    for i in 0..n {
        let role = if i % 2 == 0 { "user" } else { "admin" };
        out.push(
            c.user()
                .create(
                    user::create(format!("user{i}@example.com"))
                        .set(user::name().set(format!("User {i}")))
                        .set(user::role().set(role)),
                )
                .exec()
                .await
                .expect("create user"),
        );
    }
    out
}

async fn seed_points(c: &Client) -> (Vec<points::User>, Vec<points::Activity>) {
    let users = seed_users(c, 3).await;
    let mut acts = Vec::new();
    for (i, p) in [5, 10, 20].iter().enumerate() {
        acts.push(
            c.activity()
                .create(activity::create(*p, format!("act{i}")))
                .exec()
                .await
                .unwrap(),
        );
    }
    // user0: act0, act1, act2; user1: act2; user2: nothing
    for (u, a) in [(0, 0), (0, 1), (0, 2), (1, 2)] {
        c.action()
            .create(action::create(users[u].id, acts[a].id))
            .exec()
            .await
            .unwrap();
    }
    (users, acts)
}

on_both!(
    "points";
    nulls_ordering_and_long_lists,
    create_and_find_unique,
    unique_violation_is_p2002,
    foreign_key_violation_is_p2003,
    find_many_filters_order_pagination,
    update_upsert_delete,
    atomic_number_updates,
    create_many_and_skip_duplicates,
    include_nested,
    relation_filters_and_orders,
    count_aggregate_group_by,
    transactions,
    raw_queries,
    nested_create,
);
