//! W1–W8 on SQLite (a fresh file database in WAL mode per run): the client against rusqlite
//! with cached prepared statements.

use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::Instant;

use chrono::{DateTime, Utc};
use client::Client;
use rusqlite::{Connection, params};

use crate::common::{
    BAction, BActivity, BUser, BUserWithActions, Options, Rng, USER_COLS, W3_EXPECTED, Workload,
    check_graph, client_side, email, leader, leaderboard, measure, points_ddl, rt, workloads,
};

/// The points schema's tables (see [`crate::common::points_ddl`]).
static DDL: LazyLock<String> = LazyLock::new(|| points_ddl("sqlite"));

struct Db {
    path: PathBuf,
}

impl Db {
    fn new(tag: &str) -> Db {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("refract-bench-{}-{tag}-{n}.db", std::process::id()));
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
            .expect("pragmas");
        conn.execute_batch(&DDL).expect("schema");
        Db { path }
    }
    fn url(&self) -> String {
        format!("file:{}", self.path.display())
    }
    fn raw(&self) -> Connection {
        let conn = Connection::open(&self.path).expect("open");
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        )
        .expect("pragmas");
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .expect("busy timeout");
        conn.set_prepared_statement_cache_capacity(256);
        conn
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}

fn now_text() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%S%.3f+00:00").to_string()
}

fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("ISO-8601 time")
        .with_timezone(&Utc)
}

fn b_user(r: &rusqlite::Row<'_>, o: usize) -> rusqlite::Result<BUser> {
    Ok(BUser {
        id: r.get(o)?,
        created_at: parse_time(&r.get::<_, String>(o + 1)?),
        updated_at: parse_time(&r.get::<_, String>(o + 2)?),
        name: r.get(o + 3)?,
        email: r.get(o + 4)?,
        hashed_password: r.get(o + 5)?,
        role: r.get(o + 6)?,
    })
}

// ---- seeding (not timed) ----
fn seed_users(conn: &Connection, n: usize) {
    let tx = conn.unchecked_transaction().expect("tx");
    let now = now_text();
    {
        let mut st = tx
            .prepare_cached("INSERT INTO \"User\" (\"email\", \"name\", \"role\", \"createdAt\", \"updatedAt\") VALUES (?, ?, ?, ?, ?)")
            .expect("prepare");
        for i in 0..n {
            let role = if i % 2 == 0 { "user" } else { "admin" };
            st.execute(params![email(i), format!("User {i}"), role, now, now])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
}

fn seed_activities(conn: &Connection, n: usize) {
    let now = now_text();
    for i in 0..n {
        conn.execute(
            "INSERT INTO \"Activity\" (\"points\", \"name\", \"createdAt\", \"updatedAt\") VALUES (?, ?, ?, ?)",
            params![(i % 7 + 1) as i32, format!("activity {i}"), now, now],
        )
        .expect("insert");
    }
}

fn seed_actions(conn: &Connection, users: usize, per_user: usize, activities: usize) {
    let tx = conn.unchecked_transaction().expect("tx");
    let now = now_text();
    {
        let mut st = tx
            .prepare_cached("INSERT INTO \"Action\" (\"userId\", \"activityId\", \"createdAt\", \"updatedAt\") VALUES (?, ?, ?, ?)")
            .expect("prepare");
        for u in 0..users {
            for k in 0..per_user {
                st.execute(params![
                    (u + 1) as i32,
                    ((u * 7 + k * 3) % activities + 1) as i32,
                    now,
                    now
                ])
                .expect("insert");
            }
        }
    }
    tx.commit().expect("commit");
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM \"{table}\""), [], |r| {
        r.get(0)
    })
    .expect("count")
}

// ---- the workloads ----
fn no_setup(_: &Connection) {}

fn setup_users(c: &Connection) {
    seed_users(c, 5_000);
}

fn setup_graph(c: &Connection) {
    seed_users(c, 1_000);
    seed_activities(c, 20);
    seed_actions(c, 1_000, 10, 20);
}

