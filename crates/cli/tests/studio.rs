//! `refract studio`: prints its URL (127.0.0.1, a random token), serves only with the token,
//! and, without a schema, introspects the database (`--url` alone), views included.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// The running command, killed on drop.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `refract studio --no-open --port 0 ARGS` and returns it with the URL it printed.
fn studio(args: &[&str], dir: &std::path::Path) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_refract"))
        .arg("studio")
        .args(["--no-open", "--port", "0"])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run refract studio");
    let stdout = child.stdout.take().expect("stdout");
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    reader.read_line(&mut line).expect("read the URL");
    // Keep reading, so that the command never writes into a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let running = Running(child);
    let url = line
        .strip_prefix("Refract Studio is running on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .trim()
        .to_owned();
    (running, url)
}

/// GET `path` with the token's cookie (or without, when `token` is None).
fn get(url: &str, path: &str, token: Option<&str>) -> String {
    let host = url
        .strip_prefix("http://")
        .and_then(|r| r.split('/').next())
        .unwrap();
    let mut stream = TcpStream::connect(host).expect("connect");
    let cookie = token.map_or(String::new(), |t| format!("Cookie: refract_studio={t}\r\n"));
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\n{cookie}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn studio_prints_a_loopback_url_with_a_token_and_introspects_without_a_schema() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dev.db");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let url =
            driver::DatabaseUrl::parse(&format!("file:{}", db.display()), dir.path()).unwrap();
        let conn = driver::Connection::connect_or_create(&url).await.unwrap();
        conn.raw_cmd(
            "CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT NOT NULL); \
             INSERT INTO pets (name) VALUES ('Rex'); \
             CREATE VIEW pet_names AS SELECT id, name FROM pets;",
        )
        .await
        .unwrap();
    });
    let (_running, url) = studio(&["--url", &format!("file:{}", db.display())], dir.path());
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let token = url.split("?token=").nth(1).expect("a token in the URL");
    assert_eq!(token.len(), 64);
    assert!(get(&url, "/m/pets", None).starts_with("HTTP/1.1 401"));
    let page = get(&url, "/m/pets", Some(token));
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(
        page.contains("Rex"),
        "the introspected model shows its row: {page}"
    );
}
