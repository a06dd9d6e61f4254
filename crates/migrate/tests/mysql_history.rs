//! The migration history on MySQL/MariaDB (`REFRACT_TEST_MYSQL_URL`), where DDL commits
//! implicitly: deploy, a failed migration recorded with the number of its failing statement
//! (P3018) while the statements before it stay applied, P3009, resolve, redeploy, the
//! `GET_LOCK` Prisma takes, Prisma's `_prisma_migrations` DDL, and reset.

mod common;

use common::TestDb;
use driver::{Provider, Value};
use migrate::commands::{self, deploy, resolve_applied, resolve_rolled_back, status};
use migrate::history::{History, MigrationsFolder, checksum, lock_file};

const INIT: &str = "-- CreateTable\nCREATE TABLE `User` (\n    `id` INTEGER NOT NULL AUTO_INCREMENT,\n    `email` VARCHAR(191) NOT NULL,\n\n    UNIQUE INDEX `User_email_key`(`email`),\n    PRIMARY KEY (`id`)\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n";
const BROKEN: &str = "CREATE TABLE `Tag` (`id` INTEGER NOT NULL PRIMARY KEY);\nCREATE TABLE `Tag` (`id` INTEGER NOT NULL PRIMARY KEY);\nCREATE TABLE `Never` (`id` INTEGER NOT NULL PRIMARY KEY);\n";
const FIXED: &str = "CREATE TABLE `Label` (`id` INTEGER NOT NULL PRIMARY KEY);\n";

fn folder_with(dir: &std::path::Path, scripts: &[(&str, &str)]) -> MigrationsFolder {
    let folder = MigrationsFolder::new(dir.join("migrations"));
    for (name, script) in scripts {
        let (ts, rest) = name.split_once('_').unwrap();
        folder.create_migration(ts, rest, script).unwrap();
    }
    std::fs::create_dir_all(folder.path()).unwrap();
    lock_file::write(folder.path(), Provider::Mysql.prisma_name()).unwrap();
    folder
}

