//! The statements and expressions of a `prisma.config.ts` that can be read without running it.
//! What cannot be read is kept as [`Expr::Unsupported`]: an error only if a setting needs it.

mod skip;

use crate::lexer::{TemplatePart, Tok, Token};
use crate::{ConfigError, Pos};

/// An expression.
#[derive(Debug, Clone)]
pub enum Expr {
    Str(String, Pos),
    Num(f64, Pos),
    Bool(bool, Pos),
    Null(Pos),
    Undefined(Pos),
    Ident(String, Pos),
    Member(Box<Expr>, String, Pos),
    Index(Box<Expr>, Box<Expr>, Pos),
    Call(Box<Expr>, Vec<Expr>, Pos),
    Object(Vec<(String, Expr)>, Pos),
    Array(Vec<Expr>, Pos),
    Template(Vec<TemplateExpr>, Pos),
    /// `??`, `||`, `&&`, `+`.
    Binary(&'static str, Box<Expr>, Box<Expr>, Pos),
    /// Something that needs Node.js to evaluate: its description.
    Unsupported(String, Pos),
}

/// A part of a template literal.
#[derive(Debug, Clone)]
pub enum TemplateExpr {
    Text(String),
    Expr(Expr),
}

impl Expr {
    /// Where the expression starts (for messages).
    pub fn pos(&self) -> Option<Pos> {
        match self {
            Expr::Ident(_, p)
            | Expr::Member(_, _, p)
            | Expr::Index(_, _, p)
            | Expr::Call(_, _, p)
            | Expr::Object(_, p)
            | Expr::Array(_, p)
            | Expr::Binary(_, _, _, p)
            | Expr::Unsupported(_, p)
            | Expr::Str(_, p)
            | Expr::Num(_, p)
            | Expr::Bool(_, p)
            | Expr::Null(p)
            | Expr::Undefined(p)
            | Expr::Template(_, p) => Some(*p),
        }
    }
}

/// An import: `local` names `imported` (`default`, `*` or a name) of `module`.
#[derive(Debug, Clone)]
pub struct Import {
    pub module: String,
    pub imported: String,
    pub local: String,
}

/// A top-level statement that matters.
#[derive(Debug, Clone)]
pub enum Statement {
    /// `import "module"`.
    SideEffectImport(String),
    /// `const name = value`.
    Const(String, Expr),
    /// `export default value`.
    ExportDefault(Expr, Pos),
    /// An expression statement (a call such as `dotenv.config()`).
    Expression(Expr),
}

/// The statements of the file, plus its imports.
#[derive(Debug, Default)]
pub struct Program {
    pub imports: Vec<Import>,
    pub statements: Vec<Statement>,
}

struct Parser<'a> {
    tokens: &'a [Token],
    i: usize,
    file: &'a std::path::Path,
    /// How deeply expressions nest here (bounded, so that no input overflows the stack).
    depth: usize,
}

/// The deepest nesting of expressions read (real configs nest a handful of levels).
const MAX_DEPTH: usize = 48;

/// Parses the tokens of a file.
pub fn parse(tokens: &[Token], file: &std::path::Path) -> Result<Program, ConfigError> {
    let mut p = Parser {
        tokens,
        i: 0,
        file,
        depth: 0,
    };
    let mut program = Program::default();
    while !p.at_eof() {
        p.statement(&mut program)?;
    }
    Ok(program)
}

