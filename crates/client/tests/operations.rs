//! Every operation of the generated points client, on SQLite and PostgreSQL.

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

async fn create_and_find_unique(c: &Client) {
    let u = c
        .user()
        .create(user::create("a@example.com").set(user::name().set("Ann")))
        .exec()
        .await
        .unwrap();
    assert_eq!(u.email, "a@example.com");
    assert_eq!(u.name.as_deref(), Some("Ann"));
    assert_eq!(u.role, "user", "the database default applies");
    assert_eq!(
        u.created_at, u.updated_at,
        "now() and @updatedAt share one timestamp"
    );
    assert_eq!(
        u.created_at.timestamp_subsec_micros() % 1000,
        0,
        "milliseconds precision"
    );
    let found = c
        .user()
        .find_unique(user::email().equals("a@example.com"))
        .exec()
        .await
        .unwrap();
    assert_eq!(found.as_ref(), Some(&u));
    let by_id = c
        .user()
        .find_unique(user::id().equals(u.id))
        .exec()
        .await
        .unwrap();
    assert_eq!(by_id, Some(u));
    let missing = c
        .user()
        .find_unique(user::email().equals("nobody@example.com"))
        .exec()
        .await
        .unwrap();
    assert_eq!(missing, None);
    let err = c
        .user()
        .find_unique_or_throw(user::email().equals("nobody@example.com"))
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2025");
}

async fn unique_violation_is_p2002(c: &Client) {
    c.user()
        .create(user::create("dup@example.com"))
        .exec()
        .await
        .unwrap();
    let err = c
        .user()
        .create(user::create("dup@example.com"))
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2002");
    match err {
        Error::UniqueConstraint { fields } => assert_eq!(fields, vec!["email".to_owned()]),
        other => panic!("expected a unique violation, got {other:?}"),
    }
}

async fn foreign_key_violation_is_p2003(c: &Client) {
    let err = c
        .action()
        .create(action::create(12345, 678))
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2003", "{err}");
}

async fn find_many_filters_order_pagination(c: &Client) {
    seed_users(c, 12).await;
    let users = c
        .user()
        .find_many()
        .filter(
            user::role()
                .equals("user")
                .and(user::email().starts_with("user1")),
        )
        .order_by(user::email().desc())
        .exec()
        .await
        .unwrap();
    let emails: Vec<_> = users.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails, ["user10@example.com"]);

    let page = c
        .user()
        .find_many()
        .order_by(user::id().asc())
        .skip(2)
        .take(3)
        .exec()
        .await
        .unwrap();
    assert_eq!(
        page.iter().map(|u| u.email.clone()).collect::<Vec<_>>(),
        [
            "user2@example.com",
            "user3@example.com",
            "user4@example.com"
        ]
    );

    let some = c
        .user()
        .find_many()
        .filter(user::id().in_vec([1, 3, 5, 7, 9, 11]))
        .exec()
        .await
        .unwrap();
    assert_eq!(some.len(), 6, "a long IN list is bound as one parameter");
    let few = c
        .user()
        .find_many()
        .filter(user::id().not_in_vec([1, 2]))
        .exec()
        .await
        .unwrap();
    assert_eq!(few.len(), 10);
    let not_many = c
        .user()
        .count()
        .filter(user::id().not_in_vec([1, 2, 3, 4, 5, 6, 1_000]))
        .exec()
        .await
        .unwrap();
    assert_eq!(not_many, 6, "a long NOT IN list is bound as one parameter");
    let contains = c
        .user()
        .count()
        .filter(user::email().contains("1"))
        .exec()
        .await
        .unwrap();
    assert_eq!(contains, 3); // user1, user10, user11
    let ends = c
        .user()
        .count()
        .filter(user::name().ends_with("0"))
        .exec()
        .await
        .unwrap();
    assert_eq!(ends, 2);
    let or = c
        .user()
        .count()
        .filter(client::or([user::id().lt(2), user::id().gte(12)]))
        .exec()
        .await
        .unwrap();
    assert_eq!(or, 2);
    let not = c
        .user()
        .count()
        .filter(client::not([user::role().equals("user")]))
        .exec()
        .await
        .unwrap();
    assert_eq!(not, 6);
    let nulls = c
        .user()
        .count()
        .filter(user::hashed_password().is_null())
        .exec()
        .await
        .unwrap();
    assert_eq!(nulls, 12);
    let escaped = c
        .user()
        .count()
        .filter(user::email().contains("%"))
        .exec()
        .await
        .unwrap();
    assert_eq!(escaped, 0, "LIKE wildcards in the text are escaped");
    let insensitive = c
        .user()
        .count()
        .filter(user::name().contains_insensitive("USER 1"))
        .exec()
        .await
        .unwrap();
    assert_eq!(insensitive, 3);

    let first = c
        .user()
        .find_first(user::role().equals("admin"))
        .order_by(user::id().desc())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        first.map(|u| u.email),
        Some("user11@example.com".to_owned())
    );

    // Cursor: from user5 on, in id order.
    let after = c
        .user()
        .find_many()
        .cursor(user::email().equals("user5@example.com"))
        .order_by(user::id().asc())
        .take(2)
        .exec()
        .await
        .unwrap();
    assert_eq!(
        after.iter().map(|u| u.email.clone()).collect::<Vec<_>>(),
        ["user5@example.com", "user6@example.com"]
    );

    let distinct = c
        .user()
        .find_many()
        .distinct(user::role())
        .order_by(user::id().asc())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        distinct.iter().map(|u| u.role.clone()).collect::<Vec<_>>(),
        ["user", "admin"]
    );
}

