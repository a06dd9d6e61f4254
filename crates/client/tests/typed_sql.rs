//! TypedSQL's runtime: the modules `refract generate --sql` wrote for the fixtures of
//! `crates/cli/tests/typed_sql/` (checked against the generator by `cli --test typed_sql`),
//! compiled here and run against SQLite, PostgreSQL and MariaDB with `Client::query_typed` and
//! `Transaction::query_typed`: every scalar type, NULLs, a join, aggregates over an outer join,
//! a nullable argument, an array argument (PostgreSQL).

extern crate client as refract;

use chrono::{DateTime, TimeZone, Utc};
use refract::{Client, Value};
use rust_decimal::Decimal;
use test_support::TestDatabase;

mod sqlite_sql {
    include!("../../cli/tests/typed_sql/sqlite/sql.rs");
}
mod postgresql_sql {
    include!("../../cli/tests/typed_sql/postgresql/sql.rs");
}
mod mysql_sql {
    include!("../../cli/tests/typed_sql/mysql/sql.rs");
}

fn schema() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../cli/tests/typed_sql/schema.prisma")
}

/// The database's statement for `text` written with `"` quotes and `?` placeholders.
fn sql(provider: &str, text: &str) -> String {
    match provider {
        "mysql" => text.replace('"', "`"),
        "postgresql" => {
            let mut out = String::new();
            let mut n = 0;
            for c in text.chars() {
                if c == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => text.to_owned(),
    }
}

fn born() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(1990, 5, 17, 8, 30, 0).unwrap()
}

/// A database with the fixture's tables and two users: `a@x` with every field set and two
/// posts (scores 3 and NULL), `b@x` with only the required ones. Returns the client, the
/// database (dropped at the end) and the two ids.
async fn seeded(provider: &str, test: &str) -> Option<(Client, TestDatabase, i64, i64)> {
    let db = TestDatabase::for_provider(provider, "typedsql", test).await?;
    let client = Client::connect(&db.url_string()).await.expect("connect");
    client
        .execute_script(&test_support::schema_ddl(&schema(), provider))
        .await
        .expect("tables");
    let insert = sql(
        provider,
        r#"INSERT INTO "User" (email, name, points, big, ratio, balance, active, born, profile, avatar) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"#,
    );
    client
        .execute_raw(
            &insert,
            vec![
                Value::from("a@x"),
                Value::from("Ann"),
                Value::from(10),
                Value::from(9_000_000_000_i64),
                Value::from(0.5),
                Value::from(Decimal::new(1234, 2)),
                Value::from(true),
                Value::from(born()),
                Value::from(serde_json::json!({"theme": "dark"})),
                Value::from(vec![1_u8, 2, 3]),
            ],
        )
        .await
        .expect("insert a");
    let insert_b = sql(
        provider,
        r#"INSERT INTO "User" (email, points, active) VALUES (?, ?, ?)"#,
    );
    client
        .execute_raw(
            &insert_b,
            vec![Value::from("b@x"), Value::from(5), Value::from(false)],
        )
        .await
        .expect("insert b");
    let ids = client
        .query_raw(
            &sql(provider, r#"SELECT id FROM "User" ORDER BY id"#),
            vec![],
            |r| r.read::<i64>(),
        )
        .await
        .expect("ids");
    let post = sql(
        provider,
        r#"INSERT INTO "Post" (title, score, "authorId") VALUES (?, ?, ?)"#,
    );
    for (title, score) in [("first", Some(3)), ("second", None)] {
        client
            .execute_raw(
                &post,
                vec![Value::from(title), Value::from(score), Value::from(ids[0])],
            )
            .await
            .expect("insert a post");
    }
    Some((client, db, ids[0], ids[1]))
}

#[tokio::test]
async fn sqlite() {
    use sqlite_sql as q;
    let (client, _db, a, b) = seeded("sqlite", "run").await.expect("SQLite always runs");
    let rows = client
        .query_typed(q::all_types("a@x".into()))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(
        (r.id, r.email.as_str(), r.name.as_deref()),
        (a, "a@x", Some("Ann"))
    );
    assert_eq!(
        (r.points, r.big, r.ratio),
        (10, Some(9_000_000_000), Some(0.5))
    );
    assert_eq!(r.balance, Some(Decimal::new(1234, 2)));
    assert!(r.active);
    assert_eq!(r.born, Some(born()));
    assert_eq!(r.profile, Some(serde_json::json!({"theme": "dark"})));
    assert_eq!(r.avatar.as_deref(), Some(&[1_u8, 2, 3][..]));
    let rows = client
        .query_typed(q::all_types("b@x".into()))
        .await
        .unwrap();
    let r = &rows[0];
    assert_eq!(
        (r.name.as_ref(), r.big, r.ratio, r.balance),
        (None, None, None, None)
    );
    assert_eq!(
        (r.born, r.profile.as_ref(), r.avatar.as_ref()),
        (None, None, None)
    );

    let users = client.query_typed(q::get_user(b as i32)).await.unwrap();
    assert_eq!(users[0].email, "b@x");
    let posts = client.query_typed(q::posts_with_authors(10)).await.unwrap();
    let titles: Vec<(&str, Option<i64>, &str)> = posts
        .iter()
        .map(|p| (p.title.as_str(), p.score, p.author_email.as_str()))
        .collect();
    assert_eq!(titles, [("first", Some(3), "a@x"), ("second", None, "a@x")]);
    assert!(
        client
            .query_typed(q::posts_with_authors(11))
            .await
            .unwrap()
            .is_empty()
    );

    // SQLite types no expression: the aggregates are the runtime's dynamic values.
    let counts = client.query_typed(q::post_counts()).await.unwrap();
    assert_eq!(counts.len(), 2);
    assert_eq!((counts[0].id, &counts[0].post_count), (a, &Value::Int(2)));
    assert_eq!(counts[0].total_score, Value::Int(3));
    assert_eq!(
        (&counts[1].post_count, &counts[1].total_score),
        (&Value::Int(0), &Value::Null)
    );

    let pairs: Vec<(String, Option<String>)> = client
        .query_typed(q::users_and_posts())
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.email, r.title))
        .collect();
    assert_eq!(
        pairs,
        [
            ("a@x".to_owned(), Some("first".to_owned())),
            ("a@x".to_owned(), Some("second".to_owned())),
            ("b@x".to_owned(), None)
        ]
    );
    assert!(
        client
            .query_typed(q::rename_user(None, a as i32))
            .await
            .unwrap()
            .is_empty()
    );
    let tx = client.begin(None).await.unwrap();
    tx.query_typed(q::rename_user(Some("Anna".into()), b as i32))
        .await
        .unwrap();
    let in_tx = tx.query_typed(q::get_user(b as i32)).await.unwrap();
    assert_eq!(in_tx[0].name.as_deref(), Some("Anna"));
    tx.commit().await.unwrap();
    let users = client.query_typed(q::get_user(a as i32)).await.unwrap();
    assert_eq!(users[0].name, None);
}

