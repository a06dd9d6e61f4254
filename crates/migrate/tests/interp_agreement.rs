//! The interpreter (`sql-interp`) against the shadow database: for every history of the
//! real-world projects in `conformance/realworld/` and for the migrations Refract writes for
//! random schemas, the schema interpreted from the SQL equals the one the describer reads after
//! replaying the same SQL into a real database (SQLite, PostgreSQL, MariaDB/MySQL).
//!
//! Both sides go through [`normalise`] first, which forgets only what the interpreter cannot
//! know without a server (see docs/safe-migrations.md, "Drift without a shadow database").

mod common;
mod random_schema;

use std::path::{Path, PathBuf};

use common::TestDb;
use driver::Connection;
use migrate::commands::{apply_to_shadow, interpret_migrations, interpreter_dialect};
use migrate::history::{MigrationDirectory, MigrationsFolder};
use schema::Provider;
use sql_schema::{ColumnTypeFamily, DefaultValue, SqlSchema, Value};
use test_support::Rng;

/// What the interpreter cannot know the way the server prints it, made equal on both sides:
/// - an expression default (`dbgenerated`), a partial index's predicate and a check constraint's
///   expression are compared without case, whitespace, parentheses and PostgreSQL `::type`
///   casts (the server prints expressions in its own form);
/// - a constant default of a date-time column is compared as "some constant" (the server
///   prints date-times in its own format; the differ does not compare them either);
/// - a float or decimal constant is compared by value (`1.50` and `1.5`).
pub fn normalise(mut schema: SqlSchema) -> SqlSchema {
    for table in &mut schema.tables {
        for index in &mut table.indexes {
            index.predicate = index.predicate.as_deref().map(expression_key);
        }
        for check in &mut table.checks {
            check.expression = expression_key(&check.expression);
        }
        for column in &mut table.columns {
            let datetime = column.tpe.family == ColumnTypeFamily::DateTime;
            column.default = column.default.take().map(|d| match d {
                DefaultValue::DbGenerated(Some(e)) => {
                    DefaultValue::DbGenerated(Some(expression_key(&e)))
                }
                DefaultValue::Value(_) if datetime => {
                    DefaultValue::Value(Value::String("<date-time>".into()))
                }
                DefaultValue::Value(Value::Float(f)) => {
                    DefaultValue::Value(Value::Float(f.parse::<f64>().map_or(f, |v| v.to_string())))
                }
                other => other,
            });
        }
    }
    schema
}

fn expression_key(e: &str) -> String {
    let mut out = String::new();
    let mut chars = e.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            // Skip the cast's type name (and `[]`, or a quoted name).
            if chars.peek() == Some(&'"') {
                chars.next();
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                }
            }
            while chars
                .peek()
                .is_some_and(|c| c.is_alphanumeric() || "_ []".contains(*c))
            {
                chars.next();
            }
            continue;
        }
        if !c.is_whitespace() && c != '(' && c != ')' {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn realworld() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../conformance/realworld")
}

/// Every real-world history: project name, provider, migrations.
fn histories() -> Vec<(String, String, Vec<MigrationDirectory>)> {
    let mut out = Vec::new();
    let mut projects: Vec<_> = std::fs::read_dir(realworld())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    projects.sort();
    for project in projects {
        let dir = project.join("migrations");
        let Ok(Some(provider)) = migrate::history::lock_file::read(&dir) else {
            continue;
        };
        let migrations = MigrationsFolder::new(&dir).list().unwrap();
        let name = project.file_name().unwrap().to_string_lossy().into_owned();
        out.push((name, provider, migrations));
    }
    out
}

/// A fresh database of `provider` (`None` when its server is not configured: the caller skips).
async fn fresh(provider: &str, name: &str) -> Option<(Connection, Option<TestDb>)> {
    match provider {
        "sqlite" => Some((Connection::sqlite_in_memory().await.unwrap(), None)),
        "postgresql" => {
            let db = TestDb::postgres(name).await?;
            Some((db.connect().await, Some(db)))
        }
        _ => {
            let db = TestDb::mysql(name).await?;
            Some((db.connect().await, Some(db)))
        }
    }
}

