//! Nested writes on the side holding the foreign key: `create`, `connect`, `connectOrCreate`
//! while creating; `connect`, `disconnect`, `update`, `upsert` and `delete` while updating.

use super::*;

/// The side holding the foreign key: `create`, `connect`, `connectOrCreate` of the referenced
/// record while creating, on a required 1:n (Post.author) and a required 1:1 (Profile.person).
pub async fn foreign_key_side_on_create(c: &Client) {
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
pub async fn foreign_key_side_on_update(c: &Client) {
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
