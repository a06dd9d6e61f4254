//! `Unsupported` fields (`crates/client-gen/tests/fixtures/unsupported.prisma`) on SQLite,
//! PostgreSQL and MySQL: the client leaves them out as Prisma does, reads, updates and deletes
//! the records around them, and has no `create` for a model whose required `Unsupported` field
//! has no default (`tests/compile_fail/create_with_required_unsupported.rs`), while a model
//! with an optional one is created as usual.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/unsupported.rs");
}
mod support;

use client::__private::ClientDialect as _;
use client::{Client, Dialect};
use db::{Models, note, place};

/// A place row written by hand, with a value in the column the client cannot write.
fn insert_place(dialect: Dialect, name: &str) -> String {
    match dialect {
        Dialect::Postgres => {
            format!("INSERT INTO \"Place\" (\"name\", \"location\") VALUES ('{name}', point(1, 2))")
        }
        Dialect::Mysql => {
            format!("INSERT INTO `Place` (`name`, `location`) VALUES ('{name}', POINT(1, 2))")
        }
        _ => format!("INSERT INTO \"Place\" (\"name\", \"location\") VALUES ('{name}', '(1,2)')"),
    }
}

async fn unsupported_fields_stay_out_of_the_client(c: &Client) {
    for name in ["harbour", "lighthouse"] {
        c.execute_raw(&insert_place(c.dialect(), name), vec![])
            .await
            .expect("insert a place by hand");
    }
    let places = c
        .place()
        .find_many()
        .order_by(place::name().asc())
        .exec()
        .await
        .expect("read places");
    let names: Vec<&str> = places.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["harbour", "lighthouse"]);

    // Writes other than create work, and leave the column the client cannot see alone.
    let renamed = c
        .place()
        .update(
            place::id().equals(places[0].id),
            vec![place::name().set("port")],
        )
        .exec()
        .await
        .expect("update a place");
    assert_eq!(renamed.name, "port");
    let kept = count_with_location(c, places[0].id).await;
    assert_eq!(kept, 1, "the location survives the update");
    c.place()
        .delete(place::id().equals(places[1].id))
        .exec()
        .await
        .expect("delete a place");
    assert_eq!(c.place().count().exec().await.unwrap(), 1);

    // A model whose Unsupported field is optional is created as usual.
    let n = c
        .note()
        .create(note::create("hello"))
        .exec()
        .await
        .expect("create a note");
    assert_eq!(n.text, "hello");
}

/// Rows of `Place` with this id and a location (the column the client does not read).
async fn count_with_location(c: &Client, id: i32) -> i64 {
    let p = c.dialect().placeholder(1);
    let sql = match c.dialect() {
        Dialect::Mysql => {
            format!("SELECT COUNT(*) FROM `Place` WHERE `id` = {p} AND `location` IS NOT NULL")
        }
        _ => format!(
            "SELECT COUNT(*) FROM \"Place\" WHERE \"id\" = {p} AND \"location\" IS NOT NULL"
        ),
    };
    let rows = c
        .query_raw(&sql, vec![client::Value::from(id)], |r| r.read::<i64>())
        .await
        .expect("count");
    rows[0]
}

on_both!("unsupported"; unsupported_fields_stay_out_of_the_client);
