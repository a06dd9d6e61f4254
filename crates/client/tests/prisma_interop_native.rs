//! Every native type (`@db.*`) of PostgreSQL and MySQL, and Decimal and Json edge values,
//! read and written both ways with Prisma 7's own client (Node, `@prisma/adapter-pg` and
//! `@prisma/adapter-mariadb`; `tests/interop/native.mjs`), on tables Refract's migration
//! engine created from the native type fixtures (`client-gen/tests/fixtures/native_*.prisma`):
//!
//! 1. Prisma writes the rows of `tests/native/mod.rs` (the edge values of `native_types.rs`,
//!    where Prisma's client can hold them, see [`prisma_can_read`]); Refract's generated
//!    client reads them as Prisma's client reads them, and as written.
//! 2. Refract writes the same rows into a second database; Prisma's client reads them as
//!    Refract's does.
//! 3. Both databases hold the same text for every column (`::text` on PostgreSQL, `CAST(… AS
//!    CHAR)` or `HEX(…)` on MySQL).
//!
//! Without Node or the installed packages the tests print a loud "skipped" and pass, except
//! under `CI`, where they fail.

// The PostgreSQL and MySQL backends, not their stand-ins.
#![cfg(all(feature = "postgresql", feature = "mysql"))]

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(dead_code, reason = "this test uses part of the shared rows")]
mod native;
#[path = "interop/node.rs"]
mod node;
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use chrono::{DateTime, SecondsFormat, Utc};
use client::{Client, Decimal};
use serde_json::{Map, Value as Json, json};
use test_support::{Server, TestDatabase};

// ---- the plain JSON form both clients' rows are compared in ----

fn time(t: DateTime<Utc>) -> Json {
    json!({"dateTime": t.to_rfc3339_opts(SecondsFormat::Millis, true)})
}

/// What JavaScript's `Date` keeps of a time: milliseconds.
fn millis(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::Timelike;
    t.with_nanosecond(t.nanosecond() / 1_000_000 * 1_000_000)
        .expect("a valid time")
}

fn decimal(d: Decimal) -> Json {
    json!({"decimal": d.to_string()})
}

/// A row as a JSON object of Prisma's field names: `plain!(row; field => "name" as kind, …)`.
macro_rules! plain {
    ($row:expr; $($field:ident => $name:literal as $kind:ident),* $(,)?) => {{
        let row = $row;
        let mut m = Map::new();
        m.insert("label".into(), json!(row.label));
        $(m.insert($name.into(), row.$field.clone().map_or(Json::Null, |v| plain!(@ $kind v)));)*
        Json::Object(m)
    }};
    (@ num $v:ident) => { json!($v) };
    (@ big $v:ident) => { json!({"bigint": $v.to_string()}) };
    (@ dec $v:ident) => { decimal($v) };
    (@ time $v:ident) => { time($v) };
    (@ bytes $v:ident) => { json!({"bytes": $v}) };
    (@ json $v:ident) => { json!({"json": $v}) };
}

// ---- PostgreSQL ----

mod postgres {
    use super::native::pg::{Models, Native, native};
    use super::native::postgres::{cases, create_data, stored};
    use super::*;

    pub fn plain_row(r: &Native) -> Json {
        plain!(r;
            small_int => "smallInt" as num, integer => "integer" as num, oid => "oid" as num,
            big_int => "bigInt" as big, decimal => "decimal" as dec, money => "money" as dec,
            real => "real" as num, double => "double" as num, text => "text" as num,
            var_char => "varChar" as num, char => "char" as num, citext => "citext" as num,
            xml => "xml" as num, inet => "inet" as num, bit => "bit" as num,
            var_bit => "varBit" as num, uuid => "uuid" as num, bytes => "bytes" as bytes,
            bool => "bool" as num, timestamp => "timestamp" as time,
            timestamptz => "timestamptz" as time, date => "date" as time, time => "time" as time,
            timetz => "timetz" as time, json => "json" as json, jsonb => "jsonb" as json,
        )
    }

