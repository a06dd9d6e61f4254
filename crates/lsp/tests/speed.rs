//! How fast the server answers on a large schema: a generated 300-model, ~7,600-line file.
//! Prints the figures (docs/lsp.md, "Speed") and the ratio to what `refract validate` does
//! for the same file (read, parse, validate, render), in the same process.
//!
//! `cargo test --release -p lsp --test speed -- --nocapture`. The bounds (30 ms for the
//! diagnostics after an edit, 10 ms for a completion) are checked in optimized builds; a
//! debug build only prints.

mod common;

use std::time::{Duration, Instant};

use common::{Client, at, position_of, uri};
use lsp_types::request::Completion;
use lsp_types::{CompletionParams, Range};

/// The schema: every model has scalar fields of each kind, a unique, defaults, a relation to
/// the previous model and the list back, an index and a table name.
fn generate(models: usize) -> String {
    let mut s = String::from(
        "datasource db {\n  provider = \"postgresql\"\n}\n\ngenerator client {\n  provider = \"refract\"\n}\n\nenum Status {\n  DRAFT\n  PUBLISHED\n  ARCHIVED\n}\n",
    );
    for i in 1..=models {
        s.push_str(&format!("\n/// Model number {i}.\nmodel M{i} {{\n"));
        if i % 3 == 0 {
            s.push_str("  // Every third model has a comment line.\n");
        }
        s.push_str("  id        Int      @id @default(autoincrement())\n");
        s.push_str("  name      String   @db.VarChar(200)\n");
        s.push_str("  email     String   @unique\n");
        s.push_str("  score     Float?\n");
        s.push_str("  big       BigInt   @default(0)\n");
        s.push_str("  price     Decimal  @db.Decimal(10, 2)\n");
        s.push_str("  data      Json?\n");
        s.push_str("  blob      Bytes?\n");
        s.push_str("  active    Boolean  @default(true)\n");
        s.push_str("  status    Status   @default(DRAFT)\n");
        s.push_str("  title     String?\n");
        s.push_str("  body      String?  @db.Text\n");
        s.push_str("  slug      String   @unique @map(\"url_slug\")\n");
        s.push_str("  views     Int      @default(0)\n");
        s.push_str("  createdAt DateTime @default(now())\n");
        s.push_str("  updatedAt DateTime @updatedAt\n");
        if i > 1 {
            s.push_str("  prevId    Int?\n");
            s.push_str(&format!(
                "  prev      M{}?     @relation(fields: [prevId], references: [id])\n",
                i - 1
            ));
        } else {
            s.push_str("  prevId    Int?\n  // No previous model.\n");
        }
        if i < models {
            s.push_str(&format!("  next      M{}[]\n", i + 1));
        } else {
            s.push_str("  // No next model.\n");
        }
        s.push_str("  @@index([prevId])\n");
        s.push_str(&format!("  @@map(\"m_{i}\")\n}}\n"));
    }
    s
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[test]
fn diagnostics_after_an_edit_and_completion_on_a_large_schema() {
    let text = generate(300);
    let lines = text.lines().count();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.prisma");
    std::fs::write(&path, &text).unwrap();
    let uri = uri(&path);

    // What `refract validate --json` does, in process: read, parse, validate, render.
    let validate_once = || {
        let started = Instant::now();
        let source = std::fs::read_to_string(&path).unwrap();
        let files = diagnostics::SourceFiles::single("schema.prisma", source);
        let (_, found) = schema::validate(&files);
        let rendered = diagnostics::render::render_json(&files, &found);
        assert_eq!(rendered, "[]");
        started.elapsed()
    };
    let validate = median((0..15).map(|_| validate_once()).collect());

    let mut client = Client::in_memory();
    client.open(&uri, &text);
    assert_eq!(client.diagnostics(&uri), vec![]);

    // Edits in the middle of the file, each answered by the whole schema's diagnostics: a
    // typo in a type (one error), then its fix (none).
    let middle = position_of(&text, "model M150 ", 0, 0);
    let type_at = position_of(&text, "Status   @default(DRAFT)", 150, 0);
    let mut edits = Vec::new();
    for round in 0..15 {
        let started = Instant::now();
        client.change(&uri, Some(Range::new(type_at, type_at)), "X");
        let published = client.diagnostics(&uri);
        edits.push(started.elapsed());
        assert_eq!(published.len(), 1, "round {round}: {published:?}");
        let started = Instant::now();
        let end = lsp_types::Position::new(type_at.line, type_at.character + 1);
        client.change(&uri, Some(Range::new(type_at, end)), "");
        assert_eq!(client.diagnostics(&uri), vec![]);
        edits.push(started.elapsed());
    }
    let _ = middle;
    let edit = median(edits.clone());
    let edit_max = edits.iter().max().copied().unwrap();

    // Completion of a field's attributes in the middle of the file, after an edit.
    let attribute_at = position_of(
        &text,
        "title     String?\n",
        150,
        "  title     String? ".len() - 2,
    );
    let mut completions = Vec::new();
    for _ in 0..30 {
        let started = Instant::now();
        let response = client.request::<Completion>(CompletionParams {
            text_document_position: at(
                &uri,
                lsp_types::Position::new(attribute_at.line, attribute_at.character + 1),
            ),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
            context: None,
        });
        completions.push(started.elapsed());
        assert!(response.is_some());
    }
    let completion = median(completions.clone());
    let completion_max = completions.iter().max().copied().unwrap();
    client.shutdown();

    println!(
        "{lines} lines, 300 models ({} build)\n\
         refract validate (read, parse, validate, render; median of 15): {:.1} ms\n\
         diagnostics after an edit (didChange to publishDiagnostics; median / max of 30): {:.1} / {:.1} ms, {:.2}x validate\n\
         completion (request to answer; median / max of 30): {:.2} / {:.2} ms, {:.3}x validate",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        ms(validate),
        ms(edit),
        ms(edit_max),
        ms(edit) / ms(validate),
        ms(completion),
        ms(completion_max),
        ms(completion) / ms(validate),
    );
    assert!((7_400..=7_800).contains(&lines), "{lines} lines");
    if !cfg!(debug_assertions) {
        assert!(ms(edit) < 30.0, "diagnostics after an edit took {edit:?}");
        assert!(ms(completion) < 10.0, "completion took {completion:?}");
    }
}
