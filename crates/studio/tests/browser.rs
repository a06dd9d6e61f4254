//! End to end: Studio on a fresh database (SQLite, PostgreSQL, MariaDB), driven by headless
//! Chromium through chromedriver (as the points app's browser tests are), and by raw HTTP for
//! the token, CSRF, Host and Content-Security-Policy checks.
//!
//! Needs Debian's `chromium` and `chromium-driver`; without chromedriver the browser test is
//! skipped loudly (a failure under `CI`). `UPDATE_SCREENSHOT=1` writes docs/studio-*.png.

mod common;

use common::{Browser, TestResult, chromedriver, http, start};

async fn flow(provider: &str) -> TestResult {
    let Some(driver) = chromedriver() else {
        return Ok(());
    };
    let Some(app) = start(provider).await else {
        return Ok(());
    };
    let b = Browser::start(&driver).await;
    let shots = provider == "sqlite" && std::env::var_os("UPDATE_SCREENSHOT").is_some();

    // Browse: the printed URL logs in (the token moves into a cookie) and lists the models.
    b.goto(&app.url).await?;
    b.main_contains("Pick a model").await?;
    assert!(!b.client.current_url().await?.as_str().contains("token="));
    b.goto(&app.at("/m/User")).await?;
    b.main_contains("ann@example.com").await?;
    b.main_contains("2 Post →").await?;
    if shots {
        b.goto(&app.at("/m/User?hide=createdAt&hide=updatedAt&edit=%5B%222%22%5D"))
            .await?;
        b.main_contains("Save").await?;
        b.screenshot("studio-table.png").await?;
    }

    // Filter: email contains "bo" (and the filter reaches the database: one row).
    b.run(
        "document.querySelector('[name=\"op.email\"]').value='contains';\
           document.querySelector('[name=\"q.email\"]').value='bo';\
           document.querySelector('form.filters').submit();",
    )
    .await?;
    let main = b.main_contains("1 records on this page").await?;
    assert!(
        main.contains("bob@example.com") && !main.contains("ann@example.com"),
        "{main}"
    );

    // Follow a relation to the related rows, and back.
    b.goto(&app.at("/m/User?op.email=equals&q.email=ann%40example.com"))
        .await?;
    b.click_link("2 Post →").await?;
    let main = b.main_contains("2 records on this page").await?;
    assert!(main.contains("Hello") && main.contains("Second"), "{main}");
    b.click_link("User →").await?;
    b.main_contains("ann@example.com").await?;

    // A many-to-many relation, both ways: Ann's tags, then the tag's users.
    b.goto(&app.at("/m/User?op.email=equals&q.email=ann%40example.com"))
        .await?;
    b.click_link("1 Tag →").await?;
    let main = b.main_contains("1 records on this page").await?;
    assert!(main.contains("vip") && !main.contains("new"), "{main}");
    b.click_link("2 User →").await?;
    let main = b.main_contains("2 records on this page").await?;
    assert!(
        main.contains("ann@example.com") && main.contains("bob@example.com"),
        "{main}"
    );

    // A view is shown, read-only.
    b.goto(&app.at("/m/PostTitle")).await?;
    let main = b.main_contains("view · read-only").await?;
    assert!(
        main.contains("Second") && !main.contains("Add record"),
        "{main}"
    );

    // Edit a row inline.
    b.goto(&app.at("/m/Post?op.title=equals&q.title=Hello"))
        .await?;
    b.click_link("Edit").await?;
    b.run(
        "document.querySelector('[form=\"edit\"][name=\"v.title\"]').value='Hello, world';\
           document.querySelector('button[form=\"edit\"]').click();",
    )
    .await?;
    b.main_contains("Saved the Post record.").await?;
    b.goto(&app.at("/m/Post")).await?;
    b.main_contains("Hello, world").await?;

    // See an error: a second user with Ann's email is refused in plain words (P2002).
    b.goto(&app.at("/m/User?new=1")).await?;
    b.run(
        "document.querySelector('[form=\"edit\"][name=\"v.email\"]').value='ann@example.com';\
           document.querySelector('button[form=\"edit\"]').click();",
    )
    .await?;
    b.main_contains("it must be unique").await?;
    b.main_contains("P2002").await?;

    // Delete with a confirmation that says what cascades.
    b.goto(&app.at("/m/User?op.email=equals&q.email=ann%40example.com"))
        .await?;
    b.run(
        "document.querySelector('input[name=\"key\"][form=\"bulk\"]').checked=true;\
           document.querySelector('button[form=\"bulk\"]').click();",
    )
    .await?;
    b.main_contains("Delete 1 User record?").await?;
    b.main_contains("2 Post records are deleted with them")
        .await?;
    b.main_contains("1 Tag record is unlinked from them (Tag.users, many-to-many)")
        .await?;
    if shots {
        b.screenshot("studio-delete.png").await?;
    }
    b.run("document.querySelector('button.danger').click();")
        .await?;
    b.main_contains("Deleted 1 User record.").await?;
    b.goto(&app.at("/m/Post")).await?;
    b.main_contains("1 records on this page").await?;

    // The SQL console (read-only: a write is refused) and its exports.
    b.goto(&app.at("/sql")).await?;
    b.run(
        "document.querySelector('textarea[name=\"sql\"]').value='DELETE FROM posts';\
           document.querySelector('form.console').submit();",
    )
    .await?;
    b.main_contains("read-only").await?;
    b.run("document.querySelector('textarea[name=\"sql\"]').value='SELECT email, name FROM users ORDER BY email';\
           document.querySelector('input[name=\"write\"]').checked=false;\
           document.querySelector('form.console').submit();")
        .await?;
    b.main_contains("bob@example.com").await?;
    if shots {
        b.screenshot("studio-console.png").await?;
    }
    let csv = b.export("export-csv").await?;
    assert_eq!(
        csv,
        "email,name\r\nbob@example.com,Bob\r\ncarol@example.com,\r\n"
    );
    let json: serde_json::Value = serde_json::from_str(&b.export("export-json").await?)?;
    assert_eq!(
        json[1],
        serde_json::json!({"email": "carol@example.com", "name": null})
    );
    let posts = http(&app, "GET", "/m/Post", &[], "").await;
    assert!(posts.contains("Third"), "{posts}");
    Ok(())
}

#[tokio::test]
async fn browser_sqlite() -> TestResult {
    flow("sqlite").await
}

#[tokio::test]
async fn browser_postgresql() -> TestResult {
    flow("postgresql").await
}

#[tokio::test]
async fn browser_mysql() -> TestResult {
    flow("mysql").await
}
