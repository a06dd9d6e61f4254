//! W1–W8 on MySQL/MariaDB (a fresh database per run on the server `REFRACT_TEST_MYSQL_URL`
//! names; skipped with a message when it is not set): the client against mysql_async with
//! prepared statements (the driver's per-connection statement cache, as `prepare_cached`).
//! Both sides run on a current-thread runtime. The tables are the MySQL DDL Refract's
//! migration engine calculates for the points schema.
//!
//! MySQL has no RETURNING: where the client returns the record it wrote (W1, W5, W8), the
//! baseline does what a hand-written application needs for the same answer: W1 and W8 take
//! the generated id (`LAST_INSERT_ID()`), W5 updates then reads the row back.

use std::cell::RefCell;
use std::sync::LazyLock;
use std::time::Instant;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use client::Client;
use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Params, Row, Value};
use tokio::runtime::Runtime;

use crate::common::{
    BAction, BActivity, BUser, BUserWithActions, Options, Rng, USER_COLS, W3_EXPECTED, Workload,
    check_graph, client_side, email, leader, leaderboard, measure, points_ddl, rt, workloads,
};

/// Rows per multi-row INSERT in W7's baseline (the client's `createMany` uses the same).
const ROWS_PER_INSERT: usize = 1_000;

/// Standard SQL identifiers (the shared queries) in MySQL's backticks.
fn my(sql: &str) -> String {
    sql.replace('"', "`")
}

/// The points schema's tables (see [`crate::common::points_ddl`]).
static DDL: LazyLock<String> = LazyLock::new(|| points_ddl("mysql"));

/// The baseline's connection: a runtime and one mysql_async connection.
pub struct My {
    rt: Runtime,
    /// Taken out for each call (see [`with`]).
    conn: RefCell<Option<Conn>>,
    url: String,
}

impl My {
    fn connect(url: &str) -> My {
        let rt = rt();
        let conn = rt.block_on(async {
            let opts = mysql_async::Opts::from_url(url).expect("MySQL URL");
            // Over TCP to the URL's host and port, as the client connects: mysql_async would
            // otherwise switch to the server's Unix socket when the host is local.
            let opts = mysql_async::OptsBuilder::from_opts(opts)
                .prefer_socket(false)
                .client_found_rows(true)
                .init(vec!["SET NAMES utf8mb4", "SET time_zone = '+00:00'"]);
            Conn::new(opts).await.expect("connect to MySQL")
        });
        My {
            rt,
            conn: RefCell::new(Some(conn)),
            url: url.to_owned(),
        }
    }

    fn count(&self, table: &str) -> i64 {
        let n: Option<i64> = with(self, async |conn| {
            conn.query_first(format!("SELECT COUNT(*) FROM `{table}`"))
                .await
                .expect("count")
        });
        n.expect("a row")
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
        let admin = My::connect(server);
        with(&admin, async |conn| {
            conn.query_drop(format!("CREATE DATABASE `{name}`"))
                .await
                .expect("create database");
        });
        let db = Db {
            server: server.to_owned(),
            name,
        };
        let conn = My::connect(&db.url());
        with(&conn, async |conn| {
            conn.query_drop(DDL.as_str()).await.expect("schema")
        });
        db
    }

    fn url(&self) -> String {
        let (base, _) = self.server.rsplit_once('/').expect("URL with a database");
        format!("{base}/{}", self.name)
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let admin = My::connect(&self.server);
        with(&admin, async |conn| {
            let _ = conn
                .query_drop(format!("DROP DATABASE IF EXISTS `{}`", self.name))
                .await;
        });
    }
}

/// Now, in milliseconds, as a MySQL DATETIME value.
fn now() -> Value {
    let t = Utc::now();
    Value::Date(
        t.year() as u16,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
        t.timestamp_subsec_millis() * 1_000,
    )
}

fn time(r: &Row, i: usize) -> DateTime<Utc> {
    match r.as_ref(i) {
        Some(Value::Date(y, mo, d, h, mi, s, us)) => {
            NaiveDate::from_ymd_opt(i32::from(*y), u32::from(*mo), u32::from(*d))
                .and_then(|d| {
                    d.and_hms_micro_opt(u32::from(*h), u32::from(*mi), u32::from(*s), *us)
                })
                .expect("a valid DATETIME")
                .and_utc()
        }
        other => panic!("not a DATETIME: {other:?}"),
    }
}

fn int(r: &Row, i: usize) -> i32 {
    r.get(i).expect("an integer")
}

