//! Case-insensitive `in` / `notIn` (`mode: 'insensitive'`) and field references (a field
//! compared with another field of the same record, Prisma's `prisma.model.fields.x`, also in
//! `contains`, `startsWith` and `endsWith`), in
//! finds, `updateMany` and `deleteMany`, on SQLite, PostgreSQL and MySQL/MariaDB, through the
//! generated points client.

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

use client::{Client, Dialect, Filter};
use points::{Models, activity, user};

async fn emails(c: &Client, filter: Filter<points::User>) -> Vec<String> {
    let users = c
        .user()
        .find_many()
        .filter(filter)
        .order_by(user::id().asc())
        .exec()
        .await
        .expect("find users");
    users.into_iter().map(|u| u.email).collect()
}

async fn insensitive_in_and_not_in(c: &Client) {
    let seeded = [
        ("Alice@Example.com", Some("Alice")),
        ("bob@example.com", None),
        ("CAROL@example.com", Some("carol")),
        ("dave@example.com", Some("DAVE")),
    ];
    for (email, name) in seeded {
        c.user()
            .create(user::create(email).set(user::name().set_opt(name.map(str::to_owned))))
            .exec()
            .await
            .expect("create user");
    }
    let all: Vec<String> = seeded.iter().map(|(e, _)| (*e).to_owned()).collect();

    let asked = ["alice@example.com", "CAROL@EXAMPLE.COM"];
    assert_eq!(
        emails(c, user::email().in_vec_insensitive(asked)).await,
        ["Alice@Example.com", "CAROL@example.com"]
    );
    assert_eq!(
        emails(c, user::email().not_in_vec_insensitive(asked)).await,
        ["bob@example.com", "dave@example.com"]
    );
    if c.dialect() != Dialect::Mysql {
        // Without the mode, case counts (on MySQL the default collations ignore it anyway).
        assert_eq!(
            emails(c, user::email().in_vec(asked.map(str::to_owned))).await,
            Vec::<String>::new()
        );
    }

    // Lists longer than the inlined ones are bound as one parameter.
    let long = [
        "nobody@example.com",
        "BOB@EXAMPLE.COM",
        "x' OR 1=1 --",
        "Dave@Example.Com",
        "%",
        "",
    ];
    assert_eq!(
        emails(c, user::email().in_vec_insensitive(long)).await,
        ["bob@example.com", "dave@example.com"]
    );
    assert_eq!(
        emails(c, user::email().not_in_vec_insensitive(long)).await,
        ["Alice@Example.com", "CAROL@example.com"]
    );

    // Empty lists: `in` matches nothing, `notIn` everything.
    let none: [&str; 0] = [];
    assert_eq!(
        emails(c, user::email().in_vec_insensitive(none)).await,
        Vec::<String>::new()
    );
    assert_eq!(
        emails(c, user::email().not_in_vec_insensitive(none)).await,
        all
    );

    // An optional field: NULL is neither in nor not in a list, as in Prisma.
    assert_eq!(
        emails(c, user::name().in_vec_insensitive(["ALICE", "dave"])).await,
        ["Alice@Example.com", "dave@example.com"]
    );
    assert_eq!(
        emails(c, user::name().not_in_vec_insensitive(["ALICE", "dave"])).await,
        ["CAROL@example.com"]
    );

    // In writes (MySQL renders their WHERE against the table itself).
    let updated = c
        .user()
        .update_many(
            user::email().in_vec_insensitive(["ALICE@EXAMPLE.COM", "bob@EXAMPLE.com"]),
            vec![user::role().set("admin")],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(updated, 2);
    assert_eq!(
        emails(c, user::role().equals("admin")).await,
        ["Alice@Example.com", "bob@example.com"]
    );
    let deleted = c
        .user()
        .delete_many(user::email().not_in_vec_insensitive(["alice@example.com"]))
        .exec()
        .await
        .unwrap();
    assert_eq!(deleted, 3);
    assert_eq!(emails(c, Filter::all()).await, ["Alice@Example.com"]);
}

async fn activity_names(c: &Client, filter: Filter<points::Activity>) -> Vec<String> {
    let found = c
        .activity()
        .find_many()
        .filter(filter)
        .order_by(activity::id().asc())
        .exec()
        .await
        .expect("find activities");
    found.into_iter().map(|a| a.name).collect()
}

async fn field_references(c: &Client) {
    // Ids 1, 2, 3: points below, equal to and above the id.
    for (points, name) in [(0, "below"), (2, "equal"), (10, "above")] {
        c.activity()
            .create(activity::create(points, name))
            .exec()
            .await
            .expect("create activity");
    }
    let points = activity::points;
    let cases: [(Filter<points::Activity>, &[&str]); 7] = [
        (points().equals_field(activity::id()), &["equal"]),
        (points().not_field(activity::id()), &["below", "above"]),
        (points().lt_field(activity::id()), &["below"]),
        (points().lte_field(activity::id()), &["below", "equal"]),
        (points().gt_field(activity::id()), &["above"]),
        (points().gte_field(activity::id()), &["equal", "above"]),
        // A unique field on the left (its other filters come through `Deref`).
        (activity::id().lt_field(points()), &["above"]),
    ];
    for (filter, expected) in cases {
        assert_eq!(activity_names(c, filter).await, expected);
    }

    // Text fields, one optional: a NULL on either side matches nothing, `NOT` included.
    for (email, name) in [
        ("same", Some("same")),
        ("left", Some("right")),
        ("null", None),
    ] {
        c.user()
            .create(user::create(email).set(user::name().set_opt(name.map(str::to_owned))))
            .exec()
            .await
            .expect("create user");
    }
    assert_eq!(
        emails(c, user::name().equals_field(user::email())).await,
        ["same"]
    );
    assert_eq!(
        emails(c, user::email().not_field(user::name())).await,
        ["left"]
    );
    assert_eq!(
        emails(c, !user::name().equals_field(user::email())).await,
        ["left"]
    );
    assert_eq!(
        emails(
            c,
            user::email()
                .gt_field(user::name())
                .or(user::name().is_null())
        )
        .await,
        ["null"]
    );

    // In writes.
    let updated = c
        .activity()
        .update_many(points().gt_field(activity::id()), vec![points().set(1)])
        .exec()
        .await
        .unwrap();
    assert_eq!(updated, 1);
    assert_eq!(
        activity_names(c, points().lt_field(activity::id())).await,
        ["below", "above"]
    );
    let deleted = c
        .activity()
        .delete_many(points().lt_field(activity::id()))
        .exec()
        .await
        .unwrap();
    assert_eq!(deleted, 2);
    assert_eq!(activity_names(c, Filter::all()).await, ["equal"]);
}

/// Field references in text filters: `contains`, `startsWith`, `endsWith` (and their
/// `mode: 'insensitive'` forms) with another field's text, matched as written.
async fn text_field_references(c: &Client) {
    for (email, name) in [
        ("anna", Some("ann")),
        ("joanne", Some("ann")),
        ("bob%x", Some("%x")),
        ("b_b", Some("%")),
        ("nulls", None),
        ("Zed", Some("zED")),
        ("x", Some("")),
    ] {
        c.user()
            .create(user::create(email).set(user::name().set_opt(name.map(str::to_owned))))
            .exec()
            .await
            .expect("create user");
    }
    // Case counts on PostgreSQL only: SQLite's text filters ignore ASCII case, MySQL's
    // default collation ignores it (as for the filters with values).
    let ci = c.dialect() != Dialect::Postgres;
    let with_zed = |mut list: Vec<&'static str>, at: usize, zed: bool| {
        if zed {
            list.insert(at, "Zed");
        }
        list
    };
    let email = user::email;
    assert_eq!(
        emails(c, email().contains_field(user::name())).await,
        with_zed(vec!["anna", "joanne", "bob%x", "x"], 3, ci)
    );
    assert_eq!(
        emails(c, email().starts_with_field(user::name())).await,
        with_zed(vec!["anna", "x"], 1, ci)
    );
    assert_eq!(
        emails(c, email().ends_with_field(user::name())).await,
        with_zed(vec!["bob%x", "x"], 1, ci)
    );
    // `%` and `_` in the other field match themselves; a NULL matches nothing, `NOT` included.
    assert_eq!(
        emails(c, !email().contains_field(user::name())).await,
        with_zed(vec!["b_b"], 1, !ci)
    );
    assert_eq!(
        emails(c, email().contains_field_insensitive(user::name())).await,
        ["anna", "joanne", "bob%x", "Zed", "x"]
    );
    assert_eq!(
        emails(c, email().starts_with_field_insensitive(user::name())).await,
        ["anna", "Zed", "x"]
    );
    assert_eq!(
        emails(c, email().ends_with_field_insensitive(user::name())).await,
        ["bob%x", "Zed", "x"]
    );
    assert_eq!(
        emails(c, email().equals_field_insensitive(user::name())).await,
        ["Zed"]
    );
    // In writes.
    let deleted = c
        .user()
        .delete_many(
            email()
                .starts_with_field(user::name())
                .and(user::name().equals("ann")),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(deleted, 1);
    assert_eq!(
        emails(c, email().contains_field_insensitive(user::name())).await,
        ["joanne", "bob%x", "Zed", "x"]
    );
}

on_both!(
    "points";
    insensitive_in_and_not_in,
    field_references,
    text_field_references,
);
