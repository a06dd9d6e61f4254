//! `refract migrate dev [--name NAME] [--create-only]`: interpret the history (or replay it
//! into a shadow database where it cannot be interpreted), report drift (and offer a reset), apply pending migrations, then write the
//! migration from the schema's changes and apply it.

use anyhow::{Context, bail};
use connector::{Connection, DatabaseUrl};
use migrate::history::{MigrationsFolder, lock_file};

use crate::errors::{coded, from_connector, from_history};
use crate::project::{Project, ask, block_on, confirm, is_interactive, migration_tree};
use crate::schema_location::SchemaArg;

/// Arguments of `refract migrate dev`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    schema: SchemaArg,
    /// Name the migration
    #[arg(long, short = 'n', value_name = "NAME")]
    name: Option<String>,
    /// Create a new migration but do not apply it
    #[arg(long)]
    create_only: bool,
    /// Skip triggering generators (the Refract client)
    #[arg(long)]
    skip_generate: bool,
    /// Database URL, instead of the schema's datasource
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// Also write down.sql, the SQL that reverts the migration (`refract migrate down`)
    #[arg(long)]
    with_down: bool,
}

/// A shadow database for the replay: SQLite in memory; on PostgreSQL the datasource's
/// `shadowDatabaseUrl` (emptied first) or a temporary database beside the main one.
struct Shadow {
    conn: Connection,
    temporary: Option<DatabaseUrl>,
}

async fn open_shadow(project: &Project) -> anyhow::Result<Shadow> {
    let shadow = open_empty_shadow(project).await?;
    if let Some(sql) = project.init_shadow_db()
        && let Err(e) = shadow.conn.raw_cmd(sql).await
    {
        shadow.close().await;
        return Err(anyhow::anyhow!(
            "The `migrations.initShadowDb` SQL of the Prisma config file failed on the shadow database:\n{e}"
        ));
    }
    Ok(shadow)
}

async fn open_empty_shadow(project: &Project) -> anyhow::Result<Shadow> {
    if let Some(url) = &project.shadow_url {
        migrate::commands::ensure_database(url)
            .await
            .map_err(from_history)?;
        let conn = Connection::connect(url).await.map_err(from_connector)?;
        migrate::commands::reset_database(&conn)
            .await
            .map_err(from_history)?;
        return Ok(Shadow {
            conn,
            temporary: None,
        });
    }
    match &project.url {
        DatabaseUrl::Sqlite(_) => Ok(Shadow {
            conn: Connection::sqlite_in_memory()
                .await
                .map_err(from_connector)?,
            temporary: None,
        }),
        server => {
            // PostgreSQL, MySQL: a temporary database on the same server.
            let name = format!("prisma_migrate_shadow_db_{}", std::process::id());
            let url = server
                .with_database(&name)
                .expect("a server URL names databases");
            let _ = connector::drop_database(&url).await;
            connector::create_database(&url).await.map_err(|e| {
                coded(
                    Some("P3014"),
                    format!(
                        "Prisma Migrate could not create the shadow database. Please make sure the database user has permission to create databases. Read more about the shadow database (and workarounds) at https://pris.ly/d/migrate-shadow\n\nOriginal error: \n{e}"
                    ),
                )
            })?;
            let conn = Connection::connect(&url).await.map_err(from_connector)?;
            Ok(Shadow {
                conn,
                temporary: Some(url),
            })
        }
    }
}

impl Shadow {
    async fn close(self) {
        drop(self.conn);
        if let Some(url) = self.temporary {
            let _ = connector::drop_database(&url).await;
        }
    }
}

/// The interpreter's dialect for the database behind `conn`.
fn interpreter_dialect(conn: &Connection) -> migrate::SqlDialect {
    migrate::commands::interpreter_dialect(conn.provider(), conn.is_mariadb())
}

