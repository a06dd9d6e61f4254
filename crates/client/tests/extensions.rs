//! Extensions, the Rust form of Prisma's `$extends` (docs/client.md#extensions), on SQLite,
//! PostgreSQL and MariaDB, through the generated client of
//! `crates/client-gen/tests/fixtures/extensions.prisma`: every operation kind through a query
//! hook; the two worked examples of the docs, soft delete (a delete becomes an update setting
//! `deletedAt`; reads, counts, aggregates and includes hide deleted rows) and multi-tenant
//! scoping (every read and write of a scoped model filtered by the tenant, a create given the
//! tenant's id, another tenant's row never read or changed); computed fields; model and client
//! methods; `Around` hooks (`extensions/around.rs`), also on the forms with `select` or `omit`
//! (`extensions/around_selected.rs`). The docs' code blocks of the section are this file's code (checked below).

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/extensions.rs");
}

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use client::__private::reexports::chrono::Utc;
use client::{
    AggExpr, Client, Computed, CreateArgs, Delegate, DeleteArgs, Error, Extension, Filter, Model,
    Pick, QueryHook, ReadArgs, Result, Set, UpdateArgs, UpsertArgs, Whole, computed,
};
use db::{Author, Models, Post, author, post};
use test_support::TestDatabase;

#[path = "extensions/around.rs"]
mod around;
#[path = "extensions/around_selected.rs"]
mod around_selected;
#[path = "extensions/order_by_count.rs"]
mod order_by_count;
use around::{
    an_around_hook_changes_the_result, an_around_hook_short_circuits,
    an_around_hook_times_operations, around_hooks_run_twice_and_nest,
};
use around_selected::{around_hooks_wrap_the_select_forms, query_hooks_run_once_before_selected};
use order_by_count::soft_delete_holds_in_order_by_count;
#[allow(
    dead_code,
    reason = "this test uses the statement counter of the support module"
)]
mod support;

// ---- Soft delete (docs/client.md#soft-delete) ----

/// A model deleted softly: a `deletedAt` column, set instead of deleting the row.
trait SoftDeletable: Model {
    /// The records not deleted.
    fn live() -> Filter<Self>;
    /// Marks a record deleted.
    fn mark_deleted() -> Set<Self>;
}

impl SoftDeletable for Post {
    fn live() -> Filter<Post> {
        post::deleted_at().is_null()
    }
    fn mark_deleted() -> Set<Post> {
        post::deleted_at().set(Utc::now())
    }
}

impl SoftDeletable for Author {
    fn live() -> Filter<Author> {
        author::deleted_at().is_null()
    }
    fn mark_deleted() -> Set<Author> {
        author::deleted_at().set(Utc::now())
    }
}

/// Reads and updates see live records only; a delete sets `deletedAt` instead.
struct SoftDelete;

impl<M: SoftDeletable> QueryHook<M> for SoftDelete {
    fn read(&self, args: &mut ReadArgs<M>) -> Result<()> {
        args.filter(M::live());
        Ok(())
    }
    fn update(&self, args: &mut UpdateArgs<M>) -> Result<()> {
        args.filter(M::live());
        Ok(())
    }
    fn delete(&self, args: &mut DeleteArgs<M>) -> Result<()> {
        args.filter(M::live());
        args.update_instead(vec![M::mark_deleted()]);
        Ok(())
    }
}

fn soft_delete(client: &Client) -> Client {
    client.extend(
        Extension::new()
            .query::<Post>(SoftDelete)
            .query::<Author>(SoftDelete),
    )
}

// ---- Multi-tenant scoping (docs/client.md#multi-tenant-scoping) ----

/// A model whose records belong to a tenant (a `tenantId` column).
trait Scoped: Model {
    /// The records of `tenant`.
    fn of(tenant: i32) -> Filter<Self>;
    /// Gives a record to `tenant`.
    fn give(tenant: i32) -> Set<Self>;
    /// The column holding the tenant.
    const TENANT: &'static str;
}

impl Scoped for Post {
    fn of(tenant: i32) -> Filter<Post> {
        post::tenant_id().equals(tenant)
    }
    fn give(tenant: i32) -> Set<Post> {
        post::tenant_id().set(tenant)
    }
    const TENANT: &'static str = "tenantId";
}

