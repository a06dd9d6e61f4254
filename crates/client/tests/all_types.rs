//! The client of a schema with every scalar type, enums, 1:1, 1:n, m:n, a self-relation and a
//! composite id (`crates/client-gen/tests/fixtures/all_types.prisma`), on SQLite and
//! PostgreSQL; and data stored exactly as Prisma stores it.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/all_types.rs");
}
mod support;

use chrono::{DateTime, Utc};
use client::__private::ClientDialect as _;
use client::{Client, Dialect, Value};
use db::{Models, Role, everything, membership, person, post, profile, tag};
use rust_decimal::Decimal;

fn sample_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-01-02T03:04:05.678Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn param(c: &Client, n: usize) -> String {
    c.dialect().placeholder(n)
}

/// Raw SQL written with standard quoting, in the database's own: backticks on MySQL.
fn native(c: &Client, sql: String) -> String {
    match c.dialect() {
        Dialect::Mysql => sql.replace('"', "`"),
        _ => sql,
    }
}

async fn every_scalar_round_trips(c: &Client) {
    let json = serde_json::json!({"a": [1, 2, {"b": null}], "s": "x"});
    let created = c
        .everything()
        .create(
            everything::create(
                -7,
                9_007_199_254_740_993_i64,
                1.25,
                Decimal::new(125, 1),
                "héllo",
                true,
                sample_time(),
                json.clone(),
                vec![0u8, 1, 255],
            )
            .set(everything::role().set(Role::Admin)),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(created.id.len(), 36, "uuid() default: {}", created.id);
    assert!(
        created.cuid.starts_with('c') && created.cuid.len() == 25,
        "cuid(): {}",
        created.cuid
    );
    assert_eq!(created.nano.len(), 21, "nanoid(): {}", created.nano);
    // cuid(2): 24 characters of a-z0-9 from a letter; ulid(): 26 of Crockford base 32,
    // led by the time (the first digit stays 0 until the year 10889).
    assert!(
        created.cuid2.len() == 24
            && created.cuid2.starts_with(|c: char| c.is_ascii_lowercase())
            && created
                .cuid2
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
        "cuid(2): {}",
        created.cuid2
    );
    assert!(
        created.ulid.len() == 26 && created.ulid.starts_with('0'),
        "ulid(): {}",
        created.ulid
    );
    assert_eq!(created.created_at, created.updated_at);
    let found = c
        .everything()
        .find_unique(everything::id().equals(created.id.clone()))
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found, created);
    assert_eq!(
        (found.int, found.big_int, found.float),
        (-7, 9_007_199_254_740_993, 1.25)
    );
    assert_eq!(found.decimal, Decimal::new(125, 1));
    assert_eq!(
        (found.string.as_str(), found.bool, found.date_time),
        ("héllo", true, sample_time())
    );
    assert_eq!(
        (found.json, found.bytes, found.role, found.maybe),
        (json, vec![0, 1, 255], Role::Admin, None)
    );

    // Filters on each type.
    let n = c
        .everything()
        .count()
        .filter(everything::role().equals(Role::Admin))
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 1);
    let n = c
        .everything()
        .count()
        .filter(everything::role().equals(Role::User))
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 0);
    let n = c
        .everything()
        .count()
        .filter(
            everything::date_time()
                .lt(Utc::now())
                .and(everything::big_int().gt(9_007_199_254_740_992_i64)),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 1);
    let n = c
        .everything()
        .count()
        .filter(
            everything::bool()
                .equals(true)
                .and(everything::maybe().is_null()),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 1);
    let updated = c
        .everything()
        .update(
            everything::cuid().equals(created.cuid.clone()),
            vec![
                everything::maybe().set(3),
                everything::big_int().increment(1),
            ],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(
        (updated.maybe, updated.big_int),
        (Some(3), 9_007_199_254_740_994)
    );

    // Stored as Prisma stores it: the enum's database name; on SQLite, DateTime as ISO-8601
    // text with milliseconds and `+00:00`, booleans as 1, decimals as REAL.
    let sql = format!(
        "SELECT \"role\"::text FROM \"everything\" WHERE \"id\" = {}",
        param(c, 1)
    );
    let sql = if c.dialect() == Dialect::Postgres {
        sql
    } else {
        native(c, sql.replace("::text", ""))
    };
    let role = c
        .query_raw(&sql, vec![Value::Text(created.id.clone())], |r| {
            r.read::<String>()
        })
        .await
        .unwrap();
    assert_eq!(role, ["admin"]);
    if c.dialect() == Dialect::Sqlite {
        let stored = c
            .query_raw("SELECT \"dateTime\", typeof(\"dateTime\"), \"bool\", typeof(\"decimal\"), \"json\" FROM \"everything\"", vec![], |r| {
                Ok((r.read::<String>()?, r.read::<String>()?, r.read::<i64>()?, r.read::<String>()?, r.read::<String>()?))
            })
            .await
            .unwrap();
        assert_eq!(
            stored[0],
            (
                "2024-01-02T03:04:05.678+00:00".to_owned(),
                "text".to_owned(),
                1,
                "real".to_owned(),
                r#"{"a":[1,2,{"b":null}],"s":"x"}"#.to_owned()
            )
        );
    }
    if c.dialect() == Dialect::Mysql {
        // DATETIME(3) in UTC, Boolean as TINYINT(1), Decimal(65,30), the enum's database name.
        let stored = c
            .query_raw(
                "SELECT CAST(`dateTime` AS CHAR), `bool`, CAST(`decimal` AS CHAR), \
                 CAST(`role` AS CHAR) FROM `everything`",
                vec![],
                |r| {
                    Ok((
                        r.read::<String>()?,
                        r.read::<i64>()?,
                        r.read::<String>()?,
                        r.read::<String>()?,
                    ))
                },
            )
            .await
            .unwrap();
        assert_eq!(
            stored[0],
            (
                "2024-01-02 03:04:05.678".to_owned(),
                1,
                "12.500000000000000000000000000000".to_owned(),
                "admin".to_owned()
            )
        );
    }
}

