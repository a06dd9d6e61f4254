//! Connecting and staying connected: P1000, P1001, P1003, P1008, P1010, P1017, P2037.

use client::{Client, Error};

use crate::db::{Models, sale};
use crate::{run, support};

/// The parts of a server URL (`scheme://user:password@host:port/database`) to change.
#[derive(Default)]
struct Change {
    password: Option<&'static str>,
    port: Option<u16>,
    database: Option<&'static str>,
}

/// The server's URL with its password, port or database replaced.
fn server_url_with(server: test_support::Server, change: Change) -> Option<String> {
    let url = test_support::server_url(server)?;
    let (scheme, rest) = url.split_once("://").expect("scheme");
    let (login, rest) = rest.rsplit_once('@').expect("user and password");
    let (user, password) = login.split_once(':').unwrap_or((login, ""));
    let (address, database) = rest.split_once('/').unwrap_or((rest, ""));
    let (database, query) = database.split_once('?').unwrap_or((database, ""));
    let (host, port) = address.rsplit_once(':').expect("port");
    let password = change.password.unwrap_or(password);
    let port = change
        .port
        .map_or_else(|| port.to_owned(), |p| p.to_string());
    let database = change.database.unwrap_or(database);
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    Some(format!(
        "{scheme}://{user}:{password}@{host}:{port}/{database}{query}"
    ))
}

/// Connecting and running one query: what the server said.
async fn connect_error(url: &str) -> Error {
    match Client::connect(url).await {
        Err(e) => e,
        Ok(c) => c
            .execute_raw("SELECT 1", vec![])
            .await
            .expect_err("the connection is refused"),
    }
}

const SERVERS: [test_support::Server; 2] =
    [test_support::Server::Postgres, test_support::Server::Mysql];

