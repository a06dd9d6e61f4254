//! `refract init`: sets up a new project as `prisma init` of Prisma 7 does:
//! `prisma/schema.prisma` (no `url`: Prisma 7 rejects it there), a `prisma.config.ts` whose
//! `datasource.url` reads `DATABASE_URL` (Prisma 7.10's own template, which Refract reads
//! statically), a `.env` holding `DATABASE_URL` (appended to, never clobbered), and
//! `.gitignore` entries.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail};
use driver::Provider;

/// Arguments of `refract init`.
#[derive(clap::Args)]
pub struct Args {
    /// Database provider of the new schema
    #[arg(long, value_parser = provider_parser(), default_value = "sqlite", value_name = "PROVIDER")]
    datasource_provider: Provider,
    /// Connection URL to write to .env instead of the provider's example URL
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// Generator provider of the new schema
    #[arg(long, default_value = "refract", value_name = "PROVIDER")]
    generator_provider: String,
    /// Output path of the generated client, written to the generator block
    #[arg(long, value_name = "PATH")]
    output: Option<String>,
}

/// The providers `init` can write a datasource for, by Prisma's names, with their help.
fn provider_parser() -> impl clap::builder::TypedValueParser<Value = Provider> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser as _};
    PossibleValuesParser::new(Provider::ALL.map(|provider| {
        PossibleValue::new(provider.as_str()).help(crate::dialect::init_help(provider))
    }))
    .try_map(|name| Provider::from_name(&name).ok_or("not a provider"))
}

/// The schema `init` writes: a generator block and a datasource without `url` (the URL is in
/// `prisma.config.ts`).
fn schema_text(provider: &str, generator: &str, output: Option<&str>) -> String {
    let output_line = output
        .map(|output| format!("  output   = {output:?}\n"))
        .unwrap_or_default();
    let generator_block = format!("generator client {{\n  provider = {generator:?}\n{output_line}");
    format!(
        "// This is your Prisma schema file. Refract reads it as Prisma does:\n\
         // https://pris.ly/d/prisma-schema\n\
         \n\
         {generator_block}}}\n\
         \n\
         datasource db {{\n  \
           provider = \"{provider}\"\n\
         }}\n"
    )
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let root = Path::new(".");
    let schema_path = root.join("prisma").join("schema.prisma");
    if schema_path.exists() {
        bail!(
            "File {} already exists in your project.\n\
             Please try again in a project that is not yet using Prisma or Refract, \
             or remove the existing schema first.",
            display(&schema_path, root)
        );
    }
    if root.join("schema.prisma").exists() {
        bail!(
            "File schema.prisma already exists in your project.\n\
             Please try again in a project that is not yet using Prisma or Refract."
        );
    }
    std::fs::create_dir_all(schema_path.parent().expect("schema path has a parent"))
        .with_context(|| format!("Could not create {}", root.join("prisma").display()))?;
    let schema = schema_text(
        args.datasource_provider.as_str(),
        &args.generator_provider,
        args.output.as_deref(),
    );
    std::fs::write(&schema_path, schema)
        .with_context(|| format!("Could not write {}", schema_path.display()))?;

    let config_note = write_prisma_config(&root.join(CONFIG_FILE))?;

    let url = args
        .url
        .as_deref()
        .unwrap_or(crate::dialect::example_url(args.datasource_provider));
    let env_note = write_env(&root.join(".env"), url)?;
    update_gitignore(&root.join(".gitignore"), args.datasource_provider)?;

    let mut out = String::new();
    writeln!(
        out,
        "\n✔ Your Prisma schema was created at prisma/schema.prisma\n  \
         You can now open it in your favorite editor.\n"
    )?;
    writeln!(
        out,
        "✔ The database URL is read from DATABASE_URL by {CONFIG_FILE}, as Prisma 7 reads it.\n"
    )?;
    if let Some(note) = config_note {
        writeln!(out, "warn {note}\n")?;
    }
    if let Some(note) = env_note {
        writeln!(out, "warn {note}\n")?;
    }
    writeln!(out, "Next steps:")?;
    if !args.datasource_provider.is_server() {
        writeln!(
            out,
            "1. DATABASE_URL in .env points at prisma/dev.db, a SQLite file created on first use."
        )?;
    } else {
        writeln!(
            out,
            "1. Set DATABASE_URL in the .env file to point to your existing database."
        )?;
    }
    writeln!(
        out,
        "2. Define models in prisma/schema.prisma, then run `refract migrate dev` to create \
         the database tables,\n   or run `refract db pull` to turn an existing database into models."
    )?;
    writeln!(
        out,
        "3. Run `refract generate` to generate the Rust client (or call it from build.rs), \
         and add `mod prisma;` to src/main.rs."
    )?;
    writeln!(
        out,
        "4. Add the client and tokio to Cargo.toml (docs/getting-started.md):\n\n{}",
        cargo_lines(args.datasource_provider)
    )?;
    print!("{out}");
    Ok(crate::exit::OK)
}

