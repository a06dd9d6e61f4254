//! `prisma/migrations` holds exactly the tables `prisma/schema.prisma` describes: the first
//! migration is what `refract migrate dev` writes for the schema's first version on an empty
//! database, and the whole history, applied to an empty database, leaves no difference from
//! the schema (as `migrate dev`'s drift check sees it).

use std::path::Path;

#[tokio::test]
async fn the_migrations_create_the_schema() {
    let prisma = Path::new(env!("CARGO_MANIFEST_DIR")).join("prisma");
    let text = std::fs::read_to_string(prisma.join("schema.prisma")).expect("schema.prisma");
    let files = diagnostics::SourceFiles::single("schema.prisma", text);
    let (schema, diagnostics) = schema::validate(&files);
    assert!(!diagnostics.has_errors(), "schema.prisma is valid");

    let folder = migrate::history::MigrationsFolder::new(prisma.join("migrations"));
    let migrations = folder.list().expect("the migrations folder");
    let names: Vec<&str> = migrations.iter().map(|m| m.name()).collect();
    assert!(names[0].ends_with("_init"), "{names:?}");
    let lock = migrate::history::lock_file::read(folder.path()).expect("lock file");
    assert_eq!(lock.as_deref(), Some("sqlite"));

    let conn = driver::Connection::sqlite_in_memory().await.unwrap();
    migrate::commands::deploy(&conn, &folder).await.unwrap();
    let applied = migrate::introspect::introspect(&conn).await.unwrap();
    let dialect = migrate::dialect_of(&schema).unwrap();
    let target = migrate::calculate(&schema, dialect);
    let drift = migrate::diff_to_script(&applied, &target, dialect);
    assert!(
        drift.trim().is_empty() || drift.trim() == "-- This is an empty migration.",
        "the migrations do not make the schema; missing:\n{drift}"
    );
}
