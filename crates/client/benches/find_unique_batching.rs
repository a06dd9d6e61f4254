//! What `find_unique` batching costs a lone call (docs/benchmarks.md, "find_unique batching's
//! cost"): N lookups of the points client's users by id on SQLite, one after another, either in
//! the future `block_on` runs (not a task: the batching check is one thread-local read, then the
//! call runs alone) or inside a spawned task (each call leads a batch of one: it registers the
//! batch, yields to the scheduler once, takes the batch back and runs the query). Run each mode
//! under `valgrind --tool=callgrind`: the difference of the two counts over N is the cost of a
//! lone call in a task; the wall clock per lookup is printed too.
//!
//! Run: `cargo bench -p client --bench find_unique_batching -- block_on|task [N]`.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(dead_code, reason = "the benchmark uses part of the generated client")]
mod points {
    include!("../../../examples/points/src/prisma.rs");
}

use std::time::Instant;

use client::Client;
use points::{Models, user};

const USERS: i32 = 1_000;

/// N lookups by id, cycling through the users; the number of records found.
async fn lookups(client: &Client, n: usize) -> usize {
    let mut found = 0;
    for i in 0..n {
        let id = (i as i32 % USERS) + 1;
        let record = client
            .user()
            .find_unique(user::id().equals(id))
            .exec()
            .await
            .expect("find_unique");
        found += usize::from(record.is_some());
    }
    found
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let mode = args.first().map_or("task", String::as_str).to_owned();
    let n: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(20_000);
    assert!(
        mode == "task" || mode == "block_on",
        "the mode is `task` or `block_on`, not `{mode}`"
    );

    let path = std::env::temp_dir().join(format!(
        "refract-bench-find-unique-{}.db",
        std::process::id()
    ));
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/points/prisma/schema.prisma");
    let ddl = test_support::schema_ddl(&schema, "sqlite");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (found, took) = rt.block_on(async {
        let client = Client::connect(&format!("file:{}", path.display()))
            .await
            .expect("connect");
        client.execute_script(&ddl).await.expect("schema");
        for i in 0..USERS {
            client
                .user()
                .create(user::create(format!("user{i}@example.com")))
                .exec()
                .await
                .expect("seed");
        }
        let start = Instant::now();
        let found = if mode == "task" {
            let client = client.clone();
            tokio::spawn(async move { lookups(&client, n).await })
                .await
                .expect("the task")
        } else {
            lookups(&client, n).await
        };
        (found, start.elapsed())
    });
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    assert_eq!(found, n, "every lookup finds its user");
    println!(
        "find_unique {mode}: {n} lookups, {:.0} ns each",
        took.as_nanos() as f64 / n as f64
    );
}
