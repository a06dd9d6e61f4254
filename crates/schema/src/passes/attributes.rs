//! Attributes: field attributes (`@id`, `@unique`, `@default`, `@map`, `@updatedAt`,
//! `@ignore`, `@relation`, `@db.*`, `@shardKey`) and block attributes (`@@id`, `@@unique`,
//! `@@index`, `@@fulltext`, `@@map`, `@@ignore`, `@@schema`, `@@shardKey`), read into the IR
//! with their argument checks. Checks that depend on the provider come later.

use std::collections::HashMap;

use diagnostics::Span;
use schema_syntax::ast::{self, Attribute, Expression};

mod check;
pub(super) mod partial_index;

use super::Ctx;
use super::arguments::{Args, type_mismatch};
use crate::constraint_names;
use crate::ids::{EnumId, FieldId, ModelId};
use crate::ir::{
    DefaultKind, DefaultValue, FieldArity, FieldKind, Index, IndexAlgorithm, IndexField, IndexKind,
    IndexPredicate, LiteralValue, NativeType, OperatorClass, PrimaryKey, ReferentialAction,
    ScalarFieldType, ScalarType, SortOrder,
};
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

/// The `fields:` of a relation field's `@relation`, joined with ", ".
fn relation_fields_argument(field: &ast::Field) -> Option<String> {
    let rel = field
        .attributes
        .iter()
        .find(|a| a.name.name == "relation")?;
    let arg = rel
        .arguments
        .arguments
        .iter()
        .find(|a| a.name.as_ref().is_some_and(|n| n.name == "fields"))?;
    let Expression::Array(items, _) = &arg.value else {
        return None;
    };
    let names: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            Expression::Constant(c, _) => Some(c.as_str()),
            _ => None,
        })
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

fn sort_arg(ctx: &mut Ctx<'_>, expr: &Expression) -> Option<SortOrder> {
    match expr {
        Expression::Constant(s, _) if s == "Asc" => Some(SortOrder::Asc),
        Expression::Constant(s, _) if s == "Desc" => Some(SortOrder::Desc),
        Expression::Constant(s, span) => {
            ctx.error(
                format!("The `sort` argument must be `Asc` or `Desc`, not `{s}`."),
                *span,
            );
            None
        }
        other => {
            let raw = ctx.text(other.span());
            ctx.error(type_mismatch("constant", other, raw), other.span());
            None
        }
    }
}

fn length_arg(ctx: &mut Ctx<'_>, expr: &Expression) -> Option<u32> {
    match expr {
        Expression::Numeric(n, span) => match n.parse::<u32>() {
            Ok(v) => Some(v),
            Err(_) => {
                ctx.error(
                    format!("Expected an integer value, but received `{n}`."),
                    *span,
                );
                None
            }
        },
        other => {
            let raw = ctx.text(other.span());
            ctx.error(type_mismatch("numeric", other, raw), other.span());
            None
        }
    }
}

/// Arguments shared by `@id`/`@unique`: `map`, `length`, `sort`, `clustered`.
struct FieldKeyArgs {
    map: Option<String>,
    index_field: IndexField,
    clustered: Option<bool>,
    /// `where:` (on `@unique` only).
    predicate: Option<IndexPredicate>,
}

fn field_key_args(
    ctx: &mut Ctx<'_>,
    field: FieldId,
    attr: &Attribute,
    is_unique: bool,
) -> FieldKeyArgs {
    let mut args = Args::new(attr);
    let map = args.named("map").and_then(|e| string_arg(ctx, e));
    let length = args.named("length").and_then(|e| length_arg(ctx, e));
    let sort = args.named("sort").and_then(|e| sort_arg(ctx, e));
    let clustered = args.named("clustered").and_then(|e| bool_arg(ctx, e));
    let predicate = if is_unique {
        let model = ctx.schema.fields[field.index()].model;
        args.named("where")
            .and_then(|e| partial_index::where_arg(ctx, model, e, "unique"))
    } else {
        None
    };
    report_unused(ctx, &args);
    FieldKeyArgs {
        map,
        index_field: IndexField {
            field,
            sort,
            length,
            operator_class: None,
        },
        clustered,
        predicate,
    }
}

fn field_id(ctx: &mut Ctx<'_>, model: ModelId, field: FieldId, attr: &Attribute) {
    let a = field_key_args(ctx, field, attr, false);
    // An optional id field is reported with the model's id rules, at the end of the model.
    if let FieldKind::Scalar(s) = &mut ctx.schema.fields[field.index()].kind {
        s.is_id = true;
    }
    let m = &mut ctx.schema.models[model.index()];
    if m.primary_key.is_some() {
        // Reported once per model, with the model's other rules.
        return;
    }
    m.primary_key = Some(PrimaryKey {
        fields: vec![a.index_field],
        name: None,
        database_name: String::new(),
        mapped_name: a.map,
        clustered: a.clustered,
        defined_on_field: true,
        span: attr.span,
    });
}

