//! The relation load strategy (Prisma's `relationLoadStrategy`): `Join` loads the records and
//! every included relation in one statement on PostgreSQL (LATERAL subqueries and JSON
//! aggregation), with the same records as `Query`; on SQLite and MariaDB, where Prisma has no
//! join strategy, `Join` runs the query strategy. Fixed includes over the all_types schema
//! (self-relations both ways, to-one on either side, one-to-many, many-to-many through the join
//! table, a relation over a composite key, a globally omitted field), then a property test:
//! random include trees with random filters, orders, `take` and `skip` over random data, the
//! two strategies compared exactly. Its seed is printed; `RELATION_LOAD_SEED=n` replays it.
//! Statements are counted from the `refract.query` spans, as in find_unique_batching.rs.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/all_types.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

#[path = "relation_load_strategy/order_hooks.rs"]
mod order_hooks;
#[path = "relation_load_strategy/selections.rs"]
mod selections;
#[path = "relation_load_strategy/writes.rs"]
mod writes;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use client::{Client, Filter, RelationLoadStrategy};
use db::{Membership, Models, Person, Post, grant, membership, person, post, tag};
use support::{Database, QueryCounter, open};

/// Runs `f`, returning its result and the number of statements it sent.
fn counted<T>(runtime: &tokio::runtime::Runtime, f: impl Future<Output = T>) -> (T, usize) {
    let count = Arc::new(AtomicUsize::new(0));
    let out =
        tracing::subscriber::with_default(QueryCounter(count.clone()), || runtime.block_on(f));
    (out, count.load(Ordering::SeqCst))
}

/// Collects the reasons of the `refract::join` debug events (the join strategy not used).
struct JoinEvents(Arc<std::sync::Mutex<Vec<String>>>);

impl tracing::Subscriber for JoinEvents {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Reason(Option<String>);
        impl tracing::field::Visit for Reason {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                if field.name() == "reason" {
                    self.0 = Some(format!("{value:?}"));
                }
            }
        }
        if event.metadata().target() == "refract::join" {
            let mut reason = Reason(None);
            event.record(&mut reason);
            self.0.lock().unwrap().extend(reason.0);
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Random data: people (managers among those before them), their profiles, badges, posts,
/// tags on posts, memberships and grants; names and titles from small sets, so that orders
/// have ties and filters match some records. Written with the dialect's quotes.
fn seed_sql(rng: &mut Rng, database: Database) -> String {
    let names = ["ann", "bob", "cy", "dee"];
    let mut sql = String::new();
    let people = 6 + rng.below(10);
    for id in 1..=people {
        let manager = if id > 1 && rng.chance(70) {
            (1 + rng.below(id - 1)).to_string()
        } else {
            "NULL".into()
        };
        let name = names[rng.below(4) as usize];
        sql += &format!(
            "INSERT INTO \"Person\" (\"id\", \"name\", \"managerId\", \"secret\") VALUES ({id}, '{name}', {manager}, 's{id}');\n"
        );
        if rng.chance(60) {
            sql += &format!(
                "INSERT INTO \"Profile\" (\"id\", \"bio\", \"personId\") VALUES ({id}, 'bio {}', {id});\n",
                rng.below(3)
            );
        }
        if rng.chance(50) {
            sql += &format!(
                "INSERT INTO \"Badge\" (\"id\", \"label\", \"personId\") VALUES ({id}, 'l{}', {id});\n",
                rng.below(3)
            );
        }
    }
    // A badge no one wears.
    sql +=
        "INSERT INTO \"Badge\" (\"id\", \"label\", \"personId\") VALUES (1000, 'spare', NULL);\n";
    let tags = 5;
    for id in 1..=tags {
        sql += &format!("INSERT INTO \"Tag\" (\"id\", \"name\") VALUES ({id}, 'tag{id}');\n");
    }
    let posts = rng.below(30) + 5;
    for id in 1..=posts {
        let author = 1 + rng.below(people);
        sql += &format!(
            "INSERT INTO \"Post\" (\"id\", \"title\", \"authorId\") VALUES ({id}, 't{}', {author});\n",
            rng.below(4)
        );
        for tag in 1..=tags {
            if rng.chance(35) {
                sql +=
                    &format!("INSERT INTO \"_PostToTag\" (\"A\", \"B\") VALUES ({id}, {tag});\n");
            }
        }
    }
    let mut grant = 1;
    for person in 1..=people {
        for org in 1..=3 {
            if rng.chance(40) {
                sql += &format!(
                    "INSERT INTO \"Membership\" (\"orgId\", \"personId\", \"role\") VALUES ({org}, {person}, '{}');\n",
                    if rng.chance(50) { "USER" } else { "admin" }
                );
                for _ in 0..rng.below(3) {
                    sql += &format!(
                        "INSERT INTO \"Grant\" (\"id\", \"scope\", \"orgId\", \"personId\") VALUES ({grant}, 'g{grant}', {org}, {person});\n"
                    );
                    grant += 1;
                }
            }
        }
    }
    sql += &format!(
        "INSERT INTO \"Grant\" (\"id\", \"scope\", \"orgId\", \"personId\") VALUES ({grant}, 'loose', NULL, NULL);\n"
    );
    if database == Database::Mysql {
        sql = sql.replace('"', "`");
    }
    sql
}

/// The fixed includes: every kind of relation, nested, with filters, orders, take and skip.
fn fixed_query(c: &Client, strategy: RelationLoadStrategy) -> client::FindMany<'_, Person> {
    c.person()
        .find_many()
        .order_by(person::id().asc())
        .relation_load_strategy(strategy)
        .include(person::include::manager().include(person::include::manager()))
        .include(
            person::include::reports()
                .order_by(person::name().desc())
                .order_by(person::id().asc())
                .skip(1)
                .take(2),
        )
        .include(person::include::profile())
        .include(person::include::badge())
        .include(
            person::include::posts()
                .filter(post::title().not_in_vec(["t3".to_owned()]))
                .order_by(post::title().asc())
                .order_by(post::id().desc())
                .include(
                    post::include::tags()
                        .order_by(tag::id().asc())
                        .include(tag::include::posts().order_by(post::id().asc()).take(2)),
                ),
        )
        .include(
            person::include::memberships()
                .order_by(membership::org_id().asc())
                .include(membership::include::grants().order_by(grant::id().asc()))
                .include(membership::include::person()),
        )
}

