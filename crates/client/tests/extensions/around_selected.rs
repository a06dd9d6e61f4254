//! `Around` hooks on the forms with `select` or `omit` (`Around::selected`, decision 0036),
//! one table of forms: a hook that counts runs once per operation and sees its operation and
//! how many records came back; one that changes the arguments changes what the form returns;
//! one that refuses gives its error and sends no statement; one that runs `next` twice runs
//! the form twice. The `QueryHook`s run before, once.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use client::{
    Around, Client, CreateArgs, Error, Extension, Filter, HookFuture, QueryHook, Result,
    SelectCall, Selected,
};

use super::around::Log;
use super::db::{Models, Post, post};
use super::support::QueryCounter;
use super::{a_post, an_author};

/// Each form with a selection, on posts.
#[derive(Debug, Clone, Copy)]
enum Form {
    FindMany,
    FindManyOmit,
    FindFirst,
    FindFirstOrThrow,
    FindUnique,
    FindUniqueOrThrow,
    Create,
    CreateManyAndReturn,
    Update,
    Upsert,
    Delete,
}

/// What `form` returns on `x` (the titles or slugs it selected, or the error's code), with
/// posts "a" and "b" of author `ada` in the table.
async fn run(form: Form, x: &Client, ada: i32) -> String {
    fn show<T: std::fmt::Debug>(result: Result<T>) -> String {
        result.map_or_else(|e| e.code().to_owned(), |v| format!("{v:?}"))
    }
    let slug = post::select::slug;
    let title = post::select::title;
    let a = || post::slug().equals("a");
    match form {
        Form::FindMany => show(
            x.post()
                .find_many()
                .order_by(post::slug().asc())
                .select(slug())
                .exec()
                .await,
        ),
        Form::FindManyOmit => {
            let omitted = x.post().find_many().order_by(post::slug().asc());
            let posts = omitted.omit(post::omit::Title).exec().await;
            show(posts.map(|p| p.into_iter().map(|p| p.slug).collect::<Vec<_>>()))
        }
        Form::FindFirst => {
            let first = x.post().find_first(Filter::all());
            show(
                first
                    .order_by(post::slug().asc())
                    .select(slug())
                    .exec()
                    .await,
            )
        }
        Form::FindFirstOrThrow => show(
            x.post()
                .find_first_or_throw(a())
                .select(slug())
                .exec()
                .await,
        ),
        Form::FindUnique => show(x.post().find_unique(a()).select(slug()).exec().await),
        Form::FindUniqueOrThrow => {
            let unique = x.post().find_unique(a()).select(slug());
            show(unique.exec_or_throw().await)
        }
        Form::Create => {
            let create = x.post().create(post::create("c", "C", ada));
            show(create.select(title()).exec().await)
        }
        Form::CreateManyAndReturn => {
            let data = vec![post::create("c", "C", ada), post::create("d", "D", ada)];
            let many = x.post().create_many(data).select(title());
            show(many.exec_and_return().await)
        }
        Form::Update => {
            let update = x.post().update(a(), vec![post::views().set(1)]);
            show(update.select(title()).exec().await)
        }
        Form::Upsert => {
            let e = post::slug().equals("e");
            let upsert = x.post().upsert(
                e,
                post::create("e", "E", ada),
                vec![post::title().set("E2")],
            );
            show(upsert.select(title()).exec().await)
        }
        Form::Delete => show(x.post().delete(a()).select(title()).exec().await),
    }
}

