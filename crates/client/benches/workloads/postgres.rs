//! W1–W8 on PostgreSQL (a fresh database per run on the server `REFRACT_TEST_POSTGRES_URL`
//! names; skipped with a message when it is not set): the client against tokio-postgres with
//! prepared statements, each prepared once per connection and reused. Both sides run on a
//! current-thread runtime that also drives their connections.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;
use std::time::Instant;

use chrono::{DateTime, NaiveDateTime, Utc};
use client::Client;
use tokio::runtime::Runtime;
use tokio_postgres::types::ToSql;
use tokio_postgres::{NoTls, Row, Statement};

use crate::common::{
    BAction, BActivity, BUser, BUserWithActions, Options, Rng, USER_COLS, W3_EXPECTED, Workload,
    check_graph, client_side, email, leader, leaderboard, measure, points_ddl, rt, workloads,
};

/// The points schema's tables (see [`crate::common::points_ddl`]).
static DDL: LazyLock<String> = LazyLock::new(|| points_ddl("postgresql"));

/// Rows per multi-row INSERT in W7's baseline (the client's `createMany` uses the same).
const ROWS_PER_INSERT: usize = 1_000;

/// The baseline's connection: a runtime, a tokio-postgres client and its prepared statements.
pub struct Pg {
    rt: Runtime,
    client: tokio_postgres::Client,
    statements: RefCell<HashMap<String, Statement>>,
    url: String,
}

impl Pg {
    fn connect(url: &str) -> Pg {
        let rt = rt();
        let client = rt.block_on(async {
            let (client, connection) = tokio_postgres::connect(url, NoTls)
                .await
                .expect("connect to PostgreSQL");
            tokio::spawn(connection);
            client
        });
        Pg {
            rt,
            client,
            statements: RefCell::new(HashMap::new()),
            url: url.to_owned(),
        }
    }

    /// The statement prepared for `sql`, prepared on first use (as `prepare_cached`).
    async fn prepare(&self, sql: &str) -> Statement {
        if let Some(st) = self.statements.borrow().get(sql) {
            return st.clone();
        }
        let st = self.client.prepare(sql).await.expect("prepare");
        self.statements
            .borrow_mut()
            .insert(sql.to_owned(), st.clone());
        st
    }

    async fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Vec<Row> {
        let st = self.prepare(sql).await;
        self.client.query(&st, params).await.expect("query")
    }

