//! `refract migrate lint`: reads migration SQL with a real parser per dialect (sqlparser,
//! docs/decisions/0004-sql-parser.md), follows the schema from one migration to the next,
//! and reports what each statement does to a running database: the locks it takes and what
//! they block, table rewrites and copies, full scans under lock, changes that break the
//! running version of the app, destructive and data-dependent changes. Every finding has a
//! stable code ([`rules::RULES`]), a severity, the statement's file and line, why it
//! matters and the safe rewrite.
//!
//! # Module map
//!
//! - [`split`]: a script → statements (with lines) and comments; each statement parsed on
//!   its own, so one the parser cannot read is reported (R001) and the rest go on.
//! - [`schema`]: the schema before each statement, behind the [`SchemaBefore`] trait:
//!   `interpreted` (the `sql-interp` interpreter, stepped with the lint), or [`Tracker`],
//!   the statement walker, for histories the interpreter refuses ([`SchemaSource`]).
//! - `common`: the checks of every database (drops, renames, narrowing, data-dependent).
//! - `dialect`, `postgres`, `sqlite`, `mysql`: the per-database checks.
//! - `silence`: `-- refract-lint-ignore CODE: reason` comments.
//! - [`output`]: text (Prisma's CLI style), JSON and SARIF 2.1.0.
//!
//! Nothing here prints or reads files: the CLI reads the migrations and prints the report.
#![deny(missing_docs)]

mod common;
mod dialect;
mod interpreted;
mod mysql;
pub mod output;
mod postgres;
pub mod rules;
pub mod schema;
mod silence;
pub mod split;
mod sqlite;
mod types;

use std::collections::{HashMap, HashSet};

pub use dialect::{Dialect, LintDialect};

use dialect::Rules as _;
pub use schema::{ColumnInfo, SchemaBefore, TableState, Tracker};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// What a statement does (its lock, how MySQL runs it); nothing to fix.
    Info,
    /// Risky on a live database: read the why and the rewrite.
    Warning,
    /// Fails, or loses data silently.
    Error,
}

impl Severity {
    /// `info`, `warning`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `info`, `warning`, `error`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// One migration to read.
#[derive(Debug, Clone)]
pub struct Migration {
    /// Its name (the folder name, or the file name).
    pub name: String,
    /// The path shown in findings (relative to where the user ran the command).
    pub path: String,
    /// The SQL.
    pub sql: String,
    /// Whether to report findings for it; `false` for the history before the migrations
    /// linted (read only to know the schema).
    pub lint: bool,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's stable code.
    pub code: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// The migration's path.
    pub file: String,
    /// Line (1-based) of the statement (or comment).
    pub line: u64,
    /// Column (1-based).
    pub column: u64,
    /// What this statement does, specifically.
    pub message: String,
    /// The statement's text (comments out, whitespace collapsed), shortened.
    pub statement: String,
}

impl Finding {
    /// The rule behind the finding.
    pub fn rule(&self) -> &'static rules::Rule {
        rules::find(self.code).expect("every finding's code is a rule")
    }
}

/// The findings for a set of migrations.
#[derive(Debug, Clone)]
pub struct Report {
    /// The dialect read.
    pub dialect: Dialect,
    /// Findings, in migration and statement order.
    pub findings: Vec<Finding>,
    /// How many migrations were linted (history read for the schema not counted).
    pub migrations: usize,
    /// How many statements were linted.
    pub statements: usize,
    /// Where the schema before each statement came from.
    pub schema_source: SchemaSource,
}

/// Where the schema before each statement came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaSource {
    /// The `sql-interp` interpreter: the SQL schema model `migrate dev` uses without a
    /// shadow database.
    Interpreter,
    /// The statement walker, because the interpreter refuses these statements (each as
    /// `path:line: \`statement\` (why)`).
    Walker(Vec<String>),
    /// The [`SchemaBefore`] given to [`lint_with`].
    Given,
}

