//! Every native type (`@db.*`) of PostgreSQL and MySQL through a generated client
//! (`client-gen/tests/fixtures/native_postgres.prisma` and `native_mysql.prisma`, one optional
//! field per native type): edge values (the ranges' ends, precision, time zones, empty values,
//! unicode) are created, read back, found by equality and updated, on PostgreSQL and MariaDB;
//! values written in SQL by hand (other time zones, other spellings) read back as Prisma 7
//! reads them. SQLite has no native types: validation refuses them there, as Prisma does
//! (`schema/tests/validation/native_type_on_sqlite*.prisma`).

// The PostgreSQL and MySQL backends, not their stand-ins.
#![cfg(all(feature = "postgresql", feature = "mysql"))]

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(dead_code, reason = "this test uses part of the shared rows")]
mod native;
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use client::{Client, Value};
use native::{at, dec};
use test_support::TestDatabase;

/// A fresh database of `provider` with the fixture's table (after PostgreSQL's `citext`
/// extension), or `None` without a server.
pub(crate) async fn database(
    provider: &str,
    name: &str,
    schema: &str,
) -> Option<(TestDatabase, Client)> {
    let database = TestDatabase::for_provider(provider, "refract_native", name).await?;
    let c = Client::connect(&database.url_string())
        .await
        .expect("connect");
    if provider == "postgresql" {
        c.execute_script("CREATE EXTENSION IF NOT EXISTS citext")
            .await
            .expect("the citext extension");
    }
    c.execute_script(&support::ddl(schema, provider))
        .await
        .expect("the fixture's tables");
    Some((database, c))
}

// ---- PostgreSQL ----

mod postgres {
    use super::native::pg::{Models, Native, native};
    use super::native::postgres::{cases, create_data, stored};
    use super::*;

