//! `db pull` corpora: a database set up, introspected, and turned into a Prisma schema.
//!
//! - `introspection-simple`: Prisma's `sql-introspection-tests/tests/simple/` fixtures for
//!   SQLite and PostgreSQL: the setup SQL run on a fresh database, then the pulled schema
//!   compared with the last `/* … */` block, on SQLite, PostgreSQL and MySQL/MariaDB
//!   (CockroachDB and SQL Server are not Refract's). A fixture tagged for a server version
//!   (`-- tags=mysql8`) is skipped on other servers, as Prisma's runner skips it.
//! - `introspection-realworld`: each realworld project with
//!   `prisma-expected/introspected.prisma`: its migrations deployed into a fresh database, then
//!   `db pull --print` from the project's schema (re-introspection) and from its configuration
//!   blocks only (`.fresh`), byte for byte.

use std::path::{Path, PathBuf};

use driver::{Connection, DatabaseUrl};
use migrate::history::MigrationsFolder;

use crate::{CorpusReport, Settings};

/// Where a case's database lives.
enum Target {
    Sqlite(PathBuf),
    /// A fresh database on a PostgreSQL or MySQL server.
    Server(DatabaseUrl),
}

/// A fixture's `-- tags=` line names the databases it runs on; Prisma's runner skips a
/// fixture tagged `mysql8` on MariaDB (and other versions), and so does this one.
fn runs_on_server(tags: &str, conn: &Connection) -> bool {
    let mariadb = conn.as_mysql().is_some_and(|m| m.is_mariadb());
    let tags: Vec<&str> = tags.split(',').map(str::trim).collect();
    if tags.iter().any(|t| t.starts_with("mysql")) {
        let mysql8 = conn
            .as_mysql()
            .is_some_and(|m| !mariadb && m.server_version().starts_with('8'));
        return tags.iter().any(|t| match *t {
            "mysql" => true,
            "mysql8" => mysql8,
            "mariadb" => mariadb,
            _ => false,
        });
    }
    true
}

fn target_for(
    settings: &Settings,
    provider: &str,
    case: &str,
    report: &mut CorpusReport,
) -> Option<Target> {
    let tag: String = case
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let variable = match provider {
        "sqlite" => {
            return Some(Target::Sqlite(
                settings
                    .temp_dir
                    .join(format!("refract-pull-{}-{tag}", std::process::id())),
            ));
        }
        "postgres" | "postgresql" => "REFRACT_TEST_POSTGRES_URL",
        "mysql" => "REFRACT_TEST_MYSQL_URL",
        other => {
            report.skip(format!("{case}: provider `{other}` has no connector"));
            return None;
        }
    };
    let server = if provider == "mysql" {
        &settings.mysql_url
    } else {
        &settings.postgres_url
    };
    match server {
        Some(base) => {
            let mut name = format!("refract_pull_{}_{tag}", std::process::id());
            // PostgreSQL's and MySQL's identifier limits (63 and 64 bytes).
            name.truncate(63);
            match DatabaseUrl::parse(base, Path::new("."))
                .ok()
                .and_then(|u| u.with_database(&name))
            {
                Some(url) => Some(Target::Server(url)),
                None => {
                    report.record(case, Err(format!("{variable} is not a server URL")));
                    None
                }
            }
        }
        None if settings.ci => {
            report.record(case, Err(format!("{variable} must be set in CI")));
            None
        }
        None => {
            report.skip(format!("{case} ({provider}): {variable} not set"));
            None
        }
    }
}

impl Target {
    fn url(&self) -> Result<DatabaseUrl, String> {
        match self {
            Target::Sqlite(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
                DatabaseUrl::parse(&format!("file:{}", dir.join("pull.db").display()), dir)
                    .map_err(|e| e.to_string())
            }
            Target::Server(url) => Ok(url.clone()),
        }
    }

