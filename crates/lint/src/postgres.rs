//! PostgreSQL: the lock each statement takes on an existing table and what it blocks, table
//! rewrites, full scans under lock, non-concurrent index builds, `CONCURRENTLY` where it
//! fails, enum changes and the missing `lock_timeout`.

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, AlterTypeOperation, ColumnOption, ObjectType,
    Statement, TableConstraint, TableObject,
};

use crate::common::{already_not_null, column};
use crate::schema::base_name;
use crate::split::Script;
use crate::types::pg_binary_compatible;
use crate::{Ctx, TableState};

/// PostgreSQL's table lock modes, weakest first (those a migration takes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Lock {
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    AccessExclusive,
}

impl Lock {
    fn name(self) -> &'static str {
        match self {
            Lock::RowExclusive => "ROW EXCLUSIVE",
            Lock::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            Lock::Share => "SHARE",
            Lock::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            Lock::AccessExclusive => "ACCESS EXCLUSIVE",
        }
    }

    fn blocks(self) -> &'static str {
        match self {
            Lock::RowExclusive => {
                "blocks schema changes and the rows it writes; other reads and writes go on"
            }
            Lock::ShareUpdateExclusive => {
                "blocks schema changes and VACUUM; reads and writes go on"
            }
            Lock::Share | Lock::ShareRowExclusive => {
                "blocks writes (INSERT, UPDATE, DELETE); reads go on"
            }
            Lock::AccessExclusive => "blocks every read and write",
        }
    }

    /// Whether waiting for it queues the app's writes (R212).
    fn strong(self) -> bool {
        self >= Lock::Share
    }
}

const TRANSACTION_CONTROL: &[&str] = &[
    "BEGIN",
    "COMMIT",
    "END",
    "ROLLBACK",
    "SAVEPOINT",
    "RELEASE",
    "START",
];

/// Whether Refract runs `script` in one transaction: not when it manages transactions
/// itself or uses `CONCURRENTLY` (as `migrate deploy` decides).
pub(crate) fn runs_in_transaction(script: &Script) -> bool {
    !script.statements.iter().any(|s| {
        s.keywords
            .first()
            .is_some_and(|k| TRANSACTION_CONTROL.contains(&k.as_str()))
            || s.keywords.iter().any(|k| k == "CONCURRENTLY")
    })
}

const VOLATILE: &[&str] = &[
    "random(",
    "gen_random_uuid(",
    "uuid_generate_v",
    "clock_timestamp(",
    "timeofday(",
    "nextval(",
    "txid_current(",
];

fn volatile_default(def: &sqlparser::ast::ColumnDef) -> Option<String> {
    let ty = def.data_type.to_string().to_ascii_uppercase();
    if ty.contains("SERIAL") {
        return Some(format!("a {ty} column fills every row from a sequence"));
    }
    for o in &def.options {
        match &o.option {
            ColumnOption::Default(e) => {
                let text = e.to_string().to_ascii_lowercase();
                if let Some(f) = VOLATILE.iter().find(|f| text.contains(*f)) {
                    return Some(format!(
                        "its default `{e}` is volatile ({}…), computed for every row",
                        f.trim_end_matches('(')
                    ));
                }
            }
            ColumnOption::Generated {
                generation_expr: Some(_),
                ..
            } => return Some("a stored generated column is computed for every row".into()),
            ColumnOption::Generated { .. } => {
                return Some("an identity column fills every row from a sequence".into());
            }
            _ => {}
        }
    }
    None
}

