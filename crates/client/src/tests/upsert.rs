//! Which statements an `upsert` sends, per dialect and case (`crate::upsert::plan`): the one
//! `INSERT … ON CONFLICT … DO UPDATE … RETURNING` of SQLite and PostgreSQL, MySQL's
//! `INSERT … ON DUPLICATE KEY UPDATE` and the read after it, or the read-then-write fallback
//! with its reason. Compared with `src/tests/upsert/<dialect>.sql`;
//! `UPDATE_EXPECT=1 cargo test -p client --lib upsert` rewrites those files.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use crate::client::Exec;
use crate::decode::RowReader;
use crate::meta::{ClientDefault, FieldMeta, ModelMeta, ScalarKind};
use crate::query::{CmpOp, Col, Cond, SetExpr};
use crate::render::Dialect;
use crate::typed::{Model, Set};
use crate::upsert::{Plan, plan};
use crate::value::Value;
use crate::write::{BoxFuture, CreateData, Now, Op, UpdateData, now};

const fn field(name: &'static str, kind: ScalarKind, nullable: bool) -> FieldMeta {
    FieldMeta {
        name,
        column: name,
        kind,
        nullable,
        default: ClientDefault::None,
        omitted: false,
    }
}

/// `id Int @id @default(autoincrement())`, `email String @unique`, `name String?`,
/// `visits Int`.
static USER_FIELDS: [FieldMeta; 4] = [
    field("id", ScalarKind::Int, false),
    field("email", ScalarKind::String, false),
    field("name", ScalarKind::String, true),
    field("visits", ScalarKind::Int, false),
];
static USER: ModelMeta = ModelMeta::new("User", "User", &USER_FIELDS, &[0])
    .uniques(&[&[0], &[1]])
    .auto_increment(0);

/// `@@id([tenant, login])`, `nick String? @unique`, `score Int`.
static MEMBER_FIELDS: [FieldMeta; 4] = [
    field("tenant", ScalarKind::String, false),
    field("login", ScalarKind::String, false),
    field("nick", ScalarKind::String, true),
    field("score", ScalarKind::Int, false),
];
static MEMBER: ModelMeta =
    ModelMeta::new("Member", "Member", &MEMBER_FIELDS, &[0, 1]).uniques(&[&[0, 1], &[2]]);

/// `code String @id`, `label String @unique(where: …)` (partial).
static TAG_FIELDS: [FieldMeta; 2] = [
    field("code", ScalarKind::String, false),
    field("label", ScalarKind::String, false),
];
static TAG: ModelMeta = ModelMeta::new("Tag", "Tag", &TAG_FIELDS, &[0])
    .uniques(&[&[0]])
    .inexact_uniques(&[&[1]]);

/// A model as generated before its unique constraints were described.
static OLD: ModelMeta = ModelMeta::new("Old", "Old", &USER_FIELDS, &[0]);

macro_rules! model {
    ($name:ident, $meta:ident) => {
        #[derive(Clone)]
        struct $name;
        impl Model for $name {
            const META: &'static ModelMeta = &$meta;
            fn from_row(_: &mut RowReader<'_>) -> crate::Result<Self> {
                Ok($name)
            }
            fn value(&self, _: usize) -> Value {
                Value::Null
            }
        }
    };
}
model!(User, USER);
model!(Member, MEMBER);
model!(Tag, TAG);
model!(Old, OLD);

/// A nested write that is never run (the plan only sees that there is one).
struct Nested;
impl<P: Send + Sync> Op<P> for Nested {
    fn before_parent(&self) -> bool {
        false
    }
    fn before<'a>(
        &'a self,
        _: Exec<'a>,
        _: Option<&'a P>,
        _: &'a Now,
    ) -> BoxFuture<'a, Vec<(Col, Value)>> {
        Box::pin(async { Ok(Vec::new()) })
    }
    fn after<'a>(&'a self, _: Exec<'a>, _: &'a P, _: bool, _: &'a Now) -> BoxFuture<'a, ()> {
        Box::pin(async { Ok(()) })
    }
}

fn eq(col: Col, v: impl Into<Value>) -> Cond {
    Cond::Cmp(col, CmpOp::Eq, v.into())
}

fn create<M: Model>(sets: Vec<(Col, Value)>) -> CreateData<M> {
    CreateData::new(sets)
}

fn update<M>(sets: Vec<(Col, SetExpr)>) -> UpdateData<M> {
    UpdateData::from(
        sets.into_iter()
            .map(|(c, e)| Set::new(c, e))
            .collect::<Vec<_>>(),
    )
}

fn visits() -> UpdateData<User> {
    update(vec![("visits", SetExpr::Increment(Value::Int(1)))])
}

fn ann<M: Model>() -> CreateData<M> {
    create(vec![
        ("email", Value::from("ann@example.com")),
        ("visits", Value::Int(1)),
    ])
}

