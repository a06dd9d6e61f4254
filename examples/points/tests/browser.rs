//! End to end: the `points` binary on a free port with a fresh SQLite database (and, switched
//! as the README says, on PostgreSQL and MySQL), driven by
//! headless Chromium through chromedriver (WebDriver), and by a raw HTTP client for the posts
//! a browser would never send.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/browser.sh` installs them). Without
//! chromedriver the browser test is skipped with a loud message, except when `CI` is set.
//! `UPDATE_SCREENSHOT=1` also writes the leaderboard screenshot to docs/points-leaderboard.png.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use chrono::Utc;
use fantoccini::{Client, ClientBuilder, Locator};
use points::prisma::{Models, session};
use refract::Filter;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The app, running on its own port and database until dropped.
struct App {
    url: String,
    database_url: String,
    _process: Child,
    _dir: tempfile::TempDir,
}

impl App {
    /// The app on a fresh SQLite database.
    async fn start() -> App {
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = format!("file:{}", dir.path().join("points.db").display());
        App::start_with(database_url, None, dir).await
    }

    /// The app on `database_url`, with the schema and migrations of `prisma_dir` (default:
    /// the example's own).
    async fn start_with(
        database_url: String,
        prisma_dir: Option<&Path>,
        dir: tempfile::TempDir,
    ) -> App {
        let mut command = Command::new(env!("CARGO_BIN_EXE_points"));
        if let Some(prisma_dir) = prisma_dir {
            command.env("POINTS_PRISMA_DIR", prisma_dir);
        }
        let mut process = command
            .env("DATABASE_URL", &database_url)
            .env("PORT", free_port().to_string())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start the points binary");
        let mut lines = BufReader::new(process.stdout.take().expect("stdout")).lines();
        let url = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.expect("read stdout") {
                if let Some(url) = line.strip_prefix("Points is running on ") {
                    return url.trim_end_matches('/').to_owned();
                }
            }
            panic!("points exited before serving");
        })
        .await
        .expect("points did not print its URL within 60 s");
        // Keep draining stdout so the app never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        App {
            url,
            database_url,
            _process: process,
            _dir: dir,
        }
    }

    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// Makes every session expire, as time passing would (through the generated client).
    async fn expire_sessions(&self) {
        let db = refract::Client::connect(&self.database_url)
            .await
            .expect("connect");
        let past = Utc::now() - chrono::Duration::minutes(1);
        let expire = vec![session::expires_at().set(past)];
        let changed = db.session().update_many(Filter::all(), expire).exec().await;
        assert!(
            changed.expect("expire sessions") > 0,
            "there was no session to expire"
        );
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("address").port()
}

/// chromedriver, or `None` (after a loud message) when it is missing outside CI.
fn chromedriver() -> Option<PathBuf> {
    let found = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        test_support::skip(
            "chromedriver not found: install Debian's chromium and chromium-driver \
             (`bash .ci/browser.sh`) to run the browser tests",
        );
    }
    found
}

