//! Names and literals never become SQL.
//!
//! Regression cases from issue 12 (a `@@map` that closed its quote and dropped another table on
//! PostgreSQL; a backtick name or a `\'` default that did the same on MariaDB), then a
//! property test: random table, column, index, constraint, foreign key, enum and enum value
//! names (through `@map`, `@@map` and `map:`) and string defaults, drawn from quotes,
//! backslashes, semicolons, comment markers, unicode and (where the database takes it) NUL,
//! migrated from empty and then to a changed schema on each database. Each time the database
//! must hold exactly those names and defaults (read back by introspection, and a row inserted
//! with its defaults), a `victim` table created beforehand must still be there with its row,
//! and a second diff must be empty. Deterministic: a small xorshift generator, fixed seeds.
//!
//! SQLite always; PostgreSQL on the server of `REFRACT_TEST_POSTGRES_URL`; MySQL/MariaDB on
//! the server of `REFRACT_TEST_MYSQL_URL`.

mod common;

use std::collections::HashSet;
use std::time::Instant;

use common::TestDb;
use diagnostics::SourceFiles;
use driver::Connection;
use migrate::SqlSchema;
use schema::{Provider, SchemaCapabilities as _};
use sql_schema::{DefaultValue, MigrationStep, Value};

/// Cases per database: SQLite is in-process and fast; each server case costs a reset and a
/// few round trips.
const SQLITE_CASES: u64 = 200;
const POSTGRES_CASES: u64 = 50;
const MYSQL_CASES: u64 = 10;

use test_support::Rng;

/// The generator for a case's seed.
fn rng_for(seed: u64) -> Rng {
    Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
}

/// What names and texts are made of: the characters that end or escape identifiers and
/// literals, statement and comment syntax, and unicode.
const PIECES: &[&str] = &[
    "\"",
    "'",
    "`",
    "\\",
    "\\'",
    "\\\"",
    ";",
    "--",
    "/*",
    "*/",
    "#",
    " ",
    "(",
    ")",
    ",",
    "%",
    "_",
    "?",
    "$1",
    "é",
    "Ж",
    "中",
    "😀",
    "a",
    "b",
    "Z",
    "x",
    "0",
    "DROP TABLE victim; ",
    "'); DROP TABLE victim; -- ",
];

/// What the database accepts in a name, and where NUL may go.
struct Rules {
    provider: &'static str,
    /// MySQL: no characters outside the BMP (not in names, and MariaDB's information_schema
    /// reads defaults in utf8mb3, so not in defaults either), no trailing space, names
    /// compared ignoring case.
    mysql: bool,
    /// NUL in string defaults (MySQL).
    nul_in_strings: bool,
    /// Named primary keys (PostgreSQL).
    named_primary_keys: bool,
    /// Named foreign keys (PostgreSQL, MySQL).
    named_foreign_keys: bool,
}

impl Rules {
    fn of(provider: &'static str) -> Rules {
        let p = Provider::from_name(provider).unwrap();
        Rules {
            provider,
            mysql: provider == "mysql",
            nul_in_strings: p.allows_nul_in_strings(),
            named_primary_keys: p.supports_named_primary_keys(),
            named_foreign_keys: p.supports_named_foreign_keys() && provider != "sqlite",
        }
    }
}

fn random_text(rng: &mut Rng, rules: &Rules, name: bool) -> String {
    let mut s = String::new();
    for _ in 0..1 + rng.below(5) {
        s.push_str(PIECES[rng.below(PIECES.len())]);
    }
    if !name && rules.nul_in_strings && rng.chance(30) {
        s.insert(rng.below(2) * s.len(), '\0');
    }
    if rules.mysql {
        s = s.replace('😀', "ö");
    }
    if name && rules.mysql {
        while s.ends_with(' ') {
            s.pop();
        }
    }
    // Names fit every database's identifier length (63 bytes on PostgreSQL).
    while s.len() > 40 {
        s.pop();
    }
    if s.is_empty() || (name && rules.mysql && s.ends_with(' ')) {
        s.push('n');
    }
    s
}

/// Names that are distinct from every other name of the schema (ignoring case: MySQL compares
/// column and index names so, and PostgreSQL tables and enum types share one namespace).
struct Names<'r> {
    rules: &'r Rules,
    used: HashSet<String>,
}

