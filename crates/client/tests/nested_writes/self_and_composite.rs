//! Nested writes on a self-relation and on a relation over a composite key.

use super::*;

/// A self-relation: Person.manager (foreign key side) and Person.reports (list).
pub async fn self_relation(c: &Client) {
    let boss = c
        .person()
        .create(person::create("Boss").with(person::reports::create([
            person::reports::data("Ann"),
            person::reports::data("Bob"),
        ])))
        .include(person::include::reports().order_by(person::name().asc()))
        .exec()
        .await
        .unwrap();
    let reports = boss.reports.into_inner().unwrap();
    assert_eq!(reports.len(), 2);
    let (ann, bob) = (&reports[0], &reports[1]);
    let cleo = c
        .person()
        .create(person::create("Cleo").with(person::manager::connect(person::id().equals(bob.id))))
        .exec()
        .await
        .unwrap();
    assert_eq!(cleo.manager_id, Some(bob.id));
    // set: Boss manages Cleo only now.
    c.person()
        .update(
            person::id().equals(boss.id),
            person::update_data().with(person::reports::set([person::id().equals(cleo.id)])),
        )
        .exec()
        .await
        .unwrap();
    let managed = |id: i32| async move {
        c.person()
            .find_many()
            .filter(person::manager_id().equals(id))
            .order_by(person::name().asc())
            .exec()
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(managed(boss.id).await, ["Cleo"]);
    assert!(managed(bob.id).await.is_empty());
    let ann = c
        .person()
        .update(
            person::id().equals(ann.id),
            person::update_data().with(person::manager::connect(person::id().equals(cleo.id))),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(ann.manager_id, Some(cleo.id));
    let ann = c
        .person()
        .update(
            person::id().equals(ann.id),
            person::update_data().with(person::manager::disconnect()),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(ann.manager_id, None);
}

/// A relation over a composite key: Membership (orgId, personId) ← Grant.
pub async fn composite_key_relation(c: &Client) {
    let ann = person_named(c, "Ann").await;
    let m = c
        .membership()
        .create(
            membership::create_linked(1, membership::person::connect(person::id().equals(ann.id)))
                .with(membership::grants::create([membership::grants::data(
                    "read",
                )])),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!((m.org_id, m.person_id), (1, ann.id));
    let scopes = || async move {
        c.grant()
            .find_many()
            .order_by(grant::scope().asc())
            .exec()
            .await
            .unwrap()
            .into_iter()
            .map(|g| (g.scope, g.org_id, g.person_id))
            .collect::<Vec<_>>()
    };
    assert_eq!(scopes().await, [("read".to_owned(), Some(1), Some(ann.id))]);

    let write = c
        .grant()
        .create(grant::create("write"))
        .exec()
        .await
        .unwrap();
    c.membership()
        .update(
            membership::org_id_person_id(1, ann.id),
            membership::update_data()
                .with(membership::grants::connect([grant::id().equals(write.id)]))
                .with(membership::grants::disconnect([
                    grant::scope().equals("read")
                ])),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(
        scopes().await,
        [
            ("read".to_owned(), None, None),
            ("write".to_owned(), Some(1), Some(ann.id))
        ]
    );
    // From the grant's side: connect by the compound key, then disconnect.
    let read = c
        .grant()
        .update(
            grant::scope().equals("read"),
            grant::update_data().with(grant::membership::connect(membership::org_id_person_id(
                1, ann.id,
            ))),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!((read.org_id, read.person_id), (Some(1), Some(ann.id)));
    c.membership()
        .update(
            membership::org_id_person_id(1, ann.id),
            membership::update_data()
                .with(membership::grants::set([grant::scope().equals("read")])),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(
        scopes().await,
        [
            ("read".to_owned(), Some(1), Some(ann.id)),
            ("write".to_owned(), None, None)
        ]
    );
    let err = c
        .grant()
        .update(
            grant::scope().equals("write"),
            grant::update_data().with(grant::membership::connect(membership::org_id_person_id(
                2, ann.id,
            ))),
        )
        .exec()
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2025");
}
