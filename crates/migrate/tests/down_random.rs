//! Down migrations for random schema pairs (the generator of `random_migrations`): for random
//! schemas A and B (B a random edit of A), on SQLite, PostgreSQL and MariaDB, the migration
//! A → B as `migrate dev` writes it (from the described A to the calculated B) goes up, its
//! down script (the described B diffed back to the described A) takes the database back to A
//! (canonically equal), and up again gives B; one row put in every table of B that A has
//! survives the round trip. Deterministic seeds; a fixed number of pairs per database.

mod common;
mod down_common;
mod random_schema;

use common::TestDb;
use down_common::{copy_migration, dialect_of, up_down_up};
use driver::Connection;
use migrate::SqlSchema;
use migrate::history::{MigrationsFolder, lock_file};
use random_schema::{Spec, calculated, edit, random_spec};
use test_support::Rng;

/// The tables of the spec's models (`M0`, `M1`, …).
fn tables(spec: &Spec) -> Vec<String> {
    spec.models.iter().map(|m| format!("M{}", m.id)).collect()
}

async fn count(conn: &Connection, table: &str) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM {}",
        conn.provider().quote_identifier(table)
    );
    let rows = conn.query(&sql, &[]).await.unwrap();
    rows.first().and_then(|r| r.int("n")).unwrap()
}

/// Runs `seeds` random pairs on the database behind `conn`, emptied between pairs.
async fn random_pairs(conn: &Connection, seeds: std::ops::RangeInclusive<u64>) {
    let provider = conn.provider().prisma_name();
    let dialect = dialect_of(conn);
    let mut seen = std::collections::BTreeSet::new();
    for seed in seeds {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let a = random_spec(&mut rng);
        let b = edit(&mut rng, &a);
        migrate::commands::reset_database(conn).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let folder = MigrationsFolder::new(dir.path().join("migrations"));
        std::fs::create_dir_all(folder.path()).unwrap();
        lock_file::write(folder.path(), provider).unwrap();
        let create =
            migrate::diff_to_script(&SqlSchema::default(), &calculated(&a, provider), dialect);
        folder
            .create_migration("20240101000000", "a", &create)
            .unwrap();
        migrate::commands::deploy(conn, &folder)
            .await
            .unwrap_or_else(|e| panic!("seed {seed}: creating A failed: {e}\n{create}"));
        let before = migrate::introspect::introspect(conn).await.unwrap();
        // As `migrate dev` writes it: from the described database to the calculated schema.
        let up = migrate::diff_to_script(&before, &calculated(&b, provider), dialect);
        seen.extend(
            up.lines()
                .filter_map(|l| l.strip_prefix("-- "))
                .map(str::to_owned),
        );
        let staged = tempfile::tempdir().unwrap();
        let source = MigrationsFolder::new(staged.path());
        source
            .create_migration("20240102000000", "b", &format!("{up}\n"))
            .unwrap();
        let name = copy_migration(&staged.path().join("20240102000000_b"), &folder);
        let kept: Vec<String> = tables(&b)
            .into_iter()
            .filter(|t| tables(&a).contains(t))
            .collect();
        let fill = async |_: &SqlSchema, _: &str| {
            for table in &kept {
                // Every required column has a default, foreign keys are optional.
                let sql = format!(
                    "INSERT INTO {} ({}) VALUES (1)",
                    conn.provider().quote_identifier(table),
                    conn.provider().quote_identifier("id")
                );
                conn.raw_cmd(&sql)
                    .await
                    .unwrap_or_else(|e| panic!("seed {seed}: insert into {table}: {e}"));
            }
        };
        let check_rows = async |_: &SqlSchema| {
            for table in &kept {
                assert_eq!(
                    count(conn, table).await,
                    1,
                    "seed {seed}: the row of {table} did not survive the down script"
                );
            }
        };
        match up_down_up(conn, &folder, &name, &before, fill, check_rows).await {
            Ok(cycle) => seen.extend(
                cycle
                    .down
                    .lines()
                    .filter_map(|l| l.strip_prefix("-- "))
                    .map(str::to_owned),
            ),
            Err(e) => panic!("seed {seed}: {e}\n--- migration.sql:\n{up}"),
        }
    }
    // The pairs (up and down) must exercise the interesting steps, or they prove little.
    let altered = ["AlterTable", "RedefineTables"];
    assert!(altered.iter().any(|k| seen.contains(*k)), "{seen:?}");
    for kind in ["CreateTable", "DropTable", "CreateIndex", "DropIndex"] {
        assert!(seen.contains(kind), "no pair has a {kind} step: {seen:?}");
    }
}

#[tokio::test]
async fn random_pairs_go_down_and_up_on_sqlite() {
    let db = TestDb::sqlite().await;
    random_pairs(&db.connect().await, 1..=40).await;
}

#[tokio::test]
async fn random_pairs_go_down_and_up_on_postgresql() {
    let Some(db) = TestDb::postgres("down_random").await else {
        return;
    };
    random_pairs(&db.connect().await, 1..=25).await;
}

#[tokio::test]
async fn random_pairs_go_down_and_up_on_mysql() {
    let Some(db) = TestDb::mysql("down_random").await else {
        return;
    };
    random_pairs(&db.connect().await, 1..=20).await;
}
