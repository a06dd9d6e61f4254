//! Data-driven tests of calculate + diff + render: each folder of `tests/fixtures/diff/`
//! holds `to.prisma`, optionally `from.prisma` (absent: the empty database), and one
//! `expected.<provider>.sql` per dialect it runs on. The schemas have no datasource block:
//! the harness adds one per dialect (a case that needs its own, for `extensions = [...]`,
//! has one and runs on its provider only). `UPDATE_EXPECT=1` rewrites the expected files.
//!
//! A `summary.<provider>.txt` beside them holds the expected drift summary (what
//! `migrate dev` prints). Every case also checks that diffing the target with itself is
//! empty.

use std::path::{Path, PathBuf};

use diagnostics::SourceFiles;
use migrate::SqlSchema;
use schema::Provider;

fn validated(text: &str, provider: &str, what: &Path) -> schema::ValidatedSchema {
    // A case that needs its own datasource (`extensions = [...]`) has one.
    let text = if text.contains("\ndatasource ") {
        text.to_owned()
    } else {
        format!("datasource db {{\n  provider = \"{provider}\"\n}}\n\n{text}")
    };
    let (schema, diagnostics) = schema::validate(&SourceFiles::single("schema.prisma", text));
    let errors: Vec<&str> = diagnostics.errors().map(|e| e.message.as_str()).collect();
    assert!(
        errors.is_empty(),
        "{} is invalid for {provider}: {errors:?}",
        what.display()
    );
    schema
}

/// The script from `from` (or empty) to `to` for `provider`, the self-diff of `to`, and the
/// drift summary.
fn run(from: Option<&str>, to: &str, provider: &str, case: &Path) -> (String, String, String) {
    let dialect = migrate::for_provider(Provider::from_name(provider).expect("known provider"));
    let target = migrate::calculate(&validated(to, provider, case), dialect);
    let source = match from {
        Some(text) => migrate::calculate(&validated(text, provider, case), dialect),
        None => SqlSchema::default(),
    };
    let migration = sql_schema::diff(&source, &target, dialect.differ_flavour());
    (
        migrate::render_script(&migration, dialect, &[]),
        migrate::diff_to_script(&target, &target, dialect),
        migrate::drift_summary(&migration),
    )
}

#[test]
fn diff_fixtures() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no fixtures in {}", root.display());
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in cases {
        let to = std::fs::read_to_string(case.join("to.prisma")).expect("to.prisma");
        let from = std::fs::read_to_string(case.join("from.prisma")).ok();
        for provider in ["sqlite", "postgresql", "mysql"] {
            let expected_path = case.join(format!("expected.{provider}.sql"));
            let Ok(expected) = std::fs::read_to_string(&expected_path) else {
                continue;
            };
            checked += 1;
            let (actual, self_diff, summary) = run(from.as_deref(), &to, provider, &case);
            let summary_path = case.join(format!("summary.{provider}.txt"));
            if let Ok(expected_summary) = std::fs::read_to_string(&summary_path)
                && expected_summary != summary
            {
                if update {
                    std::fs::write(&summary_path, &summary).expect("write summary file");
                } else {
                    failures.push(format!(
                        "{}: got\n{summary}\nexpected\n{expected_summary}",
                        summary_path.display()
                    ));
                }
            }
            let actual = actual + "\n";
            if self_diff != "-- This is an empty migration." {
                failures.push(format!(
                    "{} ({provider}): diffing the target with itself gives\n{self_diff}",
                    case.display()
                ));
            }
            if actual != expected {
                if update {
                    std::fs::write(&expected_path, &actual).expect("write expected file");
                } else {
                    failures.push(format!(
                        "{}: got\n{actual}\nexpected\n{expected}",
                        expected_path.display()
                    ));
                }
            }
        }
    }
    assert!(checked > 0, "no expected.<provider>.sql files found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
