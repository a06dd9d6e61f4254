//! Statements applied to the working schema, one at a time.

use sql_schema::{
    ColumnArity, DefaultValue, ForeignKeyAction, IndexAlgorithm, IndexKind, SortOrder,
};
use sqlparser::ast::{
    AlterColumnOperation, ColumnDef, ColumnOption, Expr, Ident, IndexType, ObjectName,
    ReferentialAction, Statement, TableConstraint,
};
use sqlparser::parser::Parser;

use crate::SqlDialect;
use crate::work::{
    WColumn, WEnum, WForeignKey, WIndex, WIndexColumn, WPrimaryKey, WTable, WType, Work,
};

mod alter;
mod keywords;
mod objects;

/// The working schema and the dialect its statements are written in.
pub(crate) struct Interpreter {
    dialect: SqlDialect,
    parser: Box<dyn sqlparser::dialect::Dialect>,
    work: Work,
}

type Outcome = Result<(), String>;

impl Interpreter {
    pub fn new(dialect: SqlDialect) -> Self {
        Interpreter {
            dialect,
            parser: dialect.parser(),
            work: Work::default(),
        }
    }

    pub fn into_work(self) -> Work {
        self.work
    }

    pub fn work(&self) -> &Work {
        &self.work
    }

    /// Applies one statement; `Err` says why it cannot be interpreted.
    pub fn apply(&mut self, sql: &str) -> Outcome {
        if keywords::leaves_schema_alone(sql) {
            // A write to a table the history has not created fails on a real database: the
            // history does not replay, which only the shadow database can report faithfully.
            if let Some(table) = keywords::written_table(sql)
                && !self
                    .work
                    .tables
                    .iter()
                    .any(|t| t.name.eq_ignore_ascii_case(&table))
            {
                return Err(format!(
                    "it writes to `{table}`, which the migrations before it do not create"
                ));
            }
            return Ok(());
        }
        if let Some(outcome) = alter::mysql_rename_index(self, sql) {
            return outcome;
        }
        let statements = Parser::parse_sql(&*self.parser, sql)
            .map_err(|e| format!("the SQL parser cannot read it: {e}"))?;
        for statement in &statements {
            self.statement(statement)?;
        }
        Ok(())
    }

    fn statement(&mut self, statement: &Statement) -> Outcome {
        match statement {
            Statement::CreateTable(ct) => {
                if ct.query.is_some() || ct.like.is_some() || ct.clone.is_some() {
                    return Err("a table created from a query or another table".to_owned());
                }
                let name = self.object_name(&ct.name)?;
                if self.work.table(&name).is_some() {
                    return if ct.if_not_exists {
                        Ok(())
                    } else {
                        Err(format!("the table `{name}` already exists"))
                    };
                }
                self.work.tables.push(WTable::new(&name));
                for column in &ct.columns {
                    self.add_column(&name, column)?;
                }
                for constraint in &ct.constraints {
                    self.add_constraint(&name, constraint)?;
                }
                self.ensure_foreign_key_indexes(&name);
                Ok(())
            }
            Statement::AlterTable(at) => {
                let name = self.object_name(&at.name)?;
                if self.work.table(&name).is_none() && at.if_exists {
                    return Ok(());
                }
                for op in &at.operations {
                    self.alter_table(&name, op)?;
                }
                self.ensure_foreign_key_indexes(&name);
                Ok(())
            }
            Statement::CreateIndex(ci) => self.create_index(ci),
            Statement::Drop {
                object_type,
                if_exists,
                names,
                table,
                ..
            } => {
                for name in names {
                    self.drop(*object_type, *if_exists, name, table.as_ref())?;
                }
                Ok(())
            }
            Statement::CreateType {
                name,
                representation,
            } => {
                use sqlparser::ast::UserDefinedTypeRepresentation as R;
                if let Some(R::Enum { labels }) = representation {
                    let name = self.object_name(name)?;
                    if self.work.enums.iter().any(|e| e.name == name) {
                        return Err(format!("the type `{name}` already exists"));
                    }
                    self.work.enums.push(WEnum {
                        name,
                        values: labels.iter().map(|l| l.value.clone()).collect(),
                    });
                }
                Ok(())
            }
            Statement::AlterType(at) => {
                let name = self.object_name(&at.name)?;
                self.alter_type(&name, &at.operation)
            }
            Statement::AlterIndex { name, operation } => {
                let sqlparser::ast::AlterIndexOperation::RenameIndex { index_name } = operation;
                let from = self.object_name(name)?;
                let to = self.object_name(index_name)?;
                self.rename_index(None, &from, &to)
            }
            Statement::RenameTable(renames) => {
                for r in renames {
                    let from = self.object_name(&r.old_name)?;
                    let to = self.object_name(&r.new_name)?;
                    self.work.rename_table(&from, &to)?;
                }
                Ok(())
            }
            Statement::CreateExtension(_)
            | Statement::CreateView(_)
            | Statement::CreateSequence { .. }
            | Statement::CreateFunction(_)
            | Statement::CreateTrigger(_)
            | Statement::Comment { .. }
            | Statement::Insert(_)
            | Statement::Update(_)
            | Statement::Delete(_)
            | Statement::Query(_)
            | Statement::StartTransaction { .. }
            | Statement::Commit { .. }
            | Statement::Rollback { .. }
            | Statement::Pragma { .. } => Ok(()),
            other => Err(format!(
                "`{}` statements are not interpreted",
                keywords::kind(&other.to_string())
            )),
        }
    }

