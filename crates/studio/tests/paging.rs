//! Keyset paging: every record exactly once, forwards and back, in the order asked (nulls
//! and ties included), on SQLite, PostgreSQL and MariaDB; and a page deep into a million rows
//! as fast as the first.

mod common;

use std::time::{Duration, Instant};

use common::{App, TestResult, http, start_with};

/// The ids on a page (its rows' keys), and its next and previous links.
fn read_page(page: &str) -> (Vec<i64>, Option<String>, Option<String>) {
    let ids = page
        .split("name=\"key\" form=\"bulk\" value=\"[&quot;")
        .skip(1)
        .map(|rest| rest.split("&quot;").next().unwrap().parse().unwrap())
        .collect();
    let link = |rel: &str| {
        let at = page.find(&format!("rel=\"{rel}\""))?;
        let start = page[..at].rfind("href=\"")? + 6;
        Some(page[start..].split('"').next()?.replace("&amp;", "&"))
    };
    (ids, link("next"), link("prev"))
}

async fn walk(provider: &str) -> TestResult {
    // 130 items; rank has ties and nulls.
    let rows: Vec<String> = (1..=130)
        .map(|i| {
            let rank = if i % 5 == 0 {
                "NULL".to_owned()
            } else {
                (i % 7).to_string()
            };
            format!("({rank}, 'item {i}')")
        })
        .collect();
    let seed = format!(
        "INSERT INTO items (rank, label) VALUES {};",
        rows.join(", ")
    );
    let Some(app) = start_with(provider, "items.prisma", &seed).await else {
        return Ok(());
    };
    for desc in [false, true] {
        let rank = |i: i64| (i % 5 != 0).then_some(i % 7);
        let mut expected: Vec<i64> = (1..=130).collect();
        // Nulls last either way; ties by id in the same direction.
        expected.sort_by(|a, b| {
            let key = |i: i64| (rank(i).is_none(), rank(i), i);
            let (ka, kb) = (key(*a), key(*b));
            match (ka.0, kb.0) {
                (false, true) => std::cmp::Ordering::Less,
                (true, false) => std::cmp::Ordering::Greater,
                _ if desc => (kb.1, kb.2).cmp(&(ka.1, ka.2)),
                _ => (ka.1, ka.2).cmp(&(kb.1, kb.2)),
            }
        });
        let dir = if desc { "desc" } else { "asc" };
        let mut url = format!("/m/Item?sort=rank&dir={dir}");
        let mut pages = Vec::new();
        loop {
            let (ids, next, _) = read_page(&http(&app, "GET", &url, &[], "").await);
            pages.push(ids);
            match next {
                Some(n) => url = n,
                None => break,
            }
        }
        let seen: Vec<i64> = pages.concat();
        assert_eq!(seen, expected, "{provider} {dir}: forwards");
        assert_eq!(pages.len(), 3);
        // And back from the last page.
        let mut back = Vec::new();
        loop {
            let (ids, _, prev) = read_page(&http(&app, "GET", &url, &[], "").await);
            back.push(ids);
            match prev {
                Some(p) => url = p,
                None => break,
            }
        }
        back.reverse();
        assert_eq!(back.concat(), expected, "{provider} {dir}: backwards");
    }
    Ok(())
}

#[tokio::test]
async fn keyset_pages_sqlite() -> TestResult {
    walk("sqlite").await
}

#[tokio::test]
async fn keyset_pages_postgresql() -> TestResult {
    walk("postgresql").await
}

#[tokio::test]
async fn keyset_pages_mysql() -> TestResult {
    walk("mysql").await
}

async fn timed(app: &App, path: &str) -> (Duration, String) {
    let started = Instant::now();
    let page = http(app, "GET", path, &[], "").await;
    (started.elapsed(), page)
}

/// A million rows on SQLite: the first page, one 999,900 rows in, and the last page sorted
/// descending each take about as long as the first (keyset: an index seek, not OFFSET's
/// scan); the bound is generous for a debug build on a loaded machine.
#[tokio::test]
async fn a_page_deep_into_a_million_rows_is_instant() -> TestResult {
    let seed = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) \
                INSERT INTO items (id, rank, label) SELECT i, i % 1000, 'item ' || i FROM n;";
    let app = start_with("sqlite", "items.prisma", seed)
        .await
        .expect("SQLite");
    let (first, page) = timed(&app, "/m/Item").await;
    assert!(page.contains(">50<"), "the first page ends at 50");
    // Its total is counted up to 100,000 only: the page stays instant.
    assert!(page.contains("more than 100,000 rows"), "{page}");
    let deep_url = "/m/Item?after=%5B%22999900%22%5D";
    let (deep, page) = timed(&app, deep_url).await;
    let (ids, next, _) = read_page(&page);
    assert_eq!(ids.first(), Some(&999_901));
    assert_eq!(ids.len(), 50);
    assert!(next.is_some());
    let (last, page) = timed(&app, "/m/Item?sort=id&dir=desc").await;
    assert_eq!(read_page(&page).0.first(), Some(&1_000_000));
    println!(
        "1,000,000 rows: first page {first:?}, page after 999,900 {deep:?}, descending {last:?}"
    );
    for (what, t) in [("first", first), ("deep", deep), ("descending", last)] {
        assert!(t < Duration::from_secs(1), "{what} page took {t:?}");
    }
    Ok(())
}