/// P1000: wrong password (PostgreSQL and MySQL; SQLite has no login).
#[tokio::test]
async fn authentication_failed() {
    for server in SERVERS {
        let Some(url) = server_url_with(
            server,
            Change {
                password: Some("not-the-password"),
                ..Change::default()
            },
        ) else {
            continue;
        };
        let e = connect_error(&url).await;
        assert_eq!(e.code(), "P1000", "{server:?}: {e}");
        let Error::AuthenticationFailed { user, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(user, "refract", "{server:?}");
    }
}

/// P1003: the URL names a database that does not exist (PostgreSQL and MySQL; SQLite creates
/// the file).
#[tokio::test]
async fn database_does_not_exist() {
    for server in SERVERS {
        let Some(url) = server_url_with(
            server,
            Change {
                database: Some("refract_no_such_database"),
                ..Change::default()
            },
        ) else {
            continue;
        };
        let e = connect_error(&url).await;
        assert_eq!(e.code(), "P1003", "{server:?}: {e}");
        let Error::DatabaseDoesNotExist { database, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(database, "refract_no_such_database", "{server:?}");
    }
}

/// P1001: nothing listens at the address (PostgreSQL and MySQL), or the SQLite file cannot be
/// opened.
#[tokio::test]
async fn database_not_reachable() {
    for server in SERVERS {
        let Some(url) = server_url_with(
            server,
            Change {
                port: Some(1),
                ..Change::default()
            },
        ) else {
            continue;
        };
        let e = connect_error(&url).await;
        assert_eq!(e.code(), "P1001", "{server:?}: {e}");
    }
    let e = connect_error("file:/refract-no-such-directory/dev.db").await;
    assert_eq!(e.code(), "P1001", "{e}");
}

/// P1017: the server closes a pooled connection (PostgreSQL and MySQL; SQLite has no server).
#[tokio::test]
async fn connection_closed() {
    for provider in ["postgresql", "mysql"] {
        let Some(db) = support::database(
            provider,
            "connection_closed",
            "views",
            client::ClientOptions::default(),
        )
        .await
        else {
            return;
        };
        let other = Client::connect(&db.url).await.expect("second client");
        let kill = if provider == "postgresql" {
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()"
                .to_owned()
        } else {
            let ids: Vec<i64> = db
                .client
                .query_raw("SELECT CONNECTION_ID()", vec![], |r| r.read())
                .await
                .expect("connection id");
            format!("KILL {}", ids[0])
        };
        other.execute_raw(&kill, vec![]).await.expect("kill");
        // Give the server a moment to close the socket.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let e = db
            .client
            .sale()
            .find_many()
            .exec()
            .await
            .expect_err("closed");
        assert_eq!(e.code(), "P1017", "{provider}: {e}");
        assert_eq!(e.to_string(), "Server has closed the connection.");
    }
}

/// P2037: the server refuses a connection because its user has too many (PostgreSQL; on the
/// shared MySQL server the cause a test can provoke is another error, see below, and P2037 is
/// checked on a server of the test's own; SQLite has no connection limit). A throwaway user limited to no connections on
/// PostgreSQL and to one on MySQL, dropped before the checks.
#[tokio::test]
async fn too_many_connections() {
    for provider in ["postgresql", "mysql"] {
        let Some(db) = support::database(
            provider,
            "too_many_connections",
            "views",
            client::ClientOptions::default(),
        )
        .await
        else {
            return;
        };
        let user = test_support::unique_name("refract_limited", "too_many_connections");
        let database = db.url.rsplit('/').next().expect("database").to_owned();
        let (host, _) = db.url.split_once('@').expect("login");
        let scheme = host.split_once("://").expect("scheme").0;
        let address = db.url.split_once('@').expect("login").1;
        let url = format!("{scheme}://{user}:limited@{address}");
        let (create, remove) = if provider == "postgresql" {
            (
                vec![format!(
                    "CREATE ROLE \"{user}\" LOGIN PASSWORD 'limited' CONNECTION LIMIT 0"
                )],
                format!("DROP ROLE \"{user}\""),
            )
        } else {
            (
                vec![
                    format!(
                        "CREATE USER '{user}'@'%' IDENTIFIED BY 'limited' \
                         WITH MAX_USER_CONNECTIONS 1"
                    ),
                    format!("GRANT ALL ON `{database}`.* TO '{user}'@'%'"),
                ],
                format!("DROP USER '{user}'@'%'"),
            )
        };
        for sql in &create {
            run(&db.client, sql).await;
        }
        // MySQL: the first client holds the one connection allowed; the second is refused.
        let first = if provider == "mysql" {
            Some(Client::connect(&url).await)
        } else {
            None
        };
        let e = connect_error(&url).await;
        drop(first);
        run(&db.client, &remove).await;
        if provider == "mysql" {
            // A per-user limit is MySQL error 1226, which Prisma's adapter leaves unmapped
            // (P2039 with the server's code); 1040 and 1203 (P2037) need server-wide limits
            // (`max_connections`, `max_user_connections`), checked on a server of the test's
            // own (`too_many_connections_on_a_server_of_its_own`).
            let Error::Database { code, .. } = &e else {
                panic!("{e:?}")
            };
            assert_eq!(code, "1226", "{e}");
            continue;
        }
        assert_eq!(e.code(), "P2037", "{provider}: {e}");
        assert!(
            e.to_string()
                .starts_with("Too many database connections opened: "),
            "{e}"
        );
    }
}

/// P1010: the user may not use the database (MySQL: a user with no grant on it; PostgreSQL
/// reports it (28000) only through `pg_hba.conf` rules, server configuration a test must not
/// change; SQLite has no users).
#[tokio::test]
async fn database_access_denied() {
    let Some(db) = support::mysql("database_access_denied", "views").await else {
        return;
    };
    let user = test_support::unique_name("refract_denied", "database_access_denied");
    let database = db.url.rsplit('/').next().expect("database").to_owned();
    let address = db.url.split_once('@').expect("login").1;
    run(
        &db.client,
        &format!("CREATE USER '{user}'@'%' IDENTIFIED BY 'denied'"),
    )
    .await;
    let e = connect_error(&format!("mysql://{user}:denied@{address}")).await;
    run(&db.client, &format!("DROP USER '{user}'@'%'")).await;
    assert_eq!(e.code(), "P1010", "{e}");
    let Error::DatabaseAccessDenied {
        database: named, ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(named, &database);
}

/// P1008: on SQLite, another process holds the database file's write lock past the busy
/// timeout (`SQLITE_BUSY`), as Prisma 7 reports it ("Operation has timed out"); a server's
/// socket timeout (PostgreSQL, MySQL) needs a network fault a test cannot make.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_busy_is_p1008() {
    let db = support::sqlite("sqlite_busy_is_p1008", "views").await;
    let path = db
        .url
        .strip_prefix("file:")
        .expect("a file URL")
        .split('?')
        .next()
        .expect("a path")
        .to_owned();
    let other = rusqlite::Connection::open(&path).expect("a second connection");
    other
        .execute_batch("BEGIN IMMEDIATE")
        .expect("hold the write lock");
    let e = db
        .client
        .sale()
        .create(sale::create("north", 1, 1))
        .exec()
        .await
        .expect_err("the file is locked");
    other.execute_batch("ROLLBACK").expect("release");
    assert_eq!(e.code(), "P1008", "{e}");
    assert!(matches!(e, Error::TimedOut { .. }), "{e:?}");
    assert_eq!(e.to_string(), "Operation has timed out");
}

/// The URL of `db`'s database for another user.
fn url_for(db: &support::TestDb, user: &str, password: &str) -> String {
    let scheme = db.url.split_once("://").expect("scheme").0;
    let address = db.url.split_once('@').expect("login").1;
    format!("{scheme}://{user}:{password}@{address}")
}

/// P1010 on PostgreSQL: Prisma 7's adapter reports it for SQLSTATE 28000, which PostgreSQL
/// raises for a role that may not log in (or a `pg_hba.conf` rule, server configuration a test
/// must not change): "User was denied access on the database `(not available)`", the message
/// naming no database, as there. A role that may log in but lacks the CONNECT privilege on the
/// database is 42501, which Prisma 7 leaves unmapped: P2039 with the server's code, the same
/// here. Throwaway roles, dropped before the checks.
#[tokio::test]
async fn postgres_database_access_denied() {
    let Some(db) = support::postgres("postgres_database_access_denied", "views").await else {
        return;
    };
    let database = db.url.rsplit('/').next().expect("database").to_owned();
    let no_login = test_support::unique_name("refract_nologin", "access_denied");
    let no_connect = test_support::unique_name("refract_noconnect", "access_denied");
    for sql in [
        format!("CREATE ROLE \"{no_login}\" NOLOGIN PASSWORD 'denied'"),
        format!("CREATE ROLE \"{no_connect}\" LOGIN PASSWORD 'denied'"),
        format!("REVOKE CONNECT ON DATABASE \"{database}\" FROM PUBLIC"),
    ] {
        run(&db.client, &sql).await;
    }
    let refused_login = connect_error(&url_for(&db, &no_login, "denied")).await;
    let refused_connect = connect_error(&url_for(&db, &no_connect, "denied")).await;
    for sql in [
        format!("DROP ROLE \"{no_login}\""),
        format!("DROP ROLE \"{no_connect}\""),
    ] {
        run(&db.client, &sql).await;
    }

    let e = refused_login;
    assert_eq!(e.code(), "P1010", "{e}");
    assert_eq!(
        e.to_string(),
        "User was denied access on the database `(not available)`"
    );
    let meta = e.meta();
    assert_eq!(meta.database, None);
    assert_eq!(
        meta.database_error.expect("the server's error").code,
        "28000"
    );

    let e = refused_connect;
    assert_eq!(e.code(), "P2039", "{e}");
    let Error::Database { code, message, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(code, "42501");
    assert!(message.contains(&database), "{message}");
}

/// P1008 is what Prisma 7 reports when the socket to PostgreSQL times out (`ETIMEDOUT`, a
/// network fault a test cannot make) and on SQLite's busy timeout; it has none on MariaDB. A
/// server's statement timeout is an error Prisma 7's adapters leave unmapped: P2039 with the
/// server's code (PostgreSQL 57014, `statement_timeout`; MariaDB 1969, `max_statement_time`),
/// and so it is here. The timeout is set on the test's own database (PostgreSQL) or user
/// (MariaDB), and the model's table is replaced by a view that sleeps.
#[tokio::test]
async fn statement_timeouts_are_p2039() {
    for provider in ["postgresql", "mysql"] {
        let Some(db) = support::database(
            provider,
            "statement_timeouts_are_p2039",
            "views",
            client::ClientOptions::default(),
        )
        .await
        else {
            return;
        };
        let database = db.url.rsplit('/').next().expect("database").to_owned();
        let (slow, remove, expected) = if provider == "postgresql" {
            for sql in [
                format!("ALTER DATABASE \"{database}\" SET statement_timeout = '300ms'"),
                r#"ALTER TABLE "Sale" RENAME TO "SaleRows""#.to_owned(),
                r#"CREATE VIEW "Sale" AS SELECT s.* FROM "SaleRows" s, (SELECT pg_sleep(2)) z"#
                    .to_owned(),
            ] {
                run(&db.client, &sql).await;
            }
            (db.url.clone(), None, "57014")
        } else {
            let user = test_support::unique_name("refract_slow", "statement_timeouts");
            for sql in [
                format!(
                    "CREATE USER '{user}'@'%' IDENTIFIED BY 'slow' WITH MAX_STATEMENT_TIME 0.3"
                ),
                format!("GRANT ALL ON `{database}`.* TO '{user}'@'%'"),
                "ALTER TABLE `Sale` RENAME TO `SaleRows`".to_owned(),
                "CREATE VIEW `Sale` AS SELECT s.* FROM `SaleRows` s, (SELECT SLEEP(2) AS z) z"
                    .to_owned(),
            ] {
                run(&db.client, &sql).await;
            }
            (
                url_for(&db, &user, "slow"),
                Some(format!("DROP USER '{user}'@'%'")),
                "1969",
            )
        };
        let result = match Client::connect(&slow).await {
            Ok(c) => c.sale().find_many().exec().await.map(|_| ()),
            Err(e) => Err(e),
        };
        if let Some(remove) = remove {
            run(&db.client, &remove).await;
        }
        let e = result.expect_err("the statement times out");
        assert_eq!(e.code(), "P2039", "{provider}: {e}");
        let meta = e.meta();
        assert_eq!(meta.model_name.as_deref(), Some("Sale"), "{provider}");
        let Error::Database { code, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(code, expected, "{provider}: {e}");
    }
}

/// Opens clients on `url`, each holding one connection, until the server refuses one: that
/// error, and the clients (to be dropped after the check).
async fn connect_until_refused(url: &str, at_most: usize) -> (Error, Vec<Client>) {
    let mut open = Vec::new();
    for _ in 0..at_most {
        let client = match Client::connect(url).await {
            Ok(c) => c,
            Err(e) => return (e, open),
        };
        if let Err(e) = client.execute_raw("SELECT 1", vec![]).await {
            return (e, open);
        }
        open.push(client);
    }
    panic!("the server took {at_most} connections");
}

/// Asserts P2037 with the server's `code` in `meta`.
fn assert_p2037(e: &Error, code: &str) {
    assert_eq!(e.code(), "P2037", "{e}");
    assert!(matches!(e, Error::TooManyConnections { .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("Too many database connections opened: "),
        "{e}"
    );
    let meta = e.meta();
    assert!(meta.cause.is_some_and(|c| !c.is_empty()), "{e}");
    let database = meta.database_error.expect("the server's error");
    assert_eq!(database.code, code, "{e}");
    assert_eq!(meta.model_name, None, "no model: a raw query");
}

/// P2037 on MySQL, for real: the two errors Prisma 7's MariaDB adapter maps to it, on a
/// MariaDB server of the test's own (the shared server's limits are not the test's to change):
/// 1040, past the server's `max_connections` (10, MariaDB's least; one more for a superuser),
/// and 1203, past the server-wide `max_user_connections` (lowered to 2 after the first check). PostgreSQL's is checked above
/// (`too_many_connections`); SQLite has no connection limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_connections_on_a_server_of_its_own() {
    let started = std::time::Instant::now();
    let Some(server) = test_support::OwnMariaDb::start(
        "too_many_connections_on_a_server_of_its_own",
        // A user limit above the server's, so that it can be lowered while the server runs
        // (a server started without one refuses `SET GLOBAL max_user_connections`).
        &["--max-connections=10", "--max-user-connections=50"],
    ) else {
        return;
    };
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "the server took {:?} to start",
        started.elapsed()
    );
    let url = server.url();
    let (e, open) = connect_until_refused(&url, 20).await;
    assert_p2037(&e, "1040");
    assert_eq!(
        open.len(),
        11,
        "max_connections, and one more for a superuser"
    );
    drop(open);

    // The server closes the dropped clients' connections on its own time.
    let mut tries = 0;
    let admin = loop {
        let set = async {
            let admin = Client::connect(&url).await?;
            admin
                .execute_raw("SET GLOBAL max_user_connections = 2", vec![])
                .await?;
            Ok::<_, Error>(admin)
        };
        match set.await {
            Ok(admin) => break admin,
            Err(e) if e.code() == "P2037" && tries < 50 => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => panic!("{e}"),
        }
    };
    // A user without the superuser's privileges, whom the server-wide limit binds.
    for sql in [
        "CREATE DATABASE limited",
        "CREATE USER 'limited'@'%' IDENTIFIED BY 'limited'",
        "GRANT ALL ON limited.* TO 'limited'@'%'",
    ] {
        run(&admin, sql).await;
    }
    let limited = url
        .replace("root@", "limited:limited@")
        .replace("/mysql", "/limited");
    let (e, open) = connect_until_refused(&limited, 20).await;
    assert_p2037(&e, "1203");
    assert_eq!(open.len(), 2, "max_user_connections");
    drop(open);
    drop(admin);
    drop(server);
}