    /// The rows, as far as Prisma's client holds them: times to the millisecond; money only
    /// from 0 to 999.99 (Prisma's adapter reads money from its text, `$1,234.50`, by dropping
    /// the currency sign: a thousands separator or a minus sign makes it fail); no double at
    /// the range's ends (Prisma sends `f64::MAX` rounded to 16 digits, above the maximum, and
    /// the database refuses it).
    pub fn prisma_can_read() -> Vec<Native> {
        cases()
            .into_iter()
            .map(|mut r| {
                for t in [
                    &mut r.timestamp,
                    &mut r.timestamptz,
                    &mut r.date,
                    &mut r.time,
                    &mut r.timetz,
                ] {
                    *t = t.map(millis);
                }
                r.double = r.double.filter(|f| f.abs() < 1e308);
                r.money = r
                    .money
                    .filter(|m| *m >= super::native::dec("0") && *m < super::native::dec("1000"));
                r
            })
            .collect()
    }

    pub async fn write(c: &Client, rows: &[Native]) {
        for row in rows {
            c.native()
                .create(create_data(row))
                .exec()
                .await
                .unwrap_or_else(|e| panic!("create {}: {e}", row.label));
        }
    }

    pub async fn view(c: &Client) -> Json {
        let rows = c
            .native()
            .find_many()
            .order_by(native::label().asc())
            .exec()
            .await
            .expect("read");
        Json::Array(rows.iter().map(plain_row).collect())
    }

    pub fn expected(rows: &[Native]) -> Json {
        let mut rows: Vec<Native> = rows.iter().cloned().map(stored).collect();
        rows.sort_by(|a, b| a.label.cmp(&b.label));
        Json::Array(rows.iter().map(plain_row).collect())
    }
}

// ---- MySQL / MariaDB ----

mod mysql {
    use super::native::my::{Models, Native, native};
    use super::native::mysql::{cases, create_data};
    use super::*;

    pub fn plain_row(r: &Native) -> Json {
        plain!(r;
            int => "int" as num, unsigned_int => "unsignedInt" as num,
            small_int => "smallInt" as num, unsigned_small_int => "unsignedSmallInt" as num,
            tiny_int => "tinyInt" as num, unsigned_tiny_int => "unsignedTinyInt" as num,
            tiny_bool => "tinyBool" as num, medium_int => "mediumInt" as num,
            unsigned_medium_int => "unsignedMediumInt" as num, big_int => "bigInt" as big,
            unsigned_big_int => "unsignedBigInt" as big, decimal => "decimal" as dec,
            float => "float" as num, double => "double" as num, bit => "bit" as bytes,
            bit_bool => "bitBool" as num, char => "char" as num, var_char => "varChar" as num,
            binary => "binary" as bytes, var_binary => "varBinary" as bytes,
            tiny_blob => "tinyBlob" as bytes, blob => "blob" as bytes,
            medium_blob => "mediumBlob" as bytes, long_blob => "longBlob" as bytes,
            tiny_text => "tinyText" as num, text => "text" as num,
            medium_text => "mediumText" as num, long_text => "longText" as num,
            date => "date" as time, time => "time" as time, date_time => "dateTime" as time,
            timestamp => "timestamp" as time, year => "year" as num, json => "json" as json,
        )
    }

    /// The rows, as far as Prisma's client writes them: a FLOAT or DOUBLE at its range's
    /// ends is refused by MariaDB when Prisma's adapter sends it ("Out of range value for
    /// column"), so those are left unset.
    pub fn prisma_can_read() -> Vec<Native> {
        cases()
            .into_iter()
            .map(|mut r| {
                r.float = r.float.filter(|f| f.abs() < 1e38);
                r.double = r.double.filter(|f| f.abs() < 1e308);
                r
            })
            .collect()
    }

