//! PostgreSQL: declared types as `format_type` reads them back, in the canonical spelling;
//! defaults as `pg_get_expr` prints them and the describer reads them.

use sql_schema::{ColumnArity, ColumnTypeFamily as F, DefaultValue, Value};
use sqlparser::ast::{DataType, Expr};

use super::{DeclaredType, Literal, literal, number, split_type};
use crate::work::{WEnum, WType};

pub(super) fn declared_type(data_type: &DataType, enums: &[WEnum]) -> Result<DeclaredType, String> {
    if let DataType::Array(elem) = data_type {
        use sqlparser::ast::ArrayElemTypeDef as A;
        let inner = match elem {
            A::SquareBracket(t, _) | A::AngleBracket(t) | A::Parenthesis(t) => t.as_ref(),
            _ => return Err(format!("the array type `{data_type}` is not interpreted")),
        };
        let mut declared = declared_type(inner, enums)?;
        declared.list = true;
        return Ok(declared);
    }
    if let DataType::Custom(name, modifiers) = data_type {
        let last = name.0.last().map(|p| p.to_string()).unwrap_or_default();
        let unquoted = match last.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            Some(q) => q.replace("\"\"", "\""),
            None => last.to_ascii_lowercase(),
        };
        if let Some(e) = enums.iter().find(|e| e.name == unquoted) {
            return Ok(plain(WType::NamedEnum(e.name.clone())));
        }
        let serial = match unquoted.as_str() {
            "serial" | "serial4" => Some("INTEGER"),
            "bigserial" | "serial8" => Some("BIGINT"),
            "smallserial" | "serial2" => Some("SMALLINT"),
            _ => None,
        };
        if let Some(int) = serial {
            let family = if int == "BIGINT" { F::BigInt } else { F::Int };
            return Ok(DeclaredType {
                tpe: WType::Plain(family, int.to_owned()),
                list: false,
                serial: true,
            });
        }
        let spelled = if modifiers.is_empty() {
            unquoted
        } else {
            format!(
                "{unquoted}({})",
                modifiers
                    .iter()
                    .map(|m| m.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            )
        };
        return Ok(plain(canonical(&spelled)));
    }
    Ok(plain(canonical(&data_type.to_string())))
}

fn plain(tpe: WType) -> DeclaredType {
    DeclaredType {
        tpe,
        list: false,
        serial: false,
    }
}

/// The canonical spelling and family of a type as written in a migration.
fn canonical(spelling: &str) -> WType {
    let (base, args) = split_type(spelling);
    let with = |name: &str| {
        if args.is_empty() {
            name.to_owned()
        } else {
            format!("{name}({})", args.join(","))
        }
    };
    let sized_default = |name: &str, default: &str| {
        if args.is_empty() {
            format!("{name}({default})")
        } else {
            with(name)
        }
    };
    let (family, full) = match base.as_str() {
        "SMALLINT" | "INT2" => (F::Int, "SMALLINT".to_owned()),
        "INT" | "INTEGER" | "INT4" => (F::Int, "INTEGER".to_owned()),
        "BIGINT" | "INT8" => (F::BigInt, "BIGINT".to_owned()),
        "DECIMAL" | "NUMERIC" => (F::Decimal, with("DECIMAL")),
        "MONEY" => (F::Decimal, "MONEY".to_owned()),
        "REAL" | "FLOAT4" => (F::Float, "REAL".to_owned()),
        "DOUBLE PRECISION" | "FLOAT8" | "FLOAT" | "DOUBLE" => {
            (F::Float, "DOUBLE PRECISION".to_owned())
        }
        "VARCHAR" | "CHARACTER VARYING" | "CHAR VARYING" => (F::String, with("VARCHAR")),
        "CHAR" | "CHARACTER" => (F::String, sized_default("CHAR", "1")),
        "TEXT" => (F::String, "TEXT".to_owned()),
        "CITEXT" => (F::String, "CITEXT".to_owned()),
        "INET" => (F::String, "INET".to_owned()),
        "OID" => (F::Int, "OID".to_owned()),
        "BYTEA" => (F::Binary, "BYTEA".to_owned()),
        "TIMESTAMP" | "TIMESTAMP WITHOUT TIME ZONE" => (F::DateTime, with("TIMESTAMP")),
        "TIMESTAMPTZ" | "TIMESTAMP WITH TIME ZONE" => (F::DateTime, with("TIMESTAMPTZ")),
        "TIME" | "TIME WITHOUT TIME ZONE" => (F::DateTime, with("TIME")),
        "TIMETZ" | "TIME WITH TIME ZONE" => (F::DateTime, with("TIMETZ")),
        "DATE" => (F::DateTime, "DATE".to_owned()),
        "BOOLEAN" | "BOOL" => (F::Boolean, "BOOLEAN".to_owned()),
        "BIT" => (F::String, sized_default("BIT", "1")),
        "VARBIT" | "BIT VARYING" => (F::String, with("VARBIT")),
        "UUID" => (F::String, "UUID".to_owned()),
        "XML" => (F::String, "XML".to_owned()),
        "JSON" => (F::Json, "JSON".to_owned()),
        "JSONB" => (F::Json, "JSONB".to_owned()),
        _ => {
            let lower = spelling.to_ascii_lowercase();
            (F::Unsupported(lower.clone()), lower)
        }
    };
    WType::Plain(family, full)
}

