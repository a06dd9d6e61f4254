//! Selections on the results of writes: `select`, `omit` and `include` on create, update,
//! upsert, delete and `createManyAndReturn`.

use super::*;

pub async fn writes_with_select(c: &Client) {
    let users = seed(c).await;
    let (id, email, actions) = c
        .user()
        .create(user::create("w@example.com"))
        .select((
            user::select::id(),
            user::select::email(),
            user::actions().count(),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!((email.as_str(), actions), ("w@example.com", 0));

    let (name, actions) = c
        .user()
        .update(
            user::id().equals(users[2].id),
            vec![user::name().set("Two")],
        )
        .select((
            user::select::name(),
            user::select::actions(action::select::id()),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!((name.as_deref(), actions.len()), (Some("Two"), 2));
    let missing = c
        .user()
        .update(user::id().equals(-1), vec![user::name().set("x")])
        .select(user::select::id())
        .exec()
        .await;
    assert!(
        matches!(missing, Err(Error::RecordNotFound { .. })),
        "{missing:?}"
    );

    let upserted = c
        .user()
        .upsert(
            user::email().equals("w@example.com"),
            user::create("w@example.com"),
            vec![user::role().set("admin")],
        )
        .select((user::select::id(), user::select::role()))
        .exec()
        .await
        .unwrap();
    assert_eq!(upserted, (id, "admin".to_owned()));
    let inserted = c
        .user()
        .upsert(
            user::email().equals("v@example.com"),
            user::create("v@example.com"),
            vec![],
        )
        .select(user::select::email())
        .exec()
        .await
        .unwrap();
    assert_eq!(inserted, "v@example.com");

    let deleted = c
        .user()
        .delete(user::id().equals(id))
        .select((user::select::email(), user::sessions().count()))
        .exec()
        .await
        .unwrap();
    assert_eq!(deleted, ("w@example.com".to_owned(), 0));
    assert_eq!(
        c.user()
            .find_unique(user::id().equals(id))
            .exec()
            .await
            .unwrap(),
        None
    );
    let again = c
        .user()
        .delete(user::id().equals(id))
        .select(user::select::email())
        .exec()
        .await;
    assert!(
        matches!(again, Err(Error::RecordNotFound { .. })),
        "{again:?}"
    );
}

/// `createManyAndReturn` with `select`, `omit` and `include`: the records created, as
/// selected, in the order of the data, with relation counts and to-one relations.
pub async fn create_many_and_return_with_select(c: &Client) {
    let users = seed(c).await;
    let rows = c
        .user()
        .create_many(vec![
            user::create("m2@example.com"),
            user::create("m1@example.com").set(user::name().set("One")),
        ])
        .select((
            user::select::email(),
            user::select::name(),
            user::actions().count(),
        ))
        .exec_and_return()
        .await
        .unwrap();
    assert_eq!(
        rows,
        [
            ("m2@example.com".to_owned(), None, 0),
            ("m1@example.com".to_owned(), Some("One".to_owned()), 0)
        ]
    );

    let swim = c
        .activity()
        .create(activity::create(3, "swim"))
        .exec()
        .await
        .unwrap();
    let actions = c
        .action()
        .create_many(vec![
            action::create(users[2].id, swim.id),
            action::create(users[0].id, swim.id),
        ])
        .select((
            action::select::user(user::select::email()),
            action::select::activity((activity::select::name(), activity::select::points())),
        ))
        .exec_and_return()
        .await
        .unwrap();
    assert_eq!(
        actions,
        [
            ("u2@example.com".to_owned(), ("swim".to_owned(), 3)),
            ("u0@example.com".to_owned(), ("swim".to_owned(), 3))
        ]
    );

    // `include` of relations, loaded for every record at once.
    let included = c
        .action()
        .create_many(vec![
            action::create(users[1].id, swim.id),
            action::create(users[2].id, swim.id),
        ])
        .include(action::include::user())
        .include(action::include::activity())
        .exec_and_return()
        .await
        .unwrap();
    assert_eq!(
        included
            .iter()
            .map(|a| (
                a.user.get().expect("included").email.as_str(),
                a.activity.get().expect("included").name.as_str()
            ))
            .collect::<Vec<_>>(),
        [("u1@example.com", "swim"), ("u2@example.com", "swim")]
    );
    let counted = c
        .action()
        .create_many(vec![action::create(users[1].id, swim.id)])
        .include(action::include::user())
        .exec()
        .await;
    assert!(
        matches!(counted, Err(Error::InvalidQuery(_))),
        "{counted:?}"
    );
    let mixed = c
        .action()
        .create_many(vec![action::create(users[1].id, swim.id)])
        .include(action::include::user())
        .select(action::select::id())
        .exec_and_return()
        .await;
    assert!(matches!(mixed, Err(Error::InvalidQuery(_))), "{mixed:?}");

    let shaped = c
        .user()
        .create_many(vec![
            user::create("o1@example.com").set(user::hashed_password().set("pw")),
        ])
        .omit(user::omit::HashedPassword)
        .exec_and_return()
        .await
        .unwrap();
    assert_eq!(shaped.len(), 1);
    assert_eq!(
        (shaped[0].email.as_str(), shaped[0].hashed_password),
        ("o1@example.com", Omitted)
    );

    // Skipped duplicates are not returned; the others keep their order.
    let emails = c
        .user()
        .create_many(vec![
            user::create("z@example.com"),
            user::create("m1@example.com"),
            user::create("a@example.com"),
        ])
        .select(user::select::email())
        .skip_duplicates()
        .exec_and_return()
        .await
        .unwrap();
    assert_eq!(emails, ["z@example.com", "a@example.com"]);

    // More records than one read-back query takes, each matched to its own row.
    let many: Vec<_> = (0..1_100)
        .map(|i| user::create(format!("bulk{:04}@example.com", 1_100 - i)))
        .collect();
    let expected: Vec<String> = (0..1_100)
        .map(|i| format!("bulk{:04}@example.com", 1_100 - i))
        .collect();
    let emails = c
        .user()
        .create_many(many)
        .select(user::select::email())
        .exec_and_return()
        .await
        .unwrap();
    assert_eq!(emails, expected);

    // Nothing is kept when a row fails.
    let failed = c
        .user()
        .create_many(vec![
            user::create("kept@example.com"),
            user::create("z@example.com"),
        ])
        .select(user::select::id())
        .exec_and_return()
        .await;
    assert!(
        matches!(failed, Err(Error::UniqueConstraint { .. })),
        "{failed:?}"
    );
    assert_eq!(
        c.user()
            .count()
            .filter(user::email().equals("kept@example.com"))
            .exec()
            .await
            .unwrap(),
        0
    );
}
