//! The SQL the renderer writes, per dialect, for a model whose names need quoting: a table
//! named ``we`ird"t`` with columns ``a`b`` and `c"d`, a one-to-many relation and a
//! many-to-many join table with such names too. Every statement kind is rendered for SQLite,
//! PostgreSQL and MySQL from the same `static` models (so a select list cached for one
//! dialect must not leak into another) and compared with `src/tests/render/<dialect>.sql`.
//! `UPDATE_EXPECT=1 cargo test -p client --lib render` rewrites those files.
//!
//! Then the same statements run on each database, on a table with those names, and SQL text
//! is shown to reach the database as written (nothing rewrites it on the way, on MySQL
//! neither: a string literal or a MySQL double-quoted string stays what it is).

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::client::{Client, Exec};
use crate::decode::RowReader;
use crate::meta::{ClientDefault, FieldMeta, JoinTable, ModelMeta, RelationMeta, ScalarKind};
use crate::query::{
    Agg, AggFn, Aggregate, CmpOp, Cond, Delete, Insert, LikeKind, Nulls, OrderExpr, OrderItem,
    Projection, RelationQuantifier, Select, SetExpr, Update,
};
use crate::render::{self, Dialect, Sql, Through};
use crate::value::Value;

const fn field(name: &'static str, column: &'static str, kind: ScalarKind) -> FieldMeta {
    FieldMeta {
        name,
        column,
        kind,
        nullable: true,
        default: ClientDefault::None,
        omitted: false,
    }
}

static WEIRD_FIELDS: [FieldMeta; 3] = [
    field("id", "id", ScalarKind::Int),
    field("ab", "a`b", ScalarKind::String),
    field("cd", "c\"d", ScalarKind::Int),
];
static WEIRD: ModelMeta = ModelMeta::new("Weird", "we`ird\"t", &WEIRD_FIELDS, &[0]);

static CHILD_FIELDS: [FieldMeta; 2] = [
    field("id", "id", ScalarKind::Int),
    field("weirdId", "weird`\"Id", ScalarKind::Int),
];
static CHILD: ModelMeta = ModelMeta::new("Child", "Child", &CHILD_FIELDS, &[0]);

static CHILDREN: RelationMeta = RelationMeta {
    name: "children",
    target: &CHILD,
    from_columns: &["id"],
    to_columns: &["weird`\"Id"],
    list: true,
    join: None,
    holds_foreign_key: false,
    emulated: None,
};

static TAGS: RelationMeta = RelationMeta {
    name: "tags",
    target: &CHILD,
    from_columns: &["id"],
    to_columns: &["id"],
    list: true,
    join: Some(JoinTable {
        table: "_Child\"To`Weird",
        schema: None,
        this_column: "B",
        other_column: "A",
    }),
    holds_foreign_key: false,
    emulated: None,
};

/// `Child.parent`: to-one, the foreign key on the child.
static PARENT: RelationMeta = RelationMeta {
    name: "parent",
    target: &WEIRD,
    from_columns: &["weird`\"Id"],
    to_columns: &["id"],
    list: false,
    join: None,
    holds_foreign_key: true,
    emulated: None,
};

/// `Weird.favorite`: to-one, the foreign key on the weird record.
static FAVORITE: RelationMeta = RelationMeta {
    name: "favorite",
    target: &CHILD,
    from_columns: &["c\"d"],
    to_columns: &["id"],
    list: false,
    join: None,
    holds_foreign_key: true,
    emulated: None,
};

/// Children ordered through relations: by their parent's favorite's parent key (two to-one
/// relations away), by their parent's number of children (a count under a to-one relation),
/// and by their parent's `a`b` with NULLs last.
fn ordered_through_relations() -> Select {
    let related = |rel, inner| OrderExpr::Related(rel, Box::new(inner));
    Select {
        order: vec![
            OrderItem {
                expr: related(&PARENT, related(&FAVORITE, OrderExpr::Column("weird`\"Id"))),
                desc: true,
                nulls: None,
            },
            OrderItem {
                expr: related(
                    &PARENT,
                    OrderExpr::RelationCount(&CHILDREN, Box::new(Cond::True)),
                ),
                desc: false,
                nulls: None,
            },
            OrderItem {
                expr: related(&PARENT, OrderExpr::Column("a`b")),
                desc: false,
                nulls: Some(Nulls::Last),
            },
        ],
        filter: Cond::Cmp("id", CmpOp::Gt, Value::Int(0)),
        take: Some(3),
        ..Select::all(&CHILD)
    }
}

