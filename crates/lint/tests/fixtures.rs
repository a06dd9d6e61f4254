//! Data-driven lint fixtures: `tests/fixtures/<dialect>-<case>/migration.sql`, with an
//! optional `before.sql` (the migrations before it, read for the schema only) and the
//! expected findings beside it in `expected.txt` (`line code message`, one a line).
//! `REFRACT_BLESS=1` rewrites the expected files.

use std::path::Path;

use lint::{Dialect, Migration};

fn run_case(dir: &Path) -> String {
    let name = dir.file_name().unwrap().to_str().unwrap();
    let dialect = match name.split('-').next().unwrap() {
        "postgres" => Dialect::Postgres,
        "sqlite" => Dialect::Sqlite,
        "mysql" => Dialect::Mysql,
        other => panic!("fixture {name}: unknown dialect prefix {other}"),
    };
    let mut migrations = Vec::new();
    if let Ok(before) = std::fs::read_to_string(dir.join("before.sql")) {
        migrations.push(Migration {
            name: "before".into(),
            path: "before.sql".into(),
            sql: before,
            lint: false,
        });
    }
    migrations.push(Migration {
        name: "migration".into(),
        path: "migration.sql".into(),
        sql: std::fs::read_to_string(dir.join("migration.sql")).unwrap(),
        lint: true,
    });
    let report = lint::lint(dialect, &migrations);
    report
        .findings
        .iter()
        .map(|f| format!("{} {} {}\n", f.line, f.code, f.message))
        .collect()
}

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty());
    let bless = std::env::var_os("REFRACT_BLESS").is_some();
    let mut failures = Vec::new();
    for dir in &dirs {
        let actual = run_case(dir);
        let expected_path = dir.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every code is exercised by a fixture of each dialect it applies to.
#[test]
fn every_code_has_a_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let prefix = dir
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .split('-')
            .next()
            .unwrap()
            .to_owned();
        let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
        for line in expected.lines() {
            if let Some(code) = line.split_whitespace().nth(1) {
                seen.push((prefix.clone(), code.to_owned()));
            }
        }
    }
    let mut missing = Vec::new();
    for rule in lint::rules::RULES {
        let dialects: Vec<&str> = match rule.dialects {
            "all" => vec!["postgres", "sqlite", "mysql"],
            list => list
                .split(", ")
                .map(|d| if d == "postgresql" { "postgres" } else { d })
                .collect(),
        };
        for d in dialects {
            if !seen.iter().any(|(p, c)| p == d && c == rule.code) {
                missing.push(format!("{} on {d}", rule.code));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "codes without a fixture: {}",
        missing.join(", ")
    );
}
