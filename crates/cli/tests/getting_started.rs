//! docs/getting-started.md, done as a new user does it: `cargo new`, `refract init`, the page's
//! Cargo lines, its models, `refract migrate dev`, its `src/main.rs`; then the crate is built
//! with warnings denied (`mod prisma;` must not warn) and run, and prints what the page says.
//!
//! The crate is built offline with the workspace's Cargo.lock (so the same dependency versions)
//! in a target folder of its own under the workspace's `target/tmp` (a nested cargo cannot share
//! the running one's), kept between runs: only the first run compiles the dependencies.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PAGE: &str = include_str!("../../../docs/getting-started.md");
const CLIENT_PATH_IN_PAGE: &str = "../refract/crates/refract";

/// The fenced blocks of the page in `lang`, in order.
fn blocks(lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in PAGE.lines() {
        match &mut current {
            Some(block) if line == "```" => {
                out.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None if line.strip_prefix("```") == Some(lang) => current = Some(String::new()),
            None => {}
        }
    }
    out
}

fn one_block(lang: &str) -> String {
    let found = blocks(lang);
    assert_eq!(
        found.len(),
        1,
        "docs/getting-started.md should have one ```{lang} block"
    );
    found.into_iter().next().unwrap()
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("the command runs");
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn refract(dir: &Path, args: &[&str]) -> Output {
    run(Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL"))
}

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    run(Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env_remove("DATABASE_URL"))
}

#[test]
fn the_getting_started_page_compiles_without_warnings_and_runs() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let client = workspace.join("crates/refract").canonicalize().unwrap();
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("getting-started");
    let tmp = tempfile::tempdir().unwrap();

    // The page's shell steps are the ones done here.
    let shell = blocks("sh").concat();
    for step in [
        "cargo new hello-refract",
        "refract init",
        "refract migrate dev --name init",
        "cargo run",
    ] {
        assert!(shell.contains(step), "the page no longer says `{step}`");
    }

    cargo(
        tmp.path(),
        &target,
        &["new", "--vcs", "none", "hello-refract"],
    );
    let app = tmp.path().join("hello-refract");
    let init = refract(&app, &["init"]);

    // The page's Cargo lines, with the real path of the client; `refract init` prints the same.
    let toml = one_block("toml");
    let init_says = String::from_utf8_lossy(&init.stdout).to_string();
    let deps: Vec<&str> = toml.lines().filter(|l| *l != "[dependencies]").collect();
    for line in &deps {
        let real = line.replace(CLIENT_PATH_IN_PAGE, &client.display().to_string());
        assert!(
            init_says.contains(&real),
            "`refract init` does not print the page's line\n{real}\n:\n{init_says}"
        );
    }
    let manifest = app.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    assert!(text.trim_end().ends_with("[dependencies]"), "{text}");
    for line in &deps {
        text.push_str(&line.replace(CLIENT_PATH_IN_PAGE, &client.display().to_string()));
        text.push('\n');
    }
    std::fs::write(&manifest, text).unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), app.join("Cargo.lock")).unwrap();

    // The models, the migration and the generated module.
    let schema_path = app.join("prisma/schema.prisma");
    let mut schema = std::fs::read_to_string(&schema_path).unwrap();
    schema.push('\n');
    schema.push_str(&one_block("prisma"));
    std::fs::write(&schema_path, schema).unwrap();
    refract(&app, &["migrate", "dev", "--name", "init"]);
    assert!(app.join("prisma/dev.db").is_file());
    assert!(
        app.join("src/prisma.rs").is_file(),
        "migrate dev generates the client"
    );

    // The first query, built with warnings denied for the app's own code, then run.
    std::fs::write(app.join("src/main.rs"), one_block("rust")).unwrap();
    cargo(
        &app,
        &target,
        &["rustc", "--offline", "--quiet", "--", "-D", "warnings"],
    );
    let out = run(Command::new(target.join("debug/hello-refract")).current_dir(&app));
    assert_eq!(String::from_utf8_lossy(&out.stdout), one_block("text"));
}
