//! `refract migrate …`: the migration commands.

pub mod deploy;
pub mod dev;
pub mod diff;
pub mod down;
pub mod lint;
pub mod reset;
pub mod resolve;
pub mod status;

/// Arguments of `refract migrate`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Create a migration from changes in Prisma schema, apply it to the database
    Dev(dev::Args),
    /// Apply pending migrations to update the database schema in production/staging
    Deploy(deploy::Args),
    /// Check the status of your database migrations
    Status(status::Args),
    /// Resolve issues with database migrations, i.e. baseline, failed migration, hotfix
    Resolve(resolve::Args),
    /// Reset your database and apply all migrations, all data will be lost
    Reset(reset::Args),
    /// Compare the database schema from two arbitrary sources
    Diff(diff::Args),
    /// Revert the newest applied migrations with their down.sql (Refract only)
    Down(down::Args),
    /// Find the locks, rewrites and breaking changes of migrations before they run
    Lint(lint::Args),
}

/// Runs the sub-command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    match args.command {
        Command::Dev(a) => dev::run(a),
        Command::Deploy(a) => deploy::run(a),
        Command::Status(a) => status::run(a),
        Command::Resolve(a) => resolve::run(a),
        Command::Reset(a) => reset::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Down(a) => down::run(a),
        Command::Lint(a) => lint::run(a),
    }
}
