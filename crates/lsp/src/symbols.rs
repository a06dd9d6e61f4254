//! Names and where they are written: every declaration of and reference to a model, view,
//! enum, composite type or field, across the files of a schema. Go to definition, find
//! references, rename and hover all start here.

use diagnostics::{FileId, Span};
use schema_syntax::ast::{
    Argument, Attribute, Expression, Field, FieldType, Identifier, SchemaAst, Top,
};

use crate::world::Analysis;

/// A named thing of the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Symbol {
    /// A model, view, enum or composite type, by name.
    Type(String),
    /// A field of a model, view or composite type: (owner, field).
    Field(String, String),
    /// A value of an enum: (enum, value).
    EnumValue(String, String),
}

/// One place a symbol is written.
#[derive(Debug, Clone)]
pub(crate) struct Occurrence {
    /// What is named.
    pub(crate) symbol: Symbol,
    /// The name as written.
    pub(crate) span: Span,
    /// Whether this is the declaration.
    pub(crate) is_declaration: bool,
}

/// What kind of block declares a type name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeKind {
    /// `model`.
    Model,
    /// `view`.
    View,
    /// `enum`.
    Enum,
    /// `type` (composite type).
    Composite,
}

impl TypeKind {
    /// The keyword.
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            TypeKind::Model => "model",
            TypeKind::View => "view",
            TypeKind::Enum => "enum",
            TypeKind::Composite => "type",
        }
    }
}

/// Every declared type name of the schema with its kind, in file and source order.
pub(crate) fn declared_types(analysis: &Analysis) -> Vec<(&str, TypeKind, Span)> {
    let mut out = Vec::new();
    for ast in &analysis.asts {
        for top in &ast.tops {
            match top {
                Top::Model(m) => out.push((
                    m.name.name.as_str(),
                    if m.is_view {
                        TypeKind::View
                    } else {
                        TypeKind::Model
                    },
                    m.name.span,
                )),
                Top::Enum(e) => out.push((e.name.name.as_str(), TypeKind::Enum, e.name.span)),
                Top::CompositeType(c) => {
                    out.push((c.name.name.as_str(), TypeKind::Composite, c.name.span))
                }
                _ => {}
            }
        }
    }
    out
}

/// The kind of a declared type name.
pub(crate) fn type_kind(analysis: &Analysis, name: &str) -> Option<TypeKind> {
    declared_types(analysis)
        .into_iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, k, _)| k)
}

/// The fields of the model, view or composite type `owner`.
pub(crate) fn fields_of<'a>(analysis: &'a Analysis, owner: &str) -> Vec<&'a Field> {
    for ast in &analysis.asts {
        for top in &ast.tops {
            match top {
                Top::Model(m) if m.name.name == owner => return m.fields().collect(),
                Top::CompositeType(c) if c.name.name == owner => return c.fields().collect(),
                _ => {}
            }
        }
    }
    Vec::new()
}

/// Every occurrence of every symbol in one file.
pub(crate) fn occurrences(analysis: &Analysis, ast: &SchemaAst) -> Vec<Occurrence> {
    let mut types: Vec<&str> = declared_types(analysis)
        .into_iter()
        .map(|(n, _, _)| n)
        .collect();
    types.sort_unstable();
    let known = |name: &str| types.binary_search(&name).is_ok();
    let enums = enum_values(analysis);
    let mut out = Vec::new();
    let mut push = |symbol, span, is_declaration| {
        out.push(Occurrence {
            symbol,
            span,
            is_declaration,
        })
    };
    for top in &ast.tops {
        let (owner, fields, attributes): (&Identifier, Vec<&Field>, Vec<&Attribute>) = match top {
            Top::Model(m) => (&m.name, m.fields().collect(), m.attributes().collect()),
            Top::CompositeType(c) => (&c.name, c.fields().collect(), c.attributes().collect()),
            Top::Enum(e) => {
                push(Symbol::Type(e.name.name.clone()), e.name.span, true);
                for value in e.values() {
                    let symbol = Symbol::EnumValue(e.name.name.clone(), value.name.name.clone());
                    push(symbol, value.name.span, true);
                }
                continue;
            }
            _ => continue,
        };
        push(Symbol::Type(owner.name.clone()), owner.span, true);
        let field_of = |name: &str| Symbol::Field(owner.name.clone(), name.to_string());
        for field in &fields {
            push(field_of(&field.name.name), field.name.span, true);
            let related = match &field.field_type {
                FieldType::Named(id) if known(&id.name) => {
                    push(Symbol::Type(id.name.clone()), id.span, false);
                    Some(id.name.as_str())
                }
                _ => None,
            };
            let enum_of = |field: &Field| match &field.field_type {
                FieldType::Named(id) if enums.iter().any(|(e, _)| *e == id.name) => {
                    Some(id.name.clone())
                }
                _ => None,
            };
            for attribute in &field.attributes {
                if let (Some(e), "default") = (enum_of(field), attribute.name.name.as_str()) {
                    // `@default(VALUE)`, `@default([A, B])` on an enum (list) field.
                    let declared = enums.iter().find(|(n, _)| *n == e).map(|(_, v)| v);
                    if let (Some(argument), Some(declared)) =
                        (attribute.arguments.arguments.first(), declared)
                    {
                        for (value, span) in field_names(&argument.value) {
                            if declared.iter().any(|(v, _)| *v == value) {
                                push(Symbol::EnumValue(e.clone(), value), span, false);
                            }
                        }
                    }
                }
                if attribute.name.name == "unique" {
                    where_values(&attribute.arguments.arguments, &fields, &enums, &mut push);
                }
                if attribute.name.name != "relation" {
                    continue;
                }
                for argument in &attribute.arguments.arguments {
                    let target = match argument.name.as_ref().map(|n| n.name.as_str()) {
                        Some("fields") => Some(owner.name.as_str()),
                        Some("references") => related,
                        _ => None,
                    };
                    if let Some(target) = target {
                        for (name, span) in field_names(&argument.value) {
                            push(Symbol::Field(target.to_string(), name), span, false);
                        }
                    }
                }
            }
        }
        for attribute in attributes {
            if !matches!(
                attribute.name.name.as_str(),
                "id" | "unique" | "index" | "fulltext"
            ) {
                continue;
            }
            where_values(&attribute.arguments.arguments, &fields, &enums, &mut push);
            if let Some(argument) = fields_argument(&attribute.arguments.arguments) {
                for (name, span) in field_names(&argument.value) {
                    push(field_of(&name), span, false);
                }
            }
        }
    }
    out
}

