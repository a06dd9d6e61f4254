//! Queries refused before anything is sent: P2009.

use client::{AggExpr, Client, Error};

use crate::db::{Models, region_total, sale};
use crate::{on_both, run};

/// `groupBy` orders by the grouped fields and their aggregates only, as Prisma's (its
/// `orderBy` input has no relation fields): an ordering through a to-one relation, by a
/// to-many relation's count, or through relations to a count, is refused with P2009 naming
/// the relation, before any SQL is sent; orderings by a grouped field still run.
async fn group_by_refuses_orderings_through_relations(c: &Client) {
    run(
        c,
        &format!(
            "INSERT INTO {q}Sale{q} ({q}region{q}, {q}amount{q}, {q}quantity{q}) VALUES ('north', 1, 1)",
            q = crate::quote(c)
        ),
    )
    .await;
    let refused = [
        (sale::total().order(region_total::total().desc()), "total"),
        (sale::notes().count_desc(), "notes"),
        (
            sale::total().order(region_total::sales().count_asc()),
            "total",
        ),
    ];
    for (order, relation) in refused {
        let e = c
            .sale()
            .group_by([sale::region()])
            .select(AggExpr::count_all())
            .order_by(order)
            .exec()
            .await
            .expect_err("refused");
        assert_eq!(e.code(), "P2009", "{e}");
        let Error::InvalidQuery(message) = &e else {
            panic!("{e:?}")
        };
        assert!(
            message.contains(&format!("not `{relation}`")) && message.contains("Sale.groupBy"),
            "{message}"
        );
    }
    let groups = c
        .sale()
        .group_by([sale::region()])
        .select(AggExpr::count_all())
        .order_by(sale::region().desc())
        .exec()
        .await
        .expect("a grouped field orders");
    assert_eq!(groups.len(), 1);
}

on_both!(
    "views";
    group_by_refuses_orderings_through_relations,
);
