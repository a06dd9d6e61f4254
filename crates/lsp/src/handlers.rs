//! One function per request and notification: decode the parameters, ask the analysis,
//! encode the answer.

use std::collections::HashMap;

use diagnostics::{Severity, Span};
use lsp_server::{ErrorCode, Notification, Request};
use lsp_types::{
    Diagnostic, DiagnosticSeverity, DiagnosticTag, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentSymbol, DocumentSymbolParams, GotoDefinitionParams, Hover, HoverContents, HoverParams,
    Location, MarkupContent, MarkupKind, MessageType, Position, PrepareRenameResponse,
    PublishDiagnosticsParams, ReferenceParams, RenameParams, SymbolKind,
    TextDocumentPositionParams, TextEdit, Uri, WorkspaceEdit,
};
use schema_syntax::ast::{BlockItem, Top};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::symbols::{self, Symbol, TypeKind};
use crate::text::LineIndex;
use crate::world::Analysis;
use crate::{Error, Server, actions, complete, docs};

/// A failed request: the protocol's error code and a message for the user.
pub(crate) type Failure = (i32, String);

fn params<P: DeserializeOwned>(value: Value) -> Result<P, Failure> {
    serde_json::from_value(value).map_err(|e| {
        (
            ErrorCode::InvalidParams as i32,
            format!("invalid parameters: {e}"),
        )
    })
}

fn encode(value: impl serde::Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError as i32, e.to_string()))
}

/// Answers one request.
pub(crate) fn request(server: &mut Server<'_>, request: Request) -> Result<Value, Failure> {
    let p = request.params;
    match request.method.as_str() {
        "textDocument/completion" => {
            let p: lsp_types::CompletionParams = params(p)?;
            let at = &p.text_document_position;
            let analysis = server.world.analysis(&at.text_document.uri);
            encode(complete::completion(
                &analysis,
                &at.text_document.uri,
                at.position,
            ))
        }
        "textDocument/hover" => {
            let p: HoverParams = params(p)?;
            let at = &p.text_document_position_params;
            let analysis = server.world.analysis(&at.text_document.uri);
            encode(hover(&analysis, &at.text_document.uri, at.position))
        }
        "textDocument/definition" => {
            let p: GotoDefinitionParams = params(p)?;
            let at = &p.text_document_position_params;
            let analysis = server.world.analysis(&at.text_document.uri);
            let found = occurrences_at(&analysis, at)
                .into_iter()
                .find(|o| o.is_declaration)
                .map(|o| analysis.location(o.span));
            encode(found)
        }
        "textDocument/references" => {
            let p: ReferenceParams = params(p)?;
            let at = &p.text_document_position;
            let analysis = server.world.analysis(&at.text_document.uri);
            let found: Vec<Location> = occurrences_at(&analysis, at)
                .into_iter()
                .filter(|o| p.context.include_declaration || !o.is_declaration)
                .map(|o| analysis.location(o.span))
                .collect();
            encode(found)
        }
        "textDocument/prepareRename" => {
            let p: TextDocumentPositionParams = params(p)?;
            let analysis = server.world.analysis(&p.text_document.uri);
            let Some(file) = analysis.file_of(&p.text_document.uri) else {
                return encode(Value::Null);
            };
            let offset = analysis.offset(file, p.position);
            let found = symbols::symbol_at(&analysis, file, offset)
                .map(|o| PrepareRenameResponse::Range(analysis.range(o.span)));
            encode(found)
        }
        "textDocument/rename" => {
            let p: RenameParams = params(p)?;
            let analysis = server
                .world
                .analysis(&p.text_document_position.text_document.uri);
            let (edit, note) = rename(&analysis, &p)?;
            if let Some(note) = note {
                server
                    .show_message(MessageType::INFO, note)
                    .map_err(|_| (ErrorCode::InternalError as i32, "disconnected".into()))?;
            }
            encode(edit)
        }
        "textDocument/codeAction" => {
            let p: lsp_types::CodeActionParams = params(p)?;
            let analysis = server.world.analysis(&p.text_document.uri);
            encode(actions::code_actions(&analysis, &p))
        }
        "textDocument/documentSymbol" => {
            let p: DocumentSymbolParams = params(p)?;
            let analysis = server.world.analysis(&p.text_document.uri);
            encode(document_symbols(&analysis, &p.text_document.uri))
        }
        "textDocument/formatting" => {
            let p: lsp_types::DocumentFormattingParams = params(p)?;
            let analysis = server.world.analysis(&p.text_document.uri);
            encode(formatting(&analysis, &p.text_document.uri))
        }
        other => Err((
            ErrorCode::MethodNotFound as i32,
            format!("refract lsp does not handle `{other}`"),
        )),
    }
}

