//! `@@check(expression: "…", map: "…")`: table check constraints, as Prisma's next major
//! version spells them (Refract reads them on every provider; Prisma 7 does not know the
//! attribute). The expression is SQL, written into the migration as it is; the name defaults
//! to `{table}_check`, then `{table}_check1`, … as PostgreSQL names table checks.

use schema_syntax::ast::{Attribute, Expression};

use super::super::Ctx;
use super::super::arguments::{Args, type_mismatch};
use super::{report_unused, string_arg};
use crate::constraint_names;
use crate::ids::ModelId;
use crate::ir::CheckConstraint;
use crate::provider::Provider;

pub(super) fn block_check(ctx: &mut Ctx<'_>, model: ModelId, attr: &Attribute) {
    let mut args = Args::new(attr);
    let expression = args.default_arg("expression");
    let map = args.named("map").and_then(|e| string_arg(ctx, e));
    report_unused(ctx, &args);
    let Some(expression) = expression else {
        ctx.error("Argument \"expression\" is missing.", attr.span);
        return;
    };
    let Expression::String(sql, span) = expression else {
        let raw = ctx.text(expression.span());
        ctx.error(type_mismatch("string", expression, raw), expression.span());
        return;
    };
    if sql.trim().is_empty() {
        ctx.attribute_error(
            "@check",
            "The `expression` argument cannot be empty: write the SQL condition every row must meet, e.g. `@@check(expression: \"price >= 0\")`.",
            *span,
        );
        return;
    }
    if map.as_deref() == Some("") {
        ctx.attribute_error(
            "@check",
            "The `map` argument cannot be empty: leave it out for the default name.",
            attr.span,
        );
        return;
    }
    ctx.schema.models[model.index()]
        .checks
        .push(CheckConstraint {
            expression: sql.clone(),
            database_name: String::new(),
            mapped_name: map,
            span: attr.span,
        });
}

/// Default names, then duplicate names within a model (a table's constraints share one
/// namespace).
pub(super) fn compute_names(ctx: &mut Ctx<'_>) {
    let provider = ctx.provider.unwrap_or(Provider::Postgres);
    let mut errors = Vec::new();
    for model in &mut ctx.schema.models {
        let mut unnamed = 0;
        for check in &mut model.checks {
            check.database_name = match &check.mapped_name {
                Some(name) => name.clone(),
                None => {
                    unnamed += 1;
                    constraint_names::check_constraint_name(
                        &model.database_name,
                        unnamed - 1,
                        provider,
                    )
                }
            };
        }
        for (i, check) in model.checks.iter().enumerate() {
            if model.checks[..i]
                .iter()
                .any(|c| c.database_name == check.database_name)
            {
                errors.push((
                    format!(
                        "The check constraint name `{}` is already used in model `{}`. Please provide a different name using the `map` argument.",
                        check.database_name, model.name
                    ),
                    check.span,
                ));
            }
        }
    }
    for (message, span) in errors {
        ctx.attribute_error("@check", message, span);
    }
}
