//! Tables and enums managed outside the migrations (Prisma 7's `tables.external` and
//! `enums.external` in `prisma.config.ts`): removed from a schema before it is diffed, so that
//! migrations never create, change or drop them and drift never reports them.

use crate::model::{ColumnTypeFamily, EnumId, SqlSchema, TableId};

/// Whether `qualified` (`schema.name` or `name`) names the object `name` in `namespace`
/// (`None`: the connection's default namespace, which a qualified name also matches).
fn names(qualified: &str, namespace: Option<&str>, name: &str) -> bool {
    match qualified.split_once('.') {
        Some((ns, n)) => n == name && namespace.is_none_or(|actual| actual == ns),
        None => qualified == name,
    }
}

impl SqlSchema {
    /// The schema without the tables and enums `external` names (`schema.name` or `name`).
    /// Foreign keys to a removed table go with it (the differ never sees them, on either side);
    /// an external enum that a remaining column uses is kept (the schema declares it).
    pub fn without_external(&self, tables: &[String], enums: &[String]) -> SqlSchema {
        if tables.is_empty() && enums.is_empty() {
            return self.clone();
        }
        let ns = |id: Option<crate::model::NamespaceId>| id.map(|n| self.namespace(n));
        let table_kept: Vec<bool> = self
            .tables
            .iter()
            .map(|t| !tables.iter().any(|q| names(q, ns(t.namespace), &t.name)))
            .collect();
        let enum_used = |id: usize| {
            self.tables
                .iter()
                .zip(&table_kept)
                .filter(|(_, kept)| **kept)
                .flat_map(|(t, _)| &t.columns)
                .any(|c| matches!(c.tpe.family, ColumnTypeFamily::Enum(EnumId(e)) if e as usize == id))
        };
        let enum_kept: Vec<bool> = self
            .enums
            .iter()
            .enumerate()
            .map(|(i, e)| !enums.iter().any(|q| names(q, ns(e.namespace), &e.name)) || enum_used(i))
            .collect();
        let remap = |kept: &[bool]| -> Vec<Option<u32>> {
            let mut next = 0;
            kept.iter()
                .map(|k| {
                    k.then(|| {
                        next += 1;
                        next - 1
                    })
                })
                .collect()
        };
        let table_ids = remap(&table_kept);
        let enum_ids = remap(&enum_kept);
        let mut out = SqlSchema {
            namespaces: self.namespaces.clone(),
            tables: Vec::new(),
            enums: Vec::new(),
        };
        for (e, kept) in self.enums.iter().zip(&enum_kept) {
            if *kept {
                out.enums.push(e.clone());
            }
        }
        for (t, kept) in self.tables.iter().zip(&table_kept) {
            if !*kept {
                continue;
            }
            let mut t = t.clone();
            t.foreign_keys
                .retain(|fk| table_ids[fk.referenced_table.0 as usize].is_some());
            for fk in &mut t.foreign_keys {
                fk.referenced_table =
                    TableId(table_ids[fk.referenced_table.0 as usize].unwrap_or(0));
            }
            for c in &mut t.columns {
                if let ColumnTypeFamily::Enum(EnumId(e)) = c.tpe.family {
                    c.tpe.family =
                        ColumnTypeFamily::Enum(EnumId(enum_ids[e as usize].unwrap_or(0)));
                }
            }
            out.tables.push(t);
        }
        out
    }
}
