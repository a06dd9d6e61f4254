//! The migration history, byte-compatible with Prisma Migrate: the migrations folder
//! ([`folder`]), `migration_lock.toml` ([`lock_file`]), the `_prisma_migrations` table
//! ([`table`]) and script checksums ([`checksum`](mod@checksum)).

pub mod checksum;
mod dialect;
pub mod folder;
pub mod lock_file;
pub mod name;
pub mod table;

use std::path::PathBuf;

pub use checksum::{checksum, script_matches_checksum};
pub use folder::{MigrationDirectory, MigrationsFolder};
pub use name::migration_slug;
pub use table::{History, MIGRATIONS_TABLE, MigrationRecord};

/// Why a history operation or a command failed. Messages are Prisma's, codes are Prisma's
/// ([`HistoryError::code`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HistoryError {
    /// The database could not be reached or rejected a statement.
    #[error(transparent)]
    Connector(#[from] driver::Error),
    /// A file of the migrations folder could not be read or written.
    #[error("Could not access `{}`: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// P3015.
    #[error(
        "Could not find the migration file at {}. Please delete the directory or restore the migration file.",
        path.display()
    )]
    MigrationFileNotFound {
        /// The missing `migration.sql`.
        path: PathBuf,
    },
    /// P3019.
    #[error(
        "The datasource provider `{provider}` specified in your schema does not match the one specified in the migration_lock.toml, `{expected_provider}`. Please remove your current migration directory and start a new migration history with prisma migrate dev. Read more: https://pris.ly/d/migrate-provider-switch"
    )]
    ProviderSwitched {
        /// The schema's provider.
        provider: String,
        /// The lock file's provider.
        expected_provider: String,
    },
    /// P3005.
    #[error(
        "The database schema is not empty. Read more about how to baseline an existing production database: https://pris.ly/d/migrate-baseline"
    )]
    DatabaseSchemaNotEmpty,
    /// P3009.
    #[error(
        "migrate found failed migrations in the target database, new migrations will not be applied. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n{details}"
    )]
    FoundFailedMigrations {
        /// One line per failed migration.
        details: String,
    },
    /// P3018.
    #[error(
        "A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\nMigration name: {migration_name}\n\nDatabase error code: {database_error_code}\n\nDatabase error:\n{database_error}\n"
    )]
    ApplyMigration {
        /// The migration.
        migration_name: String,
        /// SQLSTATE (PostgreSQL) or extended result code (SQLite).
        database_error_code: String,
        /// The database's message.
        database_error: String,
    },
    /// P3006.
    #[error(
        "Migration `{migration_name}` failed to apply cleanly to the shadow database. \n{error_code}Error:\n{error}"
    )]
    MigrationDoesNotApplyCleanly {
        /// The migration.
        migration_name: String,
        /// `Error code: …\n`, or nothing.
        error_code: String,
        /// The database's message.
        error: String,
    },
    /// P3008.
    #[error("The migration `{migration_name}` is already recorded as applied in the database.")]
    MigrationAlreadyApplied {
        /// The migration.
        migration_name: String,
    },
    /// P3011.
    #[error(
        "Migration `{migration_name}` cannot be rolled back because it was never applied to the database. Hint: did you pass in the whole migration name? (example: \"20201207184859_initial_migration\")"
    )]
    CannotRollBackUnappliedMigration {
        /// The migration.
        migration_name: String,
    },
    /// P3012.
    #[error(
        "Migration `{migration_name}` cannot be rolled back because it is not in a failed state."
    )]
    CannotRollBackSucceededMigration {
        /// The migration.
        migration_name: String,
    },
    /// P3017.
    #[error(
        "The migration {migration_name} could not be found. Please make sure that the migration exists, and that you included the whole name of the directory. (example: \"20201207184859_initial_migration\")"
    )]
    MigrationToMarkAppliedNotFound {
        /// The name given.
        migration_name: String,
    },
    /// Another migrate command holds the PostgreSQL advisory lock.
    #[error(
        "Timed out trying to acquire a postgres advisory lock (SELECT pg_advisory_lock(72707369)). Timeout: 10000ms. This is usually caused by a concurrent migrate command running against the same database: wait for it to finish, or end the session that holds the lock."
    )]
    LockTimeout,
    /// Another migrate command kept the SQLite database locked for too long.
    #[error(
        "Timed out after {seconds} s waiting for another migrate command to release the SQLite database (it holds an exclusive lock while it runs): wait for it to finish, or stop the process that keeps the database open."
    )]
    SqliteLockTimeout {
        /// How long it waited.
        seconds: u64,
    },
    /// P3000: the database does not exist and could not be created.
    #[error("Failed to create database: {database_error}")]
    DatabaseCreationFailed {
        /// What the server said.
        database_error: String,
    },
    /// P3004: the URL names one of the server's own databases (MySQL's `mysql`, `sys`, …).
    #[error(
        "The `{database_name}` database is a system database, it should not be altered with prisma migrate. Please connect to another database."
    )]
    SystemDatabase {
        /// The database's name, as written in the URL.
        database_name: String,
    },
    /// P3016: resetting the database failed, and so did dropping its contents one by one.
    #[error(
        "The fallback method for database resets failed, meaning Migrate could not clean up the database entirely. Original error: {error_code}\n{error}"
    )]
    SoftResetFailed {
        /// `Error code: …\n` when the error has a Prisma code, or nothing.
        error_code: String,
        /// What failed.
        error: String,
    },
    /// P3010: a new migration's name is longer than 200 bytes.
    #[error(
        "The name of the migration is too long. It must not be longer than 200 characters (bytes)."
    )]
    MigrationNameTooLong,
    /// P3014: the temporary shadow database could not be created.
    #[error(
        "Prisma Migrate could not create the shadow database. Please make sure the database user has permission to create databases. Read more about the shadow database (and workarounds) at https://pris.ly/d/migrate-shadow\n\nOriginal error: \n{error}"
    )]
    ShadowDatabaseCreation {
        /// What the server said.
        error: String,
    },
    /// The config file's `migrations.initShadowDb` SQL failed on the shadow database.
    #[error(
        "The `migrations.initShadowDb` SQL of the Prisma config file failed on the shadow database:\n{error}"
    )]
    InitShadowDb {
        /// What the database said.
        error: String,
    },
    /// The history could not be interpreted (the statements the interpreter cannot read).
    #[error("{0}")]
    Uninterpretable(String),
    /// A row of `_prisma_migrations` does not have the shape Prisma writes.
    #[error("The `_prisma_migrations` table has an unexpected row: {details}")]
    MalformedMigrationsTable {
        /// Which column of which row.
        details: String,
    },
}

