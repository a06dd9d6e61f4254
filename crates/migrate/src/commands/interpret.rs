//! The schema a history describes, known without a database where the interpreter
//! (`sql-interp`) can read every statement, and which method told it: the commands that need
//! it (`migrate diff --from-migrations`, `migrate dev`'s drift check, `migrate status`'s check
//! of failed migrations) use a shadow database only when [`HistoryMethod::ShadowDatabase`] says
//! so, naming the statements that made it necessary.

use driver::Provider;
use sql_interp::{Script, SqlDialect, Uninterpretable};
use sql_schema::{ColumnTypeFamily, SqlSchema};

use crate::history::{HistoryError, MigrationDirectory};

/// How the schema of a history was (or must be) learnt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryMethod {
    /// Every statement was interpreted; no database was used.
    Interpreted,
    /// The history is replayed into a shadow database, for this reason (the statements that
    /// cannot be interpreted, with their file and line, or what else needs a real database).
    ShadowDatabase(String),
}

impl HistoryMethod {
    /// One sentence for the user (the CLI prints it).
    pub fn describe(&self) -> String {
        match self {
            HistoryMethod::Interpreted => {
                "The migrations were interpreted from their SQL, without a shadow database."
                    .to_owned()
            }
            HistoryMethod::ShadowDatabase(why) => {
                format!("The migrations were replayed into a shadow database: {why}")
            }
        }
    }

    /// Whether a shadow database is needed.
    pub fn needs_shadow(&self) -> bool {
        matches!(self, HistoryMethod::ShadowDatabase(_))
    }
}

/// What a command needs to know about a history before it opens any shadow database.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPlan {
    /// Which method the command uses.
    pub method: HistoryMethod,
    /// The schema of the whole history, when it was interpreted.
    pub schema: Option<SqlSchema>,
}

/// Decides how to learn the schema of `migrations`: interpreted when every statement can be
/// (and nothing else needs a real database), otherwise a shadow database, saying why.
/// `init_shadow_db`: the config file's `migrations.initShadowDb` is set (its SQL prepares the
/// shadow database, so the replay must run there); `namespaces`: the datasource lists schemas
/// (multi-schema histories are replayed); `extensions`: the schema manages PostgreSQL
/// extensions (`postgresqlExtensions`), whose installed versions only a database knows.
pub fn plan_history(
    dialect: SqlDialect,
    migrations: &[MigrationDirectory],
    init_shadow_db: bool,
    namespaces: &[String],
    extensions: bool,
) -> Result<HistoryPlan, HistoryError> {
    let shadow = |why: String| HistoryPlan {
        method: HistoryMethod::ShadowDatabase(why),
        schema: None,
    };
    if init_shadow_db {
        return Ok(shadow(
            "the config file's `migrations.initShadowDb` prepares it".to_owned(),
        ));
    }
    if extensions {
        return Ok(shadow(
            "the schema manages PostgreSQL extensions (`postgresqlExtensions`), whose installed versions only a database knows".to_owned(),
        ));
    }
    if !namespaces.is_empty() {
        return Ok(shadow(
            "the datasource lists `schemas` (multi-schema histories are not interpreted)"
                .to_owned(),
        ));
    }
    Ok(match interpret_migrations(dialect, migrations)? {
        Ok(schema) => HistoryPlan {
            method: HistoryMethod::Interpreted,
            schema: Some(schema),
        },
        Err(why) => shadow(why.to_string()),
    })
}

/// The schema as the shadow database describer reads it for `migrate diff --from-migrations`:
/// MariaDB's JSON columns (read back as `LONGTEXT`) are `LONGTEXT` strings there, as in
/// Prisma's shadow describer (see [`crate::introspect::introspect_shadow`]).
pub fn as_shadow_describes(mut schema: SqlSchema) -> SqlSchema {
    for table in &mut schema.tables {
        for column in &mut table.columns {
            if column.tpe.family == ColumnTypeFamily::Json
                && column.tpe.full_data_type == "LONGTEXT"
            {
                column.tpe.family = ColumnTypeFamily::String;
            }
        }
    }
    schema
}

/// Whether `url`'s server is MariaDB (a MySQL URL that answers; `false` otherwise): the
/// interpreter reads `JSON` columns back as MariaDB does.
pub async fn server_is_mariadb(dialect: SqlDialect, url: Option<&driver::DatabaseUrl>) -> bool {
    if !dialect.distinguishes_mariadb() {
        return false;
    }
    let Some(url) = url else {
        return false;
    };
    // The database itself may not exist yet (a shadow URL): the server's catalog then answers.
    let catalog = url.with_database("information_schema");
    for candidate in std::iter::once(url).chain(catalog.as_ref()) {
        if let Ok(conn) = driver::Connection::connect(candidate).await {
            return conn.is_mariadb();
        }
    }
    false
}

/// The interpreter's dialect for a database (`mariadb`: the server is MariaDB, whose JSON
/// columns read back as `LONGTEXT`).
pub fn interpreter_dialect(provider: Provider, mariadb: bool) -> SqlDialect {
    SqlDialect::from_provider(provider.prisma_name())
        .unwrap_or(SqlDialect::Sqlite)
        .with_mariadb(mariadb)
}

/// The schema `migrations` describe, interpreted, or the statements that need a shadow
/// database (`Err` inside `Ok`); reading a script that fails is the outer error.
pub fn interpret_migrations(
    dialect: SqlDialect,
    migrations: &[MigrationDirectory],
) -> Result<Result<SqlSchema, Uninterpretable>, HistoryError> {
    let scripts: Vec<(String, String)> = migrations
        .iter()
        .map(|m| Ok((m.name().to_owned(), m.read_script()?)))
        .collect::<Result<_, HistoryError>>()?;
    let scripts: Vec<Script<'_>> = scripts
        .iter()
        .map(|(name, sql)| Script { name, sql })
        .collect();
    Ok(sql_interp::interpret(dialect, &scripts))
}
