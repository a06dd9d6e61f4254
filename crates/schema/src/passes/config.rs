//! Configuration blocks: `generator`s (preview features first, since the datasource's rules
//! depend on them), then the `datasource`.

use std::collections::HashSet;

use diagnostics::Span;
use schema_syntax::ast::{self, ConfigBlock, Expression, Top};

use super::Ctx;
use super::arguments::type_mismatch;
use crate::ir::{ConfigValue, Datasource, Generator, PostgresExtension, RelationMode, StringOrEnv};
use crate::preview_features::{self, FeatureStatus};
use crate::provider::{Provider, ProviderName, SchemaCapabilities};

pub(crate) fn run(ctx: &mut Ctx<'_>) {
    let mut generators = Vec::new();
    let mut datasources = Vec::new();
    for file in ctx.asts {
        for top in &file.tops {
            match top {
                Top::Generator(block) => generators.push(block),
                Top::Datasource(block) => datasources.push(block),
                _ => {}
            }
        }
    }

    let mut seen = HashSet::new();
    for block in &generators {
        if !seen.insert(block.name.name.as_str()) {
            ctx.config_name_diagnostics.push(diagnostics::Diagnostic::error(
                format!(
                    "The generator \"{}\" cannot be defined because a generator with that name already exists.",
                    block.name.name
                ),
                block.name.span,
            ));
        }
    }
    // Generators are read first (the datasource's rules depend on their preview features),
    // but Prisma reports the datasource's problems first.
    let before = ctx.diagnostics.iter().count();
    let mut loaded = Vec::new();
    for block in &generators {
        if let Some(generator) = load_generator(ctx, block) {
            loaded.push(generator);
        }
    }
    ctx.schema.generators = loaded;
    let all: Vec<diagnostics::Diagnostic> = ctx.diagnostics.iter().cloned().collect();
    let generator_diagnostics = all[before..].to_vec();
    ctx.diagnostics = diagnostics::Diagnostics::new();
    for d in &all[..before] {
        ctx.diagnostics.push(d.clone());
    }

    if datasources.len() > 1 {
        for block in &datasources {
            ctx.error(
                format!(
                    "Error validating datasource `{}`: You defined more than one datasource. This is not allowed yet because support for multiple databases has not been implemented yet.",
                    block.name.name
                ),
                block.span,
            );
        }
    }
    if let Some(block) = datasources.first() {
        ctx.datasource_ast = Some(block);
        ctx.datasource_name = Some(block.name.name.clone());
        let datasource = load_datasource(ctx, block);
        ctx.provider = datasource.as_ref().map(|d| d.provider);
        ctx.schema.datasource = datasource;
    }
    for d in generator_diagnostics {
        ctx.diagnostics.push(d);
    }
}

/// `"x"` or `env("X")`; reports what else it is.
fn string_or_env(ctx: &mut Ctx<'_>, expr: &Expression) -> Option<StringOrEnv> {
    match expr {
        Expression::String(value, _) => Some(StringOrEnv::Literal(value.clone())),
        Expression::Function(name, args, span) if name == "env" => {
            let named: Vec<_> = args.arguments.iter().filter(|a| a.name.is_some()).collect();
            if args.arguments.len() != 1 || !args.empty_arguments.is_empty() {
                ctx.error(
                    "The env function expects a singular, unnamed, string argument.",
                    *span,
                );
                return None;
            }
            if let Some(arg) = named.first() {
                ctx.warning("The env function doesn't expect named arguments", arg.span);
            }
            match &args.arguments[0].value {
                Expression::String(var, _) => Some(StringOrEnv::Env(var.clone())),
                _ => {
                    ctx.error(
                        "The env function expects a singular, unnamed, string argument.",
                        *span,
                    );
                    None
                }
            }
        }
        other => {
            let raw = ctx.text(other.span());
            ctx.error(type_mismatch("string", other, raw), other.span());
            None
        }
    }
}

fn config_value(ctx: &mut Ctx<'_>, expr: &Expression) -> Option<ConfigValue> {
    Some(match expr {
        Expression::String(..) | Expression::Function(..) => {
            ConfigValue::String(string_or_env(ctx, expr)?)
        }
        Expression::Numeric(v, _) | Expression::Constant(v, _) => ConfigValue::Constant(v.clone()),
        Expression::Object(_, span) => ConfigValue::Constant(ctx.text(*span).to_string()),
        Expression::Array(items, _) => ConfigValue::Array(
            items
                .iter()
                .filter_map(|item| config_value(ctx, item))
                .collect(),
        ),
    })
}

