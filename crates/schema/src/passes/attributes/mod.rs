//! Attributes: field attributes (`@id`, `@unique`, `@default`, `@map`, `@updatedAt`,
//! `@ignore`, `@relation`, `@db.*`, `@shardKey`) and block attributes (`@@id`, `@@unique`,
//! `@@index`, `@@fulltext`, `@@map`, `@@ignore`, `@@schema`, `@@shardKey`), read into the IR
//! with their argument checks. Checks that depend on the provider come later.
//!
//! This module dispatches each attribute and reads the simple ones (`@map`, `@@map`,
//! `@updatedAt`, `@ignore`, `@@ignore`, `@@schema`, `@db.*`, enum attributes); one module per
//! attribute family reads the rest, as prisma-engines' `parser-database/src/attributes/` does:
//! [`id`] (`@id`, `@@id`), [`index`] (`@unique`, `@@unique`, `@@index`, `@@fulltext`) with
//! [`partial_index`] (their `where:`) and [`field_refs`] (the field lists they share),
//! [`shard_key`], [`relation`], [`default`] and [`check`] (`@@check`).

use std::collections::HashMap;

use diagnostics::Span;
use schema_syntax::ast::{Attribute, Expression};

mod check;
mod default;
mod field_refs;
mod id;
mod index;
pub(super) mod partial_index;
mod relation;
mod shard_key;
use default::field_default;
use id::{block_id, field_id};
use index::{block_index, field_unique};
use relation::{relation_attribute, relation_fields_argument};
use shard_key::{block_shard_key, field_shard_key};

use super::Ctx;
use super::arguments::{Args, type_mismatch};
use crate::constraint_names;
use crate::ids::{EnumId, FieldId, ModelId};
use crate::ir::{FieldKind, IndexKind, NativeType, ScalarFieldType, ScalarType};
use crate::provider::Provider;

pub(crate) fn run(ctx: &mut Ctx<'_>) {
    // Prisma resolves the attributes of relation fields (across all models) before any
    // other attribute.
    for top in ctx.top_order.clone() {
        if let super::TopId::Model(m) = top {
            for field in ctx.schema.models[m.index()].fields.clone() {
                if matches!(
                    ctx.schema.fields[field.index()].kind,
                    FieldKind::Relation(_)
                ) {
                    field_attributes(ctx, m, field);
                }
            }
        }
    }
    for top in ctx.top_order.clone() {
        match top {
            super::TopId::Model(m) => model_attributes(ctx, m),
            super::TopId::Enum(e) => enum_attributes(ctx, e),
            _ => {}
        }
    }
    compute_default_names(ctx);
    check::compute_names(ctx);
}

/// Reports every occurrence of an attribute written more than once.
/// Reports attributes written more than once and returns the others, the ones to read.
/// Only attributes known in this context count (unknown ones are reported as such). Native
/// type attributes (`@db.X`) are all one attribute: the later ones are reported. Other
/// repeated attributes are all reported, and none of them is read.
fn report_duplicates<'a>(
    ctx: &mut Ctx<'_>,
    attributes: &[&'a Attribute],
    known: &[&str],
) -> Vec<&'a Attribute> {
    let mut keep = Vec::with_capacity(attributes.len());
    for (i, a) in attributes.iter().enumerate() {
        let name = a.name.name.as_str();
        if let Some((prefix, _)) = name.split_once('.') {
            if attributes[..i].iter().any(|b| b.name.name.contains('.')) {
                ctx.error(
                    format!("Attribute \"@{prefix}\" can only be defined once."),
                    a.span,
                );
            } else {
                keep.push(*a);
            }
            continue;
        }
        // Attribute lists are short: counting pairwise avoids allocating for every field.
        let count = attributes.iter().filter(|b| b.name.name == name).count();
        if count > 1 && known.contains(&name) {
            ctx.error(
                format!("Attribute \"@{name}\" can only be defined once."),
                a.span,
            );
        } else {
            keep.push(*a);
        }
    }
    keep
}