fn b_user(r: &Row, o: usize) -> BUser {
    BUser {
        id: int(r, o),
        created_at: time(r, o + 1),
        updated_at: time(r, o + 2),
        name: r.get(o + 3).expect("name"),
        email: r.get(o + 4).expect("email"),
        hashed_password: r.get(o + 5).expect("hashedPassword"),
        role: r.get(o + 6).expect("role"),
    }
}

/// Runs `f` on the connection, on its runtime (the connection is taken out meanwhile, so no
/// borrow is held across an await).
fn with<T>(c: &My, f: impl AsyncFnOnce(&mut Conn) -> T) -> T {
    let mut conn = c.conn.borrow_mut().take().expect("the connection is idle");
    let out = c.rt.block_on(f(&mut conn));
    *c.conn.borrow_mut() = Some(conn);
    out
}

/// A multi-row INSERT of `rows` rows into `columns` of `table`.
fn multi_insert(table: &str, columns: &[&str], rows: usize) -> String {
    let one = format!("({})", vec!["?"; columns.len()].join(", "));
    format!(
        "INSERT INTO `{table}` ({}) VALUES {}",
        columns
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", "),
        vec![one; rows].join(", ")
    )
}

// ---- seeding (not timed): multi-row INSERTs ----
fn seed_users(c: &My, n: usize) {
    with(c, async |conn| {
        let now = now();
        for chunk in (0..n).collect::<Vec<_>>().chunks(ROWS_PER_INSERT) {
            let mut params = Vec::new();
            for &i in chunk {
                params.extend([
                    Value::from(email(i)),
                    Value::from(format!("User {i}")),
                    Value::from(if i % 2 == 0 { "user" } else { "admin" }),
                    now.clone(),
                    now.clone(),
                ]);
            }
            let sql = multi_insert(
                "User",
                &["email", "name", "role", "createdAt", "updatedAt"],
                chunk.len(),
            );
            conn.exec_drop(sql, Params::Positional(params))
                .await
                .expect("seed users");
        }
    });
}

fn seed_activities(c: &My, n: usize) {
    with(c, async |conn| {
        let now = now();
        for i in 0..n {
            conn.exec_drop(
                "INSERT INTO `Activity` (`points`, `name`, `createdAt`, `updatedAt`) VALUES (?, ?, ?, ?)",
                Params::Positional(vec![
                    Value::from((i % 7 + 1) as i32),
                    Value::from(format!("activity {i}")),
                    now.clone(),
                    now.clone(),
                ]),
            )
            .await
            .expect("seed activities");
        }
    });
}

fn seed_actions(c: &My, users: usize, per_user: usize, activities: usize) {
    let mut rows = Vec::new();
    for u in 0..users {
        for k in 0..per_user {
            rows.push(((u + 1) as i32, ((u * 7 + k * 3) % activities + 1) as i32));
        }
    }
    insert_actions(c, &rows);
}

/// Inserts `(userId, activityId)` rows in multi-row INSERTs; returns the rows written.
fn insert_actions(c: &My, rows: &[(i32, i32)]) -> u64 {
    with(c, async |conn| {
        let now = now();
        let mut n = 0;
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let mut params = Vec::with_capacity(4 * chunk.len());
            for (user, activity) in chunk {
                params.extend([
                    Value::from(*user),
                    Value::from(*activity),
                    now.clone(),
                    now.clone(),
                ]);
            }
            let sql = multi_insert(
                "Action",
                &["userId", "activityId", "createdAt", "updatedAt"],
                chunk.len(),
            );
            conn.exec_drop(sql, Params::Positional(params))
                .await
                .expect("insert actions");
            n += conn.affected_rows();
        }
        n
    })
}

// ---- the workloads ----
fn no_setup(_: &My) {}

fn setup_users(c: &My) {
    seed_users(c, 5_000);
}

fn setup_graph(c: &My) {
    seed_users(c, 1_000);
    seed_activities(c, 20);
    seed_actions(c, 1_000, 10, 20);
}

fn w1_baseline(c: &My) {
    with(c, async |conn| {
        for i in 0..5_000 {
            let now = now();
            conn.exec_drop(
                "INSERT INTO `User` (`email`, `name`, `createdAt`, `updatedAt`) VALUES (?, ?, ?, ?)",
                Params::Positional(vec![
                    Value::from(email(i)),
                    Value::from(format!("User {i}")),
                    now.clone(),
                    now,
                ]),
            )
            .await
            .expect("insert");
            std::hint::black_box(conn.last_insert_id().expect("an id"));
        }
    });
}
fn w1_check(c: &My) {
    assert_eq!(c.count("User"), 5_000);
}

