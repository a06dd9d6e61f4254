//! `refract`: the Prisma toolkit for Rust. Only this crate touches stdout, the environment,
//! the terminal and exit codes; every command's work is done by the library crates.

mod commands;
mod datasource;
mod dialect;
mod errors;
mod paths;
mod project;
// The commands that read a schema arrive one by one; until all of them use every helper here,
// some are unused.
#[allow(dead_code)]
mod schema_location;
mod settings;
mod style;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// Exit codes scripts can rely on.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// The schema is invalid, a check failed, or the database is not in the expected state.
    pub const FAILURE: u8 = 1;
    /// The command line itself is wrong (clap's own code for usage errors).
    pub const USAGE: u8 = 2;
}

#[derive(Parser)]
#[command(
    name = "refract",
    version,
    disable_version_flag = true,
    about = "Prisma schemas, migrations and a type-safe client, for Rust",
    long_about = "Refract reads the schema.prisma you already have: it validates and formats it, \
                  turns its changes into SQL migrations (the same migrations folder and \
                  _prisma_migrations table as Prisma Migrate) and generates a type-safe Rust client."
)]
struct Cli {
    /// Print version information (what `refract version` prints)
    #[arg(short = 'v', long = "version")]
    version: bool,
    /// With --version: print it as JSON
    #[arg(long, requires = "version")]
    json: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Set up a new Refract project: prisma/schema.prisma, .env and .gitignore entries
    Init(commands::init::Args),
    /// Validate the Prisma schema
    Validate(commands::validate::Args),
    /// Format the Prisma schema
    Format(commands::format::Args),
    /// Update the database schema with migrations
    Migrate(commands::migrate::Args),
    /// Manage your database schema and lifecycle
    Db(commands::db::Args),
    /// Generate the type-safe Rust client
    Generate(commands::generate::Args),
    /// Display Refract's version information
    Version(commands::version::Args),
    /// Display the paths and settings in effect (config file, schema, database, environment)
    Debug(commands::debug::Args),
    /// Generate shell completion scripts (bash, zsh, fish)
    #[command(alias = "complete")]
    Completion(commands::completion::Args),
    /// Browse and edit your data in the browser (Refract Studio)
    Studio(commands::studio::Args),
    /// Start the language server for editors (over stdio; see docs/lsp.md)
    Lsp(commands::lsp::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        if cli.version {
            commands::version::print(&schema_location::SchemaArg::default(), cli.json);
            return ExitCode::from(exit::OK);
        }
        // No command: the help, and the usage error's exit code, as clap gives for a missing
        // subcommand.
        let _ = Cli::command().print_help();
        return ExitCode::from(exit::USAGE);
    };
    let result = match command {
        Command::Init(args) => commands::init::run(args),
        Command::Validate(args) => commands::validate::run(args),
        Command::Format(args) => commands::format::run(args),
        Command::Migrate(args) => commands::migrate::run(args),
        Command::Db(args) => commands::db::run(args),
        Command::Generate(args) => commands::generate::run(args),
        Command::Version(args) => commands::version::run(args),
        Command::Debug(args) => commands::debug::run(args),
        Command::Completion(args) => commands::completion::run(args, Cli::command()),
        Command::Studio(args) => commands::studio::run(args),
        Command::Lsp(args) => commands::lsp::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("{} {err:#}", style::error_label("Error:"));
            ExitCode::from(exit::FAILURE)
        }
    }
}
