//! Relations to and from views (`crates/client-gen/tests/fixtures/views.prisma`): a sale's
//! region total (model → view, the foreign key on the model), a region total's sales (view →
//! model), a sale's notes (model → view, the foreign key on the view) and a note's sale (view →
//! model). Each is read like any relation (include, select with counts, relation filters,
//! orderings through it) on SQLite, PostgreSQL and MySQL; nothing is written through one
//! (`tests/compile_fail/nested_write_through_view.rs`). The views are created by hand, as in a
//! Prisma project, and have no foreign keys (a database cannot enforce one on a view).

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

use client::{Client, Dialect, Filter};
use db::{Models, region_total, sale, sale_note};

/// The two views in each dialect: one row per region with its total amount and line count;
/// a note on each sale of more than one item.
fn create_views(dialect: Dialect) -> [&'static str; 2] {
    match dialect {
        Dialect::Postgres => [
            "CREATE VIEW \"region_totals\" AS SELECT \"region\", CAST(SUM(\"amount\") AS INTEGER) \
             AS \"total\", CAST(COUNT(*) AS INTEGER) AS \"lines\" FROM \"Sale\" GROUP BY \"region\"",
            "CREATE VIEW \"sale_notes\" AS SELECT \"id\", \"id\" AS \"saleId\", \
             'note on ' || \"region\" AS \"text\" FROM \"Sale\" WHERE \"quantity\" > 1",
        ],
        Dialect::Mysql => [
            "CREATE VIEW `region_totals` AS SELECT `region`, CAST(SUM(`amount`) AS SIGNED) AS \
             `total`, CAST(COUNT(*) AS SIGNED) AS `lines` FROM `Sale` GROUP BY `region`",
            "CREATE VIEW `sale_notes` AS SELECT `id`, `id` AS `saleId`, \
             CONCAT('note on ', `region`) AS `text` FROM `Sale` WHERE `quantity` > 1",
        ],
        _ => [
            "CREATE VIEW \"region_totals\" AS SELECT \"region\", SUM(\"amount\") AS \"total\", \
             COUNT(*) AS \"lines\" FROM \"Sale\" GROUP BY \"region\"",
            "CREATE VIEW \"sale_notes\" AS SELECT \"id\", \"id\" AS \"saleId\", \
             'note on ' || \"region\" AS \"text\" FROM \"Sale\" WHERE \"quantity\" > 1",
        ],
    }
}

/// Sales 1–4: north 5 (×1), north 7 (×3), south 2 (×2), west 10 (×1). Totals: north 12 over
/// two lines, south 2, west 10. Notes on sales 2 and 3.
async fn seed(c: &Client) {
    for sql in create_views(c.dialect()) {
        c.execute_raw(sql, vec![]).await.expect("create a view");
    }
    for (region, amount, quantity) in [
        ("north", 5, 1),
        ("north", 7, 3),
        ("south", 2, 2),
        ("west", 10, 1),
    ] {
        c.sale()
            .create(sale::create(region, amount, quantity))
            .exec()
            .await
            .expect("a sale is written as usual beside its relations to views");
    }
}

