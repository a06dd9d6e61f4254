//! `Transaction::watched` (decision 0035) makes its timer only when the work it watches is
//! pending: work ready on its first poll makes no `tokio::time::Sleep`. Checked by polling the
//! watched future by hand outside any Tokio runtime, where making a `Sleep` panics: ready work
//! completes there, and work that waits panics (the timer it arms), which is what ready work
//! would do if the timer were made before the work is polled.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use crate::transaction::TransactionOptions;

#[test]
fn watched_work_ready_at_once_makes_no_timer() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (client, db) = runtime
        .block_on(crate::tests::empty_database("sqlite", "watched_no_timer"))
        .expect("SQLite needs no server");
    let tx = runtime
        .block_on(client.begin(TransactionOptions::new().timeout(Duration::from_secs(60))))
        .expect("begin");
    let mut cx = Context::from_waker(Waker::noop());
    assert!(
        tokio::runtime::Handle::try_current().is_err(),
        "polled outside any runtime"
    );

    // Ready at once: done, without a timer (making one here would panic).
    let ready = pin!(tx.watched(std::future::ready(7))).poll(&mut cx);
    assert_eq!(ready, Poll::Ready(7));

    // Pending: the timer is made on the first pending poll, and panics without a runtime.
    let waits = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let _ = pin!(tx.watched(std::future::pending::<()>())).poll(&mut cx);
    }));
    assert!(
        waits.is_err(),
        "work that waits makes the timer that watches its deadline"
    );

    runtime.block_on(tx.rollback()).expect("rollback");
    drop(client);
    drop(db);
}
