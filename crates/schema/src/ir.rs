//! The validated IR: plain data, stored by id in [`crate::ValidatedSchema`].
//!
//! Every name a later stage needs is already resolved here: database names after `@map` /
//! `@@map`, Prisma's default constraint names (truncated per provider), referential actions
//! with Prisma's defaults, the implicit many-to-many join tables. Navigation between items
//! goes through the walkers in [`crate::walkers`].

use diagnostics::Span;

use crate::ids::{CompositeTypeId, EnumId, FieldId, ModelId, RelationId};
use ::provider::Provider;

/// A value that is either written in the schema or read from an environment variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StringOrEnv {
    /// `"literal"`.
    Literal(String),
    /// `env("VAR")`.
    Env(String),
}

impl StringOrEnv {
    /// The literal, if it is one.
    pub fn as_literal(&self) -> Option<&str> {
        match self {
            StringOrEnv::Literal(s) => Some(s),
            StringOrEnv::Env(_) => None,
        }
    }

    /// The environment variable's name, if it is `env("…")`.
    pub fn as_env(&self) -> Option<&str> {
        match self {
            StringOrEnv::Env(s) => Some(s),
            StringOrEnv::Literal(_) => None,
        }
    }
}

/// How relations are enforced: by foreign keys in the database, or emulated by Prisma.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationMode {
    /// `relationMode = "foreignKeys"` (the default for SQL providers).
    ForeignKeys,
    /// `relationMode = "prisma"`: no foreign keys are created.
    Prisma,
}

/// The `datasource` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Datasource {
    /// The block's name (`db`); also the prefix of native type attributes (`@db.VarChar`).
    pub name: String,
    /// The provider.
    pub provider: Provider,
    /// The provider string as written (`"postgres"` and `"postgresql"` are the same provider).
    pub provider_text: String,
    /// `url` (Prisma 6 and earlier; Prisma 7 moved it to the config file).
    pub url: Option<StringOrEnv>,
    /// `directUrl`.
    pub direct_url: Option<StringOrEnv>,
    /// `shadowDatabaseUrl`.
    pub shadow_database_url: Option<StringOrEnv>,
    /// `relationMode` (or the deprecated `referentialIntegrity`), defaulted per provider.
    pub relation_mode: RelationMode,
    /// `schemas = [...]` (PostgreSQL multi-schema).
    pub schemas: Vec<String>,
    /// `extensions = [...]` (PostgreSQL, `postgresqlExtensions` preview feature).
    pub extensions: Vec<PostgresExtension>,
    /// `///` documentation above the block.
    pub documentation: Option<String>,
    /// The whole block.
    pub span: Span,
}

/// One entry of `extensions = [...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostgresExtension {
    /// The name as written (`uuid_ossp`).
    pub name: String,
    /// `map:`: the database name, when it differs (`"uuid-ossp"`).
    pub database_name: Option<String>,
    /// `schema:`.
    pub schema: Option<String>,
    /// `version:`.
    pub version: Option<String>,
}

/// A value of a generator property other than the ones with their own field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigValue {
    /// A string or `env("…")`.
    String(StringOrEnv),
    /// A number, boolean or bare identifier, as written.
    Constant(String),
    /// `[a, b]`.
    Array(Vec<ConfigValue>),
}

/// A `generator` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Generator {
    /// The block's name (`client`).
    pub name: String,
    /// `provider`.
    pub provider: StringOrEnv,
    /// `output`.
    pub output: Option<StringOrEnv>,
    /// `previewFeatures`, as written (known or not).
    pub preview_features: Vec<String>,
    /// `binaryTargets`.
    pub binary_targets: Vec<StringOrEnv>,
    /// Every other property, in source order.
    pub config: Vec<(String, ConfigValue)>,
    /// `///` documentation above the block.
    pub documentation: Option<String>,
    /// The whole block.
    pub span: Span,
}

/// A model (`model X { … }`) or view (`view X { … }`).
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The name in the schema.
    pub name: String,
    /// Whether it is a `view`.
    pub is_view: bool,
    /// The table (or view) name: `@@map("…")` or the name.
    pub database_name: String,
    /// `@@map("…")`, when given.
    pub mapped_name: Option<String>,
    /// `@@schema("…")`.
    pub schema: Option<String>,
    /// `///` documentation.
    pub documentation: Option<String>,
    /// The fields, in source order.
    pub fields: Vec<FieldId>,
    /// `@id` or `@@id`.
    pub primary_key: Option<PrimaryKey>,
    /// `@unique`/`@@unique`, `@@index` and `@@fulltext`, field-level ones first (in field
    /// order), then block-level ones in source order.
    pub indexes: Vec<Index>,
    /// `@@check(…)`: table check constraints, in source order.
    pub checks: Vec<CheckConstraint>,
    /// `@@ignore`.
    pub is_ignored: bool,
    /// The name's span.
    pub name_span: Span,
    /// The whole block.
    pub span: Span,
}

