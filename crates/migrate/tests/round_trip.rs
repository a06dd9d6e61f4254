//! Round trips through a real database: a schema's migration applied, the database
//! introspected, and the introspected schema diffed against the calculated one must be empty.
//!
//! - every diff fixture (`tests/fixtures/diff/*`, each dialect with an `expected.<provider>.sql`):
//!   empty → `from` → `to`, with a row inserted into each `from` table the test can fill
//!   (required columns get a value of their type), which must still be there afterwards when
//!   its table survives (unless the destructive-change check says the migration cannot run on
//!   data: the rows are then deleted first);
//! - every realworld schema (`conformance/realworld/*/schema.prisma`) created from
//!   empty.
//!
//! Cases with extensions read the database's extensions too (`migrate dev` does for a schema
//! that enables `postgresqlExtensions`).
//!
//! `dbgenerated("…")` defaults are expressions the database rewrites (`'x'` comes back as
//! `'x'::text`); Prisma compares them as written and reports them as changed, so the check
//! leaves those defaults out.
//!
//! SQLite always; PostgreSQL on the server of `REFRACT_TEST_POSTGRES_URL`; MySQL/MariaDB on
//! the server of `REFRACT_TEST_MYSQL_URL`.

mod common;

use std::path::{Path, PathBuf};

use common::TestDb;
use diagnostics::SourceFiles;
use migrate::SqlSchema;
use schema::Provider;

fn calculate(
    text: &str,
    provider: &str,
) -> Result<(SqlSchema, &'static dyn migrate::Dialect), String> {
    let (schema, diagnostics) = schema::validate(&SourceFiles::single("schema.prisma", text));
    if let Some(e) = diagnostics.errors().next() {
        return Err(format!("invalid schema: {}", e.message));
    }
    let dialect = migrate::for_provider(Provider::from_name(provider).unwrap());
    Ok((migrate::calculate(&schema, dialect), dialect))
}

fn with_datasource(text: &str, provider: &str) -> String {
    if text.contains("\ndatasource ") {
        return text.to_owned();
    }
    format!("datasource db {{\n  provider = \"{provider}\"\n}}\n\n{text}")
}

/// Applies `from` → `to` and checks the database equals `to`; returns a failure description.
async fn check_case(
    db: &TestDb,
    name: &str,
    from: Option<&str>,
    to: &str,
    provider: &str,
    rows_checked: &mut usize,
) -> Option<String> {
    let conn = db.connect().await;
    let result: Result<(), String> = async {
        let (target, dialect) = calculate(to, provider)?;
        let mut current = SqlSchema::default();
        if let Some(from) = from {
            let (source, _) = calculate(from, provider)?;
            let script = migrate::diff_to_script(&SqlSchema::default(), &source, dialect);
            conn.raw_cmd(&script)
                .await
                .map_err(|e| format!("from-empty of `from` fails: {e}\n{script}"))?;
            let extensions = !source.extensions.is_empty();
            current = migrate::introspect::introspect_with_extensions(&conn, &[], extensions)
                .await
                .map_err(|e| e.to_string())?;
            let again = migrate::diff_to_script(&current, &source, dialect);
            if !migrate::diff(&current, &source, dialect).steps.is_empty() {
                return Err(format!(
                    "after applying `from`, the database differs from it:\n{again}"
                ));
            }
        }
        // A row in each table that can take one, unless the migration cannot run with data.
        let seeded = insert_rows(&conn, &current).await;
        let migration = migrate::diff(&current, &target, dialect);
        let report = migrate::commands::check_destructive(&conn, &migration)
            .await
            .map_err(|e| e.to_string())?;
        let seeded = if report.unexecutable.is_empty() {
            seeded
        } else {
            for table in seeded.iter().rev() {
                conn.raw_cmd(&if conn.provider() == driver::Provider::Mysql {
                    format!("DELETE FROM `{table}`")
                } else {
                    format!("DELETE FROM \"{table}\"")
                })
                .await
                .map_err(|e| e.to_string())?;
            }
            Vec::new()
        };
        let script = migrate::render_script(&migration, dialect, &[]);
        conn.raw_cmd(&script)
            .await
            .map_err(|e| format!("the migration fails: {e}\n{script}"))?;
        for table in &seeded {
            if target.find_table(None, table).is_none() {
                continue;
            }
            let rows = conn
                .query(
                    &if conn.provider() == driver::Provider::Mysql {
                        format!("SELECT COUNT(*) AS n FROM `{table}`")
                    } else {
                        format!("SELECT COUNT(*) AS n FROM \"{table}\"")
                    },
                    &[],
                )
                .await
                .map_err(|e| e.to_string())?;
            if rows.first().and_then(|r| r.int("n")) != Some(1) {
                return Err(format!(
                    "the row of `{table}` did not survive the migration\n{script}"
                ));
            }
            *rows_checked += 1;
        }
        let extensions = !target.extensions.is_empty();
        let after = migrate::introspect::introspect_with_extensions(&conn, &[], extensions)
            .await
            .map_err(|e| e.to_string())?;
        after.check().map_err(|e| e.to_string())?;
        let mut after = after;
        copy_db_generated_defaults(&target, &mut after);
        let migration = migrate::diff(&after, &target, dialect);
        if !migration.steps.is_empty() {
            return Err(format!(
                "the migrated database differs from the schema:\n{}",
                migrate::render_script(&migration, dialect, &[])
            ));
        }
        Ok(())
    }
    .await;
    result.err().map(|e| format!("{name} ({provider}): {e}"))
}

