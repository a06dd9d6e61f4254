//! `relationMode = "prisma"`: no foreign keys in the database, the referential actions carried
//! out by the client, on SQLite, PostgreSQL and MariaDB (with RETURNING and with MySQL 8's
//! read-back path), through the generated client of
//! `crates/client-gen/tests/fixtures/relation_mode.prisma` (Cascade over two levels, Restrict,
//! NoAction, SetNull, Prisma's defaults, a self-relation, P2014 with Prisma's text, a failing
//! cascade leaving everything as it was, and the nested writes that delete or change keys).
//! Without the emulation a delete leaves orphans: `delete_cascades_over_two_levels` fails.
//! The P2014 texts, the Restrict on an update to an equal value and the failing cascade's
//! outcome are what Prisma 7.10.1's own client did on the same schema (PostgreSQL adapter).

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/relation_mode.rs");
}

use std::path::PathBuf;

use client::{Client, ClientOptions, Error};
use db::{
    Models, badge, book, employee, loan, note, owner, pet, shelf, stamp, sticker, ticket, toy,
};
use test_support::TestDatabase;

/// The tables of the fixture on `provider`, as the migration engine creates them. NoAction is
/// MySQL's only (Prisma refuses it on PostgreSQL and SQLite with emulated relations): there the
/// tables come from the same schema with Restrict, which creates the same tables.
fn ddl(provider: &str) -> String {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../client-gen/tests/fixtures/relation_mode.prisma");
    let text = std::fs::read_to_string(&fixture).expect("the fixture");
    let text = if provider == "mysql" {
        text
    } else {
        text.replace("NoAction", "Restrict")
    };
    // One file per call: the tests of this binary run in parallel, and two of them writing and
    // removing one shared file raced (one read the schema while another rewrote it).
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!(
        "refract_relation_mode_{provider}_{}_{call}.prisma",
        std::process::id()
    ));
    std::fs::write(&path, text).expect("write the schema");
    let ddl = test_support::schema_ddl(&path, provider);
    let _ = std::fs::remove_file(&path);
    ddl
}

/// A fresh database on `provider` with the fixture's tables (the client dropped first).
async fn database(provider: &str, name: &str) -> Option<(Client, TestDatabase)> {
    database_with(provider, name, ClientOptions::default()).await
}

/// [`database`] with a client that never uses `RETURNING` on MySQL (MySQL 8's read-back path).
async fn mysql_read_back(name: &str) -> Option<(Client, TestDatabase)> {
    let options = ClientOptions {
        mysql_returning: false,
        ..ClientOptions::default()
    };
    database_with("mysql", &format!("{name}_rb"), options).await
}

async fn database_with(
    provider: &str,
    name: &str,
    options: ClientOptions,
) -> Option<(Client, TestDatabase)> {
    let database = TestDatabase::for_provider(provider, "refract_relmode", name).await?;
    let client = Client::connect_with(&database.url_string(), options)
        .await
        .unwrap_or_else(|e| panic!("connect to the {provider} test database: {e}"));
    client
        .execute_script(&ddl(provider))
        .await
        .unwrap_or_else(|e| panic!("create the tables on {provider}: {e}"));
    Some((client, database))
}

/// The record a unique filter finds, which must exist: `found!(c.pet(), pet::id().equals(1))`.
macro_rules! found {
    ($model:expr, $unique:expr) => {
        $model.find_unique($unique).exec().await.unwrap().unwrap()
    };
}

/// The call failed with P2014 for `relation` between `model_a` and `model_b`.
fn assert_refused<T: std::fmt::Debug>(
    result: Result<T, Error>,
    relation: &str,
    model_a: &str,
    model_b: &str,
) {
    assert_violation(&result.unwrap_err(), relation, model_a, model_b);
}

fn assert_violation(err: &Error, relation: &str, model_a: &str, model_b: &str) {
    assert_eq!(err.code(), "P2014", "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "The change you are trying to make would violate the required relation '{relation}' between the `{model_a}` and `{model_b}` models."
        )
    );
}

