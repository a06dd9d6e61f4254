//! MySQL and MariaDB (InnoDB): how each `ALTER TABLE` runs — INSTANT (metadata only),
//! INPLACE (reads and writes go on), INPLACE with a rebuild of the table, or COPY (writes
//! blocked while every row is copied) — following the online DDL tables of MySQL 8.0 and
//! MariaDB 10.4+.

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnOption, Statement, TableConstraint,
};

use crate::Ctx;
use crate::common::column;
use crate::schema::base_name;
use crate::schema::fills_itself;
use crate::types::{Kind, kind};

/// How InnoDB runs an operation, cheapest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Algorithm {
    Instant,
    Inplace,
    Rebuild,
    Copy,
}

impl Algorithm {
    fn name(self) -> &'static str {
        match self {
            Algorithm::Instant => "INSTANT",
            Algorithm::Inplace => "INPLACE",
            Algorithm::Rebuild => "INPLACE, rebuilding the table",
            Algorithm::Copy => "COPY",
        }
    }
}

fn varchar_bytes_class(t: &str) -> Option<(f64, bool)> {
    let upper = t.to_ascii_uppercase();
    if !upper.starts_with("VARCHAR") {
        return None;
    }
    // The length prefix is 1 byte up to 255 bytes, 2 beyond (utf8mb4: 4 bytes a character).
    match kind(t) {
        Kind::Text(n) => Some((n, n * 4.0 <= 255.0)),
        _ => None,
    }
}

fn modify(
    ctx: &Ctx<'_>,
    table: &str,
    old_name: &str,
    data_type: &sqlparser::ast::DataType,
    options: &[ColumnOption],
) -> (Algorithm, String) {
    let new = data_type.to_string();
    let columns = ctx.schema.columns(table);
    let Some(old) = column(&columns, old_name) else {
        return (
            Algorithm::Copy,
            format!(
                "MODIFY `{old_name}` to {new} (the old type is not known from the migrations read: COPY unless it is unchanged)"
            ),
        );
    };
    let not_null = options
        .iter()
        .any(|o| matches!(o, ColumnOption::NotNull | ColumnOption::PrimaryKey(_)));
    if old.data_type.eq_ignore_ascii_case(&new) {
        if not_null == old.not_null {
            return (
                Algorithm::Instant,
                format!("MODIFY `{old_name}` (same type)"),
            );
        }
        return (
            Algorithm::Rebuild,
            format!(
                "MODIFY `{old_name}` to {}",
                if not_null { "NOT NULL" } else { "NULL" }
            ),
        );
    }
    if let (Some((a, a_short)), Some((b, b_short))) = (
        varchar_bytes_class(&old.data_type),
        varchar_bytes_class(&new),
    ) && b >= a
        && a_short == b_short
    {
        return (
            Algorithm::Inplace,
            format!("MODIFY `{old_name}` from {} to {new}", old.data_type),
        );
    }
    (
        Algorithm::Copy,
        format!("MODIFY `{old_name}` from {} to {new}", old.data_type),
    )
}

