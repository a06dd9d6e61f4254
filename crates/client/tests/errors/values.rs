//! Values the database refuses for their column: P2000, P2020, P2007, P2023.

use client::{Client, Dialect, Error};

use crate::db::{Models, sale};
use crate::{on_both, quote, run};

/// P2000: a value longer than its column allows.
async fn value_too_long(c: &Client) {
    match c.dialect() {
        Dialect::Postgres => {
            run(
                c,
                r#"ALTER TABLE "Sale" ALTER COLUMN "region" TYPE varchar(3)"#,
            )
            .await;
        }
        Dialect::Mysql => run(c, "ALTER TABLE `Sale` MODIFY `region` VARCHAR(3) NOT NULL").await,
        _ => {
            // SQLite has no length limits: the value is stored whole.
            let made = c
                .sale()
                .create(sale::create("north-east", 1, 1))
                .exec()
                .await
                .expect("SQLite stores any length");
            assert_eq!(made.region, "north-east");
            return;
        }
    }
    let e = c
        .sale()
        .create(sale::create("north-east", 1, 1))
        .exec()
        .await
        .expect_err("too long");
    assert_eq!(e.code(), "P2000", "{e}");
    let Error::ValueTooLong { column, .. } = &e else {
        panic!("{e:?}")
    };
    // PostgreSQL names no column for this error, as Prisma reports it.
    let expected = if c.dialect() == Dialect::Mysql {
        "region"
    } else {
        "(not available)"
    };
    assert_eq!(column, expected);
    let meta = e.meta();
    assert_eq!(
        meta.column.as_deref(),
        (column != "(not available)").then_some(expected)
    );
    assert_eq!(meta.model_name.as_deref(), Some("Sale"));
    assert!(e.to_string().starts_with(
        "The provided value for the column is too long for the column's type. Column: "
    ));
}

/// P2020: a number outside its column type's range (here, an `Int` column incremented past
/// 2^31 - 1, which the database computes).
async fn value_out_of_range(c: &Client) {
    c.sale()
        .create(sale::create("north", i32::MAX, 1))
        .exec()
        .await
        .expect("create");
    let result = c
        .sale()
        .update_many(
            sale::region().equals("north"),
            vec![sale::amount().increment(1)],
        )
        .exec()
        .await;
    if c.dialect() == Dialect::Sqlite {
        // SQLite has no range per column: the column holds any 64-bit integer.
        assert_eq!(result.expect("SQLite stores any integer"), 1);
        return;
    }
    let e = result.expect_err("out of range");
    assert_eq!(e.code(), "P2020", "{e}");
    assert!(matches!(e, Error::ValueOutOfRange { .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("Value out of range for the type: ")
    );
}

/// P2007: the database rejects a value as input for its column's type (PostgreSQL: an enum
/// column, drifted, that does not know the label; MySQL refuses it with 1265, which Prisma 7
/// leaves unmapped: P2039; SQLite has no enums and stores the text).
async fn invalid_input_value(c: &Client) {
    match c.dialect() {
        Dialect::Postgres => {
            run(c, r#"CREATE TYPE "RegionKind" AS ENUM ('south')"#).await;
            run(
                c,
                r#"ALTER TABLE "Sale" ALTER COLUMN "region" TYPE "RegionKind" USING "region"::"RegionKind""#,
            )
            .await;
        }
        Dialect::Mysql => {
            run(
                c,
                "ALTER TABLE `Sale` MODIFY `region` ENUM('south') NOT NULL",
            )
            .await;
        }
        _ => {}
    }
    let result = c.sale().create(sale::create("north", 1, 1)).exec().await;
    match c.dialect() {
        Dialect::Postgres => {
            let e = result.expect_err("invalid input");
            assert_eq!(e.code(), "P2007", "{e}");
            assert!(matches!(e, Error::InvalidInputValue { .. }), "{e:?}");
            assert!(e.to_string().starts_with("Invalid input value: "), "{e}");
        }
        Dialect::Mysql => {
            let e = result.expect_err("not an enum value");
            assert_eq!(e.code(), "P2039", "{e}");
            let Error::Database { code, .. } = &e else {
                panic!("{e:?}")
            };
            assert_eq!(code, "1265", "{e}");
        }
        _ => {
            result.expect("SQLite stores any text");
        }
    }
}

/// P2023: a column holds a value its field's type cannot read (a text written into the `Int`
/// column behind the client's back: on SQLite the column takes it as is; on PostgreSQL and
/// MySQL the column is made a text column first).
async fn inconsistent_column_data(c: &Client) {
    let q = quote(c);
    match c.dialect() {
        Dialect::Postgres => run(c, r#"ALTER TABLE "Sale" ALTER COLUMN "amount" TYPE text"#).await,
        Dialect::Mysql => run(c, "ALTER TABLE `Sale` MODIFY `amount` VARCHAR(20) NOT NULL").await,
        _ => {}
    }
    run(
        c,
        &format!(
            "INSERT INTO {q}Sale{q} ({q}region{q}, {q}amount{q}, {q}quantity{q}) VALUES ('north', 'many', 1)"
        ),
    )
    .await;
    let e = c.sale().find_many().exec().await.expect_err("not an Int");
    assert_eq!(e.code(), "P2023", "{e}");
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
}

on_both!(
    "views";
    value_too_long,
    value_out_of_range,
    invalid_input_value,
    inconsistent_column_data,
);
