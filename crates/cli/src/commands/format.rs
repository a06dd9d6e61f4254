//! `refract format`: rewrites the schema files as `prisma format` does. As Prisma, it
//! validates the formatted schema first and writes nothing when that has errors.

use std::io::IsTerminal;
use std::time::Instant;

use anyhow::Context;
use diagnostics::{SourceFiles, render};

use crate::exit;
use crate::schema_location::SchemaArg;

/// Arguments of `refract format`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    schema: SchemaArg,
    /// Do not write anything: exit with 1 and list the files that are not formatted
    #[arg(long)]
    check: bool,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let started = Instant::now();
    let loaded = args.schema.load()?;
    eprintln!("Prisma schema loaded from {}", loaded.path.display());

    let formatted = schema_format::format(&loaded.files);

    // Like Prisma, the formatted schema must validate; otherwise nothing is written.
    let mut formatted_files = SourceFiles::new();
    for ((_, file), text) in loaded.files.iter().zip(&formatted) {
        formatted_files.add(file.name.clone(), text.clone());
    }
    let (_, diagnostics) = schema::validate(&formatted_files);
    if diagnostics.has_errors() {
        let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        // The errors are shown on the user's own text (its lines and line numbers), unless
        // only the formatted text has them (a relation field the formatter added).
        let (_, original) = schema::validate(&loaded.files);
        let (files, diagnostics) = if original.has_errors() {
            (&loaded.files, original)
        } else {
            (&formatted_files, diagnostics)
        };
        eprintln!("Error: Prisma schema validation - (validate)");
        eprintln!("Error code: P1012");
        eprint!(
            "{}",
            render::render_text_limited(files, &diagnostics, colour, render::SHOWN_BY_DEFAULT)
        );
        eprintln!();
        eprintln!("Validation Error Count: {}", diagnostics.errors().count());
        return Ok(exit::FAILURE);
    }
    let changed: Vec<usize> = loaded
        .files
        .iter()
        .zip(&formatted)
        .enumerate()
        .filter(|(_, ((_, file), new))| file.text != **new)
        .map(|(i, _)| i)
        .collect();

    if args.check {
        if changed.is_empty() {
            println!("All files are formatted correctly!");
            return Ok(exit::OK);
        }
        eprintln!("! There are unformatted files. Run `refract format` to format them:");
        for &i in &changed {
            eprintln!("  {}", loaded.paths[i].display());
        }
        return Ok(exit::FAILURE);
    }

    for &i in &changed {
        let path = &loaded.paths[i];
        std::fs::write(path, &formatted[i])
            .with_context(|| format!("Could not write the schema file `{}`", path.display()))?;
    }
    println!(
        "Formatted {} in {} 🚀",
        loaded.path.display(),
        format_duration(started.elapsed().as_millis())
    );
    Ok(exit::OK)
}

/// Milliseconds as Prisma prints them: `12ms`, or `1.23s` from one second on.
fn format_duration(ms: u128) -> String {
    if ms < 1000 {
        format!("{ms}ms")
    } else {
        format!("{:.2}s", ms as f64 / 1000.0)
    }
}
