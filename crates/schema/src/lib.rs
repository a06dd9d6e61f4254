//! Validation of Prisma schemas, producing the one validated IR that every later stage
//! (formatter, migrations, client generator) reads.
//!
//! [`validate`] parses the files (with `schema_syntax`), runs the validation passes in order —
//! configuration blocks, names, types, attributes, relations, provider rules — and returns
//! the [`ValidatedSchema`] together with every [`Diagnostic`](diagnostics::Diagnostic). It
//! never fails: an invalid schema still yields an IR of everything that could be resolved.
//! Callers must not use the IR for anything but diagnostics-aware tooling when
//! [`Diagnostics::has_errors`] is true.
//!
//! Items are stored by id ([`ModelId`], [`FieldId`], [`EnumId`], [`RelationId`],
//! [`CompositeTypeId`]) and walked with typed views ([`walkers`]), never through references
//! between items.
//!
//! ```
//! use diagnostics::SourceFiles;
//!
//! let files = SourceFiles::single(
//!     "schema.prisma",
//!     r#"
//! datasource db {
//!   provider = "postgresql"
//!   url      = env("DATABASE_URL")
//! }
//!
//! model User {
//!   id    Int    @id @default(autoincrement())
//!   email String @unique
//!   posts Post[]
//! }
//!
//! model Post {
//!   id       Int  @id
//!   author   User @relation(fields: [authorId], references: [id])
//!   authorId Int
//! }
//! "#,
//! );
//! let (schema, diagnostics) = schema::validate(&files);
//! assert!(!diagnostics.has_errors());
//!
//! let post = schema.find_model("Post").unwrap();
//! let author = post.relation_fields().next().unwrap();
//! let fk = author.relation().unwrap().get().foreign_key.as_ref().unwrap();
//! assert_eq!(fk.database_name, "Post_authorId_fkey");
//! assert_eq!(fk.on_delete, schema::ReferentialAction::Restrict);
//!
//! let user = schema.find_model("User").unwrap();
//! assert_eq!(user.primary_key().unwrap().database_name, "User_pkey");
//! assert_eq!(user.indexes().next().unwrap().database_name, "User_email_key");
//! ```
//!
//! # API summary
//!
//! - [`validate`]`(&SourceFiles) -> (ValidatedSchema, Diagnostics)`: the entry point.
//! - [`ValidatedSchema`]: `datasource` ([`Datasource`]: provider, urls, relation mode,
//!   schemas, extensions), `generators` ([`Generator`]), and walkers:
//!   [`models`](ValidatedSchema::models) / [`tables`](ValidatedSchema::tables) /
//!   [`find_model`](ValidatedSchema::find_model), [`enums`](ValidatedSchema::enums),
//!   [`relations`](ValidatedSchema::relations), [`composite_types`](ValidatedSchema::composite_types),
//!   [`field`](ValidatedSchema::field), [`compound_key_name`](ValidatedSchema::compound_key_name).
//! - [`ModelWalker`] (derefs to [`Model`]): `fields()`, `scalar_fields()`,
//!   `relation_fields()`, `primary_key()` ([`PrimaryKey`]), `indexes()` ([`Index`]).
//! - [`FieldWalker`] (derefs to [`Field`]): `as_scalar()` → [`ScalarFieldWalker`]
//!   ([`ScalarField`]: type, column name, native type, resolved [`DefaultValue`],
//!   `@updatedAt`), `as_relation()` → [`RelationFieldWalker`] (`relation()`,
//!   `opposite_field()`, `related_model()`).
//! - [`RelationWalker`] (derefs to [`Relation`]): kind, name, both sides, the
//!   [`ForeignKey`] (columns, resolved referential actions, constraint name) or the
//!   [`JoinTable`] of an implicit many-to-many relation.
//! - [`Provider`]: capabilities that later stages ask instead of matching on the provider;
//!   [`constraint_names`]: Prisma's default names.
//!
//! Glossary: *database name* — the name in the database after `@map`/`@@map`; *referencing
//! side* — the relation field with `fields`/`references`; *back-relation field* — the other
//! side; *relation mode* — foreign keys in the database, or emulated by Prisma.
#![deny(missing_docs)]

pub mod constraint_names;
mod context;
mod dialect;
pub mod ids;
pub mod ir;
pub(crate) mod passes;
pub mod preview_features;
pub mod provider;
pub mod walkers;

use diagnostics::{Diagnostics, SourceFiles};

pub use dialect::{NativeTypeSpec, native_types};
pub use ids::{CompositeTypeId, EnumId, FieldId, ModelId, RelationId};
pub use ir::*;
pub use provider::Provider;
pub use walkers::{
    EnumWalker, FieldWalker, ModelWalker, RelationFieldWalker, RelationWalker, ScalarFieldWalker,
};

