//! Constraint violations in nested writes (P2002, P2003, P2011) name the model of the violated
//! table, as Prisma 7 does for P2002 (its request handler looks the model up from the table the
//! database names), not the model of the call (decision 0030): through the generated client of
//! `all_types.prisma`.

use client::Client;

use crate::common::{
    Violation, add_reference, add_required_note, assert_names, create_ann, create_ann_with_post,
};
use crate::nested_db::{Models, membership, person, post, tag};
use crate::{on_both, quote, run};

/// A nested create of a `Tag` (many-to-many, in a `Post`'s create) and of a `Grant` (one to
/// many, in a `Membership`'s create) whose unique `name` / `scope` is taken: P2002 with the
/// related model's name, the constraint as the database names it.
async fn nested_unique_names_the_related_model(c: &Client) {
    let ann = create_ann(c).await;
    c.tag()
        .create(tag::create("rust"))
        .exec()
        .await
        .expect("tag");
    let e = c
        .post()
        .create(post::create("first", ann).with(post::tags::create([post::tags::data("rust")])))
        .exec()
        .await
        .expect_err("the tag's name is taken");
    Violation::unique(c, "Tag", "name", ["Tag_name_key", "Tag_name_key"], "2067").assert(&e);
    // Nothing of the write is left.
    assert_eq!(c.post().count().exec().await.expect("count"), 0);

    let e = c
        .membership()
        .create(membership::create(1, ann).with(membership::grants::create([
            membership::grants::data("admin"),
            membership::grants::data("admin"),
        ])))
        .exec()
        .await
        .expect_err("the second grant's scope is taken");
    assert_names(&e, "P2002", "Grant");

    // The called model's own constraint still names it; other errors of a nested write keep
    // the called model (P2025 of a nested connect, as in Prisma).
    let e = c
        .post()
        .create(post::create("second", ann).with(post::tags::connect([tag::id().equals(404)])))
        .exec()
        .await
        .expect_err("no such tag");
    assert_names(&e, "P2025", "Post");
}

/// A nested delete of a `Post` (in a `Person`'s update) that a row of another table still
/// points at, through a foreign key added behind the client's back: P2003 with the related
/// model's name, the constraint as for the top-level case (PostgreSQL names the constraint,
/// MySQL the key's first column, SQLite none); the update is undone.
async fn nested_foreign_key_names_the_related_model(c: &Client) {
    let (ann, first) = create_ann_with_post(c).await;
    add_reference(c, "Pin", "postId", "Post", first).await;
    let e = c
        .person()
        .update(
            person::id().equals(ann),
            person::update_data()
                .set(person::name().set("Anne"))
                .with(person::posts::delete([post::id().equals(first)])),
        )
        .exec()
        .await
        .expect_err("the post is still pinned");
    Violation::foreign_key(c, "Post", "Pin_postId_fkey", "postId").assert(&e);
    // Nothing of the write is left: the person keeps the name.
    let person = c
        .person()
        .find_unique(person::id().equals(ann))
        .exec()
        .await
        .expect("read")
        .expect("there");
    assert_eq!(person.name, "Ann");
    let q = quote(c);
    run(c, &format!("DROP TABLE {q}Pin{q}")).await;
}

/// A nested create of a `Tag` (in a `Post`'s create) whose table has a required column the
/// client does not know of (added without a default; on SQLite, which cannot add one, the
/// table is made again with it): P2011 with the related model's name and the column as for
/// the top-level case (PostgreSQL's error names it but Prisma 7's adapter does not read it).
async fn nested_null_constraint_names_the_related_model(c: &Client) {
    let ann = create_ann(c).await;
    add_required_note(
        c,
        "Tag",
        r#"CREATE TABLE "Tag" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL, "note" TEXT NOT NULL)"#,
    )
    .await;
    let e = c
        .post()
        .create(post::create("first", ann).with(post::tags::create([post::tags::data("rust")])))
        .exec()
        .await
        .expect_err("no value for the tag's new column");
    Violation::null(c, "Tag", "note").assert(&e);
    // Nothing of the write is left.
    assert_eq!(c.post().count().exec().await.expect("count"), 0);
}

on_both!(
    "all_types";
    nested_unique_names_the_related_model,
    nested_foreign_key_names_the_related_model,
    nested_null_constraint_names_the_related_model,
);