    fn without_id(mut row: Native) -> Native {
        row.id = 0;
        row
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_native_type_round_trips() {
        let Some((_db, c)) = database("postgresql", "round_trip", "native_postgres").await else {
            return;
        };
        for row in cases() {
            let want = stored(row.clone());
            let created = c
                .native()
                .create(create_data(&row))
                .exec()
                .await
                .unwrap_or_else(|e| panic!("create {}: {e}", row.label));
            assert_eq!(without_id(created), want, "created {}", row.label);
            let read = c
                .native()
                .find_unique(native::label().equals(row.label.clone()))
                .exec()
                .await
                .expect("find")
                .expect("the row");
            assert_eq!(without_id(read), want, "read {}", row.label);
        }
        // Equality filters bind each native type's parameter.
        let one = |f: client::__private::Filter<Native>| {
            let c = &c;
            async move { c.native().count().filter(f).exec().await.expect("count") }
        };
        assert_eq!(one(native::inet().equals("::ffff:1.2.3.4")).await, 1);
        assert_eq!(one(native::inet().equals("192.168.10.5/24")).await, 1);
        assert_eq!(one(native::bit().equals("10100101")).await, 1);
        assert_eq!(one(native::var_bit().equals("")).await, 1);
        assert_eq!(one(native::money().equals(dec("-0.5"))).await, 1);
        assert_eq!(one(native::money().lt(dec("0"))).await, 2);
        assert_eq!(one(native::oid().equals(4_000)).await, 1);
        assert_eq!(
            one(native::timetz().equals(at("2000-05-05T12:00:00Z"))).await,
            1
        );
        assert_eq!(
            one(native::uuid().equals("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")).await,
            1
        );
        // citext compares without case.
        assert_eq!(one(native::citext().equals("mixed case")).await, 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn updates_and_arithmetic_on_native_types() {
        let Some((_db, c)) = database("postgresql", "updates", "native_postgres").await else {
            return;
        };
        c.native()
            .create(create_data(&cases()[2]))
            .exec()
            .await
            .expect("create");
        let updated = c
            .native()
            .update(
                native::label().equals("unicode"),
                vec![
                    native::money().increment(dec("1.25")),
                    native::inet().set("10.1.2.3/8"),
                    native::bit().set("00000001"),
                    native::var_bit().set("11"),
                    native::timetz().set(at("2030-01-01T01:02:03.5Z")),
                    native::xml().set("<r/>"),
                    native::citext().set("NEW"),
                    native::oid().set(7),
                ],
            )
            .exec()
            .await
            .expect("update");
        assert_eq!(updated.money, Some(dec("1.26")));
        assert_eq!(updated.inet.as_deref(), Some("10.1.2.3/8"));
        assert_eq!(updated.bit.as_deref(), Some("00000001"));
        assert_eq!(updated.var_bit.as_deref(), Some("11"));
        assert_eq!(updated.timetz, Some(at("1970-01-01T01:02:03.5Z")));
        assert_eq!(updated.xml.as_deref(), Some("<r/>"));
        assert_eq!(updated.citext.as_deref(), Some("NEW"));
        assert_eq!(updated.oid, Some(7));
        // Money rounds to cents, as PostgreSQL's own input does.
        let rounded = c
            .native()
            .update(
                native::label().equals("unicode"),
                vec![native::money().set(dec("2.345"))],
            )
            .exec()
            .await
            .expect("update");
        assert_eq!(rounded.money, Some(dec("2.35")));
        // Bad values are refused with the reason, before anything is written.
        for (set, why) in [
            (native::inet().set("10.0.0.300"), "IP address"),
            (native::bit().set("0000000x"), "bit"),
            (native::bit().set("0"), "length"),
            (native::oid().set(-1), "oid"),
        ] {
            let err = c
                .native()
                .update(native::label().equals("unicode"), vec![set])
                .exec()
                .await
                .expect_err("a bad value");
            assert!(err.to_string().contains(why), "{why}: {err}");
        }
    }

    /// Filters on `@db.Time`, `@db.Timetz` and `@db.Date` fields compare the time of day or
    /// the date, whatever the rest of the value, as Prisma binds them.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn time_and_date_filters_bind_their_native_type() {
        let Some((_db, c)) = database("postgresql", "date_parts", "native_postgres").await else {
            return;
        };
        for row in cases() {
            c.native()
                .create(create_data(&row))
                .exec()
                .await
                .unwrap_or_else(|e| panic!("create {}: {e}", row.label));
        }
        let count = |f: client::__private::Filter<Native>| {
            let c = &c;
            async move { c.native().count().filter(f).exec().await.expect("count") }
        };
        assert_eq!(
            count(native::time().equals(at("2024-06-01T12:34:56.000001Z"))).await,
            1
        );
        assert_eq!(
            count(native::time().gt(at("2030-01-01T12:00:00Z"))).await,
            2
        );
        let times = [
            at("2024-01-01T00:00:00Z"),
            at("1999-09-09T23:59:59.999999Z"),
        ];
        assert_eq!(count(native::time().in_vec(times)).await, 2);
        assert_eq!(count(native::time().not_in_vec(times)).await, 1);
        assert_eq!(
            count(native::timetz().equals(at("2024-06-01T12:00:00Z"))).await,
            1
        );
        assert_eq!(count(native::timetz().in_vec(times)).await, 2);
        assert_eq!(
            count(native::date().equals(at("2024-02-29T15:00:00Z"))).await,
            1
        );
        assert_eq!(
            count(native::date().lt(at("2024-02-29T23:00:00Z"))).await,
            1
        );
        let dates = [at("0001-01-01T08:00:00Z"), at("9999-12-31T23:59:59Z")];
        assert_eq!(count(native::date().in_vec(dates)).await, 2);
        assert_eq!(count(native::date().not_in_vec(dates)).await, 1);
    }

    /// Values written in SQL by hand, in other time zones and spellings, read as Prisma 7's
    /// adapter reads them: `timetz`'s offset is dropped, `timestamptz` is in UTC, addresses
    /// and money in PostgreSQL's own forms.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn hand_written_values_read_as_prisma_reads_them() {
        let Some((_db, c)) = database("postgresql", "by_hand", "native_postgres").await else {
            return;
        };
        c.execute_raw(
            "INSERT INTO \"Native\" (\"label\", \"timetz\", \"timestamptz\", \"inet\", \"money\", \
             \"bit\", \"oid\", \"time\") VALUES ('hand', '10:00:00+05:30', \
             '2024-01-01 12:00:00+02', '2001:0db8:0000:0000:0000:0000:0000:0001', '1234.5', \
             B'01010101', 42, '23:00:00')",
            vec![],
        )
        .await
        .expect("insert by hand");
        let row = c
            .native()
            .find_unique(native::label().equals("hand"))
            .exec()
            .await
            .expect("find")
            .expect("the row");
        assert_eq!(row.timetz, Some(at("1970-01-01T10:00:00Z")));
        assert_eq!(row.timestamptz, Some(at("2024-01-01T10:00:00Z")));
        assert_eq!(row.inet.as_deref(), Some("2001:db8::1"));
        assert_eq!(row.money, Some(dec("1234.5")));
        assert_eq!(row.bit.as_deref(), Some("01010101"));
        assert_eq!(row.oid, Some(42));
        assert_eq!(row.time, Some(at("1970-01-01T23:00:00Z")));
        // The raw text PostgreSQL keeps (`::text` of an inet always writes its mask).
        let texts = c
            .query_raw(
                "SELECT \"inet\"::text, \"money\"::numeric::text FROM \"Native\" WHERE \"label\" = $1",
                vec![Value::Text("hand".into())],
                |r| Ok((r.read::<String>()?, r.read::<String>()?)),
            )
            .await
            .expect("raw");
        assert_eq!(
            texts,
            [("2001:db8::1/128".to_owned(), "1234.50".to_owned())]
        );
    }
}

// ---- MySQL / MariaDB ----

mod mysql {
    use super::native::my::{Models, Native, native};
    use super::native::mysql::{cases, create_data};
    use super::*;

