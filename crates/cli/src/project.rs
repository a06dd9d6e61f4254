//! What every migrate command starts from: the schema, the environment, the database URL and
//! the migrations folder (`migrations/` beside the schema), plus the lines Prisma prints
//! before it does anything.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use driver::{Connection, DatabaseUrl};
use migrate::history::MigrationsFolder;

use crate::datasource::{Environment, resolve_shadow_url_with, resolve_url_with};
use crate::paths::display_path;
use crate::schema_location::{LoadedSchema, SchemaArg};

/// A loaded project.
pub struct Project {
    /// The schema, when one was found (`db execute --url` works without).
    pub schema: Option<LoadedSchema>,
    /// The database.
    pub url: DatabaseUrl,
    /// The datasource's name.
    pub datasource_name: String,
    /// The `.env` files read.
    pub env_files: Vec<PathBuf>,
    /// The datasource's `shadowDatabaseUrl`, resolved.
    pub shadow_url: Option<DatabaseUrl>,
    /// The Prisma config file (`prisma.config.ts`), when there is one.
    pub prisma_config: Option<config::PrismaConfig>,
}

impl Project {
    /// Loads the schema (required unless `url` is given) and resolves the database URL.
    pub fn load(schema: &SchemaArg, url: Option<&str>) -> anyhow::Result<Project> {
        let prisma_config = schema.prisma_config()?;
        let loaded = match (schema.schema.is_some(), url) {
            // With only `--url`, a schema is optional.
            (false, Some(_)) => schema.load_with(prisma_config.as_ref()).ok(),
            _ => Some(schema.load_with(prisma_config.as_ref())?),
        };
        let env = match &prisma_config {
            Some(c) => Environment::from_config(c),
            None => Environment::load(loaded.as_ref().map(LoadedSchema::dir).as_deref())?,
        };
        let resolved = resolve_url_with(url, loaded.as_ref(), &env, prisma_config.as_ref())?;
        let shadow_url = match &loaded {
            Some(l) => resolve_shadow_url_with(l, &env, prisma_config.as_ref())?,
            None => None,
        };
        Ok(Project {
            schema: loaded,
            url: resolved.url,
            datasource_name: resolved.datasource_name,
            env_files: env.loaded_from,
            shadow_url,
            prisma_config,
        })
    }

    /// The migrations folder: the config file's `migrations.path`, else beside the schema.
    pub fn migrations(&self) -> MigrationsFolder {
        if let Some(path) = self
            .prisma_config
            .as_ref()
            .and_then(|c| c.migrations_path.as_ref())
        {
            return MigrationsFolder::new(path.clone());
        }
        let dir = self
            .schema
            .as_ref()
            .map_or_else(|| PathBuf::from("prisma"), LoadedSchema::dir);
        MigrationsFolder::new(dir.join("migrations"))
    }

    /// The migrations folder as Prisma names it in messages (`prisma/migrations`).
    pub fn migrations_display(&self) -> String {
        display_path(self.migrations().path())
    }

    /// Prisma's opening lines: `.env` files, the schema, the datasource.
    pub fn print_header(&self) {
        use crate::style::dim;
        if let Some(c) = &self.prisma_config {
            let line = format!("Loaded Prisma config from {}.", display_path(&c.file));
            println!("{}\n", dim(&line));
        }
        for file in &self.env_files {
            let line = format!("Environment variables loaded from {}", display_path(file));
            println!("{}", dim(&line));
        }
        if let Some(schema) = &self.schema {
            let line = format!("Prisma schema loaded from {}", display_path(&schema.path));
            println!("{}", dim(&line));
        }
        let line = format!(
            "Datasource \"{}\": {}",
            self.datasource_name,
            self.url.describe()
        );
        println!("{}", dim(&line));
        println!();
    }

    /// The config file's `migrations.initShadowDb`: SQL run on a fresh shadow database before
    /// the migrations are replayed (tables and enums managed outside the history).
    pub fn init_shadow_db(&self) -> Option<&str> {
        self.prisma_config
            .as_ref()
            .and_then(|c| c.init_shadow_db.as_deref())
    }

    /// The schema without the config file's external tables and enums (`tables.external`,
    /// `enums.external`), which migrations and drift never touch.
    pub fn without_external(&self, schema: sql_schema::SqlSchema) -> sql_schema::SqlSchema {
        without_external(self.prisma_config.as_ref(), schema)
    }

