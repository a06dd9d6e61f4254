//! How fast the server answers on a large schema: a generated 300-model, ~7,600-line file.
//! Prints the figures (docs/lsp.md, "Speed") and the ratio to what `refract validate` does
//! for the same file (read, parse, validate, render), in the same process.
//!
//! `cargo test --release -p lsp --test speed -- --nocapture`. The bounds (30 ms for the
//! diagnostics after an edit, 10 ms for a completion, in wall-clock time over 31 interleaved
//! rounds, best of up to three batches; see the test for which statistic) are checked in
//! optimized builds; the ratios to validate in every build.

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

/// CPU time used so far by every thread of this process (the server's thread, the test
/// client's), from Linux's per-thread scheduler statistics; `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(total))
}

/// Wall-clock times of each run and the CPU time per run.
#[derive(Default)]
struct Measured {
    wall: Vec<Duration>,
    cpu: Duration,
}

impl Measured {
    /// Runs `once`, adding its wall-clock time and the CPU time of the process meanwhile.
    fn time(&mut self, once: impl FnOnce()) {
        let cpu_before = cpu_time();
        let started = Instant::now();
        once();
        self.wall.push(started.elapsed());
        if let Some((a, b)) = cpu_before.zip(cpu_time()) {
            self.cpu += b - a;
        }
    }

    fn median(&self) -> Duration {
        median(self.wall.clone())
    }

    fn min(&self) -> Duration {
        self.wall.iter().min().copied().unwrap_or_default()
    }

    /// `median / max wall, CPU` in milliseconds.
    fn show(&self) -> String {
        format!(
            "wall min {:.2} / median {:.2} / max {:.2} ms, CPU {:.2} ms",
            ms(self.min()),
            ms(self.median()),
            ms(self.wall.iter().max().copied().unwrap_or_default()),
            ms(self.cpu / self.wall.len().max(1) as u32)
        )
    }
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
        let source = std::fs::read_to_string(&path).unwrap();
        let files = diagnostics::SourceFiles::single("schema.prisma", source);
        let (_, found) = schema::validate(&files);
        let rendered = diagnostics::render::render_json(&files, &found);
        assert_eq!(rendered, "[]");
    };

    let mut client = Client::in_memory();
    client.open(&uri, &text);
    assert_eq!(client.diagnostics(&uri), vec![]);

    // Edits in the middle of the file, each answered by the whole schema's diagnostics: a
    // typo in a type (one error), then its fix (none). Completion of a field's attributes in
    // the middle of the file.
    let type_at = position_of(&text, "Status   @default(DRAFT)", 150, 0);
    let title = position_of(&text, "title     String?\n", 150, 0);
    let attribute_at = lsp_types::Position::new(title.line, "  title     String? ".len() as u32);

    // One batch: RUNS rounds of (validate, an edit, a completion), interleaved so that a
    // burst of load on the machine slows the three alike and the ratio stays honest.
    const RUNS: usize = 31;
    let batch = |client: &mut Client| {
        let (mut validate, mut edits, mut completions) = Default::default();
        for round in 0..RUNS {
            Measured::time(&mut validate, validate_once);
            Measured::time(&mut edits, || {
                if round % 2 == 0 {
                    client.change(&uri, Some(Range::new(type_at, type_at)), "X");
                    let published = client.diagnostics(&uri);
                    assert_eq!(published.len(), 1, "round {round}: {published:?}");
                } else {
                    let end = lsp_types::Position::new(type_at.line, type_at.character + 1);
                    client.change(&uri, Some(Range::new(type_at, end)), "");
                    assert_eq!(client.diagnostics(&uri), vec![]);
                }
            });
            Measured::time(&mut completions, || {
                let response = client.request::<Completion>(CompletionParams {
                    text_document_position: at(&uri, attribute_at),
                    work_done_progress_params: Default::default(),
                    partial_result_params: Default::default(),
                    context: None,
                });
                assert!(response.is_some());
            });
        }
        // Leave the schema valid for the next batch.
        if RUNS % 2 == 1 {
            let end = lsp_types::Position::new(type_at.line, type_at.character + 1);
            client.change(&uri, Some(Range::new(type_at, end)), "");
            assert_eq!(client.diagnostics(&uri), vec![]);
        }
        (validate, edits, completions)
    };

    // The bounds are on wall-clock times. On a machine whose cores are all busy (a CI runner
    // with two cores shared with other jobs) most rounds also wait for a core: the same
    // validation then takes, at the median, well over its fastest time. So a batch checks
    // - the fastest of its edits (a round that had a core): under 30 ms;
    // - the median completion: under 10 ms (a completion is short enough to rarely wait);
    // - and, when the machine was not busy (validate's median within 1.5x its fastest), the
    //   median edit: under 30 ms.
    // A whole batch can land in a burst of load: up to three are run, and the best counts.
    let busy = |validate: &Measured| ms(validate.median()) > 1.5 * ms(validate.min());
    let within = |(validate, edits, completions): &(Measured, Measured, Measured)| {
        ms(edits.min()) < 30.0
            && ms(completions.median()) < 10.0
            && (busy(validate) || ms(edits.median()) < 30.0)
    };
    let mut batches = vec![batch(&mut client)];
    while batches.last().is_some_and(|b| !within(b)) && batches.len() < 3 && !cfg!(debug_assertions)
    {
        batches.push(batch(&mut client));
    }
    client.shutdown();
    let tried = batches.len();
    let (validate, edits, completions) = batches
        .into_iter()
        .min_by_key(|b| (!within(b), b.1.median()))
        .unwrap();

    let ratio = |m: &Measured| ms(m.median()) / ms(validate.median());
    println!(
        "{lines} lines, 300 models ({} build; batch of {RUNS} rounds, best of {tried}; machine {})\n\
         refract validate's work (read, parse, validate, render): {}\n\
         diagnostics after an edit (didChange to publishDiagnostics): {}; {:.2}x validate\n\
         completion (request to answer): {}; {:.3}x validate",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        if busy(&validate) { "busy" } else { "not busy" },
        validate.show(),
        edits.show(),
        ratio(&edits),
        completions.show(),
        ratio(&completions),
    );
    assert!((7_400..=7_800).contains(&lines), "{lines} lines");
    if !cfg!(debug_assertions) {
        assert!(
            ms(edits.min()) < 30.0,
            "diagnostics after an edit: {}",
            edits.show()
        );
        assert!(
            ms(completions.median()) < 10.0,
            "completion: {}",
            completions.show()
        );
        assert!(
            busy(&validate) || ms(edits.median()) < 30.0,
            "diagnostics after an edit, on a machine that was not busy (validate: {}): {}",
            validate.show(),
            edits.show()
        );
    }
    // Measured in the same rounds, the ratios hardly depend on the machine's load or the
    // build: an edit costs about what a validation costs, a completion a small part of it.
    assert!(ratio(&edits) < 2.0, "edit: {:.2}x validate", ratio(&edits));
    assert!(
        ratio(&completions) < 0.1,
        "completion: {:.3}x validate",
        ratio(&completions)
    );
}
