//! `relationLoadStrategy` on the writes that return records (Prisma 7 takes it on `create`,
//! `update`, `upsert` and `delete`): the records a write returns, with its `include` or its
//! `select`, are read back with the chosen strategy. On PostgreSQL `Join` reads them in one
//! statement after the write; `Query` with one more per relation level; elsewhere both run the
//! query strategy. Each write's result is the same with either strategy, and the same as a
//! find of the record with the other strategy.

use client::RelationLoadStrategy::{self, Join, Query};

use super::db::{Models, Person, Post, membership, person, post, tag};
use super::{Database, Rng, counted, open, seed_sql};

/// The statements a write sends with each strategy. `base` is those of the same write
/// without relations: with includes, the write alone, so that `Join` adds one statement (the
/// joined read) on PostgreSQL; with a selection, the write and the read of its fields, which
/// `Join` replaces by the joined read (`join_adds` 0). `Query` adds one statement per relation
/// level (`levels`). Elsewhere `Join` runs the query strategy.
#[track_caller]
fn check_counts(
    database: Database,
    (base, levels, join_adds): (usize, usize, usize),
    query: usize,
    join: usize,
) {
    assert_eq!(
        query,
        base + levels,
        "the query strategy: one statement per level"
    );
    if database == Database::Postgres {
        assert_eq!(
            join,
            base + join_adds,
            "the join strategy: one read, joined"
        );
    } else {
        assert_eq!(
            join, query,
            "no join strategy here: the query strategy runs"
        );
    }
}

/// A post with its author (with the author's manager and posts) and its tags: 4 levels.
fn post_includes(
    q: client::Create<'_, Post>,
    strategy: RelationLoadStrategy,
) -> client::Create<'_, Post> {
    q.relation_load_strategy(strategy)
        .include(
            post::include::author()
                .include(person::include::manager())
                .include(person::include::posts().order_by(post::id().asc())),
        )
        .include(post::include::tags().order_by(tag::id().asc()))
}

