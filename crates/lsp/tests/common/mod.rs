//! A small language-server client for the tests: over the in-memory connection (the server
//! on a thread of the test), or over a child process's stdio (`refract lsp`, Prisma's server).
#![allow(dead_code)]

use std::io::{BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use lsp_server::{Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{
    ClientCapabilities, DidChangeTextDocumentParams, DidOpenTextDocumentParams, InitializeParams,
    Position, PublishDiagnosticsParams, Range, TextDocumentContentChangeEvent,
    TextDocumentIdentifier, TextDocumentItem, TextDocumentPositionParams, Uri,
    VersionedTextDocumentIdentifier,
};
use serde_json::Value;

/// How long to wait for an answer before failing the test.
const TIMEOUT: Duration = Duration::from_secs(60);

/// One client session.
pub struct Client {
    outgoing: Box<dyn FnMut(Message) + Send>,
    incoming: mpsc::Receiver<Message>,
    next_id: i32,
    /// Notifications received and not yet taken.
    pub notifications: Vec<Notification>,
    child: Option<Child>,
    server: Option<std::thread::JoinHandle<Result<(), lsp::Error>>>,
    versions: std::collections::HashMap<String, i32>,
}

impl Client {
    /// A server on a thread of this process, over `Connection::memory()`, initialized.
    pub fn in_memory() -> Client {
        let (server, client) = lsp::Connection::memory();
        let handle = std::thread::spawn(move || lsp::run(&server));
        let (tx, rx) = mpsc::channel();
        let receiver = client.receiver.clone();
        std::thread::spawn(move || {
            for m in receiver {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        let sender = client.sender.clone();
        let mut c = Client {
            outgoing: Box::new(move |m| {
                let _ = sender.send(m);
            }),
            incoming: rx,
            next_id: 0,
            notifications: Vec::new(),
            child: None,
            server: Some(handle),
            versions: Default::default(),
        };
        c.initialize();
        c
    }

    /// A server in a child process speaking over its stdio, initialized.
    pub fn process(mut command: Command) -> Client {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the language server");
        let mut stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Ok(Some(m)) = Message::read(&mut reader) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        let mut c = Client {
            outgoing: Box::new(move |m| {
                let _ = m.write(&mut stdin);
                let _ = stdin.flush();
            }),
            incoming: rx,
            next_id: 0,
            notifications: Vec::new(),
            child: Some(child),
            server: None,
            versions: Default::default(),
        };
        c.initialize();
        c
    }

    fn initialize(&mut self) {
        #[allow(deprecated)]
        let params = InitializeParams {
            capabilities: ClientCapabilities::default(),
            ..Default::default()
        };
        let result = self.request_raw("initialize", serde_json::to_value(params).unwrap());
        assert!(result.get("capabilities").is_some(), "{result}");
        self.notify("initialized", serde_json::json!({}));
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        (self.outgoing)(Notification::new(method.to_string(), params).into());
    }

    /// Sends a request and waits for its answer (answering the server's own requests and
    /// keeping its notifications meanwhile). Panics on an error answer.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        match self.try_request(method, params) {
            Ok(v) => v,
            Err(e) => panic!("{method} failed: {e}"),
        }
    }

    /// Sends a request and waits for its answer or error message.
    pub fn try_request(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        (self.outgoing)(Request::new(id.clone(), method.to_string(), params).into());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.next_message(deadline) {
                Message::Response(Response {
                    id: rid,
                    response_result,
                }) if rid == id => {
                    return response_result.map_err(|e| e.message);
                }
                _ => {}
            }
        }
    }

    /// A typed request.
    pub fn request<R: lsp_types::request::Request>(&mut self, params: R::Params) -> R::Result {
        let value = self.request_raw(R::METHOD, serde_json::to_value(params).unwrap());
        serde_json::from_value(value).expect("decode the answer")
    }

    fn next_message(&mut self, deadline: Instant) -> Message {
        let left = deadline.saturating_duration_since(Instant::now());
        let m = self
            .incoming
            .recv_timeout(left)
            .expect("the server answers in time");
        match &m {
            Message::Notification(n) => self.notifications.push(n.clone()),
            Message::Request(r) => {
                // Configuration and registrations: answer so the server goes on.
                let result = if r.method == "workspace/configuration" {
                    let n = r
                        .params
                        .get("items")
                        .and_then(Value::as_array)
                        .map_or(0, Vec::len);
                    Value::Array(vec![Value::Null; n])
                } else {
                    Value::Null
                };
                (self.outgoing)(Response::new_ok(r.id.clone(), result).into());
            }
            Message::Response(_) => {}
        }
        m
    }

    /// Opens a document.
    pub fn open(&mut self, uri: &Uri, text: &str) {
        self.versions.insert(uri.as_str().to_string(), 1);
        let params = DidOpenTextDocumentParams {
            text_document: TextDocumentItem::new(uri.clone(), "prisma".into(), 1, text.into()),
        };
        self.notify(
            lsp_types::notification::DidOpenTextDocument::METHOD,
            serde_json::to_value(params).unwrap(),
        );
    }

    /// Replaces `range` of a document by `text` (`None`: the whole document).
    pub fn change(&mut self, uri: &Uri, range: Option<Range>, text: &str) {
        let version = self.versions.entry(uri.as_str().to_string()).or_insert(1);
        *version += 1;
        let params = DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier::new(uri.clone(), *version),
            content_changes: vec![TextDocumentContentChangeEvent {
                range,
                range_length: None,
                text: text.into(),
            }],
        };
        self.notify(
            lsp_types::notification::DidChangeTextDocument::METHOD,
            serde_json::to_value(params).unwrap(),
        );
    }

    /// Waits for the next diagnostics published for `uri`.
    pub fn diagnostics(&mut self, uri: &Uri) -> Vec<lsp_types::Diagnostic> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.notifications.iter().position(|n| {
                n.method == lsp_types::notification::PublishDiagnostics::METHOD
                    && n.params.get("uri").and_then(Value::as_str) == Some(uri.as_str())
            }) {
                let n = self.notifications.remove(i);
                let p: PublishDiagnosticsParams = serde_json::from_value(n.params).unwrap();
                return p.diagnostics;
            }
            self.next_message(deadline);
        }
    }

    /// Drops the notifications received so far.
    pub fn clear(&mut self) {
        while let Ok(m) = self.incoming.try_recv() {
            if let Message::Notification(n) = m {
                self.notifications.push(n);
            }
        }
        self.notifications.clear();
    }

    /// Says `shutdown` and `exit`, and waits for the server to stop.
    pub fn shutdown(mut self) {
        self.request_raw("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        if let Some(handle) = self.server.take() {
            handle.join().unwrap().unwrap();
        }
        if let Some(mut child) = self.child.take() {
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                if let Ok(Some(status)) = child.try_wait() {
                    assert!(status.success(), "the server exited with {status}");
                    break;
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    panic!("the server did not exit");
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The `file:` URI of a path.
pub fn uri(path: &std::path::Path) -> Uri {
    let text = path.to_str().unwrap();
    let mut out = String::from("file://");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).unwrap()
}

/// The position of the `n`th (0-based) occurrence of `needle` in `text`, plus `delta`
/// characters.
pub fn position_of(text: &str, needle: &str, n: usize, delta: usize) -> Position {
    let offset = text.match_indices(needle).nth(n).expect("needle in text").0 + delta;
    let line = text[..offset].matches('\n').count();
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    Position::new(
        line as u32,
        text[start..offset].encode_utf16().count() as u32,
    )
}

/// Position parameters.
pub fn at(uri: &Uri, position: Position) -> TextDocumentPositionParams {
    TextDocumentPositionParams::new(TextDocumentIdentifier::new(uri.clone()), position)
}

/// The end position of a text.
pub fn end_of(text: &str) -> Position {
    let line = text.matches('\n').count();
    let start = text.rfind('\n').map_or(0, |i| i + 1);
    Position::new(line as u32, text[start..].encode_utf16().count() as u32)
}