fn filtered() -> Select {
    Select {
        model: &WEIRD,
        filter: Cond::And(vec![
            Cond::Cmp("a`b", CmpOp::Eq, Value::from("it's \"x\" `y`")),
            Cond::Like("c\"d", LikeKind::StartsWith, "a_b".into(), true),
            Cond::In("id", (1..=5).map(Value::Int).collect(), false),
            Cond::Relation(
                &CHILDREN,
                RelationQuantifier::Some,
                Box::new(Cond::Cmp("id", CmpOp::Gt, Value::Int(1))),
            ),
            Cond::Relation(&TAGS, RelationQuantifier::None, Box::new(Cond::True)),
        ]),
        order: vec![
            OrderItem {
                expr: OrderExpr::Column("a`b"),
                desc: true,
                nulls: Some(Nulls::Last),
            },
            OrderItem {
                expr: OrderExpr::RelationCount(&CHILDREN, Box::new(Cond::True)),
                desc: false,
                nulls: None,
            },
        ],
        take: Some(10),
        skip: Some(5),
        cursor: None,
    }
}

/// Every statement kind, by name.
fn statements(dialect: Dialect) -> Vec<(&'static str, Sql)> {
    let with_cursor = Select {
        cursor: Some(Cond::Cmp("id", CmpOp::Eq, Value::Int(3))),
        skip: None,
        ..filtered()
    };
    vec![
        ("select", render::select(dialect, &filtered()).unwrap()),
        (
            "select with cursor",
            render::select(dialect, &with_cursor).unwrap(),
        ),
        ("count", render::count(dialect, &filtered()).unwrap()),
        (
            "select ordered through relations",
            render::select(dialect, &ordered_through_relations()).unwrap(),
        ),
        (
            "group by",
            render::aggregate(
                dialect,
                &Aggregate {
                    select: Select::all(&WEIRD),
                    group_by: vec!["a`b"],
                    having: Cond::Aggregate(
                        Agg {
                            func: AggFn::Sum,
                            column: Some("c\"d"),
                        },
                        CmpOp::Gt,
                        Value::Int(2),
                    ),
                    aggregates: vec![Agg {
                        func: AggFn::Max,
                        column: Some("c\"d"),
                    }],
                },
            )
            .unwrap(),
        ),
        (
            "insert returning",
            render::insert(
                dialect,
                Insert {
                    model: &WEIRD,
                    columns: vec!["a`b", "c\"d"],
                    rows: vec![
                        vec![Value::from("one"), Value::Int(1)],
                        vec![Value::from("two"), Value::Int(2)],
                    ],
                    skip_duplicates: false,
                    returning: true,
                },
            ),
        ),
        (
            "insert skipping duplicates",
            render::insert(
                dialect,
                Insert {
                    model: &WEIRD,
                    columns: vec!["id"],
                    rows: vec![vec![Value::Int(1)]],
                    skip_duplicates: true,
                    returning: false,
                },
            ),
        ),
        (
            "update",
            render::update(
                dialect,
                &Update {
                    model: &WEIRD,
                    sets: vec![
                        ("a`b", SetExpr::Value(Value::from("new"))),
                        ("c\"d", SetExpr::Increment(Value::Int(1))),
                    ],
                    filter: Cond::Cmp("a`b", CmpOp::Ne, Value::Null),
                    returning: true,
                },
            )
            .unwrap(),
        ),
        (
            "delete",
            render::delete(
                dialect,
                &Delete {
                    model: &WEIRD,
                    filter: Cond::IsNull("c\"d", false),
                    returning: true,
                },
            )
            .unwrap(),
        ),
        (
            "update limited",
            render::update_limited(
                dialect,
                &Update {
                    model: &WEIRD,
                    sets: vec![("a`b", SetExpr::Value(Value::from("new")))],
                    filter: Cond::IsNull("c\"d", true),
                    returning: true,
                },
                Some(2),
            )
            .unwrap(),
        ),
        (
            "delete limited",
            render::delete_limited(
                dialect,
                &Delete {
                    model: &WEIRD,
                    filter: Cond::Cmp("a`b", CmpOp::Eq, Value::from("x")),
                    returning: false,
                },
                Some(5),
            )
            .unwrap(),
        ),
        (
            "select through join",
            render::select_through_join(
                dialect,
                &Select::all(&CHILD),
                TAGS.join.as_ref().expect("a join table"),
                "id",
                vec![Value::Int(1), Value::Int(2)],
            )
            .unwrap(),
        ),
        (
            "select projected",
            render::select_projected(
                dialect,
                &Select::all(&WEIRD),
                &[
                    Projection::Column("a`b"),
                    Projection::Count(&CHILDREN, Cond::True),
                ],
                None,
            )
            .unwrap(),
        ),
        (
            "select projected through join",
            render::select_projected(
                dialect,
                &Select::all(&CHILD),
                &[Projection::Column("weird`\"Id")],
                Some(Through {
                    join: TAGS.join.as_ref().expect("a join table"),
                    to_column: "id",
                    keys: vec![Value::Int(7)],
                }),
            )
            .unwrap(),
        ),
    ]
}

