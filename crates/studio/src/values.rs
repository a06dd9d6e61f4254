//! Values between the database and the page: each scalar type's text form (what an input
//! shows and sends back), parsed with a message that says what was expected.

use base64::Engine;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use client::Value;
use client::dynamic::ScalarKind;

use crate::catalog::Field;

/// The text form of a value, as an input shows it and [`parse`] reads it back (`None`: NULL).
/// Exact: a cursor or a key written this way picks the same value again.
pub fn to_text(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Decimal(d) => d.to_string(),
        Value::Text(s) => s.clone(),
        Value::SharedText(s) => s.to_string(),
        Value::Enum(s) => (*s).to_owned(),
        // Milliseconds as Prisma writes them; more digits only when the database holds them
        // (a page cursor must pick the same instant again).
        Value::DateTime(t) if t.timestamp_subsec_nanos() % 1_000_000 == 0 => {
            t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
        }
        Value::DateTime(t) => t.format("%Y-%m-%dT%H:%M:%S%.9fZ").to_string(),
        Value::Json(j) => j.to_string(),
        Value::Bytes(b) => base64::engine::general_purpose::STANDARD.encode(b),
        Value::List(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|v| to_text(v).unwrap_or_default())
                .collect();
            format!("[{}]", items.join(", "))
        }
        _ => String::new(),
    })
}

/// What a cell shows: the text form, shortened; `null` for NULL.
pub fn display(value: &Value) -> String {
    match to_text(value) {
        None => "null".to_owned(),
        Some(s) if s.chars().count() > 80 => {
            let short: String = s.chars().take(77).collect();
            format!("{short}…")
        }
        Some(s) => s,
    }
}

/// Reads `text` as a value of `field`'s type; the error says what was expected.
pub fn parse(field: &Field, text: &str) -> Result<Value, String> {
    let name = &field.name;
    let trimmed = text.trim();
    let bad = |what: &str| format!("{name}: `{text}` is not {what}.");
    Ok(match field.kind {
        ScalarKind::Int => {
            let v: i64 = trimmed.parse().map_err(|_| bad("a whole number"))?;
            if i32::try_from(v).is_err() {
                return Err(format!(
                    "{name}: {v} does not fit in an Int (from -2147483648 to 2147483647)."
                ));
            }
            Value::Int(v)
        }
        ScalarKind::BigInt => Value::Int(trimmed.parse().map_err(|_| bad("a whole number"))?),
        ScalarKind::Float => {
            let v: f64 = trimmed.parse().map_err(|_| bad("a number"))?;
            if !v.is_finite() {
                return Err(bad("a finite number"));
            }
            Value::Float(v)
        }
        ScalarKind::Decimal => Value::Decimal(
            trimmed
                .parse::<client::Decimal>()
                .map_err(|_| bad("a decimal number"))?,
        ),
        ScalarKind::Boolean => match trimmed {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => return Err(bad("true or false")),
        },
        ScalarKind::DateTime => Value::DateTime(parse_datetime(trimmed).ok_or_else(|| {
            bad("a date and time (2026-12-06T15:30:00Z, or 2026-12-06 for midnight UTC)")
        })?),
        ScalarKind::Json => Value::Json(
            serde_json::from_str(text)
                .map_err(|e| format!("{name}: not valid JSON ({e}). Write null as JSON `null`, or tick \"null\" for SQL NULL."))?,
        ),
        ScalarKind::Bytes => Value::Bytes(
            base64::engine::general_purpose::STANDARD
                .decode(trimmed)
                .map_err(|_| bad("base64"))?,
        ),
        ScalarKind::Enum => {
            if !field.enum_values.iter().any(|v| v == trimmed) {
                return Err(format!(
                    "{name}: `{text}` is not one of {}.",
                    field.enum_values.join(", ")
                ));
            }
            Value::Text(trimmed.to_owned())
        }
        _ => Value::Text(text.to_owned()),
    })
}

