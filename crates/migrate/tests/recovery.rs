//! Recovery that tells the truth: what a failed or interrupted migration left in the database,
//! SQLite migrations that switch foreign keys, histories applied out of order or diverged, and
//! a lock file of another provider, on SQLite, PostgreSQL and (where its path differs) MySQL.

mod common;

use common::TestDb;
use driver::{Connection, Provider};
use migrate::commands::{
    FailedMigrationCheck, deploy, resolve_applied, resolve_rolled_back, status,
};
use migrate::history::{History, MigrationsFolder, lock_file};

fn folder_with(
    dir: &std::path::Path,
    provider: Provider,
    scripts: &[(&str, &str)],
) -> MigrationsFolder {
    let folder = MigrationsFolder::new(dir.join("migrations"));
    std::fs::create_dir_all(folder.path()).unwrap();
    for (name, script) in scripts {
        add(&folder, name, script);
    }
    lock_file::write(folder.path(), provider.prisma_name()).unwrap();
    folder
}

fn add(folder: &MigrationsFolder, name: &str, script: &str) {
    let (ts, rest) = name.split_once('_').unwrap();
    folder.create_migration(ts, rest, script).unwrap();
}

fn quoted(conn: &Connection, script: &str) -> String {
    if conn.provider() == Provider::Mysql {
        script.replace('"', "`")
    } else {
        script.to_owned()
    }
}

const INIT: &str =
    "CREATE TABLE \"User\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"email\" TEXT NOT NULL);\n";
const POSTS: &str = "CREATE TABLE \"Post\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"title\" VARCHAR(191) NOT NULL);\nCREATE INDEX \"Post_title_idx\" ON \"Post\" (\"title\");\n";
const TAGS: &str = "CREATE TABLE \"Tag\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n";

async fn tables(conn: &Connection) -> Vec<String> {
    History::new(conn).table_names().await.unwrap()
}

/// A migration whose history row was left unfinished (the process applying it was killed):
/// with its SQL committed, status and P3009 say "applied" and `resolve --applied` is the way
/// out; without it, "not applied" and `resolve --rolled-back` then deploy.
async fn check_unfinished_rows(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let conn = db.connect().await;
    let folder = folder_with(
        dir.path(),
        conn.provider(),
        &[("20240101000000_init", INIT)],
    );
    deploy(&conn, &folder).await.unwrap();
    add(&folder, "20240102000000_posts", POSTS);
    add(&folder, "20240103000000_tags", TAGS);
    let history = History::new(&conn);

    // 1. The SQL committed, the row never finished.
    conn.raw_cmd(POSTS).await.unwrap();
    history
        .record_started("20240102000000_posts", POSTS)
        .await
        .unwrap();
    let report = status(&conn, &folder).await.unwrap();
    assert_eq!(report.failed_checks.len(), 1);
    assert_eq!(
        report.failed_checks[0].check,
        FailedMigrationCheck::Applied,
        "{:?}",
        report.failed_checks
    );
    // Checked against the history interpreted from its SQL, without a scratch database.
    assert_eq!(
        report.failed_checks[0].method,
        Some(migrate::commands::HistoryMethod::Interpreted)
    );
    let err = deploy(&conn, &folder).await.unwrap_err();
    assert_eq!(err.code(), Some("P3009"));
    let text = err.to_string();
    assert!(
        text.contains("The database has all of its changes (its SQL was committed): mark it applied with `refract migrate resolve --applied \"20240102000000_posts\"`."),
        "{text}"
    );
    assert!(text.contains("It did not record an error"), "{text}");
    resolve_applied(&conn, &folder, "20240102000000_posts")
        .await
        .unwrap();

    // 2. Neither the SQL nor the row's end: the migration never ran.
    history
        .record_started("20240103000000_tags", TAGS)
        .await
        .unwrap();
    let report = status(&conn, &folder).await.unwrap();
    assert_eq!(
        report.failed_checks[0].check,
        FailedMigrationCheck::NotApplied,
        "{:?}",
        report.failed_checks
    );
    let text = deploy(&conn, &folder).await.unwrap_err().to_string();
    assert!(
        text.contains("The database has none of its changes (its SQL was not applied, or was rolled back): mark it rolled back with `refract migrate resolve --rolled-back \"20240103000000_tags\"`, then deploy again."),
        "{text}"
    );
    resolve_rolled_back(&conn, "20240103000000_tags")
        .await
        .unwrap();
    let out = deploy(&conn, &folder).await.unwrap();
    assert_eq!(out.applied, ["20240103000000_tags"]);
    assert!(status(&conn, &folder).await.unwrap().is_up_to_date());

    // 3. An unrelated table made by hand does not blur the verdict.
    conn.raw_cmd("CREATE TABLE \"Manual\" (\"id\" INTEGER NOT NULL PRIMARY KEY);")
        .await
        .unwrap();
    add(
        &folder,
        "20240104000000_more",
        "CREATE TABLE \"More\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n",
    );
    conn.raw_cmd("CREATE TABLE \"More\" (\"id\" INTEGER NOT NULL PRIMARY KEY);")
        .await
        .unwrap();
    history
        .record_started(
            "20240104000000_more",
            "CREATE TABLE \"More\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n",
        )
        .await
        .unwrap();
    let report = status(&conn, &folder).await.unwrap();
    assert_eq!(report.failed_checks[0].check, FailedMigrationCheck::Applied);
    resolve_applied(&conn, &folder, "20240104000000_more")
        .await
        .unwrap();

    // 4. Half of it there (a script that could not run in a transaction).
    let two = "CREATE TABLE \"X\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\nCREATE TABLE \"Y\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n";
    add(&folder, "20240105000000_two", two);
    conn.raw_cmd("CREATE TABLE \"X\" (\"id\" INTEGER NOT NULL PRIMARY KEY);")
        .await
        .unwrap();
    history
        .record_started("20240105000000_two", two)
        .await
        .unwrap();
    let report = status(&conn, &folder).await.unwrap();
    assert_eq!(report.failed_checks[0].check, FailedMigrationCheck::Partial);
    assert!(
        report.failed_checks[0]
            .advice()
            .contains("The database has some of its changes but not all"),
        "{:?}",
        report.failed_checks
    );
    // The check left nothing behind.
    let names = tables(&conn).await;
    assert!(
        !names.iter().any(|t| t.starts_with("_refract")),
        "{names:?}"
    );
}