async fn update_upsert_delete(c: &Client) {
    let users = seed_users(c, 3).await;
    let before = users[0].clone();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let after = c
        .user()
        .update(
            user::id().equals(before.id),
            vec![user::name().set("Renamed")],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(after.name.as_deref(), Some("Renamed"));
    assert!(
        after.updated_at > before.updated_at,
        "@updatedAt moves on update"
    );
    assert_eq!(after.created_at, before.created_at);
    let err = c
        .user()
        .update(user::id().equals(999), vec![user::name().set("x")])
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2025");

    let n = c
        .user()
        .update_many(
            user::role().equals("user"),
            vec![user::hashed_password().set("h")],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 2);
    let cleared = c
        .user()
        .update(
            user::id().equals(before.id),
            vec![user::hashed_password().set_null()],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(cleared.hashed_password, None);

    let created = c
        .user()
        .upsert(
            user::email().equals("new@example.com"),
            user::create("new@example.com"),
            vec![user::name().set("updated")],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(created.name, None);
    let updated = c
        .user()
        .upsert(
            user::email().equals("new@example.com"),
            user::create("new@example.com"),
            vec![user::name().set("updated")],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(
        (updated.id, updated.name.as_deref()),
        (created.id, Some("updated"))
    );

    let deleted = c
        .user()
        .delete(user::email().equals("new@example.com"))
        .exec()
        .await
        .unwrap();
    assert_eq!(deleted.id, created.id);
    assert_eq!(
        c.user()
            .delete(user::email().equals("new@example.com"))
            .exec()
            .await
            .unwrap_err()
            .code(),
        "P2025"
    );
    let n = c
        .user()
        .delete_many(user::role().equals("admin"))
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(c.user().count().exec().await.unwrap(), 2);
}

async fn atomic_number_updates(c: &Client) {
    let a = c
        .activity()
        .create(activity::create(10, "run"))
        .exec()
        .await
        .unwrap();
    let a = c
        .activity()
        .update(
            activity::id().equals(a.id),
            vec![activity::points().increment(5)],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(a.points, 15);
    let a = c
        .activity()
        .update(
            activity::id().equals(a.id),
            vec![activity::points().multiply(2)],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(a.points, 30);
    let a = c
        .activity()
        .update(
            activity::id().equals(a.id),
            vec![activity::points().decrement(6)],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(a.points, 24);
    let a = c
        .activity()
        .update(
            activity::id().equals(a.id),
            vec![activity::points().divide(4)],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(a.points, 6);
}

async fn create_many_and_skip_duplicates(c: &Client) {
    let n = c
        .user()
        .create_many(vec![
            user::create("x@example.com"),
            user::create("y@example.com"),
        ])
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 2);
    let err = c
        .user()
        .create_many(vec![
            user::create("z@example.com"),
            user::create("x@example.com"),
        ])
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2002");
    assert_eq!(
        c.user().count().exec().await.unwrap(),
        2,
        "a failed createMany leaves nothing behind"
    );
    let n = c
        .user()
        .create_many(vec![
            user::create("z@example.com"),
            user::create("x@example.com"),
        ])
        .skip_duplicates()
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 1);
    let returned = c
        .user()
        .create_many(vec![
            user::create("r1@example.com"),
            user::create("r2@example.com"),
        ])
        .exec_and_return()
        .await
        .unwrap();
    assert_eq!(
        returned
            .iter()
            .map(|u| u.email.as_str())
            .collect::<Vec<_>>(),
        ["r1@example.com", "r2@example.com"]
    );
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

async fn include_nested(c: &Client) {
    let (users, _) = seed_points(c).await;
    let loaded = c
        .user()
        .find_many()
        .order_by(user::id().asc())
        .include(
            user::include::actions()
                .order_by(action::id().desc())
                .include(action::include::activity()),
        )
        .include(user::include::sessions())
        .exec()
        .await
        .unwrap();
    assert_eq!(loaded.len(), 3);
    let names = |u: &points::User| -> Vec<String> {
        u.actions
            .get()
            .expect("included")
            .iter()
            .map(|a| a.activity.get().expect("included").name.clone())
            .collect()
    };
    assert_eq!(names(&loaded[0]), ["act2", "act1", "act0"]);
    assert_eq!(names(&loaded[1]), ["act2"]);
    assert!(names(&loaded[2]).is_empty());
    assert_eq!(loaded[0].sessions.get().map(Vec::as_slice), Some(&[][..]));

    // Per-parent take and a filter on the included records.
    let limited = c
        .user()
        .find_unique(user::id().equals(users[0].id))
        .include(
            user::include::actions()
                .filter(action::activity_id().gt(0))
                .order_by(action::id().asc())
                .take(2),
        )
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(limited.actions.get().map(Vec::len), Some(2));

    // To-one optional relation: loaded and absent is Some(None).
    let s = c
        .session()
        .create(session::create("h1"))
        .exec()
        .await
        .unwrap();
    let s = c
        .session()
        .find_unique(session::id().equals(s.id))
        .include(session::include::user())
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.user.get(), Some(&None));
    let s2 = c
        .session()
        .create(session::create("h2").set(session::user_id().set(users[1].id)))
        .include(session::include::user())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        s2.user.into_inner().flatten().map(|u| u.id),
        Some(users[1].id)
    );
}

async fn relation_filters_and_orders(c: &Client) {
    seed_points(c).await;
    let some = c
        .user()
        .count()
        .filter(user::actions().some(action::activity().is(activity::points().gte(20))))
        .exec()
        .await
        .unwrap();
    assert_eq!(some, 2);
    let none = c
        .user()
        .count()
        .filter(user::actions().none(client::Filter::all()))
        .exec()
        .await
        .unwrap();
    assert_eq!(none, 1);
    let every = c
        .user()
        .count()
        .filter(user::actions().every(action::activity().is(activity::points().gt(7))))
        .exec()
        .await
        .unwrap();
    assert_eq!(every, 2, "user1 (all above 7) and user2 (no actions)");
    let by_count = c
        .user()
        .find_many()
        .order_by(user::actions().count_desc())
        .take(1)
        .exec()
        .await
        .unwrap();
    assert_eq!(by_count[0].email, "user0@example.com");
    let by_related = c
        .action()
        .find_many()
        .order_by(action::activity().order_by(activity::points(), true))
        .order_by(action::id().asc())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        by_related.iter().map(|a| a.activity_id).collect::<Vec<_>>()[..2],
        [3, 3]
    );
}

async fn count_aggregate_group_by(c: &Client) {
    seed_points(c).await;
    assert_eq!(c.action().count().exec().await.unwrap(), 4);
    let agg = c
        .activity()
        .aggregate()
        .select(AggExpr::count_all())
        .select(activity::points().sum())
        .select(activity::points().min())
        .select(activity::points().max())
        .select(activity::points().avg())
        .exec()
        .await
        .unwrap();
    assert_eq!(agg.count_all(), Some(3));
    let num = |v: Option<&Value>| match v {
        Some(Value::Int(i)) => *i as f64,
        Some(Value::Float(f)) => *f,
        Some(Value::Decimal(d)) => d.to_string().parse().unwrap(),
        other => panic!("not a number: {other:?}"),
    };
    assert_eq!(num(agg.get(activity::points().sum())), 35.0);
    assert_eq!(num(agg.get(activity::points().min())), 5.0);
    assert_eq!(num(agg.get(activity::points().max())), 20.0);
    // MySQL divides exact numbers to 4 more decimals (`div_precision_increment`), in Prisma too.
    let precision = if c.dialect() == client::Dialect::Mysql {
        1e-4
    } else {
        1e-9
    };
    assert!((num(agg.get(activity::points().avg())) - 35.0 / 3.0).abs() < precision);

    let groups = c
        .action()
        .group_by([action::user_id()])
        .select(AggExpr::count_all())
        .having(AggExpr::count_all().gt(1))
        .order_by(action::user_id().asc())
        .exec()
        .await
        .unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].key(action::user_id()), Some(&Value::Int(1)));
    assert_eq!(groups[0].count_all(), Some(3));
}

async fn transactions(c: &Client) {
    // Committed.
    let id = c
        .transaction(async |tx| {
            let u = tx
                .user()
                .create(user::create("tx@example.com"))
                .exec()
                .await?;
            let a = tx
                .activity()
                .create(activity::create(1, "a"))
                .exec()
                .await?;
            tx.action()
                .create(action::create(u.id, a.id))
                .exec()
                .await?;
            Ok::<_, Error>(u.id)
        })
        .await
        .unwrap();
    assert_eq!(
        c.action()
            .count()
            .filter(action::user_id().equals(id))
            .exec()
            .await
            .unwrap(),
        1
    );
    // Rolled back on error.
    let err = c
        .transaction(async |tx| {
            tx.user()
                .create(user::create("rolled@example.com"))
                .exec()
                .await?;
            tx.user()
                .create(user::create("tx@example.com"))
                .exec()
                .await?;
            Ok::<_, Error>(())
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2002");
    assert_eq!(c.user().count().exec().await.unwrap(), 1);
    // Isolation levels: Serializable everywhere.
    let n = c
        .transaction_with(Some(IsolationLevel::Serializable), async |tx| {
            tx.user().count().exec().await
        })
        .await
        .unwrap();
    assert_eq!(n, 1);
    // Dropping an uncommitted transaction rolls back.
    {
        let tx = c.begin(None).await.unwrap();
        tx.user()
            .create(user::create("dropped@example.com"))
            .exec()
            .await
            .unwrap();
    }
    assert_eq!(c.user().count().exec().await.unwrap(), 1);
}

async fn raw_queries(c: &Client) {
    seed_users(c, 3).await;
    let sql = match c.dialect() {
        client::Dialect::Sqlite => {
            "SELECT \"email\" FROM \"User\" WHERE \"id\" > ? ORDER BY \"id\""
        }
        client::Dialect::Postgres => {
            "SELECT \"email\" FROM \"User\" WHERE \"id\" > $1 ORDER BY \"id\""
        }
        client::Dialect::Mysql => "SELECT `email` FROM `User` WHERE `id` > ? ORDER BY `id`",
    };
    let emails = c
        .query_raw(sql, vec![Value::Int(1)], |r| r.read::<String>())
        .await
        .unwrap();
    assert_eq!(emails, ["user1@example.com", "user2@example.com"]);
    let sql = match c.dialect() {
        client::Dialect::Sqlite => "UPDATE \"User\" SET \"name\" = ? WHERE \"id\" <= ?",
        client::Dialect::Postgres => "UPDATE \"User\" SET \"name\" = $1 WHERE \"id\" <= $2",
        client::Dialect::Mysql => "UPDATE `User` SET `name` = ? WHERE `id` <= ?",
    };
    assert_eq!(
        c.execute_raw(sql, vec![Value::from("raw"), Value::Int(2)])
            .await
            .unwrap(),
        2
    );
}

async fn nested_create(c: &Client) {
    let act = c
        .activity()
        .create(activity::create(3, "walk"))
        .exec()
        .await
        .unwrap();
    let u = c
        .user()
        .create(
            user::create("nested@example.com").with(user::actions::create([
                user::actions::data(act.id),
                user::actions::data(act.id),
            ])),
        )
        .include(user::include::actions())
        .exec()
        .await
        .unwrap();
    let actions = u.actions.into_inner().unwrap();
    assert_eq!(actions.len(), 2);
    assert!(
        actions
            .iter()
            .all(|a| a.user_id == u.id && a.activity_id == act.id)
    );
    // A failing nested create rolls the parent back.
    let err = c
        .user()
        .create(
            user::create("rollback@example.com")
                .with(user::actions::create([user::actions::data(9999)])),
        )
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2003");
    assert_eq!(
        c.user()
            .count()
            .filter(user::email().equals("rollback@example.com"))
            .exec()
            .await
            .unwrap(),
        0
    );

    // From the side holding the foreign key: an action created with its user and activity
    // given as nested writes instead of their ids.
    let a = c
        .action()
        .create(action::create_linked(
            action::user::connect(user::id().equals(u.id)),
            action::activity::create(activity::create(7, "swim")),
        ))
        .include(action::include::activity())
        .exec()
        .await
        .unwrap();
    assert_eq!(a.user_id, u.id);
    assert_eq!(
        a.activity.into_inner().map(|x| x.name),
        Some("swim".to_owned())
    );
    // Inside a parent, the child's other required relation given as a nested write.
    let linked = c
        .user()
        .create(
            user::create("linked@example.com").with(user::actions::create([
                user::actions::data_linked(action::activity::connect(
                    activity::id().equals(act.id),
                )),
            ])),
        )
        .include(user::include::actions())
        .exec()
        .await
        .unwrap();
    let actions = linked.actions.into_inner().unwrap();
    assert_eq!(
        actions
            .iter()
            .map(|a| (a.user_id, a.activity_id))
            .collect::<Vec<_>>(),
        [(linked.id, act.id)]
    );
    // createMany in a list relation.
    c.activity()
        .update(
            activity::id().equals(act.id),
            activity::update_data().with(activity::actions::create_many(
                [
                    activity::actions::data(u.id),
                    activity::actions::data(linked.id),
                ],
                true,
            )),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(
        c.action()
            .count()
            .filter(action::activity_id().equals(act.id))
            .exec()
            .await
            .unwrap(),
        5
    );

    // An optional foreign key (Session.user): connect, disconnect, and from the list side
    // `set` and `disconnect`.
    let s = c
        .session()
        .create(session::create("h1").with(session::user::connect(user::id().equals(u.id))))
        .exec()
        .await
        .unwrap();
    assert_eq!(s.user_id, Some(u.id));
    let s = c
        .session()
        .update(
            session::id().equals(s.id),
            session::update_data().with(session::user::disconnect()),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(s.user_id, None);
    let s2 = c
        .session()
        .create(session::create("h2").with(session::user::connect(user::id().equals(u.id))))
        .exec()
        .await
        .unwrap();
    c.user()
        .update(
            user::id().equals(u.id),
            user::update_data().with(user::sessions::set([session::id().equals(s.id)])),
        )
        .exec()
        .await
        .unwrap();
    let owners = || async {
        c.session()
            .find_many()
            .order_by(session::id().asc())
            .exec()
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.user_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(owners().await, [Some(u.id), None]);
    let _ = s2;
    c.user()
        .update(
            user::id().equals(u.id),
            user::update_data().with(user::sessions::disconnect([session::id().equals(s.id)])),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(owners().await, [None, None]);
}

/// NULLS FIRST/LAST (emulated on MySQL) and lists longer than the inlined maximum (bound as
/// one array or JSON parameter, or padded to a power of two on MySQL).
async fn nulls_ordering_and_long_lists(c: &Client) {
    seed_users(c, 3).await;
    c.user()
        .create(user::create("anonymous@example.com"))
        .exec()
        .await
        .unwrap();
    let names = |users: Vec<points::User>| users.into_iter().map(|u| u.name).collect::<Vec<_>>();
    let first = c
        .user()
        .find_many()
        .order_by(user::name().desc().nulls_first())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        names(first),
        [
            None,
            Some("User 2".to_owned()),
            Some("User 1".to_owned()),
            Some("User 0".to_owned())
        ]
    );
    let last = c
        .user()
        .find_many()
        .order_by(user::name().asc().nulls_last())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        names(last),
        [
            Some("User 0".to_owned()),
            Some("User 1".to_owned()),
            Some("User 2".to_owned()),
            None
        ]
    );
    for n in [5, 7, 9] {
        let emails: Vec<String> = (0..n).map(|i| format!("user{i}@example.com")).collect();
        let found = c
            .user()
            .count()
            .filter(user::email().in_vec(emails.clone()))
            .exec()
            .await
            .unwrap();
        assert_eq!(found, 3, "{n} values");
        let others = c
            .user()
            .count()
            .filter(user::email().not_in_vec(emails))
            .exec()
            .await
            .unwrap();
        assert_eq!(others, 1, "{n} values");
    }
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
