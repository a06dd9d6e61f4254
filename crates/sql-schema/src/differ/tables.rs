//! The steps for schemas, tables, columns, indexes and foreign keys: created, dropped,
//! altered, renamed and redefined.

use super::db::DifferDb;
use crate::model::*;
use crate::steps::*;
use crate::walkers::*;
use std::collections::{BTreeSet, HashSet};

/// Whether the index's columns are exactly those of a foreign key of its table.
pub(super) fn backs_a_foreign_key(index: IndexWalker<'_>) -> bool {
    let table = index.table();
    let columns: Vec<usize> = index.index().columns.iter().map(|c| c.column).collect();
    table
        .table()
        .foreign_keys
        .iter()
        .any(|fk| fk.columns == columns)
}
pub(super) fn push_created_schemas(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
    let previous: HashSet<&str> = db
        .schemas
        .previous
        .namespaces
        .iter()
        .map(String::as_str)
        .collect();
    let mut used: HashSet<&str> = HashSet::new();
    for entry in &db.tables {
        if let Some(id) = entry.previous {
            used.extend(db.schemas.previous.walk(id).namespace());
        }
        if let Some(id) = entry.next {
            used.extend(db.schemas.next.walk(id).namespace());
        }
    }
    if db.flavour.has_enums() {
        for e in db.schemas.next.enum_walkers() {
            if created_enum(db, e) {
                used.extend(e.namespace());
            }
        }
    }
    for (i, ns) in db.schemas.next.namespaces.iter().enumerate() {
        if !previous.contains(ns.as_str()) && used.contains(ns.as_str()) {
            steps.push(MigrationStep::CreateSchema(NamespaceId(i as u32)));
        }
    }
}

fn created_enum(db: &DifferDb<'_, '_>, e: EnumWalker<'_>) -> bool {
    db.schemas
        .previous
        .find_enum(e.namespace(), e.name())
        .is_none()
}

pub(super) fn push_created_tables(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
    for table in db.created_tables() {
        steps.push(MigrationStep::CreateTable(table.id));
        if db.flavour.push_foreign_keys_from_created_tables() {
            steps.extend(
                table
                    .foreign_keys()
                    .map(|fk| MigrationStep::AddForeignKey(fk.id)),
            );
        }
        if db.flavour.create_indexes_of_created_tables() {
            steps.extend(table.indexes().filter(|i| db.visible(i)).map(|index| {
                MigrationStep::CreateIndex {
                    tables: (None, table.id),
                    index: index.id,
                }
            }));
        }
    }
}

pub(super) fn push_dropped_tables(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
    for table in db.dropped_tables() {
        steps.push(MigrationStep::DropTable(table.id));
        if db.flavour.drop_foreign_keys_from_dropped_tables() {
            steps.extend(
                table
                    .foreign_keys()
                    .map(|fk| MigrationStep::DropForeignKey(fk.id)),
            );
        }
    }
}

pub(super) fn push_dropped_indexes(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
    let mut dropped = BTreeSet::new();
    for pair in db.non_redefined_pairs() {
        dropped.extend(db.dropped_indexes(pair).into_iter().map(|i| i.id));
    }
    if !db.redefined.is_empty() && db.flavour.drop_indexes_from_dropped_tables() {
        for table in db.dropped_tables() {
            dropped.extend(table.indexes().map(|i| i.id));
        }
    }
    steps.extend(dropped.into_iter().map(MigrationStep::DropIndex));
}

pub(super) fn push_created_indexes(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
    for pair in db.non_redefined_pairs() {
        let tables = (Some(pair.ids.previous), pair.ids.next);
        for index in db.created_indexes(pair) {
            steps.push(MigrationStep::CreateIndex {
                tables,
                index: index.id,
            });
        }
        if db.flavour.indexes_should_be_recreated_after_column_drop() {
            let recreated: HashSet<usize> = db
                .column_pairs(pair)
                .filter(|(_, ch)| ch.type_change == Some(ColumnTypeChange::NotCastable))
                .map(|(ids, _)| ids.next.position as usize)
                .collect();
            if recreated.is_empty() {
                continue;
            }
            for indexes in db.index_pairs(pair) {
                if indexes
                    .next
                    .index()
                    .columns
                    .iter()
                    .any(|c| recreated.contains(&c.column))
                {
                    steps.push(MigrationStep::CreateIndex {
                        tables,
                        index: indexes.next.id,
                    });
                }
            }
        }
    }
}

