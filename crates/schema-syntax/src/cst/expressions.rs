//! Arguments and expressions: argument lists, function calls, arrays, objects, numbers and
//! strings, nested at most [`MAX_NESTING`] levels deep.

use super::{Kind, MAX_NESTING, Node, Out, Peg};

impl Peg<'_> {
    pub(super) fn arguments_list(&self, p: usize, out: &mut Out) -> Option<usize> {
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
    pub(super) fn expression(&self, p: usize, out: &mut Out) -> Option<usize> {
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

    pub(super) fn string_literal(&self, p: usize, out: &mut Out) -> Option<usize> {
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
