//! The join strategy with a selection (`select`, `omit`, relation counts): one statement on
//! PostgreSQL, the same records as the query strategy everywhere; a cursor or `distinct`
//! inside a relation selection runs the query strategy, with a debug event that says why.

use std::fmt::Debug;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use client::{Filter, RelationLoadStrategy};

use client::__private::{Pick, RelationSelect};

use super::db::{Models, Person, Post, badge, grant, membership, person, post, profile, tag};
use super::{Database, JoinEvents, Rng, counted, open, random_person_include, seed_sql};

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

/// A query run with the strategy given: its records, as their debug text.
type Query<'c> = Box<
    dyn Fn(RelationLoadStrategy) -> Pin<Box<dyn Future<Output = client::Result<String>> + 'c>> + 'c,
>;

/// `scenario` as a [`Query`].
fn query<'c, T: Debug, F: Future<Output = client::Result<T>> + 'c>(
    scenario: impl Fn(RelationLoadStrategy) -> F + 'c,
) -> Query<'c> {
    Box::new(move |s| {
        let records = scenario(s);
        Box::pin(async move { records.await.map(|r| format!("{r:?}")) })
    })
}

/// The titles of a person's posts, in order, joined by commas (a computed field that needs
/// a relation).
struct PostTitles;

impl client::Computed<Person> for PostTitles {
    type Needs = RelationSelect<Person, Post, Pick<Post, String>, client::__private::ToMany>;
    type Output = String;
    fn needs(&self) -> Self::Needs {
        person::select::posts(post::select::title()).order_by(post::id().asc())
    }
    fn compute(&self, titles: Vec<String>) -> String {
        titles.join(",")
    }
}