fn string_arg(ctx: &mut Ctx<'_>, expr: &Expression) -> Option<String> {
    match expr {
        Expression::String(s, _) => Some(s.clone()),
        other => {
            let raw = ctx.text(other.span());
            ctx.error(type_mismatch("string", other, raw), other.span());
            None
        }
    }
}

fn bool_arg(ctx: &mut Ctx<'_>, expr: &Expression) -> Option<bool> {
    match expr {
        Expression::Constant(s, _) if s == "true" => Some(true),
        Expression::Constant(s, _) if s == "false" => Some(false),
        other => {
            let raw = ctx.text(other.span());
            ctx.error(type_mismatch("boolean", other, raw), other.span());
            None
        }
    }
}

/// `Argument "x" is already specified.` for a named argument given twice.
fn report_repeated_arguments(ctx: &mut Ctx<'_>, attr: &Attribute) {
    let args = &attr.arguments.arguments;
    for (i, a) in args.iter().enumerate() {
        if let Some(name) = &a.name
            && args[..i]
                .iter()
                .any(|b| b.name.as_ref().is_some_and(|n| n.name == name.name))
        {
            ctx.error(
                format!("Argument \"{}\" is already specified.", name.name),
                a.span,
            );
        }
    }
}

fn report_unused(ctx: &mut Ctx<'_>, args: &Args<'_>) {
    let unused: Vec<Span> = args.unused().map(|a| a.span).collect();
    for span in unused {
        ctx.error("No such argument.", span);
    }
}