/// A text value for a required column without default, by type; `None` when the test has
/// no value for it (the table then gets no row).
fn sample(column: &sql_schema::Column, schema: &SqlSchema) -> Option<String> {
    use sql_schema::ColumnTypeFamily as F;
    let ty = column.tpe.full_data_type.to_ascii_uppercase();
    Some(match &column.tpe.family {
        F::Int | F::BigInt | F::Decimal => "1".into(),
        F::Float => "1.5".into(),
        F::Boolean => "true".into(),
        F::DateTime if ty.starts_with("TIME") && !ty.starts_with("TIMESTAMP") => "12:00:00".into(),
        F::DateTime => "2020-01-01 00:00:00".into(),
        F::Json => "{}".into(),
        F::Binary => "\\x00".into(),
        F::Enum(id) => schema.enum_(*id).values.first()?.clone(),
        F::String | F::Uuid if ty == "UUID" => "00000000-0000-4000-8000-000000000000".into(),
        F::String | F::Uuid
            if ty.starts_with("BIT") || ty.starts_with("VARBIT") || ty == "INET" || ty == "XML" =>
        {
            return None;
        }
        F::String | F::Uuid => "x".into(),
        F::Unsupported(_) => return None,
    })
}

/// Inserts one row into every table of `schema` that can take one (parents before children);
/// returns the tables that got a row, in insertion order.
async fn insert_rows(conn: &driver::Connection, schema: &SqlSchema) -> Vec<String> {
    let postgres = conn.provider() == driver::Provider::Postgres;
    let mysql = conn.provider() == driver::Provider::Mysql;
    let quote = |name: &str| {
        if mysql {
            format!("`{name}`")
        } else {
            format!("\"{name}\"")
        }
    };
    let mut done: Vec<usize> = Vec::new();
    let mut skipped: Vec<usize> = Vec::new();
    loop {
        let mut progressed = false;
        for (i, table) in schema.tables.iter().enumerate() {
            if done.contains(&i) || skipped.contains(&i) {
                continue;
            }
            let parents_ready = table.foreign_keys.iter().all(|fk| {
                let parent = fk.referenced_table.0 as usize;
                parent == i
                    || done.contains(&parent)
                    || fk
                        .columns
                        .iter()
                        .all(|&c| table.columns[c].tpe.arity != sql_schema::ColumnArity::Required)
            });
            if !parents_ready {
                continue;
            }
            progressed = true;
            let mut names = Vec::new();
            let mut values = Vec::new();
            let mut ok = true;
            for column in &table.columns {
                let needs = column.tpe.arity == sql_schema::ColumnArity::Required
                    && column.default.is_none()
                    && !column.auto_increment;
                if !needs {
                    continue;
                }
                match sample(column, schema) {
                    Some(v) => {
                        names.push(quote(&column.name));
                        values.push(v);
                    }
                    None => ok = false,
                }
            }
            if !ok {
                skipped.push(i);
                continue;
            }
            let placeholders: Vec<String> = table
                .columns
                .iter()
                .filter(|c| names.contains(&quote(&c.name)))
                .enumerate()
                .map(|(n, c)| {
                    if postgres {
                        let ty = match c.tpe.family {
                            sql_schema::ColumnTypeFamily::Enum(_) => {
                                format!("\"{}\"", c.tpe.full_data_type)
                            }
                            _ => c.tpe.full_data_type.clone(),
                        };
                        format!("CAST(CAST(${} AS TEXT) AS {ty})", n + 1)
                    } else if mysql {
                        "?".to_owned()
                    } else {
                        format!("?{}", n + 1)
                    }
                })
                .collect();
            let sql = if names.is_empty() && mysql {
                format!("INSERT INTO {} () VALUES ()", quote(&table.name))
            } else if names.is_empty() {
                format!("INSERT INTO {} DEFAULT VALUES", quote(&table.name))
            } else {
                format!(
                    "INSERT INTO {} ({}) VALUES ({})",
                    quote(&table.name),
                    names.join(", "),
                    placeholders.join(", ")
                )
            };
            let params: Vec<driver::Value> = values
                .iter()
                .map(|v| match (postgres, v.as_str()) {
                    (false, "true") => driver::Value::Int(1),
                    _ => driver::Value::from(v.as_str()),
                })
                .collect();
            match conn.execute(&sql, &params).await {
                Ok(_) => done.push(i),
                Err(_) => skipped.push(i),
            }
        }
        if !progressed {
            break;
        }
    }
    done.iter()
        .map(|&i| schema.tables[i].name.clone())
        .collect()
}

