//! SQLite: the declared type is what `PRAGMA table_info` reports; defaults as the describer
//! reads `dflt_value`.

use sql_schema::{ColumnTypeFamily as F, DefaultValue, Value};
use sqlparser::ast::{DataType, Expr};

use super::{DeclaredType, Literal, literal, number};
use crate::work::WType;

pub(super) fn declared_type(data_type: &DataType) -> DeclaredType {
    let declared = match data_type {
        DataType::Custom(name, modifiers) => {
            let base = name.to_string().trim_matches('"').to_owned();
            if modifiers.is_empty() {
                base
            } else {
                format!(
                    "{base}({})",
                    modifiers
                        .iter()
                        .map(|m| m.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                )
            }
        }
        other => other.to_string(),
    };
    let upper = declared.to_ascii_uppercase();
    let base = upper.split('(').next().unwrap_or_default().trim();
    let family = match base {
        "INTEGER" | "INT" | "SMALLINT" | "MEDIUMINT" | "TINYINT" => F::Int,
        "BIGINT" | "UNSIGNED BIG INT" | "INT8" => F::BigInt,
        "REAL" | "FLOAT" | "DOUBLE" | "DOUBLE PRECISION" => F::Float,
        "DECIMAL" | "NUMERIC" => F::Decimal,
        "BOOLEAN" | "BOOL" => F::Boolean,
        "DATETIME" | "DATE" | "TIMESTAMP" => F::DateTime,
        "TEXT" | "VARCHAR" | "CHAR" | "CHARACTER" | "NVARCHAR" | "NCHAR" | "CLOB"
        | "VARYING CHARACTER" => F::String,
        "BLOB" => F::Binary,
        "JSONB" | "JSON" => F::Json,
        _ => F::Unsupported(declared.clone()),
    };
    DeclaredType {
        tpe: WType::Plain(family, declared),
        list: false,
        serial: false,
    }
}

pub(super) fn default_value(expr: &Expr, tpe: &WType) -> DefaultValue {
    let family = match tpe {
        WType::Plain(f, _) => Some(f),
        _ => None,
    };
    match literal(expr) {
        Literal::Now => DefaultValue::Now,
        Literal::String(s) => {
            if family == Some(&F::Binary)
                && let Some(bytes) = super::hex_bytes(&s)
            {
                return DefaultValue::Value(Value::Bytes(bytes));
            }
            DefaultValue::Value(Value::String(s))
        }
        Literal::Boolean(b) => DefaultValue::Value(Value::Boolean(b)),
        Literal::Null => DefaultValue::Value(Value::Null),
        Literal::Number(n) => match (family, number(&n)) {
            (Some(F::Boolean), Value::Int(i @ (0 | 1))) => {
                DefaultValue::Value(Value::Boolean(i == 1))
            }
            (_, v) => DefaultValue::Value(v),
        },
        _ => DefaultValue::DbGenerated(Some(expr.to_string())),
    }
}
