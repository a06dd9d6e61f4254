//! `refract generate --sql` (TypedSQL): one typed Rust function per `.sql` file of
//! `prisma/sql` (beside the schema, or the config file's `typedSql.path`), typed by what the
//! database says when it prepares each statement, written to `sql.rs` beside the client module.
//! Part of `refract generate`, not a command of its own.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use client_gen::typed_sql::{self, Column, DescribedParam};
use driver::describe;

use crate::paths::display_path;
use crate::project::{Project, block_on};
use crate::schema_location::SchemaArg;

/// Where the queries' module goes: `sql.rs` beside the client module.
pub fn output_beside(client_output: &Path) -> PathBuf {
    client_output.with_file_name("sql.rs")
}

/// Reads the `.sql` files, describes them on the database and writes the module. Every bad
/// file is reported (file, line, what to do) before the command fails.
pub fn generate(schema: &SchemaArg, runtime: &str, output: &Path) -> anyhow::Result<()> {
    let project = Project::load(schema, None)?;
    let dir = match project
        .prisma_config
        .as_ref()
        .and_then(|c| c.typed_sql_path.clone())
    {
        Some(dir) => dir,
        None => project
            .schema
            .as_ref()
            .map_or_else(|| PathBuf::from("prisma"), |s| s.dir())
            .join("sql"),
    };
    let files = sql_files(&dir)?;
    let mut problems = Vec::new();
    let mut named = Vec::new();
    for path in files {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Err(e) = typed_sql::check_name(&stem) {
            problems.push(format!("{}: {e}", display_path(&path)));
            continue;
        }
        let source = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", display_path(&path)))?;
        named.push((path, stem, source));
    }
    let sources: Vec<String> = named.iter().map(|(_, _, s)| s.clone()).collect();
    let described = block_on(describe::describe(&project.url, &sources))?
        .map_err(crate::errors::from_driver)?;
    let mut queries = Vec::new();
    for ((path, stem, source), description) in named.iter().zip(described) {
        let at = |line: Option<usize>| match line {
            Some(line) => format!("{}:{line}", display_path(path)),
            None => display_path(path),
        };
        let description = match description {
            Ok(d) => d,
            Err(e) => {
                problems.push(format!(
                    "{}: the database cannot prepare this statement: {}\n  Fix the SQL so that \
                     it runs as written on the database (one statement, the database's own \
                     placeholders: `$1` on PostgreSQL, `?` on MySQL, `?`, `?1`, `:name` or `$1` on \
                     SQLite), then generate again.",
                    at(e.line),
                    e.message
                ));
                continue;
            }
        };
        let params: Vec<DescribedParam> = description
            .params
            .iter()
            .map(|p| DescribedParam {
                name: p.name.clone(),
                ty: p.ty,
            })
            .collect();
        let columns = description
            .columns
            .iter()
            .map(|c| Column {
                name: c.name.clone(),
                ty: c.ty,
                nullable: c.nullable,
            })
            .collect();
        match typed_sql::resolve(stem, source, &params, columns) {
            Ok(q) => queries.push(q),
            Err(e) => problems.push(format!("{}: {e}", at(e.line))),
        }
    }
    if !problems.is_empty() {
        bail!(
            "{} of the SQL files in {} cannot be generated:\n\n{}",
            problems.len(),
            display_path(&dir),
            problems.join("\n\n")
        );
    }
    let options = client_gen::Options {
        runtime: runtime.to_owned(),
        ..client_gen::Options::default()
    };
    let changed = typed_sql::write_if_changed(&queries, &options, output)?;
    println!(
        "{} the typed SQL queries ({} from {}) in {}",
        if changed { "Generated" } else { "Up to date:" },
        queries.len(),
        display_path(&dir),
        display_path(output)
    );
    Ok(())
}

/// The `.sql` files directly in `dir`, sorted by name.
fn sql_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).with_context(|| {
        format!(
            "`--sql` reads the queries from {}, which cannot be read: create the folder and put \
             one query per `.sql` file in it (or set `typedSql.path` in prisma.config.ts)",
            display_path(dir)
        )
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read {}", display_path(dir)))?
            .path();
        if path.is_file() && path.extension().is_some_and(|e| e == "sql") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