/// Every case, by name, with its plan on `dialect`.
fn cases(dialect: Dialect) -> Vec<(&'static str, Plan)> {
    let now = now();
    let by_email = eq("email", "ann@example.com");
    let member_key = Cond::And(vec![eq("tenant", "acme"), eq("login", "ann")]);
    let member = |nick: Value| {
        create::<Member>(vec![
            ("tenant", Value::from("acme")),
            ("login", Value::from("ann")),
            ("nick", nick),
            ("score", Value::Int(0)),
        ])
    };
    let score = || update::<Member>(vec![("score", SetExpr::Increment(Value::Int(10)))]);
    let mut nested_create = ann::<User>();
    nested_create.nested.push(Arc::new(Nested));
    let mut nested_update = visits();
    nested_update.nested.push(Arc::new(Nested));
    vec![
        (
            "one unique field, create gives its value",
            plan(dialect, &by_email, &ann::<User>(), &visits(), &now),
        ),
        (
            "the id, create gives it and an email (which could conflict on MySQL)",
            plan(
                dialect,
                &eq("id", 7),
                &create::<User>(vec![
                    ("id", Value::Int(7)),
                    ("email", Value::from("bob@example.com")),
                    ("visits", Value::Int(1)),
                ]),
                &update(vec![("name", SetExpr::Value(Value::from("Bob")))]),
                &now,
            ),
        ),
        (
            "a compound id, the other unique inserted as NULL",
            plan(dialect, &member_key, &member(Value::Null), &score(), &now),
        ),
        (
            "a compound id, the other unique given",
            plan(
                dialect,
                &member_key,
                &member(Value::from("a")),
                &score(),
                &now,
            ),
        ),
        (
            "the update changes the unique field",
            plan(
                dialect,
                &by_email,
                &ann::<User>(),
                &update(vec![("email", SetExpr::Value(Value::from("new@x")))]),
                &now,
            ),
        ),
        (
            "a model with a partial unique index",
            plan(
                dialect,
                &eq("code", "a"),
                &create::<Tag>(vec![
                    ("code", Value::from("a")),
                    ("label", Value::from("A")),
                ]),
                &update(vec![("label", SetExpr::Value(Value::from("B")))]),
                &now,
            ),
        ),
        (
            "create gives another value",
            plan(
                dialect,
                &eq("email", "someone@example.com"),
                &ann::<User>(),
                &visits(),
                &now,
            ),
        ),
        (
            "create leaves the unique field out",
            plan(dialect, &eq("id", 7), &ann::<User>(), &visits(), &now),
        ),
        (
            "the where adds a condition",
            plan(
                dialect,
                &by_email.clone().and(eq("name", "Ann")),
                &ann::<User>().set(Set::new("name", SetExpr::Value(Value::from("Ann")))),
                &visits(),
                &now,
            ),
        ),
        (
            "the where names two unique constraints",
            plan(
                dialect,
                &Cond::And(vec![eq("id", 1), by_email.clone()]),
                &ann::<User>().set(Set::new("id", SetExpr::Value(Value::Int(1)))),
                &visits(),
                &now,
            ),
        ),
        (
            "one field of a compound id",
            plan(
                dialect,
                &eq("tenant", "acme"),
                &member(Value::Null),
                &score(),
                &now,
            ),
        ),
        (
            "a null unique value",
            plan(
                dialect,
                &eq("nick", Value::Null),
                &member(Value::Null),
                &score(),
                &now,
            ),
        ),
        (
            "an empty update",
            plan(dialect, &by_email, &ann::<User>(), &UpdateData::new(), &now),
        ),
        (
            "a nested write in create",
            plan(dialect, &by_email, &nested_create, &visits(), &now),
        ),
        (
            "a nested write in update",
            plan(dialect, &by_email, &ann::<User>(), &nested_update, &now),
        ),
        (
            "a model whose unique constraints are not described",
            plan(
                dialect,
                &by_email,
                &ann::<Old>(),
                &update(vec![("visits", SetExpr::Increment(Value::Int(1)))]),
                &now,
            ),
        ),
    ]
}

fn rendered(dialect: Dialect) -> String {
    let mut out = String::new();
    for (name, plan) in cases(dialect) {
        let _ = writeln!(out, "-- {name}");
        let statements = match plan {
            Plan::Returning(sql) => vec![sql],
            Plan::ThenRead(write, read) => vec![write, read],
            Plan::ReadThenWrite(why) => {
                let _ = writeln!(out, "read then write: {why}\n");
                continue;
            }
        };
        for sql in statements {
            let _ = writeln!(out, "{}\n-- params: {:?}", sql.text, sql.params);
        }
        out.push('\n');
    }
    out
}

#[test]
fn upsert_statements_per_dialect_and_case() {
    for (dialect, file) in [
        (Dialect::Sqlite, "sqlite.sql"),
        (Dialect::Postgres, "postgresql.sql"),
        (Dialect::Mysql, "mysql.sql"),
    ] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("src/tests/upsert")
            .join(file);
        let actual = rendered(dialect);
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("create the folder");
            std::fs::write(&path, &actual).expect("write the expected statements");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "{dialect:?}: the upsert statements differ from {} (UPDATE_EXPECT=1 rewrites \
             it):\n{actual}",
            path.display()
        );
    }
}
