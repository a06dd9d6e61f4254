//! Property test over generated schemas: for random schemas A and B (B a random edit of A),
//! the script from empty to A and the migration from A to B run on a real database, the
//! target diffed with itself is empty, and on SQLite the rows of tables kept by B survive.
//! Deterministic: seeds 0..N with a small xorshift generator.

use diagnostics::SourceFiles;
use migrate::SqlSchema;
use schema::Provider;

use test_support::Rng;

#[derive(Clone, Copy, PartialEq)]
enum Type {
    String,
    Int,
    Boolean,
    DateTime,
    Float,
}

const TYPES: [Type; 5] = [
    Type::String,
    Type::Int,
    Type::Boolean,
    Type::DateTime,
    Type::Float,
];

#[derive(Clone)]
struct Field {
    name: String,
    tpe: Type,
    optional: bool,
    with_default: bool,
    unique: bool,
    indexed: bool,
}

#[derive(Clone)]
struct Relation {
    target: usize,
    on_delete: &'static str,
}

#[derive(Clone)]
struct Model {
    id: usize,
    fields: Vec<Field>,
    relations: Vec<Relation>,
}

#[derive(Clone)]
struct Spec {
    models: Vec<Model>,
    next_id: usize,
    next_field: usize,
}

fn random_field(rng: &mut Rng, n: usize) -> Field {
    let optional = rng.chance(50);
    Field {
        name: format!("f{n}"),
        tpe: TYPES[rng.below(TYPES.len())],
        optional,
        // Required fields always have a default, so rows can be migrated.
        with_default: !optional || rng.chance(30),
        unique: rng.chance(15),
        indexed: rng.chance(15),
    }
}

fn random_model(rng: &mut Rng, spec: &mut Spec) -> Model {
    let id = spec.next_id;
    spec.next_id += 1;
    let mut fields = Vec::new();
    for _ in 0..1 + rng.below(4) {
        fields.push(random_field(rng, spec.next_field));
        spec.next_field += 1;
    }
    Model {
        id,
        fields,
        relations: Vec::new(),
    }
}

const ACTIONS: [&str; 4] = ["Cascade", "SetNull", "Restrict", "NoAction"];

fn random_spec(rng: &mut Rng) -> Spec {
    let mut spec = Spec {
        models: Vec::new(),
        next_id: 0,
        next_field: 0,
    };
    for _ in 0..2 + rng.below(3) {
        let mut model = random_model(rng, &mut spec);
        let existing: Vec<usize> = spec.models.iter().map(|m| m.id).collect();
        if !existing.is_empty() && rng.chance(60) {
            model.relations.push(Relation {
                target: existing[rng.below(existing.len())],
                on_delete: ACTIONS[rng.below(ACTIONS.len())],
            });
        }
        spec.models.push(model);
    }
    spec
}

fn edit(rng: &mut Rng, spec: &Spec) -> Spec {
    let mut spec = spec.clone();
    for _ in 0..1 + rng.below(3) {
        let m = rng.below(spec.models.len());
        match rng.below(9) {
            0 => {
                let field = random_field(rng, spec.next_field);
                spec.next_field += 1;
                spec.models[m].fields.push(field);
            }
            1 if spec.models[m].fields.len() > 1 => {
                let f = rng.below(spec.models[m].fields.len());
                spec.models[m].fields.remove(f);
            }
            2 => {
                let f = rng.below(spec.models[m].fields.len());
                let field = &mut spec.models[m].fields[f];
                field.optional = !field.optional;
                field.with_default = true;
            }
            3 => {
                let f = rng.below(spec.models[m].fields.len());
                let field = &mut spec.models[m].fields[f];
                field.unique = !field.unique;
            }
            4 => {
                let f = rng.below(spec.models[m].fields.len());
                let field = &mut spec.models[m].fields[f];
                field.indexed = !field.indexed;
            }
            5 => {
                let f = rng.below(spec.models[m].fields.len());
                let field = &mut spec.models[m].fields[f];
                field.tpe = [Type::String, Type::Int, Type::Boolean][rng.below(3)];
            }
            6 => {
                let model = random_model(rng, &mut spec);
                spec.models.push(model);
            }
            7 if spec.models.len() > 2 => {
                let dropped = spec.models.remove(m).id;
                for model in &mut spec.models {
                    model.relations.retain(|r| r.target != dropped);
                }
            }
            _ => {
                let earlier: Vec<usize> = spec.models[..m].iter().map(|x| x.id).collect();
                let model = &mut spec.models[m];
                if let Some(r) = model.relations.first_mut() {
                    r.on_delete = ACTIONS[rng.below(ACTIONS.len())];
                } else if !earlier.is_empty() {
                    model.relations.push(Relation {
                        target: earlier[rng.below(earlier.len())],
                        on_delete: ACTIONS[rng.below(ACTIONS.len())],
                    });
                }
            }
        }
    }
    spec
}

