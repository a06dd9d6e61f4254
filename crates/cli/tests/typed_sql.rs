//! `refract generate --sql` (TypedSQL) on SQLite, PostgreSQL and MariaDB: the `.sql` files of
//! `tests/typed_sql/<provider>/sql/` against the tables of `tests/typed_sql/schema.prisma`
//! generate exactly `tests/typed_sql/<provider>/sql.rs` (`UPDATE_EXPECT=1` rewrites them; the
//! client's `typed_sql` test compiles and runs those files against each database). Bad input:
//! a file name that is not an identifier, SQL the database refuses (with its line), a SQLite
//! parameter without its annotation, a malformed annotation.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use test_support::TestDatabase;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/typed_sql")
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(f)
}

/// A fresh database of `provider` with the fixture schema's tables.
fn database(provider: &str, test: &str) -> Option<TestDatabase> {
    block_on(async {
        let db = TestDatabase::for_provider(provider, "typedsql", test).await?;
        let ddl = test_support::schema_ddl(&fixtures().join("schema.prisma"), provider);
        let conn = driver::Connection::connect(db.url())
            .await
            .expect("connect");
        conn.raw_cmd(&ddl).await.expect("create the tables");
        Some(db)
    })
}

/// A project folder with the schema (for `provider`) and `sql` as `prisma/sql`.
fn project(provider: &str, name: &str, sql: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("refract-typedsql-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("prisma/sql")).expect("project folder");
    let schema = std::fs::read_to_string(fixtures().join("schema.prisma")).expect("schema");
    let schema = test_support::with_provider(&schema, provider).expect("a datasource");
    std::fs::write(dir.join("prisma/schema.prisma"), schema).expect("write the schema");
    for (file, text) in sql {
        std::fs::write(dir.join("prisma/sql").join(file), text).expect("write a query");
    }
    dir
}

fn generate(dir: &Path, db: &TestDatabase) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(["generate", "--sql", "--output", "src/prisma.rs"])
        .env("DATABASE_URL", db.url_string())
        .current_dir(dir)
        .output()
        .expect("run refract")
}

fn fixture_files(provider: &str) -> Vec<(String, String)> {
    let dir = fixtures().join(provider).join("sql");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .map(|e| {
            let path = e.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).expect("read"))
        })
        .collect();
    files.sort();
    files
}

fn generates_the_expected_module(provider: &str) {
    let Some(db) = database(provider, "expected") else {
        return;
    };
    let files = fixture_files(provider);
    let sql: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = project(provider, provider, &sql);
    let out = generate(&dir, &db);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Generated the typed SQL queries"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let generated = std::fs::read_to_string(dir.join("src/sql.rs")).expect("sql.rs written");
    let expected_path = fixtures().join(provider).join("sql.rs");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &generated).expect("update the expected module");
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(
        generated,
        expected,
        "{} differs (UPDATE_EXPECT=1 rewrites it)",
        expected_path.display()
    );
    // Without `--sql`, the queries' module is left alone.
    std::fs::write(dir.join("src/sql.rs"), "// kept").expect("overwrite");
    let out = Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(["generate", "--output", "src/prisma.rs"])
        .current_dir(&dir)
        .output()
        .expect("run refract");
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.join("src/sql.rs")).unwrap(),
        "// kept"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sqlite_generates_the_expected_module() {
    generates_the_expected_module("sqlite");
}

#[test]
fn postgresql_generates_the_expected_module() {
    generates_the_expected_module("postgresql");
}

#[test]
fn mysql_generates_the_expected_module() {
    generates_the_expected_module("mysql");
}

/// Generating fails (exit 1, nothing written): its message. `None` when the database is not
/// configured (a skip).
fn failure_on(provider: &str, name: &str, sql: &[(&str, &str)]) -> Option<String> {
    let db = database(provider, name)?;
    let dir = project(provider, name, sql);
    let out = generate(&dir, &db);
    let written = dir.join("src/sql.rs").exists();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(!written, "nothing is written when a file is bad");
    Some(String::from_utf8_lossy(&out.stderr).into_owned())
}

fn failure(provider: &str, name: &str, sql: &[(&str, &str)]) -> String {
    failure_on(provider, name, sql).expect("SQLite always runs")
}

