//! From the concrete syntax tree to the [`ast`], reporting every syntax error on the way.

use diagnostics::{Diagnostics, FileId, Span};

use crate::ast::{
    Argument, ArgumentsList, Attribute, BlockItem, Comment, CompositeType, ConfigBlock,
    ConfigProperty, Documentation, Enum, EnumValue, Expression, Field, FieldArity, FieldType,
    Identifier, Model, ObjectMember, SchemaAst, Top, TypeAlias,
};
use crate::cst::{self, Kind, Node};

/// Parses one schema file. Never fails: the tree holds everything that could be read, and
/// every syntax error is in the diagnostics.
pub fn parse(file: FileId, text: &str) -> (SchemaAst, Diagnostics) {
    let mut builder = Builder {
        file,
        text,
        diagnostics: Diagnostics::new(),
    };
    let tops = builder.tops(cst::TopLevel::new(text));
    (SchemaAst { file, tops }, builder.diagnostics)
}

struct Builder<'a> {
    file: FileId,
    text: &'a str,
    diagnostics: Diagnostics,
}

const INVALID_TOP_LINE: &str =
    "This line is invalid. It does not start with any known Prisma schema keyword.";
const INVALID_BLOCK: &str = "This block is invalid. It does not start with any known Prisma schema keyword. Valid keywords include 'model', 'enum', 'type', 'datasource' and 'generator'.";
const INVALID_TYPE_ALIAS: &str =
    "Invalid type definition. Please check the documentation in https://pris.ly/d/composite-types";

impl<'a> Builder<'a> {
    fn span(&self, node: &Node) -> Span {
        Span::new(self.file, node.start as usize, node.end as usize)
    }

