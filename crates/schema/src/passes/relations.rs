//! Relations: relation fields are paired with their opposite side, the kind (1:1, 1:n,
//! implicit m:n) is inferred, `fields`/`references` are checked, and the foreign key (with
//! Prisma's default referential actions and constraint name) or join table is resolved.

use std::collections::HashMap;

use super::{CLEAN_ONLY, Ctx, MODEL_RELATION_FIELDS, PHASE_MODELS, PHASE_RELATIONS};
use crate::constraint_names;
use crate::ids::{FieldId, ModelId, RelationId};
use crate::ir::{
    FieldKind, ForeignKey, JoinTable, ReferentialAction, Relation, RelationField, RelationKind,
    RelationMode,
};
use crate::provider::{Provider, SchemaCapabilities};

fn rel<'c>(ctx: &'c Ctx<'_>, f: FieldId) -> &'c RelationField {
    match &ctx.schema.fields[f.index()].kind {
        FieldKind::Relation(r) => r,
        FieldKind::Scalar(_) => unreachable!("only relation fields are paired"),
    }
}

fn is_relation(ctx: &Ctx<'_>, f: FieldId) -> bool {
    matches!(ctx.schema.fields[f.index()].kind, FieldKind::Relation(_))
}

pub(crate) fn run(ctx: &mut Ctx<'_>) {
    let relation_fields: Vec<FieldId> = (0..ctx.schema.fields.len())
        .map(|i| FieldId(i as u32))
        .filter(|&f| is_relation(ctx, f))
        .collect();
    // Relation fields by (model, related model, relation name): pairing stays linear.
    let mut by_key: HashMap<(ModelId, ModelId, Option<String>), Vec<FieldId>> = HashMap::new();
    for &f in &relation_fields {
        let key = (
            ctx.schema.fields[f.index()].model,
            rel(ctx, f).related_model,
            rel(ctx, f).relation_name.clone(),
        );
        by_key.entry(key).or_default().push(f);
    }
    // A relation field pointing at an `@@ignore`d model must be ignored too.
    for &f in &relation_fields {
        let field = &ctx.schema.fields[f.index()];
        let related = rel(ctx, f).related_model;
        if ctx.schema.models[related.index()].is_ignored
            && !field.is_ignored
            && !ctx.schema.models[field.model.index()].is_ignored
        {
            let message = format!(
                "The relation field `{}` on Model `{}` must specify the `@ignore` attribute, because the model {} it is pointing to is marked ignored.",
                field.name,
                model_name(ctx, field.model),
                model_name(ctx, related)
            );
            let span = ctx.field_line_span(field.span);
            let model = field.model;
            ctx.at((PHASE_MODELS, model.0, MODEL_RELATION_FIELDS, f.0, 1));
            ctx.attribute_error("ignore", message, span);
        }
    }
    let mut paired = vec![false; ctx.schema.fields.len()];
    let mut pairs = Vec::new();
    let mut ambiguous_reported = std::collections::HashSet::new();

    for &f in &relation_fields {
        if paired[f.index()] {
            continue;
        }
        let model = ctx.schema.fields[f.index()].model;
        let related = rel(ctx, f).related_model;
        let name = rel(ctx, f).relation_name.clone();

        // Fields of this model pointing at the same model with the same name.
        let same: Vec<FieldId> = by_key
            .get(&(model, related, name.clone()))
            .cloned()
            .unwrap_or_default();
        let limit = if model == related { 2 } else { 1 };
        if same.len() > limit {
            // One report per pair of models (the first one met).
            let key = if model <= related {
                (model, related, name.clone())
            } else {
                (related, model, name.clone())
            };
            if ambiguous_reported.insert(key) {
                let model_name = ctx.schema.models[model.index()].name.clone();
                let related_name = ctx.schema.models[related.index()].name.clone();
                let a = ctx.schema.fields[same[0].index()].name.clone();
                let b = ctx.schema.fields[same[1].index()].name.clone();
                let message = if model == related {
                    format!(
                        "Ambiguous self relation detected. The fields `{a}` and `{b}` in model `{model_name}` both refer to `{related_name}`. If they are part of the same relation add the same relation name for them with `@relation(<name>)`."
                    )
                } else {
                    format!(
                        "Ambiguous relation detected. The fields `{a}` and `{b}` in model `{model_name}` both refer to `{related_name}`. Please provide different relation names for them by adding `@relation(<name>)."
                    )
                };
                let span = ctx.field_line_span(ctx.schema.fields[same[0].index()].span);
                // Prisma stops validating at the first ambiguous relation field.
                let key = (PHASE_MODELS, model.0, MODEL_RELATION_FIELDS, same[0].0, 0);
                ctx.stop_after = Some(ctx.stop_after.map_or(key, |k| k.min(key)));
                ctx.at(key);
                ctx.model_error(model, message, span);
            }
            for g in same {
                paired[g.index()] = true;
            }
            continue;
        }

        let partner = by_key
            .get(&(related, model, name.clone()))
            .and_then(|candidates| {
                candidates
                    .iter()
                    .copied()
                    .find(|&g| g != f && !paired[g.index()])
            });
        paired[f.index()] = true;
        let Some(g) = partner else {
            let model_name = ctx.schema.models[model.index()].name.clone();
            let related_name = ctx.schema.models[related.index()].name.clone();
            let field_name = ctx.schema.fields[f.index()].name.clone();
            let span = ctx.field_line_span(ctx.schema.fields[f.index()].span);
            let kind = if ctx.schema.models[model.index()].is_view {
                "view"
            } else {
                "model"
            };
            // A relation with one side only: Prisma still checks its `fields`.
            foreign_key(ctx, f, f);
            ctx.at((PHASE_RELATIONS, f.0, 5, 0, 0));
            ctx.field_error(
                f,
                format!(
                    "The relation field `{field_name}` on {kind} `{model_name}` is missing an opposite relation field on the {} `{related_name}`. Either run `prisma format` or add it manually.",
                    if ctx.schema.models[related.index()].is_view { "view" } else { "model" }
                ),
                span,
            );
            continue;
        };
        paired[g.index()] = true;
        pairs.push((f, g));
    }
    // Prisma registers (and checks) each relation at its forward field, side A for
    // many-to-many, in field order.
    let mut pairs: Vec<(FieldId, FieldId, FieldId)> = pairs
        .into_iter()
        .map(|(f, g)| (registration_field(ctx, f, g), f, g))
        .collect();
    pairs.sort_by_key(|&(order, _, _)| order);
    for (order, f, g) in pairs {
        build_relation(ctx, f, g, order);
    }
}

