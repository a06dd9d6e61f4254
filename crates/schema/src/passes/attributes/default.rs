//! `@default`: a field's default value (a literal, a list, an enum value or a function
//! such as `autoincrement()`, `now()`, `uuid()`, `dbgenerated("…")`), checked against the
//! field's type as Prisma checks it.

use super::super::Ctx;
use super::super::arguments::Args;
use super::{report_unused, string_arg};
use crate::ids::FieldId;
use crate::ir::{
    DefaultKind, DefaultValue, FieldArity, FieldKind, LiteralValue, ScalarFieldType, ScalarType,
};
use diagnostics::Span;
use schema_syntax::ast::{Attribute, Expression};

// ---------------------------------------------------------------- @default

pub(super) fn field_default(ctx: &mut Ctx<'_>, field: FieldId, attr: &Attribute) {
    ctx.default_field = Some(field);
    let mut args = Args::new(attr);
    let value = args.default_arg("value");
    let map = args.named("map").and_then(|e| string_arg(ctx, e));
    report_unused(ctx, &args);
    let Some(value) = value else {
        ctx.error("Argument \"value\" is missing.", attr.span);
        return;
    };
    let f = &ctx.schema.fields[field.index()];
    let arity = f.arity;
    let FieldKind::Scalar(s) = &f.kind else {
        return;
    };
    let field_type = s.field_type.clone();
    let kind = default_kind(ctx, &field_type, arity, value, attr.span);
    if let Some(kind) = kind
        && let FieldKind::Scalar(s) = &mut ctx.schema.fields[field.index()].kind
    {
        s.default = Some(DefaultValue {
            kind,
            mapped_name: map,
            span: attr.span,
        });
    }
}

fn type_name(ctx: &Ctx<'_>, t: &ScalarFieldType) -> String {
    match t {
        ScalarFieldType::Builtin(s) => s.as_str().to_string(),
        ScalarFieldType::Enum(e) => ctx.schema.enums[e.index()].name.clone(),
        ScalarFieldType::CompositeType(c) => ctx.schema.composite_types[c.index()].name.clone(),
        ScalarFieldType::Unsupported(_) => "Unsupported".to_string(),
    }
}

