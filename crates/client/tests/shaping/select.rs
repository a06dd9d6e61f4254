//! `select` (fields, relations with their own selection, filter, order and take, relation
//! counts), `include` with `_count`, and `omit`, on reads of the points client.

use super::*;

pub async fn select_fields_relations_and_counts(c: &Client) {
    let users = seed(c).await;
    let rows: Vec<(i32, String, Option<String>, i64)> = c
        .user()
        .find_many()
        .order_by(user::id().asc())
        .select((
            user::select::id(),
            user::select::email(),
            user::select::name(),
            user::actions().count(),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(
        rows,
        vec![
            (users[0].id, "u0@example.com".to_owned(), None, 0),
            (
                users[1].id,
                "u1@example.com".to_owned(),
                Some("One".to_owned()),
                1
            ),
            (users[2].id, "u2@example.com".to_owned(), None, 2),
        ]
    );

    // A single item selects as itself; a relation with its own selection, filter, order and
    // take; to-one relations inside it; a filtered count.
    let emails: Vec<String> = c
        .user()
        .find_many()
        .filter(user::email().ends_with("@example.com"))
        .order_by(user::id().desc())
        .take(2)
        .select(user::select::email())
        .exec()
        .await
        .unwrap();
    assert_eq!(emails, ["u2@example.com", "u1@example.com"]);

    type Row = (String, Vec<(i32, (String, i32), String)>, i64);
    let rows: Vec<Row> = c
        .user()
        .find_many()
        .order_by(user::id().asc())
        .select((
            user::select::email(),
            user::select::actions((
                action::select::user_id(),
                action::select::activity((activity::select::name(), activity::select::points())),
                action::select::user(user::select::email()),
            ))
            .filter(action::activity().is(activity::points().gte(1)))
            .order_by(action::id().desc())
            .take(1),
            user::actions()
                .count()
                .filter(action::activity().is(activity::points().gt(5))),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0], ("u0@example.com".to_owned(), vec![], 0));
    assert_eq!(
        rows[1].1,
        vec![(
            users[1].id,
            ("run".to_owned(), 10),
            "u1@example.com".to_owned()
        )]
    );
    assert_eq!(rows[1].2, 1);
    assert_eq!(
        rows[2].1,
        vec![(
            users[2].id,
            ("run".to_owned(), 10),
            "u2@example.com".to_owned()
        )],
        "the newest action only (order desc, take 1)"
    );
    assert_eq!(rows[2].2, 1, "only the 10-point action counts");

    // An optional to-one relation reads as an Option.
    let sessions: Vec<(String, Option<(String, i64)>)> = c
        .session()
        .find_many()
        .select((
            session::select::handle(),
            session::select::user((user::select::email(), user::sessions().count())),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(
        sessions,
        vec![("s1".to_owned(), Some(("u1@example.com".to_owned(), 1)))]
    );

    // findFirst, findUnique and findUniqueOrThrow with select.
    let first = c
        .user()
        .find_first(user::actions().some(client::Filter::all()))
        .order_by(user::id().asc())
        .select((
            user::select::id(),
            user::select::actions(action::select::id()),
        ))
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.0, users[1].id);
    assert_eq!(first.1.len(), 1);
    let unique = c
        .user()
        .find_unique(user::email().equals("u2@example.com"))
        .select((user::select::role(), user::actions().count()))
        .exec()
        .await
        .unwrap();
    assert_eq!(unique, Some(("user".to_owned(), 2)));
    let missing = c
        .user()
        .find_unique_or_throw(user::email().equals("nobody@example.com"))
        .select(user::select::id())
        .exec()
        .await;
    assert!(
        matches!(missing, Err(Error::RecordNotFound { .. })),
        "{missing:?}"
    );

    // distinct with select.
    let roles: Vec<String> = c
        .user()
        .find_many()
        .distinct(user::role())
        .select(user::select::role())
        .exec()
        .await
        .unwrap();
    assert_eq!(roles, ["user"]);

    // select and include on one query is refused, not half-done.
    let mixed = c
        .user()
        .find_many()
        .include(user::include::actions())
        .select(user::select::id())
        .exec()
        .await;
    assert!(matches!(mixed, Err(Error::InvalidQuery(_))), "{mixed:?}");
}

pub async fn include_with_counts(c: &Client) {
    let users = seed(c).await;
    let rows: Vec<(points::User, (i64, i64))> = c
        .user()
        .find_many()
        .order_by(user::id().asc())
        .include(user::include::actions())
        .with_counts((user::actions().count(), user::sessions().count()))
        .exec()
        .await
        .unwrap();
    let counts: Vec<(i32, usize, i64, i64)> = rows
        .iter()
        .map(|(u, (a, s))| (u.id, u.actions.get().unwrap().len(), *a, *s))
        .collect();
    assert_eq!(
        counts,
        vec![
            (users[0].id, 0, 0, 0),
            (users[1].id, 1, 1, 1),
            (users[2].id, 2, 2, 0)
        ]
    );
    assert_eq!(rows[1].0.email, users[1].email);

    // A filtered count, on findUnique.
    let (user, dear) = c
        .user()
        .find_unique(user::id().equals(users[2].id))
        .with_counts(
            user::actions()
                .count()
                .filter(action::activity().is(activity::points().gt(5))),
        )
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!((user.id, dear), (users[2].id, 1));
    assert!(!user.actions.is_loaded());

    // The whole record inside a relation selection, with its own include.
    let nested: Vec<Vec<points::Action>> = c
        .user()
        .find_many()
        .order_by(user::id().asc())
        .select(user::select::actions(
            action::select::all().include(action::include::activity()),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(nested[2].len(), 2);
    assert!(nested[2].iter().all(|a| a.activity.is_loaded()));
}

pub async fn omit_fields(c: &Client) {
    let users = seed(c).await;
    let public = c
        .user()
        .find_many()
        .order_by(user::id().asc())
        .omit(user::omit::HashedPassword)
        .exec()
        .await
        .unwrap();
    assert_eq!(public.len(), 3);
    assert_eq!(public[1].email, users[1].email);
    assert_eq!(public[1].name, users[1].name);
    assert_eq!(public[1].created_at, users[1].created_at);
    assert_eq!(public[1].hashed_password, Omitted);

    let slim = c
        .user()
        .find_unique(user::id().equals(users[1].id))
        .omit((user::omit::HashedPassword, user::omit::CreatedAt))
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (slim.id, slim.created_at, slim.hashed_password),
        (users[1].id, Omitted, Omitted)
    );

    let created = c
        .user()
        .create(user::create("new@example.com").set(user::hashed_password().set("pw")))
        .omit(user::omit::HashedPassword)
        .exec()
        .await
        .unwrap();
    assert_eq!(created.email, "new@example.com");
    let stored = c
        .user()
        .find_unique(user::email().equals("new@example.com"))
        .select(user::select::hashed_password())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        stored,
        Some(Some("pw".to_owned())),
        "omit does not change what is written"
    );

    // omit beside relations (Prisma's `omit` with `include`): a selection item.
    let with_actions = c
        .user()
        .find_many()
        .order_by(user::id().asc())
        .select((
            user::select::omit(user::omit::HashedPassword),
            user::select::actions(action::select::id()),
            user::actions().count(),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(with_actions.len(), 4);
    assert_eq!(
        (
            with_actions[2].0.email.as_str(),
            with_actions[2].0.hashed_password,
            with_actions[2].1.len(),
            with_actions[2].2
        ),
        ("u2@example.com", Omitted, 2, 2)
    );
}
