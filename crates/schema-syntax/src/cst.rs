//! The concrete syntax tree: every token of a file, in order, with byte spans.
//!
//! The grammar is Prisma's own (a PEG with implicit whitespace between tokens; spaces and tabs
//! are whitespace, line breaks are not). Parsing is total: a line that matches nothing becomes
//! a catch-all node, so every input gives a tree. The formatter reads this tree (it needs every
//! token as written); the validator reads the [`crate::ast`] built from it.
//!
//! Parsing follows PEG semantics exactly (ordered choice, no backtracking into a choice that
//! succeeded), so inputs Prisma reads as a catch-all line are read the same way here.

use std::cell::{Cell, RefCell};

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `model X { … }`, `type X { … }` or `view X { … }`.
    ModelDeclaration,
    /// `enum X { … }`.
    EnumDeclaration,
    /// `datasource X { … }` or `generator X { … }`.
    ConfigBlock,
    /// `type X = T @attrs`.
    TypeAlias,
    /// `name { … }` without a known keyword.
    ArbitraryBlock,
    /// Consecutive comment lines.
    CommentBlock,
    /// One or more blank lines.
    EmptyLines,
    /// A top-level line that matches nothing.
    CatchAll,
    /// A line inside a block that matches nothing.
    BlockLevelCatchAll,
    /// `model`, `type`, `view`, `enum`, `datasource`, `generator`.
    Keyword,
    /// A name.
    Identifier,
    /// `{` and the rest of its line.
    BlockOpen,
    /// `}`.
    BlockClose,
    /// A field line.
    FieldDeclaration,
    /// The legacy `:` between a field's name and type.
    LegacyColon,
    /// `T`.
    BaseType,
    /// `T?`.
    OptionalType,
    /// `T[]`.
    ListType,
    /// `T[]?`.
    UnsupportedOptionalListType,
    /// `T!`.
    LegacyRequiredType,
    /// `[T]`.
    LegacyListType,
    /// `Unsupported("…")`.
    UnsupportedType,
    /// `@name(args)`.
    FieldAttribute,
    /// `@@name(args)` (with its trailing comment as a child, if any).
    BlockAttribute,
    /// A dotted name.
    Path,
    /// `( … )`.
    ArgumentsList,
    /// `name: value`.
    NamedArgument,
    /// `name:` without a value.
    EmptyArgument,
    /// A trailing `,` in an argument list.
    TrailingComma,
    /// `name(args)`.
    FunctionCall,
    /// `[a, b]`.
    ArrayExpression,
    /// `{ key: value, … }` (Prisma 7.4's object literal, the `where:` of a partial index).
    ObjectExpression,
    /// `key: value` inside an object literal: an identifier, then the value.
    ObjectMember,
    /// A number.
    NumericLiteral,
    /// A string, quotes included.
    StringLiteral,
    /// A comment after a declaration on the same line; its child is the comment.
    TrailingComment,
    /// `// …`.
    Comment,
    /// `/// …`.
    DocComment,
    /// `/* … */`.
    MultiLineComment,
    /// `key = value` in a configuration block.
    KeyValue,
    /// An enum value line.
    EnumValueDeclaration,
    /// Where an expression nests deeper than [`MAX_NESTING`] levels (function calls and
    /// arrays inside each other): an empty node, a child of the catch-all line that holds it.
    /// The parser stops there instead of recursing further, so no input can exhaust the stack.
    NestingTooDeep,
}

/// How deeply expressions (function calls and arrays) may nest: `f(g([h()]))` is 4 levels.
/// Deeper input is read as an invalid line with a "nesting too deep" error, as rustc bounds
/// its recursion; real schemas nest 2 or 3 levels.
pub const MAX_NESTING: u32 = 128;

/// A node: its kind, byte range and children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// What it is.
    pub kind: Kind,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Child nodes in source order (only the meaningful ones; whitespace is not a node).
    pub children: Vec<Node>,
}

impl Node {
    fn new(kind: Kind, start: usize, end: usize, children: Vec<Node>) -> Node {
        Node {
            kind,
            start: start as u32,
            end: end as u32,
            children,
        }
    }

