//! `client::dynamic`, the schema-driven entry point (Refract Studio's): models described at run
//! time, rows as values, with the client's defaults (`cuid()`, `now()`, `@updatedAt`) and
//! Prisma's error codes, on SQLite, PostgreSQL and MySQL/MariaDB.

use std::path::PathBuf;

use client::Value;
use client::dynamic::{
    self, ClientDefault, CmpOp, Cond, Executor, FieldMeta, ModelMeta, ScalarKind, Select,
};

static FIELDS: [FieldMeta; 4] = [
    FieldMeta {
        name: "id",
        column: "id",
        kind: ScalarKind::String,
        nullable: false,
        default: ClientDefault::Cuid,
        omitted: false,
    },
    FieldMeta {
        name: "email",
        column: "email",
        kind: ScalarKind::String,
        nullable: false,
        default: ClientDefault::None,
        omitted: false,
    },
    FieldMeta {
        name: "createdAt",
        column: "createdAt",
        kind: ScalarKind::DateTime,
        nullable: false,
        default: ClientDefault::Now,
        omitted: false,
    },
    FieldMeta {
        name: "updatedAt",
        column: "updatedAt",
        kind: ScalarKind::DateTime,
        nullable: false,
        default: ClientDefault::UpdatedAt,
        omitted: false,
    },
];
static NOTE: ModelMeta = ModelMeta::new("Note", "notes", &FIELDS, &[0]);

fn by_id(id: &Value) -> Cond {
    Cond::Cmp("id", CmpOp::Eq, id.clone())
}

async fn run(provider: &str) {
    let Some(db) = test_support::TestDatabase::for_provider(provider, "dynamic", provider).await
    else {
        return;
    };
    let c = client::Client::connect(&db.url_string())
        .await
        .expect("connect");
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dynamic.prisma");
    c.execute_script(&test_support::schema_ddl(&fixture, provider))
        .await
        .expect("tables");
    let exec = c.executor();

    // create fills cuid(), now() and @updatedAt.
    let data = vec![("email", Value::Text("a@example.com".into()))];
    let created = dynamic::create(exec, &NOTE, data.clone())
        .await
        .expect("create");
    let rows = dynamic::find(exec, &Select::all(&NOTE), &[])
        .await
        .expect("find");
    assert_eq!(rows.len(), 1);
    let row = &rows[0].values;
    if let Some(returned) = created {
        assert_eq!(
            &returned, row,
            "{provider}: create returns the row as stored"
        );
    }
    let Value::Text(id) = &row[0] else {
        panic!("{row:?}")
    };
    assert_eq!(id.len(), 25, "a cuid: {id}");
    let (Value::DateTime(created_at), Value::DateTime(updated_at)) = (&row[2], &row[3]) else {
        panic!("{row:?}")
    };
    assert_eq!(created_at, updated_at);

    // update sets @updatedAt; no record is P2025.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let changed = vec![("email", Value::Text("b@example.com".into()))];
    let n = dynamic::update(exec, &NOTE, by_id(&row[0]), changed.clone(), true).await;
    assert_eq!(n.expect("update"), 1);
    let after = dynamic::find(exec, &Select::all(&NOTE), &[])
        .await
        .expect("find");
    let Value::DateTime(bumped) = &after[0].values[3] else {
        panic!()
    };
    assert!(bumped > updated_at, "{provider}: @updatedAt moved");
    let missing = Value::Text("nope".into());
    let err = dynamic::update(exec, &NOTE, by_id(&missing), changed, true)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2025", "{err}");

    // A unique violation is P2002.
    let twice = vec![("email", Value::Text("b@example.com".into()))];
    let err = dynamic::create(exec, &NOTE, twice).await.unwrap_err();
    assert_eq!(err.code(), "P2002", "{err}");

    assert_eq!(
        dynamic::count(exec, &Select::all(&NOTE))
            .await
            .expect("count"),
        1
    );
    assert_eq!(
        dynamic::delete(exec, &NOTE, by_id(&row[0]))
            .await
            .expect("delete"),
        1
    );
    assert_eq!(
        dynamic::count(exec, &Select::all(&NOTE))
            .await
            .expect("count"),
        0
    );
}

#[tokio::test]
async fn dynamic_sqlite() {
    run("sqlite").await;
}

#[tokio::test]
async fn dynamic_postgresql() {
    run("postgresql").await;
}

#[tokio::test]
async fn dynamic_mysql() {
    run("mysql").await;
}
