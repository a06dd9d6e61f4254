//! The syntax tree of one schema file.
//!
//! API boundary: the validator (`schema` crate) reads the semantic parts (blocks, fields,
//! attributes, arguments, expressions, doc comments, spans); the formatter (`schema-format`)
//! additionally reads the trivia (`//` comments, blank lines, unparsable lines) kept in
//! [`BlockItem`] and [`Top`]. Every node carries the [`Span`] of its source text.

use diagnostics::{FileId, Span};

/// One parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaAst {
    /// The file this tree was parsed from.
    pub file: FileId,
    /// Top-level items in source order, comments included.
    pub tops: Vec<Top>,
}

/// A name as written, with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    /// The name (for attributes: without the `@`/`@@`, e.g. `db.VarChar`).
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// A comment: `//` (kept by the formatter), or `///` or `/* … */` (documentation of the next
/// item, as Prisma reads them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The comment's text after the `//` or `///` marker, as written (not trimmed); for
    /// `/* … */`, the text between the markers, trimmed.
    pub text: String,
    /// Whether it documents an item: a `///` or a `/* … */` comment.
    pub is_doc: bool,
    /// The whole comment, marker included, without the line break.
    pub span: Span,
}

/// A top-level item.
#[derive(Debug, Clone, PartialEq)]
pub enum Top {
    /// `model X { … }` or `view X { … }`.
    Model(Model),
    /// `enum X { … }`.
    Enum(Enum),
    /// `type X { … }` (composite type).
    CompositeType(CompositeType),
    /// `type X = T @attrs` (type alias; parsed so it can be rejected with a clear error).
    TypeAlias(TypeAlias),
    /// `datasource X { … }`.
    Datasource(ConfigBlock),
    /// `generator X { … }`.
    Generator(ConfigBlock),
    /// A `//` or `///` comment line that is not attached to a following item.
    Comment(Comment),
    /// A run of text that could not be parsed (already reported as an error).
    Error(Span),
}

/// Documentation from the `///` (and `/* … */`) comments directly above an item, joined
/// with `\n`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Documentation {
    /// The documenting comments, in order.
    pub lines: Vec<Comment>,
}

impl Documentation {
    /// The documentation text as Prisma exposes it: one entry per comment joined with `\n`,
    /// each without its marker and without leading whitespace (Prisma trims the start of a
    /// `///` line's text, so `///   indented` documents `indented`; a `/* … */` comment
    /// keeps its inner lines, trimmed at both ends as a whole).
    pub fn text(&self) -> Option<String> {
        if self.lines.is_empty() {
            return None;
        }
        let lines: Vec<&str> = self.lines.iter().map(|c| c.text.trim_start()).collect();
        Some(lines.join("\n"))
    }
}

/// One entry inside a block, in source order. Fields, attributes and values are the
/// semantic content; the other variants are trivia for the formatter.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockItem<F> {
    /// A field (models, views, composite types), enum value, or configuration property.
    Member(F),
    /// A block attribute `@@name(…)`.
    Attribute(Attribute),
    /// A comment on a line of its own.
    Comment(Comment),
    /// One or more blank lines (the formatter collapses or drops them).
    BlankLine,
    /// A line that could not be parsed (already reported as an error), kept verbatim.
    Error(Span),
}

/// `model` or `view`.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The model's name.
    pub name: Identifier,
    /// `view X { … }` rather than `model X { … }`.
    pub is_view: bool,
    /// Fields, block attributes and trivia, in source order.
    pub items: Vec<BlockItem<Field>>,
    /// `///` lines above the block.
    pub documentation: Documentation,
    /// The whole block, keyword to closing brace.
    pub span: Span,
}

/// `type X { … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct CompositeType {
    /// The type's name.
    pub name: Identifier,
    /// Fields, block attributes and trivia, in source order.
    pub items: Vec<BlockItem<Field>>,
    /// `///` lines above the block.
    pub documentation: Documentation,
    /// The whole block.
    pub span: Span,
}

/// `type X = T @attrs`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeAlias {
    /// The alias's name.
    pub name: Identifier,
    /// The aliased type.
    pub field_type: FieldType,
    /// Attributes after the type.
    pub attributes: Vec<Attribute>,
    /// The whole line.
    pub span: Span,
}

/// A field of a model, view or composite type.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The field's name.
    pub name: Identifier,
    /// Its type, as written.
    pub field_type: FieldType,
    /// `T`, `T?` or `T[]` (`T[]?` and `T?[]` are reported and read as lists).
    pub arity: FieldArity,
    /// Field attributes `@name(…)` in source order.
    pub attributes: Vec<Attribute>,
    /// `///` lines above the field, then a trailing `///` comment (as Prisma joins them).
    pub documentation: Documentation,
    /// A `//` or `///` comment after the field on the same line.
    pub trailing_comment: Option<Comment>,
    /// The field from its name to the end of its last attribute (trailing comment excluded).
    pub span: Span,
}

/// A field's type as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    /// A scalar type, model, enum, composite type or alias name.
    Named(Identifier),
    /// `Unsupported("…")` with the database type string (unescaped).
    Unsupported {
        /// The type string.
        type_name: String,
        /// The whole `Unsupported("…")`.
        span: Span,
    },
}

