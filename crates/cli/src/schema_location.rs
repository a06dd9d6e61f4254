//! Where the schema is: `--schema PATH` (a file, or a folder of `.prisma` files), otherwise
//! the `schema` of the Prisma config file (`prisma.config.ts`, or `--config PATH`), otherwise
//! where Prisma looks: `prisma/schema.prisma`, then `schema.prisma`, then the folder
//! `prisma/schema/` (multi-file), relative to the working directory.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use diagnostics::SourceFiles;

/// The `--schema` option shared by every command that reads a schema.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct SchemaArg {
    /// Custom path to your Prisma schema: a file, or a folder of .prisma files
    #[arg(long, value_name = "PATH")]
    pub schema: Option<PathBuf>,
    /// Custom path to your Prisma config file (default: prisma.config.ts, or .config/prisma.ts)
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

/// Reads the Prisma config file: `explicit` (`--config`), else the one Prisma 7 finds in the
/// working directory; `None` without one (Prisma 6 behaviour).
pub fn read_prisma_config(explicit: Option<&Path>) -> anyhow::Result<Option<config::PrismaConfig>> {
    let path = match explicit {
        Some(path) => {
            if !path.is_file() {
                bail!("Config file not found at \"{}\"", path.display());
            }
            path.to_path_buf()
        }
        None => match config::find(Path::new("")) {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("Could not read the config file `{}`", path.display()))?;
    let context = config::Context {
        vars: std::env::vars().collect(),
        cwd: std::env::current_dir().context("Could not read the working directory")?,
    };
    config::read(&text, &path, &context).map(Some).map_err(|e| {
        anyhow!(
            "Failed to read the config file {}",
            e.render(&crate::paths::display_path(&path))
        )
    })
}

/// A schema read from disk.
#[derive(Debug)]
pub struct LoadedSchema {
    /// The file or folder the schema was read from.
    pub path: PathBuf,
    /// Each file's path on disk, in the order of `files`.
    pub paths: Vec<PathBuf>,
    /// The files, named as diagnostics show them.
    pub files: SourceFiles,
}

impl LoadedSchema {
    /// The folder the schema lives in (for resolving relative paths such as SQLite files and
    /// the migrations folder).
    pub fn dir(&self) -> PathBuf {
        if self.path.is_dir() {
            self.path.clone()
        } else {
            self.path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."))
        }
    }
}

impl SchemaArg {
    /// The Prisma config file of this invocation (`--config`, or the one found), read.
    pub fn prisma_config(&self) -> anyhow::Result<Option<config::PrismaConfig>> {
        read_prisma_config(self.config.as_deref())
    }

    /// The schema path this invocation refers to, without reading it.
    pub fn locate(&self) -> anyhow::Result<PathBuf> {
        self.locate_with(self.prisma_config()?.as_ref())
    }

    /// The schema path, given the config file already read.
    pub fn locate_with(
        &self,
        prisma_config: Option<&config::PrismaConfig>,
    ) -> anyhow::Result<PathBuf> {
        if let Some(path) = &self.schema {
            if !path.exists() {
                bail!(
                    "Could not load `--schema` from provided path `{}`: file or directory not found",
                    path.display()
                );
            }
            return Ok(path.clone());
        }
        if let Some(path) = prisma_config.and_then(|c| c.schema.as_ref()) {
            if !path.exists() {
                bail!(
                    "Could not load the schema from `{}` (the `schema` of {}): file or directory not found",
                    path.display(),
                    prisma_config.map_or_else(String::new, |c| crate::paths::display_path(&c.file))
                );
            }
            return Ok(path.clone());
        }
        for candidate in ["prisma/schema.prisma", "schema.prisma", "prisma/schema"] {
            let path = PathBuf::from(candidate);
            if path.exists() {
                return Ok(path);
            }
        }
        bail!(
            "Could not find a schema.prisma file that is required for this command.\n\
             You can either provide it with `--schema`, or put it in the default location: \
             `./prisma/schema.prisma` or `./schema.prisma`. Run `refract init` to create one."
        )
    }

    /// Locates and reads the schema: one file, or every `.prisma` file of a folder (sorted by
    /// path, searched recursively, as Prisma does).
    pub fn load(&self) -> anyhow::Result<LoadedSchema> {
        self.load_with(self.prisma_config()?.as_ref())
    }

    /// [`SchemaArg::load`], given the config file already read.
    pub fn load_with(
        &self,
        prisma_config: Option<&config::PrismaConfig>,
    ) -> anyhow::Result<LoadedSchema> {
        let path = self.locate_with(prisma_config)?;
        let mut paths = Vec::new();
        if path.is_dir() {
            collect_prisma_files(&path, &mut paths)?;
            paths.sort();
            if paths.is_empty() {
                bail!("The folder `{}` contains no .prisma files", path.display());
            }
        } else {
            paths.push(path.clone());
        }
        let mut files = SourceFiles::new();
        for file in &paths {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("Could not read the schema file `{}`", file.display()))?;
            let name = if path.is_dir() {
                file.strip_prefix(&path)
                    .unwrap_or(file)
                    .display()
                    .to_string()
            } else {
                file.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| file.display().to_string())
            };
            files.add(name, text);
        }
        Ok(LoadedSchema { path, paths, files })
    }
}

fn collect_prisma_files(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("Could not read the schema folder `{}`", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect_prisma_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "prisma") {
            out.push(path);
        }
    }
    Ok(())
}
