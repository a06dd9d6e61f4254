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

/// A PostgreSQL database owned by the test superuser, in whose `public` schema a throwaway
/// role may create tables but which it does not own (PostgreSQL 15: `public` belongs to the
/// database owner), so `DROP SCHEMA public` is refused to it. Returns the role's URL; `setup`
/// is SQL run as the superuser inside the database after the role has made its table.
struct NotOwner {
    runtime: tokio::runtime::Runtime,
    admin: tokio_postgres::Client,
    role: String,
    database: String,
    url: String,
}

impl NotOwner {
    fn new(server: &str, test: &str) -> NotOwner {
        let role = test_support::unique_name("refract_p3016", test);
        let database = test_support::unique_name("refract_p3016_db", test);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let connect = |url: String| {
            runtime.block_on(async move {
                let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                    .await
                    .expect("connect");
                tokio::spawn(conn);
                client
            })
        };
        let admin = connect(server.to_owned());
        // One statement per call: DROP/CREATE DATABASE may not run in a multi-statement batch.
        for sql in [
            format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"),
            format!("DROP ROLE IF EXISTS \"{role}\""),
            format!("CREATE ROLE \"{role}\" LOGIN PASSWORD 'pw'"),
            format!("CREATE DATABASE \"{database}\""),
        ] {
            runtime
                .block_on(admin.batch_execute(&sql))
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        let in_db = connect(with_database(server, &database));
        runtime
            .block_on(in_db.batch_execute(&format!(
                "GRANT CREATE, USAGE ON SCHEMA public TO \"{role}\";"
            )))
            .expect("grant");
        let url = with_database(&url_with_user(server, &role, "pw"), &database);
        let as_role = connect(url.clone());
        runtime
            .block_on(as_role.batch_execute(
                "CREATE TYPE \"Mood\" AS ENUM ('ok'); CREATE TABLE \"Mine\" (id int PRIMARY KEY, mood \"Mood\"); CREATE TABLE \"Child\" (id int PRIMARY KEY, mine int REFERENCES \"Mine\"(id));",
            ))
            .expect("the role's own tables");
        drop(as_role);
        drop(in_db);
        NotOwner {
            runtime,
            admin,
            role,
            database,
            url,
        }
    }

    /// Runs SQL as the superuser inside the database.
    fn as_owner(&self, sql: &str) {
        let url = with_database(
            &test_support::server_url(test_support::Server::Postgres).unwrap(),
            &self.database,
        );
        self.runtime.block_on(async {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(conn);
            client.batch_execute(sql).await.unwrap();
        });
    }

    fn tables(&self) -> Vec<String> {
        let url = with_database(
            &test_support::server_url(test_support::Server::Postgres).unwrap(),
            &self.database,
        );
        self.runtime.block_on(async {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(conn);
            let rows = client
                .query(
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
                    &[],
                )
                .await
                .unwrap();
            rows.iter().map(|r| r.get(0)).collect()
        })
    }
}

impl Drop for NotOwner {
    fn drop(&mut self) {
        let _ = self.runtime.block_on(self.admin.batch_execute(&format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.database
        )));
        let _ = self.runtime.block_on(
            self.admin
                .batch_execute(&format!("DROP ROLE IF EXISTS \"{}\"", self.role)),
        );
    }
}

#[test]
fn reset_without_the_right_to_drop_the_schema_drops_the_tables_one_by_one() {
    let Some(server) = test_support::server_url(test_support::Server::Postgres) else {
        return;
    };
    let db = NotOwner::new(&server, "fallback");
    let dir = project("postgresql");
    let out = refract(dir.path(), &db.url, &["migrate", "reset", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The role's tables are gone; the history table is the one the reset then re-created.
    assert_eq!(db.tables(), vec!["_prisma_migrations".to_owned()]);
}

#[test]
fn p3016_when_the_fallback_reset_fails_too() {
    let Some(server) = test_support::server_url(test_support::Server::Postgres) else {
        return;
    };
    let db = NotOwner::new(&server, "p3016");
    // A table of the superuser's, which the role may not drop.
    db.as_owner("CREATE TABLE \"Theirs\" (id int PRIMARY KEY);");
    let dir = project("postgresql");
    let out = refract(dir.path(), &db.url, &["migrate", "reset", "--force"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.contains("Error: P3016\n\nThe fallback method for database resets failed, meaning Migrate could not clean up the database entirely. Original error: \n")
            && text.contains("must be owner of table Theirs"),
        "{text}"
    );
}

#[test]
fn p3014_no_right_to_create_the_shadow_database() {
    let Some(server) = test_support::server_url(test_support::Server::Postgres) else {
        return;
    };
    // The role may use its database, but not create the temporary shadow database, which a
    // history with a statement the interpreter cannot read needs (an interpretable one needs
    // none: migrate_without_shadow.rs).
    let db = NotOwner::new(&server, "p3014");
    let dir = project("postgresql");
    let custom = dir.path().join("prisma/migrations/20240101000000_custom");
    std::fs::create_dir_all(&custom).unwrap();
    std::fs::write(custom.join("migration.sql"), "DO $$ BEGIN END $$;\n").unwrap();
    std::fs::write(
        dir.path().join("prisma/migrations/migration_lock.toml"),
        "provider = \"postgresql\"\n",
    )
    .unwrap();
    let out = refract(dir.path(), &db.url, &["migrate", "dev", "--name", "init"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.contains("Error: P3014\n\nPrisma Migrate could not create the shadow database. Please make sure the database user has permission to create databases. Read more about the shadow database (and workarounds) at https://pris.ly/d/migrate-shadow\n\nOriginal error: \n")
            && text.contains("permission denied to create database"),
        "{text}"
    );
}
