//! `refract db execute --file PATH | --stdin [--url URL | --schema PATH]`.

use std::io::Read;

use anyhow::{Context, bail};

use crate::errors::from_history;
use crate::project::{Project, block_on};
use crate::schema_location::SchemaArg;

/// Arguments of `refract db execute`.
#[derive(clap::Args)]
pub struct Args {
    /// Path to a file. The content will be sent as the script to be executed
    #[arg(long, value_name = "PATH")]
    file: Option<std::path::PathBuf>,
    /// Use the terminal standard input as the script to be executed
    #[arg(long)]
    stdin: bool,
    /// URL of the datasource to run the command on
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    #[command(flatten)]
    schema: SchemaArg,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let script = match (&args.file, args.stdin) {
        (Some(_), true) => {
            bail!("--stdin and --file cannot be used at the same time. Only 1 must be provided.")
        }
        (None, false) => {
            bail!("Either --stdin or --file must be provided.\nSee `refract db execute -h`")
        }
        (Some(path), false) => std::fs::read_to_string(path)
            .with_context(|| format!("Provided --file at {} doesn't exist.", path.display()))?,
        (None, true) => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("Could not read the script from standard input")?;
            s
        }
    };
    let project = Project::load(&args.schema, args.url.as_deref())?;
    block_on(async {
        let conn = project.connect_any().await?;
        migrate::commands::execute_script(&conn, &script)
            .await
            .map_err(from_history)?;
        println!("{}", crate::style::green("Script executed successfully."));
        Ok(crate::exit::OK)
    })?
}
