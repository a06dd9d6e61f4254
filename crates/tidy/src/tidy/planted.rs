//! Each rule fails on a planted violation (and passes on its clean twin), on in-memory files.

use std::time::Duration;

use crate::allowlist;
use crate::workspace::{Member, SourceFile};
use crate::{boundary, code, cycles, docs, edges, size};

fn file(path: &str, text: &str) -> SourceFile {
    let (member_dir, in_member) = match path.split('/').collect::<Vec<_>>()[..] {
        ["crates", name, ..] => (
            format!("crates/{name}"),
            path[7 + name.len() + 1..].to_owned(),
        ),
        _ => panic!("fixture paths start with crates/NAME/"),
    };
    let member = member_dir.trim_start_matches("crates/");
    SourceFile::new(member, path, &in_member, text.to_owned())
}

fn member(name: &str, manifest: &str) -> Member {
    Member {
        name: name.to_owned(),
        dir: format!("crates/{name}"),
        manifest: manifest.parse().expect("fixture manifest"),
    }
}

const PROVIDER_MATCH: &str = "
fn placeholder(p: Provider, n: usize) -> String {
    match p {
        Provider::Sqlite | Provider::Postgres => format!(\"${n}\"),
        Provider::Mysql => \"?\".into(),
    }
}
";

#[test]
fn provider_match_outside_dialect_modules_fails() {
    let planted = [file("crates/migrate/src/history/table.rs", PROVIDER_MATCH)];
    let findings = code::provider_matches(&planted);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].line, Some(3));
    // Every spelling: qualified paths, tuples, `matches!`, `if let`, `let … else`.
    for text in [
        "fn f() { match (d, x) { (render::Dialect::Mysql, _) => 1, _ => 2 } }",
        "fn f() { match u { x if y => { a } DatabaseUrl::Postgres(p) => b } }",
        "fn f() { matches!(p, PullDialect::Sqlite) }",
        "fn f() { if let Provider::Mysql = p { } }",
        "fn f() { let DatabaseUrl::Sqlite(s) = url else { return }; }",
        "fn f() { if self.dialect == render::Dialect::Sqlite { } }",
        "fn f() { x(Provider::Mysql != p) }",
        "fn f() { match &self.inner { Inner::Sqlite(c) => 1, Inner::Mysql(c) => 2 } }",
        "impl Backend { fn f(&self) { match self { Backend::Postgres(p) => 1, _ => 2 } } }",
    ] {
        assert_eq!(code::provider_match_lines(text), [1], "{text}");
    }
}

