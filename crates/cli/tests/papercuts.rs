//! Small things a new user ran into (issue 11), through the binary: each with what Prisma does
//! or what the README promises.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "refract-cli-papercuts-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("prisma")).expect("create scratch folder");
    dir
}

fn refract(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("NO_COLOR")
        .output()
        .expect("run refract")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn deploy_refuses_a_schema_that_fails_validation_and_applies_nothing() {
    let dir = scratch("deploy-invalid");
    std::fs::write(
        dir.join("prisma/schema.prisma"),
        "datasource db {\n  provider = \"sqlite\"\n  url      = \"file:./dev.db\"\n}\n\nmodel A {\n  id Int @id\n  b  Strin\n}\n",
    )
    .unwrap();
    let migration = dir.join("prisma/migrations/20260101000000_init");
    std::fs::create_dir_all(&migration).unwrap();
    std::fs::write(
        migration.join("migration.sql"),
        "CREATE TABLE \"A\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("prisma/migrations/migration_lock.toml"),
        "provider = \"sqlite\"\n",
    )
    .unwrap();
    let out = refract(&dir, &["migrate", "deploy"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("P1012"), "{}", stderr(&out));
    assert!(stderr(&out).contains("Strin"), "{}", stderr(&out));
    assert!(
        !dir.join("prisma/dev.db").exists(),
        "nothing is created or applied"
    );
}

#[test]
fn migrate_diff_without_a_source_is_a_usage_error() {
    let dir = scratch("diff-usage");
    let out = refract(&dir, &["migrate", "diff", "--to-empty", "--script"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Missing a --from-… option"),
        "{}",
        stderr(&out)
    );
    let out = refract(
        &dir,
        &[
            "migrate",
            "diff",
            "--from-empty",
            "--to-empty",
            "--to-url",
            "file:x.db",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_schema_without_a_datasource_is_told_how_to_add_one() {
    let dir = scratch("no-datasource");
    std::fs::write(
        dir.join("prisma/schema.prisma"),
        "model A {\n  id Int @id\n}\n",
    )
    .unwrap();
    let out = refract(&dir, &["migrate", "status"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("the schema has no datasource block"), "{err}");
    assert!(
        err.contains("provider = \"sqlite\" // or \"postgresql\", \"mysql\""),
        "{err}"
    );
    assert!(!err.contains("has no `url`"), "{err}");

    // With a URL but no datasource, commands that need the provider name all three.
    let out = refract(
        &dir,
        &[
            "migrate",
            "diff",
            "--from-empty",
            "--to-schema",
            "prisma/schema.prisma",
            "--script",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("(or \"postgresql\", \"mysql\")"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn format_quotes_the_files_own_line_when_the_schema_is_invalid() {
    let dir = scratch("format-invalid");
    let text = "model A {\n  id    Int @id\n  b       Strin\n}\n";
    std::fs::write(dir.join("prisma/schema.prisma"), text).unwrap();
    let out = refract(&dir, &["format"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("  b       Strin"),
        "the file's line, as written:\n{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("prisma/schema.prisma")).unwrap(),
        text,
        "nothing written"
    );
}

/// `migrate` and `db` colour their output as Prisma does in a terminal (forced here with
/// `CLICOLOR_FORCE=1`, since the test's stdout is a pipe), and print plain text otherwise or
/// when `NO_COLOR` is set.
#[test]
fn migrate_output_is_coloured_in_a_terminal_and_plain_otherwise() {
    let dir = scratch("colour");
    std::fs::write(
        dir.join("prisma/schema.prisma"),
        "datasource db {\n  provider = \"sqlite\"\n  url      = \"file:./dev.db\"\n}\n\nmodel A {\n  id Int @id\n}\n",
    )
    .unwrap();
    let run = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_refract"));
        cmd.args(args)
            .current_dir(&dir)
            .env_remove("DATABASE_URL")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("run refract")
    };
    let push = run(&[], &["db", "push"]);
    assert!(push.status.success(), "{}", stderr(&push));
    let plain = String::from_utf8_lossy(&push.stdout).into_owned();
    assert!(!plain.contains('\x1b'), "{plain:?}");

    let coloured = run(&[("CLICOLOR_FORCE", "1")], &["migrate", "status"]);
    let out = String::from_utf8_lossy(&coloured.stdout).into_owned();
    assert!(
        out.contains("\x1b[2mPrisma schema loaded from prisma/schema.prisma\x1b[0m"),
        "{out:?}"
    );
    let failed = run(
        &[("CLICOLOR_FORCE", "1")],
        &["migrate", "deploy", "--url", "mysql://"],
    );
    assert!(
        stderr(&failed).starts_with("\x1b[1;31mError:\x1b[0m "),
        "{:?}",
        stderr(&failed)
    );

    let no_color = run(
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
        &["migrate", "status"],
    );
    let out = String::from_utf8_lossy(&no_color.stdout).into_owned();
    assert!(out.contains("Prisma schema loaded from"), "{out}");
    assert!(!out.contains('\x1b'), "{out:?}");
}
