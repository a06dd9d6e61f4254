//! The number of records above a table: exact up to 100,000 ("3 rows", "1 matching"); past
//! that PostgreSQL's estimate for a whole table ("about 150,000 rows") and "more than
//! 100,000" elsewhere, with the exact count a link away.

mod common;

use common::{TestResult, http, start_with};

/// The line above the table.
fn total(page: &str) -> String {
    let start = page.find("<p class=\"total\"").expect("a total line");
    let rest = &page[start..];
    let end = rest.find("</p>").unwrap();
    let inner = &rest[..end];
    // Tags removed.
    let mut text = String::new();
    let mut in_tag = false;
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#39;", "'")
}

async fn small(provider: &str) -> TestResult {
    let seed = "INSERT INTO items (rank, label) VALUES (1, 'a'), (2, 'b'), (NULL, 'c');";
    let Some(app) = start_with(provider, "items.prisma", seed).await else {
        return Ok(());
    };
    assert_eq!(
        total(&http(&app, "GET", "/m/Item", &[], "").await),
        "3 rows"
    );
    let page = http(&app, "GET", "/m/Item?op.rank=gte&q.rank=2", &[], "").await;
    assert_eq!(total(&page), "1 matching");
    assert!(
        page.contains("1 records on this page of 1 matching"),
        "{page}"
    );
    let page = http(&app, "GET", "/m/Item?op.label=equals&q.label=zzz", &[], "").await;
    assert_eq!(total(&page), "0 matching");
    Ok(())
}

#[tokio::test]
async fn exact_counts_sqlite() -> TestResult {
    small("sqlite").await
}

#[tokio::test]
async fn exact_counts_postgresql() -> TestResult {
    small("postgresql").await
}

#[tokio::test]
async fn exact_counts_mysql() -> TestResult {
    small("mysql").await
}

const MANY: &str = "150000";

#[tokio::test]
async fn a_large_postgresql_table_shows_the_estimate_then_the_exact_count() -> TestResult {
    let seed = format!(
        "INSERT INTO items (rank, label) SELECT i % 10, 'item ' || i FROM generate_series(1, {MANY}) i; ANALYZE items;"
    );
    let Some(app) = start_with("postgresql", "items.prisma", &seed).await else {
        return Ok(());
    };
    let page = http(&app, "GET", "/m/Item", &[], "").await;
    let line = total(&page);
    assert!(
        line.starts_with("about 1")
            && line.contains("rows (PostgreSQL's estimate")
            && line.ends_with("count exactly"),
        "{line}"
    );
    let exact = http(&app, "GET", "/m/Item?count=exact", &[], "").await;
    assert_eq!(total(&exact), "150,000 rows");
    // The exact count is not carried to the next page.
    assert!(
        !exact.contains("count=exact&amp;after")
            && !exact.contains("after=%5B%2250%22%5D&amp;count")
    );
    // A filter is counted up to 100,000.
    let page = http(&app, "GET", "/m/Item?op.rank=lt&q.rank=9", &[], "").await;
    assert_eq!(total(&page), "more than 100,000 matching · count exactly");
    let page = http(&app, "GET", "/m/Item?op.rank=equals&q.rank=3", &[], "").await;
    assert_eq!(total(&page), "15,000 matching");
    Ok(())
}

#[tokio::test]
async fn a_large_sqlite_table_is_counted_up_to_a_bound() -> TestResult {
    let seed = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {MANY}) \
         INSERT INTO items (id, rank, label) SELECT i, i % 10, 'item ' || i FROM n;"
    );
    let app = start_with("sqlite", "items.prisma", &seed)
        .await
        .expect("SQLite");
    let page = http(&app, "GET", "/m/Item", &[], "").await;
    assert_eq!(total(&page), "more than 100,000 rows · count exactly");
    let exact = http(&app, "GET", "/m/Item?count=exact", &[], "").await;
    assert_eq!(total(&exact), "150,000 rows");
    Ok(())
}
