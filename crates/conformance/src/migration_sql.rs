//! Migration SQL corpora: the script Refract writes must be Prisma's, byte for byte.
//!
//! - `migrate-seeds`: the seed schemas (`seeds/`): `seed000.from-empty.<provider>.sql` from
//!   `seed000.formatted.prisma`, and `seed002.before-to-after.<provider>.sql` from the
//!   before/after schemas, for SQLite, PostgreSQL and MySQL (the seed files declare SQLite;
//!   the other cases switch the datasource's provider, as the seed walk-through does).
//! - `migrate-single`: Prisma's `single_migration_tests` tagged `sqlite`, `postgres`, `mysql`
//!   or `vitess` (MySQL-compatible): the schema, then the expected `migrate diff --from-empty`
//!   script after `// Expected Migration:`.
//! - `migrate-from-empty-realworld`: `realworld/*/prisma-expected/from-empty.sql` for the
//!   SQLite, PostgreSQL and MySQL projects.
//!
//! Expected files hold what the CLI printed, which is the script plus one newline.

use std::path::{Path, PathBuf};

use diagnostics::SourceFiles;
use migrate::SqlSchema;

use crate::{CorpusReport, Settings};

/// The validated schema of `text`, or the first error.
fn validate(name: &str, text: &str) -> Result<schema::ValidatedSchema, String> {
    let files = SourceFiles::single(name, text);
    let (schema, diagnostics) = schema::validate(&files);
    match diagnostics.errors().next() {
        Some(error) => Err(format!("invalid schema: {}", error.message)),
        None => Ok(schema),
    }
}

/// The `migrate diff --from-empty --script` output of a schema text.
fn from_empty(name: &str, text: &str) -> Result<String, String> {
    let schema = validate(name, text)?;
    migrate::from_empty(&schema).map_err(|e| e.to_string())
}

/// The `migrate diff --from-schema before --to-schema after --script` output.
fn before_to_after(before: &str, after: &str) -> Result<String, String> {
    let before = validate("before.prisma", before)?;
    let after = validate("after.prisma", after)?;
    let dialect = migrate::dialect_of(&after).map_err(|e| e.to_string())?;
    let from: SqlSchema = migrate::calculate(&before, dialect);
    let to: SqlSchema = migrate::calculate(&after, dialect);
    Ok(migrate::diff_to_script(&from, &to, dialect))
}

/// Compares outputs; the reason names the first differing line.
fn compare(actual: &str, expected: &str) -> Result<(), String> {
    if actual == expected {
        return Ok(());
    }
    let (mut a, mut e) = (actual.lines(), expected.lines());
    for n in 1.. {
        match (a.next(), e.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => return Err("differs in trailing newlines".to_owned()),
            (x, y) => return Err(format!("line {n}: got {x:?}, expected {y:?}")),
        }
    }
    unreachable!("the loop returns")
}

/// Switches the datasource's `provider = "sqlite"` to another provider.
fn with_provider(text: &str, provider: &str) -> String {
    text.replacen(
        "provider = \"sqlite\"",
        &format!("provider = \"{provider}\""),
        1,
    )
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// `migrate-seeds`.
pub fn migrate_seeds(settings: &Settings) -> CorpusReport {
    let mut report = CorpusReport::new("migrate-seeds");
    let dir = settings.dir.join("seeds");
    for provider in ["sqlite", "postgresql", "mysql"] {
        let case = format!("seed000.from-empty.{provider}");
        let outcome = (|| {
            let schema = with_provider(&read(&dir.join("seed000.formatted.prisma"))?, provider);
            let expected = read(&dir.join(format!("{case}.sql")))?;
            compare(&(from_empty("schema.prisma", &schema)? + "\n"), &expected)
        })();
        report.record(case, outcome);

        let case = format!("seed002.before-to-after.{provider}");
        let outcome = (|| {
            let before = with_provider(
                &read(&dir.join("seed002-before.formatted.prisma"))?,
                provider,
            );
            let after = with_provider(
                &read(&dir.join("seed002-after.formatted.prisma"))?,
                provider,
            );
            let expected = read(&dir.join(format!("{case}.sql")))?;
            compare(&(before_to_after(&before, &after)? + "\n"), &expected)
        })();
        report.record(case, outcome);
    }
    report
}

fn prisma_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            prisma_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "prisma") {
            out.push(path);
        }
    }
}

/// A `single_migration_tests` fixture: its tags, schema and expected script.
struct SingleMigration {
    tags: Vec<String>,
    schema: String,
    expected: String,
}

fn parse_single(text: &str) -> Option<SingleMigration> {
    let first = text.lines().next()?;
    let tags = first
        .strip_prefix("// tags=")?
        .split(['|', ','])
        .map(|t| t.trim().to_owned())
        .collect();
    let marker = text.find("// Expected Migration:")?;
    let schema = text[..marker].to_owned();
    let rest = &text[marker..];
    let expected: Vec<&str> = rest
        .lines()
        .skip(1)
        .map(|l| {
            l.strip_prefix("// ")
                .or_else(|| l.strip_prefix("//"))
                .unwrap_or(l)
        })
        .collect();
    Some(SingleMigration {
        tags,
        schema,
        expected: expected.join("\n"),
    })
}

/// `migrate-single`.
pub fn migrate_single(settings: &Settings) -> CorpusReport {
    let mut report = CorpusReport::new("migrate-single");
    let root = settings
        .dir
        .join("prisma-engines/schema-engine/sql-migration-tests/tests/single_migration_tests");
    let mut files = Vec::new();
    prisma_files(&root, &mut files);
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some(fixture) = parse_single(&text) else {
            continue;
        };
        let supported = ["sqlite", "postgres", "mysql", "vitess"];
        if !fixture.tags.iter().any(|t| supported.contains(&t.as_str())) {
            continue;
        }
        let case = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let outcome = from_empty("schema.prisma", &fixture.schema).and_then(|sql| {
            compare(
                sql.trim_end_matches('\n'),
                fixture.expected.trim_end_matches('\n'),
            )
        });
        report.record(case, outcome);
    }
    report
}

/// The datasource provider written in a schema (`provider = "…"` inside `datasource`).
fn datasource_provider(text: &str) -> Option<String> {
    let start = text.find("datasource")?;
    let block = &text[start..];
    let block = &block[..block.find('}').unwrap_or(block.len())];
    let line = block
        .lines()
        .find(|l| l.trim_start().starts_with("provider"))?;
    Some(line.split('"').nth(1)?.to_owned())
}

/// `migrate-from-empty-realworld`.
pub fn migrate_from_empty_realworld(settings: &Settings) -> CorpusReport {
    let mut report = CorpusReport::new("migrate-from-empty-realworld");
    let root = settings.dir.join("realworld");
    let Ok(entries) = std::fs::read_dir(&root) else {
        return report;
    };
    let mut projects: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    projects.sort();
    for project in projects {
        let Ok(text) = std::fs::read_to_string(project.join("schema.prisma")) else {
            continue;
        };
        let provider = datasource_provider(&text).unwrap_or_default();
        if !matches!(
            provider.as_str(),
            "sqlite" | "postgresql" | "postgres" | "mysql"
        ) {
            continue;
        }
        let case = project
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let outcome = (|| {
            let expected = read(&project.join("prisma-expected/from-empty.sql"))?;
            compare(&(from_empty("schema.prisma", &text)? + "\n"), &expected)
        })();
        report.record(case, outcome);
    }
    report
}