fn rendered(dialect: Dialect) -> String {
    let mut out = String::new();
    for (name, sql) in statements(dialect) {
        let _ = writeln!(
            out,
            "-- {name}\n{}\n-- params: {:?}\n",
            sql.text, sql.params
        );
    }
    out
}

fn check(dialect: Dialect, file: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/tests/render")
        .join(file);
    let actual = rendered(dialect);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &actual).expect("write the expected SQL");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{dialect:?}: rendered SQL differs from {} (UPDATE_EXPECT=1 rewrites it):\n{actual}",
        path.display()
    );
}

/// Renders every dialect in one test, one after the other, on the same `static` models.
#[test]
fn statements_quote_identifiers_per_dialect() {
    for (dialect, file) in [
        (Dialect::Sqlite, "sqlite.sql"),
        (Dialect::Mysql, "mysql.sql"),
        (Dialect::Postgres, "postgresql.sql"),
    ] {
        check(dialect, file);
    }
}

/// MySQL statements name every identifier in backticks (a backtick inside doubled, a double
/// quote kept as it is), so they are prepared as rendered; the others in double quotes.
#[test]
fn mysql_uses_backticks_and_the_others_double_quotes() {
    let select = |dialect| render::select(dialect, &Select::all(&WEIRD)).unwrap().text;
    assert_eq!(
        select(Dialect::Mysql),
        "SELECT `t0`.`id`, `t0`.`a``b`, `t0`.`c\"d` FROM `we``ird\"t` AS `t0`"
    );
    for dialect in [Dialect::Sqlite, Dialect::Postgres] {
        assert_eq!(
            select(dialect),
            "SELECT \"t0\".\"id\", \"t0\".\"a`b\", \"t0\".\"c\"\"d\" FROM \"we`ird\"\"t\" AS \"t0\""
        );
    }
    assert_eq!(
        WEIRD.select_list(Dialect::Mysql),
        "`t0`.`id`, `t0`.`a``b`, `t0`.`c\"d`"
    );
    assert_eq!(WEIRD.returning_list(Dialect::Mysql), "`id`, `a``b`, `c\"d`");
    assert_eq!(
        WEIRD.returning_list(Dialect::Postgres),
        "\"id\", \"a`b\", \"c\"\"d\""
    );
}

/// The table of [`WEIRD`], written by hand in each database's quoting.
fn weird_table(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Mysql => {
            "CREATE TABLE `we``ird\"t` (`id` INT NOT NULL PRIMARY KEY, `a``b` VARCHAR(100), \
             `c\"d` INT)"
        }
        Dialect::Sqlite | Dialect::Postgres => {
            "CREATE TABLE \"we`ird\"\"t\" (\"id\" INT NOT NULL PRIMARY KEY, \"a`b\" VARCHAR(100), \
             \"c\"\"d\" INT)"
        }
    }
}

type Row = (i32, Option<String>, Option<i32>);

