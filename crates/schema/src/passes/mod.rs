//! The validation passes, run in order: configuration blocks ([`config`]), names
//! ([`names`]), types ([`types`]), attributes ([`attributes`]), relations ([`relations`]),
//! provider rules ([`provider_rules`]). Like Prisma, validation stops after names and after
//! types when they found errors: later passes would only report consequences.

mod arguments;
mod attributes;
mod config;
mod names;
mod provider_rules;
mod relations;
mod types;

use diagnostics::{Diagnostic, Diagnostics, SourceFiles, Span};
use schema_syntax::ast;

use crate::ValidatedSchema;

// The validation context lives in `crate::context` (the dialect modules use it too); the
// passes name it from here.
pub(crate) use crate::context::{
    CLEAN_ONLY, Ctx, Deferred, MODEL_AUTOINCREMENT, MODEL_INDEXES, MODEL_OWN,
    MODEL_RELATION_FIELDS, MODEL_SCALAR_FIELDS, ORDER_START, OrderKey, PHASE_COMPOSITE_TYPES,
    PHASE_DATABASE_NAMES, PHASE_DEFAULT_FUNCTIONS, PHASE_ENUMS, PHASE_MODELS, PHASE_RELATIONS,
    PHASE_SCHEMAS, TopId,
};

/// Parses every file and runs the passes.
pub(crate) fn run(files: &SourceFiles) -> (ValidatedSchema, Diagnostics) {
    let (schema, diagnostics, _) = run_keeping_syntax(files);
    (schema, diagnostics)
}

/// [`run`], also returning the syntax tree of each file.
pub(crate) fn run_keeping_syntax(
    files: &SourceFiles,
) -> (ValidatedSchema, Diagnostics, Vec<ast::SchemaAst>) {
    let mut diagnostics = Diagnostics::new();
    let mut asts = Vec::with_capacity(files.len());
    for (id, file) in files.iter() {
        let (ast, parse_diagnostics) = schema_syntax::parse(id, &file.text);
        for mut d in parse_diagnostics.iter().cloned() {
            // Prisma reports its catch-all syntax errors as validation errors.
            if d.message.starts_with("This line is") || d.message.starts_with("This block is") {
                d.message = format!("Error validating: {}", d.message);
            }
            // Prisma's span of an invalid field declaration takes the line break after it.
            if d.message
                .ends_with("It is either missing a name or a type.")
            {
                let text = &file.text;
                let bytes = text.as_bytes();
                let mut end = d.span.end as usize;
                while end < bytes.len() && bytes[end] != b'\n' {
                    end += 1;
                }
                if end < bytes.len() {
                    end += 1;
                }
                d.span = Span::new(d.span.file, d.span.start as usize, end);
            }
            diagnostics.push(d);
        }
        asts.push(ast);
    }
    let (schema, diagnostics) = check(files, &asts, diagnostics);
    (schema, diagnostics, asts)
}

/// The passes over the parsed files; `diagnostics` holds the parser's.
fn check(
    files: &SourceFiles,
    asts: &[ast::SchemaAst],
    diagnostics: Diagnostics,
) -> (ValidatedSchema, Diagnostics) {
    // Prisma's parser rejects keys inside composite types; report it with the syntax errors,
    // in source order.
    let mut syntax: Vec<Diagnostic> = diagnostics.iter().cloned().collect();
    for ast in asts {
        for top in &ast.tops {
            if let ast::Top::CompositeType(c) = top {
                for a in c.attributes() {
                    if matches!(a.name.name.as_str(), "unique" | "index" | "id") {
                        syntax.push(Diagnostic::error(
                            "Error validating: A unique constraint should be defined in the model containing the embed.",
                            a.span,
                        ));
                    }
                }
            }
        }
    }
    syntax.sort_by_key(|d| (d.span.file, d.span.start));
    let mut diagnostics = Diagnostics::new();
    for d in syntax {
        diagnostics.push(d);
    }
    let mut ctx = Ctx::new(files, asts);
    // The configuration is read first (attributes depend on it), but Prisma reports its
    // problems after those of names, types and attributes.
    config::run(&mut ctx);
    let config_diagnostics = std::mem::replace(&mut ctx.diagnostics, diagnostics);
    if ctx.unsupported_provider {
        // One clear error at the provider is all that is reported, but names, types,
        // attributes and relations still resolve (the formatter completes relations on such
        // schemas too); what they find is not reported.
        let kept = std::mem::take(&mut ctx.diagnostics);
        names::run(&mut ctx);
        types::run(&mut ctx);
        attributes::run(&mut ctx);
        ctx.schema.resolves = !kept.has_errors() && resolves(&ctx);
        ctx.order = Some(ORDER_START);
        relations::run(&mut ctx);
        ctx.order = None;
        ctx.diagnostics = kept;
        ctx.diagnostics.extend(config_diagnostics);
        // One clear error at the provider; the rest would be noise about a database
        // Refract does not model yet.
        let Ctx {
            schema,
            diagnostics,
            ..
        } = ctx;
        return (schema, diagnostics);
    }
    for d in std::mem::take(&mut ctx.config_name_diagnostics) {
        ctx.diagnostics.push(d);
    }
    // Names, types and attributes always run (each skips what an earlier one could not
    // resolve), as in Prisma; the rules on the whole schema run only when they all succeeded.
    names::run(&mut ctx);
    types::run(&mut ctx);
    attributes::run(&mut ctx);
    ctx.schema.resolves = resolves(&ctx);
    ctx.diagnostics.extend(config_diagnostics);
    let attributes_valid = !ctx.has_errors();
    // From here on every diagnostic carries the position of its check in Prisma's
    // validation order (see `OrderKey`); they are sorted once all checks ran.
    ctx.order = Some(ORDER_START);
    relations::run(&mut ctx);
    if attributes_valid {
        for (field, kind, d) in std::mem::take(&mut ctx.deferred) {
            let key = match kind {
                Deferred::UnknownFunction => (PHASE_DEFAULT_FUNCTIONS, field.0, 0, 0, 0),
                Deferred::DefaultValue => {
                    let model = ctx.schema.fields[field.index()].model;
                    (PHASE_MODELS, model.0, MODEL_SCALAR_FIELDS, field.0, 2)
                }
            };
            ctx.ordered.push((key, d));
        }
        provider_rules::run(&mut ctx);
        let mut ordered = std::mem::take(&mut ctx.ordered);
        // A stable sort keeps the order of checks that share a position.
        ordered.sort_by_key(|(key, _)| *key);
        for (key, d) in ordered {
            // Prisma stops validating at the first ambiguous relation.
            if ctx.stop_after.is_some_and(|stop| key > stop) {
                break;
            }
            if key.0 == PHASE_RELATIONS && key.4 == CLEAN_ONLY && ctx.has_errors() {
                continue;
            }
            ctx.diagnostics.push(d);
        }
    }
    ctx.order = None;
    let Ctx {
        schema,
        diagnostics,
        ..
    } = ctx;
    (schema, diagnostics)
}

/// Whether names, types and attributes resolved without errors, counting a default value
/// that does not fit its field (reported later, with validation) as an error of this stage, as
/// Prisma's attribute resolution does; an unknown function in `@default` is not.
fn resolves(ctx: &Ctx<'_>) -> bool {
    !ctx.has_errors()
        && !ctx
            .deferred
            .iter()
            .any(|(_, kind, _)| *kind == Deferred::DefaultValue)
}
