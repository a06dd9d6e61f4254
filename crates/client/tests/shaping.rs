//! Result shaping through the generated clients, on SQLite and PostgreSQL: `select` (fields,
//! relations with their own selection, filter, order and take, relation counts), `omit`,
//! `include` with `_count`, and selections on the results of writes (`createManyAndReturn`
//! among them).

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

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

async fn select_fields_relations_and_counts(c: &Client) {
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

async fn include_with_counts(c: &Client) {
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

async fn omit_fields(c: &Client) {
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

async fn writes_with_select(c: &Client) {
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
async fn create_many_and_return_with_select(c: &Client) {
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

on_both!(
    "points";
    select_fields_relations_and_counts,
    include_with_counts,
    omit_fields,
    writes_with_select,
    create_many_and_return_with_select,
);

mod every_kind {
    use super::db::{Models as _, Role, everything, membership, person, post, profile, tag};
    use super::{Client, Dialect, Value};

    async fn link(c: &Client, post_id: i32, tag_id: i32) {
        let sql = match c.dialect() {
            Dialect::Sqlite => "INSERT INTO \"_PostToTag\" (\"A\", \"B\") VALUES (?, ?)",
            Dialect::Postgres => "INSERT INTO \"_PostToTag\" (\"A\", \"B\") VALUES ($1, $2)",
            Dialect::Mysql => "INSERT INTO `_PostToTag` (`A`, `B`) VALUES (?, ?)",
        };
        c.execute_raw(
            sql,
            vec![Value::Int(post_id.into()), Value::Int(tag_id.into())],
        )
        .await
        .unwrap();
    }

    /// m:n, self-relations, 1:1 and a composite id, selected and counted.
    pub async fn select_every_kind_of_relation(c: &Client) {
        let boss = c
            .person()
            .create(person::create("Boss"))
            .exec()
            .await
            .unwrap();
        let ann = c
            .person()
            .create(person::create("Ann").set(person::manager_id().set(boss.id)))
            .exec()
            .await
            .unwrap();
        c.profile()
            .create(profile::create("hi", ann.id))
            .exec()
            .await
            .unwrap();
        let p1 = c
            .post()
            .create(post::create("Rust", ann.id))
            .exec()
            .await
            .unwrap();
        let p2 = c
            .post()
            .create(post::create("SQL", ann.id))
            .exec()
            .await
            .unwrap();
        let lang = c.tag().create(tag::create("lang")).exec().await.unwrap();
        let dbs = c.tag().create(tag::create("db")).exec().await.unwrap();
        link(c, p1.id, lang.id).await;
        link(c, p1.id, dbs.id).await;
        link(c, p2.id, dbs.id).await;
        c.membership()
            .create(membership::create(7, ann.id).set(membership::role().set(Role::Admin)))
            .exec()
            .await
            .unwrap();

        type PersonRow = (
            String,
            Option<(String,)>,
            Vec<String>,
            Option<String>,
            Vec<(i32, Role)>,
            Vec<(String, Vec<String>, i64)>,
            i64,
        );
        let people: Vec<PersonRow> = c
            .person()
            .find_many()
            .order_by(person::id().asc())
            .select((
                person::select::name(),
                person::select::manager((person::select::name(),)),
                person::select::reports(person::select::name()),
                person::select::profile(profile::select::bio()),
                person::select::memberships((
                    membership::select::org_id(),
                    membership::select::role(),
                )),
                person::select::posts((
                    post::select::title(),
                    post::select::tags(tag::select::name()).order_by(tag::name().asc()),
                    post::tags().count(),
                ))
                .order_by(post::id().asc()),
                person::reports().count(),
            ))
            .exec()
            .await
            .unwrap();
        assert_eq!(
            people,
            vec![
                (
                    "Boss".to_owned(),
                    None,
                    vec!["Ann".to_owned()],
                    None,
                    vec![],
                    vec![],
                    1
                ),
                (
                    "Ann".to_owned(),
                    Some(("Boss".to_owned(),)),
                    vec![],
                    Some("hi".to_owned()),
                    vec![(7, Role::Admin)],
                    vec![
                        (
                            "Rust".to_owned(),
                            vec!["db".to_owned(), "lang".to_owned()],
                            2
                        ),
                        ("SQL".to_owned(), vec!["db".to_owned()], 1),
                    ],
                    0
                ),
            ]
        );

        // m:n from the other side, with a filtered count through the join table.
        let tags: Vec<(String, i64, Vec<String>)> = c
            .tag()
            .find_many()
            .order_by(tag::name().asc())
            .select((
                tag::select::name(),
                tag::posts().count().filter(post::title().equals("SQL")),
                tag::select::posts(post::select::title()).order_by(post::title().desc()),
            ))
            .exec()
            .await
            .unwrap();
        assert_eq!(
            tags,
            vec![
                (
                    "db".to_owned(),
                    1,
                    vec!["SQL".to_owned(), "Rust".to_owned()]
                ),
                ("lang".to_owned(), 0, vec!["Rust".to_owned()]),
            ]
        );

        // The composite-id side back to its person (a required to-one relation).
        let members: Vec<(Role, String)> = c
            .membership()
            .find_many()
            .select((
                membership::select::role(),
                membership::select::person(person::select::name()),
            ))
            .exec()
            .await
            .unwrap();
        assert_eq!(members, vec![(Role::Admin, "Ann".to_owned())]);
    }

    /// `uuid()` makes version-4 UUIDs, `uuid(7)` version-7 ones, which sort by creation time.
    pub async fn uuid_versions(c: &Client) {
        let mut ordered = Vec::new();
        for i in 0..3 {
            let e = c
                .everything()
                .create(everything::create(
                    i,
                    0_i64,
                    0.0,
                    rust_decimal::Decimal::ZERO,
                    "s",
                    false,
                    chrono::Utc::now(),
                    serde_json::json!(null),
                    Vec::<u8>::new(),
                ))
                .select((everything::select::id(), everything::select::ordered()))
                .exec()
                .await
                .unwrap();
            let (v4, v7) = (
                uuid::Uuid::parse_str(&e.0).unwrap(),
                uuid::Uuid::parse_str(&e.1).unwrap(),
            );
            assert_eq!((v4.get_version_num(), v7.get_version_num()), (4, 7));
            ordered.push(e.1);
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        let mut sorted = ordered.clone();
        sorted.sort();
        assert_eq!(sorted, ordered, "version-7 UUIDs sort by creation time");
    }

    /// The generator's `omit` leaves `Person.secret` out of `Person`
    /// (compile_fail/read_globally_omitted_field.rs); it is still written, filtered on, and
    /// read when selected or with `.omit(())`.
    pub async fn global_omit(c: &Client) {
        let sam = c
            .person()
            .create(person::create("Sam").set(person::secret().set("s3cret")))
            .exec()
            .await
            .unwrap();
        let _: (i32, String, Option<i32>) = (sam.id, sam.name, sam.manager_id);
        let secret = c
            .person()
            .find_unique(person::id().equals(sam.id))
            .select(person::select::secret())
            .exec()
            .await
            .unwrap();
        assert_eq!(secret, Some(Some("s3cret".to_owned())));
        let full = c.person().find_many().omit(()).exec().await.unwrap();
        assert_eq!(
            (full[0].name.as_str(), full[0].secret.as_deref()),
            ("Sam", Some("s3cret"))
        );
        let n = c
            .person()
            .count()
            .filter(person::secret().equals("s3cret"))
            .exec()
            .await
            .unwrap();
        assert_eq!(n, 1);
        let updated = c
            .person()
            .update(
                person::id().equals(sam.id),
                vec![person::secret().set("other")],
            )
            .select(person::select::secret())
            .exec()
            .await
            .unwrap();
        assert_eq!(updated.as_deref(), Some("other"));
    }

    /// `createManyAndReturn` with `select` on a composite id whose order in the table (MySQL
    /// keeps rows in primary-key order) is not the order of the data.
    pub async fn create_many_and_return_composite_ids(c: &Client) {
        let ann = c
            .person()
            .create(person::create("Ann"))
            .exec()
            .await
            .unwrap();
        let bob = c
            .person()
            .create(person::create("Bob"))
            .exec()
            .await
            .unwrap();
        let rows = c
            .membership()
            .create_many(vec![
                membership::create(3, bob.id),
                membership::create(1, ann.id).set(membership::role().set(Role::Admin)),
                membership::create(2, bob.id),
                membership::create(1, bob.id),
            ])
            .select((
                membership::select::org_id(),
                membership::select::role(),
                membership::select::person(person::select::name()),
            ))
            .exec_and_return()
            .await
            .unwrap();
        assert_eq!(
            rows,
            [
                (3, Role::User, "Bob".to_owned()),
                (1, Role::Admin, "Ann".to_owned()),
                (2, Role::User, "Bob".to_owned()),
                (1, Role::User, "Bob".to_owned()),
            ]
        );
    }

    mod tests {
        crate::on_both!(
            "all_types";
            select_every_kind_of_relation,
            uuid_versions,
            global_omit,
            create_many_and_return_composite_ids,
        );
        use super::{
            create_many_and_return_composite_ids, global_omit, select_every_kind_of_relation,
            uuid_versions,
        };
    }
}
