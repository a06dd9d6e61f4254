//! `refract migrate lint [PATH] [--all] [--format text|json|sarif] [--fail-on LEVEL]`: the
//! `lint` crate's findings for the pending migrations (or all, a folder, a file, stdin).
//! Exit codes: 0 no finding at or above `--fail-on` (default `warning`), 1 some, 2 usage.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use lint::{Dialect, LintDialect as _, Migration, Severity};
use migrate::history::{MigrationDirectory, MigrationsFolder, lock_file};

use crate::errors::from_history;
use crate::paths::display_path;
use crate::project::{Project, block_on};
use crate::schema_location::SchemaArg;

/// Arguments of `refract migrate lint`.
#[derive(clap::Args)]
pub struct Args {
    /// A migrations folder, one migration's folder, a .sql file, or `-` for standard input
    /// (default: the pending migrations of the project's migrations folder)
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    /// Lint every migration of the folder, not only the pending ones (no database needed)
    #[arg(long)]
    all: bool,
    /// Output format
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "json", "sarif"])]
    format: String,
    /// Exit with code 1 when a finding is at or above this severity
    #[arg(long, value_name = "LEVEL", default_value = "warning", value_parser = ["info", "warning", "error", "never"])]
    fail_on: String,
    /// The database dialect (`postgresql`, `mysql`, `sqlite`), instead of migration_lock.toml or the schema's
    #[arg(long, value_name = "PROVIDER")]
    provider: Option<String>,
    #[command(flatten)]
    schema: SchemaArg,
    /// Database URL, instead of the schema's datasource (to find the pending migrations)
    #[arg(long, value_name = "URL")]
    url: Option<String>,
}

fn read_dir_migrations(
    list: &[MigrationDirectory],
    lint_from: usize,
) -> anyhow::Result<Vec<Migration>> {
    list.iter()
        .enumerate()
        .map(|(i, m)| {
            Ok(Migration {
                name: m.name().to_owned(),
                path: display_path(&m.path().join("migration.sql")),
                sql: m.read_script().map_err(from_history)?,
                lint: i >= lint_from,
            })
        })
        .collect()
}

fn dialect_named(name: &str) -> anyhow::Result<Dialect> {
    Dialect::from_provider(name).with_context(|| {
        format!("`{name}` is not a dialect the lint reads: use `postgresql`, `mysql` or `sqlite`")
    })
}

/// The dialect: `--provider`, else the lock file of `folder`, else the project's datasource.
fn dialect(args: &Args, folder: Option<&Path>) -> anyhow::Result<Dialect> {
    if let Some(p) = &args.provider {
        return dialect_named(p);
    }
    if let Some(folder) = folder
        && let Some(p) = lock_file::read(folder).map_err(from_history)?
    {
        return dialect_named(&p);
    }
    match Project::load(&args.schema, args.url.as_deref()) {
        Ok(project) => dialect_named(project.url.provider().prisma_name()),
        Err(e) => bail!(
            "Could not tell the SQL dialect: pass `--provider postgresql|mysql|sqlite` (no migration_lock.toml beside the migrations, and the schema could not be read: {e:#})"
        ),
    }
}

