//! **module-cycle**: no import cycle between the top-level modules of one crate.
//!
//! The granularity: the nodes are a crate's top-level modules (`src/meta.rs`, `src/passes/` with
//! all its submodules counted as `passes`); the crate root (`lib.rs`, `main.rs`) is the crate's
//! face, not a node. An edge `a → b` is a path in `a`'s library code that names `b`: a `use` of
//! `crate::b::…` or `super::…::b::…` (groups read element by element), or a fully qualified
//! `crate::b::…` / `super::b::…` path in code. A name the crate root re-exports from a module
//! (`pub use error::Error` makes `crate::Error` mean `error`) counts as that module. Test code
//! (items under `#[cfg(test)]`, test module files, `tests/`, benches, examples) is exempt.
//!
//! A strongly connected component of two or more modules is one finding, named
//! `{crate's src}/{a,b,…}` (the modules sorted), with one example line per edge: break it by
//! moving what both sides need into a third module, or by passing it in.

use std::collections::{BTreeMap, BTreeSet};

use crate::Finding;
use crate::code::{test_module_files, test_ranges};
use crate::lexer::{Kind, Token, Tokens};
use crate::workspace::SourceFile;

/// An edge between two top-level modules, with the first place that makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The module whose code names the other.
    pub from: String,
    /// The module named.
    pub to: String,
    /// The file (workspace-relative) and 1-based line of the first such path.
    pub at: (String, usize),
}

/// The module path of a file under `src/` (`src/passes/attributes/id.rs` → `passes::attributes::id`,
/// `src/passes/mod.rs` → `passes`, `src/lib.rs` → the root, empty); `None` outside `src/` and for
/// separate binaries (`src/bin/`).
pub fn module_path(in_member: &str) -> Option<Vec<String>> {
    let in_src = in_member.strip_prefix("src/")?;
    if in_src.starts_with("bin/") {
        return None;
    }
    let mut parts: Vec<String> = in_src.split('/').map(str::to_owned).collect();
    let last = parts.pop()?;
    match last.as_str() {
        "mod.rs" => {}
        "lib.rs" | "main.rs" if parts.is_empty() => {}
        other => parts.push(other.strip_suffix(".rs")?.to_owned()),
    }
    Some(parts)
}

/// Token ranges of inline modules (`mod name { … }`): (the `{`, its `}`, the name).
fn inline_modules(lexed: &Tokens) -> Vec<(usize, usize, String)> {
    let t = &lexed.tokens;
    let mut out = Vec::new();
    for i in 0..t.len().saturating_sub(2) {
        if let (true, Some(name), Kind::Open('{')) =
            (t[i].is_ident("mod"), t[i + 1].ident(), &t[i + 2].kind)
        {
            out.push((i + 2, lexed.close[i + 2], name.to_owned()));
        }
    }
    out
}

