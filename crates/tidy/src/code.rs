//! The two code rules, read from tokens ([`crate::lexer`]) of library code (tests, benches,
//! examples, build scripts, `test-support` and items under `#[cfg(test)]` / `#[test]` are
//! exempt):
//!
//! - **provider-match**: no `match` (nor `matches!`, `if let`, `let … else`, `==`, `!=`) whose
//!   pattern (or operand) names a variant of a provider enum ([`PROVIDER_ENUMS`]: `Provider::Mysql`,
//!   `render::Dialect::Sqlite`, …) or a database-named variant of any enum
//!   ([`DATABASE_VARIANTS`]: `Backend::Postgres`) outside a dialect module
//!   ([`is_dialect_module`]) or a provider enum's own `impl` blocks, where its capabilities are
//!   written;
//! - **cli-only**: no `println!`, `eprintln!`, `print!`, `eprint!`, `dbg!`, `std::env`,
//!   `process::exit` or `io::{stdin, stdout, stderr}` outside the `cli` crate, except in a
//!   binary's own code (`src/main.rs`, `src/bin/`: a dev tool's `main` prints its report).

use crate::Finding;
use crate::lexer::{Kind, Token, Tokens, lex};
use crate::workspace::SourceFile;

/// The enums whose variants are databases: matching on one is matching on the provider.
pub const PROVIDER_ENUMS: &[&str] = &["Provider", "Dialect", "PullDialect", "DatabaseUrl"];

/// Variant names that are databases: an enum with one (`Backend::Postgres`,
/// `TxConn::Sqlite`) dispatches on the provider too, whatever its name.
pub const DATABASE_VARIANTS: &[&str] = &[
    "Sqlite",
    "Postgres",
    "Postgresql",
    "Mysql",
    "Mariadb",
    "Sqlserver",
    "Mongodb",
    "Cockroachdb",
];

/// Per-database modules: a file or folder of a crate's `src/` with one of these names.
pub const DATABASE_MODULES: &[&str] = &["sqlite", "postgres", "mysql"];

/// Dispatch modules ARCHITECTURE.md names as dialect modules although they sit outside a
/// `dialect` folder: `describe`'s dispatch to its per-database readers.
pub const DISPATCH_MODULES: &[&str] = &["crates/introspect/src/describe.rs"];

/// Whether `file` is a dialect module, where matching on the provider is the point: under a
/// `dialect` folder of a crate's `src/` (or a `dialect.rs`), a per-database module (a file or
/// folder named after a database, [`DATABASE_MODULES`]), or one of [`DISPATCH_MODULES`].
pub fn is_dialect_module(file: &SourceFile) -> bool {
    let Some(in_src) = file.in_member.strip_prefix("src/") else {
        return false;
    };
    DISPATCH_MODULES.contains(&file.path.as_str())
        || in_src.split('/').any(|part| {
            let stem = part.strip_suffix(".rs").unwrap_or(part);
            stem == "dialect" || DATABASE_MODULES.contains(&stem)
        })
}

/// Token ranges (start, end inclusive) exempt from the code rules: items under `#[cfg(test)]`
/// (or `cfg(all(test, …))`, never `not(test)`) and `#[test]` / `#[tokio::test]` functions. An
/// inner `#![cfg(test)]` exempts the whole file.
pub fn test_ranges(lexed: &Tokens) -> Vec<(usize, usize)> {
    let t = &lexed.tokens;
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if !t[i].is_punct('#') {
            i += 1;
            continue;
        }
        let inner = t.get(i + 1).is_some_and(|t| t.is_punct('!'));
        let open = if inner { i + 2 } else { i + 1 };
        if t.get(open).map(|t| &t.kind) != Some(&Kind::Open('[')) {
            i += 1;
            continue;
        }
        let attr = &t[open + 1..lexed.close[open]];
        if !is_test_attribute(attr) {
            i = lexed.close[open] + 1;
            continue;
        }
        if inner {
            return vec![(0, t.len())];
        }
        let end = item_end(lexed, lexed.close[open] + 1);
        ranges.push((i, end));
        i = end + 1;
    }
    ranges
}

