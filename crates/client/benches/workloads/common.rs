//! What every database's workloads share: the options, the workload table, the best-of-runs
//! measurement and the printed line, and the data both implementations use.

use chrono::{DateTime, Utc};

/// The points schema's tables on `provider` (`sqlite`, `postgresql`, `mysql`), as Refract's
/// migration engine creates them from empty (the example's own migrations are made the same
/// way). Computed once per database, before any workload runs.
pub fn points_ddl(provider: &str) -> String {
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/points/prisma/schema.prisma");
    test_support::schema_ddl(&schema, provider)
}

/// How many times each workload runs per implementation; the best run counts.
pub const RUNS: usize = 5;

/// What the command line asks for: one workload (`W4`), some databases (`sqlite`,
/// `postgresql`), and `REFRACT_BENCH_SIDE=client|baseline` to run one side only.
pub struct Options {
    only: Option<String>,
    dialects: Vec<String>,
    side: String,
}

impl Options {
    pub fn from_args(args: &[String]) -> Options {
        Options {
            only: args.iter().find(|a| a.starts_with('W')).cloned(),
            dialects: args
                .iter()
                .filter(|a| matches!(a.as_str(), "sqlite" | "postgresql" | "mysql"))
                .cloned()
                .collect(),
            side: std::env::var("REFRACT_BENCH_SIDE").unwrap_or_default(),
        }
    }

    /// Whether the workloads of `dialect` run (all run when none is named).
    pub fn wants(&self, dialect: &str) -> bool {
        self.dialects.is_empty() || self.dialects.iter().any(|d| d == dialect)
    }
}

/// One workload on one database: `Conn` is the baseline's own connection.
pub struct Workload<Conn> {
    pub id: &'static str,
    pub name: &'static str,
    pub ops: usize,
    pub setup: fn(&Conn),
    pub baseline: fn(&Conn),
    /// The client's side, run on the runtime the client was connected on.
    pub client: fn(&tokio::runtime::Runtime, &client::Client),
    pub check: fn(&Conn),
}

/// What one database brings to a workload, in this order: its setup (seeding, not timed), its
/// hand-written baseline, and the check of the results.
pub type Sides<Conn> = (fn(&Conn), fn(&Conn), fn(&Conn));

/// W1–W8 of `WORKLOADS.md` (id, name, operations per run and the client's side, the same on
/// every database), each with one database's [`Sides`], given in the same order; and W4j, W4
/// with the `join` relation load strategy, against W4's baseline.
pub fn workloads<Conn>(sides: [Sides<Conn>; 8]) -> Vec<Workload<Conn>> {
    type ClientSide = fn(&tokio::runtime::Runtime, &client::Client);
    // The last element: which of `sides` the workload runs against.
    let table: [(&'static str, &'static str, usize, ClientSide, usize); 9] = [
        ("W1", "create", 5_000, client_side::w1, 0),
        ("W2", "find_unique", 20_000, client_side::w2, 1),
        ("W3", "find_many", 2_000, client_side::w3, 2),
        ("W4", "include", 50, client_side::w4, 3),
        ("W4j", "include_join", 50, client_side::w4_join, 3),
        ("W5", "update", 10_000, client_side::w5, 4),
        ("W6", "leaderboard", 200, client_side::w6, 5),
        ("W7", "create_many", 20_000, client_side::w7, 6),
        ("W8", "transaction", 1_000, client_side::w8, 7),
    ];
    table
        .into_iter()
        .map(|(id, name, ops, client, side)| ((id, name, ops, client), sides[side]))
        .map(
            |((id, name, ops, client), (setup, baseline, check))| Workload {
                id,
                name,
                ops,
                setup,
                baseline,
                client,
                check,
            },
        )
        .collect()
}

/// Runs each selected workload [`RUNS`] times per side through `run(workload, client_side)`
/// (which returns operations per second) and prints its line; `label` is the database's name
/// in brackets, or `None` for SQLite (whose lines keep the original form).
pub fn measure<Conn>(
    options: &Options,
    label: Option<&str>,
    workloads: &[Workload<Conn>],
    mut run: impl FnMut(&Workload<Conn>, bool) -> f64,
) {
    for w in workloads {
        if options.only.as_deref().is_some_and(|o| o != w.id) {
            continue;
        }
        let (mut best_client, mut best_baseline) = (0f64, 0f64);
        for _ in 0..RUNS {
            if options.side != "client" {
                best_baseline = best_baseline.max(run(w, false));
            }
            if options.side != "baseline" {
                best_client = best_client.max(run(w, true));
            }
        }
        let label = label.map(|l| format!(" [{l}]")).unwrap_or_default();
        println!(
            "{} {}{label} client={best_client:.1} baseline={best_baseline:.1} ratio={:.2}",
            w.id,
            w.name,
            best_client / best_baseline
        );
    }
}