/// The first segments reached from the token at `j` (an identifier, or a `{ … }` group of
/// paths): one name per path of the group.
fn first_segments(t: &[Token], lexed: &Tokens, j: usize) -> Vec<(String, usize)> {
    match t.get(j).map(|t| &t.kind) {
        Some(Kind::Ident(name)) if name != "self" => vec![(name.clone(), t[j].line)],
        Some(Kind::Open('{')) => {
            let end = lexed.close[j];
            let mut out = Vec::new();
            let mut k = j + 1;
            let mut at_start = true;
            while k < end {
                if at_start {
                    out.extend(first_segments(t, lexed, k));
                    at_start = false;
                }
                match t[k].kind {
                    Kind::Open(_) => k = lexed.close[k] + 1,
                    Kind::Punct(',') => {
                        at_start = true;
                        k += 1;
                    }
                    _ => k += 1,
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// The top-level modules (or root-level names) each `crate::…` / `super::…` path of `file`
/// reaches, outside test code: `(name, line)`. `module` is the file's module path.
pub fn named_top_levels(lexed: &Tokens, module: &[String]) -> Vec<(String, usize)> {
    let t = &lexed.tokens;
    let tests = test_ranges(lexed);
    let inline = inline_modules(lexed);
    let is_sep = |k: usize| {
        t.get(k).is_some_and(|t| t.is_punct(':')) && t.get(k + 1).is_some_and(|t| t.is_punct(':'))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let starts = (t[i].is_ident("crate") || t[i].is_ident("super"))
            && is_sep(i + 1)
            && !(i >= 2 && t[i - 1].is_punct(':') && t[i - 2].is_punct(':'));
        if !starts || tests.iter().any(|&(s, e)| s <= i && i <= e) {
            i += 1;
            continue;
        }
        // The module this path is written in: the file's, plus enclosing inline modules.
        let mut here: Vec<String> = module.to_vec();
        here.extend(
            inline
                .iter()
                .filter(|(open, close, _)| *open < i && i < *close)
                .map(|(_, _, name)| name.clone()),
        );
        let mut abs: Vec<String> = if t[i].is_ident("crate") {
            Vec::new()
        } else {
            here.pop();
            here
        };
        let mut j = i + 3;
        while t.get(j).is_some_and(|t| t.is_ident("super")) && is_sep(j + 1) {
            abs.pop();
            j += 3;
        }
        match abs.first() {
            Some(top) => out.push((top.clone(), t[i].line)),
            None => out.extend(first_segments(t, lexed, j)),
        }
        i = j;
    }
    out
}

/// The names the crate root re-exports from a module (`pub use error::{Error, Result}`:
/// `Error` and `Result` mean `error`), given the root's tokens and the crate's modules.
pub fn root_reexports(lexed: &Tokens, modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let t = &lexed.tokens;
    let mut out = BTreeMap::new();
    for i in 0..t.len() {
        if !t[i].is_ident("use") {
            continue;
        }
        let Some(end) = (i..t.len()).find(|&k| t[k].is_punct(';')) else {
            break;
        };
        let mut j = i + 1;
        if t.get(j)
            .is_some_and(|t| t.is_ident("crate") || t.is_ident("self"))
        {
            j += 3;
        }
        let Some(module) = t
            .get(j)
            .and_then(Token::ident)
            .filter(|m| modules.contains(*m))
        else {
            continue;
        };
        // The leaves: an identifier before `,`, `}` or `;`, or after `as`.
        for k in j + 1..end {
            let Some(name) = t[k].ident() else { continue };
            let leaf = t
                .get(k + 1)
                .is_some_and(|n| n.is_punct(',') || n.is_punct(';') || n.kind == Kind::Close('}'));
            if leaf && name != "self" {
                out.insert(name.to_owned(), module.to_owned());
            }
        }
    }
    out
}

/// The edges between the top-level modules of one crate's library files.
pub fn edges(files: &[&SourceFile]) -> Vec<Edge> {
    let mut modules = BTreeSet::new();
    let mut root = None;
    for f in files {
        match module_path(&f.in_member).as_deref() {
            Some([]) => root = Some(*f),
            Some([top, ..]) => {
                modules.insert(top.clone());
            }
            None => {}
        }
    }
    let reexports = root
        .map(|r| root_reexports(r.tokens(), &modules))
        .unwrap_or_default();
    let mut found: BTreeMap<(String, String), (String, usize)> = BTreeMap::new();
    for f in files {
        let Some(module) = module_path(&f.in_member) else {
            continue;
        };
        let Some(from) = module.first() else {
            continue;
        };
        for (name, line) in named_top_levels(f.tokens(), &module) {
            let to = if modules.contains(&name) {
                name
            } else if let Some(m) = reexports.get(&name) {
                m.clone()
            } else {
                continue;
            };
            if &to != from {
                found
                    .entry((from.clone(), to))
                    .or_insert((f.path.clone(), line));
            }
        }
    }
    found
        .into_iter()
        .map(|((from, to), at)| Edge { from, to, at })
        .collect()
}

/// The strongly connected components of two or more nodes (each sorted; sorted by first node).
pub fn cycles(edges: &[Edge]) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in edges {
        next.entry(&e.from).or_default().push(&e.to);
        next.entry(&e.to).or_default();
    }
    // Which nodes reach which (the graphs are a few dozen modules: a search from each node).
    let reach = |start: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start];
        while let Some(n) = stack.pop() {
            for &m in next.get(n).into_iter().flatten() {
                if seen.insert(m) {
                    stack.push(m);
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&str, BTreeSet<&str>> = next.keys().map(|&n| (n, reach(n))).collect();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    for (&n, from_n) in &reaches {
        if done.contains(n) {
            continue;
        }
        let component: BTreeSet<&str> = reaches
            .keys()
            .copied()
            .filter(|&m| m == n || (from_n.contains(m) && reaches[m].contains(n)))
            .collect();
        if component.len() > 1 {
            done.extend(&component);
            out.push(component.into_iter().map(str::to_owned).collect());
        }
    }
    out
}

/// The import cycles between top-level modules, per crate, outside test code.
pub fn check(files: &[SourceFile]) -> Vec<Finding> {
    let tests = test_module_files(files);
    let mut by_member: BTreeMap<(&str, String), Vec<&SourceFile>> = BTreeMap::new();
    for f in files {
        let in_test_module = tests
            .iter()
            .any(|p| f.path == *p || (p.ends_with('/') && f.path.starts_with(p)));
        if f.is_support() || in_test_module || module_path(&f.in_member).is_none() {
            continue;
        }
        let src = f.path[..f.path.len() - f.in_member.len()].to_owned() + "src";
        by_member.entry((&f.member, src)).or_default().push(f);
    }
    let mut findings = Vec::new();
    for ((_, src), files) in by_member {
        let edges = edges(&files);
        for component in cycles(&edges) {
            let inside: Vec<String> = edges
                .iter()
                .filter(|e| component.contains(&e.from) && component.contains(&e.to))
                .map(|e| format!("{} → {} ({}:{})", e.from, e.to, e.at.0, e.at.1))
                .collect();
            findings.push(Finding {
                rule: "module-cycle",
                path: format!("{src}/{{{}}}", component.join(",")),
                line: None,
                message: format!(
                    "an import cycle between the modules {}: {}; move what they share into a \
                     third module (or pass it in) so that one side no longer names the other",
                    component.join(", "),
                    inside.join(", ")
                ),
            });
        }
    }
    findings
}