fn selections(database: Database) {
    let Some((rt, db)) = open(database, "rls_select", "all_types") else {
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

    // Relation counts beside whole records with includes (`include` with `_count`); a
    // computed field (an extension) that needs a relation selection; `find_first` with `omit`
    // and a relation; backwards paging.
    let scenarios: [Query<'_>; 4] = [
        query(|s| {
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
        }),
        query(|s| {
            c.person()
                .find_many()
                .order_by(person::id().asc())
                .relation_load_strategy(s)
                .select((person::select::id(), client::computed(PostTitles)))
                .exec()
        }),
        query(|s| {
            c.person()
                .find_first(person::posts().some(Filter::all()))
                .order_by(person::id().desc())
                .relation_load_strategy(s)
                .select((
                    person::select::omit(person::omit::Name),
                    person::select::badge(badge::select::label()),
                ))
                .exec()
        }),
        query(|s| {
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
        }),
    ];
    for scenario in &scenarios {
        same_both_ways!(database, rt, scenario);
    }

    // The debug events of the join strategy given up: a cursor inside a relation selection
    // runs the query strategy, as Prisma does; nothing to join (fields and counts only) sends
    // no event.
    let cursor = match database {
        Database::Postgres => "`cursor` inside the selection of posts",
        Database::Sqlite => "no join strategy on Sqlite",
        Database::Mysql => "no join strategy on Mysql",
    };
    let events: [(Query<'_>, Vec<&str>); 2] = [
        (
            query(|s| {
                c.person()
                    .find_many()
                    .order_by(person::id().asc())
                    .relation_load_strategy(s)
                    .select((
                        person::select::id(),
                        person::select::posts(post::select::id()).cursor(post::id().equals(3)),
                    ))
                    .exec()
            }),
            vec![cursor],
        ),
        (
            query(|s| {
                c.person()
                    .find_many()
                    .relation_load_strategy(s)
                    .select((person::select::id(), person::posts().count()))
                    .exec()
            }),
            Vec::new(),
        ),
    ];
    for (scenario, expected) in events {
        let reasons = Arc::new(Mutex::new(Vec::new()));
        tracing::subscriber::with_default(JoinEvents(reasons.clone()), || {
            rt.block_on(scenario(RelationLoadStrategy::Join))
        })
        .unwrap();
        assert_eq!(*reasons.lock().unwrap(), expected);
    }
}

/// Selected fields of every kind inside relation selections, read from the join strategy's
/// JSON exactly as the query strategy reads their columns (the data of
/// `every_type_round_trips_postgres`).
pub fn every_type_selected(runtime: &tokio::runtime::Runtime, c: &client::Client) {
    use super::types::{Models as _, item, owner};
    same_both_ways!(Database::Postgres, runtime, |s| {
        c.owner()
            .find_many()
            .order_by(owner::id().asc())
            .relation_load_strategy(s)
            .select((
                owner::select::id(),
                owner::select::items((
                    (
                        item::select::json(),
                        item::select::docs(),
                        item::select::decimal(),
                        item::select::decimals(),
                        item::select::money(),
                        item::select::big_int(),
                        item::select::float(),
                        item::select::real(),
                    ),
                    (
                        item::select::string(),
                        item::select::bytes(),
                        item::select::blobs(),
                        item::select::timetz(),
                        item::select::timestamptz(),
                        item::select::date(),
                        item::select::times(),
                        item::select::colours(),
                        item::select::inet(),
                        item::select::bit(),
                        item::select::uuid(),
                        item::select::xml(),
                    ),
                    item::select::owner(
                        owner::select::items(item::select::id()).order_by(item::id().asc()),
                    ),
                ))
                .order_by(item::id().asc()),
                owner::select::best(item::select::all()),
            ))
            .exec()
    });
}

/// A random `skip` and `take` of a relation selection, drawn once and applied to each
/// strategy's query.
#[derive(Clone, Copy)]
struct Page(Option<usize>, Option<usize>);

impl Page {
    fn draw(rng: &mut Rng) -> Page {
        Page(
            rng.chance(30).then(|| rng.below(3) as usize),
            rng.chance(40).then(|| rng.below(4) as usize),
        )
    }
    fn apply<P, C, S, K>(self, mut s: RelationSelect<P, C, S, K>) -> RelationSelect<P, C, S, K> {
        if let Some(skip) = self.0 {
            s = s.skip(skip);
        }
        if let Some(take) = self.1 {
            s = s.take(take);
        }
        s
    }
}

/// One round of the property test with a selection: one of three shapes (nested relation
/// selections with counts; selections of every cardinality with `omit`; whole records with
/// a random include tree and counts), with random filters, orders (completed by the key),
/// `skip` and `take`, and the query's own filter and paging.
pub fn random_selection(
    rng: &mut Rng,
    database: Database,
    rt: &tokio::runtime::Runtime,
    c: &client::Client,
    filter: &Filter<Person>,
    (take, skip): (Option<i64>, Option<i64>),
) {
    let top = |s| {
        let mut q = c
            .person()
            .find_many()
            .filter(filter.clone())
            .order_by(person::id().asc())
            .relation_load_strategy(s);
        if let Some(take) = take {
            q = q.take(take);
        }
        if let Some(skip) = skip {
            q = q.skip(skip);
        }
        q
    };
    let (a, b, c2, d) = (
        rng.chance(50),
        rng.chance(50),
        rng.chance(30),
        rng.chance(50),
    );
    let (p1, p2) = (Page::draw(rng), Page::draw(rng));
    match rng.below(3) {
        0 => {
            let select = || {
                let tags = post::select::tags(tag::select::name()).order_by(if a {
                    tag::id().asc()
                } else {
                    tag::id().desc()
                });
                let mut posts = post::select::tags(tag::select::id());
                posts = posts.order_by(tag::name().asc()).order_by(tag::id().asc());
                let mut mine = person::select::posts((
                    post::select::title(),
                    post::tags().count(),
                    p1.apply(tags),
                    post::select::author(person::select::name()),
                    p2.apply(posts),
                ))
                .order_by(if b {
                    post::title().asc()
                } else {
                    post::title().desc()
                })
                .order_by(post::id().asc());
                if c2 {
                    mine = mine.filter(post::title().not_in_vec(["t0".to_owned()]));
                }
                let count = if d {
                    person::posts().count()
                } else {
                    person::posts().count().filter(post::title().equals("t1"))
                };
                (person::select::name(), count, mine)
            };
            same_both_ways!(database, rt, |s| top(s).select(select()).exec());
        }
        1 => {
            let select = || {
                let reports = person::select::reports((
                    person::select::omit(person::omit::ManagerId),
                    person::select::badge(badge::select::label()),
                    person::select::manager(person::select::id()),
                    person::reports().count(),
                ))
                .order_by(if a {
                    person::name().asc()
                } else {
                    person::name().desc()
                })
                .order_by(person::id().asc());
                let grants = membership::select::grants(grant::select::scope())
                    .order_by(if b {
                        grant::scope().asc()
                    } else {
                        grant::id().desc()
                    })
                    .order_by(grant::id().asc());
                let memberships = person::select::memberships((
                    membership::select::role(),
                    p2.apply(grants),
                    membership::select::person(person::select::profile(profile::select::bio())),
                ))
                .order_by(membership::org_id().asc());
                (person::select::id(), p1.apply(reports), memberships)
            };
            same_both_ways!(database, rt, |s| top(s).select(select()).exec());
        }
        _ => {
            let include = random_person_include(rng, 1);
            same_both_ways!(database, rt, |s| top(s)
                .include(include.clone())
                .with_counts((person::memberships().count(), person::reports().count()))
                .exec());
        }
    }
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