pub(super) fn push_altered_tables(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
    for pair in db.non_redefined_pairs() {
        for fk in db.created_foreign_keys(pair) {
            steps.push(MigrationStep::AddForeignKey(fk.id));
        }
        for fk in db.dropped_foreign_keys(pair) {
            steps.push(MigrationStep::DropForeignKey(fk.id));
        }
        for fks in db.foreign_key_pairs(pair) {
            push_foreign_key_pair_changes(db, fks, steps);
        }

        for indexes in db.index_pairs(pair) {
            if indexes.previous.name() != indexes.next.name() {
                let ids = indexes.map(|i| i.id);
                steps.push(if db.flavour.can_rename_index() {
                    MigrationStep::RenameIndex(ids)
                } else {
                    MigrationStep::RedefineIndex(ids)
                });
            }
        }

        let tables = db.tables(pair);
        let (ppk, npk) = (tables.previous.primary_key(), tables.next.primary_key());
        let pk_changed = db.primary_key_changed(pair);
        let mut changes = Vec::new();
        if (ppk.is_some() && npk.is_none()) || pk_changed {
            changes.push(TableChange::DropPrimaryKey);
        }
        if let (Some(p), Some(n)) = (ppk, npk)
            && p.name != n.name
        {
            changes.push(TableChange::RenamePrimaryKey);
        }
        changes.extend(
            db.dropped_columns(pair)
                .map(|column| TableChange::DropColumn { column }),
        );
        changes.extend(
            db.added_columns(pair)
                .map(|column| TableChange::AddColumn { column }),
        );
        // Altered columns come in column order (Prisma sorts them by their ids).
        let mut altered: Vec<(Pair<ColumnId>, ColumnChanges)> = db
            .column_pairs(pair)
            .filter(|(_, ch)| ch.differs_in_something())
            .collect();
        altered.sort_by_key(|(columns, _)| *columns);
        let altered = altered
            .into_iter()
            .map(|(columns, changes)| match changes.type_change {
                Some(ColumnTypeChange::NotCastable) => {
                    TableChange::DropAndRecreateColumn { columns, changes }
                }
                type_change => TableChange::AlterColumn(AlterColumn {
                    columns,
                    changes,
                    type_change,
                }),
            });
        changes.extend(altered);
        if (ppk.is_none() && npk.is_some()) || pk_changed {
            changes.push(TableChange::AddPrimaryKey);
        }
        // Checks are dropped before the columns they may use are, and added last.
        let (dropped_checks, added_checks): (Vec<_>, Vec<_>) = db
            .check_changes(pair)
            .into_iter()
            .partition(|c| matches!(c, TableChange::DropCheck { .. }));
        changes.splice(0..0, dropped_checks);
        changes.extend(added_checks);
        if !changes.is_empty() {
            steps.push(MigrationStep::AlterTable(AlterTable {
                tables: pair.ids,
                changes,
            }));
        }
    }
}

fn push_foreign_key_pair_changes(
    db: &DifferDb<'_, '_>,
    fks: Pair<ForeignKeyWalker<'_>>,
    steps: &mut Vec<MigrationStep>,
) {
    let referenced = fks.previous.referenced_table();
    let referenced_is_redefined = db
        .table_index
        .get(&(referenced.namespace(), referenced.name()))
        .and_then(|&i| {
            let entry = db.tables[i];
            Some(Pair::new(entry.previous?, entry.next?))
        })
        .is_some_and(|ids| db.redefined.contains(&ids));
    if referenced_is_redefined && !db.flavour.redefines_tables() {
        steps.push(MigrationStep::DropForeignKey(fks.previous.id));
        steps.push(MigrationStep::AddForeignKey(fks.next.id));
        return;
    }
    if db.flavour.has_unnamed_foreign_keys() {
        return;
    }
    let (Some(prev_name), Some(next_name)) = (fks.previous.name(), fks.next.name()) else {
        return;
    };
    if prev_name == next_name {
        return;
    }
    // Implicit many-to-many join tables changed their foreign key names over Prisma's
    // history; renaming them would create migrations on upgrade, so Prisma ignores them.
    if is_implicit_m2m_table(fks.previous.table()) && is_implicit_m2m_table(fks.next.table()) {
        return;
    }
    if db.flavour.can_rename_foreign_key() {
        steps.push(MigrationStep::RenameForeignKey(fks.map(|f| f.id)));
    } else {
        steps.push(MigrationStep::AddForeignKey(fks.next.id));
        steps.push(MigrationStep::DropForeignKey(fks.previous.id));
    }
}

fn is_implicit_m2m_table(table: TableWalker<'_>) -> bool {
    table.columns().len() == 2 && table.column("A").is_some() && table.column("B").is_some()
}

pub(super) fn push_redefined_tables(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
    if db.redefined.is_empty() {
        return;
    }
    let redefines = db
        .pairs
        .iter()
        .filter(|p| db.is_redefined(p))
        .map(|pair| {
            let tables = db.tables(pair);
            let dropped_primary_key = (tables.previous.primary_key().is_some()
                && tables.next.primary_key().is_none())
                || db.primary_key_changed(pair);
            RedefineTable {
                added_columns: db.added_columns(pair).collect(),
                dropped_columns: db.dropped_columns(pair).collect(),
                dropped_primary_key,
                column_pairs: db
                    .column_pairs(pair)
                    .map(|(ids, ch)| (ids, ch, ch.type_change))
                    .collect(),
                tables: pair.ids,
            }
        })
        .collect();
    steps.push(MigrationStep::RedefineTables(redefines));
}
