//! The interpreter on small histories, one behaviour each (the agreement with real databases is
//! `cargo test -p migrate --test interp_agreement`).

use sql_interp::{Script, SqlDialect, interpret};
use sql_schema::{ColumnArity, ColumnTypeFamily, DefaultValue, ForeignKeyAction, SqlSchema, Value};

fn run(dialect: SqlDialect, scripts: &[&str]) -> SqlSchema {
    let names: Vec<String> = (0..scripts.len())
        .map(|i| format!("2024010100000{i}_m"))
        .collect();
    let scripts: Vec<Script<'_>> = scripts
        .iter()
        .zip(&names)
        .map(|(sql, name)| Script { name, sql })
        .collect();
    interpret(dialect, &scripts).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn sqlite_table_redefinition_keeps_references_and_drops_the_old_indexes() {
    let s = run(
        SqlDialect::Sqlite,
        &[
            "CREATE TABLE \"User\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \"email\" TEXT NOT NULL);\nCREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\");\nCREATE TABLE \"Post\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"authorId\" INTEGER NOT NULL, CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"User\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE);",
            "PRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;\nCREATE TABLE \"new_User\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \"email\" TEXT NOT NULL, \"name\" TEXT NOT NULL DEFAULT 'x');\nINSERT INTO \"new_User\" (\"email\", \"id\") SELECT \"email\", \"id\" FROM \"User\";\nDROP TABLE \"User\";\nALTER TABLE \"new_User\" RENAME TO \"User\";\nPRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;",
        ],
    );
    let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Post", "User"]);
    let user = &s.tables[1];
    assert!(user.indexes.is_empty(), "the index went with the old table");
    assert!(user.columns[0].auto_increment);
    assert_eq!(
        user.columns[2].default,
        Some(DefaultValue::Value(Value::String("x".into())))
    );
    let fk = &s.tables[0].foreign_keys[0];
    assert_eq!(fk.name.as_deref(), Some("Post_authorId_fkey"));
    assert_eq!(fk.referenced_table.0, 1);
    assert_eq!(fk.on_delete, ForeignKeyAction::Cascade);
}

#[test]
fn postgres_enums_serials_arrays_and_renames() {
    let s = run(
        SqlDialect::Postgres,
        &[
            "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN');\nCREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, \"role\" \"Role\" NOT NULL DEFAULT 'USER', \"tags\" TEXT[] DEFAULT ARRAY[]::TEXT[], \"at\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));",
            "ALTER TYPE \"Role\" ADD VALUE 'OWNER' BEFORE 'ADMIN';\nALTER TYPE \"Role\" RENAME TO \"Kind\";\nALTER TABLE \"User\" RENAME TO \"Account\";\nALTER TABLE \"Account\" RENAME COLUMN \"role\" TO \"kind\";",
        ],
    );
    assert_eq!(s.enums[0].name, "Kind");
    assert_eq!(s.enums[0].values, ["USER", "OWNER", "ADMIN"]);
    let t = &s.tables[0];
    assert_eq!(t.name, "Account");
    assert_eq!(
        t.primary_key.as_ref().unwrap().name.as_deref(),
        Some("User_pkey")
    );
    let id = &t.columns[0];
    assert!(id.auto_increment);
    assert_eq!(id.tpe.full_data_type, "INTEGER");
    assert_eq!(
        id.default,
        Some(DefaultValue::Sequence("User_id_seq".into()))
    );
    let kind = &t.columns[1];
    assert_eq!(kind.name, "kind");
    assert_eq!(
        kind.tpe.family,
        ColumnTypeFamily::Enum(sql_schema::EnumId(0))
    );
    assert_eq!(
        kind.default,
        Some(DefaultValue::Value(Value::Enum("USER".into())))
    );
    assert_eq!(t.columns[2].tpe.arity, ColumnArity::List);
    assert_eq!(
        t.columns[2].default,
        Some(DefaultValue::Value(Value::List(vec![])))
    );
    assert_eq!(t.columns[3].default, Some(DefaultValue::Now));
}

#[test]
fn mysql_inline_enums_modify_and_implicit_foreign_key_indexes() {
    let s = run(
        SqlDialect::Mysql { mariadb: false },
        &[
            "CREATE TABLE `User` (`id` INTEGER NOT NULL AUTO_INCREMENT, `role` ENUM('A', 'B') NOT NULL DEFAULT 'A', `score` DOUBLE NOT NULL DEFAULT 0, PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\nCREATE TABLE `Post` (`id` INTEGER NOT NULL, `userId` INTEGER NOT NULL, PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;",
            "ALTER TABLE `Post` ADD CONSTRAINT `Post_userId_fkey` FOREIGN KEY (`userId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;\nALTER TABLE `User` MODIFY `score` DECIMAL(65, 30) NULL;",
        ],
    );
    let post = &s.tables[0];
    assert_eq!(
        post.indexes[0].name, "Post_userId_fkey",
        "MySQL's implicit index"
    );
    let user = &s.tables[1];
    assert_eq!(s.enums[0].name, "User_role");
    assert_eq!(
        user.columns[1].default,
        Some(DefaultValue::Value(Value::Enum("A".into())))
    );
    assert_eq!(user.columns[2].tpe.full_data_type, "DECIMAL(65, 30)");
    assert_eq!(user.columns[2].tpe.arity, ColumnArity::Nullable);
    assert_eq!(user.columns[2].default, None);
}

