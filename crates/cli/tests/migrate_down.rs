//! `refract migrate dev --with-down` (and `with_down = true` in refract.toml) and
//! `refract migrate down` through the binary, on SQLite and on the servers of
//! `REFRACT_TEST_POSTGRES_URL` and `REFRACT_TEST_MYSQL_URL`.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn refract(dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .env("CI", "1")
        .stdin(Stdio::null())
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

fn write_schema(dir: &Path, provider: &str, models: &str) {
    std::fs::write(
        dir.join("prisma/schema.prisma"),
        format!(
            "datasource db {{\n  provider = \"{provider}\"\n  url      = env(\"DATABASE_URL\")\n}}\n\n{models}"
        ),
    )
    .unwrap();
}

const V1: &str =
    "model User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n";
const V2: &str = "model User {\n  id    Int     @id @default(autoincrement())\n  email String  @unique\n  name  String?\n  posts Post[]\n}\n\nmodel Post {\n  id       Int  @id @default(autoincrement())\n  author   User @relation(fields: [authorId], references: [id])\n  authorId Int\n}\n";

/// The migration folders, in order.
fn migrations(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("prisma/migrations"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn dev_down_and_up(provider: &str, url: &str) {
    let project = tempfile::tempdir().unwrap();
    let dir = project.path();
    std::fs::create_dir_all(dir.join("prisma")).unwrap();
    write_schema(dir, provider, V1);
    let out = refract(
        dir,
        url,
        &[
            "migrate",
            "dev",
            "--name",
            "init",
            "--with-down",
            "--skip-generate",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Down script written to"),
        "{}",
        text(&out)
    );
    let init = &migrations(dir)[0];
    let down =
        std::fs::read_to_string(dir.join("prisma/migrations").join(init).join("down.sql")).unwrap();
    assert!(
        down.contains("You are about to drop the `User` table"),
        "{down}"
    );
    assert!(down.contains("-- DropTable"), "{down}");

    // The switch in refract.toml, without the flag.
    std::fs::write(dir.join("refract.toml"), "[migrations]\nwith_down = true\n").unwrap();
    write_schema(dir, provider, V2);
    let out = refract(
        dir,
        url,
        &["migrate", "dev", "--name", "posts", "--skip-generate"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let names = migrations(dir);
    assert_eq!(names.len(), 2);
    let down = std::fs::read_to_string(
        dir.join("prisma/migrations")
            .join(&names[1])
            .join("down.sql"),
    )
    .unwrap();
    assert!(
        down.contains("You are about to drop the column `name` on the `User` table"),
        "{down}"
    );
    assert!(
        down.contains("You are about to drop the `Post` table"),
        "{down}"
    );

    // Non-interactive without --force: refused, nothing reverted.
    let out = refract(dir, url, &["migrate", "down"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Use --force"),
        "{}",
        text(&out)
    );
    // An unknown target.
    let out = refract(
        dir,
        url,
        &["migrate", "down", "--to", "20200101000000_nope", "--force"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`--to 20200101000000_nope`"),
        "{}",
        text(&out)
    );
    // --steps and --to together: a usage error.
    let out = refract(
        dir,
        url,
        &["migrate", "down", "--steps", "1", "--to", &names[0]],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));

    // Down one: the newest migration is pending again, for status and deploy.
    let out = refract(dir, url, &["migrate", "down", "--force"]);
    assert!(out.status.success(), "{}", text(&out));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains(&format!("Reverting migration `{}`", names[1])),
        "{printed}"
    );
    assert!(
        printed.contains("You are about to drop the `Post` table"),
        "{printed}"
    );
    let out = refract(dir, url, &["migrate", "status"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&names[1]),
        "{}",
        text(&out)
    );
    let out = refract(dir, url, &["migrate", "deploy"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains(&format!("Applying migration `{}`", names[1])),
        "{}",
        text(&out)
    );

    // A migration without down.sql: refused, naming it and the fix.
    std::fs::remove_file(
        dir.join("prisma/migrations")
            .join(&names[1])
            .join("down.sql"),
    )
    .unwrap();
    let out = refract(dir, url, &["migrate", "down", "--steps", "2", "--force"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("The migration `{}` has no down script", names[1])),
        "{err}"
    );

    // Edited after it was applied: refused.
    let posts = dir.join("prisma/migrations").join(&names[1]);
    std::fs::write(posts.join("down.sql"), "SELECT 1;\n").unwrap();
    let script = std::fs::read_to_string(posts.join("migration.sql")).unwrap();
    std::fs::write(
        posts.join("migration.sql"),
        format!("{script}\n-- edited\n"),
    )
    .unwrap();
    let out = refract(dir, url, &["migrate", "down", "--force"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("was modified after it was applied"),
        "{}",
        text(&out)
    );
}

#[test]
fn dev_writes_down_scripts_and_down_reverts_on_sqlite() {
    dev_down_and_up("sqlite", "file:./dev.db");
}

#[test]
fn dev_writes_down_scripts_and_down_reverts_on_postgresql() {
    let Some(url) =
        test_support::database_url(test_support::Server::Postgres, "refract_cli", "down")
    else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _ = runtime.block_on(driver::drop_database(&url));
    dev_down_and_up("postgresql", &url.to_url_string());
    runtime.block_on(driver::drop_database(&url)).unwrap();
}

#[test]
fn dev_writes_down_scripts_and_down_reverts_on_mysql() {
    let Some(url) = test_support::database_url(test_support::Server::Mysql, "refract_cli", "down")
    else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _ = runtime.block_on(driver::drop_database(&url));
    dev_down_and_up("mysql", &url.to_url_string());
    runtime.block_on(driver::drop_database(&url)).unwrap();
}

#[test]
fn a_down_script_written_before_its_migration_was_edited_is_refused() {
    let project = tempfile::tempdir().unwrap();
    let dir = project.path();
    let url = "file:./dev.db";
    std::fs::create_dir_all(dir.join("prisma")).unwrap();
    write_schema(dir, "sqlite", V1);
    let args = [
        "migrate",
        "dev",
        "--name",
        "init",
        "--with-down",
        "--create-only",
    ];
    let out = refract(dir, url, &args);
    assert!(out.status.success(), "{}", text(&out));
    let init = dir.join("prisma/migrations").join(&migrations(dir)[0]);
    let down = std::fs::read_to_string(init.join("down.sql")).unwrap();
    assert!(
        down.lines()
            .last()
            .unwrap()
            .starts_with("-- refract: down script of the migration.sql with checksum "),
        "{down}"
    );
    // Edited after down.sql was written, before it was applied.
    let script = std::fs::read_to_string(init.join("migration.sql")).unwrap();
    std::fs::write(
        init.join("migration.sql"),
        format!("{script}\nCREATE TABLE \"Extra\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n"),
    )
    .unwrap();
    let out = refract(dir, url, &["migrate", "deploy"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = refract(dir, url, &["migrate", "down", "--force"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("was written for another version of its migration.sql"),
        "{err}"
    );
    // Reviewed and fixed: the marker line goes, the script undoes the edit too.
    let fixed: Vec<&str> = down
        .lines()
        .filter(|l| !l.starts_with("-- refract:"))
        .collect();
    std::fs::write(
        init.join("down.sql"),
        format!("{}\nDROP TABLE \"Extra\";\n", fixed.join("\n")),
    )
    .unwrap();
    let out = refract(dir, url, &["migrate", "down", "--force"]);
    assert!(out.status.success(), "{}", text(&out));
}
