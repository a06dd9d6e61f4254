//! Prisma's three nulls of a `Json` field through the generated client, on SQLite, PostgreSQL
//! and MySQL/MariaDB: `JsonNull` (JSON's `null` stored) and `DbNull` (SQL NULL, optional
//! fields only; `compile_fail/json_db_null_on_required.rs` shows a required field refusing
//! it) in creates and updates, and `equals` / `not` with `JsonNull`, `DbNull` and `AnyNull`
//! in filters, checked against what the database holds.

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

use client::{Client, DbNull, Dialect, Filter, JsonNull, Value};
use db::{Doc, Models, doc};
use serde_json::json;

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

/// Whether the `extra` column of `name` holds SQL NULL, as the database says.
async fn extra_is_sql_null(c: &Client, name: &str) -> bool {
    let q = |s: &str| match c.dialect() {
        Dialect::Mysql => s.replace('"', "`"),
        _ => s.to_owned(),
    };
    let p = client::__private::ClientDialect::placeholder(c.dialect(), 1);
    let rows = c
        .query_raw(
            &q(&format!(
                "SELECT \"extra\" IS NULL FROM \"Doc\" WHERE \"name\" = {p}"
            )),
            vec![Value::from(name)],
            |r| r.read::<bool>(),
        )
        .await
        .expect("raw read");
    rows[0]
}

async fn nulls_in_writes_and_reads(c: &Client) {
    // Required field: JsonNull is JSON's null; optional field: DbNull (the default) and
    // JsonNull differ in the database and read back as None and Some(null).
    let a = c
        .doc()
        .create(doc::create("json-null", JsonNull).set(doc::extra().set(JsonNull)))
        .exec()
        .await
        .expect("create with JsonNull");
    assert_eq!(a.data, serde_json::Value::Null);
    assert_eq!(a.extra, Some(serde_json::Value::Null));
    assert!(!extra_is_sql_null(c, "json-null").await);

    let b = c
        .doc()
        .create(doc::create("db-null", json!({"x": 1})).set(doc::extra().set(DbNull)))
        .exec()
        .await
        .expect("create with DbNull");
    assert_eq!(b.extra, None);
    assert!(extra_is_sql_null(c, "db-null").await);

    c.doc()
        .create(doc::create("unset", json!([])))
        .exec()
        .await
        .expect("create without extra");
    assert!(extra_is_sql_null(c, "unset").await);
    c.doc()
        .create(doc::create("value", json!(0)).set(doc::extra().set(json!({"k": null}))))
        .exec()
        .await
        .expect("create with a value");

    // Updates switch between the two nulls.
    let switched = c
        .doc()
        .update(
            doc::name().equals("json-null"),
            vec![doc::extra().set(DbNull)],
        )
        .exec()
        .await
        .expect("update to DbNull");
    assert_eq!(switched.extra, None);
    assert!(extra_is_sql_null(c, "json-null").await);
    let back = c
        .doc()
        .update(
            doc::name().equals("json-null"),
            vec![doc::extra().set(JsonNull)],
        )
        .exec()
        .await
        .expect("update to JsonNull");
    assert_eq!(back.extra, Some(serde_json::Value::Null));
    assert!(!extra_is_sql_null(c, "json-null").await);

    // Filters: json-null (JSON null), db-null and unset (SQL NULL), value (an object).
    assert_eq!(names(c, doc::extra().equals(JsonNull)).await, ["json-null"]);
    assert_eq!(
        names(c, doc::extra().equals(DbNull)).await,
        ["db-null", "unset"]
    );
    assert_eq!(
        names(c, doc::extra().equals_any_null()).await,
        ["json-null", "db-null", "unset"]
    );
    assert_eq!(
        names(c, doc::extra().not(DbNull)).await,
        ["json-null", "value"]
    );
    assert_eq!(names(c, doc::extra().not(JsonNull)).await, ["value"]);
    assert_eq!(names(c, doc::extra().not_any_null()).await, ["value"]);
    assert_eq!(names(c, doc::data().equals(JsonNull)).await, ["json-null"]);
    assert_eq!(
        names(c, doc::data().not_any_null()).await,
        ["db-null", "unset", "value"]
    );
    // At a path: JSON null held, or the key missing.
    assert_eq!(
        names(c, doc::extra().path(["k"]).equals(JsonNull)).await,
        ["value"]
    );
    assert_eq!(
        names(c, doc::extra().path(["k"]).equals_any_null()).await,
        ["json-null", "db-null", "unset", "value"]
    );
    assert!(
        names(c, doc::extra().path(["k"]).not_any_null())
            .await
            .is_empty()
    );
}

on_both!("json_decimal"; nulls_in_writes_and_reads);