fn model_attributes(ctx: &mut Ctx<'_>, model: ModelId) {
    let ast = ctx.model_asts[model.index()];
    let field_ids = ctx.schema.models[model.index()].fields.clone();

    // Block attributes that the field attributes depend on (@@ignore, @@map) first.
    let block: Vec<&Attribute> = ast.attributes().collect();
    let block = report_duplicates(ctx, &block, &["id", "map", "ignore", "schema", "shardKey"]);

    for attr in &block {
        match attr.name.name.as_str() {
            "map" => {
                let mut args = Args::new(attr);
                match args.default_arg("name") {
                    Some(expr) => {
                        if let Some(name) = string_arg(ctx, expr) {
                            let m = &mut ctx.schema.models[model.index()];
                            m.database_name = name.clone();
                            m.mapped_name = Some(name);
                        }
                    }
                    None => ctx.error("Argument \"name\" is missing.", attr.span),
                }
                report_unused(ctx, &args);
            }
            "ignore" => {
                ctx.schema.models[model.index()].is_ignored = true;
            }
            _ => {}
        }
    }

    for &field in &field_ids {
        if matches!(ctx.schema.fields[field.index()].kind, FieldKind::Scalar(_)) {
            field_attributes(ctx, model, field);
        }
    }
    // Several `@id` fields (repeated fields included, as Prisma counts them).
    if ast
        .fields()
        .filter(|f| f.attributes.iter().any(|a| a.name.name == "id"))
        .count()
        > 1
    {
        ctx.model_error(
            model,
            "At most one field must be marked as the id field with the `@id` attribute.",
            ast.span,
        );
    }
    // Two fields mapped to the same column.
    let mut columns: HashMap<String, ()> = HashMap::new();
    for &field in &field_ids {
        if let FieldKind::Scalar(s) = &ctx.schema.fields[field.index()].kind
            && columns.insert(s.database_name.clone(), ()).is_some()
        {
            let f = &ctx.schema.fields[field.index()];
            let kind = if ast.is_view { "view" } else { "model" };
            let message = format!(
                "Field \"{}\" is already defined on {kind} \"{}\".",
                f.name, ast.name.name
            );
            let span = ctx.field_line_span(f.span);
            ctx.error(message, span);
        }
    }
    if ctx.has_feature("shardKeys") {
        let count = ast
            .fields()
            .filter(|f| f.attributes.iter().any(|a| a.name.name == "shardKey"))
            .count();
        if count > 1 {
            let span = ctx.schema.models[model.index()].span;
            ctx.model_error(
                model,
                "At most one field must be marked as the shard key with the `@shardKey` attribute.",
                span,
            );
        }
    }

    // Prisma reads block attributes by kind in this order, whatever their source order.
    const ORDER: &[&str] = &["id", "schema", "shardKey", "index", "unique", "fulltext"];
    let rank = |a: &&Attribute| {
        ORDER
            .iter()
            .position(|n| *n == a.name.name)
            .unwrap_or(ORDER.len())
    };
    let mut ordered = block.clone();
    ordered.sort_by_key(rank);
    for attr in &ordered {
        match attr.name.name.as_str() {
            "map" | "ignore" => {}
            "id" => block_id(ctx, model, attr),
            "unique" => block_index(ctx, model, attr, IndexKind::Unique),
            "index" => block_index(ctx, model, attr, IndexKind::Normal),
            "fulltext" => block_index(ctx, model, attr, IndexKind::Fulltext),
            "schema" => {
                let mut args = Args::new(attr);
                match args.default_arg("map") {
                    Some(expr) => {
                        if let Some(name) = string_arg(ctx, expr) {
                            ctx.schema.models[model.index()].schema = Some(name);
                        }
                    }
                    None => ctx.error("Argument \"map\" is missing.", attr.span),
                }
                report_unused(ctx, &args);
            }
            "shardKey" => block_shard_key(ctx, model, attr),
            "check" => check::block_check(ctx, model, attr),
            other => ctx.error(
                format!("Attribute not known: \"@{other}\"."),
                attr.name.span,
            ),
        }
    }
    // Id fields must be required.
    for &field in &field_ids {
        let f = &ctx.schema.fields[field.index()];
        if matches!(&f.kind, FieldKind::Scalar(s) if s.is_id) && !f.arity.is_required() {
            let attr = ctx.field_asts[field.index()]
                .attributes
                .iter()
                .find(|a| a.name.name == "id");
            if let Some(attr) = attr {
                let span = if attr.arguments.span.is_none() {
                    ctx.with_trailing_blanks(attr.span)
                } else {
                    attr.span
                };
                ctx.attribute_error("id", "Fields that are marked as id must be required.", span);
            }
        }
    }
    // The IR keeps indexes in source order: field-level ones first, then block-level ones.
    ctx.schema.models[model.index()]
        .indexes
        .sort_by_key(|i| (!i.defined_on_field, i.span.start));
}

fn enum_attributes(ctx: &mut Ctx<'_>, e: EnumId) {
    let ast = ctx.enum_asts[e.index()];
    let block: Vec<&Attribute> = ast.attributes().collect();
    let block = report_duplicates(ctx, &block, &["map", "schema"]);
    for attr in &block {
        match attr.name.name.as_str() {
            "map" => {
                let mut args = Args::new(attr);
                if let Some(expr) = args.default_arg("name") {
                    if let Some(name) = string_arg(ctx, expr) {
                        let en = &mut ctx.schema.enums[e.index()];
                        en.database_name = name.clone();
                        en.mapped_name = Some(name);
                    }
                } else {
                    ctx.error("Argument \"name\" is missing.", attr.span);
                }
                report_unused(ctx, &args);
            }
            "schema" => {
                let mut args = Args::new(attr);
                match args.default_arg("map") {
                    Some(expr) => {
                        if let Some(name) = string_arg(ctx, expr) {
                            ctx.schema.enums[e.index()].schema = Some(name);
                        }
                    }
                    None => ctx.error("Argument \"map\" is missing.", attr.span),
                }
                report_unused(ctx, &args);
            }
            other => ctx.error(
                format!("Attribute not known: \"@{other}\"."),
                attr.name.span,
            ),
        }
    }
    for (i, value) in ast.values().enumerate() {
        for attr in &value.attributes {
            match attr.name.name.as_str() {
                "map" => {
                    let mut args = Args::new(attr);
                    if let Some(expr) = args.default_arg("name")
                        && let Some(name) = string_arg(ctx, expr)
                        && let Some(v) = ctx.schema.enums[e.index()].values.get_mut(i)
                    {
                        v.database_name = name.clone();
                        v.mapped_name = Some(name);
                    }
                    report_unused(ctx, &args);
                }
                other => ctx.error(
                    format!("Attribute not known: \"@{other}\"."),
                    attr.name.span,
                ),
            }
        }
    }
}

