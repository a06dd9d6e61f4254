//! Nested writes in relation fields through the generated client of the all_types schema,
//! on SQLite and PostgreSQL: every operation on 1:1 (required and optional), 1:n from both
//! sides, m:n, a self-relation and a relation over a composite key, with Prisma's errors, and
//! a failing nested write leaving nothing behind.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/all_types.rs");
}
mod support;

use client::{Client, Error};
use db::{Models, Person, badge, grant, membership, person, post, profile, tag};

async fn person_named(c: &Client, name: &str) -> Person {
    c.person()
        .create(person::create(name))
        .exec()
        .await
        .unwrap()
}

async fn titles_of(c: &Client, author: i32) -> Vec<String> {
    let mut titles: Vec<String> = c
        .post()
        .find_many()
        .filter(post::author_id().equals(author))
        .exec()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    // Sorted here, byte-wise: the database's order depends on its collation (MySQL's default
    // ignores case).
    titles.sort();
    titles
}

async fn tags_of(c: &Client, post_id: i32) -> Vec<String> {
    let p = c
        .post()
        .find_unique(post::id().equals(post_id))
        .include(post::include::tags().order_by(tag::name().asc()))
        .exec()
        .await
        .unwrap()
        .unwrap();
    p.tags
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect()
}

fn assert_not_found(err: &Error, cause: &str) {
    assert_eq!(err.code(), "P2025", "{err}");
    assert!(
        matches!(err, Error::RecordNotFound { cause: c } if c == cause),
        "expected {cause:?}, got {err:?}"
    );
}

