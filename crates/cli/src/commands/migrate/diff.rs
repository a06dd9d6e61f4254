//! `refract migrate diff --from-… --to-… [--script] [--exit-code]`: compares two schema
//! sources (an empty schema, a Prisma schema, a database, a migrations folder) and prints the
//! migration between them. Prisma 7's flag names and Prisma 6's are both accepted.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use driver::{Connection, DatabaseUrl};
use migrate::history::{MigrationsFolder, lock_file};
use sql_schema::SqlSchema;

use crate::errors::{from_driver, from_history};
use crate::project::{block_on, printed_script, validate_schema};
use crate::schema_location::SchemaArg;

/// Arguments of `refract migrate diff`.
#[derive(clap::Args)]
pub struct Args {
    /// Assume the "from" state is an empty schema
    #[arg(long)]
    from_empty: bool,
    /// Assume the "to" state is an empty schema
    #[arg(long)]
    to_empty: bool,
    /// Path to a Prisma schema file (or folder) for the "from" state
    #[arg(long, value_name = "PATH", alias = "from-schema-datamodel")]
    from_schema: Option<PathBuf>,
    /// Path to a Prisma schema file (or folder) for the "to" state
    #[arg(long, value_name = "PATH", alias = "to-schema-datamodel")]
    to_schema: Option<PathBuf>,
    /// The database of the datasource of this schema for the "from" state
    #[arg(long, value_name = "PATH")]
    from_schema_datasource: Option<PathBuf>,
    /// The database of the datasource of this schema for the "to" state
    #[arg(long, value_name = "PATH")]
    to_schema_datasource: Option<PathBuf>,
    /// The database of the project's datasource for the "from" state
    #[arg(long)]
    from_config_datasource: bool,
    /// The database of the project's datasource for the "to" state
    #[arg(long)]
    to_config_datasource: bool,
    /// A database URL for the "from" state
    #[arg(long, value_name = "URL")]
    from_url: Option<String>,
    /// A database URL for the "to" state
    #[arg(long, value_name = "URL")]
    to_url: Option<String>,
    /// A migrations folder for the "from" state (interpreted, or replayed into a shadow database)
    #[arg(long, value_name = "PATH")]
    from_migrations: Option<PathBuf>,
    /// A migrations folder for the "to" state (interpreted, or replayed into a shadow database)
    #[arg(long, value_name = "PATH")]
    to_migrations: Option<PathBuf>,
    /// URL of the shadow database for --from-migrations/--to-migrations (PostgreSQL)
    #[arg(long, value_name = "URL")]
    shadow_database_url: Option<String>,
    /// Render a SQL script instead of a human-readable summary
    #[arg(long)]
    script: bool,
    /// Exit with 2 when the schemas differ, 0 when they do not
    #[arg(long)]
    exit_code: bool,
    /// Write the output to this file instead of stdout
    #[arg(long, short = 'o', value_name = "PATH")]
    output: Option<PathBuf>,
    #[command(flatten)]
    schema: SchemaArg,
}

enum Source {
    Empty,
    Schema(PathBuf),
    Datasource(Option<PathBuf>),
    Url(String),
    Migrations(PathBuf),
}

/// The one source given for a side; a usage error (exit 2) otherwise.
fn pick(side: &str, candidates: Vec<Option<Source>>) -> Result<Source, String> {
    let mut given: Vec<Source> = candidates.into_iter().flatten().collect();
    match given.len() {
        1 => Ok(given.remove(0)),
        0 => Err(format!(
            "Missing a --{side}-… option: pass one of --{side}-empty, --{side}-schema, --{side}-url, --{side}-migrations, --{side}-config-datasource"
        )),
        _ => Err(format!("Only one --{side}-… option can be given")),
    }
}

/// Reports a usage error as clap does: the message, the usage line, exit code 2.
fn usage_error(message: &str) -> u8 {
    eprintln!(
        "Error: {message}\n\nUsage: refract migrate diff --from-… <SOURCE> --to-… <SOURCE> [--script]\n\nFor more information, try '--help'."
    );
    crate::exit::USAGE
}