/// `@@check(expression: "…", map: "…")`: a table `CHECK` constraint (Refract's, as Prisma's
/// next major version spells it).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckConstraint {
    /// The SQL expression, as written.
    pub expression: String,
    /// The constraint name: `map:` or the default (`{table}_check`, `{table}_check1`, …).
    pub database_name: String,
    /// `map:`, when given.
    pub mapped_name: Option<String>,
    /// The attribute.
    pub span: Span,
}

/// Ascending or descending order of one column in an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortOrder {
    /// `Asc`.
    Asc,
    /// `Desc`.
    Desc,
}

/// A PostgreSQL operator class on an index column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorClass {
    /// One of Prisma's named classes (`JsonbPathOps`, `InetOps`, …), as written.
    Named(String),
    /// `raw("…")`.
    Raw(String),
}

/// One column of a primary key or index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexField {
    /// The scalar field.
    pub field: FieldId,
    /// `sort:`.
    pub sort: Option<SortOrder>,
    /// `length:` (MySQL prefix length).
    pub length: Option<u32>,
    /// `ops:` (PostgreSQL).
    pub operator_class: Option<OperatorClass>,
}

/// `@id` or `@@id`.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimaryKey {
    /// The columns, in order.
    pub fields: Vec<IndexField>,
    /// `name:`: the name of the compound id in the client API.
    pub name: Option<String>,
    /// The constraint name: `map:` or Prisma's default `{table}_pkey`.
    pub database_name: String,
    /// `map:`, when given.
    pub mapped_name: Option<String>,
    /// `clustered:`.
    pub clustered: Option<bool>,
    /// Whether it was written on the field (`@id`) rather than the block (`@@id`).
    pub defined_on_field: bool,
    /// The attribute.
    pub span: Span,
}

/// Unique, normal or full-text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexKind {
    /// `@unique` / `@@unique`.
    Unique,
    /// `@@index`.
    Normal,
    /// `@@fulltext`.
    Fulltext,
}

/// The `type:` of an `@@index` (PostgreSQL access methods, MySQL/PostgreSQL hash).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexAlgorithm {
    /// `BTree` (the default).
    BTree,
    /// `Hash`.
    Hash,
    /// `Gist`.
    Gist,
    /// `Gin`.
    Gin,
    /// `SpGist`.
    SpGist,
    /// `Brin`.
    Brin,
}

impl IndexAlgorithm {
    /// The name as written in the schema.
    pub fn as_str(self) -> &'static str {
        match self {
            IndexAlgorithm::BTree => "BTree",
            IndexAlgorithm::Hash => "Hash",
            IndexAlgorithm::Gist => "Gist",
            IndexAlgorithm::Gin => "Gin",
            IndexAlgorithm::SpGist => "SpGist",
            IndexAlgorithm::Brin => "Brin",
        }
    }
}

/// `@unique`, `@@unique`, `@@index` or `@@fulltext`.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    /// Which kind.
    pub kind: IndexKind,
    /// The columns, in order.
    pub fields: Vec<IndexField>,
    /// `name:`: the name of a compound unique in the client API.
    pub name: Option<String>,
    /// The index name: `map:` or Prisma's default (`{table}_{columns}_key` / `_idx`).
    pub database_name: String,
    /// `map:`, when given.
    pub mapped_name: Option<String>,
    /// `type:`.
    pub algorithm: Option<IndexAlgorithm>,
    /// `clustered:`.
    pub clustered: Option<bool>,
    /// Whether it was written on a field (`@unique`).
    pub defined_on_field: bool,
    /// `where:`: the predicate of a partial index (preview feature `partialIndexes`).
    pub predicate: Option<IndexPredicate>,
    /// The attribute.
    pub span: Span,
}

/// The `where:` of a partial index.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexPredicate {
    /// `raw("…")`: SQL written into the migration as it is.
    Raw(String),
    /// `{ field: value, … }`: every condition holds (joined with `AND`).
    Object(Vec<WhereCondition>),
}

