//! Full-text search (`crates/client-gen/tests/fixtures/fulltext.prisma`): Prisma's `search`
//! filter and `_relevance` ordering, through a generated client, on MariaDB (over the schema's
//! `@@fulltext` indexes; a search no index covers is P2030) and on PostgreSQL (where Prisma
//! needs the `fullTextSearchPostgres` preview feature: a client generated without it refuses
//! with P2009); SQLite refuses it (P2009), as Prisma has none there. The SQL itself is checked
//! in `src/render/search_tests.rs`.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/fulltext.rs");
}
#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod all_types {
    include!("../../client-gen/tests/expect/all_types.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use client::{Client, Error, relevance};
use db::{Models, article, memo, writer};
use test_support::TestDatabase;

/// The fixture's tables on `provider`. PostgreSQL and SQLite have no `@@fulltext` (PostgreSQL
/// searches without an index) and SQLite no `@db.Text`: those lines are left out there.
fn ddl(provider: &str, test: &str) -> String {
    if provider == "mysql" {
        return support::ddl("fulltext", provider);
    }
    let text = std::fs::read_to_string(support::schema_path("fulltext")).expect("the fixture");
    let text: String = text
        .lines()
        .filter(|l| !l.contains("@@fulltext"))
        .map(|l| format!("{}\n", l.replace("@db.Text", "")))
        .collect();
    let path =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fulltext_{test}.prisma"));
    std::fs::write(&path, text).expect("write the schema");
    test_support::schema_ddl(&path, provider)
}

/// A fresh database on `provider` with the fixture's tables and a client on it.
async fn database(provider: &str, test: &str) -> Option<(Client, TestDatabase)> {
    let database = TestDatabase::for_provider(provider, "refract_fts", test).await?;
    let client = Client::connect(&database.url_string())
        .await
        .expect("connect to the test database");
    client
        .execute_script(&ddl(provider, test))
        .await
        .expect("create the tables");
    Some((client, database))
}

/// The test's articles: two about Rust (the first names it three times, the second once, in its
/// body), two about other things. Returns their ids in that order.
async fn articles(c: &Client) -> Vec<i32> {
    let writer = c
        .writer()
        .create(writer::create("Ferris"))
        .exec()
        .await
        .expect("create a writer");
    let mut ids = Vec::new();
    for (title, body, by_ferris) in [
        (
            "Rust ownership for Rust programmers",
            "Rust borrowing rules and lifetimes",
            true,
        ),
        (
            "Async runtimes compared",
            "Tokio and smol: scheduling tasks with Rust",
            false,
        ),
        ("Gardening basics", "Tomatoes need sunshine", false),
        ("Cooking pasta", "Boiling water with salt", false),
    ] {
        let mut data = article::create(title, body);
        if by_ferris {
            data = data.set(article::author_id().set(writer.id));
        }
        let a = c
            .article()
            .create(data)
            .exec()
            .await
            .expect("create an article");
        ids.push(a.id);
    }
    ids
}

/// The ids `filter` finds, in id order.
async fn found(c: &Client, filter: client::Filter<db::Article>) -> Vec<i32> {
    c.article()
        .find_many()
        .filter(filter)
        .order_by(article::id().asc())
        .exec()
        .await
        .expect("a search")
        .into_iter()
        .map(|a| a.id)
        .collect()
}

/// The queries of one search in the database's syntax: `rust`, `rust and async`, `not rust`.
struct Queries {
    rust: &'static str,
    rust_and_async: &'static str,
}

const POSTGRES: Queries = Queries {
    rust: "rust",
    rust_and_async: "rust & async",
};
const MYSQL: Queries = Queries {
    rust: "rust",
    rust_and_async: "+rust +async",
};

async fn search_and_relevance(c: &Client, q: &Queries) {
    let ids = articles(c).await;
    let (first, second, third, fourth) = (ids[0], ids[1], ids[2], ids[3]);

    // One field.
    assert_eq!(found(c, article::title().search(q.rust)).await, [first]);
    assert_eq!(
        found(c, article::body().search(q.rust)).await,
        [first, second]
    );
    assert_eq!(
        found(c, !article::title().search(q.rust)).await,
        [second, third, fourth]
    );
    assert!(
        found(c, article::title().search(q.rust_and_async))
            .await
            .is_empty(),
        "no title has both words"
    );
    // Two fields with the same query in one block are one search over both, as in Prisma: the
    // second article has `async` in its title and `rust` in its body.
    assert_eq!(
        found(
            c,
            article::title()
                .search(q.rust_and_async)
                .and(article::body().search(q.rust_and_async)),
        )
        .await,
        [second]
    );
    // Inside a relation filter, and with the other operations.
    let writers = c
        .writer()
        .find_many()
        .filter(writer::articles().some(article::title().search(q.rust)))
        .exec()
        .await
        .expect("a search in a relation filter");
    assert_eq!(writers.len(), 1);
    let counted = c
        .article()
        .count()
        .filter(article::body().search(q.rust))
        .exec()
        .await
        .expect("count with a search");
    assert_eq!(counted, 2);

    // `_relevance`: the first article names `rust` three times, the second once, the others
    // never.
    let by_relevance = |desc: bool| async move {
        let r = relevance([article::title(), article::body()], q.rust);
        c.article()
            .find_many()
            .order_by(if desc { r.desc() } else { r.asc() })
            .order_by(article::id().asc())
            .exec()
            .await
            .expect("order by relevance")
            .into_iter()
            .map(|a| a.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(by_relevance(true).await, [first, second, third, fourth]);
    assert_eq!(by_relevance(false).await, [third, fourth, second, first]);
    // Relevance with a search filter and paging.
    let page = c
        .article()
        .find_many()
        .filter(article::body().search(q.rust))
        .order_by(relevance([article::title(), article::body()], q.rust).desc())
        .take(1)
        .exec()
        .await
        .expect("a page by relevance");
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].id, first);

    // Writes filtered by a search.
    let deleted = c
        .article()
        .delete_many(article::title().search(q.rust))
        .exec()
        .await
        .expect("delete_many with a search");
    assert_eq!(deleted, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_search_and_relevance() {
    let Some((c, _db)) = database("postgresql", "postgres_search_and_relevance").await else {
        return;
    };
    search_and_relevance(&c, &POSTGRES).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_search_and_relevance() {
    let Some((c, _db)) = database("mysql", "mysql_search_and_relevance").await else {
        return;
    };
    search_and_relevance(&c, &MYSQL).await;
}

/// P2030, as Prisma reports it: MySQL refuses a search over columns no `FULLTEXT` index covers
/// (error 1191), in a filter and in a relevance ordering.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_search_without_a_fulltext_index_is_p2030() {
    let Some((c, _db)) = database("mysql", "mysql_search_without_index").await else {
        return;
    };
    c.memo()
        .create(memo::create("remember the milk"))
        .exec()
        .await
        .expect("create a memo");
    let e = c
        .memo()
        .find_many()
        .filter(memo::text().search("milk"))
        .exec()
        .await
        .expect_err("no fulltext index on Memo.text");
    assert_eq!(e.code(), "P2030", "{e}");
    assert!(matches!(e, Error::MissingFullTextIndex { .. }), "{e:?}");
    assert!(e.to_string().contains("@@fulltext"), "{e}");

    let e = c
        .article()
        .find_many()
        .order_by(relevance([article::subtitle()], "milk").desc())
        .exec()
        .await
        .expect_err("no fulltext index on Article.subtitle");
    assert_eq!(e.code(), "P2030", "{e}");
}

/// A client generated from a PostgreSQL schema without `fullTextSearchPostgres` refuses a
/// search before sending it (P2009), naming the preview feature.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_search_needs_the_preview_feature() {
    use all_types::{Models as _, everything};
    let Some(db) = support::postgres("fts_needs_preview", "all_types").await else {
        return;
    };
    let e = db
        .client
        .everything()
        .find_many()
        .filter(everything::string().search("cat"))
        .exec()
        .await
        .expect_err("the schema does not allow search");
    assert_eq!(e.code(), "P2009", "{e}");
    assert!(e.to_string().contains("fullTextSearchPostgres"), "{e}");
}

/// SQLite has no full-text search in Prisma: a search or a relevance ordering is refused
/// before it reaches the database (P2009), saying where it is available.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_refuses_search() {
    let (c, _db) = database("sqlite", "sqlite_refuses_search")
        .await
        .expect("SQLite needs no server");
    articles(&c).await;
    let e = c
        .article()
        .find_many()
        .filter(article::title().search("rust"))
        .exec()
        .await
        .expect_err("no search on SQLite");
    assert_eq!(e.code(), "P2009", "{e}");
    assert!(e.to_string().contains("not available on SQLite"), "{e}");
    let e = c
        .article()
        .delete_many(article::title().search("rust"))
        .exec()
        .await
        .expect_err("no search on SQLite");
    assert_eq!(e.code(), "P2009", "{e}");
    let e = c
        .article()
        .find_many()
        .order_by(relevance([article::title()], "rust").desc())
        .exec()
        .await
        .expect_err("no relevance on SQLite");
    assert_eq!(e.code(), "P2009", "{e}");
    assert_eq!(
        c.article().count().exec().await.expect("nothing deleted"),
        4
    );
}
