//! The schema a history describes, known without a database where the interpreter
//! (`sql-interp`) can read every statement, and which method told it: the commands that need
//! it (`migrate diff --from-migrations`, `migrate dev`'s drift check, `migrate status`'s check
//! of failed migrations) use a shadow database only when [`HistoryMethod::ShadowDatabase`] says
//! so, naming the statements that made it necessary.

use connector::Provider;
use sql_interp::{Script, SqlDialect, Uninterpretable};
use sql_schema::SqlSchema;

use crate::history::{HistoryError, MigrationDirectory};

/// How the schema of a history was (or must be) learnt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryMethod {
    /// Every statement was interpreted; no database was used.
    Interpreted,
    /// Some statements cannot be interpreted: the history is replayed into a shadow database.
    ShadowDatabase(Uninterpretable),
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
