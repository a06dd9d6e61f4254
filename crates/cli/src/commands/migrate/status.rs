//! `refract migrate status`: exit code 1 when the database is not in sync with the folder.

use crate::errors::from_history;
use crate::project::{Project, block_on};
use crate::schema_location::SchemaArg;

/// Arguments of `refract migrate status`.
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
    block_on(async {
        let folder = project.migrations();
        let conn = project.connect().await?;
        let report = migrate::commands::status(&conn, &folder)
            .await
            .map_err(from_history)?;
        let dir = project.migrations_display();
        match report.migrations.len() {
            0 => println!("No migration found in {dir}\n"),
            1 => println!("1 migration found in {dir}\n"),
            n => println!("{n} migrations found in {dir}\n"),
        }
        if report.unmanaged_tables {
            println!(
                "The current database is not managed by Prisma Migrate.\n\nRead more about how to baseline an existing production database:\nhttps://pris.ly/d/migrate-baseline"
            );
            return Ok(crate::exit::FAILURE);
        }
        if !report.failed.is_empty() {
            let names: Vec<&str> = report
                .failed
                .iter()
                .map(|r| r.migration_name.as_str())
                .collect();
            let s = if names.len() == 1 { "" } else { "s" };
            println!(
                "Following migration{s} have failed:\n{}\n",
                names.join("\n")
            );
            println!(
                "During development if the failed migration(s) have not been deployed to a production database you can then fix the migration(s) and run refract migrate dev.\n"
            );
            println!("The failed migration(s) can be marked as rolled back or applied:\n");
            for name in &names {
                println!(
                    "- If you rolled back the migration(s) manually:\nrefract migrate resolve --rolled-back \"{name}\"\n\n- If you fixed the database manually (hotfix):\nrefract migrate resolve --applied \"{name}\"\n"
                );
            }
            // What the database says about each: which of the two applies.
            for check in &report.failed_checks {
                println!("`{}`: {}\n", check.record.migration_name, check.advice());
                if let Some(method) = &check.method {
                    println!("{}\n", method.describe());
                }
            }
            println!(
                "Read more about how to resolve migration issues in a production database:\nhttps://pris.ly/d/migrate-resolve"
            );
            return Ok(crate::exit::FAILURE);
        }
        if report.histories_diverge() {
            let plural = |n: usize| if n > 1 { "s" } else { "" };
            println!(
                "Your local migration history and the migrations table from your database are different:\n\nThe last common migration is: {}\n\nThe migration{} have not yet been applied:\n{}\n\nThe migration{} from the database are not found locally in {}:\n{}",
                report.last_common_migration.as_deref().unwrap_or("null"),
                plural(report.unapplied.len()),
                report.unapplied.join("\n"),
                plural(report.missing_from_folder.len()),
                dir,
                report.missing_from_folder.join("\n")
            );
            return Ok(crate::exit::FAILURE);
        }
        let mut in_sync = true;
        if !report.out_of_order.is_empty() {
            let last_applied = report
                .migrations
                .iter()
                .rev()
                .find(|m| !report.unapplied.contains(m))
                .cloned()
                .unwrap_or_default();
            println!(
                "Your local migration history and the migrations table from your database are different:\n\nThe last common migration is: {}\n\nThe following migration(s) are older than the applied migration `{last_applied}`, so `refract migrate deploy` would apply them after it, out of order:\n{}\n\nCheck that they do not depend on what the later migrations changed, or give them newer names (timestamps).\n",
                report.last_common_migration.as_deref().unwrap_or("null"),
                report.out_of_order.join("\n")
            );
        }
        if !report.missing_from_folder.is_empty() {
            in_sync = false;
            println!(
                "The following migration(s) are applied to the database but missing from the local migrations directory: {}\n",
                report.missing_from_folder.join(", ")
            );
        }
        if !report.edited.is_empty() {
            in_sync = false;
            println!(
                "The following migration(s) were modified after they were applied:\n{}\n",
                report.edited.join("\n")
            );
        }
        if !report.unapplied.is_empty() {
            in_sync = false;
            let s = if report.unapplied.len() == 1 { "" } else { "s" };
            println!(
                "Following migration{s} have not yet been applied:\n{}\n\nTo apply migrations in development run refract migrate dev.\nTo apply migrations in production run refract migrate deploy.",
                report.unapplied.join("\n")
            );
        }
        if in_sync {
            println!("{}", crate::style::green("Database schema is up to date!"));
            Ok(crate::exit::OK)
        } else {
            Ok(crate::exit::FAILURE)
        }
    })?
}