fn default_kind(
    ctx: &mut Ctx<'_>,
    field_type: &ScalarFieldType,
    arity: FieldArity,
    value: &Expression,
    span: Span,
) -> Option<DefaultKind> {
    let err = |ctx: &mut Ctx<'_>, message: String| {
        ctx.attribute_error("default", message, span);
        None
    };
    if let Expression::Function(name, fargs, _) = value {
        let scalar = match field_type {
            ScalarFieldType::Builtin(s) => Some(*s),
            _ => None,
        };
        let wrong_type = |ctx: &mut Ctx<'_>| {
            let t = type_name(ctx, field_type);
            ctx.attribute_error(
                "default",
                format!("The function `{name}()` cannot be used on fields of type `{t}`."),
                span,
            );
            None
        };
        let int_arg = |ctx: &mut Ctx<'_>| -> Result<Option<i64>, ()> {
            match fargs.arguments.first() {
                None => Ok(None),
                Some(a) => match &a.value {
                    Expression::Numeric(n, _) => n.parse::<i64>().map(Some).map_err(|_| ()),
                    _ => {
                        ctx.attribute_error(
                            "default",
                            format!("`{name}()` takes a single Int argument."),
                            span,
                        );
                        Err(())
                    }
                },
            }
        };
        return match name.as_str() {
            "autoincrement" => {
                if !matches!(scalar, Some(ScalarType::Int | ScalarType::BigInt)) {
                    return wrong_type(ctx);
                }
                Some(DefaultKind::Autoincrement)
            }
            "now" => {
                if scalar != Some(ScalarType::DateTime) {
                    return wrong_type(ctx);
                }
                Some(DefaultKind::Now)
            }
            "uuid" | "cuid" | "nanoid" | "ulid" => {
                if scalar != Some(ScalarType::String) {
                    return wrong_type(ctx);
                }
                if name == "ulid" {
                    return Some(DefaultKind::Ulid);
                }
                let Ok(arg) = int_arg(ctx) else { return None };
                match (name.as_str(), arg) {
                    ("uuid", None) => Some(DefaultKind::Uuid(4)),
                    ("uuid", Some(v @ (4 | 7))) => Some(DefaultKind::Uuid(v as u8)),
                    ("uuid", Some(_)) => err(
                        ctx,
                        "`uuid()` takes either no argument, or a single integer argument which is either 4 or 7.".into(),
                    ),
                    ("cuid", None) => Some(DefaultKind::Cuid(1)),
                    ("cuid", Some(v @ (1 | 2))) => Some(DefaultKind::Cuid(v as u8)),
                    ("cuid", Some(_)) => err(
                        ctx,
                        "`cuid()` takes either no argument, or a single integer argument which is either 1 or 2.".into(),
                    ),
                    ("nanoid", None) => Some(DefaultKind::Nanoid(None)),
                    ("nanoid", Some(v @ 2..=255)) => Some(DefaultKind::Nanoid(Some(v as u8))),
                    _ => err(
                        ctx,
                        "`nanoid()` takes either no argument, or a single integer argument between 2 and 255.".into(),
                    ),
                }
            }
            "dbgenerated" => match fargs.arguments.first().map(|a| &a.value) {
                None => Some(DefaultKind::DbGenerated(None)),
                Some(Expression::String(s, _)) if s.trim().is_empty() => err(
                    ctx,
                    "dbgenerated() takes either no argument, or a single nonempty string argument."
                        .into(),
                ),
                Some(Expression::String(s, _)) => Some(DefaultKind::DbGenerated(Some(s.clone()))),
                Some(_) => err(
                    ctx,
                    "dbgenerated() takes either no argument, or a single nonempty string argument."
                        .into(),
                ),
            },
            "auto" => err(
                ctx,
                "The current connector does not support the `auto()` function.".into(),
            ),
            "sequence" => err(
                ctx,
                "The current connector does not support the `sequence()` function.".into(),
            ),
            other => {
                // Prisma reports unknown functions with the later field rules.
                ctx.defer_errors = ctx
                    .default_field
                    .map(|f| (f, super::super::Deferred::UnknownFunction));
                ctx.error(
                    format!(
                        "Unknown function in @default(): `{other}` is not known. You can read about the available functions here: https://pris.ly/d/attribute-functions"
                    ),
                    span,
                );
                ctx.defer_errors = None;
                None
            }
        };
    }

    if arity.is_list() {
        let Expression::Array(items, _) = value else {
            if matches!(field_type, ScalarFieldType::Enum(_)) {
                let raw = ctx.text(value.span()).to_string();
                return err(ctx, format!("Expected an enum value, but found `{raw}`."));
            }
            return err(
                ctx,
                "The default value of a list field must be a list.".into(),
            );
        };
        let mut values = Vec::new();
        for item in items {
            values.push(deferred_literal(ctx, field_type, item, span)?);
        }
        return Some(DefaultKind::List(values));
    }
    if let (Expression::Array(..), false) = (value, matches!(field_type, ScalarFieldType::Enum(_)))
    {
        return err(
            ctx,
            "The default value of a non-list field cannot be a list.".into(),
        );
    }
    deferred_literal(ctx, field_type, value, span).map(DefaultKind::Value)
}

/// A literal default (parse errors of its text are reported with the later field rules).
fn deferred_literal(
    ctx: &mut Ctx<'_>,
    field_type: &ScalarFieldType,
    value: &Expression,
    span: Span,
) -> Option<LiteralValue> {
    literal(ctx, field_type, value, span)
}

