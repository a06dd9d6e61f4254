//! `refract migrate dev --create-only` with no schema change writes an empty migration for
//! hand-written SQL, as Prisma does; without `--name` in a terminal it asks for the name (driven
//! here through a pseudo-terminal made by util-linux's `script`), and outside a terminal it
//! names the migration by its timestamp alone, as Prisma 7.10 does (it never prompts there).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const SCHEMA: &str = "datasource db {\n  provider = \"sqlite\"\n  url      = \"file:./dev.db\"\n}\n\nmodel User {\n  id Int @id\n}\n";

fn refract(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .stdin(Stdio::null())
        .output()
        .expect("run refract")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The migration folders, sorted.
fn migrations(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("prisma/migrations"))
        .expect("migrations folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("prisma")).unwrap();
    std::fs::write(dir.path().join("prisma/schema.prisma"), SCHEMA).unwrap();
    let out = refract(dir.path(), &["migrate", "dev", "--name", "init"]);
    assert!(out.status.success(), "{}", text(&out));
    dir
}

#[test]
fn create_only_without_changes_writes_an_empty_named_migration() {
    let dir = project();
    let out = refract(
        dir.path(),
        &[
            "migrate",
            "dev",
            "--create-only",
            "--name",
            "Add audit trigger",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let names = migrations(dir.path());
    assert_eq!(names.len(), 2, "{names:?}");
    let created = &names[1];
    assert!(created.ends_with("_add_audit_trigger"), "{created}");
    assert!(
        text(&out).contains(&format!(
            "Prisma Migrate created the following migration without applying it {created}\n\nYou can now edit it and apply it by running refract migrate dev."
        )),
        "{}",
        text(&out)
    );
    let script = std::fs::read_to_string(
        dir.path()
            .join("prisma/migrations")
            .join(created)
            .join("migration.sql"),
    )
    .unwrap();
    assert_eq!(script, "-- This is an empty migration.\n");
    // Hand-written SQL in it is applied by the next `migrate dev`, which then finds the
    // database in sync.
    std::fs::write(
        dir.path()
            .join("prisma/migrations")
            .join(created)
            .join("migration.sql"),
        "-- This is an empty migration.\nCREATE VIEW \"UserIds\" AS SELECT id FROM \"User\";\n",
    )
    .unwrap();
    let out = refract(dir.path(), &["migrate", "dev"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("Applying migration `{created}`")),
        "{}",
        text(&out)
    );
    // Without --create-only nothing is written for an unchanged schema.
    let out = refract(dir.path(), &["migrate", "dev", "--name", "nothing"]);
    assert!(text(&out).contains("Already in sync"), "{}", text(&out));
    assert_eq!(migrations(dir.path()).len(), 2);
}

#[test]
fn outside_a_terminal_the_name_is_not_asked_for() {
    let dir = project();
    let out = refract(dir.path(), &["migrate", "dev", "--create-only"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("Enter a name"), "{}", text(&out));
    let names = migrations(dir.path());
    assert_eq!(names.len(), 2);
    assert!(
        names[1].len() == 14 && names[1].bytes().all(|b| b.is_ascii_digit()),
        "a timestamp alone, as Prisma names an unnamed migration: {}",
        names[1]
    );
}

/// Whether util-linux's `script` (which runs a command on a new pseudo-terminal) is here.
fn has_script() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn in_a_terminal_the_name_is_asked_for() {
    if !has_script() {
        test_support::skip("util-linux `script` is needed to run refract on a pseudo-terminal");
        return;
    }
    let dir = project();
    let command = format!(
        "'{}' migrate dev --create-only",
        env!("CARGO_BIN_EXE_refract")
    );
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(dir.path())
        .env_remove("CI")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run script");
    // Typed ahead: the terminal keeps the line until the prompt reads it.
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"backfillUserEmails\n").unwrap();
    stdin.flush().unwrap();
    // Keep the terminal's input open until refract is done (script ends the session on EOF).
    let waiter = std::thread::spawn(move || {
        let out = child.wait_with_output();
        drop(stdin);
        out
    });
    let out = waiter.join().expect("join").expect("script output");
    let shown = text(&out);
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("? Enter a name for the new migration: ›"),
        "{shown}"
    );
    let names = migrations(dir.path());
    assert_eq!(names.len(), 2, "{names:?}\n{shown}");
    assert!(names[1].ends_with("_backfill_user_emails"), "{names:?}");
    assert!(
        shown.contains(&format!("without applying it {}", names[1])),
        "{shown}"
    );
}

#[test]
fn data_loss_outside_a_terminal_fails_with_prismas_message() {
    let dir = project();
    std::fs::write(
        dir.path().join("prisma/schema.prisma"),
        SCHEMA.replace("id Int @id", "id Int @id\n  name String?"),
    )
    .unwrap();
    let out = refract(dir.path(), &["migrate", "dev", "--name", "add_name"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = Command::new(env!("CARGO_BIN_EXE_refract"))
        .args([
            "db",
            "execute",
            "--stdin",
            "--schema",
            "prisma/schema.prisma",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"INSERT INTO \"User\" (id, name) VALUES (1, 'Ada');")?;
            child.wait_with_output()
        })
        .expect("db execute");
    assert!(out.status.success(), "{}", text(&out));
    // Dropping the column would lose Ada's name: Prisma asks, and cannot ask here.
    std::fs::write(dir.path().join("prisma/schema.prisma"), SCHEMA).unwrap();
    let out = refract(dir.path(), &["migrate", "dev", "--name", "drop_name"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("Error: Prisma Migrate has detected that the environment is non-interactive, which is not supported.\n\n`refract migrate dev` is an interactive command designed to create new migrations and evolve the database in development.\nTo apply existing migrations in deployments, use refract migrate deploy.\nSee https://pris.ly/d/migrate-deploy"),
        "{}",
        text(&out)
    );
    assert_eq!(migrations(dir.path()).len(), 2, "nothing written");
}