fn classify(ctx: &Ctx<'_>, table: &str, op: &AlterTableOperation) -> Option<(Algorithm, String)> {
    Some(match op {
        AlterTableOperation::AddColumn { column_def, .. } => {
            let name = &column_def.name.value;
            let auto = fills_itself(column_def)
                && column_def.options.iter().any(|o| {
                    matches!(&o.option, ColumnOption::DialectSpecific(t) if t.iter().any(|t| t.to_string().eq_ignore_ascii_case("AUTO_INCREMENT")))
                });
            let stored = column_def.options.iter().any(|o| {
                matches!(
                    &o.option,
                    ColumnOption::Generated {
                        generation_expr: Some(_),
                        ..
                    }
                )
            });
            if auto || stored {
                (
                    Algorithm::Copy,
                    format!("ADD COLUMN `{name}` (auto-increment or stored generated)"),
                )
            } else {
                (Algorithm::Instant, format!("ADD COLUMN `{name}`"))
            }
        }
        AlterTableOperation::DropColumn { column_names, .. } => (
            Algorithm::Instant,
            format!(
                "DROP COLUMN {} (INSTANT on MySQL 8.0.29+ and MariaDB 10.4+, a rebuild before)",
                column_names
                    .iter()
                    .map(|c| format!("`{}`", c.value))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        AlterTableOperation::RenameColumn {
            old_column_name, ..
        } => (
            Algorithm::Instant,
            format!("RENAME COLUMN `{}`", old_column_name.value),
        ),
        AlterTableOperation::RenameTable { .. } => (Algorithm::Instant, "RENAME TO".into()),
        AlterTableOperation::AlterColumn {
            column_name,
            op: AlterColumnOperation::SetDefault { .. } | AlterColumnOperation::DropDefault,
        } => (
            Algorithm::Instant,
            format!("ALTER COLUMN `{}` default", column_name.value),
        ),
        AlterTableOperation::ModifyColumn {
            col_name,
            data_type,
            options,
            ..
        } => modify(ctx, table, &col_name.value, data_type, options),
        AlterTableOperation::ChangeColumn {
            old_name,
            data_type,
            options,
            ..
        } => modify(ctx, table, &old_name.value, data_type, options),
        AlterTableOperation::AddConstraint { constraint, .. } => match constraint {
            TableConstraint::ForeignKey(_) if ctx.state.foreign_key_checks_off => (
                Algorithm::Inplace,
                "ADD FOREIGN KEY (foreign_key_checks=0)".into(),
            ),
            TableConstraint::ForeignKey(_) => (
                Algorithm::Copy,
                "ADD FOREIGN KEY (COPY while foreign_key_checks=1)".into(),
            ),
            TableConstraint::PrimaryKey(_) => (Algorithm::Rebuild, "ADD PRIMARY KEY".into()),
            TableConstraint::FulltextOrSpatial(_) => {
                (Algorithm::Rebuild, "ADD FULLTEXT/SPATIAL INDEX".into())
            }
            TableConstraint::Check(_) => (Algorithm::Copy, "ADD CHECK".into()),
            _ => (Algorithm::Inplace, "ADD INDEX".into()),
        },
        AlterTableOperation::DropPrimaryKey { .. } => (Algorithm::Copy, "DROP PRIMARY KEY".into()),
        AlterTableOperation::DropForeignKey { .. } => {
            (Algorithm::Inplace, "DROP FOREIGN KEY".into())
        }
        AlterTableOperation::DropIndex { .. } | AlterTableOperation::DropConstraint { .. } => {
            (Algorithm::Inplace, "DROP INDEX".into())
        }
        _ => return None,
    })
}

fn report(ctx: &mut Ctx<'_>, table: &str, ops: Vec<(Algorithm, String)>) {
    let Some(worst) = ops.iter().map(|(a, _)| *a).max() else {
        return;
    };
    let code = match worst {
        Algorithm::Instant | Algorithm::Inplace => "R400",
        Algorithm::Rebuild => "R401",
        Algorithm::Copy => "R402",
    };
    let parts: Vec<String> = ops
        .iter()
        .map(|(a, what)| format!("{what}: {}", a.name()))
        .collect();
    ctx.report(
        code,
        format!("runs {} on `{table}` ({})", worst.name(), parts.join("; ")),
    );
}

pub(crate) fn check(ctx: &mut Ctx<'_>, stmt: &Statement) {
    match stmt {
        Statement::AlterTable(at) => {
            let table = base_name(&at.name);
            if !ctx.existing(&table) {
                return;
            }
            let mut ops: Vec<(Algorithm, String)> = at
                .operations
                .iter()
                .filter_map(|op| classify(ctx, &table, op))
                .collect();
            if ctx
                .stmt
                .keywords
                .windows(2)
                .any(|w| w[0] == "CONVERT" && w[1] == "TO")
            {
                ops.push((Algorithm::Copy, "CONVERT TO CHARACTER SET".into()));
            }
            report(ctx, &table, ops);
        }
        Statement::CreateIndex(ci) => {
            let table = base_name(&ci.table_name);
            if ctx.existing(&table) {
                let fulltext = ctx
                    .stmt
                    .keywords
                    .iter()
                    .any(|k| k == "FULLTEXT" || k == "SPATIAL");
                let op = if fulltext {
                    (Algorithm::Rebuild, "CREATE FULLTEXT INDEX".to_owned())
                } else {
                    (Algorithm::Inplace, "CREATE INDEX".to_owned())
                };
                report(ctx, &table, vec![op]);
            }
        }
        _ => {}
    }
}

/// `SET foreign_key_checks`, after each statement.
pub(crate) fn track(ctx: &mut Ctx<'_>) {
    let k = &ctx.stmt.keywords;
    if k.first().map(String::as_str) == Some("SET") && k.iter().any(|w| w == "FOREIGN_KEY_CHECKS") {
        let text = ctx.stmt.text.replace(' ', "");
        ctx.state.foreign_key_checks_off =
            text.contains("=0") || text.to_ascii_uppercase().contains("=OFF");
    }
}
