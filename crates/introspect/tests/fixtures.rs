//! Fixture tests: `fixtures/<provider>/<name>.sql` is run on a fresh database, which is then
//! pulled; the result (schema, then Prisma's warnings if any) must equal
//! `fixtures/<provider>/<name>.prisma` beside it (`UPDATE_EXPECT=1` rewrites them), followed
//! by `// invalid: <first error>` when the pulled schema does not validate. With
//! `<name>.previous.prisma` the pull re-introspects from that schema; otherwise it starts from
//! a datasource-only schema. PostgreSQL fixtures need `REFRACT_TEST_POSTGRES_URL`, MySQL ones
//! `REFRACT_TEST_MYSQL_URL` (they are written for MariaDB 10.11, the server CI runs).

use std::path::{Path, PathBuf};

use diagnostics::SourceFiles;
use driver::{Connection, DatabaseUrl};

fn fixtures(provider: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(provider);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    out.sort();
    out
}

const SQLITE_DATASOURCE: &str = "datasource db {\n  provider = \"sqlite\"\n}\n";
const POSTGRES_DATASOURCE: &str = "datasource db {\n  provider = \"postgresql\"\n}\n";
const MYSQL_DATASOURCE: &str = "datasource db {\n  provider = \"mysql\"\n}\n";

async fn check(url: &DatabaseUrl, fixture: &Path, datasource: &str) -> Result<(), String> {
    let setup = std::fs::read_to_string(fixture).map_err(|e| e.to_string())?;
    let previous_path = fixture.with_extension("previous.prisma");
    let schema_text =
        std::fs::read_to_string(&previous_path).unwrap_or_else(|_| datasource.to_owned());
    let files = SourceFiles::single("schema.prisma", &schema_text);
    let (validated, diagnostics) = schema::validate(&files);
    if let Some(e) = diagnostics.errors().next() {
        return Err(format!(
            "{}: previous schema invalid: {}",
            fixture.display(),
            e.message
        ));
    }
    let _ = driver::drop_database(url).await;
    driver::create_database(url)
        .await
        .map_err(|e| e.to_string())?;
    let conn = Connection::connect(url).await.map_err(|e| e.to_string())?;
    conn.raw_cmd(&setup)
        .await
        .map_err(|e| format!("{}: {e}", fixture.display()))?;
    let namespaces = validated
        .datasource
        .as_ref()
        .map(|d| d.schemas.clone())
        .unwrap_or_default();
    let mut database = migrate::introspect::introspect_for_pull(&conn, &namespaces)
        .await
        .map_err(|e| e.to_string())?;
    if introspect::pulls_extensions(&validated) {
        database.extensions = migrate::introspect::extensions(&conn)
            .await
            .map_err(|e| e.to_string())?;
    }
    let extras = introspect::describe_extras(&conn)
        .await
        .map_err(|e| e.to_string())?;
    drop(conn);
    let _ = driver::drop_database(url).await;
    let datasource_provider = validated.provider().ok_or("no provider")?;
    let has_models = validated.models().next().is_some();
    let pulled = introspect::pull(&introspect::PullInput {
        database: &database,
        provider: datasource_provider,
        config: introspect::config_blocks_pulled(&files, &validated, &database, None),
        previous: has_models.then_some(&validated),
        extras: &extras,
        views: validated.preview_features().any(|f| f == "views"),
    })
    .map_err(|e| e.to_string())?;
    let mut actual = pulled.schema.clone();
    if !pulled.warnings.is_empty() {
        actual.push_str(&format!("\n{}", pulled.warnings));
    }
    // The pulled schema should itself be valid. Where Prisma writes a schema it then rejects
    // (it infers a one-to-one relation its validator refuses), the expected file ends with
    // the error, so an invalid schema never passes unnoticed.
    let (_, pulled_diagnostics) =
        schema::validate(&SourceFiles::single("schema.prisma", &pulled.schema));
    if let Some(e) = pulled_diagnostics.errors().next() {
        actual.push_str(&format!("\n// invalid: {}\n", e.message));
    }
    let expected_path = fixture.with_extension("prisma");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &actual).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(&expected_path).map_err(|_| {
        format!(
            "{} missing (UPDATE_EXPECT=1 writes it)",
            expected_path.display()
        )
    })?;
    if actual != expected {
        return Err(format!(
            "{}: pulled schema differs\n--- expected\n{expected}\n--- actual\n{actual}",
            fixture.display()
        ));
    }
    Ok(())
}

#[tokio::test]
async fn sqlite_fixtures() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = DatabaseUrl::parse(
        &format!("file:{}", dir.path().join("f.db").display()),
        dir.path(),
    )
    .expect("sqlite url");
    let mut failures = Vec::new();
    for f in fixtures("sqlite") {
        if let Err(e) = check(&url, &f, SQLITE_DATASOURCE).await {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[tokio::test]
async fn postgres_fixtures() {
    let Some(url) =
        test_support::database_url(test_support::Server::Postgres, "refract_pull", "fx")
    else {
        return;
    };
    let mut failures = Vec::new();
    for f in fixtures("postgres") {
        if let Err(e) = check(&url, &f, POSTGRES_DATASOURCE).await {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[tokio::test]
async fn mysql_fixtures() {
    let Some(url) = test_support::database_url(test_support::Server::Mysql, "refract_pull", "fx")
    else {
        return;
    };
    let mut failures = Vec::new();
    for f in fixtures("mysql") {
        if let Err(e) = check(&url, &f, MYSQL_DATASOURCE).await {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