fn load_generator(ctx: &mut Ctx<'_>, block: &ConfigBlock) -> Option<Generator> {
    let mut provider = None;
    let mut output = None;
    let mut preview = Vec::new();
    let mut binary_targets = Vec::new();
    let mut config = Vec::new();
    let is_postgres = datasource_is_postgres(ctx);
    report_duplicate_keys(ctx, block, "generator");
    for property in block.properties() {
        let Some(value) = &property.value else {
            ctx.error(
                format!(
                    "Property {} in generator {} needs to be assigned a value",
                    property.name.name, block.name.name
                ),
                block.span,
            );
            continue;
        };
        match property.name.name.as_str() {
            "provider" => provider = string_or_env(ctx, value),
            "output" => output = string_or_env(ctx, value),
            "previewFeatures" => {
                let items: Vec<&Expression> = match value {
                    Expression::Array(items, _) => items.iter().collect(),
                    other => vec![other],
                };
                for item in items {
                    let Expression::String(name, _) = item else {
                        let raw = ctx.text(item.span());
                        ctx.error(type_mismatch("string", item, raw), item.span());
                        continue;
                    };
                    match preview_features::status(name, is_postgres) {
                        FeatureStatus::Active => {}
                        FeatureStatus::Deprecated(message) => ctx.warning(message, value.span()),
                        FeatureStatus::Unknown => {
                            ctx.error(preview_features::unknown_message(name), value.span())
                        }
                    }
                    preview.push(name.clone());
                }
            }
            "binaryTargets" => {
                let items: Vec<&Expression> = match value {
                    Expression::Array(items, _) => items.iter().collect(),
                    other => vec![other],
                };
                for item in items {
                    if let Some(target) = string_or_env(ctx, item) {
                        binary_targets.push(target);
                    }
                }
            }
            name => {
                if let Some(v) = config_value(ctx, value) {
                    config.push((name.to_string(), v));
                }
            }
        }
    }
    for feature in &preview {
        ctx.preview_features.insert(feature.clone());
    }
    let Some(provider) = provider else {
        if !block.properties().any(|p| p.name.name == "provider") {
            ctx.error(
                format!(
                    "Argument \"provider\" is missing in generator block \"{}\".",
                    block.name.name
                ),
                block.span,
            );
        }
        return None;
    };
    Some(Generator {
        name: block.name.name.clone(),
        provider,
        output,
        preview_features: preview,
        binary_targets,
        config,
        documentation: block.documentation.text(),
        span: block.span,
    })
}

/// Whether the (first) datasource's provider is PostgreSQL; read before the datasource is
/// loaded because preview features depend on it.
fn datasource_is_postgres(ctx: &Ctx<'_>) -> bool {
    ctx.asts
        .iter()
        .flat_map(|f| f.tops.iter())
        .find_map(|t| match t {
            Top::Datasource(b) => Some(b),
            _ => None,
        })
        .and_then(|b| b.properties().find(|p| p.name.name == "provider"))
        .and_then(|p| match &p.value {
            Some(Expression::String(s, _)) => Some(s == "postgresql" || s == "postgres"),
            _ => None,
        })
        .unwrap_or(false)
}

/// `Key "x" is already defined in generator "client".`
fn report_duplicate_keys(ctx: &mut Ctx<'_>, block: &ConfigBlock, kind: &str) {
    let mut seen = HashSet::new();
    for property in block.properties() {
        if !seen.insert(property.name.name.as_str()) {
            ctx.config_name_diagnostics
                .push(diagnostics::Diagnostic::error(
                    format!(
                        "Key \"{}\" is already defined in {kind} \"{}\".",
                        property.name.name, block.name.name
                    ),
                    property.span,
                ));
        }
    }
}