fn read_row(r: &mut RowReader<'_>) -> crate::Result<Row> {
    Ok((r.read()?, r.read()?, r.read()?))
}

/// Inserts, reads, updates, counts and deletes rows of [`WEIRD`] through rendered statements.
async fn names_needing_quotes(c: &Client) {
    let dialect = c.dialect();
    c.execute_script(weird_table(dialect)).await.unwrap();
    let exec = Exec::Client(c);
    let returning = exec.returning().insert;
    let insert = render::insert(
        dialect,
        Insert {
            model: &WEIRD,
            columns: vec!["id", "a`b", "c\"d"],
            rows: vec![
                vec![Value::Int(1), Value::from("say \"hi\""), Value::Int(10)],
                vec![Value::Int(2), Value::from("`tick` it's"), Value::Int(20)],
                vec![Value::Int(3), Value::from("gone"), Value::Null],
            ],
            skip_duplicates: false,
            returning,
        },
    );
    if returning {
        let written = exec.query(&insert, read_row).await.unwrap();
        assert_eq!(written.len(), 3);
        assert_eq!(written[0].1.as_deref(), Some("say \"hi\""));
    } else {
        assert_eq!(exec.execute(&insert).await.unwrap(), 3);
    }

    let update = render::update(
        dialect,
        &Update {
            model: &WEIRD,
            sets: vec![("c\"d", SetExpr::Increment(Value::Int(5)))],
            filter: Cond::Like("a`b", LikeKind::Contains, "\"hi\"".into(), false),
            returning: false,
        },
    )
    .unwrap();
    assert_eq!(exec.execute(&update).await.unwrap(), 1);

    let delete = render::delete(
        dialect,
        &Delete {
            model: &WEIRD,
            filter: Cond::IsNull("c\"d", false),
            returning: false,
        },
    )
    .unwrap();
    assert_eq!(exec.execute(&delete).await.unwrap(), 1);

    let select = Select {
        filter: Cond::Cmp("c\"d", CmpOp::Gt, Value::Int(5)),
        order: vec![OrderItem {
            expr: OrderExpr::Column("c\"d"),
            desc: true,
            nulls: None,
        }],
        ..Select::all(&WEIRD)
    };
    let rows = exec
        .query(&render::select(dialect, &select).unwrap(), read_row)
        .await
        .unwrap();
    assert_eq!(
        rows,
        [
            (2, Some("`tick` it's".to_owned()), Some(20)),
            (1, Some("say \"hi\"".to_owned()), Some(15)),
        ]
    );

    let grouped = render::aggregate(
        dialect,
        &Aggregate {
            select: Select::all(&WEIRD),
            group_by: vec!["a`b"],
            having: Cond::True,
            aggregates: vec![Agg {
                func: AggFn::Count,
                column: Some("c\"d"),
            }],
        },
    )
    .unwrap();
    let mut groups = exec
        .query(&grouped, |r| Ok((r.read::<String>()?, r.read::<i64>()?)))
        .await
        .unwrap();
    groups.sort();
    assert_eq!(
        groups,
        [("`tick` it's".to_owned(), 1), ("say \"hi\"".to_owned(), 1)]
    );
}

/// SQL text reaches the database as written: a string literal holding both quote characters
/// comes back unchanged through the runtime's statement path and through a raw query, and on
/// MySQL a double-quoted string (a string in MySQL's default mode, an identifier once
/// rewritten to backticks) stays a string.
async fn statements_run_as_written(c: &Client) {
    let literal = "say \"hi\" to `you`";
    let mut texts = vec![(format!("SELECT '{literal}'"), literal)];
    if c.dialect() == Dialect::Mysql {
        texts.push(("SELECT \"a\"\"b\"".to_owned(), "a\"b"));
    }
    for (text, expected) in texts {
        let sql = Sql {
            text: text.clone(),
            params: Vec::new(),
        };
        let through_exec = Exec::Client(c)
            .query(&sql, |r| r.read::<String>())
            .await
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(through_exec, [expected], "{text}");
        let raw = c
            .query_raw(&text, Vec::new(), |r| r.read::<String>())
            .await
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(raw, [expected], "{text}");
    }
}

super::on_every_database!(names_needing_quotes, statements_run_as_written,);
