//! The databases' limits on one statement's parameters (SQLite 32,766; PostgreSQL and MySQL
//! 65,535): P2029, and the reads that are split instead, as Prisma splits them.

use client::{Client, Dialect, Error, FindMany};

use crate::db::{Models, Sale, sale};
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
        .filter(sale::id().in_vec(list.clone()))
        .select(sale::select::region())
        .exec()
        .await
        .expect("split into parts")
        .into_iter()
        .collect();
    regions.sort();
    assert_eq!(regions, ["north", "west"]);

    // `findFirst` (a `take` of 1, no order) is split too, as Prisma splits it: any record
    // that matches.
    let first = c
        .sale()
        .find_first(sale::id().in_vec(list.clone()))
        .exec()
        .await
        .expect("split into parts")
        .expect("a record");
    assert!([ids[0], ids[2]].contains(&first.id), "{first:?}");
    let two = c
        .sale()
        .find_many()
        .filter(sale::id().in_vec(list.clone()))
        .take(2)
        .exec()
        .await
        .expect("split into parts, cut at take");
    assert_eq!(two.len(), 2);

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

/// A `findMany` with `distinct` and a long `in` list: how it narrows the query, the key of a
/// `(region, amount)` it is distinct on, and the number of records it returns at most.
struct Distinct {
    name: &'static str,
    query: for<'a> fn(FindMany<'a, Sale>) -> FindMany<'a, Sale>,
    key: fn(&str, i32) -> String,
    take: Option<usize>,
}

const DISTINCT: &[Distinct] = &[
    Distinct {
        name: "distinct region",
        query: |q| q.distinct(sale::region()),
        key: |region, _| region.to_owned(),
        take: None,
    },
    Distinct {
        name: "distinct region and amount",
        query: |q| q.distinct(sale::region()).distinct(sale::amount()),
        key: |region, amount| format!("{region} {amount}"),
        take: None,
    },
    Distinct {
        name: "distinct region, take 2",
        query: |q| q.distinct(sale::region()).take(2),
        key: |region, _| region.to_owned(),
        take: Some(2),
    },
];

