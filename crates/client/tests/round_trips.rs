//! The statements a write sends to return its record: one with `RETURNING` (SQLite,
//! PostgreSQL, and MariaDB 10.5+ for `create` and `delete`); on MySQL, an `update` by primary
//! key or by another unique field is the UPDATE and one read by the key (no transaction; the
//! UPDATE reports the id it matched), and without `RETURNING` (MySQL 8, forced here on MariaDB)
//! `create` and `delete` read the record too. Each operation's result is checked as well:
//! the record returned is the one written, P2025 when there is none. Statements are counted
//! from the `refract.query` spans the client emits.

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

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use points::{Models, user};
use support::{QueryCounter, TestDb};

/// Where the test runs.
#[derive(Clone, Copy, PartialEq)]
enum Database {
    Sqlite,
    Postgres,
    /// MySQL/MariaDB with the server's `RETURNING`.
    Mysql,
    /// MySQL/MariaDB with `RETURNING` turned off, as on MySQL 8.
    MysqlReadBack,
}

/// Statements sent by: create, update by id, update by email, update of an absent id,
/// delete by email, delete of an absent email, update of an absent email.
type Counts = [usize; 7];

/// Runs the writes, checking their results, and returns the statements each sent.
fn statements(database: Database) -> Option<(Counts, String)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let db: TestDb = runtime.block_on(async {
        match database {
            Database::Sqlite => Some(support::sqlite("trips", "points").await),
            Database::Postgres => support::postgres("trips", "points").await,
            Database::Mysql => support::mysql("trips", "points").await,
            Database::MysqlReadBack => support::mysql_read_back("trips", "points").await,
        }
    })?;
    let version = match database {
        Database::Mysql | Database::MysqlReadBack => runtime
            .block_on(
                db.client
                    .query_raw("SELECT VERSION()", vec![], |r| r.read::<String>()),
            )
            .unwrap()
            .remove(0),
        Database::Sqlite | Database::Postgres => String::new(),
    };
    let c = &db.client;
    let counted = |f: &mut dyn FnMut()| {
        let count = Arc::new(AtomicUsize::new(0));
        tracing::subscriber::with_default(QueryCounter(count.clone()), f);
        count.load(Ordering::SeqCst)
    };
    let mut counts = [0; 7];
    let mut created = None;
    counts[0] = counted(&mut || {
        created = Some(
            runtime
                .block_on(
                    c.user()
                        .create(user::create("a@example.com").set(user::name().set("A")))
                        .exec(),
                )
                .unwrap(),
        );
    });
    let created = created.unwrap();
    assert_eq!(
        (
            created.email.as_str(),
            created.name.as_deref(),
            created.role.as_str()
        ),
        ("a@example.com", Some("A"), "user"),
        "the created record, with its database defaults"
    );
    // Another record, so that a read that picked the wrong one would show.
    let other = runtime
        .block_on(c.user().create(user::create("b@example.com")).exec())
        .unwrap();
    assert_ne!(other.id, created.id);

    let mut updated = None;
    counts[1] = counted(&mut || {
        updated = Some(
            runtime
                .block_on(
                    c.user()
                        .update(user::id().equals(created.id), vec![user::name().set("B")])
                        .exec(),
                )
                .unwrap(),
        );
    });
    let updated = updated.unwrap();
    assert_eq!(
        (updated.id, updated.email.as_str(), updated.name.as_deref()),
        (created.id, "a@example.com", Some("B"))
    );
    assert!(updated.updated_at >= created.updated_at);

    let mut by_email = None;
    counts[2] = counted(&mut || {
        by_email = Some(
            runtime
                .block_on(
                    c.user()
                        .update(
                            user::email().equals("a@example.com"),
                            vec![user::email().set("c@example.com")],
                        )
                        .exec(),
                )
                .unwrap(),
        );
    });
    let by_email = by_email.unwrap();
    assert_eq!(
        (
            by_email.id,
            by_email.email.as_str(),
            by_email.name.as_deref()
        ),
        (created.id, "c@example.com", Some("B"))
    );

    counts[3] = counted(&mut || {
        let err = runtime
            .block_on(
                c.user()
                    .update(
                        user::id().equals(other.id + 100),
                        vec![user::name().set("x")],
                    )
                    .exec(),
            )
            .unwrap_err();
        assert_eq!(err.code(), "P2025");
    });

    let mut deleted = None;
    counts[4] = counted(&mut || {
        deleted = Some(
            runtime
                .block_on(
                    c.user()
                        .delete(user::email().equals("c@example.com"))
                        .exec(),
                )
                .unwrap(),
        );
    });
    let deleted = deleted.unwrap();
    assert_eq!(
        (deleted.id, deleted.email.as_str(), deleted.name.as_deref()),
        (created.id, "c@example.com", Some("B"))
    );

    counts[5] = counted(&mut || {
        let err = runtime
            .block_on(
                c.user()
                    .delete(user::email().equals("c@example.com"))
                    .exec(),
            )
            .unwrap_err();
        assert_eq!(err.code(), "P2025");
    });

    counts[6] = counted(&mut || {
        let err = runtime
            .block_on(
                c.user()
                    .update(
                        user::email().equals("c@example.com"),
                        vec![user::name().set("x")],
                    )
                    .exec(),
            )
            .unwrap_err();
        assert_eq!(err.code(), "P2025");
    });

    let left = runtime.block_on(c.user().find_many().exec()).unwrap();
    assert_eq!(
        left.iter().map(|u| u.id).collect::<Vec<_>>(),
        vec![other.id],
        "only the other record is left, unchanged"
    );
    assert_eq!(left[0].name, None);
    Some((counts, version))
}