#[test]
fn provider_match_inside_dialect_modules_and_capabilities_passes() {
    let allowed = [
        file("crates/migrate/src/dialect/mod.rs", PROVIDER_MATCH),
        file("crates/schema/src/dialect.rs", PROVIDER_MATCH),
        file("crates/client/src/mysql.rs", PROVIDER_MATCH),
        file("crates/migrate/src/introspect/postgres/columns.rs", PROVIDER_MATCH),
        file("crates/introspect/src/describe.rs", PROVIDER_MATCH),
        file("crates/migrate/tests/history.rs", PROVIDER_MATCH),
        file("crates/test-support/src/lib.rs", PROVIDER_MATCH),
        file(
            "crates/schema/src/capabilities.rs",
            "impl Provider { fn f(self) -> bool { match self { Provider::Mysql => true, _ => false } } }
             impl<T> Show for render::Dialect where T: X { fn g(&self) { matches!(self, Dialect::Mysql); } }",
        ),
        file(
            "crates/migrate/src/plan.rs",
            "#[cfg(test)] mod tests { fn f() { match p { Provider::Mysql => 1 } } }
             fn g() { match kind { Kind::Table => 1, _ => 2 } }
             fn h() { let d: Dialect = Dialect::Mysql; match x { _ => Provider::Mysql } }",
        ),
    ];
    let findings = code::provider_matches(&allowed);
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn cli_only_fails_outside_cli() {
    let text = "use std::{env, fs};
fn f() {
    println!(\"x\");
    eprint!(\"y\");
    let _ = std::env::var(\"X\");
    std::process::exit(1);
    let _ = std::io::stdout();
}";
    let planted = [file("crates/migrate/src/commands/deploy.rs", text)];
    let lines: Vec<_> = code::cli_only(&planted)
        .into_iter()
        .map(|f| f.line)
        .collect();
    assert_eq!(
        lines,
        [Some(1), Some(3), Some(4), Some(5), Some(6), Some(7)]
    );
}

#[test]
fn cli_only_passes_in_cli_tests_and_strings() {
    let text = "fn f() { println!(\"x\"); std::process::exit(1) }";
    let allowed = [
        file("crates/cli/src/main.rs", text),
        file("crates/client/tests/ops.rs", text),
        file("crates/client/benches/w.rs", text),
        file("crates/schema/build.rs", text),
        file("crates/test-support/src/lib.rs", text),
        file(
            "crates/client/src/ops.rs",
            "// println!(\"x\")
             /// std::env::var
             fn f() -> &'static str { let _ = env!(\"CARGO_MANIFEST_DIR\"); \"println!\" }
             fn w(f: &mut Formatter) { writeln!(f, \"x\"); }
             #[cfg(test)] mod tests { fn t() { println!(\"x\"); } }
             #[test] fn u() { eprintln!(\"y\") }",
        ),
    ];
    let findings = code::cli_only(&allowed);
    assert!(findings.is_empty(), "{findings:?}");
    // An out-of-line test module, and its own submodules, are test code too.
    let out_of_line = [
        file(
            "crates/client/src/lib.rs",
            "#[cfg(test)]\nmod tests;\nmod ops;",
        ),
        file("crates/client/src/ops.rs", "#[cfg(test)] mod unit;"),
        file("crates/client/src/tests.rs", text),
        file("crates/client/src/tests/more.rs", text),
        file("crates/client/src/ops/unit.rs", text),
    ];
    let findings = code::cli_only(&out_of_line);
    assert!(findings.is_empty(), "{findings:?}");
    let not_a_test = [
        file("crates/client/src/lib.rs", "mod tests;"),
        file("crates/client/src/tests.rs", text),
    ];
    assert_eq!(code::cli_only(&not_a_test).len(), 2);
}

#[test]
fn cli_only_passes_in_a_binarys_main_but_not_its_library() {
    let text = "fn main() { println!(\"x\"); let _ = std::env::args(); }";
    let binaries = [
        file("crates/conformance/src/main.rs", text),
        file("crates/conformance/src/bin/report.rs", text),
        file("crates/conformance/src/bin/report/table.rs", text),
    ];
    let findings = code::cli_only(&binaries);
    assert!(findings.is_empty(), "{findings:?}");
    let library = [
        file("crates/conformance/src/lib.rs", text),
        file("crates/conformance/src/main_table.rs", text),
        file("crates/conformance/src/binary.rs", text),
    ];
    assert_eq!(code::cli_only(&library).len(), 6);
}

#[test]
fn file_over_budget_fails_unless_generated() {
    let big = "fn f() {}\n".repeat(size::BUDGET + 1);
    let planted = [file("crates/client/src/nested.rs", &big)];
    assert_eq!(size::check(&planted).len(), 1);
    let at_budget = "fn f() {}\n".repeat(size::BUDGET);
    let generated = format!("// Generated by `refract generate`: do not edit.\n{big}");
    let allowed = [
        file("crates/client/src/a.rs", &at_budget),
        file("crates/client/src/b.rs", &generated),
    ];
    assert!(size::check(&allowed).is_empty());
}

#[test]
fn library_without_missing_docs_fails() {
    let members = [member("schema", "[package]\nname = \"schema\"")];
    let planted = [file(
        "crates/schema/src/lib.rs",
        "//! Docs.\n#![allow(dead_code)]\npub fn f() {}",
    )];
    assert_eq!(docs::check(&members, &planted).len(), 1);
    let opt_out = [file(
        "crates/schema/src/lib.rs",
        "#![deny(missing_docs)]\n#[allow(missing_docs)]\npub fn f() {}",
    )];
    let findings = docs::check(&members, &opt_out);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].line, Some(2));
    for allowed in [
        "//! Docs.\n#![deny(missing_docs)]",
        "#![warn(missing_docs, unreachable_pub)]",
    ] {
        let files = [file("crates/schema/src/lib.rs", allowed)];
        assert!(docs::check(&members, &files).is_empty(), "{allowed}");
    }
    let by_manifest = [member(
        "schema",
        "[package]\nname = \"schema\"\n[lints.rust]\nmissing_docs = \"deny\"",
    )];
    assert!(docs::check(&by_manifest, &planted).is_empty());
}

const ARCHITECTURE: &str = "
# Map
<!-- tidy:crate-edges -->
| crate | depends on |
|---|---|
| `diagnostics` | — |
| `schema` | `diagnostics` |

Text after the table.
";

#[test]
fn crate_edge_not_in_architecture_fails() {
    let documented = edges::from_architecture(ARCHITECTURE).expect("table");
    let members = [
        member(
            "diagnostics",
            "[package]\nname = \"diagnostics\"\n[dependencies]\nserde = \"1\"",
        ),
        member(
            "schema",
            "[package]\nname = \"schema\"\n[dependencies]\ndiagnostics.workspace = true\n\
             [dev-dependencies]\nclient.workspace = true",
        ),
    ];
    assert!(edges::check(&edges::from_manifests(&members), &documented).is_empty());
    // A new edge (renamed, even), an edge gone, a crate missing from the table.
    let planted = [
        member(
            "diagnostics",
            "[package]\nname = \"diagnostics\"\n[dependencies]\ns = { package = \"schema\", path = \"../schema\" }",
        ),
        member("schema", "[package]\nname = \"schema\""),
        member("client", "[package]\nname = \"client\""),
    ];
    let findings = edges::check(&edges::from_manifests(&planted), &documented);
    assert_eq!(findings.len(), 3, "{findings:#?}");
    assert!(edges::from_architecture("# no table").is_err());
}

#[test]
fn allowlist_fails_on_new_and_on_fixed_violations() {
    let entries = allowlist::parse(
        "[[allow]]\nrule = \"file-size\"\npath = \"crates/a/src/big.rs\"\nreason = \"#19\"\n\
         [[allow]]\nrule = \"provider-match\"\npath = \"crates/a/src/p.rs\"\ncount = 2\nreason = \"#19\"",
    )
    .expect("allowlist");
    let big = "x\n".repeat(size::BUDGET + 1);
    let twice = "fn f() { match p { Provider::A => 1 } }\nfn g() { match p { Provider::B => 2 } }";
    let files = [
        file("crates/a/src/big.rs", &big),
        file("crates/a/src/p.rs", twice),
    ];
    let rules = ["file-size", "provider-match"];
    let today: Vec<_> = size::check(&files)
        .into_iter()
        .chain(code::provider_matches(&files))
        .collect();
    assert!(allowlist::compare(&today, &entries, &rules).is_empty());
    // One more match in the allowed file, a new big file: both new violations.
    let three = format!("{twice}\nfn h() {{ match p {{ Provider::C => 3 }} }}");
    let worse = [
        file("crates/a/src/big.rs", &big),
        file("crates/a/src/p.rs", &three),
        file("crates/a/src/new.rs", &big),
    ];
    let found: Vec<_> = size::check(&worse)
        .into_iter()
        .chain(code::provider_matches(&worse))
        .collect();
    assert_eq!(allowlist::compare(&found, &entries, &rules).len(), 2);
    // Fixed: the big file split, one match gone: the entries must shrink.
    let better = [
        file("crates/a/src/big.rs", "x\n"),
        file("crates/a/src/p.rs", &twice[..40]),
    ];
    let found: Vec<_> = size::check(&better)
        .into_iter()
        .chain(code::provider_matches(&better))
        .collect();
    let errors = allowlist::compare(&found, &entries, &rules);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors.iter().all(|e| e.starts_with("fixed:")),
        "{errors:#?}"
    );
    // Malformed entries: no reason, twice the same file, an unknown rule.
    assert!(allowlist::parse("[[allow]]\nrule = \"file-size\"\npath = \"x\"").is_err());
    let twice_listed = "[[allow]]\nrule = \"cli-only\"\npath = \"x\"\nreason = \"r\"\n".repeat(2);
    assert!(allowlist::parse(&twice_listed).is_err());
    let unknown = allowlist::parse("[[allow]]\nrule = \"typo\"\npath = \"x\"\nreason = \"r\"")
        .expect("parses");
    assert_eq!(allowlist::compare(&[], &unknown, &[]).len(), 1);
}

#[test]
fn client_boundary_fails_on_a_public_module_a_glob_or_a_driver() {
    let planted = [file(
        "crates/client/src/lib.rs",
        "//! Docs.\n#![deny(missing_docs)]\n\
         pub mod query;\n\
         pub use select::*;\n\
         pub use ::rusqlite;\n\
         #[doc(hidden)]\npub mod __private {\n    pub mod select { pub use crate::select::*; }\n}\n",
    )];
    let findings = boundary::check(&planted);
    let lines: Vec<_> = findings.iter().map(|f| f.line).collect();
    assert_eq!(lines, [Some(3), Some(4), Some(5)], "{findings:?}");
    assert!(findings.iter().all(|f| f.rule == "client-boundary"));
    assert!(
        findings[0].message.contains("pub mod query"),
        "{findings:?}"
    );
    assert!(findings[2].message.contains("rusqlite"), "{findings:?}");

    let clean = [file(
        "crates/client/src/lib.rs",
        "//! Docs.\nmod query;\npub(crate) mod render;\npub mod dynamic;\n\
         pub use client::{Client, Error};\n\
         #[doc(hidden)]\npub mod __private {\n    pub mod select { pub use crate::select::*; }\n}\n",
    )];
    assert_eq!(boundary::check(&clean), []);
    // The front crate's list: `migrate` may be public, another module may not.
    let front = [file(
        "crates/refract/src/lib.rs",
        "pub use client::{Client, Error};\npub mod migrate;\npub mod query;\n",
    )];
    let findings = boundary::check(&front);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].line, Some(3));
}

#[test]
fn module_cycle_fails() {
    // a → b through a `use`, b → c through a group under `super`, c → a through a fully
    // qualified path in code: one cycle of three.
    let planted = [
        file(
            "crates/schema/src/lib.rs",
            "mod a;\nmod b;\nmod c;\npub use c::Thing;",
        ),
        file("crates/schema/src/a.rs", "use crate::b::f;\npub fn g() {}"),
        file("crates/schema/src/b/mod.rs", "mod inner;\npub fn f() {}"),
        file(
            "crates/schema/src/b/inner.rs",
            "use super::super::{c::h, b::f};",
        ),
        file(
            "crates/schema/src/c.rs",
            "pub struct Thing;\nfn h() { crate::a::g() }",
        ),
        file("crates/schema/src/d.rs", "use crate::Thing;"),
    ];
    let findings = cycles::check(&planted);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].path, "crates/schema/src/{a,b,c}");
    assert!(
        findings[0]
            .message
            .contains("b → c (crates/schema/src/b/inner.rs:1)")
    );
    // A name the root re-exports counts as its module: d → c (no cycle).
    let files: Vec<_> = planted.iter().collect();
    let edges = cycles::edges(&files);
    assert!(
        edges.iter().any(|e| e.from == "d" && e.to == "c"),
        "{edges:?}"
    );
}

