//! The workspace as the rules see it: its members (from the root Cargo.toml) and their Rust
//! source files, each classified (library code, or tests / benches / examples / build script).

use crate::lexer::{Tokens, lex};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A workspace member.
#[derive(Debug, Clone)]
pub struct Member {
    /// The package name (`schema-syntax`).
    pub name: String,
    /// Its directory relative to the workspace root (`crates/schema-syntax`).
    pub dir: String,
    /// Its parsed Cargo.toml.
    pub manifest: toml::Table,
}

/// A Rust source file of a member.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The member's package name.
    pub member: String,
    /// The path relative to the workspace root, `/`-separated.
    pub path: String,
    /// The path relative to the member's directory (`src/dialect/mod.rs`).
    pub in_member: String,
    /// The file's text.
    pub text: String,
    lexed: OnceLock<Tokens>,
}

impl SourceFile {
    /// A source file of `member` at `path` (workspace-relative), `in_member` within the member.
    pub fn new(member: &str, path: &str, in_member: &str, text: String) -> SourceFile {
        SourceFile {
            member: member.to_owned(),
            path: path.to_owned(),
            in_member: in_member.to_owned(),
            text,
            lexed: OnceLock::new(),
        }
    }

    /// The file's tokens, lexed once.
    pub fn tokens(&self) -> &Tokens {
        self.lexed.get_or_init(|| lex(&self.text))
    }

    /// Whether the file is a test, bench, example or build script (`tests/`, `benches/`,
    /// `examples/` of a crate, `build.rs`), a file of a workspace example (`examples/*`) or of
    /// the dev-only `test-support` crate: exempt from the code rules, not from the size budget.
    pub fn is_support(&self) -> bool {
        let first = self.in_member.split('/').next().unwrap_or("");
        matches!(first, "tests" | "benches" | "examples")
            || self.in_member == "build.rs"
            || self.path.starts_with("examples/")
            || self.member == "test-support"
    }

    /// Whether the file is a binary's code (`src/main.rs`, `src/bin/`), not library code: a
    /// program's `main` prints and reads its environment (the cli-only rule is about library
    /// code).
    pub fn is_binary(&self) -> bool {
        self.in_member == "src/main.rs" || self.in_member.starts_with("src/bin/")
    }
}

/// The workspace root (two levels above this crate's manifest).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The members named by the root Cargo.toml's `workspace.members` (`dir/*` globs expanded),
/// sorted by directory.
pub fn members(root: &Path) -> Result<Vec<Member>, String> {
    let manifest = read_toml(&root.join("Cargo.toml"))?;
    let patterns = manifest
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array())
        .ok_or("the root Cargo.toml has no workspace.members")?;
    let mut dirs = Vec::new();
    for pattern in patterns.iter().filter_map(|p| p.as_str()) {
        match pattern.strip_suffix("/*") {
            Some(parent) => {
                for entry in read_dir(&root.join(parent))? {
                    if entry.join("Cargo.toml").is_file() {
                        let name = entry.file_name().unwrap_or_default().to_string_lossy();
                        dirs.push(format!("{parent}/{name}"));
                    }
                }
            }
            None => dirs.push(pattern.to_owned()),
        }
    }
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let manifest = read_toml(&root.join(&dir).join("Cargo.toml"))?;
            let name = manifest
                .get("package")
                .and_then(|p| p.get("name"))
                .and_then(|n| n.as_str())
                .ok_or(format!("{dir}/Cargo.toml has no package.name"))?
                .to_owned();
            Ok(Member {
                name,
                dir,
                manifest,
            })
        })
        .collect()
}

/// Every `.rs` file under the members' directories (skipping `target/` and hidden folders).
pub fn source_files(root: &Path, members: &[Member]) -> Result<Vec<SourceFile>, String> {
    let mut files = Vec::new();
    for member in members {
        let mut stack = vec![root.join(&member.dir)];
        while let Some(dir) = stack.pop() {
            for entry in read_dir(&dir)? {
                let name = entry
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                if entry.is_dir() {
                    if name != "target" && !name.starts_with('.') {
                        stack.push(entry);
                    }
                } else if name.ends_with(".rs") {
                    let text = fs::read_to_string(&entry)
                        .map_err(|e| format!("cannot read {}: {e}", entry.display()))?;
                    let in_member = relative(&entry, &root.join(&member.dir));
                    let path = format!("{}/{in_member}", member.dir);
                    files.push(SourceFile::new(&member.name, &path, &in_member, text));
                }
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn relative(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    Ok(entries)
}

/// Reads and parses a TOML file.
pub fn read_toml(path: &Path) -> Result<toml::Table, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.parse::<toml::Table>()
        .map_err(|e| format!("{}: {e}", path.display()))
}
