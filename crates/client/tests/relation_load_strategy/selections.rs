//! The join strategy with a selection (`select`, `omit`, relation counts): one statement on
//! PostgreSQL, the same records as the query strategy everywhere; a cursor or `distinct`
//! inside a relation selection runs the query strategy, with a debug event that says why.

use client::{Filter, RelationLoadStrategy};

use super::db::{Models, badge, membership, person, post, profile, tag};
use super::{Database, JoinEvents, Rng, counted, open, seed_sql};

/// Runs `query` with each strategy: the same output, and one statement for `Join` on
/// PostgreSQL.
macro_rules! same_both_ways {
    ($database:expr, $rt:expr, $query:expr) => {{
        let (by_query, _) = counted(&$rt, $query(RelationLoadStrategy::Query));
        let (by_join, statements) = counted(&$rt, $query(RelationLoadStrategy::Join));
        let (by_query, by_join) = (by_query.unwrap(), by_join.unwrap());
        assert_eq!(format!("{by_join:?}"), format!("{by_query:?}"));
        if $database == Database::Postgres {
            assert_eq!(statements, 1, "the join strategy sends one statement");
        }
        by_join
    }};
}

fn selections(database: Database) {
    let Some((rt, db)) = open(database, "rls_select") else {
        return;
    };
    let c = &db.client;
    rt.block_on(c.execute_script(&seed_sql(&mut Rng(5), database)))
        .unwrap();
    // Fields, counts (filtered too), nested relation selections of every cardinality, `all()`
    // with an include, `omit`, each with its filter, order, skip and take.
    let people = same_both_ways!(database, rt, |s| {
        c.person()
            .find_many()
            .order_by(person::id().asc())
            .relation_load_strategy(s)
            .select((
                person::select::id(),
                person::posts().count(),
                person::select::posts((
                    post::select::title(),
                    post::tags().count().filter(tag::id().gt(1)),
                    post::select::author(person::select::name()),
                    post::select::tags(tag::select::name())
                        .order_by(tag::id().desc())
                        .take(2),
                ))
                .filter(post::title().not_in_vec(["t3".to_owned()]))
                .order_by(post::title().asc())
                .order_by(post::id().desc())
                .skip(1),
                person::select::manager(person::select::all().include(person::include::badge())),
                person::select::memberships(membership::select::omit(membership::omit::Role))
                    .order_by(membership::org_id().asc()),
                person::select::profile(profile::select::all()),
                person::select::reports(
                    person::select::reports(person::select::id()).order_by(person::id().asc()),
                )
                .order_by(person::id().desc()),
            ))
            .exec()
    });
    assert!(people.len() > 5);
    assert!(people.iter().any(|p| !p.2.is_empty()) && people.iter().any(|p| p.3.is_some()));

    // Relation counts beside whole records with includes (`include` with `_count`).
    same_both_ways!(database, rt, |s| {
        c.person()
            .find_many()
            .order_by(person::id().asc())
            .relation_load_strategy(s)
            .include(
                person::include::posts()
                    .order_by(post::id().asc())
                    .include(post::include::tags().order_by(tag::id().asc())),
            )
            .with_counts((
                person::reports().count(),
                person::memberships().count(),
                person::posts().count().filter(post::title().equals("t1")),
            ))
            .exec()
    });

    // `find_first` with `omit` and a relation, backwards paging.
    same_both_ways!(database, rt, |s| {
        c.person()
            .find_first(person::posts().some(Filter::all()))
            .order_by(person::id().desc())
            .relation_load_strategy(s)
            .select((
                person::select::omit(person::omit::Name),
                person::select::badge(badge::select::label()),
            ))
            .exec()
    });
    same_both_ways!(database, rt, |s| {
        c.person()
            .find_many()
            .order_by(person::id().asc())
            .take(-3)
            .relation_load_strategy(s)
            .select((
                person::select::name(),
                person::select::badge(badge::select::all()),
            ))
            .exec()
    });

    // A cursor inside a relation selection: the query strategy, as Prisma does.
    let reasons = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let with_cursor = tracing::subscriber::with_default(JoinEvents(reasons.clone()), || {
        rt.block_on(
            c.person()
                .find_many()
                .order_by(person::id().asc())
                .relation_load_strategy(RelationLoadStrategy::Join)
                .select((
                    person::select::id(),
                    person::select::posts(post::select::id()).cursor(post::id().equals(3)),
                ))
                .exec(),
        )
    });
    with_cursor.unwrap();
    let expected = match database {
        Database::Postgres => "`cursor` inside the selection of posts",
        Database::Sqlite => "no join strategy on Sqlite",
        Database::Mysql => "no join strategy on Mysql",
    };
    assert_eq!(*reasons.lock().unwrap(), [expected]);

    // Nothing to join (fields and counts only): no event, one statement either way.
    reasons.lock().unwrap().clear();
    let plain = tracing::subscriber::with_default(JoinEvents(reasons.clone()), || {
        rt.block_on(
            c.person()
                .find_many()
                .relation_load_strategy(RelationLoadStrategy::Join)
                .select((person::select::id(), person::posts().count()))
                .exec(),
        )
    });
    plain.unwrap();
    assert!(reasons.lock().unwrap().is_empty());
}

#[test]
fn selections_postgres() {
    selections(Database::Postgres);
}

#[test]
fn selections_sqlite() {
    selections(Database::Sqlite);
}

#[test]
fn selections_mysql() {
    selections(Database::Mysql);
}
