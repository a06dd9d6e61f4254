//! The conformance harness: each corpus of `conformance/` (Prisma's own outputs, copied from the
//! shared folder) is run through Refract and scored, each corpus returning a [`CorpusReport`]
//! (its passes, failures, skips and note) as data; `cargo run -p conformance` (`src/main.rs`)
//! prints the table that the README shows; the test `tests/pass_rates.rs` fails when a corpus drops below the rate recorded in
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
    /// Cases not run here, each with why (no server URL, another server version).
    pub skipped: Vec<String>,
}

impl CorpusReport {
    /// A report with no cases yet.
    pub fn new(name: &'static str) -> Self {
        CorpusReport {
            name,
            passed: Vec::new(),
            failed: Vec::new(),
            note: None,
            skipped: Vec::new(),
        }
    }

    /// Records one case.
    pub fn record(&mut self, case: impl Into<String>, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => self.passed.push(case.into()),
            Err(reason) => self.failed.push((case.into(), reason)),
        }
    }

    /// Records a case that is not run here, and why.
    pub fn skip(&mut self, why: String) {
        self.skipped.push(why);
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

/// What the harness needs from its caller's environment, as values: the data folder, the test
/// servers and whether this is CI (the binary and the pass-rate test read them; the library
/// never does).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The repository's copy of the conformance data (`conformance/`, refreshed from the
    /// shared folder by `scripts/refresh-conformance`), or `REFRACT_CONFORMANCE_DIR`.
    pub dir: PathBuf,
    /// `REFRACT_TEST_POSTGRES_URL`: the PostgreSQL server the database corpora use.
    pub postgres_url: Option<String>,
    /// `REFRACT_TEST_MYSQL_URL`: the MySQL/MariaDB server the database corpora use.
    pub mysql_url: Option<String>,
    /// `CI` is set: a missing server URL fails its cases instead of skipping them.
    pub ci: bool,
    /// Where SQLite databases are created (the system's temporary folder).
    pub temp_dir: PathBuf,
}

impl Settings {
    /// The settings from an environment (`var` reads one variable) and the temporary folder.
    pub fn from_env(var: impl Fn(&str) -> Option<String>, temp_dir: PathBuf) -> Settings {
        Settings {
            dir: var("REFRACT_CONFORMANCE_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../conformance")
                }),
            postgres_url: var("REFRACT_TEST_POSTGRES_URL"),
            mysql_url: var("REFRACT_TEST_MYSQL_URL"),
            ci: var("CI").is_some(),
            temp_dir,
        }
    }
}

/// Every corpus the harness knows, in the order of the README table.
pub fn run(settings: &Settings) -> Vec<CorpusReport> {
    // Each corpus module adds itself here.
    let mut reports = vec![
        format::reformatter(settings),
        format::multi_file(settings),
        format::inline(settings),
        format::realworld(settings),
        format::seeds(settings),
        validation::validation(settings),
        validation::validate_realworld(settings),
        validation::validate_seeds(settings),
        migration_sql::migrate_seeds(settings),
        migration_sql::migrate_single(settings),
        migration_sql::migrate_from_empty_realworld(settings),
    ];
    reports.extend(databases::realworld(settings));
    reports.push(databases::single_applied(settings));
    reports.push(introspection::simple(settings));
    reports.push(introspection::realworld(settings));
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
