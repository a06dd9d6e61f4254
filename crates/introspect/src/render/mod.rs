//! The models, enums and their attributes as text, in Prisma's order, before formatting.
//!
//! This module names every model and enum ([`Context::new`]) and orders the blocks
//! ([`Context::render`]); each kind of block is written by its own module (`model`, `view`,
//! `enums`), with relation fields in `relation_fields` and default values in `values`.

use std::fmt::Write as _;

use schema::Provider;
use sql_schema::{Column, ColumnArity, ColumnTypeFamily, IndexKind, SqlSchema, TableId};

use crate::PullInput;
use crate::dialect::PullDialect;
use crate::names;
use crate::previous::Previous;
use crate::relations::{self, JoinTable, Namer};

mod enums;
mod model;
mod relation_fields;
mod values;
mod view;

pub(crate) use crate::literal::quote;
use values::algorithm;

/// A name in the Prisma schema and the database name it maps, when they differ.
#[derive(Debug, Clone)]
struct Named {
    name: String,
    map: Option<String>,
    reserved: bool,
    /// Renamed because the name is used in several namespaces.
    duplicate: bool,
}

pub(crate) struct Context<'a> {
    db: &'a SqlSchema,
    provider: Provider,
    dialect: &'static dyn PullDialect,
    previous: Previous<'a>,
    joins: Vec<JoinTable>,
    models: Vec<Option<Named>>,
    columns: Vec<Vec<Named>>,
    enums: Vec<Named>,
    uses_namespaces: bool,
    extras: &'a crate::Extras,
    views: bool,
    /// Per table: `@@ignore`d (by the existing schema, or for lack of a unique criterion).
    ignored: Vec<bool>,
    /// Per database enum: the existing schema's enum for it.
    prev_enums: Vec<Option<schema::EnumWalker<'a>>>,
}

/// One relation field of a model, before rendering.
struct RelationOut {
    text: String,
}

impl<'a> Context<'a> {
    pub fn new(input: &PullInput<'a>, dialect: &'static dyn PullDialect) -> Self {
        let db = input.database;
        let previous = Previous(input.previous);
        let joins: Vec<JoinTable> = (0..db.tables.len())
            .filter_map(|i| relations::join_table(db, TableId(i as u32)))
            .collect();
        let mut models = Vec::new();
        let mut columns = Vec::new();
        let mut ignored = Vec::new();
        for (i, table) in db.tables.iter().enumerate() {
            let ns = table.namespace.map(|n| db.namespace(n));
            let prev = previous.model(&table.name, ns);
            let is_join = joins.iter().any(|j| j.table.0 as usize == i);
            ignored.push(
                prev.is_some_and(|m| m.get().is_ignored)
                    || (!has_usable_identifier(table) && !table.columns.is_empty()),
            );
            models.push((!is_join).then(|| match prev {
                Some(m) => Named {
                    name: m.get().name.clone(),
                    map: m.get().mapped_name.clone(),
                    reserved: false,
                    duplicate: false,
                },
                None => fresh_type_name(db, &table.name, ns),
            }));
            columns.push(
                table
                    .columns
                    .iter()
                    .map(|c| match Previous::field(prev, &c.name) {
                        Some(f) => Named {
                            name: f.0.get().name.clone(),
                            map: f.scalar().mapped_name.clone(),
                            reserved: false,
                            duplicate: false,
                        },
                        None => {
                            let (name, map) = names::identifier(&c.name);
                            Named {
                                name,
                                map,
                                reserved: false,
                                duplicate: false,
                            }
                        }
                    })
                    .collect(),
            );
        }
        let prev_enums: Vec<Option<schema::EnumWalker<'a>>> = (0..db.enums.len())
            .map(|i| previous_enum(db, previous, dialect, i))
            .collect();
        let enums = db
            .enums
            .iter()
            .zip(&prev_enums)
            .map(|(e, prev)| match prev {
                Some(p) => Named {
                    name: p.get().name.clone(),
                    map: p.get().mapped_name.clone(),
                    reserved: false,
                    duplicate: false,
                },
                None => fresh_type_name(db, &e.name, e.namespace.map(|n| db.namespace(n))),
            })
            .collect();
        Context {
            db,
            provider: input.provider,
            dialect,
            previous,
            joins,
            models,
            columns,
            enums,
            uses_namespaces: !db.namespaces.is_empty(),
            extras: input.extras,
            views: input.views,
            ignored,
            prev_enums,
        }
    }

