//! Tokens of the JavaScript/TypeScript subset a `prisma.config.ts` is written in.

use crate::{ConfigError, Pos};

/// A token's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// An identifier or keyword.
    Ident(String),
    /// A string literal, unescaped.
    Str(String),
    /// A template literal: its text parts and the tokens of its `${…}` parts.
    Template(Vec<TemplatePart>),
    /// A number literal.
    Num(f64),
    /// Punctuation.
    Punct(&'static str),
    /// The end of the input.
    Eof,
}

/// A part of a template literal.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    /// Literal text, unescaped.
    Text(String),
    /// The tokens inside `${…}` (ending with `Eof`).
    Expr(Vec<Token>),
}

/// A token with where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
    /// A line break between the previous token and this one.
    pub newline_before: bool,
}

const PUNCT: &[&str] = &[
    "...", "===", "!==", "??=", "||=", "&&=", "=>", "??", "?.", "||", "&&", "==", "!=", "<=", ">=",
    "+=", "-=", "++", "--", "{", "}", "(", ")", "[", "]", ",", ":", ";", ".", "?", "=", "!", "+",
    "-", "*", "/", "<", ">", "|", "&", "@", "%", "^", "~", "#",
];

struct Lexer<'a> {
    /// How many template literals' `${` enclose the position (bounded: no stack overflow).
    depth: usize,
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    file: &'a std::path::Path,
}

/// Splits `source` into tokens (ending with `Eof`).
pub fn tokenize(source: &str, file: &std::path::Path) -> Result<Vec<Token>, ConfigError> {
    let mut lexer = Lexer {
        depth: 0,
        chars: source.chars().collect(),
        i: 0,
        line: 1,
        col: 1,
        file,
    };
    lexer.tokens(false)
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.i + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.i).copied()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.col,
        }
    }

    fn error(&self, pos: Pos, message: impl Into<String>) -> ConfigError {
        ConfigError::at(self.file, pos, message)
    }

    /// Tokens until the end, or (inside a template's `${`) until the matching `}`.
    fn tokens(&mut self, in_template: bool) -> Result<Vec<Token>, ConfigError> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        let mut newline_before = false;
        loop {
            // Whitespace and comments.
            loop {
                match (self.peek(0), self.peek(1)) {
                    (Some('\n'), _) => {
                        newline_before = true;
                        self.bump();
                    }
                    (Some(c), _) if c.is_whitespace() => {
                        self.bump();
                    }
                    (Some('/'), Some('/')) => {
                        while self.peek(0).is_some_and(|c| c != '\n') {
                            self.bump();
                        }
                    }
                    (Some('/'), Some('*')) => {
                        let start = self.pos();
                        self.bump();
                        self.bump();
                        loop {
                            match (self.peek(0), self.peek(1)) {
                                (Some('*'), Some('/')) => {
                                    self.bump();
                                    self.bump();
                                    break;
                                }
                                (Some('\n'), _) => {
                                    newline_before = true;
                                    self.bump();
                                }
                                (Some(_), _) => {
                                    self.bump();
                                }
                                (None, _) => {
                                    return Err(self.error(start, "unterminated comment"));
                                }
                            }
                        }
                    }
                    _ => break,
                }
            }
            let pos = self.pos();
            let Some(c) = self.peek(0) else {
                if in_template {
                    return Err(self.error(pos, "unterminated `${` in a template literal"));
                }
                out.push(Token {
                    tok: Tok::Eof,
                    pos,
                    newline_before,
                });
                return Ok(out);
            };
            let tok = if c == '"' || c == '\'' {
                self.bump();
                Tok::Str(self.string(c, pos)?)
            } else if c == '`' {
                self.bump();
                Tok::Template(self.template(pos)?)
            } else if c.is_ascii_digit() {
                let mut text = String::new();
                while let Some(d) = self
                    .peek(0)
                    .filter(|d| d.is_ascii_alphanumeric() || *d == '.')
                {
                    text.push(d);
                    self.bump();
                }
                Tok::Num(
                    text.replace('_', "")
                        .parse()
                        .map_err(|_| self.error(pos, format!("unsupported number `{text}`")))?,
                )
            } else if c.is_alphabetic() || c == '_' || c == '$' {
                let mut text = String::new();
                while let Some(d) = self
                    .peek(0)
                    .filter(|d| d.is_alphanumeric() || *d == '_' || *d == '$')
                {
                    text.push(d);
                    self.bump();
                }
                Tok::Ident(text)
            } else {
                let rest: String = self.chars[self.i..self.chars.len().min(self.i + 3)]
                    .iter()
                    .collect();
                let Some(p) = PUNCT.iter().find(|p| rest.starts_with(**p)) else {
                    return Err(self.error(pos, format!("unexpected character `{c}`")));
                };
                for _ in 0..p.chars().count() {
                    self.bump();
                }
                if in_template {
                    match *p {
                        "{" => depth += 1,
                        "}" if depth == 0 => {
                            out.push(Token {
                                tok: Tok::Eof,
                                pos,
                                newline_before,
                            });
                            return Ok(out);
                        }
                        "}" => depth -= 1,
                        _ => {}
                    }
                }
                Tok::Punct(p)
            };
            out.push(Token {
                tok,
                pos,
                newline_before,
            });
            newline_before = false;
        }
    }

    fn escape(&mut self, pos: Pos) -> Result<Option<char>, ConfigError> {
        let Some(c) = self.bump() else {
            return Err(self.error(
                pos,
                "unterminated string: end it with the quote it starts with",
            ));
        };
        Ok(Some(match c {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            '0' => '\0',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'v' => '\u{b}',
            '\n' => return Ok(None),
            'x' | 'u' => {
                let mut hex = String::new();
                if c == 'u' && self.peek(0) == Some('{') {
                    self.bump();
                    while let Some(h) = self.peek(0).filter(|h| *h != '}') {
                        hex.push(h);
                        self.bump();
                    }
                    self.bump();
                } else {
                    for _ in 0..if c == 'x' { 2 } else { 4 } {
                        if let Some(h) = self.bump() {
                            hex.push(h);
                        }
                    }
                }
                u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| self.error(pos, format!("invalid escape `\\{c}{hex}`")))?
            }
            other => other,
        }))
    }

    fn string(&mut self, quote: char, pos: Pos) -> Result<String, ConfigError> {
        let mut out = String::new();
        loop {
            match self.bump() {
                None | Some('\n') => {
                    return Err(self.error(
                        pos,
                        "unterminated string: end it with the quote it starts with",
                    ));
                }
                Some(c) if c == quote => return Ok(out),
                Some('\\') => out.extend(self.escape(pos)?),
                Some(c) => out.push(c),
            }
        }
    }

    fn template(&mut self, pos: Pos) -> Result<Vec<TemplatePart>, ConfigError> {
        let mut parts = Vec::new();
        let mut text = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error(pos, "unterminated template literal")),
                Some('`') => {
                    parts.push(TemplatePart::Text(text));
                    return Ok(parts);
                }
                Some('\\') => text.extend(self.escape(pos)?),
                Some('$') if self.peek(0) == Some('{') => {
                    self.bump();
                    parts.push(TemplatePart::Text(std::mem::take(&mut text)));
                    if self.depth >= 100 {
                        return Err(self.error(pos, "template literals nest too deeply"));
                    }
                    self.depth += 1;
                    let inner = self.tokens(true);
                    self.depth -= 1;
                    parts.push(TemplatePart::Expr(inner?));
                }
                Some(c) => text.push(c),
            }
        }
    }
}
