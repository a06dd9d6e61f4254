//! `migrate dev`, `migrate diff --from-migrations` and `migrate status` without a shadow
//! database: on a PostgreSQL role that cannot create databases (no `CREATEDB`), a history the
//! interpreter reads whole works and says it was interpreted; a history with a statement it
//! cannot read falls back to the shadow database, naming the statement (and, for this role,
//! fails as Prisma does, P3014).

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
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `base` with another user, password and database.
fn url_as(base: &str, user: &str, password: &str, db: &str) -> String {
    let rest = base.split_once("://").unwrap().1;
    let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let host = host.split_once('/').map_or(host, |(h, _)| h);
    format!("postgresql://{user}:{password}@{host}/{db}")
}

async fn admin(base: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(base, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
}

const SCHEMA: &str = "datasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n";

#[tokio::test(flavor = "multi_thread")]
async fn migrate_dev_works_on_a_role_without_createdb_when_the_history_is_interpretable() {
    let Some(base) = test_support::server_url(test_support::Server::Postgres) else {
        test_support::skip("REFRACT_TEST_POSTGRES_URL is not set");
        return;
    };
    let role = test_support::unique_name("refract_nocreatedb", "role");
    let db = test_support::unique_name("refract_nocreatedb", "db");
    let su = admin(&base).await;
    su.batch_execute(&format!(
        "CREATE ROLE \"{role}\" LOGIN PASSWORD 'pw' NOCREATEDB"
    ))
    .await
    .unwrap();
    su.batch_execute(&format!("CREATE DATABASE \"{db}\" OWNER \"{role}\""))
        .await
        .unwrap();
    let url = url_as(&base, &role, "pw", &db);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let role_url = url.clone();
    let result = tokio::task::spawn_blocking(move || scenario(&path, &role_url)).await;
    su.batch_execute(&format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"))
        .await
        .unwrap();
    su.batch_execute(&format!("DROP ROLE IF EXISTS \"{role}\""))
        .await
        .unwrap();
    if let Err(e) = result {
        std::panic::resume_unwind(e.into_panic());
    }
}

fn scenario(dir: &Path, url: &str) {
    std::fs::create_dir_all(dir.join("prisma")).unwrap();
    std::fs::write(dir.join("prisma/schema.prisma"), SCHEMA).unwrap();
    let interpreted = "The migrations were interpreted from their SQL, without a shadow database.";

    // 1. The first migration: an empty history, interpreted.
    let out = refract(dir, url, &["migrate", "dev", "--name", "init"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(interpreted), "{}", text(&out));

    // 2. A change: the history (one migration) is interpreted to check drift and diff.
    let schema = SCHEMA.replace(
        "  email String @unique\n",
        "  email String @unique\n  name  String?\n",
    );
    std::fs::write(dir.join("prisma/schema.prisma"), &schema).unwrap();
    let out = refract(dir, url, &["migrate", "dev", "--name", "add_name"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(interpreted), "{}", text(&out));
    assert!(text(&out).contains("_add_name"), "{}", text(&out));

    // 3. In sync: nothing to do, still without a shadow database.
    let out = refract(dir, url, &["migrate", "dev"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Already in sync"), "{}", text(&out));

    // 4. `migrate diff --from-migrations` needs no shadow database either.
    let out = refract(
        dir,
        url,
        &[
            "migrate",
            "diff",
            "--from-migrations",
            "prisma/migrations",
            "--to-schema",
            "prisma/schema.prisma",
            "--exit-code",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(interpreted),
        "{}",
        text(&out)
    );

    // 5. A statement the interpreter cannot read: the shadow database is needed, which this
    //    role cannot create; the error names the statement.
    let folder = dir.join("prisma/migrations/29990101000000_custom");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("migration.sql"),
        "-- custom\nDO $$ BEGIN PERFORM 1; END $$;\n",
    )
    .unwrap();
    let out = refract(dir, url, &["migrate", "dev"]);
    assert!(!out.status.success(), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("29990101000000_custom/migration.sql:2: `DO $$ BEGIN PERFORM 1; END $$`"),
        "{t}"
    );
    assert!(t.contains("P3014"), "{t}");
}
