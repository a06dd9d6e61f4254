//! Code actions: add the relation fields `format` would add, add an index on a relation's
//! scalar fields, and replace a misspelt name by the closest known one.

use std::collections::HashMap;

use diagnostics::{Diagnostic, FileId, Span};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, Uri, WorkspaceEdit,
};
use schema_syntax::ast::{Expression, Model, Top};

use crate::symbols::{self, TypeKind};
use crate::world::Analysis;
use crate::{docs, handlers};

/// The code actions for a range of a document.
pub(crate) fn code_actions(analysis: &Analysis, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let Some(file) = analysis.file_of(&p.text_document.uri) else {
        return Vec::new();
    };
    let start = analysis.offset(file, p.range.start);
    let end = analysis.offset(file, p.range.end);
    let overlaps =
        |span: Span| span.file == file && span.start as usize <= end && start <= span.end as usize;
    let here: Vec<&Diagnostic> = analysis
        .diagnostics
        .iter()
        .filter(|d| overlaps(d.span))
        .collect();
    let mut out = Vec::new();
    if here
        .iter()
        .any(|d| d.message.contains("missing an opposite relation field"))
    {
        missing_relation_fields(analysis, &here, &mut out);
    }
    for d in &here {
        misspelt(analysis, file, d, &mut out);
    }
    index_on_foreign_key(analysis, file, start, end, &mut out);
    out
}

fn action(
    title: String,
    edits: HashMap<Uri, Vec<TextEdit>>,
    analysis: &Analysis,
    diagnostics: &[&Diagnostic],
    preferred: bool,
) -> CodeActionOrCommand {
    let diagnostics = handlers::diagnostics_of(analysis, diagnostics);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
        edit: Some(WorkspaceEdit {
            changes: Some(edits),
            ..Default::default()
        }),
        is_preferred: Some(preferred),
        ..Default::default()
    })
}

fn edit_at(analysis: &Analysis, span: Span, text: String) -> (Uri, TextEdit) {
    (
        analysis.uris[span.file.0 as usize].clone(),
        TextEdit::new(analysis.range(span), text),
    )
}

/// The relation fields and arguments `refract format` inserts, as one edit.
fn missing_relation_fields(
    analysis: &Analysis,
    here: &[&Diagnostic],
    out: &mut Vec<CodeActionOrCommand>,
) {
    let bits = schema_format::missing_relation_bits(&analysis.files);
    if bits.is_empty() {
        return;
    }
    let mut edits: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for bit in bits {
        // Punctuation alone is for the layout step to tidy up.
        if bit.text.trim_matches([',', ' ', '\n']).is_empty() {
            continue;
        }
        // A new line is indented as the layout would, without trailing spaces.
        let text = analysis.text(bit.file);
        let at_line_start = bit.offset == 0 || text[..bit.offset].ends_with('\n');
        let mut insert = bit.text.replace(" \n", "\n");
        if at_line_start && !insert.starts_with(char::is_whitespace) {
            insert.insert_str(0, "  ");
        }
        let (uri, edit) = edit_at(
            analysis,
            Span::new(bit.file, bit.offset, bit.offset),
            insert,
        );
        edits.entry(uri).or_default().push(edit);
    }
    let related: Vec<&Diagnostic> = here
        .iter()
        .copied()
        .filter(|d| d.message.contains("missing an opposite relation field"))
        .collect();
    out.push(action(
        "Add the missing relation fields (as `refract format` does)".to_string(),
        edits,
        analysis,
        &related,
        true,
    ));
}

/// Edit distance between two names (case differences count half as much, rounded up).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = if ca == cb {
                0
            } else if ca.eq_ignore_ascii_case(cb) {
                1
            } else {
                2
            };
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 2)
                .min(current[j] + 2);
        }
        previous = current;
    }
    previous[b.len()].div_ceil(2)
}

/// The known name closest to `name`, when it is close enough to be a typo.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

