//! A `view` block in the client (`crates/client-gen/tests/fixtures/views.prisma`): read like a
//! model (`find_many`, `find_unique` by its `@unique` field, `count`, `aggregate`, `group_by`)
//! on SQLite, PostgreSQL and MySQL; writes to it do not compile
//! (`tests/compile_fail/write_to_view.rs`). The view itself is created by hand, as in a Prisma
//! project: Prisma Migrate does not create views.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/views.rs");
}
mod support;

use client::{AggExpr, Client, Dialect, Value};
use db::{Models, region_total, sale};

/// The view's SQL in each dialect: one row per region with its total amount and line count,
/// each cast to the column type the schema declares (`Int`).
fn create_view(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => {
            "CREATE VIEW \"region_totals\" AS SELECT \"region\", CAST(SUM(\"amount\") AS INTEGER) AS \"total\", \
             CAST(COUNT(*) AS INTEGER) AS \"lines\" FROM \"Sale\" GROUP BY \"region\""
        }
        Dialect::Mysql => {
            "CREATE VIEW `region_totals` AS SELECT `region`, CAST(SUM(`amount`) AS SIGNED) AS `total`, \
             CAST(COUNT(*) AS SIGNED) AS `lines` FROM `Sale` GROUP BY `region`"
        }
        _ => {
            "CREATE VIEW \"region_totals\" AS SELECT \"region\", SUM(\"amount\") AS \"total\", \
             COUNT(*) AS \"lines\" FROM \"Sale\" GROUP BY \"region\""
        }
    }
}

async fn views_read_like_models(c: &Client) {
    c.execute_raw(create_view(c.dialect()), vec![])
        .await
        .expect("create the view");
    for (region, amount) in [("north", 5), ("north", 7), ("south", 2), ("west", 10)] {
        c.sale()
            .create(sale::create(region, amount, 1))
            .exec()
            .await
            .expect("create a sale");
    }

    let rows = c
        .region_total()
        .find_many()
        .order_by(region_total::region().asc())
        .exec()
        .await
        .expect("find_many on a view");
    let read: Vec<(String, i32, i32)> = rows
        .into_iter()
        .map(|r| (r.region, r.total, r.lines))
        .collect();
    assert_eq!(
        read,
        vec![
            ("north".to_owned(), 12, 2),
            ("south".to_owned(), 2, 1),
            ("west".to_owned(), 10, 1),
        ]
    );

    let north = c
        .region_total()
        .find_unique(region_total::region().equals("north"))
        .exec()
        .await
        .expect("find_unique on a view")
        .expect("north has sales");
    assert_eq!(north.total, 12);

    let big = c
        .region_total()
        .count()
        .filter(region_total::total().gt(5))
        .exec()
        .await
        .expect("count on a view");
    assert_eq!(big, 2);

    let agg = c
        .region_total()
        .aggregate()
        .select(region_total::total().sum())
        .select(AggExpr::count_all())
        .exec()
        .await
        .expect("aggregate on a view");
    assert_eq!(agg.count_all(), Some(3));
    let sum = match agg.get(region_total::total().sum()) {
        Some(Value::Int(i)) => *i,
        Some(Value::Decimal(d)) => d.to_string().parse().expect("an integer sum"),
        other => panic!("not a sum: {other:?}"),
    };
    assert_eq!(sum, 24);

    let groups = c
        .region_total()
        .group_by([region_total::lines()])
        .select(AggExpr::count_all())
        .order_by(region_total::lines().asc())
        .exec()
        .await
        .expect("group_by on a view");
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].key(region_total::lines()), Some(&Value::Int(1)));
    assert_eq!(groups[0].count_all(), Some(2));
}

on_both!("views"; views_read_like_models);
