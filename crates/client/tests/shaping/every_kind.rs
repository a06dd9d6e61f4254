//! Selections on every kind of relation of the all_types schema (m:n, self-relations, 1:1,
//! composite ids), `uuid()` versions, the generator's global `omit`, and
//! `createManyAndReturn` on a composite id.

use super::db::{Models as _, Role, everything, membership, person, post, profile, tag};
use super::{Client, Dialect, Value};

async fn link(c: &Client, post_id: i32, tag_id: i32) {
    let sql = match c.dialect() {
        Dialect::Sqlite => "INSERT INTO \"_PostToTag\" (\"A\", \"B\") VALUES (?, ?)",
        Dialect::Postgres => "INSERT INTO \"_PostToTag\" (\"A\", \"B\") VALUES ($1, $2)",
        Dialect::Mysql => "INSERT INTO `_PostToTag` (`A`, `B`) VALUES (?, ?)",
    };
    c.execute_raw(
        sql,
        vec![Value::Int(post_id.into()), Value::Int(tag_id.into())],
    )
    .await
    .unwrap();
}

/// m:n, self-relations, 1:1 and a composite id, selected and counted.
pub async fn select_every_kind_of_relation(c: &Client) {
    let boss = c
        .person()
        .create(person::create("Boss"))
        .exec()
        .await
        .unwrap();
    let ann = c
        .person()
        .create(person::create("Ann").set(person::manager_id().set(boss.id)))
        .exec()
        .await
        .unwrap();
    c.profile()
        .create(profile::create("hi", ann.id))
        .exec()
        .await
        .unwrap();
    let p1 = c
        .post()
        .create(post::create("Rust", ann.id))
        .exec()
        .await
        .unwrap();
    let p2 = c
        .post()
        .create(post::create("SQL", ann.id))
        .exec()
        .await
        .unwrap();
    let lang = c.tag().create(tag::create("lang")).exec().await.unwrap();
    let dbs = c.tag().create(tag::create("db")).exec().await.unwrap();
    link(c, p1.id, lang.id).await;
    link(c, p1.id, dbs.id).await;
    link(c, p2.id, dbs.id).await;
    c.membership()
        .create(membership::create(7, ann.id).set(membership::role().set(Role::Admin)))
        .exec()
        .await
        .unwrap();

    type PersonRow = (
        String,
        Option<(String,)>,
        Vec<String>,
        Option<String>,
        Vec<(i32, Role)>,
        Vec<(String, Vec<String>, i64)>,
        i64,
    );
    let people: Vec<PersonRow> = c
        .person()
        .find_many()
        .order_by(person::id().asc())
        .select((
            person::select::name(),
            person::select::manager((person::select::name(),)),
            person::select::reports(person::select::name()),
            person::select::profile(profile::select::bio()),
            person::select::memberships((membership::select::org_id(), membership::select::role())),
            person::select::posts((
                post::select::title(),
                post::select::tags(tag::select::name()).order_by(tag::name().asc()),
                post::tags().count(),
            ))
            .order_by(post::id().asc()),
            person::reports().count(),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(
        people,
        vec![
            (
                "Boss".to_owned(),
                None,
                vec!["Ann".to_owned()],
                None,
                vec![],
                vec![],
                1
            ),
            (
                "Ann".to_owned(),
                Some(("Boss".to_owned(),)),
                vec![],
                Some("hi".to_owned()),
                vec![(7, Role::Admin)],
                vec![
                    (
                        "Rust".to_owned(),
                        vec!["db".to_owned(), "lang".to_owned()],
                        2
                    ),
                    ("SQL".to_owned(), vec!["db".to_owned()], 1),
                ],
                0
            ),
        ]
    );

    // m:n from the other side, with a filtered count through the join table.
    let tags: Vec<(String, i64, Vec<String>)> = c
        .tag()
        .find_many()
        .order_by(tag::name().asc())
        .select((
            tag::select::name(),
            tag::posts().count().filter(post::title().equals("SQL")),
            tag::select::posts(post::select::title()).order_by(post::title().desc()),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(
        tags,
        vec![
            (
                "db".to_owned(),
                1,
                vec!["SQL".to_owned(), "Rust".to_owned()]
            ),
            ("lang".to_owned(), 0, vec!["Rust".to_owned()]),
        ]
    );

    // The composite-id side back to its person (a required to-one relation).
    let members: Vec<(Role, String)> = c
        .membership()
        .find_many()
        .select((
            membership::select::role(),
            membership::select::person(person::select::name()),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(members, vec![(Role::Admin, "Ann".to_owned())]);
}

/// `uuid()` makes version-4 UUIDs, `uuid(7)` version-7 ones, which sort by creation time.
pub async fn uuid_versions(c: &Client) {
    let mut ordered = Vec::new();
    for i in 0..3 {
        let e = c
            .everything()
            .create(everything::create(
                i,
                0_i64,
                0.0,
                rust_decimal::Decimal::ZERO,
                "s",
                false,
                chrono::Utc::now(),
                serde_json::json!(null),
                Vec::<u8>::new(),
            ))
            .select((everything::select::id(), everything::select::ordered()))
            .exec()
            .await
            .unwrap();
        let (v4, v7) = (
            uuid::Uuid::parse_str(&e.0).unwrap(),
            uuid::Uuid::parse_str(&e.1).unwrap(),
        );
        assert_eq!((v4.get_version_num(), v7.get_version_num()), (4, 7));
        ordered.push(e.1);
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let mut sorted = ordered.clone();
    sorted.sort();
    assert_eq!(sorted, ordered, "version-7 UUIDs sort by creation time");
}

/// The generator's `omit` leaves `Person.secret` out of `Person`
/// (compile_fail/read_globally_omitted_field.rs); it is still written, filtered on, and
/// read when selected or with `.omit(())`.
pub async fn global_omit(c: &Client) {
    let sam = c
        .person()
        .create(person::create("Sam").set(person::secret().set("s3cret")))
        .exec()
        .await
        .unwrap();
    let _: (i32, String, Option<i32>) = (sam.id, sam.name, sam.manager_id);
    let secret = c
        .person()
        .find_unique(person::id().equals(sam.id))
        .select(person::select::secret())
        .exec()
        .await
        .unwrap();
    assert_eq!(secret, Some(Some("s3cret".to_owned())));
    let full = c.person().find_many().omit(()).exec().await.unwrap();
    assert_eq!(
        (full[0].name.as_str(), full[0].secret.as_deref()),
        ("Sam", Some("s3cret"))
    );
    let n = c
        .person()
        .count()
        .filter(person::secret().equals("s3cret"))
        .exec()
        .await
        .unwrap();
    assert_eq!(n, 1);
    let updated = c
        .person()
        .update(
            person::id().equals(sam.id),
            vec![person::secret().set("other")],
        )
        .select(person::select::secret())
        .exec()
        .await
        .unwrap();
    assert_eq!(updated.as_deref(), Some("other"));
}

/// `createManyAndReturn` with `select` on a composite id whose order in the table (MySQL
/// keeps rows in primary-key order) is not the order of the data.
pub async fn create_many_and_return_composite_ids(c: &Client) {
    let ann = c
        .person()
        .create(person::create("Ann"))
        .exec()
        .await
        .unwrap();
    let bob = c
        .person()
        .create(person::create("Bob"))
        .exec()
        .await
        .unwrap();
    let rows = c
        .membership()
        .create_many(vec![
            membership::create(3, bob.id),
            membership::create(1, ann.id).set(membership::role().set(Role::Admin)),
            membership::create(2, bob.id),
            membership::create(1, bob.id),
        ])
        .select((
            membership::select::org_id(),
            membership::select::role(),
            membership::select::person(person::select::name()),
        ))
        .exec_and_return()
        .await
        .unwrap();
    assert_eq!(
        rows,
        [
            (3, Role::User, "Bob".to_owned()),
            (1, Role::Admin, "Ann".to_owned()),
            (2, Role::User, "Bob".to_owned()),
            (1, Role::User, "Bob".to_owned()),
        ]
    );
}

mod tests {
    crate::on_both!(
        "all_types";
        select_every_kind_of_relation,
        uuid_versions,
        global_omit,
        create_many_and_return_composite_ids,
    );
    use super::{
        create_many_and_return_composite_ids, global_omit, select_every_kind_of_relation,
        uuid_versions,
    };
}
