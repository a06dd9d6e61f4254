//! A `Json` value's object keys keep the order they were written in, through the generated
//! client, on SQLite, PostgreSQL and MySQL/MariaDB (serde_json's `preserve_order`,
//! docs/decisions/0014-json-and-decimal.md): SQLite and MariaDB store the text as written and
//! read it back in that order; PostgreSQL's `jsonb` and MySQL's `JSON` order keys themselves,
//! and the client reads the order the database keeps, as Prisma's client does.

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

use client::{Client, Dialect, Value};
use db::{Models, doc};

/// Keys deliberately out of alphabetical (and of jsonb's length-first) order, nested.
const TEXT: &str = r#"{"zeta":1,"alpha":{"y":[{"b":1,"a":2}],"x":null},"mid":"é","a":true}"#;

async fn keys_keep_their_order(c: &Client) {
    let value: serde_json::Value = serde_json::from_str(TEXT).unwrap();
    assert_eq!(
        value.to_string(),
        TEXT,
        "serde_json keeps the order it read"
    );
    let created = c
        .doc()
        .create(doc::create("ordered", value.clone()))
        .exec()
        .await
        .expect("create");
    let read = c
        .doc()
        .find_unique(doc::name().equals("ordered"))
        .exec()
        .await
        .expect("find")
        .expect("the record");
    assert_eq!(read.data, value);
    // What the database holds, as text.
    let sql = match c.dialect() {
        Dialect::Postgres => "SELECT \"data\"::text FROM \"Doc\"",
        Dialect::Mysql => "SELECT CAST(`data` AS CHAR) FROM `Doc`",
        Dialect::Sqlite => "SELECT \"data\" FROM \"Doc\"",
    };
    let stored = c
        .query_raw(sql, Vec::<Value>::new(), |r| r.read::<String>())
        .await
        .expect("raw read")
        .remove(0);
    let stored: serde_json::Value = serde_json::from_str(&stored).unwrap();
    // The client reads keys in the order the database keeps them...
    assert_eq!(read.data.to_string(), stored.to_string());
    assert_eq!(created.data.to_string(), read.data.to_string());
    // ...which, where the database keeps text, is the order written.
    let keeps_text = match c.dialect() {
        Dialect::Sqlite => true,
        Dialect::Postgres => false,
        Dialect::Mysql => c
            .query_raw("SELECT VERSION()", Vec::<Value>::new(), |r| {
                r.read::<String>()
            })
            .await
            .expect("version")[0]
            .contains("MariaDB"),
    };
    if keeps_text {
        assert_eq!(read.data.to_string(), TEXT);
    }
}

on_both!("json_decimal"; keys_keep_their_order);