async fn owner(c: &Client, id: i32, code: &str) {
    c.owner()
        .create(owner::create(id, code))
        .exec()
        .await
        .unwrap();
}

async fn pet_with_toys(c: &Client, id: i32, owner_code: &str, toys: &[i32]) {
    c.pet()
        .create(pet::create(id, owner_code))
        .exec()
        .await
        .unwrap();
    for &t in toys {
        c.toy().create(toy::create(t, id)).exec().await.unwrap();
    }
}

/// What `key` takes from each row, sorted.
fn sorted<T, K: Ord>(rows: Vec<T>, key: impl Fn(T) -> K) -> Vec<K> {
    let mut keys: Vec<K> = rows.into_iter().map(key).collect();
    keys.sort();
    keys
}

async fn pet_ids(c: &Client) -> Vec<i32> {
    sorted(c.pet().find_many().exec().await.unwrap(), |p| p.id)
}

async fn toy_ids(c: &Client) -> Vec<i32> {
    sorted(c.toy().find_many().exec().await.unwrap(), |t| t.id)
}

async fn owner_ids(c: &Client) -> Vec<i32> {
    sorted(c.owner().find_many().exec().await.unwrap(), |o| o.id)
}

/// The database has no foreign keys: the migration engine writes none with
/// `relationMode = "prisma"`.
fn no_foreign_keys(provider: &str) {
    let ddl = ddl(provider);
    assert!(!ddl.contains("FOREIGN KEY"), "{ddl}");
    assert!(!ddl.contains("REFERENCES"), "{ddl}");
}

/// onDelete Cascade: the pets of the owner go, and the toys of those pets, and nothing else;
/// `delete` and `deleteMany` alike.
async fn delete_cascades_over_two_levels(c: &Client) {
    owner(c, 1, "a").await;
    owner(c, 2, "b").await;
    owner(c, 3, "c").await;
    pet_with_toys(c, 10, "a", &[100, 101]).await;
    pet_with_toys(c, 11, "a", &[110]).await;
    pet_with_toys(c, 20, "b", &[200]).await;
    pet_with_toys(c, 30, "c", &[300]).await;

    let deleted = c
        .owner()
        .delete(owner::id().equals(1))
        .exec()
        .await
        .unwrap();
    assert_eq!(deleted.code, "a");
    assert_eq!(pet_ids(c).await, [20, 30]);
    assert_eq!(toy_ids(c).await, [200, 300]);

    let n = c
        .owner()
        .delete_many(owner::code().equals("b"))
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(pet_ids(c).await, [30]);
    assert_eq!(toy_ids(c).await, [300]);

    // A limited deleteMany cascades from the records it deletes only.
    owner(c, 4, "d").await;
    pet_with_toys(c, 40, "d", &[400]).await;
    let n = c
        .owner()
        .delete_many(owner::id().gte(3))
        .limit(1)
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 1);
    let left = owner_ids(c).await;
    assert_eq!(left.len(), 1);
    let pets = pet_ids(c).await;
    assert_eq!(pets, if left == [3] { [30] } else { [40] });
    assert_eq!(toy_ids(c).await.len(), 1);
}

/// A `delete` with a selection runs the same actions as without: Cascade over two levels, and
/// Restrict's P2014 (the record left, its selection not returned).
async fn delete_with_a_selection(c: &Client) {
    owner(c, 1, "a").await;
    owner(c, 2, "b").await;
    pet_with_toys(c, 10, "a", &[100, 101]).await;
    pet_with_toys(c, 20, "b", &[200]).await;
    let code = c
        .owner()
        .delete(owner::id().equals(1))
        .select(owner::select::code())
        .exec()
        .await
        .unwrap();
    assert_eq!(code, "a");
    assert_eq!(pet_ids(c).await, [20]);
    assert_eq!(toy_ids(c).await, [200]);

    c.note().create(note::create(1, 2)).exec().await.unwrap();
    assert_refused(
        c.owner()
            .delete(owner::id().equals(2))
            .select(owner::select::code())
            .exec()
            .await,
        "NoteToOwner",
        "Note",
        "Owner",
    );
    assert_eq!(owner_ids(c).await, [2]);
    assert_eq!(pet_ids(c).await, [20]);
}