/// Gives `actual`'s columns the `dbgenerated` defaults `target` declares (see the module docs).
fn copy_db_generated_defaults(target: &SqlSchema, actual: &mut SqlSchema) {
    for t in &target.tables {
        let Some(id) = actual.find_table(None, &t.name) else {
            continue;
        };
        let table = actual.table_mut(id);
        for c in &t.columns {
            if let Some(sql_schema::DefaultValue::DbGenerated(Some(_))) = &c.default
                && let Some(pos) = table.column_position(&c.name)
            {
                table.columns[pos].default = c.default.clone();
            }
        }
    }
}

fn fixture_cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    out.sort();
    out
}

fn realworld() -> PathBuf {
    match std::env::var("REFRACT_CONFORMANCE_DIR") {
        Ok(d) => PathBuf::from(d).join("realworld"),
        Err(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../conformance/realworld"),
    }
}

fn provider_of(text: &str) -> Option<String> {
    let block = &text[text.find("datasource")?..];
    let line = block
        .lines()
        .find(|l| l.trim_start().starts_with("provider"))?;
    Some(line.split('"').nth(1)?.to_owned())
}

async fn run_all(provider: &str, mut fresh: impl AsyncFnMut(&str) -> Option<TestDb>) {
    let mut failures = Vec::new();
    let mut rows_checked = 0;
    for case in fixture_cases() {
        // `no-round-trip` says why a case is checked as SQL text only.
        if !case.join(format!("expected.{provider}.sql")).exists()
            || case.join("no-round-trip").exists()
        {
            continue;
        }
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let from = std::fs::read_to_string(case.join("from.prisma"))
            .ok()
            .map(|t| with_datasource(&t, provider));
        let to = with_datasource(
            &std::fs::read_to_string(case.join("to.prisma")).unwrap(),
            provider,
        );
        let Some(db) = fresh(&name).await else { return };
        failures.extend(
            check_case(
                &db,
                &name,
                from.as_deref(),
                &to,
                provider,
                &mut rows_checked,
            )
            .await,
        );
    }
    let mut projects: Vec<PathBuf> = std::fs::read_dir(realworld())
        .expect("the realworld corpus beside the checkout (or REFRACT_CONFORMANCE_DIR)")
        .map(|e| e.unwrap().path())
        .collect();
    projects.sort();
    for project in projects {
        let Ok(text) = std::fs::read_to_string(project.join("schema.prisma")) else {
            continue;
        };
        let p = provider_of(&text).unwrap_or_default();
        let p = if p == "postgres" {
            "postgresql".to_owned()
        } else {
            p
        };
        if p != provider {
            continue;
        }
        let name = project
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace('-', "_");
        let Some(db) = fresh(&name).await else { return };
        failures.extend(check_case(&db, &name, None, &text, provider, &mut rows_checked).await);
    }
    if provider == "mysql" {
        // Known gap, kept visible: Prisma writes a date-time constant default with its offset
        // (`DEFAULT '2020-01-01T00:00:00+00:00'`), which MySQL 8 accepts and MariaDB rejects.
        let before = failures.len();
        failures.retain(|f| {
            !(f.starts_with("from-empty-defaults (mysql)") && f.contains("Invalid default value"))
        });
        assert_eq!(
            before - failures.len(),
            1,
            "the MariaDB date-time default gap changed: update this test"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    eprintln!("{provider}: {rows_checked} rows survived their migration");
    assert!(
        rows_checked >= 5,
        "too few rows were checked ({rows_checked}): the row seeding broke"
    );
}

#[tokio::test]
async fn sqlite_round_trips() {
    run_all("sqlite", async |_| Some(TestDb::sqlite().await)).await;
}

#[tokio::test]
async fn postgres_round_trips() {
    run_all("postgresql", async |name| {
        TestDb::postgres(&format!("rt_{name}")).await
    })
    .await;
}

#[tokio::test]
async fn mysql_round_trips() {
    run_all("mysql", async |name| {
        TestDb::mysql(&format!("rt_{name}")).await
    })
    .await;
}