fn load_datasource(ctx: &mut Ctx<'_>, block: &ConfigBlock) -> Option<Datasource> {
    report_duplicate_keys(ctx, block, "source");
    let properties: Vec<&ast::ConfigProperty> = block.properties().collect();
    // A repeated key is reported with the names; the last one wins.
    let find = |name: &str| {
        properties
            .iter()
            .copied()
            .rev()
            .find(|p| p.name.name == name)
    };

    let Some(provider_property) = find("provider") else {
        ctx.error(
            format!(
                "Argument \"provider\" is missing in data source block \"{}\".",
                block.name.name
            ),
            block.span,
        );
        return None;
    };
    let provider_value = provider_property.value.as_ref()?;
    let provider_text = match provider_value {
        Expression::String(s, _) => s.clone(),
        Expression::Function(name, _, span) if name == "env" => {
            ctx.error(
                "A datasource must not use the env() function in the provider argument.",
                *span,
            );
            return None;
        }
        // An array here was Prisma 2's multi-provider datasource (Prisma Migrate's P3013 once);
        // Prisma 7 reports any non-string as this.
        other => {
            ctx.error(
                format!(
                    "Error validating datasource `{}`: The provider argument in a datasource must be a string literal",
                    block.name.name
                ),
                other.span(),
            );
            return None;
        }
    };
    let provider = match Provider::parse(&provider_text) {
        ProviderName::Supported(provider) => provider,
        ProviderName::Unsupported(_) => {
            ctx.unsupported_provider = true;
            ctx.error(
                format!(
                    "The provider \"{provider_text}\" is not supported by Refract yet. Supported providers: sqlite, postgresql, mysql."
                ),
                provider_value.span(),
            );
            return None;
        }
        ProviderName::Unknown => {
            ctx.error(
                format!("Datasource provider not known: \"{provider_text}\"."),
                provider_value.span(),
            );
            return None;
        }
    };

    let mut url = None;
    let mut direct_url = None;
    let mut shadow = None;
    let mut url_span = None;
    let mut direct_span = None;
    let mut relation_mode = None;
    let mut referential_integrity: Option<Span> = None;
    let mut relation_mode_span: Option<Span> = None;
    let mut schemas = Vec::new();
    let mut extensions = Vec::new();

    for property in &properties {
        let Some(value) = &property.value else {
            continue;
        };
        match property.name.name.as_str() {
            "provider" => {}
            "url" => {
                url = string_or_env(ctx, value);
                url_span = Some(value.span());
            }
            "directUrl" => {
                direct_url = string_or_env(ctx, value);
                direct_span = Some(value.span());
            }
            "shadowDatabaseUrl" => {
                shadow = string_or_env(ctx, value);
            }
            key @ ("relationMode" | "referentialIntegrity") => {
                if key == "referentialIntegrity" {
                    ctx.warning(
                        "The `referentialIntegrity` attribute is deprecated. Please use `relationMode` instead. Learn more at https://pris.ly/d/relation-mode",
                        property.span,
                    );
                    referential_integrity = Some(property.span);
                } else {
                    relation_mode_span = Some(property.span);
                }
                let mode = match value {
                    Expression::String(s, _) if s == "prisma" => Some(RelationMode::Prisma),
                    Expression::String(s, _) if s == "foreignKeys" => {
                        Some(RelationMode::ForeignKeys)
                    }
                    Expression::String(s, _) => {
                        ctx.error(
                            format!(
                                "Error validating datasource `{key}`: Invalid relation mode setting: \"{s}\". Supported values: \"prisma\", \"foreignKeys\""
                            ),
                            block.span,
                        );
                        None
                    }
                    other => {
                        let raw = ctx.text(other.span());
                        ctx.error(type_mismatch("string", other, raw), other.span());
                        None
                    }
                };
                if key == "relationMode" || relation_mode.is_none() {
                    relation_mode = mode.or(relation_mode);
                }
            }
            "schemas" => {
                if !provider.supports_multi_schema() {
                    ctx.error(
                        "The `schemas` property is not supported on the current connector.",
                        value.span(),
                    );
                    continue;
                }
                let items: Vec<&Expression> = match value {
                    Expression::Array(items, _) => items.iter().collect(),
                    other => vec![other],
                };
                let mut first_seen: std::collections::HashMap<String, Span> =
                    std::collections::HashMap::new();
                // Repeated names, reported by name (as Prisma does) at their first use.
                let mut repeated = std::collections::BTreeMap::new();
                for item in items {
                    match item {
                        Expression::String(s, span) => {
                            if let Some(first) = first_seen.get(s) {
                                repeated.insert(s.clone(), *first);
                            } else {
                                first_seen.insert(s.clone(), *span);
                            }
                            schemas.push(s.clone());
                        }
                        other => {
                            let raw = ctx.text(other.span());
                            ctx.error(type_mismatch("string", other, raw), other.span());
                        }
                    }
                }
                for span in repeated.into_values() {
                    ctx.error("Duplicated schema names are not allowed", span);
                }
            }
            "extensions" => {
                if !provider.supports_extensions() {
                    ctx.error("Property not known: \"extensions\".", property.span);
                    continue;
                }
                if !ctx.has_feature("postgresqlExtensions") {
                    ctx.error(
                        "The `extensions` property is only available with the `postgresqlExtensions` preview feature.",
                        property.span,
                    );
                    continue;
                }
                extensions = load_extensions(ctx, value);
            }
            other => {
                ctx.error(format!("Property not known: \"{other}\"."), property.span);
            }
        }
    }

    if let (Some(r), Some(_)) = (referential_integrity, relation_mode_span) {
        ctx.error(
            "The `referentialIntegrity` and `relationMode` attributes cannot be used together. Please use only `relationMode` instead.",
            r,
        );
    }

    if let (Some(shadow), Some(direct), Some(span)) = (&shadow, &direct_url, direct_span)
        && same_literal(shadow, direct)
    {
        ctx.error(
            format!(
                "shadowDatabaseUrl is the same as directUrl for datasource \"{}\". Please specify a different database as shadow database to avoid data loss.",
                block.name.name
            ),
            span,
        );
    }
    if let (Some(shadow), Some(url), Some(span)) = (&shadow, &url, url_span)
        && same_literal(shadow, url)
    {
        ctx.error(
            format!(
                "shadowDatabaseUrl is the same as url for datasource \"{}\". Please specify a different database as shadow database to avoid data loss.",
                block.name.name
            ),
            span,
        );
    }

    Some(Datasource {
        name: block.name.name.clone(),
        provider,
        provider_text,
        url,
        direct_url,
        shadow_database_url: shadow,
        relation_mode: relation_mode.unwrap_or_else(|| provider.default_relation_mode()),
        schemas,
        extensions,
        documentation: block.documentation.text(),
        span: block.span,
    })
}

