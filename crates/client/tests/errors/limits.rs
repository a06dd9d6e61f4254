//! The databases' limits on one statement's parameters (SQLite 32,766; PostgreSQL and MySQL
//! 65,535): P2029, and the reads that are split instead, as Prisma splits them.

use client::{Client, Dialect, Error};

use crate::db::{Models, sale};
use crate::on_both;

/// Values far past every database's limit.
const MANY: i32 = 70_000;

/// Three records, their ids in order.
async fn three(c: &Client) -> Vec<i32> {
    let mut ids = Vec::new();
    for region in ["north", "south", "west"] {
        let made = c
            .sale()
            .create(sale::create(region, 1, 1))
            .exec()
            .await
            .expect("create");
        ids.push(made.id);
    }
    ids
}

/// A `findMany` whose `in` list binds more parameters than the database takes (MySQL binds
/// one per value; PostgreSQL and SQLite bind the list as one array or JSON parameter) is run
/// in parts, as Prisma splits it: the same records, each once, duplicates in the list
/// notwithstanding. A list of 40,000 ids, which fits, also runs (MySQL's padding of lists to
/// a power of two took it to 65,536 parameters).
async fn long_in_lists_are_split(c: &Client) {
    let ids = three(c).await;
    let mut list: Vec<i32> = (1_000_000..1_000_000 + MANY).collect();
    list.splice(30_000..30_000, [ids[2], ids[0]]);
    list.push(ids[0]);
    list.push(ids[2]);
    let mut found: Vec<i32> = c
        .sale()
        .find_many()
        .filter(sale::id().in_vec(list.clone()))
        .filter(sale::amount().equals(1))
        .exec()
        .await
        .expect("split into parts")
        .into_iter()
        .map(|s| s.id)
        .collect();
    found.sort_unstable();
    assert_eq!(found, vec![ids[0], ids[2]]);

    // The same through a selection.
    let mut regions: Vec<String> = c
        .sale()
        .find_many()
        .filter(sale::id().in_vec(list))
        .select(sale::select::region())
        .exec()
        .await
        .expect("split into parts")
        .into_iter()
        .collect();
    regions.sort();
    assert_eq!(regions, ["north", "west"]);

    let fits: Vec<i32> = (2_000_000..2_040_000).chain([ids[1]]).collect();
    let found = c
        .sale()
        .find_many()
        .filter(sale::id().in_vec(fits))
        .exec()
        .await
        .expect("40,001 values fit in one statement");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, ids[1]);
}

/// Asserts that `e` is P2029 for a statement of `params` parameters, in `model`.
fn assert_p2029(e: &Error, params: usize, model: Option<&str>, dialect: Dialect) {
    assert_eq!(e.code(), "P2029", "{dialect:?}: {e}");
    assert!(
        matches!(e, Error::QueryParameterLimitExceeded { .. }),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with("The query parameter limit supported by your database is exceeded: "),
        "{e}"
    );
    let limit = if dialect == Dialect::Sqlite {
        "32766"
    } else {
        "65535"
    };
    let meta = e.meta();
    let cause = meta.cause.expect("a cause");
    assert!(
        cause.contains(&format!("binds {params} parameters")) && cause.contains(limit),
        "{cause}"
    );
    assert_eq!(meta.model_name.as_deref(), model);
    assert_eq!(
        meta.database_error, None,
        "refused before the database saw it"
    );
}

/// What cannot be split is P2029 with Prisma's message, before it is sent (never the driver's
/// own error): an `OR` of 70,000 conditions, a raw query with 70,000 parameters, and on MySQL
/// a long `in` list with `orderBy` (whose parts would each be sorted alone) or `take`, and a
/// long `notIn` (whose parts do not add up); those are one parameter elsewhere and run.
async fn unsplittable_statements_are_p2029(c: &Client) {
    let ids = three(c).await;
    let dialect = c.dialect();
    let e = c
        .sale()
        .find_many()
        .filter(client::or((0..MANY).map(|i| sale::id().equals(i).into())))
        .exec()
        .await
        .expect_err("70,000 parameters");
    assert_p2029(&e, MANY as usize, Some("Sale"), dialect);

    let placeholders: Vec<String> = (1..=MANY)
        .map(|i| {
            if dialect == Dialect::Postgres {
                format!("${i}")
            } else {
                "?".to_owned()
            }
        })
        .collect();
    let sql = format!("SELECT 1 WHERE 1 IN ({})", placeholders.join(", "));
    let params = (0..MANY).map(|i| client::Value::Int(i.into())).collect();
    let e = c
        .execute_raw(&sql, params)
        .await
        .expect_err("70,000 parameters");
    assert_p2029(&e, MANY as usize, None, dialect);

    let list: Vec<i32> = (1_000_000..1_000_000 + MANY).chain([ids[1]]).collect();
    let ordered = c
        .sale()
        .find_many()
        .filter(sale::id().in_vec(list.clone()))
        .order_by(sale::id().desc())
        .exec()
        .await;
    let taken = c
        .sale()
        .find_many()
        .filter(sale::id().in_vec(list.clone()))
        .take(1)
        .exec()
        .await;
    let not_in = c
        .sale()
        .find_many()
        .filter(sale::id().not_in_vec(list.clone()))
        .exec()
        .await;
    if dialect == Dialect::Mysql {
        // `take` is a parameter of its own.
        let n = list.len();
        for (result, params) in [(ordered, n), (taken, n + 1), (not_in, n)] {
            let e = result.expect_err("not split");
            assert_p2029(&e, params, Some("Sale"), dialect);
        }
    } else {
        assert_eq!(ordered.expect("one parameter").len(), 1);
        assert_eq!(taken.expect("one parameter").len(), 1);
        assert_eq!(not_in.expect("one parameter").len(), 2);
    }
}

/// `createMany` splits its rows into statements that fit (3 parameters a row: 25,000 rows
/// are 75,000 parameters), as Prisma does.
async fn create_many_past_the_limit(c: &Client) {
    let rows = (0..25_000).map(|i| sale::create("east", i, 1)).collect();
    let n = c
        .sale()
        .create_many(rows)
        .exec()
        .await
        .expect("split into statements");
    assert_eq!(n, 25_000);
    assert_eq!(c.sale().count().exec().await.expect("count"), 25_000);
}

on_both!(
    "views";
    long_in_lists_are_split,
    unsplittable_statements_are_p2029,
    create_many_past_the_limit,
);
