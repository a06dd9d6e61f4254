//! The migrations folder replayed into a shadow database, then introspected: the schema the
//! history describes (`migrate diff --from-migrations`, `migrate dev`'s drift check).

use driver::Connection;
use sql_schema::SqlSchema;

use crate::history::{HistoryError, MigrationDirectory, MigrationsFolder};

/// Applies every migration of `folder` to `shadow` (which should be empty) without recording
/// them, then describes the result (its PostgreSQL extensions included). A script that fails
/// is Prisma's P3006.
pub async fn schema_from_migrations(
    shadow: &Connection,
    folder: &MigrationsFolder,
) -> Result<SqlSchema, HistoryError> {
    apply_to_shadow(shadow, &folder.list()?).await?;
    let mut schema = crate::introspect::introspect_shadow(shadow).await?;
    // With its extensions: the caller clears them unless the schema it compares with
    // enables `postgresqlExtensions`.
    schema.extensions = crate::introspect::extensions(shadow).await?;
    Ok(schema)
}

/// Applies `migrations` to `shadow` in order, without recording them (P3006 on failure).
pub async fn apply_to_shadow(
    shadow: &Connection,
    migrations: &[MigrationDirectory],
) -> Result<(), HistoryError> {
    for migration in migrations {
        let script = migration.read_script()?;
        if let Err(err) = shadow.raw_cmd(&script).await {
            let (code, message) = match err.as_database_error() {
                Some(db) => (Some(db.code.clone()), db.message.clone()),
                None => (err.code().map(str::to_owned), err.to_string()),
            };
            return Err(HistoryError::MigrationDoesNotApplyCleanly {
                migration_name: migration.name().to_owned(),
                error_code: code
                    .map(|c| format!("Error code: {c}\n"))
                    .unwrap_or_default(),
                error: message,
            });
        }
    }
    Ok(())
}

/// Replays `before` on `scratch`, describes it, applies `migration` and describes it again.
/// With a `namespace`, the scratch is that PostgreSQL schema, described as the URL's schema
/// would be.
pub(crate) async fn replay_then_describe(
    scratch: &Connection,
    before: &[MigrationDirectory],
    migration: &MigrationDirectory,
    namespace: Option<&str>,
) -> Result<(SqlSchema, Result<SqlSchema, String>), String> {
    let describe = async || match namespace {
        Some(n) => crate::introspect::postgres::introspect_scratch(scratch, n).await,
        None => crate::introspect::introspect(scratch).await,
    };
    apply_to_shadow(scratch, before)
        .await
        .map_err(|e| e.to_string())?;
    let expected_before = describe().await.map_err(|e| e.to_string())?;
    let expected_after = match apply_to_shadow(scratch, std::slice::from_ref(migration)).await {
        Ok(()) => Ok(describe().await.map_err(|e| e.to_string())?),
        Err(e) => Err(e.to_string()),
    };
    Ok((expected_before, expected_after))
}
