//! An enum: its values with their `@map`s and documentation, and its `@@map` and `@@schema`.

use super::quote;
use super::{Context, Docs};
use crate::names;
use std::fmt::Write as _;

impl Context<'_> {
    pub(super) fn render_enum(
        &self,
        i: usize,
        prev: Option<schema::EnumWalker<'_>>,
        warnings: &mut crate::Warnings,
    ) -> String {
        let e = &self.db.enums[i];
        let named = &self.enums[i];
        let mut out = String::new();
        Docs(prev.and_then(|p| p.get().documentation.clone())).write(&mut out, "");
        if named.duplicate {
            warnings
                .duplicate_names
                .push(format!("Type: \"enum\", name: \"{}\"", named.name));
        }
        if prev.is_some_and(|p| p.get().mapped_name.is_some()) {
            warnings
                .remapped_enums
                .push(crate::warnings::model(&named.name));
        }
        let _ = writeln!(out, "enum {} {{", named.name);
        for v in &e.values {
            let kept = prev.and_then(|p| {
                p.get()
                    .values
                    .iter()
                    .find(|pv| pv.mapped_name.as_deref().unwrap_or(&pv.name) == v)
            });
            if let Some(pv) = kept.filter(|pv| pv.mapped_name.is_some()) {
                warnings
                    .remapped_values
                    .push(format!("Enum: \"{}\", value: \"{}\"", named.name, pv.name));
            }
            let (name, map) = match kept {
                Some(pv) => (pv.name.clone(), pv.mapped_name.clone()),
                None if v.is_empty() => ("EMPTY_ENUM_VALUE".to_owned(), Some(String::new())),
                None => names::identifier(v),
            };
            // A value whose name sanitises to nothing is commented out, under its own name.
            if name.is_empty() {
                warnings
                    .enum_values_with_empty_names
                    .push(format!("Enum: \"{}\", value: \"{v}\"", named.name));
                let _ = writeln!(out, "  // {v} @map({})", quote(v));
                continue;
            }
            // A kept value keeps its documentation.
            Docs(kept.and_then(|pv| pv.documentation.clone())).write(&mut out, "  ");
            match map {
                Some(m) => {
                    let _ = writeln!(out, "  {name} @map({})", quote(&m));
                }
                None => {
                    let _ = writeln!(out, "  {name}");
                }
            }
        }
        let mut block = Vec::new();
        if let Some(m) = &named.map {
            block.push(format!("@@map({})", quote(m)));
        }
        if self.uses_namespaces
            && let Some(ns) = e.namespace
        {
            block.push(format!("@@schema({})", quote(self.db.namespace(ns))));
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
