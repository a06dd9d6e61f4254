//! Corpora that need a database: every realworld project with a migrations folder
//! (`realworld/*/migrations`) on SQLite (a temporary file) and PostgreSQL (a fresh database on
//! the server of `REFRACT_TEST_POSTGRES_URL`) and MySQL (a fresh database on the MySQL/MariaDB
//! server of `REFRACT_TEST_MYSQL_URL`); without a server those projects are skipped with a
//! message (and fail under `CI`).
//!
//! - `deploy-realworld`: `migrate deploy` succeeds exactly when Prisma's did
//!   (`prisma-expected/deploy.rc`) and `migrate status` is then up to date.
//! - `drift-realworld`: the deployed database introspected and diffed to the schema prints
//!   `prisma-expected/drift.sql` (`migrate diff --from-url … --to-schema … --script`).
//! - `migrations-vs-schema-realworld`: the migrations replayed into a shadow database,
//!   introspected and diffed to the schema print `prisma-expected/migrations-vs-schema.sql`.

use std::path::{Path, PathBuf};

use driver::{Connection, DatabaseUrl};
use migrate::history::MigrationsFolder;

use crate::{CorpusReport, Settings};

/// The three corpora, in this order: deploy, drift, migrations-vs-schema.
pub fn realworld(settings: &Settings) -> Vec<CorpusReport> {
    let mut deploy = CorpusReport::new("deploy-realworld");
    let mut drift = CorpusReport::new("drift-realworld");
    let mut replay = CorpusReport::new("migrations-vs-schema-realworld");
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            deploy.record("runtime", Err(format!("no async runtime: {e}")));
            return vec![deploy, drift, replay];
        }
    };
    let postgres = settings.postgres_url.clone();
    let mysql = settings.mysql_url.clone();
    for project in projects(settings) {
        let case = project
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(project.join("schema.prisma")).unwrap_or_default();
        let provider = datasource_provider(&text).unwrap_or_default();
        let urls = match provider.as_str() {
            "sqlite" => {
                let dir = settings
                    .temp_dir
                    .join(format!("refract-conformance-{}-{case}", std::process::id()));
                Some((
                    sqlite_url(&dir, "deployed.db"),
                    sqlite_url(&dir, "shadow.db"),
                    Some(dir),
                ))
            }
            "postgresql" | "postgres" | "mysql" => {
                let (server, variable) = if provider == "mysql" {
                    (&mysql, "REFRACT_TEST_MYSQL_URL")
                } else {
                    (&postgres, "REFRACT_TEST_POSTGRES_URL")
                };
                match server {
                    Some(base) => Some((
                        server_url(base, &format!("refract_conf_{}_{case}", std::process::id())),
                        server_url(
                            base,
                            &format!("refract_conf_shadow_{}_{case}", std::process::id()),
                        ),
                        None,
                    )),
                    None if settings.ci => {
                        let why = format!("{variable} must be set in CI");
                        deploy.record(case.clone(), Err(why.clone()));
                        drift.record(case.clone(), Err(why.clone()));
                        replay.record(case, Err(why));
                        continue;
                    }
                    None => {
                        deploy.skip(format!("{case} ({provider}): {variable} not set"));
                        None
                    }
                }
            }
            other => {
                deploy.skip(format!("{case}: provider `{other}` has no connector yet"));
                continue;
            }
        };
        let Some((deployed, shadow, dir)) = urls else {
            continue;
        };
        let outcome = runtime.block_on(run_project(&project, &text, deployed, shadow));
        if let Some(dir) = dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        deploy.record(case.clone(), outcome.deploy);
        drift.record(case.clone(), outcome.drift);
        replay.record(case, outcome.replay);
    }
    vec![deploy, drift, replay]
}

fn projects(settings: &Settings) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(settings.dir.join("realworld")) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("migrations").is_dir() && p.join("prisma-expected/deploy.rc").is_file())
        .collect();
    out.sort();
    out
}

fn datasource_provider(text: &str) -> Option<String> {
    let block = &text[text.find("datasource")?..];
    let line = block
        .lines()
        .find(|l| l.trim_start().starts_with("provider"))?;
    Some(line.split('"').nth(1)?.to_owned())
}

fn sqlite_url(dir: &Path, file: &str) -> Result<DatabaseUrl, String> {
    DatabaseUrl::parse(&format!("file:{}", dir.join(file).display()), dir)
        .map_err(|e| e.to_string())
}

/// Another database on the server `base` names (PostgreSQL or MySQL).
fn server_url(base: &str, database: &str) -> Result<DatabaseUrl, String> {
    DatabaseUrl::parse(base, Path::new("."))
        .map_err(|e| e.to_string())?
        .with_database(database)
        .ok_or_else(|| format!("`{base}` is not the URL of a database server"))
}

