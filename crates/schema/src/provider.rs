//! Providers and what each can do. Later stages ask these capability methods instead of
//! matching on the provider (the dialect modules of `schema` and `migrate` are the only
//! places that match).

pub use ::provider::{Provider, ProviderName};

/// What the schema layer asks of a provider: which schema features it supports and the
/// database's limits that validation checks. Written here, once per provider, so that the
/// passes ask a capability instead of matching on the provider.
pub trait SchemaCapabilities: Copy {
    /// The longest identifier the database accepts, in bytes (default constraint names are
    /// truncated to fit).
    fn max_identifier_length(self) -> usize;
    /// Whether a database name (table, column, index, constraint, enum, enum value) may
    /// contain NUL.
    fn allows_nul_in_names(self) -> bool;
    /// Whether a string default may contain NUL.
    fn allows_nul_in_strings(self) -> bool;
    /// Lists of scalars (`String[]`).
    fn supports_scalar_lists(self) -> bool;
    /// Lists of `Json` (`Json[]`).
    fn supports_json_lists(self) -> bool;
    /// Enums.
    fn supports_enums(self) -> bool;
    /// `Json` fields.
    fn supports_json(self) -> bool;
    /// Names for primary keys (`@@id(map: …)`).
    fn supports_named_primary_keys(self) -> bool;
    /// Names for foreign keys (`@relation(map: …)`).
    fn supports_named_foreign_keys(self) -> bool;
    /// Names for default value constraints (`@default(…, map: …)`).
    fn supports_named_default_values(self) -> bool;
    /// `length:` on index columns.
    fn supports_index_length_prefix(self) -> bool;
    /// `sort:` on index columns.
    fn supports_index_sort_order(self) -> bool;
    /// `sort:` on primary key columns.
    fn supports_primary_key_sort_order(self) -> bool;
    /// `clustered:` on indexes and keys.
    fn supports_clustering(self) -> bool;
    /// `@@fulltext`.
    fn supports_fulltext_index(self) -> bool;
    /// `type:` index algorithms beyond BTree (`Hash`, `Gist`, `Gin`, `SpGist`, `Brin`).
    fn supports_index_algorithms(self) -> bool;
    /// Partial indexes (`where:` on `@unique`, `@@unique`, `@@index`; Prisma 7.4).
    fn supports_partial_indexes(self) -> bool;
    /// `schemas = [...]` and `@@schema`.
    fn supports_multi_schema(self) -> bool;
    /// `extensions = [...]`.
    fn supports_extensions(self) -> bool;
    /// `autoincrement()` on a field that is not the primary key.
    fn supports_autoincrement_on_non_id(self) -> bool;
    /// `autoincrement()` only on an indexed field (MySQL; SQLite, where it must be the id).
    fn autoincrement_requires_index(self) -> bool;
    /// More than one `autoincrement()` per table.
    fn supports_multiple_autoincrement(self) -> bool;
    /// Implicit many-to-many relations.
    fn supports_implicit_many_to_many(self) -> bool;
    /// Composite types (`type X { … }`).
    fn supports_composite_types(self) -> bool;
    /// `autoincrement()` on any field of a compound primary key, not only a single-field id
    /// (MySQL).
    fn supports_autoincrement_in_compound_id(self) -> bool;
    /// Whether an index or key over `Text`/`Blob` columns needs a prefix `length:` (MySQL).
    fn text_keys_need_length(self) -> bool;
    /// Whether `onDelete`/`onUpdate: SetNull` on a required field is a warning (PostgreSQL
    /// with foreign keys, where Prisma only recommends against it) rather than an error.
    fn set_null_on_required_only_warns(self) -> bool;
    /// Whether the database accepts `SetDefault` in name only (MySQL: Prisma warns).
    fn set_default_is_unsupported(self) -> bool;
    /// Whether index and unique constraint names are scoped per table (MySQL) rather than
    /// per schema.
    fn constraint_names_per_table(self) -> bool;
    /// Whether primary key constraint names share the namespace of indexes (PostgreSQL).
    fn primary_key_names_share_index_namespace(self) -> bool;
    /// The referential actions allowed with this provider and relation mode.
    fn allowed_referential_actions(
        self,
        mode: crate::ir::RelationMode,
    ) -> &'static [crate::ir::ReferentialAction];
    /// The relation mode when the datasource does not set one.
    fn default_relation_mode(self) -> crate::ir::RelationMode;
    /// The database's name in Prisma's hint when `NoAction` is refused with
    /// `relationMode = "prisma"` (`None` where `NoAction` is emulated, as on MySQL).
    fn no_action_emulation_missing(self) -> Option<&'static str>;
}