#[test]
fn a_file_name_that_is_not_an_identifier_is_refused() {
    let err = failure(
        "sqlite",
        "badname",
        &[("get-users.sql", "SELECT 1"), ("1st.sql", "SELECT 1")],
    );
    assert!(
        err.contains("get-users.sql: `get-users` is not a valid name"),
        "{err}"
    );
    assert!(
        err.contains("rename the file, e.g. to `get_users.sql`"),
        "{err}"
    );
    assert!(err.contains("1st.sql: `1st` is not a valid name"), "{err}");
}

#[test]
fn sql_the_database_refuses_is_reported_at_its_line() {
    let err = failure(
        "sqlite",
        "syntax",
        &[("broken.sql", "-- a comment\nSELECT id\nFROM Usr\n")],
    );
    assert!(err.contains("broken.sql"), "{err}");
    assert!(err.contains("no such table: Usr"), "{err}");
    assert!(err.contains("Fix the SQL"), "{err}");
    let err = failure(
        "sqlite",
        "syntax2",
        &[("broken.sql", "-- a comment\nSELECT id\nFRM User\n")],
    );
    assert!(
        err.contains("broken.sql:3: the database cannot prepare"),
        "{err}"
    );
}

#[test]
fn postgresql_errors_name_the_line() {
    let Some(err) = failure_on(
        "postgresql",
        "pgsyntax",
        &[("broken.sql", "SELECT id,\n  email\nFROM \"Usr\"\n")],
    ) else {
        return;
    };
    assert!(
        err.contains("broken.sql:3: the database cannot prepare"),
        "{err}"
    );
    assert!(err.contains("relation \"Usr\" does not exist"), "{err}");
}

#[test]
fn an_untyped_sqlite_parameter_asks_for_its_annotation() {
    let err = failure(
        "sqlite",
        "untyped",
        &[("byEmail.sql", "SELECT id FROM User WHERE email = :email")],
    );
    assert!(
        err.contains("byEmail.sql:1: the database does not tell the type of parameter 1 (:email)"),
        "{err}"
    );
    assert!(err.contains("`-- @param {String} $1:email`"), "{err}");
}

#[test]
fn a_malformed_annotation_names_its_line() {
    let err = failure(
        "sqlite",
        "annotation",
        &[(
            "byId.sql",
            "-- @param {Int} $1:id\n-- @param {Integer} $2:other\nSELECT id FROM User WHERE id = ? OR id = ?",
        )],
    );
    assert!(
        err.contains("byId.sql:2: `Integer` is not a type TypedSQL knows"),
        "{err}"
    );
}

#[test]
fn the_config_file_names_the_folder() {
    let db = database("sqlite", "config").expect("SQLite always runs");
    let dir = project("sqlite", "config", &[]);
    std::fs::remove_dir_all(dir.join("prisma/sql")).expect("no prisma/sql");
    std::fs::create_dir_all(dir.join("db/queries")).expect("folder");
    std::fs::write(
        dir.join("db/queries/emails.sql"),
        "SELECT email FROM User ORDER BY email",
    )
    .expect("query");
    std::fs::write(
        dir.join("prisma.config.ts"),
        "import { defineConfig, env } from \"prisma/config\";\n\nexport default defineConfig({\n  schema: \"prisma/schema.prisma\",\n  datasource: { url: env(\"DATABASE_URL\") },\n  typedSql: { path: \"db/queries\" },\n});\n",
    )
    .expect("config");
    let out = generate(&dir, &db);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let module = std::fs::read_to_string(dir.join("src/sql.rs")).expect("written");
    assert!(module.contains("pub fn emails() -> Emails"), "{module}");
    assert!(
        module.contains("pub email: ::std::string::String"),
        "{module}"
    );
    // Without the folder, the error says where it looked and what to do.
    std::fs::remove_dir_all(dir.join("db")).expect("remove");
    let out = generate(&dir, &db);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("db/queries, which cannot be read: create the folder"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn mysql_errors_name_the_line() {
    let Some(err) = failure_on(
        "mysql",
        "mysyntax",
        &[(
            "broken.sql",
            "-- @param {Int} $1:id\nSELECT id\nFRM User WHERE id = ?\n",
        )],
    ) else {
        return;
    };
    assert!(
        err.contains("broken.sql:3: the database cannot prepare"),
        "{err}"
    );
    assert!(err.contains("syntax"), "{err}");
}