    /// The text the node covers.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start as usize..self.end as usize]
    }

    /// The first child of a kind.
    pub fn child(&self, kind: Kind) -> Option<&Node> {
        self.children.iter().find(|c| c.kind == kind)
    }

    /// For comments: the text after the `//`/`///` marker up to the end of the line.
    pub fn comment_content<'a>(&self, source: &'a str) -> &'a str {
        let text = self.text(source).trim_start_matches([' ', '\t']);
        match self.kind {
            Kind::DocComment => text.get(3..).unwrap_or(""),
            Kind::Comment => text.get(2..).unwrap_or(""),
            _ => text,
        }
    }
}

/// Parses a whole file into its top-level nodes. Never fails.
pub fn parse(source: &str) -> Vec<Node> {
    TopLevel::new(source).collect()
}

/// The top-level nodes of a file, parsed one at a time (so that a caller that handles each
/// node in turn never holds the whole tree).
pub struct TopLevel<'a> {
    peg: Peg<'a>,
    pos: usize,
}

impl<'a> TopLevel<'a> {
    /// Starts parsing `source`.
    pub fn new(source: &'a str) -> Self {
        let peg = Peg {
            s: source,
            b: source.as_bytes(),
            last_close: source.rfind('}'),
            depth: Cell::new(0),
            too_deep: RefCell::new(Vec::new()),
        };
        let pos = peg.skip(0);
        TopLevel { peg, pos }
    }
}

impl Iterator for TopLevel<'_> {
    type Item = Node;

    fn next(&mut self) -> Option<Node> {
        let (p, s) = (self.pos, &self.peg);
        if p >= s.len() {
            return None;
        }
        let mut out = Vec::with_capacity(1);
        let q = s
            .model_declaration(p, &mut out)
            .or_else(|| s.enum_declaration(p, &mut out))
            .or_else(|| s.config_block(p, &mut out))
            .or_else(|| s.type_alias(p, &mut out))
            .or_else(|| s.arbitrary_block(p, &mut out))
            .or_else(|| s.comment_block(p, &mut out))
            .or_else(|| s.empty_lines(p, &mut out))
            .or_else(|| s.catch_all(p, Kind::CatchAll, &mut out));
        match q {
            Some(q) if q > p => self.pos = s.skip(q),
            // Unreachable in practice (catch-all always advances); stop rather than loop.
            _ => self.pos = s.len(),
        }
        out.pop()
    }
}

struct Peg<'a> {
    s: &'a str,
    b: &'a [u8],
    /// Position of the last `}`: a block cannot close after it.
    last_close: Option<usize>,
    /// How many expressions are being parsed inside each other now.
    depth: Cell<u32>,
    /// Where an expression would have nested deeper than [`MAX_NESTING`], sorted, each once.
    too_deep: RefCell<Vec<usize>>,
}

type Out = Vec<Node>;

