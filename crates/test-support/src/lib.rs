//! Dev-only helpers for Refract's database tests and benchmarks (never a dependency of a
//! library):
//!
//! - [`skip`]: how a test that cannot run here says so: a `skipped: …` line, a record in the
//!   file `REFRACT_SKIP_LOG` names (scripts/test counts them, so a skip is never reported as a
//!   pass), and a failure under `CI`.
//! - [`server_url`]: the PostgreSQL or MySQL server a test runs on, from
//!   `REFRACT_TEST_POSTGRES_URL` / `REFRACT_TEST_MYSQL_URL`. Without it the test is skipped
//!   with a loud message, except under `CI`, where it fails.
//! - [`TestDatabase`]: a fresh SQLite file, PostgreSQL database or MySQL database per test,
//!   under a unique name (tests run in parallel), removed when dropped.
//! - [`schema_ddl`]: the tables of a `.prisma` file for any provider, as the migration engine
//!   creates them from empty (`migrate diff --from-empty`), so that tests never keep a
//!   hand-written copy of what the engine computes.
//! - [`OwnMariaDb`]: a MariaDB server of the test's own (its own data folder, port and options),
//!   stopped and removed when dropped, for what a test must not do to the shared server.

#![deny(missing_docs)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use driver::DatabaseUrl;

mod mariadb;

pub use mariadb::OwnMariaDb;

/// A small deterministic generator (xorshift64) for the randomised tests, so that a failing
/// seed can be replayed. The state is public: each test seeds it as it likes (never with 0).
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// One of `items` (not empty).
    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

/// A database server the tests may run on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Server {
    /// PostgreSQL, at `REFRACT_TEST_POSTGRES_URL`.
    Postgres,
    /// MySQL or MariaDB, at `REFRACT_TEST_MYSQL_URL`.
    Mysql,
}

impl Server {
    /// The environment variable holding the server's URL.
    pub fn env_var(self) -> &'static str {
        match self {
            Server::Postgres => "REFRACT_TEST_POSTGRES_URL",
            Server::Mysql => "REFRACT_TEST_MYSQL_URL",
        }
    }

    /// The server for a Prisma provider name (`postgresql`, `mysql`); `None` for `sqlite`.
    pub fn for_provider(provider: &str) -> Option<Server> {
        match provider {
            "postgresql" | "postgres" => Some(Server::Postgres),
            "mysql" => Some(Server::Mysql),
            _ => None,
        }
    }
}