    fn without_id(mut row: Native) -> Native {
        row.id = 0;
        row
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_native_type_round_trips() {
        let Some((_db, c)) = database("mysql", "round_trip", "native_mysql").await else {
            return;
        };
        for row in cases() {
            let created = c
                .native()
                .create(create_data(&row))
                .exec()
                .await
                .unwrap_or_else(|e| panic!("create {}: {e}", row.label));
            assert_eq!(without_id(created), row, "created {}", row.label);
            let read = c
                .native()
                .find_unique(native::label().equals(row.label.clone()))
                .exec()
                .await
                .expect("find")
                .expect("the row");
            assert_eq!(without_id(read), row, "read {}", row.label);
        }
        let one = |f: client::__private::Filter<Native>| {
            let c = &c;
            async move { c.native().count().filter(f).exec().await.expect("count") }
        };
        assert_eq!(one(native::bit().equals(vec![0b1010_0101, 1])).await, 1);
        assert_eq!(one(native::bit_bool().equals(true)).await, 1);
        assert_eq!(one(native::year().equals(2155)).await, 1);
        assert_eq!(one(native::unsigned_tiny_int().equals(255)).await, 1);
        assert_eq!(one(native::binary().equals(vec![1, 0, 0, 0])).await, 1);
        assert_eq!(one(native::float().equals(1.5)).await, 1);
    }

    /// Filters on `@db.Time` and `@db.Date` fields bind a time of day and a date, as Prisma's
    /// adapter binds them (`formatTime`, `formatDate`): MySQL compares a TIME column with a
    /// whole date and time on today's date, so a bound DATETIME never equals a stored time.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn time_and_date_filters_bind_their_native_type() {
        let Some((_db, c)) = database("mysql", "date_parts", "native_mysql").await else {
            return;
        };
        for row in cases() {
            c.native()
                .create(create_data(&row))
                .exec()
                .await
                .unwrap_or_else(|e| panic!("create {}: {e}", row.label));
        }
        let count = |f: client::__private::Filter<Native>| {
            let c = &c;
            async move { c.native().count().filter(f).exec().await.expect("count") }
        };
        // The time of day alone counts, whatever the date of the value.
        assert_eq!(
            count(native::time().equals(at("1970-01-01T12:34:56.789Z"))).await,
            1
        );
        assert_eq!(
            count(native::time().equals(at("2024-06-01T12:34:56.789Z"))).await,
            1
        );
        assert_eq!(
            count(native::time().not(at("2024-06-01T12:34:56.789Z"))).await,
            2
        );
        assert_eq!(
            count(native::time().gt(at("2030-01-01T12:00:00Z"))).await,
            2
        );
        assert_eq!(
            count(native::time().lte(at("1970-01-01T00:00:00Z"))).await,
            1
        );
        let times = [at("2024-01-01T00:00:00Z"), at("1999-09-09T23:59:59.999Z")];
        assert_eq!(count(native::time().in_vec(times)).await, 2);
        assert_eq!(count(native::time().not_in_vec(times)).await, 1);
        // The date alone counts, whatever the time of the value.
        assert_eq!(
            count(native::date().equals(at("2024-02-29T15:00:00Z"))).await,
            1
        );
        assert_eq!(
            count(native::date().lt(at("2024-02-29T23:00:00Z"))).await,
            1
        );
        assert_eq!(
            count(native::date().gte(at("2024-02-29T23:00:00Z"))).await,
            2
        );
        let dates = [at("1000-01-01T08:00:00Z"), at("9999-12-31T23:59:59Z")];
        assert_eq!(count(native::date().in_vec(dates)).await, 2);
        assert_eq!(count(native::date().not_in_vec(dates)).await, 1);
        // A whole date and time (`@db.DateTime`) still compares whole.
        assert_eq!(
            count(native::date_time().equals(at("1969-07-20T20:17:40.123Z"))).await,
            1
        );
        assert_eq!(
            count(native::date_time().equals(at("1970-01-01T20:17:40.123Z"))).await,
            0
        );
    }

    /// Values out of a native type's range are refused by the server with P2020, nothing
    /// written.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn out_of_range_values_are_refused() {
        let Some((_db, c)) = database("mysql", "ranges", "native_mysql").await else {
            return;
        };
        for set in [
            native::unsigned_int().set(-1),
            native::tiny_int().set(128),
            native::year().set(1800),
        ] {
            let err = c
                .native()
                .create(native::create("bad").set(set))
                .exec()
                .await
                .expect_err("out of range");
            assert!(
                err.to_string().contains("range") || err.to_string().contains("Out of"),
                "{err}"
            );
        }
        assert_eq!(c.native().count().exec().await.expect("count"), 0);
    }
}
