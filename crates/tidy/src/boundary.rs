//! The client's boundary (docs/decisions/0011-front-crate.md): an application sees the `refract`
//! crate's root and its `migrate` module, generated code names `__private`, and everything else
//! of the runtime is private to it. In the crate roots of `client` and `refract`, at their top
//! level:
//!
//! - a `pub mod` is one of the crate's named exceptions ([`PUBLIC_MODULES`]): `client`'s
//!   `__private` (generated code's, `#[doc(hidden)]`) and `dynamic` (Refract Studio's),
//!   `refract`'s `migrate` and `guide` (docs/client.md's doctests); any other module is
//!   declared `mod` (or `pub(crate) mod`) and what users need is re-exported by name;
//! - a `pub use` names its items: no glob (`pub use x::*`), so the public API is a list a
//!   reader (and a reviewer of a change) sees whole;
//! - no `pub use` of a database driver or of `driver`: drivers never leak into the API.

use crate::Finding;
use crate::lexer::{Kind, Tokens};
use crate::workspace::SourceFile;

/// The crate roots whose public surface is kept, and the modules each may make public.
pub const PUBLIC_MODULES: &[(&str, &[&str])] = &[
    ("crates/client/src/lib.rs", &["__private", "dynamic"]),
    ("crates/refract/src/lib.rs", &["migrate", "guide"]),
];

/// The crates a public re-export must not name (drivers, and the driver layer).
pub const DRIVERS: &[&str] = &[
    "rusqlite",
    "tokio_postgres",
    "postgres_types",
    "mysql_async",
    "connector",
    "driver",
];

/// The violations of one crate root's text, as (line, message), given the modules it may make
/// public.
pub fn violations(lexed: &Tokens, allowed: &[&str]) -> Vec<(usize, String)> {
    let t = &lexed.tokens;
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        // Only the top level: skip over every bracketed group (module bodies included).
        if matches!(t[i].kind, Kind::Open(_)) {
            i = lexed.close[i] + 1;
            continue;
        }
        let public =
            t[i].is_ident("pub") && !t.get(i + 1).is_some_and(|t| t.kind == Kind::Open('('));
        if public && t.get(i + 1).is_some_and(|t| t.is_ident("mod")) {
            let name = t.get(i + 2).and_then(|t| t.ident()).unwrap_or("");
            if !allowed.contains(&name) {
                out.push((
                    t[i].line,
                    format!(
                        "`pub mod {name}` widens the client's boundary: declare it `mod {name}` \
                         and re-export what users need by name (or, for generated code, under \
                         `__private`); the public modules are {allowed:?}"
                    ),
                ));
            }
        }
        if public && t.get(i + 1).is_some_and(|t| t.is_ident("use")) {
            let end = (i + 2..t.len())
                .find(|&j| t[j].is_punct(';'))
                .unwrap_or(t.len());
            let path = &t[i + 2..end];
            let first = path
                .iter()
                .find(|t| !t.is_punct(':'))
                .and_then(|t| t.ident())
                .unwrap_or("");
            if DRIVERS.contains(&first) {
                out.push((
                    t[i].line,
                    format!(
                        "`pub use {first}…` puts a driver into the API: keep it private (map \
                         its values and errors to the client's own types)"
                    ),
                ));
            }
            if path.iter().any(|t| t.is_punct('*')) {
                out.push((
                    t[i].line,
                    "a glob re-export at the crate root: name the items, so the public API is a \
                     list"
                        .to_owned(),
                ));
            }
            i = end;
        }
        i += 1;
    }
    out
}

/// The violations in the crate roots of [`PUBLIC_MODULES`] among `files`.
pub fn check(files: &[SourceFile]) -> Vec<Finding> {
    PUBLIC_MODULES
        .iter()
        .filter_map(|(path, allowed)| {
            let file = files.iter().find(|f| f.path == *path)?;
            Some(
                violations(file.tokens(), allowed)
                    .into_iter()
                    .map(|(line, message)| Finding {
                        rule: "client-boundary",
                        path: file.path.clone(),
                        line: Some(line),
                        message,
                    }),
            )
        })
        .flatten()
        .collect()
}