#[test]
fn module_without_cycle_passes() {
    let allowed = [
        file(
            "crates/schema/src/lib.rs",
            "mod a;\nmod b;\npub(crate) use a::f;",
        ),
        file(
            "crates/schema/src/a.rs",
            "use crate::b::x;\npub(crate) fn f() {}\npub(super) fn g() {}",
        ),
        // Test code, visibility (`pub(crate)`), a submodule naming its own module, an item
        // of the root and an inline module's `super` do not count.
        file(
            "crates/schema/src/b.rs",
            "pub(crate) fn x() { crate::b::y(); crate::Finding::new(); }
             fn y() {}
             mod inner { use super::y; }
             #[cfg(test)] mod tests;
             #[cfg(test)] mod inline_tests { use crate::a::f; }
             #[test] fn t() { crate::a::f() }",
        ),
        file("crates/schema/src/b/tests.rs", "use crate::a::f;"),
        file(
            "crates/schema/tests/it.rs",
            "use schema::a::f; fn t() { crate::a::f() }",
        ),
        // Another crate's modules are another graph.
        file("crates/lint/src/a.rs", "use crate::b::x;"),
        file("crates/lint/src/b.rs", "use crate::c::x;"),
    ];
    let findings = cycles::check(&allowed);
    assert!(findings.is_empty(), "{findings:?}");
    // Without the test exemption, b → a closes a cycle.
    let planted = [
        file("crates/schema/src/a.rs", "use crate::b::x;"),
        file("crates/schema/src/b.rs", "fn x() { crate::a::f() }"),
    ];
    assert_eq!(cycles::check(&planted).len(), 1);
}