fn w2_baseline(c: &My) {
    let sql = my(&format!(
        "SELECT {USER_COLS} FROM \"User\" WHERE \"email\" = ? LIMIT 1"
    ));
    with(c, async |conn| {
        let mut rng = Rng(42);
        for _ in 0..20_000 {
            let e = email(rng.next(5_000));
            let row: Row = conn
                .exec_first(sql.as_str(), (e.as_str(),))
                .await
                .expect("query")
                .expect("found");
            let u = b_user(&row, 0);
            assert_eq!(u.email, e);
        }
    });
}

fn w3_baseline(c: &My) {
    let sql = my(&format!(
        "SELECT {USER_COLS} FROM \"User\" WHERE \"role\" = ? AND \"email\" LIKE ? ORDER BY \"createdAt\" DESC LIMIT ?"
    ));
    with(c, async |conn| {
        for _ in 0..2_000 {
            let rows: Vec<Row> = conn
                .exec(sql.as_str(), ("user", "user1%", 50_i64))
                .await
                .expect("query");
            let users: Vec<BUser> = rows.iter().map(|r| b_user(r, 0)).collect();
            assert_eq!(users.len(), W3_EXPECTED);
        }
    });
}

fn w4_baseline(c: &My) {
    with(c, async |conn| {
        for _ in 0..50 {
            let rows: Vec<Row> = conn
                .exec(
                    "SELECT u.`id`, u.`createdAt`, u.`updatedAt`, u.`name`, u.`email`, u.`hashedPassword`, u.`role`, \
                     a.`id`, a.`createdAt`, a.`updatedAt`, a.`userId`, a.`activityId`, \
                     t.`id`, t.`createdAt`, t.`updatedAt`, t.`points`, t.`name` \
                     FROM `User` AS u LEFT JOIN `Action` AS a ON a.`userId` = u.`id` \
                     LEFT JOIN `Activity` AS t ON t.`id` = a.`activityId` ORDER BY u.`id`, a.`id`",
                    (),
                )
                .await
                .expect("query");
            let mut users: Vec<BUserWithActions> = Vec::new();
            for r in &rows {
                let id = int(r, 0);
                if users.last().is_none_or(|u| u.user.id != id) {
                    users.push(BUserWithActions {
                        user: b_user(r, 0),
                        actions: Vec::new(),
                    });
                }
                if let Some(action_id) = r.get::<Option<i32>, _>(7).flatten() {
                    let activity = BActivity {
                        id: int(r, 12),
                        created_at: time(r, 13),
                        updated_at: time(r, 14),
                        points: int(r, 15),
                        name: r.get(16).expect("name"),
                    };
                    let action = BAction {
                        id: action_id,
                        created_at: time(r, 8),
                        updated_at: time(r, 9),
                        user_id: int(r, 10),
                        activity_id: int(r, 11),
                        activity,
                    };
                    users.last_mut().expect("pushed").actions.push(action);
                }
            }
            check_graph(&users);
        }
    });
}

fn w5_baseline(c: &My) {
    let select = my(&format!(
        "SELECT {USER_COLS} FROM \"User\" WHERE \"id\" = ? LIMIT 1"
    ));
    with(c, async |conn| {
        for i in 0..10_000 {
            let id: i32 = i % 5_000 + 1;
            conn.exec_drop(
                "UPDATE `User` SET `name` = ?, `updatedAt` = ? WHERE `id` = ?",
                Params::Positional(vec![
                    Value::from(format!("Name {i}")),
                    now(),
                    Value::from(id),
                ]),
            )
            .await
            .expect("update");
            let row: Row = conn
                .exec_first(select.as_str(), (id,))
                .await
                .expect("query")
                .expect("found");
            assert_eq!(b_user(&row, 0).id, id);
        }
    });
}
fn w5_check(c: &My) {
    let name: String = with(c, async |conn| {
        conn.query_first("SELECT `name` FROM `User` WHERE `id` = 1")
            .await
            .expect("query")
            .expect("a row")
    });
    assert_eq!(name, "Name 5000");
}

