//! The stored SQL schema: plain data, owned by [`SqlSchema`], addressed by ids.
//!
//! Tables own their columns, primary key, indexes and foreign keys; an index or foreign key
//! refers to columns of its table by *position* in [`Table::columns`], and a foreign key
//! refers to the referenced table by [`TableId`]. The order of every vector is meaningful:
//! the differ emits steps in id order, as Prisma does (tables in model order for a calculated
//! schema; introspection should push tables, indexes and foreign keys in the order Prisma's
//! describer lists them).
//!
//! # Canonical form
//!
//! Two schemas are compared field by field, so every source (calculate from a Prisma
//! schema, introspection of a live database) must write the same thing for the same
//! database object. What `migrate`'s calculate writes, and introspection must match:
//!
//! - `full_data_type`: the type as Prisma's migration SQL spells it, upper case, no list
//!   brackets: PostgreSQL `INTEGER`, `TEXT`, `TIMESTAMP(3)`, `VARCHAR(255)`, `DECIMAL(65,30)`,
//!   `DOUBLE PRECISION`, `JSONB`; MySQL `VARCHAR(191)`, `DATETIME(3)`, `DECIMAL(65, 30)`,
//!   `INTEGER UNSIGNED`; SQLite the family's type (`INTEGER`, `TEXT`, `DATETIME`, `REAL`,
//!   `DECIMAL`, `BOOLEAN`, `BIGINT`, `BLOB`, `JSONB`). Enum columns: the enum's name;
//!   unsupported types: the database's own spelling.
//! - Autoincrement: `auto_increment = true`; on PostgreSQL also
//!   `default = Sequence("{table}_{column}_seq")` (the type stays `INTEGER`; the renderer
//!   writes `SERIAL`).
//! - Defaults: [`DefaultValue::Now`] for `CURRENT_TIMESTAMP`; constants as [`Value`]s
//!   (`Int` for integers, `Float` as written, `Boolean`, `String` for text, JSON and
//!   date-times, `Enum` for enum values, `Bytes`, `List` for arrays); anything else as
//!   `DbGenerated(Some(expression))`.
//!   PostgreSQL casts are not part of the value (`'a'::text` is `String("a")`, `'{}'::text[]`
//!   and `ARRAY[]::text[]` are `List([])`); a `nextval(…)` default is `Sequence(name)`.
//! - Index columns: `sort: None` and `sort: Some(Asc)` are equal, so are `algorithm: None`
//!   and `Some(BTree)`; `operator_class` is `None` when it is the column type's default class.
//! - Primary keys are named on PostgreSQL (`User_pkey`), unnamed (`None`) on SQLite and MySQL.
//! - Namespaces only when the datasource lists `schemas` (PostgreSQL multi-schema); tables
//!   and enums of a single-schema database have `namespace: None`.
//! - Unique constraints and indexes are [`Index`]es (not the primary key), foreign keys are
//!   named as in the database (`None` for SQLite's anonymous ones is fine: SQLite ignores
//!   foreign key names when diffing).

/// Index of a namespace (PostgreSQL schema, e.g. `public`) in [`SqlSchema::namespaces`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NamespaceId(pub u32);

/// Index of a table in [`SqlSchema::tables`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableId(pub u32);

/// Index of an enum in [`SqlSchema::enums`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EnumId(pub u32);

/// A column: its table and its position in [`Table::columns`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ColumnId {
    /// The table the column belongs to.
    pub table: TableId,
    /// Position in [`Table::columns`].
    pub position: u32,
}

/// An index: its table and its position in [`Table::indexes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IndexId {
    /// The table the index belongs to.
    pub table: TableId,
    /// Position in [`Table::indexes`].
    pub position: u32,
}

/// A foreign key: its (constrained) table and its position in [`Table::foreign_keys`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ForeignKeyId {
    /// The constrained table.
    pub table: TableId,
    /// Position in [`Table::foreign_keys`].
    pub position: u32,
}

