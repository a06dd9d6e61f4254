//! Prisma 7's own Node client, run by the interop tests (`prisma_interop.rs`,
//! `prisma_interop_native.rs`): whether it is installed, and running one of this folder's
//! scripts on a database.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value as Json;

/// This folder: the Node packages, the scripts and the generated clients.
pub fn interop_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop")
}

/// Whether Node, the Prisma packages and the client generated into `generated/<client>` are
/// ready; otherwise a loud skip (a failure in CI).
pub fn prisma_ready(client: &str) -> bool {
    let dir = interop_dir();
    let missing = if Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .map(|s| !s.success())
        .unwrap_or(true)
    {
        Some("node is not installed".to_owned())
    } else if !dir.join("node_modules/@prisma/client").is_dir()
        || !dir.join("node_modules/@prisma/adapter-mariadb").is_dir()
    {
        Some(format!("run `npm ci` in {}", dir.display()))
    } else if !dir.join("generated").join(client).join("client").is_dir() {
        Some(format!("run `node generate.mjs` in {}", dir.display()))
    } else {
        None
    };
    match missing {
        None => true,
        Some(why) => {
            test_support::skip(&format!(
                "Prisma 7's Node client is not ready: {why} (crates/client/tests/interop/setup.sh does it)"
            ));
            false
        }
    }
}

/// Runs `script` (`prisma.mjs`, `native.mjs`) on the database and returns its standard
/// output.
pub fn run(script: &str, provider: &str, url: &str, command: &str, stdin: Option<&Json>) -> String {
    let mut child = Command::new("node")
        .arg(interop_dir().join(script))
        .args([provider, url, command])
        .current_dir(interop_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run node");
    {
        use std::io::Write as _;
        let mut pipe = child.stdin.take().expect("stdin");
        if let Some(input) = stdin {
            pipe.write_all(input.to_string().as_bytes())
                .expect("write to node");
        }
    }
    let out = child.wait_with_output().expect("node finishes");
    assert!(
        out.status.success(),
        "{script} {command} failed on {provider}:\n{}",
        // Its last lines: Node prints the minified line of the client where it threw first.
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .rev()
            .take(12)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n")
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Every JSON number as a float, so that `2` (JavaScript) and `2.0` (Rust) compare equal.
pub fn normalize(v: &Json) -> Json {
    match v {
        Json::Number(n) => serde_json::json!(n.as_f64().expect("a finite number")),
        Json::Array(items) => Json::Array(items.iter().map(normalize).collect()),
        Json::Object(map) => {
            Json::Object(map.iter().map(|(k, v)| (k.clone(), normalize(v))).collect())
        }
        other => other.clone(),
    }
}