fn leader_expected(c: &My) -> i32 {
    with(c, async |conn| {
        let activities: Vec<(i32, i64)> = conn
            .query::<(i32, i32), _>("SELECT `id`, `points` FROM `Activity`")
            .await
            .expect("query")
            .into_iter()
            .map(|(id, points)| (id, i64::from(points)))
            .collect();
        let actions: Vec<(i32, i32)> = conn
            .query("SELECT `userId`, `activityId` FROM `Action`")
            .await
            .expect("query");
        leader(&activities, &actions)
    })
}

fn w6_baseline(c: &My) {
    let expected = leader_expected(c);
    let sql = my(&leaderboard("?"));
    with(c, async |conn| {
        for _ in 0..200 {
            let rows: Vec<Row> = conn.exec(sql.as_str(), (10_i64,)).await.expect("query");
            let top: Vec<(i32, i64)> = rows
                .iter()
                .map(|r| (int(r, 0), r.get(1).expect("a total")))
                .collect();
            assert_eq!(top.len(), 10);
            assert_eq!(top[0].0, expected);
        }
    });
}
fn w6_check(c: &My) {
    // The client's answer, checked against the independent computation.
    let expected = leader_expected(c);
    let rt = rt();
    let client = rt.block_on(Client::connect(&c.url)).expect("connect");
    assert_eq!(client_side::w6_leader(&rt, &client), vec![expected]);
}

fn w7_baseline(c: &My) {
    let rows: Vec<(i32, i32)> = (0..20_000).map(|i| (i % 1_000 + 1, i % 20 + 1)).collect();
    with(c, async |conn| {
        conn.query_drop("BEGIN").await.expect("begin")
    });
    let n = insert_actions(c, &rows);
    with(c, async |conn| {
        conn.query_drop("COMMIT").await.expect("commit")
    });
    assert_eq!(n, 20_000);
}
fn w7_setup(c: &My) {
    seed_users(c, 1_000);
    seed_activities(c, 20);
}
fn w7_check(c: &My) {
    assert_eq!(c.count("Action"), 20_000);
}

fn w8_baseline(c: &My) {
    with(c, async |conn| {
        for i in 0..1_000 {
            conn.query_drop("BEGIN").await.expect("begin");
            let now = now();
            conn.exec_drop(
                "INSERT INTO `User` (`email`, `createdAt`, `updatedAt`) VALUES (?, ?, ?)",
                Params::Positional(vec![
                    Value::from(format!("tx{i}@example.com")),
                    now.clone(),
                    now.clone(),
                ]),
            )
            .await
            .expect("insert user");
            let uid = conn.last_insert_id().expect("an id");
            for k in 0..5 {
                let activity: i32 = k % 20 + 1;
                conn.exec_drop(
                    "INSERT INTO `Action` (`userId`, `activityId`, `createdAt`, `updatedAt`) VALUES (?, ?, ?, ?)",
                    Params::Positional(vec![
                        Value::from(uid),
                        Value::from(activity),
                        now.clone(),
                        now.clone(),
                    ]),
                )
                .await
                .expect("insert action");
                std::hint::black_box(conn.last_insert_id());
            }
            conn.query_drop("COMMIT").await.expect("commit");
        }
    });
}
fn w8_setup(c: &My) {
    seed_activities(c, 20);
}
fn w8_check(c: &My) {
    assert_eq!(c.count("User"), 1_000);
    assert_eq!(c.count("Action"), 5_000);
}

fn no_check(_: &My) {}

fn run_one(server: &str, w: &Workload<My>, client_side: bool) -> f64 {
    let db = Db::new(server, if client_side { "client" } else { "baseline" });
    let conn = My::connect(&db.url());
    (w.setup)(&conn);
    let elapsed = if client_side {
        // Only the client's connections are open while it runs, as only the baseline's one is
        // while the baseline runs.
        drop(conn);
        let rt = rt();
        let client = rt.block_on(Client::connect(&db.url())).expect("client");
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
    let conn = My::connect(&db.url());
    (w.check)(&conn);
    drop(conn);
    w.ops as f64 / elapsed.as_secs_f64()
}

/// Runs the selected workloads on MySQL and prints their lines (`[mysql]`), or says why it
/// does not.
pub fn run(options: &Options) {
    let Ok(server) = std::env::var("REFRACT_TEST_MYSQL_URL") else {
        eprintln!("MySQL workloads skipped: REFRACT_TEST_MYSQL_URL not set");
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
    measure(options, Some("mysql"), &workloads, |w, client_side| {
        run_one(&server, w, client_side)
    });
}
