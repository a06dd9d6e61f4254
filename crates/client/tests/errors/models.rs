//! The model name in `meta` of errors raised outside the generated operations: the fluent API
//! names the model its chain starts from (Prisma's chain is one query of that model), and
//! `client::dynamic` the model it was given.

use client::Client;
use client::dynamic::{self, CmpOp, Cond, Executor as _, Select};

use crate::common::{assert_names, create_ann_with_post};
use crate::nested_db::person::Fluent as _;
use crate::nested_db::post::Fluent as _;
use crate::nested_db::{Models, person, post, tag};
use crate::{on_both, quote, run};

/// The fluent API: a missing parent of an `OrThrow` call (P2025), a table missing under a
/// to-many step (P2021) and the join table of a many-to-many step missing (P2021, the
/// statement the chain sends itself): each names the model the chain starts from.
async fn fluent_errors_name_the_called_model(c: &Client) {
    let q = quote(c);
    let (ann, first) = create_ann_with_post(c).await;

    let e = c
        .post()
        .find_unique_or_throw(post::id().equals(404))
        .tags()
        .exec()
        .await
        .expect_err("no such post");
    assert_names(&e, "P2025", "Post");

    run(c, &format!("DROP TABLE {q}_PostToTag{q}")).await;
    let e = c
        .post()
        .find_unique(post::id().equals(first))
        .tags()
        .exec()
        .await
        .expect_err("no join table");
    assert_names(&e, "P2021", "Post");

    run(c, &format!("DROP TABLE {q}Tag{q}")).await;
    let e = c
        .post()
        .find_unique(post::id().equals(first))
        .author()
        .exec()
        .await;
    assert!(e.is_ok(), "{e:?}");
    run(
        c,
        &format!("ALTER TABLE {q}Post{q} RENAME TO {q}PostRows{q}"),
    )
    .await;
    let e = c
        .person()
        .find_unique(person::id().equals(ann))
        .posts()
        .exec()
        .await
        .expect_err("no post table");
    assert_names(&e, "P2021", "Person");
}

/// `client::dynamic`: a unique violation (P2002), an update of no record (P2025) and a missing
/// table (P2021) name the model given.
async fn dynamic_errors_name_the_model(c: &Client) {
    let exec = c.executor();
    let name = |n: &str| vec![("name", client::Value::Text(n.into()))];
    dynamic::create(exec, &tag::META, name("rust"))
        .await
        .expect("create");
    let e = dynamic::create(exec, &tag::META, name("rust"))
        .await
        .expect_err("taken");
    assert_names(&e, "P2002", "Tag");

    let none = Cond::Cmp("id", CmpOp::Eq, client::Value::Int(404));
    let e = dynamic::update(exec, &tag::META, none, name("go"), true)
        .await
        .expect_err("no such tag");
    assert_names(&e, "P2025", "Tag");

    let q = quote(c);
    run(c, &format!("DROP TABLE {q}_PostToTag{q}")).await;
    run(c, &format!("DROP TABLE {q}Tag{q}")).await;
    let found = dynamic::find(exec, &Select::all(&tag::META), &[]).await;
    let counted = dynamic::count(exec, &Select::all(&tag::META)).await;
    let deleted = dynamic::delete(exec, &tag::META, Cond::True).await;
    for e in [
        found.map(|_| ()).expect_err("no table"),
        counted.map(|_| ()).expect_err("no table"),
        deleted.map(|_| ()).expect_err("no table"),
    ] {
        assert_names(&e, "P2021", "Tag");
    }
}

on_both!(
    "all_types";
    fluent_errors_name_the_called_model,
    dynamic_errors_name_the_model,
);
