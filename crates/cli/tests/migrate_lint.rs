//! `refract migrate lint` through the binary: the pending migrations against a real database
//! (SQLite, and the PostgreSQL and MySQL/MariaDB servers of `REFRACT_TEST_POSTGRES_URL` /
//! `REFRACT_TEST_MYSQL_URL`), `--all`, a folder, a file, stdin, the three formats, the exit
//! codes, and the findings `migrate dev` prints for the migration it writes.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn refract(dir: &Path, url: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_refract"));
    cmd.args(args)
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .env("CI", "1")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the refract binary runs");
    let mut input = child.stdin.take().unwrap();
    if let Some(s) = stdin {
        input.write_all(s.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn quoted(provider: &str, sql: &str) -> String {
    if provider == "mysql" {
        sql.replace('"', "`")
    } else {
        sql.to_owned()
    }
}

fn write_project(dir: &Path, provider: &str) {
    std::fs::create_dir_all(dir.join("prisma/migrations")).unwrap();
    std::fs::write(
        dir.join("prisma/schema.prisma"),
        format!(
            "datasource db {{\n  provider = \"{provider}\"\n  url      = env(\"DATABASE_URL\")\n}}\n\nmodel User {{\n  id    Int     @id\n  email String?\n}}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("prisma/migrations/migration_lock.toml"),
        format!("provider = \"{provider}\"\n"),
    )
    .unwrap();
}

fn add_migration(dir: &Path, provider: &str, name: &str, sql: &str) {
    let m = dir.join("prisma/migrations").join(name);
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("migration.sql"), quoted(provider, sql)).unwrap();
}

const FIRST: &str = "-- CreateTable\nCREATE TABLE \"User\" (\"id\" INTEGER NOT NULL, \"email\" VARCHAR(191), PRIMARY KEY (\"id\"));\nCREATE INDEX \"User_email_idx\" ON \"User\"(\"email\");\n";
const SECOND: &str =
    "-- AlterTable\nALTER TABLE \"User\" ADD COLUMN \"nick\" VARCHAR(191) NOT NULL;\n";

fn check_pending(provider: &str) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(db) = rt.block_on(test_support::TestDatabase::for_provider(
        provider,
        "refract_lint",
        "pending",
    )) else {
        return;
    };
    let url = db.url_string();
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), provider);
    add_migration(dir.path(), provider, "20240101000000_init", FIRST);
    let deploy = refract(dir.path(), &url, &["migrate", "deploy"], None);
    assert!(
        deploy.status.success(),
        "{}",
        String::from_utf8_lossy(&deploy.stderr)
    );
    add_migration(dir.path(), provider, "20240102000000_nick", SECOND);

    // Pending only: the second migration, with the table known from the first.
    let out = refract(dir.path(), &url, &["migrate", "lint"], None);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("20240102000000_nick/migration.sql:2 warning R104"),
        "{text}"
    );
    assert!(!text.contains("20240101000000_init"), "{text}");
    assert!(text.contains("in 1 migration ("), "{text}");

    // --all: both; the first one's index is on a table it creates, so nothing about it.
    let out = refract(dir.path(), &url, &["migrate", "lint", "--all"], None);
    let text = stdout(&out);
    assert!(text.contains("in 2 migrations ("), "{text}");
    assert!(!text.contains("R201"), "{text}");
}

#[test]
fn sqlite_pending_migrations() {
    check_pending("sqlite");
}

#[test]
fn postgres_pending_migrations() {
    check_pending("postgresql");
}

#[test]
fn mysql_pending_migrations() {
    check_pending("mysql");
}

