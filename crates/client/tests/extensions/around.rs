//! `Around` hooks (Prisma's `query(args)` continuation, docs/client.md#around-an-operation):
//! a hook that changes the result, one that times every operation it wraps, one that answers
//! without running the query, one that runs it twice; their order among themselves and after
//! the `QueryHook`s.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use client::{
    AggExpr, AggregateRow, Around, Client, CreateArgs, DeleteArgs, Error, Extension, Filter,
    HookFuture, Model, Next, OperationKind, QueryHook, ReadArgs, Result, UpdateArgs, UpsertArgs,
};

use super::db::{Models, Post, author, post};
use super::{a_post, an_author};

/// What the hooks of a test saw, in order.
#[derive(Clone, Default)]
pub(super) struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub(super) fn push(&self, line: String) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(line);
    }
    pub(super) fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Changes what reads of posts return: every title gets a "!" (a derived value written over
/// the field, which Prisma's `query(args)` hooks do with the result).
struct Shout;

impl Around<Post> for Shout {
    fn find_many<'a>(
        &'a self,
        args: ReadArgs<Post>,
        next: Next<'a, ReadArgs<Post>, Vec<Post>>,
    ) -> HookFuture<'a, Vec<Post>> {
        Box::pin(async move {
            let mut posts = next.run(args).await?;
            posts.iter_mut().for_each(|p| p.title.push('!'));
            Ok(posts)
        })
    }
    fn find_first<'a>(
        &'a self,
        args: ReadArgs<Post>,
        next: Next<'a, ReadArgs<Post>, Option<Post>>,
    ) -> HookFuture<'a, Option<Post>> {
        Box::pin(async move {
            let mut post = next.run(args).await?;
            if let Some(p) = &mut post {
                p.title.push('!');
            }
            Ok(post)
        })
    }
    fn create<'a>(
        &'a self,
        args: CreateArgs<Post>,
        next: Next<'a, CreateArgs<Post>, Post>,
    ) -> HookFuture<'a, Post> {
        Box::pin(async move {
            let mut post = next.run(args).await?;
            post.title.push('!');
            Ok(post)
        })
    }
}

/// An `Around` hook changes the result: the records returned, not those stored.
pub(crate) async fn an_around_hook_changes_the_result(c: &Client) {
    let ada = an_author(c, "ada@example.com").await;
    let x = c.extend(Extension::new().around::<Post>(Shout));
    let created = x
        .post()
        .create(post::create("a", "A", ada.id))
        .exec()
        .await
        .unwrap();
    assert_eq!(created.title, "A!");
    a_post(c, ada.id, "b").await;
    let titles: Vec<String> = x
        .post()
        .find_many()
        .order_by(post::slug().asc())
        .exec()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    assert_eq!(titles, ["A!", "B!"]);
    let b = x.post().find_unique(post::slug().equals("b"));
    assert_eq!(b.exec().await.unwrap().unwrap().title, "B!");
    let first = x.post().find_first_or_throw(post::slug().equals("a"));
    assert_eq!(first.exec().await.unwrap().unwrap().title, "A!");
    // Stored as given: the client without the extension reads "A".
    let stored = c.post().find_unique(post::slug().equals("a"));
    assert_eq!(stored.exec().await.unwrap().unwrap().title, "A");
    // Another model's operations are not wrapped.
    let authors = x.author().find_many().exec().await.unwrap();
    assert_eq!(authors.len(), 1);
}

/// Times every operation it wraps, on any model, logging the time and what came back.
#[derive(Clone)]
struct Timing(Log);

impl Timing {
    fn timed<'a, A: Send + 'a, T: Send + 'a>(
        &'a self,
        model: &'static str,
        op: OperationKind,
        args: A,
        next: Next<'a, A, T>,
        summary: fn(&T) -> String,
    ) -> HookFuture<'a, T> {
        Box::pin(async move {
            let start = Instant::now();
            let result = next.run(args).await;
            let took = start.elapsed();
            assert!(took > Duration::ZERO);
            let what = result
                .as_ref()
                .map_or_else(|e| e.code().to_owned(), summary);
            self.0.push(format!("{model}.{} → {what}", op.name()));
            result
        })
    }
}

/// `Timing`'s `Around` methods, one per operation, all the same body: time the operation and
/// log its result by `summary` (one line of the table each).
macro_rules! timed_operations {
    ($($method:ident($args:ident, $out:ty) => $summary:expr;)*) => {
        impl<M: Model> Around<M> for Timing {
            $(
                fn $method<'a>(
                    &'a self,
                    args: $args<M>,
                    next: Next<'a, $args<M>, $out>,
                ) -> HookFuture<'a, $out> {
                    let op = args.operation();
                    self.timed(M::META.name, op, args, next, $summary)
                }
            )*
        }
    };
}