fn writes(database: Database) {
    let Some((rt, db)) = open(database, "rls_writes", "all_types") else {
        return;
    };
    let c = &db.client;
    rt.block_on(c.execute_script(&seed_sql(&mut Rng(3), database)))
        .unwrap();
    if database == Database::Postgres {
        // The seed's rows have explicit ids: move the sequence past them.
        let past = r#"SELECT setval(pg_get_serial_sequence('"Post"', 'id'), 10000)"#;
        rt.block_on(c.execute_script(past)).unwrap();
    }
    // Person 2 gets a manager (the seed's data may give it none).
    rt.block_on(
        c.person()
            .update(person::id().equals(2), vec![person::manager_id().set(1)])
            .exec(),
    )
    .unwrap();
    let find_post = |id: i32, s| {
        c.post()
            .find_unique(post::id().equals(id))
            .relation_load_strategy(s)
            .include(
                post::include::author()
                    .include(person::include::manager())
                    .include(person::include::posts().order_by(post::id().asc())),
            )
            .include(post::include::tags().order_by(tag::id().asc()))
            .exec()
    };

    // create … include
    let (created, base) = counted(&rt, c.post().create(post::create("w0", 2)).exec());
    created.unwrap();
    let (by_query, query) = counted(
        &rt,
        post_includes(c.post().create(post::create("w1", 2)), Query).exec(),
    );
    let by_query = by_query.unwrap();
    let found = rt.block_on(find_post(by_query.id, Join)).unwrap().unwrap();
    assert_eq!(by_query, found);
    let (by_join, join) = counted(
        &rt,
        post_includes(c.post().create(post::create("w2", 2)), Join).exec(),
    );
    let by_join = by_join.unwrap();
    let found = rt.block_on(find_post(by_join.id, Query)).unwrap().unwrap();
    assert_eq!(by_join, found);
    assert!(
        by_join
            .author
            .get()
            .unwrap()
            .manager
            .get()
            .unwrap()
            .is_some()
    );
    assert!(by_join.author.get().unwrap().posts.get().unwrap().len() >= 4);
    check_counts(database, (base, 4, 1), query, join);

    // update … include (the same update twice: the same record both ways)
    let update = |s: Option<RelationLoadStrategy>, include: bool| {
        let mut q = c.person().update(
            person::id().equals(2),
            vec![person::name().set("renamed".to_owned())],
        );
        if let Some(s) = s {
            q = q.relation_load_strategy(s);
        }
        if include {
            q = q
                .include(
                    person::include::posts()
                        .order_by(post::id().desc())
                        .take(3)
                        .include(post::include::tags().order_by(tag::id().asc())),
                )
                .include(person::include::manager())
                .include(
                    person::include::memberships()
                        .order_by(membership::org_id().asc())
                        .include(membership::include::grants()),
                );
        }
        q.exec()
    };
    let base = counted(&rt, update(None, false)).1;
    let (by_query, query) = counted(&rt, update(Some(Query), true));
    let (by_join, join) = counted(&rt, update(Some(Join), true));
    let (by_query, by_join): (Person, Person) = (by_query.unwrap(), by_join.unwrap());
    assert_eq!(by_join, by_query);
    assert_eq!(by_join.name, "renamed");
    check_counts(database, (base, 5, 1), query, join);
    // all_types does not enable `relationJoins`: `query` is the default, as in Prisma.
    let (default, statements) = counted(&rt, update(None, true));
    assert_eq!(default.unwrap(), by_query);
    assert_eq!(statements, query);

    // create … select
    let selection = || {
        (
            post::select::title(),
            post::select::author((
                person::select::name(),
                person::posts().count(),
                person::select::manager(person::select::id()),
            )),
            post::select::tags(tag::select::name()).order_by(tag::id().asc()),
        )
    };
    let base = counted(
        &rt,
        c.post()
            .create(post::create("s0", 2))
            .select(post::select::title())
            .exec(),
    )
    .1;
    let (by_query, query) = counted(
        &rt,
        c.post()
            .create(post::create("s1", 2))
            .select(selection())
            .relation_load_strategy(Query)
            .exec(),
    );
    let (by_join, join) = counted(
        &rt,
        c.post()
            .create(post::create("s1", 2))
            // Set on the builder, carried into its selection.
            .relation_load_strategy(Join)
            .select(selection())
            .exec(),
    );
    let (by_query, by_join) = (by_query.unwrap(), by_join.unwrap());
    // One more post by the author in the second: the same otherwise.
    assert_eq!(by_join.1.1, by_query.1.1 + 1);
    assert_eq!(
        (&by_join.0, &by_join.1.0, &by_join.1.2),
        (&by_query.0, &by_query.1.0, &by_query.1.2)
    );
    assert_eq!(by_join.2, by_query.2);
    assert_eq!(by_join.1.2, Some(1));
    check_counts(database, (base, 3, 0), query, join);

    // update … select, upsert … select (its update branch: the same record both ways)
    let person_selection = || {
        (
            person::select::name(),
            person::posts().count(),
            person::select::posts((post::select::title(), post::select::tags(tag::select::id())))
                .order_by(post::id().asc()),
            person::select::manager(person::select::name()),
        )
    };
    let base = counted(
        &rt,
        c.person()
            .update(
                person::id().equals(2),
                vec![person::name().set("n".to_owned())],
            )
            .select(person::select::name())
            .exec(),
    )
    .1;
    let update = |s| {
        c.person()
            .update(
                person::id().equals(2),
                vec![person::name().set("n".to_owned())],
            )
            .select(person_selection())
            .relation_load_strategy(s)
            .exec()
    };
    let (by_query, query) = counted(&rt, update(Query));
    let (by_join, join) = counted(&rt, update(Join));
    assert_eq!(by_join.unwrap(), by_query.unwrap());
    check_counts(database, (base, 3, 0), query, join);
    let base = counted(
        &rt,
        c.person()
            .upsert(
                person::id().equals(2),
                person::create("never"),
                vec![person::name().set("up".to_owned())],
            )
            .select(person::select::name())
            .exec(),
    )
    .1;
    let upsert = |s| {
        c.person()
            .upsert(
                person::id().equals(2),
                person::create("never"),
                vec![person::name().set("up".to_owned())],
            )
            .select(person_selection())
            .relation_load_strategy(s)
            .exec()
    };
    let (by_query, query) = counted(&rt, upsert(Query));
    let (by_join, join) = counted(&rt, upsert(Join));
    let by_join = by_join.unwrap();
    assert_eq!(by_join, by_query.unwrap());
    assert_eq!(by_join.0, "up");
    check_counts(database, (base, 3, 0), query, join);

    // delete … select: the record as it was, read before it is deleted
    let post_selection = || {
        (
            post::select::title(),
            post::select::author(person::select::name()),
            post::select::tags(tag::select::name()).order_by(tag::id().asc()),
        )
    };
    let mut ids = rt
        .block_on(
            c.post()
                .find_many()
                .order_by(post::id().asc())
                .filter(post::tags().some(client::Filter::all()))
                .take(3)
                .exec(),
        )
        .unwrap()
        .into_iter()
        .map(|p| p.id);
    let (first, second, third) = (
        ids.next().unwrap(),
        ids.next().unwrap(),
        ids.next().unwrap(),
    );
    // The join table's rows go with the post, as its foreign keys cascade.
    let base = counted(
        &rt,
        c.post()
            .delete(post::id().equals(first))
            .select(post::select::title())
            .exec(),
    )
    .1;
    let before = |id| {
        rt.block_on(
            c.post()
                .find_unique(post::id().equals(id))
                .select(post_selection())
                .exec(),
        )
        .unwrap()
        .unwrap()
    };
    let expected = before(second);
    let (by_query, query) = counted(
        &rt,
        c.post()
            .delete(post::id().equals(second))
            .select(post_selection())
            .relation_load_strategy(Query)
            .exec(),
    );
    assert_eq!(by_query.unwrap(), expected);
    let expected = before(third);
    assert!(!expected.2.is_empty());
    let (by_join, join) = counted(
        &rt,
        c.post()
            .delete(post::id().equals(third))
            .select(post_selection())
            .relation_load_strategy(Join)
            .exec(),
    );
    assert_eq!(by_join.unwrap(), expected);
    check_counts(database, (base, 2, 0), query, join);
    let gone = rt
        .block_on(c.post().find_unique(post::id().equals(third)).exec())
        .unwrap();
    assert!(gone.is_none());
}

