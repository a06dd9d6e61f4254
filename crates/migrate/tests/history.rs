//! The migration history and the commands, end to end on SQLite and PostgreSQL: each scenario
//! is one function run against both databases.

mod common;

use common::TestDb;
use driver::{Connection, Provider, Value};
use migrate::commands::{self, deploy, resolve_applied, resolve_rolled_back, status};
use migrate::history::{History, MigrationsFolder, checksum, lock_file};

fn folder_with(
    dir: &std::path::Path,
    provider: Provider,
    scripts: &[(&str, &str)],
) -> MigrationsFolder {
    let folder = MigrationsFolder::new(dir.join("migrations"));
    for (name, script) in scripts {
        let (ts, rest) = name.split_once('_').unwrap();
        folder.create_migration(ts, rest, script).unwrap();
    }
    std::fs::create_dir_all(folder.path()).unwrap();
    lock_file::write(folder.path(), provider.prisma_name()).unwrap();
    folder
}

const INIT: &str = "-- CreateTable\nCREATE TABLE \"User\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY,\n    \"email\" TEXT NOT NULL\n);\n";
const POSTS: &str = "-- CreateTable\nCREATE TABLE \"Post\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY,\n    \"authorId\" INTEGER NOT NULL REFERENCES \"User\"(\"id\")\n);\n";
const BROKEN: &str = "CREATE TABLE \"Tag\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\nCREATE TABLE \"Tag\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n";
const FIXED: &str = "CREATE TABLE \"Tag\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n";

async fn count_rows(conn: &Connection, table: &str) -> i64 {
    conn.query(&format!("SELECT COUNT(*) AS n FROM \"{table}\""), &[])
        .await
        .unwrap()
        .first()
        .unwrap()
        .int("n")
        .unwrap()
}

/// Deploy, status, a failed migration that blocks, resolve --rolled-back, redeploy.
async fn check_deploy_fail_resolve(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let conn = db.connect().await;
    let folder = folder_with(
        dir.path(),
        conn.provider(),
        &[
            ("20240101000000_init", INIT),
            ("20240102000000_posts", POSTS),
        ],
    );

    let report = status(&conn, &folder).await.unwrap();
    assert!(!report.has_migrations_table);
    assert_eq!(
        report.unapplied,
        ["20240101000000_init", "20240102000000_posts"]
    );
    assert!(!report.is_up_to_date());

    let out = deploy(&conn, &folder).await.unwrap();
    assert_eq!(out.applied, ["20240101000000_init", "20240102000000_posts"]);
    assert_eq!(count_rows(&conn, "Post").await, 0);

    let records = History::new(&conn).load().await.unwrap().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].migration_name, "20240101000000_init");
    assert_eq!(records[0].checksum, checksum(INIT));
    assert_eq!(records[0].applied_steps_count, 1);
    assert!(records[0].finished_at.is_some() && records[0].logs.is_none());
    assert_eq!(records[0].id.len(), 36);

    assert!(status(&conn, &folder).await.unwrap().is_up_to_date());
    assert!(deploy(&conn, &folder).await.unwrap().applied.is_empty());

    // A migration that fails: recorded with its error, and it blocks the next deploy.
    folder
        .create_migration("20240103000000", "tags", BROKEN)
        .unwrap();
    let err = deploy(&conn, &folder).await.unwrap_err();
    assert_eq!(err.code(), Some("P3018"), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("Migration name: 20240103000000_tags"),
        "{text}"
    );
    let code = match conn.provider() {
        Provider::Sqlite => "Database error code: 1\n",
        Provider::Postgres => "Database error code: 42P07\n",
        Provider::Mysql => "Database error code: 1050\n",
    };
    assert!(text.contains(code), "{text}");
    let failed = History::new(&conn)
        .load()
        .await
        .unwrap()
        .unwrap()
        .pop()
        .unwrap();
    assert!(failed.is_failed());
    assert!(failed.logs.as_deref().unwrap().contains("already exists"));
    assert_eq!(failed.applied_steps_count, 0);

    let err = deploy(&conn, &folder).await.unwrap_err();
    assert_eq!(err.code(), Some("P3009"));
    assert!(
        err.to_string()
            .contains("The `20240103000000_tags` migration started at "),
        "{err}"
    );
    let report = status(&conn, &folder).await.unwrap();
    assert_eq!(report.failed.len(), 1);
    assert!(!report.is_up_to_date());

    // resolve: not-failed and unknown migrations are refused.
    assert_eq!(
        resolve_rolled_back(&conn, "20240101000000_init")
            .await
            .unwrap_err()
            .code(),
        Some("P3012")
    );
    assert_eq!(
        resolve_rolled_back(&conn, "nope").await.unwrap_err().code(),
        Some("P3011")
    );
    resolve_rolled_back(&conn, "20240103000000_tags")
        .await
        .unwrap();

    // Nothing of the failed script stayed: both dialects ran it in one transaction.
    assert!(
        !History::new(&conn)
            .table_names()
            .await
            .unwrap()
            .contains(&"Tag".to_owned())
    );
    std::fs::write(
        folder.path().join("20240103000000_tags/migration.sql"),
        FIXED,
    )
    .unwrap();
    let out = deploy(&conn, &folder).await.unwrap();
    assert_eq!(out.applied, ["20240103000000_tags"]);
    assert!(status(&conn, &folder).await.unwrap().is_up_to_date());

    // An applied migration edited afterwards is reported, whatever the line endings.
    std::fs::write(
        folder.path().join("20240101000000_init/migration.sql"),
        INIT.replace('\n', "\r\n"),
    )
    .unwrap();
    assert!(status(&conn, &folder).await.unwrap().is_up_to_date());
    std::fs::write(
        folder.path().join("20240101000000_init/migration.sql"),
        format!("{INIT}-- edited\n"),
    )
    .unwrap();
    let report = status(&conn, &folder).await.unwrap();
    assert_eq!(report.edited, ["20240101000000_init"]);
    assert_eq!(
        deploy(&conn, &folder).await.unwrap().edited,
        ["20240101000000_init"]
    );

    // A migration deleted from the folder.
    std::fs::remove_dir_all(folder.path().join("20240103000000_tags")).unwrap();
    assert_eq!(
        status(&conn, &folder).await.unwrap().missing_from_folder,
        ["20240103000000_tags"]
    );
}

