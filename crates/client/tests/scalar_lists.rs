//! Scalar lists (`crates/client-gen/tests/fixtures/lists.prisma`) on PostgreSQL, the database
//! Prisma supports them on: every scalar type and an enum list read and written with edge
//! values; defaults; a NULL column read as an empty list; the filters `equals`, `has`,
//! `hasEvery`, `hasSome`, `isEmpty`; the updates `set` and `push`; a list picked by `select`;
//! `in` / `notIn` with a field reference to a list.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/lists.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use chrono::{DateTime, Utc};
use client::Client;
use db::{Bag, Colour, Models, bag};
use rust_decimal::Decimal;

fn time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

async fn full_bag(c: &Client) -> Bag {
    c.bag()
        .create(
            bag::create("full")
                .set(bag::tags().set(["a".to_owned(), "é ü 🙂".to_owned(), String::new()]))
                .set(bag::numbers().set([i32::MIN, 0, i32::MAX]))
                .set(bag::bigs().set([i64::MIN, i64::MAX]))
                .set(bag::floats().set([1.5, -0.25, 1e300]))
                .set(bag::decimals().set([
                    Decimal::new(12345, 2).into(),
                    Decimal::new(-1, 28).into(),
                    Decimal::MAX.into(),
                ]))
                .set(bag::flags().set([true, false, true]))
                .set(bag::times().set([
                    time("1970-01-01T00:00:00.000Z"),
                    time("2024-02-29T23:59:59.999Z"),
                ]))
                .set(bag::docs().set([
                    serde_json::json!({"b": 1, "a": [true, null]}),
                    serde_json::json!("text"),
                ]))
                .set(bag::blobs().set([vec![0u8, 255, 1], Vec::new()]))
                .set(bag::colours().set([Colour::Green, Colour::Blue])),
        )
        .exec()
        .await
        .expect("create with every list")
}

async fn lists_round_trip(c: &Client) {
    // Defaults, and lists not given (a NULL column) read as empty.
    let plain = c
        .bag()
        .create(bag::create("plain"))
        .exec()
        .await
        .expect("create with defaults");
    assert_eq!(plain.numbers, [1, 2]);
    assert_eq!(plain.colours, [Colour::Red]);
    assert!(plain.tags.is_empty() && plain.blobs.is_empty() && plain.times.is_empty());

    let full = full_bag(c).await;
    let read = c
        .bag()
        .find_unique(bag::name().equals("full"))
        .exec()
        .await
        .unwrap()
        .expect("the full bag");
    assert_eq!(read, full, "every list reads back as written");
    assert_eq!(read.tags, ["a", "é ü 🙂", ""]);
    assert_eq!(read.bigs, [i64::MIN, i64::MAX]);
    assert_eq!(read.decimals[2], Decimal::MAX);
    assert_eq!(read.colours, [Colour::Green, Colour::Blue]);
    assert_eq!(read.blobs, [vec![0u8, 255, 1], Vec::new()]);
    // The enum list is stored under the values' database names (`@map`).
    let stored = c
        .query_raw(
            "SELECT array_to_string(\"colours\", ',') FROM \"Bag\" WHERE \"name\" = 'full'",
            vec![],
            |r| r.read::<String>(),
        )
        .await
        .unwrap();
    assert_eq!(stored, ["GREEN,blue"]);
}

async fn names(c: &Client, filter: client::Filter<Bag>) -> Vec<String> {
    c.bag()
        .find_many()
        .filter(filter)
        .order_by(bag::name().asc())
        .select(bag::select::name())
        .exec()
        .await
        .expect("filter")
}

