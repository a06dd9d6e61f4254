//! Migration steps: what the differ produces and the dialect renderers turn into SQL.
//!
//! The order of the [`MigrationStep`] variants is the order in which steps run (steps are
//! sorted by variant, then by their ids), exactly as Prisma orders them: schemas and enums
//! first, then dropped foreign keys and indexes, altered tables, dropped tables and enums,
//! created tables, SQLite table redefinitions, created indexes, foreign keys last.

use crate::model::*;

/// The same thing in the schema before (`previous`) and after (`next`) the migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pair<T> {
    /// Before.
    pub previous: T,
    /// After.
    pub next: T,
}

impl<T> Pair<T> {
    /// A pair.
    pub fn new(previous: T, next: T) -> Self {
        Pair { previous, next }
    }

    /// Applies `f` to both sides.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Pair<U> {
        Pair {
            previous: f(self.previous),
            next: f(self.next),
        }
    }

    /// Both sides by reference.
    pub fn as_ref(&self) -> Pair<&T> {
        Pair {
            previous: &self.previous,
            next: &self.next,
        }
    }
}

impl<'a> Pair<&'a SqlSchema> {
    /// Walks a pair of ids, each in its schema.
    pub fn walk<Id>(self, ids: Pair<Id>) -> Pair<crate::walkers::Walker<'a, Id>> {
        Pair {
            previous: self.previous.walk(ids.previous),
            next: self.next.walk(ids.next),
        }
    }
}

/// One change a column pair can have; see [`ColumnChanges`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum ColumnChange {
    /// Required / nullable / list changed.
    Arity = 1,
    /// The default changed.
    Default = 2,
    /// The type changed.
    TypeChanged = 4,
    /// Autoincrement (serial) was added or removed.
    Autoincrement = 8,
}

/// How risky a column type change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnTypeChange {
    /// Every value converts.
    SafeCast,
    /// Some values may fail to convert.
    RiskyCast,
    /// The column must be dropped and re-created.
    NotCastable,
}

/// The set of changes between two columns of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ColumnChanges {
    /// The type change, when the type changed.
    pub type_change: Option<ColumnTypeChange>,
    bits: u8,
}

impl PartialOrd for ColumnChanges {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ColumnChanges {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.bits.cmp(&other.bits)
    }
}

impl ColumnChanges {
    /// Adds a change.
    pub fn insert(&mut self, change: ColumnChange) {
        self.bits |= change as u8;
    }

    /// Whether `change` is in the set.
    pub fn contains(&self, change: ColumnChange) -> bool {
        self.bits & change as u8 != 0
    }

    /// Whether anything changed.
    pub fn differs_in_something(&self) -> bool {
        self.bits != 0
    }

    /// The changes, in the order Arity, Default, TypeChanged, Autoincrement.
    pub fn iter(&self) -> impl Iterator<Item = ColumnChange> + '_ {
        [
            ColumnChange::Arity,
            ColumnChange::Default,
            ColumnChange::TypeChanged,
            ColumnChange::Autoincrement,
        ]
        .into_iter()
        .filter(|c| self.contains(*c))
    }

    /// Whether the type changed.
    pub fn type_changed(&self) -> bool {
        self.contains(ColumnChange::TypeChanged)
    }

    /// Whether the arity changed.
    pub fn arity_changed(&self) -> bool {
        self.contains(ColumnChange::Arity)
    }

    /// Whether the default changed.
    pub fn default_changed(&self) -> bool {
        self.contains(ColumnChange::Default)
    }
}

/// One change inside an `ALTER TABLE`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TableChange {
    /// A new column (in the next schema).
    AddColumn {
        /// The column.
        column: ColumnId,
    },
    /// A column changed in place.
    AlterColumn(AlterColumn),
    /// A column is dropped (from the previous schema).
    DropColumn {
        /// The column.
        column: ColumnId,
    },
    /// A column whose type cannot be cast: dropped and added again.
    DropAndRecreateColumn {
        /// The column before and after.
        columns: Pair<ColumnId>,
        /// What changed.
        changes: ColumnChanges,
    },
    /// The primary key is dropped.
    DropPrimaryKey,
    /// A primary key is added.
    AddPrimaryKey,
    /// The primary key constraint is renamed.
    RenamePrimaryKey,
    /// A check constraint is dropped (its position in the previous table's checks).
    DropCheck {
        /// Position in [`crate::Table::checks`] of the previous table.
        check: usize,
    },
    /// A check constraint is added (its position in the next table's checks).
    AddCheck {
        /// Position in [`crate::Table::checks`] of the next table.
        check: usize,
    },
}

/// A column altered in place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AlterColumn {
    /// The column before and after.
    pub columns: Pair<ColumnId>,
    /// What changed.
    pub changes: ColumnChanges,
    /// How risky the type change is.
    pub type_change: Option<ColumnTypeChange>,
}

/// `ALTER TABLE` with its changes, in the order they are rendered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AlterTable {
    /// The table before and after.
    pub tables: Pair<TableId>,
    /// The changes.
    pub changes: Vec<TableChange>,
}

