//! Round trip over generated schemas: random valid schema → migrate from empty → introspect →
//! pull → the pulled schema validates and the diff between it and the database is empty.
//! Deterministic (seeds 0..N, xorshift), on SQLite, PostgreSQL and MySQL/MariaDB.

use diagnostics::SourceFiles;
use driver::{Connection, DatabaseUrl};
use schema::Provider;

use test_support::Rng;

const TYPES: [(&str, &str); 6] = [
    ("String", "\"x\""),
    ("Int", "7"),
    ("Boolean", "true"),
    ("DateTime", "now()"),
    ("Float", "1.5"),
    ("BigInt", "42"),
];

/// PostgreSQL-only field types: `(type, default, attribute)`.
const PG_ONLY: [(&str, &str, &str); 6] = [
    ("Color", "GREEN", ""),
    ("String", "\"n\"", " @db.VarChar(40)"),
    ("String", "dbgenerated(\"gen_random_uuid()\")", " @db.Uuid"),
    ("DateTime", "now()", " @db.Timestamptz(6)"),
    ("Int[]", "[1, 2]", ""),
    ("Decimal", "1.25", " @db.Decimal(10, 2)"),
];

/// MySQL-only field types: `(type, default, attribute)`.
const MYSQL_ONLY: [(&str, &str, &str); 8] = [
    ("Color", "GREEN", ""),
    ("String", "\"n\"", " @db.VarChar(40)"),
    ("Int", "3", " @db.TinyInt"),
    ("Int", "4", " @db.UnsignedInt"),
    ("String", "\"t\"", " @db.Text"),
    ("DateTime", "now()", " @db.DateTime(0)"),
    ("Decimal", "1.25", " @db.Decimal(10, 2)"),
    ("Json", "\"{}\"", ""),
];

/// A random schema: models with scalar fields (optional, defaults, unique), composite
/// indexes, one-to-many / one-to-one relations, self-relations and implicit many-to-many.
fn random_schema(seed: u64, provider: &str) -> String {
    let mut rng = Rng(seed.wrapping_mul(2654435761).wrapping_add(17) | 1);
    let n = 1 + rng.below(4);
    let names: Vec<String> = (0..n).map(|i| format!("Model{i}")).collect();
    let mut fields: Vec<Vec<String>> = vec![Vec::new(); n];
    let mut blocks: Vec<Vec<String>> = vec![Vec::new(); n];
    for (m, f) in fields.iter_mut().enumerate() {
        if rng.chance(50) {
            f.push("id Int @id @default(autoincrement())".into());
        } else {
            f.push("id String @id".into());
        }
        let mut scalars = Vec::new();
        for k in 0..rng.below(5) {
            let (mut t, mut d) = TYPES[rng.below(TYPES.len())];
            let mut native = "";
            if provider == "postgresql" && rng.chance(30) {
                // Enums, lists and native types exist on PostgreSQL only.
                (t, d, native) = PG_ONLY[rng.below(PG_ONLY.len())];
            }
            if provider == "mysql" && rng.chance(30) {
                (t, d, native) = MYSQL_ONLY[rng.below(MYSQL_ONLY.len())];
            }
            let optional = rng.chance(30) && !t.ends_with("[]");
            let mut line = format!("f{k} {t}{}", if optional { "?" } else { "" });
            if rng.chance(30) {
                line.push_str(&format!(" @default({d})"));
            }
            line.push_str(native);
            // MySQL cannot index TEXT or JSON without a prefix length.
            let unindexable = native == " @db.Text" || t == "Json";
            if rng.chance(15) && t != "Boolean" && !unindexable {
                line.push_str(" @unique");
            }
            f.push(line);
            if !unindexable {
                scalars.push(format!("f{k}"));
            }
        }
        if scalars.len() >= 2 && rng.chance(40) {
            let kw = if rng.chance(50) {
                "@@index"
            } else {
                "@@unique"
            };
            blocks[m].push(format!("{kw}([{}, {}])", scalars[0], scalars[1]));
        }
    }
    let id_type = |fields: &Vec<String>| {
        if fields[0].starts_with("id Int") {
            "Int"
        } else {
            "String"
        }
    };
    for r in 0..rng.below(4) {
        let from = rng.below(n);
        let to = rng.below(n);
        let tt = id_type(&fields[to]).to_owned();
        let rel = format!("r{r}");
        if rng.chance(25) && from != to {
            fields[from].push(format!("{rel} {}[] @relation(\"{rel}\")", names[to]));
            fields[to].push(format!("{rel}_back {}[] @relation(\"{rel}\")", names[from]));
            continue;
        }
        let one_to_one = rng.chance(25);
        let optional = from == to || rng.chance(50);
        let q = if optional { "?" } else { "" };
        fields[from].push(format!(
            "{rel}Id {tt}{q}{}",
            if one_to_one { " @unique" } else { "" }
        ));
        fields[from].push(format!(
            "{rel} {}{q} @relation(\"{rel}\", fields: [{rel}Id], references: [id])",
            names[to]
        ));
        let back = if one_to_one { "?" } else { "[]" };
        fields[to].push(format!(
            "{rel}_back {}{back} @relation(\"{rel}\")",
            names[from]
        ));
    }
    let mut out = format!("datasource db {{\n  provider = \"{provider}\"\n}}\n");
    if provider != "sqlite" {
        out.push_str("\nenum Color {\n  RED\n  GREEN\n}\n");
    }
    for m in 0..n {
        out.push_str(&format!("\nmodel {} {{\n", names[m]));
        for f in &fields[m] {
            out.push_str(&format!("  {f}\n"));
        }
        for b in &blocks[m] {
            out.push_str(&format!("  {b}\n"));
        }
        out.push_str("}\n");
    }
    out
}

