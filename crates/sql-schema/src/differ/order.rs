//! Prisma's ordering adjustments after the steps are sorted: a unique index dropped after the
//! primary key that takes over its role.

use super::db::DifferDb;
use crate::model::*;
use crate::steps::*;

/// Prisma moves the drop of a unique index on a table without primary key after the
/// `ALTER TABLE` that creates a primary key over the same columns (the key can then take
/// over the index's role for foreign keys).
pub(super) fn move_dropped_unique_indexes_after_new_primary_keys(
    db: &DifferDb<'_, '_>,
    steps: &mut Vec<MigrationStep>,
) {
    let mut i = 0;
    while i < steps.len() {
        let MigrationStep::DropIndex(index_id) = steps[i] else {
            i += 1;
            continue;
        };
        let index = db.schemas.previous.walk(index_id);
        if !index.is_unique() || index.table().primary_key().is_some() {
            i += 1;
            continue;
        }
        let names: Vec<&str> = index.columns().map(|(c, _)| c.name()).collect();
        let target = steps[i + 1..].iter().position(|step| {
            let MigrationStep::AlterTable(alter) = step else {
                return false;
            };
            if alter.tables.previous != index.table().id
                || !alter
                    .changes
                    .iter()
                    .any(|c| matches!(c, TableChange::AddPrimaryKey))
            {
                return false;
            }
            let covers = |column: ColumnId| {
                index
                    .index()
                    .columns
                    .iter()
                    .any(|c| c.column == column.position as usize)
            };
            let keeps_columns = alter.changes.iter().all(|c| match c {
                TableChange::DropColumn { column } => !covers(*column),
                TableChange::DropAndRecreateColumn { columns, .. } => !covers(columns.previous),
                _ => true,
            });
            let next_table = db.schemas.next.walk(alter.tables.next);
            let pk_names: Vec<&str> = next_table.primary_key_columns().map(|c| c.name()).collect();
            keeps_columns && next_table.primary_key().is_some() && pk_names == names
        });
        match target {
            Some(offset) => {
                // After the removal, the ALTER TABLE sits at `i + offset`: go right after it.
                let step = steps.remove(i);
                steps.insert(i + offset + 1, step);
            }
            None => i += 1,
        }
    }
}