impl SchemaCapabilities for Provider {
    fn max_identifier_length(self) -> usize {
        match self {
            Provider::Postgres => 63,
            Provider::Mysql => 64,
            Provider::Sqlite => 10000,
        }
    }

    // Never on SQLite and PostgreSQL (SQL text ends at NUL there), nor on MySQL (its quoted
    // identifiers exclude U+0000).
    fn allows_nul_in_names(self) -> bool {
        false
    }

    // On MySQL (`'\0'`), not on SQLite (SQL text ends at NUL) nor PostgreSQL (its text values
    // refuse NUL).
    fn allows_nul_in_strings(self) -> bool {
        matches!(self, Provider::Mysql)
    }

    fn supports_scalar_lists(self) -> bool {
        matches!(self, Provider::Postgres)
    }

    fn supports_json_lists(self) -> bool {
        matches!(self, Provider::Postgres)
    }

    fn supports_enums(self) -> bool {
        true
    }

    fn supports_json(self) -> bool {
        true
    }

    fn supports_named_primary_keys(self) -> bool {
        matches!(self, Provider::Postgres)
    }

    fn supports_named_foreign_keys(self) -> bool {
        !matches!(self, Provider::Sqlite)
    }

    fn supports_named_default_values(self) -> bool {
        false
    }

    fn supports_index_length_prefix(self) -> bool {
        matches!(self, Provider::Mysql)
    }

    fn supports_index_sort_order(self) -> bool {
        true
    }

    fn supports_primary_key_sort_order(self) -> bool {
        matches!(self, Provider::Sqlite)
    }

    fn supports_clustering(self) -> bool {
        false
    }

    fn supports_fulltext_index(self) -> bool {
        matches!(self, Provider::Mysql)
    }

    fn supports_index_algorithms(self) -> bool {
        matches!(self, Provider::Postgres)
    }

    fn supports_partial_indexes(self) -> bool {
        matches!(self, Provider::Postgres | Provider::Sqlite)
    }

    fn supports_multi_schema(self) -> bool {
        matches!(self, Provider::Postgres)
    }

    fn supports_extensions(self) -> bool {
        matches!(self, Provider::Postgres)
    }

    fn supports_autoincrement_on_non_id(self) -> bool {
        matches!(self, Provider::Postgres | Provider::Mysql)
    }

    fn autoincrement_requires_index(self) -> bool {
        matches!(self, Provider::Mysql | Provider::Sqlite)
    }

    fn supports_multiple_autoincrement(self) -> bool {
        !matches!(self, Provider::Mysql | Provider::Sqlite)
    }

    fn supports_implicit_many_to_many(self) -> bool {
        true
    }

    fn supports_composite_types(self) -> bool {
        false
    }

    fn supports_autoincrement_in_compound_id(self) -> bool {
        matches!(self, Provider::Mysql)
    }

    fn text_keys_need_length(self) -> bool {
        matches!(self, Provider::Mysql)
    }

    fn set_null_on_required_only_warns(self) -> bool {
        matches!(self, Provider::Postgres)
    }

    fn set_default_is_unsupported(self) -> bool {
        matches!(self, Provider::Mysql)
    }

    fn constraint_names_per_table(self) -> bool {
        matches!(self, Provider::Mysql)
    }

    fn primary_key_names_share_index_namespace(self) -> bool {
        matches!(self, Provider::Postgres)
    }

    fn allowed_referential_actions(
        self,
        mode: crate::ir::RelationMode,
    ) -> &'static [crate::ir::ReferentialAction] {
        use crate::ir::ReferentialAction::*;
        use crate::ir::RelationMode;
        match (mode, self) {
            (RelationMode::Prisma, Provider::Postgres | Provider::Sqlite) => {
                &[Cascade, Restrict, SetNull]
            }
            (RelationMode::Prisma, Provider::Mysql) => &[Cascade, Restrict, NoAction, SetNull],
            (RelationMode::ForeignKeys, _) => &[Cascade, Restrict, NoAction, SetNull, SetDefault],
        }
    }

    fn default_relation_mode(self) -> crate::ir::RelationMode {
        crate::ir::RelationMode::ForeignKeys
    }

    fn no_action_emulation_missing(self) -> Option<&'static str> {
        match self {
            Provider::Postgres => Some("Postgres"),
            Provider::Sqlite => Some("sqlite"),
            Provider::Mysql => None,
        }
    }
}