/// A validated schema: every item stored once, by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidatedSchema {
    /// The `datasource` block, when there is one.
    pub datasource: Option<Datasource>,
    /// The `generator` blocks, in source order.
    pub generators: Vec<Generator>,
    pub(crate) models: Vec<Model>,
    pub(crate) fields: Vec<Field>,
    pub(crate) enums: Vec<Enum>,
    pub(crate) composite_types: Vec<CompositeType>,
    pub(crate) relations: Vec<Relation>,
    /// Whether names, types and attributes resolved without errors.
    pub(crate) resolves: bool,
}

/// Parses and validates a schema of one or more files. Never fails: the IR holds what could
/// be resolved and the diagnostics say what is wrong (warnings and errors, in the order
/// found).
pub fn validate(files: &SourceFiles) -> (ValidatedSchema, Diagnostics) {
    passes::run(files)
}

/// [`validate`], also returning the syntax tree of each file (in file order), for tools that
/// read both (the language server) without parsing twice.
pub fn validate_keeping_syntax(
    files: &SourceFiles,
) -> (
    ValidatedSchema,
    Diagnostics,
    Vec<schema_syntax::ast::SchemaAst>,
) {
    passes::run_keeping_syntax(files)
}

impl ValidatedSchema {
    /// Whether the files parse and their names, types and attributes resolve without errors:
    /// Prisma's "parser database" stage, before relations are checked and before the
    /// datasource's own settings are. Only then does a tool rewrite the schema from this IR
    /// (`prisma format` completes relations only then); relation fields without an opposite
    /// field are in the IR with no [`RelationField::relation`].
    pub fn resolves(&self) -> bool {
        self.resolves
    }

    /// The provider of the datasource, when there is a datasource with a known provider.
    pub fn provider(&self) -> Option<Provider> {
        self.datasource.as_ref().map(|d| d.provider)
    }

    /// The relation mode (foreign keys unless the datasource says otherwise).
    pub fn relation_mode(&self) -> RelationMode {
        self.datasource
            .as_ref()
            .map(|d| d.relation_mode)
            .unwrap_or(RelationMode::ForeignKeys)
    }

    /// Every preview feature enabled in any generator.
    pub fn preview_features(&self) -> impl Iterator<Item = &str> {
        self.generators
            .iter()
            .flat_map(|g| g.preview_features.iter().map(String::as_str))
    }

    /// Every model and view, in source order.
    pub fn models(&self) -> impl Iterator<Item = ModelWalker<'_>> {
        (0..self.models.len()).map(move |i| ModelWalker {
            schema: self,
            id: ModelId(i as u32),
        })
    }

    /// The models only (no views), in source order.
    pub fn tables(&self) -> impl Iterator<Item = ModelWalker<'_>> {
        self.models().filter(|m| !m.is_view)
    }

    /// The model with this id.
    pub fn model(&self, id: ModelId) -> ModelWalker<'_> {
        ModelWalker { schema: self, id }
    }

    /// The model or view with this name.
    pub fn find_model(&self, name: &str) -> Option<ModelWalker<'_>> {
        self.models().find(|m| m.name == name)
    }

    /// The field with this id.
    pub fn field(&self, id: FieldId) -> FieldWalker<'_> {
        FieldWalker { schema: self, id }
    }

    /// Every enum, in source order.
    pub fn enums(&self) -> impl Iterator<Item = EnumWalker<'_>> {
        (0..self.enums.len()).map(move |i| EnumWalker {
            schema: self,
            id: EnumId(i as u32),
        })
    }

    /// The enum with this id.
    pub fn enum_(&self, id: EnumId) -> EnumWalker<'_> {
        EnumWalker { schema: self, id }
    }

    /// The enum with this name.
    pub fn find_enum(&self, name: &str) -> Option<EnumWalker<'_>> {
        self.enums().find(|e| e.name == name)
    }

    /// Every composite type, in source order.
    pub fn composite_types(&self) -> impl Iterator<Item = (CompositeTypeId, &CompositeType)> {
        self.composite_types
            .iter()
            .enumerate()
            .map(|(i, c)| (CompositeTypeId(i as u32), c))
    }

    /// Every relation, in the order Prisma registers them: by their forward field (the
    /// one with `fields`) for 1:1 and 1:n, by side A for many-to-many.
    pub fn relations(&self) -> impl Iterator<Item = RelationWalker<'_>> {
        (0..self.relations.len()).map(move |i| RelationWalker {
            schema: self,
            id: RelationId(i as u32),
        })
    }

    /// The relation with this id.
    pub fn relation(&self, id: RelationId) -> RelationWalker<'_> {
        RelationWalker { schema: self, id }
    }

    /// The name the client API gives a compound key (`@@id`/`@@unique` over several fields):
    /// its `name:`, or Prisma's default, the field names joined with `_`. `None` for
    /// single-field keys, which the client addresses by the field itself.
    pub fn compound_key_name(&self, fields: &[IndexField], name: Option<&str>) -> Option<String> {
        if fields.len() < 2 {
            return None;
        }
        Some(name.map(str::to_string).unwrap_or_else(|| {
            fields
                .iter()
                .map(|f| self.fields[f.field.index()].name.as_str())
                .collect::<Vec<_>>()
                .join("_")
        }))
    }
}