    async fn fresh(&self) -> Result<(DatabaseUrl, Connection), String> {
        let url = self.url()?;
        driver::drop_database(&url)
            .await
            .map_err(|e| e.to_string())?;
        driver::create_database(&url)
            .await
            .map_err(|e| e.to_string())?;
        let conn = Connection::connect(&url).await.map_err(|e| e.to_string())?;
        Ok((url, conn))
    }

    async fn cleanup(&self, url: &DatabaseUrl) {
        let _ = driver::drop_database(url).await;
        if let Target::Sqlite(dir) = self {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn runtime() -> Option<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()
}

/// Pulls `conn`'s database with `schema_text` as the project's schema (`fresh`: only its
/// configuration blocks, as `db pull --force`), returning what `db pull --print` prints: the
/// CLI's own pipeline, [`introspect::pull_database`].
async fn pull(conn: &Connection, schema_text: &str, fresh: bool) -> Result<String, String> {
    let files = diagnostics::SourceFiles::single("schema.prisma", schema_text);
    let (validated, diagnostics) = schema::validate(&files);
    // A fresh pull keeps only the configuration blocks: an expected schema that Prisma
    // itself does not validate (a relation to an `@@ignore`d model) still names them.
    if let Some(e) = diagnostics.errors().next().filter(|_| !fresh) {
        return Err(format!("the schema does not validate: {}", e.message));
    }
    if validated.datasource.is_none() {
        return Err("no datasource".to_owned());
    }
    let outcome = introspect::pull_database(
        conn,
        &introspect::PullRequest {
            files: &files,
            schema: &validated,
            schemas: None,
            force: fresh,
            view_definitions: false,
        },
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(format!("{}\n\n", outcome.pulled.schema))
}

fn compare(actual: &str, expected: &str) -> Result<(), String> {
    if actual == expected {
        return Ok(());
    }
    let line = actual
        .lines()
        .zip(expected.lines())
        .position(|(a, e)| a != e)
        .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
    Err(format!(
        "differs at line {}: got {:?}, expected {:?}",
        line + 1,
        actual.lines().nth(line).unwrap_or("<end>"),
        expected.lines().nth(line).unwrap_or("<end>")
    ))
}

/// The `introspection-simple` corpus.
pub fn simple(settings: &Settings) -> CorpusReport {
    let mut report = CorpusReport::new("introspection-simple");
    let Some(rt) = runtime() else {
        report.record("runtime", Err("no async runtime".into()));
        return report;
    };
    let root = settings
        .dir
        .join("prisma-engines/schema-engine/sql-introspection-tests/tests/simple");
    let mut skipped = 0;
    let mut not_this_server = 0;
    for provider in ["sqlite", "postgres", "mysql"] {
        let mut files = Vec::new();
        sql_files(&root.join(provider), &mut files);
        files.sort();
        for file in files {
            let case = file
                .strip_prefix(&root)
                .unwrap_or(&file)
                .display()
                .to_string();
            let Ok(text) = std::fs::read_to_string(&file) else {
                report.record(case, Err("unreadable".into()));
                continue;
            };
            let failed_before = report.failed.len();
            let Some(target) = target_for(settings, provider, &case, &mut report) else {
                skipped += usize::from(report.failed.len() == failed_before);
                continue;
            };
            let tags = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("-- tags="))
                .unwrap_or_default()
                .to_owned();
            let outcome = rt.block_on(async {
                let (setup, expected) = split_fixture(&text).ok_or("no expected block")?;
                let (url, conn) = target.fresh().await?;
                let result = async {
                    if !runs_on_server(&tags, &conn) {
                        return Ok(None);
                    }
                    conn.raw_cmd(setup)
                        .await
                        .map_err(|e| format!("setup failed: {e}"))?;
                    let actual = pull(&conn, expected, true).await?;
                    compare(actual.trim(), expected.trim()).map(Some)
                }
                .await;
                drop(conn);
                target.cleanup(&url).await;
                result
            });
            match outcome {
                Ok(None) => {
                    report.skip(format!("{case}: tagged `{tags}`, not this server"));
                    not_this_server += 1;
                }
                Ok(Some(())) => report.record(case, Ok(())),
                Err(e) => report.record(case, Err(e)),
            }
        }
    }
    if skipped + not_this_server > 0 {
        report.note = Some(format!(
            "{skipped} skipped without a server URL; {not_this_server} tagged for another server version (`mysql8` on MariaDB)"
        ));
    }
    report
}

fn sql_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sql_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "sql") {
            out.push(p);
        }
    }
}