/// A `findMany` with `distinct` whose `in` list is past the limit is split as the plain read
/// is (Prisma 7 splits it: its compiler marks it chunkable), the parts' rows made distinct
/// together, then `take` applied: each key once although its records are in different parts
/// (on MySQL, 65,534 values a part). The result is the same query's over the short list of
/// the records' ids, and the distinct keys of the records inserted. Under `skip` or `orderBy`
/// it is not split (P2029 on MySQL), as without `distinct`.
async fn distinct_reads_with_long_in_lists_are_split(c: &Client) {
    let rows = [
        ("north", 1),
        ("south", 1),
        ("north", 2),
        ("north", 1),
        ("west", 3),
        ("south", 1),
    ];
    let mut ids = Vec::new();
    for (region, amount) in rows {
        let made = c
            .sale()
            .create(sale::create(region, amount, 1))
            .exec()
            .await
            .expect("create");
        ids.push(made.id);
    }
    // Half the records at the list's start, half at its end: in different parts on MySQL.
    let mut list: Vec<i32> = ids[..3].to_vec();
    list.extend(1_000_000..1_000_000 + MANY);
    list.extend(&ids[3..]);
    list.push(ids[0]);
    let keys_of = |records: Vec<Sale>, case: &Distinct| {
        let mut keys: Vec<String> = records
            .iter()
            .map(|s| (case.key)(&s.region, s.amount))
            .collect();
        keys.sort();
        keys
    };
    for case in DISTINCT {
        let mut expected: Vec<String> = rows.iter().map(|(r, a)| (case.key)(r, *a)).collect();
        expected.sort();
        expected.dedup();
        let split = (case.query)(c.sale().find_many())
            .filter(sale::id().in_vec(list.clone()))
            .exec()
            .await
            .unwrap_or_else(|e| panic!("{}: split into parts: {e}", case.name));
        let short = (case.query)(c.sale().find_many())
            .filter(sale::id().in_vec(ids.clone()))
            .exec()
            .await
            .unwrap_or_else(|e| panic!("{}: one statement: {e}", case.name));
        let (split, short) = (keys_of(split, case), keys_of(short, case));
        let mut once = split.clone();
        once.dedup();
        assert_eq!(once, split, "{}: each key once", case.name);
        assert!(
            split.iter().all(|k| expected.contains(k)),
            "{}: {split:?}",
            case.name
        );
        match case.take {
            None => {
                assert_eq!(split, expected, "{}", case.name);
                assert_eq!(short, expected, "{}", case.name);
            }
            Some(t) => assert_eq!((split.len(), short.len()), (t, t), "{}", case.name),
        }
    }

    // The same through a selection.
    let mut regions: Vec<String> = c
        .sale()
        .find_many()
        .filter(sale::id().in_vec(list.clone()))
        .distinct(sale::region())
        .select(sale::select::region())
        .exec()
        .await
        .expect("split into parts");
    regions.sort();
    assert_eq!(regions, ["north", "south", "west"]);

    let skipped = c
        .sale()
        .find_many()
        .filter(sale::id().in_vec(list.clone()))
        .distinct(sale::region())
        .skip(1)
        .exec()
        .await;
    let ordered = c
        .sale()
        .find_many()
        .filter(sale::id().in_vec(list.clone()))
        .distinct(sale::region())
        .order_by(sale::region().asc())
        .exec()
        .await;
    if c.dialect() == Dialect::Mysql {
        // `skip` is applied after `distinct`, in memory: not a parameter.
        let n = list.len();
        for result in [skipped, ordered] {
            let e = result.expect_err("not split");
            assert_p2029(&e, n, Some("Sale"), Dialect::Mysql);
        }
    } else {
        assert_eq!(skipped.expect("one parameter").len(), 2);
        let regions: Vec<String> = ordered
            .expect("one parameter")
            .into_iter()
            .map(|s| s.region)
            .collect();
        assert_eq!(regions, ["north", "south", "west"]);
    }
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
    let n = list.len();
    let in_list = || sale::id().in_vec(list.clone());
    let ordered = c
        .sale()
        .find_many()
        .filter(in_list())
        .order_by(sale::id().desc())
        .exec()
        .await;
    let skipped = c.sale().find_many().filter(in_list()).skip(0).exec().await;
    let not_in = c
        .sale()
        .find_many()
        .filter(sale::id().not_in_vec(list.clone()))
        .exec()
        .await;
    let counted = c.sale().count().filter(in_list()).exec().await;
    let summed = c
        .sale()
        .aggregate()
        .filter(in_list())
        .select(sale::amount().sum())
        .exec()
        .await;
    // Each operation: the parameters it binds on MySQL (P2029), and elsewhere (one parameter)
    // the number of records it reads or counts (`None`: it runs). Prisma's query compiler does
    // not mark counts and aggregates chunkable either.
    let cases = [
        ("orderBy", ordered.map(|r| r.len()), n, Some(1)),
        // `skip` is a parameter of its own.
        ("skip", skipped.map(|r| r.len()), n + 1, Some(1)),
        ("notIn", not_in.map(|r| r.len()), n, Some(2)),
        ("count", counted.map(|k| k as usize), n, Some(1)),
        ("aggregate", summed.map(|_| 0), n, None),
    ];
    for (operation, result, params, elsewhere) in cases {
        if dialect == Dialect::Mysql {
            let e = result.expect_err(operation);
            assert_p2029(&e, params, Some("Sale"), dialect);
        } else {
            let found = result.unwrap_or_else(|e| panic!("{operation}: one parameter: {e}"));
            if let Some(expected) = elsewhere {
                assert_eq!(found, expected, "{operation}");
            }
        }
    }
}