    async fn query_one(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Row {
        let st = self.prepare(sql).await;
        self.client.query_one(&st, params).await.expect("query")
    }

    async fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> u64 {
        let st = self.prepare(sql).await;
        self.client.execute(&st, params).await.expect("execute")
    }

    fn count(&self, table: &str) -> i64 {
        self.rt.block_on(async {
            self.client
                .query_one(&format!("SELECT COUNT(*) FROM \"{table}\""), &[])
                .await
                .expect("count")
                .get(0)
        })
    }
}

/// A fresh database with the points schema, dropped at the end.
struct Db {
    server: String,
    name: String,
}

impl Db {
    fn new(server: &str, tag: &str) -> Db {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("refract_bench_{}_{tag}_{n}", std::process::id());
        let admin = Pg::connect(server);
        admin.rt.block_on(async {
            admin
                .client
                .batch_execute(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create database");
        });
        let db = Db {
            server: server.to_owned(),
            name,
        };
        let conn = Pg::connect(&db.url());
        conn.rt
            .block_on(async { conn.client.batch_execute(&DDL).await.expect("schema") });
        db
    }

    fn url(&self) -> String {
        let (base, _) = self.server.rsplit_once('/').expect("URL with a database");
        format!("{base}/{}", self.name)
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let admin = Pg::connect(&self.server);
        admin.rt.block_on(async {
            let _ = admin
                .client
                .batch_execute(&format!(
                    "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                    self.name
                ))
                .await;
        });
    }
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

fn time(r: &Row, i: usize) -> DateTime<Utc> {
    r.get::<_, NaiveDateTime>(i).and_utc()
}

fn b_user(r: &Row, o: usize) -> BUser {
    BUser {
        id: r.get(o),
        created_at: time(r, o + 1),
        updated_at: time(r, o + 2),
        name: r.get(o + 3),
        email: r.get(o + 4),
        hashed_password: r.get(o + 5),
        role: r.get(o + 6),
    }
}

// ---- seeding (not timed): arrays unnested in one statement ----
fn seed_users(c: &Pg, n: usize) {
    let emails: Vec<String> = (0..n).map(email).collect();
    let names: Vec<String> = (0..n).map(|i| format!("User {i}")).collect();
    let roles: Vec<&str> = (0..n)
        .map(|i| if i % 2 == 0 { "user" } else { "admin" })
        .collect();
    c.rt.block_on(async {
        c.execute(
            "INSERT INTO \"User\" (\"email\", \"name\", \"role\", \"createdAt\", \"updatedAt\") \
             SELECT e, n, r, $4::timestamp(3), $4::timestamp(3) \
             FROM UNNEST($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(e, n, r, o) \
             ORDER BY o",
            &[&emails, &names, &roles, &now()],
        )
        .await
    });
}

fn seed_activities(c: &Pg, n: usize) {
    c.rt.block_on(async {
        let now = now();
        for i in 0..n {
            c.execute(
                "INSERT INTO \"Activity\" (\"points\", \"name\", \"createdAt\", \"updatedAt\") VALUES ($1, $2, $3, $3)",
                &[&((i % 7 + 1) as i32), &format!("activity {i}"), &now],
            )
            .await;
        }
    });
}

fn seed_actions(c: &Pg, users: usize, per_user: usize, activities: usize) {
    let mut user_ids = Vec::new();
    let mut activity_ids = Vec::new();
    for u in 0..users {
        for k in 0..per_user {
            user_ids.push((u + 1) as i32);
            activity_ids.push(((u * 7 + k * 3) % activities + 1) as i32);
        }
    }
    c.rt.block_on(async {
        c.execute(
            "INSERT INTO \"Action\" (\"userId\", \"activityId\", \"createdAt\", \"updatedAt\") \
             SELECT u, a, $3::timestamp(3), $3::timestamp(3) \
             FROM UNNEST($1::int4[], $2::int4[]) WITH ORDINALITY AS t(u, a, o) \
             ORDER BY o",
            &[&user_ids, &activity_ids, &now()],
        )
        .await
    });
}

// ---- the workloads ----
fn no_setup(_: &Pg) {}

fn setup_users(c: &Pg) {
    seed_users(c, 5_000);
}

fn setup_graph(c: &Pg) {
    seed_users(c, 1_000);
    seed_activities(c, 20);
    seed_actions(c, 1_000, 10, 20);
    // `REFRACT_BENCH_FK_INDEX=1`: an index on `Action.userId` (`@@index([userId])`, which the
    // points schema does not declare and PostgreSQL does not make for a foreign key), for
    // W4j's plan: without it each user's LATERAL subquery scans the whole table
    // (docs/benchmarks.md, "W4 with the join strategy").
    if std::env::var_os("REFRACT_BENCH_FK_INDEX").is_some() {
        c.rt.block_on(c.client.batch_execute(
            "CREATE INDEX \"Action_userId_idx\" ON \"Action\"(\"userId\"); ANALYZE",
        ))
        .expect("index");
    }
}

fn w1_baseline(c: &Pg) {
    c.rt.block_on(async {
        for i in 0..5_000 {
            let now = now();
            let r = c
                .query_one(
                    "INSERT INTO \"User\" (\"email\", \"name\", \"createdAt\", \"updatedAt\") VALUES ($1, $2, $3, $4) RETURNING \"id\"",
                    &[&email(i), &format!("User {i}"), &now, &now],
                )
                .await;
            std::hint::black_box(r.get::<_, i32>(0));
        }
    });
}
fn w1_check(c: &Pg) {
    assert_eq!(c.count("User"), 5_000);
}

fn w2_baseline(c: &Pg) {
    let sql = format!("SELECT {USER_COLS} FROM \"User\" WHERE \"email\" = $1 LIMIT 1");
    c.rt.block_on(async {
        let mut rng = Rng(42);
        for _ in 0..20_000 {
            let e = email(rng.next(5_000));
            let u = b_user(&c.query_one(&sql, &[&e]).await, 0);
            assert_eq!(u.email, e);
        }
    });
}

fn w3_baseline(c: &Pg) {
    let sql = format!(
        "SELECT {USER_COLS} FROM \"User\" WHERE \"role\" = $1 AND \"email\" LIKE $2 ORDER BY \"createdAt\" DESC LIMIT $3"
    );
    c.rt.block_on(async {
        for _ in 0..2_000 {
            let rows: Vec<BUser> = c
                .query(&sql, &[&"user", &"user1%", &50_i64])
                .await
                .iter()
                .map(|r| b_user(r, 0))
                .collect();
            assert_eq!(rows.len(), W3_EXPECTED);
        }
    });
}

fn w4_baseline(c: &Pg) {
    c.rt.block_on(async {
        for _ in 0..50 {
            let rows = c
                .query(
                    "SELECT u.\"id\", u.\"createdAt\", u.\"updatedAt\", u.\"name\", u.\"email\", u.\"hashedPassword\", u.\"role\", \
                     a.\"id\", a.\"createdAt\", a.\"updatedAt\", a.\"userId\", a.\"activityId\", \
                     t.\"id\", t.\"createdAt\", t.\"updatedAt\", t.\"points\", t.\"name\" \
                     FROM \"User\" AS u LEFT JOIN \"Action\" AS a ON a.\"userId\" = u.\"id\" \
                     LEFT JOIN \"Activity\" AS t ON t.\"id\" = a.\"activityId\" ORDER BY u.\"id\", a.\"id\"",
                    &[],
                )
                .await;
            let mut users: Vec<BUserWithActions> = Vec::new();
            for r in &rows {
                let id: i32 = r.get(0);
                if users.last().is_none_or(|u| u.user.id != id) {
                    users.push(BUserWithActions {
                        user: b_user(r, 0),
                        actions: Vec::new(),
                    });
                }
                if let Some(action_id) = r.get::<_, Option<i32>>(7) {
                    let activity = BActivity {
                        id: r.get(12),
                        created_at: time(r, 13),
                        updated_at: time(r, 14),
                        points: r.get(15),
                        name: r.get(16),
                    };
                    let action = BAction {
                        id: action_id,
                        created_at: time(r, 8),
                        updated_at: time(r, 9),
                        user_id: r.get(10),
                        activity_id: r.get(11),
                        activity,
                    };
                    users.last_mut().expect("pushed").actions.push(action);
                }
            }
            check_graph(&users);
        }
    });
}

fn w5_baseline(c: &Pg) {
    let sql = format!(
        "UPDATE \"User\" SET \"name\" = $1, \"updatedAt\" = $2 WHERE \"id\" = $3 RETURNING {USER_COLS}"
    );
    c.rt.block_on(async {
        for i in 0..10_000 {
            let id: i32 = i % 5_000 + 1;
            let rows = c.query(&sql, &[&format!("Name {i}"), &now(), &id]).await;
            let updated: Vec<BUser> = rows.iter().map(|r| b_user(r, 0)).collect();
            assert_eq!(updated[0].id, id);
        }
    });
}
fn w5_check(c: &Pg) {
    let name: String = c.rt.block_on(async {
        c.query_one("SELECT \"name\" FROM \"User\" WHERE \"id\" = 1", &[])
            .await
            .get(0)
    });
    assert_eq!(name, "Name 5000");
}

fn leader_expected(c: &Pg) -> i32 {
    c.rt.block_on(async {
        let activities: Vec<(i32, i64)> = c
            .query("SELECT \"id\", \"points\" FROM \"Activity\"", &[])
            .await
            .iter()
            .map(|r| (r.get(0), i64::from(r.get::<_, i32>(1))))
            .collect();
        let actions: Vec<(i32, i32)> = c
            .query("SELECT \"userId\", \"activityId\" FROM \"Action\"", &[])
            .await
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        leader(&activities, &actions)
    })
}

fn w6_baseline(c: &Pg) {
    let expected = leader_expected(c);
    let sql = leaderboard("$1");
    c.rt.block_on(async {
        for _ in 0..200 {
            let top: Vec<(i32, i64)> = c
                .query(&sql, &[&10_i64])
                .await
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            assert_eq!(top.len(), 10);
            assert_eq!(top[0].0, expected);
        }
    });
}
fn w6_check(c: &Pg) {
    // The client's answer, checked against the independent computation.
    let expected = leader_expected(c);
    let rt = rt();
    let client = rt.block_on(Client::connect(&c.url)).expect("connect");
    assert_eq!(client_side::w6_leader(&rt, &client), vec![expected]);
}

/// A multi-row INSERT of `rows` actions.
fn insert_actions(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO \"Action\" (\"userId\", \"activityId\", \"createdAt\", \"updatedAt\") VALUES ",
    );
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        let p = 4 * r;
        sql.push_str(&format!("(${}, ${}, ${}, ${})", p + 1, p + 2, p + 3, p + 4));
    }
    sql
}

fn w7_baseline(c: &Pg) {
    c.rt.block_on(async {
        let now = now();
        let rows: Vec<(i32, i32)> = (0..20_000).map(|i| (i % 1_000 + 1, i % 20 + 1)).collect();
        c.client.batch_execute("BEGIN").await.expect("begin");
        let mut n = 0;
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let sql = insert_actions(chunk.len());
            let mut params: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(4 * chunk.len());
            for (user, activity) in chunk {
                params.extend([
                    user as &(dyn ToSql + Sync),
                    activity as &(dyn ToSql + Sync),
                    &now,
                    &now,
                ]);
            }
            n += c.execute(&sql, &params).await;
        }
        c.client.batch_execute("COMMIT").await.expect("commit");
        assert_eq!(n, 20_000);
    });
}
fn w7_setup(c: &Pg) {
    seed_users(c, 1_000);
    seed_activities(c, 20);
}
fn w7_check(c: &Pg) {
    assert_eq!(c.count("Action"), 20_000);
}

