//! `refract lsp` beside Prisma's own language server (npm `@prisma/language-server`, installed
//! by `tests/prisma-ls/setup.sh`) on the real-world schemas of `conformance/realworld/`:
//! the same diagnostics, the same formatting, and at least Prisma's completions at the same
//! places (the differences allowed are the ones docs/lsp.md lists, with their reasons).
//! Skipped when Node.js or the package is missing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Client, at, end_of, position_of, uri};
use lsp_types::request::{Completion, Formatting};
use lsp_types::{
    CompletionParams, CompletionResponse, DiagnosticSeverity, DocumentFormattingParams,
    FormattingOptions, Range, TextDocumentIdentifier, TextEdit, Uri,
};

/// Why Refract leaves out a completion Prisma's server offers (docs/lsp.md, "Compared with
/// Prisma's language server"), or `None` when it should not.
fn left_out(scenario: &str, label: &str, schema: &Schema) -> Option<&'static str> {
    const RELATION_ARGUMENTS: &[&str] = &[
        "\"\"",
        "fields",
        "map",
        "name",
        "onDelete",
        "onUpdate",
        "references",
    ];
    const DATASOURCE_PROPERTIES: &[&str] = &[
        "provider",
        "url",
        "directUrl",
        "shadowDatabaseUrl",
        "relationMode",
        "extensions",
        "schemas",
    ];
    match scenario {
        "field attribute" if label == "@relation" => {
            Some("on a scalar field `@relation` is an error: offered on relation fields only")
        }
        "field attribute" if label == "@db" && !schema.has_native_types => {
            Some("the provider has no native types: `@db` is offered where it has some")
        }
        "native type" if !schema.has_native_types => {
            Some("the provider has no native types: Prisma lists field attributes after `@db.`")
        }
        "relation fields" if schema.relation_fields.iter().any(|f| f == label) => {
            Some("`fields:` takes scalar fields only: a relation field there is an error")
        }
        "referential action" if RELATION_ARGUMENTS.contains(&label) => {
            Some("after `onDelete:` a value is expected: Refract lists the referential actions")
        }
        "relation mode" if DATASOURCE_PROPERTIES.contains(&label) => {
            Some("inside the string a value is expected: Refract lists the relation modes")
        }
        _ => None,
    }
}

/// What `left_out` needs to know about a schema.
struct Schema {
    has_native_types: bool,
    relation_fields: Vec<String>,
}

impl Schema {
    fn read(text: &str) -> Schema {
        let files = diagnostics::SourceFiles::single("schema.prisma", text);
        let (validated, _) = schema::validate(&files);
        let has_native_types = validated
            .provider()
            .is_some_and(|p| !schema::native_types(p).is_empty());
        let relation_fields = validated
            .models()
            .flat_map(|m| {
                m.relation_fields()
                    .map(|f| f.name.clone())
                    .collect::<Vec<_>>()
            })
            .collect();
        Schema {
            has_native_types,
            relation_fields,
        }
    }
}

fn prisma_server() -> Option<PathBuf> {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/prisma-ls/node_modules/@prisma/language-server/dist/bin.js");
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    (node && bin.exists()).then_some(bin)
}

fn realworld() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../conformance/realworld");
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs {
        // Prisma 7's server rejects `url` in the datasource: the Prisma 7 copy where there is one.
        let schema = ["schema.p7.prisma", "schema.prisma"]
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.exists());
        if let Some(schema) = schema {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(schema).unwrap()));
        }
    }
    out
}

fn apply(text: &str, edits: &[TextEdit]) -> String {
    let offset = |p: lsp_types::Position| {
        let mut offset = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            if i == p.line as usize {
                return offset
                    + line
                        .char_indices()
                        .nth(p.character as usize)
                        .map_or(line.len(), |(o, _)| o);
            }
            offset += line.len();
        }
        text.len()
    };
    let mut edits: Vec<&TextEdit> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start.line, e.range.start.character)));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(offset(e.range.start)..offset(e.range.end), &e.new_text);
    }
    out
}

/// Errors and warnings as (range, severity, message), hints left out.
fn diagnostics(client: &mut Client, uri: &Uri) -> Vec<(Range, Option<DiagnosticSeverity>, String)> {
    let mut out: Vec<_> = client
        .diagnostics(uri)
        .into_iter()
        .filter(|d| d.severity != Some(DiagnosticSeverity::HINT))
        .map(|d| {
            // Prisma's server adds a line of its own to one message.
            let message = d
                .message
                .split("\nIf this is unexpected")
                .next()
                .unwrap()
                .to_string();
            (d.range, d.severity, message)
        })
        .collect();
    out.sort_by_key(|(r, _, m)| (r.start.line, r.start.character, m.clone()));
    out
}

fn formatted(client: &mut Client, uri: &Uri, text: &str) -> String {
    let edits = client
        .request::<Formatting>(DocumentFormattingParams {
            text_document: TextDocumentIdentifier::new(uri.clone()),
            options: FormattingOptions {
                tab_size: 2,
                insert_spaces: true,
                ..Default::default()
            },
            work_done_progress_params: Default::default(),
        })
        .unwrap_or_default();
    apply(text, &edits)
}

type Published = Vec<(Range, Option<DiagnosticSeverity>, String)>;

