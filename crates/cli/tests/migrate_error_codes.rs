//! Prisma Migrate's P3xxx errors, provoked through the binary on the databases where each
//! applies, with Prisma's code and text (docs/errors.md lists them all). P3010 (a migration
//! name over 200 bytes) is the library's (`migrate` unit test): the CLI, like Prisma's, cuts a
//! longer `--name` first.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn project(provider: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("prisma")).unwrap();
    std::fs::write(
        dir.path().join("prisma/schema.prisma"),
        format!(
            "datasource db {{\n  provider = \"{provider}\"\n  url      = env(\"DATABASE_URL\")\n}}\n\nmodel User {{\n  id Int @id\n}}\n"
        ),
    )
    .unwrap();
    dir
}

fn refract(dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .stdin(Stdio::null())
        .output()
        .expect("run refract")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `base` (a server URL) naming database `db` instead.
fn with_database(base: &str, db: &str) -> String {
    let (prefix, rest) = base.rsplit_once('/').expect("a URL with a database");
    let query = rest
        .split_once('?')
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default();
    format!("{prefix}/{db}{query}")
}

#[test]
fn p3004_mysql_system_databases_are_refused() {
    let Some(server) = test_support::server_url(test_support::Server::Mysql) else {
        return;
    };
    let dir = project("mysql");
    for db in ["mysql", "INFORMATION_SCHEMA", "performance_schema", "sys"] {
        let url = with_database(&server, db);
        for args in [
            &["migrate", "deploy"][..],
            &["migrate", "status"][..],
            &["migrate", "dev", "--name", "x"][..],
            &["db", "push"][..],
        ] {
            let out = refract(dir.path(), &url, args);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{db} {args:?}: {}",
                stderr(&out)
            );
            let expected = format!(
                "Error: P3004\n\nThe `{db}` database is a system database, it should not be altered with prisma migrate. Please connect to another database.\n"
            );
            assert!(
                stderr(&out).ends_with(&expected),
                "{db} {args:?}:\n{}",
                stderr(&out)
            );
        }
    }
    assert!(
        !dir.path().join("prisma/migrations").exists(),
        "nothing was written"
    );
}

#[test]
fn p3000_a_database_the_user_may_not_create() {
    let Some(server) = test_support::server_url(test_support::Server::Postgres) else {
        return;
    };
    let role = test_support::unique_name("refract_p3000", "role");
    let database = test_support::unique_name("refract_p3000", "db");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let admin = runtime.block_on(async {
        let (client, conn) = tokio_postgres::connect(&server, tokio_postgres::NoTls)
            .await
            .expect("connect as the test superuser");
        tokio::spawn(conn);
        client
    });
    // A throwaway role that may log in but not create databases.
    runtime
        .block_on(admin.batch_execute(&format!(
            "DROP ROLE IF EXISTS \"{role}\"; CREATE ROLE \"{role}\" LOGIN PASSWORD 'pw' NOCREATEDB;"
        )))
        .expect("create role");
    let base = url_with_user(&server, &role, "pw");
    let url = with_database(&base, &database);
    let dir = project("postgresql");
    let out = refract(dir.path(), &url, &["migrate", "deploy"]);
    let _ = runtime.block_on(admin.batch_execute(&format!("DROP ROLE IF EXISTS \"{role}\"")));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.contains("Error: P3000\n\nFailed to create database: ")
            && text.contains("permission denied to create database"),
        "{text}"
    );
}

/// `url` logging in as `user` with `password` instead of its own credentials.
fn url_with_user(url: &str, user: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    format!("{scheme}://{user}:{password}@{host}")
}