/// Records that the running test (or part of it) could not run here, and why.
///
/// Prints `skipped: {reason}` and appends a line `{test}: {reason}` to the file named by
/// `REFRACT_SKIP_LOG` when that is set (scripts/test sets it and reports the count as
/// "skipped", never as passed). The caller then returns without checking anything.
///
/// # Panics
/// When `CI` is set: CI has every server and tool, so a skip there is a failure.
pub fn skip(reason: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("<unnamed>");
    let binary = std::env::args()
        .next()
        .and_then(|a| {
            Path::new(&a)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    // Test binaries are named `{name}-{hash}`: keep the name.
    let binary = binary.rsplit_once('-').map_or(binary.as_str(), |(n, _)| n);
    assert!(
        std::env::var_os("CI").is_none(),
        "{binary}::{test} cannot run under CI: {reason}"
    );
    eprintln!("skipped: {reason}");
    if let Some(log) = std::env::var_os("REFRACT_SKIP_LOG") {
        use std::io::Write;
        let line = format!("{binary}::{test}: {}\n", reason.replace('\n', " "));
        // One write of one line in append mode: lines of parallel tests do not interleave.
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .and_then(|mut f| f.write_all(line.as_bytes()));
        if let Err(e) = written {
            panic!("recording a skip in {}: {e}", Path::new(&log).display());
        }
    }
}

/// The server's URL from the environment, or `None` after recording a [`skip`]
/// (`REFRACT_TEST_…_URL not set`).
///
/// # Panics
/// When the variable is missing and `CI` is set: CI runs every database test.
pub fn server_url(server: Server) -> Option<String> {
    let var = server.env_var();
    match std::env::var(var) {
        Ok(url) => Some(url),
        Err(_) => {
            skip(&format!("{var} not set"));
            None
        }
    }
}

/// A name no other test of any process uses at the same time: `{prefix}_{test}_{pid}_{n}`,
/// lower-cased (PostgreSQL folds unquoted names; MySQL's may be case-sensitive) and cut to 63
/// bytes (PostgreSQL's limit; MySQL's is 64), keeping the unique end.
pub fn unique_name(prefix: &str, test: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let end = format!(
        "_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let mut start: String = format!("{prefix}_{test}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    start.truncate(63usize.saturating_sub(end.len()));
    start + &end
}

/// The URL of a database named for this test ([`unique_name`]) on `server`, not created: for
/// tests that create and drop it themselves (once per fixture, say). `None` (loudly) when the
/// server's URL is not set; see [`server_url`].
///
/// # Panics
/// When the server's URL is not a URL of that server.
pub fn database_url(server: Server, prefix: &str, test: &str) -> Option<DatabaseUrl> {
    let base = server_url(server)?;
    let var = server.env_var();
    let url = DatabaseUrl::parse(&base, Path::new("."))
        .unwrap_or_else(|e| panic!("{var} is not a database URL: {e}"))
        .with_database(&unique_name(prefix, test))
        .unwrap_or_else(|| panic!("{var} names a SQLite file, not a server"));
    let expected = match server {
        Server::Postgres => matches!(url, DatabaseUrl::Postgres(_)),
        Server::Mysql => matches!(url, DatabaseUrl::Mysql(_)),
    };
    assert!(expected, "{var} is not a {server:?} URL");
    Some(url)
}

/// A fresh, empty database for one test, removed when dropped: the SQLite file (with its
/// `-wal`, `-shm` and `-journal` files) or the server's database.
pub struct TestDatabase {
    url: DatabaseUrl,
}

impl TestDatabase {
    /// An empty SQLite file in the temporary folder.
    ///
    /// # Panics
    /// When the file cannot be created.
    pub async fn sqlite(prefix: &str, test: &str) -> TestDatabase {
        let path = std::env::temp_dir().join(format!("{}.db", unique_name(prefix, test)));
        let url = DatabaseUrl::parse(&format!("file:{}", path.display()), Path::new("."))
            .expect("a file: URL parses");
        // Owned before it is created: a failure below still removes what was made.
        let database = TestDatabase { url };
        driver::create_database(&database.url)
            .await
            .unwrap_or_else(|e| panic!("creating the SQLite test database: {e}"));
        database
    }

    /// A fresh database on `server`, or `None` (loudly) when its URL is not set; see
    /// [`server_url`].
    ///
    /// # Panics
    /// When the server's URL is not a URL of that server, or the server refuses to create the
    /// database.
    pub async fn on_server(server: Server, prefix: &str, test: &str) -> Option<TestDatabase> {
        let url = database_url(server, prefix, test)?;
        driver::drop_database(&url)
            .await
            .unwrap_or_else(|e| panic!("dropping a previous test database: {e}"));
        driver::create_database(&url)
            .await
            .unwrap_or_else(|e| panic!("creating the test database: {e}"));
        Some(TestDatabase { url })
    }

    /// A fresh PostgreSQL database, or `None` (loudly) without `REFRACT_TEST_POSTGRES_URL`.
    pub async fn postgres(prefix: &str, test: &str) -> Option<TestDatabase> {
        Self::on_server(Server::Postgres, prefix, test).await
    }

    /// A fresh MySQL/MariaDB database, or `None` (loudly) without `REFRACT_TEST_MYSQL_URL`.
    pub async fn mysql(prefix: &str, test: &str) -> Option<TestDatabase> {
        Self::on_server(Server::Mysql, prefix, test).await
    }

    /// A fresh database for a Prisma provider (`sqlite`, `postgresql`, `mysql`), or `None`
    /// (loudly) when that provider's server is not configured.
    pub async fn for_provider(provider: &str, prefix: &str, test: &str) -> Option<TestDatabase> {
        match Server::for_provider(provider) {
            Some(server) => Self::on_server(server, prefix, test).await,
            None => Some(Self::sqlite(prefix, test).await),
        }
    }

    /// The database's parsed URL.
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// The database's URL as a string (`file:/tmp/….db`, `postgresql://…/name`,
    /// `mysql://…/name`), for clients that take one.
    pub fn url_string(&self) -> String {
        self.url.to_url_string()
    }

    /// The SQLite file, for a SQLite database.
    pub fn path(&self) -> Option<PathBuf> {
        match &self.url {
            DatabaseUrl::Sqlite(s) => Some(s.path.clone()),
            _ => None,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(path) = self.path() {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            return;
        }
        // Dropping cannot await, and may run inside a runtime: a thread with its own runtime
        // removes the database (PostgreSQL's `WITH (FORCE)` ends the test's own connections).
        let url = self.url.clone();
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(driver::drop_database(&url)).ok()
        })
        .join();
    }
}

/// The DDL that creates a `.prisma` file's tables on `provider` (`sqlite`, `postgresql`,
/// `mysql`) from an empty database, as the migration engine calculates it (what
/// `migrate diff --from-empty --to-schema` prints). The datasource's provider in the file is
/// replaced by `provider`, so that one schema serves every database.
///
/// # Panics
/// When the file cannot be read, has no datasource provider, or is not valid on `provider`
/// (with the rendered diagnostics).
pub fn schema_ddl(path: &Path, provider: &str) -> String {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("reading the test schema {}: {e}", path.display()));
    let text = with_provider(&text, provider)
        .unwrap_or_else(|| panic!("{} has no datasource provider", path.display()));
    let files = diagnostics::SourceFiles::single(path.display().to_string(), text);
    let (schema, diagnostics) = schema::validate(&files);
    assert!(
        !diagnostics.has_errors(),
        "{} is not valid on {provider}:\n{}",
        path.display(),
        diagnostics::render::render_text(&files, &diagnostics, false)
    );
    migrate::from_empty(&schema)
        .unwrap_or_else(|e| panic!("the {provider} DDL of {}: {e}", path.display()))
}

/// The schema text with its datasource's `provider` set to `provider`, or `None` when no
/// datasource block declares one. Other blocks (a generator's `provider`) are left alone.
pub fn with_provider(text: &str, provider: &str) -> Option<String> {
    let mut in_datasource = false;
    let mut replaced = false;
    let mut out = String::with_capacity(text.len() + provider.len());
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("datasource ") || trimmed.starts_with("datasource\t") {
            in_datasource = true;
        } else if in_datasource && trimmed.starts_with('}') {
            in_datasource = false;
        } else if in_datasource && !replaced {
            let key = trimmed
                .strip_prefix("provider")
                .filter(|rest| rest.trim_start().starts_with('='));
            if key.is_some() {
                let indent = &line[..line.len() - trimmed.len()];
                let newline = if line.ends_with("\r\n") {
                    "\r\n"
                } else if line.ends_with('\n') {
                    "\n"
                } else {
                    ""
                };
                out.push_str(&format!("{indent}provider = \"{provider}\"{newline}"));
                replaced = true;
                continue;
            }
        }
        out.push_str(line);
    }
    replaced.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_provider_changes_only_the_datasource() {
        let text = "generator client {\n  provider = \"refract\"\n}\n\ndatasource db {\n  provider = \"sqlite\" // here\n  url      = env(\"DATABASE_URL\")\n}\n";
        assert_eq!(
            with_provider(text, "mysql").unwrap(),
            "generator client {\n  provider = \"refract\"\n}\n\ndatasource db {\n  provider = \"mysql\"\n  url      = env(\"DATABASE_URL\")\n}\n"
        );
        assert_eq!(
            with_provider("generator c {\n  provider = \"x\"\n}\n", "mysql"),
            None
        );
    }

    #[test]
    fn unique_names_are_distinct_and_short() {
        let long = "x".repeat(100);
        let (a, b) = (unique_name("p", &long), unique_name("p", &long));
        assert_ne!(a, b);
        assert!(a.len() <= 63, "{a}");
        assert_eq!(unique_name("Refract", "A-b")[..11], *"refract_a_b");
    }

    #[test]
    fn schema_ddl_renders_each_provider() {
        let dir = std::env::temp_dir().join(unique_name("test_support", "ddl"));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("schema.prisma");
        std::fs::write(
            &path,
            "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel A {\n  id Int @id @default(autoincrement())\n}\n",
        )
        .unwrap();
        let sqlite = schema_ddl(&path, "sqlite");
        let postgres = schema_ddl(&path, "postgresql");
        let mysql = schema_ddl(&path, "mysql");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(sqlite.contains("AUTOINCREMENT"), "{sqlite}");
        assert!(postgres.contains("SERIAL"), "{postgres}");
        assert!(mysql.contains("AUTO_INCREMENT"), "{mysql}");
    }
}