/// The diagnostics after a change, and the completion labels at `position`.
fn labels(
    client: &mut Client,
    uri: &Uri,
    text: &str,
    position: lsp_types::Position,
) -> (Vec<String>, Published) {
    client.change(uri, None, text);
    let published = diagnostics(client, uri);
    let response = client.request::<Completion>(CompletionParams {
        text_document_position: at(uri, position),
        work_done_progress_params: Default::default(),
        partial_result_params: Default::default(),
        context: None,
    });
    let mut labels: Vec<String> = match response {
        Some(CompletionResponse::List(l)) => l.items.into_iter().map(|i| i.label).collect(),
        Some(CompletionResponse::Array(a)) => a.into_iter().map(|i| i.label).collect(),
        None => Vec::new(),
    };
    labels.sort();
    labels.dedup();
    (labels, published)
}

/// Edits of a schema and the place to ask for completions: (scenario, text, position).
fn scenarios(text: &str) -> Vec<(&'static str, String, lsp_types::Position)> {
    let mut out = Vec::new();
    let with_line = |after: &str, line: &str| -> Option<(String, lsp_types::Position)> {
        let start = text.find(after)?;
        let at = start + text[start..].find('\n')? + 1;
        let new = format!("{}{line}\n{}", &text[..at], &text[at..]);
        let position = position_of(&new, &format!("{line}\n"), 0, line.len());
        Some((new, position))
    };
    let appended = format!("{text}\n");
    out.push(("top level", appended.clone(), end_of(&appended)));
    let first_model = text
        .lines()
        .find_map(|l| {
            l.strip_prefix("model ")
                .map(|r| r.split_whitespace().next().unwrap_or("").to_string())
        })
        .unwrap_or_default();
    let lines = [
        ("field type", "  newField ".to_string()),
        ("field attribute", "  newField String @".to_string()),
        ("native type", "  newField String @db.".to_string()),
        ("block attribute", "  @@".to_string()),
        (
            "relation arguments",
            format!("  newRelation {first_model} @relation("),
        ),
        (
            "relation fields",
            format!("  newRelation {first_model} @relation(fields: ["),
        ),
        (
            "referential action",
            format!("  newRelation {first_model} @relation(onDelete: "),
        ),
        (
            "default function",
            "  newField DateTime @default(".to_string(),
        ),
    ];
    for (name, line) in lines {
        if let Some((new, position)) = with_line(&format!("model {first_model} "), &line) {
            out.push((name, new, position));
        }
    }
    if let Some((new, position)) = with_line("datasource ", "  ") {
        out.push(("datasource property", new, position));
    }
    if let Some((new, position)) = with_line("generator ", "  ") {
        out.push(("generator property", new, position));
    }
    if let Some((new, position)) = with_line("datasource ", "  relationMode = \"") {
        out.push(("relation mode", new, position));
    }
    out
}

#[test]
fn diagnostics_formatting_and_completions_match_prismas_server() {
    let Some(bin) = prisma_server() else {
        test_support::skip(
            "Node.js or @prisma/language-server is missing (run crates/lsp/tests/prisma-ls/setup.sh)",
        );
        return;
    };
    let mut missing_total = Vec::new();
    let mut different = Vec::new();
    let mut report = Vec::new();
    for (project, text) in realworld() {
        let dir = tempfile::tempdir().unwrap();
        // One folder down: the schema root search (up while the parent folder holds a
        // `.prisma` file) stops inside the test's folder, whatever the system's holds.
        let folder = dir.path().join("prisma");
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join("schema.prisma");
        std::fs::write(&path, &text).unwrap();
        let uri = uri(&path);
        let mut ours = Client::in_memory();
        let mut command = Command::new("node");
        command.arg(&bin).arg("--stdio");
        let mut theirs = Client::process(command);
        ours.open(&uri, &text);
        theirs.open(&uri, &text);

        let (a, b) = (diagnostics(&mut ours, &uri), diagnostics(&mut theirs, &uri));
        assert_eq!(a, b, "{project}: diagnostics");
        let (a, b) = (
            formatted(&mut ours, &uri, &text),
            formatted(&mut theirs, &uri, &text),
        );
        assert_eq!(a, b, "{project}: formatting");

        let facts = Schema::read(&text);
        for (scenario, edited, position) in scenarios(&text) {
            let (ours_labels, ours_published) = labels(&mut ours, &uri, &edited, position);
            let (theirs_labels, theirs_published) = labels(&mut theirs, &uri, &edited, position);
            // The edited schema is incomplete: the diagnostics of the half-written line agree too.
            if ours_published != theirs_published {
                different.push(format!("{project} / {scenario}:\n  refract {ours_published:?}\n  prisma  {theirs_published:?}"));
            }
            let missing: Vec<&String> = theirs_labels
                .iter()
                .filter(|l| !ours_labels.contains(l))
                .filter(|l| left_out(scenario, l, &facts).is_none())
                .collect();
            report.push(format!(
                "{project:36} {scenario:20} diagnostics {:2} completions: refract {:3} prisma {:3} missing {:?}",
                ours_published.len(),
                ours_labels.len(),
                theirs_labels.len(),
                missing
            ));
            if !missing.is_empty() {
                missing_total.push(format!(
                    "{project} / {scenario}: {missing:?} (ours: {ours_labels:?})"
                ));
            }
        }
        ours.shutdown();
        drop(theirs);
    }
    println!("{}", report.join("\n"));
    assert!(
        different.is_empty(),
        "diagnostics differ:\n{}",
        different.join("\n")
    );
    assert!(
        missing_total.is_empty(),
        "completions Prisma offers and Refract does not:\n{}",
        missing_total.join("\n")
    );
}
