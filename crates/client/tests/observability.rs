//! Logging and tracing (docs/client.md, "Logging and tracing") on SQLite, PostgreSQL and
//! MariaDB: the span tree of a find, of a create with a nested write and of a transaction
//! (operation → serialize / db query, Prisma's names as `otel.name`), the `query` event with
//! the SQL and the duration and the parameters only when opted in, the `error` and `info`
//! events, and the SQL commenter's tag in the statement the client sends (and, on the servers,
//! in the text the database itself reports for the running statement), escaped.
//!
//! A test subscriber records every span (name, fields, parent) and event; each scenario runs
//! on a current-thread runtime inside it, so that every span and event reaches it.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/all_types.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use client::{
    Client, ClientOptions, CommentContext, Log, LogLevel, SqlCommenter, TransactionOptions, Value,
};
use db::{Models, person};
use support::{Database, open};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// A span as the subscriber saw it.
#[derive(Debug, Clone)]
struct SpanRec {
    name: &'static str,
    parent: Option<u64>,
    fields: BTreeMap<String, String>,
}

/// An event as the subscriber saw it.
#[derive(Debug, Clone)]
struct EventRec {
    target: String,
    level: Level,
    parent: Option<u64>,
    fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct State {
    /// Span `n` (its id) is `spans[n - 1]`.
    spans: Vec<SpanRec>,
    events: Vec<EventRec>,
    /// The spans entered, innermost last (one thread).
    stack: Vec<u64>,
}

/// Records every span and event.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<State>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut state = self.0.lock().unwrap();
        let parent = if span.is_root() {
            None
        } else if let Some(parent) = span.parent() {
            Some(parent.into_u64())
        } else {
            state.stack.last().copied()
        };
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        state.spans.push(SpanRec {
            name: span.metadata().name(),
            parent,
            fields,
        });
        Id::from_u64(state.spans.len() as u64)
    }
    fn record(&self, id: &Id, values: &Record<'_>) {
        let mut state = self.0.lock().unwrap();
        let span = &mut state.spans[id.into_u64() as usize - 1];
        values.record(&mut Fields(&mut span.fields));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut state = self.0.lock().unwrap();
        let parent = if event.is_root() {
            None
        } else if let Some(parent) = event.parent() {
            Some(parent.into_u64())
        } else {
            state.stack.last().copied()
        };
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        state.events.push(EventRec {
            target: event.metadata().target().to_owned(),
            level: *event.metadata().level(),
            parent,
            fields,
        });
    }
    fn enter(&self, id: &Id) {
        self.0.lock().unwrap().stack.push(id.into_u64());
    }
    fn exit(&self, id: &Id) {
        let mut state = self.0.lock().unwrap();
        if let Some(at) = state.stack.iter().rposition(|&s| s == id.into_u64()) {
            state.stack.remove(at);
        }
    }
}

impl Capture {
    /// Runs `f` on `rt` with this subscriber, forgetting what came before.
    fn run<T>(&self, rt: &tokio::runtime::Runtime, f: impl Future<Output = T>) -> T {
        *self.0.lock().unwrap() = State::default();
        tracing::subscriber::with_default(self.clone(), || rt.block_on(f))
    }

    fn spans(&self) -> Vec<SpanRec> {
        self.0.lock().unwrap().spans.clone()
    }

    fn events(&self) -> Vec<EventRec> {
        self.0.lock().unwrap().events.clone()
    }

    /// The ids (1-based) of the spans named `name`.
    fn ids(&self, name: &str) -> Vec<u64> {
        self.spans()
            .iter()
            .enumerate()
            .filter(|(_, s)| s.name == name)
            .map(|(i, _)| i as u64 + 1)
            .collect()
    }

    /// The names of span `id`'s children, in the order they opened.
    fn children(&self, id: u64) -> Vec<&'static str> {
        self.spans()
            .iter()
            .filter(|s| s.parent == Some(id))
            .map(|s| s.name)
            .collect()
    }

    fn span(&self, id: u64) -> SpanRec {
        self.spans()[id as usize - 1].clone()
    }

    /// The events of `target`.
    fn events_of(&self, target: &str) -> Vec<EventRec> {
        self.events()
            .into_iter()
            .filter(|e| e.target == target)
            .collect()
    }
}

