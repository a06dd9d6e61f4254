//! `refract migrate dev [--name NAME] [--create-only]`: the engine's steps
//! (`migrate::commands::dev`: the history interpreted, or replayed into the shadow database it
//! opens; drift and the reset it needs; pending migrations applied; the migration for the
//! schema's changes written and applied), with this file's prompts (reset, data loss, the
//! migration's name) and messages between them.

use anyhow::bail;
use migrate::commands::ShadowDatabase;
use migrate::commands::dev::{Dev, DevMigration};
use migrate::history::lock_file;

use crate::errors::from_history;
use crate::paths::display_path;
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
        let calculated = migrate::calculate(&validated, dialect);
        let method = migrate::commands::dev::history_method(
            &conn,
            &folder,
            project.init_shadow_db().is_some(),
            &calculated.namespaces,
            migrate::manages_extensions(&validated),
        )
        .map_err(from_history)?;
        println!("{}\n", method.describe());
        let shadow = if method.needs_shadow() {
            Some(
                ShadowDatabase::open(
                    &project.url,
                    project.shadow_url.as_ref(),
                    project.init_shadow_db(),
                )
                .await
                .map_err(from_history)?,
            )
        } else {
            None
        };
        let config = project.prisma_config.as_ref();
        let dev = Dev {
            conn: &conn,
            shadow: shadow.as_ref().map(ShadowDatabase::connection),
            folder: &folder,
            dialect,
            target: project.without_external(calculated),
            extensions: migrate::manages_extensions(&validated),
            external_tables: config.map_or(&[], |c| c.external_tables.as_slice()),
            external_enums: config.map_or(&[], |c| c.external_enums.as_slice()),
        };
        let result = dev_steps(&args, &project, &dev).await;
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

/// The engine's steps, with the prompts and messages between them.
async fn dev_steps(args: &Args, project: &Project, dev: &Dev<'_>) -> anyhow::Result<u8> {
    let with_down = args.with_down || super::down::configured()?;
    // 1. The history as the database knows it, and whether the database must be reset.
    let check = dev.check().await.map_err(from_history)?;
    if let Some(reason) = &check.reset {
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
        dev.reset().await.map_err(from_history)?;
    }

    // 2. Pending migrations, applied and recorded.
    let applied = dev
        .apply_pending(&check, &mut |name| {
            println!("Applying migration `{name}`");
        })
        .await
        .map_err(from_history)?;
    if !applied.is_empty() {
        println!(
            "\nThe following migration(s) have been applied:\n\n{}",
            migration_tree(&applied)
        );
    }

    // 3. The schema's changes as a new migration.
    let migration = match dev
        .plan_migration(&check, args.create_only)
        .await
        .map_err(from_history)?
    {
        DevMigration::InSync => {
            println!("Already in sync, no schema change or pending migration was found.");
            return Ok(crate::exit::OK);
        }
        DevMigration::Write(migration) => migration,
    };
    if !migration.unexecutable.is_empty() {
        let list: Vec<String> = migration
            .unexecutable
            .iter()
            .map(|u| format!("  • {u}"))
            .collect();
        bail!(
            "⚠️ We found changes that cannot be executed:\n\n{}\n\nYou can use refract migrate dev --create-only to create the migration file, and manually modify it to address the underlying issue(s).\nThen run refract migrate dev to apply it and verify it works.",
            list.join("\n")
        );
    }
    if !migration.warnings.is_empty() {
        let list: Vec<String> = migration
            .warnings
            .iter()
            .map(|w| format!("  • {w}"))
            .collect();
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

    // 4. Written (with its down script), then applied.
    let written = dev
        .write(&check, &migration, &name, with_down)
        .await
        .map_err(from_history)?;
    if let Some(down) = &written.down_script {
        println!("Down script written to {}", display_path(down));
    }
    let created = &written.migration;
    crate::commands::migrate::lint::after_dev(
        dev.folder,
        created,
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
    dev.apply(&written).await.map_err(from_history)?;
    println!(
        "\nThe following migration(s) have been created and applied from new schema changes:\n\n{}\n{}",
        migration_tree(&[created.name().to_owned()]),
        crate::style::green("Your database is now in sync with your schema.")
    );
    Ok(crate::exit::OK)
}
