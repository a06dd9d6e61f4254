//! Every native type (`@db.*`) of PostgreSQL and MySQL through a generated client
//! (`client-gen/tests/fixtures/native_postgres.prisma` and `native_mysql.prisma`, one optional
//! field per native type): edge values (the ranges' ends, precision, time zones, empty values,
//! unicode) are created, read back, found by equality and updated, on PostgreSQL and MariaDB;
//! values written in SQL by hand (other time zones, other spellings) read back as Prisma 7
//! reads them. SQLite has no native types: validation refuses them there, as Prisma does
//! (`schema/tests/validation/native_type_on_sqlite*.prisma`).

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod pg {
    include!("../../client-gen/tests/expect/native_postgres.rs");
}
#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod my {
    include!("../../client-gen/tests/expect/native_mysql.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use chrono::{DateTime, Utc};
use client::{Client, Decimal, Value};
use serde_json::json;
use test_support::TestDatabase;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&Utc)
}

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

/// A fresh database of `provider` with the fixture's table (after `setup`, for PostgreSQL's
/// `citext` extension), or `None` without a server.
async fn database(provider: &str, name: &str, schema: &str) -> Option<(TestDatabase, Client)> {
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
    use super::pg::{Models, Native, native};
    use super::*;

    /// A row with every field unset.
    fn empty(label: &str) -> Native {
        Native {
            id: 0,
            label: label.into(),
            small_int: None,
            integer: None,
            oid: None,
            big_int: None,
            decimal: None,
            money: None,
            real: None,
            double: None,
            text: None,
            var_char: None,
            char: None,
            citext: None,
            xml: None,
            inet: None,
            bit: None,
            var_bit: None,
            uuid: None,
            bytes: None,
            bool: None,
            timestamp: None,
            timestamptz: None,
            date: None,
            time: None,
            timetz: None,
            json: None,
            jsonb: None,
        }
    }

    /// The rows written, each with the values that read back (the inputs are written in the
    /// form PostgreSQL reads back, except where [`stored`] says otherwise).
    pub(super) fn cases() -> Vec<Native> {
        vec![
            Native {
                small_int: Some(i32::from(i16::MIN)),
                integer: Some(i32::MIN),
                oid: Some(0),
                big_int: Some(i64::MIN),
                decimal: Some(dec(
                    "-99999999999999999999999999999999999.999999999999999999999999999999",
                )),
                money: Some(dec("-92233720368547758.08")),
                real: Some(f64::from(f32::MIN)),
                double: Some(f64::MIN),
                text: Some(String::new()),
                var_char: Some(String::new()),
                char: Some("ab".into()),
                citext: Some("MiXeD Case".into()),
                xml: Some(String::new()),
                inet: Some("0.0.0.0".into()),
                bit: Some("00000000".into()),
                var_bit: Some(String::new()),
                uuid: Some("00000000-0000-0000-0000-000000000000".into()),
                bytes: Some(Vec::new()),
                bool: Some(false),
                timestamp: Some(at("0001-01-01T00:00:00.000Z")),
                timestamptz: Some(at("1000-01-01T00:00:00.000001Z")),
                date: Some(at("0001-01-01T00:00:00Z")),
                time: Some(at("1970-01-01T00:00:00Z")),
                timetz: Some(at("1970-01-01T00:00:00Z")),
                json: Some(json!({})),
                jsonb: Some(json!([])),
                ..empty("min")
            },
            Native {
                small_int: Some(i32::from(i16::MAX)),
                integer: Some(i32::MAX),
                oid: Some(i32::MAX),
                big_int: Some(i64::MAX),
                decimal: Some(dec(
                    "99999999999999999999999999999999999.999999999999999999999999999999",
                )),
                money: Some(dec("92233720368547758.07")),
                real: Some(f64::from(f32::MAX)),
                double: Some(f64::MAX),
                text: Some("x".repeat(10_000)),
                var_char: Some("twelve chars".into()),
                char: Some("fives".into()),
                citext: Some("ß".into()),
                xml: Some("<a b=\"1\"><c/>text</a>".into()),
                inet: Some("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff".into()),
                bit: Some("11111111".into()),
                var_bit: Some("1".repeat(100)),
                uuid: Some("ffffffff-ffff-ffff-ffff-ffffffffffff".into()),
                bytes: Some((0..=255).collect()),
                bool: Some(true),
                timestamp: Some(at("9999-12-31T23:59:59.999Z")),
                timestamptz: Some(at("9999-12-31T23:59:59.999999Z")),
                date: Some(at("9999-12-31T00:00:00Z")),
                time: Some(at("1970-01-01T23:59:59.999999Z")),
                timetz: Some(at("1970-01-01T23:59:59.999999Z")),
                json: Some(json!({"z": 1, "a": [null, true, 1.5, "é"]})),
                jsonb: Some(json!({"b": {"c": [1, 2]}, "a": null})),
                ..empty("max")
            },
            Native {
                small_int: Some(0),
                integer: Some(-1),
                oid: Some(4_000),
                big_int: Some(9_007_199_254_740_993),
                decimal: Some(dec("0.000000000000000000000000000001")),
                money: Some(dec("0.01")),
                real: Some(f64::from(f32::MIN_POSITIVE)),
                double: Some(5e-324),
                text: Some("日本語 🦀 \"quoted\" \\ \u{2028} tab\t".into()),
                var_char: Some("ÿ€😀abcdefghi".into()),
                char: Some("🦀é".into()),
                citext: Some("Ünïcödé".into()),
                xml: Some("plain text &amp; é".into()),
                inet: Some("::ffff:1.2.3.4".into()),
                bit: Some("10100101".into()),
                var_bit: Some("0101010101010".into()),
                uuid: Some("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11".into()),
                bytes: Some(vec![0, 0, 0]),
                bool: None,
                timestamp: Some(at("1969-07-20T20:17:40.123Z")),
                timestamptz: Some(at("2024-02-29T12:34:56.789012Z")),
                date: Some(at("2024-02-29T00:00:00Z")),
                time: Some(at("1970-01-01T12:34:56.000001Z")),
                timetz: Some(at("1970-01-01T12:00:00Z")),
                json: Some(json!("just a string")),
                jsonb: Some(json!(9_007_199_254_740_991_i64)),
                ..empty("unicode")
            },
            Native {
                inet: Some("192.168.10.5/24".into()),
                money: Some(dec("-0.5")),
                ..empty("network")
            },
            Native {
                inet: Some("2001:db8::1:0:0:1/64".into()),
                ..empty("v6")
            },
            empty("nulls"),
        ]
    }

    /// What a written value reads back as, where PostgreSQL stores another form: `char(5)`
    /// pads with spaces.
    pub(super) fn stored(mut row: Native) -> Native {
        if let Some(c) = &mut row.char {
            let pad = 5 - c.chars().count();
            c.extend(std::iter::repeat_n(' ', pad));
        }
        row
    }

    pub(super) fn create_data(row: &Native) -> client::__private::CreateData<Native> {
        native::create(row.label.clone())
            .set(native::small_int().set_opt(row.small_int))
            .set(native::integer().set_opt(row.integer))
            .set(native::oid().set_opt(row.oid))
            .set(native::big_int().set_opt(row.big_int))
            .set(native::decimal().set_opt(row.decimal))
            .set(native::money().set_opt(row.money))
            .set(native::real().set_opt(row.real))
            .set(native::double().set_opt(row.double))
            .set(native::text().set_opt(row.text.clone()))
            .set(native::var_char().set_opt(row.var_char.clone()))
            .set(native::char().set_opt(row.char.clone()))
            .set(native::citext().set_opt(row.citext.clone()))
            .set(native::xml().set_opt(row.xml.clone()))
            .set(native::inet().set_opt(row.inet.clone()))
            .set(native::bit().set_opt(row.bit.clone()))
            .set(native::var_bit().set_opt(row.var_bit.clone()))
            .set(native::uuid().set_opt(row.uuid.clone()))
            .set(native::bytes().set_opt(row.bytes.clone()))
            .set(native::bool().set_opt(row.bool))
            .set(native::timestamp().set_opt(row.timestamp))
            .set(native::timestamptz().set_opt(row.timestamptz))
            .set(native::date().set_opt(row.date))
            .set(native::time().set_opt(row.time))
            .set(native::timetz().set_opt(row.timetz))
            .set(native::json().set_opt(row.json.clone().map(Into::into)))
            .set(native::jsonb().set_opt(row.jsonb.clone().map(Into::into)))
    }

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
    use super::my::{Models, Native, native};
    use super::*;

    fn empty(label: &str) -> Native {
        Native {
            id: 0,
            label: label.into(),
            int: None,
            unsigned_int: None,
            small_int: None,
            unsigned_small_int: None,
            tiny_int: None,
            unsigned_tiny_int: None,
            tiny_bool: None,
            medium_int: None,
            unsigned_medium_int: None,
            big_int: None,
            unsigned_big_int: None,
            decimal: None,
            float: None,
            double: None,
            bit: None,
            bit_bool: None,
            char: None,
            var_char: None,
            binary: None,
            var_binary: None,
            tiny_blob: None,
            blob: None,
            medium_blob: None,
            long_blob: None,
            tiny_text: None,
            text: None,
            medium_text: None,
            long_text: None,
            date: None,
            time: None,
            date_time: None,
            timestamp: None,
            year: None,
            json: None,
        }
    }

    pub(super) fn cases() -> Vec<Native> {
        vec![
            Native {
                int: Some(i32::MIN),
                unsigned_int: Some(0),
                small_int: Some(i32::from(i16::MIN)),
                unsigned_small_int: Some(0),
                tiny_int: Some(-128),
                unsigned_tiny_int: Some(0),
                tiny_bool: Some(false),
                medium_int: Some(-8_388_608),
                unsigned_medium_int: Some(0),
                big_int: Some(i64::MIN),
                unsigned_big_int: Some(0),
                decimal: Some(dec(
                    "-99999999999999999999999999999999999.999999999999999999999999999999",
                )),
                float: Some(f64::from(f32::MIN)),
                double: Some(f64::MIN),
                bit: Some(vec![0, 0]),
                bit_bool: Some(false),
                char: Some(String::new()),
                var_char: Some(String::new()),
                binary: Some(vec![0, 0, 0, 0]),
                var_binary: Some(Vec::new()),
                tiny_blob: Some(Vec::new()),
                blob: Some(Vec::new()),
                medium_blob: Some(Vec::new()),
                long_blob: Some(Vec::new()),
                tiny_text: Some(String::new()),
                text: Some(String::new()),
                medium_text: Some(String::new()),
                long_text: Some(String::new()),
                date: Some(at("1000-01-01T00:00:00Z")),
                time: Some(at("1970-01-01T00:00:00Z")),
                date_time: Some(at("1000-01-01T00:00:00.000Z")),
                timestamp: Some(at("1970-01-01T00:00:01.000Z")),
                year: Some(1901),
                json: Some(json!({})),
                ..empty("min")
            },
            Native {
                int: Some(i32::MAX),
                unsigned_int: Some(i32::MAX),
                small_int: Some(i32::from(i16::MAX)),
                unsigned_small_int: Some(65_535),
                tiny_int: Some(127),
                unsigned_tiny_int: Some(255),
                tiny_bool: Some(true),
                medium_int: Some(8_388_607),
                unsigned_medium_int: Some(16_777_215),
                big_int: Some(i64::MAX),
                unsigned_big_int: Some(i64::MAX),
                decimal: Some(dec(
                    "99999999999999999999999999999999999.999999999999999999999999999999",
                )),
                float: Some(f64::from(f32::MAX)),
                double: Some(f64::MAX),
                bit: Some(vec![255, 255]),
                bit_bool: Some(true),
                char: Some("fives".into()),
                var_char: Some("twelve chars".into()),
                binary: Some(vec![255, 254, 253, 252]),
                var_binary: Some(vec![1, 2, 3, 4, 5, 6, 7, 8]),
                tiny_blob: Some(vec![255; 255]),
                blob: Some((0..=255).collect()),
                medium_blob: Some(vec![7; 70_000]),
                long_blob: Some(vec![9; 70_000]),
                tiny_text: Some("t".repeat(255)),
                text: Some("x".repeat(10_000)),
                medium_text: Some("m".repeat(70_000)),
                long_text: Some("l".repeat(70_000)),
                date: Some(at("9999-12-31T00:00:00Z")),
                time: Some(at("1970-01-01T23:59:59.999Z")),
                date_time: Some(at("9999-12-31T23:59:59.999Z")),
                timestamp: Some(at("2038-01-19T03:14:07.999Z")),
                year: Some(2155),
                json: Some(json!({"z": 1, "a": [null, true, 1.5, "é"]})),
                ..empty("max")
            },
            Native {
                int: Some(0),
                unsigned_int: Some(1),
                tiny_int: Some(0),
                float: Some(1.5),
                double: Some(5e-324),
                bit: Some(vec![0b1010_0101, 1]),
                char: Some("🦀é".into()),
                var_char: Some("ÿ€😀abcdefghi".into()),
                binary: Some(vec![1, 0, 0, 0]),
                tiny_text: Some("日本語 🦀".into()),
                text: Some("\"quoted\" \\ \u{2028} tab\t 'single'".into()),
                medium_text: Some("é".into()),
                long_text: Some("🦀".into()),
                decimal: Some(dec("0.000000000000000000000000000001")),
                date: Some(at("2024-02-29T00:00:00Z")),
                time: Some(at("1970-01-01T12:34:56.789Z")),
                date_time: Some(at("1969-07-20T20:17:40.123Z")),
                timestamp: Some(at("2024-02-29T12:34:56.789Z")),
                year: Some(2024),
                json: Some(json!("just a string")),
                ..empty("unicode")
            },
            empty("nulls"),
        ]
    }

    pub(super) fn create_data(row: &Native) -> client::__private::CreateData<Native> {
        native::create(row.label.clone())
            .set(native::int().set_opt(row.int))
            .set(native::unsigned_int().set_opt(row.unsigned_int))
            .set(native::small_int().set_opt(row.small_int))
            .set(native::unsigned_small_int().set_opt(row.unsigned_small_int))
            .set(native::tiny_int().set_opt(row.tiny_int))
            .set(native::unsigned_tiny_int().set_opt(row.unsigned_tiny_int))
            .set(native::tiny_bool().set_opt(row.tiny_bool))
            .set(native::medium_int().set_opt(row.medium_int))
            .set(native::unsigned_medium_int().set_opt(row.unsigned_medium_int))
            .set(native::big_int().set_opt(row.big_int))
            .set(native::unsigned_big_int().set_opt(row.unsigned_big_int))
            .set(native::decimal().set_opt(row.decimal))
            .set(native::float().set_opt(row.float))
            .set(native::double().set_opt(row.double))
            .set(native::bit().set_opt(row.bit.clone()))
            .set(native::bit_bool().set_opt(row.bit_bool))
            .set(native::char().set_opt(row.char.clone()))
            .set(native::var_char().set_opt(row.var_char.clone()))
            .set(native::binary().set_opt(row.binary.clone()))
            .set(native::var_binary().set_opt(row.var_binary.clone()))
            .set(native::tiny_blob().set_opt(row.tiny_blob.clone()))
            .set(native::blob().set_opt(row.blob.clone()))
            .set(native::medium_blob().set_opt(row.medium_blob.clone()))
            .set(native::long_blob().set_opt(row.long_blob.clone()))
            .set(native::tiny_text().set_opt(row.tiny_text.clone()))
            .set(native::text().set_opt(row.text.clone()))
            .set(native::medium_text().set_opt(row.medium_text.clone()))
            .set(native::long_text().set_opt(row.long_text.clone()))
            .set(native::date().set_opt(row.date))
            .set(native::time().set_opt(row.time))
            .set(native::date_time().set_opt(row.date_time))
            .set(native::timestamp().set_opt(row.timestamp))
            .set(native::year().set_opt(row.year))
            .set(native::json().set_opt(row.json.clone().map(Into::into)))
    }

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
