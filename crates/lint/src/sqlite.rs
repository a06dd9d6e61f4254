//! SQLite: table redefinitions (Prisma's `new_` table, the copy of every row, the drop and
//! the rename), what they copy, and the foreign-key pragmas around them.

use sqlparser::ast::{SelectItem, SetExpr, Statement, TableFactor, TableObject};

use crate::Ctx;
use crate::schema::base_name;

fn unquote(s: &str) -> String {
    s.trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']')
        .to_owned()
}

/// `INSERT INTO copy (…) SELECT … FROM source`: the copy, the source, the columns read and
/// the columns written.
fn copy_of(stmt: &Statement) -> Option<(String, String, Vec<String>, Vec<String>)> {
    let Statement::Insert(insert) = stmt else {
        return None;
    };
    let TableObject::TableName(target) = &insert.table else {
        return None;
    };
    let SetExpr::Select(select) = insert.source.as_ref()?.body.as_ref() else {
        return None;
    };
    let [from] = select.from.as_slice() else {
        return None;
    };
    let TableFactor::Table { name, .. } = &from.relation else {
        return None;
    };
    let columns = select
        .projection
        .iter()
        .map(|item| match item {
            SelectItem::UnnamedExpr(e) => unquote(&e.to_string()),
            SelectItem::ExprWithAlias { expr, .. } => unquote(&expr.to_string()),
            other => other.to_string(),
        })
        .collect();
    let written = insert
        .columns
        .iter()
        .map(|c| unquote(&c.to_string()))
        .collect();
    Some((base_name(target), base_name(name), columns, written))
}

pub(crate) fn check(ctx: &mut Ctx<'_>, stmt: &Statement) {
    let Some((copy, source, columns, written)) = copy_of(stmt) else {
        return;
    };
    if ctx.existing(&copy) || !ctx.existing(&source) {
        return;
    }
    let before = ctx.schema.columns(&source);
    let lost: Vec<String> = before
        .iter()
        .filter(|c| {
            !columns
                .iter()
                .any(|k| k.eq_ignore_ascii_case(&c.name) || k == "*")
        })
        .map(|c| format!("`{}`", c.name))
        .collect();
    let mut message = format!(
        "redefines `{source}`: copies every row into `{copy}` ({} column{}), and writes to the database wait for the copy",
        columns.len(),
        if columns.len() == 1 { "" } else { "s" }
    );
    if !lost.is_empty() {
        message.push_str(&format!(
            "; not copied, so their data is lost: {}",
            lost.join(", ")
        ));
    }
    ctx.report("R301", message);
    let after = ctx.schema.columns(&copy);
    for (i, new) in after.iter().enumerate() {
        let target = written
            .iter()
            .position(|w| w.eq_ignore_ascii_case(&new.name));
        let target = target.or((written.is_empty() && i < columns.len()).then_some(i));
        match target {
            None if new.not_null && !new.fills_itself => ctx.report(
                "R104",
                format!(
                    "the new required column `{source}`.`{}` has no default and is not copied: {}",
                    new.name,
                    ctx.not_null_without_default_on_copy()
                ),
            ),
            Some(k) => {
                let read = columns.get(k).map(String::as_str).unwrap_or("");
                if new.not_null
                    && before
                        .iter()
                        .any(|c| c.name.eq_ignore_ascii_case(read) && !c.not_null)
                {
                    ctx.report(
                        "R106",
                        format!(
                            "makes `{source}`.`{}` NOT NULL: the copy fails if a row holds NULL",
                            new.name
                        ),
                    );
                }
            }
            None => {}
        }
    }
    if ctx.state.foreign_keys_off.is_none() {
        ctx.report(
            "R302",
            format!("`{source}` is copied and dropped while foreign keys are enforced: no `PRAGMA foreign_keys=OFF` runs before it"),
        );
    }
    ctx.state
        .copied
        .insert(source.to_ascii_lowercase(), copy.to_ascii_lowercase());
}

/// `PRAGMA foreign_keys` switches, after each statement.
pub(crate) fn track(ctx: &mut Ctx<'_>) {
    if ctx.stmt.keywords.first().map(String::as_str) != Some("PRAGMA") {
        return;
    }
    let text: String = ctx
        .stmt
        .text
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let Some(value) = text.strip_prefix("pragmaforeign_keys=") else {
        return;
    };
    match value.trim_end_matches(';') {
        "off" | "0" | "false" | "no" => {
            ctx.state.foreign_keys_off = Some((ctx.stmt.line, ctx.stmt.column));
        }
        _ => ctx.state.foreign_keys_off = None,
    }
}

/// At the end of a migration: foreign keys left off.
pub(crate) fn finish(ctx: &mut Ctx<'_>) {
    if ctx.state.foreign_keys_off.is_some() {
        ctx.report(
            "R303",
            "`PRAGMA foreign_keys=OFF` is not followed by `PRAGMA foreign_keys=ON` before the migration ends",
        );
    }
}
