//! PostgreSQL: `@db.*` for every type but the one Prisma creates for the scalar type
//! (`INTEGER`, `BIGINT`, `DOUBLE PRECISION`, `DECIMAL(65,30)`, `BOOLEAN`, `TEXT`,
//! `TIMESTAMP(3)`, `BYTEA`, `JSONB`).

use super::{FieldType, PullDialect, native, scalar_of, split_type};
use schema::Provider;
use sql_schema::Column;

pub(super) struct Postgres;

impl PullDialect for Postgres {
    fn provider(&self) -> Provider {
        Provider::Postgres
    }

    fn field_type(&self, column: &Column) -> FieldType {
        let scalar = scalar_of(&column.tpe.family);
        let (base, args) = split_type(&column.tpe.full_data_type);
        let six = || {
            if args.is_empty() {
                vec!["6".to_owned()]
            } else {
                args.clone()
            }
        };
        let native_type = match (scalar, base.as_str()) {
            ("Int", "INTEGER") | ("BigInt", "BIGINT") | ("Float", "DOUBLE PRECISION") => None,
            ("Boolean", "BOOLEAN") | ("String", "TEXT") | ("Bytes", "BYTEA") => None,
            ("Json", "JSONB") => None,
            ("Decimal", "DECIMAL") if args == ["65", "30"] => None,
            ("DateTime", "TIMESTAMP") if args == ["3"] => None,
            (_, "SMALLINT") => Some(native("SmallInt", &[])),
            (_, "INTEGER") => Some(native("Integer", &[])),
            (_, "OID") => Some(native("Oid", &[])),
            (_, "REAL") => Some(native("Real", &[])),
            (_, "DOUBLE PRECISION") => Some(native("DoublePrecision", &[])),
            (_, "DECIMAL") => Some(native("Decimal", &args)),
            (_, "MONEY") => Some(native("Money", &[])),
            (_, "VARCHAR") => Some(native("VarChar", &args)),
            (_, "CHAR") => Some(native("Char", &args)),
            (_, "TEXT") => Some(native("Text", &[])),
            (_, "CITEXT") => Some(native("Citext", &[])),
            (_, "INET") => Some(native("Inet", &[])),
            (_, "UUID") => Some(native("Uuid", &[])),
            (_, "XML") => Some(native("Xml", &[])),
            (_, "BIT") => Some(native("Bit", &args)),
            (_, "VARBIT") => Some(native("VarBit", &args)),
            (_, "TIMESTAMP") => Some(native("Timestamp", &six())),
            (_, "TIMESTAMPTZ") => Some(native("Timestamptz", &six())),
            (_, "TIME") => Some(native("Time", &six())),
            (_, "TIMETZ") => Some(native("Timetz", &six())),
            (_, "DATE") => Some(native("Date", &[])),
            (_, "JSON") => Some(native("Json", &[])),
            _ => None,
        };
        FieldType {
            scalar,
            native: native_type,
        }
    }

    fn no_columns_doc(&self) -> &'static str {
        // PostgreSQL allows tables without columns.
        "We could not retrieve columns for the underlying table. Either it has none or you are missing rights to see them. Please check your privileges."
    }

    fn operator_class(&self, sql: &str) -> String {
        if NAMED_CLASSES.contains(&sql) {
            named_class(sql)
        } else {
            format!("raw({})", crate::literal::quote(sql))
        }
    }
}