impl<'a> Parser<'a> {
    fn tok(&self) -> &'a Tok {
        &self.tokens[self.i.min(self.tokens.len() - 1)].tok
    }

    fn token(&self) -> &'a Token {
        &self.tokens[self.i.min(self.tokens.len() - 1)]
    }

    fn nth(&self, n: usize) -> &'a Tok {
        &self.tokens[(self.i + n).min(self.tokens.len() - 1)].tok
    }

    fn pos(&self) -> Pos {
        self.token().pos
    }

    fn at_eof(&self) -> bool {
        matches!(self.tok(), Tok::Eof)
    }

    fn advance(&mut self) {
        if !self.at_eof() {
            self.i += 1;
        }
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(self.tok(), Tok::Punct(q) if *q == p)
    }

    fn is_ident(&self, name: &str) -> bool {
        matches!(self.tok(), Tok::Ident(n) if n == name)
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        let yes = self.is_punct(p);
        if yes {
            self.advance();
        }
        yes
    }

    fn expect_punct(&mut self, p: &str) -> Result<(), ConfigError> {
        if self.eat_punct(p) {
            Ok(())
        } else {
            Err(self.unexpected(&format!("`{p}`")))
        }
    }

    fn unexpected(&self, wanted: &str) -> ConfigError {
        let found = match self.tok() {
            Tok::Ident(n) => format!("`{n}`"),
            Tok::Str(_) => "a string".to_owned(),
            Tok::Template(_) => "a template literal".to_owned(),
            Tok::Num(_) => "a number".to_owned(),
            Tok::Punct(p) => format!("`{p}`"),
            Tok::Eof => "the end of the file".to_owned(),
        };
        ConfigError::at(
            self.file,
            self.pos(),
            format!("expected {wanted}, found {found}"),
        )
    }

    fn ident(&mut self) -> Result<String, ConfigError> {
        match self.tok() {
            Tok::Ident(n) => {
                let n = n.clone();
                self.advance();
                Ok(n)
            }
            _ => Err(self.unexpected("a name")),
        }
    }

    fn statement(&mut self, program: &mut Program) -> Result<(), ConfigError> {
        let pos = self.pos();
        if self.eat_punct(";") {
            return Ok(());
        }
        if self.is_ident("import") && !matches!(self.nth(1), Tok::Punct("." | "(")) {
            self.advance();
            return self.import(program);
        }
        if self.is_ident("export") {
            self.advance();
            if self.is_ident("default") {
                self.advance();
                let value = self.expression()?;
                self.end_statement();
                program
                    .statements
                    .push(Statement::ExportDefault(value, pos));
                return Ok(());
            }
            if !(self.is_ident("const") || self.is_ident("let") || self.is_ident("var")) {
                self.skip_statement();
                return Ok(());
            }
        }
        // CommonJS: `module.exports = value`.
        if self.is_ident("module")
            && matches!(self.nth(1), Tok::Punct("."))
            && matches!(self.nth(2), Tok::Ident(n) if n == "exports")
            && matches!(self.nth(3), Tok::Punct("="))
        {
            for _ in 0..4 {
                self.advance();
            }
            let value = self.expression()?;
            self.end_statement();
            program
                .statements
                .push(Statement::ExportDefault(value, pos));
            return Ok(());
        }
        // CommonJS: `const { a, b: c } = require("module")`.
        if (self.is_ident("const") || self.is_ident("let") || self.is_ident("var"))
            && matches!(self.nth(1), Tok::Punct("{"))
        {
            let start = self.i;
            self.advance();
            self.advance();
            let mut names = Vec::new();
            while let Tok::Ident(imported) = self.tok() {
                let imported = imported.clone();
                self.advance();
                let local = if self.eat_punct(":") {
                    self.ident()?
                } else {
                    imported.clone()
                };
                names.push((imported, local));
                if !self.eat_punct(",") {
                    break;
                }
            }
            if self.eat_punct("}")
                && self.eat_punct("=")
                && self.is_ident("require")
                && matches!(self.nth(1), Tok::Punct("("))
                && let Tok::Str(module) = self.nth(2)
                && matches!(self.nth(3), Tok::Punct(")"))
            {
                let module = module.clone();
                for _ in 0..4 {
                    self.advance();
                }
                self.end_statement();
                for (imported, local) in names {
                    program.imports.push(Import {
                        module: module.clone(),
                        imported,
                        local,
                    });
                }
                return Ok(());
            }
            self.i = start;
            self.skip_statement();
            return Ok(());
        }
        if (self.is_ident("const") || self.is_ident("let") || self.is_ident("var"))
            && matches!(self.nth(1), Tok::Ident(_))
        {
            self.advance();
            let name = self.ident()?;
            if self.eat_punct(":") {
                self.skip_type(true);
            }
            if !self.eat_punct("=") {
                self.skip_statement();
                return Ok(());
            }
            let value = self.expression()?;
            self.end_statement();
            program.statements.push(Statement::Const(name, value));
            return Ok(());
        }
        if matches!(self.tok(), Tok::Ident(_))
            && matches!(self.nth(1), Tok::Punct("(" | "."))
            && !matches!(
                self.tok(),
                Tok::Ident(k) if matches!(k.as_str(), "if" | "for" | "while" | "function" | "switch" | "return" | "throw")
            )
        {
            let start = self.i;
            let value = self.expression()?;
            if self.is_punct(";") || self.token().newline_before || self.at_eof() {
                self.end_statement();
                program.statements.push(Statement::Expression(value));
                return Ok(());
            }
            self.i = start;
        }
        self.skip_statement();
        Ok(())
    }

    fn end_statement(&mut self) {
        self.eat_punct(";");
    }

    fn import(&mut self, program: &mut Program) -> Result<(), ConfigError> {
        if let Tok::Str(module) = self.tok() {
            program
                .statements
                .push(Statement::SideEffectImport(module.clone()));
            self.advance();
            self.end_statement();
            return Ok(());
        }
        let type_only = self.is_ident("type")
            && (matches!(self.nth(1), Tok::Punct("{" | "*"))
                || matches!(self.nth(1), Tok::Ident(n) if n != "from"));
        if type_only {
            self.advance();
        }
        let mut names = Vec::new();
        loop {
            if self.eat_punct("*") {
                if !self.is_ident("as") {
                    return Err(self.unexpected("`as`"));
                }
                self.advance();
                names.push(("*".to_owned(), self.ident()?));
            } else if self.eat_punct("{") {
                while !self.eat_punct("}") {
                    let mut imported = match self.tok() {
                        Tok::Str(s) => {
                            let s = s.clone();
                            self.advance();
                            s
                        }
                        _ => self.ident()?,
                    };
                    let mut is_type = false;
                    if imported == "type" && matches!(self.tok(), Tok::Ident(_)) {
                        is_type = true;
                        imported = self.ident()?;
                    }
                    let local = if self.is_ident("as") {
                        self.advance();
                        self.ident()?
                    } else {
                        imported.clone()
                    };
                    if !is_type {
                        names.push((imported, local));
                    }
                    if !self.eat_punct(",") && !self.is_punct("}") {
                        return Err(self.unexpected("`,` or `}`"));
                    }
                }
            } else if matches!(self.tok(), Tok::Ident(n) if n != "from") {
                let local = self.ident()?;
                names.push(("default".to_owned(), local));
            }
            if !self.eat_punct(",") {
                break;
            }
        }
        if !self.is_ident("from") {
            return Err(self.unexpected("`from`"));
        }
        self.advance();
        let Tok::Str(module) = self.tok() else {
            return Err(self.unexpected("the module's name"));
        };
        let module = module.clone();
        self.advance();
        // Import attributes: `with { type: "json" }`.
        if self.is_ident("with") || self.is_ident("assert") {
            self.advance();
            self.skip_balanced();
        }
        self.end_statement();
        if !type_only {
            for (imported, local) in names {
                program.imports.push(Import {
                    module: module.clone(),
                    imported,
                    local,
                });
            }
        }
        Ok(())
    }

    fn unsupported(&mut self, what: String, pos: Pos) -> Expr {
        self.skip_expression();
        Expr::Unsupported(what, pos)
    }

    pub fn expression(&mut self) -> Result<Expr, ConfigError> {
        if self.depth >= MAX_DEPTH {
            return Err(ConfigError::at(
                self.file,
                self.pos(),
                format!("expressions nest more than {MAX_DEPTH} levels deep here"),
            ));
        }
        let saved = self.depth;
        self.depth += 1;
        let result = self.expression_inner();
        self.depth = saved;
        result
    }

    fn expression_inner(&mut self) -> Result<Expr, ConfigError> {
        let start_pos = self.pos();
        let mut expr = self.binary(0)?;
        loop {
            if self.is_punct("?") {
                return Ok(
                    self.unsupported("a conditional (`? :`) expression".to_owned(), start_pos)
                );
            }
            if self.is_ident("as") || self.is_ident("satisfies") {
                self.advance();
                self.skip_type(false);
                continue;
            }
            if matches!(self.tok(), Tok::Punct("=" | "+=" | "??=" | "||=")) {
                return Ok(self.unsupported("an assignment".to_owned(), start_pos));
            }
            break;
        }
        if let Expr::Unsupported(..) = expr {
            self.skip_expression();
        }
        if matches!(expr, Expr::Binary(..)) && self.is_punct("?") {
            expr = self.unsupported("a conditional expression".to_owned(), start_pos);
        }
        Ok(expr)
    }

    fn binary(&mut self, min: u8) -> Result<Expr, ConfigError> {
        let mut left = self.unary()?;
        loop {
            let (op, prec): (&'static str, u8) = match self.tok() {
                Tok::Punct("??") => ("??", 1),
                Tok::Punct("||") => ("||", 1),
                Tok::Punct("&&") => ("&&", 2),
                Tok::Punct("+") => ("+", 3),
                Tok::Punct(
                    p @ ("-" | "*" | "/" | "%" | "===" | "!==" | "==" | "!=" | "<" | ">" | "<="
                    | ">=" | "|" | "&" | "^"),
                ) => {
                    let pos = self.pos();
                    return Ok(self.unsupported(format!("the operator `{p}`"), pos));
                }
                Tok::Ident(k) if k == "instanceof" || k == "in" => {
                    let pos = self.pos();
                    return Ok(self.unsupported(format!("the operator `{k}`"), pos));
                }
                _ => return Ok(left),
            };
            if prec < min {
                return Ok(left);
            }
            let pos = self.pos();
            // Each operator deepens the tree the evaluator walks: bounded like nesting.
            self.depth += 1;
            if self.depth >= MAX_DEPTH {
                return Err(ConfigError::at(
                    self.file,
                    pos,
                    format!("more than {MAX_DEPTH} operators and nested expressions here"),
                ));
            }
            self.advance();
            let right = self.binary(prec + 1)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right), pos);
        }
    }

    fn unary(&mut self) -> Result<Expr, ConfigError> {
        let pos = self.pos();
        match self.tok() {
            Tok::Punct(p @ ("!" | "-" | "+" | "~" | "...")) => {
                let what = if *p == "..." {
                    "a spread (`...`)".to_owned()
                } else {
                    format!("the operator `{p}`")
                };
                Ok(self.unsupported(what, pos))
            }
            Tok::Ident(k)
                if matches!(
                    k.as_str(),
                    "await"
                        | "new"
                        | "typeof"
                        | "void"
                        | "delete"
                        | "function"
                        | "async"
                        | "class"
                        | "yield"
                ) =>
            {
                let what = match k.as_str() {
                    "function" | "async" => "a function".to_owned(),
                    other => format!("`{other}`"),
                };
                Ok(self.unsupported(what, pos))
            }
            _ => self.postfix(),
        }
    }

    fn postfix(&mut self) -> Result<Expr, ConfigError> {
        let mut expr = self.primary()?;
        if let Expr::Unsupported(..) = expr {
            return Ok(expr);
        }
        loop {
            let pos = self.pos();
            if self.eat_punct(".") || self.eat_punct("?.") {
                if self.is_punct("(") || self.is_punct("[") {
                    continue;
                }
                let name = self.ident()?;
                expr = Expr::Member(Box::new(expr), name, pos);
            } else if self.eat_punct("[") {
                let index = self.expression()?;
                self.expect_punct("]")?;
                expr = Expr::Index(Box::new(expr), Box::new(index), pos);
            } else if self.is_punct("(") {
                self.advance();
                let mut args = Vec::new();
                while !self.eat_punct(")") {
                    args.push(self.expression()?);
                    if !self.eat_punct(",") && !self.is_punct(")") {
                        return Err(self.unexpected("`,` or `)`"));
                    }
                }
                expr = Expr::Call(Box::new(expr), args, pos);
            } else if self.is_punct("!") && !self.token().newline_before {
                // TypeScript's non-null assertion.
                self.advance();
            } else if self.is_punct("<") {
                // Type arguments of a call (`env<Env>("X")`): skipped when a `(` follows them.
                match self.type_arguments_end() {
                    Some(end) => self.i = end,
                    None => return Ok(self.unsupported("the operator `<`".to_owned(), pos)),
                }
            } else if matches!(self.tok(), Tok::Template(_)) {
                return Ok(self.unsupported("a tagged template".to_owned(), pos));
            } else {
                return Ok(expr);
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, ConfigError> {
        let pos = self.pos();
        let expr = match self.tok().clone() {
            Tok::Str(s) => {
                self.advance();
                Expr::Str(s, pos)
            }
            Tok::Num(n) => {
                self.advance();
                Expr::Num(n, pos)
            }
            Tok::Template(parts) => {
                self.advance();
                let mut out = Vec::new();
                for part in parts {
                    match part {
                        TemplatePart::Text(t) => out.push(TemplateExpr::Text(t)),
                        TemplatePart::Expr(tokens) => {
                            let mut inner = Parser {
                                tokens: &tokens,
                                i: 0,
                                file: self.file,
                                depth: self.depth,
                            };
                            let e = inner.expression()?;
                            if !inner.at_eof() {
                                return Err(inner.unexpected("`}`"));
                            }
                            out.push(TemplateExpr::Expr(e));
                        }
                    }
                }
                Expr::Template(out, pos)
            }
            Tok::Ident(name) => {
                if matches!(self.nth(1), Tok::Punct("=>")) {
                    return Ok(self.unsupported("a function".to_owned(), pos));
                }
                self.advance();
                match name.as_str() {
                    "true" => Expr::Bool(true, pos),
                    "false" => Expr::Bool(false, pos),
                    "null" => Expr::Null(pos),
                    "undefined" => Expr::Undefined(pos),
                    _ => Expr::Ident(name, pos),
                }
            }
            Tok::Punct("(") => {
                if self.parenthesis_is_arrow() {
                    return Ok(self.unsupported("a function".to_owned(), pos));
                }
                self.advance();
                let e = self.expression()?;
                self.expect_punct(")")?;
                e
            }
            Tok::Punct("{") => {
                self.advance();
                let mut entries = Vec::new();
                while !self.eat_punct("}") {
                    let key_pos = self.pos();
                    if self.is_punct("...") {
                        self.advance();
                        let _ = self.expression()?;
                        entries.push((
                            "...".to_owned(),
                            Expr::Unsupported("a spread (`...`)".to_owned(), key_pos),
                        ));
                    } else {
                        let key = match self.tok().clone() {
                            Tok::Ident(k) | Tok::Str(k) => {
                                self.advance();
                                k
                            }
                            Tok::Num(n) => {
                                self.advance();
                                n.to_string()
                            }
                            Tok::Punct("[") => {
                                return Ok(self.unsupported_object(
                                    "a computed key (`[…]:`)",
                                    key_pos,
                                    pos,
                                ));
                            }
                            _ => return Err(self.unexpected("a property name")),
                        };
                        let value = if self.eat_punct(":") {
                            self.expression()?
                        } else if self.is_punct("(") || self.is_punct("<") {
                            // A method: `seed() { … }`.
                            self.skip_balanced();
                            if self.eat_punct(":") {
                                self.skip_type(false);
                            }
                            self.skip_balanced();
                            Expr::Unsupported("a method".to_owned(), key_pos)
                        } else {
                            Expr::Ident(key.clone(), key_pos)
                        };
                        entries.push((key, value));
                    }
                    if !self.eat_punct(",") && !self.is_punct("}") {
                        return Err(self.unexpected("`,` or `}`"));
                    }
                }
                Expr::Object(entries, pos)
            }
            Tok::Punct("[") => {
                self.advance();
                let mut items = Vec::new();
                while !self.eat_punct("]") {
                    items.push(self.expression()?);
                    if !self.eat_punct(",") && !self.is_punct("]") {
                        return Err(self.unexpected("`,` or `]`"));
                    }
                }
                Expr::Array(items, pos)
            }
            Tok::Punct(p) => {
                return Err(ConfigError::at(
                    self.file,
                    pos,
                    format!("expected a value, found `{p}`"),
                ));
            }
            Tok::Eof => return Err(self.unexpected("a value")),
        };
        Ok(expr)
    }

    fn unsupported_object(&mut self, what: &str, pos: Pos, object_pos: Pos) -> Expr {
        // Skip to the object's closing brace.
        let mut depth = 1i32;
        while !self.at_eof() && depth > 0 {
            match self.tok() {
                Tok::Punct("{" | "(" | "[") => depth += 1,
                Tok::Punct("}" | ")" | "]") => depth -= 1,
                _ => {}
            }
            self.advance();
        }
        let _ = object_pos;
        Expr::Unsupported(what.to_owned(), pos)
    }
}