#[test]
fn statements_it_cannot_interpret_are_named_by_migration_and_line() {
    let scripts = [
        Script {
            name: "20240101000000_init",
            sql: "CREATE TABLE \"A\" (\"id\" INTEGER NOT NULL);\n\n-- custom\nDO $$ BEGIN PERFORM 1; END $$;\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\n",
        },
        Script {
            name: "20240102000000_more",
            sql: "INSERT INTO \"A\" VALUES (1);\nDROP TABLE \"Missing\";\nCREATE TABLE \"other\".\"B\" (\"id\" INTEGER);\n",
        },
    ];
    let err = interpret(SqlDialect::Postgres, &scripts).unwrap_err();
    let at: Vec<(String, usize)> = err
        .statements
        .iter()
        .map(|s| (s.migration.clone(), s.line))
        .collect();
    assert_eq!(
        at,
        [
            ("20240101000000_init".to_owned(), 4),
            ("20240102000000_more".to_owned(), 2),
            ("20240102000000_more".to_owned(), 3),
        ],
        "{err}"
    );
    assert!(err.to_string().contains("3 statements"), "{err}");
}

#[test]
fn postgres_truncates_long_names_and_folds_unquoted_ones() {
    let long = "a".repeat(70);
    let s = run(
        SqlDialect::Postgres,
        &[&format!(
            "CREATE TABLE Users (Id INTEGER PRIMARY KEY, \"{long}\" TEXT UNIQUE);"
        )],
    );
    let t = &s.tables[0];
    assert_eq!(t.name, "users");
    assert_eq!(t.columns[0].name, "id");
    assert_eq!(t.columns[0].tpe.arity, ColumnArity::Required);
    assert_eq!(t.columns[1].name.len(), 63);
    assert_eq!(
        t.primary_key.as_ref().unwrap().name.as_deref(),
        Some("users_pkey")
    );
    assert_eq!(t.indexes[0].name.len(), 63);
}

#[test]
fn validating_a_constraint_changes_nothing_but_needs_the_constraint() {
    let schema = run(
        SqlDialect::Postgres,
        &[
            "CREATE TABLE \"A\" (\"id\" INTEGER NOT NULL, \"b\" TEXT, CONSTRAINT \"A_pkey\" PRIMARY KEY (\"id\"));",
            "ALTER TABLE \"A\" ADD CONSTRAINT \"A_b_nn\" CHECK (\"b\" IS NOT NULL) NOT VALID;\nALTER TABLE \"A\" VALIDATE CONSTRAINT \"A_b_nn\";\nALTER TABLE \"A\" ADD CONSTRAINT \"A_self_fkey\" FOREIGN KEY (\"id\") REFERENCES \"A\"(\"id\") NOT VALID;\nALTER TABLE \"A\" VALIDATE CONSTRAINT \"A_self_fkey\";",
        ],
    );
    assert_eq!(schema.tables.len(), 1);
    let scripts = [Script {
        name: "m",
        sql: "CREATE TABLE \"A\" (\"id\" INTEGER);\nALTER TABLE \"A\" VALIDATE CONSTRAINT \"nope\";",
    }];
    let err = interpret(SqlDialect::Postgres, &scripts).unwrap_err();
    assert!(err.to_string().contains("`nope` does not exist"), "{err}");
}

#[test]
fn the_stepper_answers_between_statements() {
    let mut s = sql_interp::Stepper::new(SqlDialect::Postgres);
    s.apply("CREATE TABLE \"A\" (\"id\" SERIAL PRIMARY KEY, \"n\" VARCHAR(10))")
        .unwrap();
    s.apply("CREATE UNIQUE INDEX \"A_n_key\" ON \"A\"(\"n\")")
        .unwrap();
    let n = &s.columns("a").unwrap()[1];
    assert_eq!(
        (n.name.as_str(), n.not_null, n.fills_itself),
        ("n", false, false)
    );
    s.apply("ALTER TABLE \"A\" ALTER COLUMN \"n\" SET NOT NULL")
        .unwrap();
    s.apply("ALTER TABLE \"A\" ALTER COLUMN \"n\" SET DEFAULT 'x'")
        .unwrap();
    let cols = s.columns("A").unwrap();
    assert!(cols[0].fills_itself && cols[1].not_null && cols[1].fills_itself);
    assert_eq!(s.index_table("A_n_key").as_deref(), Some("A"));
    assert!(s.apply("DO $$ BEGIN END $$").is_err());
    assert_eq!(s.table_names(), ["A"]);
    assert_eq!(
        sql_interp::statements("SELECT 1;\n\n-- c\nSELECT 2;"),
        [(1, "SELECT 1"), (4, "SELECT 2")]
    );
}
