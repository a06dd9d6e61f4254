//! Prints the pass rate of every conformance corpus, then the failures (`-v`); the skipped
//! cases go to stderr. The only place the harness reads the environment or prints.

fn main() {
    let verbose = std::env::args().any(|a| a == "-v" || a == "--verbose");
    let settings = conformance::Settings::from_env(
        |name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()),
        std::env::temp_dir(),
    );
    let reports = conformance::run(&settings);
    for r in &reports {
        for why in &r.skipped {
            eprintln!("skipped: {why}");
        }
    }
    println!("| corpus | passed | total | rate |");
    println!("|---|---|---|---|");
    for r in &reports {
        println!(
            "| {} | {} | {} | {:.1}% |",
            r.name,
            r.passed.len(),
            r.total(),
            r.rate()
        );
    }
    for r in &reports {
        if let Some(note) = &r.note {
            println!("{}: {note}", r.name);
        }
    }
    if verbose {
        for r in &reports {
            for (case, reason) in &r.failed {
                println!("FAIL {} {}: {}", r.name, case, reason);
            }
        }
    }
}
