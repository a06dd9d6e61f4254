//! The fluent API (Prisma's `prisma.user.findUnique({ where }).posts({ where, orderBy })`) on
//! SQLite, PostgreSQL and MariaDB: to-many relations as a `find_many` of the related records
//! (filter, order, take, skip, cursor, distinct, include, select), to-one relations as an
//! `Option`, Prisma's `null` when the parent does not exist (P2025 after an `OrThrow` call),
//! chains through to-one relations, in a transaction; on the all_types schema, a many-to-many
//! relation from both sides, a self-relation, the back side of a one-to-one relation and a
//! relation over a composite key.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod points {
    include!("../../../examples/points/src/prisma.rs");
}
#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/all_types.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use client::Client;
use points::action::Fluent as _;
use points::session::Fluent as _;
use points::user::Fluent as _;
use points::{Models, action, activity, session, user};

/// Ann with three actions (on activities a0, a1, a1), Bob with none; a session of Ann's and
/// one of nobody's. Returns (Ann's id, Bob's id, the activities' ids).
async fn seed(c: &Client) -> (i32, i32, Vec<i32>) {
    let mut acts = Vec::new();
    for i in 0..2 {
        let a = c
            .activity()
            .create(activity::create(i * 10, format!("a{i}")))
            .exec()
            .await
            .unwrap();
        acts.push(a.id);
    }
    let ann = c
        .user()
        .create(user::create("ann@example.com"))
        .exec()
        .await
        .unwrap();
    let bob = c
        .user()
        .create(user::create("bob@example.com"))
        .exec()
        .await
        .unwrap();
    for a in [acts[0], acts[1], acts[1]] {
        c.action()
            .create(action::create(ann.id, a))
            .exec()
            .await
            .unwrap();
    }
    c.session()
        .create(session::create("ann-s").set(session::user_id().set(ann.id)))
        .exec()
        .await
        .unwrap();
    c.session()
        .create(session::create("orphan"))
        .exec()
        .await
        .unwrap();
    (ann.id, bob.id, acts)
}

async fn to_many(c: &Client) {
    let (ann, bob, acts) = seed(c).await;
    let ann_q = || c.user().find_unique(user::id().equals(ann));
    let all = ann_q().actions().exec().await.unwrap().unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|a| a.user_id == ann));

    // find_many's arguments.
    let page = ann_q()
        .actions()
        .filter(action::activity_id().equals(acts[1]))
        .order_by(action::id().desc())
        .take(1)
        .exec()
        .await
        .unwrap()
        .unwrap();
    let newest = all.iter().map(|a| a.id).max().unwrap();
    assert_eq!(page.iter().map(|a| a.id).collect::<Vec<_>>(), [newest]);
    let skipped = ann_q()
        .actions()
        .order_by(action::id().asc())
        .skip(1)
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(skipped.len(), 2);
    let from_cursor = ann_q()
        .actions()
        .order_by(action::id().asc())
        .cursor(action::id().equals(skipped[0].id))
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(from_cursor, skipped);
    let distinct = ann_q()
        .actions()
        .distinct(action::activity_id())
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(distinct.len(), 2);

    // include and select on the related records.
    let with_activity = ann_q()
        .actions()
        .include(action::include::activity())
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert!(with_activity.iter().all(|a| a.activity.get().is_some()));
    let mut ids = ann_q()
        .actions()
        .select(action::select::activity_id())
        .exec()
        .await
        .unwrap()
        .unwrap();
    ids.sort();
    assert_eq!(ids, [acts[0], acts[1], acts[1]]);

    // A parent without related records: an empty list; no parent: None, as Prisma's null.
    let none: Vec<_> = c
        .user()
        .find_unique(user::id().equals(bob))
        .actions()
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert!(none.is_empty());
    let missing = c.user().find_unique(user::id().equals(-1)).actions();
    assert!(missing.exec().await.unwrap().is_none());
    let err = c
        .user()
        .find_unique_or_throw(user::id().equals(-1))
        .actions()
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2025");
    // find_first is a parent too.
    let by_email = c
        .user()
        .find_first(user::email().ends_with("@example.com"))
        .order_by(user::id().asc())
        .actions()
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_email.len(), 3);
}

async fn to_one_and_chains(c: &Client) {
    let (ann, _, _) = seed(c).await;
    let s = |handle: &str| c.session().find_unique(session::handle().equals(handle));
    let owner = s("ann-s").user().exec().await.unwrap().unwrap();
    assert_eq!(owner.id, ann);
    // An optional relation that is not set, and a parent that does not exist.
    assert!(s("orphan").user().exec().await.unwrap().is_none());
    assert!(s("nobody").user().exec().await.unwrap().is_none());
    let email = s("ann-s")
        .user()
        .select(user::select::email())
        .exec()
        .await
        .unwrap();
    assert_eq!(email.as_deref(), Some("ann@example.com"));

    // Chains through to-one relations: session → user → actions, action → user → sessions.
    let actions = s("ann-s").user().actions().exec().await.unwrap().unwrap();
    assert_eq!(actions.len(), 3);
    assert!(s("orphan").user().actions().exec().await.unwrap().is_none());
    let first = actions[0].id;
    let sessions = c
        .action()
        .find_unique(action::id().equals(first))
        .user()
        .sessions()
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        sessions
            .iter()
            .map(|s| s.handle.as_str())
            .collect::<Vec<_>>(),
        ["ann-s"]
    );
    let activity = c
        .action()
        .find_unique(action::id().equals(first))
        .activity()
        .include(activity::include::actions())
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert!(activity.actions.get().is_some());

    // In an interactive transaction, on its connection.
    let tx = c.begin(None).await.unwrap();
    let in_tx = tx
        .user()
        .find_unique(user::id().equals(ann))
        .actions()
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(in_tx.len(), 3);
    tx.commit().await.unwrap();
}