fn validated(text: &str) -> Result<schema::ValidatedSchema, String> {
    let files = SourceFiles::single("schema.prisma", text);
    let (schema, diagnostics) = schema::validate(&files);
    match diagnostics.errors().next() {
        Some(e) => Err(format!("{}\n{text}", e.message)),
        None => Ok(schema),
    }
}

async fn round_trip(url: &DatabaseUrl, provider: &str, seed: u64) -> Result<(), String> {
    let text = random_schema(seed, provider);
    let original = validated(&text).map_err(|e| format!("generated schema invalid: {e}"))?;
    let script = migrate::from_empty(&original).map_err(|e| e.to_string())?;
    let _ = driver::drop_database(url).await;
    driver::create_database(url)
        .await
        .map_err(|e| e.to_string())?;
    let conn = Connection::connect(url).await.map_err(|e| e.to_string())?;
    conn.raw_cmd(&script)
        .await
        .map_err(|e| format!("{e}\n{script}"))?;
    // `db pull` reads the database as Prisma's describer does; `migrate diff` as the migration
    // engine does (they differ on MariaDB's JSON columns, which the differ reconciles).
    let database = migrate::introspect::introspect_for_pull(&conn, &[])
        .await
        .map_err(|e| e.to_string())?;
    let live = migrate::introspect::introspect(&conn)
        .await
        .map_err(|e| e.to_string())?;
    let extras = introspect::describe_extras(&conn)
        .await
        .map_err(|e| e.to_string())?;
    drop(conn);
    let _ = driver::drop_database(url).await;
    let provider_enum = Provider::from_name(provider).ok_or("provider")?;
    let pulled = introspect::pull(&introspect::PullInput {
        database: &database,
        provider: provider_enum,
        config: introspect::config_blocks(
            &SourceFiles::single("schema.prisma", text.as_str()),
            &original,
        ),
        previous: None,
        extras: &extras,
        views: false,
    })
    .map_err(|e| e.to_string())?;
    let pulled_schema = validated(&pulled.schema)
        .map_err(|e| format!("pulled schema invalid (seed {seed}): {e}\nfrom\n{text}"))?;
    let dialect = migrate::dialect_of(&pulled_schema).map_err(|e| e.to_string())?;
    let target = migrate::calculate(&pulled_schema, dialect);
    let steps = migrate::diff_to_script(&live, &target, dialect);
    if !steps.contains("This is an empty migration") {
        return Err(format!(
            "seed {seed}: diff not empty:\n{steps}\noriginal:\n{text}\npulled:\n{}",
            pulled.schema
        ));
    }
    Ok(())
}

const SEEDS: u64 = 40;

#[tokio::test]
async fn random_schemas_round_trip_on_sqlite() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = DatabaseUrl::parse(
        &format!("file:{}", dir.path().join("rt.db").display()),
        dir.path(),
    )
    .expect("sqlite url");
    for seed in 0..SEEDS {
        if let Err(e) = round_trip(&url, "sqlite", seed).await {
            panic!("{e}");
        }
    }
}

#[tokio::test]
async fn random_schemas_round_trip_on_postgresql() {
    let Some(url) =
        test_support::database_url(test_support::Server::Postgres, "refract_pull", "rt")
    else {
        return;
    };
    for seed in 0..SEEDS {
        if let Err(e) = round_trip(&url, "postgresql", seed).await {
            panic!("{e}");
        }
    }
}

#[tokio::test]
async fn random_schemas_round_trip_on_mysql() {
    let Some(url) = test_support::database_url(test_support::Server::Mysql, "refract_pull", "rt")
    else {
        return;
    };
    for seed in 0..SEEDS {
        if let Err(e) = round_trip(&url, "mysql", seed).await {
            panic!("{e}");
        }
    }
}