fn model_name(ctx: &Ctx<'_>, m: ModelId) -> String {
    ctx.schema.models[m.index()].name.clone()
}

/// Whether the field's `@relation` has the argument `name` (resolved or not).
fn written(ctx: &Ctx<'_>, field: FieldId, name: &str) -> bool {
    ctx.field_asts[field.index()]
        .attributes
        .iter()
        .filter(|a| a.name.name == "relation")
        .flat_map(|a| a.arguments.arguments.iter())
        .any(|a| a.name.as_ref().is_some_and(|n| n.name == name))
}

/// Which side is which, as Prisma infers it: the kind, the forward side (the one that holds
/// or should hold `fields`; side `A` for many-to-many) and the back side.
fn orient(ctx: &Ctx<'_>, f: FieldId, g: FieldId) -> (RelationKind, FieldId, FieldId) {
    let (fa, ga) = (
        ctx.schema.fields[f.index()].arity,
        ctx.schema.fields[g.index()].arity,
    );
    let key = |x: FieldId| {
        (
            model_name(ctx, model_of(ctx, x)),
            ctx.schema.fields[x.index()].name.clone(),
        )
    };
    let first = |f: FieldId, g: FieldId| if key(g) < key(f) { (g, f) } else { (f, g) };
    let has_fields = |x: FieldId| written(ctx, x, "fields");
    if fa.is_list() && ga.is_list() {
        // Side A is on the model whose name sorts first (self-relations: the field name).
        let (a, b) = first(f, g);
        return (RelationKind::ImplicitManyToMany, a, b);
    }
    if fa.is_list() {
        return (RelationKind::OneToMany, g, f);
    }
    if ga.is_list() {
        return (RelationKind::OneToMany, f, g);
    }
    let (forward, back) = match (fa.is_required(), ga.is_required()) {
        (true, false) => (f, g),
        (false, true) => (g, f),
        // Required on both sides (rejected later): the first by model and field name.
        (true, true) => first(f, g),
        (false, false) if has_fields(f) => (f, g),
        (false, false) if has_fields(g) => (g, f),
        (false, false) => first(f, g),
    };
    (RelationKind::OneToOne, forward, back)
}