async fn relations_of_every_kind(c: &Client) {
    let boss = c
        .person()
        .create(person::create("Boss"))
        .exec()
        .await
        .unwrap();
    let ann = c
        .person()
        .create(person::create("Ann").set(person::manager_id().set(boss.id)))
        .exec()
        .await
        .unwrap();
    let bob = c
        .person()
        .create(person::create("Bob").set(person::manager_id().set(boss.id)))
        .exec()
        .await
        .unwrap();
    c.profile()
        .create(profile::create("hi", ann.id))
        .exec()
        .await
        .unwrap();
    let p1 = c
        .post()
        .create(post::create("Rust", ann.id))
        .exec()
        .await
        .unwrap();
    let p2 = c
        .post()
        .create(post::create("SQL", ann.id))
        .exec()
        .await
        .unwrap();
    let t1 = c.tag().create(tag::create("lang")).exec().await.unwrap();
    let t2 = c.tag().create(tag::create("db")).exec().await.unwrap();
    for (post_id, tag_id) in [(p1.id, t1.id), (p1.id, t2.id), (p2.id, t2.id)] {
        let sql = format!(
            "INSERT INTO \"_PostToTag\" (\"A\", \"B\") VALUES ({}, {})",
            param(c, 1),
            param(c, 2)
        );
        c.execute_raw(
            &native(c, sql),
            vec![Value::Int(post_id.into()), Value::Int(tag_id.into())],
        )
        .await
        .unwrap();
    }
    c.membership()
        .create(membership::create(1, ann.id))
        .exec()
        .await
        .unwrap();
    c.membership()
        .create(membership::create(1, bob.id).set(membership::role().set(Role::Admin)))
        .exec()
        .await
        .unwrap();

    // Self-relation, both directions; 1:1 both directions.
    let boss = c
        .person()
        .find_unique(person::id().equals(boss.id))
        .include(person::include::reports().order_by(person::name().asc()))
        .include(person::include::manager())
        .include(person::include::profile())
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        boss.reports
            .into_inner()
            .unwrap()
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Ann", "Bob"]
    );
    assert_eq!(boss.manager.get(), Some(&None));
    assert_eq!(boss.profile.get(), Some(&None));
    let ann = c
        .person()
        .find_unique(person::id().equals(ann.id))
        .include(person::include::manager())
        .include(person::include::profile().include(profile::include::person()))
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        ann.manager.get().cloned().flatten().map(|m| m.name),
        Some("Boss".to_owned())
    );
    let profile = ann.profile.get().cloned().flatten().unwrap();
    assert_eq!(
        profile.person.into_inner().map(|p| p.name),
        Some("Ann".to_owned())
    );

    // m:n both directions.
    let posts = c
        .post()
        .find_many()
        .order_by(post::id().asc())
        .include(post::include::tags().order_by(tag::name().asc()))
        .exec()
        .await
        .unwrap();
    let names: Vec<Vec<String>> = posts
        .iter()
        .map(|p| {
            p.tags
                .get()
                .unwrap()
                .iter()
                .map(|t| t.name.clone())
                .collect()
        })
        .collect();
    assert_eq!(
        names,
        [
            vec!["db".to_owned(), "lang".to_owned()],
            vec!["db".to_owned()]
        ]
    );
    let db_tag = c
        .tag()
        .find_unique(tag::name().equals("db"))
        .include(tag::include::posts())
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(db_tag.posts.into_inner().unwrap().len(), 2);
    let tagged = c
        .post()
        .count()
        .filter(post::tags().some(tag::name().equals("lang")))
        .exec()
        .await
        .unwrap();
    assert_eq!(tagged, 1);
    let with_posts = c
        .person()
        .count()
        .filter(person::posts().some(post::tags().some(tag::name().equals("db"))))
        .exec()
        .await
        .unwrap();
    assert_eq!(with_posts, 1);

    // Composite id.
    let m = c
        .membership()
        .find_unique(membership::org_id_person_id(1, bob.id))
        .include(membership::include::person())
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (m.role, m.person.into_inner().map(|p| p.name)),
        (Role::Admin, Some("Bob".to_owned()))
    );
    let m = c
        .membership()
        .update(
            membership::org_id_person_id(1, ann.id),
            vec![membership::role().set(Role::Admin)],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(m.role, Role::Admin);
    let err = c
        .membership()
        .create(membership::create(1, ann.id))
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2002");
    assert!(
        matches!(&err, client::Error::UniqueConstraint { fields, .. } if fields == &["orgId".to_owned(), "personId".to_owned()]),
        "{err:?}"
    );
}

