//! Default values and literals as Prisma writes them.

use sql_schema::{Column, ColumnTypeFamily, DefaultValue, ForeignKeyAction, IndexAlgorithm, Value};

use super::Context;
use crate::literal::quote;
use crate::names;

impl Context<'_> {
    pub(super) fn default(&self, column: &Column) -> Option<String> {
        let family = &column.tpe.family;
        if column.auto_increment {
            return Some("autoincrement()".to_owned());
        }
        let d = column.default.as_ref()?;
        Some(match d {
            DefaultValue::Sequence(_) => "autoincrement()".to_owned(),
            _ if column.auto_increment => "autoincrement()".to_owned(),
            DefaultValue::Now if *family == ColumnTypeFamily::DateTime => "now()".to_owned(),
            DefaultValue::Now => "dbgenerated(\"CURRENT_TIMESTAMP\")".to_owned(),
            DefaultValue::DbGenerated(Some(e)) => format!("dbgenerated({})", quote(e)),
            DefaultValue::DbGenerated(None) => return None,
            DefaultValue::Value(Value::Null) => return None,
            DefaultValue::Value(v) => self.value(v, family)?,
        })
    }

    fn value(&self, v: &Value, family: &ColumnTypeFamily) -> Option<String> {
        Some(match v {
            // Array elements of an enum list come back as strings.
            Value::String(s) if matches!(family, ColumnTypeFamily::Enum(_)) => {
                return self.value(&Value::Enum(s.clone()), family);
            }
            Value::String(s) => quote(s),
            Value::Int(i) if *family == ColumnTypeFamily::Boolean => (*i != 0).to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.clone(),
            Value::Boolean(b) => b.to_string(),
            Value::Enum(e) => match family {
                ColumnTypeFamily::Enum(id) => {
                    let prev = self.prev_enums[id.0 as usize];
                    prev.and_then(|p| {
                        p.get()
                            .values
                            .iter()
                            .find(|v| v.mapped_name.as_deref().unwrap_or(&v.name) == e)
                            .map(|v| v.name.clone())
                    })
                    .unwrap_or_else(|| {
                        if e.is_empty() {
                            "EMPTY_ENUM_VALUE".to_owned()
                        } else {
                            names::identifier(e).0
                        }
                    })
                }
                _ => quote(e),
            },
            Value::Bytes(b) => quote(&base64(b)),
            Value::List(items) => {
                let parts: Option<Vec<String>> =
                    items.iter().map(|i| self.value(i, family)).collect();
                format!("[{}]", parts?.join(", "))
            }
            Value::Null => return None,
        })
    }
}

pub(super) fn action(a: ForeignKeyAction) -> &'static str {
    match a {
        ForeignKeyAction::NoAction => "NoAction",
        ForeignKeyAction::Restrict => "Restrict",
        ForeignKeyAction::Cascade => "Cascade",
        ForeignKeyAction::SetNull => "SetNull",
        ForeignKeyAction::SetDefault => "SetDefault",
    }
}

pub(super) fn algorithm(a: IndexAlgorithm) -> &'static str {
    match a {
        IndexAlgorithm::BTree => "BTree",
        IndexAlgorithm::Hash => "Hash",
        IndexAlgorithm::Gist => "Gist",
        IndexAlgorithm::Gin => "Gin",
        IndexAlgorithm::SpGist => "SpGist",
        IndexAlgorithm::Brin => "Brin",
    }
}

/// Standard base64 with padding (Prisma's spelling of `Bytes` defaults).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (k, &b)| acc | (u32::from(b) << (16 - 8 * k)));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert_eq!(quote("a \" b"), "\"a \\\" b\"");
        assert_eq!(base64(b"hello"), "aGVsbG8=");
        assert_eq!(base64(b"hi!"), "aGkh");
    }
}
