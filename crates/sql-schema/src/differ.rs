//! The differ: two [`SqlSchema`]s → ordered [`MigrationStep`]s, as Prisma computes them.
//!
//! Tables pair up by (namespace, name), columns by name, enums by (namespace, name); indexes
//! and foreign keys pair up by what they cover (so a renamed one is a rename, not a drop and
//! create). What a dialect can and cannot do (rename an index, alter a column, redefine a
//! table) comes from its [`DifferFlavour`]. Lookups go through hash maps built once, so a
//! diff is linear in the size of the schemas (plus per-table work over its own columns).

use crate::model::*;
use crate::steps::*;
use crate::walkers::*;
use std::collections::{BTreeSet, HashMap, HashSet};

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

type Key<'a> = (Option<&'a str>, &'a str);

/// A column present in a table pair: its name and position on each side.
#[derive(Clone, Copy)]
struct ColumnEntry<'a> {
    name: &'a str,
    previous: Option<usize>,
    next: Option<usize>,
}

struct TablePair<'a> {
    ids: Pair<TableId>,
    /// Columns of both sides, sorted by name (as Prisma iterates them).
    columns: Vec<ColumnEntry<'a>>,
    /// Changes of the columns present on both sides, parallel to `columns`.
    changes: Vec<Option<ColumnChanges>>,
    /// Previous position → index in `columns`.
    previous_lookup: Vec<usize>,
}

struct DifferDb<'a, 'f> {
    schemas: Pair<&'a SqlSchema>,
    flavour: &'f dyn DifferFlavour,
    /// Tables of both schemas in Prisma's order (previous ones first, then new ones).
    tables: Vec<Pair<Option<TableId>>>,
    table_index: HashMap<Key<'a>, usize>,
    pairs: Vec<TablePair<'a>>,
    /// Previous table id → index in `pairs`.
    pair_by_previous: HashMap<TableId, usize>,
    redefined: BTreeSet<Pair<TableId>>,
}