/// One `field: value` of the object form of a partial index's `where:`.
#[derive(Debug, Clone, PartialEq)]
pub struct WhereCondition {
    /// The scalar field compared.
    pub field: FieldId,
    /// What it is compared with.
    pub op: WhereOp,
}

/// The comparison of one [`WhereCondition`].
#[derive(Debug, Clone, PartialEq)]
pub enum WhereOp {
    /// `field: value`.
    Equals(WhereValue),
    /// `field: { not: value }`.
    NotEquals(WhereValue),
    /// `field: null`.
    IsNull,
    /// `field: { not: null }`.
    IsNotNull,
}

/// A literal in the object form of a partial index's `where:`.
#[derive(Debug, Clone, PartialEq)]
pub enum WhereValue {
    /// `true` / `false`.
    Boolean(bool),
    /// A string (also an enum value).
    String(String),
    /// A number as written (`-1`, `1.5`).
    Number(String),
}

/// Required, optional or list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldArity {
    /// `T`.
    Required,
    /// `T?`.
    Optional,
    /// `T[]`.
    List,
}

impl FieldArity {
    /// `T`.
    pub fn is_required(self) -> bool {
        self == FieldArity::Required
    }
    /// `T?`.
    pub fn is_optional(self) -> bool {
        self == FieldArity::Optional
    }
    /// `T[]`.
    pub fn is_list(self) -> bool {
        self == FieldArity::List
    }
}

/// A field of a model or view.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The model or view it belongs to.
    pub model: ModelId,
    /// The name in the schema.
    pub name: String,
    /// `T`, `T?` or `T[]`.
    pub arity: FieldArity,
    /// Scalar or relation, with what is specific to each.
    pub kind: FieldKind,
    /// `@ignore`.
    pub is_ignored: bool,
    /// `///` documentation.
    pub documentation: Option<String>,
    /// The name's span.
    pub name_span: Span,
    /// The type's span.
    pub type_span: Span,
    /// The whole field.
    pub span: Span,
}

/// What a field is.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// A column (scalar, enum, composite or unsupported type).
    Scalar(ScalarField),
    /// A relation to another model.
    Relation(RelationField),
}

/// The built-in scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarType {
    /// `String`.
    String,
    /// `Boolean`.
    Boolean,
    /// `Int`.
    Int,
    /// `BigInt`.
    BigInt,
    /// `Float`.
    Float,
    /// `Decimal`.
    Decimal,
    /// `DateTime`.
    DateTime,
    /// `Json`.
    Json,
    /// `Bytes`.
    Bytes,
}

impl ScalarType {
    /// The type's name in the schema.
    pub fn as_str(self) -> &'static str {
        match self {
            ScalarType::String => "String",
            ScalarType::Boolean => "Boolean",
            ScalarType::Int => "Int",
            ScalarType::BigInt => "BigInt",
            ScalarType::Float => "Float",
            ScalarType::Decimal => "Decimal",
            ScalarType::DateTime => "DateTime",
            ScalarType::Json => "Json",
            ScalarType::Bytes => "Bytes",
        }
    }

    /// The scalar type with this name.
    pub fn from_name(name: &str) -> Option<ScalarType> {
        Some(match name {
            "String" => ScalarType::String,
            "Boolean" => ScalarType::Boolean,
            "Int" => ScalarType::Int,
            "BigInt" => ScalarType::BigInt,
            "Float" => ScalarType::Float,
            "Decimal" => ScalarType::Decimal,
            "DateTime" => ScalarType::DateTime,
            "Json" => ScalarType::Json,
            "Bytes" => ScalarType::Bytes,
            _ => return None,
        })
    }
}

/// The type of a scalar field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScalarFieldType {
    /// A built-in scalar type.
    Builtin(ScalarType),
    /// An enum of the schema.
    Enum(EnumId),
    /// A composite type (MongoDB only; rejected for SQL providers).
    CompositeType(CompositeTypeId),
    /// `Unsupported("…")`: the database type as written.
    Unsupported(String),
}

/// A native database type from `@db.Name(args)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeType {
    /// The type's name as Prisma spells it (`VarChar`, `Timestamptz`, `UnsignedInt`).
    pub name: String,
    /// The arguments as written (`["255"]`, `["65", "30"]`).
    pub args: Vec<String>,
    /// The attribute.
    pub span: Span,
}

impl NativeType {
    /// The first argument as a number, if there is one.
    pub fn first_arg(&self) -> Option<u32> {
        self.args.first().and_then(|a| a.parse().ok())
    }
}