#[test]
fn writes_sqlite() {
    writes(Database::Sqlite);
}

#[test]
fn writes_postgres() {
    writes(Database::Postgres);
}

#[test]
fn writes_mysql() {
    writes(Database::Mysql);
}

/// A schema with `relationJoins`: `join` is the default of the writes too, as in Prisma.
#[test]
fn writes_default_to_join_with_relation_joins_postgres() {
    use super::types::{Models as _, item, owner};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let Some(db) = runtime.block_on(super::support::postgres(
        "rls_writes_default",
        "relation_joins",
    )) else {
        return;
    };
    let c = &db.client;
    runtime
        .block_on(c.execute_script(
            r#"INSERT INTO "Owner" ("id") VALUES (1); INSERT INTO "Item" ("id", "ownerId") VALUES (1, 1), (2, 1);"#,
        ))
        .unwrap();
    let update = |s: Option<RelationLoadStrategy>| {
        let q = c
            .owner()
            .update(owner::id().equals(1), vec![owner::best_id().set(2)])
            .include(owner::include::items().order_by(item::id().asc()))
            .include(owner::include::best());
        match s {
            Some(s) => q.relation_load_strategy(s).exec(),
            None => q.exec(),
        }
    };
    let (by_default, statements) = counted(&runtime, update(None));
    let (by_query, query) = counted(&runtime, update(Some(Query)));
    let (by_default, by_query) = (by_default.unwrap(), by_query.unwrap());
    assert_eq!(format!("{by_default:?}"), format!("{by_query:?}"));
    assert_eq!(by_default.items.get().unwrap().len(), 2);
    assert_eq!(statements + 1, query, "join by default: one read, not two");
    assert!(by_default.best.get().unwrap().is_some());
}
