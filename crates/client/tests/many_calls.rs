//! `updateManyAndReturn`, `limit` on `updateMany` and `deleteMany`, and `cursor` on
//! `findFirst` and `aggregate`, on SQLite, PostgreSQL and MySQL/MariaDB, through the
//! generated points client.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod points {
    include!("../../../examples/points/src/prisma.rs");
}
mod support;

use client::{AggExpr, Client, Dialect, Error};
use points::{Models, action, activity, user};

/// Users u1 … u{n} (ids 1 … n); odd ids are "user", even ids "admin".
async fn seed(c: &Client, n: i32) {
    for i in 1..=n {
        let role = if i % 2 == 1 { "user" } else { "admin" };
        c.user()
            .create(user::create(format!("u{i}@example.com")).set(user::role().set(role)))
            .exec()
            .await
            .unwrap();
    }
}

async fn ids_with_role(c: &Client, role: &str) -> Vec<i32> {
    c.user()
        .find_many()
        .filter(user::role().equals(role))
        .order_by(user::id().asc())
        .exec()
        .await
        .unwrap()
        .iter()
        .map(|u| u.id)
        .collect()
}

fn assert_p2009<T: std::fmt::Debug>(result: Result<T, Error>, needle: &str) {
    let e = result.unwrap_err();
    assert_eq!(e.code(), "P2009", "{e}");
    assert!(e.to_string().contains(needle), "{e}");
}

async fn update_many_and_return(c: &Client) {
    seed(c, 5).await;
    let run = c
        .activity()
        .create(activity::create(10, "run"))
        .exec()
        .await
        .unwrap();
    c.action()
        .create(action::create(3, run.id))
        .exec()
        .await
        .unwrap();
    let returned = c
        .user()
        .update_many(user::role().equals("user"), vec![user::name().set("U")])
        .exec_and_return()
        .await;
    if c.dialect() == Dialect::Mysql {
        // As in Prisma, which offers updateManyAndReturn on PostgreSQL, CockroachDB and
        // SQLite only: refused, and nothing is written.
        assert_p2009(returned, "MySQL and MariaDB");
        let named = c
            .user()
            .count()
            .filter(user::name().equals("U"))
            .exec()
            .await
            .unwrap();
        assert_eq!(named, 0);
        return;
    }
    let mut returned = returned.unwrap();
    returned.sort_by_key(|u| u.id);
    let ids: Vec<i32> = returned.iter().map(|u| u.id).collect();
    assert_eq!(ids, [1, 3, 5]);
    assert!(returned.iter().all(|u| u.name.as_deref() == Some("U")));
    assert!(returned.iter().all(|u| u.updated_at >= u.created_at));

    // No record matched: an empty list.
    let none = c
        .user()
        .update_many(user::role().equals("nobody"), vec![user::name().set("X")])
        .exec_and_return()
        .await
        .unwrap();
    assert!(none.is_empty());

    // With relations included, as on createManyAndReturn; `exec()` (a count) refuses them.
    let mut with_actions = c
        .user()
        .update_many(user::id().equals(3), vec![user::name().set("Three")])
        .include(user::include::actions())
        .exec_and_return()
        .await
        .unwrap();
    assert_eq!(with_actions.len(), 1);
    let actions = with_actions.remove(0).actions.into_inner().unwrap();
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].activity_id, run.id);
    let counted = c
        .user()
        .update_many(user::id().equals(3), vec![user::name().set("Three")])
        .include(user::include::actions())
        .exec()
        .await;
    assert_p2009(counted, "exec_and_return");

    // With a limit: at most that many.
    let limited = c
        .user()
        .update_many(user::role().equals("admin"), vec![user::name().set("A")])
        .limit(1)
        .exec_and_return()
        .await
        .unwrap();
    assert_eq!(limited.len(), 1);
    assert_eq!(limited[0].role, "admin");
}

