//! Assembling a migration script from rendered steps, in Prisma's layout: an optional
//! warnings header, then per step a `-- StepName` comment and its statements each ending in
//! `;`, steps separated by one blank line; `-- This is an empty migration.` when there is
//! nothing to do.

use crate::dialect::Dialect;
use sql_schema::Migration;

/// The script of a migration. `warnings` (destructive-change warnings, one sentence each)
/// go into the `/* Warnings: … */` header that `migrate dev` writes; pass none for
/// `migrate diff`. The result has no trailing newline after the last `;\n`.
pub fn render_script(
    migration: &Migration<'_>,
    dialect: &dyn Dialect,
    warnings: &[String],
) -> String {
    render_script_with(migration, warnings, &|step, schemas| {
        dialect.render_step(step, schemas)
    })
}

/// [`render_script`], each step's statements given by `render`.
pub(crate) fn render_script_with(
    migration: &Migration<'_>,
    warnings: &[String],
    render: &dyn Fn(
        &sql_schema::MigrationStep,
        sql_schema::Pair<&sql_schema::SqlSchema>,
    ) -> Vec<String>,
) -> String {
    if migration.steps.is_empty() {
        return "-- This is an empty migration.".to_owned();
    }
    let mut script = String::with_capacity(64 * migration.steps.len());
    if !warnings.is_empty() {
        script.push_str("/*\n  Warnings:\n\n");
        for warning in warnings {
            script.push_str("  - ");
            script.push_str(warning);
            script.push('\n');
        }
        script.push_str("\n*/\n");
    }
    let mut first = true;
    for step in &migration.steps {
        let statements = render(step, migration.schemas);
        if statements.is_empty() {
            continue;
        }
        if !first {
            script.push('\n');
        }
        first = false;
        script.push_str("-- ");
        script.push_str(step.description());
        script.push('\n');
        for statement in statements {
            script.push_str(&statement);
            script.push_str(";\n");
        }
    }
    script
}