#[tokio::test]
async fn mysql_deploy_fail_resolve_reset() {
    let Some(db) = TestDb::mysql("history").await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let conn = db.connect().await;
    let folder = folder_with(dir.path(), &[("20240101000000_init", INIT)]);

    let out = deploy(&conn, &folder).await.unwrap();
    assert_eq!(out.applied, ["20240101000000_init"]);
    let records = History::new(&conn).load().await.unwrap().unwrap();
    assert_eq!(records[0].checksum, checksum(INIT));
    assert_eq!(records[0].applied_steps_count, 1);
    assert!(records[0].finished_at.is_some());
    assert!(status(&conn, &folder).await.unwrap().is_up_to_date());

    // Prisma's DDL for the history table, column for column.
    let columns = conn
        .query(
            "SELECT column_name AS c, column_type AS t, is_nullable AS n, column_default AS d FROM information_schema.columns WHERE table_schema = ? AND table_name = '_prisma_migrations' ORDER BY ordinal_position",
            &[Value::from(conn.schema_name())],
        )
        .await
        .unwrap();
    let described: Vec<String> = columns
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r.text("c").unwrap(),
                r.text("t").unwrap(),
                r.text("n").unwrap()
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            "id varchar(36) NO",
            "checksum varchar(64) NO",
            "finished_at datetime(3) YES",
            "migration_name varchar(255) NO",
            "logs text YES",
            "rolled_back_at datetime(3) YES",
            "started_at datetime(3) NO",
            "applied_steps_count int(10) unsigned NO",
        ]
    );

    // A failing migration: the statement before the failure stays (implicit commit), the
    // failure is recorded with the statement's number, and it blocks the next deploy.
    folder
        .create_migration("20240102000000", "tags", BROKEN)
        .unwrap();
    let err = deploy(&conn, &folder).await.unwrap_err();
    assert_eq!(err.code(), Some("P3018"), "{err}");
    let text = err.to_string();
    assert!(
        text.contains(
            "Database error code: 1050\n\nDatabase error:\nTable 'Tag' already exists\n\nPlease check the query number 2 from the migration file.\n"
        ),
        "{text}"
    );
    let tables = History::new(&conn).table_names().await.unwrap();
    assert!(tables.contains(&"Tag".to_owned()), "{tables:?}");
    assert!(!tables.contains(&"Never".to_owned()), "{tables:?}");
    let failed = History::new(&conn)
        .load()
        .await
        .unwrap()
        .unwrap()
        .pop()
        .unwrap();
    assert!(failed.is_failed());
    assert!(
        failed
            .logs
            .as_deref()
            .unwrap()
            .contains("Please check the query number 2")
    );
    assert_eq!(
        deploy(&conn, &folder).await.unwrap_err().code(),
        Some("P3009")
    );

    // Resolve and redeploy a fixed script.
    resolve_rolled_back(&conn, "20240102000000_tags")
        .await
        .unwrap();
    std::fs::write(
        folder.path().join("20240102000000_tags/migration.sql"),
        FIXED,
    )
    .unwrap();
    assert_eq!(
        deploy(&conn, &folder).await.unwrap().applied,
        ["20240102000000_tags"]
    );
    assert!(status(&conn, &folder).await.unwrap().is_up_to_date());

    // resolve --applied records without running.
    folder
        .create_migration("20240103000000", "manual", "SELECT 1;\n")
        .unwrap();
    resolve_applied(&conn, &folder, "20240103000000_manual")
        .await
        .unwrap();
    assert!(status(&conn, &folder).await.unwrap().is_up_to_date());

    // Reset empties the database; the connection still works in it afterwards.
    commands::reset_database(&conn).await.unwrap();
    assert!(History::new(&conn).table_names().await.unwrap().is_empty());
    assert_eq!(
        deploy(&conn, &folder).await.unwrap().applied.len(),
        3,
        "everything applies again after a reset"
    );
}

