//! A database changed behind the client's back, and errors Prisma leaves unmapped: P2021,
//! P2022, P2039, P2010.

use client::{Client, Dialect, Error};

use crate::db::{Models, sale};
use crate::{on_both, quote, run};

/// P2021: the model's table is gone.
async fn table_missing(c: &Client) {
    run(c, r#"DROP TABLE "Sale""#.replace('"', quote(c)).as_str()).await;
    let e = c.sale().find_many().exec().await.expect_err("no table");
    assert_eq!(e.code(), "P2021", "{e}");
    let Error::TableDoesNotExist { table, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(table, "Sale");
    let meta = e.meta();
    assert_eq!(meta.table.as_deref(), Some("Sale"));
    assert_eq!(meta.model_name.as_deref(), Some("Sale"));
    assert!(meta.database_error.is_some(), "{meta:?}");
    assert_eq!(
        e.to_string(),
        "The table `Sale` does not exist in the current database."
    );
}

/// P2022: a column of the model is gone.
async fn column_missing(c: &Client) {
    run(
        c,
        r#"ALTER TABLE "Sale" DROP COLUMN "quantity""#.replace('"', quote(c)).as_str(),
    )
    .await;
    let e = c.sale().find_many().exec().await.expect_err("no column");
    assert_eq!(e.code(), "P2022", "{e}");
    let Error::ColumnNotFound { column, .. } = &e else {
        panic!("{e:?}")
    };
    // As the database names it: `quantity`, or qualified by its table.
    assert!(column.ends_with("quantity"), "{column}");
    assert_eq!(e.meta().column.as_deref(), Some(column.as_str()));
    assert_eq!(e.meta().model_name.as_deref(), Some("Sale"));
    assert_eq!(
        e.to_string(),
        format!("The column `{column}` does not exist in the current database.")
    );
}

/// P2039: a database error Prisma 7 leaves unmapped, in a model query: Prisma's message with
/// the database's own code (a CHECK constraint added behind the client's back on PostgreSQL
/// (23514) and MariaDB (4025); on SQLite, which cannot add one to a table, a trigger whose
/// arithmetic overflows (1)).
async fn unmapped_error_is_p2039(c: &Client) {
    let expected = match c.dialect() {
        Dialect::Postgres => {
            run(
                c,
                r#"ALTER TABLE "Sale" ADD CONSTRAINT "Sale_amount_positive" CHECK ("amount" > 0)"#,
            )
            .await;
            "23514"
        }
        Dialect::Mysql => {
            run(
                c,
                "ALTER TABLE `Sale` ADD CONSTRAINT `Sale_amount_positive` CHECK (`amount` > 0)",
            )
            .await;
            "4025"
        }
        _ => {
            run(
                c,
                r#"CREATE TRIGGER "Sale_amount_positive" BEFORE INSERT ON "Sale" WHEN NEW."amount" <= 0 BEGIN SELECT abs(-9223372036854775807 - 1); END"#,
            )
            .await;
            "1"
        }
    };
    let e = c
        .sale()
        .create(sale::create("north", -1, 1))
        .exec()
        .await
        .expect_err("refused");
    assert_eq!(e.code(), "P2039", "{e}");
    let Error::Database { code, message, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(code, expected, "{e}");
    assert_eq!(
        e.to_string(),
        format!("Database error. Code: `{code}`. Message: `{message}`")
    );
    let meta = e.meta();
    assert_eq!(meta.model_name.as_deref(), Some("Sale"));
    let database = meta.database_error.expect("the database's error");
    assert_eq!((&database.code, &database.message), (code, message));
}

/// P2010: every database error of a raw query, whatever its cause, as Prisma reports the errors
/// of `$queryRaw` / `$executeRaw` (a duplicate key, which a model query reports as P2002; an
/// invalid cast; a syntax error), with the database's own code.
async fn raw_query_errors_are_p2010(c: &Client) {
    let q = quote(c);
    let insert = format!(
        "INSERT INTO {q}Sale{q} ({q}id{q}, {q}region{q}, {q}amount{q}, {q}quantity{q}) VALUES (7, 'north', 1, 1)"
    );
    run(c, &insert).await;
    let e = c
        .execute_raw(&insert, vec![])
        .await
        .expect_err("duplicate key");
    assert_eq!(e.code(), "P2010", "{e}");
    let Error::RawQueryFailed { code, message } = &e else {
        panic!("{e:?}")
    };
    let expected = match c.dialect() {
        Dialect::Postgres => "23505",
        Dialect::Mysql => "1062",
        _ => "1555",
    };
    assert_eq!(code, expected, "{e}");
    assert_eq!(
        e.to_string(),
        format!("Raw query failed. Code: `{code}`. Message: `{message}`")
    );
    // A raw query has no model.
    assert_eq!(e.meta().model_name, None);
    assert_eq!(e.meta().database_error.expect("database").code, *code);
    // The same cause in a model query is P2002.
    let e = c
        .sale()
        .create(sale::create("north", 1, 1).set(sale::id().set(7)))
        .exec()
        .await
        .expect_err("duplicate key");
    assert_eq!(e.code(), "P2002", "{e}");

    // Inside an interactive transaction too, and for errors with no Prisma code of their own.
    let e = c
        .transaction(async |tx| tx.execute_raw("SELEC 1", vec![]).await)
        .await
        .expect_err("syntax error");
    assert_eq!(e.code(), "P2010", "{e}");
    if c.dialect() == Dialect::Postgres {
        let e = c
            .query_raw("SELECT CAST('not a number' AS INTEGER)", vec![], |r| {
                r.skip();
                Ok(())
            })
            .await
            .expect_err("invalid input");
        assert_eq!(e.code(), "P2010", "{e}");
        assert!(
            matches!(&e, Error::RawQueryFailed { code, .. } if code == "22P02"),
            "{e:?}"
        );
    }
}

on_both!(
    "views";
    table_missing,
    column_missing,
    unmapped_error_is_p2039,
    raw_query_errors_are_p2010,
);