fn type_name(t: Type) -> &'static str {
    match t {
        Type::String => "String",
        Type::Int => "Int",
        Type::Boolean => "Boolean",
        Type::DateTime => "DateTime",
        Type::Float => "Float",
    }
}

fn default_of(t: Type) -> &'static str {
    match t {
        Type::String => "@default(\"x\")",
        Type::Int => "@default(1)",
        Type::Boolean => "@default(false)",
        Type::DateTime => "@default(now())",
        Type::Float => "@default(1.5)",
    }
}

fn render(spec: &Spec, provider: &str) -> String {
    let mut out = format!("datasource db {{\n  provider = \"{provider}\"\n}}\n\n");
    for model in &spec.models {
        out.push_str(&format!(
            "model M{} {{\n  id Int @id @default(autoincrement())\n",
            model.id
        ));
        for f in &model.fields {
            out.push_str(&format!(
                "  {} {}{}{}{}\n",
                f.name,
                type_name(f.tpe),
                if f.optional { "?" } else { "" },
                if f.with_default {
                    format!(" {}", default_of(f.tpe))
                } else {
                    String::new()
                },
                if f.unique { " @unique" } else { "" }
            ));
        }
        for r in &model.relations {
            out.push_str(&format!(
                "  to{t} M{t}? @relation(\"R{m}_{t}\", fields: [to{t}Id], references: [id], onDelete: {})\n  to{t}Id Int?\n",
                r.on_delete,
                t = r.target,
                m = model.id
            ));
        }
        for other in &spec.models {
            // At most one relation per model: one back-relation field per referencing model.
            if other.relations.iter().any(|r| r.target == model.id) {
                out.push_str(&format!(
                    "  from{o} M{o}[] @relation(\"R{o}_{t}\")\n",
                    o = other.id,
                    t = model.id
                ));
            }
        }
        for f in model.fields.iter().filter(|f| f.indexed) {
            out.push_str(&format!("  @@index([{}])\n", f.name));
        }
        out.push_str("}\n\n");
    }
    out
}

fn calculated(spec: &Spec, provider: &str) -> SqlSchema {
    let text = render(spec, provider);
    let (schema, diagnostics) =
        schema::validate(&SourceFiles::single("schema.prisma", text.clone()));
    let errors: Vec<&str> = diagnostics.errors().map(|e| e.message.as_str()).collect();
    assert!(
        errors.is_empty(),
        "generated schema is invalid: {errors:?}\n{text}"
    );
    let dialect =
        migrate::for_provider(Provider::from_name(provider).expect("provider")).expect("dialect");
    migrate::calculate(&schema, dialect)
}

const SEEDS: u64 = 60;

/// Records which `-- Step` kinds a script contains.
fn record_steps(script: &str, seen: &mut std::collections::BTreeSet<String>) {
    seen.extend(
        script
            .lines()
            .filter_map(|l| l.strip_prefix("-- "))
            .map(str::to_owned),
    );
}

/// The generator must exercise the interesting steps, or the property proves little.
fn assert_covers(seen: &std::collections::BTreeSet<String>, kinds: &[&str]) {
    for kind in kinds {
        assert!(
            seen.contains(*kind),
            "no generated migration has a {kind} step: {seen:?}"
        );
    }
}

#[test]
fn random_migrations_run_on_sqlite_and_keep_rows() {
    let dialect = migrate::for_provider(Provider::Sqlite).expect("dialect");
    let mut seen = std::collections::BTreeSet::new();
    for seed in 1..=SEEDS {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let a = random_spec(&mut rng);
        let b = edit(&mut rng, &a);
        let (sa, sb) = (calculated(&a, "sqlite"), calculated(&b, "sqlite"));
        let create = migrate::diff_to_script(&SqlSchema::default(), &sa, dialect);
        let migration = migrate::diff_to_script(&sa, &sb, dialect);
        record_steps(&migration, &mut seen);
        assert_eq!(
            migrate::diff_to_script(&sb, &sb, dialect),
            "-- This is an empty migration.",
            "seed {seed}: the target differs from itself"
        );
        let db = rusqlite::Connection::open_in_memory().expect("SQLite");
        db.execute_batch(&create)
            .unwrap_or_else(|e| panic!("seed {seed}: creating A failed: {e}\n{create}"));
        for model in &a.models {
            // Every required column has a default (see random_field).
            db.execute(&format!("INSERT INTO \"M{}\" DEFAULT VALUES", model.id), [])
                .unwrap_or_else(|e| panic!("seed {seed}: insert into M{}: {e}", model.id));
        }
        db.execute_batch(&migration)
            .unwrap_or_else(|e| panic!("seed {seed}: migrating A to B failed: {e}\n{migration}"));
        for model in b
            .models
            .iter()
            .filter(|m| a.models.iter().any(|x| x.id == m.id))
        {
            let count: i64 = db
                .query_row(
                    &format!("SELECT COUNT(*) FROM \"M{}\"", model.id),
                    [],
                    |r| r.get(0),
                )
                .expect("count rows");
            assert_eq!(
                count, 1,
                "seed {seed}: the row of M{} did not survive\n{migration}",
                model.id
            );
        }
    }
}

