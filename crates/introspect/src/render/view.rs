//! A view: its fields, with names, keys and docs carried over from the existing schema
//! (views have no keys in the database).

use super::quote;
use super::{Context, Docs};
use crate::names;
use crate::previous::Previous;
use sql_schema::{ColumnArity, ColumnTypeFamily};
use std::fmt::Write as _;

impl Context<'_> {
    /// A view. Views have no keys in the database: on re-introspection their names, `@map`s,
    /// docs, arities and `@id`/`@unique`/`@@id`/`@@unique` come from the existing schema.
    pub(super) fn render_view(
        &self,
        view: &crate::View,
        prev: Option<schema::ModelWalker<'_>>,
    ) -> String {
        let (name, map) = match prev {
            Some(p) => (p.get().name.clone(), p.get().mapped_name.clone()),
            None => {
                let (name, map, _) = names::type_name(&view.name);
                (name, map)
            }
        };
        let mut out = String::new();
        Docs(prev.and_then(|p| p.get().documentation.clone())).write(&mut out, "");
        let _ = writeln!(out, "view {name} {{");
        for column in &view.columns {
            let prev_field = Previous::field(prev, &column.name);
            let (field, field_map) = match prev_field {
                Some(f) => (f.0.get().name.clone(), f.scalar().mapped_name.clone()),
                None => names::identifier(&column.name),
            };
            let (tpe, native) = match &column.tpe.family {
                ColumnTypeFamily::Unsupported(t) => {
                    match self.db.find_enum(None, t.trim_matches('"')) {
                        Some(e) => (self.enums[e.0 as usize].name.clone(), None),
                        None => self.field_type(column),
                    }
                }
                _ => self.field_type(column),
            };
            // PostgreSQL and SQLite report every view column nullable; MySQL knows better.
            let arity = match (column.tpe.arity, prev_field.map(|f| f.0.get().arity)) {
                (ColumnArity::List, _) => "[]",
                (ColumnArity::Required, _) | (_, Some(schema::FieldArity::Required)) => "",
                _ => "?",
            };
            Docs(prev_field.and_then(|f| f.0.get().documentation.clone())).write(&mut out, "  ");
            let _ = write!(out, "  {field} {tpe}{arity}");
            if prev_field.is_some_and(|f| f.scalar().is_unique) {
                out.push_str(" @unique");
            }
            if prev_field.is_some_and(|f| f.scalar().is_id) {
                out.push_str(" @id");
            }
            // Only MySQL reports defaults of view columns (those of the underlying table).
            if let Some(d) = self.default(column) {
                let _ = write!(out, " @default({d})");
            }
            if let Some(m) = field_map {
                let _ = write!(out, " @map({})", quote(&m));
            }
            if let Some(n) = native {
                let _ = write!(out, " @db.{n}");
            }
            out.push('\n');
        }
        let mut block = Vec::new();
        if let Some(p) = prev {
            let field_name = |f: &schema::IndexField| p.schema.field(f.field).get().name.clone();
            if let Some(pk) = p
                .get()
                .primary_key
                .as_ref()
                .filter(|pk| !pk.defined_on_field)
            {
                let fields: Vec<String> = pk.fields.iter().map(field_name).collect();
                block.push(format!("@@id([{}])", fields.join(", ")));
            }
            for ix in p.get().indexes.iter().filter(|ix| !ix.defined_on_field) {
                if ix.kind == schema::IndexKind::Unique {
                    let fields: Vec<String> = ix.fields.iter().map(field_name).collect();
                    block.push(format!("@@unique([{}])", fields.join(", ")));
                }
            }
        }
        if let Some(m) = map {
            block.push(format!("@@map({})", quote(&m)));
        }
        if !block.is_empty() {
            out.push('\n');
            for b in block {
                let _ = writeln!(out, "  {b}");
            }
        }
        out.push_str("}\n");
        out
    }
}