/// The setup SQL and the expected schema (the last `/* … */` block).
fn split_fixture(text: &str) -> Option<(&str, &str)> {
    let start = text.rfind("/*")?;
    let end = text[start..].find("*/")? + start;
    Some((&text[..start], &text[start + 2..end]))
}

/// The `introspection-realworld` corpus.
pub fn realworld(settings: &Settings) -> CorpusReport {
    let mut report = CorpusReport::new("introspection-realworld");
    let Some(rt) = runtime() else {
        report.record("runtime", Err("no async runtime".into()));
        return report;
    };
    let Ok(entries) = std::fs::read_dir(settings.dir.join("realworld")) else {
        return report;
    };
    let mut projects: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("prisma-expected/introspected.prisma").is_file())
        .collect();
    projects.sort();
    let mut skipped = 0;
    for project in projects {
        let case = project
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let schema_file = if project.join("schema.p7.prisma").is_file() {
            project.join("schema.p7.prisma")
        } else {
            project.join("schema.prisma")
        };
        let text = std::fs::read_to_string(&schema_file).unwrap_or_default();
        let provider = provider_of(&text).unwrap_or_default();
        let failed_before = report.failed.len();
        let Some(target) = target_for(settings, &provider, &case, &mut report) else {
            skipped += usize::from(report.failed.len() == failed_before);
            continue;
        };
        let (re, fresh) = rt.block_on(async {
            let (url, conn) = match target.fresh().await {
                Ok(x) => x,
                Err(e) => return (Err(e.clone()), Err(e)),
            };
            let folder = MigrationsFolder::new(project.join("migrations"));
            let outcome = match migrate::commands::deploy(&conn, &folder).await {
                Err(e) => {
                    let e = format!("deploy failed: {e}");
                    (Err(e.clone()), Err(e))
                }
                Ok(_) => {
                    let expect = |f: &str| {
                        std::fs::read_to_string(project.join("prisma-expected").join(f))
                            .map_err(|e| e.to_string())
                    };
                    let re = match (
                        pull(&conn, &text, false).await,
                        expect("introspected.prisma"),
                    ) {
                        (Ok(a), Ok(e)) => compare(&a, &e),
                        (Err(e), _) | (_, Err(e)) => Err(e),
                    };
                    let fresh = match (
                        pull(&conn, &text, true).await,
                        expect("introspected.fresh.prisma"),
                    ) {
                        (Ok(a), Ok(e)) => compare(&a, &e),
                        (Err(e), _) | (_, Err(e)) => Err(e),
                    };
                    (re, fresh)
                }
            };
            drop(conn);
            target.cleanup(&url).await;
            outcome
        });
        report.record(case.clone(), re);
        report.record(format!("{case}.fresh"), fresh);
    }
    if skipped > 0 {
        report.note = Some(format!(
            "{skipped} project(s) skipped (no REFRACT_TEST_POSTGRES_URL or REFRACT_TEST_MYSQL_URL)"
        ));
    }
    report
}

fn provider_of(text: &str) -> Option<String> {
    let block = &text[text.find("datasource")?..];
    let line = block
        .lines()
        .find(|l| l.trim_start().starts_with("provider"))?;
    Some(line.split('"').nth(1)?.to_owned())
}