/// The files of out-of-line test modules (`#[cfg(test)] mod tests;` and their submodules):
/// path prefixes, `dir/tests.rs` and `dir/tests/`.
pub fn test_module_files(files: &[SourceFile]) -> Vec<String> {
    let mut prefixes = Vec::new();
    for file in files {
        let lexed = file.tokens();
        let t = &lexed.tokens;
        for (start, end) in test_ranges(lexed) {
            // `# [ cfg ( test ) ] mod NAME ;`: the item's last two tokens are its name and `;`.
            let item = &t[start..=end.min(t.len() - 1)];
            let [.., module, name, semi] = item else {
                continue;
            };
            let (Some(name), true, true) =
                (name.ident(), module.is_ident("mod"), semi.is_punct(';'))
            else {
                continue;
            };
            let (dir, file_name) = file.path.rsplit_once('/').unwrap_or(("", &file.path));
            let parent = match file_name {
                "mod.rs" | "lib.rs" | "main.rs" => dir.to_owned(),
                other => format!("{dir}/{}", other.trim_end_matches(".rs")),
            };
            prefixes.push(format!("{parent}/{name}.rs"));
            prefixes.push(format!("{parent}/{name}/"));
        }
    }
    prefixes
}

fn is_test_attribute(attr: &[Token]) -> bool {
    let last_ident = attr.iter().rev().find_map(Token::ident);
    let is_test_fn = last_ident == Some("test") && !attr.iter().any(|t| t.kind == Kind::Open('('));
    let is_cfg_test = attr.first().is_some_and(|t| t.is_ident("cfg"))
        && attr.iter().any(|t| t.is_ident("test"))
        && !attr.iter().any(|t| t.is_ident("not"));
    is_test_fn || is_cfg_test
}

/// The last token of the item starting at `start`: its `;`, or the `}` closing its body.
fn item_end(lexed: &Tokens, start: usize) -> usize {
    let t = &lexed.tokens;
    let mut i = start;
    while i < t.len() {
        match t[i].kind {
            Kind::Punct(';') => return i,
            Kind::Open('{') => return lexed.close[i],
            Kind::Open(_) => i = lexed.close[i] + 1,
            _ => i += 1,
        }
    }
    t.len().saturating_sub(1)
}

/// Token ranges of `impl` blocks of a provider enum (`impl Provider { … }`,
/// `impl Display for Dialect { … }`): where its capabilities are written.
pub fn provider_impl_ranges(lexed: &Tokens) -> Vec<(usize, usize)> {
    let t = &lexed.tokens;
    let mut ranges = Vec::new();
    for i in 0..t.len() {
        if !t[i].is_ident("impl") {
            continue;
        }
        let Some(body) =
            (i..t.len()).find(|&j| matches!(t[j].kind, Kind::Open('{') | Kind::Punct(';')))
        else {
            break;
        };
        if t[body].kind != Kind::Open('{') {
            continue;
        }
        let header = &t[i + 1..body];
        let after_for = header
            .iter()
            .position(|t| t.is_ident("for"))
            .map_or(0, |p| p + 1);
        let mut self_type = None;
        let mut depth = 0i32;
        for token in &header[after_for..] {
            match token.kind {
                Kind::Punct('<') => depth += 1,
                Kind::Punct('>') => depth -= 1,
                Kind::Ident(ref name) if depth == 0 && name == "where" => break,
                Kind::Ident(ref name) if depth == 0 => self_type = Some(name.as_str()),
                _ => {}
            }
        }
        if self_type.is_some_and(|name| PROVIDER_ENUMS.contains(&name)) {
            ranges.push((body, lexed.close[body]));
        }
    }
    ranges
}

fn within(ranges: &[(usize, usize)], i: usize) -> bool {
    ranges.iter().any(|&(start, end)| start <= i && i <= end)
}

/// Whether `tokens` name a provider enum's variant (`Provider :: Mysql`), or a variant named
/// after a database ([`DATABASE_VARIANTS`]) of any enum (`Backend :: Postgres`).
fn names_provider_variant(tokens: &[Token]) -> bool {
    tokens.windows(4).any(|w| {
        let (Some(name), Some(variant)) = (w[0].ident(), w[3].ident()) else {
            return false;
        };
        w[1].is_punct(':')
            && w[2].is_punct(':')
            && variant.starts_with(char::is_uppercase)
            && (PROVIDER_ENUMS.contains(&name)
                || (name.starts_with(char::is_uppercase) && DATABASE_VARIANTS.contains(&variant)))
    })
}

