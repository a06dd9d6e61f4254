//! The native type fixtures (`client-gen/tests/fixtures/native_postgres.prisma`,
//! `native_mysql.prisma`): their generated clients and the rows written with edge values,
//! shared by `native_types.rs` and `prisma_interop_native.rs`.

use chrono::{DateTime, Utc};
use client::Decimal;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
pub mod pg {
    include!("../../../client-gen/tests/expect/native_postgres.rs");
}
#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
pub mod my {
    include!("../../../client-gen/tests/expect/native_mysql.rs");
}

pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&Utc)
}

pub fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

pub mod postgres {
    use super::pg::{Native, native};
    use super::{at, dec};
    use serde_json::json;

    /// A row with every field unset.
    pub fn empty(label: &str) -> Native {
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
    pub fn cases() -> Vec<Native> {
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
                // A `real` reads back as its shortest decimal text: the double of that text.
                real: Some(-3.402_823_5e38),
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
                real: Some(3.402_823_5e38),
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
                real: Some(0.1),
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
            Native {
                decimal: Some(dec(
                    "12345678901234567890123456789012345.123456789012345678901234567891",
                )),
                json: Some(
                    json!({"b": {"d": 1, "c": 2}, "a": "🦀\"\\\n\u{2028}", "n": -1.5e300,
                    "e": "", "u": 9_007_199_254_740_991_u64, "deep": [[[[{"x": []}]]]]}),
                ),
                jsonb: Some(json!({"": null, "k": [true, false, null, 0, "ü"], "big": 1e300})),
                ..empty("json and decimals")
            },
            Native {
                decimal: Some(dec("79228162514264337593543950336")),
                json: Some(json!(-0.000_001)),
                jsonb: Some(json!("")),
                ..empty("json scalars")
            },
            empty("nulls"),
        ]
    }

    /// What a written value reads back as, where PostgreSQL stores another form: `char(5)`
    /// pads with spaces.
    pub fn stored(mut row: Native) -> Native {
        if let Some(c) = &mut row.char {
            let pad = 5 - c.chars().count();
            c.extend(std::iter::repeat_n(' ', pad));
        }
        row
    }

    pub fn create_data(row: &Native) -> client::__private::CreateData<Native> {
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
}

pub mod mysql {
    use super::my::{Native, native};
    use super::{at, dec};
    use serde_json::json;

    pub fn empty(label: &str) -> Native {
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

    pub fn cases() -> Vec<Native> {
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
            Native {
                decimal: Some(dec(
                    "12345678901234567890123456789012345.123456789012345678901234567891",
                )),
                json: Some(
                    json!({"b": {"d": 1, "c": 2}, "a": "🦀\"\\\n\u{2028}", "n": -1.5e300,
                    "e": "", "u": 9_007_199_254_740_991_u64, "deep": [[[[{"x": []}]]]]}),
                ),
                ..empty("json and decimals")
            },
            Native {
                decimal: Some(dec("79228162514264337593543950336")),
                json: Some(json!(-0.000_001)),
                ..empty("json scalars")
            },
            empty("nulls"),
        ]
    }

    pub fn create_data(row: &Native) -> client::__private::CreateData<Native> {
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
}
