//! The working schema the statements are applied to: everything addressed by name, so that
//! renames and drops are simple; [`crate::build`] turns it into a [`sql_schema::SqlSchema`].

use sql_schema::{
    ColumnArity, ColumnTypeFamily, DefaultValue, ForeignKeyAction, IndexAlgorithm, IndexKind,
    SortOrder,
};

/// The whole schema.
#[derive(Debug, Default)]
pub(crate) struct Work {
    pub tables: Vec<WTable>,
    /// PostgreSQL enum types, in creation order.
    pub enums: Vec<WEnum>,
}

#[derive(Debug, Clone)]
pub(crate) struct WEnum {
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct WTable {
    pub name: String,
    pub columns: Vec<WColumn>,
    pub primary_key: Option<WPrimaryKey>,
    pub indexes: Vec<WIndex>,
    pub foreign_keys: Vec<WForeignKey>,
    /// SQLite's count of anonymous unique constraints (`sqlite_autoindex_T_N`).
    pub autoindexes: usize,
    /// Named `CHECK` constraints: name and expression.
    pub checks: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub(crate) struct WColumn {
    pub name: String,
    pub tpe: WType,
    pub arity: ColumnArity,
    pub default: Option<DefaultValue>,
    pub auto_increment: bool,
}

/// A column's type: a family and spelling, or an enum by name (PostgreSQL's type, or MySQL's
/// inline values).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WType {
    Plain(ColumnTypeFamily, String),
    NamedEnum(String),
    InlineEnum(Vec<String>),
}

#[derive(Debug, Clone)]
pub(crate) struct WPrimaryKey {
    pub name: Option<String>,
    pub columns: Vec<WIndexColumn>,
}

#[derive(Debug, Clone)]
pub(crate) struct WIndex {
    pub name: String,
    pub kind: IndexKind,
    pub columns: Vec<WIndexColumn>,
    pub algorithm: Option<IndexAlgorithm>,
    /// An expression index: the describers leave it out.
    pub hidden: bool,
    /// The `WHERE` of a partial index.
    pub predicate: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct WIndexColumn {
    pub column: String,
    pub sort: Option<SortOrder>,
    pub length: Option<u32>,
    pub operator_class: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct WForeignKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub referenced_table: String,
    /// Empty: the referenced table's primary key.
    pub referenced_columns: Vec<String>,
    pub on_delete: ForeignKeyAction,
    pub on_update: ForeignKeyAction,
    /// The name of the index MySQL creates for it when it needs one: the constraint's name
    /// when it was given one, else its first column's.
    pub index_name: String,
}

impl Work {
    pub fn table(&self, name: &str) -> Option<&WTable> {
        self.tables.iter().find(|t| t.name == name)
    }

    pub fn table_mut(&mut self, name: &str) -> Result<&mut WTable, String> {
        self.tables
            .iter_mut()
            .find(|t| t.name == name)
            .ok_or_else(|| {
                format!("the table `{name}` does not exist at this point of the history")
            })
    }

    pub fn enum_mut(&mut self, name: &str) -> Result<&mut WEnum, String> {
        self.enums
            .iter_mut()
            .find(|e| e.name == name)
            .ok_or_else(|| format!("the type `{name}` does not exist at this point of the history"))
    }

    /// Renames a table and every foreign key that references it.
    pub fn rename_table(&mut self, from: &str, to: &str) -> Result<(), String> {
        if self.table(to).is_some() {
            return Err(format!("the table `{to}` already exists"));
        }
        let table = self.table_mut(from)?;
        table.name = to.to_owned();
        // SQLite names the indexes of anonymous unique constraints after the table.
        let auto = format!("sqlite_autoindex_{from}_");
        for index in &mut table.indexes {
            if let Some(n) = index.name.strip_prefix(&auto) {
                index.name = format!("sqlite_autoindex_{to}_{n}");
            }
        }
        for t in &mut self.tables {
            for fk in &mut t.foreign_keys {
                if fk.referenced_table == from {
                    fk.referenced_table = to.to_owned();
                }
            }
        }
        Ok(())
    }

    /// Renames a column in its table, its keys and indexes, and the foreign keys that
    /// reference it.
    pub fn rename_column(&mut self, table: &str, from: &str, to: &str) -> Result<(), String> {
        let t = self.table_mut(table)?;
        if t.column(to).is_some() {
            return Err(format!("the column `{table}`.`{to}` already exists"));
        }
        let c = t
            .columns
            .iter_mut()
            .find(|c| c.name == from)
            .ok_or_else(|| format!("the column `{table}`.`{from}` does not exist"))?;
        c.name = to.to_owned();
        let rename = |cols: &mut Vec<WIndexColumn>| {
            cols.iter_mut()
                .filter(|c| c.column == from)
                .for_each(|c| c.column = to.to_owned())
        };
        if let Some(pk) = &mut t.primary_key {
            rename(&mut pk.columns);
        }
        t.indexes.iter_mut().for_each(|i| rename(&mut i.columns));
        for fk in &mut t.foreign_keys {
            fk.columns
                .iter_mut()
                .filter(|c| *c == from)
                .for_each(|c| *c = to.to_owned());
        }
        for other in &mut self.tables {
            for fk in other
                .foreign_keys
                .iter_mut()
                .filter(|fk| fk.referenced_table == table)
            {
                fk.referenced_columns
                    .iter_mut()
                    .filter(|c| *c == from)
                    .for_each(|c| *c = to.to_owned());
            }
        }
        Ok(())
    }

    /// The table holding the index (or primary key / unique constraint) named `name`.
    pub fn table_of_index(&self, name: &str) -> Option<usize> {
        self.tables.iter().position(|t| {
            t.indexes.iter().any(|i| i.name == name)
                || t.primary_key
                    .as_ref()
                    .is_some_and(|pk| pk.name.as_deref() == Some(name))
        })
    }
}

impl WTable {
    pub fn new(name: &str) -> Self {
        WTable {
            name: name.to_owned(),
            columns: Vec::new(),
            primary_key: None,
            indexes: Vec::new(),
            foreign_keys: Vec::new(),
            autoindexes: 0,
            checks: Vec::new(),
        }
    }

    pub fn column(&self, name: &str) -> Option<&WColumn> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn column_mut(&mut self, name: &str) -> Result<&mut WColumn, String> {
        let table = self.name.clone();
        self.columns
            .iter_mut()
            .find(|c| c.name == name)
            .ok_or_else(|| format!("the column `{table}`.`{name}` does not exist"))
    }

    /// Whether some index or the primary key starts with `columns` (MySQL's rule for the index
    /// a foreign key needs).
    pub fn has_index_starting_with(&self, columns: &[String]) -> bool {
        let starts = |cols: &[WIndexColumn]| {
            cols.len() >= columns.len() && cols.iter().zip(columns).all(|(a, b)| &a.column == b)
        };
        self.primary_key
            .as_ref()
            .is_some_and(|pk| starts(&pk.columns))
            || self.indexes.iter().any(|i| !i.hidden && starts(&i.columns))
    }
}

impl WIndexColumn {
    pub fn named(column: &str) -> Self {
        WIndexColumn {
            column: column.to_owned(),
            sort: None,
            length: None,
            operator_class: None,
        }
    }
}
