//! Prisma's `Json` filters through the generated client (`client-gen/tests/fixtures/
//! json_decimal.prisma`), on SQLite, PostgreSQL and MySQL/MariaDB: `path` (as segments and as
//! MySQL's `$.a[0]` text), `equals` and `not`, `string_contains` / `string_starts_with` /
//! `string_ends_with`, `array_contains` / `array_starts_with` / `array_ends_with`, with and
//! without a path, alone, negated and inside `updateMany` / `deleteMany`.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/json_decimal.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use client::{Client, Filter};
use db::{Doc, Models, doc};
use serde_json::json;

async fn seed(c: &Client) {
    let docs = [
        (
            "alice",
            json!({"name": "Alice Smith", "pets": [{"name": "Rex", "age": 3}, {"name": "Tom"}], "tags": ["a", "b", "c"], "n": 1}),
        ),
        (
            "bob",
            json!({"name": "Bob", "pets": [], "tags": ["c", "d"], "n": 2.5, "nested": {"deep": {"x": "50% off_"}}}),
        ),
        (
            "carol",
            json!({"name": 7, "tags": "a b c", "weird key": true}),
        ),
        ("dave", json!(["a", "b", "c"])),
        ("erin", json!("just text")),
        ("fay", json!(null)),
    ];
    for (name, data) in docs {
        c.doc()
            .create(doc::create(name, data))
            .exec()
            .await
            .expect("create doc");
    }
}

async fn names(c: &Client, filter: Filter<Doc>) -> Vec<String> {
    c.doc()
        .find_many()
        .filter(filter)
        .order_by(doc::id().asc())
        .exec()
        .await
        .expect("find docs")
        .into_iter()
        .map(|d| d.name)
        .collect()
}

async fn equality(c: &Client) {
    seed(c).await;
    // The whole value: JSON equality, whatever the key order or spacing.
    assert_eq!(
        names(c, doc::data().equals(json!(["a", "b", "c"]))).await,
        ["dave"]
    );
    assert_eq!(
        names(c, doc::data().equals(json!("just text"))).await,
        ["erin"]
    );
    assert_eq!(
        names(c, doc::data().not(json!("just text"))).await,
        ["alice", "bob", "carol", "dave", "fay"]
    );
    // At a path: a string, a number, an object, a nested value, an array element.
    assert_eq!(
        names(c, doc::data().path(["name"]).equals(json!("Bob"))).await,
        ["bob"]
    );
    assert_eq!(
        names(c, doc::data().path(["name"]).equals(json!(7))).await,
        ["carol"]
    );
    assert_eq!(
        names(c, doc::data().path(["n"]).equals(json!(2.5))).await,
        ["bob"]
    );
    assert_eq!(
        names(
            c,
            doc::data()
                .path(["pets", "0"])
                .equals(json!({"name": "Rex", "age": 3}))
        )
        .await,
        ["alice"]
    );
    assert_eq!(
        names(
            c,
            doc::data().path(["pets", "0", "name"]).equals(json!("Rex"))
        )
        .await,
        ["alice"]
    );
    assert_eq!(
        names(
            c,
            doc::data()
                .path_str("$.pets[0].name")
                .expect("a path")
                .equals(json!("Rex"))
        )
        .await,
        ["alice"]
    );
    assert_eq!(
        names(c, doc::data().path(["weird key"]).equals(json!(true))).await,
        ["carol"]
    );
    // `not` at a path: records where the path holds another value (a missing path matches
    // neither).
    assert_eq!(
        names(c, doc::data().path(["name"]).not(json!("Bob"))).await,
        ["alice", "carol"]
    );
    // `NOT` of the filter: SQL's NOT of NULL is NULL, so a missing path matches neither, as in
    // Prisma.
    assert_eq!(
        names(c, !doc::data().path(["name"]).equals(json!("Bob"))).await,
        ["alice", "carol"]
    );
    assert!(doc::data().path_str("pets[0]").is_err());
}