/// On MySQL, whose DDL cannot be rolled back, the verdict comes from the history interpreted
/// from its SQL (before, a replay was needed and the answer was "cannot tell").
#[tokio::test]
async fn mysql_unfinished_rows_are_told_apart_from_the_interpreted_history() {
    let Some(db) = TestDb::mysql("unfinished_rows").await else {
        return;
    };
    let conn = db.connect().await;
    let dir = tempfile::tempdir().unwrap();
    let (init, posts, tags) = (
        quoted(&conn, INIT),
        quoted(&conn, POSTS),
        quoted(&conn, TAGS),
    );
    let folder = folder_with(
        dir.path(),
        conn.provider(),
        &[("20240101000000_init", &init)],
    );
    deploy(&conn, &folder).await.unwrap();
    add(&folder, "20240102000000_posts", &posts);
    add(&folder, "20240103000000_tags", &tags);
    let history = History::new(&conn);
    conn.raw_cmd(&posts).await.unwrap();
    history
        .record_started("20240102000000_posts", &posts)
        .await
        .unwrap();
    let report = status(&conn, &folder).await.unwrap();
    assert_eq!(report.failed_checks[0].check, FailedMigrationCheck::Applied);
    assert_eq!(
        report.failed_checks[0].method,
        Some(migrate::commands::HistoryMethod::Interpreted)
    );
    resolve_applied(&conn, &folder, "20240102000000_posts")
        .await
        .unwrap();
    history
        .record_started("20240103000000_tags", &tags)
        .await
        .unwrap();
    let report = status(&conn, &folder).await.unwrap();
    assert_eq!(
        report.failed_checks[0].check,
        FailedMigrationCheck::NotApplied,
        "{:?}",
        report.failed_checks
    );
}