/// Per form: Prisma's name of its operation, what it returns without hooks, the records a
/// hook sees, what it returns when `Changes` changed its arguments, and when `Twice` ran it
/// twice (the second run's result: a create's second run meets the first's unique slug).
const FORMS: [(Form, &str, &str, usize, &str, &str); 11] = [
    (
        Form::FindMany,
        "findMany",
        r#"["a", "b"]"#,
        2,
        r#"["b"]"#,
        r#"["a", "b"]"#,
    ),
    (
        Form::FindManyOmit,
        "findMany",
        r#"["a", "b"]"#,
        2,
        r#"["b"]"#,
        r#"["a", "b"]"#,
    ),
    (
        Form::FindFirst,
        "findFirst",
        r#"Some("a")"#,
        1,
        r#"Some("b")"#,
        r#"Some("a")"#,
    ),
    (
        Form::FindFirstOrThrow,
        "findFirstOrThrow",
        r#"Some("a")"#,
        1,
        "P2025",
        r#"Some("a")"#,
    ),
    (
        Form::FindUnique,
        "findUnique",
        r#"Some("a")"#,
        1,
        "None",
        r#"Some("a")"#,
    ),
    (
        Form::FindUniqueOrThrow,
        "findUniqueOrThrow",
        r#""a""#,
        1,
        "P2025",
        r#""a""#,
    ),
    (Form::Create, "create", r#""C""#, 1, r#""hooked""#, "P2002"),
    (
        Form::CreateManyAndReturn,
        "createManyAndReturn",
        r#"["C", "D"]"#,
        2,
        r#"["hooked", "hooked"]"#,
        "P2002",
    ),
    (Form::Update, "update", r#""A""#, 1, "P2025", r#""A""#),
    (
        Form::Upsert,
        "upsert",
        r#""E""#,
        1,
        r#""hooked""#,
        r#""E2""#,
    ),
    (Form::Delete, "delete", r#""A""#, 1, "P2025", "P2025"),
];

/// The `Around` hooks of the table, each with `selected` only.
enum Hook {
    /// Logs the operation and the records it returned (or its error), after it ran.
    Counts(Log),
    /// Changes the arguments: reads, updates and deletes get `slug = "b"` added to their
    /// filter, creates the title "hooked".
    Changes,
    /// Refuses, without running the operation.
    Refuses,
    /// Runs the operation twice, returning the second run's result.
    Twice,
}

impl Around<Post> for Hook {
    fn selected<'a>(&'a self, call: SelectCall<'a, Post>) -> HookFuture<'a, Selected<'a>> {
        let b = || post::slug().equals("b");
        match self {
            Hook::Counts(log) => Box::pin(async move {
                let op = call.operation().name();
                let result = call.run().await;
                let what = result
                    .as_ref()
                    .map_or_else(|e| e.code().to_owned(), |s| s.records().to_string());
                log.push(format!("{op} → {what}"));
                result
            }),
            Hook::Changes => match call {
                SelectCall::Read(mut args, next) => {
                    args.filter(b());
                    next.run(args)
                }
                SelectCall::Create(mut args, next) => {
                    args.set_each(|| post::title().set("hooked"));
                    next.run(args)
                }
                SelectCall::Update(mut args, next) => {
                    args.filter(b());
                    next.run(args)
                }
                SelectCall::Upsert(mut args, next) => {
                    args.set_on_create(post::title().set("hooked"));
                    next.run(args)
                }
                SelectCall::Delete(mut args, next) => {
                    args.filter(b());
                    next.run(args)
                }
                call => call.run(),
            },
            Hook::Refuses => Box::pin(async { Err(Error::InvalidQuery("refused".into())) }),
            Hook::Twice => Box::pin(async move {
                let again = call.clone();
                let first = call.run().await;
                drop(first);
                again.run().await
            }),
        }
    }
}

/// Posts "a" and "b" of a fresh author, and nothing else.
async fn reset(c: &Client) -> i32 {
    c.post().delete_many(Filter::all()).exec().await.unwrap();
    c.author().delete_many(Filter::all()).exec().await.unwrap();
    let ada = an_author(c, "ada@example.com").await;
    for slug in ["a", "b"] {
        a_post(c, ada.id, slug).await;
    }
    ada.id
}

/// `form` on `x`, and the statements it sent.
async fn counted(form: Form, x: &Client, ada: i32) -> (String, usize) {
    let statements = Arc::new(AtomicUsize::new(0));
    let guard = tracing::subscriber::set_default(QueryCounter(statements.clone()));
    let out = run(form, x, ada).await;
    drop(guard);
    (out, statements.load(Ordering::SeqCst))
}

/// Every form with a selection runs the model's `Around` hooks' `selected`, once, with its
/// operation and typed arguments.
pub(crate) async fn around_hooks_wrap_the_select_forms(c: &Client) {
    let log = Log::default();
    for (form, op, plain, records, changed, twice) in FORMS {
        let ada = reset(c).await;
        let (out, plain_statements) = counted(form, c, ada).await;
        assert_eq!(out, plain, "{form:?} without hooks");
        assert!(plain_statements > 0, "{form:?} sends statements");

        let ada = reset(c).await;
        let x = c.extend(Extension::new().around::<Post>(Hook::Counts(log.clone())));
        assert_eq!(run(form, &x, ada).await, plain, "{form:?} counted");
        assert_eq!(log.take(), [format!("{op} → {records}")], "{form:?}");

        let ada = reset(c).await;
        let x = c.extend(Extension::new().around::<Post>(Hook::Changes));
        assert_eq!(
            run(form, &x, ada).await,
            changed,
            "{form:?} with changed arguments"
        );

        let ada = reset(c).await;
        let x = c.extend(Extension::new().around::<Post>(Hook::Refuses));
        let (out, statements) = counted(form, &x, ada).await;
        assert_eq!((out.as_str(), statements), ("P2009", 0), "{form:?} refused");

        let ada = reset(c).await;
        let x = c.extend(Extension::new().around::<Post>(Hook::Twice));
        let (out, statements) = counted(form, &x, ada).await;
        assert_eq!(out, twice, "{form:?} run twice");
        if out == plain {
            assert_eq!(statements, 2 * plain_statements, "{form:?} run twice");
        }
    }
}

/// Sets every title created to "set by a hook".
struct Titled(Log);

impl QueryHook<Post> for Titled {
    fn create(&self, args: &mut CreateArgs<Post>) -> Result<()> {
        self.0
            .push(format!("query hook: {}", args.operation().name()));
        args.set_each(|| post::title().set("set by a hook"));
        Ok(())
    }
}

/// The `QueryHook`s of a form with a selection run once, before its `Around` hooks, whose
/// arguments hold what they set (`createManyAndReturn`'s form ran none before 0036); the
/// record methods of an `Around` hook (here `Counts`' defaults) do not run for it.
pub(crate) async fn query_hooks_run_once_before_selected(c: &Client) {
    let ada = reset(c).await;
    let log = Log::default();
    let x = c.extend(
        Extension::new()
            .around::<Post>(Hook::Counts(log.clone()))
            .query::<Post>(Titled(log.clone())),
    );
    let data = vec![post::create("c", "C", ada), post::create("d", "D", ada)];
    let many = x.post().create_many(data).select(post::select::title());
    let titles = many.exec_and_return().await.unwrap();
    assert_eq!(titles, ["set by a hook", "set by a hook"]);
    let one = x.post().create(post::create("e", "E", ada));
    let title = one.select(post::select::title()).exec().await.unwrap();
    assert_eq!(title, "set by a hook");
    assert_eq!(
        log.take(),
        [
            "query hook: createManyAndReturn",
            "createManyAndReturn → 2",
            "query hook: create",
            "create → 1",
        ]
    );
}