/// A non-empty database without history needs a baseline (P3005), done with resolve --applied.
async fn check_baseline(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let conn = db.connect().await;
    conn.raw_cmd(INIT).await.unwrap();
    let folder = folder_with(
        dir.path(),
        conn.provider(),
        &[
            ("20240101000000_init", INIT),
            ("20240102000000_posts", POSTS),
        ],
    );
    assert!(status(&conn, &folder).await.unwrap().unmanaged_tables);
    assert_eq!(
        deploy(&conn, &folder).await.unwrap_err().code(),
        Some("P3005")
    );
    assert_eq!(
        resolve_applied(&conn, &folder, "20240109000000_nope")
            .await
            .unwrap_err()
            .code(),
        Some("P3017")
    );
    resolve_applied(&conn, &folder, "20240101000000_init")
        .await
        .unwrap();
    assert_eq!(
        resolve_applied(&conn, &folder, "20240101000000_init")
            .await
            .unwrap_err()
            .code(),
        Some("P3008")
    );
    let out = deploy(&conn, &folder).await.unwrap();
    assert_eq!(out.applied, ["20240102000000_posts"]);
    let records = History::new(&conn).load().await.unwrap().unwrap();
    assert_eq!(records[0].applied_steps_count, 0);
    assert_eq!(records[0].logs.as_deref(), Some(""));
    assert!(status(&conn, &folder).await.unwrap().is_up_to_date());

    // Reset empties the database; deploy builds it again.
    conn.execute("INSERT INTO \"User\" (id, email) VALUES (1, 'a@b.c')", &[])
        .await
        .unwrap();
    commands::reset_database(&conn).await.unwrap();
    assert!(History::new(&conn).table_names().await.unwrap().is_empty());
    assert_eq!(deploy(&conn, &folder).await.unwrap().applied.len(), 2);
    assert_eq!(count_rows(&conn, "User").await, 0);
}