fn database_url(server: &str, database: &str) -> String {
    let (base, _) = server.rsplit_once('/').unwrap_or((server, ""));
    format!("{base}/{database}")
}

async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"));
    tokio::spawn(connection);
    client
}

#[tokio::test]
async fn random_migrations_run_on_postgresql() {
    let Some(server) = test_support::server_url(test_support::Server::Postgres) else {
        return;
    };
    let dialect = migrate::for_provider(Provider::Postgresql).expect("dialect");
    let admin = connect(&server).await;
    let database = format!("refract_msql_random_{}", std::process::id());
    let mut seen = std::collections::BTreeSet::new();
    for seed in 1..=SEEDS / 2 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let a = random_spec(&mut rng);
        let b = edit(&mut rng, &a);
        let (sa, sb) = (calculated(&a, "postgresql"), calculated(&b, "postgresql"));
        let create = migrate::diff_to_script(&SqlSchema::default(), &sa, dialect);
        let migration = migrate::diff_to_script(&sa, &sb, dialect);
        record_steps(&migration, &mut seen);
        for statement in [
            format!("DROP DATABASE IF EXISTS \"{database}\""),
            format!("CREATE DATABASE \"{database}\""),
        ] {
            admin
                .batch_execute(&statement)
                .await
                .expect("create test database");
        }
        let outcome = {
            let db = connect(&database_url(&server, &database)).await;
            match db.batch_execute(&create).await {
                Ok(()) => db
                    .batch_execute(&migration)
                    .await
                    .map_err(|e| format!("migrating A to B failed: {e}\n{migration}")),
                Err(e) => Err(format!("creating A failed: {e}\n{create}")),
            }
        };
        admin
            .batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"
            ))
            .await
            .expect("drop test database");
        if let Err(e) = outcome {
            panic!("seed {seed}: {e}");
        }
    }
    assert_covers(
        &seen,
        &[
            "AlterTable",
            "CreateTable",
            "DropTable",
            "CreateIndex",
            "DropIndex",
            "AddForeignKey",
            "DropForeignKey",
        ],
    );
}

#[tokio::test]
async fn random_migrations_run_on_mysql_keep_rows_and_introspect_back() {
    let Some(url) =
        test_support::database_url(test_support::Server::Mysql, "refract_msql", "random")
    else {
        return;
    };
    let dialect = migrate::for_provider(Provider::Mysql).expect("dialect");
    let mut seen = std::collections::BTreeSet::new();
    for seed in 1..=SEEDS / 2 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let a = random_spec(&mut rng);
        let b = edit(&mut rng, &a);
        let (sa, sb) = (calculated(&a, "mysql"), calculated(&b, "mysql"));
        let create = migrate::diff_to_script(&SqlSchema::default(), &sa, dialect);
        let migration = migrate::diff_to_script(&sa, &sb, dialect);
        record_steps(&migration, &mut seen);
        connector::drop_database(&url).await.expect("drop");
        connector::create_database(&url).await.expect("create");
        let db = connector::Connection::connect(&url).await.expect("connect");
        db.raw_cmd(&create)
            .await
            .unwrap_or_else(|e| panic!("seed {seed}: creating A failed: {e}\n{create}"));
        for model in &a.models {
            // Every required column has a default (see random_field).
            db.raw_cmd(&format!("INSERT INTO `M{}` () VALUES ()", model.id))
                .await
                .unwrap_or_else(|e| panic!("seed {seed}: insert into M{}: {e}", model.id));
        }
        db.raw_cmd(&migration)
            .await
            .unwrap_or_else(|e| panic!("seed {seed}: migrating A to B failed: {e}\n{migration}"));
        for model in b
            .models
            .iter()
            .filter(|m| a.models.iter().any(|x| x.id == m.id))
        {
            let rows = db
                .query(&format!("SELECT COUNT(*) AS n FROM `M{}`", model.id), &[])
                .await
                .expect("count rows");
            assert_eq!(
                rows.first().and_then(|r| r.int("n")),
                Some(1),
                "seed {seed}: the row of M{} did not survive\n{migration}",
                model.id
            );
        }
        let live = migrate::introspect::introspect(&db)
            .await
            .expect("introspect");
        assert_eq!(
            migrate::diff_to_script(&live, &sb, dialect),
            "-- This is an empty migration.",
            "seed {seed}: the migrated database differs from B\n{migration}"
        );
    }
    connector::drop_database(&url).await.expect("drop");
    assert_covers(
        &seen,
        &[
            "AlterTable",
            "CreateTable",
            "DropTable",
            "CreateIndex",
            "DropIndex",
            "AddForeignKey",
            "DropForeignKey",
        ],
    );
}
