//! What `db pull` needs from the database beyond the neutral [`SqlSchema`](sql_schema::SqlSchema):
//! the order Prisma's describer lists indexes in, tables with expression indexes, check
//! constraints, comments or deferrable constraints (Prisma documents them on the model), and
//! views. Each database's describer reads them beside its tables (`sqlite::extras`,
//! `postgres::extras`, `mysql::extras`), with the same type mapping.

use std::collections::HashMap;

use sql_schema::Column;

/// A view and its columns (every column is nullable in a Prisma view).
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// The view's name.
    pub name: String,
    /// Its columns, in order.
    pub columns: Vec<Column>,
}

/// Facts about the database the neutral SQL schema does not hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    /// Per table, index names in the order Prisma's describer lists them (SQLite: newest
    /// first); tables not listed keep the schema's order.
    pub index_order: HashMap<String, Vec<String>>,
    /// Per table, its indexes on expressions (index names, sorted): as Prisma's describer
    /// counts them, every index with an expression among its keys, partial ones included,
    /// but not the index behind an exclusion constraint.
    pub expression_indexes: HashMap<String, Vec<String>>,
    /// Per table, its `DEFERRABLE` constraints (constraint names, sorted).
    pub deferrable_constraints: HashMap<String, Vec<String>>,
    /// Views, by name.
    pub views: Vec<View>,
    /// Per table, its check constraints (names, sorted).
    pub check_constraints: HashMap<String, Vec<String>>,
    /// Per table, its exclusion constraints (names, sorted).
    pub exclusion_constraints: HashMap<String, Vec<String>>,
    /// Tables with row level security enabled.
    pub row_level_security: Vec<String>,
    /// Per table with database comments: whether the table has one, and its columns that do.
    pub comments: HashMap<String, (bool, Vec<String>)>,
    /// Partitioned tables (Prisma documents them on new models).
    pub partition_tables: Vec<String>,
    /// Enums that only view columns have (MySQL's inline `ENUM` columns of a view, named
    /// `{view}_{column}` as Prisma names them); a view column of one has the unsupported
    /// family named after it. Written only with views.
    pub view_enums: Vec<sql_schema::Enum>,
}

/// A view's SQL as the database reports it, for `db pull`'s `views/<schema>/<name>.sql`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewDefinition {
    /// The schema (PostgreSQL), database (MySQL) or `main` (SQLite) it lives in.
    pub schema: String,
    /// The view's name.
    pub name: String,
    /// Its definition, as Prisma's describer reads it (`pg_views.definition`,
    /// `information_schema.views.view_definition`, SQLite's `CREATE VIEW` statement).
    pub definition: String,
}

/// The rows of a view-definition query (`schema_name`, `name`, `definition`), by name.
pub(crate) fn view_definitions_of(rows: &driver::ResultSet) -> Vec<ViewDefinition> {
    rows.iter()
        .filter_map(|r| {
            Some(ViewDefinition {
                schema: r.text("schema_name")?.to_owned(),
                name: r.text("name")?.to_owned(),
                definition: r.text("definition").unwrap_or_default().to_owned(),
            })
        })
        .collect()
}
