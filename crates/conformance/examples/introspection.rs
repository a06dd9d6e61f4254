//! Runs only the `db pull` corpora and prints every failure (`cargo run -p conformance
//! --example introspection`).

fn main() {
    for r in [
        conformance::introspection::simple(),
        conformance::introspection::realworld(),
    ] {
        println!(
            "{}: {}/{} {}",
            r.name,
            r.passed.len(),
            r.total(),
            r.note.unwrap_or_default()
        );
        for (case, reason) in &r.failed {
            println!("FAIL {case}: {reason}");
        }
    }
}
