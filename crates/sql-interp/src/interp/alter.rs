//! `ALTER TABLE` operations, and MySQL's `RENAME INDEX`, which the parser does not read.

use sql_schema::{ColumnArity, IndexKind};
use sqlparser::ast::{AlterTableOperation, ColumnOption, RenameTableNameKind};

use super::{Interpreter, Outcome};
use crate::work::WIndexColumn;

impl Interpreter {
    pub(super) fn alter_table(&mut self, table: &str, op: &AlterTableOperation) -> Outcome {
        use AlterTableOperation as Op;
        match op {
            Op::AddColumn {
                if_not_exists,
                column_def,
                column_position,
                ..
            } => {
                let name = self.ident(&column_def.name);
                if self.work.table_mut(table)?.column(&name).is_some() && *if_not_exists {
                    return Ok(());
                }
                if column_position.is_some() {
                    return Err("a column added at a position (`FIRST`/`AFTER`)".to_owned());
                }
                self.add_column(table, column_def)
            }
            Op::DropColumn {
                column_names,
                if_exists,
                ..
            } => {
                for c in column_names {
                    let name = self.ident(c);
                    self.drop_column(table, &name, *if_exists)?;
                }
                Ok(())
            }
            Op::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let from = self.ident(old_column_name);
                let to = self.ident(new_column_name);
                self.work.rename_column(table, &from, &to)
            }
            Op::RenameTable { table_name } => {
                let (RenameTableNameKind::To(to) | RenameTableNameKind::As(to)) = table_name;
                let to = self.object_name(to)?;
                self.work.rename_table(table, &to)
            }
            Op::AlterColumn { column_name, op } => {
                let column = self.ident(column_name);
                self.alter_column(table, &column, op)
            }
            Op::AddConstraint { constraint, .. } => self.add_constraint(table, constraint),
            Op::DropConstraint {
                name, if_exists, ..
            } => {
                let name = self.ident(name);
                self.drop_constraint(table, &name, *if_exists)
            }
            Op::RenameConstraint { old_name, new_name } => {
                let (from, to) = (self.ident(old_name), self.ident(new_name));
                let t = self.work.table_mut(table)?;
                if let Some(fk) = t
                    .foreign_keys
                    .iter_mut()
                    .find(|f| f.name.as_deref() == Some(&from))
                {
                    fk.name = Some(to);
                    return Ok(());
                }
                self.rename_index(Some(table), &from, &to)
            }
            Op::ValidateConstraint { name } => {
                // Validating a `NOT VALID` check or foreign key changes nothing the model
                // holds (the describers read a constraint whether it is validated or not).
                let name = self.ident(name);
                let t = self.work.table_mut(table)?;
                if t.checks.iter().any(|(c, _)| *c == name)
                    || t.foreign_keys
                        .iter()
                        .any(|f| f.name.as_deref() == Some(&name))
                {
                    return Ok(());
                }
                Err(format!("the constraint `{name}` does not exist"))
            }
            Op::DropPrimaryKey { .. } => {
                self.work.table_mut(table)?.primary_key = None;
                Ok(())
            }
            Op::DropForeignKey { name, .. } => {
                let name = self.ident(name);
                let t = self.work.table_mut(table)?;
                let before = t.foreign_keys.len();
                t.foreign_keys.retain(|f| f.name.as_deref() != Some(&name));
                if before == t.foreign_keys.len() {
                    return Err(format!("the foreign key `{name}` does not exist"));
                }
                Ok(())
            }
            Op::DropIndex { name } => {
                let name = self.ident(name);
                let t = self.work.table_mut(table)?;
                let before = t.indexes.len();
                t.indexes.retain(|i| i.name != name);
                if before == t.indexes.len() {
                    return Err(format!("the index `{name}` does not exist"));
                }
                Ok(())
            }
            Op::ModifyColumn {
                col_name,
                data_type,
                options,
                column_position,
            } => {
                let name = self.ident(col_name);
                self.redefine_column(
                    table,
                    &name,
                    &name,
                    data_type,
                    options,
                    column_position.is_some(),
                )
            }
            Op::ChangeColumn {
                old_name,
                new_name,
                data_type,
                options,
                column_position,
            } => {
                let (from, to) = (self.ident(old_name), self.ident(new_name));
                self.redefine_column(
                    table,
                    &from,
                    &to,
                    data_type,
                    options,
                    column_position.is_some(),
                )
            }
            Op::EnableRowLevelSecurity
            | Op::DisableRowLevelSecurity
            | Op::ForceRowLevelSecurity
            | Op::NoForceRowLevelSecurity
            | Op::OwnerTo { .. }
            | Op::ReplicaIdentity { .. }
            | Op::EnableTrigger { .. }
            | Op::DisableTrigger { .. }
            | Op::EnableAlwaysTrigger { .. }
            | Op::EnableReplicaTrigger { .. }
            | Op::Algorithm { .. }
            | Op::Lock { .. } => Ok(()),
            other => Err(format!("`ALTER TABLE … {other}` is not interpreted")),
        }
    }

    fn drop_column(&mut self, table: &str, name: &str, if_exists: bool) -> Outcome {
        let shrink = self.dialect().drop_column_shrinks_indexes();
        let t = self.work_mut().table_mut(table)?;
        let Some(position) = t.columns.iter().position(|c| c.name == name) else {
            return if if_exists {
                Ok(())
            } else {
                Err(format!("the column `{table}`.`{name}` does not exist"))
            };
        };
        t.columns.remove(position);
        let uses = |cols: &[WIndexColumn]| cols.iter().any(|c| c.column == name);
        if t.primary_key.as_ref().is_some_and(|pk| uses(&pk.columns)) {
            if shrink {
                if let Some(pk) = &mut t.primary_key {
                    pk.columns.retain(|c| c.column != name);
                }
                if t.primary_key
                    .as_ref()
                    .is_some_and(|pk| pk.columns.is_empty())
                {
                    t.primary_key = None;
                }
            } else {
                t.primary_key = None;
            }
        }
        if shrink {
            for i in &mut t.indexes {
                i.columns.retain(|c| c.column != name);
            }
            t.indexes.retain(|i| !i.columns.is_empty());
        } else {
            t.indexes.retain(|i| !uses(&i.columns));
        }
        t.foreign_keys
            .retain(|fk| !fk.columns.iter().any(|c| c == name));
        for other in &mut self.work_mut().tables {
            other.foreign_keys.retain(|fk| {
                !(fk.referenced_table == table && fk.referenced_columns.iter().any(|c| c == name))
            });
        }
        Ok(())
    }

    fn drop_constraint(&mut self, table: &str, name: &str, if_exists: bool) -> Outcome {
        let t = self.work_mut().table_mut(table)?;
        if t.primary_key
            .as_ref()
            .is_some_and(|pk| pk.name.as_deref() == Some(name))
        {
            t.primary_key = None;
            return Ok(());
        }
        let before = (t.indexes.len(), t.foreign_keys.len());
        t.indexes
            .retain(|i| !(i.name == name && i.kind == IndexKind::Unique));
        t.foreign_keys.retain(|f| f.name.as_deref() != Some(name));
        t.checks.retain(|(n, _)| n != name);
        if before == (t.indexes.len(), t.foreign_keys.len() + t.checks.len()) && !if_exists {
            return Err(format!(
                "the constraint `{name}` does not exist on `{table}`"
            ));
        }
        Ok(())
    }

    /// MySQL's `MODIFY`/`CHANGE`: the column defined anew in its place (renamed for `CHANGE`).
    fn redefine_column(
        &mut self,
        table: &str,
        from: &str,
        to: &str,
        data_type: &sqlparser::ast::DataType,
        options: &[ColumnOption],
        moved: bool,
    ) -> Outcome {
        if moved {
            return Err("a column moved (`FIRST`/`AFTER`)".to_owned());
        }
        let def = sqlparser::ast::ColumnDef {
            name: sqlparser::ast::Ident::new(to),
            data_type: data_type.clone(),
            options: options
                .iter()
                .map(|o| sqlparser::ast::ColumnOptionDef {
                    name: None,
                    option: o.clone(),
                })
                .collect(),
        };
        if from != to {
            self.work_mut().rename_column(table, from, to)?;
        }
        let mut column = self.column(table, &def)?;
        let t = self.work_mut().table_mut(table)?;
        let in_key = t
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.iter().any(|c| c.column == to));
        if in_key {
            column.arity = ColumnArity::Required;
        }
        *t.column_mut(to)? = column;
        self.inline_constraints(table, &def)
    }
}

/// `ALTER TABLE t RENAME INDEX a TO b` (MySQL), read by words; `None` for any other statement.
pub(super) fn mysql_rename_index(interp: &mut Interpreter, sql: &str) -> Option<Outcome> {
    let words: Vec<&str> = sql.split_whitespace().collect();
    let is = |i: usize, w: &str| words.get(i).is_some_and(|x| x.eq_ignore_ascii_case(w));
    if !(words.len() == 8
        && is(0, "ALTER")
        && is(1, "TABLE")
        && is(3, "RENAME")
        && is(4, "INDEX")
        && is(6, "TO"))
    {
        return None;
    }
    let unquote = |w: &str| {
        let w = w.trim_end_matches(';');
        match w.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
            Some(inner) => inner.replace("``", "`"),
            None => w.to_owned(),
        }
    };
    let (table, from, to) = (unquote(words[2]), unquote(words[5]), unquote(words[7]));
    Some(interp.rename_index(Some(&table), &from, &to))
}
