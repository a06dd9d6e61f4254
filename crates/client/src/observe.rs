//! Logging and tracing (docs/client.md, "Logging and tracing"; decision 0027): Prisma's `log`
//! levels as `tracing` events, Prisma's span tree (operation → serialize → db query) as
//! `tracing` spans, and the optional SQL commenter tag (Prisma 7's `comments`).
//!
//! Nothing here formats anything unless a subscriber listens: spans are created through the
//! `tracing` macros, which return a disabled span after a level check when none does, and
//! events are guarded by `tracing::enabled!`. The SQL and the parameters are passed to the
//! subscriber by reference and formatted by it, only when it records them.

use std::fmt::{self, Write as _};
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use driver::Provider as Dialect;
use tracing::{Instrument as _, Level, Span};

use crate::error::{Error, Result};
use crate::value::Value;

/// The target of the `query` events ([`Log::query`]).
pub const QUERY_TARGET: &str = "refract::query";
/// The target of the `info` events ([`Log::info`]).
pub const INFO_TARGET: &str = "refract::info";
/// The target of the `warn` events ([`Log::warn`]).
pub const WARN_TARGET: &str = "refract::warn";
/// The target of the `error` events ([`Log::error`]).
pub const ERROR_TARGET: &str = "refract::error";
/// The target of the spans (operation, serialize, db query, transactions).
pub const SPAN_TARGET: &str = "refract::span";

/// One of Prisma's log levels (`log: ['query', 'info', 'warn', 'error']`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogLevel {
    /// Every statement sent: its SQL, its duration and (opted in) its parameters.
    Query,
    /// Information: the pool opened.
    Info,
    /// Warnings: a transaction rolled back when its time was up.
    Warn,
    /// Every operation that failed, with its Prisma error code.
    Error,
}

/// Which events the client emits as `tracing` events (Prisma's `log` option), each under its
/// own target ([`QUERY_TARGET`], …) at its level (`query` at DEBUG, the others at their own).
///
/// By default all four levels are emitted and the subscriber's filter chooses what it keeps
/// (`RUST_LOG=refract::query=debug`); the parameters of the `query` events are not, since they
/// may hold secrets: [`Log::with_parameters`] opts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Log {
    /// `query` events (target `refract::query`, DEBUG).
    pub query: bool,
    /// The bound parameters in the `query` events (`params`); off by default.
    pub query_parameters: bool,
    /// `info` events (target `refract::info`, INFO).
    pub info: bool,
    /// `warn` events (target `refract::warn`, WARN).
    pub warn: bool,
    /// `error` events (target `refract::error`, ERROR).
    pub error: bool,
}

impl Default for Log {
    fn default() -> Self {
        Log {
            query: true,
            query_parameters: false,
            info: true,
            warn: true,
            error: true,
        }
    }
}

impl Log {
    /// No events at all.
    pub fn none() -> Log {
        Log {
            query: false,
            query_parameters: false,
            info: false,
            warn: false,
            error: false,
        }
    }

    /// Only the levels named (Prisma's `log: ['query', 'error']`).
    pub fn levels(levels: impl IntoIterator<Item = LogLevel>) -> Log {
        let mut log = Log::none();
        for level in levels {
            match level {
                LogLevel::Query => log.query = true,
                LogLevel::Info => log.info = true,
                LogLevel::Warn => log.warn = true,
                LogLevel::Error => log.error = true,
            }
        }
        log
    }

    /// The same levels, with the bound parameters in the `query` events (they may hold
    /// secrets: passwords, tokens, personal data).
    pub fn with_parameters(mut self) -> Log {
        self.query_parameters = true;
        self
    }
}

/// What a [`SqlCommenter`] plugin is told about the statement it tags: the operation it runs
/// for (never a value of the query).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentContext {
    /// The model, `None` for a raw query.
    pub model: Option<&'static str>,
    /// Prisma's name of the operation: `findMany`, `create`, `queryRaw`, …
    pub action: &'static str,
}

type Plugin = dyn Fn(&CommentContext) -> Vec<(String, String)> + Send + Sync;