fn misspelt(analysis: &Analysis, file: FileId, d: &Diagnostic, out: &mut Vec<CodeActionOrCommand>) {
    let written = analysis.files.slice(d.span);
    let mut fix = |span: Span, wrong: &str, right: &str, replacement: String| {
        let (uri, edit) = edit_at(analysis, span, replacement);
        out.push(action(
            format!("Change `{wrong}` to `{right}`"),
            HashMap::from([(uri, vec![edit])]),
            analysis,
            &[d],
            true,
        ));
    };
    if d.message.contains("is neither a built-in type") {
        let types = symbols::declared_types(analysis);
        let candidates = docs::SCALARS
            .iter()
            .map(|(s, _)| *s)
            .chain(types.iter().map(|(n, _, _)| *n));
        if let Some(right) = closest(written, candidates) {
            fix(d.span, written, right, right.to_string());
        }
    } else if d.message.starts_with("Attribute not known") {
        let block = analysis.text(file)[..d.span.start as usize].ends_with("@@");
        let list = if block {
            docs::BLOCK_ATTRIBUTES
        } else {
            docs::FIELD_ATTRIBUTES
        };
        if let Some(right) = closest(written, list.iter().map(|(n, _, _)| *n)) {
            fix(d.span, written, right, right.to_string());
        }
    } else if d.message.starts_with("The preview feature") {
        let bare = written.trim_matches('"');
        if let Some(right) = closest(bare, schema::preview_features::ACTIVE.iter().copied()) {
            fix(d.span, bare, right, format!("\"{right}\""));
        }
    } else if d.message.contains("is not a valid value of the enum") {
        // `@default(USR)` on a field of an enum with a value `USER`.
        let Some(wrong) = d.message.split('`').nth(1) else {
            return;
        };
        let Some(field) = model_at(analysis, d.span).and_then(|m| {
            m.fields()
                .find(|f| f.span.start <= d.span.start && d.span.end <= f.span.end)
        }) else {
            return;
        };
        let schema_syntax::ast::FieldType::Named(ty) = &field.field_type else {
            return;
        };
        let values: Vec<&str> = analysis
            .asts
            .iter()
            .flat_map(|ast| &ast.tops)
            .find_map(|t| match t {
                Top::Enum(e) if e.name.name == ty.name => {
                    Some(e.values().map(|v| v.name.name.as_str()).collect())
                }
                _ => None,
            })
            .unwrap_or_default();
        let text = analysis.files.slice(d.span);
        if let (Some(right), Some(i)) = (closest(wrong, values), text.rfind(wrong)) {
            let start = d.span.start as usize + i;
            fix(
                Span::new(file, start, start + wrong.len()),
                wrong,
                right,
                right.to_string(),
            );
        }
    } else if d.message.contains("do not exist in") {
        // The names are listed after the last colon; the related model is named in backticks.
        let missing = d.message.rsplit(": ").next().unwrap_or("");
        let Some(owner) = model_at(analysis, d.span) else {
            return;
        };
        let target = match d.message.split('`').nth(3) {
            Some(related) if d.message.contains("related model") => related.to_string(),
            _ => owner.name.name.clone(),
        };
        let fields = symbols::fields_of(analysis, &target);
        for wrong in missing.split(", ") {
            let Some(right) = closest(wrong, fields.iter().map(|f| f.name.name.as_str())) else {
                continue;
            };
            // Each place the wrong name is written inside the attribute.
            let text = analysis.files.slice(d.span);
            for (i, _) in text.match_indices(wrong) {
                let before = text[..i].chars().last();
                let after = text[i + wrong.len()..].chars().next();
                let word =
                    |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
                if !word(before) && !word(after) {
                    let start = d.span.start as usize + i;
                    fix(
                        Span::new(file, start, start + wrong.len()),
                        wrong,
                        right,
                        right.to_string(),
                    );
                }
            }
        }
    }
}

