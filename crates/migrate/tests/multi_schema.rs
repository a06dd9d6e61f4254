//! PostgreSQL multi-schema diffs: every name is qualified with its schema, new schemas are
//! created, and the script runs on the server. The fixture (`tests/fixtures/multi_schema/`)
//! carries its own datasource; `UPDATE_EXPECT=1` rewrites the expected script.

use std::path::PathBuf;

use diagnostics::SourceFiles;
use schema::Provider;

fn calculated(path: &PathBuf) -> migrate::SqlSchema {
    let text = std::fs::read_to_string(path).expect("fixture schema");
    let (schema, diagnostics) = schema::validate(&SourceFiles::single("schema.prisma", text));
    let errors: Vec<&str> = diagnostics.errors().map(|e| e.message.as_str()).collect();
    assert!(
        errors.is_empty(),
        "{} is invalid: {errors:?}",
        path.display()
    );
    let dialect = migrate::for_provider(Provider::Postgres);
    migrate::calculate(&schema, dialect)
}

fn scripts() -> (String, String) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/multi_schema");
    let dialect = migrate::for_provider(Provider::Postgres);
    let (from, to) = (
        calculated(&dir.join("from.prisma")),
        calculated(&dir.join("to.prisma")),
    );
    (
        migrate::diff_to_script(&migrate::SqlSchema::default(), &from, dialect),
        migrate::diff_to_script(&from, &to, dialect),
    )
}

#[test]
fn multi_schema_names_are_qualified() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/multi_schema/expected.postgresql.sql");
    let (_, migration) = scripts();
    let actual = migration + "\n";
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&path, &actual).expect("write expected file");
        } else {
            panic!("{}: got\n{actual}\nexpected\n{expected}", path.display());
        }
    }
}

async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"));
    tokio::spawn(connection);
    client
}

#[tokio::test]
async fn multi_schema_migration_runs_on_postgresql() {
    let Some(server) = test_support::server_url(test_support::Server::Postgres) else {
        return;
    };
    let database = format!("refract_msql_multischema_{}", std::process::id());
    let admin = connect(&server).await;
    for statement in [
        format!("DROP DATABASE IF EXISTS \"{database}\""),
        format!("CREATE DATABASE \"{database}\""),
    ] {
        admin
            .batch_execute(&statement)
            .await
            .expect("create test database");
    }
    let (base, _) = server.rsplit_once('/').unwrap_or((&server, ""));
    let (create, migration) = scripts();
    let outcome = {
        let db = connect(&format!("{base}/{database}")).await;
        match db.batch_execute(&create).await {
            Ok(()) => db
                .batch_execute(&migration)
                .await
                .map_err(|e| format!("migration failed: {e}\n{migration}")),
            Err(e) => Err(format!("creating the from schema failed: {e}\n{create}")),
        }
    };
    admin
        .batch_execute(&format!(
            "DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"
        ))
        .await
        .expect("drop test database");
    if let Err(e) = outcome {
        panic!("{e}");
    }
}
