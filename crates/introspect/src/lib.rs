//! SQL schema → Prisma schema: what `prisma db pull` writes for an introspected database.
//!
//! [`pull`] takes the [`SqlSchema`] that `migrate`'s introspection read from a live database
//! and, optionally, the schema the project already has, and returns the Prisma schema text,
//! formatted by `schema-format` exactly as Prisma writes it, plus Prisma's warnings.
//!
//! # Module map
//!
//! - [`dialect`]: per database, the Prisma type of a column and its `@db.*` attribute.
//! - [`names`]: Prisma's sanitisation of names that are not identifiers, reserved names.
//! - `relations`: Prisma many-to-many join tables, relation names and relation field names
//!   (ambiguity, self-relations), as Prisma infers them.
//! - `previous`: re-introspection: what an existing schema says about a table, a column, a
//!   relation or an enum (names, `@map`s, docs, Prisma-level defaults, `@updatedAt`).
//! - [`describe`]: what the neutral SQL schema does not hold: views, Prisma's index order,
//!   tables with expression indexes or deferrable constraints.
//! - [`warnings`]: Prisma's warning groups and texts.
//! - `literal`: Prisma string literals (`"…"` with escapes), for the renderer and the
//!   dialects' `raw("…")` operator classes.
//! - `render`: the model, view and enum text before formatting (`render/relation_fields.rs`:
//!   both sides of every relation; `render/values.rs`: defaults and literals).
//!
//! - [`pull_database`]: the whole `db pull` on an open database (describe, then [`pull`]), the
//!   one path the CLI and the conformance harness run.
//!
//! Only [`describe`] and [`pull_database`] read the database (through `migrate`'s describer
//! and `driver`); the rest does no I/O.
#![deny(missing_docs)]

mod database;
pub mod describe;
pub mod dialect;
mod extensions;
pub mod files;
mod literal;
pub mod names;
mod previous;
mod relations;
mod render;
pub mod warnings;

use diagnostics::SourceFiles;
use schema::{Provider, ValidatedSchema};
use sql_schema::SqlSchema;

pub use database::{PullDatabaseError, PullOutcome, PullRequest, pull_database};
pub use describe::{Extras, View, describe_extras};
pub use dialect::{PullDialect, for_provider};
pub use extensions::pulls_extensions;
pub use warnings::Warnings;

/// What [`pull`] starts from.
pub struct PullInput<'a> {
    /// The introspected database.
    pub database: &'a SqlSchema,
    /// The datasource's provider.
    pub provider: Provider,
    /// The `generator` and `datasource` blocks to keep, as text (see [`config_blocks`]).
    pub config: String,
    /// The project's schema for re-introspection, or `None` (`--force`, or a schema with only
    /// the configuration blocks).
    pub previous: Option<&'a ValidatedSchema>,
    /// What the SQL schema does not hold (views, index order, …), from [`describe_extras`].
    pub extras: &'a Extras,
    /// Whether views are written (the `views` preview feature is on).
    pub views: bool,
}

/// Whether the schema pulled into enables the `partialIndexes` preview feature: the existing
/// schema says so, or (with `--force`, or a schema of configuration blocks only) the generator
/// blocks kept.
fn partial_indexes_enabled(input: &PullInput<'_>) -> bool {
    input
        .previous
        .is_some_and(|p| p.preview_features().any(|f| f == "partialIndexes"))
        || input.config.contains("\"partialIndexes\"")
}

/// Whether check constraints are written as `@@check` (Refract's attribute, which Prisma 7
/// does not know): when the existing schema already declares one, or has a Refract generator
/// (`provider = "refract"`). Otherwise they stay a warning and a note, as Prisma writes them.
fn checks_enabled(input: &PullInput<'_>) -> bool {
    input
        .previous
        .is_some_and(|p| p.models().any(|m| !m.get().checks.is_empty()))
        || input
            .config
            .lines()
            .any(|l| l.trim_start().starts_with("provider") && l.contains("\"refract\""))
}

/// The pulled schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pulled {
    /// The schema text, formatted, ending with a newline (what the schema file receives).
    pub schema: String,
    /// Prisma's warnings (print them when not [`Warnings::is_empty`]).
    pub warnings: Warnings,
    /// The number of models written (views and enums not counted).
    pub model_count: usize,
}

