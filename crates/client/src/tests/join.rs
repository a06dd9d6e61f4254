//! The statement of the `join` relation load strategy (`render::select_joined`), for a model
//! and relations whose names need quoting: to-many with a filter, an order, `skip` and `take`,
//! to-one nested in it, many-to-many through a join table, a `Json` field and a `Json[]`
//! list sent as text; and a selection's (`select`). Compared with `src/tests/join/postgres.sql`
//! and `postgres_select.sql` (`UPDATE_EXPECT=1 cargo test -p client --lib join` rewrites
//! them); refused on SQLite and MySQL, where the query strategy runs.

use std::path::PathBuf;

use crate::meta::{ClientDefault, FieldMeta, JoinTable, ModelMeta, RelationMeta, ScalarKind};
use crate::query::{CmpOp, Cond, OrderExpr, OrderItem, Select};
use crate::render::{self, Dialect, JoinItem, JoinRel};
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

static PARENT_FIELDS: [FieldMeta; 2] = [
    field("id", "id", ScalarKind::Int),
    field("name", "na\"me", ScalarKind::String),
];
static PARENT: ModelMeta = ModelMeta::new("Parent", "Par\"ent", &PARENT_FIELDS, &[0]);

static CHILD_FIELDS: [FieldMeta; 4] = [
    field("id", "id", ScalarKind::Int),
    field("parentId", "parent\"Id", ScalarKind::Int),
    field("doc", "doc", ScalarKind::Json),
    field("docs", "docs", ScalarKind::Json),
];
static CHILD: ModelMeta = ModelMeta::new("Child", "Child", &CHILD_FIELDS, &[0]).lists(&[3]);

static CHILDREN: RelationMeta = RelationMeta {
    name: "children",
    target: &CHILD,
    from_columns: &["id"],
    to_columns: &["parent\"Id"],
    list: true,
    join: None,
    holds_foreign_key: false,
    emulated: None,
};

static PARENT_OF: RelationMeta = RelationMeta {
    name: "parent",
    target: &PARENT,
    from_columns: &["parent\"Id"],
    to_columns: &["id"],
    list: false,
    join: None,
    holds_foreign_key: true,
    emulated: None,
};

static TAGS: RelationMeta = RelationMeta {
    name: "tags",
    target: &CHILD,
    from_columns: &["id"],
    to_columns: &["id"],
    list: true,
    join: Some(JoinTable {
        table: "_Child\"ToParent",
        schema: None,
        this_column: "B",
        other_column: "A",
    }),
    holds_foreign_key: false,
    emulated: None,
};

fn rels() -> Vec<JoinRel> {
    vec![
        JoinRel {
            meta: &CHILDREN,
            filter: Cond::Cmp("id", CmpOp::Gt, Value::Int(1)),
            order: vec![OrderItem {
                expr: OrderExpr::Column("id"),
                desc: true,
                nulls: None,
            }],
            take: Some(2),
            skip: 1,
            items: JoinItem::fields(&CHILD)
                .chain([JoinItem::Relation(JoinRel {
                    meta: &PARENT_OF,
                    filter: Cond::Cmp("na\"me", CmpOp::Ne, Value::Text("x".into())),
                    order: Vec::new(),
                    take: None,
                    skip: 0,
                    items: JoinItem::fields(&PARENT).collect(),
                })])
                .collect(),
        },
        JoinRel {
            meta: &TAGS,
            filter: Cond::True,
            order: Vec::new(),
            take: None,
            skip: 0,
            items: JoinItem::fields(&CHILD).collect(),
        },
    ]
}

/// The parent's fields, then each relation.
fn items() -> Vec<JoinItem> {
    JoinItem::fields(&PARENT)
        .chain(rels().into_iter().map(JoinItem::Relation))
        .collect()
}

/// The items of a selection's statement (`select`): a field, a filtered relation count and a
/// selected relation whose records hold a field, a count of their own and a nested relation.
fn selection_items() -> Vec<JoinItem> {
    vec![
        JoinItem::Field(1),
        JoinItem::Count(&CHILDREN, Cond::Cmp("id", CmpOp::Gt, Value::Int(5))),
        JoinItem::Relation(JoinRel {
            meta: &CHILDREN,
            filter: Cond::Cmp("id", CmpOp::Ne, Value::Int(7)),
            order: Vec::new(),
            take: None,
            skip: 0,
            items: vec![
                JoinItem::Field(2),
                JoinItem::Count(&TAGS, Cond::Cmp("id", CmpOp::Lt, Value::Int(9))),
                JoinItem::Relation(JoinRel {
                    meta: &PARENT_OF,
                    filter: Cond::True,
                    order: Vec::new(),
                    take: None,
                    skip: 0,
                    items: vec![JoinItem::Field(0)],
                }),
            ],
        }),
    ]
}

/// One statement compared with its fixture: the fixture's name under `src/tests/join/`, the
/// query, its items, and the parameters expected in the order of their placeholders.
struct Fixture {
    file: &'static str,
    select: Select,
    items: Vec<JoinItem>,
    params: Vec<Value>,
}

/// The statements compared with their fixtures.
fn fixtures() -> Vec<Fixture> {
    let mut filtered = Select::all(&PARENT);
    filtered.filter = Cond::Cmp("na\"me", CmpOp::Eq, Value::Text("p".into()));
    filtered.take = Some(10);
    vec![
        // Includes: the nested to-one relation's filter and LIMIT 1, the relation's filter,
        // take and skip, then the query's own filter and LIMIT.
        Fixture {
            file: "postgres.sql",
            select: filtered,
            items: items(),
            params: vec![
                Value::Text("x".into()),
                Value::Int(1),
                Value::Int(1),
                Value::Int(2),
                Value::Int(1),
                Value::Text("p".into()),
                Value::Int(10),
            ],
        },
        // A selection: in text order, the top-level count's filter, the nested count's
        // filter, the nested to-one relation's LIMIT 1, the relation's filter.
        Fixture {
            file: "postgres_select.sql",
            select: Select::all(&PARENT),
            items: selection_items(),
            params: vec![Value::Int(5), Value::Int(9), Value::Int(1), Value::Int(7)],
        },
    ]
}

#[test]
fn join_statements_match_their_fixtures() {
    for case in fixtures() {
        let sql = render::select_joined(Dialect::Postgres, &case.select, &case.items)
            .unwrap()
            .unwrap();
        let text = format!("{}\n-- params: {:?}\n", sql.text, sql.params);
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("src/tests/join")
            .join(case.file);
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            text,
            expected,
            "UPDATE_EXPECT=1 rewrites {}",
            path.display()
        );
        assert_eq!(sql.params, case.params, "{}", case.file);
    }
}

#[test]
fn no_join_statement_on_sqlite_and_mysql() {
    for dialect in [Dialect::Sqlite, Dialect::Mysql] {
        let joined = render::select_joined(dialect, &Select::all(&PARENT), &items()).unwrap();
        assert!(joined.is_err());
    }
}
