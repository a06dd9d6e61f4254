//! Tidy: checks that the code still matches what ARCHITECTURE.md says, so the house stays
//! drawn (as rust-analyzer keeps a `tidy` test). Each rule reads the workspace's files as text and
//! tokens, never compiles them:
//!
//! - [`edges`]: the normal dependencies between workspace crates equal the table in
//!   ARCHITECTURE.md;
//! - [`code::provider_matches`]: no match on a provider enum outside the dialect modules;
//! - [`code::cli_only`]: only `cli` prints, reads the environment or exits;
//! - [`size`]: no source file over [`size::BUDGET`] lines (generated files exempt);
//! - [`docs`]: every library crate denies `missing_docs`;
//! - [`cycles`]: no import cycle between the top-level modules of a crate.
//!
//! Today's violations are listed, each with its reason, in `allowlist.toml` ([`allowlist`]): a
//! violation not listed fails, and so does a listed one that is gone, so the list only shrinks.
//! Run with `cargo test -p tidy` (or `cargo test tidy`); the tests are in `src/tidy.rs`.

#![deny(missing_docs)]

pub mod allowlist;
pub mod code;
pub mod cycles;
pub mod docs;
pub mod edges;
pub mod lexer;
pub mod size;
pub mod workspace;

#[cfg(test)]
mod tidy;

/// One violation of a rule: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's name, as the allowlist spells it (`provider-match`, `cli-only`, …).
    pub rule: &'static str,
    /// The file (or crate) concerned, relative to the workspace root, with `/` separators.
    pub path: String,
    /// The 1-based line, when there is one.
    pub line: Option<usize>,
    /// What is wrong, and the fix.
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: [{}] {}", self.path, self.rule, self.message),
            None => write!(f, "{}: [{}] {}", self.path, self.rule, self.message),
        }
    }
}