#[tokio::test]
async fn postgresql() {
    use postgresql_sql as q;
    let Some((client, _db, a, b)) = seeded("postgresql", "run").await else {
        return;
    };
    let (a, b) = (a as i32, b as i32);
    let rows = client
        .query_typed(q::all_types("a@x".into()))
        .await
        .unwrap();
    let r = &rows[0];
    assert_eq!(
        (r.id, r.email.as_str(), r.name.as_deref()),
        (a, "a@x", Some("Ann"))
    );
    assert_eq!(
        (r.points, r.big, r.ratio),
        (10, Some(9_000_000_000), Some(0.5))
    );
    assert_eq!(r.balance, Some(Decimal::new(1234, 2)));
    assert!(r.active);
    assert_eq!(r.born, Some(born()));
    assert_eq!(r.profile, Some(serde_json::json!({"theme": "dark"})));
    assert_eq!(r.avatar.as_deref(), Some(&[1_u8, 2, 3][..]));
    let rows = client
        .query_typed(q::all_types("b@x".into()))
        .await
        .unwrap();
    let r = &rows[0];
    assert_eq!(
        (r.name.as_ref(), r.big, r.ratio, r.balance),
        (None, None, None, None)
    );
    assert_eq!(
        (r.born, r.profile.as_ref(), r.avatar.as_ref()),
        (None, None, None)
    );

    let users = client.query_typed(q::get_user(b)).await.unwrap();
    assert_eq!(users[0].email, "b@x");
    let posts = client.query_typed(q::posts_with_authors(10)).await.unwrap();
    let titles: Vec<(&str, Option<i32>, &str)> = posts
        .iter()
        .map(|p| (p.title.as_str(), p.score, p.author_email.as_str()))
        .collect();
    assert_eq!(titles, [("first", Some(3), "a@x"), ("second", None, "a@x")]);

    let counts = client.query_typed(q::post_counts()).await.unwrap();
    assert_eq!(
        (counts[0].id, counts[0].post_count, counts[0].total_score),
        (a, Some(2), Some(3))
    );
    assert_eq!(
        (counts[1].post_count, counts[1].total_score),
        (Some(0), None)
    );

    let by_ids = client
        .query_typed(q::users_by_ids(vec![b, a]))
        .await
        .unwrap();
    let emails: Vec<&str> = by_ids.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails, ["a@x", "b@x"]);

    let pairs: Vec<(String, Option<String>)> = client
        .query_typed(q::users_and_posts())
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.email, r.title))
        .collect();
    assert_eq!(
        pairs,
        [
            ("a@x".to_owned(), Some("first".to_owned())),
            ("a@x".to_owned(), Some("second".to_owned())),
            ("b@x".to_owned(), None)
        ]
    );
    client.query_typed(q::rename_user(None, a)).await.unwrap();
    let tx = client.begin(None).await.unwrap();
    tx.query_typed(q::rename_user(Some("Anna".into()), b))
        .await
        .unwrap();
    assert_eq!(
        tx.query_typed(q::get_user(b)).await.unwrap()[0]
            .name
            .as_deref(),
        Some("Anna")
    );
    tx.commit().await.unwrap();
    assert_eq!(
        client.query_typed(q::get_user(a)).await.unwrap()[0].name,
        None
    );
}

