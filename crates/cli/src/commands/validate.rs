//! `refract validate`: what `prisma validate` does. Exit code 0 when the schema is valid
//! (warnings are printed but do not fail), 1 when it has errors.

use std::io::IsTerminal;

use diagnostics::render;

use crate::exit;
use crate::schema_location::SchemaArg;

/// Arguments of `refract validate`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    schema: SchemaArg,
    /// Print the diagnostics as JSON (for editors and scripts) instead of text
    #[arg(long)]
    json: bool,
}

/// Whether to colour output written to stderr: a terminal, and `NO_COLOR` unset or empty
/// (the convention of no-color.org).
fn stderr_colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let loaded = args.schema.load()?;
    let (_, diagnostics) = schema::validate(&loaded.files);
    let valid = !diagnostics.has_errors();

    if args.json {
        println!("{}", render::render_json(&loaded.files, &diagnostics));
        return Ok(if valid { exit::OK } else { exit::FAILURE });
    }

    let colour = stderr_colour();
    // The first diagnostics, then how many more (`--json` lists them all).
    let shown = render::SHOWN_BY_DEFAULT;
    let render = || render::render_text_limited(&loaded.files, &diagnostics, colour, shown);
    let capped = diagnostics.iter().count() > shown;
    if valid {
        if !diagnostics.is_empty() {
            eprint!("{}", render());
        }
        if capped {
            eprintln!("Run `refract validate --json` to list every diagnostic.");
        }
        println!("The schema at {} is valid 🚀", loaded.path.display());
        return Ok(exit::OK);
    }
    let errors = diagnostics.errors().count();
    eprintln!("Error: Prisma schema validation - (validate)");
    eprintln!("Error code: P1012");
    eprint!("{}", render());
    if capped {
        eprintln!("Run `refract validate --json` to list every diagnostic.");
    }
    eprintln!();
    eprintln!("Validation Error Count: {errors}");
    Ok(exit::FAILURE)
}