    pub fn model_count(&self) -> usize {
        self.models.iter().flatten().count()
    }

    fn model_name(&self, t: TableId) -> String {
        self.models[t.0 as usize]
            .as_ref()
            .map_or_else(|| self.db.table(t).name.clone(), |m| m.name.clone())
    }

    /// The whole schema text (unformatted) and the warnings.
    pub fn render(&self, config: &str) -> (String, crate::Warnings) {
        // Prisma infers relation and relation field names before it matches the existing
        // schema and before it renames the models whose names repeat across namespaces: from
        // the database's names (sanitised). Relations the existing schema has keep its names.
        let model_name = |t: TableId| names::type_name(&self.db.table(t).name).0;
        let column_name =
            |t: TableId, c: usize| names::identifier(&self.db.table(t).columns[c].name).0;
        let namer = Namer {
            schema: self.db,
            joins: &self.joins,
            model_name: &model_name,
            column_name: &column_name,
        };
        let ambiguous = namer.ambiguous();
        let mut relation_fields: Vec<Vec<RelationOut>> =
            (0..self.db.tables.len()).map(|_| Vec::new()).collect();
        let mut warnings = crate::Warnings::default();
        let emulated = self
            .previous
            .0
            .is_some_and(|p| p.relation_mode() == schema::RelationMode::Prisma);
        if emulated {
            // Without foreign keys the database says nothing about relations: Prisma copies
            // them from the existing schema.
            self.copied_relations(&mut relation_fields, &mut warnings);
        } else {
            // Both sides of every foreign key, in the order of the foreign keys (Prisma's).
            self.inline_relations(&namer, &ambiguous, &mut relation_fields);
            self.many_to_many(&namer, &ambiguous, &mut relation_fields);
        }

        // Enums first: Prisma lists their warnings before the models' (names repeated across
        // namespaces).
        let mut enum_blocks: Vec<(Option<usize>, String)> = Vec::new();
        for i in 0..self.db.enums.len() {
            let prev = self.prev_enums[i];
            enum_blocks.push((
                prev.map(|p| p.id.0 as usize),
                self.render_enum(i, prev, &mut warnings),
            ));
        }
        sort_previous_first(&mut enum_blocks);
        let mut blocks: Vec<(Option<usize>, String)> = Vec::new();
        for (i, table) in self.db.tables.iter().enumerate() {
            let Some(named) = &self.models[i] else {
                continue;
            };
            let id = TableId(i as u32);
            let prev = self
                .previous
                .model(&table.name, table.namespace.map(|n| self.db.namespace(n)));
            let text = self.render_model(id, named, prev, &relation_fields[i], &mut warnings);
            blocks.push((prev.map(|m| m.id.index()), text));
        }
        sort_previous_first(&mut blocks);
        if self.views {
            let mut view_blocks: Vec<(Option<usize>, String)> = Vec::new();
            for view in &self.extras.views {
                let prev = self.previous.view(&view.name);
                view_blocks.push((prev.map(|p| p.id.index()), self.render_view(view, prev)));
            }
            sort_previous_first(&mut view_blocks);
            blocks.extend(view_blocks);
        }

        let mut out = String::new();
        if !config.is_empty() {
            out.push_str(config.trim_end());
            out.push_str("\n\n");
        }
        for (_, b) in blocks.iter().chain(enum_blocks.iter()) {
            out.push_str(b);
            out.push('\n');
        }
        (out, warnings)
    }
}

