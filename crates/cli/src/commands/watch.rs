//! `refract generate --watch`: runs a job again whenever a schema file changes. Events come
//! from the operating system (inotify, FSEvents, ReadDirectoryChangesW through the `notify`
//! crate); a burst of them (an editor's write-to-temporary-then-rename, a formatter touching
//! every file of a folder) is one change: the job runs once the files have been quiet for
//! [`DEBOUNCE`].

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use notify::{RecursiveMode, Watcher};

/// How long the files must stay unchanged before the job runs.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// What is watched for a schema at `schema`: a folder schema's whole folder, or a single file's
/// folder (editors replace a file rather than write it in place, which a watch on the file
/// itself would lose), with the file names that count.
fn watch_target(schema: &Path) -> (PathBuf, RecursiveMode, Option<PathBuf>) {
    if schema.is_dir() {
        return (schema.to_path_buf(), RecursiveMode::Recursive, None);
    }
    let dir = match schema.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (
        dir,
        RecursiveMode::NonRecursive,
        schema.file_name().map(PathBuf::from),
    )
}

/// Whether an event touches the schema: a `.prisma` file under a watched folder, or the one
/// watched file.
fn relevant(event: &notify::Event, file: Option<&Path>) -> bool {
    if event.kind.is_access() {
        return false;
    }
    event.paths.iter().any(|p| match file {
        Some(name) => p.file_name() == Some(name.as_os_str()),
        None => p.extension().is_some_and(|e| e == "prisma"),
    })
}

/// Watches `schema` and calls `job` after each change, until the process is stopped (Ctrl-C).
/// Returns only when the watch itself fails.
pub fn watch(schema: &Path, mut job: impl FnMut()) -> anyhow::Result<()> {
    let (dir, mode, file) = watch_target(schema);
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .context("Could not start watching the schema for changes")?;
    watcher
        .watch(&dir, mode)
        .with_context(|| format!("Could not watch `{}` for changes", dir.display()))?;
    println!(
        "Watching for changes in {} (Ctrl-C to stop)",
        crate::paths::display_path(schema)
    );
    loop {
        let event = rx
            .recv()
            .context("The file watcher stopped unexpectedly")?
            .context("The file watcher reported an error")?;
        if !relevant(&event, file.as_deref()) {
            continue;
        }
        // Wait for the burst to end: every further event restarts the quiet period.
        while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
            more.context("The file watcher reported an error")?;
        }
        println!("\nChange detected, generating again...");
        job();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_schema_is_watched_through_its_folder() {
        let (dir, mode, file) = watch_target(Path::new("prisma/schema.prisma"));
        assert_eq!(dir, PathBuf::from("prisma"));
        assert_eq!(mode, RecursiveMode::NonRecursive);
        assert_eq!(file, Some(PathBuf::from("schema.prisma")));
        let (dir, _, _) = watch_target(Path::new("schema.prisma"));
        assert_eq!(dir, PathBuf::from("."));
    }
}
