//! The schema before each statement, as far as the checks need it: which tables exist (and
//! whether the current migration created them, so they are still empty), their columns'
//! types and nullability, the indexes and PostgreSQL enums.
//!
//! The checks only see the [`SchemaBefore`] trait. [`crate::lint`] implements it over the
//! `sql-interp` interpreter (`crate::interpreted`), and falls back to [`Tracker`], a small
//! walker of the statements, for histories the interpreter refuses.

use std::collections::{HashMap, HashSet};

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, Expr, ObjectName,
    ObjectType, RenameTableNameKind, Statement, TableConstraint, UserDefinedTypeRepresentation,
};

/// What is known about a table before a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableState {
    /// Not seen in the history read so far (linting one file, or a table made outside
    /// migrations): treated as an existing table with rows.
    Unknown,
    /// Created by an earlier migration: it may hold rows.
    Existing,
    /// Created earlier in the same migration: still empty, nothing else uses it yet.
    New,
}

impl TableState {
    /// Whether the table may hold rows the app uses (anything but [`TableState::New`]).
    pub fn is_existing(self) -> bool {
        self != TableState::New
    }
}

/// A column as the history left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    /// Its name as written (unquoted).
    pub name: String,
    /// Its type as SQL text (`VARCHAR(191)`, `INTEGER`).
    pub data_type: String,
    /// Whether it is NOT NULL.
    pub not_null: bool,
    /// Whether a new row gets a value without one given (a default, generated, identity,
    /// serial or auto-increment).
    pub fills_itself: bool,
}

/// The schema before each statement, updated statement by statement.
pub trait SchemaBefore {
    /// A new migration starts: the tables created by the previous ones are now existing.
    fn begin_migration(&mut self);
    /// What is known about `table` (its name unquoted).
    fn table(&self, table: &str) -> TableState;
    /// The columns of `table`, in order; empty when unknown.
    fn columns(&self, table: &str) -> Vec<ColumnInfo>;
    /// The table an index (by name) is on, when known.
    fn index_table(&self, index: &str) -> Option<String>;
    /// Whether `name` is an enum type, and whether the current migration created it.
    fn enum_type(&self, name: &str) -> Option<TableState>;
    /// Whether `table` has a validated `CHECK (column IS NOT NULL)`, with which PostgreSQL
    /// 12+ makes `SET NOT NULL` a catalog change (no scan, and no NULL can be there).
    fn has_not_null_check(&self, table: &str, column: &str) -> bool;
    /// Applies one statement (after it was checked).
    fn apply(&mut self, statement: &Statement);
    /// Applies one statement of the script, with its text and line (after it was checked);
    /// by default [`SchemaBefore::apply`] on the parsed statement, if it parsed.
    fn apply_at(&mut self, statement: &crate::split::Stmt) {
        if let Ok(parsed) = &statement.parsed {
            self.apply(parsed);
        }
    }
}

/// The last part of a (possibly schema-qualified) name, unquoted.
pub fn base_name(name: &ObjectName) -> String {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .map(|i| i.value.clone())
        .unwrap_or_else(|| name.to_string())
}

pub(crate) fn key(name: &str) -> String {
    name.to_ascii_lowercase()
}

#[derive(Debug, Clone)]
struct Table {
    new: bool,
    columns: Vec<ColumnInfo>,
}

/// The statement walker: the schema before each statement when the history has statements
/// the `sql-interp` interpreter refuses (a `DO` block, a table the history does not create).
#[derive(Debug, Default)]
pub struct Tracker {
    tables: HashMap<String, Table>,
    indexes: HashMap<String, String>,
    enums: HashMap<String, bool>,
    dropped: HashSet<String>,
    not_null_checks: NotNullChecks,
}

/// `CHECK (column IS NOT NULL)` constraints by name: table, column, validated (the schema
/// model does not say whether a constraint is validated, so both schemas follow these).
#[derive(Debug, Default)]
pub(crate) struct NotNullChecks(HashMap<String, (String, String, bool)>);

