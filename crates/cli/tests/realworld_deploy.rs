//! Every realworld project's migrations folder (`conformance/realworld/*/migrations`)
//! deployed through the binary into a fresh database, as Prisma did: the exit code must be
//! `prisma-expected/deploy.rc`, and `migrate status` must then report the database up to date.
//! Then `migrate diff --from-url … --to-schema … --script` must print `drift.sql` (and
//! `--exit-code` agree with `drift.rc`), and `--from-migrations` must print
//! `migrations-vs-schema.sql`. SQLite projects always run; PostgreSQL ones on the server of
//! `REFRACT_TEST_POSTGRES_URL`.
//!
//! Each project runs twice: the Prisma 6 way (`--url`, the schema as it is), then as a Prisma 7
//! project: its `schema.p7.prisma` (no `url`), the `prisma.config.ts` of
//! `tests/realworld-configs/`, the URLs in a `.env` it loads, and no `--url` on any command
//! (`--from-config-datasource` for the drift); the results must be the same.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn realworld_dir() -> PathBuf {
    match std::env::var("REFRACT_CONFORMANCE_DIR") {
        Ok(d) => PathBuf::from(d).join("realworld"),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../conformance/realworld"),
    }
}

fn provider_of(schema: &str) -> Option<String> {
    let block = &schema[schema.find("datasource")?..];
    let line = block
        .lines()
        .find(|l| l.trim_start().starts_with("provider"))?;
    Some(line.split('"').nth(1)?.to_owned())
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn refract(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env("CI", "1")
        .env_remove("DATABASE_URL")
        .env_remove("SHADOW_DATABASE_URL")
        .output()
        .unwrap()
}

/// How a project is run: the Prisma 6 way, or through a Prisma 7 config file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Url,
    Config,
}

/// Sets the project up as a Prisma 7 project: `schema.p7.prisma` (the schema itself when the
/// upstream has moved to Prisma 7 already: no `url` in it), its config file, `.env`.
fn prisma_7_project(project: &Path, dir: &Path, url: &str, shadow: Option<&str>) {
    let p7 = project.join("schema.p7.prisma");
    let schema = if p7.is_file() {
        p7
    } else {
        project.join("schema.prisma")
    };
    let text = std::fs::read_to_string(&schema).unwrap();
    let datasource = &text[text.find("datasource ").unwrap()..];
    let datasource = &datasource[..datasource.find('}').unwrap()];
    assert!(
        !datasource
            .lines()
            .any(|l| l.trim_start().starts_with("url ")),
        "{}: a Prisma 7 schema has no url",
        schema.display()
    );
    std::fs::write(dir.join("prisma/schema.prisma"), text).unwrap();
    let name = project.file_name().unwrap().to_string_lossy().into_owned();
    let config = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/realworld-configs")
        .join(format!("{name}.ts"));
    std::fs::copy(&config, dir.join("prisma.config.ts"))
        .unwrap_or_else(|e| panic!("{}: {e}", config.display()));
    let mut env = format!("DATABASE_URL=\"{url}\"\nPOSTGRES_URL_NON_POOLING=\"{url}\"\n");
    if let Some(shadow) = shadow {
        env.push_str(&format!("SHADOW_DATABASE_URL=\"{shadow}\"\n"));
    }
    std::fs::write(dir.join(".env"), env).unwrap();
}

