//! Relation fields: both sides of every foreign key, implicit many-to-many relations, and
//! relations copied from the existing schema when the database has no foreign keys.

use std::collections::HashSet;

use schema::SchemaCapabilities;
use schema::constraint_names as cn;
use sql_schema::{ColumnArity, ForeignKeyAction, IndexKind, TableId};

use super::values::action;
use super::{Context, RelationOut, quote};
use crate::previous::Previous;
use crate::relations::{self, Namer, RelationName};

impl Context<'_> {
    pub(super) fn inline_relations(
        &self,
        namer: &Namer<'_>,
        ambiguous: &HashSet<[TableId; 2]>,
        out: &mut [Vec<RelationOut>],
    ) {
        for (i, table) in self.db.tables.iter().enumerate() {
            let id = TableId(i as u32);
            if self.models[i].is_none() {
                continue;
            }
            let prev_model = self
                .previous
                .model(&table.name, table.namespace.map(|n| self.db.namespace(n)));
            for (p, fk) in table.foreign_keys.iter().enumerate() {
                if relations::is_duplicate(table, p)
                    || self.models[fk.referenced_table.0 as usize].is_none()
                {
                    continue;
                }
                let [mut name, mut fwd_name, mut back_name]: RelationName =
                    namer.inline(id, fk, ambiguous);
                let column_db: Vec<&str> = fk
                    .columns
                    .iter()
                    .map(|&c| table.columns[c].name.as_str())
                    .collect();
                if let Some((f, opposite)) = Previous::inline_relation(prev_model, &column_db) {
                    fwd_name = f.0.get().name.clone();
                    if let Some(o) = opposite {
                        back_name = o.0.get().name.clone();
                    }
                    name = f
                        .relation()
                        .filter(|r| r.get().has_explicit_name)
                        .map(|r| r.get().name.clone())
                        .unwrap_or_default();
                }
                let optional = fk
                    .columns
                    .iter()
                    .any(|&c| table.columns[c].tpe.arity != ColumnArity::Required);
                let mut args = Vec::new();
                if !name.is_empty() {
                    args.push(quote(&name));
                }
                let fields: Vec<String> = fk
                    .columns
                    .iter()
                    .map(|&c| self.columns[i][c].name.clone())
                    .collect();
                let refs: Vec<String> = fk
                    .referenced_columns
                    .iter()
                    .map(|&c| self.columns[fk.referenced_table.0 as usize][c].name.clone())
                    .collect();
                args.push(format!("fields: [{}]", fields.join(", ")));
                args.push(format!("references: [{}]", refs.join(", ")));
                let default_delete = if optional {
                    ForeignKeyAction::SetNull
                } else {
                    ForeignKeyAction::Restrict
                };
                if fk.on_delete != default_delete {
                    args.push(format!("onDelete: {}", action(fk.on_delete)));
                }
                if fk.on_update != ForeignKeyAction::Cascade {
                    args.push(format!("onUpdate: {}", action(fk.on_update)));
                }
                if let Some(db_name) = &fk.name {
                    let default = cn::foreign_key_name(&table.name, &column_db, self.provider);
                    if *db_name != default && self.provider.supports_named_foreign_keys() {
                        args.push(format!("map: {}", quote(db_name)));
                    }
                }
                // A relation field of a kept model to an ignored one is ignored too.
                let ignore_forward =
                    !self.ignored[i] && self.ignored[fk.referenced_table.0 as usize];
                let ignore_back = !self.ignored[fk.referenced_table.0 as usize] && self.ignored[i];
                let target = self.model_name(fk.referenced_table);
                out[i].push(RelationOut {
                    text: format!(
                        "{fwd_name} {target}{} @relation({}){}",
                        if optional { "?" } else { "" },
                        args.join(", "),
                        if ignore_forward { " @ignore" } else { "" }
                    ),
                });
                // The back side is a list unless the foreign key's columns are unique: as
                // Prisma infers it, when the primary key or a unique index is on some of them
                // (in any order), the relation is one-to-one.
                let within_fk = |columns: &[sql_schema::IndexColumn]| {
                    !columns.is_empty() && columns.iter().all(|c| fk.columns.contains(&c.column))
                };
                let unique = table
                    .primary_key
                    .as_ref()
                    .is_some_and(|pk| within_fk(&pk.columns))
                    || table
                        .indexes
                        .iter()
                        .any(|ix| ix.kind == IndexKind::Unique && within_fk(&ix.columns));
                let source = self.model_name(id);
                let attr = if name.is_empty() {
                    String::new()
                } else {
                    format!(" @relation({})", quote(&name))
                };
                out[fk.referenced_table.0 as usize].push(RelationOut {
                    text: format!(
                        "{back_name} {source}{}{attr}{}",
                        if unique { "?" } else { "[]" },
                        if ignore_back { " @ignore" } else { "" }
                    ),
                });
            }
        }
    }

    pub(super) fn copied_relations(
        &self,
        out: &mut [Vec<RelationOut>],
        warnings: &mut crate::Warnings,
    ) {
        for (i, table) in self.db.tables.iter().enumerate() {
            let Some(model) = self
                .previous
                .model(&table.name, table.namespace.map(|n| self.db.namespace(n)))
            else {
                continue;
            };
            for rf in model.relation_fields() {
                let related = rf.related_model();
                let target = related.get();
                if !self
                    .db
                    .tables
                    .iter()
                    .any(|t| t.name == target.database_name)
                {
                    continue;
                }
                let field = rf.0.get();
                let data = rf.relation_field();
                let arity = match field.arity {
                    schema::FieldArity::Required => "",
                    schema::FieldArity::Optional => "?",
                    schema::FieldArity::List => "[]",
                };
                let names = |ids: &[schema::FieldId]| {
                    ids.iter()
                        .map(|&f| model.schema.field(f).get().name.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let mut args = Vec::new();
                if let Some(name) = &data.relation_name {
                    args.push(quote(name));
                }
                if !data.fields.is_empty() {
                    args.push(format!("fields: [{}]", names(&data.fields)));
                    args.push(format!("references: [{}]", names(&data.references)));
                }
                if let Some(a) = data.on_delete {
                    args.push(format!("onDelete: {}", a.as_str()));
                }
                if let Some(a) = data.on_update {
                    args.push(format!("onUpdate: {}", a.as_str()));
                }
                if let Some(m) = &data.mapped_name {
                    args.push(format!("map: {}", quote(m)));
                }
                let relation = if args.is_empty() {
                    String::new()
                } else {
                    format!(" @relation({})", args.join(", "))
                };
                let ignore = if field.is_ignored { " @ignore" } else { "" };
                out[i].push(RelationOut {
                    text: format!("{} {}{arity}{relation}{ignore}", field.name, target.name),
                });
                warnings
                    .reintrospected_relations
                    .push(crate::warnings::model(&target.name));
            }
        }
    }

    pub(super) fn many_to_many(
        &self,
        namer: &Namer<'_>,
        ambiguous: &HashSet<[TableId; 2]>,
        out: &mut [Vec<RelationOut>],
    ) {
        for join in &self.joins {
            if self.models[join.a.0 as usize].is_none() || self.models[join.b.0 as usize].is_none()
            {
                continue;
            }
            let [mut name, mut field_first, mut field_second] = namer.many_to_many(join, ambiguous);
            let ids = if join.a <= join.b {
                [join.a, join.b]
            } else {
                [join.b, join.a]
            };
            let table_name = &self.db.table(join.table).name;
            if let Some((fa, fb)) = self.previous.many_to_many(table_name) {
                name = table_name[1..].to_owned();
                let first_model = self.model_name(ids[0]);
                let (on_first, on_second) = if fa.model().get().name == first_model {
                    (Some(fa), fb)
                } else {
                    (fb, Some(fa))
                };
                if let Some(f) = on_first {
                    field_first = f.0.get().name.clone();
                }
                if let Some(f) = on_second {
                    field_second = f.0.get().name.clone();
                }
            }
            let attr = if name.is_empty() {
                String::new()
            } else {
                format!(" @relation({})", quote(&name))
            };
            let (m0, m1) = (self.model_name(ids[0]), self.model_name(ids[1]));
            out[ids[0].0 as usize].push(RelationOut {
                text: format!("{field_first} {m1}[]{attr}"),
            });
            out[ids[1].0 as usize].push(RelationOut {
                text: format!("{field_second} {m0}[]{attr}"),
            });
        }
    }
}