fn literal(
    ctx: &mut Ctx<'_>,
    field_type: &ScalarFieldType,
    value: &Expression,
    span: Span,
) -> Option<LiteralValue> {
    let raw = ctx.text(value.span()).to_string();
    let type_label = type_name(ctx, field_type);
    let mismatch = |ctx: &mut Ctx<'_>, _expected: &str| {
        ctx.attribute_error(
            "default",
            format!("Expected a {type_label} value, but found `{raw}`."),
            span,
        );
        None
    };
    match field_type {
        ScalarFieldType::Enum(e) => {
            let Expression::Constant(name, _) = value else {
                ctx.attribute_error(
                    "default",
                    format!("Expected an enum value, but found `{raw}`."),
                    span,
                );
                return None;
            };
            match ctx.schema.enums[e.index()]
                .values
                .iter()
                .position(|v| &v.name == name)
            {
                Some(i) => Some(LiteralValue::EnumValue(*e, i)),
                None => {
                    // Prisma checks enum values with the later field rules.
                    ctx.defer_errors = ctx
                        .default_field
                        .map(|f| (f, super::super::Deferred::DefaultValue));
                    ctx.attribute_error(
                        "default",
                        format!(
                            "The defined default value `{name}` is not a valid value of the enum specified for the field."
                        ),
                        span,
                    );
                    ctx.defer_errors = None;
                    None
                }
            }
        }
        ScalarFieldType::Unsupported(_) => {
            ctx.attribute_error(
                "default",
                "Only @default(dbgenerated(\"...\")) can be used for Unsupported types.",
                span,
            );
            None
        }
        ScalarFieldType::CompositeType(_) => None,
        ScalarFieldType::Builtin(t) => match (t, value) {
            (ScalarType::String, Expression::String(s, _)) => Some(LiteralValue::String(s.clone())),
            (ScalarType::String, _) => mismatch(ctx, "string"),
            (ScalarType::Boolean, Expression::Constant(c, _)) if c == "true" || c == "false" => {
                Some(LiteralValue::Boolean(c == "true"))
            }
            (ScalarType::Boolean, _) => mismatch(ctx, "boolean"),
            (ScalarType::Int, Expression::Numeric(n, _)) => match n.parse::<i64>() {
                Ok(v) => Some(LiteralValue::Int(v)),
                Err(_) => {
                    ctx.attribute_error(
                        "default",
                        format!("Expected an integer value, but received `{n}`."),
                        span,
                    );
                    None
                }
            },
            (ScalarType::Int, _) => mismatch(ctx, "numeric"),
            (ScalarType::BigInt, Expression::Numeric(n, _)) => match n.parse::<i64>() {
                Ok(v) => Some(LiteralValue::BigInt(v)),
                Err(_) => {
                    ctx.attribute_error(
                        "default",
                        format!("Expected an integer value, but received `{n}`."),
                        span,
                    );
                    None
                }
            },
            (ScalarType::BigInt, _) => mismatch(ctx, "numeric"),
            (ScalarType::Float, Expression::Numeric(n, _)) => Some(LiteralValue::Float(n.clone())),
            (ScalarType::Float, _) => mismatch(ctx, "numeric"),
            (ScalarType::Decimal, Expression::Numeric(n, _) | Expression::String(n, _)) => {
                Some(LiteralValue::Decimal(n.clone()))
            }
            (ScalarType::Decimal, _) => mismatch(ctx, "numeric"),
            (ScalarType::DateTime, Expression::String(s, _)) => {
                match rfc3339_error(s) {
                    None => Some(LiteralValue::DateTime(s.clone())),
                    Some(why) => {
                        // Prisma parses the text with the later field rules.
                        ctx.defer_errors = ctx
                            .default_field
                            .map(|f| (f, super::super::Deferred::DefaultValue));
                        ctx.attribute_error(
                            "default",
                            format!(
                                "Parse error: \"{s}\" is not a valid rfc3339 datetime string. ({why})"
                            ),
                            span,
                        );
                        ctx.defer_errors = None;
                        None
                    }
                }
            }
            (ScalarType::DateTime, _) => mismatch(ctx, "datetime"),
            (ScalarType::Json, Expression::String(s, _)) => {
                match serde_json::from_str::<serde_json::Value>(s) {
                    Ok(_) => Some(LiteralValue::Json(s.clone())),
                    Err(why) => {
                        // Prisma parses the text with the later field rules.
                        ctx.defer_errors = ctx
                            .default_field
                            .map(|f| (f, super::super::Deferred::DefaultValue));
                        ctx.attribute_error(
                            "default",
                            format!("Parse error: \"{s}\" is not a valid JSON string. ({why})"),
                            span,
                        );
                        ctx.defer_errors = None;
                        None
                    }
                }
            }
            (ScalarType::Json, _) => mismatch(ctx, "string"),
            (ScalarType::Bytes, Expression::String(s, _)) => {
                if is_base64(s) {
                    Some(LiteralValue::Bytes(s.clone()))
                } else {
                    ctx.defer_errors = ctx
                        .default_field
                        .map(|f| (f, super::super::Deferred::DefaultValue));
                    ctx.attribute_error(
                        "default",
                        format!(
                            "Parse error: \"{s}\" is not a valid base64 string. (Could not convert from `base64 encoded bytes` to `PrismaValue::Bytes`)"
                        ),
                        span,
                    );
                    ctx.defer_errors = None;
                    None
                }
            }
            (ScalarType::Bytes, _) => mismatch(ctx, "string"),
        },
    }
}