/// The human summary of a migration that `migrate dev` and `migrate diff` (without
/// `--script`) print, as Prisma writes it: sections for added/removed enums and tables,
/// redefined tables, changed enums and tables, each with one line per change.
pub fn drift_summary(migration: &Migration<'_>) -> String {
    use sql_schema::{MigrationStep as S, TableChange};
    use std::collections::BTreeSet;

    if migration.steps.is_empty() {
        return "No difference detected.".to_owned();
    }
    // Section order, as Prisma's.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Section {
        AddedEnum,
        AddedTable,
        RemovedEnum,
        RemovedTable,
        RedefinedTable,
        ChangedEnum,
        ChangedTable,
    }
    let schemas = migration.schemas;
    let (prev, next) = (schemas.previous, schemas.next);
    let mut items: BTreeSet<(Section, &str, usize)> = BTreeSet::new();
    for (i, step) in migration.steps.iter().enumerate() {
        match step {
            S::CreateSchema(_)
            | S::DropExtension(_)
            | S::CreateExtension(_)
            | S::AlterExtension(_) => {}
            S::CreateEnum(_) => {
                items.insert((Section::AddedEnum, "", i));
            }
            S::AlterEnum(a) => {
                items.insert((Section::ChangedEnum, prev.walk(a.enums.previous).name(), i));
            }
            S::DropForeignKey(id) => {
                items.insert((Section::ChangedTable, prev.walk(*id).table().name(), i));
            }
            S::DropIndex(id) | S::RenameIndex(sql_schema::Pair { previous: id, .. }) => {
                items.insert((Section::ChangedTable, prev.walk(*id).table().name(), i));
            }
            S::RedefineIndex(ids) => {
                items.insert((
                    Section::ChangedTable,
                    prev.walk(ids.previous).table().name(),
                    i,
                ));
            }
            S::AlterTable(a) => {
                items.insert((
                    Section::ChangedTable,
                    prev.walk(a.tables.previous).name(),
                    i,
                ));
            }
            S::DropTable(_) => {
                items.insert((Section::RemovedTable, "", i));
            }
            S::DropEnum(_) => {
                items.insert((Section::RemovedEnum, "", i));
            }
            S::CreateTable(_) => {
                items.insert((Section::AddedTable, "", i));
            }
            S::RedefineTables(tables) => {
                for t in tables {
                    items.insert((
                        Section::RedefinedTable,
                        prev.walk(t.tables.previous).name(),
                        i,
                    ));
                }
            }
            S::RenameForeignKey(ids) => {
                items.insert((Section::ChangedTable, next.walk(ids.next).table().name(), i));
            }
            S::CreateIndex { tables, .. } => {
                items.insert((Section::ChangedTable, next.walk(tables.1).name(), i));
            }
            S::AddForeignKey(id) => {
                items.insert((Section::ChangedTable, next.walk(*id).table().name(), i));
            }
        }
    }

    let column_changes = |columns: sql_schema::Pair<sql_schema::ColumnId>,
                          changes: &sql_schema::ColumnChanges| {
        let cols = schemas.walk(columns);
        let parts: Vec<String> = changes
            .iter()
            .map(|change| match change {
                sql_schema::ColumnChange::Arity => {
                    format!(
                        "changed from {:?} to {:?}",
                        cols.previous.arity(),
                        cols.next.arity()
                    )
                }
                sql_schema::ColumnChange::Default => format!(
                    "default changed from `{:?}` to `{:?}`",
                    cols.previous.column().default,
                    cols.next.column().default
                ),
                sql_schema::ColumnChange::TypeChanged => "type changed".to_owned(),
                sql_schema::ColumnChange::Autoincrement => if cols.previous.column().auto_increment
                {
                    "column is no longer autoincrementing"
                } else {
                    "column became autoincrementing"
                }
                .to_owned(),
            })
            .collect();
        format!("({})", parts.join(", "))
    };
    let pk_names = |t: sql_schema::TableWalker<'_>| {
        t.primary_key_columns()
            .map(|c| c.name())
            .collect::<Vec<_>>()
            .join(", ")
    };

    let mut out = String::new();
    let mut state = (Section::AddedEnum, "");
    for (line, (section, name, step)) in items.iter().enumerate() {
        if (*section, *name) != state || line == 0 {
            match section {
                Section::AddedEnum => out.push_str("\n[+] Added enums\n"),
                Section::AddedTable => out.push_str("\n[+] Added tables\n"),
                Section::RemovedEnum => out.push_str("\n[-] Removed enums\n"),
                Section::RemovedTable => out.push_str("\n[-] Removed tables\n"),
                Section::RedefinedTable => {
                    out.push_str(&format!("\n[*] Redefined table `{name}`\n"))
                }
                Section::ChangedEnum => out.push_str(&format!("\n[*] Changed the `{name}` enum\n")),
                Section::ChangedTable => {
                    out.push_str(&format!("\n[*] Changed the `{name}` table\n"))
                }
            }
        }
        state = (*section, *name);
        match &migration.steps[*step] {
            S::CreateSchema(_)
            | S::RedefineTables(_)
            | S::DropExtension(_)
            | S::CreateExtension(_)
            | S::AlterExtension(_) => {}
            S::CreateEnum(id) => out.push_str(&format!("  - {}\n", next.walk(*id).name())),
            S::AlterEnum(a) => {
                for v in &a.created_values {
                    out.push_str(&format!("  [+] Added variant `{v}`\n"));
                }
                for v in &a.dropped_values {
                    out.push_str(&format!("  [-] Removed variant `{v}`\n"));
                }
            }
            S::DropForeignKey(id) => {
                let cols: Vec<&str> = prev
                    .walk(*id)
                    .constrained_columns()
                    .map(|c| c.name())
                    .collect();
                out.push_str(&format!(
                    "  [-] Removed foreign key on columns ({})\n",
                    cols.join(", ")
                ));
            }
            S::DropIndex(id) => {
                let index = prev.walk(*id);
                let cols: Vec<&str> = index.columns().map(|(c, _)| c.name()).collect();
                let unique = if index.is_unique() { "unique " } else { "" };
                out.push_str(&format!(
                    "  [-] Removed {unique}index on columns ({})\n",
                    cols.join(", ")
                ));
            }
            S::AlterTable(a) => {
                let tables = schemas.walk(a.tables);
                for change in &a.changes {
                    match change {
                        TableChange::AddColumn { column } => out.push_str(&format!(
                            "  [+] Added column `{}`\n",
                            next.walk(*column).name()
                        )),
                        TableChange::AlterColumn(c) => out.push_str(&format!(
                            "  [*] Altered column `{}` {}\n",
                            next.walk(c.columns.next).name(),
                            column_changes(c.columns, &c.changes)
                        )),
                        TableChange::DropColumn { column } => out.push_str(&format!(
                            "  [-] Removed column `{}`\n",
                            prev.walk(*column).name()
                        )),
                        TableChange::DropAndRecreateColumn { columns, changes } => {
                            out.push_str(&format!(
                                "  [*] Column `{}` would be dropped and recreated {}\n",
                                next.walk(columns.next).name(),
                                column_changes(*columns, changes)
                            ))
                        }
                        TableChange::DropPrimaryKey => out.push_str(&format!(
                            "  [-] Dropped the primary key on columns ({})\n",
                            pk_names(tables.previous)
                        )),
                        TableChange::RenamePrimaryKey => out.push_str(&format!(
                            "  [*] Renamed the primary key on columns ({})\n",
                            pk_names(tables.previous)
                        )),
                        // Prisma prints the closing parenthesis twice here.
                        TableChange::AddPrimaryKey => out.push_str(&format!(
                            "  [+] Added primary key on columns ({})\n)\n",
                            pk_names(tables.next)
                        )),
                        TableChange::DropCheck { check } => out.push_str(&format!(
                            "  [-] Removed check constraint `{}`\n",
                            tables.previous.table().checks[*check].name
                        )),
                        TableChange::AddCheck { check } => out.push_str(&format!(
                            "  [+] Added check constraint `{}`\n",
                            tables.next.table().checks[*check].name
                        )),
                    }
                }
            }
            S::DropTable(id) => out.push_str(&format!("  - {}\n", prev.walk(*id).name())),
            S::DropEnum(id) => out.push_str(&format!("  - {}\n", prev.walk(*id).name())),
            S::CreateTable(id) => out.push_str(&format!("  - {}\n", next.walk(*id).name())),
            S::RenameForeignKey(ids) => {
                let fks = schemas.walk(*ids);
                out.push_str(&format!(
                    "  [*] Renamed the foreign key \"{}\" to \"{}\"\n",
                    fks.previous.name().unwrap_or_default(),
                    fks.next.name().unwrap_or_default()
                ));
            }
            S::CreateIndex { index, .. } => {
                let index = next.walk(*index);
                let cols: Vec<&str> = index.columns().map(|(c, _)| c.name()).collect();
                let unique = if index.is_unique() { "unique " } else { "" };
                out.push_str(&format!(
                    "  [+] Added {unique}index on columns ({})\n",
                    cols.join(", ")
                ));
            }
            S::AddForeignKey(id) => {
                let cols: Vec<&str> = next
                    .walk(*id)
                    .constrained_columns()
                    .map(|c| c.name())
                    .collect();
                out.push_str(&format!(
                    "  [+] Added foreign key on columns ({})\n",
                    cols.join(", ")
                ));
            }
            S::RenameIndex(ids) => {
                let indexes = schemas.walk(*ids);
                out.push_str(&format!(
                    "  [*] Renamed index `{}` to `{}`\n",
                    indexes.previous.name(),
                    indexes.next.name()
                ));
            }
            S::RedefineIndex(ids) => {
                out.push_str(&format!(
                    "  [*] Redefined index `{}`\n",
                    prev.walk(ids.previous).name()
                ));
            }
        }
    }
    out
}