fn field_attributes(ctx: &mut Ctx<'_>, model: ModelId, field: FieldId) {
    if ctx.unresolved[field.index()] {
        return;
    }
    let ast = ctx.field_asts[field.index()];
    let attrs: Vec<&Attribute> = ast.attributes.iter().collect();
    let mut attrs = report_duplicates(
        ctx,
        &attrs,
        &[
            "id",
            "unique",
            "default",
            "map",
            "updatedAt",
            "ignore",
            "relation",
            "shardKey",
        ],
    );
    // Prisma reads field attributes by kind in this order, whatever their source order.
    const ORDER: &[&str] = &[
        "relation",
        "map",
        "ignore",
        "default",
        "id",
        "unique",
        "updatedAt",
        "shardKey",
    ];
    attrs.sort_by_key(|a| {
        ORDER
            .iter()
            .position(|n| *n == a.name.name)
            .unwrap_or(ORDER.len())
    });
    let is_relation = matches!(
        ctx.schema.fields[field.index()].kind,
        FieldKind::Relation(_)
    );

    for attr in attrs {
        // Without parentheses, Prisma's attribute span takes the blanks after it.
        // (Only argument-less attributes are copied, which is cheap.)
        let widened;
        let attr = if attr.arguments.span.is_none() {
            widened = Attribute {
                span: ctx.with_trailing_blanks(attr.span),
                ..attr.clone()
            };
            &widened
        } else {
            attr
        };
        report_repeated_arguments(ctx, attr);
        let name = attr.name.name.as_str();
        if let Some((_prefix, native)) = name.split_once('.') {
            let builtin = matches!(
                &ctx.schema.fields[field.index()].kind,
                FieldKind::Scalar(s) if matches!(s.field_type, ScalarFieldType::Builtin(_))
            );
            // A wrong prefix is reported with the provider rules; the type is still read.
            if builtin {
                let args = attr
                    .arguments
                    .arguments
                    .iter()
                    .map(|a| ctx.text(a.value.span()).to_string())
                    .collect();
                if let FieldKind::Scalar(s) = &mut ctx.schema.fields[field.index()].kind {
                    s.native_type = Some(NativeType {
                        name: native.to_string(),
                        args,
                        span: attr.span,
                    });
                }
            }
            if !builtin {
                ctx.error(format!("Attribute not known: \"@{name}\"."), attr.name.span);
            }
            // Other prefixes are reported with the provider rules, as Prisma does.
            continue;
        }
        match name {
            "ignore" => ctx.schema.fields[field.index()].is_ignored = true,
            "map" if is_relation => ctx.attribute_error(
                "map",
                "The attribute `@map` cannot be used on relation fields.",
                attr.span,
            ),
            "map" => {
                let mut args = Args::new(attr);
                match args.default_arg("name") {
                    Some(expr) => {
                        if let Some(n) = string_arg(ctx, expr)
                            && let FieldKind::Scalar(s) = &mut ctx.schema.fields[field.index()].kind
                        {
                            s.database_name = n.clone();
                            s.mapped_name = Some(n);
                        }
                    }
                    None => ctx.error("Argument \"name\" is missing.", attr.span),
                }
                report_unused(ctx, &args);
            }
            "relation" if is_relation => relation_attribute(ctx, model, field, attr),
            "relation" => {
                // Several unnamed arguments are reported first (reading stops there).
                if attr
                    .arguments
                    .arguments
                    .iter()
                    .filter(|a| a.name.is_none())
                    .count()
                    > 1
                {
                    relation_attribute(ctx, model, field, attr);
                } else {
                    ctx.attribute_error(
                        "relation",
                        "Invalid field type, not a relation.",
                        attr.span,
                    );
                }
            }
            "updatedAt" if is_relation => {
                ctx.error("Attribute not known: \"@updatedAt\".", attr.name.span)
            }
            "id" | "unique" | "default" if is_relation => {
                let field_name = &ast.name.name;
                let message = match name {
                    "id" => format!(
                        "The field `{field_name}` is a relation field and cannot be marked with `@id`. Only scalar fields can be declared as id."
                    ),
                    "unique" => {
                        let suggestion = relation_fields_argument(ast)
                            .map(|f| format!(" Did you mean to put it on `{f}`?"))
                            .unwrap_or_default();
                        format!(
                            "The field `{field_name}` is a relation field and cannot be marked with `unique`. Only scalar fields can be made unique.{suggestion}"
                        )
                    }
                    _ => "Cannot set a default value on a relation field.".to_string(),
                };
                ctx.attribute_error(name, message, attr.span);
            }
            "id" => field_id(ctx, model, field, attr),
            "unique" => field_unique(ctx, model, field, attr),
            "default" => field_default(ctx, field, attr),
            "updatedAt" => {
                let f = &ctx.schema.fields[field.index()];
                let is_datetime = matches!(
                    &f.kind,
                    FieldKind::Scalar(s) if s.field_type == ScalarFieldType::Builtin(ScalarType::DateTime)
                );
                if !is_datetime {
                    ctx.attribute_error(
                        "updatedAt",
                        "Fields that are marked with @updatedAt must be of type DateTime.",
                        attr.span,
                    );
                } else if f.arity.is_list() {
                    ctx.attribute_error(
                        "updatedAt",
                        "Fields that are marked with @updatedAt cannot be lists.",
                        attr.span,
                    );
                } else if let FieldKind::Scalar(s) = &mut ctx.schema.fields[field.index()].kind {
                    s.is_updated_at = true;
                }
            }
            "shardKey" => field_shard_key(ctx, field, attr),
            other => ctx.error(
                format!("Attribute not known: \"@{other}\"."),
                attr.name.span,
            ),
        }
    }
}

