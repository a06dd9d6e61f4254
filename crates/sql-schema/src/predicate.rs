//! Comparing the predicates of partial indexes (`CREATE INDEX … WHERE predicate`).
//!
//! A predicate comes back from the database in the server's own spelling, not as written:
//! PostgreSQL's `pg_get_expr` puts every comparison in parentheses, writes `!=` as `<>`, `LIKE`
//! as `~~` and `IN (…)` as `= ANY (ARRAY[…])`, and casts literals (`'active'::text`,
//! `(0)::numeric`, `(status)::text` for a `varchar` column); SQLite keeps the text as written.
//! Both sides are parsed into an expression tree and printed in one canonical form: redundant
//! parentheses, literal casts and implicit text casts dropped, `!=`/`LIKE`/`IN`/`BETWEEN`
//! spelt as PostgreSQL stores them, a numeric literal cast to an integer type rounded as the
//! server rounds it (`3.14::integer` is stored as `3`), unquoted names lowercased and quoted
//! names that need no quotes unquoted. Prisma compares the same way (an AST comparison since
//! prisma-engines #5780), so a schema and the database it was migrated to agree. What the
//! parser does not understand is compared as text with its blanks collapsed.

/// Whether two predicates (as written in a schema, or as a database reports them) mean the
/// same index. `None` is a full index.
pub fn predicates_match(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a == b || canonical(a) == canonical(b),
        _ => false,
    }
}

/// The canonical spelling of a predicate (see the module documentation).
pub fn canonical(predicate: &str) -> String {
    let Some(tokens) = tokenize(predicate) else {
        return collapse_blanks(predicate);
    };
    let mut parser = Parser { tokens, pos: 0 };
    match parser.expr(0) {
        Some(e) if parser.pos == parser.tokens.len() => print(&e),
        _ => collapse_blanks(predicate),
    }
}

fn collapse_blanks(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A name, lowercased unless it was quoted (and then unquoted when it needs no quotes).
    Name(String),
    /// A name that keeps its quotes (mixed case, spaces…).
    Quoted(String),
    Str(String),
    Num(String),
    Op(String),
}

fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' {
            let mut v = String::new();
            i += 1;
            loop {
                let ch = *chars.get(i)?;
                if ch == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        v.push('\'');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                v.push(ch);
                i += 1;
            }
            out.push(Tok::Str(v));
        } else if c == '"' || c == '`' {
            let close = c;
            let mut v = String::new();
            i += 1;
            loop {
                let ch = *chars.get(i)?;
                if ch == close {
                    if chars.get(i + 1) == Some(&close) {
                        v.push(close);
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                v.push(ch);
                i += 1;
            }
            let plain = v
                .chars()
                .next()
                .is_some_and(|f| f.is_ascii_lowercase() || f == '_')
                && v.chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
            out.push(if plain { Tok::Name(v) } else { Tok::Quoted(v) });
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
                i += 1;
                if i < chars.len() && (chars[i] == '+' || chars[i] == '-') {
                    i += 1;
                }
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
            }
            out.push(Tok::Num(chars[start..i].iter().collect()));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push(Tok::Name(word.to_lowercase()));
        } else {
            const OPS: [&str; 20] = [
                "::", "<>", "!=", "<=", ">=", "||", "!~~*", "!~~", "~~*", "~~", "=", "<", ">", "+",
                "-", "*", "/", "%", "(", ")",
            ];
            const SINGLE: [char; 4] = [',', '.', '[', ']'];
            let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
            if let Some(op) = OPS.iter().find(|op| rest.starts_with(**op)) {
                out.push(Tok::Op((*op).to_string()));
                i += op.chars().count();
            } else if SINGLE.contains(&c) {
                out.push(Tok::Op(c.to_string()));
                i += 1;
            } else {
                return None;
            }
        }
    }
    Some(out)
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    /// A name, possibly qualified (`t.col`).
    Name(String),
    Str(String),
    Num(String),
    /// `true`, `false`, `null`.
    Keyword(&'static str),
    Binary(String, Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    /// `x IS [NOT] NULL|TRUE|FALSE`: the operand and the test (`NOT NULL`…).
    Is(Box<Expr>, String),
    Call(String, Vec<Expr>),
    Array(Vec<Expr>),
    Cast(Box<Expr>, String),
}

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
}