    pub async fn write(c: &Client, rows: &[Native]) {
        for row in rows {
            c.native()
                .create(create_data(row))
                .exec()
                .await
                .unwrap_or_else(|e| panic!("create {}: {e}", row.label));
        }
    }

    pub async fn view(c: &Client) -> Json {
        let rows = c
            .native()
            .find_many()
            .order_by(native::label().asc())
            .exec()
            .await
            .expect("read");
        Json::Array(rows.iter().map(plain_row).collect())
    }

    pub fn expected(rows: &[Native]) -> Json {
        let mut rows = rows.to_vec();
        rows.sort_by(|a, b| a.label.cmp(&b.label));
        Json::Array(rows.iter().map(plain_row).collect())
    }
}

// ---- databases created by Refract, and their stored text ----

async fn database(provider: &str, name: &str) -> (TestDatabase, Client) {
    let database = TestDatabase::for_provider(provider, "refract_interop_native", name)
        .await
        .expect("the caller checked that the server is configured");
    let c = Client::connect(&database.url_string())
        .await
        .expect("connect");
    let schema = if provider == "postgresql" {
        c.execute_script("CREATE EXTENSION IF NOT EXISTS citext")
            .await
            .expect("the citext extension");
        "native_postgres"
    } else {
        "native_mysql"
    };
    c.execute_script(&support::ddl(schema, provider))
        .await
        .expect("Refract's DDL runs");
    (database, c)
}

fn pg_text(column: &str, _: &str) -> String {
    format!("\"{column}\"::text")
}

fn mysql_text(column: &str, ty: &str) -> String {
    if ty.contains("blob") || ty.contains("binary") || ty.starts_with("bit") {
        format!("HEX(`{column}`)")
    } else {
        format!("CAST(`{column}` AS CHAR)")
    }
}

/// Every column of every row (but the id) as the database writes it as text, by label.
async fn stored_text(c: &Client, provider: &str) -> Vec<Vec<(String, Option<String>)>> {
    let (columns_sql, text) = if provider == "postgresql" {
        (
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_name = 'Native' AND table_schema = current_schema() \
             ORDER BY ordinal_position",
            pg_text as fn(&str, &str) -> String,
        )
    } else {
        (
            "SELECT CAST(COLUMN_NAME AS CHAR), CAST(COLUMN_TYPE AS CHAR) FROM \
             information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND \
             TABLE_NAME = 'Native' ORDER BY ORDINAL_POSITION",
            mysql_text as fn(&str, &str) -> String,
        )
    };
    let columns: Vec<(String, String)> = c
        .query_raw(columns_sql, vec![], |r| {
            Ok((r.read::<String>()?, r.read::<String>()?))
        })
        .await
        .expect("columns")
        .into_iter()
        .filter(|(c, _)| c != "id")
        .collect();
    let select = columns
        .iter()
        .map(|(c, ty)| text(c, ty))
        .collect::<Vec<_>>()
        .join(", ");
    let table = if provider == "postgresql" {
        "\"Native\" ORDER BY \"label\""
    } else {
        "`Native` ORDER BY `label`"
    };
    c.query_raw(&format!("SELECT {select} FROM {table}"), vec![], |r| {
        columns
            .iter()
            .map(|(column, _)| Ok((column.clone(), r.read::<Option<String>>()?)))
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .expect("stored text")
}

/// Every object's keys in order, depth first: Json values keep the order they were written
/// in (PostgreSQL's `json`, MySQL's JSON as MariaDB keeps it), and both clients read it so.
fn key_order(v: &Json, out: &mut Vec<String>) {
    match v {
        Json::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                key_order(v, out);
            }
        }
        Json::Array(items) => items.iter().for_each(|v| key_order(v, out)),
        _ => {}
    }
}

fn keys(v: &Json) -> Vec<String> {
    let mut out = Vec::new();
    key_order(v, &mut out);
    out
}

