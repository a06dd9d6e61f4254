//! The steps for enums: created, dropped and altered (values added or removed), and the
//! column defaults that use a changed enum.

use super::db::{DifferDb, Key};
use crate::model::*;
use crate::steps::*;
use crate::walkers::*;
use std::collections::HashMap;

pub(super) fn push_enum_steps(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
    let next_by_key: HashMap<Key<'_>, EnumId> = db
        .schemas
        .next
        .enum_walkers()
        .map(|e| ((e.namespace(), e.name()), e.id))
        .collect();
    let previous_by_key: HashMap<Key<'_>, EnumId> = db
        .schemas
        .previous
        .enum_walkers()
        .map(|e| ((e.namespace(), e.name()), e.id))
        .collect();
    for prev in db.schemas.previous.enum_walkers() {
        match next_by_key.get(&(prev.namespace(), prev.name())) {
            Some(&next_id) => {
                let next = db.schemas.next.walk(next_id);
                let created_values: Vec<String> = next
                    .values()
                    .iter()
                    .filter(|v| !prev.values().contains(v))
                    .cloned()
                    .collect();
                let dropped_values: Vec<String> = prev
                    .values()
                    .iter()
                    .filter(|v| !next.values().contains(v))
                    .cloned()
                    .collect();
                if created_values.is_empty() && dropped_values.is_empty() {
                    continue;
                }
                let enums = Pair::new(prev.id, next_id);
                steps.push(MigrationStep::AlterEnum(AlterEnum {
                    enums,
                    created_values,
                    dropped_values,
                    previous_usages_as_default: previous_usages_as_default(db, enums),
                }));
            }
            None => steps.push(MigrationStep::DropEnum(prev.id)),
        }
    }
    for next in db.schemas.next.enum_walkers() {
        if !previous_by_key.contains_key(&(next.namespace(), next.name())) {
            steps.push(MigrationStep::CreateEnum(next.id));
        }
    }
}

fn previous_usages_as_default(
    db: &DifferDb<'_, '_>,
    enums: Pair<EnumId>,
) -> Vec<(ColumnId, Option<ColumnId>)> {
    let uses = |c: ColumnWalker<'_>, id: EnumId| {
        c.column().tpe.family == ColumnTypeFamily::Enum(id) && c.column().default.is_some()
    };
    let mut out = Vec::new();
    for table in db.dropped_tables() {
        for c in table.columns().filter(|c| uses(*c, enums.previous)) {
            out.push((c.id, None));
        }
    }
    for pair in &db.pairs {
        for c in db.dropped_columns(pair) {
            if uses(db.schemas.previous.walk(c), enums.previous) {
                out.push((c, None));
            }
        }
        for (ids, _) in db.column_pairs(pair) {
            let cols = db.schemas.walk(ids);
            if uses(cols.previous, enums.previous) {
                out.push((
                    ids.previous,
                    uses(cols.next, enums.next).then_some(ids.next),
                ));
            }
        }
    }
    out
}