timed_operations! {
    find_many(ReadArgs, Vec<M>) => |r| format!("{} records", r.len());
    find_first(ReadArgs, Option<M>) => |r| format!("{}", r.is_some());
    count(ReadArgs, i64) => |n| n.to_string();
    create(CreateArgs, M) => |_| "a record".into();
    update(UpdateArgs, M) => |_| "a record".into();
    upsert(UpsertArgs, M) => |_| "a record".into();
    delete(DeleteArgs, M) => |_| "a record".into();
    create_many(CreateArgs, u64) => |n| n.to_string();
    create_many_and_return(CreateArgs, Vec<M>) => |r| format!("{} records", r.len());
    update_many(UpdateArgs, u64) => |n| n.to_string();
    delete_many(DeleteArgs, u64) => |n| n.to_string();
    aggregate(ReadArgs, AggregateRow) => |_| "a row".into();
    group_by(ReadArgs, Vec<AggregateRow>) => |r| format!("{} groups", r.len());
}

/// A timing hook sees every operation it wraps, after it ran, with its result or its error.
pub(crate) async fn an_around_hook_times_operations(c: &Client) {
    let log = Log::default();
    let timing = Timing(log.clone());
    let x = c.extend(
        Extension::new()
            .around::<Post>(timing.clone())
            .around::<super::db::Author>(timing),
    );
    let ada = x
        .author()
        .create(author::create("ada@example.com", "Ada", "Lovelace"))
        .exec()
        .await
        .unwrap();
    let p = |slug: &str| post::create(slug, "T", ada.id);
    x.post().create(p("a")).exec().await.unwrap();
    x.post().find_many().exec().await.unwrap();
    x.post()
        .find_first(post::slug().equals("z"))
        .exec()
        .await
        .unwrap();
    let missing = x.post().find_unique_or_throw(post::slug().equals("z"));
    assert_eq!(missing.exec().await.unwrap_err().code(), "P2025");
    x.post().count().exec().await.unwrap();
    let update = x
        .post()
        .update(post::slug().equals("a"), vec![post::views().set(1)]);
    update.exec().await.unwrap();
    let upsert = x.post().upsert(post::slug().equals("b"), p("b"), vec![]);
    upsert.exec().await.unwrap();
    let delete = x.post().delete(post::slug().equals("b"));
    delete.exec().await.unwrap();
    let gone = x.post().delete(post::slug().equals("b"));
    assert_eq!(gone.exec().await.unwrap_err().code(), "P2025");
    x.post()
        .create_many(vec![p("c"), p("d")])
        .exec()
        .await
        .unwrap();
    let many = x
        .post()
        .update_many(Filter::all(), vec![post::views().set(2)]);
    many.exec().await.unwrap();
    x.post()
        .aggregate()
        .select(AggExpr::count_all())
        .exec()
        .await
        .unwrap();
    let group = x.post().group_by([post::author_id()]);
    group.select(AggExpr::count_all()).exec().await.unwrap();
    x.post()
        .delete_many(post::slug().equals("c"))
        .exec()
        .await
        .unwrap();
    // In a transaction of the extended client, and in a batch.
    let in_tx = x.transaction(async |tx| tx.post().count().exec().await);
    assert_eq!(in_tx.await.unwrap(), 2);
    let returned = x.post().create_many(vec![p("e")]).exec_and_return();
    returned.await.unwrap();
    let batch = x.batch((x.post().count(), x.post().find_many()));
    batch.await.unwrap();
    // Not wrapped (yet): the forms with a selection.
    let picked = x.post().find_many().select(post::select::id());
    assert_eq!(picked.exec().await.unwrap().len(), 3);
    assert_eq!(
        log.take(),
        [
            "Author.create → a record",
            "Post.create → a record",
            "Post.findMany → 1 records",
            "Post.findFirst → false",
            "Post.findUniqueOrThrow → false",
            "Post.count → 1",
            "Post.update → a record",
            "Post.upsert → a record",
            "Post.delete → a record",
            "Post.delete → P2025",
            "Post.createMany → 2",
            "Post.updateMany → 3",
            "Post.aggregate → a row",
            "Post.groupBy → 1 groups",
            "Post.deleteMany → 1",
            "Post.count → 2",
            "Post.createManyAndReturn → 1 records",
            "Post.count → 3",
            "Post.findMany → 3 records",
        ]
    );
}

/// Answers reads of posts from memory, and refuses deletes, without running a query.
struct Canned(Post);