/// A headless Chromium session with a fresh profile, and its chromedriver.
struct Browser {
    client: Client,
    _driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start(chromedriver: &Path) -> Browser {
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver");
        for _ in 0..100 {
            if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
            "--window-size=720,640",
            &format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            serde_json::json!({ "binary": "/usr/bin/chromium", "args": args }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("open a Chromium session through chromedriver");
        Browser {
            client,
            _driver: driver,
            _profile: profile,
        }
    }

    async fn goto(&self, url: &str) -> TestResult {
        Ok(self.client.goto(url).await?)
    }

    /// Fills the named fields of the form `form` (a CSS selector) and submits it.
    async fn submit(&self, form: &str, fields: &[(&str, &str)]) -> TestResult {
        let form = self.client.form(Locator::Css(form)).await?;
        for (name, value) in fields {
            form.set_by_name(name, value).await?;
        }
        Ok(form.submit().await?)
    }

    /// Waits until the page's `<main>` contains `text`, then returns it.
    async fn main_contains(&self, text: &str) -> Result<String, Box<dyn std::error::Error>> {
        let mut main = String::new();
        for _ in 0..50 {
            if let Ok(element) = self.client.find(Locator::Css("main")).await {
                main = element.text().await.unwrap_or_default();
                if main.contains(text) {
                    return Ok(main);
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("expected the page to say {text:?}; it says:\n{main}").into())
    }

    async fn nav(&self) -> Result<String, Box<dyn std::error::Error>> {
        Ok(self.client.find(Locator::Css("nav")).await?.text().await?)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_up_log_in_record_points_and_expire() -> TestResult {
    let Some(chromedriver) = chromedriver() else {
        return Ok(());
    };
    let app = App::start().await;
    let browser = Browser::start(&chromedriver).await;
    let result = browser_flow(&app, &browser, true).await;
    let _ = browser.client.clone().close().await;
    result
}

/// Step 1 of moving to PostgreSQL or MySQL, as the README says: the schema's provider
/// becomes `provider` and the migrations are made anew for it (what `refract migrate dev`
/// writes).
fn prisma_dir_for(provider: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("prisma/schema.prisma"))
            .expect("schema.prisma");
    let schema = sqlite.replacen(
        r#"provider = "sqlite""#,
        &format!(r#"provider = "{provider}""#),
        1,
    );
    assert_ne!(schema, sqlite, "the datasource names its provider");
    let (validated, diagnostics) = schema::validate(&diagnostics::SourceFiles::single(
        "schema.prisma",
        schema.as_str(),
    ));
    assert!(!diagnostics.has_errors(), "the {provider} schema is valid");
    let script = migrate::from_empty(&validated).expect("migration for the provider");
    let migration = dir.path().join("migrations/20261123000000_init");
    std::fs::create_dir_all(&migration).expect("migrations folder");
    std::fs::write(migration.join("migration.sql"), script).expect("migration.sql");
    migrate::history::lock_file::write(&dir.path().join("migrations"), provider)
        .expect("lock file");
    std::fs::write(dir.path().join("schema.prisma"), schema).expect("schema");
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_flow_on_postgresql() -> TestResult {
    let Some(server) = test_support::server_url(test_support::Server::Postgres) else {
        return Ok(());
    };
    let Some(chromedriver) = chromedriver() else {
        return Ok(());
    };
    // Step 2: DATABASE_URL names a PostgreSQL database (the app creates it).
    let name = format!("points_e2e_{}", std::process::id());
    let (base, _) = server.rsplit_once('/').expect("a URL with a database");
    let prisma_dir = prisma_dir_for("postgresql");
    let app = App::start_with(
        format!("{base}/{name}"),
        Some(prisma_dir.path()),
        tempfile::tempdir()?,
    )
    .await;
    let browser = Browser::start(&chromedriver).await;
    let result = browser_flow(&app, &browser, false).await;
    let _ = browser.client.clone().close().await;
    drop(app);
    let admin = refract::Client::connect(&server).await?;
    admin
        .execute_script(&format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#))
        .await?;
    result
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_flow_on_mysql() -> TestResult {
    let Some(server) = test_support::server_url(test_support::Server::Mysql) else {
        return Ok(());
    };
    let Some(chromedriver) = chromedriver() else {
        return Ok(());
    };
    // Step 2: DATABASE_URL names a MySQL database (the app creates it).
    let name = format!("points_e2e_{}", std::process::id());
    let (base, _) = server.rsplit_once('/').expect("a URL with a database");
    let prisma_dir = prisma_dir_for("mysql");
    let app = App::start_with(
        format!("{base}/{name}"),
        Some(prisma_dir.path()),
        tempfile::tempdir()?,
    )
    .await;
    let browser = Browser::start(&chromedriver).await;
    let result = browser_flow(&app, &browser, false).await;
    let _ = browser.client.clone().close().await;
    drop(app);
    let admin = refract::Client::connect(&server).await?;
    admin
        .execute_script(&format!("DROP DATABASE IF EXISTS `{name}`"))
        .await?;
    result
}

async fn browser_flow(app: &App, b: &Browser, screenshot: bool) -> TestResult {
    // The seeded demo data is on the leaderboard for anyone.
    b.goto(&app.at("/")).await?;
    b.main_contains("Ada Lovelace").await?;

    // Sign up: the first account becomes the admin.
    b.goto(&app.at("/signup")).await?;
    let me = [
        ("name", "Margaret Hamilton"),
        ("email", "margaret@example.com"),
        ("password", "apollo-eleven"),
    ];
    b.submit("form[action='/signup']", &me).await?;
    b.main_contains("You are the first account, so you are an admin.")
        .await?;

    // Create an activity and record it for ourselves.
    b.goto(&app.at("/admin")).await?;
    let activity = [("name", "Landed on the moon"), ("points", "500")];
    b.submit("#create-activity", &activity).await?;
    b.main_contains("Activity created.").await?;
    let form = b.client.form(Locator::Css("#record-action")).await?;
    b.client
        .find(Locator::Css("select[name='user_id']"))
        .await?
        .select_by_label("Margaret Hamilton (margaret@example.com)")
        .await?;
    b.client
        .find(Locator::Css("select[name='activity_id']"))
        .await?
        .select_by_label("Landed on the moon (500 points)")
        .await?;
    form.submit().await?;
    b.main_contains("Action recorded.").await?;

    // The leaderboard changed: 500 points puts us first.
    b.goto(&app.at("/")).await?;
    b.main_contains("Margaret Hamilton").await?;
    let first_row = b
        .client
        .find(Locator::Css("#leaderboard tbody tr"))
        .await?
        .text()
        .await?;
    assert_eq!(first_row, "1 Margaret Hamilton 500");
    if screenshot {
        save_screenshot(&b.client.screenshot().await?);
    }

    // Our history.
    b.goto(&app.at("/me")).await?;
    let history = b.main_contains("Landed on the moon").await?;
    assert!(history.contains("You have 500 points."), "{history}");

    // Log out; the email is now taken for anyone else.
    b.client
        .find(Locator::Css("form[action='/logout'] button"))
        .await?
        .click()
        .await?;
    b.main_contains("You are logged out.").await?;
    assert!(b.nav().await?.contains("Log in"));
    b.goto(&app.at("/signup")).await?;
    b.submit("form[action='/signup']", &me).await?;
    b.main_contains("An account with this email already exists.")
        .await?;

    // A wrong password is refused.
    b.goto(&app.at("/login")).await?;
    let wrong = [
        ("email", "margaret@example.com"),
        ("password", "not-my-password"),
    ];
    b.submit("form[action='/login']", &wrong).await?;
    b.main_contains("Wrong email or password.").await?;
    assert!(b.nav().await?.contains("Log in"), "still logged out");

    // The right one logs in.
    let right = [
        ("email", "margaret@example.com"),
        ("password", "apollo-eleven"),
    ];
    b.submit("form[action='/login']", &right).await?;
    b.main_contains("You are logged in.").await?;
    assert!(b.nav().await?.contains("Admin"));

    // An expired session logs out, saying so.
    app.expire_sessions().await;
    b.goto(&app.at("/me")).await?;
    b.main_contains("Your session has expired. Please log in again.")
        .await?;
    assert!(b.nav().await?.contains("Log in"));
    b.goto(&app.at("/admin")).await?;
    b.main_contains("Please log in to see that page.").await?;
    Ok(())
}

/// Keeps the leaderboard screenshot under the target dir, and in docs/ on request.
fn save_screenshot(png: &[u8]) {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("points-leaderboard.png");
    std::fs::write(&tmp, png).expect("write the screenshot");
    if std::env::var_os("UPDATE_SCREENSHOT").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/points-leaderboard.png");
        std::fs::write(&docs, png).expect("write docs/points-leaderboard.png");
    }
}

/// A raw HTTP/1.1 exchange: the status, the headers and the body.
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    /// The `name=value` of every `Set-Cookie`, joined for a `Cookie` header.
    fn cookies(&self) -> String {
        self.head
            .lines()
            .filter_map(|l| l.split_once(": "))
            .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, value)| value)
            .filter_map(|c| c.split(';').next())
            .filter(|c| !c.ends_with('='))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The anti-CSRF token of the page's first form.
    fn csrf(&self) -> String {
        let start = self
            .body
            .find(r#"name="csrf" value=""#)
            .expect("a csrf field")
            + 19;
        self.body[start..start + 43].to_owned()
    }
}

async fn http(app: &App, method: &str, path: &str, cookie: &str, form: &str) -> Reply {
    let address = app.url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).await.expect("connect");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
        form.len()
    );
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn posts_without_the_anti_csrf_token_are_refused() {
    let app = App::start().await;

    // Logged out: the double-submit token of the `points_csrf` cookie.
    let page = http(&app, "GET", "/signup", "", "").await;
    let cookie_lines = page
        .head
        .lines()
        .filter(|l| l.to_lowercase().starts_with("set-cookie:"));
    for line in cookie_lines {
        assert!(line.contains("; HttpOnly; SameSite=Lax; Path=/"), "{line}");
    }
    assert!(
        page.head.contains("frame-ancestors 'none'"),
        "{}",
        page.head
    );
    let (cookies, token) = (page.cookies(), page.csrf());
    let signup = "name=Eve&email=eve%40example.com&password=eavesdrop";
    let refused = http(&app, "POST", "/signup", &cookies, signup).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.body.contains("missing its security token"));
    let forged = format!("csrf={}&{signup}", "A".repeat(43));
    assert_eq!(
        http(&app, "POST", "/signup", &cookies, &forged)
            .await
            .status,
        403
    );
    let missing = format!("csrf={token}&name=&email=eve%40example.com&password=");
    let reply = http(&app, "POST", "/signup", &cookies, &missing).await;
    assert_eq!(reply.status, 422);
    assert!(
        reply.body.contains("Please fill in: name, password."),
        "{}",
        reply.body
    );
    let signed_up = http(
        &app,
        "POST",
        "/signup",
        &cookies,
        &format!("csrf={token}&{signup}"),
    )
    .await;
    assert_eq!(signed_up.status, 303, "{}", signed_up.body);

    // Logged in (Eve is the first account, so an admin): the session's own token.
    let session = signed_up.cookies();
    let admin = http(&app, "GET", "/admin", &session, "").await;
    assert_eq!(admin.status, 200);
    let token = admin.csrf();
    let activity = "name=Forged&points=1000";
    let refused = http(&app, "POST", "/admin/activities", &session, activity).await;
    assert_eq!(refused.status, 403);
    // The logged-out token is not the session's.
    let other = format!("csrf={}&{activity}", page.csrf());
    assert_eq!(
        http(&app, "POST", "/admin/activities", &session, &other)
            .await
            .status,
        403
    );
    let admin = http(&app, "GET", "/admin", &session, "").await;
    assert!(!admin.body.contains("Forged"), "no activity was created");
    let accepted = format!("csrf={token}&{activity}");
    assert_eq!(
        http(&app, "POST", "/admin/activities", &session, &accepted)
            .await
            .status,
        303
    );
    assert!(
        http(&app, "GET", "/admin", &session, "")
            .await
            .body
            .contains("Forged")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn repeated_failed_logins_are_slowed() {
    let app = App::start().await;
    let page = http(&app, "GET", "/login", "", "").await;
    let (cookies, token) = (page.cookies(), page.csrf());
    let wrong = format!("csrf={token}&email=ada%40example.com&password=guess");
    for _ in 0..3 {
        assert_eq!(
            http(&app, "POST", "/login", &cookies, &wrong).await.status,
            401
        );
    }
    let locked = http(&app, "POST", "/login", &cookies, &wrong).await;
    assert_eq!(locked.status, 429);
    assert!(
        locked
            .body
            .contains("Too many failed attempts for this email.")
    );
}

/// Names longer than the form allows are refused with a form error (they broke the
/// leaderboard's layout), and a second activity of the same name is refused (the unique
/// constraint on `Activity.name`, from the migration `unique_activity_name`).
#[tokio::test(flavor = "multi_thread")]
async fn long_names_and_duplicate_activities_are_refused() {
    let app = App::start().await;
    let page = http(&app, "GET", "/signup", "", "").await;
    let (cookies, token) = (page.cookies(), page.csrf());
    let long = "x".repeat(5_000);
    let too_long = format!("csrf={token}&name={long}&email=ann%40example.com&password=long-enough");
    let reply = http(&app, "POST", "/signup", &cookies, &too_long).await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(
        reply
            .body
            .contains("Name is too long (5000 characters): please keep it to 60 at most."),
        "{}",
        reply.body
    );
    let fine = format!("csrf={token}&name=Ann&email=ann%40example.com&password=long-enough");
    let signed_up = http(&app, "POST", "/signup", &cookies, &fine).await;
    assert_eq!(signed_up.status, 303, "{}", signed_up.body);

    let session = signed_up.cookies();
    let token = http(&app, "GET", "/admin", &session, "").await.csrf();
    let long_activity = format!("csrf={token}&name={long}&points=5");
    let reply = http(&app, "POST", "/admin/activities", &session, &long_activity).await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(reply.body.contains("Name is too long"), "{}", reply.body);

    let swim = format!("csrf={token}&name=Swim&points=5");
    let created = http(&app, "POST", "/admin/activities", &session, &swim).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let again = format!("csrf={token}&name=%20Swim%20&points=7");
    let reply = http(&app, "POST", "/admin/activities", &session, &again).await;
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert!(
        reply
            .body
            .contains("There is already an activity called “Swim”: choose another name."),
        "{}",
        reply.body
    );
}
