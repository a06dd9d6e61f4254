//! An include's or a relation selection's `orderBy` on a relation's `_count` counts what the
//! counted model's read hooks let through, with either strategy (decision 0033): a manager's
//! reports ordered by their number of posts, the posts titled `t0` hidden by a hook.

use client::RelationLoadStrategy::{self, Join, Query};

use super::db::{Models, person};
use super::{Database, HideT0, open};

fn ordered_by_hooked_counts(database: Database) {
    let Some((rt, db)) = open(database, "rls_order_hooks", "all_types") else {
        return;
    };
    let script = r#"
INSERT INTO "Person" ("id", "name", "managerId") VALUES (1, 'boss', NULL), (2, 'two', 1), (3, 'three', 1);
INSERT INTO "Post" ("id", "title", "authorId") VALUES (1, 't0', 2), (2, 't0', 2), (3, 't0', 2), (4, 't1', 3), (5, 't1', 3);
"#;
    let script = if database == Database::Mysql {
        script.replace('"', "`")
    } else {
        script.to_owned()
    };
    rt.block_on(db.client.execute_script(&script)).unwrap();
    let hidden = db
        .client
        .extend(client::Extension::new().query::<super::db::Post>(HideT0));
    let included = |c: &client::Client, s: RelationLoadStrategy| {
        let q = c
            .person()
            .find_unique(person::id().equals(1))
            .relation_load_strategy(s)
            .include(
                person::include::reports()
                    .order_by(person::posts().count_desc())
                    .order_by(person::id().asc()),
            )
            .exec();
        let boss = rt.block_on(q).unwrap().unwrap();
        boss.reports
            .get()
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>()
    };
    let selected = |c: &client::Client, s: RelationLoadStrategy| {
        let q = c
            .person()
            .find_unique(person::id().equals(1))
            .select(
                person::select::reports(person::select::id())
                    .order_by(person::posts().count_desc())
                    .order_by(person::id().asc()),
            )
            .relation_load_strategy(s)
            .exec();
        rt.block_on(q).unwrap().unwrap()
    };
    for s in [Query, Join] {
        assert_eq!(included(&db.client, s), [2, 3], "{s:?}");
        assert_eq!(included(&hidden, s), [3, 2], "{s:?}: t0 posts hidden");
        assert_eq!(selected(&db.client, s), [2, 3], "{s:?}");
        assert_eq!(selected(&hidden, s), [3, 2], "{s:?}: t0 posts hidden");
    }
}

#[test]
fn include_orders_by_hooked_counts_sqlite() {
    ordered_by_hooked_counts(Database::Sqlite);
}

#[test]
fn include_orders_by_hooked_counts_postgres() {
    ordered_by_hooked_counts(Database::Postgres);
}

#[test]
fn include_orders_by_hooked_counts_mysql() {
    ordered_by_hooked_counts(Database::Mysql);
}
