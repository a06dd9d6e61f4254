//! Validation corpora: Prisma's validation fixtures for the SQL providers (`validation`),
//! the real-world schemas (`validate-realworld`) and the seed schemas (`validate-seeds`).

use std::path::{Path, PathBuf};

use diagnostics::{SourceFiles, render};

use crate::{CorpusReport, Settings};

/// A fixture split into its schema and its expected diagnostics (the trailing `// ` block,
/// ANSI codes included), as Prisma's own test runner does.
pub struct ValidationFixture {
    /// The schema text, trailer removed.
    pub schema: String,
    /// The expected rendered diagnostics; empty when the schema is valid without warnings.
    pub expected: String,
}

/// Splits a fixture: the expected output is the last run of lines starting with `// `
/// (or equal to `//`) whose first line starts with a coloured `error`/`warning` header.
pub fn split_fixture(text: &str) -> ValidationFixture {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut start = lines.len();
    while start > 0 {
        let line = lines[start - 1].trim_end_matches(['\n', '\r']);
        if line.starts_with("// ") || line == "//" {
            start -= 1;
        } else {
            break;
        }
    }
    // The trailer begins at its first diagnostic header.
    while start < lines.len() {
        let line = lines[start];
        if line.starts_with("// \x1b[1;91merror") || line.starts_with("// \x1b[1;93mwarning") {
            break;
        }
        start += 1;
    }
    let schema: String = lines[..start].concat();
    let expected: String = lines[start..]
        .iter()
        .map(|l| {
            let l = l.strip_prefix("//").unwrap_or(l);
            l.strip_prefix(' ').unwrap_or(l)
        })
        .collect();
    ValidationFixture { schema, expected }
}

fn provider_of(schema: &str) -> Option<String> {
    let start = schema.find("datasource")?;
    let block = &schema[start..];
    let block = &block[..block.find('}').unwrap_or(block.len())];
    let line = block
        .lines()
        .find(|l| l.trim_start().starts_with("provider"))?;
    let value = line.split('"').nth(1)?;
    Some(value.to_string())
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

fn first_error_line(rendered: &str) -> Option<String> {
    let mut lines = rendered.lines();
    while let Some(line) = lines.next() {
        let plain = strip_ansi(line);
        if plain.starts_with("error:") {
            let arrow = lines.next().map(strip_ansi).unwrap_or_default();
            return Some(format!("{} @ {}", plain, arrow.trim()));
        }
    }
    None
}

fn first_error_location(rendered: &str) -> Option<String> {
    let mut lines = rendered.lines();
    while let Some(line) = lines.next() {
        if strip_ansi(line).starts_with("error:") {
            return lines.next().map(|l| strip_ansi(l).trim().to_string());
        }
    }
    None
}

/// Removes ANSI colour codes.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Prisma's validation fixtures whose datasource is SQLite, PostgreSQL or MySQL (or that
/// have no datasource). A case passes when the verdict (errors or not) and the first error's
/// location agree; exact full-text matches are counted in the reason of the summary line.
pub fn validation(settings: &Settings) -> CorpusReport {
    let mut report = CorpusReport::new("validation");
    let root = settings.dir.join("prisma-engines/psl/psl/tests/validation");
    let mut files = Vec::new();
    prisma_files(&root, &mut files);
    let mut exact = 0;
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let fixture = split_fixture(&text);
        match provider_of(&fixture.schema).as_deref() {
            None | Some("sqlite" | "postgresql" | "postgres" | "mysql") => {}
            Some(_) => continue,
        }
        let name = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let files = SourceFiles::single("schema.prisma", fixture.schema.clone());
        let (_, diagnostics) = schema::validate(&files);
        let actual = render::render_text(&files, &diagnostics, true);
        if actual == fixture.expected {
            exact += 1;
        }
        let expected_error = first_error_location(&fixture.expected);
        let actual_error = first_error_location(&actual);
        let outcome = if expected_error == actual_error {
            Ok(())
        } else {
            Err(format!(
                "expected first error {:?}, got {:?}",
                first_error_line(&fixture.expected),
                first_error_line(&actual)
            ))
        };
        report.record(name, outcome);
    }
    report.note = Some(format!(
        "{exact} of {} match Prisma's output exactly",
        report.total()
    ));
    report
}

