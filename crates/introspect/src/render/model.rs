//! A model: its fields (scalar and relation), their attributes and documentation, then its
//! block attributes (`@@id`, `@@unique`, `@@index`, `@@map`, `@@schema`, `@@ignore`).

use super::{Context, Docs, Named, RelationOut, attr, has_usable_identifier, sort_previous_first};
use super::{algorithm, quote};
use crate::previous::{Previous, prisma_level_default};
use schema::constraint_names as cn;
use sql_schema::{
    Column, ColumnArity, ColumnTypeFamily, IndexAlgorithm, IndexColumn, IndexKind, SortOrder,
    TableId,
};
use std::fmt::Write as _;

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

impl Context<'_> {
    pub(super) fn render_model(
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

    pub(super) fn field_type(&self, column: &Column) -> (String, Option<String>) {
        match &column.tpe.family {
            ColumnTypeFamily::Enum(e) => (self.enums[e.0 as usize].name.clone(), None),
            ColumnTypeFamily::Unsupported(t) => (format!("Unsupported({})", quote(t)), None),
            _ => {
                let ft = self.dialect.field_type(column);
                (ft.scalar.to_owned(), ft.native)
            }
        }
    }
}
