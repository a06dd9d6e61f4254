//! Speed: an 820-migration PostgreSQL history (the real-world histories in `conformance/`,
//! repeated until there are 820) lints in
//! under a second in a release build (`cargo test -p lint --release --test speed`; the
//! figure is in docs/safe-migrations.md). A debug build only reports the time.

use std::path::Path;
use std::time::Instant;

use lint::{Dialect, Migration};

fn real_world_postgres() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../conformance/realworld");
    let mut scripts = Vec::new();
    for project in ["boxyhq-saas-starter-kit", "hoppscotch", "spliit"] {
        let dir = root.join(project).join("migrations");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("migration.sql").is_file())
            .collect();
        names.sort();
        for n in names {
            scripts.push(std::fs::read_to_string(n.join("migration.sql")).unwrap());
        }
    }
    scripts
}

#[test]
fn an_820_migration_history_lints_in_under_a_second() {
    let base = real_world_postgres();
    assert!(
        base.len() > 50,
        "the real-world histories are in conformance/realworld"
    );
    let mut migrations = Vec::new();
    while migrations.len() < 820 {
        for sql in &base {
            if migrations.len() == 820 {
                break;
            }
            migrations.push(Migration {
                name: format!("{:04}", migrations.len()),
                path: format!("{:04}/migration.sql", migrations.len()),
                sql: sql.clone(),
                lint: true,
            });
        }
    }
    let bytes: usize = migrations.iter().map(|m| m.sql.len()).sum();
    let start = Instant::now();
    let report = lint::lint(Dialect::Postgres, &migrations);
    let elapsed = start.elapsed();
    println!(
        "linted {} migrations ({} statements, {} KiB) in {:.0} ms, {} findings",
        report.migrations,
        report.statements,
        bytes / 1024,
        elapsed.as_secs_f64() * 1000.0,
        report.findings.len()
    );
    assert_eq!(report.migrations, 820);
    if !cfg!(debug_assertions) {
        assert!(elapsed.as_secs_f64() < 1.0, "took {elapsed:?}");
    }
}