impl NotNullChecks {
    /// Follows one `ALTER TABLE` operation on `table`.
    pub(crate) fn alter(&mut self, table: &str, op: &AlterTableOperation) {
        match op {
            AlterTableOperation::AddConstraint {
                constraint: TableConstraint::Check(c),
                not_valid,
            } => {
                if let (Some(name), Expr::IsNotNull(inner)) = (&c.name, c.expr.as_ref())
                    && let Expr::Identifier(column) = inner.as_ref()
                {
                    self.0.insert(
                        key(&name.value),
                        (key(table), key(&column.value), !not_valid),
                    );
                }
            }
            AlterTableOperation::ValidateConstraint { name } => {
                if let Some(c) = self.0.get_mut(&key(&name.value)) {
                    c.2 = true;
                }
            }
            AlterTableOperation::DropConstraint { name, .. } => {
                self.0.remove(&key(&name.value));
            }
            _ => {}
        }
    }

    /// Whether a validated one holds `column` of `table`.
    pub(crate) fn has(&self, table: &str, column: &str) -> bool {
        let (table, column) = (key(table), key(column));
        self.0
            .values()
            .any(|(t, c, validated)| *validated && *t == table && *c == column)
    }
}

fn column_info(def: &ColumnDef) -> ColumnInfo {
    let not_null = def.options.iter().any(|o| {
        matches!(
            o.option,
            ColumnOption::NotNull | ColumnOption::PrimaryKey(_)
        )
    });
    ColumnInfo {
        name: def.name.value.clone(),
        data_type: def.data_type.to_string(),
        not_null,
        fills_itself: fills_itself(def),
    }
}

impl Tracker {
    fn table_mut(&mut self, name: &str) -> &mut Table {
        self.tables.entry(key(name)).or_insert_with(|| Table {
            new: false,
            columns: Vec::new(),
        })
    }

    fn alter(&mut self, table: &str, op: &AlterTableOperation) {
        self.not_null_checks.alter(table, op);
        match op {
            AlterTableOperation::AddColumn { column_def, .. } => {
                self.table_mut(table).columns.push(column_info(column_def));
            }
            AlterTableOperation::DropColumn { column_names, .. } => {
                let t = self.table_mut(table);
                t.columns.retain(|c| {
                    !column_names
                        .iter()
                        .any(|n| n.value.eq_ignore_ascii_case(&c.name))
                });
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                for c in &mut self.table_mut(table).columns {
                    if c.name.eq_ignore_ascii_case(&old_column_name.value) {
                        c.name = new_column_name.value.clone();
                    }
                }
            }
            AlterTableOperation::RenameTable { table_name } => {
                let (RenameTableNameKind::As(to) | RenameTableNameKind::To(to)) = table_name;
                if let Some(t) = self.tables.remove(&key(table)) {
                    self.tables.insert(key(&base_name(to)), t);
                }
            }
            AlterTableOperation::AlterColumn { column_name, op } => {
                for c in &mut self.table_mut(table).columns {
                    if !c.name.eq_ignore_ascii_case(&column_name.value) {
                        continue;
                    }
                    match op {
                        AlterColumnOperation::SetNotNull => c.not_null = true,
                        AlterColumnOperation::DropNotNull => c.not_null = false,
                        AlterColumnOperation::SetDataType { data_type, .. } => {
                            c.data_type = data_type.to_string();
                        }
                        _ => {}
                    }
                }
            }
            AlterTableOperation::ModifyColumn {
                col_name,
                data_type,
                options,
                ..
            } => self.replace_column(table, &col_name.value, &col_name.value, data_type, options),
            AlterTableOperation::ChangeColumn {
                old_name,
                new_name,
                data_type,
                options,
                ..
            } => self.replace_column(table, &old_name.value, &new_name.value, data_type, options),
            _ => {}
        }
    }

    fn replace_column(
        &mut self,
        table: &str,
        old: &str,
        new: &str,
        data_type: &sqlparser::ast::DataType,
        options: &[ColumnOption],
    ) {
        for c in &mut self.table_mut(table).columns {
            if c.name.eq_ignore_ascii_case(old) {
                c.name = new.to_owned();
                c.data_type = data_type.to_string();
                c.not_null = options
                    .iter()
                    .any(|o| matches!(o, ColumnOption::NotNull | ColumnOption::PrimaryKey(_)));
            }
        }
    }
}