/// onDelete Restrict, NoAction and Prisma's default for a required relation (Restrict): P2014
/// with Prisma's text while a record refers to the owner; the delete goes through once none
/// does.
async fn delete_restricted(c: &Client) {
    owner(c, 1, "a").await;
    c.note().create(note::create(1, 1)).exec().await.unwrap();
    assert_refused(
        c.owner().delete(owner::id().equals(1)).exec().await,
        "NoteToOwner",
        "Note",
        "Owner",
    );
    assert_refused(
        c.owner().delete_many(owner::id().equals(1)).exec().await,
        "NoteToOwner",
        "Note",
        "Owner",
    );
    c.note().delete(note::id().equals(1)).exec().await.unwrap();

    c.stamp().create(stamp::create(1, 1)).exec().await.unwrap();
    assert_refused(
        c.owner().delete(owner::id().equals(1)).exec().await,
        "OwnerToStamp",
        "Stamp",
        "Owner",
    );
    c.stamp()
        .delete(stamp::id().equals(1))
        .exec()
        .await
        .unwrap();

    c.badge().create(badge::create(1, 1)).exec().await.unwrap();
    assert_refused(
        c.owner().delete(owner::id().equals(1)).exec().await,
        "BadgeToOwner",
        "Badge",
        "Owner",
    );
    c.badge()
        .delete(badge::id().equals(1))
        .exec()
        .await
        .unwrap();

    assert_eq!(owner_ids(c).await, [1]);
    c.owner()
        .delete(owner::id().equals(1))
        .exec()
        .await
        .unwrap();
    assert_eq!(owner_ids(c).await, Vec::<i32>::new());
}

/// onDelete SetNull, and Prisma's default for an optional relation (SetNull): the records stay,
/// their foreign key set to NULL.
async fn delete_sets_null(c: &Client) {
    owner(c, 1, "a").await;
    owner(c, 2, "b").await;
    for (id, o) in [(1, 1), (2, 1), (3, 2)] {
        c.ticket()
            .create(ticket::create(id).set(ticket::owner_id().set(o)))
            .exec()
            .await
            .unwrap();
        c.loan()
            .create(loan::create(id).set(loan::owner_id().set(o)))
            .exec()
            .await
            .unwrap();
    }
    c.owner()
        .delete(owner::id().equals(1))
        .exec()
        .await
        .unwrap();
    let tickets = sorted(c.ticket().find_many().exec().await.unwrap(), |t| {
        (t.id, t.owner_id)
    });
    assert_eq!(tickets, [(1, None), (2, None), (3, Some(2))]);
    let loans = sorted(c.loan().find_many().exec().await.unwrap(), |l| {
        (l.id, l.owner_id)
    });
    assert_eq!(loans, [(1, None), (2, None), (3, Some(2))]);
}

/// A cascade that meets Restrict two levels down fails as a whole: P2014 naming the relation
/// down there, and the owner, its pets and their toys all still there.
async fn failing_cascade_rolls_back(c: &Client) {
    owner(c, 1, "a").await;
    pet_with_toys(c, 10, "a", &[100, 101]).await;
    pet_with_toys(c, 11, "a", &[110]).await;
    c.sticker()
        .create(sticker::create(1, 110))
        .exec()
        .await
        .unwrap();
    assert_refused(
        c.owner().delete(owner::id().equals(1)).exec().await,
        "StickerToToy",
        "Sticker",
        "Toy",
    );
    assert_eq!(owner_ids(c).await, [1]);
    assert_eq!(pet_ids(c).await, [10, 11]);
    assert_eq!(toy_ids(c).await, [100, 101, 110]);

    // Inside an interactive transaction the failure is the transaction's to roll back.
    let result = c
        .transaction(async |tx| {
            tx.pet().create(pet::create(12, "a")).exec().await?;
            tx.owner().delete(owner::id().equals(1)).exec().await
        })
        .await;
    assert_violation(&result.unwrap_err(), "StickerToToy", "Sticker", "Toy");
    assert_eq!(pet_ids(c).await, [10, 11]);

    c.sticker()
        .delete(sticker::id().equals(1))
        .exec()
        .await
        .unwrap();
    c.owner()
        .delete(owner::id().equals(1))
        .exec()
        .await
        .unwrap();
    assert_eq!(pet_ids(c).await, Vec::<i32>::new());
    assert_eq!(toy_ids(c).await, Vec::<i32>::new());
}

