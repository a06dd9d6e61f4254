//! The per-database cargo features (`sqlite`, `postgresql`, `mysql`): an application that turns
//! on one database compiles no other database's driver, and no TLS unless it is PostgreSQL's.
//! Read from `cargo tree` (offline: the lock file and the local registry only), so this test
//! builds nothing. Compiling each feature alone is checked by `.ci/run`
//! (`cargo clippy -p points --no-default-features --features …`).

use std::collections::BTreeSet;
use std::process::Command;

/// The crates of the normal (non-dev, non-build) dependency tree of `package` with `features`
/// and no default features (`None`: the default features).
fn normal_tree(package: &str, features: Option<&str>) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "tree",
            "--offline",
            "--quiet",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .args(["--format", "{p}", "-p", package]);
    if let Some(features) = features {
        cmd.args(["--no-default-features", "--features", features]);
    }
    let out = cmd.output().expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree -p {package} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

const POSTGRES_ONLY: &[&str] = &[
    "tokio-postgres",
    "postgres-types",
    "postgres-protocol",
    "tokio-postgres-rustls",
    "rustls",
    "ring",
];
const MYSQL_ONLY: &[&str] = &["mysql_async", "mysql_common"];
const SQLITE_ONLY: &[&str] = &["rusqlite", "libsqlite3-sys"];

fn assert_absent(tree: &BTreeSet<String>, crates: &[&str], what: &str) {
    let present: Vec<_> = crates.iter().filter(|c| tree.contains(**c)).collect();
    assert!(
        present.is_empty(),
        "{what} compiles {present:?}, which it does not use"
    );
}

fn assert_present(tree: &BTreeSet<String>, crates: &[&str], what: &str) {
    let missing: Vec<_> = crates.iter().filter(|c| !tree.contains(**c)).collect();
    assert!(missing.is_empty(), "{what} lacks {missing:?}");
}

#[test]
fn the_client_on_one_database_compiles_only_that_driver() {
    let sqlite = normal_tree("client", Some("sqlite"));
    assert_present(&sqlite, SQLITE_ONLY, "client with `sqlite`");
    assert_absent(&sqlite, POSTGRES_ONLY, "client with `sqlite`");
    assert_absent(&sqlite, MYSQL_ONLY, "client with `sqlite`");

    let postgres = normal_tree("client", Some("postgresql"));
    assert_present(&postgres, POSTGRES_ONLY, "client with `postgresql`");
    assert_absent(&postgres, SQLITE_ONLY, "client with `postgresql`");
    assert_absent(&postgres, MYSQL_ONLY, "client with `postgresql`");

    let mysql = normal_tree("client", Some("mysql"));
    assert_present(&mysql, MYSQL_ONLY, "client with `mysql`");
    assert_absent(&mysql, SQLITE_ONLY, "client with `mysql`");
    assert_absent(&mysql, POSTGRES_ONLY, "client with `mysql`");
}

#[test]
fn the_client_has_every_database_by_default() {
    let all = normal_tree("client", None);
    for crates in [SQLITE_ONLY, POSTGRES_ONLY, MYSQL_ONLY] {
        assert_present(&all, crates, "client with its default features");
    }
}

#[test]
fn the_points_app_compiles_only_sqlite_by_default() {
    let points = normal_tree("points", None);
    assert_present(&points, SQLITE_ONLY, "points");
    assert_absent(&points, POSTGRES_ONLY, "points (`cargo run -p points`)");
    assert_absent(&points, MYSQL_ONLY, "points (`cargo run -p points`)");
}
