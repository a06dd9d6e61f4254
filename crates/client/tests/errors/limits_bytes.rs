//! SQLite binds a list of bytes one parameter per value (other lists are one JSON parameter):
//! past its 32,766 parameters such a list is split as on MySQL, through the generated client
//! of `all_types.prisma` (its `Everything` model has a `Bytes` field). PostgreSQL binds the
//! list as one array and MySQL takes its 40,002 values in one statement: the same results.

use chrono::{DateTime, Utc};
use client::{Client, Dialect};
use rust_decimal::Decimal;

use crate::nested_db::{Models, everything};
use crate::on_both;

/// Byte strings past SQLite's limit, none of them stored.
const MANY: u32 = 40_000;

/// `findMany` (also with `distinct`), `findFirst`, `updateMany` and `deleteMany` with a list
/// of 40,002 byte strings are split on SQLite (each failed with P2029 before), as Prisma splits them; `count` is
/// not (Prisma's compiler does not mark it chunkable): P2029 there.
async fn long_byte_lists_are_split(c: &Client) {
    let time: DateTime<Utc> = DateTime::UNIX_EPOCH;
    for (i, bytes) in [[1u8, 2, 3], [4, 5, 6], [7, 8, 9]].into_iter().enumerate() {
        let i = i32::try_from(i).expect("small");
        c.everything()
            .create(everything::create(
                i,
                0_i64,
                0.5,
                Decimal::new(1, 0),
                "s",
                true,
                time,
                serde_json::json!({}),
                bytes.to_vec(),
            ))
            .exec()
            .await
            .expect("create");
    }
    let mut list: Vec<Vec<u8>> = (0..MANY).map(|i| i.to_be_bytes().to_vec()).collect();
    list.insert(0, vec![1, 2, 3]);
    list.push(vec![7, 8, 9]);
    list.push(vec![1, 2, 3]);

    let mut found: Vec<i32> = c
        .everything()
        .find_many()
        .filter(everything::bytes().in_vec(list.clone()))
        .exec()
        .await
        .expect("split into parts")
        .into_iter()
        .map(|e| e.int)
        .collect();
    found.sort_unstable();
    assert_eq!(found, [0, 2]);
    let first = c
        .everything()
        .find_first(everything::bytes().in_vec(list.clone()))
        .exec()
        .await
        .expect("split into parts")
        .expect("a record");
    assert!([0, 2].contains(&first.int), "{}", first.int);

    // With `distinct`: the two records (in different parts on SQLite, 32,766 values a part)
    // share their `string`, and the parts' rows are made distinct together: one record.
    let one = c
        .everything()
        .find_many()
        .filter(everything::bytes().in_vec(list.clone()))
        .distinct(everything::string())
        .exec()
        .await
        .expect("split into parts");
    assert_eq!(one.len(), 1, "distinct over all parts");
    assert!([0, 2].contains(&one[0].int), "{}", one[0].int);
    // The same through a selection.
    let ints = c
        .everything()
        .find_many()
        .filter(everything::bytes().in_vec(list.clone()))
        .distinct(everything::string())
        .select(everything::select::int())
        .exec()
        .await
        .expect("split into parts");
    assert!(matches!(ints[..], [0 | 2]), "{ints:?}");

    let counted = c
        .everything()
        .count()
        .filter(everything::bytes().in_vec(list.clone()))
        .exec()
        .await;
    if c.dialect() == Dialect::Sqlite {
        let e = counted.expect_err("count is not split");
        assert_eq!(e.code(), "P2029", "{e}");
        assert_eq!(e.meta().model_name.as_deref(), Some("Everything"), "{e}");
    } else {
        assert_eq!(counted.expect("one statement"), 2);
    }

    let n = c
        .everything()
        .update_many(
            everything::bytes().in_vec(list.clone()),
            vec![everything::maybe().set(7)],
        )
        .exec()
        .await
        .expect("split into parts");
    assert_eq!(n, 2);
    let mut maybes: Vec<(i32, Option<i32>)> = c
        .everything()
        .find_many()
        .exec()
        .await
        .expect("read")
        .into_iter()
        .map(|e| (e.int, e.maybe))
        .collect();
    maybes.sort_unstable();
    assert_eq!(maybes, [(0, Some(7)), (1, None), (2, Some(7))]);

    let n = c
        .everything()
        .delete_many(everything::bytes().in_vec(list))
        .exec()
        .await
        .expect("split into parts");
    assert_eq!(n, 2);
    assert_eq!(c.everything().count().exec().await.expect("count"), 1);
}

on_both!(
    "all_types";
    long_byte_lists_are_split,
);