impl SchemaBefore for Tracker {
    fn begin_migration(&mut self) {
        for t in self.tables.values_mut() {
            t.new = false;
        }
        for e in self.enums.values_mut() {
            *e = false;
        }
        self.dropped.clear();
    }

    fn table(&self, table: &str) -> TableState {
        match self.tables.get(&key(table)) {
            Some(t) if t.new => TableState::New,
            Some(_) => TableState::Existing,
            None => TableState::Unknown,
        }
    }

    fn columns(&self, table: &str) -> Vec<ColumnInfo> {
        self.tables
            .get(&key(table))
            .map(|t| t.columns.clone())
            .unwrap_or_default()
    }

    fn index_table(&self, index: &str) -> Option<String> {
        self.indexes.get(&key(index)).cloned()
    }

    fn enum_type(&self, name: &str) -> Option<TableState> {
        self.enums.get(&key(name)).map(|new| {
            if *new {
                TableState::New
            } else {
                TableState::Existing
            }
        })
    }

    fn has_not_null_check(&self, table: &str, column: &str) -> bool {
        self.not_null_checks.has(table, column)
    }

    fn apply(&mut self, statement: &Statement) {
        match statement {
            Statement::CreateTable(ct) => {
                let name = base_name(&ct.name);
                if ct.if_not_exists && self.tables.contains_key(&key(&name)) {
                    return;
                }
                let mut columns: Vec<ColumnInfo> = ct.columns.iter().map(column_info).collect();
                for constraint in &ct.constraints {
                    if let sqlparser::ast::TableConstraint::PrimaryKey(pk) = constraint {
                        for part in &pk.columns {
                            let col = part.column.expr.to_string();
                            let col = col.trim_matches(|c| c == '"' || c == '`');
                            for c in &mut columns {
                                if c.name.eq_ignore_ascii_case(col) {
                                    c.not_null = true;
                                }
                            }
                        }
                    }
                }
                self.tables.insert(key(&name), Table { new: true, columns });
            }
            Statement::AlterTable(at) => {
                let mut table = base_name(&at.name);
                for op in &at.operations {
                    self.alter(&table, op);
                    if let AlterTableOperation::RenameTable { table_name } = op {
                        let (RenameTableNameKind::As(to) | RenameTableNameKind::To(to)) =
                            table_name;
                        table = base_name(to);
                    }
                }
            }
            Statement::CreateIndex(ci) => {
                if let Some(name) = &ci.name {
                    self.indexes
                        .insert(key(&base_name(name)), base_name(&ci.table_name));
                }
            }
            Statement::Drop {
                object_type, names, ..
            } => {
                for n in names {
                    let k = key(&base_name(n));
                    match object_type {
                        ObjectType::Table => {
                            self.tables.remove(&k);
                            self.dropped.insert(k);
                        }
                        ObjectType::Index => {
                            self.indexes.remove(&k);
                        }
                        ObjectType::Type => {
                            self.enums.remove(&k);
                        }
                        _ => {}
                    }
                }
            }
            Statement::CreateType {
                name,
                representation: Some(UserDefinedTypeRepresentation::Enum { .. }),
            } => {
                self.enums.insert(key(&base_name(name)), true);
            }
            Statement::AlterType(at) => {
                if let sqlparser::ast::AlterTypeOperation::Rename(r) = &at.operation {
                    let old = key(&base_name(&at.name));
                    if let Some(v) = self.enums.remove(&old) {
                        self.enums.insert(key(&r.new_name.value), v);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether adding `def` fills existing rows by itself (a default, a generated or identity
/// column, a serial or auto-increment).
pub(crate) fn fills_itself(def: &ColumnDef) -> bool {
    let ty = def.data_type.to_string().to_ascii_uppercase();
    ty.contains("SERIAL")
        || def.options.iter().any(|o| match &o.option {
            ColumnOption::Default(_) | ColumnOption::Generated { .. } => true,
            ColumnOption::DialectSpecific(tokens) => tokens.iter().any(|t| {
                let t = t.to_string().to_ascii_uppercase();
                t == "AUTO_INCREMENT" || t == "AUTOINCREMENT"
            }),
            _ => false,
        })
}
