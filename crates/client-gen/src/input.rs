//! What the generator reads: the client's view of a validated schema (models with their
//! columns, relations with both ends resolved, enums, defaults the client computes). It is
//! built from the validated IR; it also deserializes from JSON so that fixtures can describe a
//! schema directly.

use serde::{Deserialize, Serialize};

/// A schema, as the generator needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// The models, in schema order.
    pub models: Vec<Model>,
    /// The enums, in schema order.
    #[serde(default)]
    pub enums: Vec<Enum>,
}

/// An enum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enum {
    /// Its name.
    pub name: String,
    /// Its `///` documentation.
    #[serde(default)]
    pub docs: Option<String>,
    /// Its values.
    pub values: Vec<EnumValue>,
}

/// One value of an enum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumValue {
    /// Its name in the schema.
    pub name: String,
    /// Its name in the database (after `@map`), when different.
    #[serde(default)]
    pub db_name: Option<String>,
}

/// A model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Its name.
    pub name: String,
    /// Its table (after `@@map`), when different.
    #[serde(default)]
    pub table: Option<String>,
    /// Its `///` documentation.
    #[serde(default)]
    pub docs: Option<String>,
    /// Its scalar fields, in schema order.
    pub fields: Vec<Field>,
    /// Its relation fields, in schema order.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// The fields of its primary key (`@id` or `@@id`).
    pub primary_key: Vec<String>,
    /// Its compound unique constraints (`@@unique`, and a compound `@@id`), by field names.
    #[serde(default)]
    pub compound_uniques: Vec<Vec<String>>,
    /// The database schema of its table (`@@schema`, multiSchema), when it has one.
    #[serde(default)]
    pub schema: Option<String>,
    /// A `view` block: read-only (no write operations; `Writable` is not implemented).
    #[serde(default)]
    pub is_view: bool,
    /// It has a required `Unsupported` field without a default: the client cannot create its
    /// records (no `create`, `createMany`, `upsert` or nested create; `Creatable` is not
    /// implemented), as Prisma Client has none for it.
    #[serde(default)]
    pub no_create: bool,
    /// The schema allows full-text search on it (Prisma's `search` and `_relevance`): on
    /// MySQL, and on PostgreSQL with the `fullTextSearchPostgres` preview feature.
    #[serde(default)]
    pub full_text_search: bool,
    /// The schema enables the `relationJoins` preview feature: its queries load included
    /// relations with the `join` strategy unless they ask otherwise, as Prisma's do.
    #[serde(default)]
    pub relation_joins: bool,
    /// Its unique constraints and auto-increment field, as `upsert` needs them.
    #[serde(default)]
    pub keys: Keys,
}

/// What `upsert` needs to know of a model's unique constraints
/// (docs/decisions/0019-native-upsert.md).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Keys {
    /// The unique constraints on whole values (the primary key, `@unique`, `@@unique`), by
    /// field names.
    #[serde(default)]
    pub uniques: Vec<Vec<String>>,
    /// The other unique indexes: partial (`where:`), prefix (`length:`), or on a field the
    /// client leaves out (listed by the fields it has).
    #[serde(default)]
    pub inexact: Vec<Vec<String>>,
    /// The field the database numbers (`@default(autoincrement())`).
    #[serde(default)]
    pub auto_increment: Option<String>,
}

impl Model {
    /// Whether the client creates records of it.
    pub fn creatable(&self) -> bool {
        !self.is_view && !self.no_create
    }
}

/// The scalar type of a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScalarType {
    /// `Int`
    Int,
    /// `BigInt`
    BigInt,
    /// `Float`
    Float,
    /// `Decimal`
    Decimal,
    /// `String`
    String,
    /// `Boolean`
    Boolean,
    /// `DateTime`
    DateTime,
    /// `Json`
    Json,
    /// `Bytes`
    Bytes,
    /// An enum, by name.
    Enum(String),
}

