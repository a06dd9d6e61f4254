//! `tables.external` (Prisma 7's config) and the history: a database whose only tables are
//! managed elsewhere is empty to `migrate deploy` and `migrate dev` (no P3005, "The database
//! schema is not empty"), as Prisma's engine filters them; any other table still is not. On
//! SQLite (`auth_users`) and on the PostgreSQL server of `REFRACT_TEST_POSTGRES_URL`
//! (`public.auth_users`, the schema-qualified spelling).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "refract-cli-external-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("db/migrations/20240101000000_init")).unwrap();
    dir
}

fn refract(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
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

/// A project on `url` whose history creates `Post`, with `external` as `tables.external`.
fn project(dir: &Path, provider: &str, url: &str, external: &str) {
    std::fs::write(
        dir.join("prisma.config.ts"),
        format!(
            "import {{ defineConfig }} from \"prisma/config\";\n\nexport default defineConfig({{\n  experimental: {{ externalTables: true }},\n  schema: \"db/schema.prisma\",\n  migrations: {{ path: \"db/migrations\" }},\n  tables: {{ external: [{external}] }},\n  datasource: {{ url: \"{url}\" }},\n}});\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("db/schema.prisma"),
        format!(
            "datasource db {{\n  provider = \"{provider}\"\n}}\n\nmodel Post {{\n  id Int @id\n}}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("db/migrations/migration_lock.toml"),
        format!("provider = \"{provider}\"\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("db/migrations/20240101000000_init/migration.sql"),
        "CREATE TABLE \"Post\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("auth.sql"),
        "CREATE TABLE auth_users (id INTEGER PRIMARY KEY);\n",
    )
    .unwrap();
}

fn check(dir: &Path, command: &[&str]) {
    // An empty SQLite file is an empty database (`db execute` does not create one).
    std::fs::write(dir.join("app.db"), "").unwrap();
    let out = refract(dir, &["db", "execute", "--file", "auth.sql"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = refract(dir, command);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("P3005"), "{}", text(&out));
    let out = refract(dir, &["migrate", "status"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn sqlite_only_external_tables_are_an_empty_database() {
    for command in [&["migrate", "deploy"][..], &["migrate", "dev"][..]] {
        let dir = scratch(command[1]);
        project(&dir, "sqlite", "file:./app.db", "\"auth_users\"");
        check(&dir, command);
        std::fs::remove_dir_all(&dir).unwrap();
    }
    // Another table still makes the database "not empty".
    let dir = scratch("other");
    project(&dir, "sqlite", "file:./app.db", "\"someone_else\"");
    std::fs::write(dir.join("app.db"), "").unwrap();
    let out = refract(&dir, &["db", "execute", "--file", "auth.sql"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = refract(&dir, &["migrate", "deploy"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("P3005"), "{}", text(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn postgres_only_external_tables_are_an_empty_database() {
    let Some(db) = test_support::TestDatabase::postgres("refract_cli_external", "deploy").await
    else {
        return;
    };
    let dir = scratch("postgres");
    project(
        &dir,
        "postgresql",
        &db.url_string(),
        "\"public.auth_users\"",
    );
    check(&dir, &["migrate", "deploy"]);
    std::fs::remove_dir_all(&dir).unwrap();
}