impl Scoped for Author {
    fn of(tenant: i32) -> Filter<Author> {
        author::tenant_id().equals(tenant)
    }
    fn give(tenant: i32) -> Set<Author> {
        author::tenant_id().set(tenant)
    }
    const TENANT: &'static str = "tenantId";
}

/// Every read and write of a scoped model is the tenant's: filtered by it, and creates
/// given its id; an update may not move a record to another tenant.
struct Tenant(i32);

impl<M: Scoped> QueryHook<M> for Tenant {
    fn read(&self, args: &mut ReadArgs<M>) -> Result<()> {
        args.filter(M::of(self.0));
        Ok(())
    }
    fn create(&self, args: &mut CreateArgs<M>) -> Result<()> {
        args.set_each(|| M::give(self.0));
        Ok(())
    }
    fn update(&self, args: &mut UpdateArgs<M>) -> Result<()> {
        if args.sets(M::TENANT) {
            return Err(Error::InvalidQuery(format!(
                "{} records cannot move to another tenant",
                M::META.name
            )));
        }
        args.filter(M::of(self.0));
        Ok(())
    }
    fn upsert(&self, args: &mut UpsertArgs<M>) -> Result<()> {
        args.filter(M::of(self.0));
        args.set_on_create(M::give(self.0));
        Ok(())
    }
    fn delete(&self, args: &mut DeleteArgs<M>) -> Result<()> {
        args.filter(M::of(self.0));
        Ok(())
    }
}

fn for_tenant(client: &Client, tenant: i32) -> Client {
    client.extend(
        Extension::new()
            .query::<Author>(Tenant(tenant))
            .query::<Post>(Tenant(tenant)),
    )
}

// ---- Computed fields (docs/client.md#computed-fields) ----

/// `firstName lastName`.
struct FullName;

impl Computed<Author> for FullName {
    type Needs = (Pick<Author, String>, Pick<Author, String>);
    type Output = String;
    fn needs(&self) -> Self::Needs {
        (author::select::first_name(), author::select::last_name())
    }
    fn compute(&self, (first, last): (String, String)) -> String {
        format!("{first} {last}")
    }
}

// ---- Model and client methods (docs/client.md#model-and-client-methods) ----

/// Methods of `client.author()`.
trait AuthorMethods {
    /// The author with this email, if any.
    async fn by_email(&self, email: &str) -> Result<Option<Author>>;
}

impl AuthorMethods for Delegate<'_, Author> {
    async fn by_email(&self, email: &str) -> Result<Option<Author>> {
        self.find_unique(author::email().equals(email)).exec().await
    }
}

/// Methods of the client.
trait Stats {
    /// How many posts there are, and how many authors.
    async fn totals(&self) -> Result<(i64, i64)>;
}

impl Stats for Client {
    async fn totals(&self) -> Result<(i64, i64)> {
        Ok((
            self.post().count().exec().await?,
            self.author().count().exec().await?,
        ))
    }
}

// ---- The tests ----

/// Records the operations its hooks see.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Recorder {
    fn log<M: Model>(&self, op: client::OperationKind) -> Result<()> {
        let mut log = self.0.lock().unwrap_or_else(|e| e.into_inner());
        log.push(format!("{}.{}", M::META.name, op.name()));
        Ok(())
    }
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl<M: Model> QueryHook<M> for Recorder {
    fn read(&self, args: &mut ReadArgs<M>) -> Result<()> {
        self.log::<M>(args.operation())
    }
    fn create(&self, args: &mut CreateArgs<M>) -> Result<()> {
        self.log::<M>(args.operation())
    }
    fn update(&self, args: &mut UpdateArgs<M>) -> Result<()> {
        self.log::<M>(args.operation())
    }
    fn upsert(&self, args: &mut UpsertArgs<M>) -> Result<()> {
        self.log::<M>(args.operation())
    }
    fn delete(&self, args: &mut DeleteArgs<M>) -> Result<()> {
        self.log::<M>(args.operation())
    }
}