/// The field Prisma registers a relation at (relations are checked in this order).
pub(crate) fn registration_field(ctx: &Ctx<'_>, f: FieldId, g: FieldId) -> FieldId {
    orient(ctx, f, g).1
}

/// Builds the relation between `f` and `g` and checks it.
fn build_relation(ctx: &mut Ctx<'_>, f: FieldId, g: FieldId, order: FieldId) {
    let at = |ctx: &mut Ctx<'_>, check: u32| ctx.at((PHASE_RELATIONS, order.0, check, 0, 0));
    let model_f = model_of(ctx, f);
    let model_g = model_of(ctx, g);
    let name = rel(ctx, f).relation_name.clone();
    let default_name = {
        let mut names = [model_name(ctx, model_f), model_name(ctx, model_g)];
        names.sort();
        format!("{}To{}", names[0], names[1])
    };
    let relation_name = name.clone().unwrap_or(default_name);
    let id = RelationId(ctx.schema.relations.len() as u32);
    let (kind, forward, back) = orient(ctx, f, g);

    let ignored = ctx.schema.fields[f.index()].is_ignored
        || ctx.schema.fields[g.index()].is_ignored
        || ctx.schema.models[model_f.index()].is_ignored
        || ctx.schema.models[model_g.index()].is_ignored;
    let mut relation = Relation {
        name: relation_name.clone(),
        has_explicit_name: name.is_some(),
        kind,
        field_a: forward,
        field_b: Some(back),
        foreign_key: None,
        join_table: None,
        is_ignored: ignored,
    };

    let describe = |ctx: &Ctx<'_>, x: FieldId| {
        (
            ctx.schema.fields[x.index()].name.clone(),
            model_name(ctx, model_of(ctx, x)),
        )
    };
    let (fw_name, fw_model) = describe(ctx, forward);
    let (bk_name, bk_model) = describe(ctx, back);
    let fw_span = ctx.field_line_span(ctx.schema.fields[forward.index()].span);
    let bk_span = ctx.field_line_span(ctx.schema.fields[back.index()].span);
    let fw = rel(ctx, forward).clone();
    let bk = rel(ctx, back).clone();
    let (fw_fields, fw_references) = (
        written(ctx, forward, "fields"),
        written(ctx, forward, "references"),
    );
    let (bk_fields, bk_references) = (
        written(ctx, back, "fields"),
        written(ctx, back, "references"),
    );

    match kind {
        RelationKind::ImplicitManyToMany => {
            check_many_to_many(ctx, forward, back, order);
            relation.join_table = Some(JoinTable {
                table_name: format!("_{relation_name}"),
                model_a: model_of(ctx, forward),
                model_b: model_of(ctx, back),
            });
        }
        RelationKind::OneToOne => {
            self_relation_cycle(ctx, forward, order);
            relation.foreign_key = foreign_key(ctx, forward, order);
            // `fields` and `references` are given on one side.
            at(ctx, 6);
            for (argument, missing) in [
                ("fields", !fw_fields && !bk_fields),
                ("references", !fw_references && !bk_references),
            ] {
                if missing {
                    for (a, ma, b, mb, span) in [
                        (&fw_name, &fw_model, &bk_name, &bk_model, fw_span),
                        (&bk_name, &bk_model, &fw_name, &fw_model, bk_span),
                    ] {
                        ctx.attribute_error(
                            "relation",
                            format!(
                                "The relation fields `{a}` on Model `{ma}` and `{b}` on Model `{mb}` do not provide the `{argument}` argument in the @relation attribute. You have to provide it on one of the two fields."
                            ),
                            span,
                        );
                    }
                }
            }
            at(ctx, 7);
            for (argument, both) in [
                ("references", fw_references && bk_references),
                ("fields", fw_fields && bk_fields),
            ] {
                if both {
                    let message = format!(
                        "The relation fields `{fw_name}` on Model `{fw_model}` and `{bk_name}` on Model `{bk_model}` both provide the `{argument}` argument in the @relation attribute. You have to provide it only on one of the two fields."
                    );
                    ctx.attribute_error("relation", &message, fw_span);
                    ctx.attribute_error("relation", &message, bk_span);
                }
            }
            at(ctx, 8);
            let fw_actions = fw.on_delete.is_some() || fw.on_update.is_some();
            let bk_actions = bk.on_delete.is_some() || bk.on_update.is_some();
            if fw_actions && bk_actions {
                for (a, ma, b, mb, span) in [
                    (&bk_name, &bk_model, &fw_name, &fw_model, bk_span),
                    (&fw_name, &fw_model, &bk_name, &bk_model, fw_span),
                ] {
                    ctx.attribute_error(
                        "relation",
                        format!(
                            "The relation fields `{a}` on Model `{ma}` and `{b}` on Model `{mb}` both provide the `onDelete` or `onUpdate` argument in the @relation attribute. You have to provide it only on one of the two fields."
                        ),
                        span,
                    );
                }
            } else if bk_actions {
                back_side_actions(ctx, forward, back, kind);
            }
            // The referencing fields of a 1:1 relation must be unique.
            at(ctx, 9);
            one_to_one_unique(ctx, forward);
            // The next checks only run on a schema without errors so far.
            ctx.at((PHASE_RELATIONS, order.0, 10, 0, CLEAN_ONLY));
            if fw_fields && bk_references {
                let message = format!(
                    "The relation field `{fw_name}` on Model `{fw_model}` provides the `fields` argument in the @relation attribute. And the related field `{bk_name}` on Model `{bk_model}` provides the `references` argument. You must provide both arguments on the same side."
                );
                ctx.attribute_error("relation", &message, fw_span);
                ctx.attribute_error("relation", &message, bk_span);
            }
            if fw_references && bk_fields {
                ctx.attribute_error(
                    "relation",
                    format!(
                        "The relation field `{fw_name}` on Model `{fw_model}` provides the `references` argument in the @relation attribute. And the related field `{bk_name}` on Model `{bk_model}` provides the `fields` argument. You must provide both arguments on the same side."
                    ),
                    fw_span,
                );
            }
            ctx.at((PHASE_RELATIONS, order.0, 11, 0, CLEAN_ONLY));
            if ctx.schema.fields[back.index()].arity.is_required() {
                let t = model_name(ctx, model_of(ctx, forward));
                ctx.attribute_error(
                    "relation",
                    format!(
                        "The relation field `{bk_name}` on Model `{bk_model}` is required. This is not valid because it's not possible to enforce this constraint on the database level. Please change the field type from `{t}` to `{t}?` to fix this."
                    ),
                    bk_span,
                );
            }
            ctx.at((PHASE_RELATIONS, order.0, 12, 0, CLEAN_ONLY));
            if ctx.schema.fields[forward.index()].arity.is_required()
                && (bk_fields || bk_references)
            {
                ctx.attribute_error(
                    "relation",
                    format!(
                        "The relation field `{bk_model}.{bk_name}` defines the `fields` and/or `references` argument. You must set them on the required side of the relation (`{fw_model}.{fw_name}`) in order for the constraints to be enforced. Alternatively, you can change this field to be required and the opposite optional, or make both sides of the relation optional."
                    ),
                    bk_span,
                );
            }
        }
        RelationKind::OneToMany => {
            self_relation_cycle(ctx, forward, order);
            relation.foreign_key = foreign_key(ctx, forward, order);
            at(ctx, 6);
            if !fw_fields {
                ctx.attribute_error(
                    "relation",
                    format!(
                        "The relation field `{fw_name}` on Model `{fw_model}` must specify the `fields` argument in the @relation attribute. You can run `prisma format` to fix this automatically."
                    ),
                    fw_span,
                );
            }
            if !fw_references {
                ctx.attribute_error(
                    "relation",
                    format!(
                        "The relation field `{fw_name}` on Model `{fw_model}` must specify the `references` argument in the @relation attribute."
                    ),
                    fw_span,
                );
            }
            if bk_fields || bk_references {
                let span = bk.relation_attribute_span.unwrap_or(bk_span);
                ctx.attribute_error(
                    "relation",
                    format!("The relation field `{bk_name}` on Model `{bk_model}` must not specify the `fields` or `references` argument in the @relation attribute. You must only specify it on the opposite field `{fw_name}` on model `{fw_model}`."),
                    span,
                );
            }
            at(ctx, 8);
            if bk.on_delete.is_some() || bk.on_update.is_some() {
                back_side_actions(ctx, forward, back, kind);
            }
        }
    }

    for side in [f, g] {
        if let FieldKind::Relation(r) = &mut ctx.schema.fields[side.index()].kind {
            r.relation = Some(id);
        }
    }
    ctx.schema.relations.push(relation);
}

