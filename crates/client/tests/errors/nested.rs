//! Constraint violations in nested writes name the model of the violated table, as Prisma 7
//! does (its request handler looks the model up from the table the database names), not the
//! model of the call: through the generated client of `all_types.prisma`.

use client::{Client, ConstraintTarget, Dialect, Error};

use crate::nested_db::{Models, membership, person, post, tag};
use crate::on_both;

/// A nested create of a `Tag` (many-to-many, in a `Post`'s create) and of a `Grant` (one to
/// many, in a `Membership`'s create) whose unique `name` / `scope` is taken: P2002 with the
/// related model's name, the constraint as the database names it.
async fn nested_unique_names_the_related_model(c: &Client) {
    let ann = c
        .person()
        .create(person::create("Ann"))
        .exec()
        .await
        .expect("person");
    c.tag()
        .create(tag::create("rust"))
        .exec()
        .await
        .expect("tag");
    let e = c
        .post()
        .create(post::create("first", ann.id).with(post::tags::create([post::tags::data("rust")])))
        .exec()
        .await
        .expect_err("the tag's name is taken");
    assert_eq!(e.code(), "P2002", "{e}");
    assert!(
        matches!(&e, Error::UniqueConstraint { fields, .. } if fields == &["name"]),
        "{e:?}"
    );
    let meta = e.meta();
    assert_eq!(meta.model_name.as_deref(), Some("Tag"), "{e}");
    let target = match c.dialect() {
        Dialect::Postgres | Dialect::Mysql => ConstraintTarget::Constraint("Tag_name_key".into()),
        _ => ConstraintTarget::Fields(vec!["name".into()]),
    };
    assert_eq!(meta.target, Some(target));
    // Nothing of the write is left.
    assert_eq!(c.post().count().exec().await.expect("count"), 0);

    let e = c
        .membership()
        .create(
            membership::create(1, ann.id).with(membership::grants::create([
                membership::grants::data("admin"),
                membership::grants::data("admin"),
            ])),
        )
        .exec()
        .await
        .expect_err("the second grant's scope is taken");
    assert_eq!(e.code(), "P2002", "{e}");
    assert_eq!(e.meta().model_name.as_deref(), Some("Grant"), "{e}");

    // The called model's own constraint still names it; other errors of a nested write keep
    // the called model (P2025 of a nested connect, as in Prisma).
    let e = c
        .post()
        .create(post::create("second", ann.id).with(post::tags::connect([tag::id().equals(404)])))
        .exec()
        .await
        .expect_err("no such tag");
    assert_eq!(e.code(), "P2025", "{e}");
    assert_eq!(e.meta().model_name.as_deref(), Some("Post"), "{e}");
}

on_both!(
    "all_types";
    nested_unique_names_the_related_model,
);
