//! The two schemas paired up once, before any step is computed: tables by (namespace, name)
//! in Prisma's order, the columns of each table pair by name with their changes, and the
//! tables that must be redefined (SQLite). Every lookup the step builders make goes through
//! the hash maps built here.

use super::DifferFlavour;
use super::columns::column_changes;
use super::tables::backs_a_foreign_key;
use crate::model::*;
use crate::steps::*;
use crate::walkers::*;
use std::collections::{BTreeSet, HashMap, HashSet};

pub(super) type Key<'a> = (Option<&'a str>, &'a str);

/// A column present in a table pair: its name and position on each side.
#[derive(Clone, Copy)]
struct ColumnEntry<'a> {
    name: &'a str,
    previous: Option<usize>,
    next: Option<usize>,
}

pub(super) struct TablePair<'a> {
    pub(super) ids: Pair<TableId>,
    /// Columns of both sides, sorted by name (as Prisma iterates them).
    columns: Vec<ColumnEntry<'a>>,
    /// Changes of the columns present on both sides, parallel to `columns`.
    changes: Vec<Option<ColumnChanges>>,
    /// Previous position → index in `columns`.
    previous_lookup: Vec<usize>,
}

pub(super) struct DifferDb<'a, 'f> {
    pub(super) schemas: Pair<&'a SqlSchema>,
    pub(super) flavour: &'f dyn DifferFlavour,
    /// Tables of both schemas in Prisma's order (previous ones first, then new ones).
    pub(super) tables: Vec<Pair<Option<TableId>>>,
    pub(super) table_index: HashMap<Key<'a>, usize>,
    pub(super) pairs: Vec<TablePair<'a>>,
    /// Previous table id → index in `pairs`.
    pair_by_previous: HashMap<TableId, usize>,
    pub(super) redefined: BTreeSet<Pair<TableId>>,
}

impl<'a, 'f> DifferDb<'a, 'f> {
    pub(super) fn new(schemas: Pair<&'a SqlSchema>, flavour: &'f dyn DifferFlavour) -> Self {
        let mut db = DifferDb {
            schemas,
            flavour,
            tables: Vec::new(),
            table_index: HashMap::new(),
            pairs: Vec::new(),
            pair_by_previous: HashMap::new(),
            redefined: BTreeSet::new(),
        };
        for t in schemas.previous.table_walkers() {
            if is_ignored_table(t.name()) {
                continue;
            }
            db.table_index
                .insert((t.namespace(), t.name()), db.tables.len());
            db.tables.push(Pair::new(Some(t.id), None));
        }
        for t in schemas.next.table_walkers() {
            if is_ignored_table(t.name()) {
                continue;
            }
            match db.table_index.get(&(t.namespace(), t.name())) {
                Some(&i) => db.tables[i].next = Some(t.id),
                None => {
                    db.table_index
                        .insert((t.namespace(), t.name()), db.tables.len());
                    db.tables.push(Pair::new(None, Some(t.id)));
                }
            }
        }
        for entry in db.tables.clone() {
            if let (Some(p), Some(n)) = (entry.previous, entry.next) {
                let pair = db.build_pair(Pair::new(p, n));
                db.pair_by_previous.insert(p, db.pairs.len());
                db.pairs.push(pair);
            }
        }
        if flavour.redefines_tables() {
            let redefined: BTreeSet<_> = (0..db.pairs.len())
                .filter(|&i| db.needs_redefinition(i))
                .map(|i| db.pairs[i].ids)
                .collect();
            db.redefined = redefined;
        }
        db
    }

