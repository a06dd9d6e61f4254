//! MySQL and MariaDB: `@db.*` for every type but the one Prisma creates for the scalar type
//! (`INT`, `BIGINT`, `DOUBLE`, `DECIMAL(65,30)`, `TINYINT(1)` for `Boolean`, `VARCHAR(191)`,
//! `DATETIME(3)`, `LONGBLOB`, `JSON`), as Prisma's describer names the native types: unsigned
//! integers are `Unsigned*`, date-times without fractional digits have precision 0
//! (`DateTime(0)`), `YEAR` is an `Int` (`@db.Year`), `BIT(1)` a `Boolean` (`@db.Bit(1)`), a
//! `SET` a plain `String`.

use super::{FieldType, PullDialect, native, scalar_of, split_type};
use schema::Provider;
use sql_schema::Column;

pub(super) struct Mysql;

impl PullDialect for Mysql {
    fn provider(&self) -> Provider {
        Provider::Mysql
    }

    fn enums_belong_to_columns(&self) -> bool {
        true
    }

    fn field_type(&self, column: &Column) -> FieldType {
        let scalar = scalar_of(&column.tpe.family);
        let (base, args) = split_type(&column.tpe.full_data_type);
        let (base, unsigned) = match base.strip_suffix(" UNSIGNED") {
            Some(b) => (b.trim_end().to_owned(), true),
            None => (base, false),
        };
        // `DATETIME` is `DATETIME(0)`: MySQL reports no precision for zero digits.
        let precision = || {
            if args.is_empty() {
                vec!["0".to_owned()]
            } else {
                args.clone()
            }
        };
        let integer = |name: &str| {
            if unsigned {
                native(&format!("Unsigned{name}"), &[])
            } else {
                native(name, &[])
            }
        };
        let native_type = match (scalar, base.as_str(), unsigned) {
            ("Int", "INTEGER" | "INT", false) | ("BigInt", "BIGINT", false) => None,
            ("Float", "DOUBLE", _) | ("Json", "JSON", _) | ("Bytes", "LONGBLOB", _) => None,
            ("Boolean", "BOOLEAN", _) => None,
            // `BOOLEAN` is `TINYINT(1)` in MySQL.
            ("Boolean", "TINYINT", _) if args == ["1"] => None,
            ("Decimal", "DECIMAL", _) if args == ["65", "30"] => None,
            ("String", "VARCHAR", _) if args == ["191"] => None,
            ("DateTime", "DATETIME", _) if args == ["3"] => None,
            (_, "TINYINT", _) => Some(integer("TinyInt")),
            (_, "SMALLINT", _) => Some(integer("SmallInt")),
            (_, "MEDIUMINT", _) => Some(integer("MediumInt")),
            (_, "INT" | "INTEGER", _) => Some(integer("Int")),
            (_, "BIGINT", _) => Some(integer("BigInt")),
            (_, "YEAR", _) => Some(native("Year", &[])),
            (_, "FLOAT", _) => Some(native("Float", &[])),
            (_, "DOUBLE", _) => Some(native("Double", &[])),
            (_, "DECIMAL", _) => Some(native("Decimal", &args)),
            (_, "BIT", _) => Some(native("Bit", &args)),
            (_, "VARCHAR", _) => Some(native("VarChar", &args)),
            (_, "CHAR", _) => Some(native("Char", &args)),
            (_, "TINYTEXT", _) => Some(native("TinyText", &[])),
            (_, "TEXT", _) => Some(native("Text", &[])),
            (_, "MEDIUMTEXT", _) => Some(native("MediumText", &[])),
            (_, "LONGTEXT", _) => Some(native("LongText", &[])),
            (_, "DATETIME", _) => Some(native("DateTime", &precision())),
            (_, "TIMESTAMP", _) => Some(native("Timestamp", &precision())),
            (_, "TIME", _) => Some(native("Time", &precision())),
            (_, "DATE", _) => Some(native("Date", &[])),
            (_, "TINYBLOB", _) => Some(native("TinyBlob", &[])),
            (_, "BLOB", _) => Some(native("Blob", &[])),
            (_, "MEDIUMBLOB", _) => Some(native("MediumBlob", &[])),
            (_, "LONGBLOB", _) => Some(native("LongBlob", &[])),
            (_, "VARBINARY", _) => Some(native("VarBinary", &args)),
            (_, "BINARY", _) => Some(native("Binary", &args)),
            (_, "JSON", _) => Some(native("Json", &[])),
            _ => None,
        };
        FieldType {
            scalar,
            native: native_type,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sql_schema::{ColumnArity, ColumnTypeFamily as F};

    fn native_of(family: F, full: &str) -> Option<String> {
        Mysql
            .field_type(&Column::new("c", family, full, ColumnArity::Required))
            .native
    }

    #[test]
    fn default_types_have_no_native_attribute() {
        assert_eq!(native_of(F::String, "VARCHAR(191)"), None);
        assert_eq!(native_of(F::DateTime, "DATETIME(3)"), None);
        assert_eq!(native_of(F::Decimal, "DECIMAL(65,30)"), None);
        assert_eq!(native_of(F::Int, "INT"), None);
    }

    #[test]
    fn other_types_are_native() {
        assert_eq!(
            native_of(F::String, "VARCHAR(255)").as_deref(),
            Some("VarChar(255)")
        );
        assert_eq!(native_of(F::String, "TEXT").as_deref(), Some("Text"));
        assert_eq!(native_of(F::Boolean, "TINYINT(1)"), None);
        assert_eq!(native_of(F::Int, "TINYINT").as_deref(), Some("TinyInt"));
        assert_eq!(
            native_of(F::Int, "INT UNSIGNED").as_deref(),
            Some("UnsignedInt")
        );
        assert_eq!(
            native_of(F::DateTime, "DATETIME(0)").as_deref(),
            Some("DateTime(0)")
        );
        assert_eq!(
            native_of(F::DateTime, "DATETIME").as_deref(),
            Some("DateTime(0)")
        );
        assert_eq!(
            native_of(F::Int, "TINYINT UNSIGNED").as_deref(),
            Some("UnsignedTinyInt")
        );
        assert_eq!(
            native_of(F::BigInt, "BIGINT UNSIGNED").as_deref(),
            Some("UnsignedBigInt")
        );
        assert_eq!(native_of(F::Int, "YEAR").as_deref(), Some("Year"));
        assert_eq!(native_of(F::Boolean, "BIT(1)").as_deref(), Some("Bit(1)"));
        assert_eq!(native_of(F::String, "set('a','b')"), None);
    }
}
