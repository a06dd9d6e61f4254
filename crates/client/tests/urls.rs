//! How `Client::connect` reads a Prisma URL. SQLite: a relative `file:` path opens against the
//! process's working directory (as Prisma 7's better-sqlite3 adapter opens it), an absolute
//! one as written, `file::memory:` (and an empty path) in memory, and query parameters
//! (`?connection_limit=`, `?socket_timeout=`) are not part of the file name. PostgreSQL and
//! MySQL: Prisma's parameters are understood or ignored, never sent to the server as
//! connection options it does not know.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use client::Client;
use test_support::{Server, server_url};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh absolute path for a database file, under the target's temporary folder.
fn fresh_file(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("client-urls");
    std::fs::create_dir_all(&dir).expect("create the temporary folder");
    let path = dir.join(format!(
        "{name}-{}-{}.db",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    remove(&path);
    path
}

fn remove(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// `path` written relative to the working directory (`../../…/tmp/x.db`), without touching it.
fn relative_to_cwd(path: &Path) -> String {
    let cwd = std::env::current_dir().expect("a working directory");
    let ups = cwd
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .count();
    let below_root = path.strip_prefix("/").expect("an absolute path");
    format!("{}{}", "../".repeat(ups), below_root.display())
}

/// Writes a row through a client on `url`, then reads it back through a second client opened
/// on the absolute path `file`: both must be the same database.
async fn same_database(url: &str, file: &Path) {
    let client = Client::connect(url)
        .await
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    client
        .execute_script("CREATE TABLE t (v TEXT NOT NULL); INSERT INTO t (v) VALUES ('written');")
        .await
        .unwrap();
    drop(client);
    assert!(file.exists(), "{url} must open {}", file.display());
    let direct = Client::connect(&format!("file:{}", file.display()))
        .await
        .unwrap();
    let rows = direct
        .query_raw("SELECT v FROM t", vec![], |r| r.read::<String>())
        .await
        .unwrap();
    assert_eq!(rows, ["written"], "{url}");
    drop(direct);
    remove(file);
}

#[tokio::test]
async fn relative_sqlite_paths_open_against_the_working_directory() {
    let file = fresh_file("dot-slash");
    same_database(&format!("file:./{}", relative_to_cwd(&file)), &file).await;
    let file = fresh_file("bare");
    same_database(&format!("file:{}", relative_to_cwd(&file)), &file).await;
    let file = fresh_file("sqlite-scheme");
    same_database(&format!("sqlite:{}", relative_to_cwd(&file)), &file).await;
}

#[tokio::test]
async fn absolute_sqlite_paths_open_as_written() {
    let file = fresh_file("absolute");
    same_database(&format!("file:{}", file.display()), &file).await;
    let file = fresh_file("triple-slash");
    same_database(&format!("file://{}", file.display()), &file).await;
}

#[tokio::test]
async fn query_parameters_are_not_part_of_the_sqlite_file_name() {
    let file = fresh_file("params");
    same_database(
        &format!(
            "file:{}?connection_limit=3&socket_timeout=10",
            relative_to_cwd(&file)
        ),
        &file,
    )
    .await;
    let file = fresh_file("params-absolute");
    same_database(
        &format!("file:{}?connection_limit=1", file.display()),
        &file,
    )
    .await;
    let stray: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains('?'))
        .collect();
    assert!(stray.is_empty(), "files named after the query: {stray:?}");
}

/// An in-memory database is one connection (each would be a database of its own), so what a
/// statement writes, the next one reads.
#[tokio::test]
async fn memory_urls_share_one_database_between_statements() {
    for url in ["file::memory:", "file::memory:?connection_limit=4", "file:"] {
        let client = Client::connect(url)
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        client
            .execute_script("CREATE TABLE t (v INTEGER NOT NULL)")
            .await
            .unwrap();
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let client = client.clone();
                tokio::spawn(async move {
                    client
                        .execute_raw("INSERT INTO t (v) VALUES (?)", vec![client::Value::Int(i)])
                        .await
                })
            })
            .collect();
        for h in handles {
            h.await.unwrap().unwrap();
        }
        let n = client
            .query_raw("SELECT COUNT(*) FROM t", vec![], |r| r.read::<i64>())
            .await
            .unwrap();
        assert_eq!(n, [4], "{url}");
    }
    assert!(
        !Path::new(":memory:").exists(),
        "no file named `:memory:` in the working directory"
    );
}

#[tokio::test]
async fn unknown_schemes_are_refused_with_the_supported_ones() {
    for url in ["./dev.db", "mongodb://localhost/app"] {
        let e = Client::connect(url)
            .await
            .expect_err("not a SQL database URL");
        let text = e.to_string();
        assert!(
            text.contains("file:") && text.contains("postgresql://") && text.contains("mysql://"),
            "{url}: {text}"
        );
    }
    let e = Client::connect("").await.expect_err("an empty URL");
    assert!(e.to_string().contains("The URL is empty"), "{e}");
}

fn with_params(base: &str, params: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{params}")
}

/// Prisma's pool and client parameters are accepted (read or ignored); `schema` sets the
/// search path; `application_name` and `options` reach the server as libpq sends them.
#[tokio::test]
async fn postgres_urls_take_prismas_parameters() {
    let Some(base) = server_url(Server::Postgres) else {
        return;
    };
    let url = with_params(
        &base,
        "schema=tenant_x&connection_limit=2&pool_timeout=5&socket_timeout=10\
         &connect_timeout=7&statement_cache_size=100&pgbouncer=false\
         &max_idle_connection_lifetime=30&sslmode=disable\
         &application_name=refract-url-test&options=-c%20statement_timeout%3D1234",
    );
    let client = Client::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    let settings = client
        .query_raw(
            "SELECT current_setting('search_path'), current_setting('application_name'), \
             current_setting('statement_timeout')",
            vec![],
            |r| {
                Ok((
                    r.read::<String>()?,
                    r.read::<String>()?,
                    r.read::<String>()?,
                ))
            },
        )
        .await
        .unwrap();
    assert_eq!(
        settings,
        [(
            "tenant_x".to_owned(),
            "refract-url-test".to_owned(),
            "1234ms".to_owned()
        )]
    );
}

/// Without `schema`, the client works in `public`, as Prisma does, whatever the server's or
/// the role's default search path (`"$user", public` out of the box).
#[tokio::test]
async fn postgres_urls_without_schema_work_in_public() {
    let Some(base) = server_url(Server::Postgres) else {
        return;
    };
    let client = Client::connect(&base).await.unwrap();
    let path = client
        .query_raw("SELECT current_setting('search_path')", vec![], |r| {
            r.read::<String>()
        })
        .await
        .unwrap();
    assert_eq!(path, ["public"]);
}

#[tokio::test]
async fn mysql_urls_take_prismas_parameters() {
    let Some(base) = server_url(Server::Mysql) else {
        return;
    };
    let url = with_params(
        &base,
        "connection_limit=2&pool_timeout=5&socket_timeout=10&connect_timeout=7",
    );
    let client = Client::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    let one = client
        .query_raw("SELECT 1", vec![], |r| r.read::<i64>())
        .await
        .unwrap();
    assert_eq!(one, [1]);
}