/// The operation span (its id) of `model.action`, the only one.
fn operation(capture: &Capture, name: &str) -> u64 {
    let ids: Vec<u64> = capture
        .ids("refract.operation")
        .into_iter()
        .filter(|&id| capture.span(id).fields.get("name").map(String::as_str) == Some(name))
        .collect();
    assert_eq!(
        ids.len(),
        1,
        "one {name} operation span: {:#?}",
        capture.spans()
    );
    ids[0]
}

fn span_tree(database: Database) {
    let Some((rt, db)) = open(database, "observe_spans", "all_types") else {
        return;
    };
    let c = &db.client;
    let capture = Capture::default();

    // A find: operation → serialize, db query.
    capture.run(&rt, async {
        c.person().find_many().exec().await.unwrap();
    });
    let find = operation(&capture, "Person.findMany");
    let span = capture.span(find);
    assert_eq!(span.parent, None);
    assert_eq!(span.fields["otel.name"], "prisma:client:operation");
    assert_eq!(span.fields["model"], "Person");
    assert_eq!(span.fields["method"], "findMany");
    assert_eq!(
        capture.children(find),
        ["refract.serialize", "refract.query"]
    );
    let query = capture.ids("refract.query")[0];
    let query = capture.span(query);
    assert_eq!(query.fields["otel.name"], "prisma:client:db_query");
    assert_eq!(query.fields["otel.kind"], "client");
    assert_eq!(query.fields["db.system.name"], database.system());
    assert!(
        query.fields["db.query.text"].starts_with("SELECT "),
        "{query:?}"
    );
    assert!(query.fields.contains_key("duration_us"), "{query:?}");
    let serialize = capture.span(capture.ids("refract.serialize")[0]);
    assert_eq!(serialize.fields["otel.name"], "prisma:client:serialize");

    // A create with a nested write: one operation, its statements in one transaction.
    capture.run(&rt, async {
        c.person()
            .create(person::create("Cleo").with(person::posts::create([person::posts::data("c1")])))
            .exec()
            .await
            .unwrap();
    });
    let create = operation(&capture, "Person.create");
    assert_eq!(capture.span(create).parent, None);
    let children = capture.children(create);
    assert_eq!(children.first(), Some(&"refract.start_transaction"));
    assert_eq!(children.last(), Some(&"refract.commit_transaction"));
    let queries = children.iter().filter(|n| **n == "refract.query").count();
    assert!(queries >= 2, "the person and the post: {children:?}");
    assert_eq!(
        children
            .iter()
            .filter(|n| **n == "refract.serialize")
            .count(),
        queries,
        "each statement rendered in its serialize span: {children:?}"
    );
    assert_eq!(
        capture.ids("refract.operation").len(),
        1,
        "the nested write is not an operation of its own"
    );
    // BEGIN and COMMIT are `query` events, in their spans.
    let sent: Vec<String> = capture
        .events_of("refract::query")
        .iter()
        .map(|e| e.fields["query"].clone())
        .collect();
    assert_eq!(sent.first().map(String::as_str), Some("BEGIN"), "{sent:?}");
    assert_eq!(sent.last().map(String::as_str), Some("COMMIT"), "{sent:?}");

    // An interactive transaction: the transaction span holds its operations.
    capture.run(&rt, async {
        c.transaction(async |tx| {
            tx.person().create(person::create("Dan")).exec().await?;
            tx.person().count().exec().await
        })
        .await
        .unwrap();
    });
    let tx = capture.ids("refract.transaction");
    assert_eq!(tx.len(), 1);
    let tx = tx[0];
    let span = capture.span(tx);
    assert_eq!(span.fields["otel.name"], "prisma:client:transaction");
    assert_eq!(span.fields["method"], "$transaction");
    assert_eq!(
        capture.children(tx),
        [
            "refract.start_transaction",
            "refract.operation",
            "refract.operation",
            "refract.commit_transaction"
        ]
    );
    let count = operation(&capture, "Person.count");
    assert_eq!(capture.span(count).parent, Some(tx));
    assert_eq!(
        capture.children(count),
        ["refract.serialize", "refract.query"]
    );
}

