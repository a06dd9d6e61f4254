//! Shared by the browser and HTTP tests: Studio on a fresh, seeded database, in this process,
//! and a headless Chromium session.

#![allow(dead_code)]

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use test_support::TestDatabase;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Studio serving a seeded database until dropped.
pub struct App {
    /// The printed URL (with the token).
    pub url: String,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The token.
    pub token: String,
    pub port: u16,
    _db: TestDatabase,
    _server: tokio::task::JoinHandle<()>,
}

impl App {
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// Studio on a fresh database of `provider` with three users and three posts; `None` (after
/// a skip message) when the database server is not configured.
pub async fn start(provider: &str) -> Option<App> {
    let q = if provider == "mysql" { '`' } else { '"' };
    let seed = format!(
        "INSERT INTO users (email, name, role, {q}updated_at{q}) VALUES \
           ('ann@example.com', 'Ann', 'ADMIN', '2026-01-01 00:00:00'),\
           ('bob@example.com', 'Bob', 'USER', '2026-01-01 00:00:00'),\
           ('carol@example.com', NULL, 'USER', '2026-01-01 00:00:00');\n\
         INSERT INTO posts (id, title, published, author_id) VALUES \
           ('p1', 'Hello', true, 1), ('p2', 'Second', false, 1), ('p3', 'Third', false, 2);\n\
         INSERT INTO tags (label) VALUES ('vip'), ('new');\n\
         INSERT INTO {q}_TagToUser{q} ({q}A{q}, {q}B{q}) VALUES (1, 1), (1, 2), (2, 3);\n\
         CREATE VIEW post_titles AS SELECT id, title FROM posts;"
    );
    start_with(provider, "shop.prisma", &seed).await
}

/// Studio on a fresh database of `provider` with the tables of `tests/fixtures/{fixture}`,
/// after running `seed`.
pub async fn start_with(provider: &str, fixture_name: &str, seed: &str) -> Option<App> {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture_name);
    let db = TestDatabase::for_provider(provider, "studio", provider).await?;
    let ddl = test_support::schema_ddl(&fixture, provider);
    let conn = driver::Connection::connect(db.url())
        .await
        .expect("connect");
    conn.raw_cmd(&ddl).await.expect("create the tables");
    conn.raw_cmd(seed).await.expect("seed");
    drop(conn);
    let text = test_support::with_provider(&std::fs::read_to_string(&fixture).unwrap(), provider)
        .expect("provider");
    let files = diagnostics::SourceFiles::single(fixture_name.to_owned(), text);
    let (schema, diagnostics) = schema::validate(&files);
    assert!(!diagnostics.has_errors());
    let studio = studio::Studio::open(&schema, &db.url_string())
        .await
        .expect("open studio");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let url = studio.url(addr);
    let token = studio.token().to_owned();
    let server = tokio::spawn(async move {
        studio.serve(listener).await.expect("serve");
    });
    Some(App {
        url,
        base: format!("http://{addr}"),
        token,
        port: addr.port(),
        _db: db,
        _server: server,
    })
}

/// A raw HTTP/1.1 request with the token's cookie: the whole response as text.
pub async fn http(
    app: &App,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> String {
    let mut all: Vec<(String, String)> = vec![
        ("Host".into(), format!("127.0.0.1:{}", app.port)),
        ("Cookie".into(), format!("{}={}", studio::COOKIE, app.token)),
    ];
    for (k, v) in headers {
        all.retain(|(name, _)| !name.eq_ignore_ascii_case(k));
        if !v.is_empty() {
            all.push(((*k).to_owned(), (*v).to_owned()));
        }
    }
    raw(app, method, path, &all, body).await
}

/// A raw HTTP/1.1 request with exactly these headers.
pub async fn raw(
    app: &App,
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: &str,
) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    if method == "POST" {
        request.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver, or `None` (after a loud message) when it is missing outside CI.
pub fn chromedriver() -> Option<PathBuf> {
    let found = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        test_support::skip(
            "chromedriver not found: install Debian's chromium and chromium-driver \
             (`bash .ci/browser.sh`) to run Studio's browser tests",
        );
    }
    found
}

/// A headless Chromium session with a fresh profile, and its chromedriver.
pub struct Browser {
    pub client: Client,
    _driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start(chromedriver: &Path) -> Browser {
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
            "--window-size=1280,640",
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

    pub async fn goto(&self, url: &str) -> TestResult {
        Ok(self.client.goto(url).await?)
    }

    /// Runs a script in the page.
    pub async fn run(&self, script: &str) -> TestResult {
        self.client.execute(script, vec![]).await?;
        Ok(())
    }

    /// Clicks the first link whose text is `text`.
    pub async fn click_link(&self, text: &str) -> TestResult {
        self.client
            .find(Locator::LinkText(text))
            .await?
            .click()
            .await?;
        Ok(())
    }

    /// Waits until the page's `<main>` contains `text`, then returns it.
    pub async fn main_contains(&self, text: &str) -> Result<String, Box<dyn std::error::Error>> {
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

    /// Posts the export form `id` from the page (as its button would) and returns the body.
    pub async fn export(&self, id: &str) -> Result<String, Box<dyn std::error::Error>> {
        let script = format!(
            "const f = document.getElementById('{id}');\
             return fetch(f.action, {{method: 'POST', body: new URLSearchParams(new FormData(f))}}).then(r => r.text());"
        );
        let value = self.client.execute(&script, vec![]).await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Writes a screenshot of the page to docs/NAME.
    pub async fn screenshot(&self, name: &str) -> TestResult {
        let png = self.client.screenshot().await?;
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../docs")
            .join(name);
        std::fs::write(path, png)?;
        Ok(())
    }
}