fn fixed(database: Database) {
    let Some((rt, db)) = open(database, "rls_fixed", "all_types") else {
        return;
    };
    let c = &db.client;
    rt.block_on(c.execute_script(&seed_sql(&mut Rng(7), database)))
        .unwrap();
    let (by_query, query_statements) =
        counted(&rt, fixed_query(c, RelationLoadStrategy::Query).exec());
    let (by_join, join_statements) =
        counted(&rt, fixed_query(c, RelationLoadStrategy::Join).exec());
    let (by_query, by_join) = (by_query.unwrap(), by_join.unwrap());
    assert!(by_query.len() > 5);
    assert_eq!(by_join, by_query);
    assert!(query_statements > 5, "{query_statements}");
    if database == Database::Postgres {
        assert_eq!(join_statements, 1, "the join strategy sends one statement");
    } else {
        // No join strategy here (as in Prisma): the query strategy runs.
        assert_eq!(join_statements, query_statements);
    }

    // all_types does not enable `relationJoins`: `query` is the default, as in Prisma.
    let (default, statements) = counted(
        &rt,
        c.person()
            .find_many()
            .order_by(person::id().asc())
            .include(person::include::posts())
            .exec(),
    );
    default.unwrap();
    assert_eq!(statements, 2);

    // find_first and find_unique take it too; to-one from the foreign-key side, and from the
    // other side; backwards paging.
    let (first, statements) = counted(
        &rt,
        c.person()
            .find_first(person::posts().some(Filter::all()))
            .order_by(person::id().desc())
            .relation_load_strategy(RelationLoadStrategy::Join)
            .include(person::include::posts().include(post::include::author()))
            .exec(),
    );
    let expected = rt
        .block_on(
            c.person()
                .find_first(person::posts().some(Filter::all()))
                .order_by(person::id().desc())
                .include(person::include::posts().include(post::include::author()))
                .exec(),
        )
        .unwrap();
    assert_eq!(first.unwrap(), expected);
    if database == Database::Postgres {
        assert_eq!(statements, 1);
    }
    let page = |s| {
        c.membership()
            .find_many()
            .order_by(membership::person_id().asc())
            .order_by(membership::org_id().asc())
            .take(-3)
            .relation_load_strategy(s)
            .include(membership::include::person().include(person::include::badge()))
            .exec()
    };
    let joined: Vec<Membership> = rt.block_on(page(RelationLoadStrategy::Join)).unwrap();
    assert_eq!(
        joined,
        rt.block_on(page(RelationLoadStrategy::Query)).unwrap()
    );

    // A cursor inside an include: the query strategy, as Prisma does, and a debug event that
    // says why.
    let reasons = Arc::new(std::sync::Mutex::new(Vec::new()));
    let with_cursor = tracing::subscriber::with_default(JoinEvents(reasons.clone()), || {
        rt.block_on(
            c.person()
                .find_many()
                .order_by(person::id().asc())
                .relation_load_strategy(RelationLoadStrategy::Join)
                .include(person::include::posts().cursor(post::id().equals(3)))
                .exec(),
        )
    });
    with_cursor.unwrap();
    let expected = match database {
        Database::Postgres => "`cursor` inside the include of posts",
        Database::Sqlite => "no join strategy on Sqlite",
        Database::Mysql => "no join strategy on Mysql",
    };
    assert_eq!(*reasons.lock().unwrap(), [expected]);
}