fn validate_path(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let files = SourceFiles::single(name, text);
    let (_, diagnostics) = schema::validate(&files);
    if diagnostics.has_errors() {
        let rendered = strip_ansi(&render::render_text(&files, &diagnostics, false));
        let first = rendered.lines().take(2).collect::<Vec<_>>().join(" ");
        return Err(first);
    }
    Ok(())
}

/// Every real-world schema (`schema.prisma` and the Prisma 7 `schema.p7.prisma`, with their
/// formatted versions) validates without errors.
pub fn validate_realworld(settings: &Settings) -> CorpusReport {
    let mut report = CorpusReport::new("validate-realworld");
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
        for file in [
            "schema.prisma",
            "schema.formatted.prisma",
            "schema.p7.prisma",
            "schema.p7.formatted.prisma",
        ] {
            let path = project.join(file);
            if !path.exists() {
                continue;
            }
            let name = format!(
                "{}/{file}",
                project.file_name().unwrap_or_default().to_string_lossy()
            );
            report.record(name, validate_path(&path));
        }
    }
    report
}

/// The seed schemas: `seed000.prisma` is rejected exactly as Prisma rejects it (the
/// missing opposite relation field at line 54); every `.formatted.prisma` and the seed-002
/// schemas validate.
pub fn validate_seeds(settings: &Settings) -> CorpusReport {
    let mut report = CorpusReport::new("validate-seeds");
    let root = settings.dir.join("seeds");
    let mut files = Vec::new();
    prisma_files(&root, &mut files);
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let outcome = if name == "seed000.prisma" {
            expect_seed000_rejection(&path)
        } else {
            validate_path(&path)
        };
        report.record(name, outcome);
    }
    report
}

/// Prisma's verdict on `seed000.prisma` (from `prisma validate`, Prisma 7.10.1).
const SEED000_EXPECTED: &str = "error: Error validating field `activity` in model `Action`: The relation field `activity` on model `Action` is missing an opposite relation field on the model `Activity`. Either run `prisma format` or add it manually.
  -->  seed000.prisma:54
   | 
53 |   userId\tInt
54 |   activity\tActivity\t@relation(fields: [activityId], references: [id])
55 |   activityId Int
   | 
";

fn expect_seed000_rejection(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    // Prisma 7 reads the schema without its datasource `url` line (it moved to the config
    // file), which is why it reports line 54: check that view byte for byte.
    let without_url: String = text
        .split_inclusive('\n')
        .filter(|l| !l.trim_start().starts_with("url "))
        .collect();
    let files = SourceFiles::single("seed000.prisma", without_url);
    let (_, diagnostics) = schema::validate(&files);
    let rendered = render::render_text(&files, &diagnostics, false);
    if rendered != SEED000_EXPECTED {
        return Err(format!(
            "expected Prisma's error at line 54 (url line removed), got: {}",
            rendered.lines().take(2).collect::<Vec<_>>().join(" ")
        ));
    }
    // As written (with the Prisma 6 `url` line), the same error points one line lower.
    let files = SourceFiles::single("seed000.prisma", text);
    let (_, diagnostics) = schema::validate(&files);
    let rendered = render::render_text(&files, &diagnostics, false);
    let expected = SEED000_EXPECTED
        .replace("seed000.prisma:54", "seed000.prisma:55")
        .replace("53 |   userId", "54 |   userId")
        .replace("54 |   activity", "55 |   activity")
        .replace("55 |   activityId", "56 |   activityId");
    if rendered != expected {
        return Err(format!(
            "expected the error at line 55 of the file as written, got: {}",
            rendered.lines().take(2).collect::<Vec<_>>().join(" ")
        ));
    }
    Ok(())
}