/// One side, described.
struct Described {
    schema: SqlSchema,
    provider: Option<schema::Provider>,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let from = pick(
        "from",
        vec![
            args.from_empty.then_some(Source::Empty),
            args.from_schema.clone().map(Source::Schema),
            args.from_schema_datasource
                .clone()
                .map(|p| Source::Datasource(Some(p))),
            args.from_config_datasource
                .then_some(Source::Datasource(None)),
            args.from_url.clone().map(Source::Url),
            args.from_migrations.clone().map(Source::Migrations),
        ],
    );
    let from = match from {
        Ok(source) => source,
        Err(message) => return Ok(usage_error(&message)),
    };
    let to = pick(
        "to",
        vec![
            args.to_empty.then_some(Source::Empty),
            args.to_schema.clone().map(Source::Schema),
            args.to_schema_datasource
                .clone()
                .map(|p| Source::Datasource(Some(p))),
            args.to_config_datasource
                .then_some(Source::Datasource(None)),
            args.to_url.clone().map(Source::Url),
            args.to_migrations.clone().map(Source::Migrations),
        ],
    );
    let to = match to {
        Ok(source) => source,
        Err(message) => return Ok(usage_error(&message)),
    };
    let (script, changed) = block_on(async {
        // Schema sides first: their `schemas = [...]` tell which namespaces to introspect.
        let is_database = |s: &Source| matches!(s, Source::Url(_) | Source::Datasource(_));
        let mut namespaces = Vec::new();
        let mut from_d = None;
        let mut to_d = None;
        if !is_database(&from) {
            let d = describe(&from, &args, &[]).await?;
            namespaces.extend(d.schema.namespaces.iter().cloned());
            from_d = Some(d);
        }
        if !is_database(&to) {
            let d = describe(&to, &args, &[]).await?;
            namespaces.extend(d.schema.namespaces.iter().cloned());
            to_d = Some(d);
        }
        namespaces.dedup();
        let from_d = match from_d {
            Some(d) => d,
            None => describe(&from, &args, &namespaces).await?,
        };
        let to_d = match to_d {
            Some(d) => d,
            None => describe(&to, &args, &namespaces).await?,
        };
        // The config file's external tables and enums are on neither side.
        let prisma_config = args.schema.prisma_config()?;
        let side = |source: &Source, d: Described| migrate::commands::DiffSide {
            schema: crate::project::without_external(prisma_config.as_ref(), d.schema),
            provider: d.provider,
            is_schema_file: matches!(source, Source::Schema(_)),
        };
        let diff = migrate::commands::diff_sides(side(&from, from_d), side(&to, to_d))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let changed = diff.changed;
        let out = if args.script {
            printed_script(&diff.script)
        } else {
            format!("{}\n", diff.summary)
        };
        anyhow::Ok((out, changed))
    })??;
    match &args.output {
        Some(path) => std::fs::write(path, &script)
            .with_context(|| format!("Could not write `{}`", path.display()))?,
        None => print!("{script}"),
    }
    Ok(if args.exit_code && changed {
        2
    } else {
        crate::exit::OK
    })
}

async fn describe(
    source: &Source,
    args: &Args,
    namespaces: &[String],
) -> anyhow::Result<Described> {
    Ok(match source {
        Source::Empty => Described {
            schema: SqlSchema::default(),
            provider: None,
        },
        Source::Schema(path) => {
            let loaded = SchemaArg {
                schema: Some(path.clone()),
                config: args.schema.config.clone(),
            }
            .load()?;
            let validated = validate_schema(&loaded)?;
            let dialect = migrate::dialect_of(&validated)?;
            Described {
                schema: migrate::calculate(&validated, dialect),
                provider: validated.provider(),
            }
        }
        Source::Datasource(path) => {
            let arg = match path {
                Some(p) => SchemaArg {
                    schema: Some(p.clone()),
                    config: args.schema.config.clone(),
                },
                None => args.schema.clone(),
            };
            let url = crate::project::Project::load(&arg, None)?.url;
            describe_database(&url, namespaces).await?
        }
        Source::Url(url) => {
            let cwd = std::env::current_dir()?;
            let url = DatabaseUrl::parse(url, &cwd).map_err(from_driver)?;
            describe_database(&url, namespaces).await?
        }
        Source::Migrations(dir) => describe_migrations(dir, args).await?,
    })
}

async fn describe_database(url: &DatabaseUrl, namespaces: &[String]) -> anyhow::Result<Described> {
    let conn = Connection::connect(url).await.map_err(from_driver)?;
    let schema = migrate::introspect::introspect_with_extensions(&conn, namespaces, true)
        .await
        .map_err(from_driver)?;
    Ok(Described {
        schema,
        provider: schema::Provider::from_name(conn.provider().prisma_name()),
    })
}