fn field_unique(ctx: &mut Ctx<'_>, model: ModelId, field: FieldId, attr: &Attribute) {
    let a = field_key_args(ctx, field, attr, true);
    if let FieldKind::Scalar(s) = &mut ctx.schema.fields[field.index()].kind {
        s.is_unique = true;
    }
    ctx.schema.models[model.index()].indexes.push(Index {
        kind: IndexKind::Unique,
        fields: vec![a.index_field],
        name: None,
        database_name: String::new(),
        mapped_name: a.map,
        algorithm: None,
        clustered: a.clustered,
        defined_on_field: true,
        predicate: a.predicate,
        span: attr.span,
    });
}

fn field_shard_key(ctx: &mut Ctx<'_>, field: FieldId, attr: &Attribute) {
    let args = Args::new(attr);
    report_unused(ctx, &args);
    if !ctx.has_feature("shardKeys") {
        ctx.attribute_error(
            "shardKey",
            "Defining shard keys requires enabling the `shardKeys` preview feature",
            attr.span,
        );
        return;
    }
    let f = &ctx.schema.fields[field.index()];
    let model_ignored = ctx.schema.models[f.model.index()].is_ignored;
    if !f.arity.is_required() && !model_ignored {
        ctx.attribute_error(
            "shardKey",
            "Fields that are marked as shard keys must be required.",
            attr.span,
        );
    }
}

/// A field reference in a list (`[a, b(sort: Desc)]`).
struct FieldRef<'a> {
    name: &'a str,
    args: Option<&'a ast::ArgumentsList>,
}

/// Reads `[a, b(args)]`; `constant_word` is how Prisma names the expected kind.
fn field_refs<'a>(
    ctx: &mut Ctx<'_>,
    expr: &'a Expression,
    constant_word: &str,
) -> Vec<FieldRef<'a>> {
    let items: Vec<&Expression> = match expr {
        Expression::Array(items, _) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            Expression::Constant(name, _) => out.push(FieldRef { name, args: None }),
            Expression::Function(name, args, _) if constant_word != "constant" => {
                out.push(FieldRef {
                    name,
                    args: Some(args),
                })
            }
            other => {
                let raw = ctx.text(other.span());
                ctx.error(type_mismatch(constant_word, other, raw), other.span());
            }
        }
    }
    out
}

enum Lookup {
    Scalar(FieldId),
    Relation(String),
    Unknown(String),
}

fn lookup(ctx: &Ctx<'_>, model: ModelId, name: &str) -> Lookup {
    let m = &ctx.schema.models[model.index()];
    match m
        .fields
        .iter()
        .find(|&&f| ctx.schema.fields[f.index()].name == name)
    {
        // Prisma takes a field of an unknown type for a relation field.
        Some(&f) if ctx.unresolved[f.index()] => Lookup::Relation(name.to_string()),
        Some(&f) => match ctx.schema.fields[f.index()].kind {
            FieldKind::Scalar(_) => Lookup::Scalar(f),
            FieldKind::Relation(_) => Lookup::Relation(name.to_string()),
        },
        None => Lookup::Unknown(name.to_string()),
    }
}