impl Names<'_> {
    fn fresh(&mut self, rng: &mut Rng) -> String {
        loop {
            let name = random_text(rng, self.rules, true);
            let key = name.to_lowercase();
            if key != "victim" && !key.starts_with("sqlite_") && self.used.insert(key) {
                return name;
            }
        }
    }
}

/// A string literal of the Prisma schema language.
fn psl(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\u0000"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The random names and defaults of one schema.
#[derive(Clone)]
struct Spec {
    enum_name: String,
    values: [String; 2],
    parent: String,
    parent_id: String,
    parent_pk: String,
    text_col: String,
    text_default: String,
    unique_col: String,
    unique_name: String,
    enum_col: String,
    enum_default: usize,
    index_name: String,
    child: String,
    child_id: String,
    child_fk_col: String,
    fk_name: String,
    child_text: String,
    child_default: String,
}

impl Spec {
    fn random(rng: &mut Rng, rules: &Rules) -> Spec {
        let mut names = Names {
            rules,
            used: HashSet::new(),
        };
        let mut enum_values = Names {
            rules,
            used: HashSet::new(),
        };
        Spec {
            enum_name: names.fresh(rng),
            values: [enum_values.fresh(rng), enum_values.fresh(rng)],
            parent: names.fresh(rng),
            parent_id: names.fresh(rng),
            parent_pk: names.fresh(rng),
            text_col: names.fresh(rng),
            text_default: random_text(rng, rules, false),
            unique_col: names.fresh(rng),
            unique_name: names.fresh(rng),
            enum_col: names.fresh(rng),
            enum_default: rng.below(2),
            index_name: names.fresh(rng),
            child: names.fresh(rng),
            child_id: names.fresh(rng),
            child_fk_col: names.fresh(rng),
            fk_name: names.fresh(rng),
            child_text: names.fresh(rng),
            child_default: random_text(rng, rules, false),
        }
    }

    /// A changed copy: some names and defaults drawn again (tables and columns renamed are
    /// dropped and created, indexes renamed, defaults and enum values altered).
    fn changed(&self, rng: &mut Rng, rules: &Rules) -> Spec {
        let fresh = Spec::random(rng, rules);
        let mut next = self.clone();
        let pick = |rng: &mut Rng, old: &String, new: &String| {
            if rng.chance(40) {
                new.clone()
            } else {
                old.clone()
            }
        };
        // Names are drawn again with a suffix that keeps them distinct from the old ones.
        let suffixed = |s: &String| format!("{s}2");
        next.text_default = pick(rng, &self.text_default, &fresh.text_default);
        next.child_default = pick(rng, &self.child_default, &fresh.child_default);
        next.index_name = pick(rng, &self.index_name, &suffixed(&self.index_name));
        next.unique_name = pick(rng, &self.unique_name, &suffixed(&self.unique_name));
        next.fk_name = pick(rng, &self.fk_name, &suffixed(&self.fk_name));
        next.text_col = pick(rng, &self.text_col, &suffixed(&self.text_col));
        next.child_text = pick(rng, &self.child_text, &suffixed(&self.child_text));
        next.child = pick(rng, &self.child, &suffixed(&self.child));
        next.values[1] = pick(rng, &self.values[1], &suffixed(&self.values[1]));
        next.enum_default = rng.below(2);
        next
    }

    fn schema(&self, rules: &Rules) -> String {
        let pk_map = if rules.named_primary_keys {
            format!("(map: {})", psl(&self.parent_pk))
        } else {
            String::new()
        };
        let fk_map = if rules.named_foreign_keys {
            format!(", map: {}", psl(&self.fk_name))
        } else {
            String::new()
        };
        format!(
            r#"datasource db {{
  provider = "{provider}"
}}

enum E {{
  V0 @map({v0})
  V1 @map({v1})

  @@map({enum_name})
}}

model Parent {{
  id       Int     @id{pk_map} @default(autoincrement()) @map({parent_id})
  text     String  @default({text_default}) @map({text_col})
  uniq     String? @unique(map: {unique_name}) @map({unique_col})
  kind     E       @default(V{enum_default}) @map({enum_col})
  children Child[]

  @@index([text], map: {index_name})
  @@map({parent})
}}

model Child {{
  id       Int     @id @default(autoincrement()) @map({child_id})
  parentId Int?    @map({child_fk_col})
  parent   Parent? @relation(fields: [parentId], references: [id]{fk_map})
  text     String  @default({child_default}) @map({child_text})

  @@map({child})
}}
"#,
            provider = rules.provider,
            v0 = psl(&self.values[0]),
            v1 = psl(&self.values[1]),
            enum_name = psl(&self.enum_name),
            parent_id = psl(&self.parent_id),
            text_default = psl(&self.text_default),
            text_col = psl(&self.text_col),
            unique_name = psl(&self.unique_name),
            unique_col = psl(&self.unique_col),
            enum_default = self.enum_default,
            enum_col = psl(&self.enum_col),
            index_name = psl(&self.index_name),
            parent = psl(&self.parent),
            child_id = psl(&self.child_id),
            child_fk_col = psl(&self.child_fk_col),
            child_text = psl(&self.child_text),
            child_default = psl(&self.child_default),
            child = psl(&self.child),
        )
    }
}