fn w1_baseline(c: &Connection) {
    for i in 0..5_000 {
        let now = now_text();
        let mut st = c
            .prepare_cached("INSERT INTO \"User\" (\"email\", \"name\", \"createdAt\", \"updatedAt\") VALUES (?, ?, ?, ?) RETURNING \"id\"")
            .expect("prepare");
        // Stepped to completion, as `execute` does: a statement reset before it completes
        // skips SQLite's WAL auto-checkpoint, which would flatter the baseline.
        let mut rows = st
            .query(params![email(i), format!("User {i}"), now, now])
            .expect("insert");
        while let Some(r) = rows.next().expect("row") {
            std::hint::black_box(r.get::<_, i32>(0).expect("id"));
        }
    }
}
fn w1_check(c: &Connection) {
    assert_eq!(count(c, "User"), 5_000);
}

fn w2_baseline(c: &Connection) {
    let mut rng = Rng(42);
    for _ in 0..20_000 {
        let e = email(rng.next(5_000));
        let mut st = c
            .prepare_cached(&format!(
                "SELECT {USER_COLS} FROM \"User\" WHERE \"email\" = ? LIMIT 1"
            ))
            .expect("prepare");
        let u = st.query_row([&e], |r| b_user(r, 0)).expect("found");
        assert_eq!(u.email, e);
    }
}

