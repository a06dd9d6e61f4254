//! The models, enums and their attributes as text, in Prisma's order, before formatting.

use std::fmt::Write as _;

use schema::constraint_names as cn;
use schema::{Provider, SchemaCapabilities};
use sql_schema::{
    Column, ColumnArity, ColumnTypeFamily, IndexAlgorithm, IndexColumn, IndexKind, SortOrder,
    SqlSchema, TableId,
};

use crate::PullInput;
use crate::dialect::PullDialect;
use crate::names;
use crate::previous::{Previous, prisma_level_default};
use crate::relations::{self, JoinTable, Namer};

mod relation_fields;
mod values;

use values::algorithm;
pub(crate) use values::quote;

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

    fn render_model(
        &self,
        id: TableId,
        named: &Named,
        prev: Option<schema::ModelWalker<'_>>,
        relation_fields: &[RelationOut],
        warnings: &mut crate::Warnings,
    ) -> String {
        let i = id.0 as usize;
        let table = self.db.table(id);
        let mut docs = Docs(prev.and_then(|m| m.get().documentation.clone()));
        if table.columns.is_empty() {
            // Nothing to write: Prisma comments the model out.
            warnings
                .models_without_columns
                .push(crate::warnings::model(&named.name));
            docs.push(self.dialect.no_columns_doc());
            let mut out = String::new();
            docs.write(&mut out, "");
            let _ = writeln!(out, "// model {} {{", named.name);
            if let Some(m) = &named.map {
                let _ = writeln!(out, "// @@map({})", quote(m));
            }
            out.push_str("// }\n");
            return out;
        }
        if named.duplicate {
            warnings
                .duplicate_names
                .push(format!("Type: \"model\", name: \"{}\"", named.name));
        }
        if named.reserved {
            docs.push(format!(
                "This model has been renamed to '{}' during introspection, because the original name '{}' is reserved.",
                named.name, table.name
            ));
        }
        if self.extras.partition_tables.contains(&table.name) {
            warnings
                .partition_tables
                .push(crate::warnings::model(&table.name));
            if prev.is_none() {
                docs.push("This table is a partition table and requires additional setup for migrations. Visit https://pris.ly/d/partition-tables for more info.");
            }
        }
        // The checks written as `@@check` are no longer worth a warning.
        let unwritten: Vec<String> = self
            .extras
            .check_constraints
            .get(&table.name)
            .into_iter()
            .flatten()
            .filter(|c| !table.checks.iter().any(|w| &w.name == *c))
            .cloned()
            .collect();
        let checks = (!unwritten.is_empty()).then_some(&unwritten);
        let exclusions = self.extras.exclusion_constraints.get(&table.name);
        let rls = self.extras.row_level_security.contains(&table.name);
        let comments = self.extras.comments.get(&table.name);
        for c in checks.into_iter().flatten() {
            warnings
                .check_constraints
                .push(crate::warnings::model_constraint(&named.name, c));
        }
        for c in exclusions.into_iter().flatten() {
            warnings
                .exclusion_constraints
                .push(crate::warnings::model_constraint(&named.name, c));
        }
        if rls {
            warnings
                .row_level_security
                .push(crate::warnings::model(&named.name));
        }
        if let Some((on_table, columns)) = comments {
            if *on_table {
                warnings
                    .objects_with_comments
                    .push(format!("Type: \"model\", name: \"{}\"", named.name));
            }
            for c in columns {
                let field = table
                    .column_position(c)
                    .map_or_else(|| c.clone(), |p| self.columns[i][p].name.clone());
                warnings
                    .objects_with_comments
                    .push(format!("Type: \"field\", name: \"{}.{field}\"", named.name));
            }
        }
        if prev.is_none() && checks.is_some() {
            docs.push("This table contains check constraints and requires additional setup for migrations. Visit https://pris.ly/d/check-constraints for more info.");
        }
        if prev.is_none() && exclusions.is_some() {
            docs.push("This table contains exclusion constraints and requires additional setup for migrations. Visit https://pris.ly/d/exclusion-constraints for more info.");
        }
        let usable = has_usable_identifier(table);
        let ignored_in_psl = prev.is_some_and(|m| m.get().is_ignored);
        let is_ignored = self.ignored[i];
        if !usable && !ignored_in_psl {
            docs.push("The underlying table does not contain a valid unique identifier and can therefore currently not be handled by Prisma Client.");
            warnings
                .models_without_identifiers
                .push(crate::warnings::model(&named.name));
        }
        let deferrable = self.extras.deferrable_constraints.get(&table.name);
        let expression = self.extras.expression_indexes.get(&table.name);
        for c in deferrable.into_iter().flatten() {
            warnings
                .non_default_deferring
                .push(crate::warnings::model_constraint(&named.name, c));
        }
        for c in expression.into_iter().flatten() {
            warnings
                .expression_indexes
                .push(crate::warnings::model_constraint(&named.name, c));
        }
        if prev.is_some_and(|m| m.get().mapped_name.is_some()) {
            warnings
                .remapped_models
                .push(crate::warnings::model(&named.name));
        }
        if prev.is_none() && comments.is_some() {
            docs.push("This model or at least one of its fields has comments in the database, and requires an additional setup for migrations: Read more: https://pris.ly/d/database-comments");
        }
        if prev.is_none() && deferrable.is_some() {
            docs.push("This model has constraints using non-default deferring rules and requires additional setup for migrations. Visit https://pris.ly/d/constraint-deferring for more info.");
        }
        if prev.is_none() && rls {
            docs.push("This model contains row level security and requires additional setup for migrations. Visit https://pris.ly/d/row-level-security for more info.");
        }
        if expression.is_some() {
            docs.push("This model contains an expression index which requires additional setup for migrations. Visit https://pris.ly/d/expression-indexes for more info.");
        }

        let mut out = String::new();
        docs.write(&mut out, "");
        let _ = writeln!(out, "model {} {{", named.name);

        // Which single-column unique index goes on a field (`@unique`): the first one.
        let mut field_unique: Vec<Option<usize>> = vec![None; table.columns.len()];
        for (p, ix) in table.indexes.iter().enumerate() {
            if ix.kind == IndexKind::Unique && ix.columns.len() == 1 {
                let c = ix.columns[0].column;
                if field_unique[c].is_none() {
                    field_unique[c] = Some(p);
                }
            }
        }
        let pk_on_field = table
            .primary_key
            .as_ref()
            .filter(|pk| pk.columns.len() == 1);

        for (c, column) in table.columns.iter().enumerate() {
            let field_named = &self.columns[i][c];
            let prev_field = Previous::field(prev, &column.name);
            Docs(prev_field.and_then(|f| f.0.get().documentation.clone())).write(&mut out, "  ");
            let mut line = String::new();
            let (tpe, native) = self.field_type(column);
            if prev_field.is_some_and(|f| f.scalar().mapped_name.is_some()) {
                warnings
                    .remapped_fields
                    .push(crate::warnings::model_field(&named.name, &field_named.name));
            }
            if let ColumnTypeFamily::Unsupported(t) = &column.tpe.family {
                warnings.unsupported_types.push(format!(
                    "{}, original data type: \"{t}\"",
                    crate::warnings::model_field(&named.name, &field_named.name)
                ));
            }
            // A primary key column is never null (SQLite reports `INTEGER PRIMARY KEY` as
            // nullable: it is the rowid).
            let in_pk = table
                .primary_key
                .as_ref()
                .is_some_and(|pk| pk.columns.iter().any(|k| k.column == c));
            let arity = match column.tpe.arity {
                ColumnArity::Nullable if in_pk => "",
                ColumnArity::Required => "",
                ColumnArity::Nullable => "?",
                ColumnArity::List => "[]",
            };
            // A name that sanitises to nothing: Prisma comments the field out, under its
            // database name.
            let commented_out = field_named.name.is_empty();
            if commented_out {
                line.push_str("/// This field was commented out because of an invalid name. Please provide a valid one that matches [a-zA-Z][a-zA-Z0-9_]*\n// ");
                warnings
                    .fields_with_empty_names
                    .push((named.name.clone(), column.name.clone()));
                let _ = write!(line, "{} {tpe}{arity}", column.name);
            } else {
                let _ = write!(line, "{} {tpe}{arity}", field_named.name);
            }
            if prev_field.is_some_and(|f| f.scalar().is_updated_at) {
                line.push_str(" @updatedAt");
            }
            if let Some(p) = field_unique[c] {
                let ix = &table.indexes[p];
                let default = cn::unique_index_name(&table.name, &[&column.name], self.provider);
                // Prisma's order: map, sort, length.
                let mut args = Vec::new();
                if ix.name != default {
                    args.push(format!("map: {}", quote(&ix.name)));
                }
                args.extend(column_options(&ix.columns[0]));
                if let Some(predicate) = &ix.predicate {
                    args.push(format!("where: raw({})", quote(predicate)));
                }
                line.push_str(&attr("@unique", &args));
            }
            if let Some(pk) = pk_on_field.filter(|pk| pk.columns[0].column == c) {
                // Prisma's order: sort, length, map. A descending primary key column on a
                // database whose keys Prisma cannot sort (MySQL) is written without `sort:`.
                let mut key_column = pk.columns[0].clone();
                if !self.provider.supports_primary_key_sort_order() {
                    key_column.sort = None;
                }
                let mut args = column_options(&key_column);
                if let Some(name) = &pk.name {
                    let default = cn::primary_key_name(&table.name, self.provider);
                    if *name != default && self.provider.supports_named_primary_keys() {
                        args.push(format!("map: {}", quote(name)));
                    }
                }
                line.push_str(&attr("@id", &args));
            }
            let default = self
                .default(column)
                .or_else(|| prev_field.and_then(prisma_level_default));
            if let Some(d) = default {
                let _ = write!(line, " @default({d})");
            }
            if let Some(m) = &field_named.map {
                let _ = write!(line, " @map({})", quote(m));
            }
            if let Some(n) = native {
                let _ = write!(line, " @db.{n}");
            }
            if prev_field.is_some_and(|f| f.0.get().is_ignored) {
                line.push_str(" @ignore");
            }
            let _ = writeln!(out, "  {line}");
        }
        for rf in relation_fields {
            let _ = writeln!(out, "  {}", rf.text);
        }

        let mut block = Vec::new();
        if let Some(pk) = table.primary_key.as_ref().filter(|pk| pk.columns.len() > 1) {
            let mut key_columns = pk.columns.clone();
            if !self.provider.supports_primary_key_sort_order() {
                key_columns.iter_mut().for_each(|c| c.sort = None);
            }
            let mut args = vec![self.index_fields(id, &key_columns, false)];
            if let Some(client_name) =
                prev.and_then(|m| m.get().primary_key.as_ref().and_then(|p| p.name.clone()))
            {
                args.push(format!("name: {}", quote(&client_name)));
                warnings
                    .reintrospected_id_names
                    .push(crate::warnings::model(&named.name));
            }
            if let Some(name) = &pk.name {
                let default = cn::primary_key_name(&table.name, self.provider);
                if *name != default && self.provider.supports_named_primary_keys() {
                    args.push(format!("map: {}", quote(name)));
                }
            }
            block.push(format!("@@id({})", args.join(", ")));
        }
        let mut indexes: Vec<(Option<usize>, String)> = Vec::new();
        for ix in &table.indexes {
            if ix.kind == IndexKind::Unique && ix.columns.len() == 1 {
                continue;
            }
            // The index behind an exclusion constraint belongs to the constraint.
            if exclusions.is_some_and(|x| x.contains(&ix.name)) {
                continue;
            }
            let cols: Vec<&str> = ix
                .columns
                .iter()
                .map(|c| table.columns[c.column].name.as_str())
                .collect();
            let (keyword, default) = match ix.kind {
                IndexKind::Unique => (
                    "@@unique",
                    cn::unique_index_name(&table.name, &cols, self.provider),
                ),
                IndexKind::Normal => (
                    "@@index",
                    cn::non_unique_index_name(&table.name, &cols, self.provider),
                ),
                IndexKind::Fulltext => (
                    "@@fulltext",
                    cn::non_unique_index_name(&table.name, &cols, self.provider),
                ),
            };
            // Prisma's describer reads operator classes only for the index types that name
            // them (GiST, GIN, SP-GiST, BRIN): on a B-tree or hash index a non-default class
            // (`text_pattern_ops`) is not written.
            let with_ops = !matches!(
                ix.algorithm,
                None | Some(IndexAlgorithm::BTree | IndexAlgorithm::Hash)
            );
            let mut args = vec![self.index_fields(id, &ix.columns, with_ops)];
            if ix.name != default {
                args.push(format!("map: {}", quote(&ix.name)));
            }
            if let Some(alg) = ix.algorithm.filter(|a| *a != IndexAlgorithm::BTree) {
                args.push(format!("type: {}", algorithm(alg)));
            }
            // A partial index (read only when the schema enables `partialIndexes`).
            if let Some(predicate) = &ix.predicate {
                args.push(format!("where: raw({})", quote(predicate)));
            }
            let position = prev.and_then(|m| {
                m.get()
                    .indexes
                    .iter()
                    .position(|p| p.database_name == ix.name)
            });
            // The client name (`name:`) of a kept index stays.
            if let Some(client_name) =
                position.and_then(|p| prev.and_then(|m| m.get().indexes[p].name.clone()))
            {
                args.insert(1, format!("name: {}", quote(&client_name)));
            }
            indexes.push((position, format!("{keyword}({})", args.join(", "))));
        }
        if let Some(order) = self.extras.index_order.get(&table.name) {
            // `indexes` holds the table's indexes but single-column uniques, in table order.
            let kept: Vec<&str> = table
                .indexes
                .iter()
                .filter(|ix| !(ix.kind == IndexKind::Unique && ix.columns.len() == 1))
                .filter(|ix| !exclusions.is_some_and(|x| x.contains(&ix.name)))
                .map(|ix| ix.name.as_str())
                .collect();
            let rank = |k: usize| order.iter().position(|n| n == kept[k]);
            let mut positions: Vec<usize> = (0..indexes.len()).collect();
            positions.sort_by_key(|&k| (rank(k).is_none(), rank(k)));
            let mut slots: Vec<Option<(Option<usize>, String)>> =
                indexes.into_iter().map(Some).collect();
            indexes = positions.iter().filter_map(|&k| slots[k].take()).collect();
        }
        sort_previous_first(&mut indexes);
        block.extend(indexes.into_iter().map(|(_, t)| t));
        // Check constraints (read only when the schema manages them, see `crate::pull`).
        let mut unnamed = 0;
        for check in &table.checks {
            let mut args = vec![format!("expression: {}", quote(&check.expression))];
            if check.name == cn::check_constraint_name(&table.name, unnamed, self.provider) {
                unnamed += 1;
            } else {
                args.push(format!("map: {}", quote(&check.name)));
            }
            block.push(format!("@@check({})", args.join(", ")));
        }
        if let Some(m) = &named.map {
            block.push(format!("@@map({})", quote(m)));
        }
        if is_ignored {
            block.push("@@ignore".to_owned());
        }
        if self.uses_namespaces
            && let Some(ns) = table.namespace
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

    fn index_fields(&self, id: TableId, columns: &[IndexColumn], with_ops: bool) -> String {
        let names: Vec<String> = columns
            .iter()
            .map(|c| {
                let name = self.columns[id.0 as usize][c.column].name.clone();
                let mut args = Vec::new();
                if c.sort == Some(SortOrder::Desc) {
                    args.push("sort: Desc".to_owned());
                }
                if let Some(len) = c.length {
                    args.push(format!("length: {len}"));
                }
                if let Some(ops) = c.operator_class.as_ref().filter(|_| with_ops) {
                    args.push(format!("ops: {}", self.dialect.operator_class(ops)));
                }
                if args.is_empty() {
                    name
                } else {
                    format!("{name}({})", args.join(", "))
                }
            })
            .collect();
        format!("[{}]", names.join(", "))
    }

    fn field_type(&self, column: &Column) -> (String, Option<String>) {
        match &column.tpe.family {
            ColumnTypeFamily::Enum(e) => (self.enums[e.0 as usize].name.clone(), None),
            ColumnTypeFamily::Unsupported(t) => (format!("Unsupported({})", quote(t)), None),
            _ => {
                let ft = self.dialect.field_type(column);
                (ft.scalar.to_owned(), ft.native)
            }
        }
    }

    /// A view. Views have no keys in the database: on re-introspection their names, `@map`s,
    /// docs, arities and `@id`/`@unique`/`@@id`/`@@unique` come from the existing schema.
    fn render_view(&self, view: &crate::View, prev: Option<schema::ModelWalker<'_>>) -> String {
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

    fn render_enum(
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

/// `sort: Desc` and `length: n` of a key column, as field attributes spell them.
fn column_options(column: &IndexColumn) -> Vec<String> {
    let mut args = Vec::new();
    if column.sort == Some(SortOrder::Desc) {
        args.push("sort: Desc".to_owned());
    }
    if let Some(length) = column.length {
        args.push(format!("length: {length}"));
    }
    args
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