async fn string_filters(c: &Client) {
    seed(c).await;
    let name = || doc::data().path(["name"]);
    assert_eq!(names(c, name().string_contains("li")).await, ["alice"]);
    assert_eq!(names(c, name().string_starts_with("Bo")).await, ["bob"]);
    assert_eq!(names(c, name().string_ends_with("Smith")).await, ["alice"]);
    // Only strings match: carol's name is the number 7, and "7" is not a string filter's match.
    assert!(names(c, name().string_contains("7")).await.is_empty());
    // Case counts.
    assert!(names(c, name().string_contains("SMITH")).await.is_empty());
    // Wildcards match themselves.
    let deep = || doc::data().path(["nested", "deep", "x"]);
    assert_eq!(names(c, deep().string_contains("% off_")).await, ["bob"]);
    assert!(names(c, deep().string_contains("%%")).await.is_empty());
    assert!(
        names(c, doc::data().path(["name"]).string_contains("_"))
            .await
            .is_empty()
    );
    // Without a path: the value itself must be a string.
    assert_eq!(
        names(c, doc::data().string_starts_with("just")).await,
        ["erin"]
    );
    assert_eq!(
        names(c, doc::data().string_ends_with("text")).await,
        ["erin"]
    );
    // NOT: every record whose name is not a string containing "li" (missing names aside).
    assert_eq!(
        names(c, !name().string_contains("li")).await,
        ["bob", "carol"]
    );
}

async fn array_filters(c: &Client) {
    seed(c).await;
    let tags = || doc::data().path(["tags"]);
    assert_eq!(
        names(c, tags().array_contains(json!(["c"]))).await,
        ["alice", "bob"]
    );
    assert_eq!(
        names(c, tags().array_contains(json!(["a", "c"]))).await,
        ["alice"]
    );
    assert_eq!(names(c, tags().array_contains(json!("d"))).await, ["bob"]);
    assert!(
        names(c, tags().array_contains(json!(["z"])))
            .await
            .is_empty()
    );
    // carol's tags is a string: no array filter matches it.
    assert_eq!(
        names(c, tags().array_starts_with(json!("a"))).await,
        ["alice"]
    );
    assert_eq!(
        names(c, tags().array_starts_with(json!("c"))).await,
        ["bob"]
    );
    assert_eq!(names(c, tags().array_ends_with(json!("d"))).await, ["bob"]);
    assert_eq!(
        names(c, tags().array_ends_with(json!("c"))).await,
        ["alice"]
    );
    // Objects in arrays, and an empty array (it starts and ends with nothing).
    assert_eq!(
        names(
            c,
            doc::data()
                .path(["pets"])
                .array_contains(json!([{"name": "Tom"}]))
        )
        .await,
        ["alice"]
    );
    assert!(
        names(c, doc::data().path(["pets"]).array_starts_with(json!(null)))
            .await
            .is_empty()
    );
    // Without a path: the value itself.
    assert_eq!(
        names(c, doc::data().array_contains(json!(["b"]))).await,
        ["dave"]
    );
    assert_eq!(
        names(c, doc::data().array_ends_with(json!("c"))).await,
        ["dave"]
    );
}

async fn json_filters_in_writes(c: &Client) {
    seed(c).await;
    let updated = c
        .doc()
        .update_many(
            doc::data().path(["tags"]).array_contains(json!("c")),
            vec![doc::extra().set(json!({"seen": true}))],
        )
        .exec()
        .await
        .expect("update many");
    assert_eq!(updated, 2);
    assert_eq!(
        names(c, doc::extra().path(["seen"]).equals(json!(true))).await,
        ["alice", "bob"]
    );
    let deleted = c
        .doc()
        .delete_many(doc::data().path(["name"]).string_starts_with("A"))
        .exec()
        .await
        .expect("delete many");
    assert_eq!(deleted, 1);
    assert_eq!(
        names(c, Filter::all()).await,
        ["bob", "carol", "dave", "erin", "fay"]
    );
}

on_both!("json_decimal"; equality, string_filters, array_filters, json_filters_in_writes);