impl Around<Post> for Canned {
    fn find_first<'a>(
        &'a self,
        args: ReadArgs<Post>,
        next: Next<'a, ReadArgs<Post>, Option<Post>>,
    ) -> HookFuture<'a, Option<Post>> {
        if args.operation() == OperationKind::FindUnique {
            return Box::pin(async move { Ok(Some(self.0.clone())) });
        }
        next.run(args)
    }
    fn count<'a>(
        &'a self,
        _: ReadArgs<Post>,
        _: Next<'a, ReadArgs<Post>, i64>,
    ) -> HookFuture<'a, i64> {
        Box::pin(async { Ok(42) })
    }
    fn delete<'a>(
        &'a self,
        _: DeleteArgs<Post>,
        _: Next<'a, DeleteArgs<Post>, Post>,
    ) -> HookFuture<'a, Post> {
        Box::pin(async { Err(Error::InvalidQuery("posts are kept".into())) })
    }
}

/// An `Around` hook answers without running the query: its value, or its error, is the
/// operation's result, and the database is not asked (the posts table is empty, then keeps
/// its one post).
pub(crate) async fn an_around_hook_short_circuits(c: &Client) {
    let ada = an_author(c, "ada@example.com").await;
    let canned = a_post(c, ada.id, "canned").await;
    c.post()
        .delete(post::id().equals(canned.id))
        .exec()
        .await
        .unwrap();
    let x = c.extend(Extension::new().around::<Post>(Canned(canned.clone())));
    let found = x.post().find_unique(post::slug().equals("anything"));
    assert_eq!(found.exec().await.unwrap().map(|p| p.id), Some(canned.id));
    // `findFirst` runs the query: nothing there.
    let first = x.post().find_first(post::slug().equals("canned"));
    assert!(first.exec().await.unwrap().is_none());
    assert_eq!(x.post().count().exec().await.unwrap(), 42);
    assert_eq!(c.post().count().exec().await.unwrap(), 0);
    a_post(c, ada.id, "kept").await;
    let refused = x.post().delete(post::slug().equals("kept")).exec().await;
    assert_eq!(refused.unwrap_err().code(), "P2009");
    assert_eq!(c.post().count().exec().await.unwrap(), 1);
}

/// Runs a `count` a first time with a filter of its own (nothing matches), then again with
/// the arguments it was given.
struct Twice(Log);

impl Around<Post> for Twice {
    fn count<'a>(
        &'a self,
        args: ReadArgs<Post>,
        next: Next<'a, ReadArgs<Post>, i64>,
    ) -> HookFuture<'a, i64> {
        Box::pin(async move {
            let mut narrowed = ReadArgs::clone(&args);
            narrowed.filter(post::slug().equals("no such post"));
            let first = next.run(narrowed).await?;
            self.0.push(format!("first run: {first}"));
            next.run(args).await
        })
    }
}

/// Logs when it runs, before and after the operation.
struct Layer(&'static str, Log);

impl Around<Post> for Layer {
    fn find_many<'a>(
        &'a self,
        args: ReadArgs<Post>,
        next: Next<'a, ReadArgs<Post>, Vec<Post>>,
    ) -> HookFuture<'a, Vec<Post>> {
        Box::pin(async move {
            self.1.push(format!("{} before", self.0));
            let posts = next.run(args).await;
            self.1.push(format!("{} after", self.0));
            posts
        })
    }
}

/// Adds a filter to every read (runs before the `Around` hooks, whatever the order).
struct OnlyA(Log);

impl QueryHook<Post> for OnlyA {
    fn read(&self, args: &mut ReadArgs<Post>) -> Result<()> {
        self.0.push("filter".into());
        args.filter(post::slug().equals("a"));
        Ok(())
    }
}

/// An `Around` hook may run the operation twice; several nest, the first registered
/// outermost, inside the `QueryHook`s, whose filter they see.
pub(crate) async fn around_hooks_run_twice_and_nest(c: &Client) {
    let ada = an_author(c, "ada@example.com").await;
    for slug in ["a", "b"] {
        a_post(c, ada.id, slug).await;
    }
    let log = Log::default();
    let twice = c.extend(Extension::new().around::<Post>(Twice(log.clone())));
    assert_eq!(twice.post().count().exec().await.unwrap(), 2);
    assert_eq!(log.take(), ["first run: 0"]);

    let layered = c
        .extend(Extension::new().around::<Post>(Layer("outer", log.clone())))
        .extend(
            Extension::new()
                .around::<Post>(Layer("inner", log.clone()))
                .query::<Post>(OnlyA(log.clone())),
        );
    let posts = layered.post().find_many().exec().await.unwrap();
    assert_eq!(
        posts.iter().map(|p| p.slug.as_str()).collect::<Vec<_>>(),
        ["a"]
    );
    assert_eq!(
        log.take(),
        [
            "filter",
            "outer before",
            "inner before",
            "inner after",
            "outer after"
        ]
    );
}
