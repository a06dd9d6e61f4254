//! A small Rust lexer: identifiers, punctuation and brackets with their line numbers; comments,
//! string and character literals dropped (so `"println!"` in a string or a comment is never
//! read as code). Enough for the token patterns the rules look for, with no dependency.

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or keyword (`match`, `Provider`; `r#type` is read as `type`).
    Ident(String),
    /// One punctuation character (`::` is two `:` tokens, `=>` is `=` then `>`).
    Punct(char),
    /// An opening bracket: `(`, `[` or `{`.
    Open(char),
    /// A closing bracket: `)`, `]` or `}`.
    Close(char),
    /// A literal (string, character, number), its text dropped.
    Literal,
}

/// A token and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: Kind,
    /// The 1-based line it starts on.
    pub line: usize,
}

impl Token {
    /// Whether the token is the identifier `name`.
    pub fn is_ident(&self, name: &str) -> bool {
        matches!(&self.kind, Kind::Ident(s) if s == name)
    }

    /// Whether the token is the punctuation character `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    /// The identifier's text, if the token is one.
    pub fn ident(&self) -> Option<&str> {
        match &self.kind {
            Kind::Ident(s) => Some(s),
            _ => None,
        }
    }
}

/// The tokens of `source`, in order, with `close[i]` the index of the bracket closing an opening
/// bracket at `i` (unbalanced brackets close at the end).
#[derive(Debug, Clone)]
pub struct Tokens {
    /// The tokens.
    pub tokens: Vec<Token>,
    /// For an opening bracket at `i`, the index of its closing bracket; otherwise `i`.
    pub close: Vec<usize>,
}

/// Lexes `source` (never fails: anything unexpected is skipped).
pub fn lex(source: &str) -> Tokens {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let n = chars.len();
    let at = |j: usize| chars.get(j).copied().unwrap_or('\0');
    while i < n {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < n && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < n {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if let Some((len, raw, hashes)) = string_prefix(&chars, i) {
            let start = line;
            i = skip_string(&chars, i + len, raw, hashes, &mut line);
            tokens.push(Token {
                kind: Kind::Literal,
                line: start,
            });
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{1F600}') or a lifetime / label ('a).
            if at(i + 1) == '\\' {
                i += 3; // the quote, the backslash and the escaped character
                while i < n && chars[i] != '\'' && chars[i] != '\n' {
                    i += 1;
                }
                i += 1;
                tokens.push(Token {
                    kind: Kind::Literal,
                    line,
                });
            } else if at(i + 2) == '\'' {
                i += 3;
                tokens.push(Token {
                    kind: Kind::Literal,
                    line,
                });
            } else {
                i += 1;
                while i < n && is_ident_char(chars[i]) {
                    i += 1;
                }
                tokens.push(Token {
                    kind: Kind::Literal,
                    line,
                });
            }
        } else if c.is_ascii_digit() {
            while i < n
                && (is_ident_char(chars[i]) || (chars[i] == '.' && at(i + 1).is_ascii_digit()))
            {
                i += 1;
            }
            tokens.push(Token {
                kind: Kind::Literal,
                line,
            });
        } else if is_ident_start(c) {
            if c == 'r' && at(i + 1) == '#' && is_ident_start(at(i + 2)) {
                i += 2;
            }
            let start = i;
            while i < n && is_ident_char(chars[i]) {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            tokens.push(Token {
                kind: Kind::Ident(text),
                line,
            });
        } else {
            let kind = match c {
                '(' | '[' | '{' => Kind::Open(c),
                ')' | ']' | '}' => Kind::Close(c),
                _ => Kind::Punct(c),
            };
            tokens.push(Token { kind, line });
            i += 1;
        }
    }
    let close = match_brackets(&tokens);
    Tokens { tokens, close }
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// If a string literal starts at `i` (a token's start): the length of its prefix up to and
/// including the opening quote (`"`, `b"`, `c"`, `r"`, `r#"`, `br##"`, …), whether it is raw and
/// how many `#` close it.
fn string_prefix(chars: &[char], i: usize) -> Option<(usize, bool, usize)> {
    let at = |j: usize| chars.get(j).copied().unwrap_or('\0');
    let mut j = i;
    if at(j) == 'b' || at(j) == 'c' {
        j += 1;
    }
    let raw = at(j) == 'r';
    let mut hashes = 0;
    if raw {
        j += 1;
        while at(j) == '#' {
            j += 1;
            hashes += 1;
        }
    }
    (at(j) == '"').then_some((j + 1 - i, raw, hashes))
}

/// Skips a string literal's body from just after its opening quote; returns the index after it.
fn skip_string(chars: &[char], mut i: usize, raw: bool, hashes: usize, line: &mut usize) -> usize {
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            *line += 1;
        }
        if !raw && c == '\\' {
            if chars.get(i + 1) == Some(&'\n') {
                *line += 1;
            }
            i += 2;
            continue;
        }
        if c == '"' && (0..hashes).all(|h| chars.get(i + 1 + h) == Some(&'#')) {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

fn match_brackets(tokens: &[Token]) -> Vec<usize> {
    let mut close: Vec<usize> = (0..tokens.len()).collect();
    let mut stack = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            Kind::Open(_) => stack.push(i),
            Kind::Close(_) => {
                if let Some(open) = stack.pop() {
                    close[open] = i;
                }
            }
            _ => {}
        }
    }
    for open in stack {
        close[open] = tokens.len().saturating_sub(1);
    }
    close
}

#[cfg(test)]
mod tidy_lexer {
    use super::*;

    fn idents(source: &str) -> Vec<String> {
        lex(source)
            .tokens
            .iter()
            .filter_map(|t| t.ident().map(str::to_owned))
            .collect()
    }

    #[test]
    fn drops_comments_strings_and_chars() {
        let source =
            "a // println!\n/* b /* nested */ c */ d \"e \\\" f\" r#\"g\"h\"# 'i' '\\n' '\\'' x";
        assert_eq!(idents(source), ["a", "d", "x"]);
    }

    #[test]
    fn counts_lines_through_literals() {
        let tokens = lex("a\n\"b\nc\"\n/*\n*/ d").tokens;
        assert_eq!(tokens.last().map(|t| t.line), Some(5));
    }

    #[test]
    fn lifetimes_are_not_chars() {
        assert_eq!(
            idents("fn f<'a>(x: &'a str) -> u8 { b }"),
            ["fn", "f", "x", "str", "u8", "b"]
        );
    }
}