/// The forms with a selection (`select`, `omit`) each open their operation's span, with
/// Prisma's name, around their statements, as the plain forms do.
fn selection_spans(database: Database) {
    let Some((rt, db)) = open(database, "observe_selections", "all_types") else {
        return;
    };
    let c = &db.client;
    let ann_id = rt
        .block_on(c.person().create(person::create("Ann")).exec())
        .unwrap()
        .id;
    let gone = rt
        .block_on(c.person().create(person::create("Gone")).exec())
        .unwrap()
        .id;
    type Run<'c> = std::pin::Pin<Box<dyn Future<Output = client::Result<()>> + 'c>>;
    fn run<'c, T>(f: impl Future<Output = client::Result<T>> + 'c) -> Run<'c> {
        Box::pin(async move { f.await.map(drop) })
    }
    let ann = || person::name().equals("Ann");
    let forms: Vec<(&str, bool, Run<'_>)> = vec![
        (
            "Person.findMany",
            false,
            run(c.person().find_many().select(person::select::name()).exec()),
        ),
        (
            "Person.findMany",
            false,
            run(c.person().find_many().omit(person::omit::Name).exec()),
        ),
        (
            "Person.findFirst",
            false,
            run(c
                .person()
                .find_first(ann())
                .select(person::select::id())
                .exec()),
        ),
        (
            "Person.findUniqueOrThrow",
            false,
            run(c
                .person()
                .find_unique(person::id().equals(ann_id))
                .omit(person::omit::ManagerId)
                .exec_or_throw()),
        ),
        (
            "Person.create",
            true,
            run(c
                .person()
                .create(person::create("Bo"))
                .select(person::select::id())
                .exec()),
        ),
        (
            "Person.update",
            true,
            run(c
                .person()
                .update(
                    person::id().equals(ann_id),
                    vec![person::name().set("Ann".to_owned())],
                )
                .omit(person::omit::Name)
                .exec()),
        ),
        (
            "Person.upsert",
            true,
            run(c
                .person()
                .upsert(
                    person::id().equals(ann_id),
                    person::create("Ann"),
                    vec![person::name().set("Ann".to_owned())],
                )
                .select(person::select::name())
                .exec()),
        ),
        (
            "Person.createManyAndReturn",
            true,
            run(c
                .person()
                .create_many(vec![person::create("Cy")])
                .select(person::select::id())
                .exec_and_return()),
        ),
        (
            "Person.delete",
            true,
            run(c
                .person()
                .delete(person::id().equals(gone))
                .omit(person::omit::Name)
                .exec()),
        ),
    ];
    let capture = Capture::default();
    for (name, in_transaction, form) in forms {
        capture.run(&rt, form).unwrap();
        let operation = operation(&capture, name);
        let span = capture.span(operation);
        assert_eq!(span.parent, None, "{name}");
        assert_eq!(span.fields["otel.name"], "prisma:client:operation");
        let children = capture.children(operation);
        let queries = capture.ids("refract.query");
        assert!(!queries.is_empty(), "{name}");
        for query in queries {
            assert_eq!(
                capture.span(query).parent,
                Some(operation),
                "{name}: {children:?}"
            );
        }
        if in_transaction {
            assert_eq!(
                children.first(),
                Some(&"refract.start_transaction"),
                "{name}"
            );
            assert_eq!(
                children.last(),
                Some(&"refract.commit_transaction"),
                "{name}"
            );
        } else {
            assert_eq!(children, ["refract.serialize", "refract.query"], "{name}");
        }
    }
}

#[test]
fn selection_forms_open_the_operation_span_on_sqlite() {
    selection_spans(Database::Sqlite);
}

#[test]
fn selection_forms_open_the_operation_span_on_postgres() {
    selection_spans(Database::Postgres);
}

#[test]
fn selection_forms_open_the_operation_span_on_mysql() {
    selection_spans(Database::Mysql);
}

