//! Providers and what each can do. Later stages ask these capability methods instead of
//! matching on the provider (the dialect modules of `schema` and `migrate` are the only
//! places that match).

/// A datasource provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    /// `sqlite`.
    Sqlite,
    /// `postgresql` (or `postgres`).
    Postgresql,
    /// `mysql`.
    Mysql,
    /// `cockroachdb` (recognised, not supported yet).
    Cockroachdb,
    /// `sqlserver` (recognised, not supported yet).
    Sqlserver,
    /// `mongodb` (recognised, not supported yet).
    Mongodb,
}

impl Provider {
    /// The provider for a `provider = "…"` string.
    pub fn from_name(name: &str) -> Option<Provider> {
        Some(match name {
            "sqlite" => Provider::Sqlite,
            "postgresql" | "postgres" => Provider::Postgresql,
            "mysql" => Provider::Mysql,
            "cockroachdb" => Provider::Cockroachdb,
            "sqlserver" => Provider::Sqlserver,
            "mongodb" => Provider::Mongodb,
            _ => return None,
        })
    }

    /// The canonical name (`postgresql`, not `postgres`), as in `migration_lock.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Sqlite => "sqlite",
            Provider::Postgresql => "postgresql",
            Provider::Mysql => "mysql",
            Provider::Cockroachdb => "cockroachdb",
            Provider::Sqlserver => "sqlserver",
            Provider::Mongodb => "mongodb",
        }
    }

    /// Whether Refract supports this provider (SQLite, PostgreSQL, MySQL).
    pub fn is_supported(self) -> bool {
        matches!(
            self,
            Provider::Sqlite | Provider::Postgresql | Provider::Mysql
        )
    }

    /// The longest identifier the database accepts, in bytes (default constraint names are
    /// truncated to fit).
    pub fn max_identifier_length(self) -> usize {
        match self {
            Provider::Postgresql | Provider::Cockroachdb => 63,
            Provider::Mysql => 64,
            Provider::Sqlserver => 128,
            Provider::Sqlite | Provider::Mongodb => 10000,
        }
    }

    /// Whether a database name (table, column, index, constraint, enum, enum value) may
    /// contain NUL: never on SQLite and PostgreSQL (SQL text ends at NUL there), nor on MySQL
    /// (its quoted identifiers exclude U+0000).
    pub fn allows_nul_in_names(self) -> bool {
        matches!(self, Provider::Sqlserver | Provider::Mongodb)
    }

    /// Whether a string default may contain NUL: on MySQL (`'\0'`), not on SQLite (SQL text
    /// ends at NUL) nor PostgreSQL (its text values refuse NUL).
    pub fn allows_nul_in_strings(self) -> bool {
        !matches!(
            self,
            Provider::Sqlite | Provider::Postgresql | Provider::Cockroachdb
        )
    }

    /// Lists of scalars (`String[]`).
    pub fn supports_scalar_lists(self) -> bool {
        matches!(
            self,
            Provider::Postgresql | Provider::Cockroachdb | Provider::Mongodb
        )
    }

    /// Lists of `Json` (`Json[]`).
    pub fn supports_json_lists(self) -> bool {
        matches!(self, Provider::Postgresql | Provider::Cockroachdb)
    }

    /// Enums.
    pub fn supports_enums(self) -> bool {
        !matches!(self, Provider::Sqlserver)
    }

    /// `Json` fields.
    pub fn supports_json(self) -> bool {
        !matches!(self, Provider::Sqlserver)
    }

    /// Names for primary keys (`@@id(map: …)`).
    pub fn supports_named_primary_keys(self) -> bool {
        matches!(
            self,
            Provider::Postgresql | Provider::Cockroachdb | Provider::Sqlserver
        )
    }

    /// Names for foreign keys (`@relation(map: …)`).
    pub fn supports_named_foreign_keys(self) -> bool {
        !matches!(self, Provider::Sqlite | Provider::Mongodb)
    }

    /// Names for default value constraints (`@default(…, map: …)`).
    pub fn supports_named_default_values(self) -> bool {
        matches!(self, Provider::Sqlserver)
    }

    /// `length:` on index columns.
    pub fn supports_index_length_prefix(self) -> bool {
        matches!(self, Provider::Mysql)
    }

    /// `sort:` on index columns.
    pub fn supports_index_sort_order(self) -> bool {
        !matches!(self, Provider::Mongodb)
    }

    /// `sort:` on primary key columns.
    pub fn supports_primary_key_sort_order(self) -> bool {
        matches!(self, Provider::Sqlserver | Provider::Sqlite)
    }

    /// `clustered:` on indexes and keys.
    pub fn supports_clustering(self) -> bool {
        matches!(self, Provider::Sqlserver)
    }

    /// `@@fulltext`.
    pub fn supports_fulltext_index(self) -> bool {
        matches!(self, Provider::Mysql | Provider::Mongodb)
    }

    /// `type:` index algorithms beyond BTree (`Hash`, `Gist`, `Gin`, `SpGist`, `Brin`).
    pub fn supports_index_algorithms(self) -> bool {
        matches!(self, Provider::Postgresql | Provider::Cockroachdb)
    }

    /// Partial indexes (`where:` on `@unique`, `@@unique`, `@@index`; Prisma 7.4).
    pub fn supports_partial_indexes(self) -> bool {
        matches!(
            self,
            Provider::Postgresql | Provider::Cockroachdb | Provider::Sqlite | Provider::Sqlserver
        )
    }

    /// `schemas = [...]` and `@@schema`.
    pub fn supports_multi_schema(self) -> bool {
        matches!(
            self,
            Provider::Postgresql | Provider::Cockroachdb | Provider::Sqlserver
        )
    }

    /// `extensions = [...]`.
    pub fn supports_extensions(self) -> bool {
        matches!(self, Provider::Postgresql)
    }

    /// `autoincrement()` on a field that is not the primary key.
    pub fn supports_autoincrement_on_non_id(self) -> bool {
        matches!(
            self,
            Provider::Postgresql | Provider::Mysql | Provider::Cockroachdb
        )
    }

    /// `autoincrement()` only on an indexed field (MySQL; SQLite, where it must be the id).
    pub fn autoincrement_requires_index(self) -> bool {
        matches!(self, Provider::Mysql | Provider::Sqlite)
    }

    /// More than one `autoincrement()` per table.
    pub fn supports_multiple_autoincrement(self) -> bool {
        !matches!(self, Provider::Mysql | Provider::Sqlite)
    }

    /// Implicit many-to-many relations.
    pub fn supports_implicit_many_to_many(self) -> bool {
        true
    }

    /// Composite types (`type X { … }`).
    pub fn supports_composite_types(self) -> bool {
        matches!(self, Provider::Mongodb)
    }

    /// The referential actions allowed with this provider and relation mode.
    pub fn allowed_referential_actions(
        self,
        mode: crate::ir::RelationMode,
    ) -> &'static [crate::ir::ReferentialAction] {
        use crate::ir::ReferentialAction::*;
        use crate::ir::RelationMode;
        match (mode, self) {
            (RelationMode::Prisma, Provider::Sqlserver) => &[Cascade, NoAction, SetNull],
            (RelationMode::Prisma, Provider::Postgresql | Provider::Sqlite) => {
                &[Cascade, Restrict, SetNull]
            }
            (RelationMode::Prisma, _) => &[Cascade, Restrict, NoAction, SetNull],
            (RelationMode::ForeignKeys, Provider::Sqlserver) => {
                &[Cascade, NoAction, SetNull, SetDefault]
            }
            (RelationMode::ForeignKeys, Provider::Mongodb) => {
                &[Cascade, Restrict, NoAction, SetNull]
            }
            (RelationMode::ForeignKeys, _) => &[Cascade, Restrict, NoAction, SetNull, SetDefault],
        }
    }

    /// The relation mode when the datasource does not set one.
    pub fn default_relation_mode(self) -> crate::ir::RelationMode {
        match self {
            Provider::Mongodb => crate::ir::RelationMode::Prisma,
            _ => crate::ir::RelationMode::ForeignKeys,
        }
    }
}