/// Prisma 7's SQL comments (`comments: [...]`): a sqlcommenter tag appended to every
/// statement the client sends, such as `SELECT … /*action='findMany',model='User'*/`.
///
/// Keys are sorted; keys and values are percent-encoded (the sqlcommenter format, plus `!`
/// so that no tag opens a MySQL executable comment) and a `'` in a value is written `\'`, so
/// that no tag can end the comment. Off by default (`ClientOptions::comments` is `None`).
/// A tag that changes per call (a request id) makes every statement's text new, which defeats
/// the prepared-statement caches: prefer tags with few values.
#[derive(Clone)]
pub struct SqlCommenter {
    operation: bool,
    tags: Vec<(String, String)>,
    plugins: Vec<Arc<Plugin>>,
}

impl fmt::Debug for SqlCommenter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqlCommenter")
            .field("operation", &self.operation)
            .field("tags", &self.tags)
            .field("plugins", &self.plugins.len())
            .finish()
    }
}

impl Default for SqlCommenter {
    fn default() -> Self {
        SqlCommenter::new()
    }
}

impl SqlCommenter {
    /// Tags every statement with its operation: `model` (absent for raw queries) and `action`.
    pub fn new() -> SqlCommenter {
        SqlCommenter {
            operation: true,
            tags: Vec::new(),
            plugins: Vec::new(),
        }
    }

    /// Without the `model` and `action` tags (only [`SqlCommenter::tag`]s and plugins').
    pub fn without_operation(mut self) -> SqlCommenter {
        self.operation = false;
        self
    }

    /// A fixed tag on every statement (`application='shop'`); a later tag with the same key
    /// wins.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> SqlCommenter {
        self.tags.push((key.into(), value.into()));
        self
    }

    /// Tags computed per statement from its operation (Prisma's commenter plugins); they win
    /// over the fixed tags and the operation's.
    pub fn plugin(
        mut self,
        plugin: impl Fn(&CommentContext) -> Vec<(String, String)> + Send + Sync + 'static,
    ) -> SqlCommenter {
        self.plugins.push(Arc::new(plugin));
        self
    }

    /// The comment for a statement of `context` (`/*k='v',…*/`), or `None` without tags.
    pub fn comment(&self, context: &CommentContext) -> Option<String> {
        let mut tags: Vec<(String, String)> = Vec::new();
        let mut put = |key: String, value: String| match tags.iter_mut().find(|t| t.0 == key) {
            Some(tag) => tag.1 = value,
            None => tags.push((key, value)),
        };
        if self.operation {
            if let Some(model) = context.model {
                put("model".into(), model.into());
            }
            put("action".into(), context.action.into());
        }
        for (key, value) in &self.tags {
            put(key.clone(), value.clone());
        }
        for plugin in &self.plugins {
            for (key, value) in plugin(context) {
                put(key, value);
            }
        }
        if tags.is_empty() {
            return None;
        }
        tags.sort();
        let mut out = String::from("/*");
        for (i, (key, value)) in tags.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            encode(&mut out, key, false);
            out.push_str("='");
            encode(&mut out, value, true);
            out.push('\'');
        }
        out.push_str("*/");
        Some(out)
    }
}

