//! The concrete syntax tree: every token of a file, in order, with byte spans.
//!
//! The grammar is Prisma's own (a PEG with implicit whitespace between tokens; spaces and tabs
//! are whitespace, line breaks are not). Parsing is total: a line that matches nothing becomes
//! a catch-all node, so every input gives a tree. The formatter reads this tree (it needs every
//! token as written); the validator reads the [`crate::ast`] built from it.
//!
//! Parsing follows PEG semantics exactly (ordered choice, no backtracking into a choice that
//! succeeded), so inputs Prisma reads as a catch-all line are read the same way here.
//!
//! This module holds the tree ([`Node`], [`Kind`]), the entry points and the parser's
//! character-level rules; the grammar's rules are in `blocks` (the top level, blocks and
//! comments), `declarations` (fields, attributes, enum values) and `expressions`.

use std::cell::{Cell, RefCell};

mod blocks;
mod declarations;
mod expressions;

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
