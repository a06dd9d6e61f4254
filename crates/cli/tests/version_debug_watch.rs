//! The rest of the CLI (issue #15): `refract version` / `--version` (`--json`), `refract debug`,
//! `refract completion SHELL` and `refract generate --watch`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn refract(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run refract")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const SCHEMA: &str = "datasource db {\n  provider = \"sqlite\"\n  url      = \"file:./dev.db\"\n}\n\ngenerator client {\n  provider        = \"refract\"\n  output          = \"../src/prisma.rs\"\n  previewFeatures = [\"views\"]\n}\n\nmodel User {\n  id Int @id\n}\n";

fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("prisma")).expect("dir");
    let schema = dir.path().join("prisma/schema.prisma");
    std::fs::write(&schema, SCHEMA).expect("schema");
    (dir, schema)
}

#[test]
fn version_lists_the_build_as_text_and_json() {
    let (dir, _) = project();
    let text = refract(dir.path(), &["version"]);
    assert!(text.status.success());
    let text = stdout(&text);
    for label in [
        "refract ",
        "Commit ",
        "Rust Compiler ",
        "Target ",
        "Databases ",
        "Schema Engine    : built in",
        "Preview Features : views",
    ] {
        assert!(text.contains(label), "{label:?} missing from:\n{text}");
    }
    assert!(text.contains("rustc "), "{text}");
    // `--version` and `-v` print the same (the preview features need a schema, read as
    // `version` reads it).
    let flag = refract(dir.path(), &["--version"]);
    assert!(flag.status.success());
    assert_eq!(stdout(&flag), text);
    for args in [&["version", "--json"][..], &["-v", "--json"][..]] {
        let out = refract(dir.path(), args);
        assert!(out.status.success(), "{args:?}");
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON only");
        assert_eq!(json["refract"], env!("CARGO_PKG_VERSION"));
        assert_eq!(json["schema-engine"], "built in");
        assert_eq!(json["databases"], "sqlite, postgresql, mysql");
        assert!(
            json["rust-compiler"]
                .as_str()
                .unwrap()
                .starts_with("rustc ")
        );
        assert!(json["target"].as_str().unwrap().contains('-'));
        assert_eq!(json["preview-features"], "views");
    }
}

#[test]
fn debug_shows_paths_and_hides_passwords() {
    let (dir, schema) = project();
    std::fs::write(
        &schema,
        "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel User {\n  id Int @id\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("prisma.config.ts"),
        "import { defineConfig } from \"prisma/config\";\nexport default defineConfig({\n  schema: \"prisma/schema.prisma\",\n  migrations: { path: \"db/migrations\" },\n  datasource: { url: \"postgresql://app:hunter2@db.example:5432/shop?schema=s\" },\n});\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_refract"))
        .arg("debug")
        .current_dir(dir.path())
        .env("DATABASE_URL", "mysql://root:topsecret@localhost/app")
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        !text.contains("hunter2") && !text.contains("topsecret"),
        "{text}"
    );
    for expected in [
        "-- Prisma config --\nPath: prisma.config.ts",
        "-- Prisma schema --\nPath: prisma/schema.prisma",
        "PostgreSQL database \"shop\", schema \"s\" at \"db.example:5432\"",
        "Migrations: db/migrations",
        "- DATABASE_URL: `mysql://root:****@localhost/app`",
        "- NO_COLOR: `1`",
        "- CI:\n",
        "-- Terminal is interactive? --\nfalse",
        "Refract does not read\n- DEBUG:",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // Without any project, it still succeeds and says what is missing.
    let empty = tempfile::tempdir().unwrap();
    let out = refract(empty.path(), &["debug"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("Could not find a schema.prisma file"));
}

#[test]
fn completion_scripts_cover_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F _refract"),
        ("zsh", "#compdef refract"),
        ("fish", "complete -c refract"),
    ] {
        let out = refract(dir.path(), &["completion", shell]);
        assert!(out.status.success(), "{shell}");
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: {marker:?}");
        for word in [
            "migrate",
            "deploy",
            "generate",
            "watch",
            "completion",
            "create-only",
        ] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
    // Prisma 7.9's name for the command works too; an unknown shell is a usage error.
    assert!(refract(dir.path(), &["complete", "bash"]).status.success());
    assert_eq!(
        refract(dir.path(), &["completion", "tcsh"]).status.code(),
        Some(2)
    );
}

/// Polls `check` until it holds or `timeout` passes.
fn wait_for(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn generate_watch_regenerates_when_the_schema_changes() {
    let (dir, schema) = project();
    let output = dir.path().join("src/prisma.rs");
    let mut child = Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(["generate", "--watch"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let read = || std::fs::read_to_string(&output).unwrap_or_default();
    let first = wait_for(Duration::from_secs(30), || read().contains("User"));
    // Give the watcher time to start after the first generation.
    std::thread::sleep(Duration::from_millis(500));
    let edited = SCHEMA.replace(
        "model User {\n  id Int @id\n}\n",
        "model User {\n  id Int @id\n}\n\nmodel Invoice {\n  id Int @id\n}\n",
    );
    // An editor's save: write a temporary file, then rename it over the schema.
    let tmp = dir.path().join("prisma/.schema.prisma.swp");
    std::fs::write(&tmp, &edited).unwrap();
    std::fs::rename(&tmp, &schema).unwrap();
    let second = wait_for(Duration::from_secs(30), || read().contains("Invoice"));
    // A second change, written in place.
    std::fs::write(&schema, edited.replace("Invoice", "Receipt")).unwrap();
    let third = wait_for(Duration::from_secs(30), || read().contains("Receipt"));
    let still_running = child.try_wait().expect("status").is_none();
    let _ = child.kill();
    let _ = child.wait();
    assert!(first, "the first generation did not happen");
    assert!(second, "the renamed-over schema was not noticed");
    assert!(third, "the schema written in place was not noticed");
    assert!(still_running, "the watcher exited on its own");
}
