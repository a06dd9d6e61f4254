//! What `migrate dev` does with the schema's changes once the history is applied, decided here
//! and returned as data; the CLI only prints and prompts.

use sql_schema::Migration;

/// The outcome for the changes between the replayed history and the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewMigration {
    /// No change and no draft asked for: nothing is written ("Already in sync").
    InSync,
    /// A migration is written: the changes, or, for a draft (`--create-only`) without any
    /// change, an empty one (`-- This is an empty migration.`) for hand-written SQL, as Prisma's
    /// engine writes it.
    Write {
        /// Whether the script has no statement.
        empty: bool,
    },
}

/// Decides whether `migrate dev` writes a migration for `migration` (the diff from the
/// replayed history to the schema); `draft` is `--create-only`.
pub fn new_migration(migration: &Migration<'_>, draft: bool) -> NewMigration {
    let empty = migration.steps.is_empty();
    if empty && !draft {
        NewMigration::InSync
    } else {
        NewMigration::Write { empty }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_without_changes_is_an_empty_migration() {
        let schema = sql_schema::SqlSchema::default();
        let dialect = crate::for_provider(schema::Provider::Sqlite);
        let migration = crate::diff(&schema, &schema, dialect);
        assert_eq!(new_migration(&migration, false), NewMigration::InSync);
        assert_eq!(
            new_migration(&migration, true),
            NewMigration::Write { empty: true }
        );
        assert_eq!(
            crate::render_script(&migration, dialect, &[]),
            "-- This is an empty migration."
        );
    }
}