#[tokio::test]
async fn mysql_deploy_takes_prismas_get_lock() {
    let Some(db) = TestDb::mysql("get_lock").await else {
        return;
    };
    let conn = db.connect().await;
    History::new(&conn).lock().await.unwrap();
    let held = conn
        .query(
            "SELECT IS_USED_LOCK('prisma_migrate') = CONNECTION_ID() AS mine",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(held.first().unwrap().int("mine"), Some(1));
}

#[tokio::test]
async fn mysql_introspection_reads_types_defaults_and_keys() {
    let Some(db) = TestDb::mysql("introspect").await else {
        return;
    };
    let conn = db.connect().await;
    conn.raw_cmd(
        "CREATE TABLE `A` (
            `id` INTEGER UNSIGNED NOT NULL AUTO_INCREMENT,
            `flag` BOOLEAN NOT NULL DEFAULT true,
            `kind` ENUM('one', 'it''s') NOT NULL DEFAULT 'one',
            `at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
            `price` DECIMAL(10, 2) NULL DEFAULT 1.50,
            `body` LONGTEXT NOT NULL,
            `data` JSON NULL,
            `uuid` VARCHAR(36) NOT NULL DEFAULT (uuid()),
            FULLTEXT INDEX `A_body_idx`(`body`),
            INDEX `A_uuid_at_idx`(`uuid`(10), `at` DESC),
            PRIMARY KEY (`id`)
        ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
        CREATE TABLE `B` (
            `id` INTEGER NOT NULL,
            `aId` INTEGER UNSIGNED NOT NULL,
            PRIMARY KEY (`id`)
        );
        ALTER TABLE `B` ADD CONSTRAINT `B_aId_fkey` FOREIGN KEY (`aId`) REFERENCES `A`(`id`) ON DELETE CASCADE ON UPDATE RESTRICT;",
    )
    .await
    .unwrap();
    let schema = migrate::introspect::introspect(&conn).await.unwrap();
    schema.check().unwrap();
    let a = &schema.tables[0];
    // MariaDB's JSON is LONGTEXT with a check: the JSON family, the column's real type.
    let mariadb = conn.as_mysql().is_some_and(|m| m.is_mariadb());
    let json = if mariadb { "LONGTEXT" } else { "JSON" };
    assert_eq!(a.columns[6].tpe.family, sql_schema::ColumnTypeFamily::Json);
    let types: Vec<(&str, &str)> = a
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.tpe.full_data_type.as_str()))
        .collect();
    assert_eq!(
        types,
        [
            ("id", "INTEGER UNSIGNED"),
            ("flag", "BOOLEAN"),
            ("kind", "A_kind"),
            ("at", "DATETIME(3)"),
            ("price", "DECIMAL(10, 2)"),
            ("body", "LONGTEXT"),
            ("data", json),
            ("uuid", "VARCHAR(36)"),
        ]
    );
    assert!(a.columns[0].auto_increment);
    use sql_schema::{DefaultValue as D, Value as V};
    assert_eq!(a.columns[1].default, Some(D::Value(V::Boolean(true))));
    assert_eq!(a.columns[2].default, Some(D::Value(V::Enum("one".into()))));
    assert_eq!(schema.enums[0].values, ["one", "it's"]);
    assert_eq!(a.columns[3].default, Some(D::Now));
    // As the server writes it (the differ compares numbers by value).
    assert_eq!(
        a.columns[4].default,
        Some(D::Value(V::Float("1.50".into())))
    );
    assert!(matches!(&a.columns[7].default, Some(D::DbGenerated(Some(e))) if e.contains("uuid()")));
    let fulltext = a.indexes.iter().find(|i| i.name == "A_body_idx").unwrap();
    assert_eq!(fulltext.kind, sql_schema::IndexKind::Fulltext);
    let prefixed = a
        .indexes
        .iter()
        .find(|i| i.name == "A_uuid_at_idx")
        .unwrap();
    assert_eq!(prefixed.columns[0].length, Some(10));
    assert_eq!(prefixed.columns[1].sort, Some(sql_schema::SortOrder::Desc));
    let fk = &schema.tables[1].foreign_keys[0];
    assert_eq!(fk.name.as_deref(), Some("B_aId_fkey"));
    assert_eq!(fk.on_delete, sql_schema::ForeignKeyAction::Cascade);
    assert_eq!(fk.on_update, sql_schema::ForeignKeyAction::Restrict);
}

/// The MySQL-only schema language (native types, `@@fulltext`, index `length`, `sort`,
/// `dbgenerated`) rendered by `migrate diff` (`tests/fixtures/diff/mysql-native-types-and-keys`)
/// applies on the server, and the database it makes diffs empty against the schema.
#[tokio::test]
async fn mysql_native_types_and_keys_apply_and_diff_empty() {
    let Some(db) = TestDb::mysql("native").await else {
        return;
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff/mysql-native-types-and-keys");
    let models = std::fs::read_to_string(dir.join("to.prisma")).unwrap();
    let text = format!("datasource db {{\n  provider = \"mysql\"\n}}\n\n{models}");
    let files = diagnostics::SourceFiles::single("schema.prisma", text);
    let (schema, diagnostics) = schema::validate(&files);
    assert!(diagnostics.errors().next().is_none());
    let script = std::fs::read_to_string(dir.join("expected.mysql.sql")).unwrap();
    let conn = db.connect().await;
    conn.raw_cmd(&script).await.unwrap();
    let live = migrate::introspect::introspect(&conn).await.unwrap();
    let dialect = migrate::dialect_of(&schema).unwrap();
    let target = migrate::calculate(&schema, dialect);
    let steps = migrate::diff_to_script(&live, &target, dialect);
    assert!(steps.contains("This is an empty migration"), "{steps}");
}