impl SchemaSource {
    /// `interpreter`, `walker` or `given` (JSON's `schemaBefore`).
    pub fn as_str(&self) -> &'static str {
        match self {
            SchemaSource::Interpreter => "interpreter",
            SchemaSource::Walker(_) => "walker",
            SchemaSource::Given => "given",
        }
    }

    /// One line (more for the walker: the statements refused) saying which was used.
    pub fn describe(&self) -> String {
        match self {
            SchemaSource::Interpreter => {
                "The schema before each migration was interpreted from the migrations' SQL."
                    .to_owned()
            }
            SchemaSource::Walker(refused) => {
                let n = refused.len();
                let mut out = format!(
                    "The schema before each migration was followed by the lint's statement walker, because the SQL interpreter cannot interpret {n} statement{}:",
                    if n == 1 { "" } else { "s" }
                );
                for r in refused {
                    out.push_str("\n  ");
                    out.push_str(r);
                }
                out
            }
            SchemaSource::Given => "The schema before each migration was given.".to_owned(),
        }
    }
}

impl Report {
    /// Whether a finding is at or above `threshold` (the CLI's exit code 1).
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= threshold)
    }

    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// What the checks know about the migration being read, statement by statement.
#[derive(Debug, Default)]
pub(crate) struct MigrationState {
    /// Statements in the migration.
    pub statement_count: usize,
    /// Inside an explicit `BEGIN … COMMIT`.
    pub in_transaction: bool,
    /// Whether the migration runs in one transaction (locks held until it commits).
    pub transactional: bool,
    /// `SET lock_timeout` seen.
    pub lock_timeout: bool,
    /// R212 already reported for this migration.
    pub lock_timeout_reported: bool,
    /// SQLite: the line of a `PRAGMA foreign_keys=OFF` still in force.
    pub foreign_keys_off: Option<(u64, u64)>,
    /// MySQL: `SET foreign_key_checks = 0` in force.
    pub foreign_key_checks_off: bool,
    /// Tables copied into another in this migration (SQLite redefinitions): source → copy.
    pub copied: HashMap<String, String>,
    /// Enum types created in this migration (Prisma's `…_new` of a type swap).
    pub new_enums: HashSet<String>,
}

/// A finding before its file is known.
pub(crate) struct Raw {
    pub code: &'static str,
    pub message: String,
}

/// What a check sees: the schema before the statement, the migration so far, the statement.
pub(crate) struct Ctx<'a> {
    pub dialect: Dialect,
    pub schema: &'a dyn SchemaBefore,
    pub state: &'a mut MigrationState,
    pub stmt: &'a split::Stmt,
    pub out: Vec<Raw>,
}

impl Ctx<'_> {
    /// What happens to existing rows when a NOT NULL column without a default is added, on
    /// this migration's database.
    fn not_null_without_default(&self) -> &'static str {
        self.dialect.not_null_without_default()
    }

    /// What happens when a table copy leaves a NOT NULL column without a default empty.
    fn not_null_without_default_on_copy(&self) -> &'static str {
        self.dialect.not_null_without_default_on_copy()
    }

    pub fn report(&mut self, code: &'static str, message: impl Into<String>) {
        self.out.push(Raw {
            code,
            message: message.into(),
        });
    }

    /// Whether `table` may hold rows (not created earlier in this migration).
    pub fn existing(&self, table: &str) -> bool {
        self.schema.table(table).is_existing()
    }
}

