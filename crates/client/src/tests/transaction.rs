//! The statements and defaults of interactive transactions: savepoint statements named as
//! Prisma names them and quoted by each dialect, and the options' fallbacks (a call's, then the
//! client's, then Prisma's 2 s `max_wait` and 5 s `timeout`).

use std::time::Duration;

use crate::render::Dialect;
use crate::transaction::{IsolationLevel, Start, TransactionOptions, savepoint_sql};

#[test]
fn savepoints_are_quoted_by_the_dialect() {
    assert_eq!(
        savepoint_sql(Dialect::Sqlite, "SAVEPOINT", 0),
        "SAVEPOINT \"prisma_sp_0\""
    );
    assert_eq!(
        savepoint_sql(Dialect::Postgres, "ROLLBACK TO SAVEPOINT", 12),
        "ROLLBACK TO SAVEPOINT \"prisma_sp_12\""
    );
    assert_eq!(
        savepoint_sql(Dialect::Mysql, "RELEASE SAVEPOINT", 3),
        "RELEASE SAVEPOINT `prisma_sp_3`"
    );
}

#[test]
fn options_fall_back_to_the_client_then_to_prisma() {
    let prisma = TransactionOptions::new().resolve(TransactionOptions::new());
    assert_eq!(
        prisma,
        Start::new(
            Some(Duration::from_secs(2)),
            Some(Duration::from_secs(5)),
            None
        )
    );
    let client = TransactionOptions::new()
        .timeout(Duration::from_secs(9))
        .isolation_level(IsolationLevel::ReadCommitted);
    let call = TransactionOptions::new()
        .max_wait(Duration::from_millis(100))
        .timeout(Duration::from_secs(1));
    assert_eq!(
        call.resolve(client),
        Start::new(
            Some(Duration::from_millis(100)),
            Some(Duration::from_secs(1)),
            Some(IsolationLevel::ReadCommitted)
        )
    );
    assert_eq!(
        TransactionOptions::from(Some(IsolationLevel::Serializable)).resolve(client),
        Start::new(
            Some(Duration::from_secs(2)),
            Some(Duration::from_secs(9)),
            Some(IsolationLevel::Serializable)
        )
    );
    assert_eq!(
        Start::internal(),
        Start::new(None, None, None),
        "the client's own transactions have no limits"
    );
}