/// With emulated relations (`relationMode = "prisma"`), a self-relation whose actions
/// modify rows (explicitly or by default) would cascade in a cycle.
fn self_relation_cycle(ctx: &mut Ctx<'_>, forward: FieldId, order: FieldId) {
    let r = rel(ctx, forward);
    if r.related_model != model_of(ctx, forward)
        || ctx.schema.relation_mode() != crate::ir::RelationMode::Prisma
    {
        return;
    }
    let required = r
        .fields
        .iter()
        .any(|f| ctx.schema.fields[f.index()].arity.is_required());
    let default_delete = if required {
        ReferentialAction::Restrict
    } else {
        ReferentialAction::SetNull
    };
    let on_delete = r.on_delete.unwrap_or(default_delete);
    let on_update = r.on_update.unwrap_or(ReferentialAction::Cascade);
    let modifies = |a: ReferentialAction| {
        !matches!(a, ReferentialAction::NoAction | ReferentialAction::Restrict)
    };
    if !modifies(on_delete) && !modifies(on_update) {
        return;
    }
    let span = ctx.field_line_span(ctx.schema.fields[forward.index()].span);
    ctx.at((PHASE_RELATIONS, order.0, 0, 0, 0));
    ctx.validation_error(
        format!(
            "A self-relation must have `onDelete` and `onUpdate` referential actions set to `NoAction` in one of the @relation attributes. (Implicit default `onDelete`: `{}`, and `onUpdate`: `Cascade`) Read more at https://pris.ly/d/cyclic-referential-actions",
            default_delete.as_str()
        ),
        span,
    );
}