/// The migrations to read for `args`, and the dialect.
fn inputs(args: &Args) -> anyhow::Result<(Dialect, Vec<Migration>)> {
    let Some(path) = &args.path else {
        let project = Project::load(&args.schema, args.url.as_deref())?;
        let folder = project.migrations();
        let dialect = dialect(args, Some(folder.path()))?;
        let list = if folder.exists() {
            folder.list().map_err(from_history)?
        } else {
            Vec::new()
        };
        let lint_from = if args.all {
            0
        } else {
            let report = block_on(async {
                let conn = project.connect().await?;
                migrate::commands::status(&conn, &folder)
                    .await
                    .map_err(from_history)
            })?
            .context(
                "Could not read which migrations the database has applied (use `--all` to lint every migration without a database)",
            )?;
            list.iter()
                .position(|m| report.unapplied.iter().any(|u| u == m.name()))
                .unwrap_or(list.len())
        };
        return Ok((dialect, read_dir_migrations(&list, lint_from)?));
    };
    if path.as_os_str() == "-" {
        let mut sql = String::new();
        std::io::stdin()
            .read_to_string(&mut sql)
            .context("Could not read the SQL from standard input")?;
        let dialect = dialect(args, None)?;
        let migration = Migration {
            name: "stdin".into(),
            path: "<stdin>".into(),
            sql,
            lint: true,
        };
        return Ok((dialect, vec![migration]));
    }
    if path.is_file() {
        let sql = std::fs::read_to_string(path)
            .with_context(|| format!("Could not read `{}`", path.display()))?;
        let folder = path.parent().and_then(Path::parent);
        let dialect = dialect(args, folder)?;
        let name = path.display().to_string();
        return Ok((
            dialect,
            vec![Migration {
                name,
                path: display_path(path),
                sql,
                lint: true,
            }],
        ));
    }
    if !path.is_dir() {
        bail!(
            "`{}` is neither a file nor a folder: give a migrations folder, a migration's folder, a .sql file or `-`",
            path.display()
        );
    }
    if path.join("migration.sql").is_file() {
        // One migration: the ones before it in its folder give the schema.
        let parent = path.parent().unwrap_or(Path::new("."));
        let list = MigrationsFolder::new(parent).list().map_err(from_history)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let Some(at) = list.iter().position(|m| Some(m.name()) == name.as_deref()) else {
            bail!(
                "`{}` is not a migration of `{}`",
                path.display(),
                parent.display()
            );
        };
        let dialect = dialect(args, Some(parent))?;
        return Ok((dialect, read_dir_migrations(&list[..=at], at)?));
    }
    let list = MigrationsFolder::new(path).list().map_err(from_history)?;
    let dialect = dialect(args, Some(path))?;
    Ok((dialect, read_dir_migrations(&list, 0)?))
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let (dialect, migrations) = inputs(&args)?;
    let report = lint::lint(dialect, &migrations);
    let source = crate::style::dim(&report.schema_source.describe());
    match args.format.as_str() {
        // Standard output stays JSON or SARIF (JSON also says it, as `schemaBefore`).
        "json" => {
            println!("{}", report.to_json());
            eprintln!("{}", report.schema_source.describe());
        }
        "sarif" => {
            println!("{}", report.to_sarif());
            eprintln!("{}", report.schema_source.describe());
        }
        _ => {
            if report.migrations == 0 {
                println!("No migration to lint (use --all to lint every migration).");
            } else {
                print!("{}", report.to_text());
                println!("{source}");
            }
        }
    }
    let fails = Severity::parse(&args.fail_on).is_some_and(|t| report.fails(t));
    Ok(if fails {
        crate::exit::FAILURE
    } else {
        crate::exit::OK
    })
}

/// `migrate dev`: prints the warnings and errors of the migration it just wrote.
pub fn after_dev(folder: &MigrationsFolder, created: &MigrationDirectory, provider: &str) {
    let (Some(dialect), Ok(list)) = (Dialect::from_provider(provider), folder.list()) else {
        return;
    };
    let at = list
        .iter()
        .position(|m| m.name() == created.name())
        .unwrap_or(list.len());
    let Ok(migrations) = read_dir_migrations(&list[..list.len().min(at + 1)], at) else {
        return;
    };
    let mut report = lint::lint(dialect, &migrations);
    report.findings.retain(|f| f.severity > Severity::Info);
    if !report.findings.is_empty() {
        println!(
            "{}",
            crate::style::dim("Lint findings for the new migration (refract migrate lint):")
        );
        print!("{}", report.to_text());
        println!("{}", crate::style::dim(&report.schema_source.describe()));
        println!();
    }
}