#[tokio::test]
async fn mysql() {
    use mysql_sql as q;
    let Some((client, _db, a, b)) = seeded("mysql", "run").await else {
        return;
    };
    let (a, b) = (a as i32, b as i32);
    let rows = client
        .query_typed(q::all_types("a@x".into()))
        .await
        .unwrap();
    let r = &rows[0];
    assert_eq!(
        (r.id, r.email.as_str(), r.name.as_deref()),
        (a, "a@x", Some("Ann"))
    );
    assert_eq!(
        (r.points, r.big, r.ratio),
        (10, Some(9_000_000_000), Some(0.5))
    );
    assert_eq!(r.balance, Some(Decimal::new(1234, 2)));
    assert!(r.active);
    assert_eq!(r.born, Some(born()));
    // MariaDB's JSON is LONGTEXT: the text of the document.
    let profile: serde_json::Value =
        serde_json::from_str(r.profile.as_deref().expect("profile")).unwrap();
    assert_eq!(profile, serde_json::json!({"theme": "dark"}));
    assert_eq!(r.avatar.as_deref(), Some(&[1_u8, 2, 3][..]));
    let rows = client
        .query_typed(q::all_types("b@x".into()))
        .await
        .unwrap();
    let r = &rows[0];
    assert_eq!(
        (r.name.as_ref(), r.big, r.ratio, r.balance),
        (None, None, None, None)
    );
    assert_eq!(
        (r.born, r.profile.as_ref(), r.avatar.as_ref()),
        (None, None, None)
    );

    let users = client.query_typed(q::get_user(b)).await.unwrap();
    assert_eq!(users[0].email, "b@x");
    let posts = client.query_typed(q::posts_with_authors(10)).await.unwrap();
    let titles: Vec<(&str, Option<i32>, &str)> = posts
        .iter()
        .map(|p| (p.title.as_str(), p.score, p.author_email.as_str()))
        .collect();
    assert_eq!(titles, [("first", Some(3), "a@x"), ("second", None, "a@x")]);

    let counts = client.query_typed(q::post_counts()).await.unwrap();
    assert_eq!((counts[0].id, counts[0].post_count), (a, 2));
    assert_eq!(counts[0].total_score, Some(Decimal::from(3)));
    assert_eq!((counts[1].post_count, counts[1].total_score), (0, None));

    let pairs: Vec<(String, Option<String>)> = client
        .query_typed(q::users_and_posts())
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.email, r.title))
        .collect();
    assert_eq!(
        pairs,
        [
            ("a@x".to_owned(), Some("first".to_owned())),
            ("a@x".to_owned(), Some("second".to_owned())),
            ("b@x".to_owned(), None)
        ]
    );
    client.query_typed(q::rename_user(None, a)).await.unwrap();
    let tx = client.begin(None).await.unwrap();
    tx.query_typed(q::rename_user(Some("Anna".into()), b))
        .await
        .unwrap();
    assert_eq!(
        tx.query_typed(q::get_user(b)).await.unwrap()[0]
            .name
            .as_deref(),
        Some("Anna")
    );
    tx.commit().await.unwrap();
    assert_eq!(
        client.query_typed(q::get_user(a)).await.unwrap()[0].name,
        None
    );
}