on_both!(
    "points";
    to_many,
    to_one_and_chains,
);

mod all_types {
    use super::db::grant::Fluent as _;
    use super::db::membership::Fluent as _;
    use super::db::person::Fluent as _;
    use super::db::post::Fluent as _;
    use super::db::tag::Fluent as _;
    use super::db::{Models, grant, membership, person, post, tag};
    use client::Client;

    /// Many-to-many from both sides, a self-relation, the back side of a one-to-one relation
    /// and a relation over a composite key.
    pub async fn relations_of_every_kind(c: &Client) {
        let ann = c
            .person()
            .create(person::create("Ann"))
            .exec()
            .await
            .unwrap();
        let bob = c
            .person()
            .create(person::create("Bob").set(person::manager_id().set(ann.id)))
            .exec()
            .await
            .unwrap();
        let p = c
            .post()
            .create(post::create("P", ann.id).with(post::tags::create([
                post::tags::data("rust"),
                post::tags::data("sql"),
            ])))
            .exec()
            .await
            .unwrap();
        let lonely = c.tag().create(tag::create("lonely")).exec().await.unwrap();

        // m:n: the post's tags, and a tag's posts.
        let tags = c
            .post()
            .find_unique(post::id().equals(p.id))
            .tags()
            .order_by(tag::name().desc())
            .exec()
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["sql", "rust"]
        );
        let filtered = c
            .post()
            .find_unique(post::id().equals(p.id))
            .tags()
            .filter(tag::name().starts_with("r"))
            .select(tag::select::name())
            .exec()
            .await
            .unwrap();
        assert_eq!(filtered, Some(vec!["rust".to_owned()]));
        let posts = c
            .tag()
            .find_unique(tag::name().equals("rust"))
            .posts()
            .exec()
            .await
            .unwrap()
            .unwrap();
        assert_eq!(posts.iter().map(|p| p.id).collect::<Vec<_>>(), [p.id]);
        let none = c
            .tag()
            .find_unique(tag::id().equals(lonely.id))
            .posts()
            .exec()
            .await
            .unwrap();
        assert_eq!(none, Some(Vec::new()));
        // m:n, then to-one: the author of the rust tag's posts is reached through a chain
        // from the post.
        let author = c
            .post()
            .find_unique(post::id().equals(p.id))
            .author()
            .exec()
            .await
            .unwrap()
            .unwrap();
        assert_eq!(author.id, ann.id);

        // Self-relation: Bob's manager, Ann's reports, the manager's posts.
        let bob_q = || c.person().find_unique(person::id().equals(bob.id));
        assert_eq!(
            bob_q().manager().exec().await.unwrap().map(|m| m.id),
            Some(ann.id)
        );
        let reports = c
            .person()
            .find_unique(person::id().equals(ann.id))
            .reports()
            .exec()
            .await
            .unwrap()
            .unwrap();
        assert_eq!(reports.iter().map(|r| r.id).collect::<Vec<_>>(), [bob.id]);
        let managers_posts = bob_q().manager().posts().exec().await.unwrap().unwrap();
        assert_eq!(managers_posts.len(), 1);
        assert!(
            c.person()
                .find_unique(person::id().equals(ann.id))
                .manager()
                .exec()
                .await
                .unwrap()
                .is_none()
        );

        // The back side of a one-to-one relation (the profile holds the key).
        assert!(bob_q().profile().exec().await.unwrap().is_none());
        c.person()
            .update(
                person::id().equals(bob.id),
                person::update_data().with(person::profile::create(person::profile::data("hi"))),
            )
            .exec()
            .await
            .unwrap();
        let profile = bob_q().profile().exec().await.unwrap().unwrap();
        assert_eq!(profile.bio, "hi");

        // A relation over a composite key, from both sides.
        c.membership()
            .create(
                membership::create_linked(
                    7,
                    membership::person::connect(person::id().equals(ann.id)),
                )
                .with(membership::grants::create([
                    membership::grants::data("read"),
                    membership::grants::data("write"),
                ])),
            )
            .exec()
            .await
            .unwrap();
        let grants = c
            .membership()
            .find_unique(membership::org_id_person_id(7, ann.id))
            .grants()
            .order_by(grant::scope().asc())
            .exec()
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            grants.iter().map(|g| g.scope.as_str()).collect::<Vec<_>>(),
            ["read", "write"]
        );
        let back = c
            .grant()
            .find_unique(grant::scope().equals("read"))
            .membership()
            .person()
            .exec()
            .await
            .unwrap()
            .unwrap();
        assert_eq!(back.id, ann.id);
    }
}

use all_types::relations_of_every_kind;

mod every_kind {
    crate::on_both!("all_types"; relations_of_every_kind);
    use super::relations_of_every_kind;
}