/// The operator classes Prisma names (by their SQL names).
const NAMED_CLASSES: &[&str] = &[
    "inet_ops",
    "array_ops",
    "jsonb_ops",
    "jsonb_path_ops",
    "text_ops",
    "bit_minmax_ops",
    "varbit_minmax_ops",
    "bpchar_bloom_ops",
    "bpchar_minmax_ops",
    "bytea_bloom_ops",
    "bytea_minmax_ops",
    "date_bloom_ops",
    "date_minmax_ops",
    "date_minmax_multi_ops",
    "float4_bloom_ops",
    "float4_minmax_ops",
    "float4_minmax_multi_ops",
    "float8_bloom_ops",
    "float8_minmax_ops",
    "float8_minmax_multi_ops",
    "inet_bloom_ops",
    "inet_inclusion_ops",
    "inet_minmax_ops",
    "inet_minmax_multi_ops",
    "int2_bloom_ops",
    "int2_minmax_ops",
    "int2_minmax_multi_ops",
    "int4_bloom_ops",
    "int4_minmax_ops",
    "int4_minmax_multi_ops",
    "int8_bloom_ops",
    "int8_minmax_ops",
    "int8_minmax_multi_ops",
    "numeric_bloom_ops",
    "numeric_minmax_ops",
    "numeric_minmax_multi_ops",
    "oid_bloom_ops",
    "oid_minmax_ops",
    "oid_minmax_multi_ops",
    "text_bloom_ops",
    "text_minmax_ops",
    "timestamp_bloom_ops",
    "timestamp_minmax_ops",
    "timestamp_minmax_multi_ops",
    "timestamptz_bloom_ops",
    "timestamptz_minmax_ops",
    "timestamptz_minmax_multi_ops",
    "time_bloom_ops",
    "time_minmax_ops",
    "time_minmax_multi_ops",
    "timetz_bloom_ops",
    "timetz_minmax_ops",
    "timetz_minmax_multi_ops",
    "uuid_bloom_ops",
    "uuid_minmax_ops",
    "uuid_minmax_multi_ops",
];

/// `jsonb_path_ops` → `JsonbPathOps`, `timestamptz_minmax_multi_ops` →
/// `TimestampTzMinMaxMultiOps`, `varbit_minmax_ops` → `VarBitMinMaxOps`.
fn named_class(sql: &str) -> String {
    sql.split('_')
        .map(|word| match word {
            "minmax" => "MinMax".to_owned(),
            "timestamptz" => "TimestampTz".to_owned(),
            "timetz" => "TimeTz".to_owned(),
            "varbit" => "VarBit".to_owned(),
            w => {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_classes_by_prisma_name() {
        assert_eq!(Postgres.operator_class("jsonb_path_ops"), "JsonbPathOps");
        assert_eq!(
            Postgres.operator_class("timestamptz_minmax_multi_ops"),
            "TimestampTzMinMaxMultiOps"
        );
        assert_eq!(
            Postgres.operator_class("varbit_minmax_ops"),
            "VarBitMinMaxOps"
        );
        assert_eq!(
            Postgres.operator_class("gin_trgm_ops"),
            "raw(\"gin_trgm_ops\")"
        );
    }
}

#[cfg(test)]
mod type_tests {
    use super::*;
    use sql_schema::{ColumnArity, ColumnTypeFamily as F};

    fn native_of(family: F, full: &str) -> Option<String> {
        Postgres
            .field_type(&Column::new("c", family, full, ColumnArity::Required))
            .native
    }

    #[test]
    fn the_types_prisma_creates_have_no_native_attribute() {
        assert_eq!(native_of(F::DateTime, "TIMESTAMP(3)"), None);
        assert_eq!(native_of(F::Decimal, "DECIMAL(65,30)"), None);
        assert_eq!(native_of(F::Float, "DOUBLE PRECISION"), None);
        assert_eq!(native_of(F::Json, "JSONB"), None);
    }

    #[test]
    fn unparameterised_times_are_precision_six() {
        assert_eq!(
            native_of(F::DateTime, "TIMESTAMP").as_deref(),
            Some("Timestamp(6)")
        );
        assert_eq!(
            native_of(F::DateTime, "TIMESTAMPTZ(3)").as_deref(),
            Some("Timestamptz(3)")
        );
        assert_eq!(native_of(F::Decimal, "DECIMAL").as_deref(), Some("Decimal"));
        assert_eq!(native_of(F::Int, "SMALLINT").as_deref(), Some("SmallInt"));
    }
}