/// A whole database schema, neutral of any dialect's syntax.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SqlSchema {
    /// Namespaces (PostgreSQL schemas) that the schema declares. Empty when the dialect has
    /// none or only the default one is used (tables then have `namespace: None`).
    pub namespaces: Vec<String>,
    /// Tables, in order.
    pub tables: Vec<Table>,
    /// Enums (PostgreSQL `CREATE TYPE … AS ENUM`), in order.
    pub enums: Vec<Enum>,
    /// Whether partial indexes (those with a [`Index::predicate`]) take part in a diff with
    /// this schema: set when it was calculated from a Prisma schema that enables the
    /// `partialIndexes` preview feature. When neither side of a diff sets it, partial indexes
    /// are left alone, as they were before Prisma had them.
    pub partial_indexes: bool,
    /// Whether check constraints take part in a diff with this schema: set when it was
    /// calculated from a Prisma schema that declares at least one `@@check`. When neither side
    /// sets it, check constraints (hand-written ones, MariaDB's `json_valid`) are left alone.
    pub check_constraints: bool,
    /// PostgreSQL extensions: the datasource's `extensions = [...]` (with the
    /// `postgresqlExtensions` preview feature), or what `pg_extension` lists, by name. Empty
    /// elsewhere, and for a database described without them (Prisma clears them unless the
    /// schema enables the feature).
    pub extensions: Vec<Extension>,
}

/// Index of an extension in [`SqlSchema::extensions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExtensionId(pub u32);

/// A PostgreSQL extension. Empty `schema` / `version` mean "not said" (a schema's
/// `extensions = [vector]`), and match any.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extension {
    /// The database name (`uuid-ossp`: the `map:` of `uuid_ossp(map: "uuid-ossp")`).
    pub name: String,
    /// The schema it lives in, or empty.
    pub schema: String,
    /// The version, or empty.
    pub version: String,
    /// Whether `ALTER EXTENSION … SET SCHEMA` can move it (`pg_extension.extrelocatable`);
    /// `false` for a schema's extensions.
    pub relocatable: bool,
}

/// One table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The namespace, or `None` for the connection's default one.
    pub namespace: Option<NamespaceId>,
    /// The table name (database name, after `@@map`).
    pub name: String,
    /// Columns, in table order.
    pub columns: Vec<Column>,
    /// The primary key, if any.
    pub primary_key: Option<PrimaryKey>,
    /// Unique and normal indexes (not the primary key), in order.
    pub indexes: Vec<Index>,
    /// Foreign keys constraining this table, in order.
    pub foreign_keys: Vec<ForeignKey>,
    /// Table check constraints (`@@check`), in order.
    pub checks: Vec<CheckConstraint>,
}

/// A table `CHECK` constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckConstraint {
    /// The constraint name.
    pub name: String,
    /// The SQL expression (as written, or as the database reports it; compared with
    /// [`crate::predicate::predicates_match`]).
    pub expression: String,
}

/// One column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The column name (database name, after `@map`).
    pub name: String,
    /// Type and arity.
    pub tpe: ColumnType,
    /// The default, if any.
    pub default: Option<DefaultValue>,
    /// `AUTOINCREMENT` on SQLite, `SERIAL` on PostgreSQL, `AUTO_INCREMENT` on MySQL.
    pub auto_increment: bool,
}

/// A column's type: a neutral family plus the dialect's own spelling.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnType {
    /// The neutral family (what Prisma scalar type it maps to).
    pub family: ColumnTypeFamily,
    /// The dialect's full type, spelled as Prisma's migration SQL writes it in `CREATE TABLE`,
    /// without list brackets: `INTEGER`, `TEXT`, `TIMESTAMP(3)`, `VARCHAR(255)`,
    /// `DOUBLE PRECISION`, `DECIMAL(65,30)`, `JSONB`, `DATETIME`. For enum columns, the enum's
    /// name (the renderer quotes it); for unsupported types, the raw type (`tsvector`).
    pub full_data_type: String,
    /// Required, nullable or list.
    pub arity: ColumnArity,
}

