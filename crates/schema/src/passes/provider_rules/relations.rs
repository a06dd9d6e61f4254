//! Relation rules: referential actions allowed by the provider and the relation mode.

use super::*;

pub(super) fn relations(ctx: &mut Ctx<'_>) {
    let provider = ctx.provider;
    let mode = ctx
        .schema
        .datasource
        .as_ref()
        .map(|d| d.relation_mode)
        .unwrap_or(RelationMode::ForeignKeys);
    for r in 0..ctx.schema.relations.len() {
        let relation = ctx.schema.relations[r].clone();
        if relation.kind == RelationKind::ImplicitManyToMany {
            for side in [Some(relation.field_a), relation.field_b]
                .into_iter()
                .flatten()
            {
                let FieldKind::Relation(rf) = &ctx.schema.fields[side.index()].kind else {
                    continue;
                };
                let embedded = [Some(relation.field_a), relation.field_b]
                    .into_iter()
                    .flatten()
                    .any(|x| matches!(&ctx.schema.fields[x.index()].kind, FieldKind::Relation(r) if !r.fields.is_empty()));
                if !embedded && (rf.on_delete.is_some() || rf.on_update.is_some()) {
                    let span = rf
                        .relation_attribute_span
                        .unwrap_or(ctx.schema.fields[side.index()].span);
                    let first = relation
                        .field_b
                        .map_or(relation.field_a, |b| b.min(relation.field_a));
                    ctx.at((PHASE_RELATIONS, first.0, 2, 0, 0));
                    ctx.validation_error(
                        "Referential actions on implicit many-to-many relations are not supported",
                        span,
                    );
                }
            }
        }
    }
    // Each relation field with a `@relation` (Prisma checks them with their model).
    for i in 0..ctx.schema.fields.len() {
        let field = FieldId(i as u32);
        let FieldKind::Relation(rf) = ctx.schema.fields[field.index()].kind.clone() else {
            continue;
        };
        if rf.relation.is_some_and(|r| {
            ctx.schema.relations[r.index()].kind == RelationKind::ImplicitManyToMany
        }) {
            continue;
        }
        let Some(attr) = attr_of(ctx, field, "relation") else {
            continue;
        };
        let field_span = ctx.field_line_span(ctx.schema.fields[field.index()].span);
        let model = ctx.schema.fields[field.index()].model;
        let field_check = (PHASE_MODELS, model.0, MODEL_RELATION_FIELDS, field.0, 2);

        // relationMode = "prisma": recommend an index on the foreign key columns.
        ctx.at((PHASE_RELATIONS, field.0, 13, 0, 0));
        if mode == RelationMode::Prisma
            && provider.is_some()
            && !rf.fields.is_empty()
            && !ctx.schema.models[ctx.schema.fields[field.index()].model.index()].is_view
        {
            let m = &ctx.schema.models[ctx.schema.fields[field.index()].model.index()];
            let covered = m
                .primary_key
                .iter()
                .map(|pk| &pk.fields)
                .chain(m.indexes.iter().map(|i| &i.fields))
                .any(|cols| {
                    cols.len() >= rf.fields.len()
                        && cols.iter().zip(&rf.fields).all(|(c, f)| c.field == *f)
                });
            if !covered {
                ctx.warning(
                    "With `relationMode = \"prisma\"`, no foreign keys are used, so relation fields will not benefit from the index usually created by the relational database under the hood. This can lead to poor performance when querying these fields. We recommend adding an index manually. Learn more at https://pris.ly/d/relation-mode-prisma-indexes\" ",
                    attr.span,
                );
            }
        }

        if rf.mapped_name.is_some() && provider.is_some_and(|p| !p.supports_named_foreign_keys()) {
            ctx.at((PHASE_MODELS, model.0, MODEL_RELATION_FIELDS, field.0, 3));
            ctx.attribute_error(
                "relation",
                "Your provider does not support named foreign keys.",
                attr.span,
            );
        }

        let any_required = rf
            .fields
            .iter()
            .any(|f| ctx.schema.fields[f.index()].arity.is_required());
        let allowed = provider.map(|p| p.allowed_referential_actions(mode));
        for (arg_name, action) in [("onDelete", rf.on_delete), ("onUpdate", rf.on_update)] {
            let Some(action) = action else { continue };
            ctx.at(field_check);
            let arg_span = attr
                .arguments
                .arguments
                .iter()
                .find(|a| a.name.as_ref().is_some_and(|n| n.name == arg_name))
                .map(|a| a.span)
                .unwrap_or(attr.span);
            if let Some(allowed) = allowed
                && !allowed.contains(&action)
            {
                let list: Vec<String> = allowed
                    .iter()
                    .map(|a| format!("`{}`", a.as_str()))
                    .collect();
                // Prisma's hint where it does not emulate NoAction.
                let hint = match provider.and_then(|p| p.no_action_emulation_missing()) {
                    Some(db)
                        if action == ReferentialAction::NoAction
                            && mode == RelationMode::Prisma =>
                    {
                        format!(
                            ". `NoAction` is not implemented for {db} when using `relationMode = \"prisma\"`, you could try using `Restrict` instead. Learn more at https://pris.ly/d/relation-mode"
                        )
                    }
                    _ => String::new(),
                };
                ctx.validation_error(
                    format!(
                        "Invalid referential action: `{}`. Allowed values: ({}){hint}",
                        action.as_str(),
                        list.join(", ")
                    ),
                    arg_span,
                );
                continue;
            }
            if action == ReferentialAction::SetNull && any_required {
                if provider.is_some_and(|p| p.set_null_on_required_only_warns())
                    && mode == RelationMode::ForeignKeys
                {
                    ctx.warning(
                        format!("The `{arg_name}` referential action of a relation should not be set to `SetNull` when a referenced field is required. We recommend either to choose another referential action, or to make the referenced fields optional. Read more at https://pris.ly/d/postgres-set-null "),
                        field_span,
                    );
                } else {
                    ctx.attribute_error(
                        "relation",
                        format!("The `{arg_name}` referential action of a relation must not be set to `SetNull` when a referenced field is required.\nEither choose another referential action, or make the referenced fields optional.\n"),
                        field_span,
                    );
                }
            }
            if action == ReferentialAction::SetDefault
                && provider.is_some_and(|p| p.set_default_is_unsupported())
                && mode == RelationMode::ForeignKeys
            {
                ctx.warning(
                    "MySQL does not actually support the `SetDefault` referential action, so using it may result in unexpected errors. Read more at https://pris.ly/d/mysql-set-default ",
                    arg_span,
                );
            }
        }
    }
}
