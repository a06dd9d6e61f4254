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
            partial_indexes: self.partial_indexes,
            check_constraints: self.check_constraints,
            extensions: self.extensions.clone(),
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

#[cfg(test)]
mod tests {
    use crate::model::*;

    /// `auth.users` (external), `public.role` (external, used by a managed column),
    /// `public.mood` (external, unused), and `public.Post` with a foreign key to `auth.users`
    /// and one to `public.Tag`.
    fn schema() -> SqlSchema {
        let mut s = SqlSchema::new();
        let auth = s.push_namespace("auth");
        let public = s.push_namespace("public");
        let role = s.push_enum(Enum {
            namespace: Some(public),
            name: "role".into(),
            values: vec!["a".into()],
        });
        s.push_enum(Enum {
            namespace: Some(public),
            name: "mood".into(),
            values: vec!["b".into()],
        });
        let mut users = Table::new(Some(auth), "users");
        users.columns.push(Column::new(
            "id",
            ColumnTypeFamily::Int,
            "INTEGER",
            ColumnArity::Required,
        ));
        let users = s.push_table(users);
        let mut tag = Table::new(Some(public), "Tag");
        tag.columns.push(Column::new(
            "id",
            ColumnTypeFamily::Int,
            "INTEGER",
            ColumnArity::Required,
        ));
        let tag = s.push_table(tag);
        let mut post = Table::new(Some(public), "Post");
        post.columns.push(Column::new(
            "author",
            ColumnTypeFamily::Int,
            "INTEGER",
            ColumnArity::Required,
        ));
        post.columns.push(Column::new(
            "tag",
            ColumnTypeFamily::Int,
            "INTEGER",
            ColumnArity::Required,
        ));
        post.columns.push(Column::new(
            "role",
            ColumnTypeFamily::Enum(role),
            "role",
            ColumnArity::Required,
        ));
        for (column, table) in [(0, users), (1, tag)] {
            post.foreign_keys.push(ForeignKey {
                name: None,
                columns: vec![column],
                referenced_table: table,
                referenced_columns: vec![0],
                on_delete: ForeignKeyAction::Cascade,
                on_update: ForeignKeyAction::Cascade,
            });
        }
        s.push_table(post);
        s
    }

    #[test]
    fn external_tables_and_enums_are_removed_with_their_foreign_keys() {
        let s = schema();
        let out = s.without_external(
            &["auth.users".into()],
            &["public.role".into(), "mood".into()],
        );
        let names: Vec<&str> = out.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Tag", "Post"]);
        // `role` is used by Post.role: kept; `mood` is not: removed.
        let enums: Vec<&str> = out.enums.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(enums, ["role"]);
        let post = &out.tables[1];
        assert_eq!(post.foreign_keys.len(), 1);
        assert_eq!(out.table(post.foreign_keys[0].referenced_table).name, "Tag");
        assert_eq!(
            post.columns[2].tpe.family,
            ColumnTypeFamily::Enum(EnumId(0))
        );
    }

    #[test]
    fn a_qualified_name_matches_only_its_namespace() {
        let s = schema();
        assert_eq!(
            s.without_external(&["public.users".into()], &[])
                .tables
                .len(),
            3
        );
        assert_eq!(s.without_external(&["users".into()], &[]).tables.len(), 2);
        assert_eq!(s.without_external(&[], &[]), s);
    }
}