#[test]
fn each_write_is_one_statement_on_sqlite() {
    let (counts, _) = statements(Database::Sqlite).unwrap();
    assert_eq!(counts, [1; 7]);
}

#[test]
fn each_write_is_one_statement_on_postgres() {
    let Some((counts, _)) = statements(Database::Postgres) else {
        return;
    };
    assert_eq!(counts, [1; 7]);
}

/// The statements the read-back path sends (MySQL 8): create is INSERT and SELECT, an update
/// by id UPDATE and SELECT, an update by email too (the UPDATE reports the id it matched, no
/// transaction), an absent id one UPDATE matching nothing, delete SELECT and DELETE (in a
/// transaction), an absent record one SELECT, an absent email one UPDATE matching nothing.
const READ_BACK: Counts = [2, 2, 2, 1, 2, 1, 1];

#[test]
fn mariadb_returns_from_insert_and_delete_and_updates_by_unique_fields_in_two_statements() {
    let Some((counts, version)) = statements(Database::Mysql) else {
        return;
    };
    if client::Returning::of_mysql_server(&version).insert {
        assert_eq!(counts, [1, 2, 2, 1, 1, 1, 1], "on {version}");
    } else {
        assert_eq!(counts, READ_BACK, "on {version}");
    }
}

#[test]
fn without_returning_mysql_reads_written_records_back() {
    let Some((counts, _)) = statements(Database::MysqlReadBack) else {
        return;
    };
    assert_eq!(counts, READ_BACK);
}

/// The id an UPDATE reports is the record's own, negative ones included (MySQL reports the
/// value as unsigned).
#[test]
fn updates_by_unique_fields_find_negative_ids() {
    for database in [
        Database::Mysql,
        Database::MysqlReadBack,
        Database::Sqlite,
        Database::Postgres,
    ] {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let Some(db) = runtime.block_on(async {
            match database {
                Database::Sqlite => Some(support::sqlite("negative", "points").await),
                Database::Postgres => support::postgres("negative", "points").await,
                Database::Mysql => support::mysql("negative", "points").await,
                Database::MysqlReadBack => support::mysql_read_back("negative", "points").await,
            }
        }) else {
            return;
        };
        let c = &db.client;
        runtime.block_on(async {
            for (id, email) in [(-5, "neg@example.com"), (7, "pos@example.com")] {
                c.user()
                    .create(user::create(email).set(user::id().set(id)))
                    .exec()
                    .await
                    .unwrap();
            }
            let updated = c
                .user()
                .update(
                    user::email().equals("neg@example.com"),
                    vec![user::name().set("Neg")],
                )
                .exec()
                .await
                .unwrap();
            assert_eq!(
                (updated.id, updated.email.as_str(), updated.name.as_deref()),
                (-5, "neg@example.com", Some("Neg"))
            );
        });
    }
}