/// Binding power of an infix operator (higher binds tighter).
fn infix_power(op: &str) -> Option<u8> {
    Some(match op {
        "or" => 1,
        "and" => 2,
        "=" | "<>" | "!=" | "<" | ">" | "<=" | ">=" | "~~" | "!~~" | "~~*" | "!~~*" | "like"
        | "ilike" | "not" | "in" | "between" | "is" => 4,
        "||" | "+" | "-" => 5,
        "*" | "/" | "%" => 6,
        _ => return None,
    })
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    fn peek_word(&self) -> Option<&str> {
        match self.peek()? {
            Tok::Name(n) | Tok::Op(n) => Some(n.as_str()),
            _ => None,
        }
    }

    fn eat(&mut self, word: &str) -> bool {
        if self.peek_word() == Some(word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self, min: u8) -> Option<Expr> {
        let mut left = self.prefix()?;
        while let Some(op) = self.peek_word().map(str::to_owned) {
            let Some(power) = infix_power(&op) else { break };
            if power < min {
                break;
            }
            self.pos += 1;
            left = match op.as_str() {
                "is" => {
                    let not = self.eat("not");
                    let what = match self.peek_word()? {
                        w @ ("null" | "true" | "false") => w.to_owned(),
                        _ => return None,
                    };
                    self.pos += 1;
                    Expr::Is(
                        Box::new(left),
                        if not { format!("not {what}") } else { what },
                    )
                }
                "not" => {
                    // `x NOT LIKE y`, `x NOT ILIKE y`, `x NOT IN (…)`, `x NOT BETWEEN a AND b`
                    let inner = self.peek_word()?.to_owned();
                    self.pos += 1;
                    let e = self.special(&inner, left, power)?;
                    negate(e)
                }
                "like" | "ilike" | "in" | "between" => self.special(&op, left, power)?,
                _ => {
                    let right = self.expr(power + 1)?;
                    let op = match op.as_str() {
                        "!=" => "<>".to_owned(),
                        _ => op,
                    };
                    Expr::Binary(op, Box::new(left), Box::new(right))
                }
            };
        }
        Some(left)
    }

    /// `LIKE`, `ILIKE`, `IN` and `BETWEEN` after their left operand, spelt as PostgreSQL
    /// stores them.
    fn special(&mut self, op: &str, left: Expr, power: u8) -> Option<Expr> {
        Some(match op {
            "like" => Expr::Binary("~~".into(), Box::new(left), Box::new(self.expr(power + 1)?)),
            "ilike" => Expr::Binary(
                "~~*".into(),
                Box::new(left),
                Box::new(self.expr(power + 1)?),
            ),
            "in" => {
                if !self.eat("(") {
                    return None;
                }
                let items = self.list(")")?;
                Expr::Binary(
                    "=".into(),
                    Box::new(left),
                    Box::new(Expr::Call("any".into(), vec![Expr::Array(items)])),
                )
            }
            "between" => {
                let low = self.expr(power + 1)?;
                if !self.eat("and") {
                    return None;
                }
                let high = self.expr(power + 1)?;
                Expr::Binary(
                    "and".into(),
                    Box::new(Expr::Binary(
                        ">=".into(),
                        Box::new(left.clone()),
                        Box::new(low),
                    )),
                    Box::new(Expr::Binary("<=".into(), Box::new(left), Box::new(high))),
                )
            }
            _ => return None,
        })
    }

    fn list(&mut self, close: &str) -> Option<Vec<Expr>> {
        let mut items = Vec::new();
        if self.eat(close) {
            return Some(items);
        }
        loop {
            items.push(self.expr(0)?);
            if self.eat(close) {
                return Some(items);
            }
            if !self.eat(",") {
                return None;
            }
        }
    }

    fn prefix(&mut self) -> Option<Expr> {
        let tok = self.peek()?.clone();
        self.pos += 1;
        let mut e = match tok {
            Tok::Str(s) => Expr::Str(s),
            Tok::Num(n) => Expr::Num(n),
            Tok::Quoted(q) => self.name_tail(format!("\"{q}\"")),
            Tok::Op(op) => match op.as_str() {
                "(" => {
                    let inner = self.expr(0)?;
                    if !self.eat(")") {
                        return None;
                    }
                    inner
                }
                "-" => match self.prefix()? {
                    Expr::Num(n) => Expr::Num(format!("-{n}")),
                    other => Expr::Neg(Box::new(other)),
                },
                "+" => self.prefix()?,
                _ => return None,
            },
            Tok::Name(n) => match n.as_str() {
                "not" => Expr::Not(Box::new(self.expr(3)?)),
                "true" => Expr::Keyword("true"),
                "false" => Expr::Keyword("false"),
                "null" => Expr::Keyword("null"),
                "array" if self.peek_word() == Some("[") => {
                    self.pos += 1;
                    Expr::Array(self.list("]")?)
                }
                _ => self.name_tail(n),
            },
        };
        // Postfix casts.
        while self.eat("::") {
            let ty = self.type_name()?;
            e = Expr::Cast(Box::new(e), ty);
        }
        Some(e)
    }

    /// A name, qualified (`a.b`) or called (`f(x)`).
    fn name_tail(&mut self, mut name: String) -> Expr {
        while self.peek_word() == Some(".") {
            match self.tokens.get(self.pos + 1) {
                Some(Tok::Name(n)) => name = format!("{name}.{n}"),
                Some(Tok::Quoted(q)) => name = format!("{name}.\"{q}\""),
                _ => break,
            }
            self.pos += 2;
        }
        if self.peek_word() == Some("(") {
            self.pos += 1;
            if let Some(args) = self.list(")") {
                return Expr::Call(name, args);
            }
        }
        Expr::Name(name)
    }

    /// A type after `::`: words (`character varying`, `timestamp without time zone`), an
    /// optional `(n, m)` and `[]`.
    fn type_name(&mut self) -> Option<String> {
        let mut words = Vec::new();
        while let Some(Tok::Name(w) | Tok::Quoted(w)) = self.peek() {
            words.push(w.clone());
            self.pos += 1;
            if !matches!(
                words.last().map(String::as_str),
                Some(
                    "character"
                        | "double"
                        | "timestamp"
                        | "time"
                        | "bit"
                        | "varying"
                        | "with"
                        | "without"
                        | "zone"
                )
            ) {
                break;
            }
        }
        if words.is_empty() {
            return None;
        }
        let mut ty = words.join(" ");
        if self.eat("(") {
            let args = self.list(")")?;
            ty.push('(');
            ty.push_str(&args.iter().map(print).collect::<Vec<_>>().join(","));
            ty.push(')');
        }
        while self.peek_word() == Some("[")
            && self.tokens.get(self.pos + 1) == Some(&Tok::Op("]".into()))
        {
            self.pos += 2;
            ty.push_str("[]");
        }
        Some(ty)
    }
}

fn negate(e: Expr) -> Expr {
    match e {
        Expr::Binary(op, l, r) if op == "~~" || op == "~~*" => Expr::Binary(format!("!{op}"), l, r),
        Expr::Binary(op, l, r) if op == "=" && matches!(*r, Expr::Call(ref f, _) if f == "any") => {
            let Expr::Call(_, args) = *r else {
                unreachable!("matched above")
            };
            Expr::Binary("<>".into(), l, Box::new(Expr::Call("all".into(), args)))
        }
        other => Expr::Not(Box::new(other)),
    }
}

const TEXT_TYPES: [&str; 6] = [
    "text",
    "varchar",
    "character varying",
    "bpchar",
    "char",
    "character",
];
const INTEGER_TYPES: [&str; 7] = [
    "integer", "int", "int4", "smallint", "int2", "bigint", "int8",
];

/// Drops casts the server adds or that do not change a literal's meaning.
fn strip_cast(e: &Expr, ty: &str) -> Expr {
    let base = ty.split('(').next().unwrap_or(ty).trim_end_matches("[]");
    match e {
        Expr::Num(n) if INTEGER_TYPES.contains(&base) => Expr::Num(round_half_away(n)),
        Expr::Num(_) | Expr::Str(_) | Expr::Keyword(_) => e.clone(),
        Expr::Cast(inner, inner_ty) => {
            let once = strip_cast(inner, inner_ty);
            strip_cast(&once, ty)
        }
        Expr::Name(_) if TEXT_TYPES.contains(&base) => e.clone(),
        _ => Expr::Cast(Box::new(e.clone()), ty.to_owned()),
    }
}

/// PostgreSQL's numeric → integer rounding (half away from zero), on the literal's text.
fn round_half_away(n: &str) -> String {
    match n.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() < 1e15 => format!("{}", v.round() as i64),
        _ => n.to_owned(),
    }
}