impl HistoryError {
    /// Prisma's error code, when it has one.
    pub fn code(&self) -> Option<&'static str> {
        Some(match self {
            HistoryError::Connector(e) => return e.code(),
            HistoryError::MigrationFileNotFound { .. } => "P3015",
            HistoryError::ProviderSwitched { .. } => "P3019",
            HistoryError::DatabaseSchemaNotEmpty => "P3005",
            HistoryError::FoundFailedMigrations { .. } => "P3009",
            HistoryError::ApplyMigration { .. } => "P3018",
            HistoryError::MigrationDoesNotApplyCleanly { .. } => "P3006",
            HistoryError::MigrationAlreadyApplied { .. } => "P3008",
            HistoryError::CannotRollBackUnappliedMigration { .. } => "P3011",
            HistoryError::CannotRollBackSucceededMigration { .. } => "P3012",
            HistoryError::MigrationToMarkAppliedNotFound { .. } => "P3017",
            HistoryError::DatabaseCreationFailed { .. } => "P3000",
            HistoryError::SystemDatabase { .. } => "P3004",
            HistoryError::MigrationNameTooLong => "P3010",
            HistoryError::SoftResetFailed { .. } => "P3016",
            HistoryError::ShadowDatabaseCreation { .. } => "P3014",
            HistoryError::Io { .. }
            | HistoryError::LockTimeout
            | HistoryError::SqliteLockTimeout { .. }
            | HistoryError::InitShadowDb { .. }
            | HistoryError::Uninterpretable(_)
            | HistoryError::MalformedMigrationsTable { .. } => return None,
        })
    }
}