/// The schema `migrations` describe: replayed into the shadow database when there is one,
/// interpreted otherwise.
async fn history_schema(
    conn: &Connection,
    shadow: Option<&Connection>,
    migrations: &[migrate::history::MigrationDirectory],
    namespaces: &[String],
    extensions: bool,
) -> anyhow::Result<migrate::SqlSchema> {
    let Some(shadow) = shadow else {
        return migrate::commands::interpret_migrations(interpreter_dialect(conn), migrations)
            .map_err(from_history)?
            .map_err(|e| anyhow::anyhow!("{e}"));
    };
    migrate::commands::apply_to_shadow(shadow, migrations)
        .await
        .map_err(from_history)?;
    migrate::introspect::introspect_with_extensions(shadow, namespaces, extensions)
        .await
        .map_err(from_connector)
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let project = Project::load(&args.schema, args.url.as_deref())?;
    let (validated, dialect) = project.validated()?;
    project.print_header();
    let folder = project.migrations();
    let provider = project.url.provider().prisma_name();
    lock_file::check_provider(folder.path(), provider).map_err(from_history)?;
    let code: anyhow::Result<u8> = block_on(async {
        let conn = project.connect_creating().await?;
        // The history interpreted where it can be; a shadow database only where it cannot.
        let plan = migrate::commands::plan_history(
            interpreter_dialect(&conn),
            &folder.list().map_err(from_history)?,
            project.init_shadow_db().is_some(),
            &migrate::calculate(&validated, dialect).namespaces,
            migrate::manages_extensions(&validated),
        )
        .map_err(from_history)?;
        println!("{}\n", plan.method.describe());
        let shadow = if plan.method.needs_shadow() {
            Some(open_shadow(&project).await?)
        } else {
            None
        };
        let result = dev(
            &args,
            &project,
            &validated,
            dialect,
            &folder,
            &conn,
            shadow.as_ref().map(|s| &s.conn),
        )
        .await;
        if let Some(shadow) = shadow {
            shadow.close().await;
        }
        result
    })?;
    let code = code?;
    if code == crate::exit::OK
        && !args.create_only
        && !crate::commands::generate::skip_requested(args.skip_generate)
        && let Some(loaded) = &project.schema
    {
        crate::commands::generate::after_migration(loaded, &validated)?;
    }
    Ok(code)
}