    /// The name of an object, without a schema; a schema-qualified name is not interpreted
    /// (multi-schema histories use the shadow database).
    pub(crate) fn object_name(&self, name: &ObjectName) -> Result<String, String> {
        let parts: Vec<&Ident> = name.0.iter().filter_map(|p| p.as_ident()).collect();
        match parts.as_slice() {
            [one] if name.0.len() == 1 => Ok(self.ident(one)),
            _ => Err(format!(
                "`{name}` names a schema; only unqualified names are interpreted"
            )),
        }
    }

    /// An identifier as the database stores it.
    pub(crate) fn ident(&self, ident: &Ident) -> String {
        let value = if ident.quote_style.is_none() && self.dialect.folds_unquoted() {
            ident.value.to_ascii_lowercase()
        } else {
            ident.value.clone()
        };
        self.dialect.truncate(value)
    }

    fn idents(&self, idents: &[Ident]) -> Vec<String> {
        idents.iter().map(|i| self.ident(i)).collect()
    }

    /// Adds a column (and its inline constraints) at the end of `table`.
    fn add_column(&mut self, table: &str, def: &ColumnDef) -> Outcome {
        let column = self.column(table, def)?;
        let t = self.work.table_mut(table)?;
        if t.column(&column.name).is_some() {
            return Err(format!(
                "the column `{table}`.`{}` already exists",
                column.name
            ));
        }
        t.columns.push(column);
        self.inline_constraints(table, def)
    }

    /// A column from its definition (type, nullability, default, autoincrement).
    pub(crate) fn column(&self, table: &str, def: &ColumnDef) -> Result<WColumn, String> {
        let name = self.ident(&def.name);
        let declared = self
            .dialect
            .declared_type(&def.data_type, &self.work.enums)?;
        let mut not_null = declared.serial;
        let mut primary = false;
        let mut default_expr = None;
        let mut auto_increment = declared.serial;
        let mut identity = false;
        for option in &def.options {
            match &option.option {
                ColumnOption::NotNull => not_null = true,
                ColumnOption::Null => not_null = false,
                ColumnOption::Default(e) => default_expr = Some(e),
                ColumnOption::PrimaryKey(_) => primary = true,
                ColumnOption::DialectSpecific(tokens) => {
                    let text: String = tokens.iter().map(|t| t.to_string()).collect();
                    let upper = text.to_ascii_uppercase();
                    if upper == "AUTOINCREMENT" || upper == "AUTO_INCREMENT" {
                        auto_increment = true;
                    }
                }
                ColumnOption::Generated {
                    generation_expr: None,
                    ..
                } => {
                    identity = true;
                    auto_increment = true;
                    not_null = true;
                }
                ColumnOption::Generated { .. } => {
                    return Err(format!("the generated column `{name}`"));
                }
                _ => {}
            }
        }
        if primary && self.dialect.primary_key_implies_not_null() {
            not_null = true;
        }
        let arity = if declared.list {
            ColumnArity::List
        } else if not_null {
            ColumnArity::Required
        } else {
            ColumnArity::Nullable
        };
        let default = if declared.serial || identity {
            Some(DefaultValue::Sequence(self.dialect.object_name(
                table,
                Some(&name),
                "seq",
            )))
        } else {
            default_expr.map(|e| self.dialect.default_value(e, &declared.tpe, arity))
        };
        Ok(WColumn {
            name,
            tpe: declared.tpe,
            arity,
            default,
            auto_increment,
        })
    }

