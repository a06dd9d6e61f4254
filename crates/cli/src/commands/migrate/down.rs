//! `refract migrate down [--steps N | --to NAME] [--force]`: revert the newest applied
//! migrations with their `down.sql`, newest first (the migrate crate plans and runs; this
//! file shows the plan, asks, and prints); and whether `migrate dev` writes a `down.sql`
//! beside a new migration without `--with-down` (`with_down = true` in refract.toml).

use anyhow::bail;
use migrate::commands::{DownError, DownTarget};

use crate::errors::{coded, from_history};
use crate::project::{Project, block_on, confirm, is_interactive};
use crate::schema_location::SchemaArg;

/// Arguments of `refract migrate down`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    schema: SchemaArg,
    /// Revert the N newest applied migrations (default 1)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), conflicts_with = "to")]
    steps: Option<u32>,
    /// Revert every migration applied after NAME (NAME stays applied)
    #[arg(long, value_name = "NAME")]
    to: Option<String>,
    /// Skip the confirmation prompt
    #[arg(long, short = 'f')]
    force: bool,
    /// Database URL, instead of the schema's datasource
    #[arg(long, value_name = "URL")]
    url: Option<String>,
}

fn from_down(e: DownError) -> anyhow::Error {
    match e {
        DownError::History(e) => from_history(e),
        other => coded(other.code(), other.to_string()),
    }
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let project = Project::load(&args.schema, args.url.as_deref())?;
    project.print_header();
    let target = match (&args.to, args.steps) {
        (Some(name), _) => DownTarget::To(name.clone()),
        (None, steps) => DownTarget::Steps(steps.unwrap_or(1) as usize),
    };
    block_on(async {
        let folder = project.migrations();
        let conn = project.connect().await?;
        let plan = migrate::commands::plan_down(&conn, &folder, &target)
            .await
            .map_err(from_down)?;
        if plan.steps.is_empty() {
            println!("No migration to revert.");
            return Ok(crate::exit::OK);
        }
        println!("The following migration(s) will be reverted, in this order:\n");
        for step in &plan.steps {
            println!("  - {}", step.name());
            for warning in &step.warnings {
                println!("      • {warning}");
            }
        }
        println!();
        if !args.force {
            if !is_interactive() {
                bail!(
                    "`refract migrate down` reverts migrations and may drop data, and this environment is non-interactive so it cannot ask for confirmation. Use --force to revert them without a prompt."
                );
            }
            if !confirm("Are you sure you want to revert these migrations?")? {
                println!("Down cancelled.");
                return Ok(crate::exit::FAILURE);
            }
        }
        let reverted = migrate::commands::apply_down(&conn, &plan, &mut |name| {
            println!("Reverting migration `{name}`");
        })
        .await
        .map_err(from_down)?;
        println!(
            "\nThe following migration(s) have been reverted and are pending again:\n\n{}\n{}",
            reverted
                .iter()
                .map(|n| format!("  └─ {n}/"))
                .collect::<Vec<_>>()
                .join("\n"),
            crate::style::green("Run `refract migrate deploy` to apply them again.")
        );
        Ok(crate::exit::OK)
    })?
}

/// Whether `migrate dev` writes down scripts without `--with-down`: `with_down = true` in the
/// `[migrations]` table of the working directory's refract.toml.
pub fn configured() -> anyhow::Result<bool> {
    Ok(crate::settings::refract_settings()?.with_down)
}