struct Outcome {
    deploy: Result<(), String>,
    drift: Result<(), String>,
    replay: Result<(), String>,
}

async fn fresh(url: &DatabaseUrl) -> Result<Connection, String> {
    driver::drop_database(url)
        .await
        .map_err(|e| e.to_string())?;
    driver::create_database(url)
        .await
        .map_err(|e| e.to_string())?;
    Connection::connect(url).await.map_err(|e| e.to_string())
}

async fn run_project(
    project: &Path,
    text: &str,
    deployed: Result<DatabaseUrl, String>,
    shadow: Result<DatabaseUrl, String>,
) -> Outcome {
    let folder = MigrationsFolder::new(project.join("migrations"));
    let target = calculate(text);
    let deployed = match deployed {
        Ok(u) => u,
        Err(e) => {
            return Outcome {
                deploy: Err(e.clone()),
                drift: Err(e.clone()),
                replay: Err(e),
            };
        }
    };
    let mut outcome = Outcome {
        deploy: Ok(()),
        drift: Ok(()),
        replay: Ok(()),
    };

    // deploy + status, then drift against the deployed database.
    let expected_rc = std::fs::read_to_string(project.join("prisma-expected/deploy.rc"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    match fresh(&deployed).await {
        Err(e) => {
            outcome.deploy = Err(e.clone());
            outcome.drift = Err(e);
        }
        Ok(conn) => {
            let deployed_ok = migrate::commands::deploy(&conn, &folder).await;
            outcome.deploy = match (&deployed_ok, expected_rc.as_str()) {
                (Ok(_), "0") => match migrate::commands::status(&conn, &folder).await {
                    Ok(s) if s.is_up_to_date() => Ok(()),
                    Ok(s) => Err(format!("status not up to date after deploy: {s:?}")),
                    Err(e) => Err(format!("status failed: {e}")),
                },
                (Err(e), "0") => Err(format!("deploy failed where Prisma's succeeded: {e}")),
                (Ok(_), rc) => Err(format!("deploy succeeded where Prisma's exited {rc}")),
                (Err(_), _) => Ok(()),
            };
            outcome.drift = match (&deployed_ok, &target) {
                (Err(e), _) => Err(format!("not deployed: {e}")),
                (_, Err(e)) => Err(e.clone()),
                (Ok(_), Ok((dialect, to))) => diff_from_database(&conn, *dialect, to)
                    .await
                    .and_then(|script| {
                        let expected = read(&project.join("prisma-expected/drift.sql"))?;
                        compare(&printed(script), &expected)
                    }),
            };
            drop(conn);
        }
    }
    let _ = driver::drop_database(&deployed).await;

    // Replay into a shadow database, then diff to the schema.
    outcome.replay = match (shadow.as_ref(), &target) {
        (Err(e), _) | (_, Err(e)) => Err(e.clone()),
        (Ok(shadow), Ok((dialect, to))) => {
            let shadow = shadow.clone();
            let result = async {
                let conn = fresh(&shadow).await?;
                for migration in folder.list().map_err(|e| e.to_string())? {
                    let script = migration.read_script().map_err(|e| e.to_string())?;
                    conn.raw_cmd(&script)
                        .await
                        .map_err(|e| format!("`{}` does not apply: {e}", migration.name()))?;
                }
                let from = migrate::introspect::introspect_shadow(&conn)
                    .await
                    .map_err(|e| format!("introspection failed: {e}"))?;
                let script = if to.namespaces.is_empty() {
                    migrate::diff_to_script(&from, to, *dialect)
                } else {
                    diff_from_database(&conn, *dialect, to).await?
                };
                drop(conn);
                let expected = read(&project.join("prisma-expected/migrations-vs-schema.sql"))?;
                // Written with `--exit-code`: a non-empty script lacks the final blank line.
                let actual = if script.starts_with("-- This is an empty migration.") {
                    printed(script)
                } else {
                    script
                };
                compare(&actual, &expected)
            }
            .await;
            let _ = driver::drop_database(&shadow).await;
            result
        }
    };
    outcome
}

/// The dialect, the calculated schema, and the datasource's `schemas` (multi-schema).
type Target = (&'static dyn migrate::Dialect, sql_schema::SqlSchema);

fn calculate(text: &str) -> Result<Target, String> {
    let files = diagnostics::SourceFiles::single("schema.prisma", text);
    let (schema, diagnostics) = schema::validate(&files);
    if let Some(error) = diagnostics.errors().next() {
        return Err(format!("invalid schema: {}", error.message));
    }
    let dialect = migrate::dialect_of(&schema).map_err(|e| e.to_string())?;
    Ok((dialect, migrate::calculate(&schema, dialect)))
}

async fn diff_from_database(
    conn: &Connection,
    dialect: &dyn migrate::Dialect,
    to: &sql_schema::SqlSchema,
) -> Result<String, String> {
    let from = migrate::introspect::introspect_namespaces(conn, &to.namespaces)
        .await
        .map_err(|e| format!("introspection failed: {e}"))?;
    from.check()
        .map_err(|e| format!("introspected schema inconsistent: {e}"))?;
    Ok(migrate::diff_to_script(&from, to, dialect))
}

/// The script as `migrate diff --script` prints it: the engine's script, which ends with a
/// newline, then the newline of the CLI. (`render_script` returns the empty-migration marker
/// without its newline; it is added here.)
fn printed(mut script: String) -> String {
    if !script.ends_with('\n') {
        script.push('\n');
    }
    script.push('\n');
    script
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Compares outputs; the reason names the first differing line.
fn compare(actual: &str, expected: &str) -> Result<(), String> {
    if actual == expected {
        return Ok(());
    }
    let (mut a, mut e) = (actual.lines(), expected.lines());
    for n in 1.. {
        match (a.next(), e.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => return Err("differs in trailing newlines".to_owned()),
            (x, y) => return Err(format!("line {n}: got {x:?}, expected {y:?}")),
        }
    }
    Err("unreachable".to_owned())
}

/// `migrate-single-applied`: each `single_migration_tests` fixture for SQLite, PostgreSQL or
/// MySQL (and Vitess, on the MySQL server),
/// its expected migration applied to a fresh database, the database introspected and diffed
/// to the fixture's schema: the diff must be empty, as Prisma's own test asserts.
pub fn single_applied(settings: &Settings) -> CorpusReport {
    let mut report = CorpusReport::new("migrate-single-applied");
    let root = settings
        .dir
        .join("prisma-engines/schema-engine/sql-migration-tests/tests/single_migration_tests");
    let mut files = Vec::new();
    prisma_files(&root, &mut files);
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        report.record("runtime", Err("no async runtime".to_owned()));
        return report;
    };
    let postgres = settings.postgres_url.clone();
    let mysql = settings.mysql_url.clone();
    for (n, path) in files.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Some((tags, schema, expected)) = parse_fixture(&text) else {
            continue;
        };
        let case = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        let url = if tags.iter().any(|t| t == "sqlite") {
            let dir = settings
                .temp_dir
                .join(format!("refract-single-{}-{n}", std::process::id()));
            sqlite_url(&dir, "applied.db").map(|u| (u, Some(dir)))
        } else if tags
            .iter()
            .any(|t| t == "postgres" || t == "mysql" || t == "vitess")
        {
            // Vitess (PlanetScale) speaks MySQL: its fixtures apply on the MySQL server.
            let (server, variable) = if tags.iter().any(|t| t == "postgres") {
                (&postgres, "REFRACT_TEST_POSTGRES_URL")
            } else {
                (&mysql, "REFRACT_TEST_MYSQL_URL")
            };
            match server {
                Some(base) => {
                    server_url(base, &format!("refract_single_{}_{n}", std::process::id()))
                        .map(|u| (u, None))
                }
                None if settings.ci => Err(format!("{variable} must be set in CI")),
                None => {
                    report.skip(format!("{case}: {variable} not set"));
                    continue;
                }
            }
        } else {
            continue;
        };
        let outcome = match url {
            Err(e) => Err(e),
            Ok((url, dir)) => {
                let result = runtime.block_on(async {
                    let (dialect, target) = calculate(&schema)?;
                    let conn = fresh(&url).await?;
                    conn.raw_cmd(&expected)
                        .await
                        .map_err(|e| format!("the expected migration does not apply: {e}"))?;
                    let script = diff_from_database(&conn, dialect, &target).await?;
                    drop(conn);
                    compare(&script, "-- This is an empty migration.")
                        .map_err(|_| format!("applied, then diffed, gives:\n{script}"))
                });
                let _ = runtime.block_on(driver::drop_database(&url));
                if let Some(dir) = dir {
                    let _ = std::fs::remove_dir_all(dir);
                }
                result
            }
        };
        report.record(case, outcome);
    }
    report
}

fn prisma_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            prisma_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "prisma") {
            out.push(path);
        }
    }
}

/// A fixture's tags, schema and expected migration (its `// ` lines).
fn parse_fixture(text: &str) -> Option<(Vec<String>, String, String)> {
    let tags = text
        .lines()
        .next()?
        .strip_prefix("// tags=")?
        .split(['|', ','])
        .map(|t| t.trim().to_owned())
        .collect();
    let marker = text.find("// Expected Migration:")?;
    let expected: Vec<&str> = text[marker..]
        .lines()
        .skip(1)
        .map(|l| {
            l.strip_prefix("// ")
                .or_else(|| l.strip_prefix("//"))
                .unwrap_or(l)
        })
        .collect();
    Some((tags, text[..marker].to_owned(), expected.join("\n")))
}
