//! Writes of the points client: create and findUnique, update, upsert, delete, atomic number
//! updates and createMany (with skipDuplicates), with Prisma's P2002 and P2003 errors.

use super::*;

pub async fn create_and_find_unique(c: &Client) {
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

pub async fn unique_violation_is_p2002(c: &Client) {
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
        Error::UniqueConstraint { fields, .. } => assert_eq!(fields, vec!["email".to_owned()]),
        other => panic!("expected a unique violation, got {other:?}"),
    }
}

pub async fn foreign_key_violation_is_p2003(c: &Client) {
    let err = c
        .action()
        .create(action::create(12345, 678))
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2003", "{err}");
}

pub async fn update_upsert_delete(c: &Client) {
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

pub async fn atomic_number_updates(c: &Client) {
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

pub async fn create_many_and_skip_duplicates(c: &Client) {
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
