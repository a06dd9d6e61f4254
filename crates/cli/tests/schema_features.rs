//! Partial indexes and `@@check` through the binary: `refract db push` creates them on SQLite
//! and PostgreSQL and a second push finds nothing to do (the database's own spelling of a
//! predicate or a check is no change); on MariaDB a partial index is refused with Prisma's
//! message before anything reaches the database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use test_support::{Server, TestDatabase};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "refract-cli-features-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("prisma")).expect("create scratch folder");
    dir
}

fn refract(dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .output()
        .expect("run refract")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const MODELS: &str = r#"
generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["partialIndexes"]
}

model User {
  id        Int       @id
  email     String    @unique(where: { active: true })
  status    String
  active    Boolean
  deletedAt DateTime?
  total     Int       @default(0)

  @@index([status], where: raw("status <> 'gone' AND total > 0"))
  @@unique([email, status], where: { deletedAt: null, status: { not: "x" } })
  @@check(expression: "total >= 0")
}
"#;

fn schema(provider: &str) -> String {
    format!(
        "datasource db {{\n  provider = \"{provider}\"\n  url      = env(\"DATABASE_URL\")\n}}\n{MODELS}"
    )
}

fn push_twice(provider: &str, url: &str, name: &str) {
    let dir = scratch(name);
    std::fs::write(dir.join("prisma/schema.prisma"), schema(provider)).expect("write schema");
    let first = refract(&dir, url, &["db", "push", "--skip-generate"]);
    assert!(first.status.success(), "{provider}: {}", text(&first));
    let second = refract(&dir, url, &["db", "push", "--skip-generate"]);
    assert!(second.status.success(), "{provider}: {}", text(&second));
    assert!(
        text(&second).contains("already in sync"),
        "{provider}: the second push finds nothing to do:\n{}",
        text(&second)
    );
}

#[tokio::test]
async fn db_push_creates_partial_indexes_and_checks_once_on_sqlite() {
    let db = TestDatabase::sqlite("pidx", "cli_features_sqlite").await;
    push_twice("sqlite", &db.url_string(), "sqlite");
}

#[tokio::test]
async fn db_push_creates_partial_indexes_and_checks_once_on_postgres() {
    let Some(db) = TestDatabase::postgres("pidx", "cli_features_postgres").await else {
        return;
    };
    push_twice("postgresql", &db.url_string(), "postgres");
}

#[tokio::test]
async fn partial_indexes_are_refused_on_mariadb() {
    let Some(db) = TestDatabase::on_server(Server::Mysql, "pidx", "cli_features_mysql").await
    else {
        return;
    };
    let dir = scratch("mysql");
    std::fs::write(dir.join("prisma/schema.prisma"), schema("mysql")).expect("write schema");
    let out = refract(&dir, &db.url_string(), &["db", "push", "--skip-generate"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains(
            "Error parsing attribute \"@@index\": Partial indexes (with a `where` clause) are not supported by the current connector."
        ),
        "{}",
        text(&out)
    );
    let conn = driver::Connection::connect(db.url())
        .await
        .expect("connect");
    let tables = conn
        .query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()",
            &[],
        )
        .await
        .expect("list tables");
    assert_eq!(tables.iter().count(), 0, "nothing reached the database");
}