fn w8_baseline(c: &Pg) {
    c.rt.block_on(async {
        for i in 0..1_000 {
            c.client.batch_execute("BEGIN").await.expect("begin");
            let now = now();
            let uid: i32 = c
                .query_one(
                    "INSERT INTO \"User\" (\"email\", \"createdAt\", \"updatedAt\") VALUES ($1, $2, $3) RETURNING \"id\"",
                    &[&format!("tx{i}@example.com"), &now, &now],
                )
                .await
                .get(0);
            for k in 0..5 {
                let activity: i32 = k % 20 + 1;
                let r = c
                    .query_one(
                        "INSERT INTO \"Action\" (\"userId\", \"activityId\", \"createdAt\", \"updatedAt\") VALUES ($1, $2, $3, $4) RETURNING \"id\"",
                        &[&uid, &activity, &now, &now],
                    )
                    .await;
                std::hint::black_box(r.get::<_, i32>(0));
            }
            c.client.batch_execute("COMMIT").await.expect("commit");
        }
    });
}
fn w8_setup(c: &Pg) {
    seed_activities(c, 20);
}
fn w8_check(c: &Pg) {
    assert_eq!(c.count("User"), 1_000);
    assert_eq!(c.count("Action"), 5_000);
}

fn no_check(_: &Pg) {}

