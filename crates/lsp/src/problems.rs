//! The validator's diagnostics in the protocol's terms, per file, with the hints Prisma's
//! language server adds on ignored models and fields.

use diagnostics::Severity;
use lsp_types::{Diagnostic, DiagnosticSeverity, DiagnosticTag, PublishDiagnosticsParams};
use schema_syntax::ast::Top;

use crate::docs;
use crate::world::Analysis;

/// The diagnostics of every file of a schema, as `refract validate` reports them, and the
/// hints Prisma's language server adds on ignored models and fields.
pub(crate) fn diagnostics(analysis: &Analysis) -> Vec<PublishDiagnosticsParams> {
    let mut by_file: Vec<Vec<Diagnostic>> = vec![Vec::new(); analysis.uris.len()];
    for d in analysis.diagnostics.iter() {
        by_file[d.span.file.0 as usize].push(to_protocol(analysis, d));
    }
    for (file, list) in by_file.iter_mut().enumerate() {
        ignored_hints(analysis, file, list);
    }
    analysis
        .uris
        .iter()
        .zip(by_file)
        .map(|(uri, diagnostics)| PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: None,
        })
        .collect()
}

/// One of the validator's diagnostics as the protocol's.
fn to_protocol(analysis: &Analysis, d: &diagnostics::Diagnostic) -> Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
    };
    Diagnostic {
        range: analysis.range(d.span),
        severity: Some(severity),
        source: Some("refract".to_string()),
        message: d.message.clone(),
        ..Default::default()
    }
}

/// Some of the validator's diagnostics as the protocol's (a code action lists what it fixes).
pub(crate) fn diagnostics_of(
    analysis: &Analysis,
    list: &[&diagnostics::Diagnostic],
) -> Vec<Diagnostic> {
    list.iter().map(|d| to_protocol(analysis, d)).collect()
}

/// Greyed-out hints on `@@ignore`d models and `@ignore`d fields (as Prisma's server shows).
fn ignored_hints(analysis: &Analysis, file: usize, out: &mut Vec<Diagnostic>) {
    let hint = |range, message: &str| Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::HINT),
        tags: Some(vec![DiagnosticTag::UNNECESSARY]),
        source: Some("refract".to_string()),
        message: message.to_string(),
        ..Default::default()
    };
    for top in &analysis.asts[file].tops {
        let Top::Model(model) = top else { continue };
        if model.attributes().any(|a| a.name.name == "ignore") {
            out.push(hint(analysis.range(model.span), docs::IGNORED_MODEL));
        }
        for field in model.fields() {
            if field.attributes.iter().any(|a| a.name.name == "ignore") {
                out.push(hint(analysis.range(field.span), docs::IGNORED_FIELD));
            }
        }
    }
}