/// Both ways, one after the other; `reset` empties the databases before each.
fn check_both(project: &Path, url: &str, shadow: Option<&str>, reset: &dyn Fn()) {
    for mode in [Mode::Url, Mode::Config] {
        reset();
        check_project(project, url, shadow, mode);
    }
    reset();
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Deploys one project; `url` is relative to the project's working folder for SQLite;
/// `shadow` is the shadow database for `--from-migrations` (PostgreSQL).
fn check_project(project: &Path, url: &str, shadow: Option<&str>, mode: Mode) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("prisma")).unwrap();
    if mode == Mode::Config {
        prisma_7_project(project, dir.path(), url, shadow);
    } else {
        std::fs::copy(
            project.join("schema.prisma"),
            dir.path().join("prisma/schema.prisma"),
        )
        .unwrap();
    }
    // The database options: `--url URL`, or nothing with a config file.
    let url_args: Vec<&str> = match mode {
        Mode::Url => vec!["--url", url],
        Mode::Config => vec![],
    };
    let with_url = |args: &[&'static str]| -> Vec<String> {
        args.iter()
            .map(|a| a.to_string())
            .chain(url_args.iter().map(|a| a.to_string()))
            .collect()
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refract(dir.path(), &args)
    };
    let from_database: Vec<String> = match mode {
        Mode::Url => vec!["--from-url".into(), url.into()],
        Mode::Config => vec!["--from-config-datasource".into()],
    };
    copy_dir(
        &project.join("migrations"),
        &dir.path().join("prisma/migrations"),
    );
    let expected_rc: i32 = std::fs::read_to_string(project.join("prisma-expected/deploy.rc"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let out = run(with_url(&["migrate", "deploy"]));
    assert_eq!(
        out.status.code(),
        Some(expected_rc),
        "{}: {}",
        project.display(),
        text(&out)
    );
    if expected_rc == 0 {
        let out = run(with_url(&["migrate", "status"]));
        assert!(
            out.status.success(),
            "{}: {}",
            project.display(),
            text(&out)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("Database schema is up to date!"));

        let diff = |last: &str| {
            let mut args: Vec<String> = vec!["migrate".into(), "diff".into()];
            args.extend(from_database.iter().cloned());
            args.extend([
                "--to-schema".into(),
                "prisma/schema.prisma".into(),
                last.into(),
            ]);
            run(args)
        };
        let out = diff("--script");
        let expected = std::fs::read_to_string(project.join("prisma-expected/drift.sql")).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            expected,
            "{}: {}",
            project.display(),
            text(&out)
        );
        let out = diff("--exit-code");
        let expected_rc: i32 = std::fs::read_to_string(project.join("prisma-expected/drift.rc"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(expected_rc),
            "{}: {}",
            project.display(),
            text(&out)
        );

        let mut args = vec![
            "migrate",
            "diff",
            "--from-migrations",
            "prisma/migrations",
            "--to-schema",
            "prisma/schema.prisma",
            "--script",
            "--exit-code",
        ];
        // With a config file, the shadow database is its `shadowDatabaseUrl` (or a temporary
        // one), as in Prisma 7, which has no `--shadow-database-url`.
        if let (Some(shadow), Mode::Url) = (shadow, mode) {
            args.extend(["--shadow-database-url", shadow]);
        }
        let out = refract(dir.path(), &args);
        let expected =
            std::fs::read_to_string(project.join("prisma-expected/migrations-vs-schema.sql"))
                .unwrap();
        // Prisma wrote this one with `--exit-code`, which leaves out the final blank line of a
        // non-empty script.
        let actual = String::from_utf8_lossy(&out.stdout).into_owned();
        let actual = if out.status.code() == Some(2) {
            actual.strip_suffix('\n').unwrap_or(&actual).to_owned()
        } else {
            actual
        };
        assert_eq!(actual, expected, "{}: {}", project.display(), text(&out));

        if mode == Mode::Config {
            let out = run(vec!["db".into(), "pull".into(), "--print".into()]);
            assert!(
                out.status.success(),
                "{}: {}",
                project.display(),
                text(&out)
            );
            assert!(String::from_utf8_lossy(&out.stdout).contains("model "));
        }
    }
}

fn projects(provider: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in
        std::fs::read_dir(realworld_dir()).expect("the realworld corpus beside the checkout")
    {
        let path = entry.unwrap().path();
        if !path.join("migrations").is_dir() {
            continue;
        }
        let schema = std::fs::read_to_string(path.join("schema.prisma")).unwrap();
        if provider_of(&schema).as_deref() == Some(provider) {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn sqlite_projects_deploy_as_prisma_deployed_them() {
    let projects = projects("sqlite");
    assert!(!projects.is_empty());
    for project in projects {
        // Each run has its own folder, so its own SQLite file.
        check_both(&project, "file:./prisma/dev.db", None, &|| {});
    }
}

#[test]
fn postgresql_projects_deploy_as_prisma_deployed_them() {
    let Some(base) = test_support::server_url(test_support::Server::Postgres) else {
        return;
    };
    let projects = projects("postgresql");
    assert!(!projects.is_empty());
    let (prefix, _) = base.rsplit_once('/').unwrap();
    for project in projects {
        let name = project
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace('-', "_");
        let db = format!("refract_cli_realworld_{name}");
        let url = format!("{prefix}/{db}");
        let shadow_db = format!("{db}_shadow");
        let shadow = format!("{prefix}/{shadow_db}");
        // One statement per run: DROP DATABASE cannot share an (implicit) transaction.
        let drops = [
            format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"),
            format!("DROP DATABASE IF EXISTS \"{shadow_db}\" WITH (FORCE)"),
        ];
        let cwd = std::env::temp_dir();
        let run_admin = |sql: &str| {
            let mut child = Command::new(env!("CARGO_BIN_EXE_refract"))
                .args(["db", "execute", "--stdin", "--url", &base])
                .current_dir(&cwd)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            std::io::Write::write_all(&mut child.stdin.take().unwrap(), sql.as_bytes()).unwrap();
            assert!(child.wait().unwrap().success());
        };
        check_both(&project, &url, Some(&shadow), &|| {
            drops.iter().for_each(|d| run_admin(d))
        });
    }
}

#[test]
fn mysql_projects_deploy_as_prisma_deployed_them() {
    let Some(base) = test_support::server_url(test_support::Server::Mysql) else {
        return;
    };
    let projects = projects("mysql");
    assert!(!projects.is_empty());
    let (prefix, _) = base.rsplit_once('/').unwrap();
    for project in projects {
        let name = project
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace('-', "_");
        let db = format!("refract_cli_realworld_{name}");
        let url = format!("{prefix}/{db}");
        let shadow_db = format!("{db}_shadow");
        let shadow = format!("{prefix}/{shadow_db}");
        let drops =
            format!("DROP DATABASE IF EXISTS `{db}`;\nDROP DATABASE IF EXISTS `{shadow_db}`;");
        let cwd = std::env::temp_dir();
        let run_admin = |sql: &str| {
            let mut child = Command::new(env!("CARGO_BIN_EXE_refract"))
                .args(["db", "execute", "--stdin", "--url", &base])
                .current_dir(&cwd)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            std::io::Write::write_all(&mut child.stdin.take().unwrap(), sql.as_bytes()).unwrap();
            assert!(child.wait().unwrap().success());
        };
        check_both(&project, &url, Some(&shadow), &|| run_admin(&drops));
    }
}