fn calculate(text: &str) -> Result<(SqlSchema, &'static dyn migrate::Dialect), String> {
    let (schema, diagnostics) = schema::validate(&SourceFiles::single("schema.prisma", text));
    if let Some(e) = diagnostics.errors().next() {
        return Err(format!("invalid schema: {}\n{text}", e.message));
    }
    let dialect = migrate::dialect_of(&schema).map_err(|e| e.to_string())?;
    Ok((migrate::calculate(&schema, dialect), dialect))
}

fn quote(conn: &Connection, name: &str) -> String {
    conn.provider().quote_identifier(name)
}

/// Empties the database and creates `victim` with one row.
async fn prepare(conn: &Connection) {
    migrate::commands::reset_database(conn).await.unwrap();
    let victim = quote(conn, "victim");
    conn.raw_cmd(&format!(
        "CREATE TABLE {victim} (id INTEGER PRIMARY KEY); INSERT INTO {victim} (id) VALUES (1)"
    ))
    .await
    .unwrap();
}

async fn victim_rows(conn: &Connection) -> Result<i64, String> {
    let rows = conn
        .query(
            &format!("SELECT COUNT(*) AS n FROM {}", quote(conn, "victim")),
            &[],
        )
        .await
        .map_err(|e| format!("`victim` is gone: {e}"))?;
    Ok(rows.first().and_then(|r| r.int("n")).unwrap_or(0))
}

