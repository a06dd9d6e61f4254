//! The connector against real databases: a SQLite file, the PostgreSQL server of
//! `REFRACT_TEST_POSTGRES_URL` and the MySQL/MariaDB server of `REFRACT_TEST_MYSQL_URL`. Each
//! check runs on all of them through the same function (MySQL in `ANSI_QUOTES` mode, so the
//! statements can quote with `"`).

mod common;

use chrono::{TimeZone, Utc};
use driver::{
    Connection, DatabaseErrorKind, DatabaseUrl, DriverCapabilities as _, Provider, Value,
};

fn placeholder(conn: &Connection, n: usize) -> String {
    conn.provider().placeholder(n)
}

/// Scripts, bound parameters, result rows, error kinds and transactions on one database.
async fn check_connection(conn: &Connection) {
    let (text, blob, ts) = match conn.provider() {
        Provider::Sqlite => ("TEXT", "BLOB", "INTEGER"),
        Provider::Postgres => ("TEXT", "BYTEA", "TIMESTAMPTZ"),
        Provider::Mysql => ("VARCHAR(191)", "LONGBLOB", "DATETIME(3)"),
    };
    conn.raw_cmd(&format!(
        "CREATE TABLE \"T\" (id INTEGER PRIMARY KEY, name {text} NOT NULL UNIQUE, score DOUBLE PRECISION, ok BOOLEAN, data {blob}, at {ts});\n\
         CREATE TABLE \"C\" (id INTEGER PRIMARY KEY, t_id INTEGER NOT NULL, FOREIGN KEY (t_id) REFERENCES \"T\"(id));"
    ))
    .await
    .unwrap();

    let at = Utc.with_ymd_and_hms(2024, 5, 6, 7, 8, 9).unwrap();
    let p: Vec<String> = (1..=6).map(|n| placeholder(conn, n)).collect();
    let insert = format!(
        "INSERT INTO \"T\" (id, name, score, ok, data, at) VALUES ({})",
        p.join(", ")
    );
    let n = conn
        .execute(
            &insert,
            &[
                Value::Int(1),
                Value::from("it's \"quoted\"; DROP TABLE T"),
                Value::Float(1.5),
                Value::Bool(true),
                Value::Bytes(vec![0, 1, 255]),
                Value::DateTime(at),
            ],
        )
        .await
        .unwrap();
    assert_eq!(n, 1);

    let rows = conn
        .query(
            &format!(
                "SELECT id, name, score, ok, data, at FROM \"T\" WHERE name = {}",
                p[0]
            ),
            &[Value::from("it's \"quoted\"; DROP TABLE T")],
        )
        .await
        .unwrap();
    assert_eq!(rows.columns, ["id", "name", "score", "ok", "data", "at"]);
    let row = rows.first().unwrap();
    assert_eq!(row.int("id"), Some(1));
    assert_eq!(row.text("name"), Some("it's \"quoted\"; DROP TABLE T"));
    assert_eq!(row.get("score"), &Value::Float(1.5));
    assert_eq!(row.bool("ok"), Some(true));
    assert_eq!(row.get("data"), &Value::Bytes(vec![0, 1, 255]));
    assert_eq!(row.get("at").as_datetime(), Some(at));
    assert!(row.get("missing").is_null());

    // Error kinds and codes.
    let dup = conn
        .execute(
            &format!("INSERT INTO \"T\" (id, name) VALUES ({}, {})", p[0], p[1]),
            &[Value::Int(2), Value::from("it's \"quoted\"; DROP TABLE T")],
        )
        .await
        .unwrap_err();
    let db = dup.as_database_error().expect("a database error");
    assert_eq!(db.kind, DatabaseErrorKind::UniqueViolation, "{db:?}");
    let expected_code = match conn.provider() {
        Provider::Sqlite => "2067",
        Provider::Postgres => "23505",
        Provider::Mysql => "1062",
    };
    assert_eq!(db.code, expected_code);

    let fk = conn
        .execute("INSERT INTO \"C\" (id, t_id) VALUES (1, 99)", &[])
        .await
        .unwrap_err();
    assert_eq!(
        fk.as_database_error().unwrap().kind,
        DatabaseErrorKind::ForeignKeyViolation
    );

    let missing = conn.query("SELECT * FROM nowhere", &[]).await.unwrap_err();
    assert_eq!(
        missing.as_database_error().unwrap().kind,
        DatabaseErrorKind::UndefinedObject
    );

    // Transactions: commit keeps, rollback and drop discard.
    let tx = conn.begin().await.unwrap();
    tx.connection()
        .execute("INSERT INTO \"T\" (id, name) VALUES (10, 'committed')", &[])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(count(conn).await, 2);

    let tx = conn.begin().await.unwrap();
    tx.connection()
        .execute(
            "INSERT INTO \"T\" (id, name) VALUES (11, 'rolled back')",
            &[],
        )
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(count(conn).await, 2);

    {
        let tx = conn.begin().await.unwrap();
        tx.connection()
            .execute("INSERT INTO \"T\" (id, name) VALUES (12, 'dropped')", &[])
            .await
            .unwrap();
    }
    assert_eq!(count(conn).await, 2);

    // A failing script reports the statement's error.
    let err = conn
        .raw_cmd("CREATE TABLE \"U\" (id INTEGER);\nCREATE TABLE \"U\" (id INTEGER);")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
}

