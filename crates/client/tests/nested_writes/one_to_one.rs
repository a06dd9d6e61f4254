//! Nested writes on the side of 1:1 relations without the foreign key (required and optional).

use super::*;

/// The side without the foreign key of 1:1 relations: Person.profile (the profile's foreign
/// key is required) and Person.badge (optional on both sides).
pub async fn one_to_one_back_side(c: &Client) {
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
