//! PostgreSQL: enum types, schemas (namespaces), named constraints, `SERIAL` columns,
//! grouped `ALTER TABLE`s, foreign keys added after every table exists.

mod calculate;
mod differ;
mod down;
mod extensions;
mod render;
mod types;

use super::Dialect;
use schema::{NativeType, OperatorClass, Provider, ScalarType};
use sql_schema::{ColumnTypeFamily, DefaultValue, DifferFlavour, MigrationStep, Pair, SqlSchema};

/// The PostgreSQL dialect.
#[derive(Debug, Clone, Copy, Default)]
pub struct Postgres;

impl Dialect for Postgres {
    fn provider(&self) -> Provider {
        Provider::Postgres
    }

    fn differ_flavour(&self) -> &dyn DifferFlavour {
        &differ::PostgresDiffer
    }

    fn render_step(&self, step: &MigrationStep, schemas: Pair<&SqlSchema>) -> Vec<String> {
        render::render_step(step, schemas)
    }

    fn render_down_step(&self, step: &MigrationStep, schemas: Pair<&SqlSchema>) -> Vec<String> {
        down::render_down_step(step, schemas)
    }

    fn scalar_column_type(
        &self,
        scalar: ScalarType,
        native: Option<&NativeType>,
    ) -> (ColumnTypeFamily, String) {
        calculate::scalar_column_type(scalar, native)
    }

    fn has_enum_types(&self) -> bool {
        true
    }

    fn has_namespaces(&self) -> bool {
        true
    }

    fn names_primary_keys(&self) -> bool {
        true
    }

    fn join_table_has_primary_key(&self) -> bool {
        true
    }

    fn autoincrement_default(&self, table: &str, column: &str) -> Option<DefaultValue> {
        Some(DefaultValue::Sequence(format!("{table}_{column}_seq")))
    }

    fn has_extensions(&self) -> bool {
        true
    }

    fn operator_class(&self, class: &OperatorClass) -> String {
        calculate::operator_class(class)
    }
}
