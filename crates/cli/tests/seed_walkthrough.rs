//! The seed walk-through through the binary: `migrate dev --name init` on the seed-000 schema
//! writes Prisma's SQL; making Session's fields optional (seed 002) writes Prisma's table
//! redefinition (SQLite) or ALTERs (PostgreSQL, MySQL); the rows in Session survive; `migrate status`
//! is clean; `db push` and `migrate dev` refuse to lose data silently.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use driver::{Connection, DatabaseUrl};

fn seeds() -> PathBuf {
    match std::env::var("REFRACT_CONFORMANCE_DIR") {
        Ok(d) => PathBuf::from(d).join("seeds"),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../conformance/seeds"),
    }
}

fn refract(dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .env("CI", "1")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The schema file of a seed, with its datasource switched to `provider`.
fn seed_schema(file: &str, provider: &str) -> String {
    std::fs::read_to_string(seeds().join(file))
        .unwrap()
        .replacen(
            "provider = \"sqlite\"",
            &format!("provider = \"{provider}\""),
            1,
        )
}

/// The one migration folder whose name ends with `_{name}`.
fn migration_sql(dir: &Path, name: &str) -> String {
    let migrations = dir.join("prisma/migrations");
    let folder = std::fs::read_dir(&migrations)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .ends_with(&format!("_{name}"))
        })
        .unwrap_or_else(|| panic!("no migration named {name}"));
    std::fs::read_to_string(folder.join("migration.sql")).unwrap()
}

/// The test's own connection; on MySQL in `ANSI_QUOTES` mode, so its statements can quote
/// identifiers with `"` as on the other databases.
async fn connect(url: &DatabaseUrl) -> Connection {
    let conn = Connection::connect(url).await.unwrap();
    if conn.provider() == driver::Provider::Mysql {
        conn.raw_cmd("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')")
            .await
            .unwrap();
    }
    conn
}

async fn walk(provider: &str, url: &str, db_url: &DatabaseUrl) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    std::fs::create_dir_all(path.join("prisma")).unwrap();
    let schema = path.join("prisma/schema.prisma");

    std::fs::write(&schema, seed_schema("seed000.formatted.prisma", provider)).unwrap();
    let out = refract(path, url, &["migrate", "dev", "--name", "init"]);
    assert!(out.status.success(), "{}", text(&out));
    let expected =
        std::fs::read_to_string(seeds().join(format!("seed000.from-empty.{provider}.sql")))
            .unwrap();
    // `migrate diff` prints the migration followed by a blank line.
    assert_eq!(format!("{}\n", migration_sql(path, "init")), expected);
    assert!(refract(path, url, &["migrate", "status"]).status.success());

    // Seed 002 starts over from its own "before" schema.
    let out = refract(path, url, &["migrate", "reset", "--force"]);
    assert!(out.status.success(), "{}", text(&out));
    std::fs::remove_dir_all(path.join("prisma/migrations")).unwrap();
    let out = refract(path, url, &["migrate", "reset", "--force"]);
    assert!(out.status.success(), "{}", text(&out));
    std::fs::write(
        &schema,
        seed_schema("seed002-before.formatted.prisma", provider),
    )
    .unwrap();
    let out = refract(path, url, &["migrate", "dev", "--name", "before"]);
    assert!(out.status.success(), "{}", text(&out));

    let conn = connect(db_url).await;
    conn.raw_cmd(
        "INSERT INTO \"User\" (\"id\", \"updatedAt\", \"email\", \"hashedPassword\", \"role\") VALUES (1, CURRENT_TIMESTAMP, 'a@b.c', 'x', 'user');
         INSERT INTO \"Session\" (\"id\", \"updatedAt\", \"expiresAt\", \"handle\", \"userId\", \"hashedSessionToken\", \"antiCSRFToken\", \"publicData\", \"privateData\")
         VALUES (7, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'h7', 1, 't', 'c', 'pub', 'priv');",
    )
    .await
    .unwrap();
    drop(conn);

    std::fs::write(
        &schema,
        seed_schema("seed002-after.formatted.prisma", provider),
    )
    .unwrap();
    let out = refract(path, url, &["migrate", "dev", "--name", "after"]);
    assert!(out.status.success(), "{}", text(&out));
    let expected =
        std::fs::read_to_string(seeds().join(format!("seed002.before-to-after.{provider}.sql")))
            .unwrap();
    assert_eq!(format!("{}\n", migration_sql(path, "after")), expected);

    let conn = connect(db_url).await;
    let rows = conn
        .query(
            "SELECT \"handle\", \"publicData\", \"userId\" FROM \"Session\"",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 1, "the Session row survives");
    let row = rows.first().unwrap();
    assert_eq!(row.text("handle"), Some("h7"));
    assert_eq!(row.text("publicData"), Some("pub"));
    assert_eq!(row.int("userId"), Some(1));
    drop(conn);

    let out = refract(path, url, &["migrate", "status"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Database schema is up to date!"));
    let out = refract(path, url, &["migrate", "dev", "--name", "nothing"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Already in sync"),
        "{}",
        text(&out)
    );

    // Dropping Session, which has a row: db push and migrate dev warn and, without a
    // terminal, refuse.
    let without_session = seed_schema("seed002-after.formatted.prisma", provider);
    let start = without_session.find("model Session").unwrap();
    let end = start + without_session[start..].find("\n}\n").unwrap() + 3;
    let mut changed = without_session.clone();
    changed.replace_range(start..end, "");
    let changed = changed
        .replace("  sessions       Session[]\n", "")
        .replace("sessions Session[]", "");
    std::fs::write(&schema, &changed).unwrap();
    let out = refract(path, url, &["db", "push"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("You are about to drop the `Session` table, which is not empty (1 rows)."),
        "{}",
        text(&out)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--accept-data-loss"),
        "{}",
        text(&out)
    );
    let out = refract(path, url, &["migrate", "dev", "--name", "drop_session"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let out = refract(path, url, &["db", "push", "--accept-data-loss"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("Your database is now in sync with your Prisma schema.")
    );
    let out = refract(path, url, &["db", "push"]);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("The database is already in sync with the Prisma schema."),
        "{}",
        text(&out)
    );
}

#[tokio::test]
async fn sqlite_walkthrough() {
    // An absolute file URL, so the test opens the same file the binary does.
    let holder = tempfile::tempdir().unwrap();
    let file = holder.path().join("dev.db");
    let url = format!("file:{}", file.display());
    let db_url = DatabaseUrl::parse(&url, holder.path()).unwrap();
    walk("sqlite", &url, &db_url).await;
}

#[tokio::test]
async fn postgres_walkthrough() {
    let Some(base) = test_support::server_url(test_support::Server::Postgres) else {
        return;
    };
    let (prefix, _) = base.rsplit_once('/').unwrap();
    let url = format!("{prefix}/refract_cli_seed_walkthrough");
    let db_url = DatabaseUrl::parse(&url, Path::new(".")).unwrap();
    driver::drop_database(&db_url).await.unwrap();
    walk("postgresql", &url, &db_url).await;
    driver::drop_database(&db_url).await.unwrap();
}

#[tokio::test]
async fn mysql_walkthrough() {
    let Some(base) = test_support::server_url(test_support::Server::Mysql) else {
        return;
    };
    let db_url = DatabaseUrl::parse(&base, Path::new("."))
        .unwrap()
        .with_database("refract_cli_seed_walkthrough")
        .unwrap();
    let url = db_url.to_url_string();
    driver::drop_database(&db_url).await.unwrap();
    walk("mysql", &url, &db_url).await;
    driver::drop_database(&db_url).await.unwrap();
}
