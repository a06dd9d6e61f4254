//! `refract db seed`: runs the project's seed command.
//!
//! The command is read from, in order:
//! 0. the Prisma config file (`prisma.config.ts`): `migrations.seed`;
//! 1. `refract.toml` in the working directory: `[migrations]` table, `seed = "cargo run --bin seed"`
//!    (the Rust counterpart of Prisma 7's `migrations.seed` in `prisma.config.ts`);
//! 2. `package.json`: `"prisma": { "seed": "…" }` (Prisma 6 projects).
//!
//! It runs through `sh -c` in the working directory with the environment (and the `.env`
//! files) of the project; arguments after `--` are appended.

use anyhow::Context;

use crate::datasource::Environment;
use crate::schema_location::SchemaArg;

/// Arguments of `refract db seed`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    schema: SchemaArg,
    /// Arguments passed on to the seed command
    #[arg(last = true)]
    extra: Vec<String>,
}

/// Where the seed command is configured, and the command.
fn find_seed_command(
    prisma_config: Option<&config::PrismaConfig>,
) -> anyhow::Result<Option<(String, String)>> {
    if let Some(c) = prisma_config
        && let Some(seed) = &c.seed
    {
        return Ok(Some((crate::paths::display_path(&c.file), seed.clone())));
    }
    if let Some(seed) = crate::settings::refract_settings()?.seed {
        return Ok(Some((config::REFRACT_TOML.to_owned(), seed)));
    }
    if let Ok(text) = std::fs::read_to_string("package.json") {
        let json: serde_json::Value =
            serde_json::from_str(&text).context("Could not parse package.json")?;
        if let Some(seed) = json.pointer("/prisma/seed").and_then(|s| s.as_str()) {
            return Ok(Some(("package.json".to_owned(), seed.to_owned())));
        }
    }
    Ok(None)
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let prisma_config = args.schema.prisma_config()?;
    let Some((_, command)) = find_seed_command(prisma_config.as_ref())? else {
        println!(
            "No seed command configured\n\nTo seed your database, add a `seed` property to the `[migrations]` table of refract.toml:\n\n[migrations]\nseed = \"cargo run --bin seed\""
        );
        return Ok(crate::exit::OK);
    };
    let schema_dir = args
        .schema
        .locate_with(prisma_config.as_ref())
        .ok()
        .map(|p| {
            if p.is_dir() {
                p
            } else {
                p.parent()
                    .map(std::path::Path::to_path_buf)
                    .unwrap_or_default()
            }
        });
    let env = match &prisma_config {
        Some(c) => Environment::from_config(c),
        None => Environment::load(schema_dir.as_deref())?,
    };
    let mut full = command.clone();
    for extra in &args.extra {
        full.push(' ');
        full.push_str(&shell_quote(extra));
    }
    println!("Running seed command `{full}` ...");
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c").arg(&full);
    for (key, value) in env.dotenv_vars() {
        if std::env::var_os(key).is_none() {
            cmd.env(key, value);
        }
    }
    let status = cmd
        .status()
        .with_context(|| format!("Could not start the seed command `{full}`"))?;
    if status.success() {
        println!("\n🌱  The seed command has been executed.");
        Ok(crate::exit::OK)
    } else {
        eprintln!(
            "\nAn error occurred while running the seed command:\nError: Command failed with exit code {}: {full}",
            status.code().unwrap_or(1)
        );
        Ok(crate::exit::FAILURE)
    }
}

fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./=:@".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