async fn describe_migrations(dir: &Path, args: &Args) -> anyhow::Result<Described> {
    let folder = MigrationsFolder::new(dir);
    if !folder.exists() {
        bail!("The migrations folder `{}` does not exist", dir.display());
    }
    let locked = lock_file::read(dir).map_err(from_history)?;
    let cwd = std::env::current_dir()?;
    let prisma_config = args.schema.prisma_config()?;
    // `--shadow-database-url`, else the config file's `datasource.shadowDatabaseUrl` (Prisma 7
    // reads it only there), relative paths against the config file's folder.
    let shadow_url = match &args.shadow_database_url {
        Some(url) => Some(DatabaseUrl::parse(url, &cwd).map_err(from_driver)?),
        None => match prisma_config
            .as_ref()
            .and_then(|c| c.shadow_database_url.clone())
        {
            Some(Ok(url)) => {
                let dir = prisma_config.as_ref().map(|c| c.dir()).unwrap_or_default();
                let base = if dir.as_os_str().is_empty() {
                    cwd.clone()
                } else {
                    dir
                };
                Some(DatabaseUrl::parse(&url, &base).map_err(from_driver)?)
            }
            Some(Err(e)) => bail!("Failed to read the config file {e}"),
            None => None,
        },
    };
    // Interpreted without a database where the whole history can be; the shadow otherwise.
    let init_shadow_db = prisma_config
        .as_ref()
        .is_some_and(|c| c.init_shadow_db.is_some());
    if let Some(dialect) = locked
        .as_deref()
        .and_then(migrate::SqlDialect::from_provider)
    {
        let server = match &shadow_url {
            Some(url) => Some(url.clone()),
            None if dialect.distinguishes_mariadb() => {
                crate::project::Project::load(&args.schema, None)
                    .ok()
                    .map(|p| p.url)
            }
            None => None,
        };
        let mariadb = migrate::commands::server_is_mariadb(dialect, server.as_ref()).await;
        let migrations = folder.list().map_err(from_history)?;
        let plan = migrate::commands::plan_history(
            dialect.with_mariadb(mariadb),
            &migrations,
            init_shadow_db,
            &[],
            false,
        )
        .map_err(from_history)?;
        eprintln!("{}", plan.method.describe());
        if let Some(schema) = plan.schema {
            return Ok(Described {
                schema: migrate::commands::as_shadow_describes(schema),
                provider: locked.as_deref().and_then(schema::Provider::from_name),
            });
        }
    }
    let (conn, temporary) = match (shadow_url, locked.as_deref()) {
        (Some(url), _) => {
            migrate::commands::ensure_database(&url)
                .await
                .map_err(from_history)?;
            let conn = Connection::connect(&url).await.map_err(from_driver)?;
            migrate::commands::reset_database(&conn)
                .await
                .map_err(from_history)?;
            (conn, None)
        }
        (None, Some("sqlite") | None) => (
            Connection::sqlite_in_memory().await.map_err(from_driver)?,
            None,
        ),
        (None, Some(provider)) => {
            // PostgreSQL, MySQL: a temporary database next to the datasource's, dropped afterwards.
            let main = crate::project::Project::load(&args.schema, None)
                .with_context(|| {
                    format!("--from-migrations on {provider} needs a shadow database: pass --shadow-database-url")
                })?
                .url;
            let Some(shadow) =
                main.with_database(&format!("prisma_migrate_shadow_db_{}", std::process::id()))
            else {
                bail!(
                    "--from-migrations on {provider} needs a shadow database: pass --shadow-database-url"
                );
            };
            driver::create_database(&shadow)
                .await
                .map_err(from_driver)?;
            let conn = Connection::connect(&shadow).await.map_err(from_driver)?;
            (conn, Some(shadow))
        }
    };
    // The config file's `migrations.initShadowDb` runs before the replay, as in `migrate dev`.
    let init = prisma_config.and_then(|c| c.init_shadow_db);
    let init_failed = match init {
        Some(sql) => conn.raw_cmd(&sql).await.err(),
        None => None,
    };
    let result = match &init_failed {
        Some(_) => Ok(SqlSchema::default()),
        None => migrate::commands::schema_from_migrations(&conn, &folder).await,
    };
    let provider = schema::Provider::from_name(conn.provider().prisma_name());
    drop(conn);
    if let Some(shadow) = temporary {
        driver::drop_database(&shadow).await.map_err(from_driver)?;
    }
    if let Some(e) = init_failed {
        bail!(
            "The `migrations.initShadowDb` SQL of the Prisma config file failed on the shadow database:\n{e}"
        );
    }
    Ok(Described {
        schema: result.map_err(from_history)?,
        provider,
    })
}
