//! `refract validate` through the binary: exit codes, Prisma's messages, JSON output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn conformance() -> PathBuf {
    std::env::var("REFRACT_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../conformance"))
}

fn seeds() -> Option<PathBuf> {
    // The repository keeps its own copy of the conformance data (conformance/).
    Some(conformance().join("seeds"))
}

fn refract(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("the refract binary runs")
}

#[test]
fn seed000_as_written_is_rejected_at_the_missing_opposite_field() {
    let Some(dir) = seeds() else { return };
    let out = refract(&["validate", "--schema", "seed000.prisma"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error: Error validating field `activity` in model `Action`: The relation field `activity` on model `Action` is missing an opposite relation field on the model `Activity`. Either run `prisma format` or add it manually."
        ),
        "{stderr}"
    );
    // Line 55 of the file as written; Prisma 7 (which drops the `url` line) says 54.
    assert!(stderr.contains("-->  seed000.prisma:55"), "{stderr}");
    assert!(stderr.contains("Validation Error Count: 1"), "{stderr}");
}

#[test]
fn seed000_without_the_url_line_fails_at_line_54_as_in_prisma_7() {
    let Some(dir) = seeds() else { return };
    let text = std::fs::read_to_string(dir.join("seed000.prisma")).unwrap();
    let without_url: String = text
        .split_inclusive('\n')
        .filter(|l| !l.trim_start().starts_with("url "))
        .collect();
    let tmp = std::env::temp_dir().join(format!("refract-validate-{}", std::process::id()));
    std::fs::create_dir_all(tmp.join("prisma")).unwrap();
    std::fs::write(tmp.join("prisma/schema.prisma"), without_url).unwrap();
    let out = refract(&["validate"], &tmp);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("-->  schema.prisma:54"), "{stderr}");
    assert!(
        stderr.contains("54 |   activity\tActivity\t@relation"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&tmp).ok();
}

#[test]
fn formatted_seed_schemas_are_valid() {
    let Some(dir) = seeds() else { return };
    for file in [
        "seed000.formatted.prisma",
        "seed002-before.formatted.prisma",
        "seed002-after.formatted.prisma",
        "seed002-before.prisma",
        "seed002-after.prisma",
    ] {
        let out = refract(&["validate", "--schema", file], &dir);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(stdout.trim(), format!("The schema at {file} is valid 🚀"));
    }
}

#[test]
fn json_output_lists_the_errors_with_lines() {
    let Some(dir) = seeds() else { return };
    let out = refract(&["validate", "--schema", "seed000.prisma", "--json"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.trim_start().starts_with('['), "{stdout}");
    assert!(stdout.contains("\"severity\": \"error\""), "{stdout}");
    assert!(stdout.contains("\"line\": 55"), "{stdout}");
}

#[test]
fn a_missing_schema_is_a_usage_problem_not_a_crash() {
    let tmp = std::env::temp_dir().join(format!("refract-validate-empty-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let out = refract(&["validate"], &tmp);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Could not find a schema.prisma"));
    std::fs::remove_dir_all(&tmp).ok();
}

fn temp_project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("refract-validate-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn warnings_are_printed_but_the_schema_is_valid() {
    let dir = temp_project(
        "warnings",
        &[(
            "prisma/schema.prisma",
            "generator client {\n  provider        = \"prisma-client-js\"\n  previewFeatures = [\"driverAdapters\"]\n}\n\ndatasource db {\n  provider = \"sqlite\"\n}\n",
        )],
    );
    let out = refract(&["validate"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with("warning: Preview feature \"driverAdapters\" is deprecated."),
        "{stderr}"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "The schema at prisma/schema.prisma is valid 🚀"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_folder_schema_reports_errors_in_the_file_that_has_them() {
    let dir = temp_project(
        "folder",
        &[
            (
                "prisma/schema/main.prisma",
                "datasource db {\n  provider = \"postgresql\"\n}\n",
            ),
            (
                "prisma/schema/user.prisma",
                "model User {\n  id   Int  @id\n  role Rol\n}\n",
            ),
        ],
    );
    let out = refract(&["validate", "--schema", "prisma/schema"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: Type \"Rol\" is neither a built-in type, nor refers to another model, composite type, or enum."),
        "{stderr}"
    );
    assert!(stderr.contains("-->  user.prisma:3"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_model_in_one_file_may_relate_to_a_model_in_another() {
    let dir = temp_project(
        "folder-valid",
        &[
            (
                "schema/a.prisma",
                "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {\n  id    Int    @id\n  posts Post[]\n}\n",
            ),
            (
                "schema/b.prisma",
                "model Post {\n  id       Int  @id\n  authorId Int\n  author   User @relation(fields: [authorId], references: [id])\n}\n",
            ),
        ],
    );
    let out = refract(&["validate", "--schema", "schema"], &dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn scratch_schema(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("refract-validate-{name}-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("prisma")).unwrap();
    std::fs::write(dir.join("prisma/schema.prisma"), text).unwrap();
    dir
}

const SQLITE_HEADER: &str =
    "datasource db {\n  provider = \"sqlite\"\n  url      = \"file:dev.db\"\n}\n\n";

/// About 10,000 nested calls or 20,000 nested `[` aborted every schema command with a stack
/// overflow (exit 134): now `validate` and `format` exit 1 with the error at its line.
#[test]
fn deep_nesting_is_an_error_at_its_line_not_a_crash() {
    let calls = format!("{}{}", "f(".repeat(10_000), ")".repeat(10_000));
    let arrays = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    for (shape, nested) in [("calls", calls), ("arrays", arrays)] {
        let text = format!("{SQLITE_HEADER}model A {{\n  id Int @id @default({nested})\n}}\n");
        let dir = scratch_schema(&format!("deep-{shape}"), &text);
        for command in ["validate", "format"] {
            let out = refract(&[command], &dir);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{command} {shape}: {stderr}");
            assert!(
                stderr.contains(
                    "error: Expression nesting too deep: function calls and arrays can be nested at most 128 levels deep."
                ),
                "{command} {shape}: {stderr}"
            );
            assert!(
                stderr.contains("-->  schema.prisma:7"),
                "{command} {shape}: {stderr}"
            );
            assert!(
                stderr.contains("Validation Error Count: 1"),
                "{command} {shape}: {stderr}"
            );
        }
        // Nothing was written.
        let after = std::fs::read_to_string(dir.join("prisma/schema.prisma")).unwrap();
        assert_eq!(after, text);
        std::fs::remove_dir_all(&dir).ok();
    }
}

/// Past 100 diagnostics the text output stops and says how many more there are (as rustc
/// sums up); the count and `--json` stay complete.
#[test]
fn only_the_first_hundred_diagnostics_are_printed() {
    let mut text = SQLITE_HEADER.to_owned();
    for i in 0..150 {
        text.push_str(&format!(
            "model M{i} {{\n  id Int @id\n  other Missing{i}\n}}\n\n"
        ));
    }
    let dir = scratch_schema("capped", &text);
    let out = refract(&["validate"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.matches("error: Type \"Missing").count(),
        100,
        "{stderr}"
    );
    assert!(stderr.contains("\"Missing99\""), "{stderr}");
    assert!(!stderr.contains("\"Missing100\""), "{stderr}");
    assert!(
        stderr.ends_with(
            "... and 50 more errors not shown (the first 100 are above)\nRun `refract validate --json` to list every diagnostic.\n\nValidation Error Count: 150\n"
        ),
        "{stderr}"
    );
    let out = refract(&["validate", "--json"], &dir);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(150));
    std::fs::remove_dir_all(&dir).ok();
}
