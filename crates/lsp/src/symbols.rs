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
            for attribute in &field.attributes {
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
            if let Some(argument) = fields_argument(&attribute.arguments.arguments) {
                for (name, span) in field_names(&argument.value) {
                    push(field_of(&name), span, false);
                }
            }
        }
    }
    out
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