/// onUpdate: Cascade carries a new key to the referring records (over `code` and over `id`,
/// with Prisma's default Cascade on badges and loans), SetNull clears them, Restrict and
/// NoAction refuse while a record refers to the old key; an update that changes no referenced
/// column sets nothing off.
async fn update_actions(c: &Client) {
    owner(c, 1, "a").await;
    owner(c, 2, "b").await;
    pet_with_toys(c, 10, "a", &[100]).await;
    pet_with_toys(c, 20, "b", &[200]).await;

    // Cascade over `code`, by update and by updateMany.
    c.owner()
        .update(owner::id().equals(1), vec![owner::code().set("z")])
        .exec()
        .await
        .unwrap();
    let pet = found!(c.pet(), pet::id().equals(10));
    assert_eq!(pet.owner_code, "z");
    let n = c
        .owner()
        .update_many(owner::code().equals("b"), vec![owner::code().set("y")])
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 1);
    let pet = found!(c.pet(), pet::id().equals(20));
    assert_eq!(pet.owner_code, "y");

    // Cascade (explicit on pets' toys, by default on badges and loans) and SetNull over `id`.
    c.badge().create(badge::create(1, 1)).exec().await.unwrap();
    c.loan()
        .create(loan::create(1).set(loan::owner_id().set(1)))
        .exec()
        .await
        .unwrap();
    c.ticket()
        .create(ticket::create(1).set(ticket::owner_id().set(1)))
        .exec()
        .await
        .unwrap();
    c.owner()
        .update(owner::id().equals(1), vec![owner::id().set(5)])
        .exec()
        .await
        .unwrap();
    let badge = found!(c.badge(), badge::id().equals(1));
    assert_eq!(badge.owner_id, 5);
    let loan = found!(c.loan(), loan::id().equals(1));
    assert_eq!(loan.owner_id, Some(5));
    let ticket = found!(c.ticket(), ticket::id().equals(1));
    assert_eq!(ticket.owner_id, None);
    c.pet()
        .update(pet::id().equals(10), vec![pet::id().set(15)])
        .exec()
        .await
        .unwrap();
    let toy = found!(c.toy(), toy::id().equals(100));
    assert_eq!(toy.pet_id, 15);

    // Restrict and NoAction refuse a change of the key a record refers to, and leave it.
    c.note().create(note::create(1, 5)).exec().await.unwrap();
    assert_refused(
        c.owner()
            .update(owner::id().equals(5), vec![owner::id().set(6)])
            .exec()
            .await,
        "NoteToOwner",
        "Note",
        "Owner",
    );
    assert_refused(
        c.owner()
            .update_many(owner::id().equals(5), vec![owner::id().increment(1)])
            .exec()
            .await,
        "NoteToOwner",
        "Note",
        "Owner",
    );
    assert_eq!(owner_ids(c).await, [2, 5]);
    let badge = found!(c.badge(), badge::id().equals(1));
    assert_eq!(
        badge.owner_id, 5,
        "the failed update's cascade is rolled back"
    );
    c.stamp().create(stamp::create(1, 2)).exec().await.unwrap();
    assert_refused(
        c.owner()
            .update(owner::id().equals(2), vec![owner::id().set(7)])
            .exec()
            .await,
        "OwnerToStamp",
        "Stamp",
        "Owner",
    );
    // A change of another column is free.
    c.owner()
        .update(owner::id().equals(5), vec![owner::code().set("x")])
        .exec()
        .await
        .unwrap();
}