/// Whether a column is `NOT NULL`, nullable, or an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnArity {
    /// `NOT NULL`.
    Required,
    /// Nullable.
    Nullable,
    /// An array (PostgreSQL `TYPE[]`), nullable.
    List,
}

/// The neutral family of a column type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ColumnTypeFamily {
    /// 32-bit (or SQLite's) integer.
    Int,
    /// 64-bit integer.
    BigInt,
    /// Floating point.
    Float,
    /// Exact decimal.
    Decimal,
    /// Boolean.
    Boolean,
    /// Text.
    String,
    /// Date and/or time.
    DateTime,
    /// Bytes.
    Binary,
    /// JSON.
    Json,
    /// UUID.
    Uuid,
    /// A database enum.
    Enum(EnumId),
    /// A type Prisma does not support (`Unsupported("…")`); the string is the type.
    Unsupported(String),
}

/// A column default.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// A constant.
    Value(Value),
    /// The current timestamp (`CURRENT_TIMESTAMP`).
    Now,
    /// A sequence (`nextval('…')`) on PostgreSQL; the sequence name.
    Sequence(String),
    /// An expression the database computes, verbatim (`dbgenerated("…")`); `None` when the
    /// schema declares `dbgenerated()` without an expression (no DEFAULT is rendered).
    DbGenerated(Option<String>),
}

/// A constant default value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string (also used for JSON and date-times as Prisma writes them).
    String(String),
    /// An integer.
    Int(i64),
    /// A float or decimal, as written in the schema (`1.5`).
    Float(String),
    /// A boolean.
    Boolean(bool),
    /// An enum value (database name of the variant).
    Enum(String),
    /// Bytes.
    Bytes(Vec<u8>),
    /// A list (PostgreSQL arrays).
    List(Vec<Value>),
    /// SQL `NULL`.
    Null,
}

/// A primary key.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimaryKey {
    /// The constraint name (`User_pkey`); `None` where the dialect does not name it (SQLite).
    pub name: Option<String>,
    /// The key's columns, in key order.
    pub columns: Vec<IndexColumn>,
}

/// An index or unique constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    /// The index name (`User_email_key`, `Post_authorId_idx`).
    pub name: String,
    /// Unique, normal or fulltext.
    pub kind: IndexKind,
    /// The indexed columns, in index order.
    pub columns: Vec<IndexColumn>,
    /// The index method (`USING GIN`), when the dialect has one and it is not the default.
    pub algorithm: Option<IndexAlgorithm>,
    /// The `WHERE` of a partial index, as SQL (as written in the schema or as the database
    /// reports it; compared with [`crate::predicate::predicates_match`]).
    pub predicate: Option<String>,
}

/// What an index enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexKind {
    /// A plain index.
    Normal,
    /// A unique index.
    Unique,
    /// A fulltext index (MySQL).
    Fulltext,
}

/// The access method of a PostgreSQL index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexAlgorithm {
    /// B-tree (the default).
    BTree,
    /// Hash.
    Hash,
    /// GiST.
    Gist,
    /// GIN.
    Gin,
    /// SP-GiST.
    SpGist,
    /// BRIN.
    Brin,
}

/// One column of an index or primary key.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexColumn {
    /// Position of the column in [`Table::columns`].
    pub column: usize,
    /// `ASC`/`DESC` when given explicitly.
    pub sort: Option<SortOrder>,
    /// Prefix length (MySQL), when given.
    pub length: Option<u32>,
    /// Operator class (PostgreSQL), e.g. `gin_trgm_ops`.
    pub operator_class: Option<String>,
}

/// Sort order of an index column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortOrder {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