/// A current-thread runtime, as an application's request handler would use.
pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// A fixed-seed generator (xorshift), so both implementations see the same lookups.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

pub fn email(i: usize) -> String {
    format!("user{i}@example.com")
}

// ---- hand-written rows for the baselines ----
#[derive(Debug)]
#[allow(
    dead_code,
    reason = "fields are decoded as an application would, not all are read"
)]
pub struct BUser {
    pub id: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub name: Option<String>,
    pub email: String,
    pub hashed_password: Option<String>,
    pub role: String,
}
#[derive(Debug, Clone)]
#[allow(
    dead_code,
    reason = "fields are decoded as an application would, not all are read"
)]
pub struct BActivity {
    pub id: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub points: i32,
    pub name: String,
}
#[derive(Debug)]
#[allow(
    dead_code,
    reason = "fields are decoded as an application would, not all are read"
)]
pub struct BAction {
    pub id: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub user_id: i32,
    pub activity_id: i32,
    pub activity: BActivity,
}
#[derive(Debug)]
pub struct BUserWithActions {
    pub user: BUser,
    pub actions: Vec<BAction>,
}

pub const USER_COLS: &str =
    "\"id\", \"createdAt\", \"updatedAt\", \"name\", \"email\", \"hashedPassword\", \"role\"";

/// W3's answer: emails user1…, role 'user' needs an even index: 10..18 (5), 100..198 (50),
/// 1000..1998 (500); take 50.
pub const W3_EXPECTED: usize = 50;

/// The leader of W6, computed independently from `(activity id, points)` and
/// `(user id, activity id)` rows.
pub fn leader(activities: &[(i32, i64)], actions: &[(i32, i32)]) -> i32 {
    let points: std::collections::HashMap<i32, i64> = activities.iter().copied().collect();
    let mut totals = std::collections::BTreeMap::<i32, i64>::new();
    for (u, a) in actions {
        *totals.entry(*u).or_default() += points[a];
    }
    let best = totals.values().copied().max().expect("some");
    *totals.iter().find(|(_, t)| **t == best).expect("leader").0
}

/// W4's check of the baseline's users, as the client's is checked.
pub fn check_graph(users: &[BUserWithActions]) {
    assert_eq!(users.len(), 1_000);
    assert!(
        users
            .iter()
            .all(|u| u.actions.len() == 10
                && u.actions.iter().all(|a| a.activity.id == a.activity_id))
    );
}

/// W6's query, with the dialect's placeholder for the limit.
pub fn leaderboard(placeholder: &str) -> String {
    format!(
        "SELECT a.\"userId\", SUM(t.\"points\") AS total FROM \"Action\" AS a \
         INNER JOIN \"Activity\" AS t ON t.\"id\" = a.\"activityId\" GROUP BY a.\"userId\" \
         ORDER BY total DESC, a.\"userId\" ASC LIMIT {placeholder}"
    )
}

/// The client's side of each workload: the same code on every database.
pub mod client_side {
    use client::{Client, Dialect, Error, Value};
    use tokio::runtime::Runtime;

    use super::{Rng, W3_EXPECTED, email, leaderboard};
    use crate::points::{Models, action, user};

    pub fn w1(rt: &Runtime, c: &Client) {
        rt.block_on(async {
            for i in 0..5_000 {
                let u = c
                    .user()
                    .create(user::create(email(i)).set(user::name().set(format!("User {i}"))))
                    .exec()
                    .await
                    .expect("create");
                std::hint::black_box(u);
            }
        });
    }

    pub fn w2(rt: &Runtime, c: &Client) {
        rt.block_on(async {
            let mut rng = Rng(42);
            for _ in 0..20_000 {
                let e = email(rng.next(5_000));
                let u = c
                    .user()
                    .find_unique(user::email().equals(e.as_str()))
                    .exec()
                    .await
                    .expect("query")
                    .expect("found");
                assert_eq!(u.email, e);
            }
        });
    }

