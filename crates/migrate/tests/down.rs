//! Down migrations on the real-world histories of `conformance/realworld/` (each on its own
//! database: epic-stack on SQLite, boxyhq-saas-starter-kit, hoppscotch and spliit on
//! PostgreSQL, taxonomy on MariaDB): for every migration, the down script the differ writes
//! in reverse takes the database back to the schema before it (described, canonically equal),
//! its history row goes, and deploying it again gives the same schema. Then `--to` the first
//! migration and everything again; and the refusals (no `down.sql`, an edited migration, an
//! unknown target, too many steps, a failed migration).

mod common;
mod down_common;

use std::path::{Path, PathBuf};

use common::TestDb;
use down_common::{canonical, copy_migration, first_difference, rows, up_down_up};
use driver::Connection;
use migrate::SqlSchema;
use migrate::commands::{DownError, DownTarget, apply_down, deploy, plan_down};
use migrate::history::{MigrationsFolder, lock_file};

fn realworld(project: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../conformance/realworld")
        .join(project)
        .join("migrations")
}

fn migrations_of(source: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(source)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Hand-written migrations whose down script, computed from the described schemas, cannot
/// undo them, each with why (`down.sql` must be written by hand for these).
const KNOWN_LIMITS: &[(&str, &str, &str)] = &[
    (
        "hoppscotch",
        "20250822044741_order_index_unique_constraint",
        "it adds DEFERRABLE UNIQUE constraints by hand; the schema model (as Prisma's) sees a \
         unique constraint as a unique index, so the down script says DROP INDEX, which \
         PostgreSQL refuses for a constraint's index (ALTER TABLE … DROP CONSTRAINT undoes it)",
    ),
    (
        "hoppscotch",
        "20251016080714_mock_server",
        "it creates functions and triggers, which the schema model does not describe: the down \
         script leaves them, so applying the migration again fails on CREATE TRIGGER",
    ),
    (
        "spliit",
        "20250308000000_add_category_donation",
        "it inserts a row, which a schema diff does not see: the down script is empty, so \
         applying the migration again inserts the same key (a hand-written DELETE undoes it)",
    ),
];

/// Every migration of `project`'s history: up, down, up; then all but the first reverted at
/// once (`--to` the first) and deployed again.
async fn history_goes_down_and_up(conn: &Connection, project: &str) {
    let source = realworld(project);
    let dir = tempfile::tempdir().unwrap();
    let folder = MigrationsFolder::new(dir.path().join("migrations"));
    std::fs::create_dir_all(folder.path()).unwrap();
    lock_file::write(folder.path(), conn.provider().prisma_name()).unwrap();
    let mut before = migrate::introspect::introspect(conn).await.unwrap();
    let mut names = Vec::new();
    let mut failures = Vec::new();
    let rows_kept = std::cell::RefCell::new(0);
    for migration in migrations_of(&source) {
        let name = copy_migration(&migration, &folder);
        // One row in every table (those the down script cannot keep rows of aside); the
        // tables the migration kept must still have theirs after the down script.
        let filled = std::cell::RefCell::new(Vec::new());
        let fill = async |after: &SqlSchema, down: &str| {
            let skip = rows::unfillable(down, after);
            *filled.borrow_mut() = rows::fill(conn, after, &skip).await;
        };
        let check = async |before: &SqlSchema| {
            let kept: Vec<(String, i64)> = filled
                .borrow()
                .iter()
                .filter(|(t, _)| before.tables.iter().any(|b| &b.name == t))
                .cloned()
                .collect();
            for (table, n) in &kept {
                assert_eq!(
                    rows::count(conn, table).await,
                    *n,
                    "{project}: the rows of `{table}` did not survive the down script"
                );
            }
            *rows_kept.borrow_mut() += kept.len();
            let names: Vec<String> = kept.iter().map(|(t, _)| t.clone()).collect();
            rows::remove(conn, before, &names).await;
        };
        match up_down_up(conn, &folder, &name, &before, fill, check).await {
            Ok(cycle) => before = cycle.after,
            Err(e) => {
                // Start again from the history up to and including this migration.
                failures.push((name.clone(), e));
                migrate::commands::reset_database(conn).await.unwrap();
                deploy(conn, &folder).await.unwrap();
                before = migrate::introspect::introspect(conn).await.unwrap();
            }
        }
        names.push(name);
    }
    let failed: Vec<&str> = failures.iter().map(|(n, _)| n.as_str()).collect();
    let expected: Vec<&str> = KNOWN_LIMITS
        .iter()
        .filter(|(p, _, _)| *p == project)
        .map(|(_, m, _)| *m)
        .collect();
    assert!(
        failed == expected,
        "{project}: the migrations whose down script fails are {failed:?}, expected {expected:?}\n\n{}",
        failures
            .iter()
            .map(|(_, e)| e.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    assert!(
        *rows_kept.borrow() >= names.len() - 1,
        "{project}: only {} rows were checked across the history",
        rows_kept.borrow()
    );
    eprintln!(
        "{project}: {} rows kept through down scripts",
        rows_kept.borrow()
    );
    // Back to the first migration (or the last one whose down script cannot work) in one
    // command, then forward again.
    let keep = names
        .iter()
        .rposition(|n| expected.contains(&n.as_str()))
        .unwrap_or(0);
    let plan = plan_down(conn, &folder, &DownTarget::To(names[keep].clone()))
        .await
        .unwrap();
    let planned: Vec<&str> = plan.steps.iter().map(|s| s.name()).collect();
    let newest_first: Vec<&str> = names[keep + 1..].iter().rev().map(String::as_str).collect();
    assert_eq!(planned, newest_first, "{project}: newest first");
    apply_down(conn, &plan, &mut |_| {}).await.unwrap();
    let out = deploy(conn, &folder).await.unwrap();
    assert_eq!(out.applied, names[keep + 1..], "{project}");
    let again = migrate::introspect::introspect(conn).await.unwrap();
    let (e, a) = (canonical(&before), canonical(&again));
    assert!(e == a, "{project}: {}", first_difference(&e, &a));
}

#[tokio::test]
async fn sqlite_history_goes_down_and_up() {
    let db = TestDb::sqlite().await;
    history_goes_down_and_up(&db.connect().await, "epic-stack").await;
}

#[tokio::test]
async fn postgresql_histories_go_down_and_up() {
    for project in ["boxyhq-saas-starter-kit", "hoppscotch", "spliit"] {
        let Some(db) = TestDb::postgres(&format!("down_{}", &project[..4])).await else {
            return;
        };
        history_goes_down_and_up(&db.connect().await, project).await;
    }
}

#[tokio::test]
async fn mysql_history_goes_down_and_up() {
    let Some(db) = TestDb::mysql("down_taxonomy").await else {
        return;
    };
    history_goes_down_and_up(&db.connect().await, "taxonomy").await;
}

/// A folder of two migrations, both applied, each with a down script.
async fn two_applied(conn: &Connection) -> (tempfile::TempDir, MigrationsFolder) {
    let dir = tempfile::tempdir().unwrap();
    let folder = MigrationsFolder::new(dir.path().join("migrations"));
    let a = folder
        .create_migration(
            "20240101000000",
            "a",
            "CREATE TABLE \"A\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n",
        )
        .unwrap();
    a.write_down_script("DROP TABLE \"A\";\n").unwrap();
    let b = folder
        .create_migration(
            "20240102000000",
            "b",
            "CREATE TABLE \"B\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n",
        )
        .unwrap();
    b.write_down_script("/*\n  Warnings:\n\n  - You are about to drop the `B` table. If the table is not empty, all the data it contains will be lost.\n\n*/\n-- DropTable\nDROP TABLE \"B\";\n").unwrap();
    lock_file::write(folder.path(), "sqlite").unwrap();
    deploy(conn, &folder).await.unwrap();
    (dir, folder)
}

#[tokio::test]
async fn refusals_name_the_migration_and_the_fix() {
    let db = TestDb::sqlite().await;
    let conn = db.connect().await;
    let (_dir, folder) = two_applied(&conn).await;
    let b = folder.find("20240102000000_b").unwrap().unwrap();

    // The plan: newest first, with the warnings of its header.
    let plan = plan_down(&conn, &folder, &DownTarget::Steps(2))
        .await
        .unwrap();
    let names: Vec<&str> = plan.steps.iter().map(|s| s.name()).collect();
    assert_eq!(names, ["20240102000000_b", "20240101000000_a"]);
    assert_eq!(plan.steps[0].warnings.len(), 1);
    assert!(plan.steps[1].warnings.is_empty());
    // `--to` the newest: nothing to do.
    let plan = plan_down(&conn, &folder, &DownTarget::To("20240102000000_b".into()))
        .await
        .unwrap();
    assert!(plan.steps.is_empty());

    let message = |e: DownError| e.to_string();
    let err = plan_down(&conn, &folder, &DownTarget::Steps(3))
        .await
        .unwrap_err();
    assert!(matches!(err, DownError::TooManySteps { .. }));
    assert!(message(err).contains("Pass `--steps 2`"));
    let err = plan_down(&conn, &folder, &DownTarget::To("20240103000000_c".into()))
        .await
        .unwrap_err();
    assert!(matches!(err, DownError::UnknownTarget { .. }), "{err}");
    assert!(message(err).contains("`20240103000000_c`"));

    // No down.sql: refused before anything runs.
    std::fs::remove_file(b.down_script_path()).unwrap();
    let err = plan_down(&conn, &folder, &DownTarget::Steps(1))
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, DownError::NoDownScript { .. }), "{text}");
    assert!(
        text.contains("`20240102000000_b`") && text.contains("down.sql"),
        "{text}"
    );

    // Written for another version of migration.sql: refused.
    let other = migrate::down::mark_source("DROP TABLE \"B\";\n", "CREATE TABLE \"C\" ();\n");
    b.write_down_script(&other).unwrap();
    let err = plan_down(&conn, &folder, &DownTarget::Steps(1))
        .await
        .unwrap_err();
    assert!(matches!(err, DownError::StaleDownScript { .. }), "{err}");
    let script = std::fs::read_to_string(b.path().join("migration.sql")).unwrap();
    b.write_down_script(&migrate::down::mark_source("DROP TABLE \"B\";\n", &script))
        .unwrap();
    plan_down(&conn, &folder, &DownTarget::Steps(1))
        .await
        .unwrap();

    // Edited after it was applied: refused.
    b.write_down_script("DROP TABLE \"B\";\n").unwrap();
    std::fs::write(
        b.path().join("migration.sql"),
        "CREATE TABLE \"B2\" (\"id\" INTEGER);\n",
    )
    .unwrap();
    let err = plan_down(&conn, &folder, &DownTarget::Steps(1))
        .await
        .unwrap_err();
    assert!(matches!(err, DownError::Edited { .. }), "{err}");
    assert!(err.to_string().contains("`20240102000000_b` was modified"));
    // Reverting only the older one is not possible without the newer one.
    let err = plan_down(&conn, &folder, &DownTarget::Steps(2))
        .await
        .unwrap_err();
    assert!(matches!(err, DownError::Edited { .. }), "{err}");
    // Nothing ran.
    let live = migrate::introspect::introspect(&conn).await.unwrap();
    assert_eq!(live.tables.len(), 2);
}

#[tokio::test]
async fn a_failing_down_script_keeps_the_migration_applied() {
    let db = TestDb::sqlite().await;
    let conn = db.connect().await;
    let (_dir, folder) = two_applied(&conn).await;
    let b = folder.find("20240102000000_b").unwrap().unwrap();
    b.write_down_script("DROP TABLE \"B\";\nDROP TABLE \"Nope\";\n")
        .unwrap();
    let plan = plan_down(&conn, &folder, &DownTarget::Steps(1))
        .await
        .unwrap();
    let err = apply_down(&conn, &plan, &mut |_| {}).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, DownError::RevertFailed { .. }), "{text}");
    assert!(text.contains("query number 2"), "{text}");
    assert!(text.contains("None of its statements were kept"), "{text}");
    // The transaction was rolled back: B and its row are still there.
    let live = migrate::introspect::introspect(&conn).await.unwrap();
    assert!(live.tables.iter().any(|t| t.name == "B"));
    let status = migrate::commands::status(&conn, &folder).await.unwrap();
    assert!(status.unapplied.is_empty());
}