/// The config file `init` writes.
const CONFIG_FILE: &str = "prisma.config.ts";

/// The `prisma.config.ts` `init` writes: Prisma 7.10's template (`prisma init`), which
/// Refract reads without running it (docs/config.md).
const CONFIG_TEXT: &str = r#"// Prisma's config file. Refract reads it without running it; Prisma 7's CLI runs it, and
// then needs: npm install --save-dev prisma dotenv
import "dotenv/config";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
  },
  datasource: {
    url: process.env["DATABASE_URL"],
  },
});
"#;

/// Writes `prisma.config.ts` unless one exists; returns a warning then.
fn write_prisma_config(path: &Path) -> anyhow::Result<Option<String>> {
    if path.exists() {
        return Ok(Some(format!(
            "{CONFIG_FILE} already exists: it was left as it is. Make sure its `schema` is \
             prisma/schema.prisma and its `datasource.url` reads DATABASE_URL."
        )));
    }
    std::fs::write(path, CONFIG_TEXT)
        .with_context(|| format!("Could not write {}", path.display()))?;
    Ok(None)
}

/// The `[dependencies]` lines of an application on `provider`: `refract` with only that
/// database's driver (its cargo feature), and tokio. Refract is not on crates.io: the path is
/// the one of the checkout this binary was built from when it is still there.
fn cargo_lines(provider: Provider) -> String {
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../refract");
    let client_path = if built_from.join("Cargo.toml").is_file() {
        let path = built_from.canonicalize().unwrap_or(built_from);
        path.display().to_string()
    } else {
        "path/to/refract/crates/refract".to_owned()
    };
    format!(
        "   [dependencies]\n   \
         refract = {{ path = {client_path:?}, default-features = false, features = [\"{}\"] }}\n   \
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
        provider.feature()
    )
}

fn display(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Appends `DATABASE_URL` to `.env` unless it already defines it; returns a warning then.
fn write_env(path: &Path, url: &str) -> anyhow::Result<Option<String>> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("Could not read {}", path.display())),
    };
    let defines_url = existing.as_deref().is_some_and(|text| {
        text.lines().any(|line| {
            let line = line.trim_start();
            let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
            line.strip_prefix("DATABASE_URL")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
    });
    if defines_url {
        return Ok(Some(
            ".env already defines DATABASE_URL: it was left as it is. \
             Make sure it points at the database of the new schema."
                .to_string(),
        ));
    }
    let mut text = existing.unwrap_or_default();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(
        "# Environment variables for Refract (and Prisma): prisma.config.ts reads DATABASE_URL\n\
         # (through dotenv). Keep this file out of version control.\n",
    );
    writeln!(text, "DATABASE_URL=\"{}\"", url.replace('"', "\\\""))?;
    std::fs::write(path, text).with_context(|| format!("Could not write {}", path.display()))?;
    Ok(None)
}

/// Adds the entries a Refract project keeps out of version control, once each.
fn update_gitignore(path: &Path, provider: Provider) -> anyhow::Result<()> {
    let mut wanted = vec![".env"];
    if !provider.is_server() {
        wanted.extend(["prisma/*.db", "prisma/*.db-journal"]);
    }
    let mut text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("Could not read {}", path.display())),
    };
    let missing: Vec<&str> = wanted
        .into_iter()
        .filter(|entry| !text.lines().any(|line| line.trim() == *entry))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# Refract: local environment and database files\n");
    for entry in missing {
        text.push_str(entry);
        text.push('\n');
    }
    std::fs::write(path, text).with_context(|| format!("Could not write {}", path.display()))
}
