//! Prisma's layout of a schema file, computed from the concrete syntax tree: blocks, tables of
//! aligned columns, comments, blank lines. The input's meaning is never changed; unparsable
//! lines are kept as written.

use schema_syntax::cst::{Kind, Node, TopLevel};

use crate::table::{Renderer, Table};

const FIELD_NAME: usize = 0;
const FIELD_TYPE: usize = 1;
const FIELD_ATTRIBUTES: usize = 2;

/// Lays out one file's text.
pub(crate) fn layout(source: &str, indent_width: usize) -> String {
    let nodes = TopLevel::new(source);
    let mut r = Renderer::new(indent_width, source.len() + source.len() / 2);
    let lay = Layout { s: source };
    lay.top(nodes, &mut r);
    if !r.out.ends_with('\n') {
        r.out.push('\n');
    }
    r.out
}

struct Layout<'a> {
    s: &'a str,
}

impl Layout<'_> {
    fn text(&self, node: &Node) -> &str {
        node.text(self.s)
    }

    fn top(&self, nodes: TopLevel<'_>, r: &mut Renderer) {
        let mut nodes = nodes.peekable();
        nodes.next_if(|n| n.kind == Kind::EmptyLines);
        while let Some(node) = nodes.next() {
            match node.kind {
                Kind::ModelDeclaration | Kind::EnumDeclaration | Kind::ConfigBlock => {
                    self.block(&node, r);
                    // Something on the line of the closing brace: Prisma moves it to the next
                    // line, and on the next run separates it by a blank line. We write the
                    // blank line at once, so that formatting is idempotent.
                    if nodes.peek().is_some_and(|n| n.kind != Kind::EmptyLines) {
                        r.end_line();
                    }
                }
                Kind::CommentBlock => {
                    let mut table = Table::default();
                    self.comment_block(&node, &mut table);
                    table.render(r);
                }
                Kind::EmptyLines => {
                    if nodes.peek().is_some() {
                        r.end_line();
                    }
                }
                Kind::TypeAlias => {
                    r.write(self.text(&node));
                    // Prisma glues what follows on the same line to the alias (`type A = B C {`
                    // becomes `type A = BC {`), which reads differently on the next run. We
                    // start a new line instead.
                    if nodes.peek().is_some_and(|n| n.kind != Kind::EmptyLines) {
                        r.end_line();
                    }
                }
                _ => r.write(self.text(&node)),
            }
        }
    }

    fn block(&self, node: &Node, r: &mut Renderer) {
        let keyword = node.child(Kind::Keyword).map_or("", |k| self.text(k));
        let name = node.child(Kind::Identifier).map_or("", |k| self.text(k));
        r.write(keyword);
        r.write(" ");
        r.write(name);
        r.write(" {");
        r.end_line();
        r.indent_up();

        let items: Vec<&Node> = node
            .children
            .iter()
            .filter(|c| {
                !matches!(
                    c.kind,
                    Kind::Keyword | Kind::Identifier | Kind::BlockOpen | Kind::BlockClose
                )
            })
            .collect();
        let mut attributes: Vec<(Option<&Node>, &Node)> = Vec::new();
        let mut table = Table::default();
        let mut pending_comment: Option<&Node> = None;
        let mut i = 0;
        let eat_empty = |i: &mut usize| {
            if items.get(*i).is_some_and(|n| n.kind == Kind::EmptyLines) {
                *i += 1;
                true
            } else {
                false
            }
        };
        eat_empty(&mut i);
        // Whether a line of the block (other than a block attribute, which moves to the end)
        // has been written. Prisma keeps the blank line that follows block attributes at the
        // top of a block, and drops it on its next run; we drop it at once (idempotency).
        let mut started = false;
        loop {
            let ate = eat_empty(&mut i) && started;
            if ate {
                match items.get(i).map(|n| n.kind) {
                    None | Some(Kind::BlockAttribute) | Some(Kind::CommentBlock) => {}
                    Some(_) => {
                        table.render(r);
                        table.start_row();
                    }
                }
            }
            let Some(current) = items.get(i) else {
                table.render(r);
                if !attributes.is_empty() {
                    table.start_row();
                }
                attributes.sort_by_key(|(_, a)| attribute_rank(self.attribute_name(a)));
                for (comment, attribute) in attributes {
                    if let Some(comment) = comment {
                        self.comment_block(comment, &mut table);
                    }
                    self.block_attribute(attribute, &mut table);
                }
                table.render(r);
                r.indent_down();
                r.write("}");
                r.end_line();
                return;
            };
            i += 1;
            started |= current.kind != Kind::BlockAttribute
                && !(current.kind == Kind::CommentBlock
                    && items.get(i).map(|n| n.kind) == Some(Kind::BlockAttribute));
            match current.kind {
                Kind::CommentBlock => {
                    if items.get(i).map(|n| n.kind) == Some(Kind::BlockAttribute) {
                        pending_comment = Some(current);
                    } else {
                        if ate {
                            table.render(r);
                            table.start_row();
                        }
                        self.comment_block(current, &mut table);
                    }
                }
                Kind::FieldDeclaration => self.field(current, &mut table),
                Kind::KeyValue => self.key_value(current, &mut table),
                Kind::EnumValueDeclaration => self.enum_value(current, &mut table),
                Kind::BlockAttribute => attributes.push((pending_comment.take(), current)),
                _ => table.interleave(self.text(current).trim_end_matches('\n')),
            }
        }
    }

    fn attribute_name(&self, attribute: &Node) -> &str {
        attribute.child(Kind::Path).map_or("", |p| self.text(p))
    }

    fn comment_block(&self, node: &Node, table: &mut Table) {
        for line in &node.children {
            match line.kind {
                Kind::DocComment | Kind::Comment => {
                    table.start_row();
                    table.suffix(if line.kind == Kind::DocComment {
                        "///"
                    } else {
                        "//"
                    });
                    table.suffix(line.comment_content(self.s));
                }
                _ => multi_line_comment(self.text(line), table),
            }
        }
    }

    fn trailing_comment(&self, node: &Node, table: &mut Table) {
        table.suffix(self.text(node));
    }

    fn field(&self, node: &Node, table: &mut Table) {
        let mut attributes = Vec::new();
        for child in &node.children {
            match child.kind {
                Kind::Identifier => {
                    table.start_row();
                    table.column(FIELD_NAME).push_str(self.text(child));
                }
                Kind::BaseType | Kind::LegacyRequiredType => {
                    let base = self.base_type_text(child);
                    table.column(FIELD_TYPE).push_str(base);
                }
                Kind::OptionalType => {
                    let col = table.column(FIELD_TYPE);
                    col.push_str(self.base_type_text(child));
                    col.push('?');
                }
                Kind::ListType | Kind::LegacyListType => {
                    let col = table.column(FIELD_TYPE);
                    col.push_str(self.base_type_text(child));
                    col.push_str("[]");
                }
                Kind::UnsupportedOptionalListType => {
                    let col = table.column(FIELD_TYPE);
                    col.push_str(self.base_type_text(child));
                    col.push_str("[]?");
                }
                Kind::TrailingComment => self.trailing_comment(child, table),
                Kind::FieldAttribute => attributes.push(child),
                _ => {}
            }
        }
        if attributes.is_empty() {
            // Prisma still opens the attributes column (empty columns are dropped on render).
            table.column(FIELD_ATTRIBUTES);
            return;
        }
        attributes.sort_by_key(|a| attribute_rank(self.attribute_name(a)));
        let mut text = String::new();
        for (i, attribute) in attributes.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push('@');
            self.function_call(attribute, &mut text);
        }
        table.column(FIELD_ATTRIBUTES).push_str(&text);
    }

    fn base_type_text(&self, node: &Node) -> &str {
        if node.kind == Kind::BaseType {
            return self.text(node);
        }
        node.child(Kind::BaseType).map_or("", |b| self.text(b))
    }

    fn enum_value(&self, node: &Node, table: &mut Table) {
        for child in &node.children {
            match child.kind {
                Kind::Identifier => {
                    table.start_row();
                    table.column(0).push_str(self.text(child));
                }
                Kind::FieldAttribute => {
                    let mut text = String::from("@");
                    self.function_call(child, &mut text);
                    table.column(1).push_str(&text);
                }
                Kind::TrailingComment => self.trailing_comment(child, table),
                _ => {}
            }
        }
    }

    fn key_value(&self, node: &Node, table: &mut Table) {
        table.start_row();
        for child in &node.children {
            match child.kind {
                Kind::Identifier => table.column(0).push_str(self.text(child)),
                Kind::TrailingComment => self.trailing_comment(child, table),
                _ => {
                    let mut text = String::from("= ");
                    self.expression(child, &mut text);
                    table.column(1).push_str(&text);
                }
            }
        }
    }

    fn block_attribute(&self, node: &Node, table: &mut Table) {
        table.start_row();
        for child in &node.children {
            match child.kind {
                Kind::Path => {
                    let col = table.column(0);
                    col.push_str("@@");
                    col.push_str(self.text(child));
                }
                Kind::ArgumentsList => {
                    let mut text = String::new();
                    self.arguments(child, &mut text);
                    table.column(0).push_str(&text);
                }
                Kind::TrailingComment => self.trailing_comment(child, table),
                _ => {}
            }
        }
    }

    /// A path with an optional argument list (attributes, function calls).
    fn function_call(&self, node: &Node, out: &mut String) {
        for child in &node.children {
            match child.kind {
                Kind::Path => out.push_str(self.text(child)),
                Kind::ArgumentsList => self.arguments(child, out),
                _ => {}
            }
        }
    }

    fn arguments(&self, node: &Node, out: &mut String) {
        out.push('(');
        for (i, arg) in node.children.iter().enumerate() {
            if arg.kind == Kind::TrailingComma {
                continue;
            }
            if i > 0 {
                out.push_str(", ");
            }
            match arg.kind {
                Kind::NamedArgument | Kind::EmptyArgument => {
                    for part in &arg.children {
                        if part.kind == Kind::Identifier && part.start == arg.start {
                            out.push_str(self.text(part));
                            out.push_str(": ");
                        } else {
                            self.expression(part, out);
                        }
                    }
                }
                _ => self.expression(arg, out),
            }
        }
        out.push(')');
    }

    fn expression(&self, node: &Node, out: &mut String) {
        match node.kind {
            Kind::FunctionCall => self.function_call(node, out),
            Kind::ArrayExpression => {
                out.push('[');
                for (i, item) in node.children.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.expression(item, out);
                }
                out.push(']');
            }
            Kind::ObjectExpression => {
                // Prisma writes `{}` as `{  }`.
                out.push_str("{ ");
                for (i, member) in node.children.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if let [key, value] = member.children.as_slice() {
                        out.push_str(self.text(key));
                        out.push_str(": ");
                        self.expression(value, out);
                    }
                }
                out.push_str(" }");
            }
            _ => out.push_str(self.text(node)),
        }
    }
}