/// The locks `stmt` takes on tables that existed before the migration.
fn locks(ctx: &Ctx<'_>, stmt: &Statement) -> Vec<(String, Lock)> {
    let concurrently = ctx.stmt.keywords.iter().any(|k| k == "CONCURRENTLY");
    let mut out: Vec<(String, Lock)> = match stmt {
        Statement::CreateIndex(ci) => vec![(
            base_name(&ci.table_name),
            if ci.concurrently {
                Lock::ShareUpdateExclusive
            } else {
                Lock::Share
            },
        )],
        Statement::AlterTable(at) => {
            let table = base_name(&at.name);
            let mut out = Vec::new();
            let mut mode = None;
            for op in &at.operations {
                let m = match op {
                    AlterTableOperation::AddConstraint {
                        constraint: TableConstraint::ForeignKey(fk),
                        ..
                    } => {
                        out.push((base_name(&fk.foreign_table), Lock::ShareRowExclusive));
                        Lock::ShareRowExclusive
                    }
                    AlterTableOperation::ValidateConstraint { .. } => Lock::ShareUpdateExclusive,
                    _ => Lock::AccessExclusive,
                };
                mode = mode.max(Some(m));
            }
            if let Some(m) = mode {
                out.insert(0, (table, m));
            }
            out
        }
        Statement::Drop {
            object_type: ObjectType::Table,
            names,
            ..
        } => names
            .iter()
            .map(|n| (base_name(n), Lock::AccessExclusive))
            .collect(),
        Statement::Drop {
            object_type: ObjectType::Index,
            names,
            ..
        } => names
            .iter()
            .filter_map(|n| ctx.schema.index_table(&base_name(n)))
            .map(|t| {
                (
                    t,
                    if concurrently {
                        Lock::ShareUpdateExclusive
                    } else {
                        Lock::AccessExclusive
                    },
                )
            })
            .collect(),
        Statement::Truncate(t) => t
            .table_names
            .iter()
            .map(|n| (base_name(&n.name), Lock::AccessExclusive))
            .collect(),
        Statement::Update(u) => vec![(u.table.relation.to_string(), Lock::RowExclusive)],
        Statement::Delete(_) | Statement::Insert(_) => match stmt {
            Statement::Insert(i) => match &i.table {
                TableObject::TableName(n) => vec![(base_name(n), Lock::RowExclusive)],
                _ => Vec::new(),
            },
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    for (t, _) in &mut out {
        *t = t.trim_matches('"').to_owned();
    }
    out.retain(|(t, _)| ctx.existing(t));
    out
}

pub(crate) fn check(ctx: &mut Ctx<'_>, stmt: &Statement) {
    let held = if ctx.state.in_transaction {
        "until COMMIT"
    } else if ctx.state.transactional {
        "until the migration commits"
    } else {
        "while the statement runs"
    };
    for (table, lock) in locks(ctx, stmt) {
        ctx.report(
            "R200",
            format!(
                "takes {} on `{table}` {held}: {}",
                lock.name(),
                lock.blocks()
            ),
        );
        if lock.strong() && !ctx.state.lock_timeout && !ctx.state.lock_timeout_reported {
            ctx.state.lock_timeout_reported = true;
            ctx.report(
                "R212",
                format!(
                    "waits without a limit for {} on `{table}`, and the app's queries queue behind it: no `SET lock_timeout` runs before it",
                    lock.name()
                ),
            );
        }
    }
    let concurrently = ctx.stmt.keywords.iter().any(|k| k == "CONCURRENTLY");
    if concurrently && matches!(stmt, Statement::CreateIndex(_) | Statement::Drop { .. }) {
        if ctx.state.in_transaction {
            ctx.report(
                "R202",
                "CONCURRENTLY cannot run inside the transaction block opened by BEGIN: it fails",
            );
        } else if ctx.state.statement_count > 1 {
            ctx.report(
                "R213",
                format!(
                    "CONCURRENTLY in a migration of {} statements: Prisma runs it in one implicit transaction, where it fails",
                    ctx.state.statement_count
                ),
            );
        }
    }
    match stmt {
        Statement::CreateIndex(ci) if !ci.concurrently => {
            let table = base_name(&ci.table_name);
            if ctx.existing(&table) {
                ctx.report(
                    "R201",
                    format!("builds the index under a SHARE lock: writes to `{table}` wait until it is built"),
                );
            }
        }
        Statement::Drop {
            object_type: ObjectType::Index,
            names,
            ..
        } if !concurrently => {
            for n in names {
                let table = ctx.schema.index_table(&base_name(n));
                if table.as_deref().is_none_or(|t| ctx.existing(t)) {
                    ctx.report(
                        "R203",
                        format!(
                            "drops `{}` under ACCESS EXCLUSIVE on {}",
                            base_name(n),
                            table.map_or("its table".into(), |t| format!("`{t}`"))
                        ),
                    );
                }
            }
        }
        Statement::AlterTable(at) => {
            let table = base_name(&at.name);
            if ctx.existing(&table) {
                for op in &at.operations {
                    alter(ctx, &table, op);
                }
            }
        }
        Statement::AlterType(at) => {
            let name = base_name(&at.name);
            let existing = ctx.schema.enum_type(&name) != Some(TableState::New);
            match &at.operation {
                AlterTypeOperation::AddValue(v) if existing => ctx.report(
                    "R210",
                    format!("adds `{}` to the enum `{name}`", v.value.value),
                ),
                AlterTypeOperation::RenameValue(v) if existing => ctx.report(
                    "R211",
                    format!(
                        "renames the value `{}` of the enum `{name}` to `{}`",
                        v.from.value, v.to.value
                    ),
                ),
                _ => {}
            }
        }
        _ => {}
    }
}

fn alter(ctx: &mut Ctx<'_>, table: &str, op: &AlterTableOperation) {
    match op {
        AlterTableOperation::AddColumn { column_def, .. } => {
            if crate::common::is_unique(column_def) {
                ctx.report(
                    "R209",
                    format!(
                        "builds the index of the unique column `{table}`.`{}` under ACCESS EXCLUSIVE",
                        column_def.name.value
                    ),
                );
            }
            if let Some(why) = volatile_default(column_def) {
                ctx.report(
                    "R205",
                    format!(
                        "adding `{table}`.`{}` rewrites the table: {why}",
                        column_def.name.value
                    ),
                );
            }
        }
        AlterTableOperation::AlterColumn { column_name, op } => match op {
            AlterColumnOperation::SetNotNull
                if !ctx.schema.has_not_null_check(table, &column_name.value)
                    && !already_not_null(ctx, table, &column_name.value) =>
            {
                ctx.report(
                "R206",
                format!(
                    "SET NOT NULL reads every row of `{table}` under ACCESS EXCLUSIVE to check `{}`",
                    column_name.value
                ),
                )
            }
            AlterColumnOperation::SetDataType { data_type, .. } => {
                let new = data_type.to_string();
                let new_base = new.trim_matches('"').to_owned();
                let is_enum = ctx.state.new_enums.contains(&new_base.to_ascii_lowercase())
                    || ctx.schema.enum_type(&new_base).is_some();
                if is_enum {
                    ctx.report(
                        "R211",
                        format!(
                            "changes `{table}`.`{}` to the enum type {new}: the table is rewritten under ACCESS EXCLUSIVE, and values the running app writes may be gone",
                            column_name.value
                        ),
                    );
                    return;
                }
                let columns = ctx.schema.columns(table);
                let old = column(&columns, &column_name.value).map(|c| c.data_type.clone());
                match old {
                    Some(old) if pg_binary_compatible(&old, &new) => {}
                    Some(old) => ctx.report(
                        "R204",
                        format!(
                            "changing `{table}`.`{}` from {old} to {new} rewrites the table and its indexes under ACCESS EXCLUSIVE",
                            column_name.value
                        ),
                    ),
                    None => ctx.report(
                        "R204",
                        format!(
                            "changing `{table}`.`{}` to {new} rewrites the table and its indexes under ACCESS EXCLUSIVE (unless the old type is binary-compatible; it is not known from the migrations read)",
                            column_name.value
                        ),
                    ),
                }
            }
            _ => {}
        },
        AlterTableOperation::AddConstraint {
            constraint,
            not_valid,
        } => match constraint {
            TableConstraint::ForeignKey(fk) if !not_valid => ctx.report(
                "R207",
                format!(
                    "checks every row of `{table}` against `{}` while writes to both wait",
                    base_name(&fk.foreign_table)
                ),
            ),
            TableConstraint::Check(_) if !not_valid => ctx.report(
                "R208",
                format!("checks every row of `{table}` under ACCESS EXCLUSIVE"),
            ),
            TableConstraint::Unique(_) | TableConstraint::PrimaryKey(_) => ctx.report(
                "R209",
                format!("builds the constraint's index on `{table}` under ACCESS EXCLUSIVE"),
            ),
            _ => {}
        },
        _ => {}
    }
}

/// Transactions, `lock_timeout` and new enum types, after each statement.
pub(crate) fn track(ctx: &mut Ctx<'_>) {
    let k = &ctx.stmt.keywords;
    match k.first().map(String::as_str) {
        Some("BEGIN" | "START") => ctx.state.in_transaction = true,
        Some("COMMIT" | "END" | "ROLLBACK") => ctx.state.in_transaction = false,
        Some("SET") if k.iter().any(|w| w == "LOCK_TIMEOUT") => ctx.state.lock_timeout = true,
        _ => {}
    }
    if let Ok(Statement::CreateType { name, .. }) = &ctx.stmt.parsed {
        ctx.state
            .new_enums
            .insert(base_name(name).to_ascii_lowercase());
    }
}