impl FieldType {
    /// Where the type is written.
    pub fn span(&self) -> Span {
        match self {
            FieldType::Named(id) => id.span,
            FieldType::Unsupported { span, .. } => *span,
        }
    }
}

/// Required, optional or list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldArity {
    /// `T`
    Required,
    /// `T?`
    Optional,
    /// `T[]`
    List,
}

/// A field attribute `@name(args)` or block attribute `@@name(args)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// The name without `@`/`@@`; namespaced names keep their dot (`db.VarChar`).
    pub name: Identifier,
    /// The arguments; empty when there are no parentheses.
    pub arguments: ArgumentsList,
    /// The whole attribute, `@` or `@@` included.
    pub span: Span,
}

/// The parenthesised arguments of an attribute or function call.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArgumentsList {
    /// Arguments in source order.
    pub arguments: Vec<Argument>,
    /// Named arguments written without a value (`name:`), kept for error messages.
    pub empty_arguments: Vec<Identifier>,
    /// A trailing comma after the last argument, if any.
    pub trailing_comma: Option<Span>,
    /// The parentheses and what is between them; `None` when there are no parentheses.
    pub span: Option<Span>,
}

/// One argument: positional (`x`) or named (`name: x`).
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    /// The name, for named arguments.
    pub name: Option<Identifier>,
    /// The value.
    pub value: Expression,
    /// The whole argument.
    pub span: Span,
}

/// A value in an attribute argument or configuration property.
#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    /// A number literal as written (`1`, `-2.5`).
    Numeric(String, Span),
    /// A string literal: the unescaped value (the source text, escapes included, is at the span).
    String(String, Span),
    /// A bare identifier or keyword: `true`, `Cascade`, an enum value, a field name, `db.x`.
    Constant(String, Span),
    /// A function call `name(args)`.
    Function(String, ArgumentsList, Span),
    /// `[a, b, …]`.
    Array(Vec<Expression>, Span),
    /// `{ key: value, … }` (the object form of a partial index's `where:`, Prisma 7.4).
    Object(Vec<ObjectMember>, Span),
}

/// `key: value` in an object literal.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectMember {
    /// The key.
    pub key: Identifier,
    /// The value.
    pub value: Expression,
}

impl Expression {
    /// Where the expression is written.
    pub fn span(&self) -> Span {
        match self {
            Expression::Numeric(_, s)
            | Expression::String(_, s)
            | Expression::Constant(_, s)
            | Expression::Function(_, _, s)
            | Expression::Array(_, s)
            | Expression::Object(_, s) => *s,
        }
    }
}

/// `enum X { … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The enum's name.
    pub name: Identifier,
    /// Values, block attributes and trivia.
    pub items: Vec<BlockItem<EnumValue>>,
    /// `///` lines above the block.
    pub documentation: Documentation,
    /// The whole block.
    pub span: Span,
}

/// One value of an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The value's name.
    pub name: Identifier,
    /// Attributes (`@map`).
    pub attributes: Vec<Attribute>,
    /// `///` lines above it, then a trailing `///` comment (as Prisma joins them).
    pub documentation: Documentation,
    /// A comment after it on the same line.
    pub trailing_comment: Option<Comment>,
    /// The value and its attributes.
    pub span: Span,
}

/// A `datasource` or `generator` block.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigBlock {
    /// The block's name (`db`, `client`).
    pub name: Identifier,
    /// Properties and trivia.
    pub items: Vec<BlockItem<ConfigProperty>>,
    /// `///` lines above the block.
    pub documentation: Documentation,
    /// The whole block.
    pub span: Span,
}

/// `key = value` inside a configuration block.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigProperty {
    /// The key.
    pub name: Identifier,
    /// The value; `None` when the line has no `= value` (reported as an error).
    pub value: Option<Expression>,
    /// A comment after it on the same line.
    pub trailing_comment: Option<Comment>,
    /// The whole property.
    pub span: Span,
}

impl Model {
    /// The fields, in source order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        members(&self.items)
    }
    /// The block attributes, in source order.
    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        block_attributes(&self.items)
    }
}

impl CompositeType {
    /// The fields, in source order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        members(&self.items)
    }
    /// The block attributes, in source order.
    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        block_attributes(&self.items)
    }
}

impl Enum {
    /// The values, in source order.
    pub fn values(&self) -> impl Iterator<Item = &EnumValue> {
        members(&self.items)
    }
    /// The block attributes, in source order.
    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        block_attributes(&self.items)
    }
}

impl ConfigBlock {
    /// The properties, in source order.
    pub fn properties(&self) -> impl Iterator<Item = &ConfigProperty> {
        members(&self.items)
    }
}

fn members<F>(items: &[BlockItem<F>]) -> impl Iterator<Item = &F> {
    items.iter().filter_map(|item| match item {
        BlockItem::Member(m) => Some(m),
        _ => None,
    })
}

fn block_attributes<F>(items: &[BlockItem<F>]) -> impl Iterator<Item = &Attribute> {
    items.iter().filter_map(|item| match item {
        BlockItem::Attribute(a) => Some(a),
        _ => None,
    })
}
