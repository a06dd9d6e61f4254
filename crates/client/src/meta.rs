//! Static descriptions of models, fields and relations, emitted by the generator and read by
//! the runtime to build SQL.

use std::sync::OnceLock;

use driver::Provider as Dialect;

/// The scalar type of a field, as far as the runtime needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScalarKind {
    /// `Int`.
    Int,
    /// `BigInt`.
    BigInt,
    /// `Float`.
    Float,
    /// `Decimal`.
    Decimal,
    /// `String`.
    String,
    /// `Boolean`.
    Boolean,
    /// `DateTime`.
    DateTime,
    /// `Json`.
    Json,
    /// `Bytes`.
    Bytes,
    /// An enum.
    Enum,
}

/// A default the client computes itself, as Prisma Client does (database-side defaults such as
/// `autoincrement()` or literals are left to the database).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientDefault {
    /// None: the column is either given or defaulted by the database.
    None,
    /// `@default(now())`.
    Now,
    /// `@updatedAt`: set on create and on every update.
    UpdatedAt,
    /// `@default(uuid())` or `@default(uuid(4))`: a version-4 UUID.
    Uuid,
    /// `@default(uuid(7))`: a version-7 UUID.
    UuidV7,
    /// `@default(cuid())`.
    Cuid,
    /// `@default(cuid(2))`.
    Cuid2,
    /// `@default(ulid())`.
    Ulid,
    /// `@default(nanoid())`, with its length.
    Nanoid(usize),
}

/// The Rust type of a `DateTime` field (generated code names scalar types in one short path).
pub type DateTimeUtc = chrono::DateTime<chrono::Utc>;
/// The Rust type of a `Decimal` field.
pub type Decimal = crate::Decimal;
/// The Rust type of a `Json` field.
pub type Json = serde_json::Value;

/// One scalar field of a model, in the order the model's columns are selected.
#[derive(Debug)]
pub struct FieldMeta {
    /// The field's name in the schema.
    pub name: &'static str,
    /// The column's name in the database (after `@map`).
    pub column: &'static str,
    /// The scalar type.
    pub kind: ScalarKind,
    /// Whether the field is optional.
    pub nullable: bool,
    /// The default the client fills in.
    pub default: ClientDefault,
    /// Left out of the model's struct by the generator's `omit` option (Prisma's global
    /// omit): not read with whole records, only when selected.
    pub omitted: bool,
}

impl FieldMeta {
    /// A required field named `name` in the schema and the database, with no client default
    /// (generated code refines it with the methods below, so that one field is one line).
    pub const fn new(name: &'static str, kind: ScalarKind) -> Self {
        FieldMeta {
            name,
            column: name,
            kind,
            nullable: false,
            default: ClientDefault::None,
            omitted: false,
        }
    }

    /// The field's column is `column` (`@map`).
    pub const fn column(mut self, column: &'static str) -> Self {
        self.column = column;
        self
    }

    /// The field is optional.
    pub const fn nullable(mut self) -> Self {
        self.nullable = true;
        self
    }

    /// The client fills in `default`.
    pub const fn default(mut self, default: ClientDefault) -> Self {
        self.default = default;
        self
    }
}

/// A model: its table and scalar fields.
#[derive(Debug)]
pub struct ModelMeta {
    /// The model's name in the schema.
    pub name: &'static str,
    /// The table's name in the database (after `@@map`).
    pub table: &'static str,
    /// The database schema holding the table (`@@schema`, multiSchema on PostgreSQL); `None`
    /// for the connection's own schema.
    pub schema: Option<&'static str>,
    /// The scalar fields, in column order.
    pub fields: &'static [FieldMeta],
    /// The primary key's fields, as indexes into `fields`.
    pub primary_key: &'static [usize],
    /// The unique constraints a conflict can be detected on: the primary key, `@unique` and
    /// `@@unique` without a `where` (each as indexes into `fields`). Empty when the generated
    /// code does not describe them, and then `upsert` always reads before it writes.
    pub uniques: &'static [&'static [usize]],
    /// The other unique indexes, on which a conflict is not the equality of the fields listed:
    /// partial ones (`where:`), prefix ones (MySQL's `length:`), and those on a field the
    /// client leaves out (its listed fields are the ones it has). No upsert names them.
    pub inexact_uniques: &'static [&'static [usize]],
    /// The field the database numbers by auto-increment (`@default(autoincrement())`), if any.
    pub auto_increment: Option<usize>,
    /// Whether the schema allows full-text search on the model's text fields (Prisma's
    /// `search` and `_relevance`: every model on MySQL, on PostgreSQL with the
    /// `fullTextSearchPostgres` preview feature).
    pub full_text_search: bool,
    /// Whether the schema enables the `relationJoins` preview feature: queries on the model
    /// load their includes with the `join` strategy unless they ask otherwise (Prisma's
    /// default with the feature; the `query` strategy without it).
    pub relation_joins: bool,
    /// The scalar lists (PostgreSQL arrays) among `fields` (indexes into it).
    pub lists: &'static [usize],
    /// The relations pointing at this model whose referential actions the client carries out
    /// itself (`relationMode = "prisma"`): this model's relation fields on the side without the
    /// foreign key, each with [`RelationMeta::emulated`] set. Empty with foreign keys.
    pub referenced_by: &'static [&'static RelationMeta],
    /// [`ModelMeta::select_list`], per dialect (each quotes identifiers its own way).
    select_list: [OnceLock<String>; Dialect::COUNT],
    /// [`ModelMeta::returning_list`], per dialect.
    returning_list: [OnceLock<String>; Dialect::COUNT],
}