#[tokio::test]
async fn a_reverted_migration_is_pending_for_status() {
    let db = TestDb::sqlite().await;
    let conn = db.connect().await;
    let (_dir, folder) = two_applied(&conn).await;
    let plan = plan_down(&conn, &folder, &DownTarget::Steps(1))
        .await
        .unwrap();
    let mut seen = Vec::new();
    apply_down(&conn, &plan, &mut |n| seen.push(n.to_owned()))
        .await
        .unwrap();
    assert_eq!(seen, ["20240102000000_b"]);
    let status = migrate::commands::status(&conn, &folder).await.unwrap();
    assert_eq!(status.unapplied, ["20240102000000_b"]);
    assert!(status.failed.is_empty() && status.edited.is_empty());
}

/// The calculated schema of a Prisma schema's models on `provider`.
fn calculated(provider: &str, models: &str) -> SqlSchema {
    let text = format!("datasource db {{\n  provider = \"{provider}\"\n}}\n\n{models}");
    let (schema, diagnostics) = schema::validate(&diagnostics::SourceFiles::single(
        "schema.prisma",
        text.clone(),
    ));
    assert!(!diagnostics.has_errors(), "{text}");
    let dialect = migrate::dialect_of(&schema).unwrap();
    migrate::calculate(&schema, dialect)
}

