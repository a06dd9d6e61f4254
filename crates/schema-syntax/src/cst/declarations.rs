//! Declarations inside blocks: identifiers and paths, fields with their types and
//! attributes, block attributes, enum values and key-value pairs.

use super::{Kind, Node, Out, Peg, is_letter};

impl Peg<'_> {
    pub(super) fn identifier(&self, p: usize, out: &mut Out) -> Option<usize> {
        let q = self.identifier_end(p)?;
        out.push(Node::new(Kind::Identifier, p, q, Vec::new()));
        Some(q)
    }

    /// identifier = @{ (LETTER | ASCII_DIGIT) ~ ("_" | "-" | LETTER | ASCII_DIGIT)* }
    pub(super) fn identifier_end(&self, p: usize) -> Option<usize> {
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

    pub(super) fn path(&self, p: usize, out: &mut Out) -> Option<usize> {
        let q = self.path_end(p)?;
        out.push(Node::new(Kind::Path, p, q, Vec::new()));
        Some(q)
    }

    /// path = @{ identifier ~ ("." ~ path?)* }
    ///
    /// A loop, not the rule's recursion (which reads the same text), so that a long chain of
    /// dots cannot exhaust the stack.
    pub(super) fn path_end(&self, p: usize) -> Option<usize> {
        let mut q = self.identifier_end(p)?;
        while self.b.get(q) == Some(&b'.') {
            q += 1;
            if let Some(r) = self.identifier_end(q) {
                q = r;
            }
        }
        Some(q)
    }

    pub(super) fn field_declaration(&self, p: usize, out: &mut Out) -> Option<usize> {
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
    pub(super) fn field_attributes(&self, mut q: usize, out: &mut Out) -> usize {
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

    pub(super) fn base_type(&self, p: usize, out: &mut Out) -> Option<usize> {
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
    pub(super) fn block_attribute_line(&self, p: usize, out: &mut Out) -> Option<usize> {
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

    pub(super) fn enum_value_declaration(&self, p: usize, out: &mut Out) -> Option<usize> {
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

    pub(super) fn key_value(&self, p: usize, out: &mut Out) -> Option<usize> {
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
}