    fn str(&self, node: &Node) -> &'a str {
        node.text(self.text)
    }

    fn ident(&self, node: &Node) -> Identifier {
        Identifier {
            name: self.str(node).to_string(),
            span: self.span(node),
        }
    }

    fn comment(&self, node: &Node) -> Comment {
        let raw = self.str(node);
        let lead = raw.len() - raw.trim_start_matches([' ', '\t']).len();
        let start = node.start as usize + lead;
        let (text, is_doc) = match node.kind {
            Kind::DocComment => (node.comment_content(self.text).to_string(), true),
            Kind::Comment => (node.comment_content(self.text).to_string(), false),
            _ => {
                // Prisma (7.10) documents an item with a `/* … */` comment too: the text
                // between the markers, trimmed.
                let t = raw.trim_start_matches([' ', '\t']);
                let inner = t
                    .strip_prefix("/*")
                    .and_then(|t| t.strip_suffix("*/"))
                    .unwrap_or(t);
                (inner.trim().to_string(), true)
            }
        };
        Comment {
            text,
            is_doc,
            span: Span::new(self.file, start, node.end as usize),
        }
    }

    fn tops(&mut self, nodes: cst::TopLevel<'_>) -> Vec<Top> {
        let mut tops = Vec::new();
        // Prisma attaches a comment block to the block right after it (no blank line between);
        // only its `///` lines become documentation, and configuration blocks leave it pending.
        let mut pending_doc: Option<Documentation> = None;
        let mut nodes = nodes.peekable();
        while let Some(node) = nodes.next() {
            let node = &node;
            match node.kind {
                Kind::ModelDeclaration => {
                    let doc = pending_doc.take().unwrap_or_default();
                    tops.push(self.model(node, doc));
                }
                Kind::EnumDeclaration => {
                    let doc = pending_doc.take().unwrap_or_default();
                    tops.push(Top::Enum(self.enum_decl(node, doc)));
                }
                Kind::ConfigBlock => tops.push(self.config(node)),
                Kind::TypeAlias => {
                    self.diagnostics.error(INVALID_TYPE_ALIAS, self.span(node));
                    tops.push(Top::TypeAlias(self.type_alias(node)));
                }
                Kind::CommentBlock => {
                    let next = nodes.peek().map(|n| n.kind);
                    let attaches = matches!(
                        next,
                        Some(Kind::ModelDeclaration | Kind::EnumDeclaration | Kind::ConfigBlock)
                    );
                    let mut doc = Documentation::default();
                    for line in &node.children {
                        let comment = self.comment(line);
                        if attaches && comment.is_doc {
                            doc.lines.push(comment);
                        } else {
                            tops.push(Top::Comment(comment));
                        }
                    }
                    if next == Some(Kind::ConfigBlock) {
                        // Configuration blocks have no documentation: keep the lines as comments.
                        tops.extend(doc.lines.into_iter().map(Top::Comment));
                    } else if attaches {
                        pending_doc = Some(doc);
                    }
                }
                Kind::CatchAll => {
                    self.invalid_line(node, INVALID_TOP_LINE);
                    tops.push(Top::Error(self.span(node)));
                }
                Kind::ArbitraryBlock => {
                    self.diagnostics.error(INVALID_BLOCK, self.span(node));
                    tops.push(Top::Error(self.span(node)));
                }
                _ => {}
            }
        }
        tops
    }

    /// The error of a line that matches nothing: "nesting too deep" at each place where an
    /// expression nests past the limit (the reason the line could not be read), otherwise
    /// `message` for the whole line.
    fn invalid_line(&mut self, node: &Node, message: &str) {
        let mut too_deep = node
            .children
            .iter()
            .filter(|c| c.kind == Kind::NestingTooDeep)
            .peekable();
        if too_deep.peek().is_none() {
            self.diagnostics.error(message, self.span(node));
        }
        for at in too_deep {
            self.diagnostics.error(
                format!(
                    "Expression nesting too deep: function calls and arrays can be nested at most {} levels deep.",
                    cst::MAX_NESTING
                ),
                self.span(at),
            );
        }
    }

    fn block_name(&self, node: &Node) -> Identifier {
        match node.child(Kind::Identifier) {
            Some(id) => self.ident(id),
            None => Identifier {
                name: String::new(),
                span: self.span(node),
            },
        }
    }

    fn keyword(&self, node: &Node) -> &'a str {
        node.child(Kind::Keyword)
            .map(|k| k.text(self.text))
            .unwrap_or("")
    }

    fn model(&mut self, node: &Node, documentation: Documentation) -> Top {
        let keyword = self.keyword(node);
        let name = self.block_name(node);
        let container = match keyword {
            "view" => "view",
            "type" => "type",
            _ => "model",
        };
        let items = self.items(node, |b, child, doc| match child.kind {
            Kind::FieldDeclaration => Some(b.field(child, doc, container, &name.name)),
            _ => None,
        });
        let span = self.span(node);
        if keyword == "type" {
            Top::CompositeType(CompositeType {
                name,
                items,
                documentation,
                span,
            })
        } else {
            Top::Model(Model {
                name,
                is_view: keyword == "view",
                items,
                documentation,
                span,
            })
        }
    }

    fn enum_decl(&mut self, node: &Node, documentation: Documentation) -> Enum {
        let name = self.block_name(node);
        let items = self.items(node, |b, child, doc| match child.kind {
            Kind::EnumValueDeclaration => Some(b.enum_value(child, doc)),
            _ => None,
        });
        Enum {
            name,
            items,
            documentation,
            span: self.span(node),
        }
    }

    fn config(&mut self, node: &Node) -> Top {
        let keyword = self.keyword(node);
        let name = self.block_name(node);
        let items = self.items(node, |b, child, _doc| match child.kind {
            Kind::KeyValue => Some(b.property(child)),
            _ => None,
        });
        let block = ConfigBlock {
            name,
            items,
            documentation: Documentation::default(),
            span: self.span(node),
        };
        if keyword == "datasource" {
            Top::Datasource(block)
        } else {
            Top::Generator(block)
        }
    }

    /// The items of a block. `member` turns a member node into a block item (or an error item).
    fn items<F, M>(&mut self, node: &Node, member: F) -> Vec<BlockItem<M>>
    where
        F: Fn(&mut Self, &Node, Documentation) -> Option<BlockItem<M>>,
    {
        let keyword = self.keyword(node);
        let catch_all_message = match node.kind {
            Kind::EnumDeclaration => "This line is not an enum value definition.".to_string(),
            Kind::ConfigBlock => format!("This line is not a valid definition within a {keyword}."),
            _ => "This line is not a valid field or attribute definition.".to_string(),
        };
        let mut items = Vec::new();
        let mut pending_doc: Option<Documentation> = None;
        let mut seen_open = false;
        for child in &node.children {
            match child.kind {
                Kind::BlockOpen => seen_open = true,
                Kind::BlockAttribute => items.push(BlockItem::Attribute(self.attribute(child))),
                Kind::CommentBlock => {
                    let mut doc = Documentation::default();
                    for line in &child.children {
                        let comment = self.comment(line);
                        if comment.is_doc {
                            doc.lines.push(comment);
                        } else {
                            items.push(BlockItem::Comment(comment));
                        }
                    }
                    // The doc lines document the next member; a newer comment block replaces
                    // an older one (as in Prisma). Doc lines that end up documenting nothing
                    // are kept as comments.
                    if let Some(old) = pending_doc.replace(doc) {
                        items.extend(old.lines.into_iter().map(BlockItem::Comment));
                    }
                }
                Kind::EmptyLines => items.push(BlockItem::BlankLine),
                Kind::BlockLevelCatchAll => {
                    self.invalid_line(child, &catch_all_message);
                    items.push(BlockItem::Error(self.span(child)));
                }
                Kind::FieldDeclaration | Kind::EnumValueDeclaration | Kind::KeyValue
                    if seen_open =>
                {
                    let doc = pending_doc.take().unwrap_or_default();
                    if let Some(item) = member(self, child, doc) {
                        items.push(item);
                    }
                }
                _ => {}
            }
        }
        if let Some(old) = pending_doc {
            items.extend(old.lines.into_iter().map(BlockItem::Comment));
        }
        items
    }

    fn trailing(&self, node: &Node) -> Option<Comment> {
        let t = node.child(Kind::TrailingComment)?;
        t.children.first().map(|c| self.comment(c))
    }

    /// From the first child to the end of the last attribute (or type, or name).
    fn member_span(&self, node: &Node) -> Span {
        let end = node
            .children
            .iter()
            .rev()
            .find(|c| c.kind != Kind::TrailingComment)
            .map_or(node.end, |c| c.end);
        Span::new(self.file, node.start as usize, end as usize)
    }

    fn field(
        &mut self,
        node: &Node,
        documentation: Documentation,
        container: &str,
        block_name: &str,
    ) -> BlockItem<Field> {
        let span = self.member_span(node);
        let name = node.child(Kind::Identifier).map(|n| self.ident(n));
        if let Some(colon) = node.child(Kind::LegacyColon) {
            self.diagnostics
                .error("Field declarations don't require a `:`.", self.span(colon));
            return BlockItem::Error(span);
        }
        let type_node = node.children.iter().find(|c| {
            matches!(
                c.kind,
                Kind::BaseType
                    | Kind::OptionalType
                    | Kind::ListType
                    | Kind::UnsupportedOptionalListType
                    | Kind::LegacyRequiredType
                    | Kind::LegacyListType
            )
        });
        let (Some(name), Some(type_node)) = (name, type_node) else {
            self.diagnostics.error(
                format!(
                    "Error validating {container} \"{block_name}\": This field declaration is invalid. It is either missing a name or a type."
                ),
                self.span(node),
            );
            return BlockItem::Error(span);
        };
        let arity = match type_node.kind {
            Kind::BaseType => FieldArity::Required,
            Kind::OptionalType => FieldArity::Optional,
            Kind::ListType => FieldArity::List,
            Kind::LegacyRequiredType => {
                self.diagnostics.error(
                    "Fields are required by default, `!` is no longer required.",
                    self.span(type_node),
                );
                return BlockItem::Error(span);
            }
            Kind::LegacyListType => {
                self.diagnostics.error(
                    "To specify a list, please use `Type[]` instead of `[Type]`.",
                    self.span(type_node),
                );
                return BlockItem::Error(span);
            }
            _ => {
                self.diagnostics.error(
                    "Optional lists are not supported. Use either `Type[]` or `Type?`.",
                    self.span(type_node),
                );
                FieldArity::List
            }
        };
        let base = if type_node.kind == Kind::BaseType {
            type_node
        } else {
            match type_node.child(Kind::BaseType) {
                Some(b) => b,
                None => return BlockItem::Error(span),
            }
        };
        let field_type = self.base_type(base);
        let attributes = node
            .children
            .iter()
            .filter(|c| c.kind == Kind::FieldAttribute)
            .map(|c| self.attribute(c))
            .collect();
        let trailing_comment = self.trailing(node);
        BlockItem::Member(Field {
            name,
            field_type,
            arity,
            attributes,
            documentation: with_trailing_doc(documentation, &trailing_comment),
            trailing_comment,
            span,
        })
    }

    fn base_type(&mut self, base: &Node) -> FieldType {
        match base.children.first() {
            Some(u) if u.kind == Kind::UnsupportedType => {
                let type_name = match u.child(Kind::StringLiteral) {
                    Some(s) => self.string_value(s),
                    None => String::new(),
                };
                FieldType::Unsupported {
                    type_name,
                    span: self.span(u),
                }
            }
            Some(id) => FieldType::Named(self.ident(id)),
            None => FieldType::Named(self.ident(base)),
        }
    }

    fn type_alias(&mut self, node: &Node) -> TypeAlias {
        let name = self.block_name(node);
        let field_type = match node.child(Kind::BaseType) {
            Some(b) => self.base_type(b),
            None => FieldType::Named(name.clone()),
        };
        let attributes = node
            .children
            .iter()
            .filter(|c| c.kind == Kind::FieldAttribute)
            .map(|c| self.attribute(c))
            .collect();
        TypeAlias {
            name,
            field_type,
            attributes,
            span: self.span(node),
        }
    }

    fn enum_value(&mut self, node: &Node, documentation: Documentation) -> BlockItem<EnumValue> {
        let Some(name) = node.child(Kind::Identifier).map(|n| self.ident(n)) else {
            return BlockItem::Error(self.span(node));
        };
        let attributes = node
            .children
            .iter()
            .filter(|c| c.kind == Kind::FieldAttribute)
            .map(|c| self.attribute(c))
            .collect();
        let trailing_comment = self.trailing(node);
        BlockItem::Member(EnumValue {
            name,
            attributes,
            documentation: with_trailing_doc(documentation, &trailing_comment),
            trailing_comment,
            span: self.member_span(node),
        })
    }

    fn property(&mut self, node: &Node) -> BlockItem<ConfigProperty> {
        let Some(name) = node.child(Kind::Identifier).map(|n| self.ident(n)) else {
            return BlockItem::Error(self.span(node));
        };
        let value = node
            .children
            .iter()
            .skip(1)
            .find(|c| c.kind != Kind::TrailingComment)
            .map(|c| self.expression(c));
        BlockItem::Member(ConfigProperty {
            name,
            value,
            trailing_comment: self.trailing(node),
            span: self.member_span(node),
        })
    }

    fn attribute(&mut self, node: &Node) -> Attribute {
        let name = match node.child(Kind::Path) {
            Some(p) => self.ident(p),
            None => Identifier {
                name: String::new(),
                span: self.span(node),
            },
        };
        let arguments = match node.child(Kind::ArgumentsList) {
            Some(list) => self.arguments(list),
            None => ArgumentsList::default(),
        };
        let end = node
            .children
            .iter()
            .rev()
            .find(|c| c.kind != Kind::TrailingComment)
            .map_or(node.end, |c| c.end);
        Attribute {
            name,
            arguments,
            span: Span::new(self.file, node.start as usize, end as usize),
        }
    }

    fn arguments(&mut self, list: &Node) -> ArgumentsList {
        let mut out = ArgumentsList {
            span: Some(self.span(list)),
            ..ArgumentsList::default()
        };
        for arg in &list.children {
            match arg.kind {
                Kind::NamedArgument => {
                    let name = arg.children.first().map(|n| self.ident(n));
                    if let Some(value) = arg.children.get(1) {
                        let value = self.expression(value);
                        out.arguments.push(Argument {
                            name,
                            value,
                            span: self.span(arg),
                        });
                    }
                }
                Kind::EmptyArgument => {
                    if let Some(n) = arg.children.first() {
                        let id = self.ident(n);
                        out.empty_arguments.push(id);
                    }
                }
                Kind::TrailingComma => out.trailing_comma = Some(self.span(arg)),
                _ => {
                    let value = self.expression(arg);
                    out.arguments.push(Argument {
                        name: None,
                        value,
                        span: self.span(arg),
                    });
                }
            }
        }
        out
    }

    fn expression(&mut self, node: &Node) -> Expression {
        let span = self.span(node);
        match node.kind {
            Kind::NumericLiteral => Expression::Numeric(self.str(node).to_string(), span),
            Kind::StringLiteral => Expression::String(self.string_value(node), span),
            Kind::FunctionCall => {
                let name = node
                    .child(Kind::Path)
                    .map(|p| self.str(p).to_string())
                    .unwrap_or_default();
                let args = match node.child(Kind::ArgumentsList) {
                    Some(list) => self.arguments(list),
                    None => ArgumentsList::default(),
                };
                Expression::Function(name, args, span)
            }
            Kind::ArrayExpression => {
                let values = node.children.iter().map(|c| self.expression(c)).collect();
                Expression::Array(values, span)
            }
            Kind::ObjectExpression => {
                let members = node
                    .children
                    .iter()
                    .filter(|m| m.kind == Kind::ObjectMember)
                    .filter_map(|m| {
                        let key = m.children.first()?;
                        let value = m.children.get(1)?;
                        Some(ObjectMember {
                            key: Identifier {
                                name: self.str(key).to_string(),
                                span: self.span(key),
                            },
                            value: self.expression(value),
                        })
                    })
                    .collect();
                Expression::Object(members, span)
            }
            _ => Expression::Constant(self.str(node).to_string(), span),
        }
    }

    /// The value of a string literal (quotes included in `node`), escapes resolved as in JSON.
    fn string_value(&mut self, node: &Node) -> String {
        let raw = self.str(node);
        let inner = raw
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .unwrap_or(raw);
        let base = node.start as usize + 1;
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some((_, e)) = chars.next() else { break };
            match e {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                '/' => out.push('/'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                '0' => out.push('\0'),
                'u' => {
                    let code = read_hex4(&mut chars);
                    match code {
                        Some(hi @ 0xD800..=0xDBFF) => {
                            // A surrogate pair: `\uD83D\uDE00`.
                            let mut look = chars.clone();
                            let lo = match (look.next(), look.next()) {
                                (Some((_, '\\')), Some((_, 'u'))) => read_hex4(&mut look),
                                _ => None,
                            };
                            match lo {
                                Some(lo @ 0xDC00..=0xDFFF) => {
                                    chars = look;
                                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                    out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                                }
                                _ => out.push('\u{FFFD}'),
                            }
                        }
                        Some(c) => out.push(char::from_u32(c).unwrap_or('\u{FFFD}')),
                        None => self.diagnostics.error(
                            "Invalid unicode escape sequence. It must be `\\u` followed by four hexadecimal digits.",
                            Span::new(self.file, base + i, base + i + 2),
                        ),
                    }
                }
                other => self.diagnostics.error(
                    "Unknown escape sequence. If the value is a windows-style path, `\\` must be escaped as `\\\\`.",
                    Span::new(self.file, base + i, base + i + 1 + other.len_utf8()),
                ),
            }
        }
        out
    }
}

/// Prisma appends a trailing `///` comment to the documentation of its field or enum value.
fn with_trailing_doc(
    mut documentation: Documentation,
    trailing: &Option<Comment>,
) -> Documentation {
    if let Some(comment) = trailing.as_ref().filter(|c| c.is_doc) {
        documentation.lines.push(comment.clone());
    }
    documentation
}

fn read_hex4(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> Option<u32> {
    let mut value = 0u32;
    for _ in 0..4 {
        let (_, c) = chars.peek().copied()?;
        let d = c.to_digit(16)?;
        chars.next();
        value = value * 16 + d;
    }
    Some(value)
}
