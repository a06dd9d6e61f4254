//! `refract init` through the binary, in a fresh temporary folder per test.

use std::path::Path;
use std::process::Command;

fn refract(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run refract")
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("refract-init-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn init_writes_sqlite_schema_env_and_gitignore() {
    let dir = temp_dir("sqlite");
    let out = refract(&dir, &["init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let schema = std::fs::read_to_string(dir.join("prisma/schema.prisma")).unwrap();
    assert!(schema.contains("provider = \"sqlite\""), "{schema}");
    // Prisma 7 rejects a `url` in the schema: the config file gives it.
    assert!(!schema.contains("url"), "{schema}");
    let config = std::fs::read_to_string(dir.join("prisma.config.ts")).unwrap();
    assert!(
        config.contains("url: process.env[\"DATABASE_URL\"]"),
        "{config}"
    );
    assert!(config.contains("import \"dotenv/config\";"), "{config}");
    let env = std::fs::read_to_string(dir.join(".env")).unwrap();
    // Relative to prisma.config.ts, as Prisma 7 resolves it: beside the schema.
    assert!(
        env.contains("DATABASE_URL=\"file:./prisma/dev.db\""),
        "{env}"
    );
    let gitignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == ".env"), "{gitignore}");
    assert!(gitignore.lines().any(|l| l == "prisma/*.db"), "{gitignore}");
}

#[test]
fn init_refuses_to_overwrite_an_existing_schema() {
    let dir = temp_dir("exists");
    std::fs::create_dir_all(dir.join("prisma")).unwrap();
    std::fs::write(dir.join("prisma/schema.prisma"), "// mine\n").unwrap();
    let out = refract(&dir, &["init"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("prisma/schema.prisma")).unwrap(),
        "// mine\n"
    );
}

#[test]
fn init_appends_to_env_and_keeps_an_existing_database_url() {
    let dir = temp_dir("env");
    std::fs::write(dir.join(".env"), "SECRET=1").unwrap();
    std::fs::write(dir.join(".gitignore"), "target\n.env\n").unwrap();
    let out = refract(&dir, &["init", "--datasource-provider", "postgresql"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let env = std::fs::read_to_string(dir.join(".env")).unwrap();
    assert!(env.starts_with("SECRET=1\n"), "{env}");
    assert!(env.contains("DATABASE_URL=\"postgresql://"), "{env}");
    let gitignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert_eq!(gitignore.matches(".env").count(), 1, "{gitignore}");
    let schema = std::fs::read_to_string(dir.join("prisma/schema.prisma")).unwrap();
    assert!(schema.contains("provider = \"postgresql\""), "{schema}");

    // A second project in the same folder keeps the URL that is already there.
    std::fs::remove_dir_all(dir.join("prisma")).unwrap();
    let out = refract(&dir, &["init", "--datasource-provider", "mysql"]);
    assert!(out.status.success());
    let env_after = std::fs::read_to_string(dir.join(".env")).unwrap();
    assert_eq!(env, env_after);
    assert!(String::from_utf8_lossy(&out.stdout).contains("already defines DATABASE_URL"));
}

#[test]
fn init_rejects_an_unknown_provider_as_a_usage_error() {
    let dir = temp_dir("usage");
    let out = refract(&dir, &["init", "--datasource-provider", "oracle"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.join("prisma").exists());
}

#[test]
fn the_schema_init_writes_validates_for_every_provider() {
    for provider in ["sqlite", "postgresql", "mysql"] {
        let dir = temp_dir(&format!("valid-{provider}"));
        let out = refract(&dir, &["init", "--datasource-provider", provider]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = refract(&dir, &["validate"]);
        assert!(
            out.status.success(),
            "{provider}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let out = refract(&dir, &["format", "--check"]);
        assert!(
            out.status.success(),
            "{provider}: init must write a formatted schema: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The folder holding Prisma 7.10's npm package and dotenv: `REFRACT_PRISMA7_DIR`, else the
/// interop test's npm folder (crates/client/tests/interop, installed by its `setup.sh`, which
/// `.ci/run` runs).
fn prisma7_dir() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("REFRACT_PRISMA7_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../client/tests/interop"),
        Into::into,
    );
    let ready = dir.join("node_modules/prisma/package.json").is_file()
        && dir.join("node_modules/dotenv/package.json").is_file();
    ready.then_some(dir)
}

/// A project made by `refract init` passes `prisma validate` of Prisma 7.10 (the npm package,
/// run offline: the schema engine binary is not needed to validate), and Refract reads the
/// same project: its schema, and the URL from `prisma.config.ts` and `.env`.
#[test]
fn prisma_7_validates_the_project_init_writes() {
    let Some(prisma) = prisma7_dir() else {
        test_support::skip(
            "Prisma 7.10 is not installed: run crates/client/tests/interop/setup.sh \
             (or set REFRACT_PRISMA7_DIR to a folder with prisma@7.10.1 and dotenv)",
        );
        return;
    };
    if Command::new("node").arg("--version").output().is_err() {
        test_support::skip("node is not installed");
        return;
    }
    for provider in ["sqlite", "postgresql", "mysql"] {
        // Inside the npm folder, so that `prisma/config` and `dotenv` resolve from the config.
        let dir = prisma.join(format!("refract-init-{provider}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let out = refract(&dir, &["init", "--datasource-provider", provider]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = Command::new("node")
            .arg(prisma.join("node_modules/prisma/build/index.js"))
            .arg("validate")
            .current_dir(&dir)
            .env("PRISMA_SCHEMA_ENGINE_BINARY", "/bin/false")
            .env("PRISMA_HIDE_UPDATE_MESSAGE", "1")
            .env("CHECKPOINT_DISABLE", "1")
            .env_remove("DATABASE_URL")
            .output()
            .expect("run prisma");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success(),
            "prisma validate ({provider}):\n{text}"
        );
        assert!(text.contains("is valid"), "{text}");
        assert!(
            text.contains("Loaded Prisma config from prisma.config.ts"),
            "{text}"
        );

        let out = Command::new(env!("CARGO_BIN_EXE_refract"))
            .args(["validate"])
            .current_dir(&dir)
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn init_prints_the_cargo_lines_of_the_client_for_the_provider() {
    let client = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../refract")
        .canonicalize()
        .unwrap();
    for (provider, feature) in [
        ("sqlite", "sqlite"),
        ("postgresql", "postgresql"),
        ("mysql", "mysql"),
    ] {
        let dir = temp_dir(&format!("cargo-{provider}"));
        let out = refract(&dir, &["init", "--datasource-provider", provider]);
        assert!(out.status.success());
        let stdout = String::from_utf8_lossy(&out.stdout);
        let client_line = format!(
            "refract = {{ path = {:?}, default-features = false, features = [\"{feature}\"] }}",
            client.display().to_string()
        );
        assert!(stdout.contains("[dependencies]"), "{stdout}");
        assert!(
            stdout.contains(&client_line),
            "{client_line}\nnot in\n{stdout}"
        );
        assert!(
            stdout.contains(
                "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }"
            ),
            "{stdout}"
        );
    }
}
