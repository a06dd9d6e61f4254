//! Every nested write on a list relation (1:n) in an update, with Prisma's errors.

use super::*;

/// A list relation (1:n) in an update: every nested write, with Prisma's errors.
pub async fn one_to_many_list(c: &Client) {
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
    // Prisma 7's INCOMPLETE_CONNECT_OUTPUT: P2018.
    assert_eq!(err.code(), "P2018", "{err}");
    assert!(
        matches!(&err, Error::ConnectedRecordsNotFound { cause } if cause == "Expected 2 records to be connected after connect operation on one-to-many relation 'PersonToPost', found 1."),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "The required connected records were not found. Expected 2 records to be connected after connect operation on one-to-many relation 'PersonToPost', found 1."
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