fn query_events(database: Database) {
    let Some((rt, db)) = open(database, "observe_events", "all_types") else {
        return;
    };
    let capture = Capture::default();
    let secret = "s3cret-name";

    // By default: the SQL and the duration, never the parameters.
    capture.run(&rt, async {
        db.client
            .person()
            .find_first(person::name().equals(secret))
            .exec()
            .await
            .unwrap();
    });
    let events = capture.events_of("refract::query");
    assert_eq!(events.len(), 1, "{events:#?}");
    let event = &events[0];
    assert_eq!(event.level, Level::DEBUG);
    assert!(event.fields["query"].starts_with("SELECT "), "{event:?}");
    assert!(
        event.fields["duration_us"].parse::<u64>().is_ok(),
        "{event:?}"
    );
    assert!(!event.fields.contains_key("params"), "{event:?}");
    assert!(
        !format!("{:?}", capture.events()).contains(secret),
        "no event shows a parameter"
    );
    assert!(
        !format!("{:?}", capture.spans()).contains(secret),
        "no span shows a parameter"
    );
    // The event sits in its db query span, in the operation's.
    let query = capture.span(event.parent.expect("in the db query span"));
    assert_eq!(query.name, "refract.query");
    assert_eq!(
        capture.span(query.parent.unwrap()).name,
        "refract.operation"
    );

    // Opted in: the parameters too.
    let options = ClientOptions {
        log: Log::default().with_parameters(),
        ..ClientOptions::default()
    };
    capture.run(&rt, async {
        let c = Client::connect_with(&db.url, options).await.unwrap();
        c.person()
            .find_first(person::name().equals(secret))
            .exec()
            .await
            .unwrap();
    });
    let info = capture.events_of("refract::info");
    assert_eq!(info.len(), 1, "the pool opened: {info:#?}");
    assert_eq!(info[0].level, Level::INFO);
    assert_eq!(info[0].fields["db.system.name"], database.system());
    let events = capture.events_of("refract::query");
    assert_eq!(events.len(), 1, "{events:#?}");
    assert!(events[0].fields["params"].contains(secret), "{events:?}");

    // Errors: an `error` event with the Prisma code.
    capture.run(&rt, async {
        let missing = db
            .client
            .person()
            .find_unique_or_throw(person::id().equals(-1))
            .exec()
            .await;
        assert!(missing.is_err());
    });
    let errors = capture.events_of("refract::error");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].level, Level::ERROR);
    assert_eq!(errors[0].fields["code"], "P2025");
    assert_eq!(errors[0].fields["model"], "Person");
    assert_eq!(errors[0].fields["action"], "findUniqueOrThrow");
    assert_eq!(
        capture.span(errors[0].parent.unwrap()).name,
        "refract.operation"
    );

    // A transaction rolled back when its time was up: a `warn` event.
    capture.run(&rt, async {
        let options = TransactionOptions::new().timeout(Duration::from_millis(50));
        let tx = db.client.begin(options).await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(tx.person().count().exec().await.is_err());
    });
    let warns = capture.events_of("refract::warn");
    assert_eq!(warns.len(), 1, "{warns:#?}");
    assert_eq!(warns[0].level, Level::WARN);
    assert_eq!(warns[0].fields["timeout_ms"], "50");
    let errors = capture.events_of("refract::error");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].fields["code"], "P2028");

    // Levels switched off are not emitted.
    let options = ClientOptions {
        log: Log::levels([LogLevel::Error]),
        ..ClientOptions::default()
    };
    capture.run(&rt, async {
        let c = Client::connect_with(&db.url, options).await.unwrap();
        c.person().find_many().exec().await.unwrap();
    });
    assert!(capture.events_of("refract::query").is_empty());
    assert!(capture.events_of("refract::info").is_empty());
    assert_eq!(capture.ids("refract.query").len(), 1, "spans stay");
}