    fn build_pair(&self, ids: Pair<TableId>) -> TablePair<'a> {
        let tables = self.schemas.walk(ids);
        let mut by_name: HashMap<&'a str, usize> = HashMap::new();
        let mut columns: Vec<ColumnEntry<'a>> = Vec::new();
        for c in tables.previous.columns() {
            by_name.insert(c.name(), columns.len());
            columns.push(ColumnEntry {
                name: c.name(),
                previous: Some(c.id.position as usize),
                next: None,
            });
        }
        for c in tables.next.columns() {
            match by_name.get(c.name()) {
                Some(&i) => columns[i].next = Some(c.id.position as usize),
                None => {
                    by_name.insert(c.name(), columns.len());
                    columns.push(ColumnEntry {
                        name: c.name(),
                        previous: None,
                        next: Some(c.id.position as usize),
                    });
                }
            }
        }
        columns.sort_by(|a, b| a.name.cmp(b.name));
        let changes = columns
            .iter()
            .map(|c| match (c.previous, c.next) {
                (Some(p), Some(n)) => Some(column_changes(
                    Pair::new(tables.previous.column_at(p), tables.next.column_at(n)),
                    self.flavour,
                )),
                _ => None,
            })
            .collect();
        let mut previous_lookup = vec![usize::MAX; tables.previous.table().columns.len()];
        for (i, c) in columns.iter().enumerate() {
            if let Some(p) = c.previous {
                previous_lookup[p] = i;
            }
        }
        TablePair {
            ids,
            columns,
            changes,
            previous_lookup,
        }
    }

    pub(super) fn tables(&self, pair: &TablePair<'_>) -> Pair<TableWalker<'a>> {
        self.schemas.walk(pair.ids)
    }

    /// The changes of the column pair whose previous column is at `previous_position`, if
    /// the column exists on both sides.
    fn changes_by_previous(
        &self,
        pair: &TablePair<'_>,
        previous_position: usize,
    ) -> Option<ColumnChanges> {
        pair.previous_lookup
            .get(previous_position)
            .and_then(|&i| pair.changes.get(i).copied().flatten())
    }

    pub(super) fn column_pairs<'p>(
        &self,
        pair: &'p TablePair<'a>,
    ) -> impl Iterator<Item = (Pair<ColumnId>, ColumnChanges)> + 'p {
        pair.columns
            .iter()
            .zip(&pair.changes)
            .filter_map(move |(c, ch)| {
                Some((
                    Pair::new(
                        ColumnId {
                            table: pair.ids.previous,
                            position: c.previous? as u32,
                        },
                        ColumnId {
                            table: pair.ids.next,
                            position: c.next? as u32,
                        },
                    ),
                    (*ch)?,
                ))
            })
    }

    pub(super) fn dropped_columns<'p>(
        &self,
        pair: &'p TablePair<'a>,
    ) -> impl Iterator<Item = ColumnId> + 'p {
        pair.columns
            .iter()
            .filter(|c| c.next.is_none())
            .filter_map(move |c| {
                Some(ColumnId {
                    table: pair.ids.previous,
                    position: c.previous? as u32,
                })
            })
    }

    pub(super) fn added_columns<'p>(
        &self,
        pair: &'p TablePair<'a>,
    ) -> impl Iterator<Item = ColumnId> + 'p {
        pair.columns
            .iter()
            .filter(|c| c.previous.is_none())
            .filter_map(move |c| {
                Some(ColumnId {
                    table: pair.ids.next,
                    position: c.next? as u32,
                })
            })
    }

    pub(super) fn is_redefined(&self, pair: &TablePair<'_>) -> bool {
        self.redefined.contains(&pair.ids)
    }

    fn needs_redefinition(&self, i: usize) -> bool {
        let pair = &self.pairs[i];
        let tables = self.tables(pair);
        let (ppk, npk) = (tables.previous.primary_key(), tables.next.primary_key());
        (ppk.is_none() != npk.is_none())
            || self.primary_key_changed(pair)
            || self.dropped_columns(pair).next().is_some()
            || self
                .added_columns(pair)
                .any(|c| self.schemas.next.walk(c).arity() == ColumnArity::Required)
            || pair
                .changes
                .iter()
                .flatten()
                .any(|c| c.differs_in_something())
            || self.created_foreign_keys(pair).next().is_some()
            || self.dropped_foreign_keys(pair).next().is_some()
            || !self.check_changes(pair).is_empty()
    }

    /// The check constraints dropped and added on a table (a changed one is both), when one
    /// of the schemas manages check constraints (see [`SqlSchema::check_constraints`]).
    pub(super) fn check_changes(&self, pair: &TablePair<'a>) -> Vec<TableChange> {
        if !(self.schemas.previous.check_constraints || self.schemas.next.check_constraints) {
            return Vec::new();
        }
        let tables = self.tables(pair);
        let (previous, next) = (&tables.previous.table().checks, &tables.next.table().checks);
        crate::checks::changes(previous, next)
    }

    pub(super) fn primary_key_changed(&self, pair: &TablePair<'_>) -> bool {
        let tables = self.tables(pair);
        let (Some(prev), Some(next)) = (tables.previous.primary_key(), tables.next.primary_key())
        else {
            return false;
        };
        if prev.columns.len() != next.columns.len() {
            return true;
        }
        let differs = prev.columns.iter().zip(&next.columns).any(|(a, b)| {
            tables.previous.column_at(a.column).name() != tables.next.column_at(b.column).name()
                || a.sort.unwrap_or(SortOrder::Asc) != b.sort.unwrap_or(SortOrder::Asc)
                || a.length != b.length
        });
        if differs {
            return true;
        }
        prev.columns.iter().any(|c| {
            self.changes_by_previous(pair, c.column)
                .is_some_and(|ch| ch.type_changed())
        })
    }

    fn foreign_keys_match(&self, pair: &TablePair<'_>, fks: Pair<ForeignKeyWalker<'a>>) -> bool {
        let (p, n) = (fks.previous.foreign_key(), fks.next.foreign_key());
        let prev_ref = fks.previous.referenced_table();
        let next_ref = fks.next.referenced_table();
        if prev_ref.name() != next_ref.name()
            || p.referenced_columns.len() != n.referenced_columns.len()
            || p.columns.len() != n.columns.len()
            || p.on_delete != n.on_delete
            || p.on_update != n.on_update
        {
            return false;
        }
        let tables = self.tables(pair);
        let copes = self
            .flavour
            .can_cope_with_foreign_key_column_becoming_non_nullable();
        let constrains_same = p.columns.iter().zip(&n.columns).all(|(&pc, &nc)| {
            let (pcol, ncol) = (tables.previous.column_at(pc), tables.next.column_at(nc));
            let arities_ok = copes
                || pcol.arity() == ncol.arity()
                || (pcol.arity() == ColumnArity::Required && ncol.arity() == ColumnArity::Nullable);
            pcol.name() == ncol.name()
                && !self
                    .changes_by_previous(pair, pc)
                    .is_some_and(|ch| ch.type_changed())
                && arities_ok
        });
        let references_same = fks
            .previous
            .referenced_columns()
            .zip(fks.next.referenced_columns())
            .all(|(a, b)| a.name() == b.name());
        constrains_same && references_same
    }

    pub(super) fn created_foreign_keys<'p>(
        &'p self,
        pair: &'p TablePair<'a>,
    ) -> impl Iterator<Item = ForeignKeyWalker<'a>> + 'p {
        let tables = self.tables(pair);
        tables.next.foreign_keys().filter(move |next| {
            !tables
                .previous
                .foreign_keys()
                .any(|prev| self.foreign_keys_match(pair, Pair::new(prev, *next)))
        })
    }

    pub(super) fn dropped_foreign_keys<'p>(
        &'p self,
        pair: &'p TablePair<'a>,
    ) -> impl Iterator<Item = ForeignKeyWalker<'a>> + 'p {
        let tables = self.tables(pair);
        tables.previous.foreign_keys().filter(move |prev| {
            !tables
                .next
                .foreign_keys()
                .any(|next| self.foreign_keys_match(pair, Pair::new(*prev, next)))
        })
    }

    pub(super) fn foreign_key_pairs(
        &self,
        pair: &TablePair<'a>,
    ) -> Vec<Pair<ForeignKeyWalker<'a>>> {
        let tables = self.tables(pair);
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for prev in tables.previous.foreign_keys() {
            if let Some(next) = tables
                .next
                .foreign_keys()
                .filter(|n| !seen.contains(&n.id))
                .find(|n| self.foreign_keys_match(pair, Pair::new(prev, *n)))
            {
                seen.insert(next.id);
                out.push(Pair::new(prev, next));
            }
        }
        out
    }

    fn indexes_match(&self, a: IndexWalker<'a>, b: IndexWalker<'a>) -> bool {
        let (ia, ib) = (a.index(), b.index());
        ia.columns.len() == ib.columns.len()
            && a.columns().zip(b.columns()).all(|((ca, oa), (cb, ob))| {
                ca.name() == cb.name()
                    && oa.length == ob.length
                    && oa.sort.unwrap_or(SortOrder::Asc) == ob.sort.unwrap_or(SortOrder::Asc)
            })
            && ia.kind == ib.kind
            && crate::predicate::predicates_match(ia.predicate.as_deref(), ib.predicate.as_deref())
            && self.flavour.indexes_match(a, b)
    }

    /// Whether the differ sees this index: a partial index only when one of the schemas was
    /// calculated with partial indexes enabled (see [`SqlSchema::partial_indexes`]).
    pub(super) fn visible(&self, index: &IndexWalker<'a>) -> bool {
        index.index().predicate.is_none()
            || self.schemas.previous.partial_indexes
            || self.schemas.next.partial_indexes
    }

    pub(super) fn created_indexes(&self, pair: &TablePair<'a>) -> Vec<IndexWalker<'a>> {
        let tables = self.tables(pair);
        tables
            .next
            .indexes()
            .filter(|n| self.visible(n))
            .filter(|n| !tables.previous.indexes().any(|p| self.indexes_match(p, *n)))
            .collect()
    }

    pub(super) fn dropped_indexes(&self, pair: &TablePair<'a>) -> Vec<IndexWalker<'a>> {
        let tables = self.tables(pair);
        tables
            .previous
            .indexes()
            .filter(|p| self.visible(p))
            .filter(|p| !tables.next.indexes().any(|n| self.indexes_match(*p, n)))
            .filter(|p| !(self.flavour.keeps_foreign_key_indexes() && backs_a_foreign_key(*p)))
            .collect()
    }

    pub(super) fn index_pairs(&self, pair: &TablePair<'a>) -> Vec<Pair<IndexWalker<'a>>> {
        let tables = self.tables(pair);
        let same_columns = |a: IndexWalker<'a>, b: IndexWalker<'a>| {
            a.index().columns.len() == b.index().columns.len()
                && a.columns()
                    .zip(b.columns())
                    .all(|((x, _), (y, _))| x.name() == y.name())
                && a.index().kind == b.index().kind
        };
        tables
            .previous
            .indexes()
            .filter(|left| {
                tables
                    .previous
                    .indexes()
                    .filter(|right| same_columns(*left, *right))
                    .count()
                    == 1
            })
            .filter_map(|prev| {
                tables
                    .next
                    .indexes()
                    .find(|n| self.indexes_match(prev, *n))
                    .map(|n| Pair::new(prev, n))
            })
            .collect()
    }

    pub(super) fn non_redefined_pairs(&self) -> impl Iterator<Item = &TablePair<'a>> {
        self.pairs.iter().filter(|p| !self.is_redefined(p))
    }

    pub(super) fn created_tables(&self) -> impl Iterator<Item = TableWalker<'a>> + '_ {
        self.tables
            .iter()
            .filter(|p| p.previous.is_none())
            .filter_map(|p| p.next)
            .map(|id| self.schemas.next.walk(id))
    }

    pub(super) fn dropped_tables(&self) -> impl Iterator<Item = TableWalker<'a>> + '_ {
        self.tables
            .iter()
            .filter(|p| p.next.is_none())
            .filter_map(|p| p.previous)
            .map(|id| self.schemas.previous.walk(id))
    }
}

/// Tables the differ never touches (the migrations table).
fn is_ignored_table(name: &str) -> bool {
    name == "_prisma_migrations"
}
