//! Result shaping through the generated clients, on SQLite and PostgreSQL: `select` (fields,
//! relations with their own selection, filter, order and take, relation counts), `omit`,
//! `include` with `_count`, and selections on the results of writes (`createManyAndReturn`
//! among them).

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
mod db {
    include!("../../client-gen/tests/expect/all_types.rs");
}
mod support;

// The tests, one file per topic under shaping/; `on_both!` below runs those on the points
// schema on each database (`every_kind` runs its own on the all_types schema).
#[path = "shaping/select.rs"]
mod select;
#[path = "shaping/writes.rs"]
mod writes;

use select::{include_with_counts, omit_fields, select_fields_relations_and_counts};
use writes::{create_many_and_return_with_select, writes_with_select};

use client::{Client, Dialect, Error, Omitted, Value};
use points::{Models as _, action, activity, session, user};

/// Three users: user0 with no action, user1 with one, user2 with two (on activities worth 1
/// and 10 points); user1 has a password and a session.
async fn seed(c: &Client) -> Vec<points::User> {
    let cheap = c
        .activity()
        .create(activity::create(1, "walk"))
        .exec()
        .await
        .unwrap();
    let dear = c
        .activity()
        .create(activity::create(10, "run"))
        .exec()
        .await
        .unwrap();
    let mut users = Vec::new();
    for i in 0..3 {
        let mut data = user::create(format!("u{i}@example.com"));
        if i == 1 {
            data = data
                .set(user::name().set("One"))
                .set(user::hashed_password().set("secret"));
        }
        users.push(c.user().create(data).exec().await.unwrap());
    }
    c.action()
        .create(action::create(users[1].id, dear.id))
        .exec()
        .await
        .unwrap();
    c.action()
        .create(action::create(users[2].id, cheap.id))
        .exec()
        .await
        .unwrap();
    c.action()
        .create(action::create(users[2].id, dear.id))
        .exec()
        .await
        .unwrap();
    c.session()
        .create(session::create("s1").set(session::user_id().set(users[1].id)))
        .exec()
        .await
        .unwrap();
    users
}

on_both!(
    "points";
    select_fields_relations_and_counts,
    include_with_counts,
    omit_fields,
    writes_with_select,
    create_many_and_return_with_select,
);

#[path = "shaping/every_kind.rs"]
mod every_kind;
