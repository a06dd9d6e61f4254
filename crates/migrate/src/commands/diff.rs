//! `migrate diff`'s comparison, once each side is described: which database's SQL the
//! difference is written in (the sides' provider), whether extensions count, and the script or
//! summary; the CLI describes the sides (files, URLs, migrations) and prints.

use sql_schema::SqlSchema;

/// One side of `migrate diff`, described.
#[derive(Debug, Clone, Default)]
pub struct DiffSide {
    /// Its tables, external ones already left out.
    pub schema: SqlSchema,
    /// The provider it names, when it names one (an empty side does not).
    pub provider: Option<schema::Provider>,
    /// Whether it is a schema file (`--from-schema`, `--to-schema`): only a schema that lists
    /// extensions makes the sides' extensions count, as Prisma compares them.
    pub is_schema_file: bool,
}

/// The difference between two sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidesDiff {
    /// The SQL script from one to the other (`--script`).
    pub script: String,
    /// Prisma's summary of the changes.
    pub summary: String,
    /// Whether they differ (`--exit-code`).
    pub changed: bool,
}

/// Why two sides cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    /// Neither side names a provider.
    #[error(
        "Neither side names a database provider: use --from-schema/--to-schema, a URL or a migrations folder with a migration_lock.toml"
    )]
    NoProvider,
    /// A side's schema refers to things it does not contain.
    #[error("{0}")]
    Inconsistent(String),
}

/// Compares `from` with `to`: in the SQL of the provider `to` names (else `from`'s), their
/// extensions only when a schema-file side lists some.
pub fn diff_sides(mut from: DiffSide, mut to: DiffSide) -> Result<SidesDiff, DiffError> {
    let lists_extensions = [&from, &to]
        .iter()
        .any(|d| d.is_schema_file && !d.schema.extensions.is_empty());
    if !lists_extensions {
        from.schema.extensions.clear();
        to.schema.extensions.clear();
    }
    let provider = to.provider.or(from.provider).ok_or(DiffError::NoProvider)?;
    let dialect = crate::for_provider(provider);
    from.schema
        .check()
        .map_err(|e| DiffError::Inconsistent(e.to_string()))?;
    to.schema
        .check()
        .map_err(|e| DiffError::Inconsistent(e.to_string()))?;
    let migration = crate::diff(&from.schema, &to.schema, dialect);
    Ok(SidesDiff {
        script: crate::render_script(&migration, dialect, &[]),
        summary: crate::drift_summary(&migration),
        changed: !migration.steps.is_empty(),
    })
}
