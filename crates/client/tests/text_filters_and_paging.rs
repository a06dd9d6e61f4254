//! Text filters give every database's answer for the same data (SQLite's LIKE stopped at NUL,
//! so `contains("\0' OR 1=1 --")` matched every row), and `take`/`skip` have Prisma's meaning
//! everywhere (a negative `take` pages backwards; a negative `skip` is refused). On SQLite,
//! PostgreSQL and MySQL/MariaDB, through the generated points client.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod points {
    include!("../../../examples/points/src/prisma.rs");
}
mod support;

use client::{Client, Dialect, Error};
use points::{Models, user};

/// Users with these emails, in this order (ids 1, 2, …).
async fn seed(c: &Client, emails: &[&str]) {
    for email in emails {
        c.user()
            .create(user::create(*email))
            .exec()
            .await
            .expect("create user");
    }
}

async fn emails(c: &Client, filter: client::Filter<points::User>) -> Result<Vec<String>, Error> {
    let users = c
        .user()
        .find_many()
        .filter(filter)
        .order_by(user::id().asc())
        .exec()
        .await?;
    Ok(users.into_iter().map(|u| u.email).collect())
}

fn is_p2009(result: Result<Vec<String>, Error>) -> bool {
    matches!(result, Err(ref e) if e.code() == "P2009" && e.to_string().contains("NUL"))
}

async fn nul_and_wildcards_in_text_filters(c: &Client) {
    seed(
        c,
        &["", "a", "abc", "x' OR 1=1 --", "100%", "a_b", "back\\slash"],
    )
    .await;
    let postgres = c.dialect() == Dialect::Postgres;

    // A NUL in the searched text: no row holds it. PostgreSQL's text cannot hold NUL at all,
    // so there the filter is refused (P2009) rather than sent.
    for filter in [
        user::email().contains("\0' OR 1=1 --"),
        user::email().ends_with("\0"),
        user::email().starts_with("\0"),
        user::email().equals_insensitive("\0abc"),
        user::email().equals_insensitive("\0"),
        user::email().contains_insensitive("a\0"),
    ] {
        let found = emails(c, filter).await;
        if postgres {
            assert!(is_p2009(found), "PostgreSQL refuses NUL in text");
        } else {
            assert_eq!(found.unwrap(), Vec::<String>::new());
        }
    }

    // Wildcards and backslashes are matched as themselves.
    let cases: [(client::Filter<points::User>, &[&str]); 9] = [
        (user::email().contains("%"), &["100%"]),
        (user::email().ends_with("%"), &["100%"]),
        (user::email().contains("_"), &["a_b"]),
        (user::email().starts_with("a"), &["a", "abc", "a_b"]),
        (user::email().ends_with("c"), &["abc"]),
        (user::email().contains("\\"), &["back\\slash"]),
        (user::email().contains("' OR 1=1 --"), &["x' OR 1=1 --"]),
        (user::email().equals_insensitive("ABC"), &["abc"]),
        (
            user::email().ends_with(""),
            &["", "a", "abc", "x' OR 1=1 --", "100%", "a_b", "back\\slash"],
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(emails(c, filter).await.unwrap(), expected);
    }
    let not_ending = emails(c, client::not([user::email().ends_with("c")]))
        .await
        .unwrap();
    assert_eq!(not_ending.len(), 6);

    // Data holding NUL (SQLite and MySQL store it; PostgreSQL refuses to).
    let stored = c.user().create(user::create("ab\0cd")).exec().await;
    if postgres {
        assert_eq!(stored.unwrap_err().code(), "P2009");
        return;
    }
    stored.unwrap();
    let cases: [(client::Filter<points::User>, &[&str]); 6] = [
        (user::email().contains("cd"), &["ab\0cd"]),
        (user::email().ends_with("\0cd"), &["ab\0cd"]),
        (user::email().starts_with("ab\0"), &["ab\0cd"]),
        (user::email().equals_insensitive("AB\0CD"), &["ab\0cd"]),
        (user::email().ends_with("b"), &["a_b"]),
        (user::email().equals_insensitive("ab"), &[]),
    ];
    for (filter, expected) in cases {
        assert_eq!(emails(c, filter).await.unwrap(), expected);
    }
}

async fn page(q: client::FindMany<'_, points::User>) -> Vec<i32> {
    q.exec().await.unwrap().iter().map(|u| u.id).collect()
}

async fn negative_take_pages_backwards(c: &Client) {
    // Roles alternate: ids 1, 3, 5 are "user", 2, 4, 6 "admin".
    for i in 1..=6 {
        let role = if i % 2 == 1 { "user" } else { "admin" };
        c.user()
            .create(user::create(format!("u{i}@example.com")).set(user::role().set(role)))
            .exec()
            .await
            .unwrap();
    }
    let users = c.user();
    assert_eq!(
        page(users.find_many().take(-2)).await,
        [5, 6],
        "no order: by id"
    );
    assert_eq!(
        page(users.find_many().order_by(user::id().asc()).take(-2)).await,
        [5, 6]
    );
    assert_eq!(
        page(users.find_many().order_by(user::id().desc()).take(-2)).await,
        [2, 1]
    );
    assert_eq!(
        page(
            users
                .find_many()
                .order_by(user::id().asc())
                .skip(1)
                .take(-2)
        )
        .await,
        [4, 5]
    );
    assert_eq!(
        page(
            users
                .find_many()
                .order_by(user::role().asc())
                .order_by(user::id().asc())
                .take(-4)
        )
        .await,
        [6, 1, 3, 5]
    );
    // With a cursor: the cursor record and the ones before it.
    let at = || user::email().equals("u4@example.com");
    assert_eq!(
        page(
            users
                .find_many()
                .cursor(at())
                .order_by(user::id().asc())
                .take(-2)
        )
        .await,
        [3, 4]
    );
    assert_eq!(
        page(
            users
                .find_many()
                .cursor(at())
                .order_by(user::id().asc())
                .skip(1)
                .take(-2)
        )
        .await,
        [2, 3]
    );
    assert_eq!(
        page(
            users
                .find_many()
                .cursor(at())
                .order_by(user::id().asc())
                .take(2)
        )
        .await,
        [4, 5]
    );
    // Distinct (in memory): the last record of each role, in the order asked.
    assert_eq!(
        page(users.find_many().distinct(user::role()).take(-2)).await,
        [5, 6]
    );
    assert_eq!(users.count().take(-2).exec().await.unwrap(), 2);
    assert_eq!(users.count().skip(5).take(-3).exec().await.unwrap(), 1);

    // A negative skip is refused, with Prisma's message.
    let err = users.find_many().skip(-1).exec().await.unwrap_err();
    assert_eq!(err.code(), "P2009");
    assert!(
        err.to_string()
            .contains("Invalid value for skip argument: Value can only be positive, found: -1"),
        "{err}"
    );
    let err = users.count().skip(-1).exec().await.unwrap_err();
    assert_eq!(err.code(), "P2009");
    let err = users
        .find_first(user::id().gt(0))
        .skip(-3)
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2009");
}

on_both!(
    "points";
    nul_and_wildcards_in_text_filters,
    negative_take_pages_backwards,
);