/// A 1:1 relation's referencing fields must be a unique criterion of their model.
fn one_to_one_unique(ctx: &mut Ctx<'_>, forward: FieldId) {
    let r = rel(ctx, forward);
    if r.fields.is_empty() {
        return;
    }
    let model = model_of(ctx, forward);
    let m = &ctx.schema.models[model.index()];
    let mut sorted = r.fields.clone();
    sorted.sort();
    let unique = m
        .primary_key
        .iter()
        .map(|pk| pk.fields.iter().map(|f| f.field).collect::<Vec<_>>())
        .chain(
            m.indexes
                .iter()
                .filter(|i| i.kind == crate::ir::IndexKind::Unique)
                .map(|i| i.fields.iter().map(|f| f.field).collect()),
        )
        .any(|mut v: Vec<FieldId>| {
            v.sort();
            v == sorted
        });
    if unique || m.is_view {
        return;
    }
    let names: Vec<String> = r
        .fields
        .iter()
        .map(|f| ctx.schema.fields[f.index()].name.clone())
        .collect();
    let message = if names.len() == 1 {
        format!(
            "A one-to-one relation must use unique fields on the defining side. Either add an `@unique` attribute to the field `{}`, or change the relation to one-to-many.",
            names[0]
        )
    } else {
        format!(
            "A one-to-one relation must use unique fields on the defining side. Either add an `@@unique([{}])` attribute to the model, or change the relation to one-to-many.",
            names.join(", ")
        )
    };
    let span = ctx.field_line_span(ctx.schema.fields[forward.index()].span);
    ctx.attribute_error("relation", message, span);
}

