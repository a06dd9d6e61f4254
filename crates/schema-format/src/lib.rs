//! `prisma format`, byte for byte.
//!
//! Formatting happens in two steps, as in Prisma:
//! 1. **Completion** (only when the schema's names, types and attributes resolve without
//!    errors, as the `schema` crate reports): the relation fields and `@relation(fields,
//!    references)` arguments that Prisma adds are inserted into the source text, from the
//!    relations the `schema` crate resolved.
//! 2. **Layout**: the text is re-parsed into its concrete syntax tree and written out with
//!    Prisma's layout (two-space indent, aligned columns, attribute order, one blank line
//!    between blocks, block attributes last). Lines that do not parse are kept as written.
//!
//! The formatter never changes a schema's meaning, never drops a comment, and is idempotent.
//! It does no I/O.
#![deny(missing_docs)]

mod complete;
mod layout;
mod table;

use diagnostics::SourceFiles;

/// Indentation Prisma uses.
const INDENT_WIDTH: usize = 2;

/// Formats every file of a schema; the result has one text per input file, in order.
pub fn format(files: &SourceFiles) -> Vec<String> {
    let completed = complete::complete(files);
    files
        .iter()
        .zip(completed)
        .map(|((_, file), completed)| {
            let text = completed.as_deref().unwrap_or(&file.text);
            layout::layout(text, INDENT_WIDTH)
        })
        .collect()
}

/// Formats a single-file schema.
pub fn format_text(text: &str) -> String {
    let files = SourceFiles::single("schema.prisma", text);
    format(&files).pop().unwrap_or_default()
}

/// Text that `format` inserts (a missing relation field, `@relation` arguments or the scalar
/// fields they name), before the layout step: editors offer it as a quick fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationInsertion {
    /// The file it goes into.
    pub file: diagnostics::FileId,
    /// The byte offset it is inserted at.
    pub offset: usize,
    /// The text inserted, line break included.
    pub text: String,
}

/// Every insertion `format` would make to complete the schema's relations, in file and source
/// order; empty when nothing is missing or the schema does not read without errors.
pub fn missing_relation_bits(files: &SourceFiles) -> Vec<RelationInsertion> {
    let mut bits: Vec<RelationInsertion> = complete::missing(files)
        .into_iter()
        .flat_map(|(file, list)| {
            list.into_iter().map(move |b| RelationInsertion {
                file,
                offset: b.position,
                text: b.content,
            })
        })
        .collect();
    bits.sort_by_key(|b| (b.file, b.offset));
    bits
}