fn w3_baseline(c: &Connection) {
    for _ in 0..2_000 {
        let mut st = c
            .prepare_cached(&format!(
                "SELECT {USER_COLS} FROM \"User\" WHERE \"role\" = ? AND \"email\" LIKE ? ESCAPE '\\' ORDER BY \"createdAt\" DESC LIMIT ?"
            ))
            .expect("prepare");
        let rows: Vec<BUser> = st
            .query_map(params!["user", "user1%", 50], |r| b_user(r, 0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(rows.len(), W3_EXPECTED);
    }
}

fn w4_baseline(c: &Connection) {
    for _ in 0..50 {
        let mut st = c
            .prepare_cached(
                "SELECT u.\"id\", u.\"createdAt\", u.\"updatedAt\", u.\"name\", u.\"email\", u.\"hashedPassword\", u.\"role\", \
                 a.\"id\", a.\"createdAt\", a.\"updatedAt\", a.\"userId\", a.\"activityId\", \
                 t.\"id\", t.\"createdAt\", t.\"updatedAt\", t.\"points\", t.\"name\" \
                 FROM \"User\" AS u LEFT JOIN \"Action\" AS a ON a.\"userId\" = u.\"id\" \
                 LEFT JOIN \"Activity\" AS t ON t.\"id\" = a.\"activityId\" ORDER BY u.\"id\", a.\"id\"",
            )
            .expect("prepare");
        let mut rows = st.query([]).expect("query");
        let mut users: Vec<BUserWithActions> = Vec::new();
        while let Some(r) = rows.next().expect("row") {
            let id: i32 = r.get(0).expect("id");
            if users.last().is_none_or(|u| u.user.id != id) {
                users.push(BUserWithActions {
                    user: b_user(r, 0).expect("user"),
                    actions: Vec::new(),
                });
            }
            if let Some(action_id) = r.get::<_, Option<i32>>(7).expect("action") {
                let activity = BActivity {
                    id: r.get(12).expect("c"),
                    created_at: parse_time(&r.get::<_, String>(13).expect("c")),
                    updated_at: parse_time(&r.get::<_, String>(14).expect("c")),
                    points: r.get(15).expect("c"),
                    name: r.get(16).expect("c"),
                };
                let action = BAction {
                    id: action_id,
                    created_at: parse_time(&r.get::<_, String>(8).expect("c")),
                    updated_at: parse_time(&r.get::<_, String>(9).expect("c")),
                    user_id: r.get(10).expect("c"),
                    activity_id: r.get(11).expect("c"),
                    activity,
                };
                users.last_mut().expect("pushed").actions.push(action);
            }
        }
        check_graph(&users);
    }
}

fn w5_baseline(c: &Connection) {
    for i in 0..10_000 {
        let id = i % 5_000 + 1;
        let mut st = c
            .prepare_cached(&format!("UPDATE \"User\" SET \"name\" = ?, \"updatedAt\" = ? WHERE \"id\" = ? RETURNING {USER_COLS}"))
            .expect("prepare");
        // Stepped to completion, as `execute` does: a statement reset before it completes
        // skips SQLite's WAL auto-checkpoint, which would flatter the baseline.
        let mut rows = st
            .query(params![format!("Name {i}"), now_text(), id])
            .expect("update");
        let mut updated = Vec::with_capacity(1);
        while let Some(r) = rows.next().expect("row") {
            updated.push(b_user(r, 0).expect("user"));
        }
        assert_eq!(updated[0].id, id);
    }
}
fn w5_check(c: &Connection) {
    let name: String = c
        .query_row("SELECT \"name\" FROM \"User\" WHERE \"id\" = 1", [], |r| {
            r.get(0)
        })
        .expect("row");
    assert_eq!(name, "Name 5000");
}

fn leader_expected(c: &Connection) -> i32 {
    let activities: Vec<(i32, i64)> = c
        .prepare("SELECT \"id\", \"points\" FROM \"Activity\"")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let actions: Vec<(i32, i32)> = c
        .prepare("SELECT \"userId\", \"activityId\" FROM \"Action\"")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    leader(&activities, &actions)
}

fn w6_baseline(c: &Connection) {
    let expected = leader_expected(c);
    let sql = leaderboard("?");
    for _ in 0..200 {
        let mut st = c.prepare_cached(&sql).expect("prepare");
        let top: Vec<(i32, i64)> = st
            .query_map([10], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("q")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(top.len(), 10);
        assert_eq!(top[0].0, expected);
    }
}
fn w6_check(c: &Connection) {
    // The client's answer, checked against the independent computation.
    let expected = leader_expected(c);
    let url = format!("file:{}", c.path().expect("file db"));
    let rt = rt();
    let client = rt.block_on(Client::connect(&url)).expect("connect");
    assert_eq!(client_side::w6_leader(&rt, &client), vec![expected]);
}

fn w7_baseline(c: &Connection) {
    let tx = c.unchecked_transaction().expect("tx");
    let now = now_text();
    {
        let mut st = tx
            .prepare_cached("INSERT INTO \"Action\" (\"userId\", \"activityId\", \"createdAt\", \"updatedAt\") VALUES (?, ?, ?, ?)")
            .expect("prepare");
        for i in 0..20_000 {
            st.execute(params![{ i % 1_000 + 1 }, { i % 20 + 1 }, now, now])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
}
fn w7_setup(c: &Connection) {
    seed_users(c, 1_000);
    seed_activities(c, 20);
}
fn w7_check(c: &Connection) {
    assert_eq!(count(c, "Action"), 20_000);
}

fn w8_baseline(c: &Connection) {
    for i in 0..1_000 {
        let tx = c.unchecked_transaction().expect("tx");
        let now = now_text();
        let uid: i32 = tx
            .prepare_cached("INSERT INTO \"User\" (\"email\", \"createdAt\", \"updatedAt\") VALUES (?, ?, ?) RETURNING \"id\"")
            .expect("prepare")
            .query_row(params![format!("tx{i}@example.com"), now, now], |r| r.get(0))
            .expect("user");
        for k in 0..5 {
            tx.prepare_cached("INSERT INTO \"Action\" (\"userId\", \"activityId\", \"createdAt\", \"updatedAt\") VALUES (?, ?, ?, ?) RETURNING \"id\"")
                .expect("prepare")
                .query_row(params![uid, { k % 20 + 1 }, now, now], |r| r.get::<_, i32>(0))
                .expect("action");
        }
        tx.commit().expect("commit");
    }
}
fn w8_setup(c: &Connection) {
    seed_activities(c, 20);
}
fn w8_check(c: &Connection) {
    assert_eq!(count(c, "User"), 1_000);
    assert_eq!(count(c, "Action"), 5_000);
}

fn no_check(_: &Connection) {}

fn run_one(w: &Workload<Connection>, client_side: bool) -> f64 {
    let db = Db::new(if client_side { "client" } else { "baseline" });
    let conn = db.raw();
    (w.setup)(&conn);
    // The setup's connection is closed before either side runs: closing the last connection
    // checkpoints the WAL into the database file, so both sides start from the same file state
    // (an empty WAL), and only the measured side's connections are open while it runs.
    drop(conn);
    let elapsed = if client_side {
        let rt = rt();
        let client = rt.block_on(Client::connect(&db.url())).expect("client");
        let start = Instant::now();
        (w.client)(&rt, &client);
        start.elapsed()
    } else {
        let conn = db.raw();
        let start = Instant::now();
        (w.baseline)(&conn);
        start.elapsed()
    };
    let conn = db.raw();
    (w.check)(&conn);
    w.ops as f64 / elapsed.as_secs_f64()
}

/// Runs the selected workloads on SQLite and prints their lines (no database label).
pub fn run(options: &Options) {
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
    measure(options, None, &workloads, run_one);
}
