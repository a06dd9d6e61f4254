//! A Prisma 7 project through the binary: a `prisma.config.ts` gives the schema path, the
//! migrations path, the database URL (from `.env` through `import "dotenv/config"`), the seed
//! command and `initShadowDb`; the schema has no `url`. `validate`, `migrate deploy`,
//! `migrate status` and `db pull --print` on SQLite and PostgreSQL, `--config`, and a config
//! Refract cannot read.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use test_support::TestDatabase;

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("refract-cli-config-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("db")).expect("create scratch folder");
    dir
}

/// Runs refract with neither `DATABASE_URL` nor `APP_DATABASE_URL` in its environment: the
/// URL can only come from the config file and the `.env` it loads.
fn refract(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("APP_DATABASE_URL")
        .env("CI", "1")
        .output()
        .expect("run refract")
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

const CONFIG: &str = r#"import "dotenv/config";
import path from "node:path";
import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: path.join("db", "schema.prisma"),
  migrations: {
    path: "db/history",
    seed: "echo seeded > seeded.txt",
  },
  datasource: {
    url: env("APP_DATABASE_URL"),
  },
});
"#;

fn schema(provider: &str) -> String {
    format!(
        "generator client {{\n  provider = \"refract\"\n}}\n\ndatasource db {{\n  provider = \"{provider}\"\n}}\n\nmodel User {{\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}}\n"
    )
}

/// Writes the project: config, `.env`, schema without url, one migration in `db/history`.
fn project(dir: &Path, provider: &str, url: &str) {
    std::fs::write(dir.join("prisma.config.ts"), CONFIG).unwrap();
    std::fs::write(dir.join(".env"), format!("APP_DATABASE_URL=\"{url}\"\n")).unwrap();
    let schema_path = dir.join("db/schema.prisma");
    std::fs::write(&schema_path, schema(provider)).unwrap();
    let migration = dir.join("db/history/20240101000000_init");
    std::fs::create_dir_all(&migration).unwrap();
    std::fs::write(
        migration.join("migration.sql"),
        test_support::schema_ddl(&schema_path, provider),
    )
    .unwrap();
    std::fs::write(
        dir.join("db/history/migration_lock.toml"),
        format!("provider = \"{provider}\"\n"),
    )
    .unwrap();
}

