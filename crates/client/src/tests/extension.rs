//! A client without extensions pays one `Option` test per hook entry point
//! (`crate::extension`): `arounds`, `read`, `read_counts`, `read_orders`,
//! `read_related_orders` and `read_related` return at once, entering none of the out-of-line
//! hook work (counted by `extension::probe`, test builds only), leaving the query as it was
//! and copying nothing. The same calls on an extended client enter it, and its read hook
//! changes the counted relation's filter: what the probe and the comparisons would see if the
//! path without extensions did work.

use crate::client::{Client, Exec};
use crate::decode::RowReader;
use crate::extension::{self, Around, Extension, QueryHook, ReadArgs};
use crate::meta::{ClientDefault, FieldMeta, ModelMeta, RelationMeta, ScalarKind};
use crate::probe::{self, Path};
use crate::query::{CmpOp, Cond, OrderExpr, OrderItem, Projection};
use crate::typed::{Filter, Model};
use crate::value::Value;

static FIELDS: [FieldMeta; 1] = [FieldMeta {
    name: "id",
    column: "id",
    kind: ScalarKind::Int,
    nullable: false,
    default: ClientDefault::None,
    omitted: false,
}];
static USER: ModelMeta = ModelMeta::new("User", "User", &FIELDS, &[0]);

/// A user's friends: a to-many relation of `User` to itself, counted and ordered by.
static FRIENDS: RelationMeta = RelationMeta {
    name: "friends",
    target: &USER,
    from_columns: &["id"],
    to_columns: &["id"],
    list: true,
    join: None,
    holds_foreign_key: false,
    emulated: None,
};

#[derive(Clone)]
struct User;

impl Model for User {
    const META: &'static ModelMeta = &USER;
    fn from_row(_: &mut RowReader<'_>) -> crate::Result<Self> {
        Ok(User)
    }
    fn value(&self, _: usize) -> Value {
        Value::Null
    }
}

/// A read hook that keeps users of a positive id, and the default `Around` (which runs the
/// operation as it is).
struct Positive;

impl QueryHook<User> for Positive {
    fn read(&self, args: &mut ReadArgs<User>) -> crate::Result<()> {
        args.filter(Filter::new(positive()));
        Ok(())
    }
}

impl Around<User> for Positive {}

fn positive() -> Cond {
    Cond::Cmp("id", CmpOp::Gt, Value::Int(0))
}

/// What one pass of the entry points saw: whether `arounds` found hooks, and the filter,
/// counts, order and related order and filter after them; and how many times they entered
/// the hook work.
#[derive(Debug, PartialEq)]
struct Seen {
    arounds: bool,
    filter: Cond,
    counts: Vec<Projection>,
    order: Vec<OrderItem>,
    related_order: Option<Vec<OrderItem>>,
    related_filter: Option<Cond>,
    entered: usize,
}

/// The order by the number of friends (`orderBy: { friends: { _count: 'asc' } }`).
fn by_friends() -> Vec<OrderItem> {
    vec![OrderItem {
        expr: OrderExpr::RelationCount(&FRIENDS, Box::new(Cond::True)),
        desc: false,
        nulls: None,
    }]
}

/// Runs every read entry point once on `client`.
fn pass(client: &Client) -> Seen {
    let exec = Exec::Client(client);
    let before = probe::hits(Path::HookWork);
    let arounds = extension::arounds::<User>(exec).is_some();
    let mut filter = Cond::True;
    extension::read::<User>(exec, extension::OperationKind::FindMany, &mut filter).unwrap();
    let mut counts = vec![Projection::Count(&FRIENDS, Cond::True)];
    extension::read_counts(exec, &mut counts).unwrap();
    let mut order = by_friends();
    let buffer = order.as_ptr();
    extension::read_orders(exec, &mut order).unwrap();
    assert_eq!(order.as_ptr(), buffer, "the order is changed in place");
    let related_order = extension::read_related_orders(exec, &by_friends()).unwrap();
    let related_filter = extension::read_related::<User>(exec, &Cond::True).unwrap();
    Seen {
        arounds,
        filter,
        counts,
        order,
        related_order,
        related_filter,
        entered: probe::hits(Path::HookWork) - before,
    }
}

#[test]
fn a_client_without_extensions_does_no_hook_work() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (client, db) = runtime
        .block_on(crate::tests::empty_database("sqlite", "no_hook_work"))
        .expect("SQLite needs no server");

    // Without extensions: nothing entered, nothing changed, nothing copied.
    assert_eq!(
        pass(&client),
        Seen {
            arounds: false,
            filter: Cond::True,
            counts: vec![Projection::Count(&FRIENDS, Cond::True)],
            order: by_friends(),
            related_order: None,
            related_filter: None,
            entered: 0,
        }
    );

    // An extended client enters the hook work at each entry point (`read_related_orders` and
    // `read_related` copy, then enter it), and its hook adds its filter everywhere.
    let extended = client.extend(Extension::new().query(Positive).around(Positive));
    let counted = vec![OrderItem {
        expr: OrderExpr::RelationCount(&FRIENDS, Box::new(positive())),
        desc: false,
        nulls: None,
    }];
    let seen = pass(&extended);
    assert!(seen.entered >= 6, "each entry point enters: {seen:?}");
    assert_eq!(
        seen,
        Seen {
            arounds: true,
            filter: positive(),
            counts: vec![Projection::Count(&FRIENDS, positive())],
            order: counted.clone(),
            related_order: Some(counted),
            related_filter: Some(positive()),
            entered: seen.entered,
        }
    );
    drop((client, extended));
    drop(db);
}

/// The forms with a selection test for hooks as the others do: on a client without
/// extensions a `select` read enters none of the hook work (the query then fails: the table
/// is not there), on an extended one it does (decision 0036).
#[test]
fn select_forms_without_extensions_do_no_hook_work() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (client, db) = runtime
        .block_on(crate::tests::empty_database(
            "sqlite",
            "select_no_hook_work",
        ))
        .expect("SQLite needs no server");
    let entered = |client: &Client| {
        let before = probe::hits(Path::HookWork);
        let users = crate::Delegate::<User>::new(Exec::Client(client));
        let id = || crate::select::Pick::<User, i32>::new("id");
        runtime.block_on(async {
            let many = users.find_many().select(id()).exec().await;
            let first = users.find_first(Filter::all()).select(id()).exec().await;
            assert!(many.is_err() && first.is_err(), "no table: the queries ran");
        });
        probe::hits(Path::HookWork) - before
    };
    assert_eq!(entered(&client), 0);
    // Each read enters four: its read hooks, its order's and its counts' (none here), and
    // the lookup of its `Around` hooks, which the forms with a selection did not make before.
    let extended = client.extend(Extension::new().query(Positive).around(Positive));
    assert_eq!(entered(&extended), 2 * 4);
    drop((client, extended));
    drop(db);
}