/// The model whose block contains `span`.
fn model_at(analysis: &Analysis, span: Span) -> Option<&Model> {
    analysis.ast(span.file).tops.iter().find_map(|t| match t {
        Top::Model(m) if m.span.start <= span.start && span.end <= m.span.end => Some(m),
        _ => None,
    })
}

/// `@@index([…])` on the scalar fields of a relation field under the cursor, unless an id,
/// unique constraint or index already starts with them.
fn index_on_foreign_key(
    analysis: &Analysis,
    file: FileId,
    start: usize,
    end: usize,
    out: &mut Vec<CodeActionOrCommand>,
) {
    let Some(model) = model_at(analysis, Span::new(file, start, end)) else {
        return;
    };
    for field in model.fields() {
        if !(field.span.start as usize <= end && start <= field.span.end as usize) {
            continue;
        }
        let scalars: Vec<String> = field
            .attributes
            .iter()
            .filter(|a| a.name.name == "relation")
            .flat_map(|a| &a.arguments.arguments)
            .filter(|a| a.name.as_ref().is_some_and(|n| n.name == "fields"))
            .flat_map(|a| match &a.value {
                Expression::Array(items, _) => items
                    .iter()
                    .filter_map(|e| match e {
                        Expression::Constant(n, _) => Some(n.clone()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        if scalars.is_empty() || covered(model, &scalars) {
            continue;
        }
        if !matches!(&field.field_type, schema_syntax::ast::FieldType::Named(id)
            if matches!(symbols::type_kind(analysis, &id.name), Some(TypeKind::Model | TypeKind::View)))
        {
            continue;
        }
        // Before the closing brace, on a line of its own.
        let text = analysis.text(file);
        let close = (model.span.end as usize).saturating_sub(1);
        let line_start = text[..close].rfind('\n').map_or(close, |i| i + 1);
        let list = scalars.join(", ");
        let (uri, edit) = edit_at(
            analysis,
            Span::new(file, line_start, line_start),
            format!("  @@index([{list}])\n"),
        );
        out.push(action(
            format!("Add an index on the foreign key `{list}`"),
            HashMap::from([(uri, vec![edit])]),
            analysis,
            &[],
            false,
        ));
    }
}

/// Whether the model's id, a unique constraint or an index starts with `fields`.
fn covered(model: &Model, fields: &[String]) -> bool {
    let starts_with =
        |list: &[String]| list.len() >= fields.len() && list[..fields.len()] == *fields;
    if fields.len() == 1
        && model.fields().any(|f| {
            f.name.name == fields[0]
                && f.attributes
                    .iter()
                    .any(|a| matches!(a.name.name.as_str(), "id" | "unique"))
        })
    {
        return true;
    }
    model.attributes().any(|a| {
        matches!(a.name.name.as_str(), "id" | "unique" | "index")
            && a.arguments.arguments.iter().any(|arg| {
                (arg.name.is_none() || arg.name.as_ref().is_some_and(|n| n.name == "fields"))
                    && match &arg.value {
                        Expression::Array(items, _) => {
                            let names: Vec<String> = items
                                .iter()
                                .filter_map(|e| match e {
                                    Expression::Constant(n, _) | Expression::Function(n, _, _) => {
                                        Some(n.clone())
                                    }
                                    _ => None,
                                })
                                .collect();
                            starts_with(&names)
                        }
                        _ => false,
                    }
            })
    })
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn the_closest_name_is_a_likely_typo_only() {
        let names = ["User", "Post", "String", "DateTime"];
        assert_eq!(closest("Usr", names), Some("User"));
        assert_eq!(closest("string", names), Some("String"));
        assert_eq!(closest("Datetime", names), Some("DateTime"));
        assert_eq!(closest("Comment", names), None);
        assert_eq!(closest("User", names), None, "the name itself is not a fix");
    }
}