async fn dev(
    args: &Args,
    project: &Project,
    validated: &schema::ValidatedSchema,
    dialect: &'static dyn migrate::Dialect,
    folder: &MigrationsFolder,
    conn: &Connection,
    shadow: Option<&Connection>,
) -> anyhow::Result<u8> {
    let target = project.without_external(migrate::calculate(validated, dialect));
    let namespaces = target.namespaces.clone();
    let with_down = args.with_down || super::down::configured()?;
    let extensions = migrate::manages_extensions(validated);
    // 1. The history as the database knows it, and whether the database drifted from it.
    let migrations = folder.list().map_err(from_history)?;
    let report = migrate::commands::status(conn, folder)
        .await
        .map_err(from_history)?;
    let applied: Vec<_> = migrations
        .iter()
        .filter(|m| !report.unapplied.contains(&m.name().to_owned()))
        .filter(|m| !report.failed.iter().any(|f| f.migration_name == m.name()))
        .cloned()
        .collect();
    // A history that already needs a reset (failed, edited or deleted migrations) is not
    // replayed: its replay may fail (a deleted migration's tables are missing) and drift is
    // beside the point.
    let history_broken = !report.failed.is_empty()
        || !report.edited.is_empty()
        || !report.missing_from_folder.is_empty();
    let (expected, actual) = if history_broken {
        Default::default()
    } else {
        let expected = history_schema(conn, shadow, &applied, &namespaces, extensions).await?;
        let actual = migrate::introspect::introspect_with_extensions(conn, &namespaces, extensions)
            .await
            .map_err(from_connector)?;
        (
            project.without_external(expected),
            project.without_external(actual),
        )
    };
    let drift = migrate::diff(&expected, &actual, dialect);
    let mut reason = None;
    if !report.failed.is_empty() {
        let names: Vec<&str> = report
            .failed
            .iter()
            .map(|f| f.migration_name.as_str())
            .collect();
        reason = Some(format!("The migration(s) `{}` failed.", names.join("`, `")));
    } else if !report.edited.is_empty() {
        reason = Some(format!(
            "The following migration(s) were modified after they were applied:\n{}",
            report.edited.join("\n")
        ));
    } else if !report.missing_from_folder.is_empty() {
        reason = Some(format!(
            "The following migration(s) are applied to the database but missing from the local migrations directory: {}",
            report.missing_from_folder.join(", ")
        ));
    } else if !drift.steps.is_empty() {
        reason = Some(format!(
            "Drift detected: Your database schema is not in sync with your migration history.\n\nThe following is a summary of the differences between the expected database schema given your migrations files, and the actual schema of the database.\n\nIt should be understood as the set of changes to get from the expected schema to the actual schema.\n\n{}",
            migrate::drift_summary(&drift)
        ));
    }
    if let Some(reason) = reason {
        println!(
            "{reason}\n\nWe need to reset the {}\n",
            project.database_phrase()
        );
        if !is_interactive() {
            bail!(
                "The database must be reset, and this environment is non-interactive so it cannot ask. Run `refract migrate reset --force` to drop the development database (all data will be lost), then `refract migrate dev` again."
            );
        }
        if !confirm("Do you want to continue? All data will be lost.")? {
            println!("Reset cancelled.");
            return Ok(crate::exit::FAILURE);
        }
        migrate::commands::reset_database(conn)
            .await
            .map_err(from_history)?;
    }

    // 2. Pending migrations, applied and recorded; the shadow replays them too.
    let out = migrate::commands::deploy_with_external(
        conn,
        folder,
        project.external_tables(),
        &mut |name| {
            println!("Applying migration `{name}`");
        },
    )
    .await
    .map_err(from_history)?;
    let pending: Vec<_> = migrations
        .iter()
        .filter(|m| history_broken || !applied.iter().any(|a| a.name() == m.name()))
        .cloned()
        .collect();
    if let Some(shadow) = shadow {
        migrate::commands::apply_to_shadow(shadow, &pending)
            .await
            .map_err(from_history)?;
    }
    if !out.applied.is_empty() {
        println!(
            "\nThe following migration(s) have been applied:\n\n{}",
            migration_tree(&out.applied)
        );
    }

    // 3. The schema's changes as a new migration.
    let from = match shadow {
        Some(shadow) => {
            migrate::introspect::introspect_with_extensions(shadow, &namespaces, extensions)
                .await
                .map_err(from_connector)?
        }
        None => history_schema(conn, None, &migrations, &namespaces, extensions).await?,
    };
    let from = project.without_external(from);
    let migration = migrate::diff(&from, &target, dialect);
    if migrate::commands::new_migration(&migration, args.create_only)
        == migrate::commands::NewMigration::InSync
    {
        println!("Already in sync, no schema change or pending migration was found.");
        return Ok(crate::exit::OK);
    }
    let checks = migrate::commands::check_destructive(conn, &migration)
        .await
        .map_err(from_history)?;
    if !checks.unexecutable.is_empty() {
        let list: Vec<String> = checks
            .unexecutable
            .iter()
            .map(|u| format!("  • {u}"))
            .collect();
        bail!(
            "⚠️ We found changes that cannot be executed:\n\n{}\n\nYou can use refract migrate dev --create-only to create the migration file, and manually modify it to address the underlying issue(s).\nThen run refract migrate dev to apply it and verify it works.",
            list.join("\n")
        );
    }
    if !checks.warnings.is_empty() {
        let list: Vec<String> = checks.warnings.iter().map(|w| format!("  • {w}")).collect();
        println!(
            "⚠️  Warnings for the current datasource:\n\n{}\n",
            list.join("\n")
        );
        if !args.create_only {
            if !is_interactive() {
                bail!(
                    "Prisma Migrate has detected that the environment is non-interactive, which is not supported.\n\n`refract migrate dev` is an interactive command designed to create new migrations and evolve the database in development.\nTo apply existing migrations in deployments, use refract migrate deploy.\nSee https://pris.ly/d/migrate-deploy\n\nThe migration would lose data (the warnings above), and this environment cannot confirm it: use --create-only to write the migration without applying it, review it, then apply it with `refract migrate deploy`."
                );
            }
            if !confirm("Are you sure you want to create and apply this migration?")? {
                println!("Migration cancelled.");
                return Ok(crate::exit::FAILURE);
            }
        }
    }
    let name = match &args.name {
        Some(n) => migrate::history::migration_slug(n),
        None if is_interactive() => {
            migrate::history::migration_slug(&ask("Enter a name for the new migration:")?)
        }
        None => String::new(),
    };
    let script = migrate::render_script(&migration, dialect, &checks.warnings);
    let script = if script.ends_with('\n') {
        script
    } else {
        format!("{script}\n")
    };
    std::fs::create_dir_all(folder.path())
        .with_context(|| format!("Could not create `{}`", folder.path().display()))?;
    if lock_file::read(folder.path())
        .map_err(from_history)?
        .is_none()
    {
        lock_file::write(folder.path(), project.url.provider().prisma_name())
            .map_err(from_history)?;
    }
    let created = folder
        .create_migration(
            &folder.next_timestamp().map_err(from_history)?,
            &name,
            &script,
        )
        .map_err(from_history)?;
    if with_down {
        let after = match shadow {
            Some(shadow) => super::down::After::Shadow(shadow),
            None => {
                let mut all = migrations.clone();
                all.push(created.clone());
                let after = history_schema(conn, None, &all, &namespaces, extensions)
                    .await
                    .ok();
                super::down::After::Interpreted(after.map(|s| project.without_external(s)))
            }
        };
        super::down::write_down_script(
            project,
            after,
            &created,
            &from,
            &target,
            &namespaces,
            dialect,
        )
        .await?;
    }
    crate::commands::migrate::lint::after_dev(
        folder,
        &created,
        project.url.provider().prisma_name(),
    );
    if args.create_only {
        println!(
            "Prisma Migrate created the following migration without applying it {}\n\nYou can now edit it and apply it by running refract migrate dev.",
            created.name()
        );
        return Ok(crate::exit::OK);
    }
    println!("Applying migration `{}`", created.name());
    migrate::commands::apply_migration(conn, &created)
        .await
        .map_err(from_history)?;
    println!(
        "\nThe following migration(s) have been created and applied from new schema changes:\n\n{}\n{}",
        migration_tree(&[created.name().to_owned()]),
        crate::style::green("Your database is now in sync with your schema.")
    );
    Ok(crate::exit::OK)
}
