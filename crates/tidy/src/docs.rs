//! Every public item documented: each library crate (a member with `src/lib.rs`, other than the
//! workspace's example apps under `examples/`) says
//! `#![deny(missing_docs)]` (or `forbid`, or `warn`, which clippy's `-D warnings` turns into an
//! error) at the top of `src/lib.rs`, or sets `missing_docs` in its Cargo.toml's `[lints.rust]`.
//! The compiler then checks every public item; this rule checks that it is asked to, and that
//! no library code opts out with `allow(missing_docs)`.

use crate::Finding;
use crate::lexer::{Kind, Tokens, lex};
use crate::workspace::{Member, SourceFile};

/// Whether a crate root's text turns on the `missing_docs` lint for the whole crate.
pub fn denies_missing_docs(lib_rs: &str) -> bool {
    let lexed = lex(lib_rs);
    let t = &lexed.tokens;
    (0..t.len()).any(|i| {
        t[i].is_punct('#')
            && t.get(i + 1).is_some_and(|t| t.is_punct('!'))
            && t.get(i + 2).is_some_and(|t| t.kind == Kind::Open('['))
            && t.get(i + 3)
                .is_some_and(|t| t.is_ident("deny") || t.is_ident("forbid") || t.is_ident("warn"))
            && t[i + 3..lexed.close[i + 2]]
                .iter()
                .any(|t| t.is_ident("missing_docs"))
    })
}

fn lint_in_manifest(member: &Member) -> bool {
    member
        .manifest
        .get("lints")
        .and_then(|l| l.get("rust"))
        .and_then(|r| r.get("missing_docs"))
        .is_some()
}

/// The lines of `text` that say `allow(missing_docs)` (or `expect(missing_docs)`).
pub fn opt_outs(text: &str) -> Vec<usize> {
    opt_outs_in(&lex(text))
}

/// [`opt_outs`] of lexed text.
pub fn opt_outs_in(lexed: &Tokens) -> Vec<usize> {
    let t = &lexed.tokens;
    (0..t.len())
        .filter(|&i| {
            (t[i].is_ident("allow") || t[i].is_ident("expect"))
                && t.get(i + 1).is_some_and(|t| t.kind == Kind::Open('('))
                && t[i + 1..lexed.close[i + 1]]
                    .iter()
                    .any(|t| t.is_ident("missing_docs"))
        })
        .map(|i| t[i].line)
        .collect()
}

/// The library crates that do not turn on `missing_docs`, and the places that opt out of it.
pub fn check(members: &[Member], files: &[SourceFile]) -> Vec<Finding> {
    let opt_outs = files.iter().filter(|f| !f.is_support()).flat_map(|f| {
        opt_outs_in(f.tokens()).into_iter().map(|line| Finding {
            rule: "missing-docs",
            path: f.path.clone(),
            line: Some(line),
            message: "`allow(missing_docs)` in library code: document the item instead".into(),
        })
    });
    let crates = members
        .iter()
        .filter(|member| !member.dir.starts_with("examples/"))
        .filter_map(|member| {
            let lib = files
                .iter()
                .find(|f| f.member == member.name && f.in_member == "src/lib.rs")?;
            (!denies_missing_docs(&lib.text) && !lint_in_manifest(member)).then(|| Finding {
                rule: "missing-docs",
                path: lib.path.clone(),
                line: None,
                message: format!(
                    "the library crate `{}` does not deny `missing_docs`: add \
                     `#![deny(missing_docs)]` and document every public item",
                    member.name
                ),
            })
        });
    crates.chain(opt_outs).collect()
}