/// A scalar field: one column.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalarField {
    /// Its type.
    pub field_type: ScalarFieldType,
    /// The column name: `@map("…")` or the field name.
    pub database_name: String,
    /// `@map("…")`, when given.
    pub mapped_name: Option<String>,
    /// `@db.*`, when given (already checked against the provider).
    pub native_type: Option<NativeType>,
    /// `@default(…)`, resolved.
    pub default: Option<DefaultValue>,
    /// `@updatedAt`.
    pub is_updated_at: bool,
    /// `@id` on this field.
    pub is_id: bool,
    /// `@unique` on this field.
    pub is_unique: bool,
}

/// `@default(…)`.
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultValue {
    /// What the default is.
    pub kind: DefaultKind,
    /// `map:`: the default constraint's name (SQL Server only).
    pub mapped_name: Option<String>,
    /// The `@default(…)` attribute.
    pub span: Span,
}

/// The kinds of default value.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultKind {
    /// `autoincrement()`.
    Autoincrement,
    /// `now()`.
    Now,
    /// `uuid()` (version 4) or `uuid(7)`.
    Uuid(u8),
    /// `cuid()` (version 1) or `cuid(2)`.
    Cuid(u8),
    /// `nanoid()` or `nanoid(n)`.
    Nanoid(Option<u8>),
    /// `ulid()`.
    Ulid,
    /// `dbgenerated()` or `dbgenerated("expression")`.
    DbGenerated(Option<String>),
    /// `sequence(…)` (CockroachDB; kept for completeness).
    Sequence,
    /// `auto()` (MongoDB; kept for completeness).
    Auto,
    /// A constant.
    Value(LiteralValue),
    /// `[…]` for a scalar list.
    List(Vec<LiteralValue>),
}

/// A constant default, typed by the field it is on.
#[derive(Debug, Clone, PartialEq)]
pub enum LiteralValue {
    /// A `String` value (unescaped).
    String(String),
    /// An `Int` value.
    Int(i64),
    /// A `BigInt` value.
    BigInt(i64),
    /// A `Float` value, as written.
    Float(String),
    /// A `Decimal` value, as written.
    Decimal(String),
    /// A `Boolean` value.
    Boolean(bool),
    /// A `DateTime` value (RFC 3339 text, as written).
    DateTime(String),
    /// A `Json` value (the JSON text).
    Json(String),
    /// A `Bytes` value (base64 text, as written).
    Bytes(String),
    /// A value of an enum: the enum and the value's position in it.
    EnumValue(EnumId, usize),
}

/// The referential actions of `onDelete` / `onUpdate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferentialAction {
    /// `Cascade`.
    Cascade,
    /// `Restrict`.
    Restrict,
    /// `NoAction`.
    NoAction,
    /// `SetNull`.
    SetNull,
    /// `SetDefault`.
    SetDefault,
}

impl ReferentialAction {
    /// The name as written in the schema.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferentialAction::Cascade => "Cascade",
            ReferentialAction::Restrict => "Restrict",
            ReferentialAction::NoAction => "NoAction",
            ReferentialAction::SetNull => "SetNull",
            ReferentialAction::SetDefault => "SetDefault",
        }
    }

    /// The action with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "Cascade" => ReferentialAction::Cascade,
            "Restrict" => ReferentialAction::Restrict,
            "NoAction" => ReferentialAction::NoAction,
            "SetNull" => ReferentialAction::SetNull,
            "SetDefault" => ReferentialAction::SetDefault,
            _ => return None,
        })
    }
}

/// A relation field: one side of a relation.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationField {
    /// The model on the other side.
    pub related_model: ModelId,
    /// The relation this field is a side of (`None` only in invalid schemas).
    pub relation: Option<RelationId>,
    /// `@relation("Name")` / `@relation(name: "Name")`, as written.
    pub relation_name: Option<String>,
    /// `fields: [...]`: the scalar fields of this model holding the foreign key.
    pub fields: Vec<FieldId>,
    /// `references: [...]`: the referenced fields of the related model.
    pub references: Vec<FieldId>,
    /// `onDelete:`, as written.
    pub on_delete: Option<ReferentialAction>,
    /// `onUpdate:`, as written.
    pub on_update: Option<ReferentialAction>,
    /// `map:`: the foreign key's name.
    pub mapped_name: Option<String>,
    /// The `@relation(…)` attribute, when written.
    pub relation_attribute_span: Option<Span>,
}

