//! Applying the migrations when the application starts, as `refract migrate deploy` does: the
//! database is created if it does not exist, then every migration of the folder not yet
//! applied runs, in order, each recorded in `_prisma_migrations`.
//!
//! ```no_run
//! # async fn start() -> Result<(), Box<dyn std::error::Error>> {
//! use std::path::Path;
//!
//! let prisma = Path::new("prisma");
//! let url = refract::migrate::DatabaseUrl::parse("file:./dev.db", prisma)?;
//! let deployed = refract::migrate::deploy(&url, &prisma.join("migrations")).await?;
//! for name in &deployed.applied {
//!     println!("Applied migration {name}");
//! }
//! let client = refract::Client::connect(&url.to_client_url()).await?;
//! # drop(client);
//! # Ok(())
//! # }
//! ```

use std::path::Path;

/// A database URL as a schema's datasource gives it, read as Prisma's CLI reads it.
#[derive(Debug, Clone)]
pub struct DatabaseUrl(driver::DatabaseUrl);

impl DatabaseUrl {
    /// Parses `url` (`file:…`, `postgresql://…`, `mysql://…`); a relative SQLite path is
    /// relative to `schema_dir`, as Prisma resolves it against the schema's folder.
    pub fn parse(url: &str, schema_dir: &Path) -> Result<DatabaseUrl, Error> {
        driver::DatabaseUrl::parse(url, schema_dir)
            .map(DatabaseUrl)
            .map_err(|e| Error::Url(Box::new(e)))
    }

    /// The URL [`Client::connect`](crate::Client::connect) opens the same database with (a
    /// relative SQLite path made absolute).
    pub fn to_client_url(&self) -> String {
        self.0.to_url_string()
    }
}

/// What [`deploy`] did.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Deployed {
    /// The migrations applied now, in order (empty when the database was up to date).
    pub applied: Vec<String>,
    /// Whether the database did not exist and was created.
    pub created_database: bool,
}

/// Why [`DatabaseUrl::parse`] or [`deploy`] failed. Its message is the one
/// `refract migrate deploy` prints, with Prisma's error code where Prisma has one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The URL is not one Refract can open.
    #[error(transparent)]
    Url(Box<dyn std::error::Error + Send + Sync>),
    /// The database could not be reached.
    #[error(transparent)]
    Connect(Box<dyn std::error::Error + Send + Sync>),
    /// The migrations folder, its lock file, the database's history or a migration failed
    /// (for example P3019: the folder was written for another provider; P3018: a migration
    /// failed to apply).
    #[error(transparent)]
    Migrate(Box<dyn std::error::Error + Send + Sync>),
}

/// Creates the database if needed and applies the pending migrations of `migrations_dir`
/// (the schema's `migrations` folder), as `refract migrate deploy` does. A folder written for
/// another provider (its `migration_lock.toml`) is refused before anything is created.
pub async fn deploy(url: &DatabaseUrl, migrations_dir: &Path) -> Result<Deployed, Error> {
    let failed = |e: migrate::HistoryError| Error::Migrate(Box::new(e));
    migrate::history::lock_file::check_provider(migrations_dir, url.0.provider().prisma_name())
        .map_err(failed)?;
    let created_database = migrate::commands::ensure_database(&url.0)
        .await
        .map_err(failed)?;
    let conn = driver::Connection::connect(&url.0)
        .await
        .map_err(|e| Error::Connect(Box::new(e)))?;
    let folder = migrate::history::MigrationsFolder::new(migrations_dir);
    let output = migrate::commands::deploy(&conn, &folder)
        .await
        .map_err(failed)?;
    Ok(Deployed {
        applied: output.applied,
        created_database,
    })
}
