//! The HTTP-level guarantees: the token (401 without it, then an HttpOnly cookie), the CSRF
//! token on every write, the Host and Origin checks, the Content-Security-Policy, and the
//! loopback-only listener.

mod common;

use common::{App, TestResult, http, raw, start};

fn status(response: &str) -> &str {
    response.split(' ').nth(1).unwrap_or("")
}

fn csrf_of(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    page[at..at + 64].to_owned()
}

async fn app() -> App {
    start("sqlite").await.expect("SQLite always runs")
}

#[tokio::test]
async fn without_the_token_every_request_is_401() -> TestResult {
    let app = app().await;
    let host = vec![("Host".to_owned(), format!("127.0.0.1:{}", app.port))];
    for path in ["/", "/m/User", "/sql", "/assets/studio.js", "/nowhere"] {
        let r = raw(&app, "GET", path, &host, "").await;
        assert_eq!(status(&r), "401", "{path}: {r}");
    }
    let r = raw(&app, "GET", "/?token=wrong", &host, "").await;
    assert_eq!(status(&r), "401");
    let r = http(&app, "GET", "/", &[("Cookie", "refract_studio=wrong")], "").await;
    assert_eq!(status(&r), "401");
    // The right token sets the cookie (HttpOnly, SameSite=Strict) and leaves the address bar.
    let r = raw(
        &app,
        "GET",
        &format!("/m/User?token={}&sort=email", app.token),
        &host,
        "",
    )
    .await;
    assert_eq!(status(&r), "303", "{r}");
    let lower = r.to_lowercase();
    assert!(lower.contains("location: /m/user?sort=email\r\n"), "{r}");
    assert!(
        r.contains(&format!(
            "refract_studio={}; HttpOnly; SameSite=Strict; Path=/",
            app.token
        )),
        "{r}"
    );
    let r = http(&app, "GET", "/m/User", &[], "").await;
    assert_eq!(status(&r), "200", "{r}");
    Ok(())
}

#[tokio::test]
async fn every_response_carries_a_strict_csp() -> TestResult {
    let app = app().await;
    for path in ["/", "/m/User", "/sql", "/assets/studio.css"] {
        let r = http(&app, "GET", path, &[], "").await.to_lowercase();
        assert!(
            r.contains(
                "content-security-policy: default-src 'none'; script-src 'self'; style-src 'self';"
            ),
            "{path}: {r}"
        );
        assert!(
            r.contains("x-frame-options: deny") && r.contains("x-content-type-options: nosniff")
        );
    }
    let r = raw(
        &app,
        "GET",
        "/",
        &[("Host".into(), format!("127.0.0.1:{}", app.port))],
        "",
    )
    .await
    .to_lowercase();
    assert!(
        r.contains("content-security-policy: default-src 'none'"),
        "401s too: {r}"
    );
    // No inline script or style, and nothing fetched from elsewhere.
    let page = http(&app, "GET", "/m/User", &[], "").await;
    assert!(!page.contains("<script>") && !page.contains("style=") && !page.contains("<style"));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "{page}"
    );
    Ok(())
}

#[tokio::test]
async fn writes_need_the_csrf_token_and_studio_s_origin() -> TestResult {
    let app = app().await;
    let page = http(&app, "GET", "/m/User", &[], "").await;
    let csrf = csrf_of(&page);
    let body = |csrf: &str| format!("csrf={csrf}&back=%2Fm%2FUser&v.email=new%40example.com");
    for (path, form) in [
        ("/m/User/create", body("")),
        ("/m/User/create", body(&"0".repeat(64))),
        ("/m/User/update", "key=%5B%221%22%5D".to_owned()),
        ("/m/User/delete", "key=%5B%221%22%5D&confirmed=1".to_owned()),
        ("/sql", "sql=SELECT+1".to_owned()),
        ("/sql/export", "sql=SELECT+1&format=csv".to_owned()),
    ] {
        let r = http(&app, "POST", path, &[], &form).await;
        assert_eq!(status(&r), "403", "{path}: {r}");
    }
    // Another site's page may not post, even with the token.
    let r = http(
        &app,
        "POST",
        "/m/User/create",
        &[("Origin", "http://evil.example")],
        &body(&csrf),
    )
    .await;
    assert_eq!(status(&r), "403", "{r}");
    // Nor may a request for another host name (DNS rebinding).
    let r = http(&app, "GET", "/", &[("Host", "evil.example")], "").await;
    assert_eq!(status(&r), "403", "{r}");
    // With the token, the write goes through; the database still has every user.
    let r = http(
        &app,
        "POST",
        "/m/User/create",
        &[("Origin", &app.base)],
        &body(&csrf),
    )
    .await;
    assert_eq!(status(&r), "303", "{r}");
    let users = http(&app, "GET", "/m/User", &[], "").await;
    assert!(users.contains("new@example.com") && users.contains("ann@example.com"));
    Ok(())
}

#[tokio::test]
async fn the_sql_console_is_read_only_unless_switched() -> TestResult {
    let app = app().await;
    let csrf = csrf_of(&http(&app, "GET", "/sql", &[], "").await);
    let r = http(
        &app,
        "POST",
        "/sql",
        &[],
        &format!("csrf={csrf}&sql=DELETE+FROM+posts"),
    )
    .await;
    assert_eq!(status(&r), "422", "{r}");
    let r = http(&app, "GET", "/m/Post", &[], "").await;
    assert!(r.contains("3 records on this page"), "{r}");
    let r = http(
        &app,
        "POST",
        "/sql",
        &[],
        &format!("csrf={csrf}&sql=DELETE+FROM+posts&write=1"),
    )
    .await;
    assert_eq!(status(&r), "200", "{r}");
    let r = http(&app, "GET", "/m/Post", &[], "").await;
    assert!(r.contains("No records."), "{r}");
    Ok(())
}

#[tokio::test]
async fn studio_refuses_a_listener_beyond_loopback() -> TestResult {
    let Some(app) = start("sqlite").await else {
        return Ok(());
    };
    drop(app);
    let db = test_support::TestDatabase::sqlite("studio", "loopback").await;
    let files = diagnostics::SourceFiles::single(
        "s.prisma".to_owned(),
        "datasource db {\n  provider = \"sqlite\"\n}\n".to_owned(),
    );
    let (schema, _) = schema::validate(&files);
    let studio = studio::Studio::open(&schema, &db.url_string()).await?;
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await?;
    let err = studio.serve(listener).await.unwrap_err();
    assert!(err.to_string().contains("loopback"), "{err}");
    Ok(())
}

/// The console shows any column type: PostgreSQL's numeric, jsonb, uuid and arrays as text.
#[tokio::test]
async fn the_console_reads_every_postgres_type() -> TestResult {
    let Some(app) = start("postgresql").await else {
        return Ok(());
    };
    let csrf = csrf_of(&http(&app, "GET", "/sql", &[], "").await);
    let sql = "SELECT 1.50::numeric AS n, '{\"a\": 1}'::jsonb AS j, \
               'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u, ARRAY[1, 2] AS xs, NULL::int AS z";
    let body =
        serde_urlencoded::to_string([("csrf", csrf.as_str()), ("sql", sql), ("format", "csv")])?;
    let r = http(&app, "POST", "/sql/export", &[], &body).await;
    assert!(
        r.ends_with("n,j,u,xs,z\r\n1.50,\"{\"\"a\"\": 1}\",a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,\"{1,2}\",\r\n"),
        "{r}"
    );
    Ok(())
}