    /// The config file's `tables.external`: tables managed elsewhere, which do not make a
    /// database "not empty" to `migrate deploy` / `migrate dev` (P3005).
    pub fn external_tables(&self) -> &[String] {
        self.prisma_config
            .as_ref()
            .map_or(&[], |c| c.external_tables.as_slice())
    }

    /// Connects to the database (which must exist); P3004 for one of the server's own.
    pub async fn connect(&self) -> anyhow::Result<Connection> {
        migrate::commands::refuse_system_database(&self.url)
            .map_err(crate::errors::from_history)?;
        self.connect_any().await
    }

    /// Connects to any database, the server's own included (`db execute`, whose scripts may
    /// create or drop databases from MySQL's `mysql`).
    pub async fn connect_any(&self) -> anyhow::Result<Connection> {
        Connection::connect(&self.url)
            .await
            .map_err(crate::errors::from_driver)
    }

    /// The schema, validated, with its dialect (commands that calculate need one).
    pub fn validated(
        &self,
    ) -> anyhow::Result<(schema::ValidatedSchema, &'static dyn migrate::Dialect)> {
        let loaded = self.schema.as_ref().context(
            "This command needs a schema: pass --schema or put it in prisma/schema.prisma",
        )?;
        let validated = validate_schema(loaded)?;
        let dialect = migrate::dialect_of(&validated)?;
        Ok((validated, dialect))
    }

    /// Prisma's name for the database in reset prompts: `SQLite database "dev.db" at "file:./dev.db"`.
    pub fn database_phrase(&self) -> String {
        self.url.describe()
    }

    /// Creates the database when missing, printing what Prisma prints, then connects.
    pub async fn connect_creating(&self) -> anyhow::Result<Connection> {
        let created = migrate::commands::ensure_database(&self.url)
            .await
            .map_err(crate::errors::from_history)?;
        if created {
            println!("{}", crate::dialect::database_created(&self.url));
        }
        self.connect().await
    }
}

/// Asks a yes/no question on the terminal (default no).
pub fn confirm(question: &str) -> anyhow::Result<bool> {
    use std::io::Write;
    print!("? {question} › (y/N) ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}

/// Asks for a line of text on the terminal.
pub fn ask(question: &str) -> anyhow::Result<String> {
    use std::io::Write;
    print!("? {question} › ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(answer.trim().to_owned())
}

/// Whether the command may ask questions: a terminal on stdin and not in CI.
pub fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::env::var_os("CI").is_none()
}

/// Runs a future to completion on a fresh single-threaded runtime.
pub fn block_on<F: std::future::Future>(future: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("Could not start the async runtime: {e}"))?;
    Ok(runtime.block_on(future))
}

/// Prisma's tree of applied migrations:
/// ```text
/// migrations/
///   └─ 20230625203909_init/
///     └─ migration.sql
/// ```
pub fn migration_tree(names: &[String]) -> String {
    let mut out = String::from("migrations/\n");
    for name in names {
        out.push_str(&format!("  └─ {name}/\n    └─ migration.sql\n"));
    }
    out
}

/// Validates a loaded schema; errors are Prisma's P1012 with the rendered diagnostics.
pub fn validate_schema(loaded: &LoadedSchema) -> anyhow::Result<schema::ValidatedSchema> {
    let (validated, diagnostics) = schema::validate(&loaded.files);
    if diagnostics.has_errors() {
        return Err(crate::errors::coded(
            Some("P1012"),
            format!(
                "Prisma schema validation\n{}",
                diagnostics::render::render_text(&loaded.files, &diagnostics, false).trim_end()
            ),
        ));
    }
    Ok(validated)
}

/// The script as `migrate diff --script` prints it: the script, which ends with a newline,
/// then a blank line.
pub fn printed_script(script: &str) -> String {
    let mut out = script.to_owned();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The schema without the external tables and enums of `prisma_config`, if any.
pub fn without_external(
    prisma_config: Option<&config::PrismaConfig>,
    schema: sql_schema::SqlSchema,
) -> sql_schema::SqlSchema {
    match prisma_config {
        Some(c) if !c.external_tables.is_empty() || !c.external_enums.is_empty() => {
            schema.without_external(&c.external_tables, &c.external_enums)
        }
        _ => schema,
    }
}
