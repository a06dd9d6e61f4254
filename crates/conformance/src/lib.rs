//! The conformance harness: each corpus of `conformance/` (Prisma's own outputs, copied from the
//! shared folder) is run through Refract and scored. `cargo run -p conformance` prints the table that the README
//! shows; the test `tests/pass_rates.rs` fails when a corpus drops below the rate recorded in
//! `baseline.txt` (what `main` already reaches). No fixture is ever special-cased: a corpus
//! module runs every case the same way.
#![deny(missing_docs)]

pub mod databases;
pub mod format;
pub mod introspection;
pub mod migration_sql;
pub mod validation;

use std::path::PathBuf;

/// The outcome of one corpus.
#[derive(Debug, Clone)]
pub struct CorpusReport {
    /// Stable name, as in `baseline.txt` and the README table.
    pub name: &'static str,
    /// Case names that passed.
    pub passed: Vec<String>,
    /// Case names that failed, with a one-line reason.
    pub failed: Vec<(String, String)>,
    /// A second figure about the corpus (for example exact full-text matches), shown beside
    /// the pass rate.
    pub note: Option<String>,
}

impl CorpusReport {
    /// A report with no cases yet.
    pub fn new(name: &'static str) -> Self {
        CorpusReport {
            name,
            passed: Vec::new(),
            failed: Vec::new(),
            note: None,
        }
    }

    /// Records one case.
    pub fn record(&mut self, case: impl Into<String>, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => self.passed.push(case.into()),
            Err(reason) => self.failed.push((case.into(), reason)),
        }
    }

    /// Number of cases run.
    pub fn total(&self) -> usize {
        self.passed.len() + self.failed.len()
    }

    /// Pass rate in percent (100 for an empty corpus).
    pub fn rate(&self) -> f64 {
        if self.total() == 0 {
            100.0
        } else {
            100.0 * self.passed.len() as f64 / self.total() as f64
        }
    }
}

/// The repository's copy of the conformance data (`conformance/`, refreshed from the shared
/// folder by `scripts/refresh-conformance`), or `REFRACT_CONFORMANCE_DIR`.
pub fn conformance_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("REFRACT_CONFORMANCE_DIR") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../conformance")
}

/// Every corpus the harness knows, in the order of the README table.
pub fn run_all() -> Vec<CorpusReport> {
    // Each corpus module adds itself here.
    let mut reports = vec![
        format::reformatter(),
        format::multi_file(),
        format::inline(),
        format::realworld(),
        format::seeds(),
        validation::validation(),
        validation::validate_realworld(),
        validation::validate_seeds(),
        migration_sql::migrate_seeds(),
        migration_sql::migrate_single(),
        migration_sql::migrate_from_empty_realworld(),
    ];
    reports.extend(databases::realworld());
    reports.push(databases::single_applied());
    reports.push(introspection::simple());
    reports.push(introspection::realworld());
    reports
}

/// One line of `baseline.txt`: a corpus, the minimum pass rate `main` reaches, and the
/// minimum number of cases it runs (so that a corpus that silently finds no fixtures fails).
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// Corpus name.
    pub name: String,
    /// Minimum pass rate, percent.
    pub rate: f64,
    /// Minimum number of cases run.
    pub cases: usize,
}

/// The baselines recorded in `baseline.txt`: `name rate cases` per line.
pub fn baseline() -> Vec<Baseline> {
    include_str!("../baseline.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.split_whitespace();
            let name = parts.next().unwrap_or_default().to_string();
            let rate = parts.next().and_then(|r| r.parse().ok());
            let cases = parts.next().and_then(|c| c.parse().ok());
            match (rate, cases) {
                (Some(rate), Some(cases)) => Baseline { name, rate, cases },
                _ => panic!("baseline.txt: malformed line {l:?}: expected `name rate cases`"),
            }
        })
        .collect()
}
