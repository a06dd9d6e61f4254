//! The differ: two [`SqlSchema`]s → ordered [`MigrationStep`]s, as Prisma computes them.
//!
//! Tables pair up by (namespace, name), columns by name, enums by (namespace, name); indexes
//! and foreign keys pair up by what they cover (so a renamed one is a rename, not a drop and
//! create). What a dialect can and cannot do (rename an index, alter a column, redefine a
//! table) comes from its [`DifferFlavour`]. Lookups go through hash maps built once, so a
//! diff is linear in the size of the schemas (plus per-table work over its own columns).
//!
//! [`diff`] pairs the schemas up once (`db`), then builds the steps per kind of object
//! (`tables`: schemas, tables, columns, indexes, foreign keys; `enums`), with column
//! changes judged in `columns`, and applies Prisma's ordering adjustments (`order`).

use crate::model::*;
use crate::steps::*;
use crate::walkers::*;

mod columns;
mod db;
mod enums;
mod order;
mod tables;

use db::DifferDb;
use enums::push_enum_steps;
use order::move_dropped_unique_indexes_after_new_primary_keys;
use tables::{
    push_altered_tables, push_created_indexes, push_created_schemas, push_created_tables,
    push_dropped_indexes, push_dropped_tables, push_redefined_tables,
};

/// What the differ must know about a dialect. Implemented by each dialect module of
/// `migrate`; the defaults are PostgreSQL-like.
pub trait DifferFlavour {
    /// How a column's type changes between two columns of the same name; `None` when it
    /// does not.
    fn column_type_change(&self, columns: Pair<ColumnWalker<'_>>) -> Option<ColumnTypeChange>;

    /// Whether autoincrement (serial) changed in a way that needs a migration.
    fn column_autoincrement_changed(&self, columns: Pair<ColumnWalker<'_>>) -> bool {
        columns.previous.column().auto_increment != columns.next.column().auto_increment
    }

    /// Whether `ALTER INDEX … RENAME` exists (otherwise indexes are dropped and re-created).
    fn can_rename_index(&self) -> bool {
        true
    }

    /// Whether foreign keys can be renamed.
    fn can_rename_foreign_key(&self) -> bool {
        true
    }

    /// Whether foreign keys are anonymous in the database (SQLite): renames are ignored.
    fn has_unnamed_foreign_keys(&self) -> bool {
        false
    }

    /// Whether foreign keys of created tables are separate `AddForeignKey` steps (otherwise
    /// they are inline in `CREATE TABLE`).
    fn push_foreign_keys_from_created_tables(&self) -> bool {
        true
    }

    /// Whether foreign keys of dropped tables are dropped before the table.
    fn drop_foreign_keys_from_dropped_tables(&self) -> bool {
        true
    }

    /// Whether the indexes of created tables are separate `CreateIndex` steps (MySQL writes
    /// them inside `CREATE TABLE`).
    fn create_indexes_of_created_tables(&self) -> bool {
        true
    }

    /// Whether a foreign key survives its column becoming `NOT NULL` (MySQL: it must be
    /// dropped and re-added).
    fn can_cope_with_foreign_key_column_becoming_non_nullable(&self) -> bool {
        true
    }

    /// Whether JSON defaults are ignored when comparing columns (MySQL cannot have them).
    fn ignores_json_defaults(&self) -> bool {
        false
    }

    /// Whether indexes of dropped tables are dropped explicitly when tables are redefined
    /// (SQLite).
    fn drop_indexes_from_dropped_tables(&self) -> bool {
        false
    }

    /// Whether indexes over a dropped-and-recreated column must be created again.
    fn indexes_should_be_recreated_after_column_drop(&self) -> bool {
        false
    }

    /// Whether an index whose columns are exactly a foreign key's is left alone when the next
    /// schema does not have it (MySQL creates such an index for every foreign key without one;
    /// it goes with the foreign key, as in Prisma).
    fn keeps_foreign_key_indexes(&self) -> bool {
        false
    }

    /// Whether the dialect has enum types (PostgreSQL).
    fn has_enums(&self) -> bool {
        false
    }

    /// Whether tables that cannot be altered in place are rebuilt (SQLite's rule: any
    /// primary key change, dropped column, added required column, changed column, or added
    /// or dropped foreign key).
    fn redefines_tables(&self) -> bool {
        false
    }

    /// Dialect-specific equality of two indexes that already cover the same columns.
    fn indexes_match(&self, previous: IndexWalker<'_>, next: IndexWalker<'_>) -> bool {
        let algorithm = next.index().algorithm.unwrap_or(IndexAlgorithm::BTree);
        previous.index().algorithm.unwrap_or(IndexAlgorithm::BTree) == algorithm
            && previous
                .index()
                .columns
                .iter()
                .zip(&next.index().columns)
                .all(|(a, b)| {
                    self.operator_classes_match(
                        a.operator_class.as_deref(),
                        b.operator_class.as_deref(),
                        algorithm,
                    )
                })
    }

    /// Whether two index columns' operator classes are the same, on an index of `algorithm`
    /// (`None`: the column type's default class, as a database reports it).
    fn operator_classes_match(
        &self,
        previous: Option<&str>,
        next: Option<&str>,
        _algorithm: IndexAlgorithm,
    ) -> bool {
        previous == next
    }
}

/// The steps that turn `previous` into `next`, in execution order.
pub fn diff<'a>(
    previous: &'a SqlSchema,
    next: &'a SqlSchema,
    flavour: &dyn DifferFlavour,
) -> Migration<'a> {
    let schemas = Pair::new(previous, next);
    let db = DifferDb::new(schemas, flavour);
    let mut steps = Vec::new();

    push_created_schemas(&db, &mut steps);
    crate::extensions::push_extension_steps(schemas, &mut steps);
    push_created_tables(&db, &mut steps);
    push_dropped_tables(&db, &mut steps);
    push_dropped_indexes(&db, &mut steps);
    push_created_indexes(&db, &mut steps);
    push_altered_tables(&db, &mut steps);
    push_redefined_tables(&db, &mut steps);
    if flavour.has_enums() {
        push_enum_steps(&db, &mut steps);
    }

    steps.sort();
    move_dropped_unique_indexes_after_new_primary_keys(&db, &mut steps);

    Migration { schemas, steps }
}