    pub fn w3(rt: &Runtime, c: &Client) {
        rt.block_on(async {
            for _ in 0..2_000 {
                let rows = c
                    .user()
                    .find_many()
                    .filter(
                        user::role()
                            .equals("user")
                            .and(user::email().starts_with("user1")),
                    )
                    .order_by(user::created_at().desc())
                    .take(50)
                    .exec()
                    .await
                    .expect("query");
                assert_eq!(rows.len(), W3_EXPECTED);
            }
        });
    }

    pub fn w4(rt: &Runtime, c: &Client) {
        w4_with(rt, c, client::RelationLoadStrategy::Query);
    }

    /// W4 with the `join` relation load strategy: one statement per query on PostgreSQL (the
    /// query strategy elsewhere, as in Prisma).
    pub fn w4_join(rt: &Runtime, c: &Client) {
        w4_with(rt, c, client::RelationLoadStrategy::Join);
    }

    fn w4_with(rt: &Runtime, c: &Client, strategy: client::RelationLoadStrategy) {
        rt.block_on(async {
            for _ in 0..50 {
                let users = c
                    .user()
                    .find_many()
                    .relation_load_strategy(strategy)
                    .order_by(user::id().asc())
                    .include(
                        user::include::actions()
                            .order_by(action::id().asc())
                            .include(action::include::activity()),
                    )
                    .exec()
                    .await
                    .expect("query");
                assert_eq!(users.len(), 1_000);
                assert!(users.iter().all(|u| {
                    let actions = u.actions.get().expect("included");
                    actions.len() == 10
                        && actions
                            .iter()
                            .all(|a| a.activity.get().is_some_and(|t| t.id == a.activity_id))
                }));
            }
        });
    }

    pub fn w5(rt: &Runtime, c: &Client) {
        rt.block_on(async {
            for i in 0..10_000 {
                let id = i % 5_000 + 1;
                let u = c
                    .user()
                    .update(
                        user::id().equals(id),
                        vec![user::name().set(format!("Name {i}"))],
                    )
                    .exec()
                    .await
                    .expect("update");
                assert_eq!(u.id, id);
            }
        });
    }

    /// The placeholder of the dialect's first parameter.
    pub fn first_param(c: &Client) -> &'static str {
        match c.dialect() {
            Dialect::Postgres => "$1",
            _ => "?",
        }
    }

    /// W6's query in the database's own syntax (raw queries run as written: backticks on
    /// MySQL).
    pub fn leaderboard_sql(c: &Client) -> String {
        let sql = leaderboard(first_param(c));
        match c.dialect() {
            Dialect::Mysql => sql.replace('"', "`"),
            _ => sql,
        }
    }

    pub fn w6(rt: &Runtime, c: &Client) {
        let sql = leaderboard_sql(c);
        rt.block_on(async {
            for _ in 0..200 {
                let top = c
                    .query_raw(&sql, vec![Value::Int(10)], |r| {
                        Ok((r.read::<i32>()?, r.read::<i64>()?))
                    })
                    .await
                    .expect("query");
                assert_eq!(top.len(), 10);
                std::hint::black_box(top);
            }
        });
    }

    /// The leader as the client reads it (W6's check).
    pub fn w6_leader(rt: &Runtime, c: &Client) -> Vec<i32> {
        let sql = leaderboard_sql(c);
        rt.block_on(async {
            c.query_raw(&sql, vec![Value::Int(1)], |r| r.read::<i32>())
                .await
                .expect("query")
        })
    }

    pub fn w7(rt: &Runtime, c: &Client) {
        rt.block_on(async {
            let data = (0..20_000)
                .map(|i| action::create(i % 1_000 + 1, i % 20 + 1))
                .collect();
            let n = c
                .action()
                .create_many(data)
                .exec()
                .await
                .expect("createMany");
            assert_eq!(n, 20_000);
        });
    }

    pub fn w8(rt: &Runtime, c: &Client) {
        rt.block_on(async {
            for i in 0..1_000 {
                c.transaction(async |tx| {
                    let u = tx
                        .user()
                        .create(user::create(format!("tx{i}@example.com")))
                        .exec()
                        .await?;
                    for k in 0..5 {
                        tx.action()
                            .create(action::create(u.id, k % 20 + 1))
                            .exec()
                            .await?;
                    }
                    Ok::<_, Error>(())
                })
                .await
                .expect("transaction");
            }
        });
    }
}