/// Referential actions belong on the side with `fields`; the back side must not set them.
fn back_side_actions(ctx: &mut Ctx<'_>, forward: FieldId, back: FieldId, kind: RelationKind) {
    let (n, m) = (
        ctx.schema.fields[back.index()].name.clone(),
        model_name(ctx, model_of(ctx, back)),
    );
    let (on, om) = (
        ctx.schema.fields[forward.index()].name.clone(),
        model_name(ctx, model_of(ctx, forward)),
    );
    let suffix = if kind == RelationKind::OneToMany {
        ", or in case of a many to many relation, in an explicit join table"
    } else {
        ""
    };
    let span = ctx.field_line_span(ctx.schema.fields[back.index()].span);
    ctx.attribute_error(
        "relation",
        format!(
            "The relation field `{n}` on Model `{m}` must not specify the `onDelete` or `onUpdate` argument in the @relation attribute. You must only specify it on the opposite field `{on}` on model `{om}`{suffix}."
        ),
        span,
    );
}

fn model_of(ctx: &Ctx<'_>, f: FieldId) -> ModelId {
    ctx.schema.fields[f.index()].model
}

fn check_many_to_many(ctx: &mut Ctx<'_>, a: FieldId, b: FieldId, order: FieldId) {
    ctx.at((PHASE_RELATIONS, order.0, 0, 0, 0));
    let views = [a, b]
        .iter()
        .any(|&x| ctx.schema.models[model_of(ctx, x).index()].is_view);
    if views {
        for &x in &[a, b] {
            let span = ctx.field_line_span(ctx.schema.fields[x.index()].span);
            ctx.validation_error(
                "Implicit many-to-many relations are not supported for views.",
                span,
            );
        }
    }
    let references_only = [a, b]
        .iter()
        .any(|&x| written(ctx, x, "references") && !written(ctx, x, "fields"));
    // `fields` on either side make it an embedded many-to-many relation (MongoDB's kind).
    let embedded = [a, b].iter().any(|&x| written(ctx, x, "fields"));
    if embedded {
        let connector = ctx
            .provider
            .map(crate::dialect::display_name)
            // Prisma prints its empty connector's type name when there is no datasource.
            .unwrap_or("psl_core::datamodel_connector::empty_connector::EmptyDatamodelConnector");
        for &x in &[a, b] {
            let span = ctx.field_line_span(ctx.schema.fields[x.index()].span);
            ctx.validation_error(
                format!("Embedded many-to-many relations are not supported on {connector}. Please use the syntax defined in https://pris.ly/d/relational-database-many-to-many"),
                span,
            );
        }
        return;
    }
    ctx.at((PHASE_RELATIONS, order.0, 1, 0, 0));
    for &x in &[a, b] {
        let related = rel(ctx, x).related_model;
        let pk_single = ctx.schema.models[related.index()]
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.fields.len() == 1);
        if !pk_single {
            let n = ctx.schema.fields[x.index()].name.clone();
            let m = model_name(ctx, model_of(ctx, x));
            let r = model_name(ctx, related);
            // Prisma words every side of a relation that involves a view as a view.
            let kind = if views { "view" } else { "model" };
            let has_pk = ctx.schema.models[related.index()].primary_key.is_some();
            let message = if has_pk {
                format!(
                    "The relation field `{n}` on {kind} `{m}` references `{r}` which has a compound primary key. Compound primary keys are not supported in implicit many-to-many relations. Use an explicit intermediate Model to represent this relationship."
                )
            } else {
                format!(
                    "The relation field `{n}` on {kind} `{m}` references `{r}` which does not have an `@id` field. Models without `@id` cannot be part of a many to many relation. Use an explicit intermediate Model to represent this relationship."
                )
            };
            let span = ctx.field_line_span(ctx.schema.fields[x.index()].span);
            ctx.error(
                format!("Error validating field `{n}` in {kind} `{m}`: {message}"),
                span,
            );
        }
    }
    if references_only {
        ctx.at((PHASE_RELATIONS, order.0, 3, 0, 0));
        for &x in &[a, b] {
            if written(ctx, x, "references") {
                let span = ctx.field_line_span(ctx.schema.fields[x.index()].span);
                ctx.attribute_error(
                    "relation",
                    "Implicit many-to-many relation should not have references argument",
                    span,
                );
            }
        }
    }
}

