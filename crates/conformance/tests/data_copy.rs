//! The repository's copy of the conformance data (`conformance/`) agrees with the shared folder
//! it is refreshed from (`../shared/conformance` beside the checkout, or
//! `REFRACT_SHARED_CONFORMANCE_DIR`): the same files with the same bytes, apart from the
//! copy's own notes. Skipped, and recorded as such, when that folder is not there (a fresh
//! clone); `scripts/refresh-conformance` brings the copy up to date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Files only the copy has: what it says about itself and the licence notice.
const COPY_ONLY: &[&str] = &["COPY.md", "prisma-engines/NOTICE.md"];

fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

#[test]
fn the_copy_matches_the_shared_folder() {
    let copy = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../conformance");
    let shared = std::env::var_os("REFRACT_SHARED_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance")
        });
    if !shared.is_dir() {
        test_support::skip(&format!(
            "no shared conformance folder at {} to compare the copy with",
            shared.display()
        ));
        return;
    }
    let mut ours = files(&copy);
    for name in COPY_ONLY {
        assert!(ours.remove(*name).is_some(), "the copy lost its {name}");
    }
    let theirs = files(&shared);
    let mut problems = Vec::new();
    for (name, bytes) in &theirs {
        match ours.get(name) {
            None => problems.push(format!("missing from the copy: {name}")),
            Some(b) if b != bytes => {
                problems.push(format!("differs from the shared folder: {name}"))
            }
            Some(_) => {}
        }
    }
    for name in ours.keys().filter(|n| !theirs.contains_key(*n)) {
        problems.push(format!("only in the copy: {name}"));
    }
    assert!(
        problems.is_empty(),
        "conformance/ is out of date; run scripts/refresh-conformance:\n{}",
        problems.join("\n")
    );
}
