//! The checks of every database: destructive changes (drops, narrowing types, truncation),
//! changes that break the running version of the app (renames) and data-dependent ones (a
//! new unique or NOT NULL on existing rows).

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, ObjectType,
    RenameTableNameKind, Statement, TableConstraint,
};

use crate::Ctx;
use crate::schema::{ColumnInfo, base_name, fills_itself};
use crate::types::narrowing;

/// Whether `def` is NOT NULL (or a primary key).
pub(crate) fn is_not_null(def: &ColumnDef) -> bool {
    def.options.iter().any(|o| {
        matches!(
            o.option,
            ColumnOption::NotNull | ColumnOption::PrimaryKey(_)
        )
    })
}

/// Whether `def` is UNIQUE or a primary key (an index built with the column).
pub(crate) fn is_unique(def: &ColumnDef) -> bool {
    def.options.iter().any(|o| {
        matches!(
            o.option,
            ColumnOption::Unique(_) | ColumnOption::PrimaryKey(_)
        )
    })
}

/// Whether the schema before the statement says `table`.`name` is NOT NULL already (then
/// `SET NOT NULL` changes nothing: no scan, and it cannot fail).
pub(crate) fn already_not_null(ctx: &Ctx<'_>, table: &str, name: &str) -> bool {
    column(&ctx.schema.columns(table), name).is_some_and(|c| c.not_null)
}

pub(crate) fn column<'c>(columns: &'c [ColumnInfo], name: &str) -> Option<&'c ColumnInfo> {
    columns.iter().find(|c| c.name.eq_ignore_ascii_case(name))
}

pub(crate) fn check(ctx: &mut Ctx<'_>, stmt: &Statement) {
    match stmt {
        Statement::Drop {
            object_type, names, ..
        } => {
            for n in names {
                let name = base_name(n);
                match object_type {
                    ObjectType::Table
                        if ctx.existing(&name)
                            && !ctx.state.copied.contains_key(&name.to_ascii_lowercase()) =>
                    {
                        ctx.report(
                            "R101",
                            format!("drops the table `{name}` and every row in it"),
                        );
                    }
                    ObjectType::Schema | ObjectType::Database => {
                        ctx.report("R108", format!("drops `{name}` and everything in it"));
                    }
                    _ => {}
                }
            }
        }
        Statement::Truncate(t) => {
            let names: Vec<String> = t
                .table_names
                .iter()
                .map(|n| format!("`{}`", base_name(&n.name)))
                .collect();
            ctx.report("R109", format!("deletes every row of {}", names.join(", ")));
        }
        Statement::CreateIndex(ci) if ci.unique => {
            let table = base_name(&ci.table_name);
            if ctx.existing(&table) {
                ctx.report(
                    "R105",
                    format!("adds a unique index on the existing table `{table}`: it fails if the rows hold duplicates"),
                );
            }
        }
        Statement::RenameTable(renames) => {
            for r in renames {
                let old = base_name(&r.old_name);
                if ctx.existing(&old) {
                    ctx.report(
                        "R107",
                        format!("renames the table `{old}` to `{}`", base_name(&r.new_name)),
                    );
                }
            }
        }
        Statement::AlterTable(at) => {
            let table = base_name(&at.name);
            if !ctx.existing(&table) {
                return;
            }
            let columns = ctx.schema.columns(&table);
            for op in &at.operations {
                alter(ctx, &table, &columns, op);
            }
        }
        _ => {}
    }
}

