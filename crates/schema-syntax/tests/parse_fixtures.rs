//! Data-driven parser tests: every `tests/parse/NAME.prisma` is parsed and a compact dump of
//! its syntax tree and diagnostics is compared with `NAME.snap` beside it.
//! `UPDATE_EXPECT=1 cargo test -p schema-syntax` rewrites the snapshots.

use std::fmt::Write as _;
use std::path::Path;

use diagnostics::FileId;
use schema_syntax::ast::{
    ArgumentsList, Attribute, BlockItem, Documentation, Expression, FieldType, Top,
};

#[test]
fn parse_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parse");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/parse exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "prisma"))
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "no fixtures in {}", dir.display());
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let actual = dump(&text);
        let snap = path.with_extension("snap");
        if update {
            std::fs::write(&snap, &actual).expect("write snapshot");
            continue;
        }
        let expected = std::fs::read_to_string(&snap).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{}: snapshot differs\n--- expected\n{expected}\n--- actual\n{actual}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn dump(text: &str) -> String {
    let (ast, diags) = schema_syntax::parse(FileId(0), text);
    let mut out = String::new();
    for top in &ast.tops {
        match top {
            Top::Model(m) => {
                let kw = if m.is_view { "view" } else { "model" };
                block(
                    &mut out,
                    text,
                    kw,
                    &m.name.name,
                    &m.documentation,
                    &m.items,
                    |o, f| {
                        let _ = write!(
                            o,
                            "field {} {}{:?}",
                            f.name.name,
                            field_type(&f.field_type),
                            f.arity
                        );
                        attrs(o, &f.attributes);
                        doc_and_comment(
                            o,
                            &f.documentation,
                            f.trailing_comment.as_ref().map(|c| &c.text),
                        );
                    },
                );
            }
            Top::CompositeType(t) => {
                block(
                    &mut out,
                    text,
                    "type",
                    &t.name.name,
                    &t.documentation,
                    &t.items,
                    |o, f| {
                        let _ = write!(
                            o,
                            "field {} {}{:?}",
                            f.name.name,
                            field_type(&f.field_type),
                            f.arity
                        );
                        attrs(o, &f.attributes);
                        doc_and_comment(
                            o,
                            &f.documentation,
                            f.trailing_comment.as_ref().map(|c| &c.text),
                        );
                    },
                );
            }
            Top::Enum(e) => {
                block(
                    &mut out,
                    text,
                    "enum",
                    &e.name.name,
                    &e.documentation,
                    &e.items,
                    |o, v| {
                        let _ = write!(o, "value {}", v.name.name);
                        attrs(o, &v.attributes);
                        doc_and_comment(
                            o,
                            &v.documentation,
                            v.trailing_comment.as_ref().map(|c| &c.text),
                        );
                    },
                );
            }
            Top::Datasource(c) | Top::Generator(c) => {
                let kw = if matches!(top, Top::Datasource(_)) {
                    "datasource"
                } else {
                    "generator"
                };
                block(
                    &mut out,
                    text,
                    kw,
                    &c.name.name,
                    &c.documentation,
                    &c.items,
                    |o, p| {
                        let _ = write!(o, "property {}", p.name.name);
                        if let Some(v) = &p.value {
                            o.push_str(" = ");
                            expr(o, v);
                        }
                        doc_and_comment(
                            o,
                            &Documentation::default(),
                            p.trailing_comment.as_ref().map(|c| &c.text),
                        );
                    },
                );
            }
            Top::TypeAlias(a) => {
                let _ = write!(
                    out,
                    "type-alias {} = {}",
                    a.name.name,
                    field_type(&a.field_type)
                );
                attrs(&mut out, &a.attributes);
                out.push('\n');
            }
            Top::Comment(c) => {
                let _ = writeln!(out, "comment doc={} {:?}", c.is_doc, c.text);
            }
            Top::Error(s) => {
                let _ = writeln!(out, "error {:?}", &text[s.range()]);
            }
        }
    }
    out.push_str("--- diagnostics\n");
    for d in diags.iter() {
        let line = text[..d.span.start as usize].matches('\n').count() + 1;
        let _ = writeln!(
            out,
            "{:?} line {line} {:?}: {}",
            d.severity,
            &text[d.span.range()],
            d.message
        );
    }
    out
}

fn block<M>(
    out: &mut String,
    text: &str,
    kw: &str,
    name: &str,
    doc: &Documentation,
    items: &[BlockItem<M>],
    member: impl Fn(&mut String, &M),
) {
    let _ = write!(out, "{kw} {name}");
    if let Some(d) = doc.text() {
        let _ = write!(out, " doc={d:?}");
    }
    out.push('\n');
    for item in items {
        out.push_str("  ");
        match item {
            BlockItem::Member(m) => member(out, m),
            BlockItem::Attribute(a) => {
                out.push_str("block-attribute");
                attrs(out, std::slice::from_ref(a));
            }
            BlockItem::Comment(c) => {
                let _ = write!(out, "comment doc={} {:?}", c.is_doc, c.text);
            }
            BlockItem::BlankLine => out.push_str("blank"),
            BlockItem::Error(s) => {
                let _ = write!(out, "error {:?}", &text[s.range()]);
            }
        }
        out.push('\n');
    }
}

fn doc_and_comment(out: &mut String, doc: &Documentation, trailing: Option<&String>) {
    if let Some(d) = doc.text() {
        let _ = write!(out, " doc={d:?}");
    }
    if let Some(t) = trailing {
        let _ = write!(out, " trailing={t:?}");
    }
}

fn field_type(t: &FieldType) -> String {
    match t {
        FieldType::Named(id) => id.name.clone(),
        FieldType::Unsupported { type_name, .. } => format!("Unsupported({type_name:?})"),
    }
}

fn attrs(out: &mut String, attributes: &[Attribute]) {
    for a in attributes {
        let _ = write!(out, " @{}", a.name.name);
        if a.arguments.span.is_some() {
            args(out, &a.arguments);
        }
    }
}

fn args(out: &mut String, list: &ArgumentsList) {
    out.push('(');
    let mut first = true;
    for a in &list.arguments {
        if !first {
            out.push_str(", ");
        }
        first = false;
        if let Some(n) = &a.name {
            let _ = write!(out, "{}: ", n.name);
        }
        expr(out, &a.value);
    }
    for e in &list.empty_arguments {
        let _ = write!(out, "{}{}:", if first { "" } else { ", " }, e.name);
        first = false;
    }
    if list.trailing_comma.is_some() {
        out.push_str(" <trailing comma>");
    }
    out.push(')');
}

fn expr(out: &mut String, e: &Expression) {
    match e {
        Expression::Numeric(n, _) => {
            let _ = write!(out, "num:{n}");
        }
        Expression::String(s, _) => {
            let _ = write!(out, "str:{s:?}");
        }
        Expression::Constant(c, _) => {
            let _ = write!(out, "const:{c}");
        }
        Expression::Function(name, a, _) => {
            let _ = write!(out, "fn:{name}");
            args(out, a);
        }
        Expression::Array(items, _) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                expr(out, item);
            }
            out.push(']');
        }
        Expression::Object(members, _) => {
            out.push('{');
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}: ", m.key.name);
                expr(out, &m.value);
            }
            out.push('}');
        }
    }
}