async fn an_author(c: &Client, email: &str) -> Author {
    c.author()
        .create(author::create(email, "Ada", "Lovelace"))
        .exec()
        .await
        .unwrap()
}

async fn a_post(c: &Client, author: i32, slug: &str) -> Post {
    c.post()
        .create(post::create(slug, slug.to_uppercase(), author))
        .exec()
        .await
        .unwrap()
}

/// Every operation kind runs the hooks registered for its model, with its operation; the
/// other model's operations run none.
async fn every_operation_runs_its_hook(c: &Client) {
    let ada = an_author(c, "ada@example.com").await;
    let rec = Recorder::default();
    let x = c.extend(Extension::new().query::<Post>(rec.clone()));
    let p = |slug: &str| post::create(slug, "T", ada.id);

    x.post().create(p("a")).exec().await.unwrap();
    x.post()
        .create_many(vec![p("b"), p("c")])
        .exec()
        .await
        .unwrap();
    x.post().find_many().exec().await.unwrap();
    x.post()
        .find_first(post::slug().equals("a"))
        .exec()
        .await
        .unwrap();
    let first = x.post().find_first_or_throw(post::slug().equals("a"));
    first.exec().await.unwrap();
    x.post()
        .find_unique(post::slug().equals("a"))
        .exec()
        .await
        .unwrap();
    let unique = x.post().find_unique_or_throw(post::slug().equals("a"));
    unique.exec().await.unwrap();
    x.post().count().exec().await.unwrap();
    let aggregate = x.post().aggregate().select(AggExpr::count_all());
    aggregate.exec().await.unwrap();
    let group = x.post().group_by([post::author_id()]);
    group.select(AggExpr::count_all()).exec().await.unwrap();
    let update = x
        .post()
        .update(post::slug().equals("a"), vec![post::views().set(1)]);
    update.exec().await.unwrap();
    let many = x
        .post()
        .update_many(Filter::all(), vec![post::views().set(2)]);
    many.exec().await.unwrap();
    let upsert = x
        .post()
        .upsert(post::slug().equals("d"), p("d"), vec![post::views().set(3)]);
    upsert.exec().await.unwrap();
    x.post()
        .delete(post::slug().equals("d"))
        .exec()
        .await
        .unwrap();
    x.post()
        .delete_many(post::slug().equals("c"))
        .exec()
        .await
        .unwrap();
    let include = x.author().find_many().include(author::include::posts());
    include.exec().await.unwrap();
    x.post()
        .find_many()
        .select(post::select::id())
        .exec()
        .await
        .unwrap();

    let ops = [
        "create",
        "createMany",
        "findMany",
        "findFirst",
        "findFirstOrThrow",
        "findUnique",
        "findUniqueOrThrow",
        "count",
        "aggregate",
        "groupBy",
        "update",
        "updateMany",
        "upsert",
        "delete",
        "deleteMany",
        "include",
        "findMany",
    ];
    let want: Vec<String> = ops.iter().map(|op| format!("Post.{op}")).collect();
    assert_eq!(rec.take(), want);

    // Transactions and batches of the extended client run them too.
    x.transaction(async |tx| tx.post().count().exec().await)
        .await
        .unwrap();
    x.post()
        .create_many(vec![p("e")])
        .exec_and_return()
        .await
        .unwrap();
    x.batch((x.post().count(), x.post().find_many()))
        .await
        .unwrap();
    assert_eq!(
        rec.take(),
        [
            "Post.count",
            "Post.createManyAndReturn",
            "Post.count",
            "Post.findMany"
        ]
    );

    // The client extended from is unchanged.
    c.post().count().exec().await.unwrap();
    assert!(rec.take().is_empty());
}

/// A hook's error is the operation's result: nothing runs.
async fn a_hook_can_refuse(c: &Client) {
    struct ReadOnly;
    impl QueryHook<Post> for ReadOnly {
        fn create(&self, _: &mut CreateArgs<Post>) -> Result<()> {
            Err(Error::InvalidQuery("read-only client".into()))
        }
    }
    let ada = an_author(c, "ada@example.com").await;
    let x = c.extend(Extension::new().query::<Post>(ReadOnly));
    let err = x
        .post()
        .create(post::create("a", "A", ada.id))
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2009", "{err:?}");
    assert_eq!(c.post().count().exec().await.unwrap(), 0);
}