/// `/* … */` in Prisma's canonical form: `/**`, one ` * line` per non-empty line, ` */`.
fn multi_line_comment(text: &str, table: &mut Table) {
    table.start_row();
    table.suffix("/**");
    // Prisma slices the comment's first two bytes off without removing the indentation of a
    // comment that continues a comment block, which writes `* /* text` and grows by one line
    // on every run. We remove the indentation first, so that formatting is idempotent.
    let text = text.trim_start_matches(|c: char| c != '/' && c.is_whitespace());
    let inner = text.get(2..text.len().saturating_sub(2)).unwrap_or("");
    for line in inner.lines() {
        let line = line.trim();
        let line = line.strip_prefix('*').map_or(line, str::trim_start);
        if !line.is_empty() {
            table.start_row();
            table.suffix(" * ");
            table.suffix(line);
        }
    }
    table.start_row();
    table.suffix(" */");
}

/// The order Prisma sorts attributes in; unknown ones keep their order after these.
fn attribute_rank(name: &str) -> usize {
    const ORDER: [&str; 9] = [
        "id",
        "unique",
        "default",
        "updatedAt",
        "index",
        "fulltext",
        "map",
        "relation",
        "ignore",
    ];
    ORDER.iter().position(|o| *o == name).unwrap_or(usize::MAX)
}