/// Resolves field references to index fields; reports unknown and relation fields with
/// `what` ("index", "unique index", "id") wording.
fn index_fields(
    ctx: &mut Ctx<'_>,
    model: ModelId,
    refs: &[FieldRef<'_>],
    kind: &str,
    span: Span,
) -> Option<Vec<IndexField>> {
    let mut unknown = Vec::new();
    let mut relations = Vec::new();
    let mut out = Vec::new();
    for r in refs {
        match lookup(ctx, model, r.name) {
            Lookup::Scalar(field) => {
                let mut index_field = IndexField {
                    field,
                    sort: None,
                    length: None,
                    operator_class: None,
                };
                if let Some(args) = r.args {
                    for arg in &args.arguments {
                        let Some(name) = &arg.name else {
                            ctx.error("No such argument.", arg.span);
                            continue;
                        };
                        match name.name.as_str() {
                            "sort" => index_field.sort = sort_arg(ctx, &arg.value),
                            "length" => index_field.length = length_arg(ctx, &arg.value),
                            "ops" => {
                                index_field.operator_class = match &arg.value {
                                    Expression::Constant(c, _) => {
                                        Some(OperatorClass::Named(c.clone()))
                                    }
                                    Expression::Function(f, fargs, _) if f == "raw" => {
                                        fargs.arguments.first().and_then(|a| match &a.value {
                                            Expression::String(s, _) => {
                                                Some(OperatorClass::Raw(s.clone()))
                                            }
                                            _ => None,
                                        })
                                    }
                                    other => {
                                        let raw = ctx.text(other.span());
                                        ctx.error(
                                            type_mismatch("constant", other, raw),
                                            other.span(),
                                        );
                                        None
                                    }
                                }
                            }
                            _ => ctx.error("No such argument.", arg.span),
                        }
                    }
                }
                out.push(index_field);
            }
            Lookup::Relation(n) => relations.push(n),
            Lookup::Unknown(n) => unknown.push(n),
        }
    }
    if !unknown.is_empty() {
        let message = match kind {
            "id" => format!(
                "The multi field id declaration refers to the unknown {} {}.",
                if unknown.len() == 1 {
                    "field"
                } else {
                    "fields"
                },
                unknown
                    .iter()
                    .map(|u| format!("`{u}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "unique" => format!(
                "The unique index definition refers to the unknown fields: {}.",
                unknown.join(", ")
            ),
            _ => format!(
                "The index definition refers to the unknown fields: {}.",
                unknown.join(", ")
            ),
        };
        ctx.model_error(model, message, span);
        return None;
    }
    if !relations.is_empty() {
        let suggestion = suggest_scalar_fields(ctx, model, &relations);
        let message = match kind {
            "id" => format!(
                "The id definition refers to the relation {} {}. ID definitions must reference only scalar fields.",
                if relations.len() == 1 {
                    "field"
                } else {
                    "fields"
                },
                relations
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "unique" => format!(
                "The unique index definition refers to the relation fields {}. Index definitions must reference only scalar fields.{}",
                relations.join(", "),
                suggestion
                    .map(|s| format!(" Did you mean `@@unique([{s}])`?"))
                    .unwrap_or_default()
            ),
            "fulltext" => format!(
                "The index definition refers to the relation fields {}. Index definitions must reference only scalar fields.{}",
                relations.join(", "),
                suggestion
                    .map(|s| format!(" Did you mean `@@fulltext([{s}])`?"))
                    .unwrap_or_default()
            ),
            _ => format!(
                "The index definition refers to the relation fields {}. Index definitions must reference only scalar fields.{}",
                relations.join(", "),
                suggestion
                    .map(|s| format!(" Did you mean `@@index([{s}])`?"))
                    .unwrap_or_default()
            ),
        };
        ctx.model_error(model, message, span);
        return None;
    }
    Some(out)
}

/// The `fields:` of the named relation fields, joined for a "Did you mean" hint.
fn suggest_scalar_fields(ctx: &Ctx<'_>, model: ModelId, relations: &[String]) -> Option<String> {
    let mut names = Vec::new();
    for r in relations {
        let ast = ctx.schema.models[model.index()]
            .fields
            .iter()
            .find(|&&f| &ctx.schema.fields[f.index()].name == r)
            .map(|&f| ctx.field_asts[f.index()])?;
        let rel = ast.attributes.iter().find(|a| a.name.name == "relation")?;
        let fields = rel
            .arguments
            .arguments
            .iter()
            .find(|a| a.name.as_ref().is_some_and(|n| n.name == "fields"))?;
        if let Expression::Array(items, _) = &fields.value {
            for item in items {
                if let Expression::Constant(c, _) = item {
                    names.push(c.clone());
                }
            }
        }
    }
    if names.is_empty() {
        None
    } else {
        Some(names.join(", "))
    }
}

fn block_id(ctx: &mut Ctx<'_>, model: ModelId, attr: &Attribute) {
    let mut args = Args::new(attr);
    let fields_expr = args.default_arg("fields");
    let name = args.named("name").and_then(|e| string_arg(ctx, e));
    let map = args.named("map").and_then(|e| string_arg(ctx, e));
    let clustered = args.named("clustered").and_then(|e| bool_arg(ctx, e));
    report_unused(ctx, &args);
    let Some(fields_expr) = fields_expr else {
        ctx.error("Argument \"fields\" is missing.", attr.span);
        return;
    };
    let refs = field_refs(ctx, fields_expr, "constant literal");
    let Some(fields) = index_fields(ctx, model, &refs, "id", attr.span) else {
        return;
    };
    if fields.is_empty() {
        ctx.model_error(
            model,
            "The list of fields in an `@@id()` attribute cannot be empty. Please specify at least one field.",
            attr.span,
        );
        return;
    }
    for f in &fields {
        if !ctx.schema.fields[f.field.index()].arity.is_required() {
            let n = ctx.schema.fields[f.field.index()].name.clone();
            // Prisma says "model" here even for views.
            let m = ctx.schema.models[model.index()].name.clone();
            ctx.error(
                format!(
                    "Error validating model \"{m}\": The id definition refers to the optional field `{n}`. ID definitions must reference only required fields."
                ),
                attr.span,
            );
            return;
        }
    }
    if ctx.schema.models[model.index()].primary_key.is_some() {
        ctx.model_error(
            model,
            "Each model must have at most one id criteria. You can't have `@id` and `@@id` at the same time.",
            ctx.model_asts[model.index()].span,
        );
        return;
    }
    ctx.schema.models[model.index()].primary_key = Some(PrimaryKey {
        fields,
        name,
        database_name: String::new(),
        mapped_name: map,
        clustered,
        defined_on_field: false,
        span: attr.span,
    });
}

fn block_index(ctx: &mut Ctx<'_>, model: ModelId, attr: &Attribute, kind: IndexKind) {
    let attr_name = match kind {
        IndexKind::Unique => "unique",
        IndexKind::Normal => "index",
        IndexKind::Fulltext => "fulltext",
    };
    let mut args = Args::new(attr);
    let fields_expr = args.default_arg("fields");
    let name = if kind == IndexKind::Unique {
        args.named("name").and_then(|e| string_arg(ctx, e))
    } else {
        None
    };
    let map = args.named("map").and_then(|e| string_arg(ctx, e));
    let clustered = args.named("clustered").and_then(|e| bool_arg(ctx, e));
    let algorithm = if kind == IndexKind::Normal {
        args.named("type").and_then(|e| match e {
            Expression::Constant(c, span) => match c.as_str() {
                "BTree" => Some(IndexAlgorithm::BTree),
                "Hash" => Some(IndexAlgorithm::Hash),
                "Gist" => Some(IndexAlgorithm::Gist),
                "Gin" => Some(IndexAlgorithm::Gin),
                "SpGist" => Some(IndexAlgorithm::SpGist),
                "Brin" => Some(IndexAlgorithm::Brin),
                _ => {
                    ctx.attribute_error("@index", format!("Unknown index type: {c}."), *span);
                    None
                }
            },
            other => {
                let raw = ctx.text(other.span());
                ctx.error(type_mismatch("constant", other, raw), other.span());
                None
            }
        })
    } else {
        None
    };
    // `name:` on @@index is Prisma 2's spelling of `map:`: Prisma still names the index with it.
    let legacy_name = (kind == IndexKind::Normal)
        .then(|| args.named("name"))
        .flatten();
    let map = match legacy_name {
        Some(e) => match (string_arg(ctx, e), map) {
            (Some(_), Some(_)) => {
                ctx.attribute_error("index", "The `@@index` attribute accepts the `name` argument as an alias for the `map` argument for legacy reasons. It does not accept both though. Please use the `map` argument to specify the database name of the index.", attr.span);
                None
            }
            (legacy, map) => map.or(legacy),
        },
        None => map,
    };
    let predicate = match kind {
        IndexKind::Fulltext => None,
        _ => args
            .named("where")
            .and_then(|e| partial_index::where_arg(ctx, model, e, attr_name)),
    };
    report_unused(ctx, &args);
    let Some(fields_expr) = fields_expr else {
        ctx.error("Argument \"fields\" is missing.", attr.span);
        return;
    };
    let refs = field_refs(ctx, fields_expr, "constant literal");
    let Some(fields) = index_fields(ctx, model, &refs, attr_name, attr.span) else {
        return;
    };
    // An empty list is reported with the provider rules, as Prisma does.
    ctx.schema.models[model.index()].indexes.push(Index {
        kind,
        fields,
        name,
        database_name: String::new(),
        mapped_name: map,
        algorithm,
        clustered,
        defined_on_field: false,
        predicate,
        span: attr.span,
    });
}

fn block_shard_key(ctx: &mut Ctx<'_>, model: ModelId, attr: &Attribute) {
    let mut args = Args::new(attr);
    let fields_expr = args.default_arg("fields");
    report_unused(ctx, &args);
    if !ctx.has_feature("shardKeys") {
        ctx.attribute_error(
            "@shardKey",
            "Defining shard keys requires enabling the `shardKeys` preview feature",
            attr.span,
        );
        return;
    }
    let Some(fields_expr) = fields_expr else {
        ctx.error("Argument \"fields\" is missing.", attr.span);
        return;
    };
    let refs = field_refs(ctx, fields_expr, "constant");
    if matches!(fields_expr, Expression::Array(items, _) if items.is_empty()) {
        ctx.attribute_error(
            "@shardKey",
            "The list of fields in a `@@shardKey()` attribute cannot be empty. Please specify at least one field.",
            attr.span,
        );
        return;
    }
    if refs.is_empty() {
        return;
    }
    let mut unknown = Vec::new();
    let mut relation = None;
    let mut fields = Vec::new();
    for r in &refs {
        match lookup(ctx, model, r.name) {
            Lookup::Scalar(f) => fields.push(f),
            Lookup::Relation(n) => relation = relation.or(Some(n)),
            Lookup::Unknown(n) => unknown.push(format!("`{n}`")),
        }
    }
    if !unknown.is_empty() {
        ctx.model_error(
            model,
            format!(
                "The multi field shard key declaration refers to the unknown fields {}.",
                unknown.join(", ")
            ),
            fields_expr.span(),
        );
        return;
    }
    if let Some(n) = relation {
        ctx.model_error(
            model,
            format!(
                "The shard key definition refers to the relation field `{n}`. Shard key definitions must reference only scalar fields."
            ),
            attr.span,
        );
        return;
    }
    let field_level = ctx.model_asts[model.index()]
        .fields()
        .filter(|f| f.attributes.iter().any(|a| a.name.name == "shardKey"))
        .count();
    if field_level > 0 {
        ctx.model_error(
            model,
            "Each model must have at most one shard key. You can't have `@shardKey` and `@@shardKey` at the same time.",
            ctx.model_asts[model.index()].span,
        );
        return;
    }
    if !ctx.schema.models[model.index()].is_ignored {
        for f in fields {
            let field = &ctx.schema.fields[f.index()];
            if !field.arity.is_required() {
                let n = field.name.clone();
                ctx.model_error(
                    model,
                    format!(
                        "The shard key definition refers to the optional field `{n}`. Shard key definitions must reference only required fields."
                    ),
                    attr.span,
                );
                return;
            }
        }
    }
}

fn relation_attribute(ctx: &mut Ctx<'_>, _model: ModelId, field: FieldId, attr: &Attribute) {
    let unnamed: Vec<&ast::Argument> = attr
        .arguments
        .arguments
        .iter()
        .filter(|a| a.name.is_none())
        .collect();
    if unnamed.len() > 1 {
        let values: Vec<&str> = unnamed.iter().map(|a| ctx.text(a.value.span())).collect();
        ctx.attribute_error(
            "relation",
            format!(
                "You provided multiple unnamed arguments. This is not possible. Did you forget the brackets? Did you mean `[{}]`?",
                values.join(", ")
            ),
            attr.span,
        );
        return;
    }
    let mut args = Args::new(attr);
    let name = args.default_arg("name").and_then(|e| string_arg(ctx, e));
    let fields = args.named("fields");
    let references = args.named("references");
    let map = args.named("map").and_then(|e| string_arg(ctx, e));
    let action = |ctx: &mut Ctx<'_>, expr: Option<&Expression>| -> Option<ReferentialAction> {
        let expr = expr?;
        match expr {
            Expression::Constant(c, span) => match ReferentialAction::from_name(c) {
                Some(a) => Some(a),
                None => {
                    ctx.attribute_error(
                        "relation",
                        format!("Invalid referential action: `{c}`"),
                        *span,
                    );
                    None
                }
            },
            other => {
                let raw = ctx.text(other.span());
                ctx.error(type_mismatch("constant", other, raw), other.span());
                None
            }
        }
    };

    let field_ids = fields
        .map(|e| {
            resolve_relation_field_list(
                ctx,
                ctx.schema.fields[field.index()].model,
                e,
                "fields",
                attr.span,
            )
        })
        .unwrap_or_default();
    let related = match &ctx.schema.fields[field.index()].kind {
        FieldKind::Relation(r) => r.related_model,
        FieldKind::Scalar(_) => return,
    };
    let reference_ids = references
        .map(|e| resolve_relation_field_list(ctx, related, e, "references", attr.span))
        .unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = reference_ids.iter().find(|f| !seen.insert(**f)) {
        let name = ctx.schema.fields[dup.index()].name.clone();
        let span = attr.span;
        ctx.model_error(
            related,
            format!("The unique index definition refers to the field {name} multiple times."),
            span,
        );
    }
    // Prisma reads the referential actions after `fields` and `references`.
    let on_delete = action(ctx, args.named("onDelete"));
    let on_update = action(ctx, args.named("onUpdate"));
    report_unused(ctx, &args);
    if let FieldKind::Relation(r) = &mut ctx.schema.fields[field.index()].kind {
        r.relation_name = name;
        r.fields = field_ids;
        r.references = reference_ids;
        r.on_delete = on_delete;
        r.on_update = on_update;
        r.mapped_name = map;
        r.relation_attribute_span = Some(attr.span);
    }
}

fn resolve_relation_field_list(
    ctx: &mut Ctx<'_>,
    model: ModelId,
    expr: &Expression,
    what: &str,
    attr_span: diagnostics::Span,
) -> Vec<FieldId> {
    let items: Vec<&Expression> = match expr {
        Expression::Array(items, _) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    let mut relation_fields = Vec::new();
    for item in items {
        let Expression::Constant(name, _) = item else {
            let raw = ctx.text(item.span());
            ctx.error(type_mismatch("constant literal", item, raw), item.span());
            continue;
        };
        match lookup(ctx, model, name) {
            Lookup::Scalar(f) => out.push(f),
            Lookup::Relation(n) => relation_fields.push(n),
            Lookup::Unknown(n) => unknown.push(n),
        }
    }
    let span = attr_span;
    if !unknown.is_empty() {
        let message = if what == "fields" {
            format!(
                "The argument fields must refer only to existing fields. The following fields do not exist in this model: {}",
                unknown.join(", ")
            )
        } else {
            format!(
                "The argument `references` must refer only to existing fields in the related model `{}`. The following fields do not exist in the related model: {}",
                ctx.schema.models[model.index()].name,
                unknown.join(", ")
            )
        };
        ctx.validation_error(message, span);
    } else if !relation_fields.is_empty() {
        let message = if what == "fields" {
            format!(
                "The argument fields must refer only to scalar fields. But it is referencing the following relation fields: {}",
                relation_fields.join(", ")
            )
        } else {
            format!(
                "The argument `references` must refer only to scalar fields in the related model `{}`. But it is referencing the following relation fields: {}",
                ctx.schema.models[model.index()].name,
                relation_fields.join(", ")
            )
        };
        ctx.validation_error(message, span);
    }
    out
}

// ---------------------------------------------------------------- @default

fn field_default(ctx: &mut Ctx<'_>, field: FieldId, attr: &Attribute) {
    ctx.default_field = Some(field);
    let mut args = Args::new(attr);
    let value = args.default_arg("value");
    let map = args.named("map").and_then(|e| string_arg(ctx, e));
    report_unused(ctx, &args);
    let Some(value) = value else {
        ctx.error("Argument \"value\" is missing.", attr.span);
        return;
    };
    let f = &ctx.schema.fields[field.index()];
    let arity = f.arity;
    let FieldKind::Scalar(s) = &f.kind else {
        return;
    };
    let field_type = s.field_type.clone();
    let kind = default_kind(ctx, &field_type, arity, value, attr.span);
    if let Some(kind) = kind
        && let FieldKind::Scalar(s) = &mut ctx.schema.fields[field.index()].kind
    {
        s.default = Some(DefaultValue {
            kind,
            mapped_name: map,
            span: attr.span,
        });
    }
}

fn type_name(ctx: &Ctx<'_>, t: &ScalarFieldType) -> String {
    match t {
        ScalarFieldType::Builtin(s) => s.as_str().to_string(),
        ScalarFieldType::Enum(e) => ctx.schema.enums[e.index()].name.clone(),
        ScalarFieldType::CompositeType(c) => ctx.schema.composite_types[c.index()].name.clone(),
        ScalarFieldType::Unsupported(_) => "Unsupported".to_string(),
    }
}

fn default_kind(
    ctx: &mut Ctx<'_>,
    field_type: &ScalarFieldType,
    arity: FieldArity,
    value: &Expression,
    span: Span,
) -> Option<DefaultKind> {
    let err = |ctx: &mut Ctx<'_>, message: String| {
        ctx.attribute_error("default", message, span);
        None
    };
    if let Expression::Function(name, fargs, _) = value {
        let scalar = match field_type {
            ScalarFieldType::Builtin(s) => Some(*s),
            _ => None,
        };
        let wrong_type = |ctx: &mut Ctx<'_>| {
            let t = type_name(ctx, field_type);
            ctx.attribute_error(
                "default",
                format!("The function `{name}()` cannot be used on fields of type `{t}`."),
                span,
            );
            None
        };
        let int_arg = |ctx: &mut Ctx<'_>| -> Result<Option<i64>, ()> {
            match fargs.arguments.first() {
                None => Ok(None),
                Some(a) => match &a.value {
                    Expression::Numeric(n, _) => n.parse::<i64>().map(Some).map_err(|_| ()),
                    _ => {
                        ctx.attribute_error(
                            "default",
                            format!("`{name}()` takes a single Int argument."),
                            span,
                        );
                        Err(())
                    }
                },
            }
        };
        return match name.as_str() {
            "autoincrement" => {
                if !matches!(scalar, Some(ScalarType::Int | ScalarType::BigInt)) {
                    return wrong_type(ctx);
                }
                Some(DefaultKind::Autoincrement)
            }
            "now" => {
                if scalar != Some(ScalarType::DateTime) {
                    return wrong_type(ctx);
                }
                Some(DefaultKind::Now)
            }
            "uuid" | "cuid" | "nanoid" | "ulid" => {
                if scalar != Some(ScalarType::String) {
                    return wrong_type(ctx);
                }
                if name == "ulid" {
                    return Some(DefaultKind::Ulid);
                }
                let Ok(arg) = int_arg(ctx) else { return None };
                match (name.as_str(), arg) {
                    ("uuid", None) => Some(DefaultKind::Uuid(4)),
                    ("uuid", Some(v @ (4 | 7))) => Some(DefaultKind::Uuid(v as u8)),
                    ("uuid", Some(_)) => err(
                        ctx,
                        "`uuid()` takes either no argument, or a single integer argument which is either 4 or 7.".into(),
                    ),
                    ("cuid", None) => Some(DefaultKind::Cuid(1)),
                    ("cuid", Some(v @ (1 | 2))) => Some(DefaultKind::Cuid(v as u8)),
                    ("cuid", Some(_)) => err(
                        ctx,
                        "`cuid()` takes either no argument, or a single integer argument which is either 1 or 2.".into(),
                    ),
                    ("nanoid", None) => Some(DefaultKind::Nanoid(None)),
                    ("nanoid", Some(v @ 2..=255)) => Some(DefaultKind::Nanoid(Some(v as u8))),
                    _ => err(
                        ctx,
                        "`nanoid()` takes either no argument, or a single integer argument between 2 and 255.".into(),
                    ),
                }
            }
            "dbgenerated" => match fargs.arguments.first().map(|a| &a.value) {
                None => Some(DefaultKind::DbGenerated(None)),
                Some(Expression::String(s, _)) if s.trim().is_empty() => err(
                    ctx,
                    "dbgenerated() takes either no argument, or a single nonempty string argument."
                        .into(),
                ),
                Some(Expression::String(s, _)) => Some(DefaultKind::DbGenerated(Some(s.clone()))),
                Some(_) => err(
                    ctx,
                    "dbgenerated() takes either no argument, or a single nonempty string argument."
                        .into(),
                ),
            },
            "auto" => err(
                ctx,
                "The current connector does not support the `auto()` function.".into(),
            ),
            "sequence" => err(
                ctx,
                "The current connector does not support the `sequence()` function.".into(),
            ),
            other => {
                // Prisma reports unknown functions with the later field rules.
                ctx.defer_errors = ctx
                    .default_field
                    .map(|f| (f, super::Deferred::UnknownFunction));
                ctx.error(
                    format!(
                        "Unknown function in @default(): `{other}` is not known. You can read about the available functions here: https://pris.ly/d/attribute-functions"
                    ),
                    span,
                );
                ctx.defer_errors = None;
                None
            }
        };
    }

    if arity.is_list() {
        let Expression::Array(items, _) = value else {
            if matches!(field_type, ScalarFieldType::Enum(_)) {
                let raw = ctx.text(value.span()).to_string();
                return err(ctx, format!("Expected an enum value, but found `{raw}`."));
            }
            return err(
                ctx,
                "The default value of a list field must be a list.".into(),
            );
        };
        let mut values = Vec::new();
        for item in items {
            values.push(deferred_literal(ctx, field_type, item, span)?);
        }
        return Some(DefaultKind::List(values));
    }
    if let (Expression::Array(..), false) = (value, matches!(field_type, ScalarFieldType::Enum(_)))
    {
        return err(
            ctx,
            "The default value of a non-list field cannot be a list.".into(),
        );
    }
    deferred_literal(ctx, field_type, value, span).map(DefaultKind::Value)
}

/// A literal default (parse errors of its text are reported with the later field rules).
fn deferred_literal(
    ctx: &mut Ctx<'_>,
    field_type: &ScalarFieldType,
    value: &Expression,
    span: Span,
) -> Option<LiteralValue> {
    literal(ctx, field_type, value, span)
}

fn literal(
    ctx: &mut Ctx<'_>,
    field_type: &ScalarFieldType,
    value: &Expression,
    span: Span,
) -> Option<LiteralValue> {
    let raw = ctx.text(value.span()).to_string();
    let type_label = type_name(ctx, field_type);
    let mismatch = |ctx: &mut Ctx<'_>, _expected: &str| {
        ctx.attribute_error(
            "default",
            format!("Expected a {type_label} value, but found `{raw}`."),
            span,
        );
        None
    };
    match field_type {
        ScalarFieldType::Enum(e) => {
            let Expression::Constant(name, _) = value else {
                ctx.attribute_error(
                    "default",
                    format!("Expected an enum value, but found `{raw}`."),
                    span,
                );
                return None;
            };
            match ctx.schema.enums[e.index()]
                .values
                .iter()
                .position(|v| &v.name == name)
            {
                Some(i) => Some(LiteralValue::EnumValue(*e, i)),
                None => {
                    // Prisma checks enum values with the later field rules.
                    ctx.defer_errors = ctx
                        .default_field
                        .map(|f| (f, super::Deferred::DefaultValue));
                    ctx.attribute_error(
                        "default",
                        format!(
                            "The defined default value `{name}` is not a valid value of the enum specified for the field."
                        ),
                        span,
                    );
                    ctx.defer_errors = None;
                    None
                }
            }
        }
        ScalarFieldType::Unsupported(_) => {
            ctx.attribute_error(
                "default",
                "Only @default(dbgenerated(\"...\")) can be used for Unsupported types.",
                span,
            );
            None
        }
        ScalarFieldType::CompositeType(_) => None,
        ScalarFieldType::Builtin(t) => match (t, value) {
            (ScalarType::String, Expression::String(s, _)) => Some(LiteralValue::String(s.clone())),
            (ScalarType::String, _) => mismatch(ctx, "string"),
            (ScalarType::Boolean, Expression::Constant(c, _)) if c == "true" || c == "false" => {
                Some(LiteralValue::Boolean(c == "true"))
            }
            (ScalarType::Boolean, _) => mismatch(ctx, "boolean"),
            (ScalarType::Int, Expression::Numeric(n, _)) => match n.parse::<i64>() {
                Ok(v) => Some(LiteralValue::Int(v)),
                Err(_) => {
                    ctx.attribute_error(
                        "default",
                        format!("Expected an integer value, but received `{n}`."),
                        span,
                    );
                    None
                }
            },
            (ScalarType::Int, _) => mismatch(ctx, "numeric"),
            (ScalarType::BigInt, Expression::Numeric(n, _)) => match n.parse::<i64>() {
                Ok(v) => Some(LiteralValue::BigInt(v)),
                Err(_) => {
                    ctx.attribute_error(
                        "default",
                        format!("Expected an integer value, but received `{n}`."),
                        span,
                    );
                    None
                }
            },
            (ScalarType::BigInt, _) => mismatch(ctx, "numeric"),
            (ScalarType::Float, Expression::Numeric(n, _)) => Some(LiteralValue::Float(n.clone())),
            (ScalarType::Float, _) => mismatch(ctx, "numeric"),
            (ScalarType::Decimal, Expression::Numeric(n, _) | Expression::String(n, _)) => {
                Some(LiteralValue::Decimal(n.clone()))
            }
            (ScalarType::Decimal, _) => mismatch(ctx, "numeric"),
            (ScalarType::DateTime, Expression::String(s, _)) => {
                match rfc3339_error(s) {
                    None => Some(LiteralValue::DateTime(s.clone())),
                    Some(why) => {
                        // Prisma parses the text with the later field rules.
                        ctx.defer_errors = ctx
                            .default_field
                            .map(|f| (f, super::Deferred::DefaultValue));
                        ctx.attribute_error(
                            "default",
                            format!(
                                "Parse error: \"{s}\" is not a valid rfc3339 datetime string. ({why})"
                            ),
                            span,
                        );
                        ctx.defer_errors = None;
                        None
                    }
                }
            }
            (ScalarType::DateTime, _) => mismatch(ctx, "datetime"),
            (ScalarType::Json, Expression::String(s, _)) => {
                match serde_json::from_str::<serde_json::Value>(s) {
                    Ok(_) => Some(LiteralValue::Json(s.clone())),
                    Err(why) => {
                        // Prisma parses the text with the later field rules.
                        ctx.defer_errors = ctx
                            .default_field
                            .map(|f| (f, super::Deferred::DefaultValue));
                        ctx.attribute_error(
                            "default",
                            format!("Parse error: \"{s}\" is not a valid JSON string. ({why})"),
                            span,
                        );
                        ctx.defer_errors = None;
                        None
                    }
                }
            }
            (ScalarType::Json, _) => mismatch(ctx, "string"),
            (ScalarType::Bytes, Expression::String(s, _)) => {
                if is_base64(s) {
                    Some(LiteralValue::Bytes(s.clone()))
                } else {
                    ctx.defer_errors = ctx
                        .default_field
                        .map(|f| (f, super::Deferred::DefaultValue));
                    ctx.attribute_error(
                        "default",
                        format!(
                            "Parse error: \"{s}\" is not a valid base64 string. (Could not convert from `base64 encoded bytes` to `PrismaValue::Bytes`)"
                        ),
                        span,
                    );
                    ctx.defer_errors = None;
                    None
                }
            }
            (ScalarType::Bytes, _) => mismatch(ctx, "string"),
        },
    }
}