impl<'a, 'f> DifferDb<'a, 'f> {
    fn new(schemas: Pair<&'a SqlSchema>, flavour: &'f dyn DifferFlavour) -> Self {
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

    fn tables(&self, pair: &TablePair<'_>) -> Pair<TableWalker<'a>> {
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

    fn column_pairs<'p>(
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

    fn dropped_columns<'p>(&self, pair: &'p TablePair<'a>) -> impl Iterator<Item = ColumnId> + 'p {
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

    fn added_columns<'p>(&self, pair: &'p TablePair<'a>) -> impl Iterator<Item = ColumnId> + 'p {
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

    fn is_redefined(&self, pair: &TablePair<'_>) -> bool {
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
    fn check_changes(&self, pair: &TablePair<'a>) -> Vec<TableChange> {
        if !(self.schemas.previous.check_constraints || self.schemas.next.check_constraints) {
            return Vec::new();
        }
        let tables = self.tables(pair);
        let (previous, next) = (&tables.previous.table().checks, &tables.next.table().checks);
        crate::checks::changes(previous, next)
    }

    fn primary_key_changed(&self, pair: &TablePair<'_>) -> bool {
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

    fn created_foreign_keys<'p>(
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

    fn dropped_foreign_keys<'p>(
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

    fn foreign_key_pairs(&self, pair: &TablePair<'a>) -> Vec<Pair<ForeignKeyWalker<'a>>> {
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
    fn visible(&self, index: &IndexWalker<'a>) -> bool {
        index.index().predicate.is_none()
            || self.schemas.previous.partial_indexes
            || self.schemas.next.partial_indexes
    }

    fn created_indexes(&self, pair: &TablePair<'a>) -> Vec<IndexWalker<'a>> {
        let tables = self.tables(pair);
        tables
            .next
            .indexes()
            .filter(|n| self.visible(n))
            .filter(|n| !tables.previous.indexes().any(|p| self.indexes_match(p, *n)))
            .collect()
    }

    fn dropped_indexes(&self, pair: &TablePair<'a>) -> Vec<IndexWalker<'a>> {
        let tables = self.tables(pair);
        tables
            .previous
            .indexes()
            .filter(|p| self.visible(p))
            .filter(|p| !tables.next.indexes().any(|n| self.indexes_match(*p, n)))
            .filter(|p| !(self.flavour.keeps_foreign_key_indexes() && backs_a_foreign_key(*p)))
            .collect()
    }

    fn index_pairs(&self, pair: &TablePair<'a>) -> Vec<Pair<IndexWalker<'a>>> {
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

    fn non_redefined_pairs(&self) -> impl Iterator<Item = &TablePair<'a>> {
        self.pairs.iter().filter(|p| !self.is_redefined(p))
    }

    fn created_tables(&self) -> impl Iterator<Item = TableWalker<'a>> + '_ {
        self.tables
            .iter()
            .filter(|p| p.previous.is_none())
            .filter_map(|p| p.next)
            .map(|id| self.schemas.next.walk(id))
    }

    fn dropped_tables(&self) -> impl Iterator<Item = TableWalker<'a>> + '_ {
        self.tables
            .iter()
            .filter(|p| p.next.is_none())
            .filter_map(|p| p.previous)
            .map(|id| self.schemas.previous.walk(id))
    }
}

/// Tables the differ never touches (the migrations table).
/// Whether the index's columns are exactly those of a foreign key of its table.
fn backs_a_foreign_key(index: IndexWalker<'_>) -> bool {
    let table = index.table();
    let columns: Vec<usize> = index.index().columns.iter().map(|c| c.column).collect();
    table
        .table()
        .foreign_keys
        .iter()
        .any(|fk| fk.columns == columns)
}

fn is_ignored_table(name: &str) -> bool {
    name == "_prisma_migrations"
}

fn column_changes(columns: Pair<ColumnWalker<'_>>, flavour: &dyn DifferFlavour) -> ColumnChanges {
    let mut changes = ColumnChanges::default();
    let type_change = flavour.column_type_change(columns);
    changes.type_change = type_change;
    if columns.previous.arity() != columns.next.arity() {
        changes.insert(ColumnChange::Arity);
    }
    if type_change.is_some() {
        changes.insert(ColumnChange::TypeChanged);
    }
    if !defaults_match(columns, flavour) {
        changes.insert(ColumnChange::Default);
    }
    if flavour.column_autoincrement_changed(columns) {
        changes.insert(ColumnChange::Autoincrement);
    }
    changes
}

fn defaults_match(columns: Pair<ColumnWalker<'_>>, flavour: &dyn DifferFlavour) -> bool {
    use DefaultValue as D;
    let is_json = |c: ColumnWalker<'_>| c.column().tpe.family == ColumnTypeFamily::Json;
    if flavour.ignores_json_defaults() && (is_json(columns.previous) || is_json(columns.next)) {
        return true;
    }
    let prev = columns.previous.column().default.as_ref();
    let next = columns.next.column().default.as_ref();
    let is_datetime = |c: ColumnWalker<'_>| c.column().tpe.family == ColumnTypeFamily::DateTime;
    let any_datetime = is_datetime(columns.previous) || is_datetime(columns.next);
    match (prev, next) {
        (None, None) => true,
        (Some(D::DbGenerated(_)), Some(D::Value(Value::List(_))))
        | (Some(D::Value(Value::List(_))), Some(D::DbGenerated(_)))
            if any_datetime =>
        {
            true
        }
        (Some(D::Value(Value::List(a))), Some(D::Value(Value::List(b)))) => {
            a.len() == b.len() && (any_datetime || a.iter().zip(b).all(|(a, b)| values_match(a, b)))
        }
        // Date-time constants cannot be compared reliably (formats differ), as in Prisma.
        (Some(D::Value(_)), Some(_)) | (Some(_), Some(D::Value(_))) if any_datetime => true,
        (Some(D::Value(a)), Some(D::Value(b))) => values_match(a, b),
        (Some(D::Value(_)), Some(D::Now)) | (Some(D::Value(_)), None) => false,
        (Some(D::Now), Some(D::Now)) => true,
        (Some(D::Now), None) | (Some(D::Now), Some(D::Value(_))) => false,
        (Some(D::DbGenerated(_)), Some(D::Value(_)))
        | (Some(D::DbGenerated(_)), Some(D::Now))
        | (Some(D::DbGenerated(_)), None) => false,
        (_, Some(D::DbGenerated(None))) => true,
        (Some(D::Sequence(_)), None) => true,
        (Some(D::Sequence(_)), Some(D::Value(_))) | (Some(D::Sequence(_)), Some(D::Now)) => false,
        (None, Some(D::Value(_))) | (None, Some(D::Now)) => false,
        (Some(D::DbGenerated(Some(a))), Some(D::DbGenerated(Some(b)))) => a.eq_ignore_ascii_case(b),
        (_, Some(D::DbGenerated(_))) => false,
        (_, Some(D::Sequence(_))) => true,
    }
}

/// Whether two constant defaults are the same: enum values and strings by their text (a
/// database reports `@default([USER])` of an enum list as text), numbers by value whether
/// written as integers or not (`@default(0)` on a `Float` or `Decimal` column comes back as
/// `0`; `0.0000` is `0`, as Prisma compares them), anything else exactly.
fn values_match(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Enum(a) | Value::String(a), Value::Enum(b) | Value::String(b)) => a == b,
        (Value::Float(a), Value::Float(b)) => same_number(a, b),
        (Value::Int(i), Value::Float(f)) | (Value::Float(f), Value::Int(i)) => {
            same_number(&i.to_string(), f)
        }
        _ => a == b,
    }
}

/// Whether two number literals are the same number: `1.50` and `1.5`, `0.0000` and `0`
/// (decimal text compared exactly, without rounding through a float).
fn same_number(a: &str, b: &str) -> bool {
    fn canonical(text: &str) -> String {
        let t = text.trim().trim_start_matches('+');
        if t.contains(['e', 'E']) || !t.contains('.') {
            return if t == "-0" {
                "0".to_owned()
            } else {
                t.to_owned()
            };
        }
        let t = t.trim_end_matches('0').trim_end_matches('.');
        match t {
            "" | "-" | "-0" => "0".to_owned(),
            t => t.to_owned(),
        }
    }
    a == b || canonical(a) == canonical(b)
}

fn push_created_schemas(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
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

fn push_created_tables(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
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

fn push_dropped_tables(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
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

fn push_dropped_indexes(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
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

fn push_created_indexes(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
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

fn push_altered_tables(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
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

fn push_redefined_tables(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
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

fn push_enum_steps(db: &DifferDb<'_, '_>, steps: &mut Vec<MigrationStep>) {
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

/// Prisma moves the drop of a unique index on a table without primary key after the
/// `ALTER TABLE` that creates a primary key over the same columns (the key can then take
/// over the index's role for foreign keys).
fn move_dropped_unique_indexes_after_new_primary_keys(
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

#[cfg(test)]
mod number_tests {
    use super::same_number;

    #[test]
    fn numbers_compare_by_value() {
        assert!(same_number("0.0000", "0"));
        assert!(same_number("1.50", "1.5"));
        assert!(same_number("-0.0", "0"));
        assert!(!same_number("1.05", "1.5"));
        assert!(!same_number("10", "1"));
    }
}