/// Soft delete: `delete` sets `deletedAt` and returns the record; reads, counts, aggregates,
/// includes and updates no longer see it; the rows are all still there.
async fn soft_delete_hides_deleted_rows(c: &Client) {
    let ada = an_author(c, "ada@example.com").await;
    for slug in ["a", "b", "c", "d"] {
        a_post(c, ada.id, slug).await;
    }
    let soft = soft_delete(c);

    let deleted = soft
        .post()
        .delete(post::slug().equals("b"))
        .exec()
        .await
        .unwrap();
    assert_eq!(deleted.slug, "b");
    assert!(deleted.deleted_at.is_some());
    // Deleting it again finds nothing (P2025), as for a record gone.
    let again = soft.post().delete(post::slug().equals("b")).exec().await;
    assert_eq!(again.unwrap_err().code(), "P2025");

    // deleteMany: an update of the live records, counted.
    let n = soft
        .post()
        .delete_many(post::slug().in_vec(["b".to_owned(), "c".to_owned()]))
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 1);

    let slugs = |posts: Vec<Post>| posts.into_iter().map(|p| p.slug).collect::<Vec<_>>();
    let live = soft.post().find_many().order_by(post::slug().asc());
    assert_eq!(slugs(live.exec().await.unwrap()), ["a", "d"]);
    assert_eq!(soft.post().count().exec().await.unwrap(), 2);
    let gone = soft.post().find_unique(post::slug().equals("b"));
    assert!(gone.exec().await.unwrap().is_none());
    let first = soft.post().find_first(post::slug().equals("c"));
    assert!(first.exec().await.unwrap().is_none());
    let aggregate = soft.post().aggregate().select(AggExpr::count_all());
    assert_eq!(aggregate.exec().await.unwrap().count_all(), Some(2));
    let selected = soft.post().find_many().select(post::select::slug());
    assert_eq!(selected.exec().await.unwrap().len(), 2);

    // Includes hide them too.
    let with_posts = soft
        .author()
        .find_unique(author::id().equals(ada.id))
        .include(author::include::posts())
        .exec()
        .await
        .unwrap()
        .unwrap();
    let included: Vec<String> = with_posts
        .posts
        .get()
        .unwrap()
        .iter()
        .map(|p| p.slug.clone())
        .collect();
    assert_eq!(included.len(), 2, "{included:?}");
    // And relations in a `select`.
    let selected = soft
        .author()
        .find_many()
        .select((
            author::select::id(),
            author::select::posts(post::select::slug()),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(selected[0].1.len(), 2, "{selected:?}");

    // An update of a deleted record finds nothing.
    let update = soft
        .post()
        .update(post::slug().equals("b"), vec![post::views().set(5)]);
    assert_eq!(update.exec().await.unwrap_err().code(), "P2025");

    // The rows are there: the client without the extension sees all four.
    assert_eq!(c.post().count().exec().await.unwrap(), 4);
    let deleted = c.post().find_many().filter(!post::deleted_at().is_null());
    assert_eq!(deleted.exec().await.unwrap().len(), 2);

    // The hooks hold in transactions of the extended client.
    let in_tx = soft
        .transaction(async |tx| tx.post().count().exec().await)
        .await
        .unwrap();
    assert_eq!(in_tx, 2);
}

/// Soft delete holds in relation counts (`_count`): with a filter or not, in a `select`, an
/// include's `with_counts`, and a relation selected from another model.
async fn soft_delete_holds_in_relation_counts(c: &Client) {
    let ada = an_author(c, "ada@example.com").await;
    for slug in ["a", "b", "c"] {
        a_post(c, ada.id, slug).await;
    }
    let soft = soft_delete(c);
    let deleted = soft.post().delete(post::slug().equals("b"));
    deleted.exec().await.unwrap();

    let counted = soft
        .author()
        .find_many()
        .select((
            author::posts().count(),
            author::posts().count().filter(post::views().gte(0)),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(counted, [(2, 2)]);
    let with_counts = soft
        .author()
        .find_many()
        .with_counts(author::posts().count());
    let (record, n) = with_counts.exec().await.unwrap().remove(0);
    assert_eq!((record.id, n), (ada.id, 2));
    let nested = soft
        .post()
        .find_first(post::slug().equals("a"))
        .select(post::select::author(author::posts().count()))
        .exec()
        .await
        .unwrap();
    assert_eq!(nested, Some(2));
    // Without the extension, every row is counted.
    let all = c.author().find_many().select(author::posts().count());
    assert_eq!(all.exec().await.unwrap(), [3]);
}
/// Multi-tenant scoping: each tenant's client reads and changes its own rows only; a create
/// is given the tenant's id.
async fn tenants_see_only_their_rows(c: &Client) {
    let (one, two) = (for_tenant(c, 1), for_tenant(c, 2));
    let ada = an_author(&one, "ada@example.com").await;
    let bob = an_author(&two, "bob@example.com").await;
    assert_eq!((ada.tenant_id, bob.tenant_id), (1, 2));
    for slug in ["a1", "b1"] {
        a_post(&one, ada.id, slug).await;
    }
    let theirs = a_post(&two, bob.id, "a2").await;
    assert_eq!(theirs.tenant_id, 2);
    // A post of tenant 2 under tenant 1's author (written without the extension): tenant 1
    // does not see it in its includes either.
    let stray = post::create("stray", "S", ada.id).set(post::tenant_id().set(2));
    c.post().create(stray).exec().await.unwrap();

    // Reads.
    assert_eq!(one.post().count().exec().await.unwrap(), 2);
    assert_eq!(two.post().count().exec().await.unwrap(), 2);
    let find = one.post().find_unique(post::slug().equals("a2"));
    assert!(find.exec().await.unwrap().is_none());
    let all = one.post().find_many().exec().await.unwrap();
    assert!(all.iter().all(|p| p.tenant_id == 1), "{all:?}");
    let authors = one
        .author()
        .find_many()
        .include(author::include::posts())
        .exec()
        .await
        .unwrap();
    assert_eq!(authors.len(), 1);
    assert_eq!(authors[0].posts.get().map(Vec::len), Some(2));
    let group = one.post().group_by([post::author_id()]);
    let groups = group.select(AggExpr::count_all()).exec().await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].count_all(), Some(2));

    // Writes of another tenant's row change nothing.
    let update = one
        .post()
        .update(post::slug().equals("a2"), vec![post::title().set("x")]);
    assert_eq!(update.exec().await.unwrap_err().code(), "P2025");
    let many = one
        .post()
        .update_many(Filter::all(), vec![post::views().set(7)]);
    assert_eq!(many.exec().await.unwrap(), 2);
    let delete = one.post().delete(post::slug().equals("a2")).exec().await;
    assert_eq!(delete.unwrap_err().code(), "P2025");
    let upsert = one.post().upsert(
        post::slug().equals("b1"),
        post::create("b1", "new", ada.id),
        vec![post::title().set("B1")],
    );
    assert_eq!(upsert.exec().await.unwrap().title, "B1");
    // An upsert of another tenant's record does not update it: none of tenant 1's matches, so
    // it creates one, which the unique slug refuses.
    let theirs_upsert = one.post().upsert(
        post::slug().equals("a2"),
        post::create("a2", "mine", ada.id),
        vec![post::title().set("mine")],
    );
    assert_eq!(theirs_upsert.exec().await.unwrap_err().code(), "P2002");
    // Moving a record to another tenant is refused by the hook.
    let moving = one
        .post()
        .update(post::slug().equals("a1"), vec![post::tenant_id().set(2)]);
    assert_eq!(moving.exec().await.unwrap_err().code(), "P2009");
    let gone = one.post().delete_many(Filter::all()).exec().await.unwrap();
    assert_eq!(gone, 2);

    // Tenant 2's rows are as they were.
    let left = c.post().find_many().order_by(post::slug().asc());
    let left = left.exec().await.unwrap();
    let left: Vec<_> = left.iter().map(|p| (p.slug.as_str(), p.views)).collect();
    assert_eq!(left, [("a2", 0), ("stray", 0)]);
    let theirs_now = c.post().find_unique(post::slug().equals("a2"));
    assert_eq!(theirs_now.exec().await.unwrap().unwrap().title, "A2");
}

/// Soft delete and tenant scoping together: hooks of both extensions run, in order.
async fn extensions_compose(c: &Client) {
    let both = soft_delete(&for_tenant(c, 1));
    let ada = an_author(&both, "ada@example.com").await;
    a_post(&both, ada.id, "a").await;
    a_post(&for_tenant(c, 2), ada.id, "b").await;
    both.post()
        .delete(post::slug().equals("a"))
        .exec()
        .await
        .unwrap();
    assert_eq!(both.post().count().exec().await.unwrap(), 0);
    // Tenant 2's post cannot be deleted through tenant 1, softly or not.
    let other = both.post().delete(post::slug().equals("b")).exec().await;
    assert_eq!(other.unwrap_err().code(), "P2025");
    assert_eq!(c.post().count().exec().await.unwrap(), 2);
}

/// A computed field: read beside the whole record or beside other fields, from exactly the
/// fields it needs.
async fn computed_fields(c: &Client) {
    an_author(c, "ada@example.com").await;
    let (record, full) = c
        .author()
        .find_first(author::email().equals("ada@example.com"))
        .select((Whole::new(), computed(FullName)))
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.email, "ada@example.com");
    assert_eq!(full, "Ada Lovelace");
    let picked = c
        .author()
        .find_many()
        .select((author::select::id(), computed(FullName)))
        .exec()
        .await
        .unwrap();
    assert_eq!(picked, [(record.id, "Ada Lovelace".to_owned())]);
}