/// `updateMany` and `deleteMany` with a long `in` list are split as Prisma 7 splits them
/// (its compiler marks them chunkable; the interpreter sums the parts' counts), each record
/// written once although the list repeats it. Not split, P2029 on MySQL: a list on a column
/// the update sets (a record moved into a later part would be updated twice) and a write
/// with `limit` (each part would be limited alone).
async fn writes_with_long_in_lists_are_split(c: &Client) {
    let ids = three(c).await;
    let dialect = c.dialect();
    // ids[0] in the first part, ids[2] in the second (on MySQL, 65,534 values a part).
    let mut list: Vec<i32> = (1_000_000..1_000_000 + MANY).collect();
    list.insert(0, ids[0]);
    list.push(ids[2]);
    list.push(ids[0]);
    let n = c
        .sale()
        .update_many(
            sale::id().in_vec(list.clone()),
            vec![sale::quantity().increment(4)],
        )
        .exec()
        .await
        .expect("split into parts");
    assert_eq!(n, 2);
    let mut quantities: Vec<(i32, i32)> = c
        .sale()
        .find_many()
        .exec()
        .await
        .expect("read")
        .into_iter()
        .map(|s| (s.id, s.quantity))
        .collect();
    quantities.sort_unstable();
    assert_eq!(quantities, [(ids[0], 5), (ids[1], 1), (ids[2], 5)]);

    let amounts: Vec<i32> = (2..2 + MANY).chain([1]).collect();
    let moved = c
        .sale()
        .update_many(
            sale::amount().in_vec(amounts),
            vec![sale::amount().increment(1)],
        )
        .exec()
        .await;
    let limited = c
        .sale()
        .update_many(
            sale::id().in_vec(list.clone()),
            vec![sale::quantity().set(9)],
        )
        .limit(10)
        .exec()
        .await;
    let limited_delete = c
        .sale()
        .delete_many(sale::id().in_vec(list.clone()))
        .limit(10)
        .exec()
        .await;
    // Each write: P2029 on MySQL; elsewhere (one parameter) the records it writes.
    let cases = [
        ("a list on a column set", moved, 3),
        ("updateMany with limit", limited, 2),
        ("deleteMany with limit", limited_delete, 2),
    ];
    for (operation, result, elsewhere) in cases {
        if dialect == Dialect::Mysql {
            let e = result.expect_err(operation);
            assert_eq!(e.code(), "P2029", "{operation}: {e}");
            assert_eq!(e.meta().model_name.as_deref(), Some("Sale"), "{e}");
        } else {
            assert_eq!(result.expect(operation), elsewhere, "{operation}");
        }
    }
    if dialect != Dialect::Mysql {
        // Put back what the deletion took.
        three(c).await;
    }

    let before = c.sale().count().exec().await.expect("count");
    let ids: Vec<i32> = c
        .sale()
        .find_many()
        .exec()
        .await
        .expect("read")
        .into_iter()
        .map(|s| s.id)
        .collect();
    let mut list: Vec<i32> = (1_000_000..1_000_000 + MANY).collect();
    list.insert(0, ids[0]);
    list.push(ids[1]);
    let n = c
        .sale()
        .delete_many(sale::id().in_vec(list))
        .exec()
        .await
        .expect("split into parts");
    assert_eq!(n, 2);
    assert_eq!(c.sale().count().exec().await.expect("count"), before - 2);
}

/// The parts of a split write are one transaction: when a later part fails, the earlier
/// parts' writes are undone; in the caller's transaction, they are part of it. (An `INT`
/// overflow fails on MySQL and PostgreSQL; SQLite's integers are 64-bit, and there the
/// update succeeds.)
async fn split_writes_are_atomic(c: &Client) {
    let dialect = c.dialect();
    let low = c
        .sale()
        .create(sale::create("north", 0, 1))
        .exec()
        .await
        .expect("create");
    let high = c
        .sale()
        .create(sale::create("south", i32::MAX, 1))
        .exec()
        .await
        .expect("create");
    let list: Vec<i32> = std::iter::once(low.id)
        .chain(1_000_000..1_000_000 + MANY)
        .chain([high.id])
        .collect();
    let result = c
        .sale()
        .update_many(
            sale::id().in_vec(list.clone()),
            vec![sale::amount().increment(1)],
        )
        .exec()
        .await;
    let read = async |id: i32| {
        c.sale()
            .find_unique(sale::id().equals(id))
            .exec()
            .await
            .expect("read")
            .expect("there")
    };
    if dialect == Dialect::Sqlite {
        assert_eq!(result.expect("64-bit integers"), 2);
        return;
    }
    let e = result.expect_err("the second part overflows");
    assert_ne!(e.code(), "P2029", "{e}");
    assert_eq!(read(low.id).await.amount, 0, "the first part is undone");

    let tx = c
        .begin(client::TransactionOptions::new())
        .await
        .expect("begin");
    let (filter, data) = (
        sale::id().in_vec(list.clone()),
        vec![sale::quantity().increment(1)],
    );
    let n = tx
        .sale()
        .update_many(filter, data)
        .exec()
        .await
        .expect("split in the caller's transaction");
    assert_eq!(n, 2);
    tx.rollback().await.expect("rollback");
    assert_eq!(read(low.id).await.amount, 0);
    assert_eq!(
        read(high.id).await.quantity,
        1,
        "rolled back with the caller's transaction"
    );
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
    distinct_reads_with_long_in_lists_are_split,
    unsplittable_statements_are_p2029,
    writes_with_long_in_lists_are_split,
    split_writes_are_atomic,
    create_many_past_the_limit,
);