/// Percent-encodes `text` as JavaScript's `encodeURIComponent` does (UTF-8 bytes; letters,
/// digits and `-_.~*'()` kept), `!` encoded too; in a value, `'` is then written `\'`.
fn encode(out: &mut String, text: &str, value: bool) {
    for byte in text.bytes() {
        match byte {
            b'\'' if value => out.push_str("\\'"),
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(byte as char),
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
}

/// The client's observability settings, shared by the client and its transactions.
#[derive(Debug, Default)]
pub(crate) struct Observe {
    pub log: Log,
    pub comments: Option<SqlCommenter>,
}

/// The operation a statement runs for: the SQL commenter's context, and how nested operations
/// (one operation's builder running another's) know they are nested.
#[derive(Clone, Copy)]
struct Current(CommentContext);

tokio::task_local! {
    static CURRENT: Current;
}

/// How an operation is observed ([`entry`]).
pub(crate) enum Entry {
    /// Run by another operation, whose span and comment context it shares, and whose `error`
    /// event reports its failure.
    Nested,
    /// Neither a subscriber nor the SQL commenter wants its span: only its `error` event.
    Plain,
    /// In its span (`prisma:client:operation`), with the operation known to the SQL commenter
    /// ([`observed`]).
    Observed(Span),
}

/// How operation `action` on `model` is observed. Decided before its work starts, so that an
/// unobserved operation runs its work as it is.
pub(crate) fn entry(observe: &Observe, model: Option<&'static str>, action: &'static str) -> Entry {
    if CURRENT.try_with(|_| ()).is_ok() {
        // Nested: the outer operation's span and context (set only when observed).
        return Entry::Nested;
    }
    let span = tracing::debug_span!(
        target: SPAN_TARGET,
        "refract.operation",
        otel.name = "prisma:client:operation",
        model = model,
        method = action,
        name = tracing::field::Empty,
    );
    if span.is_disabled() && observe.comments.is_none() {
        return Entry::Plain;
    }
    match model {
        Some(model) => span.record(
            "name",
            tracing::field::display(format_args!("{model}.{action}")),
        ),
        None => span.record("name", action),
    };
    Entry::Observed(span)
}

/// Runs `fut`, an operation's work (`findMany` on `model`), in its operation `span`
/// ([`Entry::Observed`]), with the operation known to the SQL commenter, and emits an `error`
/// event when it fails.
pub(crate) async fn observed<T>(
    observe: &Observe,
    model: Option<&'static str>,
    action: &'static str,
    span: Span,
    fut: impl Future<Output = Result<T>>,
) -> Result<T> {
    let context = Current(CommentContext { model, action });
    CURRENT
        .scope(context, fut.instrument(span.clone()))
        .await
        .inspect_err(|e| span.in_scope(|| error_event(observe, model, action, e)))
}

/// The `error` event of a failed operation, with its Prisma code.
pub(crate) fn error_event(
    observe: &Observe,
    model: Option<&'static str>,
    action: &'static str,
    e: &Error,
) {
    if observe.log.error {
        tracing::error!(
            target: ERROR_TARGET,
            code = e.code(),
            model = model,
            action = action,
            message = %e,
        );
    }
}

/// The serialize span (`prisma:client:serialize`): around the rendering of one statement.
pub(crate) fn serialize() -> tracing::span::EnteredSpan {
    tracing::debug_span!(
        target: SPAN_TARGET,
        "refract.serialize",
        otel.name = "prisma:client:serialize",
    )
    .entered()
}

/// The statement to send for `text`, tagged, when the client tags statements and an operation
/// is running (`None`: send `text` as it is).
pub(crate) fn commented(observe: &Observe, text: &str) -> Option<String> {
    let commenter = observe.comments.as_ref()?;
    let context = CURRENT.try_with(|c| c.0).ok()?;
    let comment = commenter.comment(&context)?;
    Some(format!("{text} {comment}"))
}

/// One statement's observation: its db query span (`refract.query`, Prisma's
/// `prisma:client:db_query`) and, when a subscriber takes it, its `query` event.
pub(crate) struct Statement<'a> {
    span: Span,
    start: Option<Instant>,
    event: bool,
    observe: &'a Observe,
}

impl<'a> Statement<'a> {
    /// Opens the db query span of `text` (its parameters counted) on `dialect`.
    pub(crate) fn start(
        observe: &'a Observe,
        dialect: Dialect,
        text: &str,
        params: usize,
        rows: Option<usize>,
    ) -> Statement<'a> {
        let span = tracing::debug_span!(
            target: SPAN_TARGET,
            "refract.query",
            otel.name = "prisma:client:db_query",
            otel.kind = "client",
            db.query.text = %text,
            db.system.name = dialect.as_str(),
            params = params,
            rows = rows,
            duration_us = tracing::field::Empty,
        );
        let event = observe.log.query && tracing::enabled!(target: QUERY_TARGET, Level::DEBUG);
        let start = (event || !span.is_disabled()).then(Instant::now);
        Statement {
            span,
            start,
            event,
            observe,
        }
    }

    /// Runs `fut`, the statement, inside its span (a disabled span, when no subscriber has
    /// it, is entered at no cost). A combinator, not an `async fn`: an `async fn` taking the
    /// future would hold it twice (the argument and the value it awaits), and the statements'
    /// futures are nested in every operation's, so each layer doubled them.
    pub(crate) fn run<F: Future>(&self, fut: F) -> tracing::instrument::Instrumented<F> {
        fut.instrument(self.span.clone())
    }

    /// Whether nothing observes the statement: no subscriber takes its span, and no `query`
    /// event is asked for ([`Statement::finish`] then does nothing).
    pub(crate) fn quiet(&self) -> bool {
        self.start.is_none()
    }

    /// Records the duration and emits the `query` event of `text` (sent with `params`; `None`
    /// for `createMany`'s rows).
    pub(crate) fn finish(self, text: &str, params: Option<&[Value]>) {
        let Some(start) = self.start else { return };
        let micros = start.elapsed().as_micros() as u64;
        self.span.record("duration_us", micros);
        if self.event {
            let _in = self.span.enter();
            if let (true, Some(params)) = (self.observe.log.query_parameters, params) {
                tracing::debug!(
                    target: QUERY_TARGET,
                    query = %text,
                    params = %Params(params),
                    duration_us = micros,
                );
            } else {
                tracing::debug!(target: QUERY_TARGET, query = %text, duration_us = micros);
            }
        }
    }
}

