//! Constraints and conflicts: P2002, P2003, P2011, P2034.

use client::{Client, ConstraintTarget, Dialect, Error};

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
    assert_eq!(e.code(), "P2002", "{e}");
    // Prisma 7's adapters name the constraint where the database does (PostgreSQL, MySQL),
    // the fields on SQLite; Refract's variant has the fields on every database.
    let (target, code) = match c.dialect() {
        Dialect::Postgres => (ConstraintTarget::Constraint("Sale_pkey".into()), "23505"),
        Dialect::Mysql => (ConstraintTarget::Constraint("PRIMARY".into()), "1062"),
        _ => (ConstraintTarget::Fields(vec!["id".into()]), "1555"),
    };
    assert_eq!(
        e.to_string(),
        format!("Unique constraint failed on the {target}")
    );
    assert!(
        matches!(&e, Error::UniqueConstraint { fields, .. } if fields == &["id"]),
        "{e:?}"
    );
    let meta = e.meta();
    assert_eq!(meta.model_name.as_deref(), Some("Sale"));
    assert_eq!(meta.target, Some(target));
    let database = meta.database_error.expect("the database's error");
    assert_eq!(database.code, code);
    assert!(!database.message.is_empty());

    let q = quote(c);
    let references = match c.dialect() {
        Dialect::Sqlite => format!(
            "CREATE TABLE {q}Tag{q} ({q}saleId{q} INTEGER NOT NULL REFERENCES {q}Sale{q} ({q}id{q}))"
        ),
        _ => format!(
            "CREATE TABLE {q}Tag{q} ({q}saleId{q} INTEGER NOT NULL, CONSTRAINT {q}Tag_saleId_fkey{q} \
             FOREIGN KEY ({q}saleId{q}) REFERENCES {q}Sale{q} ({q}id{q}))"
        ),
    };
    run(c, &references).await;
    run(
        c,
        &format!("INSERT INTO {q}Tag{q} ({q}saleId{q}) VALUES ({})", made.id),
    )
    .await;
    let e = c
        .sale()
        .delete(sale::id().equals(made.id))
        .exec()
        .await
        .expect_err("still referenced");
    assert_eq!(e.code(), "P2003", "{e}");
    // As Prisma 7's adapters name it: the constraint (PostgreSQL), the key's first column
    // (MySQL), an unnamed foreign key (SQLite).
    let (target, code) = match c.dialect() {
        Dialect::Postgres => (
            ConstraintTarget::Constraint("Tag_saleId_fkey".into()),
            "23503",
        ),
        Dialect::Mysql => (ConstraintTarget::Fields(vec!["saleId".into()]), "1451"),
        _ => (ConstraintTarget::ForeignKey, "787"),
    };
    assert_eq!(
        e.to_string(),
        format!("Foreign key constraint violated on the {target}")
    );
    let meta = e.meta();
    assert_eq!(meta.model_name.as_deref(), Some("Sale"));
    assert_eq!(meta.target, Some(target));
    assert_eq!(
        meta.database_error.expect("the database's error").code,
        code
    );

    run(c, &format!("DROP TABLE {q}Tag{q}")).await;
    run(c, &format!("DELETE FROM {q}Sale{q}")).await;
    match c.dialect() {
        Dialect::Sqlite => {
            run(c, r#"DROP TABLE "Sale""#).await;
            run(
                c,
                r#"CREATE TABLE "Sale" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "region" TEXT NOT NULL, "amount" INTEGER NOT NULL, "quantity" INTEGER NOT NULL, "note" TEXT NOT NULL)"#,
            )
            .await;
        }
        _ => {
            run(
                c,
                &format!("ALTER TABLE {q}Sale{q} ADD COLUMN {q}note{q} VARCHAR(10) NOT NULL"),
            )
            .await;
        }
    }
    let e = c
        .sale()
        .create(sale::create("west", 1, 1))
        .exec()
        .await
        .expect_err("no value for the new column");
    assert_eq!(e.code(), "P2011", "{e}");
    assert!(
        matches!(&e, Error::NullConstraint { field, .. } if field == "note"),
        "{e:?}"
    );
    // PostgreSQL's error names the column, which Prisma 7's adapter does not read: "(not
    // available)" there, as in Prisma.
    let (target, code) = match c.dialect() {
        Dialect::Postgres => (None, "23502"),
        Dialect::Mysql => (Some(ConstraintTarget::Fields(vec!["note".into()])), "1364"),
        _ => (Some(ConstraintTarget::Fields(vec!["note".into()])), "1299"),
    };
    let named = target
        .as_ref()
        .map_or_else(|| "(not available)".to_owned(), ToString::to_string);
    assert_eq!(
        e.to_string(),
        format!("Null constraint violation on the {named}")
    );
    let meta = e.meta();
    assert_eq!(meta.model_name.as_deref(), Some("Sale"));
    assert_eq!(meta.target, target);
    assert_eq!(
        meta.database_error.expect("the database's error").code,
        code
    );
}

/// P2025's `meta`: the model and the cause, as Prisma's `{ modelName, cause }`.
async fn record_not_found_meta(c: &Client) {
    let e = c
        .sale()
        .update(sale::id().equals(404), vec![sale::amount().set(1)])
        .exec()
        .await
        .expect_err("no such record");
    assert_eq!(e.code(), "P2025", "{e}");
    let meta = e.meta();
    assert_eq!(meta.model_name.as_deref(), Some("Sale"));
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