/// Handles one notification.
pub(crate) fn notification(server: &mut Server<'_>, n: Notification) -> Result<(), Error> {
    let uri = match n.method.as_str() {
        "textDocument/didOpen" => {
            let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else {
                return Ok(());
            };
            let uri = p.text_document.uri;
            server.world.set_document(uri.clone(), p.text_document.text);
            uri
        }
        "textDocument/didChange" => {
            let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else {
                return Ok(());
            };
            let uri = p.text_document.uri;
            let mut text = server.world.document(&uri).unwrap_or_default().to_string();
            for change in p.content_changes {
                match change.range {
                    Some(range) => {
                        let index = LineIndex::new(&text);
                        let start = index.offset(&text, range.start);
                        let end = index.offset(&text, range.end).max(start);
                        text.replace_range(start..end, &change.text);
                    }
                    None => text = change.text,
                }
            }
            server.world.set_document(uri.clone(), text);
            uri
        }
        "textDocument/didClose" => {
            if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                server.world.close_document(&p.text_document.uri);
            }
            return Ok(());
        }
        "workspace/didChangeWatchedFiles" => {
            if let Ok(p) = serde_json::from_value::<DidChangeWatchedFilesParams>(n.params) {
                for change in p.changes {
                    server.world.forget(&change.uri);
                }
            }
            return Ok(());
        }
        _ => return Ok(()),
    };
    publish_diagnostics(server, &uri)
}

/// Validates the schema of `uri` and publishes the diagnostics of each of its files.
fn publish_diagnostics(server: &mut Server<'_>, uri: &Uri) -> Result<(), Error> {
    let analysis = server.world.analysis(uri);
    for params in diagnostics(&analysis) {
        server.send(Notification::new(
            "textDocument/publishDiagnostics".to_string(),
            params,
        ))?;
    }
    Ok(())
}

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

/// The occurrences of the symbol at a position (none when no symbol is there).
fn occurrences_at(
    analysis: &Analysis,
    at: &TextDocumentPositionParams,
) -> Vec<symbols::Occurrence> {
    let Some(file) = analysis.file_of(&at.text_document.uri) else {
        return Vec::new();
    };
    let offset = analysis.offset(file, at.position);
    match symbols::symbol_at(analysis, file, offset) {
        Some(o) => symbols::references(analysis, &o.symbol),
        None => Vec::new(),
    }
}

/// `refract format`'s text of the document, as one edit of the whole document.
fn formatting(analysis: &Analysis, uri: &Uri) -> Option<Vec<TextEdit>> {
    let file = analysis.file_of(uri)?;
    let formatted = schema_format::format(&analysis.files)
        .into_iter()
        .nth(file.0 as usize)?;
    let text = analysis.text(file);
    if formatted == text {
        return Some(Vec::new());
    }
    let whole = Span::new(file, 0, text.len());
    Some(vec![TextEdit::new(analysis.range(whole), formatted)])
}

/// Whether `name` may name a model, field or enum.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The edits of a rename, and a note on what happens to the database name.
fn rename(
    analysis: &Analysis,
    p: &RenameParams,
) -> Result<(Option<WorkspaceEdit>, Option<String>), Failure> {
    let at = &p.text_document_position;
    let Some(file) = analysis.file_of(&at.text_document.uri) else {
        return Ok((None, None));
    };
    let offset = analysis.offset(file, at.position);
    let Some(target) = symbols::symbol_at(analysis, file, offset) else {
        return Ok((None, None));
    };
    let new_name = p.new_name.trim();
    if !is_identifier(new_name) {
        return Err((
            ErrorCode::InvalidParams as i32,
            format!(
                "`{new_name}` is not a valid name: start with a letter, then letters, digits or `_`."
            ),
        ));
    }
    let current = match &target.symbol {
        Symbol::Type(name) | Symbol::Field(_, name) | Symbol::EnumValue(_, name) => name,
    };
    if current == new_name {
        return Ok((None, None));
    }
    let taken = match &target.symbol {
        Symbol::Type(_) => symbols::type_kind(analysis, new_name)
            .map(|k| format!("A {} named `{new_name}` already exists.", k.keyword())),
        Symbol::Field(owner, _) => symbols::fields_of(analysis, owner)
            .iter()
            .any(|f| f.name.name == new_name)
            .then(|| format!("`{owner}` already has a field named `{new_name}`.")),
        Symbol::EnumValue(owner, _) => {
            let other = Symbol::EnumValue(owner.clone(), new_name.to_string());
            symbols::references(analysis, &other)
                .iter()
                .any(|o| o.is_declaration)
                .then(|| format!("`{owner}` already has a value named `{new_name}`."))
        }
    };
    if let Some(message) = taken {
        return Err((ErrorCode::InvalidParams as i32, message));
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for o in symbols::references(analysis, &target.symbol) {
        changes
            .entry(analysis.uris[o.span.file.0 as usize].clone())
            .or_default()
            .push(TextEdit::new(analysis.range(o.span), new_name.to_string()));
    }
    let note = docs::rename_note(analysis, &target.symbol, new_name);
    Ok((
        Some(WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }),
        note,
    ))
}

