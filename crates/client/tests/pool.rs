//! The pools under contention: more concurrent tasks than connections all finish (a
//! connection given back wakes a waiting task), and one client serves every task; on SQLite
//! and on MySQL (the PostgreSQL pool is exercised by the operation suites); and the pool's
//! limits on every database: P2024 after `pool_timeout`, idle connections closed, connections
//! replaced after their lifetime.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod points {
    include!("../../../examples/points/src/prisma.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use client::{Client, ClientOptions};
use points::{Models, user};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn more_tasks_than_connections_all_finish() {
    let db = support::sqlite("pool", "points").await;
    more_tasks_than_connections(&db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn more_tasks_than_connections_all_finish_on_mysql() {
    let Some(db) = support::mysql("pool", "points").await else {
        return;
    };
    more_tasks_than_connections(&db.url).await;
}

async fn more_tasks_than_connections(url: &str) {
    let options = ClientOptions {
        max_connections: 1,
        ..ClientOptions::default()
    };
    let client = Client::connect_with(url, options).await.unwrap();
    client
        .user()
        .create(user::create("p@example.com"))
        .exec()
        .await
        .unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                for _ in 0..200 {
                    let u = client
                        .user()
                        .find_unique(user::email().equals("p@example.com"))
                        .exec()
                        .await
                        .unwrap();
                    assert!(u.is_some());
                }
            })
        })
        .collect();
    for t in tasks {
        tokio::time::timeout(std::time::Duration::from_secs(30), t)
            .await
            .expect("no deadlock")
            .unwrap();
    }
}

/// On one thread, a task holding the only connection in a transaction across an `.await`
/// does not deadlock another task that needs a connection: that task waits asynchronously.
#[tokio::test(flavor = "current_thread")]
async fn a_waiting_task_does_not_block_the_transaction_holding_the_connection() {
    let db = support::sqlite("pool_tx", "points").await;
    waiting_task_and_transaction(&db.url).await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_waiting_task_does_not_block_the_transaction_holding_the_connection_on_mysql() {
    let Some(db) = support::mysql("pool_tx", "points").await else {
        return;
    };
    waiting_task_and_transaction(&db.url).await;
}

async fn waiting_task_and_transaction(url: &str) {
    let options = ClientOptions {
        max_connections: 1,
        ..ClientOptions::default()
    };
    let client = Client::connect_with(url, options).await.unwrap();
    let (started_tx, started_rx) = tokio::sync::oneshot::channel::<()>();
    let holder = {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .transaction(async |tx| {
                    tx.user()
                        .create(user::create("tx@example.com"))
                        .exec()
                        .await?;
                    let _ = started_tx.send(());
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    Ok::<_, client::Error>(())
                })
                .await
        })
    };
    started_rx.await.unwrap();
    // The only connection is inside the transaction: this waits for it instead of blocking.
    let count = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        client.user().count().exec(),
    )
    .await
    .expect("no deadlock")
    .unwrap();
    assert_eq!(count, 1, "runs after the transaction committed");
    holder.await.unwrap().unwrap();
}

/// `url` with Prisma's pool parameters appended.
fn with_params(url: &str, params: &str) -> String {
    let join = if url.contains('?') { '&' } else { '?' };
    format!("{url}{join}{params}")
}

/// What a test asks the server about its own connections (none on SQLite).
struct Server {
    /// Connections open to the test's database, the asking one included.
    connections: &'static str,
    /// The asking connection's id.
    connection_id: &'static str,
}

const POSTGRES: Server = Server {
    connections: "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()",
    connection_id: "SELECT pg_backend_pid()::int8",
};

const MYSQL: Server = Server {
    connections: "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE()",
    connection_id: "SELECT CONNECTION_ID()",
};

async fn one_number(client: &Client, sql: &str) -> i64 {
    client
        .query_raw(sql, vec![], |r| r.read::<i64>())
        .await
        .unwrap()[0]
}

/// With every connection busy, a query gives up after `pool_timeout` with Prisma's P2024,
/// naming the timeout and the limit; the URL's parameters set both.
async fn pool_timeout_is_p2024(url: &str) {
    let url = with_params(url, "connection_limit=1&pool_timeout=1");
    let client = Client::connect_with(&url, ClientOptions::default())
        .await
        .unwrap();
    let tx = client.begin(None).await.unwrap();
    let started = std::time::Instant::now();
    let e = client.user().count().exec().await.unwrap_err();
    assert_eq!(e.code(), "P2024", "{e}");
    assert_eq!(
        e.to_string(),
        "Timed out fetching a new connection from the connection pool. More info: http://pris.ly/d/connection-pool (Current connection pool timeout: 1, connection limit: 1)"
    );
    assert!(started.elapsed() >= std::time::Duration::from_millis(900));
    tx.rollback().await.unwrap();
    // The connection came back: the next query gets it.
    assert_eq!(client.user().count().exec().await.unwrap(), 0);
}

