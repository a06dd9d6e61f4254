//! What changed in a column present on both sides: its type, arity, default and
//! autoincrement, with defaults compared as Prisma compares them (numbers by value, enum
//! values and strings by their text).

use super::DifferFlavour;
use crate::model::*;
use crate::steps::*;
use crate::walkers::*;

pub(super) fn column_changes(
    columns: Pair<ColumnWalker<'_>>,
    flavour: &dyn DifferFlavour,
) -> ColumnChanges {
    let mut changes = ColumnChanges::default();
    let type_change = flavour.column_type_change(columns);
    changes.type_change = type_change;
    if columns.previous.arity() != columns.next.arity() {
        changes.insert(ColumnChange::Arity);
    }
    if type_change.is_some() {
        changes.insert(ColumnChange::TypeChanged);
    }
    if !defaults_match(columns, flavour) {
        changes.insert(ColumnChange::Default);
    }
    if flavour.column_autoincrement_changed(columns) {
        changes.insert(ColumnChange::Autoincrement);
    }
    changes
}

fn defaults_match(columns: Pair<ColumnWalker<'_>>, flavour: &dyn DifferFlavour) -> bool {
    use DefaultValue as D;
    let is_json = |c: ColumnWalker<'_>| c.column().tpe.family == ColumnTypeFamily::Json;
    if flavour.ignores_json_defaults() && (is_json(columns.previous) || is_json(columns.next)) {
        return true;
    }
    let prev = columns.previous.column().default.as_ref();
    let next = columns.next.column().default.as_ref();
    let is_datetime = |c: ColumnWalker<'_>| c.column().tpe.family == ColumnTypeFamily::DateTime;
    let any_datetime = is_datetime(columns.previous) || is_datetime(columns.next);
    match (prev, next) {
        (None, None) => true,
        (Some(D::DbGenerated(_)), Some(D::Value(Value::List(_))))
        | (Some(D::Value(Value::List(_))), Some(D::DbGenerated(_)))
            if any_datetime =>
        {
            true
        }
        (Some(D::Value(Value::List(a))), Some(D::Value(Value::List(b)))) => {
            a.len() == b.len() && (any_datetime || a.iter().zip(b).all(|(a, b)| values_match(a, b)))
        }
        // Date-time constants cannot be compared reliably (formats differ), as in Prisma.
        (Some(D::Value(_)), Some(_)) | (Some(_), Some(D::Value(_))) if any_datetime => true,
        (Some(D::Value(a)), Some(D::Value(b))) => values_match(a, b),
        (Some(D::Value(_)), Some(D::Now)) | (Some(D::Value(_)), None) => false,
        (Some(D::Now), Some(D::Now)) => true,
        (Some(D::Now), None) | (Some(D::Now), Some(D::Value(_))) => false,
        (Some(D::DbGenerated(_)), Some(D::Value(_)))
        | (Some(D::DbGenerated(_)), Some(D::Now))
        | (Some(D::DbGenerated(_)), None) => false,
        (_, Some(D::DbGenerated(None))) => true,
        (Some(D::Sequence(_)), None) => true,
        (Some(D::Sequence(_)), Some(D::Value(_))) | (Some(D::Sequence(_)), Some(D::Now)) => false,
        (None, Some(D::Value(_))) | (None, Some(D::Now)) => false,
        (Some(D::DbGenerated(Some(a))), Some(D::DbGenerated(Some(b)))) => a.eq_ignore_ascii_case(b),
        (_, Some(D::DbGenerated(_))) => false,
        (_, Some(D::Sequence(_))) => true,
    }
}

/// Whether two constant defaults are the same: enum values and strings by their text (a
/// database reports `@default([USER])` of an enum list as text), numbers by value whether
/// written as integers or not (`@default(0)` on a `Float` or `Decimal` column comes back as
/// `0`; `0.0000` is `0`, as Prisma compares them), anything else exactly.
fn values_match(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Enum(a) | Value::String(a), Value::Enum(b) | Value::String(b)) => a == b,
        (Value::Float(a), Value::Float(b)) => same_number(a, b),
        (Value::Int(i), Value::Float(f)) | (Value::Float(f), Value::Int(i)) => {
            same_number(&i.to_string(), f)
        }
        _ => a == b,
    }
}

/// Whether two number literals are the same number: `1.50` and `1.5`, `0.0000` and `0`
/// (decimal text compared exactly, without rounding through a float).
fn same_number(a: &str, b: &str) -> bool {
    fn canonical(text: &str) -> String {
        let t = text.trim().trim_start_matches('+');
        if t.contains(['e', 'E']) || !t.contains('.') {
            return if t == "-0" {
                "0".to_owned()
            } else {
                t.to_owned()
            };
        }
        let t = t.trim_end_matches('0').trim_end_matches('.');
        match t {
            "" | "-" | "-0" => "0".to_owned(),
            t => t.to_owned(),
        }
    }
    a == b || canonical(a) == canonical(b)
}

#[cfg(test)]
mod number_tests {
    use super::same_number;

    #[test]
    fn numbers_compare_by_value() {
        assert!(same_number("0.0000", "0"));
        assert!(same_number("1.50", "1.5"));
        assert!(same_number("-0.0", "0"));
        assert!(!same_number("1.05", "1.5"));
        assert!(!same_number("10", "1"));
    }
}
