//! `refract db pull [--schema PATH] [--url URL] [--print] [--force]`: introspects the
//! database and writes the Prisma schema for it (re-introspecting from the existing schema
//! unless `--force`).

use std::time::Instant;

use anyhow::Context;

use crate::project::{Project, block_on, display_path, validate_schema};
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
    let datasource = validated
        .datasource
        .as_ref()
        .context("the schema has no datasource block: add one with the provider to introspect")?;
    if loaded.paths.len() > 1 && !args.print {
        anyhow::bail!(
            "`db pull` cannot write into a schema of several files yet: run it with --print and place the models yourself"
        );
    }
    let schema_path = display_path(&loaded.path);
    if !args.print {
        project.print_header();
        println!("- Introspecting based on datasource defined in {schema_path}");
    }
    let namespaces = datasource.schemas.clone();
    let (database, extras) = block_on(async {
        let conn = project.connect().await?;
        let mut database = migrate::introspect::introspect_for_pull(&conn, &namespaces)
            .await
            .map_err(crate::errors::from_connector)?;
        if introspect::pulls_extensions(&validated) {
            database.extensions = migrate::introspect::extensions(&conn)
                .await
                .map_err(crate::errors::from_connector)?;
        }
        let extras = introspect::describe_extras(&conn)
            .await
            .map_err(crate::errors::from_connector)?;
        anyhow::Ok((database, extras))
    })??;
    let config = introspect::config_blocks_pulled(&loaded.files, &validated, &database);
    let has_models = validated.models().next().is_some() || validated.enums().next().is_some();
    let previous = (!args.force && has_models).then_some(&validated);
    let pulled = introspect::pull(&introspect::PullInput {
        database: &database,
        provider: datasource.provider,
        config,
        previous,
        extras: &extras,
        views: validated.preview_features().any(|f| f == "views"),
    })
    .map_err(|e| crate::errors::coded(e.code(), e.to_string()))?;
    if !pulled.warnings.is_empty() {
        eprintln!("\n{}", pulled.warnings);
    }
    if args.print {
        println!("{}\n", pulled.schema);
        return Ok(crate::exit::OK);
    }
    std::fs::write(&loaded.path, &pulled.schema)
        .with_context(|| format!("could not write {schema_path}"))?;
    let n = pulled.model_count;
    println!(
        "✔ Introspected {n} {} and wrote {} into {schema_path} in {}ms\n      \nRun refract generate to generate the client.",
        if n == 1 { "model" } else { "models" },
        if n == 1 { "it" } else { "them" },
        started.elapsed().as_millis()
    );
    Ok(crate::exit::OK)
}
