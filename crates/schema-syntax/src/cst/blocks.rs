//! The top level and blocks of Prisma's grammar: model, enum, config and arbitrary blocks,
//! type aliases, catch-all lines, blank lines and comments.

use super::{Kind, Node, Out, Peg};

impl Peg<'_> {
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

    pub(super) fn model_declaration(&self, p: usize, out: &mut Out) -> Option<usize> {
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

    pub(super) fn enum_declaration(&self, p: usize, out: &mut Out) -> Option<usize> {
        self.block(p, &["enum"], Kind::EnumDeclaration, out, |s, r, o| {
            s.enum_value_declaration(r, o)
                .or_else(|| s.block_attribute_line(r, o))
                .or_else(|| s.comment_block(r, o))
                .or_else(|| s.empty_lines(r, o))
                .or_else(|| s.block_level_catch_all(r, o))
        })
    }

    pub(super) fn config_block(&self, p: usize, out: &mut Out) -> Option<usize> {
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

    pub(super) fn type_alias(&self, p: usize, out: &mut Out) -> Option<usize> {
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

    pub(super) fn arbitrary_block(&self, p: usize, out: &mut Out) -> Option<usize> {
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

    pub(super) fn catch_all(&self, p: usize, kind: Kind, out: &mut Out) -> Option<usize> {
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

    pub(super) fn empty_lines(&self, p: usize, out: &mut Out) -> Option<usize> {
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

    pub(super) fn comment_block(&self, p: usize, out: &mut Out) -> Option<usize> {
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

    pub(super) fn trailing_comment(&self, p: usize, out: &mut Out) -> Option<usize> {
        let mut children = Vec::new();
        let q = self.single_comment(p, &mut children)?;
        out.push(Node::new(Kind::TrailingComment, p, q, children));
        Some(q)
    }
}