/// Standard base64 with padding (what Prisma's decoder accepts).
fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    s.len().is_multiple_of(4)
        && s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// Checks RFC 3339 text as Prisma's date parser does; the error says why it fails, in the
/// parser's words (`premature end of input`, `input contains invalid characters`, …).
fn rfc3339_error(s: &str) -> Option<&'static str> {
    const TOO_SHORT: &str = "premature end of input";
    const INVALID: &str = "input contains invalid characters";
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize, n: usize| -> Result<u32, &'static str> {
        if b.len() < *i + n {
            return Err(TOO_SHORT);
        }
        let part = &b[*i..*i + n];
        if !part.iter().all(u8::is_ascii_digit) {
            return Err(INVALID);
        }
        *i += n;
        Ok(part.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
    };
    let literal = |i: &mut usize, options: &[u8]| -> Result<(), &'static str> {
        match b.get(*i) {
            None => Err(TOO_SHORT),
            Some(c) if options.contains(c) => {
                *i += 1;
                Ok(())
            }
            Some(_) => Err(INVALID),
        }
    };
    let check = |i: &mut usize| -> Result<(), &'static str> {
        digits(i, 4)?;
        literal(i, b"-")?;
        let month = digits(i, 2)?;
        literal(i, b"-")?;
        let day = digits(i, 2)?;
        literal(i, b"Tt ")?;
        let hour = digits(i, 2)?;
        literal(i, b":")?;
        let minute = digits(i, 2)?;
        literal(i, b":")?;
        let second = digits(i, 2)?;
        if b.get(*i) == Some(&b'.') {
            *i += 1;
            let start = *i;
            while *i < b.len() && b[*i].is_ascii_digit() {
                *i += 1;
            }
            if *i == start {
                return Err(if *i == b.len() { TOO_SHORT } else { INVALID });
            }
        }
        match b.get(*i) {
            None => return Err(TOO_SHORT),
            Some(b'Z' | b'z') => *i += 1,
            Some(b'+' | b'-') => {
                *i += 1;
                digits(i, 2)?;
                literal(i, b":")?;
                digits(i, 2)?;
            }
            Some(_) => return Err(INVALID),
        }
        if *i != b.len() {
            return Err("trailing input");
        }
        if !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return Err("input is out of range");
        }
        Ok(())
    };
    check(&mut i).err()
}

// ---------------------------------------------------------------- default names

/// Fills in Prisma's default constraint names (primary keys, indexes) once every `@map`
/// is known.
fn compute_default_names(ctx: &mut Ctx<'_>) {
    let provider = ctx.provider.unwrap_or(Provider::Postgres);
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
