//! `refract lsp`: a language server for Prisma schemas, on the same crates as `refract validate`
//! and `refract format`.
//!
//! [`run`] serves one client over a [`Connection`] (the CLI gives it stdio; tests give it
//! [`Connection::memory`]) until the client sends `shutdown` and `exit`. It answers:
//! diagnostics (published on open and on every change: exactly `refract validate`'s, for the
//! whole schema, multi-file schemas included), formatting (exactly `refract format`'s),
//! completion, hover, go to definition, find references, rename, code actions and document
//! symbols. See docs/lsp.md.
//!
//! The server is single-threaded: requests are answered in order, each against the analysis of
//! the last change (parse and validation run once per change, not per request). It does no
//! I/O but reading the `.prisma` files of a schema folder that are not open in the editor.
#![deny(missing_docs)]
// The protocol keys workspace edits by `Uri`, whose lazily parsed parts clippy takes for
// interior mutability; its hash and equality are those of the URI's text.
#![allow(clippy::mutable_key_type)]

mod actions;
mod complete;
mod docs;
mod handlers;
mod problems;
mod symbols;
mod text;
mod world;

use lsp_server::{Message, Notification, Request, Response};
use lsp_types::{
    CodeActionKind, CodeActionProviderCapability, CompletionOptions, HoverProviderCapability,
    InitializeResult, OneOf, RenameOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, WorkDoneProgressOptions,
};

pub use lsp_server::Connection;

use world::World;

/// Why the server stopped before the client said `exit`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The client broke the protocol (or went away during `initialize`).
    #[error("language server protocol error: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    /// The connection closed while the server was writing to it.
    #[error("the client closed the connection")]
    Disconnected,
}

/// What the server offers, sent in its answer to `initialize`.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(
                ["@", ".", "\"", "(", "[", ",", ":"]
                    .map(String::from)
                    .to_vec(),
            ),
            ..Default::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(
            lsp_types::CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

/// Serves one client until it sends `shutdown` (then returns `Ok`) or the connection closes.
pub fn run(connection: &Connection) -> Result<(), Error> {
    let (id, _params) = connection.initialize_start()?;
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "refract".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|_| Error::Disconnected)?;
    connection.initialize_finish(id, result)?;
    let mut server = Server {
        connection,
        world: World::default(),
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                server.request(request)?;
            }
            Message::Notification(notification) => server.notification(notification)?,
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// The state of one session.
struct Server<'c> {
    connection: &'c Connection,
    world: World,
}

impl Server<'_> {
    fn send(&self, message: impl Into<Message>) -> Result<(), Error> {
        self.connection
            .sender
            .send(message.into())
            .map_err(|_| Error::Disconnected)
    }

    fn request(&mut self, request: Request) -> Result<(), Error> {
        let id = request.id.clone();
        let response = match handlers::request(self, request) {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code, message),
        };
        self.send(response)
    }

    fn notification(&mut self, notification: Notification) -> Result<(), Error> {
        handlers::notification(self, notification)
    }

    /// Tells the client something it should show (`window/showMessage`).
    fn show_message(&self, kind: lsp_types::MessageType, message: String) -> Result<(), Error> {
        let params = lsp_types::ShowMessageParams { typ: kind, message };
        self.send(Notification::new("window/showMessage".to_string(), params))
    }
}