#[test]
fn formats_inputs_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write_project(p, "postgresql");
    add_migration(p, "postgresql", "20240101000000_init", FIRST);
    add_migration(
        p,
        "postgresql",
        "20240102000000_index",
        "SET lock_timeout = '5s';\nCREATE INDEX \"User_id_idx\" ON \"User\"(\"id\");\n",
    );
    let url = "postgresql://localhost:1/unused";

    // A folder, as JSON: the finding, its line and code; no database needed.
    let out = refract(
        p,
        url,
        &["migrate", "lint", "prisma/migrations", "--format", "json"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let r201 = findings.iter().find(|f| f["code"] == "R201").expect("R201");
    assert_eq!(r201["line"], 2);
    assert_eq!(r201["severity"], "warning");
    assert!(
        r201["file"]
            .as_str()
            .unwrap()
            .ends_with("20240102000000_index/migration.sql")
    );
    assert_eq!(json["migrations"], 2);

    // SARIF 2.1.0.
    let out = refract(
        p,
        url,
        &["migrate", "lint", "--all", "--format", "sarif"],
        None,
    );
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "R201"
        && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 2));

    // --fail-on error: warnings do not fail.
    let out = refract(
        p,
        url,
        &["migrate", "lint", "--all", "--fail-on", "error"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // One migration's folder: the earlier one gives the schema.
    let out = refract(
        p,
        url,
        &["migrate", "lint", "prisma/migrations/20240102000000_index"],
        None,
    );
    let text = stdout(&out);
    assert!(
        text.contains("R201") && text.contains("in 1 migration ("),
        "{text}"
    );

    // A file and stdin (without history: tables are taken as existing).
    let file = p.join("prisma/migrations/20240102000000_index/migration.sql");
    let out = refract(p, url, &["migrate", "lint", file.to_str().unwrap()], None);
    assert!(stdout(&out).contains("R201"));
    let sql = "-- refract-lint-ignore R201: tiny table\nCREATE INDEX \"a\" ON \"T\"(\"b\");\n";
    let out = refract(
        p,
        url,
        &[
            "migrate",
            "lint",
            "-",
            "--provider",
            "postgresql",
            "--fail-on",
            "warning",
        ],
        Some(sql),
    );
    let text = stdout(&out);
    assert!(!text.contains("warning R201"), "{text}");
    assert!(
        text.contains("warning R212"),
        "the silence names R201 only: {text}"
    );

    // A silence without a reason is a finding.
    let sql = "SET lock_timeout = '1s';\n-- refract-lint-ignore R201\nCREATE INDEX \"a\" ON \"T\"(\"b\");\n";
    let out = refract(
        p,
        url,
        &["migrate", "lint", "-", "--provider", "postgresql"],
        Some(sql),
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("warning R002"), "{text}");

    // A statement the parser cannot read is reported, and the run goes on.
    let sql =
        "SET lock_timeout = '1s';\nSECURITY LABEL ON TABLE \"T\" IS 'x';\nDROP TABLE \"T\";\n";
    let out = refract(
        p,
        url,
        &["migrate", "lint", "-", "--provider", "postgresql"],
        Some(sql),
    );
    let text = stdout(&out);
    assert!(
        text.contains("<stdin>:2 info R001") && text.contains("<stdin>:3 warning R101"),
        "{text}"
    );

    // Errors: an unknown dialect (1), an unknown format (usage, 2).
    let out = refract(
        p,
        url,
        &["migrate", "lint", "-", "--provider", "oracle"],
        Some("SELECT 1;"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`oracle` is not a dialect"));
    let out = refract(p, url, &["migrate", "lint", "--format", "xml"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn migrate_dev_prints_the_findings_of_the_new_migration() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write_project(p, "sqlite");
    std::fs::remove_file(p.join("prisma/migrations/migration_lock.toml")).unwrap();
    let url = "file:./dev.db";
    let out = refract(
        p,
        url,
        &["migrate", "dev", "--name", "init", "--skip-generate"],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!stdout(&out).contains("R301"));
    // `email` becomes required: SQLite redefines the table.
    let schema = std::fs::read_to_string(p.join("prisma/schema.prisma")).unwrap();
    std::fs::write(
        p.join("prisma/schema.prisma"),
        schema.replace("String?", "String"),
    )
    .unwrap();
    let out = refract(
        p,
        url,
        &["migrate", "dev", "--name", "required", "--skip-generate"],
        None,
    );
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("warning R301"), "{text}");
    assert!(text.contains("_required/migration.sql"), "{text}");
}

/// The schema before each migration comes from the SQL interpreter (and the output says so):
/// the NOT NULL a primary key gave a column two migrations back (PostgreSQL, MySQL), and a
/// SQLite `TEXT PRIMARY KEY` that may hold NULL, which the statement walker got wrong. The
/// history is first deployed to the real database.
fn check_interpreted(
    provider: &str,
    history: [&str; 2],
    last: &str,
    expect: &[&str],
    not: &[&str],
) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(db) = rt.block_on(test_support::TestDatabase::for_provider(
        provider,
        "refract_lint",
        "interp",
    )) else {
        return;
    };
    let url = db.url_string();
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), provider);
    add_migration(dir.path(), provider, "20240101000000_init", history[0]);
    add_migration(dir.path(), provider, "20240102000000_key", history[1]);
    let deploy = refract(dir.path(), &url, &["migrate", "deploy"], None);
    assert!(
        deploy.status.success(),
        "{}",
        String::from_utf8_lossy(&deploy.stderr)
    );
    add_migration(dir.path(), provider, "20240103000000_last", last);
    let out = refract(dir.path(), &url, &["migrate", "lint"], None);
    let text = stdout(&out);
    assert!(
        text.contains("The schema before each migration was interpreted from the migrations' SQL."),
        "{text}"
    );
    for code in expect {
        assert!(text.contains(code), "{code}: {text}");
    }
    for code in not {
        assert!(!text.contains(code), "{code}: {text}");
    }
    let deploy = refract(dir.path(), &url, &["migrate", "deploy"], None);
    assert!(
        deploy.status.success(),
        "{}",
        String::from_utf8_lossy(&deploy.stderr)
    );
}

const KEYED: [&str; 2] = [
    "CREATE TABLE \"Item\" (\"code\" VARCHAR(10), \"note\" TEXT);\n",
    "ALTER TABLE \"Item\" ADD PRIMARY KEY (\"code\");\n",
];

#[test]
fn postgres_schema_before_from_the_interpreter() {
    let last =
        "SET lock_timeout = '5s';\nALTER TABLE \"Item\" ALTER COLUMN \"code\" SET NOT NULL;\n";
    check_interpreted("postgresql", KEYED, last, &[], &["R206", "R106"]);
}

#[test]
fn mysql_schema_before_from_the_interpreter() {
    let last = "ALTER TABLE \"Item\" MODIFY \"code\" VARCHAR(10) NOT NULL;\n";
    check_interpreted("mysql", KEYED, last, &["info R400"], &["R401", "R106"]);
}

#[test]
fn sqlite_schema_before_from_the_interpreter() {
    let history = [
        "CREATE TABLE \"Item\" (\"code\" TEXT PRIMARY KEY, \"note\" TEXT);\n",
        "CREATE INDEX \"Item_note_idx\" ON \"Item\"(\"note\");\n",
    ];
    let last = "PRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;\nCREATE TABLE \"new_Item\" (\"code\" TEXT NOT NULL PRIMARY KEY, \"note\" TEXT);\nINSERT INTO \"new_Item\" (\"code\", \"note\") SELECT \"code\", \"note\" FROM \"Item\";\nDROP TABLE \"Item\";\nALTER TABLE \"new_Item\" RENAME TO \"Item\";\nPRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;\n";
    check_interpreted("sqlite", history, last, &["warning R106"], &[]);
}

#[test]
fn a_history_the_interpreter_refuses_is_walked_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let sql = "SET lock_timeout = '5s';\nALTER TABLE \"Big\" ALTER COLUMN \"x\" SET NOT NULL;\n";
    let args = ["migrate", "lint", "-", "--provider", "postgresql"];
    let out = refract(dir.path(), "postgresql://u@h/db", &args, Some(sql));
    let text = stdout(&out);
    assert!(text.contains("warning R206"), "{text}");
    assert!(
        text.contains("followed by the lint's statement walker, because the SQL interpreter cannot interpret 1 statement:\n  <stdin>:2: `ALTER TABLE \"Big\""),
        "{text}"
    );
    let args = [
        "migrate",
        "lint",
        "-",
        "--provider",
        "postgresql",
        "--format",
        "json",
    ];
    let out = refract(dir.path(), "postgresql://u@h/db", &args, Some(sql));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schemaBefore"], "walker");
    assert!(String::from_utf8_lossy(&out.stderr).contains("statement walker"));
}