/// The checks of an inline relation's `fields`/`references` (unique criterion, lengths,
/// arity, types) and its foreign key, when `fields` are given.
fn foreign_key(ctx: &mut Ctx<'_>, referencing: FieldId, order: FieldId) -> Option<ForeignKey> {
    let at = |ctx: &mut Ctx<'_>, check: u32| ctx.at((PHASE_RELATIONS, order.0, check, 0, 0));
    let r = rel(ctx, referencing).clone();
    let model = model_of(ctx, referencing);
    let span = ctx.field_line_span(ctx.schema.fields[referencing.index()].span);
    let field_name = ctx.schema.fields[referencing.index()].name.clone();
    let model_name_s = model_name(ctx, model);
    let related_name = model_name(ctx, r.related_model);

    if r.references.is_empty() {
        return None;
    }

    // References must be a unique criterion of the related model.
    let related = &ctx.schema.models[r.related_model.index()];
    let refs_sorted = {
        let mut v = r.references.clone();
        v.sort();
        v
    };
    let is_criterion = |fields: &[FieldId]| {
        let mut v = fields.to_vec();
        v.sort();
        v == refs_sorted
    };
    let unique = related
        .primary_key
        .iter()
        .map(|pk| pk.fields.iter().map(|f| f.field).collect::<Vec<_>>())
        .chain(
            related
                .indexes
                .iter()
                .filter(|i| i.kind == crate::ir::IndexKind::Unique)
                .map(|i| i.fields.iter().map(|f| f.field).collect()),
        )
        .any(|fields: Vec<FieldId>| is_criterion(&fields));
    if !unique && !related.is_view {
        let names: Vec<String> = r
            .references
            .iter()
            .map(|f| ctx.schema.fields[f.index()].name.clone())
            .collect();
        let message = if names.len() == 1 {
            format!(
                "The argument `references` must refer to a unique criterion in the related model. Consider adding an `@unique` attribute to the field `{}` in the model `{related_name}`.",
                names[0]
            )
        } else {
            format!(
                "The argument `references` must refer to a unique criterion in the related model. Consider adding an `@@unique([{}])` attribute to the model `{related_name}`.",
                names.join(", ")
            )
        };
        at(ctx, 0);
        ctx.attribute_error("relation", message, span);
    }

    if r.fields.is_empty() {
        return None;
    }
    if r.fields.len() != r.references.len() {
        let attr_span = r.relation_attribute_span.unwrap_or(span);
        at(ctx, 1);
        ctx.validation_error(
            "You must specify the same number of fields in `fields` and `references`.",
            attr_span,
        );
        return None;
    }

    // Types must match.
    for (&f, &t) in r.fields.iter().zip(&r.references) {
        let (FieldKind::Scalar(a), FieldKind::Scalar(b)) = (
            &ctx.schema.fields[f.index()].kind,
            &ctx.schema.fields[t.index()].kind,
        ) else {
            continue;
        };
        if a.field_type != b.field_type {
            let (fname, tname) = (
                ctx.schema.fields[f.index()].name.clone(),
                ctx.schema.fields[t.index()].name.clone(),
            );
            at(ctx, 2);
            ctx.attribute_error(
                "relation",
                format!("The type of the field `{fname}` in the model `{model_name_s}` is not matching the type of the referenced field `{tname}` in model `{related_name}`."),
                span,
            );
        }
    }

    // Arity: a required relation field cannot use optional scalar fields.
    let arity = ctx.schema.fields[referencing.index()].arity;
    let any_optional = r
        .fields
        .iter()
        .any(|f| !ctx.schema.fields[f.index()].arity.is_required());
    let all_optional = r
        .fields
        .iter()
        .all(|f| !ctx.schema.fields[f.index()].arity.is_required());
    if arity.is_required() && any_optional {
        let names: Vec<String> = r
            .fields
            .iter()
            .map(|f| ctx.schema.fields[f.index()].name.clone())
            .collect();
        ctx.at((PHASE_RELATIONS, order.0, 2, 1, 0));
        ctx.validation_error(
            format!("The relation field `{field_name}` uses the scalar fields {}. At least one of those fields is optional. Hence the relation field must be optional as well.", names.join(", ")),
            span,
        );
    }

    let provider = ctx.provider.unwrap_or(Provider::Postgres);
    let mode = ctx
        .schema
        .datasource
        .as_ref()
        .map(|d| d.relation_mode)
        .unwrap_or(RelationMode::ForeignKeys);
    let required = !all_optional || (r.fields.is_empty() && arity.is_required());
    let default_on_delete = if required {
        if provider
            .allowed_referential_actions(mode)
            .contains(&ReferentialAction::Restrict)
        {
            ReferentialAction::Restrict
        } else {
            ReferentialAction::NoAction
        }
    } else {
        ReferentialAction::SetNull
    };
    let table = ctx.schema.models[model.index()].database_name.clone();
    let columns: Vec<String> = r
        .fields
        .iter()
        .map(|f| match &ctx.schema.fields[f.index()].kind {
            FieldKind::Scalar(s) => s.database_name.clone(),
            FieldKind::Relation(_) => String::new(),
        })
        .collect();
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    let database_name = r
        .mapped_name
        .clone()
        .unwrap_or_else(|| constraint_names::foreign_key_name(&table, &columns, provider));
    Some(ForeignKey {
        referencing_model: model,
        referencing_fields: r.fields.clone(),
        referenced_model: r.related_model,
        referenced_fields: r.references.clone(),
        on_delete: r.on_delete.unwrap_or(default_on_delete),
        on_update: r.on_update.unwrap_or(ReferentialAction::Cascade),
        on_delete_explicit: r.on_delete.is_some(),
        on_update_explicit: r.on_update.is_some(),
        database_name,
        mapped_name: r.mapped_name.clone(),
        is_emulated: mode == RelationMode::Prisma,
    })
}
