//! multiSchema on PostgreSQL (`crates/client-gen/tests/fixtures/multi_schema.prisma`): every
//! statement names the table's database schema, so models in `base` and `shop` work whatever
//! the connection's `search_path`, the same table name (`Entry`) in both schemas holds two
//! models, and relations (one-to-many and an implicit many-to-many join table) cross schemas.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/multi_schema.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use client::Client;
use db::{Models, Status, customer, log_entry, order, tag};

async fn models_in_two_schemas(c: &Client) {
    // The tables are where the schema puts them, and nowhere on the search path.
    let placed: Vec<String> = c
        .query_raw(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables \
             WHERE table_schema IN ('base', 'shop', 'public') ORDER BY 1",
            vec![],
            |r| r.read::<String>(),
        )
        .await
        .unwrap();
    assert_eq!(
        placed,
        [
            "base.Customer",
            "base.Entry",
            "base._CustomerToTag",
            "shop.Entry",
            "shop.Order"
        ]
    );

    let ann = c
        .customer()
        .create(
            customer::create("Ann")
                .with(customer::tags::create([tag::create("vip")]))
                .with(customer::orders::create([customer::orders::data()])),
        )
        .exec()
        .await
        .expect("nested create across schemas");
    c.log_entry()
        .create(log_entry::create("first"))
        .exec()
        .await
        .expect("the other Entry table");
    c.log_entry()
        .create(log_entry::create("second"))
        .exec()
        .await
        .unwrap();

    // Two models, one table name: each reads its own table.
    assert_eq!(c.tag().count().exec().await.unwrap(), 1);
    assert_eq!(c.log_entry().count().exec().await.unwrap(), 2);

    let read = c
        .customer()
        .find_unique(customer::name().equals("Ann"))
        .include(customer::include::orders())
        .include(customer::include::tags())
        .exec()
        .await
        .unwrap()
        .expect("Ann");
    assert_eq!(read.id, ann.id);
    let orders = read.orders.get().expect("orders loaded");
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].status, Status::Open);
    let tags = read.tags.get().expect("tags loaded");
    assert_eq!(tags[0].label, "vip");

    // Filters through relations, updates and deletes name the schema too.
    let open = c
        .order()
        .update_many(
            order::customer().is(customer::name().equals("Ann")),
            vec![order::status().set(Status::Closed)],
        )
        .exec()
        .await
        .expect("update through a relation filter");
    assert_eq!(open, 1);
    let vip = c
        .customer()
        .find_many()
        .filter(customer::tags().some(tag::label().equals("vip")))
        .exec()
        .await
        .unwrap();
    assert_eq!(vip.len(), 1);
    c.order()
        .delete_many(client::Filter::all())
        .exec()
        .await
        .unwrap();
    assert_eq!(c.order().count().exec().await.unwrap(), 0);
}

mod postgres_tests {
    use super::support;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn models_in_two_schemas() {
        let Some(db) = support::postgres("models_in_two_schemas", "multi_schema").await else {
            return;
        };
        super::models_in_two_schemas(&db.client).await;
    }
}