fn sql_commenter(database: Database) {
    let Some((rt, db)) = open(database, "observe_comments", "all_types") else {
        return;
    };
    let capture = Capture::default();
    let options = ClientOptions {
        comments: Some(
            SqlCommenter::new()
                .tag("application", "it's */ DROP TABLE x; /*")
                .plugin(|context: &CommentContext| {
                    vec![("route".into(), format!("/{}", context.action))]
                }),
        ),
        ..ClientOptions::default()
    };
    let secret = "s3cret-name";
    let seen = capture.run(&rt, async {
        let c = Client::connect_with(&db.url, options).await.unwrap();
        c.person()
            .create(person::create(secret))
            .exec()
            .await
            .unwrap();
        c.person()
            .find_first(person::name().equals(secret))
            .exec()
            .await
            .unwrap()
            .unwrap();
        // What the server says it is running: this very statement, with its tag.
        let own = match database {
            Database::Sqlite => None,
            Database::Postgres => {
                Some("SELECT query FROM pg_stat_activity WHERE pid = pg_backend_pid()")
            }
            Database::Mysql => {
                Some("SELECT INFO FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()")
            }
        };
        match own {
            Some(sql) => c
                .query_raw(sql, Vec::<Value>::new(), |r| r.read::<String>())
                .await
                .unwrap()
                .pop(),
            None => None,
        }
    });
    let sent: Vec<String> = capture
        .events_of("refract::query")
        .iter()
        .map(|e| e.fields["query"].clone())
        .collect();
    let tag = "/*action='findFirst',application='it\\'s%20*%2F%20DROP%20TABLE%20x%3B%20%2F*',model='Person',route='%2FfindFirst'*/";
    let find = sent
        .iter()
        .find(|s| s.starts_with("SELECT"))
        .expect("the find's statement");
    assert!(find.ends_with(&format!(" {tag}")), "{find}");
    assert!(
        sent.iter()
            .any(|s| s.starts_with("INSERT") && s.contains("action='create'")),
        "{sent:?}"
    );
    assert!(
        !sent.iter().any(|s| s.contains(secret)),
        "no value of the query in a tag: {sent:?}"
    );
    let raw = "/*action='queryRaw',application='it\\'s%20*%2F%20DROP%20TABLE%20x%3B%20%2F*',route='%2FqueryRaw'*/";
    match seen {
        Some(seen) => assert!(seen.ends_with(raw), "the server ran: {seen}"),
        None => assert!(database == Database::Sqlite, "the server's own text"),
    }
    // The db query span shows the text sent.
    let spans = capture.spans();
    assert!(
        spans
            .iter()
            .any(|s| s.name == "refract.query" && s.fields["db.query.text"] == *find),
        "{spans:#?}"
    );
}

#[test]
fn comments_are_sorted_escaped_and_never_close_early() {
    let context = CommentContext {
        model: Some("User"),
        action: "findMany",
    };
    assert_eq!(
        SqlCommenter::new().comment(&context).as_deref(),
        Some("/*action='findMany',model='User'*/")
    );
    let tags = SqlCommenter::new()
        .without_operation()
        .tag("z key", "a'b")
        .tag("!50000 x", "ü/*")
        .tag("a", "1")
        .tag("a", "2");
    assert_eq!(
        tags.comment(&context).as_deref(),
        Some("/*%2150000%20x='%C3%BC%2F*',a='2',z%20key='a\\'b'*/")
    );
    assert_eq!(
        SqlCommenter::new().without_operation().comment(&context),
        None
    );
    let raw = CommentContext {
        model: None,
        action: "executeRaw",
    };
    assert_eq!(
        SqlCommenter::new().comment(&raw).as_deref(),
        Some("/*action='executeRaw'*/")
    );
}

#[test]
fn span_tree_on_sqlite() {
    span_tree(Database::Sqlite);
}

#[test]
fn span_tree_on_postgres() {
    span_tree(Database::Postgres);
}

#[test]
fn span_tree_on_mysql() {
    span_tree(Database::Mysql);
}

#[test]
fn query_events_on_sqlite() {
    query_events(Database::Sqlite);
}

#[test]
fn query_events_on_postgres() {
    query_events(Database::Postgres);
}

#[test]
fn query_events_on_mysql() {
    query_events(Database::Mysql);
}

#[test]
fn sql_commenter_on_sqlite() {
    sql_commenter(Database::Sqlite);
}

#[test]
fn sql_commenter_on_postgres() {
    sql_commenter(Database::Postgres);
}

#[test]
fn sql_commenter_on_mysql() {
    sql_commenter(Database::Mysql);
}
