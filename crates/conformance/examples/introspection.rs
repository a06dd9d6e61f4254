//! Runs only the `db pull` corpora and prints every failure (`cargo run -p conformance
//! --example introspection`).

fn main() {
    let settings = conformance::Settings::from_env(
        |name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()),
        std::env::temp_dir(),
    );
    for r in [
        conformance::introspection::simple(&settings),
        conformance::introspection::realworld(&settings),
    ] {
        for why in &r.skipped {
            eprintln!("skipped: {why}");
        }
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
