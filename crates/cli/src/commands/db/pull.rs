//! `refract db pull [--schema PATH] [--url URL] [--schemas A,B] [--print] [--force]`: introspects the
//! database and writes the Prisma schema for it (re-introspecting from the existing schema
//! unless `--force`).

use std::time::Instant;

use anyhow::Context;

use crate::paths::display_path;
use crate::project::{Project, block_on, validate_schema};
use crate::schema_location::SchemaArg;

/// Arguments of `refract db pull`.
#[derive(clap::Args)]
pub struct Args {
    /// Print the introspected Prisma schema to stdout
    #[arg(long)]
    print: bool,
    /// Ignore current Prisma schema file
    #[arg(long)]
    force: bool,
    /// The database URL to introspect (instead of the datasource's)
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// The database schemas to introspect (instead of the datasource's `schemas`), comma-separated
    #[arg(long, value_name = "SCHEMAS", value_delimiter = ',')]
    schemas: Option<Vec<String>>,
    #[command(flatten)]
    schema: SchemaArg,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let started = Instant::now();
    let project = Project::load(&args.schema, args.url.as_deref())?;
    let loaded = project.schema.as_ref().context(
        "`db pull` needs a schema with a datasource: pass --schema or create prisma/schema.prisma",
    )?;
    let validated = validate_schema(loaded)?;
    validated
        .datasource
        .as_ref()
        .context("the schema has no datasource block: add one with the provider to introspect")?;
    let schema_path = display_path(&loaded.path);
    if !args.print {
        project.print_header();
        println!("- Introspecting based on datasource defined in {schema_path}");
    }
    let outcome = block_on(async {
        let conn = project.connect().await?;
        introspect::pull_database(
            &conn,
            &introspect::PullRequest {
                files: &loaded.files,
                schema: &validated,
                schemas: args.schemas.as_deref(),
                force: args.force,
                view_definitions: !args.print,
            },
        )
        .await
        .map_err(|e| crate::errors::coded(e.code(), e.to_string()))
    })??;
    let (pulled, view_definitions) = (outcome.pulled, outcome.view_definitions);
    if !pulled.warnings.is_empty() {
        eprintln!("\n{}", pulled.warnings);
    }
    if loaded.path.is_dir() {
        // A schema folder: each block back to its file, new ones to introspected.prisma.
        let kept = if args.force {
            &schema::ValidatedSchema::default()
        } else {
            &validated
        };
        write_folder(loaded, kept, &pulled.schema, args.print)?;
        if args.print {
            return Ok(crate::exit::OK);
        }
    } else if args.print {
        println!("{}\n", pulled.schema);
        return Ok(crate::exit::OK);
    } else {
        std::fs::write(&loaded.path, &pulled.schema)
            .with_context(|| format!("could not write {schema_path}"))?;
    }
    if let Some(views) = &view_definitions {
        // `views.path` of the config file, else `views/` beside the schema (file or folder).
        let dir = project
            .prisma_config
            .as_ref()
            .and_then(|c| c.views_path.clone())
            .unwrap_or_else(|| {
                loaded
                    .path
                    .parent()
                    .unwrap_or(std::path::Path::new("."))
                    .join("views")
            });
        write_views(&dir, views)?;
    }
    let n = pulled.model_count;
    println!(
        "✔ Introspected {n} {} and wrote {} into {schema_path} in {}ms\n      \nRun refract generate to generate the client.",
        if n == 1 { "model" } else { "models" },
        if n == 1 { "it" } else { "them" },
        started.elapsed().as_millis()
    );
    Ok(crate::exit::OK)
}

/// Writes (or, with `print`, prints as `// path` sections) a pulled schema into the schema
/// folder of `loaded`, as Prisma 7 does: every block to the file of `kept` that held the block
/// of the same name, the others to `introspected.prisma`; a file left with nothing is emptied,
/// or removed when nothing is kept (`--force`).
fn write_folder(
    loaded: &crate::schema_location::LoadedSchema,
    kept: &schema::ValidatedSchema,
    pulled: &str,
    print: bool,
) -> anyhow::Result<()> {
    use introspect::files::{Destination, INTROSPECTED_FILE, split_into_files};
    let mut out: Vec<(std::path::PathBuf, String)> = split_into_files(pulled, kept, &loaded.files)
        .into_iter()
        .map(|(dest, text)| {
            let path = match dest {
                Destination::Existing(id) => loaded.paths[id.0 as usize].clone(),
                Destination::Introspected => loaded.path.join(INTROSPECTED_FILE),
            };
            (path, text)
        })
        .collect();
    out.sort_by_key(|(p, _)| p.to_string_lossy().to_lowercase());
    for (path, text) in &out {
        if print {
            println!("// {}\n{text}", display_path(path));
        } else if text.is_empty() && kept.models().next().is_none() && kept.datasource.is_none() {
            std::fs::remove_file(path)
                .with_context(|| format!("could not remove {}", display_path(path)))?;
        } else {
            std::fs::write(path, text)
                .with_context(|| format!("could not write {}", display_path(path)))?;
        }
    }
    Ok(())
}

/// Writes each view's definition to `dir/<schema>/<name>.sql`, as Prisma's `db pull` does,
/// then removes the other `.sql` files of `dir`'s sub-folders and the folders left empty
/// (`dir` too when nothing is left in it). Other files are kept.
fn write_views(
    dir: &std::path::Path,
    views: &[introspect::describe::ViewDefinition],
) -> anyhow::Result<()> {
    let mut written = std::collections::HashSet::new();
    for view in views {
        let folder = dir.join(&view.schema);
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("Error creating the directory: {}", display_path(&folder)))?;
        let file = folder.join(format!("{}.sql", view.name));
        std::fs::write(&file, &view.definition)
            .with_context(|| format!("could not write {}", display_path(&file)))?;
        written.insert(file);
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for folder in entries.filter_map(Result::ok).map(|e| e.path()) {
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder)?
            .filter_map(Result::ok)
            .map(|e| e.path())
        {
            if file.extension().is_some_and(|e| e == "sql") && !written.contains(&file) {
                std::fs::remove_file(&file)
                    .with_context(|| format!("Error removing the file: {}", display_path(&file)))?;
            }
        }
        if std::fs::read_dir(&folder)?.next().is_none() {
            std::fs::remove_dir(&folder)?;
        }
    }
    if std::fs::read_dir(dir)?.next().is_none() {
        std::fs::remove_dir(dir)?;
    }
    Ok(())
}