#[tokio::test]
async fn sqlite_unfinished_rows_are_told_apart() {
    check_unfinished_rows(&TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_unfinished_rows_are_told_apart() {
    let Some(db) = TestDb::postgres("unfinished_rows").await else {
        return;
    };
    check_unfinished_rows(&db).await;
    // No scratch schema stayed.
    let conn = db.connect().await;
    let rows = conn
        .query(
            "SELECT COUNT(*) AS n FROM information_schema.schemata WHERE schema_name LIKE '\\_refract%'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.first().unwrap().int("n"), Some(0));
}

const REDEFINE_BROKEN: &str = "-- RedefineTables\nPRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;\nCREATE TABLE \"new_User\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"email\" TEXT NOT NULL, \"name\" TEXT);\nINSERT INTO \"new_User\" (\"id\", \"email\") SELECT \"id\", \"email\" FROM \"User\";\nINSERT INTO \"Nowhere\" VALUES (1);\nDROP TABLE \"User\";\nALTER TABLE \"new_User\" RENAME TO \"User\";\nPRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;\n";

/// A SQLite migration that switches foreign keys and fails halfway: P3018 names the statement,
/// nothing of it stays, and the documented recovery (resolve --rolled-back, fix, deploy) works.
#[tokio::test]
async fn sqlite_foreign_key_migration_fails_whole_and_recovers() {
    let db = TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let conn = db.connect().await;
    let folder = folder_with(
        dir.path(),
        conn.provider(),
        &[("20240101000000_init", INIT)],
    );
    deploy(&conn, &folder).await.unwrap();
    conn.raw_cmd("INSERT INTO \"User\" VALUES (1, 'a@b.c'), (2, 'd@e.f');")
        .await
        .unwrap();
    add(&folder, "20240102000000_redefine", REDEFINE_BROKEN);
    let err = deploy(&conn, &folder).await.unwrap_err();
    assert_eq!(err.code(), Some("P3018"));
    let text = err.to_string();
    assert!(
        text.contains("Please check the query number 5 from the migration file."),
        "{text}"
    );
    assert!(
        text.contains("None of its statements were kept: the migration ran in a transaction that was rolled back. To recover, fix the migration, mark it rolled back with `refract migrate resolve --rolled-back \"20240102000000_redefine\"`, and deploy again."),
        "{text}"
    );
    assert_eq!(tables(&conn).await, ["User", "_prisma_migrations"]);
    let fk = conn.query("PRAGMA foreign_keys", &[]).await.unwrap();
    assert_eq!(fk.first().unwrap().int("foreign_keys"), Some(1));

    resolve_rolled_back(&conn, "20240102000000_redefine")
        .await
        .unwrap();
    std::fs::write(
        folder.path().join("20240102000000_redefine/migration.sql"),
        REDEFINE_BROKEN.replace("INSERT INTO \"Nowhere\" VALUES (1);\n", ""),
    )
    .unwrap();
    assert_eq!(
        deploy(&conn, &folder).await.unwrap().applied,
        ["20240102000000_redefine"]
    );
    let rows = conn
        .query(
            "SELECT COUNT(*) AS n FROM \"User\" WHERE \"name\" IS NULL",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.first().unwrap().int("n"), Some(2));
    assert!(status(&conn, &folder).await.unwrap().is_up_to_date());
}

/// A script that cannot run in one transaction (foreign keys switched in its middle) says
/// which statements stayed.
#[tokio::test]
async fn sqlite_statement_by_statement_failure_says_what_stayed() {
    let db = TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let conn = db.connect().await;
    let folder = folder_with(
        dir.path(),
        conn.provider(),
        &[(
            "20240101000000_init",
            "CREATE TABLE \"A\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\nPRAGMA foreign_keys=OFF;\nINSERT INTO \"Nowhere\" VALUES (1);\nPRAGMA foreign_keys=ON;\n",
        )],
    );
    let text = deploy(&conn, &folder).await.unwrap_err().to_string();
    assert!(
        text.contains("Please check the query number 3 from the migration file."),
        "{text}"
    );
    assert!(
        text.contains(
            "Statements 1 to 2 of the migration were applied before it and stay in the database"
        ),
        "{text}"
    );
    assert!(tables(&conn).await.contains(&"A".to_owned()));
    // And status tells it is partly there.
    let report = status(&conn, &folder).await.unwrap();
    assert_eq!(report.failed_checks.len(), 1);
}

/// A migration older than the last applied one is reported (status and deploy); a deleted
/// applied one and a pending one make Prisma's diverged histories with the last common one.
async fn check_out_of_order_and_diverged(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let conn = db.connect().await;
    let folder = folder_with(
        dir.path(),
        conn.provider(),
        &[
            ("20240101000000_init", &quoted(&conn, INIT)),
            ("20240103000000_tags", &quoted(&conn, TAGS)),
        ],
    );
    deploy(&conn, &folder).await.unwrap();
    add(&folder, "20240102000000_posts", &quoted(&conn, POSTS));
    let report = status(&conn, &folder).await.unwrap();
    assert_eq!(report.out_of_order, ["20240102000000_posts"]);
    assert_eq!(
        report.last_common_migration.as_deref(),
        Some("20240101000000_init")
    );
    assert!(!report.histories_diverge());
    let out = deploy(&conn, &folder).await.unwrap();
    assert_eq!(out.applied, ["20240102000000_posts"]);
    assert_eq!(out.out_of_order, ["20240102000000_posts"]);
    assert!(
        status(&conn, &folder)
            .await
            .unwrap()
            .out_of_order
            .is_empty()
    );

    // Diverged: an applied migration deleted, a new one added.
    std::fs::remove_dir_all(folder.path().join("20240103000000_tags")).unwrap();
    add(
        &folder,
        "20240104000000_more",
        &quoted(
            &conn,
            "CREATE TABLE \"More\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n",
        ),
    );
    let report = status(&conn, &folder).await.unwrap();
    assert!(report.histories_diverge());
    assert_eq!(
        report.last_common_migration.as_deref(),
        Some("20240102000000_posts")
    );
    assert_eq!(report.unapplied, ["20240104000000_more"]);
    assert_eq!(report.missing_from_folder, ["20240103000000_tags"]);
}

/// A lock file naming another provider: status is P3019, as deploy is.
async fn check_provider_switch(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let conn = db.connect().await;
    let folder = folder_with(
        dir.path(),
        conn.provider(),
        &[("20240101000000_init", INIT)],
    );
    let other = if conn.provider() == Provider::Sqlite {
        "postgresql"
    } else {
        "sqlite"
    };
    lock_file::write(folder.path(), other).unwrap();
    let err = status(&conn, &folder).await.unwrap_err();
    assert_eq!(err.code(), Some("P3019"), "{err}");
    assert_eq!(
        deploy(&conn, &folder).await.unwrap_err().code(),
        Some("P3019")
    );
}

#[tokio::test]
async fn sqlite_out_of_order_diverged_and_provider_switch() {
    check_out_of_order_and_diverged(&TestDb::sqlite().await).await;
    check_provider_switch(&TestDb::sqlite().await).await;
}

#[tokio::test]
async fn postgres_out_of_order_diverged_and_provider_switch() {
    let Some(db) = TestDb::postgres("out_of_order").await else {
        return;
    };
    check_out_of_order_and_diverged(&db).await;
    let Some(db) = TestDb::postgres("provider_switch").await else {
        return;
    };
    check_provider_switch(&db).await;
}

#[tokio::test]
async fn mysql_out_of_order_diverged_and_provider_switch() {
    let Some(db) = TestDb::mysql("out_of_order").await else {
        return;
    };
    check_out_of_order_and_diverged(&db).await;
    let Some(db) = TestDb::mysql("provider_switch").await else {
        return;
    };
    check_provider_switch(&db).await;
}

/// On PostgreSQL a script and its history row commit together: a connection lost in the
/// middle of a migration leaves neither (no failed row to resolve).
#[tokio::test]
async fn postgres_interrupted_migration_leaves_no_half_row() {
    let Some(db) = TestDb::postgres("interrupted").await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let conn = db.connect().await;
    let folder = folder_with(
        dir.path(),
        conn.provider(),
        &[(
            "20240101000000_slow",
            "CREATE TABLE \"Slow\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\nSELECT pg_sleep(30);\n",
        )],
    );
    let deployer = {
        let url = db.url.clone();
        let folder = MigrationsFolder::new(folder.path());
        tokio::spawn(async move {
            let conn = Connection::connect(&url).await.unwrap();
            let _ = deploy(&conn, &folder).await;
        })
    };
    // Wait until the script runs, then end its session from the server's side.
    let mut ended = false;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let rows = conn
            .query(
                "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(30)%' AND query NOT LIKE '%pg_stat_activity%'",
                &[],
            )
            .await
            .unwrap();
        if !rows.is_empty() {
            ended = true;
            break;
        }
    }
    assert!(ended, "the migration never started");
    let _ = deployer.await;
    let records = History::new(&conn).load().await.unwrap().unwrap();
    assert!(records.is_empty(), "{records:?}");
    assert!(!tables(&conn).await.contains(&"Slow".to_owned()));
}