    /// A column's `PRIMARY KEY`, `UNIQUE` and `REFERENCES`, as table constraints.
    pub(crate) fn inline_constraints(&mut self, table: &str, def: &ColumnDef) -> Outcome {
        let column = vec![self.ident(&def.name)];
        for option in &def.options {
            match &option.option {
                ColumnOption::PrimaryKey(pk) => {
                    let name = option
                        .name
                        .as_ref()
                        .or(pk.name.as_ref())
                        .map(|n| self.ident(n));
                    self.set_primary_key(
                        table,
                        name,
                        column.iter().map(|c| WIndexColumn::named(c)).collect(),
                    )?;
                }
                ColumnOption::Unique(u) => {
                    let name = option
                        .name
                        .as_ref()
                        .or(u.name.as_ref())
                        .map(|n| self.ident(n));
                    self.add_unique(
                        table,
                        name,
                        column.iter().map(|c| WIndexColumn::named(c)).collect(),
                    )?;
                }
                ColumnOption::Check(c) => {
                    let name = option
                        .name
                        .as_ref()
                        .or(c.name.as_ref())
                        .map(|n| self.ident(n));
                    self.add_check(table, name, &c.expr)?;
                }
                ColumnOption::ForeignKey(fk) => {
                    let name = option
                        .name
                        .as_ref()
                        .or(fk.name.as_ref())
                        .map(|n| self.ident(n));
                    self.add_foreign_key(table, name, column.clone(), fk)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn set_primary_key(
        &mut self,
        table: &str,
        name: Option<String>,
        columns: Vec<WIndexColumn>,
    ) -> Outcome {
        let dialect = self.dialect;
        let t = self.work.table_mut(table)?;
        if t.primary_key.is_some() {
            return Err(format!("the table `{table}` already has a primary key"));
        }
        if dialect.primary_key_implies_not_null() {
            for c in &columns {
                t.column_mut(&c.column)?.arity = ColumnArity::Required;
            }
        }
        let name = if dialect.names_primary_keys() {
            name.or_else(|| dialect.primary_key_name(table))
        } else {
            None
        };
        t.primary_key = Some(WPrimaryKey { name, columns });
        Ok(())
    }

    fn add_unique(
        &mut self,
        table: &str,
        name: Option<String>,
        columns: Vec<WIndexColumn>,
    ) -> Outcome {
        let dialect = self.dialect;
        let t = self.work.table_mut(table)?;
        let name = match name {
            Some(n) if dialect.names_foreign_keys() => n,
            _ => {
                t.autoindexes += 1;
                let names: Vec<String> = columns.iter().map(|c| c.column.clone()).collect();
                dialect.unique_name(table, &names, t.autoindexes)
            }
        };
        t.indexes.push(WIndex {
            name,
            kind: IndexKind::Unique,
            columns,
            algorithm: None,
            hidden: false,
            predicate: None,
        });
        Ok(())
    }

    pub(crate) fn add_constraint(&mut self, table: &str, constraint: &TableConstraint) -> Outcome {
        match constraint {
            TableConstraint::PrimaryKey(pk) => {
                let name = pk.name.as_ref().map(|n| self.ident(n));
                let columns = self.index_columns(&pk.columns)?;
                self.set_primary_key(table, name, columns)
            }
            TableConstraint::Unique(u) => {
                let name = u
                    .name
                    .as_ref()
                    .or(u.index_name.as_ref())
                    .map(|n| self.ident(n));
                let columns = self.index_columns(&u.columns)?;
                self.add_unique(table, name, columns)
            }
            TableConstraint::ForeignKey(fk) => {
                let name = fk.name.as_ref().map(|n| self.ident(n));
                let columns = self.idents(&fk.columns);
                self.add_foreign_key(table, name, columns, fk)
            }
            TableConstraint::Index(ix) => {
                let columns = self.index_columns(&ix.columns)?;
                let name = match &ix.name {
                    Some(n) => self.ident(n),
                    None => columns
                        .first()
                        .map(|c| c.column.clone())
                        .unwrap_or_default(),
                };
                let algorithm = ix.index_type.as_ref().and_then(algorithm);
                self.work.table_mut(table)?.indexes.push(WIndex {
                    name,
                    kind: IndexKind::Normal,
                    columns,
                    algorithm,
                    hidden: false,
                    predicate: None,
                });
                Ok(())
            }
            TableConstraint::FulltextOrSpatial(ft) if ft.fulltext => {
                let columns = self.index_columns(&ft.columns)?;
                let name = match &ft.opt_index_name {
                    Some(n) => self.ident(n),
                    None => columns
                        .first()
                        .map(|c| c.column.clone())
                        .unwrap_or_default(),
                };
                self.work.table_mut(table)?.indexes.push(WIndex {
                    name,
                    kind: IndexKind::Fulltext,
                    columns,
                    algorithm: None,
                    hidden: false,
                    predicate: None,
                });
                Ok(())
            }
            TableConstraint::Check(c) => {
                let name = c.name.as_ref().map(|n| self.ident(n));
                self.add_check(table, name, &c.expr)
            }
            other => Err(format!("the constraint `{other}` is not interpreted")),
        }
    }

    /// A `CHECK` constraint; SQLite's describer reads only named ones, and the names other
    /// databases give unnamed ones are not modelled (such a history uses the shadow database).
    fn add_check(&mut self, table: &str, name: Option<String>, expr: &Expr) -> Outcome {
        let keeps_unnamed = self.dialect.names_foreign_keys();
        let t = self.work.table_mut(table)?;
        match name {
            Some(name) => t.checks.push((name, expr.to_string())),
            None if keeps_unnamed => return Err("an unnamed CHECK constraint".to_owned()),
            None => {}
        }
        Ok(())
    }

    fn add_foreign_key(
        &mut self,
        table: &str,
        name: Option<String>,
        columns: Vec<String>,
        fk: &sqlparser::ast::ForeignKeyConstraint,
    ) -> Outcome {
        let dialect = self.dialect;
        let referenced_table = self.object_name(&fk.foreign_table)?;
        let referenced_columns = self.idents(&fk.referred_columns);
        let action = |a: &Option<ReferentialAction>| match a {
            None => dialect.default_action(),
            Some(ReferentialAction::Restrict) => ForeignKeyAction::Restrict,
            Some(ReferentialAction::Cascade) => ForeignKeyAction::Cascade,
            Some(ReferentialAction::SetNull) => ForeignKeyAction::SetNull,
            Some(ReferentialAction::NoAction) => ForeignKeyAction::NoAction,
            Some(ReferentialAction::SetDefault) => ForeignKeyAction::SetDefault,
        };
        let (on_delete, on_update) = (action(&fk.on_delete), action(&fk.on_update));
        let t = self.work.table_mut(table)?;
        let index_name = match (&name, fk.index_name.as_ref()) {
            (_, Some(index)) => index.value.clone(),
            (Some(n), None) => n.clone(),
            (None, None) => columns.first().cloned().unwrap_or_default(),
        };
        let name = match name {
            Some(n) => Some(n),
            None => dialect.foreign_key_name(table, &columns, t.foreign_keys.len() + 1),
        };
        t.foreign_keys.push(WForeignKey {
            name,
            columns,
            referenced_table,
            referenced_columns,
            on_delete,
            on_update,
            index_name,
        });
        Ok(())
    }

    /// MySQL's implicit index on foreign key columns that no index starts with, named after
    /// the constraint.
    fn ensure_foreign_key_indexes(&mut self, table: &str) {
        if !self.dialect.foreign_key_needs_index() {
            return;
        }
        let Ok(t) = self.work.table_mut(table) else {
            return;
        };
        let missing: Vec<(String, Vec<String>)> = t
            .foreign_keys
            .iter()
            .filter(|fk| !t.has_index_starting_with(&fk.columns))
            .map(|fk| (fk.index_name.clone(), fk.columns.clone()))
            .collect();
        for (name, columns) in missing {
            t.indexes.push(WIndex {
                name,
                kind: IndexKind::Normal,
                columns: columns.iter().map(|c| WIndexColumn::named(c)).collect(),
                algorithm: None,
                hidden: false,
                predicate: None,
            });
        }
    }

    /// Index columns; an expression makes the index one the describers leave out (`hidden`
    /// is then set by the caller through [`Self::is_expression`]).
    fn index_columns(
        &self,
        columns: &[sqlparser::ast::IndexColumn],
    ) -> Result<Vec<WIndexColumn>, String> {
        columns.iter().map(|c| self.index_column(c)).collect()
    }

    fn index_column(&self, c: &sqlparser::ast::IndexColumn) -> Result<WIndexColumn, String> {
        use sqlparser::ast::OrderBySort;
        let (name, length) = match &c.column.expr {
            Expr::Identifier(i) => (self.ident(i), None),
            // MySQL's prefix length: `column(191)`.
            Expr::Function(f) if f.name.0.len() == 1 => {
                let args = f.args.to_string();
                let n = args.trim_start_matches('(').trim_end_matches(')');
                match (f.name.0[0].as_ident(), n.parse::<u32>()) {
                    (Some(i), Ok(n)) => (self.ident(i), Some(n)),
                    _ => return Err(EXPRESSION.to_owned()),
                }
            }
            _ => return Err(EXPRESSION.to_owned()),
        };
        Ok(WIndexColumn {
            column: name,
            sort: match c.column.options.sort {
                Some(OrderBySort::Desc) => Some(SortOrder::Desc),
                _ => None,
            },
            length,
            operator_class: c
                .operator_class
                .as_ref()
                .map(|o| o.to_string().to_ascii_lowercase()),
        })
    }

    fn create_index(&mut self, ci: &sqlparser::ast::CreateIndex) -> Outcome {
        let table = self.object_name(&ci.table_name)?;
        let (columns, expression) = match self.index_columns(&ci.columns) {
            Ok(c) => (c, false),
            Err(e) if e == EXPRESSION => (Vec::new(), true),
            Err(e) => return Err(e),
        };
        let name = match &ci.name {
            Some(name) => self.object_name(name)?,
            None => {
                let names: Vec<String> = columns.iter().map(|c| c.column.clone()).collect();
                match self.dialect.index_name(&table, &names) {
                    Some(n) if !expression => n,
                    _ => return Err("an index without a name".to_owned()),
                }
            }
        };
        if self.work.table_of_index(&name).is_some() {
            return if ci.if_not_exists {
                Ok(())
            } else {
                Err(format!("the index `{name}` already exists"))
            };
        }
        let algorithm = ci.using.as_ref().and_then(algorithm);
        let t = self.work.table_mut(&table)?;
        for c in &columns {
            t.column_mut(&c.column)?;
        }
        t.indexes.push(WIndex {
            name,
            kind: if ci.unique {
                IndexKind::Unique
            } else {
                IndexKind::Normal
            },
            columns,
            algorithm,
            hidden: expression,
            predicate: ci.predicate.as_ref().map(|p| p.to_string()),
        });
        Ok(())
    }

    /// Renames an index (or the primary key or unique constraint whose index it is).
    pub(crate) fn rename_index(&mut self, table: Option<&str>, from: &str, to: &str) -> Outcome {
        let position = match table {
            Some(t) => self.work.tables.iter().position(|x| x.name == t),
            None => self.work.table_of_index(from),
        };
        let Some(t) = position.map(|p| &mut self.work.tables[p]) else {
            return Err(format!("the index `{from}` does not exist"));
        };
        if let Some(pk) = t
            .primary_key
            .as_mut()
            .filter(|pk| pk.name.as_deref() == Some(from))
        {
            pk.name = Some(to.to_owned());
            return Ok(());
        }
        match t.indexes.iter_mut().find(|i| i.name == from) {
            Some(i) => {
                i.name = to.to_owned();
                Ok(())
            }
            None => Err(format!("the index `{from}` does not exist")),
        }
    }

    pub(crate) fn alter_column(
        &mut self,
        table: &str,
        column: &str,
        op: &AlterColumnOperation,
    ) -> Outcome {
        let dialect = self.dialect;
        let enums = self.work.enums.clone();
        let t = self.work.table_mut(table)?;
        let c = t.column_mut(column)?;
        match op {
            AlterColumnOperation::SetNotNull => {
                if c.arity == ColumnArity::Nullable {
                    c.arity = ColumnArity::Required;
                }
            }
            AlterColumnOperation::DropNotNull => {
                if c.arity == ColumnArity::Required {
                    c.arity = ColumnArity::Nullable;
                }
            }
            AlterColumnOperation::SetDefault { value } => {
                c.default = Some(dialect.default_value(value, &c.tpe, c.arity));
                c.auto_increment = false;
            }
            AlterColumnOperation::DropDefault => {
                c.default = None;
                c.auto_increment = false;
            }
            AlterColumnOperation::SetDataType { data_type, .. } => {
                let declared = dialect.declared_type(data_type, &enums)?;
                if declared.serial {
                    return Err("a column changed to a serial type".to_owned());
                }
                c.tpe = declared.tpe;
                match (declared.list, c.arity) {
                    (true, _) => c.arity = ColumnArity::List,
                    (false, ColumnArity::List) => c.arity = ColumnArity::Nullable,
                    _ => {}
                }
                // The default is kept, cast to the new type: read it again as that type.
                if let Some(DefaultValue::Value(v)) = &c.default {
                    c.default = Some(DefaultValue::Value(recast(v, &c.tpe)));
                }
            }
            AlterColumnOperation::AddGenerated { .. } => {
                c.auto_increment = true;
                c.arity = ColumnArity::Required;
                c.default = Some(DefaultValue::Sequence(dialect.object_name(
                    table,
                    Some(column),
                    "seq",
                )));
            }
            other => return Err(format!("`ALTER COLUMN … {other}` is not interpreted")),
        }
        Ok(())
    }

    pub(crate) fn work_mut(&mut self) -> &mut Work {
        &mut self.work
    }

    pub(crate) fn dialect(&self) -> SqlDialect {
        self.dialect
    }
}

/// A constant default read again after its column's type changed (an enum value stays a
/// string constant of the new type, and the reverse).
fn recast(v: &sql_schema::Value, tpe: &WType) -> sql_schema::Value {
    use sql_schema::Value;
    match (v, tpe) {
        (Value::String(s), WType::NamedEnum(_) | WType::InlineEnum(_)) => Value::Enum(s.clone()),
        (Value::Enum(s), WType::Plain(..)) => Value::String(s.clone()),
        _ => v.clone(),
    }
}

const EXPRESSION: &str = "an index on an expression";

fn algorithm(t: &IndexType) -> Option<IndexAlgorithm> {
    match t {
        IndexType::Hash => Some(IndexAlgorithm::Hash),
        IndexType::GIN => Some(IndexAlgorithm::Gin),
        IndexType::GiST => Some(IndexAlgorithm::Gist),
        IndexType::SPGiST => Some(IndexAlgorithm::SpGist),
        IndexType::BRIN => Some(IndexAlgorithm::Brin),
        _ => None,
    }
}
