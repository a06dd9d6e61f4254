//! Provider-specific knowledge: the native types of each provider and their arguments, and
//! PostgreSQL's operator classes. With `provider.rs`, the only place in this crate that
//! matches on the provider.

pub(crate) mod mysql;
pub(crate) mod postgres;

use crate::context::Ctx;
use crate::ir::{NativeType, ScalarFieldType, ScalarType};
use crate::provider::Provider;

/// How Prisma names the connector in messages.
pub(crate) fn display_name(provider: Provider) -> &'static str {
    match provider {
        Provider::Postgresql => "Postgres",
        Provider::Mysql => "MySQL",
        Provider::Sqlite => "sqlite",
        Provider::Cockroachdb => "CockroachDB",
        Provider::Sqlserver => "SQL Server",
        Provider::Mongodb => "MongoDB",
    }
}

/// One native type: its name, the Prisma types it fits, and how many arguments it takes
/// (`min..=max`).
#[derive(Debug)]
pub struct NativeTypeSpec {
    /// The name after `@db.` (`VarChar`).
    pub name: &'static str,
    /// The Prisma scalar types it can be written on.
    pub scalar_types: &'static [ScalarType],
    /// The fewest arguments it takes.
    pub min_args: usize,
    /// The most arguments it takes.
    pub max_args: usize,
}

/// The native types (`@db.*`) of a provider, in Prisma's order (empty for providers without
/// any); editors list them as completions.
pub fn native_types(provider: Provider) -> &'static [NativeTypeSpec] {
    specs(provider)
}

fn specs(provider: Provider) -> &'static [NativeTypeSpec] {
    match provider {
        Provider::Postgresql => postgres::NATIVE_TYPES,
        Provider::Mysql => mysql::NATIVE_TYPES,
        _ => &[],
    }
}

/// Checks a `@db.*` attribute against the provider's native types.
pub(crate) fn check_native_type(
    ctx: &mut Ctx<'_>,
    provider: Provider,
    field_type: &ScalarFieldType,
    native: &NativeType,
) {
    let Some(spec) = specs(provider).iter().find(|s| s.name == native.name) else {
        ctx.error(
            format!(
                "Native type {} is not supported for {} connector.",
                native.name,
                provider.as_str()
            ),
            native.span,
        );
        return;
    };
    let n = native.args.len();
    if n < spec.min_args || n > spec.max_args {
        let message = if spec.min_args == spec.max_args {
            format!(
                "Function \"{}\" takes {} arguments, but received {}.",
                native.name, spec.min_args, n
            )
        } else {
            format!(
                "Native type {} takes {} optional arguments, but received {}.",
                native.name, spec.max_args, n
            )
        };
        ctx.error(message, native.span);
        return;
    }
    match field_type {
        ScalarFieldType::Builtin(t) if spec.scalar_types.contains(t) => {}
        ScalarFieldType::Builtin(t) => {
            let expected: Vec<&str> = spec.scalar_types.iter().map(|s| s.as_str()).collect();
            ctx.error(
                format!(
                    "Native type {} is not compatible with declared field type {}, expected field type {}.",
                    native.name,
                    t.as_str(),
                    expected.join(" or ")
                ),
                native.span,
            );
            return;
        }
        _ => {
            ctx.error(
                format!(
                    "Native types can only be used on fields of a scalar type, but `{}` is used on a field that is not.",
                    native.name
                ),
                native.span,
            );
            return;
        }
    }
    for arg in &native.args {
        if let Some(rest) = arg.strip_prefix('-')
            && rest.parse::<u64>().is_ok()
        {
            ctx.error(
                format!("Expected a nonnegative integer, but found ({arg})."),
                native.span,
            );
            return;
        }
        if arg.parse::<u32>().is_err() {
            ctx.error(
                format!(
                    "Expected a numeric value for the arguments of native type {}, but received `{arg}`.",
                    native.name
                ),
                native.span,
            );
            return;
        }
    }
    if provider == Provider::Postgresql {
        postgres::check_native_arguments(ctx, native);
    }
}
