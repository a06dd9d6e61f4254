//! `refract generate`: writes the type-safe Rust client module for the schema.
//!
//! Where it goes: the `output` of a `generator` block whose provider is `refract` (relative to
//! the schema's folder, as Prisma resolves it); otherwise `src/prisma.rs` in the current
//! directory. A schema written for Prisma (`prisma-client-js`, `prisma-client`) still
//! generates the Rust client there, and the command says so. `--output` overrides both.

use std::path::PathBuf;

use anyhow::{Context, bail};
use diagnostics::render;

use crate::exit;
use crate::schema_location::{LoadedSchema, SchemaArg};

/// Where the client goes when the schema names no Refract generator output.
const DEFAULT_OUTPUT: &str = "src/prisma.rs";

/// Arguments of `refract generate`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    schema: SchemaArg,
    /// Write the module here instead
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The path of the runtime in the generated code (the `refract` crate's module for it)
    #[arg(long, default_value = "::refract::__private")]
    runtime: String,
    /// Read the generator's JSON description instead of a schema (for tests and tools)
    #[arg(long, value_name = "FILE", conflicts_with = "schema")]
    description: Option<PathBuf>,
    /// The compact form of the client: handle structs (`user::fields().email`) instead of a
    /// function per field, relation and nested write, for large schemas (docs/client.md, "The
    /// compact client"); also `compact = true` in the generator block
    #[arg(long)]
    compact: bool,
    /// Watch the schema and generate again on every change (Ctrl-C to stop)
    #[arg(long, conflicts_with = "description")]
    watch: bool,
    /// Also generate the typed SQL queries of prisma/sql (TypedSQL), asking the database for
    /// their types; written to sql.rs beside the client (docs/typed-sql.md)
    #[arg(long, conflicts_with = "description")]
    sql: bool,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    if !args.watch {
        return generate(&args);
    }
    let schema = args.schema.locate()?;
    // An invalid schema while watching is reported and waited out, not fatal.
    let once = |args: &Args| {
        if let Err(e) = generate(args) {
            eprintln!("{} {e:#}", crate::style::error_label("Error:"));
        }
    };
    once(&args);
    crate::commands::watch::watch(&schema, || once(&args))?;
    Ok(exit::OK)
}

/// Generates the client once.
fn generate(args: &Args) -> anyhow::Result<u8> {
    let mut options = client_gen::Options {
        runtime: args.runtime.clone(),
        compact: args.compact,
    };
    let (input, output) = match &args.description {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let input: client_gen::input::Schema = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a schema description", path.display()))?;
            (
                input,
                args.output
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(DEFAULT_OUTPUT)),
            )
        }
        None => {
            let loaded = args.schema.load()?;
            let (ir, diagnostics) = schema::validate(&loaded.files);
            if diagnostics.has_errors() {
                eprint!(
                    "{}",
                    render::render_text(&loaded.files, &diagnostics, false)
                );
                bail!(
                    "the schema is invalid: fix the errors above (`refract validate`), then generate again"
                );
            }
            let output = match args.output.clone() {
                Some(out) => out,
                None => output_from_generators(&ir, loaded.dir()),
            };
            options.compact |= client_gen::compact_requested(&ir).map_err(anyhow::Error::msg)?;
            (client_input(&ir, &options), output)
        }
    };
    let changed = client_gen::write_if_changed(&input, &options, &output)?;
    println!(
        "{} the Refract client in {}",
        if changed { "Generated" } else { "Up to date:" },
        output.display()
    );
    if args.sql {
        let sql_output = crate::commands::generate_sql::output_beside(&output);
        crate::commands::generate_sql::generate(&args.schema, &args.runtime, &sql_output)?;
    }
    Ok(exit::OK)
}

/// The generator's input for a validated schema, warning about what the client leaves out.
fn client_input(
    ir: &schema::ValidatedSchema,
    options: &client_gen::Options,
) -> client_gen::input::Schema {
    let (input, skipped) = client_gen::from_validated(ir);
    for s in skipped {
        eprintln!(
            "warning: {} is left out of the client: {}",
            s.item, s.reason
        );
    }
    for r in client_gen::renamed(&input, options) {
        eprintln!(
            "warning: {} is `{}` in the Rust client: `{}` is taken by another name of the same \
             scope. To choose the Rust name, rename one of them in the schema and keep its \
             database name with `@map`.",
            r.item, r.rust, r.wanted
        );
    }
    input
}

/// Whether a migration command skips its generators: `--skip-generate`, or Prisma 6's
/// `PRISMA_MIGRATE_SKIP_GENERATE` in the environment.
pub fn skip_requested(flag: bool) -> bool {
    flag || std::env::var_os("PRISMA_MIGRATE_SKIP_GENERATE").is_some_and(|v| !v.is_empty())
}

/// What `migrate dev`, `migrate reset` and `db push` run after they succeed, as Prisma 6 did
/// (Prisma 7 dropped it): `refract generate` for the schema's Refract generator (a generator
/// block with `provider = "refract"`), writing where `refract generate` writes. A schema whose
/// generators are all someone else's (Prisma's JavaScript clients) is left alone, with a note.
pub fn after_migration(loaded: &LoadedSchema, ir: &schema::ValidatedSchema) -> anyhow::Result<()> {
    if ir.generators.is_empty() {
        return Ok(());
    }
    if !ir
        .generators
        .iter()
        .any(|g| g.provider.as_literal() == Some("refract"))
    {
        let names: Vec<&str> = ir.generators.iter().map(|g| g.name.as_str()).collect();
        println!(
            "\nThe schema's generators ({}) are not Refract's, so none was run: `refract generate` writes the Rust client.",
            names.join(", ")
        );
        return Ok(());
    }
    println!("\nRunning generate... (Use --skip-generate to skip the generators)");
    let start = std::time::Instant::now();
    let output = output_from_generators(ir, loaded.dir());
    let options = client_gen::Options {
        compact: client_gen::compact_requested(ir).map_err(anyhow::Error::msg)?,
        ..client_gen::Options::default()
    };
    client_gen::write_if_changed(&client_input(ir, &options), &options, &output)
    .with_context(|| {
        format!(
            "The migration succeeded, but the client could not be generated to {}: fix that, then run `refract generate`",
            output.display()
        )
    })?;
    println!(
        "✔ Generated the Refract client to {} in {}ms",
        crate::paths::display_path(&output),
        start.elapsed().as_millis()
    );
    Ok(())
}

fn output_from_generators(ir: &schema::ValidatedSchema, schema_dir: PathBuf) -> PathBuf {
    let refract = ir
        .generators
        .iter()
        .find(|g| g.provider.as_literal() == Some("refract"));
    if let Some(out) = refract
        .and_then(|g| g.output.as_ref())
        .and_then(|o| o.as_literal())
    {
        let out = schema_dir.join(out);
        return if out.extension().is_some_and(|e| e == "rs") {
            out
        } else {
            out.join("prisma.rs")
        };
    }
    if let Some(g) = ir.generators.iter().find(|g| {
        matches!(
            g.provider.as_literal(),
            Some("prisma-client-js" | "prisma-client")
        )
    }) {
        eprintln!(
            "note: generator `{}` is Prisma's JavaScript client; Refract generates the Rust client \
             to {DEFAULT_OUTPUT} (set `provider = \"refract\"` and `output` to choose)",
            g.name
        );
    }
    PathBuf::from(DEFAULT_OUTPUT)
}