/// A history table written by Prisma (its DDL, its value forms) is read as up to date, and the
/// lock file must name the database's provider.
async fn check_prisma_written_history(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let conn = db.connect().await;
    let folder = folder_with(
        dir.path(),
        conn.provider(),
        &[("20240101000000_init", INIT)],
    );
    History::new(&conn).create_table().await.unwrap();
    conn.raw_cmd(INIT).await.unwrap();
    let (sql, finished) = match conn.provider() {
        // Prisma binds times as epoch milliseconds on SQLite.
        Provider::Sqlite => (
            "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count) VALUES (?1, ?2, ?3, ?4, NULL, ?5, 1)",
            Value::Int(1_700_000_000_123),
        ),
        Provider::Postgres => (
            "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count) VALUES ($1, $2, now(), $4, NULL, now(), 1)",
            Value::Null,
        ),
        Provider::Mysql => (
            "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count) VALUES (?, ?, NOW(3), ?, NULL, NOW(3), 1)",
            Value::Null,
        ),
    };
    let params = match conn.provider() {
        Provider::Sqlite => vec![
            Value::from("0b1a3c5e-0000-4000-8000-000000000000"),
            Value::from(checksum(INIT)),
            finished.clone(),
            Value::from("20240101000000_init"),
            finished,
        ],
        Provider::Postgres => vec![
            Value::from("0b1a3c5e-0000-4000-8000-000000000000"),
            Value::from(checksum(INIT)),
            Value::Null,
            Value::from("20240101000000_init"),
        ],
        Provider::Mysql => vec![
            Value::from("0b1a3c5e-0000-4000-8000-000000000000"),
            Value::from(checksum(INIT)),
            Value::from("20240101000000_init"),
        ],
    };
    let sql = if conn.provider() == Provider::Postgres {
        sql.replace("$4", "$4::varchar").replace(
            "VALUES ($1, $2, now()",
            "VALUES ($1, $2, COALESCE($3::timestamptz, now())",
        )
    } else {
        sql.to_owned()
    };
    conn.execute(&sql, &params).await.unwrap();
    let report = status(&conn, &folder).await.unwrap();
    assert!(report.is_up_to_date(), "{report:?}");

    let other = match conn.provider() {
        Provider::Sqlite => "postgresql",
        Provider::Postgres | Provider::Mysql => "sqlite",
    };
    lock_file::write(folder.path(), other).unwrap();
    assert_eq!(
        deploy(&conn, &folder).await.unwrap_err().code(),
        Some("P3019")
    );
}

#[tokio::test]
async fn sqlite_deploy_fail_resolve() {
    check_deploy_fail_resolve(&TestDb::sqlite().await).await;
}

#[tokio::test]
async fn sqlite_baseline_and_reset() {
    check_baseline(&TestDb::sqlite().await).await;
}

#[tokio::test]
async fn sqlite_prisma_written_history() {
    check_prisma_written_history(&TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_deploy_fail_resolve() {
    if let Some(db) = TestDb::postgres("deploy_fail_resolve").await {
        check_deploy_fail_resolve(&db).await;
    }
}

#[tokio::test]
async fn postgres_baseline_and_reset() {
    if let Some(db) = TestDb::postgres("baseline").await {
        check_baseline(&db).await;
    }
}

#[tokio::test]
async fn postgres_prisma_written_history() {
    if let Some(db) = TestDb::postgres("prisma_history").await {
        check_prisma_written_history(&db).await;
    }
}

#[tokio::test]
async fn postgres_deploy_holds_the_advisory_lock() {
    let Some(db) = TestDb::postgres("advisory_lock").await else {
        return;
    };
    let conn = db.connect().await;
    History::new(&conn).lock().await.unwrap();
    let held = conn
        .query(
            "SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 72707369 AND granted AND pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(held.first().unwrap().int("n"), Some(1));
}

#[tokio::test]
async fn postgres_deploy_into_a_missing_schema_creates_it() {
    let Some(db) = TestDb::postgres("missing_schema").await else {
        return;
    };
    let driver::DatabaseUrl::Postgres(p) = &db.url else {
        unreachable!("a PostgreSQL test database");
    };
    let url = driver::DatabaseUrl::Postgres(p.with_schema("tenant_a"));
    assert!(!commands::ensure_database(&url).await.unwrap());
    let conn = Connection::connect(&url).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let folder = folder_with(
        dir.path(),
        Provider::Postgres,
        &[("20240101000000_init", INIT)],
    );
    deploy(&conn, &folder).await.unwrap();
    let rows = conn
        .query(
            "SELECT table_schema::text AS s FROM information_schema.tables WHERE table_name = 'User'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.first().unwrap().text("s"), Some("tenant_a"));
    assert!(status(&conn, &folder).await.unwrap().is_up_to_date());
}
