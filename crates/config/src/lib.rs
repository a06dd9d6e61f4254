//! Prisma 7's `prisma.config.ts`, read statically: Refract never runs Node.js, so this crate
//! reads the subset of TypeScript such files are written in (see docs/config.md):
//!
//! - `export default defineConfig({…})`, `export default {…} satisfies PrismaConfig`,
//!   `const config: PrismaConfig = {…}; export default config`;
//! - values: string literals, `env("X")` (from `prisma/config`: an error when `X` is not set),
//!   `process.env.X` / `process.env["X"]` with `??` / `||` fallbacks, `+`, template literals,
//!   `path.join` / `path.resolve` (and `join` / `resolve` imported from `path`), `__dirname`
//!   and `import.meta.dirname`, constants declared in the file;
//! - `import "dotenv/config"`, `dotenv.config()`, `config()` (from `dotenv`): the `.env` of the
//!   working directory is loaded as dotenv loads it, never overriding a variable already set.
//!
//! Whatever a setting needs that cannot be read this way is a [`ConfigError`] naming the
//! file, line and column, the construct, and what to write instead.
//!
//! Refract's own settings, which Prisma's file has no place for, are in `refract.toml`
//! ([`read_refract_toml`]). The crate does no I/O
//! beyond reading `.env` files the config asks for; the caller passes the environment.

#![deny(missing_docs)]

mod dotenv;
mod eval;
mod lexer;
mod parser;
mod refract_toml;

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

pub use dotenv::parse_dotenv;
pub use refract_toml::{REFRACT_TOML, RefractSettings, read_refract_toml};

/// The file names Prisma 7 looks for in the project root, in its order (c12's extension
/// order), then the same in `.config/` (`.config/prisma.ts`…).
pub const CANDIDATES: &[&str] = &[
    "prisma.config.js",
    "prisma.config.ts",
    "prisma.config.mjs",
    "prisma.config.cjs",
    "prisma.config.mts",
    "prisma.config.cts",
    ".config/prisma.js",
    ".config/prisma.ts",
    ".config/prisma.mjs",
    ".config/prisma.cjs",
    ".config/prisma.mts",
    ".config/prisma.cts",
];

/// The config file in `root`, where Prisma 7 looks for it.
pub fn find(root: &Path) -> Option<PathBuf> {
    CANDIDATES
        .iter()
        .map(|name| root.join(name))
        .find(|path| path.is_file())
}

/// A line and column (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// The line, from 1.
    pub line: u32,
    /// The column (in characters), from 1.
    pub column: u32,
}

/// A config file Refract cannot read, or a setting with the wrong shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The config file.
    pub file: PathBuf,
    /// Where, when known.
    pub pos: Option<Pos>,
    /// What is wrong and what to write instead.
    pub message: String,
}

impl ConfigError {
    pub(crate) fn at(file: &Path, pos: Pos, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: file.to_path_buf(),
            pos: Some(pos),
            message: message.into(),
        }
    }

    pub(crate) fn in_file(
        file: &Path,
        pos: Option<Pos>,
        message: impl Into<String>,
    ) -> ConfigError {
        ConfigError {
            file: file.to_path_buf(),
            pos,
            message: message.into(),
        }
    }

    /// The message with the file shown as `shown` (a path relative to the working directory).
    pub fn render(&self, shown: &str) -> String {
        match self.pos {
            Some(p) => format!("{shown}:{}:{}: {}", p.line, p.column, self.message),
            None => format!("{shown}: {}", self.message),
        }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(&self.file.display().to_string()))
    }
}

impl std::error::Error for ConfigError {}

/// What the reader is given: the process environment and the working directory (where
/// dotenv looks for `.env`, and what `path.resolve` starts from).
#[derive(Debug, Clone)]
pub struct Context {
    /// The process environment (dotenv adds to it, never overriding).
    pub vars: HashMap<String, String>,
    /// The working directory.
    pub cwd: PathBuf,
}

