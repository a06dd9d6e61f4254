//! Issue #15's first "Done when", for the front end: each of the nine realworld projects of
//! `conformance/realworld/`, set up as a Prisma 7 project (its `schema.p7.prisma`, without
//! `url`, where its `prisma.config.ts` of `tests/realworld-configs/` says, and nothing on the
//! command line), validates, formats to `schema.p7.formatted.prisma` and diffs from empty to
//! `prisma-expected/from-empty.sql`, as it does without the config file. The SQLite projects
//! without migrations are also deployed (no migration), given a status, pushed and pulled. (`realworld_deploy.rs`
//! covers deploy, status, drift and pull of the five projects with a migrations folder.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn realworld_dir() -> PathBuf {
    match std::env::var("REFRACT_CONFORMANCE_DIR") {
        Ok(d) => PathBuf::from(d).join("realworld"),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../conformance/realworld"),
    }
}

fn refract(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env("CI", "1")
        .env("NO_COLOR", "1")
        .env_remove("DATABASE_URL")
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

/// The `schema` of a config file (a string literal, or `path.join` of literals).
fn schema_path(config: &str) -> PathBuf {
    let line = config
        .lines()
        .find(|l| l.trim_start().starts_with("schema:"))
        .expect("a schema setting");
    let parts: Vec<&str> = line.split(['"', '\'']).skip(1).step_by(2).collect();
    parts.iter().collect()
}

fn provider_of(schema: &str) -> String {
    let block = &schema[schema.find("datasource").unwrap()..];
    let line = block
        .lines()
        .find(|l| l.trim_start().starts_with("provider"))
        .unwrap();
    line.split('"').nth(1).unwrap().to_owned()
}

#[test]
fn the_nine_realworld_projects_run_through_a_prisma_7_config() {
    let mut projects: Vec<PathBuf> = std::fs::read_dir(realworld_dir())
        .expect("the realworld corpus")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    projects.sort();
    assert_eq!(projects.len(), 9, "{projects:?}");
    for project in &projects {
        let name = project.file_name().unwrap().to_string_lossy().into_owned();
        let config = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/realworld-configs")
                .join(format!("{name}.ts")),
        )
        .unwrap_or_else(|e| panic!("{name}: no config file: {e}"));
        // The upstreams already on Prisma 7 (no `url`) have no separate `schema.p7.prisma`.
        let p7 = |file: &str, fallback: &str| {
            let path = project.join(file);
            std::fs::read_to_string(if path.is_file() {
                path
            } else {
                project.join(fallback)
            })
            .unwrap()
        };
        let schema_text = p7("schema.p7.prisma", "schema.prisma");
        let dir = tempfile::tempdir().unwrap();
        let schema = dir.path().join(schema_path(&config));
        std::fs::create_dir_all(schema.parent().unwrap()).unwrap();
        std::fs::write(&schema, &schema_text).unwrap();
        std::fs::write(dir.path().join("prisma.config.ts"), &config).unwrap();
        let provider = provider_of(&schema_text);
        let url = match provider.as_str() {
            "sqlite" => "file:./dev.db",
            "postgresql" => "postgresql://nobody@127.0.0.1:9/none",
            _ => "mysql://nobody@127.0.0.1:9/none",
        };
        std::fs::write(dir.path().join(".env"), format!("DATABASE_URL=\"{url}\"\n")).unwrap();

        let out = refract(dir.path(), &["validate"]);
        assert!(out.status.success(), "{name}: {}", text(&out));

        let out = refract(
            dir.path(),
            &[
                "migrate",
                "diff",
                "--from-empty",
                "--to-schema",
                &schema.to_string_lossy(),
                "--script",
            ],
        );
        let expected =
            std::fs::read_to_string(project.join("prisma-expected/from-empty.sql")).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            expected,
            "{name}: {}",
            text(&out)
        );

        let out = refract(dir.path(), &["format"]);
        assert!(out.status.success(), "{name}: {}", text(&out));
        let expected = p7("schema.p7.formatted.prisma", "schema.formatted.prisma");
        assert_eq!(
            std::fs::read_to_string(&schema).unwrap(),
            expected,
            "{name}: formatted through the config file"
        );

        if provider == "sqlite" && !project.join("migrations").is_dir() {
            // On the empty database first (deploying no migration into a pushed database is
            // P3005, as in Prisma).
            for args in [
                &["migrate", "deploy"][..],
                &["migrate", "status"][..],
                &["db", "push"][..],
                &["db", "pull", "--print"][..],
            ] {
                let out = refract(dir.path(), args);
                assert!(out.status.success(), "{name} {args:?}: {}", text(&out));
                if args[1] == "pull" {
                    assert!(
                        String::from_utf8_lossy(&out.stdout).contains("model "),
                        "{name}"
                    );
                }
            }
        }
    }
}
