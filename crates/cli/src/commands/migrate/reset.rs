//! `refract migrate reset [--force]`: empty the database, then apply every migration.

use std::io::Write;

use anyhow::bail;

use crate::errors::from_history;
use crate::project::{Project, block_on, is_interactive, migration_tree};
use crate::schema_location::SchemaArg;

/// Arguments of `refract migrate reset`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    schema: SchemaArg,
    /// Skip the confirmation prompt
    #[arg(long, short = 'f')]
    force: bool,
    /// Skip triggering generators (the Refract client)
    #[arg(long)]
    skip_generate: bool,
    /// Database URL, instead of the schema's datasource
    #[arg(long, value_name = "URL")]
    url: Option<String>,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let project = Project::load(&args.schema, args.url.as_deref())?;
    project.print_header();
    if !args.force {
        if !is_interactive() {
            bail!(
                "Prisma Migrate has detected that the environment is non-interactive. It is recommended to run this command in an interactive environment.\n\nUse --force to run this command without user interaction."
            );
        }
        print!("? Are you sure you want to reset your database? All data will be lost. › (y/N) ");
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
            println!("\nReset cancelled.");
            return Ok(crate::exit::OK);
        }
    }
    let code: anyhow::Result<u8> = block_on(async {
        let conn = project.connect_creating().await?;
        migrate::commands::reset_database(&conn)
            .await
            .map_err(from_history)?;
        println!("{}\n", crate::style::green("Database reset successful"));
        let out = migrate::commands::deploy(&conn, &project.migrations())
            .await
            .map_err(from_history)?;
        if !out.applied.is_empty() {
            println!(
                "The following migration(s) have been applied:\n\n{}",
                migration_tree(&out.applied)
            );
        }
        Ok(crate::exit::OK)
    })?;
    let code = code?;
    if code == crate::exit::OK
        && !crate::commands::generate::skip_requested(args.skip_generate)
        && let Some(loaded) = &project.schema
    {
        // The schema is validated only here: reset itself needs no more than the URL.
        let validated = crate::project::validate_schema(loaded)?;
        crate::commands::generate::after_migration(loaded, &validated)?;
    }
    Ok(code)
}
