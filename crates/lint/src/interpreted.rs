//! [`SchemaBefore`] over the `sql-interp` interpreter: the history's statements are applied
//! to the SQL schema model (the one `migrate dev` and `migrate status` use without a shadow
//! database) in step with the lint, so a column's type, nullability and default are what the
//! whole history made of them.
//!
//! The model does not say which tables the current migration created, nor whether a `CHECK`
//! is validated; those are followed here from the parsed statements.

use std::collections::HashSet;

use sql_interp::{SqlDialect, Stepper};
use sqlparser::ast::{AlterTableOperation, ObjectType, RenameTableNameKind, Statement};

use crate::Migration;
use crate::schema::{ColumnInfo, NotNullChecks, SchemaBefore, TableState, base_name, key};
use crate::split::Stmt;

/// The interpreter, one statement at a time, over the migrations being linted.
pub(crate) struct Interpreted {
    stepper: Stepper,
    /// Each migration's statements as the interpreter splits them: line and text.
    scripts: Vec<Vec<(usize, String)>>,
    /// The migration being read (`None` before the first).
    current: Option<usize>,
    /// The next statement of the current migration to apply.
    next: usize,
    /// Tables and enum types that existed when the current migration began (lower case).
    tables_before: HashSet<String>,
    enums_before: HashSet<String>,
    not_null_checks: NotNullChecks,
}

impl Interpreted {
    pub(crate) fn new(dialect: SqlDialect, migrations: &[Migration]) -> Self {
        Interpreted {
            stepper: Stepper::new(dialect),
            scripts: migrations
                .iter()
                .map(|m| {
                    sql_interp::statements(&m.sql)
                        .into_iter()
                        .map(|(line, text)| (line, text.to_owned()))
                        .collect()
                })
                .collect(),
            current: None,
            next: 0,
            tables_before: HashSet::new(),
            enums_before: HashSet::new(),
            not_null_checks: NotNullChecks::default(),
        }
    }

    /// Applies the current migration's statements that start before `line` (all of them
    /// with `None`), and one that starts on it.
    fn catch_up(&mut self, line: Option<usize>) {
        let Some(script) = self.current.and_then(|i| self.scripts.get(i)) else {
            return;
        };
        let mut same_line = false;
        while let Some((at, text)) = script.get(self.next) {
            match line {
                Some(l) if *at > l || (*at == l && same_line) => break,
                Some(l) if *at == l => same_line = true,
                _ => {}
            }
            // The whole history was interpreted before the lint began (see `crate::lint`),
            // so no statement is refused here.
            let _ = self.stepper.apply(text);
            self.next += 1;
        }
    }

    fn follow(&mut self, statement: &Statement) {
        match statement {
            Statement::AlterTable(at) => {
                let mut table = base_name(&at.name);
                for op in &at.operations {
                    self.not_null_checks.alter(&table, op);
                    if let AlterTableOperation::RenameTable { table_name } = op {
                        let (RenameTableNameKind::As(to) | RenameTableNameKind::To(to)) =
                            table_name;
                        let to = base_name(to);
                        if self.tables_before.remove(&key(&table)) {
                            self.tables_before.insert(key(&to));
                        }
                        table = to;
                    }
                }
            }
            Statement::Drop {
                object_type, names, ..
            } => {
                for n in names {
                    let k = key(&base_name(n));
                    match object_type {
                        ObjectType::Table => self.tables_before.remove(&k),
                        ObjectType::Type => self.enums_before.remove(&k),
                        _ => false,
                    };
                }
            }
            Statement::AlterType(at) => {
                if let sqlparser::ast::AlterTypeOperation::Rename(r) = &at.operation
                    && self.enums_before.remove(&key(&base_name(&at.name)))
                {
                    self.enums_before.insert(key(&r.new_name.value));
                }
            }
            _ => {}
        }
    }
}

impl SchemaBefore for Interpreted {
    fn begin_migration(&mut self) {
        self.catch_up(None);
        self.current = Some(self.current.map_or(0, |i| i + 1));
        self.next = 0;
        self.tables_before = self.stepper.table_names().iter().map(|t| key(t)).collect();
        self.enums_before = self.stepper.enum_names().iter().map(|e| key(e)).collect();
    }

    fn table(&self, table: &str) -> TableState {
        if self.stepper.columns(table).is_none() {
            TableState::Unknown
        } else if self.tables_before.contains(&key(table)) {
            TableState::Existing
        } else {
            TableState::New
        }
    }

    fn columns(&self, table: &str) -> Vec<ColumnInfo> {
        self.stepper
            .columns(table)
            .unwrap_or_default()
            .into_iter()
            .map(|c| ColumnInfo {
                name: c.name,
                data_type: c.type_name,
                not_null: c.not_null,
                fills_itself: c.fills_itself,
            })
            .collect()
    }

    fn index_table(&self, index: &str) -> Option<String> {
        self.stepper.index_table(index)
    }

    fn enum_type(&self, name: &str) -> Option<TableState> {
        let k = key(name);
        let names = self.stepper.enum_names();
        if !names.iter().any(|e| key(e) == k) {
            return None;
        }
        Some(if self.enums_before.contains(&k) {
            TableState::Existing
        } else {
            TableState::New
        })
    }

    fn has_not_null_check(&self, table: &str, column: &str) -> bool {
        self.not_null_checks.has(table, column)
    }

    fn apply(&mut self, statement: &Statement) {
        self.follow(statement);
    }

    fn apply_at(&mut self, statement: &Stmt) {
        self.catch_up(usize::try_from(statement.line).ok());
        if let Ok(parsed) = &statement.parsed {
            self.follow(parsed);
        }
    }
}
