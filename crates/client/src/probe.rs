//! Counters of the paths this thread's calls took (tests only): the tests in `src/tests/` read
//! them to show which path a call took (`tests/extension.rs`: a client without extensions does
//! no hook work; `tests/at_once.rs`: which queries run at once).

use std::cell::Cell;

/// A path counted.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path {
    /// The out-of-line hook work of extensions (`extension`).
    HookWork,
    /// A query run at once, outside the async layers (`Exec::query`).
    AtOnce,
}

thread_local! {
    static HITS: [Cell<usize>; 2] = const { [Cell::new(0), Cell::new(0)] };
}

/// Counts one pass through `path`.
pub(crate) fn hit(path: Path) {
    HITS.with(|hits| {
        let n = &hits[path as usize];
        n.set(n.get() + 1);
    });
}

/// The passes through `path` so far on this thread.
pub(crate) fn hits(path: Path) -> usize {
    HITS.with(|hits| hits[path as usize].get())
}
