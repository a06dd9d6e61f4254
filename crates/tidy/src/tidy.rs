//! The tidy tests: each rule run on the whole workspace against `allowlist.toml`
//! (`cargo test -p tidy`, or `cargo test tidy` from anywhere in the workspace), and in
//! `planted`, each rule shown to fail on a planted violation.

mod planted;

use crate::allowlist::{self, Entry};
use crate::workspace::{self, Member, SourceFile};
use crate::{Finding, boundary, code, cycles, docs, edges, size};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

struct Workspace {
    members: Vec<Member>,
    files: Vec<SourceFile>,
    allowlist: Vec<Entry>,
}

fn workspace() -> &'static Workspace {
    static WORKSPACE: OnceLock<Workspace> = OnceLock::new();
    WORKSPACE.get_or_init(|| {
        let root = workspace::root();
        let members = workspace::members(&root).unwrap_or_else(|e| panic!("{e}"));
        let files = workspace::source_files(&root, &members).unwrap_or_else(|e| panic!("{e}"));
        let text = std::fs::read_to_string(root.join("crates/tidy/allowlist.toml"))
            .unwrap_or_else(|e| panic!("cannot read crates/tidy/allowlist.toml: {e}"));
        let allowlist = allowlist::parse(&text).unwrap_or_else(|e| panic!("{e}"));
        Workspace {
            members,
            files,
            allowlist,
        }
    })
}

/// Fails with every error of `rule`'s findings against the allowlist.
fn assert_tidy(rule: &str, findings: &[Finding]) {
    let errors = allowlist::compare(findings, &workspace().allowlist, &[rule]);
    assert!(
        errors.is_empty(),
        "tidy rule `{rule}` (see ARCHITECTURE.md's invariants and crates/tidy/allowlist.toml):\n{}",
        errors.join("\n")
    );
}

#[test]
fn allowlist_names_known_rules() {
    let errors = allowlist::compare(&[], &workspace().allowlist, &[]);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn crate_edges_match_architecture() {
    let text = std::fs::read_to_string(workspace::root().join("ARCHITECTURE.md"))
        .unwrap_or_else(|e| panic!("cannot read ARCHITECTURE.md: {e}"));
    let documented = edges::from_architecture(&text).unwrap_or_else(|e| panic!("{e}"));
    let real = edges::from_manifests(&workspace().members);
    assert_tidy("crate-edges", &edges::check(&real, &documented));
}

#[test]
fn no_provider_match_outside_dialect_modules() {
    assert_tidy(
        "provider-match",
        &code::provider_matches(&workspace().files),
    );
}

#[test]
fn only_cli_touches_terminal_environment_and_exit_codes() {
    assert_tidy("cli-only", &code::cli_only(&workspace().files));
}

#[test]
fn source_files_within_size_budget() {
    assert_tidy("file-size", &size::check(&workspace().files));
}

#[test]
fn library_crates_deny_missing_docs() {
    let ws = workspace();
    assert_tidy("missing-docs", &docs::check(&ws.members, &ws.files));
}

#[test]
fn client_boundary_is_the_named_list() {
    assert_tidy("client-boundary", &boundary::check(&workspace().files));
}

#[test]
fn no_import_cycles_between_modules() {
    assert_tidy("module-cycle", &cycles::check(&workspace().files));
}

/// The CPU time one run of every rule over the workspace may take: they took 0.7–1.0 s of
/// wall clock in a debug build on an idle 2-core machine, about as much CPU time. CPU time, not
/// wall clock, so that the bound tests the rules' speed and not the machine's load (the test
/// once failed at a load average of 20 while the rules were as fast as ever).
const RULES_CPU_BUDGET: Duration = Duration::from_secs(2);

/// Every rule over the workspace's files, read and lexed anew; the number of files.
fn run_all_rules() -> usize {
    let root = workspace::root();
    let members = workspace::members(&root).unwrap_or_else(|e| panic!("{e}"));
    let files = workspace::source_files(&root, &members).unwrap_or_else(|e| panic!("{e}"));
    let _ = code::provider_matches(&files);
    let _ = code::cli_only(&files);
    let _ = size::check(&files);
    let _ = docs::check(&members, &files);
    let _ = boundary::check(&files);
    let _ = cycles::check(&files);
    files.len()
}

/// The CPU time (user and system) the calling thread has used, from Linux's
/// `/proc/thread-self/stat` (its 14th and 15th fields, in USER_HZ: 100 ticks a second), or
/// `None` where there is no such file.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The command name, in parentheses, may hold spaces: the fields follow its last `)`,
    // starting with the 3rd (the state).
    let fields: Vec<&str> = stat
        .get(stat.rfind(')')? + 1..)?
        .split_whitespace()
        .collect();
    let ticks = |n: usize| fields.get(n - 3)?.parse::<u64>().ok();
    Some(Duration::from_millis((ticks(14)? + ticks(15)?) * 10))
}

/// Runs `work` on this thread and returns what it returned and the CPU time it took (the wall
/// clock where the system does not tell the thread's CPU time).
fn cpu_time_of<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let (cpu, wall) = (thread_cpu_time(), Instant::now());
    let out = work();
    let took = match (cpu, thread_cpu_time()) {
        (Some(before), Some(after)) => after.saturating_sub(before),
        _ => wall.elapsed(),
    };
    (out, took)
}

/// Whether `took` of CPU time is within `budget`.
fn within_budget(took: Duration, budget: Duration) -> Result<(), String> {
    if took <= budget {
        Ok(())
    } else {
        Err(format!(
            "the tidy rules took {took:?} of CPU time, over the budget of {budget:?}"
        ))
    }
}

/// The whole run stays fast: every rule on every file, reading and lexing them, within
/// [`RULES_CPU_BUDGET`] of this thread's CPU time, however loaded the machine.
#[test]
fn all_rules_run_fast() {
    let (files, took) = cpu_time_of(run_all_rules);
    eprintln!("tidy: {files} files checked in {took:?} of CPU time");
    within_budget(took, RULES_CPU_BUDGET).unwrap_or_else(|e| panic!("{e}"));
}