impl ModelMeta {
    /// Describes a model (used by generated code in a `static`).
    pub const fn new(
        name: &'static str,
        table: &'static str,
        fields: &'static [FieldMeta],
        primary_key: &'static [usize],
    ) -> Self {
        ModelMeta {
            name,
            table,
            schema: None,
            fields,
            primary_key,
            uniques: &[],
            inexact_uniques: &[],
            auto_increment: None,
            full_text_search: false,
            relation_joins: false,
            lists: &[],
            referenced_by: &[],
            select_list: [const { OnceLock::new() }; Dialect::COUNT],
            returning_list: [const { OnceLock::new() }; Dialect::COUNT],
        }
    }

    /// The model's table in database schema `schema` (`@@schema`; generated code calls this).
    pub const fn in_schema(mut self, schema: &'static str) -> Self {
        self.schema = Some(schema);
        self
    }

    /// The model's unique constraints ([`ModelMeta::uniques`]; generated code calls this).
    pub const fn uniques(mut self, uniques: &'static [&'static [usize]]) -> Self {
        self.uniques = uniques;
        self
    }

    /// The model's other unique indexes ([`ModelMeta::inexact_uniques`]).
    pub const fn inexact_uniques(mut self, uniques: &'static [&'static [usize]]) -> Self {
        self.inexact_uniques = uniques;
        self
    }

    /// Field number `field` is numbered by the database (`@default(autoincrement())`).
    pub const fn auto_increment(mut self, field: usize) -> Self {
        self.auto_increment = Some(field);
        self
    }

    /// Fields number `lists` are scalar lists ([`ModelMeta::lists`]; generated code calls this).
    pub const fn lists(mut self, lists: &'static [usize]) -> Self {
        self.lists = lists;
        self
    }

    /// The schema enables `relationJoins` ([`ModelMeta::relation_joins`]; generated code
    /// calls this).
    pub const fn relation_joins(mut self) -> Self {
        self.relation_joins = true;
        self
    }

    /// The schema allows full-text search on the model (generated code calls this).
    pub const fn full_text_search(mut self) -> Self {
        self.full_text_search = true;
        self
    }

    /// The relations pointing at this model whose actions the client emulates (generated
    /// code calls this under `relationMode = "prisma"`).
    pub const fn referenced_by(mut self, relations: &'static [&'static RelationMeta]) -> Self {
        self.referenced_by = relations;
        self
    }

    /// `"t0"."a", "t0"."b", …` (`` `t0`.`a`, … `` on MySQL): every column of the model's
    /// struct (not the globally omitted ones), qualified by the alias of a top-level select,
    /// quoted for `dialect`. Built once per dialect.
    pub fn select_list(&self, dialect: Dialect) -> &str {
        self.select_list[dialect.index()].get_or_init(|| {
            let mut s = String::new();
            for f in self.fields.iter().filter(|f| !f.omitted) {
                if !s.is_empty() {
                    s.push_str(", ");
                }
                dialect.push_identifier(&mut s, "t0");
                s.push('.');
                dialect.push_identifier(&mut s, f.column);
            }
            s
        })
    }

    /// `"a", "b", …` (`` `a`, `b`, … `` on MySQL): every column of the model's struct,
    /// unqualified (for RETURNING), quoted for `dialect`. Built once per dialect.
    pub fn returning_list(&self, dialect: Dialect) -> &str {
        self.returning_list[dialect.index()].get_or_init(|| {
            let mut s = String::new();
            for f in self.fields.iter().filter(|f| !f.omitted) {
                if !s.is_empty() {
                    s.push_str(", ");
                }
                dialect.push_identifier(&mut s, f.column);
            }
            s
        })
    }

    /// The field with this column name.
    pub fn field_by_column(&self, column: &str) -> Option<&'static FieldMeta> {
        self.fields.iter().find(|f| f.column == column)
    }
}