fn same_literal(a: &StringOrEnv, b: &StringOrEnv) -> bool {
    matches!((a, b), (StringOrEnv::Literal(x), StringOrEnv::Literal(y)) if x == y)
}

fn load_extensions(ctx: &mut Ctx<'_>, value: &Expression) -> Vec<PostgresExtension> {
    let items: Vec<&Expression> = match value {
        Expression::Array(items, _) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::new();
    for item in items {
        let (name, args, span) = match item {
            Expression::Constant(name, span) => (name.clone(), None, *span),
            Expression::Function(name, args, span) => (name.clone(), Some(args), *span),
            other => {
                let raw = ctx.text(other.span());
                ctx.error(
                    type_mismatch("constant or function", other, raw),
                    other.span(),
                );
                continue;
            }
        };
        if name.contains('-') {
            ctx.validation_error("The character `-` is not allowed in extension names.", span);
            continue;
        }
        let mut extension = PostgresExtension {
            name,
            database_name: None,
            schema: None,
            version: None,
        };
        if let Some(args) = args {
            let mut seen = HashSet::new();
            for arg in &args.arguments {
                let Some(arg_name) = &arg.name else {
                    ctx.validation_error("The argument must have a name", arg.span);
                    continue;
                };
                if !seen.insert(arg_name.name.as_str()) {
                    ctx.validation_error(
                        format!("The argument `{}` can only be defined once", arg_name.name),
                        arg.span,
                    );
                    continue;
                }
                let slot = match arg_name.name.as_str() {
                    "map" => &mut extension.database_name,
                    "schema" => &mut extension.schema,
                    "version" => &mut extension.version,
                    other => {
                        ctx.error(format!("Argument not known: \"{other}\"."), arg.span);
                        continue;
                    }
                };
                match &arg.value {
                    Expression::String(s, _) => *slot = Some(s.clone()),
                    other => {
                        let raw = ctx.text(other.span());
                        ctx.error(type_mismatch("string", other, raw), other.span());
                        ctx.validation_error(
                            format!("The `{}` argument must be a string literal", arg_name.name),
                            arg.span,
                        );
                    }
                }
            }
        }
        out.push(extension);
    }
    out
}