/// Standard base64 with padding (what Prisma's decoder accepts).
fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    s.len().is_multiple_of(4)
        && s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// Checks RFC 3339 text as Prisma's date parser does; the error says why it fails, in the
/// parser's words (`premature end of input`, `input contains invalid characters`, …).
fn rfc3339_error(s: &str) -> Option<&'static str> {
    const TOO_SHORT: &str = "premature end of input";
    const INVALID: &str = "input contains invalid characters";
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize, n: usize| -> Result<u32, &'static str> {
        if b.len() < *i + n {
            return Err(TOO_SHORT);
        }
        let part = &b[*i..*i + n];
        if !part.iter().all(u8::is_ascii_digit) {
            return Err(INVALID);
        }
        *i += n;
        Ok(part.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
    };
    let literal = |i: &mut usize, options: &[u8]| -> Result<(), &'static str> {
        match b.get(*i) {
            None => Err(TOO_SHORT),
            Some(c) if options.contains(c) => {
                *i += 1;
                Ok(())
            }
            Some(_) => Err(INVALID),
        }
    };
    let check = |i: &mut usize| -> Result<(), &'static str> {
        digits(i, 4)?;
        literal(i, b"-")?;
        let month = digits(i, 2)?;
        literal(i, b"-")?;
        let day = digits(i, 2)?;
        literal(i, b"Tt ")?;
        let hour = digits(i, 2)?;
        literal(i, b":")?;
        let minute = digits(i, 2)?;
        literal(i, b":")?;
        let second = digits(i, 2)?;
        if b.get(*i) == Some(&b'.') {
            *i += 1;
            let start = *i;
            while *i < b.len() && b[*i].is_ascii_digit() {
                *i += 1;
            }
            if *i == start {
                return Err(if *i == b.len() { TOO_SHORT } else { INVALID });
            }
        }
        match b.get(*i) {
            None => return Err(TOO_SHORT),
            Some(b'Z' | b'z') => *i += 1,
            Some(b'+' | b'-') => {
                *i += 1;
                digits(i, 2)?;
                literal(i, b":")?;
                digits(i, 2)?;
            }
            Some(_) => return Err(INVALID),
        }
        if *i != b.len() {
            return Err("trailing input");
        }
        if !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return Err("input is out of range");
        }
        Ok(())
    };
    check(&mut i).err()
}