async fn limit_on_update_many_and_delete_many(c: &Client) {
    seed(c, 6).await;
    let users = c.user();

    // updateMany: at most `limit` of the matching records, and only matching ones.
    let n = users
        .update_many(user::role().equals("user"), vec![user::role().set("staff")])
        .limit(2)
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 2);
    let staff = ids_with_role(c, "staff").await;
    assert_eq!(staff.len(), 2);
    assert!(staff.iter().all(|id| id % 2 == 1), "{staff:?}");
    assert_eq!(ids_with_role(c, "user").await.len(), 1);

    // A limit above the number matched updates them all; 0 updates none.
    let n = users
        .update_many(user::role().equals("admin"), vec![user::name().set("A")])
        .limit(10)
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 3);
    let n = users
        .update_many(user::role().equals("admin"), vec![user::name().set("B")])
        .limit(0)
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 0);

    // deleteMany: at most `limit`, only matching records.
    let n = users
        .delete_many(user::role().equals("admin"))
        .limit(2)
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 2);
    assert_eq!(ids_with_role(c, "admin").await.len(), 1);
    assert_eq!(ids_with_role(c, "staff").await, staff);
    assert_eq!(users.count().exec().await.unwrap(), 4);

    // A limit through a relation filter (a subquery on another table).
    let run = c
        .activity()
        .create(activity::create(1, "run"))
        .exec()
        .await
        .unwrap();
    for id in &staff {
        c.action()
            .create(action::create(*id, run.id))
            .exec()
            .await
            .unwrap();
    }
    let n = c
        .action()
        .delete_many(action::user().is(user::role().equals("staff")))
        .limit(1)
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(c.action().count().exec().await.unwrap(), 1);

    // Without a filter.
    let n = c
        .action()
        .delete_many(client::Filter::all())
        .limit(5)
        .exec()
        .await;
    assert_eq!(n.unwrap(), 1);

    // A negative limit is refused (P2009), as a negative skip is, and nothing is written.
    assert_p2009(
        users
            .update_many(user::role().equals("staff"), vec![user::name().set("N")])
            .limit(-1)
            .exec()
            .await,
        "found: -1",
    );
    assert_p2009(
        users
            .delete_many(user::role().equals("staff"))
            .limit(-3)
            .exec()
            .await,
        "found: -3",
    );
    assert_eq!(users.count().exec().await.unwrap(), 4);
}

async fn first(q: client::FindFirst<'_, points::User>) -> Option<i32> {
    q.exec().await.unwrap().map(|u| u.id)
}

async fn count(q: client::AggregateQuery<'_, points::User>) -> Option<i64> {
    q.select(AggExpr::count_all())
        .exec()
        .await
        .unwrap()
        .count_all()
}

async fn cursor_on_find_first_and_aggregate(c: &Client) {
    seed(c, 5).await;
    let users = c.user();
    let any = || user::email().contains("@");
    assert_eq!(
        first(users.find_first(any()).cursor(user::id().equals(3))).await,
        Some(3)
    );
    assert_eq!(
        first(users.find_first(any()).cursor(user::id().equals(3)).skip(1)).await,
        Some(4)
    );
    assert_eq!(
        first(
            users
                .find_first(any())
                .order_by(user::id().desc())
                .cursor(user::id().equals(3))
                .skip(1)
        )
        .await,
        Some(2)
    );
    // The filter still applies after the cursor: the first "user" (odd id) from 2 on.
    assert_eq!(
        first(
            users
                .find_first(user::role().equals("user"))
                .cursor(user::email().equals("u2@example.com"))
        )
        .await,
        Some(3)
    );
    // A cursor on a record that does not exist finds nothing.
    assert_eq!(
        first(users.find_first(any()).cursor(user::id().equals(99))).await,
        None
    );

    // aggregate: the records from the cursor on, in the order asked.
    assert_eq!(
        count(users.aggregate().cursor(user::id().equals(3))).await,
        Some(3)
    );
    assert_eq!(
        count(
            users
                .aggregate()
                .order_by(user::id().desc())
                .cursor(user::id().equals(3))
        )
        .await,
        Some(3)
    );
    assert_eq!(
        count(users.aggregate().cursor(user::id().equals(2)).take(2)).await,
        Some(2)
    );
    assert_eq!(
        count(
            users
                .aggregate()
                .filter(user::role().equals("admin"))
                .cursor(user::id().equals(1))
        )
        .await,
        Some(2)
    );
}

on_both!("points"; update_many_and_return, limit_on_update_many_and_delete_many, cursor_on_find_first_and_aggregate);
