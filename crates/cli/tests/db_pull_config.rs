//! `db pull` in a Prisma 7 project (the URL from `prisma.config.ts`, none in the schema) on
//! the PostgreSQL server of `REFRACT_TEST_POSTGRES_URL`: the `generator` blocks come before the
//! `datasource` whatever the schema's order, as Prisma 7 renders them; `--schemas a,b`
//! introspects those schemas and writes them as the datasource's `schemas`, each model with
//! its `@@schema`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "refract-cli-pull-config-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("prisma")).unwrap();
    dir
}

fn refract(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env("CI", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut input = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            input.write_all(s.as_bytes()).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test]
async fn postgres_pull_from_a_config_url_puts_generators_first_and_takes_schemas() {
    let Some(db) = test_support::TestDatabase::postgres("refract_cli_pull_config", "p7").await
    else {
        return;
    };
    let url = db.url_string();
    let dir = scratch("p7");
    std::fs::write(
        dir.join("prisma.config.ts"),
        format!("import {{ defineConfig }} from \"prisma/config\";\n\nexport default defineConfig({{\n  schema: \"prisma/schema.prisma\",\n  datasource: {{ url: \"{url}\" }},\n}});\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("prisma/schema.prisma"),
        "datasource db {\n  provider = \"postgresql\"\n}\n\ngenerator client {\n  provider = \"prisma-client-js\"\n}\n",
    )
    .unwrap();
    let setup = "CREATE TABLE \"Item\" (\"id\" INTEGER PRIMARY KEY);\nCREATE SCHEMA \"a\";\nCREATE SCHEMA \"b\";\nCREATE TABLE \"a\".\"x\" (\"id\" INTEGER PRIMARY KEY);\nCREATE TABLE \"b\".\"y\" (\"id\" INTEGER PRIMARY KEY);\n";
    let out = refract(&dir, &["db", "execute", "--stdin"], Some(setup));
    assert!(out.status.success(), "{}", text(&out));

    let out = refract(&dir, &["db", "pull", "--print"], None);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "generator client {\n  provider = \"prisma-client-js\"\n}\n\ndatasource db {\n  provider = \"postgresql\"\n}\n\nmodel Item {\n  id Int @id\n}\n\n\n"
    );

    let out = refract(&dir, &["db", "pull", "--print", "--schemas", "a,b"], None);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "generator client {\n  provider = \"prisma-client-js\"\n}\n\ndatasource db {\n  provider = \"postgresql\"\n  schemas  = [\"a\", \"b\"]\n}\n\nmodel x {\n  id Int @id\n\n  @@schema(\"a\")\n}\n\nmodel y {\n  id Int @id\n\n  @@schema(\"b\")\n}\n\n\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// With the `views` preview feature, each view's definition goes to
/// `<views.path>/<schema>/<name>.sql` (the config file's `views.path`, else `views/` beside the
/// schema), as Prisma's `db pull` writes them: other `.sql` files in its schema folders go,
/// folders left empty go, other files stay.
#[tokio::test]
async fn postgres_pull_writes_views_as_sql_files_under_the_views_path() {
    let Some(db) = test_support::TestDatabase::postgres("refract_cli_pull_config", "views").await
    else {
        return;
    };
    let url = db.url_string();
    for (views_path, config_line) in [
        ("db/views", "  views: { path: \"db/views\" },\n"),
        ("prisma/views", ""),
    ] {
        let dir = scratch(&format!("views-{}", views_path.replace('/', "-")));
        std::fs::write(
            dir.join("prisma.config.ts"),
            format!("import {{ defineConfig }} from \"prisma/config\";\n\nexport default defineConfig({{\n  schema: \"prisma/schema.prisma\",\n{config_line}  datasource: {{ url: \"{url}\" }},\n}});\n"),
        )
        .unwrap();
        std::fs::write(
            dir.join("prisma/schema.prisma"),
            "generator client {\n  provider        = \"prisma-client-js\"\n  previewFeatures = [\"views\"]\n}\n\ndatasource db {\n  provider = \"postgresql\"\n}\n",
        )
        .unwrap();
        let views = dir.join(views_path);
        std::fs::create_dir_all(views.join("public")).unwrap();
        std::fs::create_dir_all(views.join("old")).unwrap();
        std::fs::write(views.join("public/gone.sql"), "SELECT 1;").unwrap();
        std::fs::write(views.join("old/stale.sql"), "SELECT 2;").unwrap();
        std::fs::write(views.join("README.md"), "kept").unwrap();
        let setup = "CREATE TABLE IF NOT EXISTS \"t\" (\"id\" INTEGER PRIMARY KEY);\nCREATE OR REPLACE VIEW \"v_items\" AS SELECT \"id\" FROM \"t\" WHERE \"id\" > 1;\n";
        let out = refract(&dir, &["db", "execute", "--stdin"], Some(setup));
        assert!(out.status.success(), "{}", text(&out));
        let out = refract(&dir, &["db", "pull"], None);
        assert!(out.status.success(), "{}", text(&out));
        assert_eq!(
            std::fs::read_to_string(views.join("public/v_items.sql")).unwrap(),
            "SELECT\n  t.id\nFROM\n  t\nWHERE\n  (t.id > 1);"
        );
        assert!(!views.join("public/gone.sql").exists());
        assert!(!views.join("old").exists());
        assert_eq!(
            std::fs::read_to_string(views.join("README.md")).unwrap(),
            "kept"
        );
        let schema = std::fs::read_to_string(dir.join("prisma/schema.prisma")).unwrap();
        assert!(schema.contains("view v_items {"), "{schema}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