/// A foreign key constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    /// The constraint name (`Post_authorId_fkey`); `None` when the database has none.
    pub name: Option<String>,
    /// Positions of the constrained columns in this table's [`Table::columns`].
    pub columns: Vec<usize>,
    /// The referenced table.
    pub referenced_table: TableId,
    /// Positions of the referenced columns in the referenced table's columns.
    pub referenced_columns: Vec<usize>,
    /// `ON DELETE`.
    pub on_delete: ForeignKeyAction,
    /// `ON UPDATE`.
    pub on_update: ForeignKeyAction,
}

/// A referential action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ForeignKeyAction {
    /// `NO ACTION`.
    NoAction,
    /// `RESTRICT`.
    Restrict,
    /// `CASCADE`.
    Cascade,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

impl ForeignKeyAction {
    /// The SQL spelling (`SET NULL`).
    pub fn as_sql(self) -> &'static str {
        match self {
            ForeignKeyAction::NoAction => "NO ACTION",
            ForeignKeyAction::Restrict => "RESTRICT",
            ForeignKeyAction::Cascade => "CASCADE",
            ForeignKeyAction::SetNull => "SET NULL",
            ForeignKeyAction::SetDefault => "SET DEFAULT",
        }
    }
}

/// A database enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The namespace, or `None` for the default one.
    pub namespace: Option<NamespaceId>,
    /// The enum's database name (after `@@map`).
    pub name: String,
    /// The values (database names, after `@map`), in order.
    pub values: Vec<String>,
}

impl Column {
    /// A column without default or autoincrement.
    pub fn new(
        name: impl Into<String>,
        family: ColumnTypeFamily,
        full_data_type: impl Into<String>,
        arity: ColumnArity,
    ) -> Self {
        Column {
            name: name.into(),
            tpe: ColumnType {
                family,
                full_data_type: full_data_type.into(),
                arity,
            },
            default: None,
            auto_increment: false,
        }
    }

    /// The same column with a default.
    pub fn with_default(mut self, default: DefaultValue) -> Self {
        self.default = Some(default);
        self
    }

    /// The same column, autoincrementing.
    pub fn with_auto_increment(mut self) -> Self {
        self.auto_increment = true;
        self
    }
}

impl IndexColumn {
    /// The column at `position`, without sort, length or operator class.
    pub fn new(position: usize) -> Self {
        IndexColumn {
            column: position,
            sort: None,
            length: None,
            operator_class: None,
        }
    }
}

impl Table {
    /// An empty table.
    pub fn new(namespace: Option<NamespaceId>, name: impl Into<String>) -> Self {
        Table {
            namespace,
            name: name.into(),
            columns: Vec::new(),
            primary_key: None,
            indexes: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
        }
    }

    /// Position of the column named `name` (linear: tables are small).
    pub fn column_position(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Index columns for the columns named `names`, or the first name that is not a column.
    pub fn index_columns<'n>(&self, names: &[&'n str]) -> Result<Vec<IndexColumn>, &'n str> {
        names
            .iter()
            .map(|n| self.column_position(n).map(IndexColumn::new).ok_or(*n))
            .collect()
    }
}

impl SqlSchema {
    /// An empty schema.
    pub fn new() -> Self {
        SqlSchema::default()
    }

    /// Adds a namespace and returns its id.
    pub fn push_namespace(&mut self, name: impl Into<String>) -> NamespaceId {
        self.namespaces.push(name.into());
        NamespaceId(self.namespaces.len() as u32 - 1)
    }

    /// Adds a table and returns its id.
    pub fn push_table(&mut self, table: Table) -> TableId {
        self.tables.push(table);
        TableId(self.tables.len() as u32 - 1)
    }

    /// Adds an enum and returns its id.
    pub fn push_enum(&mut self, e: Enum) -> EnumId {
        self.enums.push(e);
        EnumId(self.enums.len() as u32 - 1)
    }

    /// The table with this id. Ids come from this schema; a foreign id is a caller bug.
    pub fn table(&self, id: TableId) -> &Table {
        &self.tables[id.0 as usize]
    }

