//! The pools under contention: more concurrent tasks than connections all finish (a
//! connection given back wakes a waiting task), and one client serves every task; on SQLite
//! and on MySQL (the PostgreSQL pool is exercised by the operation suites).

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