/// The implicit join table of a many-to-many relation.
#[derive(Debug)]
pub struct JoinTable {
    /// The table (`_CategoryToPost`).
    pub table: &'static str,
    /// Its database schema (`@@schema` of the relation's first model, where Prisma Migrate
    /// creates it), or `None`.
    pub schema: Option<&'static str>,
    /// Its column that references this side's key.
    pub this_column: &'static str,
    /// Its column that references the other side's key.
    pub other_column: &'static str,
}

/// A relation field, seen from the model that declares it.
#[derive(Debug)]
pub struct RelationMeta {
    /// The relation field's name.
    pub name: &'static str,
    /// The model on the other side.
    pub target: &'static ModelMeta,
    /// Columns of this model that the relation joins on (the foreign key on the owning side,
    /// the referenced key on the other side).
    pub from_columns: &'static [&'static str],
    /// The matching columns of the target model.
    pub to_columns: &'static [&'static str],
    /// Whether the field is a list (one-to-many or many-to-many).
    pub list: bool,
    /// The join table of a many-to-many relation.
    pub join: Option<JoinTable>,
    /// Whether this side holds the foreign key (`from_columns` are its foreign key).
    pub holds_foreign_key: bool,
    /// On the side without the foreign key, under `relationMode = "prisma"`: the relation's
    /// referential actions, which the client carries out when a record of this side is deleted
    /// or its referenced key changes (`crate::relation_mode`). `None` otherwise.
    pub emulated: Option<EmulatedActions>,
}

/// A referential action of a relation (`onDelete`, `onUpdate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReferentialAction {
    /// `Cascade`: delete the referencing records, or update their foreign key.
    Cascade,
    /// `Restrict`: refuse (P2014) while referencing records exist.
    Restrict,
    /// `NoAction`: as `Restrict` when emulated.
    NoAction,
    /// `SetNull`: set the referencing records' optional foreign key columns to NULL.
    SetNull,
    /// `SetDefault`: not emulated (Prisma's validator refuses it with `relationMode = "prisma"`).
    SetDefault,
}

/// The referential actions of one relation that the client emulates (`relationMode = "prisma"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmulatedActions {
    /// The relation's name (`@relation("Name")`, or Prisma's default `AToB`), for P2014.
    pub relation: &'static str,
    /// `onDelete`, as written or Prisma's default.
    pub on_delete: ReferentialAction,
    /// `onUpdate`, as written or Prisma's default.
    pub on_update: ReferentialAction,
}

impl RelationMeta {
    /// Describes a relation field without a join table (generated code, in a `static`).
    pub const fn new(
        name: &'static str,
        target: &'static ModelMeta,
        from_columns: &'static [&'static str],
        to_columns: &'static [&'static str],
        list: bool,
        holds_foreign_key: bool,
    ) -> Self {
        RelationMeta {
            name,
            target,
            from_columns,
            to_columns,
            list,
            join: None,
            holds_foreign_key,
            emulated: None,
        }
    }

    /// The client emulates the relation's referential actions (generated code calls this on
    /// the side without the foreign key under `relationMode = "prisma"`).
    pub const fn emulate(
        mut self,
        relation: &'static str,
        on_delete: ReferentialAction,
        on_update: ReferentialAction,
    ) -> Self {
        self.emulated = Some(EmulatedActions {
            relation,
            on_delete,
            on_update,
        });
        self
    }

    /// The relation goes through the join table `join` (many-to-many).
    pub const fn join(mut self, join: JoinTable) -> Self {
        self.join = Some(join);
        self
    }
}

impl PartialEq for ModelMeta {
    /// Models are compared by identity: each is one `static`.
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl PartialEq for RelationMeta {
    /// Relations are compared by identity: each is one `static`.
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