/// Lints `migrations` (in history order). The schema before each statement comes from the
/// `sql-interp` interpreter; when it refuses a statement of the history (a `DO` block, a
/// table the migrations read do not create), from the statement walker [`Tracker`].
/// [`Report::schema_source`] says which.
pub fn lint(dialect: Dialect, migrations: &[Migration]) -> Report {
    let scripts: Vec<sql_interp::Script<'_>> = migrations
        .iter()
        .map(|m| sql_interp::Script {
            name: &m.name,
            sql: &m.sql,
        })
        .collect();
    match sql_interp::interpret(dialect.interpreter(), &scripts) {
        Ok(_) => {
            let mut schema = interpreted::Interpreted::new(dialect.interpreter(), migrations);
            let mut report = lint_with(dialect, migrations, &mut schema);
            report.schema_source = SchemaSource::Interpreter;
            report
        }
        Err(refused) => {
            let refused = refused
                .statements
                .iter()
                .map(|s| {
                    let path = migrations
                        .iter()
                        .find(|m| m.name == s.migration)
                        .map_or(s.migration.as_str(), |m| m.path.as_str());
                    format!("{path}:{}: `{}` ({})", s.line, s.statement, s.reason)
                })
                .collect();
            let mut report = lint_with(dialect, migrations, &mut Tracker::default());
            report.schema_source = SchemaSource::Walker(refused);
            report
        }
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 160;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{cut}…")
}

/// Lints `migrations` with `schema` as the schema before each statement.
pub fn lint_with(
    dialect: Dialect,
    migrations: &[Migration],
    schema: &mut dyn SchemaBefore,
) -> Report {
    let mut report = Report {
        dialect,
        findings: Vec::new(),
        migrations: 0,
        statements: 0,
        schema_source: SchemaSource::Given,
    };
    let parser_dialect = dialect.parser();
    for migration in migrations {
        schema.begin_migration();
        let script = split::split(parser_dialect.as_ref(), &migration.sql);
        let mut state = MigrationState {
            statement_count: script.statements.len(),
            transactional: dialect.runs_in_transaction(&script),
            ..MigrationState::default()
        };
        let silences = silence::read(&script);
        let mut raw: Vec<(u64, u64, String, Raw)> = Vec::new();
        for stmt in &script.statements {
            let mut ctx = Ctx {
                dialect,
                schema: &*schema,
                state: &mut state,
                stmt,
                out: Vec::new(),
            };
            if migration.lint {
                match &stmt.parsed {
                    Ok(parsed) => {
                        dialect.check(&mut ctx, parsed);
                        common::check(&mut ctx, parsed);
                    }
                    Err(e) => ctx.report(
                        "R001",
                        format!("the SQL parser could not read this statement ({e})"),
                    ),
                }
            }
            dialect.track(&mut ctx);
            let out = std::mem::take(&mut ctx.out);
            raw.extend(
                out.into_iter()
                    .map(|r| (stmt.line, stmt.column, shorten(&stmt.text), r)),
            );
            schema.apply_at(stmt);
        }
        if !migration.lint {
            continue;
        }
        let (line, column) = state.foreign_keys_off.unwrap_or((1, 1));
        let mut end = Ctx {
            dialect,
            schema: &*schema,
            state: &mut state,
            stmt: &split::Stmt {
                line: 1,
                column: 1,
                text: String::new(),
                keywords: Vec::new(),
                parsed: Err(String::new()),
            },
            out: Vec::new(),
        };
        dialect.finish(&mut end);
        for r in end.out {
            raw.push((line, column, String::new(), r));
        }
        report.migrations += 1;
        report.statements += script.statements.len();
        raw.sort_by_key(|(line, ..)| *line);
        for (line, column, statement, r) in raw {
            if silences.silenced(r.code, line) {
                continue;
            }
            let severity = rules::find(r.code).map_or(Severity::Warning, |x| x.severity);
            report.findings.push(Finding {
                code: r.code,
                severity,
                file: migration.path.clone(),
                line,
                column,
                message: r.message,
                statement,
            });
        }
        for (code, line, message) in silences.problems() {
            report.findings.push(Finding {
                code,
                severity: rules::find(code).map_or(Severity::Warning, |x| x.severity),
                file: migration.path.clone(),
                line,
                column: 1,
                message,
                statement: String::new(),
            });
        }
    }
    report
}
