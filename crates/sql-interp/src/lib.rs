//! Interprets a migration history's SQL directly into the database-neutral [`SqlSchema`], so
//! that `migrate diff --from-migrations`, `migrate dev`'s drift check and `migrate status` can
//! know the schema a history describes without replaying it into a shadow database.
//!
//! Each script is split into statements (with the line each starts on) and parsed with
//! `sqlparser` in the script's dialect (docs/decisions/0004-sql-parser.md). Statements that
//! change what the model holds (tables, columns, keys, indexes, foreign keys, enums) are
//! applied to a working schema; statements that cannot change it (data changes, functions,
//! triggers, views, extensions, sequences, comments, transaction control, `PRAGMA`) are
//! skipped; anything else is returned by name and line as [`Uninterpretable`], so that the
//! caller can replay that history in a shadow database instead.
//!
//! The result is written in the canonical form of `sql-schema` (the form the describers of
//! `migrate` read from a live database): the same type spellings, defaults, constraint names
//! the database would choose, and the describers' order (tables, enums, indexes and foreign
//! keys by name).
#![deny(missing_docs)]

mod build;
pub mod dialect;
mod interp;
mod split;
mod work;

pub use dialect::SqlDialect;
use sql_schema::SqlSchema;

/// One migration script of a history.
#[derive(Debug, Clone, Copy)]
pub struct Script<'a> {
    /// The migration's name (its folder, `20240101000000_init`), used in messages.
    pub name: &'a str,
    /// The SQL text.
    pub sql: &'a str,
}

/// A statement the interpreter cannot apply to the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    /// The migration it is in.
    pub migration: String,
    /// The line (1-based) of `migration.sql` where the statement starts.
    pub line: usize,
    /// The statement's first line, shortened.
    pub statement: String,
    /// Why it cannot be interpreted.
    pub reason: String,
}

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}/migration.sql:{}: `{}` ({})",
            self.migration, self.line, self.statement, self.reason
        )
    }
}

/// The statements of a history that the interpreter cannot apply, in history order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uninterpretable {
    /// Each statement, where it is and why.
    pub statements: Vec<Unsupported>,
}

impl std::fmt::Display for Uninterpretable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.statements.len();
        write!(
            f,
            "{n} statement{} of the migrations cannot be interpreted without a database:",
            if n == 1 { "" } else { "s" }
        )?;
        for s in &self.statements {
            write!(f, "\n  {s}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Uninterpretable {}

/// The schema that applying `scripts` in order to an empty database gives, or every statement
/// that cannot be interpreted.
pub fn interpret(
    dialect: SqlDialect,
    scripts: &[Script<'_>],
) -> Result<SqlSchema, Uninterpretable> {
    let mut state = interp::Interpreter::new(dialect);
    let mut unsupported = Vec::new();
    for script in scripts {
        for statement in split::statements(script.sql) {
            if let Err(reason) = state.apply(statement.text) {
                unsupported.push(Unsupported {
                    migration: script.name.to_owned(),
                    line: statement.line,
                    statement: split::headline(statement.text),
                    reason,
                });
            }
        }
    }
    if !unsupported.is_empty() {
        return Err(Uninterpretable {
            statements: unsupported,
        });
    }
    Ok(build::to_schema(state.into_work(), dialect))
}

/// The statements of one script as the interpreter splits them: the line each starts on and
/// its text (without the `;`).
pub fn statements(sql: &str) -> Vec<(usize, &str)> {
    split::statements(sql)
        .into_iter()
        .map(|s| (s.line, s.text))
        .collect()
}

/// A column as the statements applied so far left it (see [`Stepper::columns`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnView {
    /// Its name.
    pub name: String,
    /// Its type as the describers spell it (an enum column: the enum's name, or MySQL's
    /// `ENUM('a', 'b')`).
    pub type_name: String,
    /// Whether it is NOT NULL.
    pub not_null: bool,
    /// Whether a new row gets a value without one given (a default or auto-increment).
    pub fills_itself: bool,
}

/// The interpreter one statement at a time, for callers that need the schema between
/// statements (the lint's schema before each statement). Names are matched without case.
pub struct Stepper {
    interp: interp::Interpreter,
}

impl Stepper {
    /// An empty schema in `dialect`.
    pub fn new(dialect: SqlDialect) -> Self {
        Stepper {
            interp: interp::Interpreter::new(dialect),
        }
    }

    /// Applies one statement; `Err` says why it cannot be interpreted (the schema is then
    /// left as far as the statement got).
    pub fn apply(&mut self, sql: &str) -> Result<(), String> {
        self.interp.apply(sql)
    }

    fn table(&self, name: &str) -> Option<&work::WTable> {
        let work = self.interp.work();
        work.tables.iter().find(|t| t.name == name).or_else(|| {
            work.tables
                .iter()
                .find(|t| t.name.eq_ignore_ascii_case(name))
        })
    }

    /// The names of the tables, in creation order.
    pub fn table_names(&self) -> Vec<String> {
        let work = self.interp.work();
        work.tables.iter().map(|t| t.name.clone()).collect()
    }

    /// The names of the enum types (PostgreSQL), in creation order.
    pub fn enum_names(&self) -> Vec<String> {
        let work = self.interp.work();
        work.enums.iter().map(|e| e.name.clone()).collect()
    }

    /// The columns of `table`, in order; `None` when there is no such table.
    pub fn columns(&self, table: &str) -> Option<Vec<ColumnView>> {
        let t = self.table(table)?;
        Some(
            t.columns
                .iter()
                .map(|c| ColumnView {
                    name: c.name.clone(),
                    type_name: match &c.tpe {
                        work::WType::Plain(_, spelled) => spelled.clone(),
                        work::WType::NamedEnum(name) => name.clone(),
                        work::WType::InlineEnum(values) => {
                            let quoted: Vec<String> =
                                values.iter().map(|v| format!("'{v}'")).collect();
                            format!("ENUM({})", quoted.join(", "))
                        }
                    },
                    not_null: c.arity == sql_schema::ColumnArity::Required,
                    fills_itself: c.default.is_some() || c.auto_increment,
                })
                .collect(),
        )
    }

    /// The table the index `name` is on (a unique constraint's index included).
    pub fn index_table(&self, name: &str) -> Option<String> {
        let work = self.interp.work();
        work.tables
            .iter()
            .find(|t| t.indexes.iter().any(|i| i.name.eq_ignore_ascii_case(name)))
            .map(|t| t.name.clone())
    }
}