async fn nested_create_through_join_and_one_to_one(c: &Client) {
    let p = c
        .person()
        .create(person::create("Nia").with(person::profile::create(person::profile::data("bio"))))
        .include(person::include::profile())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        p.profile.into_inner().flatten().map(|pr| pr.bio),
        Some("bio".to_owned())
    );
    let post = c
        .post()
        .create(post::create("Nested", p.id).with(post::tags::create([
            post::tags::data("a"),
            post::tags::data("b"),
        ])))
        .include(post::include::tags().order_by(tag::name().asc()))
        .exec()
        .await
        .unwrap();
    assert_eq!(
        post.tags
            .into_inner()
            .unwrap()
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
}

on_both!("all_types"; every_scalar_round_trips, relations_of_every_kind, nested_create_through_join_and_one_to_one);

/// Prisma 6 (the quaint SQLite connector) wrote DateTime as integer milliseconds; Prisma 7
/// writes ISO-8601 text. Both read back as the same instant.
#[tokio::test]
async fn sqlite_reads_prisma_6_and_7_datetimes() {
    let db = support::sqlite("prisma6", "all_types").await;
    let c = &db.client;
    let ms = sample_time().timestamp_millis();
    for (id, stored) in [
        ("p6", Value::Int(ms)),
        ("p7", Value::Text("2024-01-02T03:04:05.678+00:00".into())),
        ("z", Value::Text("2024-01-02T03:04:05.678Z".into())),
    ] {
        c.execute_raw(
            "INSERT INTO \"everything\" (\"id\", \"int\", \"bigInt\", \"float\", \"decimal\", \"str\", \"bool\", \"dateTime\", \"json\", \"bytes\", \"cuid\", \"nano\", \"ordered\", \"cuid2\", \"ulid\", \"updatedAt\") \
             VALUES (?, 1, 1, 1.0, 1.5, 's', 0, ?, '{}', x'00', ?, 'n', 'o', 'c2', 'u', ?)",
            vec![Value::from(id), stored.clone(), Value::from(id), stored],
        )
        .await
        .unwrap();
    }
    let rows = c
        .everything()
        .find_many()
        .order_by(everything::id().asc())
        .exec()
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter()
            .all(|r| r.date_time == sample_time() && r.updated_at == sample_time())
    );
    assert!(
        rows.iter().all(|r| r.created_at <= Utc::now()),
        "CURRENT_TIMESTAMP text reads too"
    );
}
