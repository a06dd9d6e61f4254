//! Names: every model, view, enum and composite type is registered once (duplicates and
//! invalid names reported), and the items of the IR are created with their fields, whose
//! kinds the types pass fills in.

use std::collections::HashMap;

use schema_syntax::ast::{self, Top};

use super::{Ctx, TopId};
use crate::ids::{CompositeTypeId, EnumId, FieldId, ModelId};
use crate::ir::{
    CompositeType, Enum, EnumValue, Field, FieldArity, FieldKind, Model, ScalarField,
    ScalarFieldType,
};

pub(crate) fn run(ctx: &mut Ctx<'_>) {
    let asts = ctx.asts;
    for file in asts {
        for top in &file.tops {
            match top {
                Top::Model(model) => {
                    ctx.top_order
                        .push(TopId::Model(ModelId(ctx.schema.models.len() as u32)));
                    add_model(ctx, model)
                }
                Top::Enum(e) => {
                    ctx.top_order
                        .push(TopId::Enum(EnumId(ctx.schema.enums.len() as u32)));
                    add_enum(ctx, e)
                }
                Top::CompositeType(c) => add_composite(ctx, c),
                Top::TypeAlias(alias) => {
                    register(ctx, &alias.name, "type", TopId::Alias);
                }
                _ => {}
            }
        }
    }
}

fn kind_name(ctx: &Ctx<'_>, id: TopId) -> &'static str {
    match id {
        TopId::Model(m) => {
            if ctx.model_asts[m.index()].is_view {
                "view"
            } else {
                "model"
            }
        }
        TopId::Enum(_) => "enum",
        TopId::CompositeType(_) => "composite type",
        TopId::Alias => "type",
    }
}

/// Registers a top-level name; reports a duplicate. Returns whether it is new.
fn register<'a>(ctx: &mut Ctx<'a>, name: &'a ast::Identifier, kind: &str, id: TopId) -> bool {
    if let Some(existing) = ctx.tops.get(name.name.as_str()).copied() {
        let existing_kind = kind_name(ctx, existing);
        ctx.error(
            format!(
                "The {kind} \"{}\" cannot be defined because a {existing_kind} with that name already exists.",
                name.name
            ),
            name.span,
        );
        return false;
    }
    ctx.tops.insert(name.name.as_str(), id);
    true
}

fn check_name_start(ctx: &mut Ctx<'_>, name: &ast::Identifier, kind: &str) {
    if name.name.starts_with(|c: char| c.is_ascii_digit()) {
        ctx.validation_error(
            format!("The name of a {kind} must not start with a number."),
            name.span,
        );
    }
}

/// Names Prisma reserves for its generated client.
const RESERVED_MODEL_NAMES: &[&str] = &["PrismaClient"];

/// Scalar type names cannot name a model, view, enum or composite type.
fn check_not_scalar(ctx: &mut Ctx<'_>, name: &ast::Identifier) {
    if crate::ir::ScalarType::from_name(&name.name).is_some() {
        ctx.error(
            format!(
                "\"{}\" is a reserved scalar type name and cannot be used.",
                name.name
            ),
            name.span,
        );
    }
}