/// Enum values removed from the middle and added back, with columns of the enum added and
/// dropped in the same migration: the down script restores the values in their order
/// (compared canonically, which keeps the order of enum values).
async fn enum_changes_go_down_and_up(conn: &Connection) {
    let provider = conn.provider().prisma_name();
    let dialect = down_common::dialect_of(conn);
    let versions = [
        "enum Role {\n  USER\n  EDITOR\n  ADMIN\n}\n\nmodel User {\n  id   Int  @id\n  role Role @default(EDITOR)\n}\n",
        "enum Role {\n  USER\n  ADMIN\n}\n\nmodel User {\n  id   Int  @id\n  role Role @default(USER)\n}\n",
        "enum Role {\n  GUEST\n  USER\n  ADMIN\n  OWNER\n}\n\nmodel User {\n  id    Int   @id\n  role  Role  @default(USER)\n  roles Role?\n}\n",
        "enum Role {\n  GUEST\n  USER\n  MODERATOR\n  ADMIN\n  OWNER\n}\n\nmodel User {\n  id   Int  @id\n  role Role @default(USER)\n}\n",
    ];
    let dir = tempfile::tempdir().unwrap();
    let folder = MigrationsFolder::new(dir.path().join("migrations"));
    std::fs::create_dir_all(folder.path()).unwrap();
    lock_file::write(folder.path(), provider).unwrap();
    let mut before = migrate::introspect::introspect(conn).await.unwrap();
    for (i, models) in versions.iter().enumerate() {
        let script = migrate::diff_to_script(&before, &calculated(provider, models), dialect);
        let timestamp = format!("2024010{}000000", i + 1);
        let name = folder
            .create_migration(&timestamp, "roles", &format!("{script}\n"))
            .unwrap()
            .name()
            .to_owned();
        match up_down_up(conn, &folder, &name, &before, async |_, _| {}, async |_| {}).await {
            Ok(cycle) => before = cycle.after,
            Err(e) => panic!("{e}\n--- migration.sql:\n{script}"),
        }
    }
}

#[tokio::test]
async fn postgresql_enum_changes_go_down_and_up() {
    let Some(db) = TestDb::postgres("down_enums").await else {
        return;
    };
    enum_changes_go_down_and_up(&db.connect().await).await;
}

#[tokio::test]
async fn mysql_enum_changes_go_down_and_up() {
    let Some(db) = TestDb::mysql("down_enums").await else {
        return;
    };
    enum_changes_go_down_and_up(&db.connect().await).await;
}
