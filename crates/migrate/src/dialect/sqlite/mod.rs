//! SQLite: no enums, no schemas, anonymous foreign keys inline in `CREATE TABLE`, and tables
//! that `ALTER TABLE` cannot change are redefined through a `new_` copy.

mod calculate;
mod differ;
mod render;

use super::Dialect;
use schema::{NativeType, Provider, ScalarType};
use sql_schema::{ColumnTypeFamily, DefaultValue, DifferFlavour, MigrationStep, Pair, SqlSchema};

/// The SQLite dialect.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sqlite;

impl Dialect for Sqlite {
    fn provider(&self) -> Provider {
        Provider::Sqlite
    }

    fn differ_flavour(&self) -> &dyn DifferFlavour {
        &differ::SqliteDiffer
    }

    fn render_step(&self, step: &MigrationStep, schemas: Pair<&SqlSchema>) -> Vec<String> {
        render::render_step(step, schemas)
    }

    fn scalar_column_type(
        &self,
        scalar: ScalarType,
        _native: Option<&NativeType>,
    ) -> (ColumnTypeFamily, String) {
        calculate::scalar_column_type(scalar)
    }

    fn has_enum_types(&self) -> bool {
        false
    }

    fn default_shadow(&self) -> super::DefaultShadow {
        super::DefaultShadow::InMemory
    }

    fn has_namespaces(&self) -> bool {
        false
    }

    fn names_primary_keys(&self) -> bool {
        false
    }

    fn join_table_has_primary_key(&self) -> bool {
        false
    }

    fn autoincrement_default(&self, _table: &str, _column: &str) -> Option<DefaultValue> {
        None
    }
}