impl Peg<'_> {
    fn len(&self) -> usize {
        self.b.len()
    }

    /// Length of the whitespace character at `p` (space separators and tab), if any.
    fn whitespace_at(&self, p: usize) -> Option<usize> {
        match self.b.get(p)? {
            b' ' | b'\t' => Some(1),
            b if *b < 0x80 => None,
            _ => {
                let c = self.s[p..].chars().next()?;
                let is_space = matches!(
                    c,
                    '\u{00A0}' | '\u{1680}' | '\u{2000}'
                        ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
                );
                is_space.then(|| c.len_utf8())
            }
        }
    }

    fn skip(&self, mut p: usize) -> usize {
        while let Some(n) = self.whitespace_at(p) {
            p += n;
        }
        p
    }

    fn newline(&self, p: usize) -> Option<usize> {
        match self.b.get(p)? {
            b'\n' => Some(p + 1),
            b'\r' if self.b.get(p + 1) == Some(&b'\n') => Some(p + 2),
            b'\r' => Some(p + 1),
            _ => None,
        }
    }

    fn is_newline(&self, p: usize) -> bool {
        matches!(self.b.get(p), Some(b'\n' | b'\r'))
    }

    /// Length of the character at `p` (ANY).
    fn any(&self, p: usize) -> Option<usize> {
        let b = *self.b.get(p)?;
        if b < 0x80 {
            return Some(p + 1);
        }
        let c = self.s.get(p..)?.chars().next()?;
        Some(p + c.len_utf8())
    }

    fn lit(&self, p: usize, lit: &str) -> Option<usize> {
        self.b[p.min(self.len())..]
            .starts_with(lit.as_bytes())
            .then_some(p + lit.len())
    }

    /// The end of the line at `p` (before its line break).
    fn line_end(&self, mut p: usize) -> usize {
        while p < self.len() && !self.is_newline(p) {
            p += 1;
        }
        p
    }

    // ---- top level ----

    fn keyword(&self, p: usize, words: &[&str], out: &mut Out) -> Option<usize> {
        for w in words {
            if let Some(q) = self.lit(p, w) {
                out.push(Node::new(Kind::Keyword, p, q, Vec::new()));
                return Some(q);
            }
        }
        None
    }

    fn block<F>(
        &self,
        p: usize,
        words: &[&str],
        kind: Kind,
        out: &mut Out,
        item: F,
    ) -> Option<usize>
    where
        F: Fn(&Self, usize, &mut Out) -> Option<usize>,
    {
        // A block needs a closing brace somewhere after its keyword.
        if self.last_close.is_none_or(|c| c < p) {
            return None;
        }
        let mut children = Vec::new();
        let mut q = self.keyword(p, words, &mut children)?;
        q = self.skip(q);
        q = self.identifier(q, &mut children)?;
        q = self.skip(q);
        q = self.block_open(q, &mut children)?;
        loop {
            let r = self.skip(q);
            match item(self, r, &mut children) {
                Some(r2) if r2 > r => q = r2,
                _ => break,
            }
        }
        q = self.skip(q);
        let end = self.lit(q, "}")?;
        children.push(Node::new(Kind::BlockClose, q, end, Vec::new()));
        out.push(Node::new(kind, p, end, children));
        Some(end)
    }

    fn model_declaration(&self, p: usize, out: &mut Out) -> Option<usize> {
        self.block(
            p,
            &["model", "type", "view"],
            Kind::ModelDeclaration,
            out,
            |s, r, o| {
                s.field_declaration(r, o)
                    .or_else(|| s.block_attribute_line(r, o))
                    .or_else(|| s.comment_block(r, o))
                    .or_else(|| s.empty_lines(r, o))
                    .or_else(|| s.block_level_catch_all(r, o))
            },
        )
    }

    fn enum_declaration(&self, p: usize, out: &mut Out) -> Option<usize> {
        self.block(p, &["enum"], Kind::EnumDeclaration, out, |s, r, o| {
            s.enum_value_declaration(r, o)
                .or_else(|| s.block_attribute_line(r, o))
                .or_else(|| s.comment_block(r, o))
                .or_else(|| s.empty_lines(r, o))
                .or_else(|| s.block_level_catch_all(r, o))
        })
    }

    fn config_block(&self, p: usize, out: &mut Out) -> Option<usize> {
        self.block(
            p,
            &["datasource", "generator"],
            Kind::ConfigBlock,
            out,
            |s, r, o| {
                s.key_value(r, o)
                    .or_else(|| s.comment_block(r, o))
                    .or_else(|| s.empty_lines(r, o))
                    .or_else(|| s.block_level_catch_all(r, o))
            },
        )
    }

    fn type_alias(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut children = Vec::new();
        let mut q = self.keyword(p, &["type"], &mut children)?;
        q = self.skip(q);
        q = self.identifier(q, &mut children)?;
        q = self.skip(q);
        q = self.lit(q, "=")?;
        q = self.skip(q);
        q = self.base_type(q, &mut children)?;
        q = self.field_attributes(q, &mut children);
        out.push(Node::new(Kind::TypeAlias, p, q, children));
        Some(q)
    }

    fn arbitrary_block(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut children = Vec::new();
        let mut q = self.identifier(p, &mut children)?;
        q = self.skip(q);
        q = self.block_open(q, &mut children)?;
        // ((!BLOCK_CLOSE ~ ANY) | NEWLINE)* ~ BLOCK_CLOSE
        let close = self.s.get(q..)?.find('}')? + q;
        children.push(Node::new(Kind::BlockClose, close, close + 1, Vec::new()));
        out.push(Node::new(Kind::ArbitraryBlock, p, close + 1, children));
        Some(close + 1)
    }

    fn block_open(&self, p: usize, out: &mut Out) -> Option<usize> {
        let q = self.lit(p, "{")?;
        let e = self.line_end(q);
        let end = self.newline(e)?;
        out.push(Node::new(Kind::BlockOpen, p, end, Vec::new()));
        Some(end)
    }

    fn catch_all(&self, p: usize, kind: Kind, out: &mut Out) -> Option<usize> {
        let e = self.line_end(p);
        if e == p {
            return None;
        }
        let end = self.newline(e).unwrap_or(e);
        let too_deep = self.too_deep.borrow();
        let first = too_deep.partition_point(|&at| at < p);
        let children = too_deep[first..]
            .iter()
            .take_while(|&&at| at < e)
            .map(|&at| {
                let end = self.any(at).unwrap_or(at);
                Node::new(Kind::NestingTooDeep, at, end, Vec::new())
            })
            .collect();
        out.push(Node::new(kind, p, end, children));
        Some(end)
    }

    fn block_level_catch_all(&self, p: usize, out: &mut Out) -> Option<usize> {
        if self.b.get(p) == Some(&b'}') {
            return None;
        }
        self.catch_all(p, Kind::BlockLevelCatchAll, out)
    }

    fn empty_lines(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut q = p;
        let mut matched = false;
        loop {
            let r = self.skip(q);
            match self.newline(r) {
                Some(r2) => {
                    q = r2;
                    matched = true;
                }
                None => break,
            }
        }
        if !matched {
            return None;
        }
        out.push(Node::new(Kind::EmptyLines, p, q, Vec::new()));
        Some(q)
    }

    // ---- comments ----

    fn single_comment(&self, p: usize, out: &mut Out) -> Option<usize> {
        let q = self.skip(p);
        if let Some(r) = self.lit(q, "///") {
            let e = self.line_end(r);
            out.push(Node::new(Kind::DocComment, p, e, Vec::new()));
            return Some(e);
        }
        if let Some(r) = self.lit(q, "//") {
            let e = self.line_end(r);
            out.push(Node::new(Kind::Comment, p, e, Vec::new()));
            return Some(e);
        }
        if let Some(r) = self.lit(q, "/*") {
            let close = self.s.get(r..)?.find("*/")? + r + 2;
            out.push(Node::new(Kind::MultiLineComment, p, close, Vec::new()));
            return Some(close);
        }
        None
    }

    fn comment_block(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut children = Vec::new();
        let mut q = p;
        while let Some(r) = self.single_comment(q, &mut children) {
            q = self.newline(r).unwrap_or(r);
        }
        if children.is_empty() {
            return None;
        }
        out.push(Node::new(Kind::CommentBlock, p, q, children));
        Some(q)
    }

    fn trailing_comment(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut children = Vec::new();
        let q = self.single_comment(p, &mut children)?;
        out.push(Node::new(Kind::TrailingComment, p, q, children));
        Some(q)
    }

    // ---- declarations ----

    fn identifier(&self, p: usize, out: &mut Out) -> Option<usize> {
        let q = self.identifier_end(p)?;
        out.push(Node::new(Kind::Identifier, p, q, Vec::new()));
        Some(q)
    }

    /// identifier = @{ (LETTER | ASCII_DIGIT) ~ ("_" | "-" | LETTER | ASCII_DIGIT)* }
    fn identifier_end(&self, p: usize) -> Option<usize> {
        let mut q = self.letter_or_digit(p)?;
        loop {
            match self.b.get(q) {
                Some(b) if b.is_ascii_alphanumeric() => q += 1,
                Some(b'_' | b'-') => q += 1,
                Some(_) => match self.letter_or_digit(q) {
                    Some(r) => q = r,
                    None => return Some(q),
                },
                None => return Some(q),
            }
        }
    }

    fn letter_or_digit(&self, p: usize) -> Option<usize> {
        let b = *self.b.get(p)?;
        if b < 0x80 {
            return b.is_ascii_alphanumeric().then_some(p + 1);
        }
        let c = self.s.get(p..)?.chars().next()?;
        is_letter(c).then(|| p + c.len_utf8())
    }

    fn path(&self, p: usize, out: &mut Out) -> Option<usize> {
        let q = self.path_end(p)?;
        out.push(Node::new(Kind::Path, p, q, Vec::new()));
        Some(q)
    }

    /// path = @{ identifier ~ ("." ~ path?)* }
    ///
    /// A loop, not the rule's recursion (which reads the same text), so that a long chain of
    /// dots cannot exhaust the stack.
    fn path_end(&self, p: usize) -> Option<usize> {
        let mut q = self.identifier_end(p)?;
        while self.b.get(q) == Some(&b'.') {
            q += 1;
            if let Some(r) = self.identifier_end(q) {
                q = r;
            }
        }
        Some(q)
    }

    fn field_declaration(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut children = Vec::new();
        let mut q = self.identifier(p, &mut children)?;
        q = self.skip(q);
        if let Some(r) = self.lit(q, ":") {
            children.push(Node::new(Kind::LegacyColon, q, r, Vec::new()));
            q = r;
        }
        q = self.skip(q);
        if let Some(r) = self.field_type(q, &mut children) {
            q = r;
        }
        q = self.field_attributes(q, &mut children);
        q = self.skip(q);
        if let Some(r) = self.trailing_comment(q, &mut children) {
            q = r;
        }
        q = self.skip(q);
        let end = self.newline(q)?;
        out.push(Node::new(Kind::FieldDeclaration, p, q, children));
        Some(end)
    }

    /// field_attribute*, with the whitespace before each.
    fn field_attributes(&self, mut q: usize, out: &mut Out) -> usize {
        loop {
            let r = self.skip(q);
            match self.field_attribute(r, out) {
                Some(r2) => q = r2,
                None => return q,
            }
        }
    }

    fn field_type(&self, p: usize, out: &mut Out) -> Option<usize> {
        // Ordered choice of Prisma's grammar: `T[]?`, `T[]`, `T?`, `T!`, `[T]`, `T`. All but
        // `[T]` start with the base type, so it is read once.
        let mut inner = Vec::with_capacity(1);
        if let Some(q) = self.base_type(p, &mut inner) {
            let r = self.skip(q);
            let (kind, end) = if let Some(r2) = self.lit(r, "[]") {
                let r3 = self.skip(r2);
                match self.lit(r3, "?") {
                    Some(r4) => (Kind::UnsupportedOptionalListType, r4),
                    None => (Kind::ListType, r2),
                }
            } else if let Some(r2) = self.lit(r, "?") {
                (Kind::OptionalType, r2)
            } else if let Some(r2) = self.lit(r, "!") {
                (Kind::LegacyRequiredType, r2)
            } else {
                out.append(&mut inner);
                return Some(q);
            };
            out.push(Node::new(kind, p, end, inner));
            return Some(end);
        }
        let q = self.lit(p, "[")?;
        let q = self.skip(q);
        let r = self.base_type(q, &mut inner)?;
        let r = self.skip(r);
        let r2 = self.lit(r, "]")?;
        out.push(Node::new(Kind::LegacyListType, p, r2, inner));
        Some(r2)
    }

    fn base_type(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut inner = Vec::new();
        let q = self
            .unsupported_type(p, &mut inner)
            .or_else(|| self.identifier(p, &mut inner))?;
        out.push(Node::new(Kind::BaseType, p, q, inner));
        Some(q)
    }

    fn unsupported_type(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut inner = Vec::new();
        let q = self.lit(p, "Unsupported(")?;
        let q = self.skip(q);
        let q = self.string_literal(q, &mut inner)?;
        let q = self.skip(q);
        let q = self.lit(q, ")")?;
        out.push(Node::new(Kind::UnsupportedType, p, q, inner));
        Some(q)
    }

    fn field_attribute(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut inner = Vec::new();
        let q = self.lit(p, "@")?;
        let q = self.skip(q);
        let mut q = self.path(q, &mut inner)?;
        let r = self.skip(q);
        if let Some(r2) = self.arguments_list(r, &mut inner) {
            q = r2;
        }
        out.push(Node::new(Kind::FieldAttribute, p, q, inner));
        Some(q)
    }

    /// block_attribute ~ NEWLINE
    fn block_attribute_line(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut inner = Vec::new();
        let q = self.lit(p, "@@")?;
        let q = self.skip(q);
        let mut q = self.path(q, &mut inner)?;
        let r = self.skip(q);
        if let Some(r2) = self.arguments_list(r, &mut inner) {
            q = r2;
        }
        let r = self.skip(q);
        if let Some(r2) = self.trailing_comment(r, &mut inner) {
            q = r2;
        }
        let r = self.skip(q);
        let end = self.newline(r)?;
        out.push(Node::new(Kind::BlockAttribute, p, q, inner));
        Some(end)
    }

    fn enum_value_declaration(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut children = Vec::new();
        let mut q = self.identifier(p, &mut children)?;
        q = self.field_attributes(q, &mut children);
        let r = self.skip(q);
        if let Some(r2) = self.trailing_comment(r, &mut children) {
            q = r2;
        }
        let r = self.skip(q);
        let end = self.newline(r)?;
        out.push(Node::new(Kind::EnumValueDeclaration, p, q, children));
        Some(end)
    }

    fn key_value(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut children = Vec::new();
        let q = self.identifier(p, &mut children)?;
        let q = self.skip(q);
        let q = self.lit(q, "=")?;
        let q = self.skip(q);
        let mut q = self.expression(q, &mut children)?;
        let r = self.skip(q);
        if let Some(r2) = self.trailing_comment(r, &mut children) {
            q = r2;
        }
        let r = self.skip(q);
        let end = self.newline(r)?;
        out.push(Node::new(Kind::KeyValue, p, q, children));
        Some(end)
    }

    // ---- arguments and expressions ----

    fn arguments_list(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut inner = Vec::new();
        let mut q = self.lit(p, "(")?;
        let r = self.skip(q);
        if let Some(r2) = self.argument(r, &mut inner) {
            q = r2;
            loop {
                let r = self.skip(q);
                let Some(r) = self.lit(r, ",") else { break };
                let r = self.skip(r);
                match self.argument(r, &mut inner) {
                    Some(r2) => q = r2,
                    None => break,
                }
            }
        }
        let r = self.skip(q);
        if let Some(r2) = self.lit(r, ",") {
            inner.push(Node::new(Kind::TrailingComma, r, r2, Vec::new()));
            q = r2;
        }
        let r = self.skip(q);
        let end = self.lit(r, ")")?;
        out.push(Node::new(Kind::ArgumentsList, p, end, inner));
        Some(end)
    }

    fn argument(&self, p: usize, out: &mut Out) -> Option<usize> {
        // named_argument | empty_argument | expression
        if let Some(q) = self.identifier_end(p) {
            let r = self.skip(q);
            if let Some(r) = self.lit(r, ":") {
                let name = Node::new(Kind::Identifier, p, q, Vec::new());
                let s = self.skip(r);
                let mut inner = vec![name];
                if let Some(s2) = self.expression(s, &mut inner) {
                    out.push(Node::new(Kind::NamedArgument, p, s2, inner));
                    return Some(s2);
                }
                out.push(Node::new(Kind::EmptyArgument, p, r, inner));
                return Some(r);
            }
        }
        self.expression(p, out)
    }

    /// An expression; past [`MAX_NESTING`] levels it fails (and its position is recorded for
    /// the catch-all line that will hold it), so the recursion is bounded.
    fn expression(&self, p: usize, out: &mut Out) -> Option<usize> {
        let depth = self.depth.get();
        if depth >= MAX_NESTING {
            // A function call or an array would nest one level deeper: stop here. Anything
            // else is a leaf, read as usual.
            let nests = matches!(self.b.get(p), Some(b'[' | b'{'))
                || self
                    .path_end(p)
                    .is_some_and(|q| self.b.get(self.skip(q)) == Some(&b'('));
            if nests {
                let mut too_deep = self.too_deep.borrow_mut();
                if let Err(i) = too_deep.binary_search(&p) {
                    too_deep.insert(i, p);
                }
                return None;
            }
            return self
                .numeric_literal(p, out)
                .or_else(|| self.string_literal(p, out))
                .or_else(|| self.path(p, out));
        }
        self.depth.set(depth + 1);
        let q = self
            .function_call(p, out)
            .or_else(|| self.array_expression(p, out))
            .or_else(|| self.object_expression(p, out))
            .or_else(|| self.numeric_literal(p, out))
            .or_else(|| self.string_literal(p, out))
            .or_else(|| self.path(p, out));
        self.depth.set(depth);
        q
    }

    fn function_call(&self, p: usize, out: &mut Out) -> Option<usize> {
        let path_end = self.path_end(p)?;
        let q = self.skip(path_end);
        if self.b.get(q) != Some(&b'(') {
            return None;
        }
        let mut inner = vec![Node::new(Kind::Path, p, path_end, Vec::new())];
        let q = self.arguments_list(q, &mut inner)?;
        out.push(Node::new(Kind::FunctionCall, p, q, inner));
        Some(q)
    }

    fn array_expression(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut inner = Vec::new();
        let mut q = self.lit(p, "[")?;
        let r = self.skip(q);
        if let Some(r2) = self.expression(r, &mut inner) {
            q = r2;
            loop {
                let r = self.skip(q);
                let Some(r) = self.lit(r, ",") else { break };
                let r = self.skip(r);
                match self.expression(r, &mut inner) {
                    Some(r2) => q = r2,
                    None => break,
                }
            }
        }
        let r = self.skip(q);
        let end = self.lit(r, "]")?;
        out.push(Node::new(Kind::ArrayExpression, p, end, inner));
        Some(end)
    }

    /// `{}` or `{ key: value, … }` on one line: identifiers as keys, no trailing comma (as
    /// Prisma 7.4's grammar reads it).
    fn object_expression(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut inner = Vec::new();
        let mut q = self.lit(p, "{")?;
        let r = self.skip(q);
        if let Some(r2) = self.object_member(r, &mut inner) {
            q = r2;
            loop {
                let r = self.skip(q);
                let Some(r) = self.lit(r, ",") else { break };
                let r = self.skip(r);
                q = self.object_member(r, &mut inner)?;
            }
        }
        let r = self.skip(q);
        let end = self.lit(r, "}")?;
        out.push(Node::new(Kind::ObjectExpression, p, end, inner));
        Some(end)
    }

    fn object_member(&self, p: usize, out: &mut Out) -> Option<usize> {
        let q = self.identifier_end(p)?;
        let mut inner = vec![Node::new(Kind::Identifier, p, q, Vec::new())];
        let r = self.skip(q);
        let r = self.lit(r, ":")?;
        let r = self.skip(r);
        let end = self.expression(r, &mut inner)?;
        out.push(Node::new(Kind::ObjectMember, p, end, inner));
        Some(end)
    }

    fn numeric_literal(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut q = p;
        if self.b.get(q) == Some(&b'-') {
            q += 1;
        }
        let digits = |mut q: usize| {
            let start = q;
            while self.b.get(q).is_some_and(u8::is_ascii_digit) {
                q += 1;
            }
            (q > start).then_some(q)
        };
        q = digits(q)?;
        if self.b.get(q) == Some(&b'.')
            && let Some(r) = digits(q + 1)
        {
            q = r;
        }
        out.push(Node::new(Kind::NumericLiteral, p, q, Vec::new()));
        Some(q)
    }

    fn string_literal(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut q = self.lit(p, "\"")?;
        loop {
            let b = *self.b.get(q)?;
            match b {
                b'"' => break,
                b'\\' => q = self.any(q + 1)?,
                0..=0x1f => return None,
                _ => q = self.any(q)?,
            }
        }
        out.push(Node::new(Kind::StringLiteral, p, q + 1, Vec::new()));
        Some(q + 1)
    }
}

/// Unicode letters (general category L). `char::is_alphabetic` also accepts letter numbers
/// (category Nl), which Prisma's grammar does not.
fn is_letter(c: char) -> bool {
    c.is_alphabetic()
        && !matches!(
            c,
            '\u{16EE}'..='\u{16F0}'
                | '\u{2160}'..='\u{2188}'
                | '\u{3007}'
                | '\u{3021}'..='\u{3029}'
                | '\u{3038}'..='\u{303A}'
                | '\u{A6E6}'..='\u{A6EF}'
                | '\u{10140}'..='\u{10174}'
                | '\u{12400}'..='\u{1246E}'
        )
}
