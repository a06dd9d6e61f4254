//! Every realworld project's migrations folder (`conformance/realworld/*/migrations`)
//! deployed through the binary into a fresh database, as Prisma did: the exit code must be
//! `prisma-expected/deploy.rc`, and `migrate status` must then report the database up to date.
//! Then `migrate diff --from-url … --to-schema … --script` must print `drift.sql` (and
//! `--exit-code` agree with `drift.rc`), and `--from-migrations` must print
//! `migrations-vs-schema.sql`. SQLite projects always run; PostgreSQL ones on the server of
//! `REFRACT_TEST_POSTGRES_URL`.

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
        .output()
        .unwrap()
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
fn check_project(project: &Path, url: &str, shadow: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("prisma")).unwrap();
    std::fs::copy(
        project.join("schema.prisma"),
        dir.path().join("prisma/schema.prisma"),
    )
    .unwrap();
    copy_dir(
        &project.join("migrations"),
        &dir.path().join("prisma/migrations"),
    );
    let expected_rc: i32 = std::fs::read_to_string(project.join("prisma-expected/deploy.rc"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let out = refract(dir.path(), &["migrate", "deploy", "--url", url]);
    assert_eq!(
        out.status.code(),
        Some(expected_rc),
        "{}: {}",
        project.display(),
        text(&out)
    );
    if expected_rc == 0 {
        let out = refract(dir.path(), &["migrate", "status", "--url", url]);
        assert!(
            out.status.success(),
            "{}: {}",
            project.display(),
            text(&out)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("Database schema is up to date!"));

        let out = refract(
            dir.path(),
            &[
                "migrate",
                "diff",
                "--from-url",
                url,
                "--to-schema",
                "prisma/schema.prisma",
                "--script",
            ],
        );
        let expected = std::fs::read_to_string(project.join("prisma-expected/drift.sql")).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            expected,
            "{}: {}",
            project.display(),
            text(&out)
        );
        let out = refract(
            dir.path(),
            &[
                "migrate",
                "diff",
                "--from-url",
                url,
                "--to-schema",
                "prisma/schema.prisma",
                "--exit-code",
            ],
        );
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
        if let Some(shadow) = shadow {
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
        check_project(&project, "file:./prisma/dev.db", None);
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
        drops.iter().for_each(|d| run_admin(d));
        check_project(&project, &url, Some(&shadow));
        drops.iter().for_each(|d| run_admin(d));
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
        run_admin(&drops);
        check_project(&project, &url, Some(&shadow));
        run_admin(&drops);
    }
}