fn add_model<'a>(ctx: &mut Ctx<'a>, model: &'a ast::Model) {
    let id = ModelId(ctx.schema.models.len() as u32);
    let kind = if model.is_view { "view" } else { "model" };
    // Prisma capitalises the kinds, except in views.
    check_name_start(
        ctx,
        &model.name,
        if model.is_view { "view" } else { "Model" },
    );
    check_not_scalar(ctx, &model.name);
    ctx.model_asts.push(model);
    ctx.schema.models.push(Model {
        name: model.name.name.clone(),
        is_view: model.is_view,
        database_name: model.name.name.clone(),
        mapped_name: None,
        schema: None,
        documentation: model.documentation.text(),
        fields: Vec::new(),
        primary_key: None,
        indexes: Vec::new(),
        checks: Vec::new(),
        is_ignored: false,
        name_span: model.name.span,
        span: model.span,
    });
    if !register(ctx, &model.name, kind, TopId::Model(id)) {
        // Keep the item so that ids stay dense; it is not reachable by name.
    }
    if RESERVED_MODEL_NAMES.contains(&model.name.name.as_str()) {
        ctx.error(
            format!(
                "Error validating model \"{0}\": The model name `{0}` is invalid. It is a reserved name. Please change it. Read more at https://pris.ly/d/naming-models",
                model.name.name
            ),
            model.span,
        );
    }
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for field in model.fields() {
        check_name_start(
            ctx,
            &field.name,
            if model.is_view { "field" } else { "Field" },
        );
        if seen.insert(field.name.name.as_str(), ()).is_some() {
            ctx.error(
                format!(
                    "Field \"{}\" is already defined on {kind} \"{}\".",
                    field.name.name, model.name.name
                ),
                field.name.span,
            );
            continue;
        }
        let field_id = FieldId(ctx.schema.fields.len() as u32);
        ctx.field_asts.push(field);
        ctx.schema.fields.push(Field {
            model: id,
            name: field.name.name.clone(),
            arity: arity(field.arity),
            kind: FieldKind::Scalar(ScalarField {
                field_type: ScalarFieldType::Unsupported(String::new()),
                database_name: field.name.name.clone(),
                mapped_name: None,
                native_type: None,
                default: None,
                is_updated_at: false,
                is_id: false,
                is_unique: false,
            }),
            is_ignored: false,
            documentation: field.documentation.text(),
            name_span: field.name.span,
            type_span: field.field_type.span(),
            span: field.span,
        });
        ctx.schema.models[id.index()].fields.push(field_id);
    }
}

pub(crate) fn arity(arity: ast::FieldArity) -> FieldArity {
    match arity {
        ast::FieldArity::Required => FieldArity::Required,
        ast::FieldArity::Optional => FieldArity::Optional,
        ast::FieldArity::List => FieldArity::List,
    }
}

fn add_enum<'a>(ctx: &mut Ctx<'a>, e: &'a ast::Enum) {
    let id = EnumId(ctx.schema.enums.len() as u32);
    check_name_start(ctx, &e.name, "Enum");
    check_not_scalar(ctx, &e.name);
    ctx.enum_asts.push(e);
    let mut values = Vec::new();
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for value in e.values() {
        check_name_start(ctx, &value.name, "Enum Value");
        if seen.insert(value.name.name.as_str(), ()).is_some() {
            ctx.error(
                format!(
                    "Value \"{}\" is already defined on enum \"{}\".",
                    value.name.name, e.name.name
                ),
                ctx.field_line_span(value.span),
            );
        }
        values.push(EnumValue {
            name: value.name.name.clone(),
            database_name: value.name.name.clone(),
            mapped_name: None,
            documentation: value.documentation.text(),
            span: value.span,
        });
    }
    if values.is_empty() {
        ctx.error(
            "Error validating: An enum must have at least one value.",
            e.span,
        );
    }
    ctx.schema.enums.push(Enum {
        name: e.name.name.clone(),
        database_name: e.name.name.clone(),
        mapped_name: None,
        schema: None,
        documentation: e.documentation.text(),
        values,
        name_span: e.name.span,
        span: e.span,
    });
    register(ctx, &e.name, "enum", TopId::Enum(id));
}

fn add_composite<'a>(ctx: &mut Ctx<'a>, c: &'a ast::CompositeType) {
    let id = CompositeTypeId(ctx.schema.composite_types.len() as u32);
    check_name_start(ctx, &c.name, "Composite type");
    check_not_scalar(ctx, &c.name);
    ctx.composite_asts.push(c);
    ctx.schema.composite_types.push(CompositeType {
        name: c.name.name.clone(),
        documentation: c.documentation.text(),
        fields: Vec::new(),
        span: c.span,
    });
    register(ctx, &c.name, "composite type", TopId::CompositeType(id));
}