async fn list_filters(c: &Client) {
    c.bag().create(bag::create("plain")).exec().await.unwrap();
    c.bag()
        .create(
            bag::create("empty")
                .set(bag::tags().set([]))
                .set(bag::flags().set([])),
        )
        .exec()
        .await
        .unwrap();
    full_bag(c).await;
    assert_eq!(names(c, bag::tags().has("a".to_owned())).await, ["full"]);
    assert_eq!(
        names(c, bag::colours().has(Colour::Red)).await,
        ["empty", "plain"]
    );
    assert_eq!(
        names(c, bag::numbers().has_every([0, i32::MAX])).await,
        ["full"]
    );
    assert!(names(c, bag::numbers().has_every([0, 7])).await.is_empty());
    assert_eq!(
        names(c, bag::colours().has_some([Colour::Blue, Colour::Red])).await,
        ["empty", "full", "plain"]
    );
    // A list never set (NULL) matches no list filter, as in Prisma: `isEmpty` and `NOT`
    // leave it out, `is_null` (`equals: null`) finds it.
    assert_eq!(names(c, bag::tags().is_empty(true)).await, ["empty"]);
    assert_eq!(names(c, bag::tags().is_empty(false)).await, ["full"]);
    assert_eq!(names(c, bag::tags().is_null()).await, ["plain"]);
    assert_eq!(names(c, !bag::flags().has(true)).await, ["empty"]);
    assert_eq!(
        names(c, bag::numbers().equals([1, 2])).await,
        ["empty", "plain"]
    );
    assert!(names(c, bag::numbers().equals([2, 1])).await.is_empty());
}

async fn list_updates(c: &Client) {
    c.bag().create(bag::create("plain")).exec().await.unwrap();
    // `push` onto a NULL column, then onto a list; `set` replaces.
    let pushed = c
        .bag()
        .update(
            bag::name().equals("plain"),
            vec![
                bag::tags().push("x".to_owned()),
                bag::numbers().push_all([3, 4]),
                bag::colours().push(Colour::Blue),
            ],
        )
        .exec()
        .await
        .expect("push");
    assert_eq!(pushed.tags, ["x"]);
    assert_eq!(pushed.numbers, [1, 2, 3, 4]);
    assert_eq!(pushed.colours, [Colour::Red, Colour::Blue]);
    let set = c
        .bag()
        .update(
            bag::name().equals("plain"),
            vec![bag::numbers().set([]), bag::tags().set(["y".to_owned()])],
        )
        .exec()
        .await
        .expect("set");
    assert!(set.numbers.is_empty());
    assert_eq!(set.tags, ["y"]);
    let picked: Vec<Vec<i32>> = c
        .bag()
        .find_many()
        .select(bag::select::numbers())
        .exec()
        .await
        .expect("select a list");
    assert_eq!(picked, [Vec::<i32>::new()]);
}

/// `in` / `notIn` with a field reference to a list of the same record
/// (`{ name: { in: prisma.bag.fields.tags } }`).
async fn field_references_to_lists(c: &Client) {
    for (name, tags) in [
        ("a", Some(vec!["a", "b"])),
        ("b", Some(vec!["a"])),
        ("c", None),
    ] {
        let mut data = bag::create(name);
        if let Some(tags) = tags {
            data = data.set(bag::tags().set(tags.into_iter().map(str::to_owned)));
        }
        c.bag().create(data).exec().await.expect("create a bag");
    }
    let names = |filter| async move {
        c.bag()
            .find_many()
            .filter(filter)
            .order_by(bag::id().asc())
            .exec()
            .await
            .expect("find bags")
            .into_iter()
            .map(|b| b.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names(bag::name().in_field(bag::tags())).await, ["a"]);
    // A list never set (NULL) is neither `in` nor `notIn`, as in Prisma.
    assert_eq!(names(bag::name().not_in_field(bag::tags())).await, ["b"]);
    assert_eq!(names(bag::id().in_field(bag::numbers())).await, ["a", "b"]);
}

macro_rules! on_postgres {
    ($($name:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let Some(db) = support::postgres(stringify!($name), "lists").await else { return };
                super::$name(&db.client).await;
            }
        )*
    };
}

mod postgres_tests {
    use super::support;
    on_postgres!(
        lists_round_trip,
        list_filters,
        list_updates,
        field_references_to_lists
    );
}