pub(super) fn default_value(expr: &Expr, tpe: &WType, arity: ColumnArity) -> DefaultValue {
    let family = match tpe {
        WType::Plain(f, _) => Some(f),
        _ => None,
    };
    let is_enum = matches!(tpe, WType::NamedEnum(_));
    match literal(expr) {
        Literal::Now => DefaultValue::Now,
        Literal::Boolean(b) => DefaultValue::Value(Value::Boolean(b)),
        Literal::Null => DefaultValue::Value(Value::Null),
        Literal::Number(n) => DefaultValue::Value(number(&n)),
        Literal::Array(items) => {
            let values: Option<Vec<Value>> = items
                .iter()
                .map(|item| match literal(item) {
                    Literal::String(s) => Some(Value::String(s)),
                    Literal::Number(n) => Some(number(&n)),
                    Literal::Boolean(b) => Some(Value::Boolean(b)),
                    _ => None,
                })
                .collect();
            match values {
                Some(v) => DefaultValue::Value(Value::List(v)),
                None => DefaultValue::DbGenerated(Some(expr.to_string())),
            }
        }
        Literal::String(s) if arity == ColumnArity::List => {
            DefaultValue::Value(Value::List(array_literal(&s)))
        }
        Literal::String(s) if is_enum => DefaultValue::Value(Value::Enum(s)),
        Literal::String(s) => DefaultValue::Value(match family {
            Some(F::Binary) => match s.strip_prefix("\\x").and_then(super::hex_bytes) {
                Some(bytes) => Value::Bytes(bytes),
                None => Value::String(s),
            },
            Some(F::Int | F::BigInt) => s.parse().map_or(Value::String(s), Value::Int),
            Some(F::Float | F::Decimal) => Value::Float(s),
            _ => Value::String(s),
        }),
        Literal::Other => DefaultValue::DbGenerated(Some(expr.to_string())),
    }
}

/// `{a,"b c",NULL}` → its elements.
fn array_literal(s: &str) -> Vec<Value> {
    let Some(inner) = s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
        return vec![Value::String(s.to_owned())];
    };
    let mut out = Vec::new();
    let mut chars = inner.chars().peekable();
    while chars.peek().is_some() {
        let mut item = String::new();
        let mut quoted = false;
        if chars.peek() == Some(&'"') {
            quoted = true;
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => item.extend(chars.next()),
                    '"' => break,
                    c => item.push(c),
                }
            }
        }
        for c in chars.by_ref() {
            if c == ',' {
                break;
            }
            item.push(c);
        }
        out.push(if !quoted && item == "NULL" {
            Value::Null
        } else if !quoted {
            match item.as_str() {
                "t" | "true" => Value::Boolean(true),
                "f" | "false" => Value::Boolean(false),
                _ if item.parse::<f64>().is_ok() => number(&item),
                _ => Value::String(item),
            }
        } else {
            Value::String(item)
        });
    }
    out
}