/// The default the client computes for a field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ClientDefault {
    /// None (the value is required, or the database defaults it).
    #[default]
    None,
    /// The database defaults it (`autoincrement()`, a literal, `dbgenerated()`).
    Database,
    /// `now()`
    Now,
    /// `@updatedAt`
    UpdatedAt,
    /// `uuid()`, `uuid(4)`: a version-4 UUID.
    Uuid,
    /// `uuid(7)`: a version-7 UUID.
    UuidV7,
    /// `cuid()`
    Cuid,
    /// `cuid(2)`
    Cuid2,
    /// `ulid()`
    Ulid,
    /// `nanoid(n)`
    Nanoid(usize),
}

/// A scalar field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Its name.
    pub name: String,
    /// Its column (after `@map`), when different.
    #[serde(default)]
    pub column: Option<String>,
    /// Its type.
    pub ty: ScalarType,
    /// `?`
    #[serde(default)]
    pub optional: bool,
    /// `[]`: a scalar list (PostgreSQL), a `Vec` of the type in the record.
    #[serde(default)]
    pub list: bool,
    /// `@unique` or a single-field `@id`.
    #[serde(default)]
    pub unique: bool,
    /// Its default.
    #[serde(default)]
    pub default: ClientDefault,
    /// Its `///` documentation.
    #[serde(default)]
    pub docs: Option<String>,
    /// Left out of the model's struct (the generator's `omit` option, Prisma's global omit):
    /// read only when selected.
    #[serde(default)]
    pub omitted: bool,
    /// The part of a `DateTime` its native type holds (`@db.Date`, `@db.Time`): what its
    /// filters bind.
    #[serde(default)]
    pub date_part: DatePart,
}

/// The part of a `DateTime` a field's native type holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DatePart {
    /// Date and time.
    #[default]
    Whole,
    /// The date (`@db.Date`).
    Date,
    /// The time of day (`@db.Time`, `@db.Timetz`).
    Time,
}

/// A relation field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// Its name.
    pub name: String,
    /// The related model.
    pub target: String,
    /// A list (`Post[]`).
    #[serde(default)]
    pub list: bool,
    /// Optional (`User?`).
    #[serde(default)]
    pub optional: bool,
    /// The columns of this model the relation joins on (its foreign key on the side that
    /// holds `fields:`, the referenced columns otherwise).
    pub from_columns: Vec<String>,
    /// The matching columns of the target.
    pub to_columns: Vec<String>,
    /// The implicit join table of a many-to-many relation.
    #[serde(default)]
    pub join: Option<JoinTable>,
    /// Whether this side holds the foreign key (`fields:`/`references:`).
    #[serde(default)]
    pub holds_foreign_key: bool,
    /// The relation's name: as written in `@relation`, or Prisma's default `AToB`.
    #[serde(default)]
    pub relation_name: String,
    /// Whether the field on the other side is a required to-one relation.
    #[serde(default)]
    pub back_required: bool,
    /// Whether the field on the other side is a list.
    #[serde(default)]
    pub back_list: bool,
    /// Its `///` documentation.
    #[serde(default)]
    pub docs: Option<String>,
    /// A relation to or from a view: read (include, select, filters, orderings, counts), never
    /// written through (no nested writes), as views are read-only.
    #[serde(default)]
    pub read_only: bool,
    /// On the side without the foreign key, under `relationMode = "prisma"`: the relation's
    /// `onDelete` and `onUpdate` (`Cascade`, `Restrict`, …), which the client emulates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emulated: Option<(String, String)>,
}

/// The implicit join table of a many-to-many relation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinTable {
    /// `_AToB`.
    pub table: String,
    /// Its database schema (multiSchema), when it has one.
    #[serde(default)]
    pub schema: Option<String>,
    /// The column referencing this side.
    pub this_column: String,
    /// The column referencing the other side.
    pub other_column: String,
}

impl Field {
    /// The column name.
    pub fn column(&self) -> &str {
        self.column.as_deref().unwrap_or(&self.name)
    }

    /// Whether `create` needs a value for this field.
    pub fn required_on_create(&self) -> bool {
        !self.optional && !self.list && self.default == ClientDefault::None
    }
}

impl Model {
    /// The table name.
    pub fn table(&self) -> &str {
        self.table.as_deref().unwrap_or(&self.name)
    }
}