/// A self-relation (Restrict on both, as Prisma requires with emulated actions): a manager with
/// reports can be neither deleted nor renumbered; a report can.
async fn self_relation(c: &Client) {
    c.employee()
        .create(employee::create(1))
        .exec()
        .await
        .unwrap();
    c.employee()
        .create(employee::create(2).set(employee::manager_id().set(1)))
        .exec()
        .await
        .unwrap();
    assert_refused(
        c.employee().delete(employee::id().equals(1)).exec().await,
        "Management",
        "Employee",
        "Employee",
    );
    assert_refused(
        c.employee()
            .update(employee::id().equals(1), vec![employee::id().set(9)])
            .exec()
            .await,
        "Management",
        "Employee",
        "Employee",
    );
    c.employee()
        .delete(employee::id().equals(2))
        .exec()
        .await
        .unwrap();
    c.employee()
        .delete(employee::id().equals(1))
        .exec()
        .await
        .unwrap();
}

/// Nested writes that delete records set off their actions too: a nested delete of a pet
/// takes its toys, a nested deleteMany its toys as well, an upsert's update carries a new key.
async fn nested_writes(c: &Client) {
    owner(c, 1, "a").await;
    pet_with_toys(c, 10, "a", &[100]).await;
    pet_with_toys(c, 11, "a", &[110]).await;
    pet_with_toys(c, 12, "a", &[120]).await;
    c.owner()
        .update(
            owner::id().equals(1),
            client::UpdateData::new().with(owner::pets::delete([pet::id().equals(10)])),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(toy_ids(c).await, [110, 120]);
    c.owner()
        .update(
            owner::id().equals(1),
            client::UpdateData::new().with(owner::pets::delete_many(pet::id().equals(11))),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(toy_ids(c).await, [120]);
    c.owner()
        .upsert(
            owner::id().equals(1),
            owner::create(1, "a"),
            vec![owner::code().set("q")],
        )
        .exec()
        .await
        .unwrap();
    let pet = found!(c.pet(), pet::id().equals(12));
    assert_eq!(pet.owner_code, "q");
}

/// An upsert whose update changes a key that emulated relations refer to reads, then writes,
/// so that the client carries out the actions (decision 0021): the books follow the shelf's new
/// label. The shelf is created with no label, which cannot conflict, so on MySQL too the
/// upsert would otherwise be one `INSERT … ON DUPLICATE KEY UPDATE` that leaves the books behind.
async fn upsert_changes_a_referenced_key(c: &Client) {
    c.shelf()
        .create(shelf::create(1).set(shelf::label().set("old")))
        .exec()
        .await
        .unwrap();
    for id in [1, 2] {
        c.book()
            .create(book::create(id).set(book::shelf_label().set("old")))
            .exec()
            .await
            .unwrap();
    }
    let shelf = c
        .shelf()
        .upsert(
            shelf::id().equals(1),
            shelf::create(1).set(shelf::label().set_null()),
            vec![shelf::label().set("new")],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(shelf.label.as_deref(), Some("new"));
    let books = sorted(c.book().find_many().exec().await.unwrap(), |b| {
        (b.id, b.shelf_label)
    });
    assert_eq!(
        books,
        [(1, Some("new".to_owned())), (2, Some("new".to_owned()))]
    );
}

/// `client::dynamic` (Refract Studio's entry point) emulates too, from metadata built by hand:
/// a cascade on delete and on update, and SetDefault refused (Prisma's validator refuses it with
/// `relationMode = "prisma"`, so only hand-built metadata can hold it) with nothing deleted.
async fn dynamic_entry_point(c: &Client) {
    use client::Value;
    use client::dynamic::{
        CmpOp, Cond, Executor, FieldMeta, ModelMeta, ReferentialAction, RelationMeta, ScalarKind,
    };
    static OWNER_FIELDS: [FieldMeta; 2] = [
        FieldMeta::new("id", ScalarKind::Int),
        FieldMeta::new("code", ScalarKind::String),
    ];
    static PET_FIELDS: [FieldMeta; 2] = [
        FieldMeta::new("id", ScalarKind::Int),
        FieldMeta::new("ownerCode", ScalarKind::String),
    ];
    static PET: ModelMeta = ModelMeta::new("Pet", "Pet", &PET_FIELDS, &[0]);
    static CASCADE: RelationMeta =
        RelationMeta::new("pets", &PET, &["code"], &["ownerCode"], true, false).emulate(
            "OwnerToPet",
            ReferentialAction::Cascade,
            ReferentialAction::Cascade,
        );
    static SET_DEFAULT: RelationMeta =
        RelationMeta::new("pets", &PET, &["code"], &["ownerCode"], true, false).emulate(
            "OwnerToPet",
            ReferentialAction::SetDefault,
            ReferentialAction::Cascade,
        );
    static OWNER: ModelMeta =
        ModelMeta::new("Owner", "Owner", &OWNER_FIELDS, &[0]).referenced_by(&[&CASCADE]);
    static OWNER_SET_DEFAULT: ModelMeta =
        ModelMeta::new("Owner", "Owner", &OWNER_FIELDS, &[0]).referenced_by(&[&SET_DEFAULT]);

    owner(c, 1, "a").await;
    owner(c, 2, "b").await;
    pet_with_toys(c, 10, "a", &[]).await;
    pet_with_toys(c, 20, "b", &[]).await;
    let id = |n: i64| Cond::Cmp("id", CmpOp::Eq, Value::Int(n));

    let err = client::dynamic::delete(c.executor(), &OWNER_SET_DEFAULT, id(1))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("SetDefault"), "{err}");
    assert_eq!(owner_ids(c).await, [1, 2]);
    assert_eq!(pet_ids(c).await, [10, 20]);

    let n = client::dynamic::delete(c.executor(), &OWNER, id(1))
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(pet_ids(c).await, [20]);

    let data = vec![("code", Value::Text("w".into()))];
    client::dynamic::update(c.executor(), &OWNER, id(2), data, true)
        .await
        .unwrap();
    let pet = found!(c.pet(), pet::id().equals(20));
    assert_eq!(pet.owner_code, "w");
}

/// Where a case runs: each database, MySQL twice (with the server's `RETURNING` and with
/// MySQL 8's read-back path).
#[derive(Clone, Copy)]
enum On {
    Sqlite,
    Postgres,
    Mysql,
    MysqlReadBack,
}

/// A fresh database for the case `name` on `on`, or `None` (loudly) without its server.
async fn open(on: On, name: &str) -> Option<(Client, TestDatabase)> {
    match on {
        On::Sqlite => Some(
            database("sqlite", name)
                .await
                .expect("SQLite needs no server"),
        ),
        On::Postgres => database("postgresql", name).await,
        On::Mysql => database("mysql", name).await,
        On::MysqlReadBack => mysql_read_back(name).await,
    }
}

/// Each case as one test per database: a module per [`On`], a test per case.
macro_rules! on_each_database {
    ($($name:ident),* $(,)?) => {
        on_each_database!(@on sqlite, Sqlite; $($name),*);
        on_each_database!(@on postgres, Postgres; $($name),*);
        on_each_database!(@on mysql, Mysql; $($name),*);
        on_each_database!(@on mysql_read_back, MysqlReadBack; $($name),*);
    };
    (@on $module:ident, $on:ident; $($name:ident),*) => {
        mod $module {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some((c, _db)) = super::open(super::On::$on, stringify!($name)).await else { return };
                    super::$name(&c).await;
                }
            )*
        }
    };
}

on_each_database!(
    delete_cascades_over_two_levels,
    delete_with_a_selection,
    delete_restricted,
    delete_sets_null,
    failing_cascade_rolls_back,
    update_actions,
    self_relation,
    nested_writes,
    upsert_changes_a_referenced_key,
    dynamic_entry_point,
);

#[test]
fn migrate_writes_no_foreign_keys() {
    for provider in ["sqlite", "postgresql", "mysql"] {
        no_foreign_keys(provider);
    }
}
