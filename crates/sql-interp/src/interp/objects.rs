//! `DROP` of tables, indexes and types, and PostgreSQL's `ALTER TYPE` on enums.

use sqlparser::ast::{AlterTypeOperation, ObjectName, ObjectType};

use super::{Interpreter, Outcome};
use crate::work::WType;

impl Interpreter {
    pub(super) fn drop(
        &mut self,
        kind: ObjectType,
        if_exists: bool,
        name: &ObjectName,
        table: Option<&ObjectName>,
    ) -> Outcome {
        match kind {
            ObjectType::Table => {
                let name = self.object_name(name)?;
                let Some(position) = self.work.tables.iter().position(|t| t.name == name) else {
                    return if if_exists {
                        Ok(())
                    } else {
                        Err(format!("the table `{name}` does not exist"))
                    };
                };
                self.work.tables.remove(position);
                if !self.dialect.drop_table_keeps_references() {
                    for t in &mut self.work.tables {
                        t.foreign_keys.retain(|fk| fk.referenced_table != name);
                    }
                }
                Ok(())
            }
            ObjectType::Index => {
                let name = self.object_name(name)?;
                let position = match table {
                    Some(t) => {
                        let t = self.object_name(t)?;
                        self.work.tables.iter().position(|x| x.name == t)
                    }
                    None => self.work.table_of_index(&name),
                };
                let removed = position.is_some_and(|p| {
                    let t = &mut self.work.tables[p];
                    let before = t.indexes.len();
                    t.indexes.retain(|i| i.name != name);
                    before != t.indexes.len()
                });
                if removed || if_exists {
                    Ok(())
                } else {
                    Err(format!("the index `{name}` does not exist"))
                }
            }
            ObjectType::Type => {
                let name = self.object_name(name)?;
                let before = self.work.enums.len();
                self.work.enums.retain(|e| e.name != name);
                if before == self.work.enums.len() && !if_exists {
                    return Err(format!("the type `{name}` does not exist"));
                }
                Ok(())
            }
            ObjectType::View | ObjectType::MaterializedView | ObjectType::Sequence => Ok(()),
            other => Err(format!("`DROP {other}` is not interpreted")),
        }
    }

    pub(super) fn alter_type(&mut self, name: &str, op: &AlterTypeOperation) -> Outcome {
        match op {
            AlterTypeOperation::Rename(r) => {
                let to = self.ident(&r.new_name);
                self.work.enum_mut(name)?.name = to.clone();
                for t in &mut self.work.tables {
                    for c in &mut t.columns {
                        if c.tpe == WType::NamedEnum(name.to_owned()) {
                            c.tpe = WType::NamedEnum(to.clone());
                        }
                    }
                }
                Ok(())
            }
            AlterTypeOperation::AddValue(add) => {
                use sqlparser::ast::AlterTypeAddValuePosition as P;
                let e = self.work.enum_mut(name)?;
                let value = add.value.value.clone();
                if e.values.contains(&value) {
                    return if add.if_not_exists {
                        Ok(())
                    } else {
                        Err(format!("`{name}` already has the value `{value}`"))
                    };
                }
                let at = match &add.position {
                    None => e.values.len(),
                    Some(P::Before(v)) => e.values.iter().position(|x| *x == v.value).unwrap_or(0),
                    Some(P::After(v)) => e
                        .values
                        .iter()
                        .position(|x| *x == v.value)
                        .map_or(e.values.len(), |p| p + 1),
                };
                e.values.insert(at, value);
                Ok(())
            }
            AlterTypeOperation::RenameValue(r) => {
                let e = self.work.enum_mut(name)?;
                let Some(v) = e.values.iter_mut().find(|v| **v == r.from.value) else {
                    return Err(format!("`{name}` has no value `{}`", r.from.value));
                };
                *v = r.to.value.clone();
                Ok(())
            }
        }
    }
}
