//! The formatter corpora: Prisma's own `prisma format` outputs, compared byte for byte. Each
//! case also checks idempotency: formatting the expected output must give it back unchanged.

use std::path::{Path, PathBuf};

use diagnostics::SourceFiles;

use crate::{CorpusReport, Settings};

/// `psl/psl/tests/reformatter/`: `X.prisma` → `X.reformatted.prisma` (subfolders included).
pub fn reformatter(settings: &Settings) -> CorpusReport {
    let dir = settings
        .dir
        .join("prisma-engines/psl/psl/tests/reformatter");
    pairs_corpus("format-reformatter", &dir, ".reformatted.prisma")
}

/// `psl-inline-reformat/`: pairs extracted from Prisma's inline reformat tests.
pub fn inline(settings: &Settings) -> CorpusReport {
    let dir = settings.dir.join("prisma-engines/psl-inline-reformat");
    pairs_corpus("format-inline", &dir, ".reformatted.prisma")
}

/// `psl/psl/tests/reformatter_multi_file/`: `NAME/` → `NAME.reformatted/`, file by file.
pub fn multi_file(settings: &Settings) -> CorpusReport {
    let mut report = CorpusReport::new("format-multi-file");
    let dir = settings
        .dir
        .join("prisma-engines/psl/psl/tests/reformatter_multi_file");
    for case in sorted_entries(&dir) {
        let name = file_name(&case);
        if !case.is_dir() || name.ends_with(".reformatted") {
            continue;
        }
        let expected_dir = dir.join(format!("{name}.reformatted"));
        report.record(name, check_folder(&case, &expected_dir));
    }
    report
}

/// `realworld/*/`: `schema.prisma` → `schema.formatted.prisma` and `schema.p7.prisma` →
/// `schema.p7.formatted.prisma`.
pub fn realworld(settings: &Settings) -> CorpusReport {
    let mut report = CorpusReport::new("format-realworld");
    for project in sorted_entries(&settings.dir.join("realworld")) {
        if !project.is_dir() {
            continue;
        }
        for (input, expected) in [
            ("schema.prisma", "schema.formatted.prisma"),
            ("schema.p7.prisma", "schema.p7.formatted.prisma"),
        ] {
            let input = project.join(input);
            if input.exists() {
                let case = format!("{}/{}", file_name(&project), file_name(&input));
                report.record(case, check_pair(&input, &project.join(expected)));
            }
        }
    }
    report
}

/// `seeds/`: `X.prisma` → `X.formatted.prisma`.
pub fn seeds(settings: &Settings) -> CorpusReport {
    let dir = settings.dir.join("seeds");
    pairs_corpus("format-seeds", &dir, ".formatted.prisma")
}

fn pairs_corpus(name: &'static str, dir: &Path, expected_suffix: &str) -> CorpusReport {
    let mut report = CorpusReport::new(name);
    let mut inputs = Vec::new();
    collect_inputs(dir, expected_suffix, &mut inputs);
    inputs.sort();
    for input in inputs {
        let text = input.to_string_lossy();
        let stem = &text[..text.len() - ".prisma".len()];
        let expected = PathBuf::from(format!("{stem}{expected_suffix}"));
        let case = input
            .strip_prefix(dir)
            .unwrap_or(&input)
            .display()
            .to_string();
        report.record(case, check_pair(&input, &expected));
    }
    report
}

fn collect_inputs(dir: &Path, expected_suffix: &str, out: &mut Vec<PathBuf>) {
    for path in sorted_entries(dir) {
        if path.is_dir() {
            collect_inputs(&path, expected_suffix, out);
            continue;
        }
        let name = file_name(&path);
        if name.ends_with(".prisma")
            && !name.ends_with(expected_suffix)
            && !name.ends_with(".formatted.prisma")
        {
            out.push(path);
        }
    }
}

fn check_pair(input: &Path, expected: &Path) -> Result<(), String> {
    let text = read(input)?;
    let expected_text = read(expected)?;
    let name = file_name(input);
    let actual = schema_format::format(&SourceFiles::single(name.clone(), text));
    compare(
        &name,
        actual.first().map_or("", String::as_str),
        &expected_text,
    )?;
    let again = schema_format::format(&SourceFiles::single(name.clone(), expected_text.clone()));
    compare_idempotent(
        &name,
        again.first().map_or("", String::as_str),
        &expected_text,
    )
}

fn check_folder(input_dir: &Path, expected_dir: &Path) -> Result<(), String> {
    let mut files = SourceFiles::new();
    let mut expected = SourceFiles::new();
    for path in sorted_entries(input_dir) {
        let name = file_name(&path);
        files.add(name.clone(), read(&path)?);
        expected.add(name.clone(), read(&expected_dir.join(&name))?);
    }
    let actual = schema_format::format(&files);
    let again = schema_format::format(&expected);
    for (i, (id, file)) in expected.iter().enumerate() {
        let _ = id;
        compare(&file.name, &actual[i], &file.text)?;
        compare_idempotent(&file.name, &again[i], &file.text)?;
    }
    Ok(())
}

fn compare(name: &str, actual: &str, expected: &str) -> Result<(), String> {
    if actual == expected {
        return Ok(());
    }
    Err(format!("{name}: {}", first_difference(actual, expected)))
}

fn compare_idempotent(name: &str, actual: &str, expected: &str) -> Result<(), String> {
    if actual == expected {
        return Ok(());
    }
    Err(format!(
        "{name}: not idempotent: {}",
        first_difference(actual, expected)
    ))
}

fn first_difference(actual: &str, expected: &str) -> String {
    let mut a = actual.lines();
    let mut e = expected.lines();
    let mut line = 1;
    loop {
        match (a.next(), e.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (x, y) => {
                return format!("line {line}: got {x:?}, expected {y:?}");
            }
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}