// ---------------------------------------------------------------- default names

/// Fills in Prisma's default constraint names (primary keys, indexes) once every `@map`
/// is known.
fn compute_default_names(ctx: &mut Ctx<'_>) {
    let provider = ctx.provider.unwrap_or(Provider::Postgresql);
    for m in 0..ctx.schema.models.len() {
        let table = ctx.schema.models[m].database_name.clone();
        let column = |ctx: &Ctx<'_>, f: FieldId| match &ctx.schema.fields[f.index()].kind {
            FieldKind::Scalar(s) => s.database_name.clone(),
            FieldKind::Relation(_) => ctx.schema.fields[f.index()].name.clone(),
        };
        if let Some(pk) = &ctx.schema.models[m].primary_key {
            let name = pk
                .mapped_name
                .clone()
                .unwrap_or_else(|| constraint_names::primary_key_name(&table, provider));
            if let Some(pk) = ctx.schema.models[m].primary_key.as_mut() {
                pk.database_name = name;
            }
        }
        for i in 0..ctx.schema.models[m].indexes.len() {
            let index = &ctx.schema.models[m].indexes[i];
            let columns: Vec<String> = index.fields.iter().map(|f| column(ctx, f.field)).collect();
            let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
            let name = match (&index.mapped_name, index.kind) {
                (Some(n), _) => n.clone(),
                (None, IndexKind::Unique) => {
                    constraint_names::unique_index_name(&table, &columns, provider)
                }
                (None, _) => constraint_names::non_unique_index_name(&table, &columns, provider),
            };
            ctx.schema.models[m].indexes[i].database_name = name;
        }
    }
}