#[test]
fn fixed_includes_sqlite() {
    fixed(Database::Sqlite);
}

#[test]
fn fixed_includes_postgres() {
    fixed(Database::Postgres);
}

#[test]
fn fixed_includes_mysql() {
    fixed(Database::Mysql);
}

/// A random order on a model's fields, completed by its key (so that both strategies agree).
macro_rules! random_order {
    ($rng:expr, $load:expr, $key:expr, [$($field:expr),*]) => {{
        let mut orders = vec![$(($field.asc(), $field.desc())),*];
        let mut load = $load;
        if $rng.chance(70) {
            let (asc, desc) = orders.swap_remove($rng.below(orders.len() as u64) as usize);
            load = load.order_by(if $rng.chance(50) { asc } else { desc });
        }
        load.order_by(if $rng.chance(50) { $key.asc() } else { $key.desc() })
    }};
}

fn paged<P: client::__private::Model, C: client::__private::Model>(
    rng: &mut Rng,
    mut load: client::__private::RelationLoad<P, C>,
    list: bool,
) -> client::__private::RelationLoad<P, C> {
    if list && rng.chance(30) {
        load = load.skip(rng.below(3) as usize);
    }
    if list && rng.chance(40) {
        load = load.take(rng.below(4) as usize);
    }
    load
}

fn random_post_include(rng: &mut Rng, depth: u32) -> client::__private::Include<Post> {
    match rng.below(2) {
        0 => {
            let mut load = post::include::author();
            if rng.chance(30) {
                load = load.filter(person::name().not_in_vec(["ann".to_owned()]));
            }
            if depth > 0 && rng.chance(60) {
                load = load.include(random_person_include(rng, depth - 1));
            }
            load.into()
        }
        _ => {
            let mut load = random_order!(rng, post::include::tags(), tag::id(), [tag::name()]);
            if rng.chance(30) {
                load = load.filter(tag::id().gt(rng.below(4) as i32));
            }
            if depth > 0 && rng.chance(50) {
                load = load.include(random_order!(
                    rng,
                    tag::include::posts(),
                    post::id(),
                    [post::title()]
                ));
            }
            paged(rng, load, true).into()
        }
    }
}

fn random_person_include(rng: &mut Rng, depth: u32) -> client::__private::Include<Person> {
    let nested = |rng: &mut Rng, depth: u32| depth > 0 && rng.chance(55);
    match rng.below(6) {
        0 => {
            let mut load = person::include::manager();
            if nested(rng, depth) {
                load = load.include(random_person_include(rng, depth - 1));
            }
            load.into()
        }
        1 => {
            let mut load = random_order!(
                rng,
                person::include::reports(),
                person::id(),
                [person::name(), person::manager_id()]
            );
            if rng.chance(30) {
                load = load.filter(person::name().in_vec(["bob".to_owned(), "cy".to_owned()]));
            }
            if rng.chance(20) {
                load = load.filter(person::posts().some(post::title().equals("t1")));
            }
            if nested(rng, depth) {
                load = load.include(random_person_include(rng, depth - 1));
            }
            paged(rng, load, true).into()
        }
        2 => person::include::profile().into(),
        3 => {
            let mut load = person::include::badge();
            if rng.chance(30) {
                load = load.filter(db::badge::label().equals("l1"));
            }
            load.into()
        }
        4 => {
            let mut load = random_order!(
                rng,
                person::include::posts(),
                post::id(),
                [post::title(), post::author_id()]
            );
            if rng.chance(30) {
                load = load.filter(post::title().not_in_vec(["t0".to_owned()]));
            }
            if nested(rng, depth) {
                load = load.include(random_post_include(rng, depth - 1));
            }
            paged(rng, load, true).into()
        }
        _ => {
            let mut load = random_order!(
                rng,
                person::include::memberships(),
                membership::org_id(),
                [membership::role()]
            )
            .order_by(membership::person_id().asc());
            if nested(rng, depth) {
                let grants = grants_include(rng);
                load = load.include(paged(rng, grants, true));
            }
            if nested(rng, depth) {
                load = load.include(
                    membership::include::person().include(random_person_include(rng, depth - 1)),
                );
            }
            paged(rng, load, true).into()
        }
    }
}

