//! `refract migrate deploy`.

use crate::errors::from_history;
use crate::project::{Project, block_on, migration_tree};
use crate::schema_location::SchemaArg;

/// Arguments of `refract migrate deploy`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    schema: SchemaArg,
    /// Database URL, instead of the schema's datasource
    #[arg(long, value_name = "URL")]
    url: Option<String>,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let project = Project::load(&args.schema, args.url.as_deref())?;
    project.print_header();
    // As Prisma: a schema that fails validation applies nothing (P1012, exit 1).
    if let Some(schema) = &project.schema {
        crate::project::validate_schema(schema)?;
    }
    block_on(async {
        let folder = project.migrations();
        let conn = project.connect_creating().await?;
        let count = folder.list().map_err(from_history)?.len();
        match count {
            0 => println!("No migration found in {}\n", project.migrations_display()),
            1 => println!("1 migration found in {}\n", project.migrations_display()),
            n => println!("{n} migrations found in {}\n", project.migrations_display()),
        }
        let out = migrate::commands::deploy_with_external(
            &conn,
            &folder,
            project.external_tables(),
            &mut |name| {
                println!("Applying migration `{name}`");
            },
        )
        .await
        .map_err(from_history)?;
        for name in &out.edited {
            eprintln!(
                "Warning: the migration `{name}` was modified after it was applied (its checksum no longer matches)."
            );
        }
        for name in &out.out_of_order {
            eprintln!(
                "Warning: the migration `{name}` is older than migrations the database had already applied: it was applied after them, out of order."
            );
        }
        if out.applied.is_empty() {
            println!("No pending migrations to apply.");
        } else {
            println!(
                "\nThe following migration(s) have been applied:\n\n{}      \n{}",
                migration_tree(&out.applied),
                crate::style::green("All migrations have been successfully applied.")
            );
        }
        Ok(crate::exit::OK)
    })?
}
