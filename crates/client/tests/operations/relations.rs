//! Relations in the points client: include, relation filters and orders, and nested creates.

use super::*;

pub async fn include_nested(c: &Client) {
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

pub async fn relation_filters_and_orders(c: &Client) {
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

pub async fn nested_create(c: &Client) {
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