/// An enum whose values change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AlterEnum {
    /// The enum before and after.
    pub enums: Pair<EnumId>,
    /// Values added.
    pub created_values: Vec<String>,
    /// Values removed.
    pub dropped_values: Vec<String>,
    /// Columns of the previous schema that use the enum and have a default, each with the
    /// next schema's column when it still uses the enum with a default (to reinstall it).
    pub previous_usages_as_default: Vec<(ColumnId, Option<ColumnId>)>,
}

/// An extension whose version or schema changes in place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AlterExtension {
    /// The extension before and after.
    pub extensions: Pair<ExtensionId>,
    /// `UPDATE TO` the next version.
    pub update_version: bool,
    /// `SET SCHEMA` to the next schema.
    pub set_schema: bool,
}

/// A SQLite table rebuilt through a `new_` copy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RedefineTable {
    /// Columns added.
    pub added_columns: Vec<ColumnId>,
    /// Columns dropped.
    pub dropped_columns: Vec<ColumnId>,
    /// Whether the primary key is dropped.
    pub dropped_primary_key: bool,
    /// The columns present on both sides, in column-name order, with their changes.
    pub column_pairs: Vec<(Pair<ColumnId>, ColumnChanges, Option<ColumnTypeChange>)>,
    /// The table before and after.
    pub tables: Pair<TableId>,
}

/// One migration step. Ids of created things are in the next schema, ids of dropped things
/// in the previous one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum MigrationStep {
    /// `CREATE SCHEMA` (next namespace).
    CreateSchema(NamespaceId),
    /// `DROP EXTENSION` (previous), before creating it again with another version or schema
    /// (an extension that cannot be relocated).
    DropExtension(ExtensionId),
    /// `CREATE EXTENSION IF NOT EXISTS` (next).
    CreateExtension(ExtensionId),
    /// `ALTER EXTENSION … UPDATE TO` / `SET SCHEMA`.
    AlterExtension(AlterExtension),
    /// `CREATE TYPE … AS ENUM` (next enum).
    CreateEnum(EnumId),
    /// Enum values added or removed.
    AlterEnum(AlterEnum),
    /// Drop a foreign key (previous).
    DropForeignKey(ForeignKeyId),
    /// Drop an index (previous).
    DropIndex(IndexId),
    /// Alter a table in place.
    AlterTable(AlterTable),
    /// Drop a table (previous).
    DropTable(TableId),
    /// Drop an enum (previous).
    DropEnum(EnumId),
    /// Create a table (next).
    CreateTable(TableId),
    /// Rebuild tables (SQLite).
    RedefineTables(Vec<RedefineTable>),
    /// Create an index (next). `tables` is (previous table, next table); `None` for an
    /// index of a created table, which sorts those first.
    CreateIndex {
        /// The table before (`None` for a new table) and after.
        tables: (Option<TableId>, TableId),
        /// The index.
        index: IndexId,
    },
    /// Rename a foreign key.
    RenameForeignKey(Pair<ForeignKeyId>),
    /// Add a foreign key (next).
    AddForeignKey(ForeignKeyId),
    /// Rename an index.
    RenameIndex(Pair<IndexId>),
    /// Drop and re-create an index under its new name (where renaming is impossible).
    RedefineIndex(Pair<IndexId>),
}

impl MigrationStep {
    /// The step's name, as the `-- Name` comment above its SQL shows it.
    pub fn description(&self) -> &'static str {
        match self {
            MigrationStep::CreateSchema(_) => "CreateSchema",
            MigrationStep::DropExtension(_) => "DropExtension",
            MigrationStep::CreateExtension(_) => "CreateExtension",
            MigrationStep::AlterExtension(_) => "AlterExtension",
            MigrationStep::CreateEnum(_) => "CreateEnum",
            MigrationStep::AlterEnum(_) => "AlterEnum",
            MigrationStep::DropForeignKey(_) => "DropForeignKey",
            MigrationStep::DropIndex(_) => "DropIndex",
            MigrationStep::AlterTable(_) => "AlterTable",
            MigrationStep::DropTable(_) => "DropTable",
            MigrationStep::DropEnum(_) => "DropEnum",
            MigrationStep::CreateTable(_) => "CreateTable",
            MigrationStep::RedefineTables(_) => "RedefineTables",
            MigrationStep::CreateIndex { .. } => "CreateIndex",
            MigrationStep::RenameForeignKey(_) => "RenameForeignKey",
            MigrationStep::AddForeignKey(_) => "AddForeignKey",
            MigrationStep::RenameIndex(_) => "RenameIndex",
            MigrationStep::RedefineIndex(_) => "RedefineIndex",
        }
    }
}

/// The result of a diff: the two schemas and the ordered steps between them.
#[derive(Debug, Clone)]
pub struct Migration<'a> {
    /// The schemas before and after.
    pub schemas: Pair<&'a SqlSchema>,
    /// The steps, in execution order.
    pub steps: Vec<MigrationStep>,
}

impl Migration<'_> {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}