async fn count(conn: &Connection) -> i64 {
    conn.query("SELECT COUNT(*) AS n FROM \"T\"", &[])
        .await
        .unwrap()
        .first()
        .unwrap()
        .int("n")
        .unwrap()
}

#[tokio::test]
async fn sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::parse("file:./sub/dev.db", dir.path()).unwrap();
    let err = Connection::connect(&url).await.unwrap_err();
    assert_eq!(err.code(), Some("P1003"));
    assert_eq!(
        err.to_string(),
        format!(
            "Database dev.db does not exist at {}",
            dir.path().join("sub/dev.db").display()
        )
    );
    assert!(!driver::database_exists(&url).await.unwrap());
    driver::create_database(&url).await.unwrap();
    assert!(driver::database_exists(&url).await.unwrap());
    let conn = Connection::connect(&url).await.unwrap();
    assert_eq!(conn.provider(), Provider::Sqlite);
    check_connection(&conn).await;
    drop(conn);
    driver::drop_database(&url).await.unwrap();
    assert!(!dir.path().join("sub/dev.db").exists());
}

#[tokio::test]
async fn sqlite_in_memory() {
    check_connection(&Connection::sqlite_in_memory().await.unwrap()).await;
}

/// `execute` keeps its statements prepared per connection; they stay right when a script
/// deallocates them or the table under them is dropped and made again (as `migrate reset`
/// does to `_prisma_migrations`).
#[tokio::test]
async fn postgres_prepared_statements_survive_deallocate_and_recreated_tables() {
    let Some(url) = common::fresh_postgres("prepared").await else {
        return;
    };
    let conn = Connection::connect(&url).await.unwrap();
    let insert = "INSERT INTO t (id, name) VALUES ($1, $2)";
    let count = async |conn: &Connection| {
        conn.query("SELECT count(*)::int8 AS n FROM t", &[])
            .await
            .unwrap()
            .first()
            .and_then(|r| r.int("n"))
    };
    conn.raw_cmd("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
        .await
        .unwrap();
    conn.execute(insert, &[Value::from(1), Value::from("a")])
        .await
        .unwrap();
    conn.raw_cmd("DEALLOCATE ALL").await.unwrap();
    conn.execute(insert, &[Value::from(2), Value::from("b")])
        .await
        .unwrap();
    assert_eq!(count(&conn).await, Some(2));
    conn.raw_cmd("DROP TABLE t; CREATE TABLE t (name TEXT, id INTEGER PRIMARY KEY)")
        .await
        .unwrap();
    conn.execute(insert, &[Value::from(3), Value::from("c")])
        .await
        .unwrap();
    assert_eq!(count(&conn).await, Some(1));
    drop(conn);
    driver::drop_database(&url).await.unwrap();
}

#[tokio::test]
async fn postgres_server() {
    let Some(url) = common::fresh_postgres("basics").await else {
        return;
    };
    let conn = Connection::connect(&url).await.unwrap();
    assert_eq!(conn.provider(), Provider::Postgres);
    assert_eq!(conn.schema_name(), "public");
    check_connection(&conn).await;
    drop(conn);

    let err = driver::create_database(&url).await.unwrap_err();
    assert_eq!(err.code(), Some("P1009"), "{err}");
    driver::drop_database(&url).await.unwrap();
    let err = Connection::connect(&url).await.unwrap_err();
    assert_eq!(err.code(), Some("P1003"), "{err}");
    assert!(err.to_string().starts_with(
        "Database `refract_connector_basics` does not exist on the database server at `"
    ));
    assert!(!driver::database_exists(&url).await.unwrap());
}

#[tokio::test]
async fn postgres_schema_parameter_sets_the_search_path() {
    let Some(DatabaseUrl::Postgres(base)) = common::fresh_postgres("schema_param").await else {
        return;
    };
    driver::drop_database(&DatabaseUrl::Postgres(base.clone()))
        .await
        .unwrap();
    let url = DatabaseUrl::Postgres(driver::PostgresUrl {
        schema: "tenant".to_owned(),
        ..base
    });
    driver::create_database(&url).await.unwrap();
    let conn = Connection::connect(&url).await.unwrap();
    conn.raw_cmd("CREATE TABLE t (id int)").await.unwrap();
    let rows = conn
        .query(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = $1",
            &[Value::from("t")],
        )
        .await
        .unwrap();
    assert_eq!(rows.first().unwrap().text("table_schema"), Some("tenant"));
    drop(conn);
    driver::drop_database(&url).await.unwrap();
}

#[tokio::test]
async fn mysql_server() {
    let Some(url) = common::fresh_mysql("basics").await else {
        return;
    };
    let conn = Connection::connect(&url).await.unwrap();
    assert_eq!(conn.provider(), Provider::Mysql);
    assert_eq!(conn.schema_name(), "refract_connector_basics");
    conn.raw_cmd("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')")
        .await
        .unwrap();
    check_connection(&conn).await;

    // A multi-statement script stops at its failing statement; the ones before stay applied
    // (MySQL commits DDL implicitly).
    let err = conn
        .raw_cmd("CREATE TABLE a (id INT);\nCREATE TABLE a (id INT);\nCREATE TABLE b (id INT);")
        .await
        .unwrap_err();
    assert_eq!(err.as_database_error().unwrap().code, "1050", "{err}");
    let tables = conn
        .query(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_name IN ('a', 'b')",
            &[Value::from("refract_connector_basics")],
        )
        .await
        .unwrap();
    let names: Vec<_> = tables
        .iter()
        .map(|r| r.text("name").unwrap().to_owned())
        .collect();
    assert_eq!(names, ["a"]);

    // The failing statement's number, wherever it is.
    let mysql = conn.as_mysql().unwrap();
    for (script, n) in [
        ("CREATE TABLE a (id INT);\nSELECT 1;", 1),
        ("SELECT 1;\nCREATE TABLE a (id INT);\nSELECT 2;", 2),
        (
            "CREATE TABLE c (id INT);\nINSERT INTO c VALUES (1);\nCREATE TABLE a (id INT);",
            3,
        ),
    ] {
        let (err, number) = mysql.raw_cmd_numbered(script).await.unwrap_err();
        assert_eq!(
            (err.as_database_error().unwrap().code.as_str(), number),
            ("1050", n),
            "{script}"
        );
    }
    // An empty migration (comments only) runs as nothing, where MySQL would refuse it.
    conn.raw_cmd("-- This is an empty migration.")
        .await
        .unwrap();
    mysql
        .raw_cmd_numbered("CREATE TABLE d (id INT);\nSELECT 1;\nDROP TABLE d;")
        .await
        .unwrap();
    drop(conn);

    let err = driver::create_database(&url).await.unwrap_err();
    assert_eq!(err.code(), Some("P1009"), "{err}");
    driver::drop_database(&url).await.unwrap();
    let err = Connection::connect(&url).await.unwrap_err();
    assert_eq!(err.code(), Some("P1003"), "{err}");
    assert!(!driver::database_exists(&url).await.unwrap());
}

#[tokio::test]
async fn mysql_wrong_password_is_p1000_no_rights_p1010_closed_port_p1001() {
    let Some(m) = common::mysql_base() else {
        return;
    };
    let url = DatabaseUrl::Mysql(driver::MysqlUrl {
        password: Some("definitely-wrong".to_owned()),
        ..m.clone()
    });
    let err = Connection::connect(&url).await.unwrap_err();
    assert_eq!(err.code(), Some("P1000"), "{err}");
    // A user without rights on a database: P1010.
    let admin = Connection::connect(&DatabaseUrl::Mysql(m.clone()))
        .await
        .unwrap();
    admin
        .raw_cmd(
            "CREATE USER IF NOT EXISTS 'refract_norights'@'127.0.0.1' IDENTIFIED BY 'pw';\nCREATE USER IF NOT EXISTS 'refract_norights'@'localhost' IDENTIFIED BY 'pw';",
        )
        .await
        .unwrap();
    let url = DatabaseUrl::Mysql(driver::MysqlUrl {
        user: "refract_norights".to_owned(),
        password: Some("pw".to_owned()),
        database: "mysql".to_owned(),
        ..m.clone()
    });
    let err = Connection::connect(&url).await.unwrap_err();
    assert_eq!(err.code(), Some("P1010"), "{err}");
    let url = DatabaseUrl::Mysql(driver::MysqlUrl { port: 1, ..m });
    let err = Connection::connect(&url).await.unwrap_err();
    assert_eq!(err.code(), Some("P1001"), "{err}");
}

#[tokio::test]
async fn unreachable_server_is_p1001() {
    let url = DatabaseUrl::parse(
        "postgresql://u:p@127.0.0.1:1/db?connect_timeout=2",
        std::path::Path::new("."),
    )
    .unwrap();
    let err = Connection::connect(&url).await.unwrap_err();
    assert_eq!(err.code(), Some("P1001"));
    assert_eq!(
        err.to_string(),
        "Can't reach database server at `127.0.0.1`:`1`\n\nPlease make sure your database server is running at `127.0.0.1`:`1`."
    );
}

#[tokio::test]
async fn wrong_password_is_p1000() {
    let Some(p) = common::postgres_base() else {
        return;
    };
    let url = DatabaseUrl::Postgres(driver::PostgresUrl {
        password: Some("definitely-wrong".to_owned()),
        ..p
    });
    let err = Connection::connect(&url).await.unwrap_err();
    assert_eq!(err.code(), Some("P1000"), "{err}");
}
