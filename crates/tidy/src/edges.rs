//! The crate graph: the normal dependencies between workspace crates (each member's
//! `[dependencies]` and `[target.*.dependencies]`; dev- and build-dependencies are not edges)
//! against ARCHITECTURE.md's table, which follows the line holding [`MARKER`]: one row per
//! member, `` | `crate` | `dep`, `dep` | `` (or `—` for none).

use crate::Finding;
use crate::workspace::Member;
use std::collections::{BTreeMap, BTreeSet};

/// The text that marks the edge table in ARCHITECTURE.md (it precedes the table).
pub const MARKER: &str = "tidy:crate-edges";

/// A crate graph: each crate's workspace dependencies.
pub type Graph = BTreeMap<String, BTreeSet<String>>;

/// The real graph, from the members' manifests.
pub fn from_manifests(members: &[Member]) -> Graph {
    let names: BTreeSet<&str> = members.iter().map(|m| m.name.as_str()).collect();
    let mut graph = Graph::new();
    for member in members {
        let mut tables: Vec<&toml::Table> = Vec::new();
        if let Some(deps) = member
            .manifest
            .get("dependencies")
            .and_then(|d| d.as_table())
        {
            tables.push(deps);
        }
        if let Some(targets) = member.manifest.get("target").and_then(|t| t.as_table()) {
            for target in targets.values() {
                if let Some(deps) = target.get("dependencies").and_then(|d| d.as_table()) {
                    tables.push(deps);
                }
            }
        }
        let deps = graph.entry(member.name.clone()).or_default();
        for table in tables {
            for (key, value) in table {
                let package = value.get("package").and_then(|p| p.as_str()).unwrap_or(key);
                if names.contains(package) {
                    deps.insert(package.to_owned());
                }
            }
        }
    }
    graph
}

/// The documented graph: the table after [`MARKER`] in `architecture` (ARCHITECTURE.md).
pub fn from_architecture(architecture: &str) -> Result<Graph, String> {
    let mut lines = architecture.lines().skip_while(|l| !l.contains(MARKER));
    if lines.next().is_none() {
        return Err(format!(
            "ARCHITECTURE.md has no crate-edge table: add `<!-- {MARKER} -->` above one"
        ));
    }
    let mut graph = Graph::new();
    let rows = lines.skip_while(|l| !l.trim_start().starts_with('|'));
    for row in rows.take_while(|l| l.trim_start().starts_with('|')) {
        let cells: Vec<&str> = row.trim().trim_matches('|').split('|').collect();
        let [krate, deps] = cells[..] else {
            return Err(format!(
                "ARCHITECTURE.md's edge table: `{row}` is not `| crate | deps |`"
            ));
        };
        let Some(krate) = backticked(krate).into_iter().next() else {
            continue; // the header and the separator row
        };
        if graph
            .insert(krate.clone(), backticked(deps).into_iter().collect())
            .is_some()
        {
            return Err(format!(
                "ARCHITECTURE.md's edge table lists `{krate}` twice"
            ));
        }
    }
    Ok(graph)
}

fn backticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The differences between the real graph and the documented one.
pub fn check(real: &Graph, documented: &Graph) -> Vec<Finding> {
    let mut findings = Vec::new();
    let finding = |krate: &str, message: String| Finding {
        rule: "crate-edges",
        path: format!("ARCHITECTURE.md ({krate})"),
        line: None,
        message,
    };
    for (krate, deps) in real {
        let Some(listed) = documented.get(krate) else {
            findings.push(finding(
                krate,
                format!("the crate `{krate}` is not in the edge table: add its row"),
            ));
            continue;
        };
        for dep in deps.difference(listed) {
            findings.push(finding(
                krate,
                format!(
                    "`{krate}` depends on `{dep}` (its Cargo.toml), which the edge table does not \
                     show: remove the dependency, or add the edge and say why in ARCHITECTURE.md"
                ),
            ));
        }
        for dep in listed.difference(deps) {
            findings.push(finding(
                krate,
                format!(
                    "the edge table says `{krate}` depends on `{dep}`, but its Cargo.toml does \
                     not: remove the edge from the table"
                ),
            ));
        }
    }
    for krate in documented.keys().filter(|k| !real.contains_key(*k)) {
        findings.push(finding(
            krate,
            format!("the edge table lists `{krate}`, which is not a workspace member: remove it"),
        ));
    }
    findings
}