/// Whether `t[i]` starts `Enum::Variant` of a provider enum compared with `==` or `!=`
/// (`dialect == render::Dialect::Sqlite`, `Provider::Mysql != p`).
fn compares_provider_variant(t: &[Token], i: usize) -> bool {
    if !names_provider_variant(t.get(i..(i + 4).min(t.len())).unwrap_or(&[])) {
        return false;
    }
    let is_comparison = |a: Option<&Token>, b: Option<&Token>| {
        a.is_some_and(|a| a.is_punct('=') || a.is_punct('!')) && b.is_some_and(|b| b.is_punct('='))
    };
    // Walk back over a leading path (`render :: Dialect`).
    let mut start = i;
    while start >= 3
        && t[start - 1].is_punct(':')
        && t[start - 2].is_punct(':')
        && t[start - 3].ident().is_some()
    {
        start -= 3;
    }
    (start >= 2 && is_comparison(t.get(start - 2), t.get(start - 1)))
        || is_comparison(t.get(i + 4), t.get(i + 5))
}

/// The patterns of a `match` whose body is the `{` at `open`: each arm's tokens before `=>`.
fn match_patterns(lexed: &Tokens, open: usize) -> Vec<(usize, usize)> {
    let t = &lexed.tokens;
    let end = lexed.close[open];
    let mut patterns = Vec::new();
    let mut i = open + 1;
    while i < end {
        // The pattern: up to `=>` at the body's top level.
        let start = i;
        while i < end && !(t[i].is_punct('=') && t.get(i + 1).is_some_and(|t| t.is_punct('>'))) {
            i = if matches!(t[i].kind, Kind::Open(_)) {
                lexed.close[i] + 1
            } else {
                i + 1
            };
        }
        patterns.push((start, i.min(end)));
        i += 2;
        // The arm's expression: to a top-level `,`, or the end of a block-like expression.
        let block_like = t.get(i).is_some_and(|t| {
            t.kind == Kind::Open('{')
                || ["if", "match", "loop", "while", "for", "unsafe", "async"]
                    .iter()
                    .any(|k| t.is_ident(k))
        });
        while i < end {
            match t[i].kind {
                Kind::Punct(',') => {
                    i += 1;
                    break;
                }
                Kind::Open('{') if block_like => {
                    i = lexed.close[i] + 1;
                    let next = t.get(i);
                    if next.is_some_and(|t| t.is_punct(',')) {
                        i += 1;
                        break;
                    }
                    if !next
                        .is_some_and(|t| t.is_ident("else") || t.is_punct('.') || t.is_punct('?'))
                    {
                        break;
                    }
                }
                Kind::Open(_) => i = lexed.close[i] + 1,
                _ => i += 1,
            }
        }
    }
    patterns
}

/// The lines of `text` that match on a provider enum, outside its `impl` blocks and test code.
pub fn provider_match_lines(text: &str) -> Vec<usize> {
    provider_match_lines_in(&lex(text))
}

/// [`provider_match_lines`] of lexed text.
pub fn provider_match_lines_in(lexed: &Tokens) -> Vec<usize> {
    let t = &lexed.tokens;
    let exempt: Vec<(usize, usize)> = test_ranges(lexed)
        .into_iter()
        .chain(provider_impl_ranges(lexed))
        .collect();
    let mut lines = Vec::new();
    for i in 0..t.len() {
        if within(&exempt, i) {
            continue;
        }
        let next_is = |k: Kind| t.get(i + 1).is_some_and(|t| t.kind == k);
        let hit = if t[i].is_ident("match") && !next_is(Kind::Punct('!')) {
            // The body: the first `{` after the scrutinee (whose own brackets are skipped).
            let mut j = i + 1;
            while j < t.len() && t[j].kind != Kind::Open('{') {
                j = if matches!(t[j].kind, Kind::Open(_)) {
                    lexed.close[j] + 1
                } else {
                    j + 1
                };
            }
            j < t.len()
                && match_patterns(lexed, j).into_iter().any(|(s, e)| {
                    // The pattern, without its guard (`if …`: an expression, judged on its own).
                    let e = (s..e).find(|&k| t[k].is_ident("if")).unwrap_or(e);
                    names_provider_variant(&t[s..e])
                })
        } else if t[i].is_ident("matches") && next_is(Kind::Punct('!')) {
            t.get(i + 2)
                .is_some_and(|t| matches!(t.kind, Kind::Open(_)))
                && names_provider_variant(&t[i + 2..=lexed.close[i + 2]])
        } else if t[i].is_ident("let") {
            // `if let` / `while let` / `let … else`: the pattern runs to the first `=`.
            let end = (i + 1..t.len()).find(|&j| t[j].is_punct('=') || t[j].is_punct(';'));
            end.is_some_and(|end| names_provider_variant(&t[i + 1..end]))
        } else {
            compares_provider_variant(t, i)
        };
        if hit {
            lines.push(t[i].line);
        }
    }
    lines
}