// ---- the test ----

async fn both_ways<R>(
    provider: &str,
    rows: Vec<R>,
    write: impl AsyncFn(&Client, &[R]),
    view: impl AsyncFn(&Client) -> Json,
    expected: Json,
    input: Json,
) {
    use node::normalize;
    let prisma_view = |url: &str| -> Json {
        serde_json::from_str(&node::run("native.mjs", provider, url, "read", None))
            .expect("JSON from native.mjs")
    };

    // 1. Prisma writes, Refract reads.
    let (by_prisma, c1) = database(provider, "prisma_writes").await;
    node::run(
        "native.mjs",
        provider,
        &by_prisma.url_string(),
        "write",
        Some(&input),
    );
    let refract_sees = view(&c1).await;
    let prisma_sees = prisma_view(&by_prisma.url_string());
    assert_eq!(
        normalize(&refract_sees),
        normalize(&prisma_sees),
        "{provider}: Refract reads what Prisma wrote as Prisma reads it"
    );
    assert_eq!(
        keys(&refract_sees),
        keys(&prisma_sees),
        "{provider}: key order"
    );
    assert_eq!(
        normalize(&refract_sees),
        normalize(&expected),
        "{provider}: what Prisma wrote, read by Refract, is what was written"
    );

    // 2. Refract writes, Prisma reads.
    let (by_refract, c2) = database(provider, "refract_writes").await;
    write(&c2, &rows).await;
    let prisma_sees = prisma_view(&by_refract.url_string());
    let refract_sees = view(&c2).await;
    assert_eq!(
        normalize(&prisma_sees),
        normalize(&refract_sees),
        "{provider}: Prisma reads what Refract wrote as Refract reads it"
    );
    assert_eq!(
        keys(&refract_sees),
        keys(&prisma_sees),
        "{provider}: key order"
    );
    assert_eq!(
        normalize(&prisma_sees),
        normalize(&expected),
        "{provider}: what Refract wrote, read by Prisma, is what was written"
    );

    // 3. The same stored text.
    let prisma_text = stored_text(&c1, provider).await;
    let refract_text = stored_text(&c2, provider).await;
    assert_eq!(prisma_text.len(), refract_text.len());
    for (p, r) in prisma_text.iter().zip(&refract_text) {
        for (pc, rc) in p.iter().zip(r) {
            assert_eq!(
                rc, pc,
                "{provider}: Refract stores `{}` as Prisma does",
                pc.0
            );
        }
    }
    drop((c1, c2));
    drop((by_prisma, by_refract));
}

/// The rows written by `native.mjs`: the plain form without the `null`s.
fn input(view: &Json) -> Json {
    Json::Array(
        view.as_array()
            .expect("rows")
            .iter()
            .map(|row| {
                Json::Object(
                    row.as_object()
                        .expect("a row")
                        .iter()
                        .filter(|(_, v)| !v.is_null())
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                )
            })
            .collect(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_native_types_both_ways_with_prisma_7() {
    if test_support::server_url(Server::Postgres).is_none()
        || !node::prisma_ready("native-postgresql")
    {
        return;
    }
    let rows = postgres::prisma_can_read();
    let written = Json::Array(rows.iter().map(postgres::plain_row).collect());
    both_ways(
        "postgresql",
        rows.clone(),
        postgres::write,
        postgres::view,
        postgres::expected(&rows),
        input(&written),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mariadb_native_types_both_ways_with_prisma_7() {
    if test_support::server_url(Server::Mysql).is_none() || !node::prisma_ready("native-mysql") {
        return;
    }
    let rows = mysql::prisma_can_read();
    let written = Json::Array(rows.iter().map(mysql::plain_row).collect());
    both_ways(
        "mysql",
        rows.clone(),
        mysql::write,
        mysql::view,
        mysql::expected(&rows),
        input(&written),
    )
    .await;
}