/// Replays `migrations` and interprets them; `Err` lists what the interpreter cannot read.
async fn both(
    conn: &Connection,
    migrations: &[MigrationDirectory],
) -> (SqlSchema, Result<SqlSchema, sql_interp::Uninterpretable>) {
    apply_to_shadow(conn, migrations).await.unwrap();
    let described = migrate::introspect::introspect(conn).await.unwrap();
    let dialect = interpreter_dialect(conn.provider(), conn.is_mariadb());
    let interpreted = interpret_migrations(dialect, migrations).unwrap();
    (described, interpreted)
}

fn assert_agree(what: &str, described: SqlSchema, interpreted: SqlSchema) {
    let (described, interpreted) = (normalise(described), normalise(interpreted));
    if described != interpreted {
        for (d, i) in described.tables.iter().zip(&interpreted.tables) {
            assert_eq!(d, i, "{what}: table `{}` differs (left: described)", d.name);
        }
        assert_eq!(
            described, interpreted,
            "{what}: the interpreted schema differs from the described one (left)"
        );
    }
}

#[tokio::test]
async fn realworld_histories_interpret_as_the_shadow_database_describes_them() {
    let mut shadow_only = Vec::new();
    let mut agreed = Vec::new();
    for (project, provider, migrations) in histories() {
        let Some((conn, _db)) = fresh(&provider, &format!("agree_{project}")).await else {
            continue;
        };
        let (described, interpreted) = both(&conn, &migrations).await;
        match interpreted {
            Ok(schema) => {
                assert!(!schema.tables.is_empty(), "{project}: no table interpreted");
                assert_agree(&project, described, schema);
                agreed.push(project);
            }
            Err(why) => shadow_only.push((project, why)),
        }
    }
    // Only boxyhq's history needs the shadow database: a `DO` block adds a foreign key when it
    // is missing, which only the server can decide.
    let names: Vec<&str> = shadow_only.iter().map(|(p, _)| p.as_str()).collect();
    assert!(
        names.is_empty() || names == ["boxyhq-saas-starter-kit"],
        "{shadow_only:#?}"
    );
    eprintln!("interpreted as described: {agreed:?}");
    if let Some((_, why)) = shadow_only.first() {
        let text = why.to_string();
        assert!(
            text.contains("20240226091046_add_jackson_schema/migration.sql:44: `DO $$`"),
            "{text}"
        );
    }
}

/// Hand-written SQL that Prisma does not write but people do: unnamed constraints, names past
/// PostgreSQL's 63 bytes, unquoted names, serials, enums altered in place.
const HANDWRITTEN_POSTGRES: &str = "CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE Accounts_With_A_Really_Long_Table_Name_That_Goes_On_And_On_Forever (
  Id SERIAL PRIMARY KEY,
  a_column_with_a_name_long_enough_to_be_cut_short_by_postgres_itself TEXT UNIQUE,
  m mood NOT NULL DEFAULT 'ok',
  tags TEXT[] NOT NULL DEFAULT '{a,b}',
  at TIMESTAMPTZ(3) DEFAULT now(),
  price NUMERIC(10, 2) DEFAULT 1.50,
  ref INTEGER REFERENCES Accounts_With_A_Really_Long_Table_Name_That_Goes_On_And_On_Forever (Id) ON DELETE SET NULL
);
ALTER TYPE mood ADD VALUE 'happy' AFTER 'ok';
ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';
CREATE INDEX ON accounts_with_a_really_long_table_name_that_goes_on_and_on_forever (at DESC);
CREATE TABLE t2 (a INT, b BIGINT GENERATED BY DEFAULT AS IDENTITY, UNIQUE (a, b), PRIMARY KEY (b));
ALTER TABLE t2 ALTER COLUMN a SET DEFAULT 3, ALTER COLUMN a SET NOT NULL;
ALTER TABLE t2 RENAME CONSTRAINT t2_a_b_key TO t2_unique;
ALTER TABLE t2 ADD CONSTRAINT t2_a_positive CHECK (a > 0);
CREATE UNIQUE INDEX t2_small ON t2 (a) WHERE a < 10;
";

const HANDWRITTEN_SQLITE: &str = "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT UNIQUE, n INT DEFAULT -1, b BOOLEAN NOT NULL DEFAULT 0);
CREATE TABLE b (id INTEGER NOT NULL, a_id INTEGER REFERENCES a (id) ON DELETE CASCADE, note TEXT DEFAULT (lower('X')), PRIMARY KEY (id));
CREATE INDEX b_a_id ON b (a_id DESC);
CREATE TABLE c (id INTEGER NOT NULL, CONSTRAINT c_id_positive CHECK (id > 0));
CREATE INDEX c_partial ON c (id) WHERE id > 5;
ALTER TABLE b RENAME COLUMN note TO remark;
ALTER TABLE a ADD COLUMN extra REAL;
ALTER TABLE a RENAME TO accounts;
";