/// The database holds exactly what `spec` names, `victim` survived, and a second diff is
/// empty.
async fn check(
    conn: &Connection,
    spec: &Spec,
    target: &SqlSchema,
    dialect: &dyn migrate::Dialect,
) -> Result<(), String> {
    if victim_rows(conn).await? != 1 {
        return Err("`victim` lost its row".into());
    }
    let live = migrate::introspect::introspect(conn)
        .await
        .map_err(|e| e.to_string())?;
    let mut tables: Vec<&str> = live.table_walkers().map(|t| t.name()).collect();
    tables.sort_unstable();
    let mut expected = vec![spec.parent.as_str(), spec.child.as_str(), "victim"];
    expected.sort_unstable();
    if tables != expected {
        return Err(format!("tables {tables:?}, expected {expected:?}"));
    }
    let table = |name: &str| live.table_walkers().find(|t| t.name() == name).unwrap();
    let parent = table(&spec.parent);
    let child = table(&spec.child);
    let columns = |t: sql_schema::TableWalker<'_>| {
        let mut c: Vec<String> = t.columns().map(|c| c.name().to_owned()).collect();
        c.sort_unstable();
        c
    };
    let sorted = |names: &[&String]| {
        let mut c: Vec<String> = names.iter().map(|s| (*s).clone()).collect();
        c.sort_unstable();
        c
    };
    let want = sorted(&[
        &spec.parent_id,
        &spec.text_col,
        &spec.unique_col,
        &spec.enum_col,
    ]);
    if columns(parent) != want {
        return Err(format!("columns {:?}, expected {want:?}", columns(parent)));
    }
    let want = sorted(&[&spec.child_id, &spec.child_fk_col, &spec.child_text]);
    if columns(child) != want {
        return Err(format!("columns {:?}, expected {want:?}", columns(child)));
    }
    let default_of = |t: sql_schema::TableWalker<'_>, column: &str| match &t
        .column(column)
        .and_then(|c| c.column().default.clone())
    {
        Some(DefaultValue::Value(Value::String(s) | Value::Enum(s))) => Some(s.clone()),
        other => Some(format!("{other:?}")),
    };
    for (t, column, want) in [
        (parent, &spec.text_col, &spec.text_default),
        (child, &spec.child_text, &spec.child_default),
        (parent, &spec.enum_col, &spec.values[spec.enum_default]),
    ] {
        let got = default_of(t, column);
        if got.as_ref() != Some(want) {
            return Err(format!("default of {column:?}: {got:?}, expected {want:?}"));
        }
    }
    let mut indexes: Vec<&str> = parent.indexes().map(|i| i.name()).collect();
    indexes.sort_unstable();
    let mut want = vec![spec.index_name.as_str(), spec.unique_name.as_str()];
    want.sort_unstable();
    if indexes != want {
        return Err(format!("indexes {indexes:?}, expected {want:?}"));
    }
    // Enum types (PostgreSQL) keep their name; every database keeps the values.
    let column_enum = parent.column(&spec.enum_col).and_then(|c| c.column_enum());
    let named_enums = conn.provider() == driver::Provider::Postgres;
    if named_enums && column_enum.map(|e| e.name()) != Some(spec.enum_name.as_str()) {
        return Err(format!(
            "enum {:?}, expected {:?}",
            column_enum.map(|e| e.name()),
            spec.enum_name
        ));
    }
    if let Some(e) = column_enum
        && e.values() != spec.values
    {
        return Err(format!(
            "enum values {:?}, expected {:?}",
            e.values(),
            spec.values
        ));
    }
    let again = migrate::diff(&live, target, dialect);
    let only_victim = again.steps.iter().all(
        |step| matches!(step, MigrationStep::DropTable(id) if live.walk(*id).name() == "victim"),
    );
    if again.steps.len() != 1 || !only_victim {
        return Err(format!(
            "a second diff is not empty:\n{}",
            migrate::render_script(&again, dialect, &[])
        ));
    }
    // The defaults as the database applies them.
    let insert = if conn.provider() == driver::Provider::Mysql {
        format!("INSERT INTO {} () VALUES ()", quote(conn, &spec.child))
    } else {
        format!("INSERT INTO {} DEFAULT VALUES", quote(conn, &spec.child))
    };
    conn.raw_cmd(&insert).await.map_err(|e| e.to_string())?;
    let rows = conn
        .query(
            &format!(
                "SELECT {} AS v FROM {}",
                quote(conn, &spec.child_text),
                quote(conn, &spec.child)
            ),
            &[],
        )
        .await
        .map_err(|e| e.to_string())?;
    let got = rows.first().and_then(|r| r.text("v"));
    if got != Some(spec.child_default.as_str()) {
        return Err(format!(
            "a new row's default is {got:?}, expected {:?}",
            spec.child_default
        ));
    }
    conn.raw_cmd(&format!("DELETE FROM {}", quote(conn, &spec.child)))
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

async fn one_case(conn: &Connection, rules: &Rules, seed: u64) -> Result<(), String> {
    let mut rng = rng_for(seed);
    let a = Spec::random(&mut rng, rules);
    let b = a.changed(&mut rng, rules);
    prepare(conn).await;
    let (from, dialect) = calculate(&a.schema(rules))?;
    let script = migrate::diff_to_script(&SqlSchema::default(), &from, dialect);
    conn.raw_cmd(&script)
        .await
        .map_err(|e| format!("from empty: {e}\n{script}"))?;
    check(conn, &a, &from, dialect)
        .await
        .map_err(|e| format!("after the migration from empty: {e}\n{script}"))?;
    let (to, _) = calculate(&b.schema(rules))?;
    let script = migrate::diff_to_script(&from, &to, dialect);
    conn.raw_cmd(&script)
        .await
        .map_err(|e| format!("the change: {e}\n{script}"))?;
    check(conn, &b, &to, dialect)
        .await
        .map_err(|e| format!("after the change: {e}\n{script}"))
}