/// One-to-one, one-to-many or implicit many-to-many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationKind {
    /// `A?` on one side, `B` / `B?` with `fields`/`references` on the other.
    OneToOne,
    /// `A[]` on one side, `B` / `B?` with `fields`/`references` on the other.
    OneToMany,
    /// `A[]` on both sides, no `fields`: a join table `_AToB` with columns `A` and `B`.
    ImplicitManyToMany,
}

/// A resolved relation.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The relation's name: as written, or Prisma's default `{A}To{B}` (model names sorted).
    pub name: String,
    /// Whether the name was written in `@relation`.
    pub has_explicit_name: bool,
    /// Which kind.
    pub kind: RelationKind,
    /// For 1:1 and 1:n, the side that holds `fields`/`references`; for m:n, the side on
    /// the model whose name sorts first (the `A` column of the join table points at it).
    pub field_a: FieldId,
    /// The opposite side (`None` only in invalid schemas, where the back-relation field
    /// is missing).
    pub field_b: Option<FieldId>,
    /// For 1:1 and 1:n: the foreign key, with resolved actions and constraint name.
    pub foreign_key: Option<ForeignKey>,
    /// For implicit m:n: the join table.
    pub join_table: Option<JoinTable>,
    /// Whether either side or either model is ignored (`@ignore` / `@@ignore`): such
    /// relations do not exist in the database schema or the client.
    pub is_ignored: bool,
}

/// The foreign key of a 1:1 or 1:n relation.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    /// The model holding the foreign key columns.
    pub referencing_model: ModelId,
    /// The foreign key columns (`fields:`), in order.
    pub referencing_fields: Vec<FieldId>,
    /// The referenced model.
    pub referenced_model: ModelId,
    /// The referenced columns (`references:`), in order.
    pub referenced_fields: Vec<FieldId>,
    /// `onDelete`, or Prisma's default (`SetNull` when every foreign key field is
    /// optional, `Restrict` otherwise; `NoAction` where the provider lacks `Restrict`).
    pub on_delete: ReferentialAction,
    /// `onUpdate`, or Prisma's default (`Cascade`).
    pub on_update: ReferentialAction,
    /// Whether `onDelete` was written.
    pub on_delete_explicit: bool,
    /// Whether `onUpdate` was written.
    pub on_update_explicit: bool,
    /// The constraint name: `map:` or Prisma's default `{table}_{columns}_fkey`.
    pub database_name: String,
    /// `map:`, when given.
    pub mapped_name: Option<String>,
    /// `relationMode = "prisma"`: the key is emulated, not created in the database.
    pub is_emulated: bool,
}

/// The join table of an implicit many-to-many relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinTable {
    /// `_` + the relation name (`_CategoryToPost`).
    pub table_name: String,
    /// The model column `A` references (by its single-field primary key).
    pub model_a: ModelId,
    /// The model column `B` references.
    pub model_b: ModelId,
}

/// `enum X { … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The name in the schema.
    pub name: String,
    /// `@@map("…")` or the name.
    pub database_name: String,
    /// `@@map("…")`, when given.
    pub mapped_name: Option<String>,
    /// `@@schema("…")`.
    pub schema: Option<String>,
    /// `///` documentation.
    pub documentation: Option<String>,
    /// The values, in source order.
    pub values: Vec<EnumValue>,
    /// The name's span.
    pub name_span: Span,
    /// The whole block.
    pub span: Span,
}

/// One value of an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The name in the schema.
    pub name: String,
    /// `@map("…")` or the name.
    pub database_name: String,
    /// `@map("…")`, when given.
    pub mapped_name: Option<String>,
    /// `///` documentation.
    pub documentation: Option<String>,
    /// The value.
    pub span: Span,
}

/// `type X { … }`: a composite type (MongoDB only).
#[derive(Debug, Clone, PartialEq)]
pub struct CompositeType {
    /// The name in the schema.
    pub name: String,
    /// `///` documentation.
    pub documentation: Option<String>,
    /// The fields, in source order.
    pub fields: Vec<CompositeTypeField>,
    /// The whole block.
    pub span: Span,
}

/// A field of a composite type.
#[derive(Debug, Clone, PartialEq)]
pub struct CompositeTypeField {
    /// The name in the schema.
    pub name: String,
    /// `@map("…")` or the name.
    pub database_name: String,
    /// `T`, `T?` or `T[]`.
    pub arity: FieldArity,
    /// Its type (`None` when the type name did not resolve).
    pub field_type: Option<ScalarFieldType>,
    /// `@default(…)`.
    pub default: Option<DefaultValue>,
    /// `///` documentation.
    pub documentation: Option<String>,
    /// The whole field.
    pub span: Span,
}
