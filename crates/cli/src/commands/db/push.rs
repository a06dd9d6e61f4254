//! `refract db push [--accept-data-loss] [--force-reset]`: make the database match the schema
//! without migrations.

use std::time::Instant;

use anyhow::bail;

use crate::errors::{from_driver, from_history};
use crate::project::{Project, block_on, confirm, is_interactive};
use crate::schema_location::SchemaArg;

/// Arguments of `refract db push`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    schema: SchemaArg,
    /// Ignore data loss warnings
    #[arg(long)]
    accept_data_loss: bool,
    /// Force a reset of the database before push
    #[arg(long)]
    force_reset: bool,
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
    let (validated, dialect) = project.validated()?;
    project.print_header();
    let start = Instant::now();
    let code: anyhow::Result<u8> = block_on(async {
        let conn = project.connect_creating().await?;
        if args.force_reset {
            migrate::commands::reset_database(&conn)
                .await
                .map_err(from_history)?;
            println!(
                "The {} was successfully reset.\n",
                project.database_phrase()
            );
        }
        let target = project.without_external(migrate::calculate(&validated, dialect));
        let plan = migrate::commands::plan_push(
            &conn,
            &target,
            dialect,
            migrate::manages_extensions(&validated),
            &|schema| project.without_external(schema),
        )
        .await
        .map_err(from_history)?;
        let migrate::commands::PushPlan::Changes {
            script,
            warnings,
            unexecutable,
        } = plan
        else {
            println!("The database is already in sync with the Prisma schema.");
            return Ok(crate::exit::OK);
        };
        if !unexecutable.is_empty() {
            let list: Vec<String> = unexecutable.iter().map(|u| format!("  • {u}")).collect();
            bail!(
                "⚠️ We found changes that cannot be executed:\n\n{}\n\nYou may use the --force-reset flag to drop the database before push like refract db push --force-reset\nAll data will be lost.",
                list.join("\n")
            );
        }
        if !warnings.is_empty() && !args.accept_data_loss {
            let list: Vec<String> = warnings.iter().map(|w| format!("  • {w}")).collect();
            println!(
                "⚠️  There might be data loss when applying the changes:\n\n{}\n",
                list.join("\n")
            );
            if !is_interactive() {
                bail!(
                    "Use the --accept-data-loss flag to ignore the data loss warnings like refract db push --accept-data-loss"
                );
            }
            if !confirm("Do you want to ignore the warning(s)?")? {
                println!("Push cancelled.");
                return Ok(crate::exit::FAILURE);
            }
        }
        conn.raw_cmd(&script).await.map_err(from_driver)?;
        let done = format!(
            "🚀  Your database is now in sync with your Prisma schema. Done in {}ms",
            start.elapsed().as_millis()
        );
        println!("{}", crate::style::green(&done));
        Ok(crate::exit::OK)
    })?;
    let code = code?;
    if code == crate::exit::OK
        && !crate::commands::generate::skip_requested(args.skip_generate)
        && let Some(loaded) = &project.schema
    {
        crate::commands::generate::after_migration(loaded, &validated)?;
    }
    Ok(code)
}