/// Every enum with its values: (name, whether `@map` gives it another database name).
fn enum_values(analysis: &Analysis) -> Vec<(&str, Vec<(&str, bool)>)> {
    let mut out = Vec::new();
    for ast in &analysis.asts {
        for top in &ast.tops {
            if let Top::Enum(e) = top {
                let values = e
                    .values()
                    .map(|v| {
                        let mapped = v.attributes.iter().any(|a| a.name.name == "map");
                        (v.name.name.as_str(), mapped)
                    })
                    .collect();
                out.push((e.name.name.as_str(), values));
            }
        }
    }
    out
}

/// The enum values a partial index's `where: { role: "ADMIN", kind: { not: "X" } }` names.
/// The strings are database values: one names an enum value only when the value has no
/// `@map` (its database name is its name).
fn where_values(
    arguments: &[Argument],
    fields: &[&Field],
    enums: &[(&str, Vec<(&str, bool)>)],
    push: &mut impl FnMut(Symbol, Span, bool),
) {
    let Some(Expression::Object(members, _)) = arguments
        .iter()
        .find(|a| a.name.as_ref().is_some_and(|n| n.name == "where"))
        .map(|a| &a.value)
    else {
        return;
    };
    for member in members {
        let Some(FieldType::Named(ty)) = fields
            .iter()
            .find(|f| f.name.name == member.key.name)
            .map(|f| &f.field_type)
        else {
            continue;
        };
        let Some((name, values)) = enums.iter().find(|(e, _)| *e == ty.name) else {
            continue;
        };
        let mut strings = Vec::new();
        match &member.value {
            Expression::String(s, span) => strings.push((s, *span)),
            Expression::Object(inner, _) => {
                for m in inner {
                    match &m.value {
                        Expression::String(s, span) => strings.push((s, *span)),
                        Expression::Array(items, _) => {
                            for item in items {
                                if let Expression::String(s, span) = item {
                                    strings.push((s, *span));
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        for (s, span) in strings {
            // Only a plain literal (`"ADMIN"`, no escapes): the name is inside the quotes.
            if values.iter().any(|(v, mapped)| v == s && !mapped)
                && span.end - span.start == s.len() as u32 + 2
            {
                let inner = Span::new(span.file, span.start as usize + 1, span.end as usize - 1);
                push(Symbol::EnumValue(name.to_string(), s.clone()), inner, false);
            }
        }
    }
}

/// The `fields` argument of a block attribute: named, or the first positional one.
fn fields_argument(arguments: &[Argument]) -> Option<&Argument> {
    arguments
        .iter()
        .find(|a| a.name.as_ref().is_some_and(|n| n.name == "fields"))
        .or_else(|| arguments.iter().find(|a| a.name.is_none()))
}

/// The field names of a list `[a, b(sort: Desc)]` (or a single name), with the span of each
/// name.
fn field_names(value: &Expression) -> Vec<(String, Span)> {
    let one = |e: &Expression| match e {
        Expression::Constant(name, span) => Some((name.clone(), *span)),
        Expression::Function(name, _, span) => Some((
            name.clone(),
            Span::new(
                span.file,
                span.start as usize,
                span.start as usize + name.len(),
            ),
        )),
        _ => None,
    };
    match value {
        Expression::Array(items, _) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    }
}

/// Every occurrence in every file of the schema.
pub(crate) fn all_occurrences(analysis: &Analysis) -> Vec<Occurrence> {
    analysis
        .asts
        .iter()
        .flat_map(|ast| occurrences(analysis, ast))
        .collect()
}

/// The symbol whose name is written at `offset` of `file` (the cursor may be just after the
/// name).
pub(crate) fn symbol_at(analysis: &Analysis, file: FileId, offset: usize) -> Option<Occurrence> {
    let offset = offset as u32;
    occurrences(analysis, analysis.ast(file))
        .into_iter()
        .find(|o| o.span.start <= offset && offset <= o.span.end)
}

/// Every occurrence of `symbol`, declarations first.
pub(crate) fn references(analysis: &Analysis, symbol: &Symbol) -> Vec<Occurrence> {
    let mut found: Vec<Occurrence> = all_occurrences(analysis)
        .into_iter()
        .filter(|o| &o.symbol == symbol)
        .collect();
    found.sort_by_key(|o| (!o.is_declaration, o.span.file, o.span.start));
    found
}
