//! `db pull` from an open database, the whole pipeline in one place: describe (`migrate`'s
//! describer, then [`describe_extras`](crate::describe_extras) for what it does not model, and
//! the extensions when the schema manages them) → the configuration blocks → render with
//! re-introspection → format. The CLI's `db pull` and the conformance harness both run it, so
//! the harness scores exactly what users get.

use diagnostics::SourceFiles;
use driver::Connection;
use schema::ValidatedSchema;

use crate::describe::ViewDefinition;
use crate::{PullError, PullInput, Pulled};

/// What to pull, and how.
pub struct PullRequest<'a> {
    /// The project's schema files (their `generator` and `datasource` blocks are kept).
    pub files: &'a SourceFiles,
    /// The project's schema, validated: its datasource says what to introspect, and its models
    /// are kept by re-introspection (unless `force`).
    pub schema: &'a ValidatedSchema,
    /// `db pull --schemas a,b`: the namespaces to introspect instead of the datasource's.
    pub schemas: Option<&'a [String]>,
    /// `db pull --force`: the existing models are ignored.
    pub force: bool,
    /// Also read the views' definitions (for `views/`, written with the `views` preview
    /// feature); [`PullOutcome::view_definitions`] is `None` without it.
    pub view_definitions: bool,
}

/// What [`pull_database`] returns.
#[derive(Debug)]
pub struct PullOutcome {
    /// The schema, its warnings and its model count.
    pub pulled: Pulled,
    /// The views' definitions, when asked for and the `views` preview feature is on.
    pub view_definitions: Option<Vec<ViewDefinition>>,
}

/// Why [`pull_database`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PullDatabaseError {
    /// The schema has no datasource.
    #[error("the schema has no datasource block: add one with the provider to introspect")]
    NoDatasource,
    /// Reading the database failed.
    #[error(transparent)]
    Database(#[from] driver::Error),
    /// The database cannot be turned into a schema.
    #[error(transparent)]
    Pull(#[from] PullError),
}

impl PullDatabaseError {
    /// Prisma's error code, when it has one.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            PullDatabaseError::NoDatasource => None,
            PullDatabaseError::Database(e) => e.code(),
            PullDatabaseError::Pull(e) => e.code(),
        }
    }
}

/// Pulls the database behind `conn` into the schema of `request`.
pub async fn pull_database(
    conn: &Connection,
    request: &PullRequest<'_>,
) -> Result<PullOutcome, PullDatabaseError> {
    let validated = request.schema;
    let datasource = validated
        .datasource
        .as_ref()
        .ok_or(PullDatabaseError::NoDatasource)?;
    let namespaces = request.schemas.unwrap_or(&datasource.schemas);
    let views = validated.preview_features().any(|f| f == "views");
    let mut database = migrate::introspect::introspect_for_pull(conn, namespaces).await?;
    if crate::pulls_extensions(validated) {
        database.extensions = migrate::introspect::extensions(conn).await?;
    }
    let extras = crate::describe_extras(conn).await?;
    let view_definitions = if views && request.view_definitions {
        Some(crate::describe::view_definitions(conn).await?)
    } else {
        None
    };
    let config = crate::config_blocks_pulled(request.files, validated, &database, request.schemas);
    let has_models = validated.models().next().is_some() || validated.enums().next().is_some();
    let previous = (!request.force && has_models).then_some(validated);
    let pulled = crate::pull(&PullInput {
        database: &database,
        provider: datasource.provider,
        config,
        previous,
        extras: &extras,
        views,
    })?;
    Ok(PullOutcome {
        pulled,
        view_definitions,
    })
}