/// The `query` event of a statement the transaction machinery sends itself (BEGIN, COMMIT,
/// ROLLBACK, savepoints), inside its span: `refract.start_transaction`,
/// `refract.commit_transaction` or `refract.rollback_transaction`.
///
/// `work` makes the statement's future, which runs as it is when nothing observes it (a
/// closure, so that the future is not held twice: see [`crate::client::Exec::operation`]).
pub(crate) async fn transaction_statement<T, F>(
    observe: &Observe,
    text: &str,
    work: impl FnOnce() -> F,
) -> Result<T>
where
    F: Future<Output = Result<T>>,
{
    let span = match text.split(' ').next() {
        Some("BEGIN") | Some("SAVEPOINT") => tracing::debug_span!(
            target: SPAN_TARGET,
            "refract.start_transaction",
            otel.name = "prisma:client:start_transaction",
            db.query.text = %text,
        ),
        Some("COMMIT") | Some("RELEASE") => tracing::debug_span!(
            target: SPAN_TARGET,
            "refract.commit_transaction",
            otel.name = "prisma:client:commit_transaction",
            db.query.text = %text,
        ),
        _ => tracing::debug_span!(
            target: SPAN_TARGET,
            "refract.rollback_transaction",
            otel.name = "prisma:client:rollback_transaction",
            db.query.text = %text,
        ),
    };
    let event = observe.log.query && tracing::enabled!(target: QUERY_TARGET, Level::DEBUG);
    if span.is_disabled() && !event {
        return work().await;
    }
    let start = Instant::now();
    let result = Box::pin(work()).instrument(span.clone()).await;
    if event {
        let micros = start.elapsed().as_micros() as u64;
        span.in_scope(
            || tracing::debug!(target: QUERY_TARGET, query = %text, duration_us = micros),
        );
    }
    result
}

/// The interactive transaction's span (`prisma:client:transaction`, method `$transaction`).
pub(crate) fn transaction_span() -> Span {
    tracing::debug_span!(
        target: SPAN_TARGET,
        "refract.transaction",
        otel.name = "prisma:client:transaction",
        method = "$transaction",
    )
}

/// The `info` event of a pool opened.
pub(crate) fn pool_opened(observe: &Observe, dialect: Dialect, connections: usize) {
    if observe.log.info {
        let system = dialect.as_str();
        tracing::event!(
            target: INFO_TARGET,
            Level::INFO,
            db.system.name = system,
            connections = connections,
            message = format_args!("Starting a {system} pool with {connections} connections."),
        );
    }
}

/// The `warn` event of a transaction rolled back because its time was up.
pub(crate) fn transaction_expired(observe: &Observe, timeout: std::time::Duration) {
    if observe.log.warn {
        let timeout_ms = timeout.as_millis() as u64;
        tracing::warn!(
            target: WARN_TARGET,
            timeout_ms = timeout_ms,
            message = format_args!(
                "A transaction was rolled back: its timeout of {timeout_ms} ms passed (P2028 \
                 for its later calls)."
            ),
        );
    }
}

/// Parameters as the `query` event shows them: `[1, "a", null]`.
struct Params<'a>(&'a [Value]);

impl fmt::Display for Params<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('[')?;
        for (i, value) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{value:?}")?;
        }
        f.write_char(']')
    }
}