const HANDWRITTEN_MYSQL: &str = "CREATE TABLE `a` (`id` INT NOT NULL AUTO_INCREMENT, `email` VARCHAR(191) UNIQUE, `flag` TINYINT(1) NOT NULL DEFAULT 1, `kind` ENUM('x', 'y') NULL, `at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `doc` JSON NULL, PRIMARY KEY (`id`));
CREATE TABLE `b` (`id` INT NOT NULL, `a_id` INT NOT NULL, `c` INT NOT NULL, `d` BIGINT UNSIGNED NULL, PRIMARY KEY (`id`), INDEX `b_c_d_idx` (`c`, `d`), FOREIGN KEY (`a_id`) REFERENCES `a` (`id`));
ALTER TABLE `b` CHANGE `c` `cc` INT NOT NULL DEFAULT 5;
ALTER TABLE `b` DROP COLUMN `d`;
ALTER TABLE `b` RENAME INDEX `b_c_d_idx` TO `b_cc_idx`;
ALTER TABLE `a` MODIFY `kind` ENUM('x', 'y', 'z') NOT NULL DEFAULT 'z';
";

async fn handwritten_history_interprets_as_described(provider: &str, sql: &str) {
    let Some((conn, _db)) = fresh(provider, "agree_handwritten").await else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let folder = MigrationsFolder::new(tmp.path());
    let created = folder
        .create_migration("20240101000000", "handwritten", sql)
        .unwrap();
    let (described, interpreted) = both(&conn, &[created]).await;
    match interpreted {
        Ok(schema) => assert_agree(&format!("handwritten {provider}"), described, schema),
        Err(why) => panic!("{why}"),
    }
}

#[tokio::test]
async fn handwritten_histories_interpret_as_described() {
    handwritten_history_interprets_as_described("postgresql", HANDWRITTEN_POSTGRES).await;
    handwritten_history_interprets_as_described("sqlite", HANDWRITTEN_SQLITE).await;
    handwritten_history_interprets_as_described("mysql", HANDWRITTEN_MYSQL).await;
}

const SEEDS: u64 = 20;

/// The migrations Refract writes for random schemas (from empty to A, then from A to B, B a
/// random edit of A, as `random_migrations` runs them), on each database: after each step the
/// history interprets as the database describes it.
async fn random_histories_agree(provider: &str, prisma_provider: Provider) {
    let dialect = migrate::for_provider(prisma_provider);
    let Some((conn, _db)) = fresh(provider, "agree_random").await else {
        return;
    };
    let interp = interpreter_dialect(conn.provider(), conn.is_mariadb());
    for seed in 1..=SEEDS {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let a = random_schema::random_spec(&mut rng);
        let b = random_schema::edit(&mut rng, &a);
        let (a, b) = (
            random_schema::calculated(&a, provider),
            random_schema::calculated(&b, provider),
        );
        migrate::commands::reset_database(&conn).await.unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let folder = MigrationsFolder::new(tmp.path());
        let mut migrations = Vec::new();
        for (i, (from, to)) in [(&SqlSchema::default(), &a), (&a, &b)]
            .into_iter()
            .enumerate()
        {
            let script = migrate::diff_to_script(from, to, dialect);
            let created = folder
                .create_migration(&format!("2000000000000{i}"), "step", &script)
                .unwrap();
            apply_to_shadow(&conn, std::slice::from_ref(&created))
                .await
                .unwrap();
            migrations.push(created);
            let described = migrate::introspect::introspect(&conn).await.unwrap();
            let interpreted = interpret_migrations(interp, &migrations)
                .unwrap()
                .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{script}"));
            assert_agree(
                &format!("{provider} seed {seed} step {i}\n{script}"),
                described,
                interpreted,
            );
        }
    }
}

#[tokio::test]
async fn random_histories_agree_on_sqlite() {
    random_histories_agree("sqlite", schema::Provider::Sqlite).await;
}

#[tokio::test]
async fn random_histories_agree_on_postgresql() {
    random_histories_agree("postgresql", schema::Provider::Postgres).await;
}

#[tokio::test]
async fn random_histories_agree_on_mysql() {
    random_histories_agree("mysql", schema::Provider::Mysql).await;
}