/// Why a database cannot be pulled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PullError {
    /// The database holds nothing to write (Prisma's P4001).
    #[error(
        "The introspected database was empty:\n\nrefract db pull could not create any models in your schema file and you will not be able to generate a client from it.\n\nTo fix this, you have two options:\n\n- manually create a table in your database.\n- make sure the database connection URL inside the datasource block points to a database that is not empty (it must contain at least one table).\n\nThen you can run refract db pull again."
    )]
    EmptyDatabase,
    /// The introspected schema refers to things it does not contain.
    #[error("the introspected database schema is inconsistent: {0}")]
    Inconsistent(String),
}

impl PullError {
    /// Prisma's error code, when it has one.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            PullError::EmptyDatabase => Some("P4001"),
            _ => None,
        }
    }
}

/// The `generator` and `datasource` blocks of the schema's files, as `db pull` writes them:
/// file by file, the file's `generator` blocks (in source order) and then its `datasource`,
/// separated by blank lines. Prisma re-renders the configuration in that order whatever the
/// order in the schema (its renderer writes generators before datasources), so a schema that
/// starts with its datasource comes back with the generators first.
pub fn config_blocks(files: &SourceFiles, schema: &ValidatedSchema) -> String {
    config_blocks_with(files, schema, &[])
}

/// [`config_blocks`] for a pulled database: with `postgresqlExtensions` enabled, the
/// datasource's `extensions` become the database's, as Prisma renders them
/// ([`pulls_extensions`]; `database.extensions` must then hold what the database has).
///
/// With `schemas` (`db pull --schemas a,b`), the datasource's `schemas` become those, as
/// Prisma renders the namespaces it was told to introspect.
pub fn config_blocks_pulled(
    files: &SourceFiles,
    schema: &ValidatedSchema,
    database: &SqlSchema,
    schemas: Option<&[String]>,
) -> String {
    let mut overrides = Vec::new();
    if let (Some(ds), true) = (&schema.datasource, pulls_extensions(schema)) {
        overrides.push(("extensions", extensions::property(ds, &database.extensions)));
    }
    if let Some(schemas) = schemas {
        let quoted: Vec<String> = schemas
            .iter()
            .map(|s| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")))
            .collect();
        overrides.push(("schemas", Some(format!("[{}]", quoted.join(", ")))));
    }
    config_blocks_with(files, schema, &overrides)
}

/// A datasource property to set (`Some(value)`) or remove (`None`).
type Override = (&'static str, Option<String>);

fn config_blocks_with(
    files: &SourceFiles,
    schema: &ValidatedSchema,
    overrides: &[Override],
) -> String {
    // (file, datasource after the generators, block)
    let mut spans: Vec<(diagnostics::FileId, bool, diagnostics::Span)> = schema
        .generators
        .iter()
        .map(|g| (g.span.file, false, g.span))
        .chain(
            schema
                .datasource
                .iter()
                .map(|d| (d.span.file, true, d.span)),
        )
        .collect();
    spans.sort_by_key(|&(file, is_datasource, span)| (file, is_datasource, span.start));
    spans
        .into_iter()
        .filter_map(|(_, is_datasource, s)| {
            files
                .get(s.file)
                .text
                .get(s.range())
                .map(|block| (is_datasource, block))
        })
        .map(|(is_datasource, block)| {
            let overrides = if is_datasource { overrides } else { &[] };
            rerender_config_block(block, is_datasource, overrides)
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A configuration block as Prisma re-renders it from its properties: comments (whole lines
/// and after a property) and blank lines go, and the properties come in Prisma's order: for
/// a generator `provider`, `output`, `previewFeatures`, `binaryTargets`, then the others
/// sorted by name; for a datasource `provider`, `url`, `directUrl`, `shadowDatabaseUrl`,
/// `relationMode`, the others, then `schemas`.
/// Each of `overrides` sets or removes a property.
fn rerender_config_block(block: &str, is_datasource: bool, overrides: &[Override]) -> String {
    let (Some(open), Some(close)) = (block.find('{'), block.rfind('}')) else {
        return block.to_owned();
    };
    if close < open {
        return block.to_owned();
    }
    // (key, lines): a property and the lines its value continues on.
    let mut properties: Vec<(String, Vec<String>)> = Vec::new();
    for line in block[open + 1..close].lines() {
        let line = without_comment(line);
        if line.trim().is_empty() {
            continue;
        }
        let key: String = line
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let starts_property =
            !key.is_empty() && line.trim_start()[key.len()..].trim_start().starts_with('=');
        match properties.last_mut() {
            Some((_, lines)) if !starts_property => lines.push(line.to_owned()),
            _ => properties.push((key, vec![line.to_owned()])),
        }
    }
    for (key, replacement) in overrides {
        let at = properties.iter().position(|(k, _)| k == key);
        let line = replacement.as_ref().map(|v| format!("  {key} = {v}"));
        match (at, line) {
            (Some(i), Some(line)) => properties[i].1 = vec![line],
            (Some(i), None) => {
                properties.remove(i);
            }
            (None, Some(line)) => properties.push(((*key).to_owned(), vec![line])),
            (None, None) => {}
        }
    }
    let rank = |key: &str| -> usize {
        let order: &[&str] = if is_datasource {
            &[
                "provider",
                "url",
                "directUrl",
                "shadowDatabaseUrl",
                "relationMode",
            ]
        } else {
            &["provider", "output", "previewFeatures", "binaryTargets"]
        };
        match order.iter().position(|k| *k == key) {
            Some(p) => p,
            None if is_datasource && key == "schemas" => order.len() + 1,
            None => order.len(),
        }
    };
    if is_datasource {
        properties.sort_by_key(|(k, _)| rank(k));
    } else {
        // The others sorted by name (Prisma's renderer sorts a generator's own settings).
        properties.sort_by(|(a, _), (b, _)| {
            let (ra, rb) = (rank(a), rank(b));
            ra.cmp(&rb).then_with(|| {
                if ra == 4 {
                    a.cmp(b)
                } else {
                    std::cmp::Ordering::Equal
                }
            })
        });
    }
    let header = without_comment(block[..=open].trim_end());
    let mut out = header.trim_end().to_owned();
    for (_, lines) in &properties {
        for line in lines {
            out.push('\n');
            out.push_str(line.trim_end());
        }
    }
    out.push_str("\n}");
    out
}

/// `line` without a `//` comment outside string literals.
fn without_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            return line[..i].trim_end();
        }
    }
    line
}

/// Turns the database into a Prisma schema, as `db pull` writes it.
pub fn pull(input: &PullInput<'_>) -> Result<Pulled, PullError> {
    let dialect = for_provider(input.provider);
    input
        .database
        .check()
        .map_err(|e| PullError::Inconsistent(e.0))?;
    // Enums only views have (MySQL's inline view enums) join the database's when views are
    // written.
    let with_view_enums;
    let widened;
    let input = if input.views && !input.extras.view_enums.is_empty() {
        let mut database = input.database.clone();
        for e in &input.extras.view_enums {
            database.push_enum(e.clone());
        }
        with_view_enums = database;
        widened = PullInput {
            database: &with_view_enums,
            provider: input.provider,
            config: input.config.clone(),
            previous: input.previous,
            extras: input.extras,
            views: input.views,
        };
        &widened
    } else {
        input
    };
    // Partial indexes are written (`where: raw("…")`) only when the schema enables Prisma's
    // `partialIndexes` preview feature; otherwise they are left out, as before Prisma 7.4.
    let without_partial;
    let narrowed;
    let (partial, checks) = (partial_indexes_enabled(input), checks_enabled(input));
    let input = if partial && checks {
        input
    } else {
        let mut database = input.database.clone();
        for table in &mut database.tables {
            if !partial {
                table.indexes.retain(|i| i.predicate.is_none());
            }
            if !checks {
                table.checks.clear();
            }
        }
        without_partial = database;
        narrowed = PullInput {
            database: &without_partial,
            provider: input.provider,
            config: input.config.clone(),
            previous: input.previous,
            extras: input.extras,
            views: input.views,
        };
        &narrowed
    };
    let ctx = render::Context::new(input, dialect);
    if ctx.model_count() == 0 && input.database.enums.is_empty() {
        return Err(PullError::EmptyDatabase);
    }
    let (text, warnings) = ctx.render(&input.config);
    let schema = schema_format::format_text(&text);
    Ok(Pulled {
        schema,
        warnings,
        model_count: ctx.model_count(),
    })
}