    /// The table with this id, mutably.
    pub fn table_mut(&mut self, id: TableId) -> &mut Table {
        &mut self.tables[id.0 as usize]
    }

    /// The enum with this id.
    pub fn enum_(&self, id: EnumId) -> &Enum {
        &self.enums[id.0 as usize]
    }

    /// The namespace name with this id.
    pub fn namespace(&self, id: NamespaceId) -> &str {
        &self.namespaces[id.0 as usize]
    }

    /// The id of the table `name` in `namespace` (linear; build a map for many lookups).
    pub fn find_table(&self, namespace: Option<&str>, name: &str) -> Option<TableId> {
        self.tables
            .iter()
            .position(|t| t.name == name && t.namespace.map(|n| self.namespace(n)) == namespace)
            .map(|p| TableId(p as u32))
    }

    /// The id of the enum `name` in `namespace` (linear).
    pub fn find_enum(&self, namespace: Option<&str>, name: &str) -> Option<EnumId> {
        self.enums
            .iter()
            .position(|e| e.name == name && e.namespace.map(|n| self.namespace(n)) == namespace)
            .map(|p| EnumId(p as u32))
    }

    /// The id of the namespace `name`.
    pub fn find_namespace(&self, name: &str) -> Option<NamespaceId> {
        self.namespaces
            .iter()
            .position(|n| n == name)
            .map(|p| NamespaceId(p as u32))
    }
}

/// A reference inside a [`SqlSchema`] that points nowhere (a column position past the end
/// of its table, an unknown table, enum or namespace id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InconsistentSchema(pub String);

impl std::fmt::Display for InconsistentSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "inconsistent SQL schema: {} (the schema was built with an id or column position that does not exist)",
            self.0
        )
    }
}

impl std::error::Error for InconsistentSchema {}

impl SqlSchema {
    /// Checks that every id and column position refers to something that exists. The differ
    /// and walkers assume it: call this on schemas built outside `migrate`'s calculate (for
    /// example by introspection) before diffing them.
    pub fn check(&self) -> Result<(), InconsistentSchema> {
        let err = |s: String| Err(InconsistentSchema(s));
        let ns_ok =
            |ns: Option<NamespaceId>| ns.is_none_or(|n| (n.0 as usize) < self.namespaces.len());
        for e in &self.enums {
            if !ns_ok(e.namespace) {
                return err(format!("enum `{}` has an unknown namespace", e.name));
            }
        }
        for t in &self.tables {
            if !ns_ok(t.namespace) {
                return err(format!("table `{}` has an unknown namespace", t.name));
            }
            let n = t.columns.len();
            for c in &t.columns {
                if let ColumnTypeFamily::Enum(id) = c.tpe.family
                    && id.0 as usize >= self.enums.len()
                {
                    return err(format!(
                        "column `{}`.`{}` has an unknown enum",
                        t.name, c.name
                    ));
                }
            }
            let pk_columns = t.primary_key.iter().flat_map(|pk| pk.columns.iter());
            let index_columns = t.indexes.iter().flat_map(|i| i.columns.iter());
            if pk_columns.chain(index_columns).any(|c| c.column >= n) {
                return err(format!(
                    "a key or index of `{}` names a column it does not have",
                    t.name
                ));
            }
            for fk in &t.foreign_keys {
                let Some(target) = self.tables.get(fk.referenced_table.0 as usize) else {
                    return err(format!(
                        "a foreign key of `{}` references an unknown table",
                        t.name
                    ));
                };
                if fk.columns.iter().any(|&c| c >= n)
                    || fk
                        .referenced_columns
                        .iter()
                        .any(|&c| c >= target.columns.len())
                    || fk.columns.len() != fk.referenced_columns.len()
                {
                    return err(format!(
                        "a foreign key of `{}` names columns that do not exist",
                        t.name
                    ));
                }
            }
        }
        Ok(())
    }
}
