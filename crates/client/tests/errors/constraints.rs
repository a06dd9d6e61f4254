//! Constraints and conflicts: P2002, P2003, P2011, P2034.

use client::{Client, Dialect};

use crate::common::{Violation, add_reference, add_required_note, assert_names};
use crate::db::{Models, sale};
use crate::{on_both, quote, run};

/// P2034: two transactions that each wait for a row the other holds (PostgreSQL 40P01,
/// MariaDB 1213); SQLite has one writer at a time, so its transactions never deadlock.
async fn write_conflict(c: &Client) {
    if c.dialect() == Dialect::Sqlite {
        return;
    }
    let a = c
        .sale()
        .create(sale::create("a", 1, 1))
        .exec()
        .await
        .expect("a");
    let b = c
        .sale()
        .create(sale::create("b", 1, 1))
        .exec()
        .await
        .expect("b");
    let options = client::TransactionOptions::new().timeout(std::time::Duration::from_secs(20));
    let first = c.begin(options).await.expect("first transaction");
    let second = c.begin(options).await.expect("second transaction");
    let bump = |id: i32| (sale::id().equals(id), vec![sale::amount().increment(1)]);
    let (f, d) = bump(a.id);
    first
        .sale()
        .update_many(f, d)
        .exec()
        .await
        .expect("first holds a");
    let (f, d) = bump(b.id);
    second
        .sale()
        .update_many(f, d)
        .exec()
        .await
        .expect("second holds b");
    let (fa, da) = bump(b.id);
    let (fb, db) = bump(a.id);
    let (one, two) = tokio::join!(
        first.sale().update_many(fa, da).exec(),
        second.sale().update_many(fb, db).exec()
    );
    let e = match (one, two) {
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => e,
        other => panic!("one of the two is the deadlock's victim: {other:?}"),
    };
    assert_eq!(e.code(), "P2034", "{e}");
    assert_eq!(
        e.to_string(),
        "Transaction failed due to a write conflict or a deadlock. Please retry your transaction"
    );
    let _ = first.rollback().await;
    let _ = second.rollback().await;
}

/// P2002, P2003 and P2011 with Prisma 7's messages: a duplicate id (all databases); a row of
/// another table pointing at the record to delete, through a foreign key added behind the
/// client's back (PostgreSQL and MySQL name the constraint, SQLite names none); a required
/// column the client does not know of (added without a default; on SQLite, which cannot add
/// such a column, the table is made again with it).
async fn constraint_messages(c: &Client) {
    let made = c
        .sale()
        .create(sale::create("north", 1, 1))
        .exec()
        .await
        .expect("create");
    let e = c
        .sale()
        .create(sale::create("south", 1, 1).set(sale::id().set(made.id)))
        .exec()
        .await
        .expect_err("duplicate id");
    // Refract's variant has the fields on every database.
    Violation::unique(c, "Sale", "id", ["Sale_pkey", "PRIMARY"], "1555").assert(&e);

    add_reference(c, "Tag", "saleId", "Sale", made.id).await;
    let e = c
        .sale()
        .delete(sale::id().equals(made.id))
        .exec()
        .await
        .expect_err("still referenced");
    Violation::foreign_key(c, "Sale", "Tag_saleId_fkey", "saleId").assert(&e);

    let q = quote(c);
    run(c, &format!("DROP TABLE {q}Tag{q}")).await;
    run(c, &format!("DELETE FROM {q}Sale{q}")).await;
    add_required_note(
        c,
        "Sale",
        r#"CREATE TABLE "Sale" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "region" TEXT NOT NULL, "amount" INTEGER NOT NULL, "quantity" INTEGER NOT NULL, "note" TEXT NOT NULL)"#,
    )
    .await;
    let e = c
        .sale()
        .create(sale::create("west", 1, 1))
        .exec()
        .await
        .expect_err("no value for the new column");
    Violation::null(c, "Sale", "note").assert(&e);
}

/// P2025's `meta`: the model and the cause, as Prisma's `{ modelName, cause }`.
async fn record_not_found_meta(c: &Client) {
    let e = c
        .sale()
        .update(sale::id().equals(404), vec![sale::amount().set(1)])
        .exec()
        .await
        .expect_err("no such record");
    assert_names(&e, "P2025", "Sale");
    let meta = e.meta();
    assert_eq!(
        meta.cause.as_deref(),
        Some("No record was found for an update on Sale.")
    );
    assert_eq!(meta.database_error, None);
}

on_both!(
    "views";
    write_conflict,
    constraint_messages,
    record_not_found_meta,
);