/// The hover of a position: a symbol's declaration and documentation, or our documentation of
/// an attribute, type or keyword.
fn hover(analysis: &Analysis, uri: &Uri, position: Position) -> Option<Hover> {
    let file = analysis.file_of(uri)?;
    let offset = analysis.offset(file, position);
    let (markdown, span) = match symbols::symbol_at(analysis, file, offset) {
        Some(o) => (docs::symbol_hover(analysis, &o.symbol)?, o.span),
        None => docs::hover_at(analysis, file, offset)?,
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(analysis.range(span)),
    })
}

/// The outline of a document: its blocks with their fields, values and properties.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written to build the struct
fn document_symbols(analysis: &Analysis, uri: &Uri) -> Option<Vec<DocumentSymbol>> {
    let file = analysis.file_of(uri)?;
    let symbol =
        |name: &str, detail: Option<String>, kind, span, name_span, children| DocumentSymbol {
            name: name.to_string(),
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: analysis.range(span),
            selection_range: analysis.range(name_span),
            children,
        };
    let mut out = Vec::new();
    for top in &analysis.ast(file).tops {
        let (keyword, name, kind, span, children) = match top {
            Top::Model(m) => {
                let kind = if m.is_view {
                    TypeKind::View
                } else {
                    TypeKind::Model
                };
                let fields = m
                    .fields()
                    .map(|f| {
                        let ty = analysis.files.slice(f.field_type.span()).to_string();
                        symbol(
                            &f.name.name,
                            Some(ty),
                            SymbolKind::FIELD,
                            f.span,
                            f.name.span,
                            None,
                        )
                    })
                    .collect();
                (kind.keyword(), &m.name, SymbolKind::CLASS, m.span, fields)
            }
            Top::CompositeType(c) => {
                let fields = c
                    .fields()
                    .map(|f| {
                        let ty = analysis.files.slice(f.field_type.span()).to_string();
                        symbol(
                            &f.name.name,
                            Some(ty),
                            SymbolKind::FIELD,
                            f.span,
                            f.name.span,
                            None,
                        )
                    })
                    .collect();
                ("type", &c.name, SymbolKind::STRUCT, c.span, fields)
            }
            Top::Enum(e) => {
                let values = e
                    .values()
                    .map(|v| {
                        symbol(
                            &v.name.name,
                            None,
                            SymbolKind::ENUM_MEMBER,
                            v.span,
                            v.name.span,
                            None,
                        )
                    })
                    .collect();
                ("enum", &e.name, SymbolKind::ENUM, e.span, values)
            }
            Top::Datasource(b) | Top::Generator(b) => {
                let keyword = if matches!(top, Top::Datasource(_)) {
                    "datasource"
                } else {
                    "generator"
                };
                let properties = b
                    .items
                    .iter()
                    .filter_map(|i| match i {
                        BlockItem::Member(p) => Some(symbol(
                            &p.name.name,
                            None,
                            SymbolKind::PROPERTY,
                            p.span,
                            p.name.span,
                            None,
                        )),
                        _ => None,
                    })
                    .collect();
                (keyword, &b.name, SymbolKind::MODULE, b.span, properties)
            }
            _ => continue,
        };
        out.push(symbol(
            &name.name,
            Some(keyword.to_string()),
            kind,
            span,
            name.span,
            Some(children),
        ));
    }
    Some(out)
}
