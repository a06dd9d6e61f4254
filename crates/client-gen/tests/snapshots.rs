//! Snapshot tests of the generated client: every `fixtures/NAME.prisma` schema (validated,
//! then turned into the generator's input) and every `fixtures/NAME.json` (the generator's
//! input written directly) generates `expect/NAME.rs` byte for byte. `UPDATE_EXPECT=1 cargo test -p client-gen` rewrites them.
//! The client crate's tests compile and run these files, so a snapshot is also checked to
//! build, pass clippy and work against real databases. The points schema's client is not
//! repeated here: it is `examples/points/src/prisma.rs`, which the example's
//! `generated_client` test checks against the generator and the client's tests include.

use std::path::Path;

fn check(fixture: &Path) {
    let text = std::fs::read_to_string(fixture).expect("fixture readable");
    let mut options = client_gen::Options::default();
    let schema: client_gen::input::Schema = if fixture.extension().is_some_and(|e| e == "prisma") {
        let files = diagnostics::SourceFiles::single("schema.prisma", &text);
        let (ir, diagnostics) = schema::validate(&files);
        assert!(
            !diagnostics.has_errors(),
            "{} is not a valid schema",
            fixture.display()
        );
        let (input, skipped) = client_gen::from_validated(&ir);
        assert!(skipped.is_empty(), "{skipped:?}");
        options.compact = client_gen::compact_requested(&ir).expect("a valid `compact` option");
        input
    } else {
        serde_json::from_str(&text).expect("fixture is a valid schema description")
    };
    let generated = client_gen::generate(&schema, &options).expect("generation succeeds");
    let again = client_gen::generate(&schema, &options).expect("generation succeeds");
    assert_eq!(generated, again, "generation is deterministic");
    let name = fixture
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("file name");
    let expected = fixture
        .parent()
        .and_then(Path::parent)
        .expect("tests dir")
        .join("expect")
        .join(format!("{name}.rs"));
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected, &generated).expect("write snapshot");
        return;
    }
    let want = std::fs::read_to_string(&expected).unwrap_or_default();
    assert!(
        want == generated,
        "generated client for {name} differs from {} (run with UPDATE_EXPECT=1 to accept):\n{generated}",
        expected.display()
    );
}

#[test]
fn generated_clients_match_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "prisma"))
        .collect();
    fixtures.sort();
    assert!(!fixtures.is_empty());
    for fixture in fixtures {
        check(&fixture);
    }
}
