//! Nested writes on m:n relations through the implicit join table, from both sides.

use super::*;

/// m:n through the implicit join table, from both sides.
pub async fn many_to_many(c: &Client) {
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