/// The side holding the foreign key: `create`, `connect`, `connectOrCreate` of the referenced
/// record while creating, on a required 1:n (Post.author) and a required 1:1 (Profile.person).
async fn foreign_key_side_on_create(c: &Client) {
    let post = c
        .post()
        .create(post::create_linked(
            "Created",
            post::author::create(person::create("Ann")),
        ))
        .include(post::include::author())
        .exec()
        .await
        .unwrap();
    let ann = post.author.into_inner().unwrap();
    assert_eq!((ann.name.as_str(), post.author_id), ("Ann", ann.id));

    let connected = c
        .post()
        .create(post::create_linked(
            "Connected",
            post::author::connect(person::id().equals(ann.id)),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(connected.author_id, ann.id);

    // connectOrCreate: creates when absent, connects when present.
    let made = c
        .post()
        .create(post::create_linked(
            "Made",
            post::author::connect_or_create(person::id().equals(9999), person::create("Carl")),
        ))
        .exec()
        .await
        .unwrap();
    assert_ne!(made.author_id, ann.id);
    let again = c
        .post()
        .create(post::create_linked(
            "Again",
            post::author::connect_or_create(person::id().equals(ann.id), person::create("Nope")),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(again.author_id, ann.id);
    assert_eq!(
        c.person()
            .count()
            .filter(person::name().equals("Nope"))
            .exec()
            .await
            .unwrap(),
        0
    );

    // A missing record to connect: P2025 with Prisma's message, and no post.
    let err = c
        .post()
        .create(post::create_linked(
            "Orphan",
            post::author::connect(person::id().equals(9999)),
        ))
        .exec()
        .await
        .unwrap_err();
    assert_not_found(
        &err,
        "No 'Person' record(s) (needed to inline the relation on 'Post' record(s)) was found for a nested connect on one-to-many relation 'PersonToPost'.",
    );
    // A nested create that fails after the referenced record was created rolls it back too.
    let err = c
        .post()
        .create(
            post::create_linked("Rolled back", post::author::create(person::create("Temp")))
                .with(post::tags::connect([tag::name().equals("missing")])),
        )
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2025");
    for (title, name) in [("Orphan", "Temp"), ("Rolled back", "Temp")] {
        assert_eq!(
            c.post()
                .count()
                .filter(post::title().equals(title))
                .exec()
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            c.person()
                .count()
                .filter(person::name().equals(name))
                .exec()
                .await
                .unwrap(),
            0
        );
    }

    // Required 1:1 from the foreign key side: connecting a person who has a profile already
    // would leave that profile without its required person: P2014.
    let profile = c
        .profile()
        .create(profile::create_linked(
            "first",
            profile::person::connect(person::id().equals(ann.id)),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(profile.person_id, ann.id);
    let err = c
        .profile()
        .create(profile::create_linked(
            "second",
            profile::person::connect(person::id().equals(ann.id)),
        ))
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2014");
    assert_eq!(
        err.to_string(),
        "The change you are trying to make would violate the required relation 'PersonToProfile' between the `Profile` and `Person` models."
    );
    let err = c
        .profile()
        .create(profile::create_linked(
            "third",
            profile::person::connect(person::id().equals(4242)),
        ))
        .exec()
        .await
        .unwrap_err();
    assert_not_found(
        &err,
        "No 'Person' record (needed to inline connect on create for 'Profile' record) was found for a nested connect on one-to-one relation 'PersonToProfile'.",
    );
    assert_eq!(c.profile().count().exec().await.unwrap(), 1);

    // Optional 1:1 from the foreign key side: the badge worn before is unpinned.
    let b1 = c
        .badge()
        .create(badge::create("gold").with(badge::person::connect(person::id().equals(ann.id))))
        .exec()
        .await
        .unwrap();
    let b2 = c
        .badge()
        .create(badge::create("silver").with(badge::person::connect(person::id().equals(ann.id))))
        .exec()
        .await
        .unwrap();
    let b1 = c
        .badge()
        .find_unique(badge::id().equals(b1.id))
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!((b1.person_id, b2.person_id), (None, Some(ann.id)));
}

/// The side holding the foreign key in an update: connect, disconnect, update, upsert and
/// delete of the referenced record (Badge.person optional, Post.author required).
async fn foreign_key_side_on_update(c: &Client) {
    let ann = person_named(c, "Ann").await;
    let bob = person_named(c, "Bob").await;
    let b = c
        .badge()
        .create(badge::create("gold"))
        .exec()
        .await
        .unwrap();
    let b = c
        .badge()
        .update(
            badge::id().equals(b.id),
            badge::update_data().with(badge::person::connect(person::id().equals(ann.id))),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(b.person_id, Some(ann.id));
    let b = c
        .badge()
        .update(
            badge::id().equals(b.id),
            badge::update_data()
                .set(badge::label().set("platinum"))
                .with(badge::person::update(vec![person::name().set("Ann B.")])),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(b.label, "platinum");
    let ann = c
        .person()
        .find_unique(person::id().equals(ann.id))
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ann.name, "Ann B.");
    let b = c
        .badge()
        .update(
            badge::id().equals(b.id),
            badge::update_data().with(badge::person::disconnect()),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(b.person_id, None);
    // Nothing connected: a nested update is P2025; an upsert creates and connects.
    let err = c
        .badge()
        .update(
            badge::id().equals(b.id),
            badge::update_data().with(badge::person::update(vec![person::name().set("x")])),
        )
        .exec()
        .await
        .unwrap_err();
    assert_not_found(
        &err,
        "No 'Person' record was found for a nested update on relation 'BadgeToPerson'.",
    );
    let b = c
        .badge()
        .update(
            badge::id().equals(b.id),
            badge::update_data().with(badge::person::upsert(
                person::create("Cleo"),
                vec![person::name().set("unused")],
            )),
        )
        .include(badge::include::person())
        .exec()
        .await
        .unwrap();
    let cleo = b.person.into_inner().flatten().unwrap();
    assert_eq!(cleo.name, "Cleo");
    let b = c
        .badge()
        .update(
            badge::id().equals(b.id),
            badge::update_data().with(badge::person::upsert(
                person::create("unused"),
                vec![person::name().set("Cleo B.")],
            )),
        )
        .include(badge::include::person())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        b.person.into_inner().flatten().map(|p| p.name),
        Some("Cleo B.".to_owned())
    );
    let b = c
        .badge()
        .update(
            badge::id().equals(b.id),
            badge::update_data().with(badge::person::delete()),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(b.person_id, None);
    assert_eq!(
        c.person()
            .count()
            .filter(person::id().equals(cleo.id))
            .exec()
            .await
            .unwrap(),
        0
    );

    // A required relation is moved with connect; an unknown record is P2025 and changes
    // nothing (the scalar set in the same update is rolled back).
    let p = c
        .post()
        .create(post::create("Moving", ann.id))
        .exec()
        .await
        .unwrap();
    let p = c
        .post()
        .update(
            post::id().equals(p.id),
            post::update_data().with(post::author::connect(person::id().equals(bob.id))),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(p.author_id, bob.id);
    let err = c
        .post()
        .update(
            post::id().equals(p.id),
            post::update_data()
                .set(post::title().set("Changed"))
                .with(post::author::connect(person::id().equals(9999))),
        )
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2025");
    assert_eq!(titles_of(c, bob.id).await, ["Moving"]);
}

/// A list relation (1:n) in an update: every nested write, with Prisma's errors.
async fn one_to_many_list(c: &Client) {
    let ann = person_named(c, "Ann").await;
    let bob = person_named(c, "Bob").await;
    let bobs = c
        .post()
        .create(post::create("bob", bob.id))
        .exec()
        .await
        .unwrap();

    // Created along with the person: create and createMany.
    let cleo = c
        .person()
        .create(
            person::create("Cleo")
                .with(person::posts::create([person::posts::data("c1")]))
                .with(person::posts::create_many(
                    [person::posts::data("c2"), person::posts::data("c3")],
                    false,
                )),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(titles_of(c, cleo.id).await, ["c1", "c2", "c3"]);

    let update = |data| c.person().update(person::id().equals(ann.id), data);
    update(
        person::update_data()
            .with(person::posts::create([
                person::posts::data("a1"),
                person::posts::data("a2"),
            ]))
            .with(person::posts::connect([post::id().equals(bobs.id)])),
    )
    .exec()
    .await
    .unwrap();
    assert_eq!(titles_of(c, ann.id).await, ["a1", "a2", "bob"]);
    assert!(titles_of(c, bob.id).await.is_empty());

    // connectOrCreate: one found (moved from Cleo), one created.
    let c1 = c
        .post()
        .find_first(post::title().equals("c1"))
        .exec()
        .await
        .unwrap()
        .unwrap();
    update(
        person::update_data().with(person::posts::connect_or_create([
            (post::id().equals(c1.id), person::posts::data("unused")),
            (post::id().equals(9999), person::posts::data("a3")),
        ])),
    )
    .exec()
    .await
    .unwrap();
    assert_eq!(titles_of(c, ann.id).await, ["a1", "a2", "a3", "bob", "c1"]);

    // update (one connected record), updateMany, upsert (update, then create).
    update(
        person::update_data()
            .with(person::posts::update(
                post::id().equals(bobs.id),
                vec![post::title().set("a0")],
            ))
            .with(person::posts::update_many(
                post::title().starts_with("a"),
                vec![post::title().set("x")],
            )),
    )
    .exec()
    .await
    .unwrap();
    assert_eq!(titles_of(c, ann.id).await, ["c1", "x", "x", "x", "x"]);
    update(
        person::update_data()
            .with(person::posts::upsert(
                post::id().equals(c1.id),
                person::posts::data("unused"),
                vec![post::title().set("y")],
            ))
            .with(person::posts::upsert(
                post::id().equals(9999),
                person::posts::data("z"),
                vec![post::title().set("unused")],
            )),
    )
    .exec()
    .await
    .unwrap();
    assert_eq!(titles_of(c, ann.id).await, ["x", "x", "x", "x", "y", "z"]);

    // delete (connected records) and deleteMany (a filter among the connected ones).
    update(person::update_data().with(person::posts::delete([post::id().equals(c1.id)])))
        .exec()
        .await
        .unwrap();
    update(person::update_data().with(person::posts::delete_many(post::title().equals("x"))))
        .exec()
        .await
        .unwrap();
    assert_eq!(titles_of(c, ann.id).await, ["z"]);
    assert_eq!(
        titles_of(c, cleo.id).await,
        ["c2", "c3"],
        "others untouched"
    );

    // Errors: each rolls back the whole update.
    let c2 = c
        .post()
        .find_first(post::title().equals("c2"))
        .exec()
        .await
        .unwrap()
        .unwrap();
    let err = update(
        person::update_data()
            .set(person::name().set("Renamed"))
            .with(person::posts::create([person::posts::data("lost")]))
            .with(person::posts::connect([
                post::id().equals(c2.id),
                post::id().equals(9999),
            ])),
    )
    .exec()
    .await
    .unwrap_err();
    assert_not_found(
        &err,
        "Expected 2 records to be connected after connect operation on one-to-many relation 'PersonToPost', found 1.",
    );
    let err = update(person::update_data().with(person::posts::update(
        post::id().equals(c2.id),
        vec![post::title().set("stolen")],
    )))
    .exec()
    .await
    .unwrap_err();
    assert_not_found(
        &err,
        "No 'Post' record was found for a nested update on relation 'PersonToPost'.",
    );
    let err = update(person::update_data().with(person::posts::delete([post::id().equals(c2.id)])))
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2017");
    assert_eq!(
        err.to_string(),
        "The records for relation `PersonToPost` between the `Person` and `Post` models are not connected."
    );
    assert_eq!(titles_of(c, ann.id).await, ["z"]);
    assert_eq!(titles_of(c, cleo.id).await, ["c2", "c3"]);
    assert_eq!(
        c.person()
            .count()
            .filter(person::name().equals("Renamed"))
            .exec()
            .await
            .unwrap(),
        0
    );

    // createMany takes no nested writes, at the top level or nested.
    let err = c
        .person()
        .create_many(vec![
            person::create("Dan").with(person::posts::create([person::posts::data("d")])),
        ])
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2009");
    let err = update(person::update_data().with(person::posts::create_many(
        [person::posts::data("e").with(post::tags::create([post::tags::data("t")]))],
        false,
    )))
    .exec()
    .await
    .unwrap_err();
    assert_eq!(err.code(), "P2009");
    assert_eq!(titles_of(c, ann.id).await, ["z"]);
}

/// The side without the foreign key of 1:1 relations: Person.profile (the profile's foreign
/// key is required) and Person.badge (optional on both sides).
async fn one_to_one_back_side(c: &Client) {
    let ann = c
        .person()
        .create(
            person::create("Ann")
                .with(person::profile::create(person::profile::data("hello")))
                .with(person::badge::connect_or_create(
                    badge::id().equals(9999),
                    person::badge::data("gold"),
                )),
        )
        .include(person::include::profile())
        .include(person::include::badge())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        ann.profile.get().cloned().flatten().map(|p| p.bio),
        Some("hello".to_owned())
    );
    let gold = ann.badge.get().cloned().flatten().unwrap();
    assert_eq!(gold.label, "gold");

    let update = |data| c.person().update(person::id().equals(ann.id), data);
    update(person::update_data().with(person::profile::update(vec![profile::bio().set("hi")])))
        .exec()
        .await
        .unwrap();
    update(person::update_data().with(person::profile::upsert(
        person::profile::data("unused"),
        vec![profile::bio().set("hey")],
    )))
    .exec()
    .await
    .unwrap();
    let bios = || async move {
        c.profile()
            .find_many()
            .order_by(profile::id().asc())
            .exec()
            .await
            .unwrap()
            .into_iter()
            .map(|p| (p.bio, p.person_id))
            .collect::<Vec<_>>()
    };
    assert_eq!(bios().await, [("hey".to_owned(), ann.id)]);

    // A second profile would leave the first without its required person: P2014.
    let err = update(
        person::update_data().with(person::profile::create(person::profile::data("second"))),
    )
    .exec()
    .await
    .unwrap_err();
    assert_eq!(err.code(), "P2014");
    assert_eq!(bios().await.len(), 1);
    let bob = person_named(c, "Bob").await;
    let bobs = c
        .profile()
        .create(profile::create("bob's", bob.id))
        .exec()
        .await
        .unwrap();
    let err =
        update(person::update_data().with(person::profile::connect(profile::id().equals(bobs.id))))
            .exec()
            .await
            .unwrap_err();
    assert_eq!(err.code(), "P2014");
    let err =
        update(person::update_data().with(person::profile::connect(profile::id().equals(9999))))
            .exec()
            .await
            .unwrap_err();
    assert_not_found(
        &err,
        "No 'Profile' record to connect was found for a nested connect on one-to-one relation 'PersonToProfile'.",
    );
    // delete, then the relation is free for a connect.
    update(person::update_data().with(person::profile::delete()))
        .exec()
        .await
        .unwrap();
    let err = update(person::update_data().with(person::profile::delete()))
        .exec()
        .await
        .unwrap_err();
    assert_not_found(
        &err,
        "No 'Profile' record was found for a nested delete on relation 'PersonToProfile'.",
    );
    update(person::update_data().with(person::profile::connect(profile::id().equals(bobs.id))))
        .exec()
        .await
        .unwrap();
    assert_eq!(bios().await, [("bob's".to_owned(), ann.id)]);

    // Optional on both sides: connect moves the badge (the old one is unpinned), disconnect.
    let silver = c
        .badge()
        .create(badge::create("silver"))
        .exec()
        .await
        .unwrap();
    update(person::update_data().with(person::badge::connect(badge::id().equals(silver.id))))
        .exec()
        .await
        .unwrap();
    let holders = || async move {
        c.badge()
            .find_many()
            .order_by(badge::label().asc())
            .exec()
            .await
            .unwrap()
            .into_iter()
            .map(|b| (b.label, b.person_id))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        holders().await,
        [
            ("gold".to_owned(), None),
            ("silver".to_owned(), Some(ann.id))
        ]
    );
    update(person::update_data().with(person::badge::disconnect()))
        .exec()
        .await
        .unwrap();
    assert_eq!(
        holders().await,
        [("gold".to_owned(), None), ("silver".to_owned(), None)]
    );
}

/// m:n through the implicit join table, from both sides.
async fn many_to_many(c: &Client) {
    let ann = person_named(c, "Ann").await;
    let rust = c.tag().create(tag::create("rust")).exec().await.unwrap();
    let sql = c.tag().create(tag::create("sql")).exec().await.unwrap();
    let p = c
        .post()
        .create(
            post::create("P", ann.id)
                .with(post::tags::connect([tag::id().equals(rust.id)]))
                .with(post::tags::create([post::tags::data("new")]))
                .with(post::tags::connect_or_create([
                    (tag::name().equals("sql"), post::tags::data("unused")),
                    (tag::name().equals("web"), post::tags::data("web")),
                ])),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(tags_of(c, p.id).await, ["new", "rust", "sql", "web"]);

    let update = |data| c.post().update(post::id().equals(p.id), data);
    // connect is idempotent; disconnect; set replaces the whole list.
    update(
        post::update_data()
            .with(post::tags::connect([tag::id().equals(rust.id)]))
            .with(post::tags::disconnect([tag::name().equals("new")])),
    )
    .exec()
    .await
    .unwrap();
    assert_eq!(tags_of(c, p.id).await, ["rust", "sql", "web"]);
    assert_eq!(
        c.tag()
            .count()
            .filter(tag::name().equals("new"))
            .exec()
            .await
            .unwrap(),
        1,
        "disconnect keeps the record"
    );
    update(post::update_data().with(post::tags::set([
        tag::id().equals(sql.id),
        tag::name().equals("new"),
    ])))
    .exec()
    .await
    .unwrap();
    assert_eq!(tags_of(c, p.id).await, ["new", "sql"]);

    // update / updateMany / upsert only touch connected tags.
    update(
        post::update_data()
            .with(post::tags::update(
                tag::id().equals(sql.id),
                vec![tag::name().set("postgres")],
            ))
            .with(post::tags::update_many(
                tag::name().equals("new"),
                vec![tag::name().set("fresh")],
            ))
            .with(post::tags::upsert(
                tag::name().equals("rust"),
                post::tags::data("rust2"),
                vec![tag::name().set("unused")],
            )),
    )
    .exec()
    .await
    .unwrap();
    assert_eq!(tags_of(c, p.id).await, ["fresh", "postgres", "rust2"]);
    let err = update(post::update_data().with(post::tags::update(
        tag::id().equals(rust.id),
        vec![tag::name().set("x")],
    )))
    .exec()
    .await
    .unwrap_err();
    assert_not_found(
        &err,
        "No 'Tag' record was found for a nested update on relation 'PostToTag'.",
    );

    // delete removes the record (and its join rows); deleteMany among the connected ones.
    update(
        post::update_data()
            .with(post::tags::delete([tag::name().equals("fresh")]))
            .with(post::tags::delete_many(tag::name().starts_with("rust"))),
    )
    .exec()
    .await
    .unwrap();
    assert_eq!(tags_of(c, p.id).await, ["postgres"]);
    assert_eq!(
        c.tag()
            .count()
            .filter(tag::name().in_vec(["fresh".to_owned(), "rust2".to_owned()]))
            .exec()
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        c.tag()
            .count()
            .filter(tag::id().equals(rust.id))
            .exec()
            .await
            .unwrap(),
        1,
        "deleteMany leaves unconnected records"
    );

    // A connect of a missing record: P2025, nothing kept (not even the disconnect before it).
    let err = update(
        post::update_data()
            .with(post::tags::disconnect([tag::id().equals(sql.id)]))
            .with(post::tags::connect([
                tag::id().equals(rust.id),
                tag::id().equals(9999),
            ])),
    )
    .exec()
    .await
    .unwrap_err();
    assert_not_found(&err, "Expected 2 records to be connected, found only 1.");
    assert_eq!(tags_of(c, p.id).await, ["postgres"]);

    // From the other side.
    c.tag()
        .update(
            tag::id().equals(rust.id),
            tag::update_data().with(tag::posts::connect([post::id().equals(p.id)])),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(tags_of(c, p.id).await, ["postgres", "rust"]);
}

/// A self-relation: Person.manager (foreign key side) and Person.reports (list).
async fn self_relation(c: &Client) {
    let boss = c
        .person()
        .create(person::create("Boss").with(person::reports::create([
            person::reports::data("Ann"),
            person::reports::data("Bob"),
        ])))
        .include(person::include::reports().order_by(person::name().asc()))
        .exec()
        .await
        .unwrap();
    let reports = boss.reports.into_inner().unwrap();
    assert_eq!(reports.len(), 2);
    let (ann, bob) = (&reports[0], &reports[1]);
    let cleo = c
        .person()
        .create(person::create("Cleo").with(person::manager::connect(person::id().equals(bob.id))))
        .exec()
        .await
        .unwrap();
    assert_eq!(cleo.manager_id, Some(bob.id));
    // set: Boss manages Cleo only now.
    c.person()
        .update(
            person::id().equals(boss.id),
            person::update_data().with(person::reports::set([person::id().equals(cleo.id)])),
        )
        .exec()
        .await
        .unwrap();
    let managed = |id: i32| async move {
        c.person()
            .find_many()
            .filter(person::manager_id().equals(id))
            .order_by(person::name().asc())
            .exec()
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(managed(boss.id).await, ["Cleo"]);
    assert!(managed(bob.id).await.is_empty());
    let ann = c
        .person()
        .update(
            person::id().equals(ann.id),
            person::update_data().with(person::manager::connect(person::id().equals(cleo.id))),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(ann.manager_id, Some(cleo.id));
    let ann = c
        .person()
        .update(
            person::id().equals(ann.id),
            person::update_data().with(person::manager::disconnect()),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(ann.manager_id, None);
}

/// A relation over a composite key: Membership (orgId, personId) ← Grant.
async fn composite_key_relation(c: &Client) {
    let ann = person_named(c, "Ann").await;
    let m = c
        .membership()
        .create(
            membership::create_linked(1, membership::person::connect(person::id().equals(ann.id)))
                .with(membership::grants::create([membership::grants::data(
                    "read",
                )])),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!((m.org_id, m.person_id), (1, ann.id));
    let scopes = || async move {
        c.grant()
            .find_many()
            .order_by(grant::scope().asc())
            .exec()
            .await
            .unwrap()
            .into_iter()
            .map(|g| (g.scope, g.org_id, g.person_id))
            .collect::<Vec<_>>()
    };
    assert_eq!(scopes().await, [("read".to_owned(), Some(1), Some(ann.id))]);

    let write = c
        .grant()
        .create(grant::create("write"))
        .exec()
        .await
        .unwrap();
    c.membership()
        .update(
            membership::org_id_person_id(1, ann.id),
            membership::update_data()
                .with(membership::grants::connect([grant::id().equals(write.id)]))
                .with(membership::grants::disconnect([
                    grant::scope().equals("read")
                ])),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(
        scopes().await,
        [
            ("read".to_owned(), None, None),
            ("write".to_owned(), Some(1), Some(ann.id))
        ]
    );
    // From the grant's side: connect by the compound key, then disconnect.
    let read = c
        .grant()
        .update(
            grant::scope().equals("read"),
            grant::update_data().with(grant::membership::connect(membership::org_id_person_id(
                1, ann.id,
            ))),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!((read.org_id, read.person_id), (Some(1), Some(ann.id)));
    c.membership()
        .update(
            membership::org_id_person_id(1, ann.id),
            membership::update_data()
                .with(membership::grants::set([grant::scope().equals("read")])),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(
        scopes().await,
        [
            ("read".to_owned(), Some(1), Some(ann.id)),
            ("write".to_owned(), None, None)
        ]
    );
    let err = c
        .grant()
        .update(
            grant::scope().equals("write"),
            grant::update_data().with(grant::membership::connect(membership::org_id_person_id(
                2, ann.id,
            ))),
        )
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2025");
}

/// Batch transactions: a tuple of operations of different models, a Vec of one type, and a
/// failing one that leaves nothing behind.
async fn batch_transactions(c: &Client) {
    let ann = person_named(c, "Ann").await;
    let (post, count, renamed) = c
        .batch((
            c.post().create(post::create("batched", ann.id)),
            c.person().count(),
            c.person().update(
                person::id().equals(ann.id),
                vec![person::name().set("Anne")],
            ),
        ))
        .await
        .unwrap();
    assert_eq!(
        (post.author_id, count, renamed.name.as_str()),
        (ann.id, 1, "Anne")
    );
    let created = c
        .batch(vec![
            c.tag().create(tag::create("a")),
            c.tag().create(tag::create("b")),
        ])
        .await
        .unwrap();
    assert_eq!(created.len(), 2);
    let err = c
        .batch((
            c.tag().create(tag::create("c")),
            c.post().delete(post::id().equals(9999)),
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2025");
    assert_eq!(
        c.tag().count().exec().await.unwrap(),
        2,
        "c was rolled back"
    );
    let (found, deleted) = c
        .batch((
            c.tag().find_many().filter(tag::name().equals("a")),
            c.tag().delete_many(tag::name().equals("b")),
        ))
        .await
        .unwrap();
    assert_eq!((found.len(), deleted), (1, 1));
}

on_both!(
    "all_types";
    foreign_key_side_on_create,
    foreign_key_side_on_update,
    one_to_many_list,
    one_to_one_back_side,
    many_to_many,
    self_relation,
    composite_key_relation,
    batch_transactions,
);

/// A batch's future can be given to `tokio::spawn`, in both forms, as every other operation's
/// can (this failed to compile: "implementation of `Operation` is not general enough").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_can_be_spawned() {
    let db = support::sqlite("batch_spawn", "all_types").await;
    let c = db.client.clone();
    let tuple = tokio::spawn(async move {
        c.batch((c.tag().create(tag::create("a")), c.tag().count()))
            .await
    });
    let (a, count) = tuple.await.unwrap().unwrap();
    assert_eq!((a.name.as_str(), count), ("a", 1));
    let c = db.client.clone();
    let list = tokio::spawn(async move {
        c.batch(vec![
            c.tag().create(tag::create("b")),
            c.tag().create(tag::create("c")),
        ])
        .await
    });
    assert_eq!(list.await.unwrap().unwrap().len(), 2);
}
