//! PostgreSQL extensions (`postgresqlExtensions`) through the binary, on the server of
//! `REFRACT_TEST_POSTGRES_URL`: `migrate dev` writes `CREATE EXTENSION` first, finds no drift
//! in the extensions it created (nor in `plpgsql`, which every database has), neither does
//! `migrate diff --from-url`, updates a
//! version in place against the shadow database (`ALTER EXTENSION … UPDATE TO`), and
//! `db pull` lists them back.

use std::path::Path;
use std::process::{Command, Output};

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
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn schema(extensions: &str) -> String {
    format!(
        "generator client {{\n  provider        = \"prisma-client-js\"\n  previewFeatures = [\"postgresqlExtensions\"]\n}}\n\ndatasource db {{\n  provider   = \"postgresql\"\n  url        = env(\"DATABASE_URL\")\n  extensions = {extensions}\n}}\n\nmodel User {{\n  id    Int    @id\n  email String @db.Citext\n}}\n"
    )
}

/// The SQL of the one migration whose folder name ends with `suffix`.
fn migration(dir: &Path, suffix: &str) -> String {
    let folder = std::fs::read_dir(dir.join("prisma/migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(suffix))
        .unwrap_or_else(|| panic!("no migration named *{suffix}"));
    std::fs::read_to_string(folder.join("migration.sql")).unwrap()
}

#[test]
fn postgres_extensions_are_created_updated_and_pulled() {
    let Some(base) = test_support::server_url(test_support::Server::Postgres) else {
        return;
    };
    let db = format!("refract_cli_ext_{}", std::process::id());
    let (prefix, rest) = base.rsplit_once('/').unwrap();
    let query = rest.split_once('?').map(|(_, q)| format!("?{q}"));
    let url = format!("{prefix}/{db}{}", query.unwrap_or_default());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    std::fs::create_dir_all(path.join("prisma")).unwrap();
    let schema_file = path.join("prisma/schema.prisma");
    std::fs::write(&schema_file, schema("[citext, pg_trgm(version: \"1.5\")]")).unwrap();

    let out = refract(path, &url, &["migrate", "dev", "--name", "init"]);
    assert!(out.status.success(), "{}", text(&out));
    let sql = migration(path, "_init");
    assert!(
        sql.starts_with("-- CreateExtension\nCREATE EXTENSION IF NOT EXISTS \"citext\";\n\n-- CreateExtension\nCREATE EXTENSION IF NOT EXISTS \"pg_trgm\" WITH VERSION \"1.5\";\n\n-- CreateTable\n"),
        "{sql}"
    );

    // The database now has what the history made, plus plpgsql: no drift, nothing to do.
    let out = refract(path, &url, &["migrate", "dev", "--name", "again"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Already in sync"),
        "{}",
        text(&out)
    );

    // migrate diff reads the database's extensions too, against a schema that lists some.
    let out = refract(
        path,
        &url,
        &[
            "migrate",
            "diff",
            "--from-url",
            &url,
            "--to-schema",
            "prisma/schema.prisma",
            "--script",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "-- This is an empty migration.\n\n",
        "{}",
        text(&out)
    );

    // A new version: the shadow database's pg_trgm is relocatable, so it is updated in place.
    std::fs::write(&schema_file, schema("[citext, pg_trgm(version: \"1.6\")]")).unwrap();
    let out = refract(path, &url, &["migrate", "dev", "--name", "bump"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        migration(path, "_bump"),
        "-- AlterExtension\nALTER EXTENSION \"pg_trgm\" UPDATE TO \"1.6\";\n"
    );

    // db pull lists them back, with the version the schema gives.
    let out = refract(path, &url, &["db", "pull", "--print"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("extensions = [citext, pg_trgm(version: \"1.6\")]"),
        "{}",
        text(&out)
    );

    let mut drop = Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(["db", "execute", "--url", &base, "--stdin"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = drop.stdin.take().unwrap();
        write!(stdin, "DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)").unwrap();
    }
    assert!(drop.wait().unwrap().success());
}
