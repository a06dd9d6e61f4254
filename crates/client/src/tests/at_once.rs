//! Which queries run at once (`Exec::query` on SQLite, outside the async layers) and which take
//! the async path: an unobserved query with a connection free (the pool's, or its
//! transaction's) runs at once; an observed one, one that would wait for a connection, and one
//! in a transaction whose time is up do not, and each still gets its rows or its error.

use std::time::Duration;

use tracing::instrument::WithSubscriber;
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};

use crate::client::Exec;
use crate::probe::{self, Path};
use crate::render::Sql;
use crate::{Client, TransactionOptions};

/// Runs `SELECT 1` on `exec`: its one value, and whether it ran at once.
async fn select_one(exec: Exec<'_>) -> (i64, bool) {
    let sql = Sql {
        text: "SELECT 1".into(),
        params: Vec::new(),
    };
    let before = probe::hits(Path::AtOnce);
    let rows = exec
        .query(&sql, |row| row.read::<i64>())
        .await
        .expect("SELECT 1 runs");
    (rows[0], probe::hits(Path::AtOnce) - before == 1)
}

/// A subscriber that takes every span and event, so that every statement is observed. Its
/// interest is "sometimes": tracing would otherwise remember "always" for each span it saw,
/// and later spans, made with no subscriber, would not be disabled.
struct Everything;

impl Subscriber for Everything {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::sometimes()
    }
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[test]
fn only_unobserved_queries_with_a_free_connection_run_at_once() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let database = runtime
        .block_on(test_support::TestDatabase::for_provider(
            "sqlite",
            "refract_client_unit",
            "at_once",
        ))
        .expect("SQLite needs no server");
    let url = format!("{}?connection_limit=1", database.url_string());
    let client = runtime.block_on(Client::connect(&url)).expect("connect");

    // On the client, unobserved, the connection free: at once.
    assert_eq!(
        runtime.block_on(select_one(Exec::Client(&client))),
        (1, true)
    );

    // Observed (a subscriber takes the statement's span): the async path, which observes it.
    let observed = tracing::subscriber::with_default(Everything, || {
        runtime.block_on(select_one(Exec::Client(&client)))
    });
    assert_eq!(observed, (1, false));

    // In a transaction: its own connection, at once; observed, the async path.
    runtime.block_on(async {
        let tx = client
            .begin(TransactionOptions::new())
            .await
            .expect("begin");
        assert_eq!(select_one(Exec::Transaction(&tx)).await, (1, true));
        let observed = select_one(Exec::Transaction(&tx))
            .with_subscriber(Everything)
            .await;
        assert_eq!(observed, (1, false));

        // The pool's one connection is the transaction's: the client's query cannot run at
        // once, waits on the async path, and runs when the commit gives the connection back.
        let ((value, at_once), ()) = tokio::join!(select_one(Exec::Client(&client)), async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            tx.commit().await.expect("commit");
        });
        assert_eq!((value, at_once), (1, false));
    });

    // The connection free again: at once again.
    assert_eq!(
        runtime.block_on(select_one(Exec::Client(&client))),
        (1, true)
    );

    // A transaction whose time is up: not at once; the async path rolls it back (P2028).
    runtime.block_on(async {
        let tx = client
            .begin(TransactionOptions::new().timeout(Duration::from_millis(20)))
            .await
            .expect("begin");
        tokio::time::sleep(Duration::from_millis(60)).await;
        let before = probe::hits(Path::AtOnce);
        let sql = Sql {
            text: "SELECT 1".into(),
            params: Vec::new(),
        };
        let expired = Exec::Transaction(&tx)
            .query(&sql, |row| row.read::<i64>())
            .await
            .expect_err("the transaction's time is up");
        assert_eq!(expired.code(), "P2028", "{expired}");
        assert_eq!(probe::hits(Path::AtOnce), before);
    });
    drop(client);
    drop(database);
}
