//! The points app: admins create activities worth points and record actions (an activity
//! performed by a user); everyone sees the leaderboard. Built on Refract: the schema is
//! `prisma/schema.prisma`, the tables come from `prisma/migrations`, the client in [`prisma`]
//! is generated from the schema, and every database access is in [`store`].
//!
//! The binary (`src/main.rs`) reads the environment and calls [`open`] then [`web::router`].

pub mod auth;
pub mod pages;
#[rustfmt::skip]
pub mod prisma;
pub mod session;
pub mod store;
pub mod web;

use std::path::{Path, PathBuf};

use refract::migrate::DatabaseUrl;

use crate::store::{NewUser, Store, StoreError};

/// The default `DATABASE_URL`: relative to `prisma/`, as Prisma resolves SQLite paths.
pub const DEFAULT_DATABASE_URL: &str = "file:./points.db";

/// Why the app could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// `DATABASE_URL` is not a URL Refract can open.
    #[error("DATABASE_URL is not usable: {0}")]
    Url(refract::migrate::Error),
    /// Applying `prisma/migrations` failed.
    #[error("applying the migrations in {folder} failed: {source}")]
    Migrate {
        /// The migrations folder.
        folder: String,
        /// What went wrong.
        source: refract::migrate::Error,
    },
    /// The database refused a query.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The default folder of `schema.prisma` and `migrations/`: `examples/points/prisma`.
pub fn default_prisma_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("prisma")
}

/// Parses a Prisma URL; a relative SQLite path is relative to `prisma_dir`, as Prisma
/// resolves it relative to the schema.
pub fn parse_url(url: &str, prisma_dir: &Path) -> Result<DatabaseUrl, StartError> {
    DatabaseUrl::parse(url, prisma_dir).map_err(StartError::Url)
}

/// Creates the database if needed, applies the pending migrations of `prisma_dir/migrations`
/// (as `refract migrate deploy` does) and connects the client. Returns the store and the
/// names of the migrations applied now.
pub async fn open(
    url: &DatabaseUrl,
    prisma_dir: &Path,
) -> Result<(Store, Vec<String>), StartError> {
    let folder = prisma_dir.join("migrations");
    let deployed = refract::migrate::deploy(url, &folder)
        .await
        .map_err(|source| match source {
            refract::migrate::Error::Migrate(_) => StartError::Migrate {
                folder: folder.display().to_string(),
                source,
            },
            other => StartError::Url(other),
        })?;
    let client_url = url.to_client_url();
    Ok((Store::connect(&client_url).await?, deployed.applied))
}

/// Fills an empty database with demo users, activities and actions; `true` when it did.
/// Demo users have no password, so nobody can log in as them, and no admin role: the first
/// account that signs up becomes the admin.
pub async fn seed_if_empty(store: &Store) -> Result<bool, StoreError> {
    if !store.is_empty().await? {
        return Ok(false);
    }
    let mut users = Vec::new();
    for (name, email) in [
        ("Ada Lovelace", "ada@example.com"),
        ("Grace Hopper", "grace@example.com"),
        ("Alan Turing", "alan@example.com"),
    ] {
        let new = NewUser {
            name,
            email,
            hashed_password: None,
            role: "user",
        };
        users.push(store.create_user(new).await?);
    }
    let mut activities = Vec::new();
    for (name, points) in [
        ("Answered a question", 10),
        ("Fixed a bug", 20),
        ("Wrote a tutorial", 50),
    ] {
        activities.push(store.create_activity(name, points).await?);
    }
    for (user, activity) in [(0, 2), (0, 0), (1, 1), (1, 1), (1, 0), (2, 0)] {
        store
            .record_action(users[user].id, activities[activity].id)
            .await?;
    }
    Ok(true)
}
