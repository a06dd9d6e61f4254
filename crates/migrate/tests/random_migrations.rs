//! Property test over generated schemas: for random schemas A and B (B a random edit of A),
//! the script from empty to A and the migration from A to B run on a real database, the
//! target diffed with itself is empty, and on SQLite the rows of tables kept by B survive.
//! Deterministic: seeds 0..N with a small xorshift generator.

use migrate::SqlSchema;
use schema::Provider;

use test_support::Rng;

mod random_schema;
use random_schema::*;

const SEEDS: u64 = 60;

/// Records which `-- Step` kinds a script contains.
fn record_steps(script: &str, seen: &mut std::collections::BTreeSet<String>) {
    seen.extend(
        script
            .lines()
            .filter_map(|l| l.strip_prefix("-- "))
            .map(str::to_owned),
    );
}

/// The generator must exercise the interesting steps, or the property proves little.
fn assert_covers(seen: &std::collections::BTreeSet<String>, kinds: &[&str]) {
    for kind in kinds {
        assert!(
            seen.contains(*kind),
            "no generated migration has a {kind} step: {seen:?}"
        );
    }
}

#[test]
fn random_migrations_run_on_sqlite_and_keep_rows() {
    let dialect = migrate::for_provider(Provider::Sqlite);
    let mut seen = std::collections::BTreeSet::new();
    for seed in 1..=SEEDS {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let a = random_spec(&mut rng);
        let b = edit(&mut rng, &a);
        let (sa, sb) = (calculated(&a, "sqlite"), calculated(&b, "sqlite"));
        let create = migrate::diff_to_script(&SqlSchema::default(), &sa, dialect);
        let migration = migrate::diff_to_script(&sa, &sb, dialect);
        record_steps(&migration, &mut seen);
        assert_eq!(
            migrate::diff_to_script(&sb, &sb, dialect),
            "-- This is an empty migration.",
            "seed {seed}: the target differs from itself"
        );
        let db = rusqlite::Connection::open_in_memory().expect("SQLite");
        db.execute_batch(&create)
            .unwrap_or_else(|e| panic!("seed {seed}: creating A failed: {e}\n{create}"));
        for model in &a.models {
            // Every required column has a default (see random_field).
            db.execute(&format!("INSERT INTO \"M{}\" DEFAULT VALUES", model.id), [])
                .unwrap_or_else(|e| panic!("seed {seed}: insert into M{}: {e}", model.id));
        }
        db.execute_batch(&migration)
            .unwrap_or_else(|e| panic!("seed {seed}: migrating A to B failed: {e}\n{migration}"));
        for model in b
            .models
            .iter()
            .filter(|m| a.models.iter().any(|x| x.id == m.id))
        {
            let count: i64 = db
                .query_row(
                    &format!("SELECT COUNT(*) FROM \"M{}\"", model.id),
                    [],
                    |r| r.get(0),
                )
                .expect("count rows");
            assert_eq!(
                count, 1,
                "seed {seed}: the row of M{} did not survive\n{migration}",
                model.id
            );
        }
    }
}

fn database_url(server: &str, database: &str) -> String {
    let (base, _) = server.rsplit_once('/').unwrap_or((server, ""));
    format!("{base}/{database}")
}

async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"));
    tokio::spawn(connection);
    client
}

#[tokio::test]
async fn random_migrations_run_on_postgresql() {
    let Some(server) = test_support::server_url(test_support::Server::Postgres) else {
        return;
    };
    let dialect = migrate::for_provider(Provider::Postgres);
    let admin = connect(&server).await;
    let database = format!("refract_msql_random_{}", std::process::id());
    let mut seen = std::collections::BTreeSet::new();
    for seed in 1..=SEEDS / 2 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let a = random_spec(&mut rng);
        let b = edit(&mut rng, &a);
        let (sa, sb) = (calculated(&a, "postgresql"), calculated(&b, "postgresql"));
        let create = migrate::diff_to_script(&SqlSchema::default(), &sa, dialect);
        let migration = migrate::diff_to_script(&sa, &sb, dialect);
        record_steps(&migration, &mut seen);
        for statement in [
            format!("DROP DATABASE IF EXISTS \"{database}\""),
            format!("CREATE DATABASE \"{database}\""),
        ] {
            admin
                .batch_execute(&statement)
                .await
                .expect("create test database");
        }
        let outcome = {
            let db = connect(&database_url(&server, &database)).await;
            match db.batch_execute(&create).await {
                Ok(()) => db
                    .batch_execute(&migration)
                    .await
                    .map_err(|e| format!("migrating A to B failed: {e}\n{migration}")),
                Err(e) => Err(format!("creating A failed: {e}\n{create}")),
            }
        };
        admin
            .batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"
            ))
            .await
            .expect("drop test database");
        if let Err(e) = outcome {
            panic!("seed {seed}: {e}");
        }
    }
    assert_covers(
        &seen,
        &[
            "AlterTable",
            "CreateTable",
            "DropTable",
            "CreateIndex",
            "DropIndex",
            "AddForeignKey",
            "DropForeignKey",
        ],
    );
}

#[tokio::test]
async fn random_migrations_run_on_mysql_keep_rows_and_introspect_back() {
    let Some(url) =
        test_support::database_url(test_support::Server::Mysql, "refract_msql", "random")
    else {
        return;
    };
    let dialect = migrate::for_provider(Provider::Mysql);
    let mut seen = std::collections::BTreeSet::new();
    for seed in 1..=SEEDS / 2 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let a = random_spec(&mut rng);
        let b = edit(&mut rng, &a);
        let (sa, sb) = (calculated(&a, "mysql"), calculated(&b, "mysql"));
        let create = migrate::diff_to_script(&SqlSchema::default(), &sa, dialect);
        let migration = migrate::diff_to_script(&sa, &sb, dialect);
        record_steps(&migration, &mut seen);
        driver::drop_database(&url).await.expect("drop");
        driver::create_database(&url).await.expect("create");
        let db = driver::Connection::connect(&url).await.expect("connect");
        db.raw_cmd(&create)
            .await
            .unwrap_or_else(|e| panic!("seed {seed}: creating A failed: {e}\n{create}"));
        for model in &a.models {
            // Every required column has a default (see random_field).
            db.raw_cmd(&format!("INSERT INTO `M{}` () VALUES ()", model.id))
                .await
                .unwrap_or_else(|e| panic!("seed {seed}: insert into M{}: {e}", model.id));
        }
        db.raw_cmd(&migration)
            .await
            .unwrap_or_else(|e| panic!("seed {seed}: migrating A to B failed: {e}\n{migration}"));
        for model in b
            .models
            .iter()
            .filter(|m| a.models.iter().any(|x| x.id == m.id))
        {
            let rows = db
                .query(&format!("SELECT COUNT(*) AS n FROM `M{}`", model.id), &[])
                .await
                .expect("count rows");
            assert_eq!(
                rows.first().and_then(|r| r.int("n")),
                Some(1),
                "seed {seed}: the row of M{} did not survive\n{migration}",
                model.id
            );
        }
        let live = migrate::introspect::introspect(&db)
            .await
            .expect("introspect");
        assert_eq!(
            migrate::diff_to_script(&live, &sb, dialect),
            "-- This is an empty migration.",
            "seed {seed}: the migrated database differs from B\n{migration}"
        );
    }
    driver::drop_database(&url).await.expect("drop");
    assert_covers(
        &seen,
        &[
            "AlterTable",
            "CreateTable",
            "DropTable",
            "CreateIndex",
            "DropIndex",
            "AddForeignKey",
            "DropForeignKey",
        ],
    );
}