#[test]
fn module_paths() {
    assert_eq!(cycles::module_path("src/lib.rs"), Some(vec![]));
    assert_eq!(cycles::module_path("src/main.rs"), Some(vec![]));
    assert_eq!(
        cycles::module_path("src/passes/attributes/id.rs"),
        Some(vec!["passes".into(), "attributes".into(), "id".into()])
    );
    assert_eq!(
        cycles::module_path("src/passes/mod.rs"),
        Some(vec!["passes".into()])
    );
    assert_eq!(cycles::module_path("src/bin/tool.rs"), None);
    assert_eq!(cycles::module_path("tests/it.rs"), None);
}

/// Burns CPU on this thread until it has used `cpu` more than when it started.
fn spin(cpu: Duration) {
    let start = super::thread_cpu_time().expect("the thread's CPU time (Linux)");
    let mut x = 1u64;
    while super::thread_cpu_time().expect("the thread's CPU time") < start + cpu {
        for i in 0..100_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
    }
}

/// The budget of the planted runs: a tenth of the real one, to keep them quick.
const BUDGET: Duration = Duration::from_millis(200);

#[test]
fn a_slow_rule_fails_the_speed_budget() {
    if super::thread_cpu_time().is_none() {
        return; // The budget is then the wall clock's: nothing here to plant.
    }
    // A planted rule that costs more than the budget by itself.
    let (_, took) = super::cpu_time_of(|| spin(BUDGET + Duration::from_millis(100)));
    let err = super::within_budget(took, BUDGET).expect_err("a slow rule is over the budget");
    assert!(err.contains("of CPU time"), "{err}");
}

#[test]
fn a_loaded_machine_does_not_fail_the_speed_budget() {
    if super::thread_cpu_time().is_none() {
        return;
    }
    // Waiting, as a thread does that a loaded machine leaves off its cores, costs no CPU
    // time: a quick rule and a wait longer than the budget are within it.
    let (_, took) = super::cpu_time_of(|| {
        spin(Duration::from_millis(20));
        std::thread::sleep(BUDGET * 2);
    });
    super::within_budget(took, BUDGET).unwrap_or_else(|e| panic!("{e}"));
}