fn run_project(dir: &Path, provider: &str) {
    let out = refract(dir, &["validate"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("db/schema.prisma is valid"),
        "{}",
        text(&out)
    );

    let out = refract(dir, &["migrate", "deploy"]);
    assert!(out.status.success(), "{}", text(&out));
    let shown = text(&out);
    assert!(
        shown.contains("Loaded Prisma config from prisma.config.ts."),
        "{shown}"
    );
    assert!(
        shown.contains("Prisma schema loaded from db/schema.prisma"),
        "{shown}"
    );
    assert!(shown.contains("1 migration found in db/history"), "{shown}");
    assert!(shown.contains("20240101000000_init"), "{shown}");

    let out = refract(dir, &["migrate", "status"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Database schema is up to date!"),
        "{}",
        text(&out)
    );

    let out = refract(dir, &["db", "pull", "--print"]);
    assert!(out.status.success(), "{}", text(&out));
    let pulled = String::from_utf8_lossy(&out.stdout);
    assert!(pulled.contains("model User {"), "{pulled}");
    assert!(
        pulled.contains(&format!("provider = \"{provider}\"")),
        "{pulled}"
    );
    // The pulled schema keeps the schema's datasource: still no url.
    assert!(!pulled.contains("url"), "{pulled}");
}

#[tokio::test]
async fn a_prisma_7_project_on_sqlite() {
    let dir = scratch("sqlite");
    // Relative to the config file's folder, as Prisma 7 resolves it (not the schema's).
    project(&dir, "sqlite", "file:./app.db");
    run_project(&dir, "sqlite");
    assert!(dir.join("app.db").is_file());
    assert!(!dir.join("db/app.db").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_prisma_7_project_on_postgresql() {
    let Some(db) = TestDatabase::postgres("cli_config", "a_prisma_7_project_on_postgresql").await
    else {
        return;
    };
    let dir = scratch("postgres");
    project(&dir, "postgresql", &db.url_string());
    run_project(&dir, "postgresql");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn db_seed_runs_the_config_files_seed_command() {
    let dir = scratch("seed");
    project(&dir, "sqlite", "file:./app.db");
    let out = refract(&dir, &["db", "seed"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Running seed command `echo seeded > seeded.txt`"),
        "{}",
        text(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("seeded.txt")).unwrap(),
        "seeded\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn config_option_names_the_config_file() {
    let dir = scratch("option");
    project(&dir, "sqlite", "file:./app.db");
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::rename(dir.join("prisma.config.ts"), dir.join("config/custom.ts")).unwrap();
    // Without the config file, there is no schema where Prisma looks.
    let out = refract(&dir, &["validate"]);
    assert!(!out.status.success(), "{}", text(&out));
    // Paths in it are relative to its own folder: `config/db/schema.prisma` does not exist.
    let out = refract(&dir, &["validate", "--config", "config/custom.ts"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("config/db/schema.prisma"),
        "{}",
        text(&out)
    );
    std::fs::rename(dir.join("config/custom.ts"), dir.join("custom.config.ts")).unwrap();
    let out = refract(&dir, &["validate", "--config", "custom.config.ts"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = refract(&dir, &["validate", "--config", "missing.ts"]);
    assert!(
        text(&out).contains("Config file not found at \"missing.ts\""),
        "{}",
        text(&out)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unreadable_config_is_an_error_naming_the_place() {
    let dir = scratch("unreadable");
    project(&dir, "sqlite", "file:./app.db");
    std::fs::write(
        dir.join("prisma.config.ts"),
        "import { defineConfig } from \"prisma/config\";\nimport { url } from \"./env\";\n\nexport default defineConfig({\n  schema: \"db/schema.prisma\",\n  datasource: { url },\n});\n",
    )
    .unwrap();
    let out = refract(&dir, &["migrate", "status"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Failed to read the config file prisma.config.ts:6:17: `url` (imported from \"./env\") cannot be evaluated without running Node.js"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_env_variable_fails_only_commands_that_need_the_url() {
    let dir = scratch("missing-env");
    project(&dir, "sqlite", "file:./app.db");
    std::fs::remove_file(dir.join(".env")).unwrap();
    let out = refract(&dir, &["validate"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = refract(&dir, &["migrate", "status"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("Cannot resolve environment variable: APP_DATABASE_URL."),
        "{}",
        text(&out)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `migrations.initShadowDb` runs on the shadow database before the history is replayed: a
/// migration that uses a table managed elsewhere replays only with it.
#[test]
fn init_shadow_db_runs_before_the_replay() {
    let dir = scratch("init-shadow");
    project(&dir, "sqlite", "file:./app.db");
    let second = dir.join("db/history/20240102000000_uses_external");
    std::fs::create_dir_all(&second).unwrap();
    std::fs::write(
        second.join("migration.sql"),
        "INSERT INTO \"external_accounts\" (\"id\") VALUES (1);\n",
    )
    .unwrap();
    let args = [
        "migrate",
        "diff",
        "--from-migrations",
        "db/history",
        "--to-schema",
        "db/schema.prisma",
        "--script",
    ];
    let out = refract(&dir, &args);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("external_accounts"), "{}", text(&out));

    let config = CONFIG.replace(
        "    seed: \"echo seeded > seeded.txt\",\n",
        "    seed: \"echo seeded > seeded.txt\",\n    initShadowDb: `CREATE TABLE \"external_accounts\" (\"id\" INTEGER PRIMARY KEY);`,\n",
    );
    std::fs::write(dir.join("prisma.config.ts"), config).unwrap();
    let out = refract(&dir, &args);
    assert!(out.status.success(), "{}", text(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `schema` may name a folder of `.prisma` files (a multi-file schema).
#[test]
fn schema_may_be_a_folder() {
    let dir = scratch("folder");
    std::fs::create_dir_all(dir.join("db/schema")).unwrap();
    std::fs::write(
        dir.join("prisma.config.ts"),
        "import { defineConfig } from \"prisma/config\";\n\nexport default defineConfig({\n  schema: \"db/schema\",\n  datasource: { url: \"file:./app.db\" },\n});\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("db/schema/main.prisma"),
        "datasource db {\n  provider = \"sqlite\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("db/schema/user.prisma"),
        "model User {\n  id Int @id\n}\n",
    )
    .unwrap();
    let out = refract(&dir, &["validate"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("db/schema is valid"), "{}", text(&out));
    let out = refract(&dir, &["db", "push"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(dir.join("app.db").is_file());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `tables.external`: a table managed elsewhere is invisible to `db push`, `migrate diff`
/// and `migrate dev` (no migration creates, changes or drops it; no drift), even when the
/// schema has a model for it that differs from the table.
#[test]
fn external_tables_are_invisible_to_migrations_and_drift() {
    let dir = scratch("external");
    let config = |external: &str| {
        format!(
            "import {{ defineConfig }} from \"prisma/config\";\n\nexport default defineConfig({{\n  experimental: {{ externalTables: true }},\n  schema: \"db/schema.prisma\",\n  migrations: {{ path: \"db/migrations\" }},\n  {external}\n  datasource: {{ url: \"file:./app.db\" }},\n}});\n"
        )
    };
    std::fs::write(
        dir.join("prisma.config.ts"),
        config("tables: { external: [\"auth_users\"] },"),
    )
    .unwrap();
    std::fs::write(
        dir.join("db/schema.prisma"),
        "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel auth_users {\n  id Int @id\n}\n\nmodel Post {\n  id    Int    @id\n  title String\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("auth.sql"),
        "CREATE TABLE auth_users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\nINSERT INTO auth_users VALUES (1, 'a@b.c');\n",
    )
    .unwrap();
    // The history first (Refract, like Prisma before 7, refuses to start one on a database
    // that has tables: P3005), then the table managed elsewhere appears.
    let out = refract(&dir, &["migrate", "dev", "--name", "init"]);
    assert!(out.status.success(), "{}", text(&out));
    let migrations: Vec<_> = std::fs::read_dir(dir.join("db/migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(migrations.len(), 1, "{migrations:?}");
    let sql = std::fs::read_to_string(migrations[0].join("migration.sql")).unwrap();
    assert!(sql.contains("CREATE TABLE \"Post\""), "{sql}");
    assert!(!sql.contains("auth_users"), "{sql}");
    let out = refract(&dir, &["db", "execute", "--file", "auth.sql"]);
    assert!(out.status.success(), "{}", text(&out));

    let diff = [
        "migrate",
        "diff",
        "--from-config-datasource",
        "--to-schema",
        "db/schema.prisma",
        "--exit-code",
    ];
    let out = refract(&dir, &diff);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // No drift on the next run: the table is neither in the history nor reported.
    let out = refract(&dir, &["migrate", "dev"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Already in sync"), "{}", text(&out));
    let out = refract(&dir, &["db", "push"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("already in sync"), "{}", text(&out));

    // Without `tables.external`, the same table is a difference (the model lacks `email`).
    std::fs::write(dir.join("prisma.config.ts"), config("")).unwrap();
    let out = refract(&dir, &diff);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}