async fn include_and_select_through_views(c: &Client) {
    seed(c).await;

    // Model → view (to-one, the foreign key on the model) and model → view (to-many).
    let sales = c
        .sale()
        .find_many()
        .order_by(sale::id().asc())
        .include(sale::include::total())
        .include(sale::include::notes())
        .exec()
        .await
        .unwrap();
    let read: Vec<(i32, i32, Vec<String>)> = sales
        .iter()
        .map(|s| {
            let total = s.total.get().expect("total loaded").total;
            let notes = s.notes.get().expect("notes loaded");
            (s.id, total, notes.iter().map(|n| n.text.clone()).collect())
        })
        .collect();
    assert_eq!(
        read,
        [
            (1, 12, vec![]),
            (2, 12, vec!["note on north".to_owned()]),
            (3, 2, vec!["note on south".to_owned()]),
            (4, 10, vec![]),
        ]
    );

    // View → model (to-many, ordered, and to-one).
    let totals = c
        .region_total()
        .find_many()
        .order_by(region_total::region().asc())
        .include(region_total::include::sales().order_by(sale::amount().desc()))
        .exec()
        .await
        .unwrap();
    let amounts: Vec<(String, Vec<i32>)> = totals
        .iter()
        .map(|t| {
            let sales = t.sales.get().expect("sales loaded");
            (t.region.clone(), sales.iter().map(|s| s.amount).collect())
        })
        .collect();
    assert_eq!(
        amounts,
        [
            ("north".to_owned(), vec![7, 5]),
            ("south".to_owned(), vec![2]),
            ("west".to_owned(), vec![10]),
        ]
    );
    let note = c
        .sale_note()
        .find_unique(sale_note::id().equals(3))
        .include(sale_note::include::sale())
        .exec()
        .await
        .unwrap()
        .expect("the note on sale 3");
    assert_eq!(note.sale.get().expect("sale loaded").region, "south");

    // Selected, with counts.
    let counted: Vec<(String, i64, Vec<i32>)> = c
        .region_total()
        .find_many()
        .order_by(region_total::region().asc())
        .select((
            region_total::select::region(),
            region_total::sales().count(),
            region_total::select::sales(sale::select::quantity()).order_by(sale::id().asc()),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(
        counted,
        [
            ("north".to_owned(), 2, vec![1, 3]),
            ("south".to_owned(), 1, vec![2]),
            ("west".to_owned(), 1, vec![1]),
        ]
    );
}

async fn filter_and_order_through_views(c: &Client) {
    seed(c).await;
    let sale_ids = |filter: Filter<db::Sale>| async move {
        c.sale()
            .find_many()
            .filter(filter)
            .order_by(sale::id().asc())
            .exec()
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        sale_ids(sale::total().is(region_total::total().gt(10))).await,
        [1, 2]
    );
    assert_eq!(
        sale_ids(sale::notes().some(sale_note::text().contains("south"))).await,
        [3]
    );
    assert_eq!(sale_ids(sale::notes().none(Filter::all())).await, [1, 4]);
    assert_eq!(
        c.sale()
            .count()
            .filter(sale::total().is(region_total::lines().equals(1)))
            .exec()
            .await
            .unwrap(),
        2
    );

    let regions: Vec<String> = c
        .region_total()
        .find_many()
        .filter(region_total::sales().some(sale::amount().gt(6)))
        .order_by(region_total::region().asc())
        .exec()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.region)
        .collect();
    assert_eq!(regions, ["north", "west"]);
    let notes: Vec<i32> = c
        .sale_note()
        .find_many()
        .filter(sale_note::sale().is(sale::quantity().gt(2)))
        .exec()
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.id)
        .collect();
    assert_eq!(notes, [2]);

    // Ordered through a to-one relation to a view, and by a count of a view's related records.
    let by_total: Vec<i32> = c
        .sale()
        .find_many()
        .order_by(sale::total().order(region_total::total().desc()))
        .order_by(sale::id().asc())
        .exec()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(by_total, [1, 2, 4, 3]);
    let by_lines: Vec<String> = c
        .region_total()
        .find_many()
        .order_by(region_total::sales().count_desc())
        .order_by(region_total::region().desc())
        .exec()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.region)
        .collect();
    assert_eq!(by_lines, ["north", "west", "south"]);
    // Two relations away, through the view: a note's sale's region total.
    let notes_by_total: Vec<i32> = c
        .sale_note()
        .find_many()
        .order_by(sale_note::sale().order(sale::total().order(region_total::total().asc())))
        .exec()
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.id)
        .collect();
    assert_eq!(notes_by_total, [3, 2]);

    // The model's own writes go on beside the views: the views follow the table.
    c.sale()
        .update_many(sale::region().equals("west"), vec![sale::quantity().set(4)])
        .exec()
        .await
        .unwrap();
    assert_eq!(sale_ids(sale::notes().some(Filter::all())).await, [2, 3, 4]);
    c.sale()
        .delete(sale::id().equals(1))
        .exec()
        .await
        .expect("a sale with relations to views is deleted as usual");
    assert_eq!(
        c.region_total()
            .find_unique(region_total::region().equals("north"))
            .exec()
            .await
            .unwrap()
            .map(|t| t.total),
        Some(7)
    );
}

on_both!(
    "views";
    include_and_select_through_views,
    filter_and_order_through_views,
);