async fn property(db: TestDb, provider: &'static str, cases: u64) {
    let rules = Rules::of(provider);
    let conn = db.connect().await;
    if provider == "sqlite" {
        // A throwaway file: no need to wait for the disk after every statement.
        conn.raw_cmd("PRAGMA synchronous = OFF").await.unwrap();
    }
    let start = Instant::now();
    let mut failures = Vec::new();
    for seed in 0..cases {
        if let Err(e) = one_case(&conn, &rules, seed).await {
            failures.push(format!("seed {seed}: {e}"));
        }
    }
    eprintln!(
        "injection property on {provider}: {cases} cases (each: from empty, then a change) in {:.2?}",
        start.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed on {provider}:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[tokio::test]
async fn random_names_and_defaults_sqlite() {
    property(TestDb::sqlite().await, "sqlite", SQLITE_CASES).await;
}

#[tokio::test]
async fn random_names_and_defaults_postgres() {
    let Some(db) = TestDb::postgres("injection_property").await else {
        return;
    };
    property(db, "postgresql", POSTGRES_CASES).await;
}

#[tokio::test]
async fn random_names_and_defaults_mysql() {
    let Some(db) = TestDb::mysql("injection_property").await else {
        return;
    };
    property(db, "mysql", MYSQL_CASES).await;
}

// ---------------------------------------------------------------------------------------------
// The reproductions of issue 12.

/// Migrates `schema` from empty on `db`, which holds `victim`; `victim` must survive and the
/// database must hold the table `expected_table`.
async fn reproduction(db: TestDb, schema: &str, expected_table: &str) {
    let conn = db.connect().await;
    prepare(&conn).await;
    let (target, dialect) = calculate(schema).unwrap();
    let script = migrate::diff_to_script(&SqlSchema::default(), &target, dialect);
    let applied = conn.raw_cmd(&script).await;
    assert_eq!(
        victim_rows(&conn).await,
        Ok(1),
        "`victim` did not survive:\n{script}"
    );
    applied.unwrap_or_else(|e| panic!("{e}\n{script}"));
    let live = migrate::introspect::introspect(&conn).await.unwrap();
    assert!(
        live.table_walkers().any(|t| t.name() == expected_table),
        "no table named {expected_table:?}:\n{script}"
    );
}

#[tokio::test]
async fn a_quote_in_a_table_name_stays_in_the_name_on_postgres() {
    let Some(db) = TestDb::postgres("injection_pg_map").await else {
        return;
    };
    let name = "b\" (x int); DROP TABLE \"victim\"; CREATE TABLE \"c";
    let schema = format!(
        "datasource db {{\n  provider = \"postgresql\"\n}}\n\nmodel A {{\n  id Int @id\n\n  @@map({})\n}}\n",
        psl(name)
    );
    reproduction(db, &schema, name).await;
}

#[tokio::test]
async fn a_backtick_in_a_table_name_stays_in_the_name_on_mysql() {
    let Some(db) = TestDb::mysql("injection_my_map").await else {
        return;
    };
    let name = "b` (x int); DROP TABLE `victim`; CREATE TABLE `c";
    let schema = format!(
        "datasource db {{\n  provider = \"mysql\"\n}}\n\nmodel A {{\n  id Int @id\n\n  @@map({})\n}}\n",
        psl(name)
    );
    reproduction(db, &schema, name).await;
}

#[tokio::test]
async fn a_backslash_quote_in_a_default_stays_in_the_value_on_mysql() {
    let Some(db) = TestDb::mysql("injection_my_default").await else {
        return;
    };
    let schema = "datasource db {\n  provider = \"mysql\"\n}\n\nmodel A {\n  id Int    @id\n  s  String @default(\"\\\\'); DROP TABLE victim; -- \")\n}\n";
    reproduction(db, schema, "A").await;
}

#[test]
fn nul_in_a_name_is_refused_where_the_database_cannot_take_it() {
    for provider in ["sqlite", "postgresql", "mysql"] {
        let schema = format!(
            "datasource db {{\n  provider = \"{provider}\"\n}}\n\nmodel A {{\n  id Int @id\n\n  @@map(\"a\\u0000b\")\n}}\n"
        );
        let (_, diagnostics) = schema::validate(&SourceFiles::single("schema.prisma", &schema));
        let message = diagnostics
            .errors()
            .next()
            .map(|e| e.message.clone())
            .unwrap_or_default();
        assert!(message.contains("NUL character"), "{provider}: {message:?}");
    }
    // A NUL in a string default: refused on SQLite and PostgreSQL, taken by MySQL.
    for (provider, refused) in [("sqlite", true), ("postgresql", true), ("mysql", false)] {
        let schema = format!(
            "datasource db {{\n  provider = \"{provider}\"\n}}\n\nmodel A {{\n  id Int    @id\n  s  String @default(\"a\\u0000b\")\n}}\n"
        );
        let (_, diagnostics) = schema::validate(&SourceFiles::single("schema.prisma", &schema));
        assert_eq!(
            diagnostics
                .errors()
                .any(|e| e.message.contains("NUL character")),
            refused,
            "{provider}"
        );
    }
}