fn in_test_module(prefixes: &[String], file: &SourceFile) -> bool {
    prefixes
        .iter()
        .any(|p| file.path == *p || (p.ends_with('/') && file.path.starts_with(p)))
}

/// The provider matches outside dialect modules.
pub fn provider_matches(files: &[SourceFile]) -> Vec<Finding> {
    let tests = test_module_files(files);
    files
        .iter()
        .filter(|f| !f.is_support() && !is_dialect_module(f) && !in_test_module(&tests, f))
        .flat_map(|f| {
            provider_match_lines(&f.text)
                .into_iter()
                .map(|line| Finding {
                    rule: "provider-match",
                    path: f.path.clone(),
                    line: Some(line),
                    message: "a match on the provider outside a dialect module: ask a capability \
                          (a method of the provider enum or a dialect trait) instead"
                        .into(),
                })
        })
        .collect()
}

/// What the cli-only rule finds on each line of `text` (outside test code): `(line, what)`.
pub fn cli_only_uses(text: &str) -> Vec<(usize, String)> {
    cli_only_uses_in(&lex(text))
}

/// [`cli_only_uses`] of lexed text.
pub fn cli_only_uses_in(lexed: &Tokens) -> Vec<(usize, String)> {
    let t = &lexed.tokens;
    let exempt = test_ranges(lexed);
    let path_is = |i: usize, a: &str, b: &[&str]| -> Option<String> {
        if !(t[i].is_ident(a) && t.get(i + 1)?.is_punct(':') && t.get(i + 2)?.is_punct(':')) {
            return None;
        }
        let next = t.get(i + 3)?;
        if let Some(name) = next.ident().filter(|n| b.contains(n)) {
            return Some(format!("{a}::{name}"));
        }
        // A use group: `std::{env, fs}`.
        if next.kind == Kind::Open('{') {
            let group = &t[i + 4..lexed.close[i + 3]];
            let name = group
                .iter()
                .filter_map(Token::ident)
                .find(|n| b.contains(n))?;
            return Some(format!("{a}::{name}"));
        }
        None
    };
    let mut uses = Vec::new();
    for i in 0..t.len() {
        if within(&exempt, i) {
            continue;
        }
        let preceded_by_path = i >= 1 && t[i - 1].is_punct(':');
        let found = match t[i].ident() {
            Some(m @ ("println" | "eprintln" | "print" | "eprint" | "dbg"))
                if t.get(i + 1).is_some_and(|t| t.is_punct('!')) && !preceded_by_path =>
            {
                Some(format!("{m}!"))
            }
            Some("std") => path_is(i, "std", &["env"]),
            Some("process") => path_is(i, "process", &["exit"]),
            Some("io") => path_is(i, "io", &["stdin", "stdout", "stderr"]),
            _ => None,
        };
        if let Some(what) = found {
            uses.push((t[i].line, what));
        }
    }
    uses
}

/// Terminal, environment and exit-code access outside the `cli` crate.
pub fn cli_only(files: &[SourceFile]) -> Vec<Finding> {
    let tests = test_module_files(files);
    files
        .iter()
        .filter(|f| {
            !f.is_support() && !f.is_binary() && f.member != "cli" && !in_test_module(&tests, f)
        })
        .flat_map(|f| {
            cli_only_uses(&f.text)
                .into_iter()
                .map(|(line, what)| Finding {
                    rule: "cli-only",
                    path: f.path.clone(),
                    line: Some(line),
                    message: format!(
                        "`{what}` outside the `cli` crate: only `cli` touches the terminal, the \
                     environment and exit codes; return the value or error to the caller instead"
                    ),
                })
        })
        .collect()
}