fn with_param(url: &str, param: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{param}")
}

fn run_one(server: &str, w: &Workload<Pg>, client_side: bool) -> f64 {
    let db = Db::new(server, if client_side { "client" } else { "baseline" });
    let conn = Pg::connect(&db.url());
    (w.setup)(&conn);
    let elapsed = if client_side {
        // Only the client's connections are open while it runs, as only the baseline's one is
        // while the baseline runs.
        drop(conn);
        let rt = rt();
        // Without TLS, as the baseline's `NoTls` connection: the default `sslmode=prefer` would
        // put TLS on the client's side only (on a server with TLS on, as CI's is).
        let url = with_param(&db.url(), "sslmode=disable");
        let client = rt.block_on(Client::connect(&url)).expect("client");
        let start = Instant::now();
        (w.client)(&rt, &client);
        let elapsed = start.elapsed();
        drop(client);
        elapsed
    } else {
        let start = Instant::now();
        (w.baseline)(&conn);
        start.elapsed()
    };
    let conn = Pg::connect(&db.url());
    (w.check)(&conn);
    drop(conn);
    w.ops as f64 / elapsed.as_secs_f64()
}

/// Runs the selected workloads on PostgreSQL and prints their lines (`[postgresql]`), or says
/// why it does not.
pub fn run(options: &Options) {
    let Ok(server) = std::env::var("REFRACT_TEST_POSTGRES_URL") else {
        eprintln!("PostgreSQL workloads skipped: REFRACT_TEST_POSTGRES_URL not set");
        return;
    };
    LazyLock::force(&DDL);
    let workloads = workloads([
        (no_setup, w1_baseline, w1_check),
        (setup_users, w2_baseline, no_check),
        (setup_users, w3_baseline, no_check),
        (setup_graph, w4_baseline, no_check),
        (setup_users, w5_baseline, w5_check),
        (setup_graph, w6_baseline, w6_check),
        (w7_setup, w7_baseline, w7_check),
        (w8_setup, w8_baseline, w8_check),
    ]);
    measure(options, Some("postgresql"), &workloads, |w, client_side| {
        run_one(&server, w, client_side)
    });
}
