//! Skipping what the reader does not evaluate: statements no setting needs, types, the rest
//! of an unreadable expression; and the look-aheads that tell a function or type arguments.

use super::Parser;
use crate::lexer::Tok;

impl Parser<'_> {
    /// Skips one balanced group (`{…}`, `(…)`, `[…]`) or one token.
    pub(super) fn skip_balanced(&mut self) {
        let mut depth = 0i32;
        loop {
            match self.tok() {
                Tok::Eof => return,
                Tok::Punct("{" | "(" | "[") => depth += 1,
                Tok::Punct("}" | ")" | "]") => depth -= 1,
                _ => {}
            }
            self.advance();
            if depth <= 0 {
                return;
            }
        }
    }

    /// Skips a statement this reader does not need (a function, an `if`, a type alias…).
    pub(super) fn skip_statement(&mut self) {
        let mut depth = 0i32;
        let mut first = true;
        loop {
            let token = self.token();
            if matches!(token.tok, Tok::Eof) {
                return;
            }
            if depth == 0 && !first && token.newline_before {
                let prev = &self.tokens[self.i - 1].tok;
                let continues = matches!(prev, Tok::Punct(p) if !matches!(*p, "}" | ")" | "]"))
                    || matches!(token.tok, Tok::Punct(p) if !matches!(p, "{" | "(" | "["))
                    || matches!(&token.tok, Tok::Ident(n) if matches!(n.as_str(), "else" | "catch" | "finally"));
                if !continues {
                    return;
                }
            }
            first = false;
            match token.tok {
                Tok::Punct("{" | "(" | "[") => depth += 1,
                Tok::Punct("}" | ")" | "]") => depth -= 1,
                Tok::Punct(";") if depth == 0 => {
                    self.advance();
                    return;
                }
                _ => {}
            }
            self.advance();
            if depth < 0 {
                return;
            }
        }
    }

    /// Skips a type (after `:`, `as` or `satisfies`) up to a `,`, `)`, `}`, `]`, `;`, or
    /// (with `until_assign`) `=`, at depth 0.
    pub(super) fn skip_type(&mut self, until_assign: bool) {
        let mut depth = 0i32;
        loop {
            match self.tok() {
                Tok::Eof => return,
                Tok::Punct("{" | "(" | "[" | "<") => depth += 1,
                Tok::Punct("}" | ")" | "]" | ">") if depth > 0 => depth -= 1,
                Tok::Punct("=>") => {}
                Tok::Punct("," | ")" | "}" | "]" | ";" | ">") if depth == 0 => return,
                Tok::Punct("=") if depth == 0 && until_assign => return,
                _ if depth == 0 && self.token().newline_before && !until_assign => {
                    let prev = &self.tokens[self.i - 1].tok;
                    if !matches!(prev, Tok::Punct("|" | "&" | ".")) {
                        return;
                    }
                }
                _ => {}
            }
            self.advance();
        }
    }

    /// Skips the rest of an unreadable expression, up to a `,`, `)`, `}`, `]` or `;` at
    /// depth 0.
    pub(super) fn skip_expression(&mut self) {
        let mut depth = 0i32;
        loop {
            match self.tok() {
                Tok::Eof => return,
                Tok::Punct("{" | "(" | "[") => depth += 1,
                Tok::Punct("}" | ")" | "]") if depth == 0 => return,
                Tok::Punct("}" | ")" | "]") => depth -= 1,
                Tok::Punct("," | ";") if depth == 0 => return,
                _ => {}
            }
            self.advance();
        }
    }

    /// When `<…>(` starts here (type arguments of a call), the index of the `(`.
    pub(super) fn type_arguments_end(&self) -> Option<usize> {
        let mut depth = 0i32;
        let mut j = self.i;
        while let Some(token) = self.tokens.get(j) {
            match token.tok {
                Tok::Punct("<") => depth += 1,
                Tok::Punct(">") => {
                    depth -= 1;
                    if depth == 0 {
                        return matches!(
                            self.tokens.get(j + 1).map(|t| &t.tok),
                            Some(Tok::Punct("("))
                        )
                        .then_some(j + 1);
                    }
                }
                Tok::Punct(";" | "{" | "}" | ")") | Tok::Eof => return None,
                _ => {}
            }
            j += 1;
        }
        None
    }

    pub(super) fn parenthesis_is_arrow(&self) -> bool {
        let mut depth = 0i32;
        let mut j = self.i;
        while j < self.tokens.len() {
            match self.tokens[j].tok {
                Tok::Punct("(") => depth += 1,
                Tok::Punct(")") => {
                    depth -= 1;
                    if depth == 0 {
                        return matches!(
                            self.tokens.get(j + 1).map(|t| &t.tok),
                            Some(Tok::Punct("=>" | ":"))
                        );
                    }
                }
                Tok::Eof => return false,
                _ => {}
            }
            j += 1;
        }
        false
    }
}