/// Grants of a membership in a random order.
fn grants_include(rng: &mut Rng) -> client::__private::RelationLoad<Membership, db::Grant> {
    random_order!(
        rng,
        membership::include::grants(),
        grant::id(),
        [grant::scope()]
    )
}

fn property(database: Database) {
    let seed: u64 = std::env::var("RELATION_LOAD_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        });
    eprintln!("random include trees from RELATION_LOAD_SEED={seed}");
    let Some((rt, db)) = open(database, "rls_property", "all_types") else {
        return;
    };
    let c = &db.client;
    let mut rng = Rng(seed);
    rt.block_on(c.execute_script(&seed_sql(&mut rng, database)))
        .unwrap();
    for round in 0..60 {
        let mut includes = Vec::new();
        for _ in 0..1 + rng.below(3) {
            includes.push(random_person_include(&mut rng, 2));
        }
        let mut filter: Filter<Person> = Filter::all();
        if rng.chance(30) {
            filter = person::name().not_in_vec(["dee".to_owned()]);
        }
        let (take, skip) = (
            rng.chance(30).then(|| rng.below(6) as i64 - 2),
            rng.chance(20).then(|| rng.below(3) as i64),
        );
        let query = |strategy| {
            let mut q = c
                .person()
                .find_many()
                .filter(filter.clone())
                .order_by(person::id().asc())
                .relation_load_strategy(strategy);
            if let Some(take) = take {
                q = q.take(take);
            }
            if let Some(skip) = skip {
                q = q.skip(skip);
            }
            for include in &includes {
                q = q.include(include.clone());
            }
            q.exec()
        };
        let (by_query, _) = counted(&rt, query(RelationLoadStrategy::Query));
        let (by_join, statements) = counted(&rt, query(RelationLoadStrategy::Join));
        let by_query = by_query.unwrap_or_else(|e| panic!("seed {seed} round {round}: {e}"));
        let by_join = by_join.unwrap_or_else(|e| panic!("seed {seed} round {round}: {e}"));
        assert_eq!(
            by_join, by_query,
            "seed {seed} round {round}: the strategies disagree"
        );
        if database == Database::Postgres {
            assert_eq!(statements, 1, "seed {seed} round {round}");
        }
        eprintln!("seed {seed} round {round}: a selection");
        selections::random_selection(&mut rng, database, &rt, c, &filter, (take, skip));
    }
}

#[test]
fn random_includes_postgres() {
    property(Database::Postgres);
}

#[test]
fn random_includes_sqlite() {
    property(Database::Sqlite);
}

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod types {
    include!("../../client-gen/tests/expect/relation_joins.rs");
}

/// Included records of every scalar type, scalar list and native type, with edge values, read
/// from the join strategy's JSON exactly as the query strategy reads their columns.
#[test]
fn every_type_round_trips_postgres() {
    use types::{Models as _, item, owner};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let Some(db) = runtime.block_on(support::postgres("rls_types", "relation_joins")) else {
        return;
    };
    let c = &db.client;
    runtime
        .block_on(c.execute_script(
            r#"
INSERT INTO "Owner" ("id") VALUES (1), (2);
INSERT INTO "Item" ("id", "ownerId") VALUES (1, 1);
INSERT INTO "Item" ("id", "ownerId", "int", "bigInt", "float", "decimal", "string", "bool",
  "dateTime", "json", "bytes", "colour", "smallInt", "oid", "wide", "money", "real", "varChar",
  "char", "xml", "inet", "bit", "varBit", "uuid", "timestamp", "timestamptz", "date", "time",
  "timetz", "jsonText", "tags", "numbers", "bigs", "floats", "decimals", "flags", "times",
  "blobs", "colours", "docs")
VALUES (2, 1, -2147483648, 9223372036854775807, 0.1, 12345678901234567890.123456789012345678,
  E'quote " back \\ tab \t é 😀 \u0001', true, '2024-02-29 23:59:59.999', '{"b": [1, 2.50, null], "a": "x"}',
  '\x00ff10', 'blue', -32768, 4000,
  '-99999999999999999999999999999999999.999999999999999999999999999999', 12.34, 3.4028235e38,
  'twelve chars', 'ab', '<a>x</a>', '192.168.0.1/24', '10100101', '1', '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  '1970-01-01 00:00:00.001', '2024-06-01 12:34:56.123456+02', '0001-01-01', '23:59:59.999999',
  '10:00:00+05:30', '{"z": 1, "a": [1e2, 1.0]}', ARRAY['a', 'b"c', ''], ARRAY[1, -2],
  ARRAY[9223372036854775807]::bigint[], ARRAY[1.5, -0.0, 1e300]::float8[],
  ARRAY[0.1, 100000000000000000000.5]::numeric[], ARRAY[true, false],
  ARRAY['2000-01-01 00:00:00', '2038-01-19 03:14:07.5']::timestamp[], ARRAY['\x01'::bytea, '\x'::bytea],
  ARRAY['RED', 'blue']::"Colour"[], ARRAY['{"b": 1, "a": [2.50]}', 'null', '"s"']::jsonb[]);
INSERT INTO "Item" ("id", "ownerId", "float", "real", "string", "json") VALUES
  (3, 2, 'NaN', '-Infinity', '', 'null'), (4, 2, 'Infinity', NULL, NULL, '"text"');
UPDATE "Owner" SET "bestId" = 2 WHERE "id" = 1;
"#,
        ))
        .unwrap();
    let query = |s| {
        c.owner()
            .find_many()
            .order_by(owner::id().asc())
            .relation_load_strategy(s)
            .include(owner::include::items().order_by(item::id().asc()))
            .include(owner::include::best().include(item::include::owner()))
            .exec()
    };
    let (joined, statements) = counted(&runtime, query(RelationLoadStrategy::Join));
    let queried = runtime
        .block_on(query(RelationLoadStrategy::Query))
        .unwrap();
    let joined = joined.unwrap();
    assert_eq!(statements, 1);
    assert_eq!(format!("{joined:?}"), format!("{queried:?}"));
    // The schema enables `relationJoins`: `join` is the default, as in Prisma.
    let (default, statements) = counted(
        &runtime,
        c.owner()
            .find_many()
            .order_by(owner::id().asc())
            .include(owner::include::items().order_by(item::id().asc()))
            .include(owner::include::best().include(item::include::owner()))
            .exec(),
    );
    assert_eq!(statements, 1);
    assert_eq!(format!("{:?}", default.unwrap()), format!("{queried:?}"));
    let items = queried[0].items.get().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(queried[1].items.get().unwrap().len(), 2);
    selections::every_type_selected(&runtime, c);
}

/// Reads of posts see those not titled `t0` (an extension's read hook).
struct HideT0;

impl client::QueryHook<Post> for HideT0 {
    fn read(&self, args: &mut client::ReadArgs<Post>) -> client::Result<()> {
        args.filter(post::title().not_in_vec(["t0".to_owned()]));
        Ok(())
    }
}

/// An extended client's read hooks filter included records with either strategy.
#[test]
fn read_hooks_filter_joined_includes_postgres() {
    let Some((rt, db)) = open(Database::Postgres, "rls_hooks", "all_types") else {
        return;
    };
    rt.block_on(
        db.client
            .execute_script(&seed_sql(&mut Rng(11), Database::Postgres)),
    )
    .unwrap();
    let c = db
        .client
        .extend(client::Extension::new().query::<Post>(HideT0));
    let query = |s| {
        c.person()
            .find_many()
            .order_by(person::id().asc())
            .relation_load_strategy(s)
            .include(person::include::posts().order_by(post::id().asc()))
            .exec()
    };
    let (joined, statements) = counted(&rt, query(RelationLoadStrategy::Join));
    let joined = joined.unwrap();
    assert_eq!(statements, 1);
    assert_eq!(
        joined,
        rt.block_on(query(RelationLoadStrategy::Query)).unwrap()
    );
    let posts: Vec<&Post> = joined.iter().flat_map(|p| p.posts.get().unwrap()).collect();
    assert!(!posts.is_empty());
    assert!(posts.iter().all(|p| p.title != "t0"));
}
