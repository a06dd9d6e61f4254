//! What differs between databases when a column becomes a Prisma field: the Prisma type of a
//! column and the `@db.*` attribute when the column is not the provider's default type. One
//! module per dialect; [`for_provider`] is the only place that asks which one.

mod mysql;
mod postgres;
mod sqlite;

use schema::Provider;
use sql_schema::Column;

/// A column's Prisma type: the scalar type name and, when the column is not the type the
/// provider would create for it, its native type (`VarChar(255)`, without `@db.`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldType {
    /// `String`, `Int`, … (never an enum or `Unsupported`: the caller handles those).
    pub scalar: &'static str,
    /// `VarChar(255)`, `Uuid`, … or `None` for the default type.
    pub native: Option<String>,
}

/// One database's rules.
pub trait PullDialect: Sync {
    /// The provider this dialect is for.
    fn provider(&self) -> Provider;
    /// The Prisma type of a column of a supported family (not enum, not unsupported).
    fn field_type(&self, column: &Column) -> FieldType;

    /// The documentation Prisma puts on a table it sees no columns of.
    fn no_columns_doc(&self) -> &'static str {
        "We could not retrieve columns for the underlying table. You probably have no rights to see them. Please check your privileges."
    }

    /// Whether enums are column types named after their column (MySQL's inline `ENUM`, named
    /// `{table}_{column}`): on re-introspection such an enum is the existing schema's enum of
    /// the field stored in that column, whatever its name.
    fn enums_belong_to_columns(&self) -> bool {
        false
    }

    /// The `ops:` value of an index column's operator class: one of Prisma's named classes
    /// where there is one, otherwise `raw("…")`.
    fn operator_class(&self, sql: &str) -> String {
        format!("raw({})", crate::literal::quote(sql))
    }
}

/// The dialect of `provider` (every [`Provider`] is a database Refract can pull from,
/// decision 0012).
pub fn for_provider(provider: Provider) -> &'static dyn PullDialect {
    match provider {
        Provider::Sqlite => &sqlite::Sqlite,
        Provider::Postgres => &postgres::Postgres,
        Provider::Mysql => &mysql::Mysql,
    }
}

/// Splits `VARCHAR(255)` into `("VARCHAR", ["255"])`.
pub(crate) fn split_type(full: &str) -> (String, Vec<String>) {
    match full.find('(') {
        Some(open) => {
            let close = full.rfind(')').unwrap_or(full.len());
            let args = full[open + 1..close.max(open + 1)]
                .split(',')
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty())
                .collect();
            (full[..open].trim().to_ascii_uppercase(), args)
        }
        None => (full.trim().to_ascii_uppercase(), Vec::new()),
    }
}

/// `Name` or `Name(a, b)`.
pub(crate) fn native(name: &str, args: &[String]) -> String {
    if args.is_empty() {
        name.to_owned()
    } else {
        format!("{name}({})", args.join(", "))
    }
}

/// The scalar type name of a neutral family with a Prisma counterpart.
pub(crate) fn scalar_of(family: &sql_schema::ColumnTypeFamily) -> &'static str {
    use sql_schema::ColumnTypeFamily as F;
    match family {
        F::Int => "Int",
        F::BigInt => "BigInt",
        F::Float => "Float",
        F::Decimal => "Decimal",
        F::Boolean => "Boolean",
        F::String | F::Uuid => "String",
        F::DateTime => "DateTime",
        F::Binary => "Bytes",
        F::Json => "Json",
        F::Enum(_) | F::Unsupported(_) => "String",
    }
}