fn print(e: &Expr) -> String {
    match e {
        Expr::Name(n) => n.clone(),
        Expr::Str(s) => format!("'{}'", s.replace('\'', "''")),
        Expr::Num(n) => n.clone(),
        Expr::Keyword(k) => (*k).to_owned(),
        Expr::Binary(op, l, r) => format!("({} {op} {})", print(l), print(r)),
        Expr::Not(x) => format!("(not {})", print(x)),
        Expr::Neg(x) => format!("(-{})", print(x)),
        Expr::Is(x, what) => format!("({} is {what})", print(x)),
        Expr::Call(f, args) => format!(
            "{f}({})",
            args.iter().map(print).collect::<Vec<_>>().join(", ")
        ),
        Expr::Array(items) => format!(
            "array[{}]",
            items.iter().map(print).collect::<Vec<_>>().join(", ")
        ),
        Expr::Cast(x, ty) => match strip_cast(x, ty) {
            Expr::Cast(x, ty) => format!("({})::{ty}", print(&x)),
            other => print(&other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::predicates_match;

    fn same(a: &str, b: &str) {
        assert!(
            predicates_match(Some(a), Some(b)),
            "{a:?} should match {b:?}"
        );
    }

    fn differ(a: &str, b: &str) {
        assert!(
            !predicates_match(Some(a), Some(b)),
            "{a:?} should differ from {b:?}"
        );
    }

    #[test]
    fn postgres_spellings_match_what_was_written() {
        same("status = 'active'", "(status = 'active'::text)");
        same("status IS NOT NULL", "(status IS NOT NULL)");
        same("\"isActive\" = true", "(\"isActive\" = true)");
        same(
            "status != 'COMPLETED'::production_status",
            "(status <> 'COMPLETED'::production_status)",
        );
        same(
            "container_quantity > 0",
            "(container_quantity > (0)::numeric)",
        );
        same("price > 3.14::integer", "(price > (3)::numeric)");
        same(
            "price > 99.9::smallint::numeric",
            "(price > (100)::numeric)",
        );
        same(
            "a = 1 AND b = 2 OR c IS NULL",
            "(((a = 1) AND (b = 2)) OR (c IS NULL))",
        );
        same("status = 'a'", "((status)::text = 'a'::text)");
        same("name LIKE 'a%'", "(name ~~ 'a%'::text)");
        same("name NOT LIKE 'a%'", "(name !~~ 'a%'::text)");
        same(
            "status IN ('a', 'b')",
            "(status = ANY (ARRAY['a'::text, 'b'::text]))",
        );
        same("\"deletedAt\" IS NULL", "(\"deletedAt\" IS NULL)");
        same("STATUS = 'x'", "\"status\" = 'x'");
    }

    #[test]
    fn real_changes_are_seen() {
        differ("status = 'active'", "(status = 'verified'::text)");
        differ("price > 3.14::integer", "(price > 3.14)");
        differ(
            "a = 1 AND (b = 2 OR c = 3)",
            "((a = 1) AND (b = 2)) OR (c = 3)",
        );
        differ("\"isActive\" = true", "isactive = true");
        assert!(!predicates_match(Some("a = 1"), None));
        assert!(predicates_match(None, None));
    }

    #[test]
    fn what_the_parser_does_not_know_is_compared_as_text() {
        same("a  @@ to_tsquery('x')", "a @@ to_tsquery('x')");
        differ("a @@ b", "a @@ c");
    }
}