fn alter(ctx: &mut Ctx<'_>, table: &str, columns: &[ColumnInfo], op: &AlterTableOperation) {
    match op {
        AlterTableOperation::DropColumn { column_names, .. } => {
            for c in column_names {
                ctx.report(
                    "R102",
                    format!("drops the column `{table}`.`{}` and its data", c.value),
                );
            }
        }
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => ctx.report(
            "R107",
            format!(
                "renames the column `{table}`.`{}` to `{}`",
                old_column_name.value, new_column_name.value
            ),
        ),
        AlterTableOperation::RenameTable { table_name } => {
            let (RenameTableNameKind::As(to) | RenameTableNameKind::To(to)) = table_name;
            ctx.report(
                "R107",
                format!("renames the table `{table}` to `{}`", base_name(to)),
            );
        }
        AlterTableOperation::AddColumn { column_def, .. } => {
            let name = &column_def.name.value;
            if is_not_null(column_def) && !fills_itself(column_def) {
                let effect = ctx.dialect.not_null_without_default();
                ctx.report(
                    "R104",
                    format!(
                        "adds the required column `{table}`.`{name}` without a default, which {effect}"
                    ),
                );
            }
            if is_unique(column_def) && fills_itself(column_def) {
                ctx.report(
                    "R105",
                    format!("adds the unique column `{table}`.`{name}` with a default: every existing row gets the same value, so it fails when the table has more than one row"),
                );
            }
        }
        AlterTableOperation::AddConstraint {
            constraint,
            not_valid,
        } => match constraint {
            TableConstraint::Check(c) if !not_valid => ctx.report(
                "R110",
                format!(
                    "adds the check `{}` to the existing table `{table}`: it fails if a row violates it",
                    c.expr
                ),
            ),
            TableConstraint::Unique(_) => ctx.report(
                "R105",
                format!("adds a unique constraint on the existing table `{table}`: it fails if the rows hold duplicates"),
            ),
            TableConstraint::PrimaryKey(_) => ctx.report(
                "R105",
                format!("adds a primary key on the existing table `{table}`: it fails if the rows hold duplicates or NULLs"),
            ),
            _ => {}
        },
        AlterTableOperation::ValidateConstraint { name } => ctx.report(
            "R110",
            format!(
                "validates `{}` on the existing table `{table}`: it fails if a row violates it",
                name.value
            ),
        ),
        AlterTableOperation::AlterColumn { column_name, op } => match op {
            AlterColumnOperation::SetNotNull
                if !ctx.schema.has_not_null_check(table, &column_name.value)
                    && !already_not_null(ctx, table, &column_name.value) =>
            {
                ctx.report(
                "R106",
                format!(
                    "makes `{table}`.`{}` NOT NULL: it fails if a row holds NULL",
                    column_name.value
                ),
                )
            }
            AlterColumnOperation::SetDataType { data_type, .. } => {
                if let Some(old) = column(columns, &column_name.value)
                    && let Some(why) = narrowing(&old.data_type, &data_type.to_string())
                {
                    ctx.report(
                        "R103",
                        format!("changes `{table}`.`{}` {why}", column_name.value),
                    );
                }
            }
            _ => {}
        },
        AlterTableOperation::ModifyColumn {
            col_name,
            data_type,
            options,
            ..
        } => modify(ctx, table, columns, &col_name.value, &col_name.value, data_type, options),
        AlterTableOperation::ChangeColumn {
            old_name,
            new_name,
            data_type,
            options,
            ..
        } => {
            if !old_name.value.eq_ignore_ascii_case(&new_name.value) {
                ctx.report(
                    "R107",
                    format!(
                        "renames the column `{table}`.`{}` to `{}`",
                        old_name.value, new_name.value
                    ),
                );
            }
            modify(ctx, table, columns, &old_name.value, &new_name.value, data_type, options);
        }
        _ => {}
    }
}

fn modify(
    ctx: &mut Ctx<'_>,
    table: &str,
    columns: &[ColumnInfo],
    old_name: &str,
    new_name: &str,
    data_type: &sqlparser::ast::DataType,
    options: &[ColumnOption],
) {
    let Some(old) = column(columns, old_name) else {
        return;
    };
    if let Some(why) = narrowing(&old.data_type, &data_type.to_string()) {
        ctx.report("R103", format!("changes `{table}`.`{new_name}` {why}"));
    }
    let not_null = options
        .iter()
        .any(|o| matches!(o, ColumnOption::NotNull | ColumnOption::PrimaryKey(_)));
    if not_null && !old.not_null {
        ctx.report(
            "R106",
            format!("makes `{table}`.`{new_name}` NOT NULL: it fails if a row holds NULL"),
        );
    }
}
