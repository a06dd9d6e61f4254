//! Paths as the CLI shows them: relative to the working directory when inside it. A leaf
//! module: `project`, `datasource` and `schema_location` all name it in their messages.

use std::path::Path;

/// A path relative to the working directory when it is inside it, with `/` separators.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = cwd
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    let s = rel.display().to_string();
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}
