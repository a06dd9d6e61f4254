//! MySQL and MariaDB: declared types as `information_schema.columns` reads them back, in the
//! canonical spelling; defaults as the describer reads `column_default`.

use sql_schema::{ColumnTypeFamily as F, DefaultValue, Value};
use sqlparser::ast::{DataType, Expr};

use super::{DeclaredType, Literal, literal, split_type};
use crate::work::WType;

pub(super) fn declared_type(data_type: &DataType, mariadb: bool) -> Result<DeclaredType, String> {
    if let DataType::Enum(members, _) = data_type {
        use sqlparser::ast::EnumMember;
        let values = members
            .iter()
            .map(|m| match m {
                EnumMember::Name(n) | EnumMember::NamedValue(n, _) => n.clone(),
            })
            .collect();
        return Ok(plain(WType::InlineEnum(values)));
    }
    let spelled = data_type.to_string();
    let upper = spelled.to_ascii_uppercase();
    let unsigned = if upper.contains("UNSIGNED") {
        " UNSIGNED"
    } else {
        ""
    };
    let (base, args) = split_type(&upper.replace(" UNSIGNED", "").replace(" ZEROFILL", ""));
    let sized = |name: &str, default: &str| match args.first() {
        Some(n) => format!("{name}({n})"),
        None if default.is_empty() => name.to_owned(),
        None => format!("{name}({default})"),
    };
    let fractional = |name: &str| match args.first() {
        Some(p) if p != "0" => format!("{name}({p})"),
        _ => name.to_owned(),
    };
    let (family, full) = match base.as_str() {
        "INT" | "INTEGER" => (F::Int, format!("INTEGER{unsigned}")),
        "TINYINT" if args.first().is_some_and(|a| a == "1") => (F::Boolean, "BOOLEAN".to_owned()),
        "BOOL" | "BOOLEAN" => (F::Boolean, "BOOLEAN".to_owned()),
        "TINYINT" => (F::Int, format!("TINYINT{unsigned}")),
        "SMALLINT" => (F::Int, format!("SMALLINT{unsigned}")),
        "MEDIUMINT" => (F::Int, format!("MEDIUMINT{unsigned}")),
        "BIGINT" => (F::BigInt, format!("BIGINT{unsigned}")),
        "YEAR" => (F::Int, "YEAR".to_owned()),
        "DECIMAL" | "NUMERIC" | "DEC" => (
            F::Decimal,
            match args.len() {
                0 => "DECIMAL(10, 0)".to_owned(),
                1 => format!("DECIMAL({}, 0)", args[0]),
                _ => format!("DECIMAL({})", args.join(", ")),
            },
        ),
        "FLOAT" => (F::Float, "FLOAT".to_owned()),
        "DOUBLE" | "REAL" | "DOUBLE PRECISION" => (F::Float, "DOUBLE".to_owned()),
        "BIT" => {
            let full = sized("BIT", "1");
            if full == "BIT(1)" {
                (F::Boolean, full)
            } else {
                (F::Binary, full)
            }
        }
        "CHAR" | "CHARACTER" => (F::String, sized("CHAR", "1")),
        "VARCHAR" | "CHARACTER VARYING" => (F::String, sized("VARCHAR", "")),
        "BINARY" => (F::Binary, sized("BINARY", "1")),
        "VARBINARY" => (F::Binary, sized("VARBINARY", "")),
        "TINYTEXT" | "TEXT" | "MEDIUMTEXT" | "LONGTEXT" => (F::String, base.clone()),
        "TINYBLOB" | "BLOB" | "MEDIUMBLOB" | "LONGBLOB" => (F::Binary, base.clone()),
        "DATE" => (F::DateTime, "DATE".to_owned()),
        "TIME" => (F::DateTime, fractional("TIME")),
        "DATETIME" => (F::DateTime, fractional("DATETIME")),
        "TIMESTAMP" => (F::DateTime, fractional("TIMESTAMP")),
        // MariaDB's JSON is LONGTEXT with a `json_valid` check, which the describer reads as
        // the JSON family with the type `LONGTEXT`.
        "JSON" if mariadb => (F::Json, "LONGTEXT".to_owned()),
        "JSON" => (F::Json, "JSON".to_owned()),
        _ => {
            return Err(format!(
                "the column type `{spelled}` is not known to the interpreter"
            ));
        }
    };
    Ok(plain(WType::Plain(family, full)))
}

fn plain(tpe: WType) -> DeclaredType {
    DeclaredType {
        tpe,
        list: false,
        serial: false,
    }
}

pub(super) fn default_value(expr: &Expr, tpe: &WType, _mariadb: bool) -> DefaultValue {
    let generated = || {
        let text = expr.to_string();
        DefaultValue::DbGenerated(Some(if text.starts_with('(') {
            text
        } else {
            format!("({text})")
        }))
    };
    let lit = literal(expr);
    let is_nested = matches!(expr, Expr::Nested(_));
    if is_nested && !matches!(lit, Literal::Now) {
        return generated();
    }
    match (tpe, lit) {
        (_, Literal::Null) => DefaultValue::Value(Value::Null),
        (WType::InlineEnum(_), Literal::String(s)) => DefaultValue::Value(Value::Enum(s)),
        (WType::Plain(F::DateTime, _), Literal::Now) => DefaultValue::Now,
        (WType::Plain(F::Int | F::BigInt, _), Literal::Number(n)) => match n.parse() {
            Ok(i) => DefaultValue::Value(Value::Int(i)),
            Err(_) => generated(),
        },
        (WType::Plain(F::Int | F::BigInt, _), Literal::Boolean(b)) => {
            DefaultValue::Value(Value::Int(i64::from(b)))
        }
        (WType::Plain(F::Boolean, _), Literal::Boolean(b)) => {
            DefaultValue::Value(Value::Boolean(b))
        }
        (WType::Plain(F::Boolean, _), Literal::Number(n)) if n == "0" || n == "1" => {
            DefaultValue::Value(Value::Boolean(n == "1"))
        }
        (WType::Plain(F::Float | F::Decimal, _), Literal::Number(n)) => {
            DefaultValue::Value(Value::Float(n))
        }
        (WType::Plain(F::String, _), Literal::String(s)) => DefaultValue::Value(Value::String(s)),
        (WType::Plain(F::DateTime, _), Literal::String(s)) => {
            DefaultValue::DbGenerated(Some(format!("'{s}'")))
        }
        _ => generated(),
    }
}