/// The existing schema's enum for the database's enum `i`: the one stored under its name,
/// or, where enums belong to columns (MySQL), the enum type of the field stored in the
/// column that uses it.
fn previous_enum<'a>(
    db: &SqlSchema,
    previous: Previous<'a>,
    dialect: &dyn PullDialect,
    i: usize,
) -> Option<schema::EnumWalker<'a>> {
    let e = &db.enums[i];
    if let Some(found) = previous.enum_(&e.name) {
        return Some(found);
    }
    if !dialect.enums_belong_to_columns() {
        return None;
    }
    let schema = previous.0?;
    db.tables.iter().find_map(|table| {
        let column = table
            .columns
            .iter()
            .find(|c| matches!(c.tpe.family, ColumnTypeFamily::Enum(id) if id.0 as usize == i))?;
        let model = previous.model(&table.name, table.namespace.map(|n| db.namespace(n)));
        let field = Previous::field(model, &column.name)?;
        match field.scalar().field_type {
            schema::ScalarFieldType::Enum(id) => Some(schema.enum_(id)),
            _ => None,
        }
    })
}

/// The Prisma name of a model or enum the existing schema does not know. A name used in
/// several namespaces becomes `{namespace}_{name}` (sanitised) with `@@map`.
fn fresh_type_name(db: &SqlSchema, db_name: &str, namespace: Option<&str>) -> Named {
    let uses = db.tables.iter().filter(|t| t.name == db_name).count()
        + db.enums.iter().filter(|e| e.name == db_name).count();
    if let Some(ns) = namespace.filter(|_| uses > 1) {
        return Named {
            name: names::sanitize(&format!("{ns}_{db_name}")),
            map: Some(db_name.to_owned()),
            reserved: false,
            duplicate: true,
        };
    }
    let (name, map, reserved) = names::type_name(db_name);
    Named {
        name,
        map,
        reserved,
        duplicate: false,
    }
}

/// A primary key, or a unique index on required columns of supported types.
fn has_usable_identifier(table: &sql_schema::Table) -> bool {
    table.primary_key.as_ref().is_some_and(|pk| {
        pk.columns.iter().all(|c| {
            !matches!(
                table.columns[c.column].tpe.family,
                ColumnTypeFamily::Unsupported(_)
            )
        })
    }) || table.indexes.iter().any(|ix| {
        ix.kind == IndexKind::Unique
            && ix
                .columns
                .iter()
                .all(|c| usable_column(&table.columns[c.column]))
    })
}

fn usable_column(c: &Column) -> bool {
    c.tpe.arity == ColumnArity::Required
        && !matches!(c.tpe.family, ColumnTypeFamily::Unsupported(_))
}

fn attr(name: &str, args: &[String]) -> String {
    if args.is_empty() {
        format!(" {name}")
    } else {
        format!(" {name}({})", args.join(", "))
    }
}

/// The documentation of a model, field, view or enum: the existing schema's text (lines
/// separated by `\n`), then the notes introspection adds.
struct Docs(Option<String>);

impl Docs {
    /// Appends a note unless the documentation already holds it: Prisma's rule, so that
    /// re-introspecting a schema that already carries a note (the expression index one, which
    /// is added to existing models too) does not repeat it.
    fn push(&mut self, note: impl AsRef<str>) {
        let note = note.as_ref();
        match &mut self.0 {
            Some(text) if text.contains(note) => {}
            Some(text) => {
                text.push('\n');
                text.push_str(note);
            }
            None => self.0 = Some(note.to_owned()),
        }
    }

    /// The `///` lines, as Prisma's renderer writes them: one per line of the text, `///`
    /// alone (no trailing space) for an empty line, each after `indent`.
    fn write(&self, out: &mut String, indent: &str) {
        let Some(text) = &self.0 else {
            return;
        };
        for line in text.split('\n') {
            out.push_str(indent);
            if line.is_empty() {
                out.push_str("///\n");
            } else {
                let _ = writeln!(out, "/// {line}");
            }
        }
    }
}

/// Previous positions first (in that order), new items after in their own order.
fn sort_previous_first<T>(items: &mut [(Option<usize>, T)]) {
    items.sort_by_key(|(p, _)| (p.is_none(), *p));
}