/// Model methods (a trait on the model's delegate) and client methods (a trait on the
/// client) run with the client's extensions.
async fn model_and_client_methods(c: &Client) {
    let ada = an_author(c, "ada@example.com").await;
    a_post(c, ada.id, "a").await;
    let found = c.author().by_email("ada@example.com").await.unwrap();
    assert_eq!(found.map(|a| a.id), Some(ada.id));
    assert_eq!(c.totals().await.unwrap(), (1, 1));
    let soft = soft_delete(c);
    soft.author()
        .delete(author::id().equals(ada.id))
        .exec()
        .await
        .unwrap();
    assert!(
        soft.author()
            .by_email("ada@example.com")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(soft.totals().await.unwrap(), (1, 0));
}

/// The tables of the fixture on `provider`, as the migration engine creates them.
fn ddl(provider: &str) -> String {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../client-gen/tests/fixtures/extensions.prisma");
    test_support::schema_ddl(&fixture, provider)
}

async fn database(provider: &str, name: &str) -> Option<(Client, TestDatabase)> {
    let database = TestDatabase::for_provider(provider, "refract_ext", name).await?;
    let client = Client::connect(&database.url_string())
        .await
        .unwrap_or_else(|e| panic!("connect to the {provider} test database: {e}"));
    client
        .execute_script(&ddl(provider))
        .await
        .unwrap_or_else(|e| panic!("create the tables on {provider}: {e}"));
    Some((client, database))
}

macro_rules! on_each_database {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let (c, _db) = super::database("sqlite", stringify!($name)).await.expect("SQLite");
                    super::$name(&c).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some((c, _db)) = super::database("postgresql", stringify!($name)).await else { return };
                    super::$name(&c).await;
                }
            )*
        }
        mod mysql {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some((c, _db)) = super::database("mysql", stringify!($name)).await else { return };
                    super::$name(&c).await;
                }
            )*
        }
    };
}

on_each_database!(
    every_operation_runs_its_hook,
    a_hook_can_refuse,
    soft_delete_hides_deleted_rows,
    soft_delete_holds_in_relation_counts,
    soft_delete_holds_in_order_by_count,
    tenants_see_only_their_rows,
    extensions_compose,
    computed_fields,
    model_and_client_methods,
    an_around_hook_changes_the_result,
    an_around_hook_times_operations,
    an_around_hook_short_circuits,
    around_hooks_run_twice_and_nest,
    around_hooks_wrap_the_select_forms,
    query_hooks_run_once_before_selected,
);
