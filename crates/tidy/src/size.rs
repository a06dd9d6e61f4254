//! The size budget: no Rust source file over [`BUDGET`] lines, so that each can be held in one's
//! head. Generated files (a first line saying `generated` and `do not edit`, as the client
//! generator writes) are exempt; tests are not.

use crate::Finding;
use crate::workspace::SourceFile;

/// The most lines a source file may have.
pub const BUDGET: usize = 800;

/// Whether a file says, on its first line, that it is generated.
pub fn is_generated(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("").to_lowercase();
    first.contains("generated") && first.contains("do not edit")
}

/// The files over the budget.
pub fn check(files: &[SourceFile]) -> Vec<Finding> {
    files
        .iter()
        .filter(|f| !is_generated(&f.text))
        .filter_map(|f| {
            let lines = f.text.lines().count();
            (lines > BUDGET).then(|| Finding {
                rule: "file-size",
                path: f.path.clone(),
                line: None,
                message: format!("{lines} lines, over the budget of {BUDGET}: split it by concept"),
            })
        })
        .collect()
}