/// A point in time in the forms a person or a `datetime-local` input writes (UTC unless an
/// offset is given).
pub fn parse_datetime(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// The HTML input type and extra attributes for a field (`None`: a textarea or a select).
pub fn input_type(field: &Field) -> Option<(&'static str, &'static str)> {
    Some(match field.kind {
        ScalarKind::Int | ScalarKind::BigInt => ("number", "1"),
        ScalarKind::Float => ("number", "any"),
        ScalarKind::Decimal => ("text", ""),
        ScalarKind::DateTime if is_date_only(field) => ("date", ""),
        ScalarKind::DateTime => ("text", ""),
        ScalarKind::String if is_long_text(field) => return None,
        ScalarKind::String | ScalarKind::Bytes => ("text", ""),
        _ => return None,
    })
}

/// A `DateTime` stored as a date alone (`@db.Date`): edited with a date input.
pub fn is_date_only(field: &Field) -> bool {
    field.native_type.as_deref() == Some("Date")
}

/// The length limit of a `@db.VarChar(n)` / `@db.Char(n)` text, for the input's `maxlength`.
pub fn max_length(field: &Field) -> Option<u32> {
    let native = field.native_type.as_deref()?;
    let (name, rest) = native.split_once('(')?;
    matches!(name, "VarChar" | "Char" | "NVarChar" | "NChar")
        .then(|| rest.trim_end_matches(')').trim().parse().ok())
        .flatten()
}

/// A `String` stored as long text (`@db.Text` and its kin): edited in a textarea.
pub fn is_long_text(field: &Field) -> bool {
    field
        .native_type
        .as_deref()
        .is_some_and(|n| n.ends_with("Text"))
}

/// A short description of a field's type for headers and labels (`String? @db.VarChar(40)`).
pub fn type_label(field: &Field) -> String {
    let mut s = field.type_name.clone();
    if field.nullable {
        s.push('?');
    }
    if field.is_id {
        s.push_str(" @id");
    }
    if field.updated_at {
        s.push_str(" @updatedAt");
    }
    if let Some(n) = &field.native_type {
        s.push_str(" @db.");
        s.push_str(n);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(kind: ScalarKind) -> Field {
        Field {
            name: "f".into(),
            type_name: format!("{kind:?}"),
            kind,
            native_type: None,
            nullable: false,
            enum_values: vec!["A".into(), "B".into()],
            has_default: false,
            updated_at: false,
            is_id: false,
        }
    }

    #[test]
    fn text_forms_round_trip() {
        let t = parse_datetime("2026-12-06T15:30:01.123Z").unwrap();
        let micro = parse_datetime("2026-12-06T15:30:01.123456Z").unwrap();
        assert_eq!(
            to_text(&Value::DateTime(micro)).unwrap(),
            "2026-12-06T15:30:01.123456000Z"
        );
        for (kind, value) in [
            (ScalarKind::Int, Value::Int(-5)),
            (ScalarKind::BigInt, Value::Int(i64::MAX)),
            (ScalarKind::Float, Value::Float(0.1)),
            (ScalarKind::Boolean, Value::Bool(true)),
            (ScalarKind::DateTime, Value::DateTime(t)),
            (ScalarKind::DateTime, Value::DateTime(micro)),
            (ScalarKind::String, Value::Text(" a\"b ".into())),
            (
                ScalarKind::Json,
                Value::Json(serde_json::json!({"a": [1, null]})),
            ),
            (ScalarKind::Bytes, Value::Bytes(vec![0, 255, 7])),
            (ScalarKind::Enum, Value::Text("B".into())),
        ] {
            let text = to_text(&value).unwrap();
            assert_eq!(parse(&field(kind), &text).unwrap(), value, "{kind:?}");
        }
    }

    #[test]
    fn native_types_shape_the_input() {
        let mut f = field(ScalarKind::String);
        f.native_type = Some("VarChar(40)".into());
        assert_eq!(max_length(&f), Some(40));
        f.native_type = Some("Text".into());
        assert_eq!((max_length(&f), input_type(&f)), (None, None));
        let mut d = field(ScalarKind::DateTime);
        d.native_type = Some("Date".into());
        assert_eq!(input_type(&d), Some(("date", "")));
        assert_eq!(
            parse(&d, "2026-12-06").unwrap(),
            Value::DateTime(parse_datetime("2026-12-06T00:00:00Z").unwrap())
        );
    }

    #[test]
    fn bad_input_says_what_was_expected() {
        assert_eq!(
            parse(&field(ScalarKind::Int), "3000000000").unwrap_err(),
            "f: 3000000000 does not fit in an Int (from -2147483648 to 2147483647)."
        );
        assert!(
            parse(&field(ScalarKind::Enum), "C")
                .unwrap_err()
                .contains("A, B")
        );
        assert!(
            parse(&field(ScalarKind::Json), "{")
                .unwrap_err()
                .contains("not valid JSON")
        );
        assert!(parse(&field(ScalarKind::DateTime), "yesterday").is_err());
    }
}