/// A URL setting: its value, or the error of reading it (an `env("X")` whose variable is not
/// set), kept until a command needs the URL, as `validate` and `format` do not.
pub type UrlSetting = Option<Result<String, ConfigError>>;

/// The settings of a `prisma.config.ts`, with paths resolved against its folder as Prisma
/// resolves them.
#[derive(Debug, Clone, Default)]
pub struct PrismaConfig {
    /// The config file.
    pub file: PathBuf,
    /// `schema`: a file or a folder.
    pub schema: Option<PathBuf>,
    /// `migrations.path`.
    pub migrations_path: Option<PathBuf>,
    /// `migrations.seed`: a shell command.
    pub seed: Option<String>,
    /// `migrations.initShadowDb`: SQL run on the shadow database before the migrations.
    pub init_shadow_db: Option<String>,
    /// `datasource.url`.
    pub url: UrlSetting,
    /// `datasource.shadowDatabaseUrl`.
    pub shadow_database_url: UrlSetting,
    /// `tables.external`: tables managed elsewhere (`schema.table` or `table`).
    pub external_tables: Vec<String>,
    /// `enums.external`.
    pub external_enums: Vec<String>,
    /// `views.path`.
    pub views_path: Option<PathBuf>,
    /// `typedSql.path`.
    pub typed_sql_path: Option<PathBuf>,
    /// `experimental`: feature names and whether they are on.
    pub experimental: BTreeMap<String, bool>,
    /// The `.env` files the config loaded through dotenv.
    pub dotenv_files: Vec<PathBuf>,
    /// The environment after dotenv ran: what `env()` in the schema sees too.
    pub vars: HashMap<String, String>,
}

impl PrismaConfig {
    /// The folder of the config file (relative paths in it are resolved against it).
    pub fn dir(&self) -> PathBuf {
        self.file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// The settings as text, one `key: value` a line, paths relative to `base` (the corpus
    /// tests compare this).
    pub fn describe(&self, base: &Path) -> String {
        let rel = |p: &Path| -> String {
            let shown = p.strip_prefix(base).unwrap_or(p).display().to_string();
            if shown.is_empty() {
                ".".to_owned()
            } else {
                shown
            }
        };
        let url = |u: &UrlSetting| match u {
            None => None,
            Some(Ok(v)) => Some(v.clone()),
            Some(Err(e)) => Some(format!("error: {}", e.render("prisma.config.ts"))),
        };
        let mut out = String::new();
        let mut line = |key: &str, value: Option<String>| {
            if let Some(v) = value {
                out.push_str(&format!("{key}: {v}\n"));
            }
        };
        line("schema", self.schema.as_deref().map(rel));
        line("migrations.path", self.migrations_path.as_deref().map(rel));
        line("migrations.seed", self.seed.clone());
        line("migrations.initShadowDb", self.init_shadow_db.clone());
        line("datasource.url", url(&self.url));
        line(
            "datasource.shadowDatabaseUrl",
            url(&self.shadow_database_url),
        );
        if !self.external_tables.is_empty() {
            line("tables.external", Some(self.external_tables.join(", ")));
        }
        if !self.external_enums.is_empty() {
            line("enums.external", Some(self.external_enums.join(", ")));
        }
        line("views.path", self.views_path.as_deref().map(rel));
        line("typedSql.path", self.typed_sql_path.as_deref().map(rel));
        for (name, on) in &self.experimental {
            line(&format!("experimental.{name}"), Some(on.to_string()));
        }
        for file in &self.dotenv_files {
            line("dotenv", Some(rel(file)));
        }
        out
    }
}

/// Reads the config file `file` whose text is `source`.
pub fn read(source: &str, file: &Path, context: &Context) -> Result<PrismaConfig, ConfigError> {
    let tokens = lexer::tokenize(source, file)?;
    let program = parser::parse(&tokens, file)?;
    eval::settings(&program, file, context)
}

/// `a/./b/../c` → `a/c`, lexically (as Node's `path.normalize`).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