/// Idle connections close after `max_idle_connection_lifetime`.
async fn idle_connections_close(url: &str, server: Option<Server>) {
    let url = with_params(url, "connection_limit=3&max_idle_connection_lifetime=1");
    let client = Client::connect_with(&url, ClientOptions::default())
        .await
        .unwrap();
    // Three transactions at once: three connections.
    let a = client.begin(None).await.unwrap();
    if server.is_some() {
        let b = client.begin(None).await.unwrap();
        let c = client.begin(None).await.unwrap();
        b.commit().await.unwrap();
        c.commit().await.unwrap();
    }
    a.commit().await.unwrap();
    assert!(client.pool_status().idle >= 1, "{:?}", client.pool_status());
    // Open now: the pool's three (one of them asking), and any the test harness keeps.
    let before = match &server {
        Some(server) => one_number(&client, server.connections).await,
        None => 0,
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while client.pool_status().idle > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "idle connections stay open"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    if let Some(server) = server {
        // The server sees them gone: of the pool's, only the new one asking is left.
        loop {
            let open = one_number(&client, server.connections).await;
            if open <= before - 2 {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{open} connections open, {before} before"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

/// A connection older than `max_connection_lifetime` is replaced by a new one.
async fn connections_are_recycled(url: &str, server: Option<Server>) {
    let url = with_params(url, "max_connection_lifetime=1");
    let client = Client::connect_with(&url, ClientOptions::default())
        .await
        .unwrap();
    let id = match &server {
        Some(server) => one_number(&client, server.connection_id).await,
        None => i64::from(client.user().count().exec().await.unwrap() as i32),
    };
    let opened = client.pool_status().opened;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    if let Some(server) = &server {
        assert_ne!(one_number(&client, server.connection_id).await, id);
    } else {
        client.user().count().exec().await.unwrap();
    }
    assert!(
        client.pool_status().opened > opened,
        "{:?}",
        client.pool_status()
    );
}

#[tokio::test]
async fn pool_timeout_is_p2024_on_sqlite() {
    let db = support::sqlite("pool_timeout", "points").await;
    pool_timeout_is_p2024(&db.url).await;
}

#[tokio::test]
async fn pool_timeout_is_p2024_on_postgres() {
    let Some(db) = support::postgres("pool_timeout", "points").await else {
        return;
    };
    pool_timeout_is_p2024(&db.url).await;
}

#[tokio::test]
async fn pool_timeout_is_p2024_on_mysql() {
    let Some(db) = support::mysql("pool_timeout", "points").await else {
        return;
    };
    pool_timeout_is_p2024(&db.url).await;
}

#[tokio::test]
async fn idle_connections_close_on_sqlite() {
    let db = support::sqlite("pool_idle", "points").await;
    idle_connections_close(&db.url, None).await;
}

#[tokio::test]
async fn idle_connections_close_on_postgres() {
    let Some(db) = support::postgres("pool_idle", "points").await else {
        return;
    };
    idle_connections_close(&db.url, Some(POSTGRES)).await;
}

#[tokio::test]
async fn idle_connections_close_on_mysql() {
    let Some(db) = support::mysql("pool_idle", "points").await else {
        return;
    };
    idle_connections_close(&db.url, Some(MYSQL)).await;
}

#[tokio::test]
async fn connections_are_recycled_on_sqlite() {
    let db = support::sqlite("pool_lifetime", "points").await;
    connections_are_recycled(&db.url, None).await;
}

#[tokio::test]
async fn connections_are_recycled_on_postgres() {
    let Some(db) = support::postgres("pool_lifetime", "points").await else {
        return;
    };
    connections_are_recycled(&db.url, Some(POSTGRES)).await;
}

#[tokio::test]
async fn connections_are_recycled_on_mysql() {
    let Some(db) = support::mysql("pool_lifetime", "points").await else {
        return;
    };
    connections_are_recycled(&db.url, Some(MYSQL)).await;
}

/// A pool parameter that is not a number is refused, naming it.
#[tokio::test]
async fn a_bad_pool_parameter_is_refused() {
    let db = support::sqlite("pool_bad", "points").await;
    let e = Client::connect(&with_params(&db.url, "pool_timeout=soon"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("`pool_timeout=soon`"), "{e}");
}
