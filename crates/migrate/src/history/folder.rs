//! The migrations folder: `<YYYYMMDDHHMMSS>_<name>/migration.sql` beside `migration_lock.toml`.

use std::path::{Path, PathBuf};

use super::HistoryError;

/// The script's file name inside each migration's folder.
pub const MIGRATION_SCRIPT_NAME: &str = "migration.sql";

/// The down script's file name, beside `migration.sql` (Refract's; Prisma ignores it).
pub const DOWN_SCRIPT_NAME: &str = "down.sql";

/// A migrations folder (`prisma/migrations` beside the schema by default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationsFolder {
    path: PathBuf,
}

/// One migration of the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationDirectory {
    name: String,
    path: PathBuf,
}

impl MigrationsFolder {
    /// The folder at `path` (which need not exist yet).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        MigrationsFolder { path: path.into() }
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the folder exists.
    pub fn exists(&self) -> bool {
        self.path.is_dir()
    }

    /// Every migration, sorted by name (so by timestamp), as Prisma lists them: each
    /// sub-folder is a migration; files beside them (`migration_lock.toml`) are not. A missing
    /// folder has no migrations.
    pub fn list(&self) -> Result<Vec<MigrationDirectory>, HistoryError> {
        let entries = match std::fs::read_dir(&self.path) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(HistoryError::Io {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| HistoryError::Io {
                path: self.path.clone(),
                source,
            })?;
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            out.push(MigrationDirectory { name, path });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// The migration named `name`, if the folder has it.
    pub fn find(&self, name: &str) -> Result<Option<MigrationDirectory>, HistoryError> {
        Ok(self.list()?.into_iter().find(|m| m.name == name))
    }

    /// Writes a new migration `<timestamp>_<name>/migration.sql` and returns it. `timestamp`
    /// is `YYYYMMDDHHMMSS` (UTC), as Prisma names folders.
    pub fn create_migration(
        &self,
        timestamp: &str,
        name: &str,
        script: &str,
    ) -> Result<MigrationDirectory, HistoryError> {
        if name.len() > MAX_MIGRATION_NAME_BYTES {
            return Err(HistoryError::MigrationNameTooLong);
        }
        let dir_name = if name.is_empty() {
            timestamp.to_owned()
        } else {
            format!("{timestamp}_{name}")
        };
        let path = self.path.join(&dir_name);
        std::fs::create_dir_all(&path).map_err(|source| HistoryError::Io {
            path: path.clone(),
            source,
        })?;
        let file = path.join(MIGRATION_SCRIPT_NAME);
        std::fs::write(&file, script).map_err(|source| HistoryError::Io { path: file, source })?;
        Ok(MigrationDirectory {
            name: dir_name,
            path,
        })
    }
}

/// The longest name a new migration may have (Prisma's P3010 beyond it; its CLI, like
/// `refract migrate dev`, cuts a longer `--name` to this length first).
pub const MAX_MIGRATION_NAME_BYTES: usize = 200;

/// The UTC timestamp Prisma puts in front of a new migration's name (`20240506070809`).
pub fn timestamp_now() -> String {
    chrono::Utc::now().format("%Y%m%d%H%M%S").to_string()
}

impl MigrationsFolder {
    /// The timestamp for a new migration: now, or one second after the newest migration when
    /// that is not earlier (two migrations created within one second still sort in creation
    /// order).
    pub fn next_timestamp(&self) -> Result<String, HistoryError> {
        let now = timestamp_now();
        let newest = self
            .list()?
            .iter()
            .filter_map(|m| m.name().get(..14).map(str::to_owned))
            .filter(|ts| ts.bytes().all(|b| b.is_ascii_digit()))
            .max();
        let Some(newest) = newest.filter(|n| *n >= now) else {
            return Ok(now);
        };
        let next = chrono::NaiveDateTime::parse_from_str(&newest, "%Y%m%d%H%M%S")
            .map(|t| {
                (t + chrono::Duration::seconds(1))
                    .format("%Y%m%d%H%M%S")
                    .to_string()
            })
            .unwrap_or(now);
        Ok(next)
    }
}

impl MigrationDirectory {
    /// The folder name (`20240506070809_init`), which is the migration's name in
    /// `_prisma_migrations`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The script, exactly as stored (its bytes are what the checksum covers). A missing file
    /// is Prisma's P3015.
    pub fn read_script(&self) -> Result<String, HistoryError> {
        let file = self.path.join(MIGRATION_SCRIPT_NAME);
        match std::fs::read_to_string(&file) {
            Ok(s) => Ok(s),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(HistoryError::MigrationFileNotFound { path: file })
            }
            Err(source) => Err(HistoryError::Io { path: file, source }),
        }
    }
}

impl MigrationDirectory {
    /// The down script (`down.sql`): the SQL that undoes the migration, `None` when the
    /// migration has none.
    pub fn read_down_script(&self) -> Result<Option<String>, HistoryError> {
        let file = self.down_script_path();
        match std::fs::read_to_string(&file) {
            Ok(s) => Ok(Some(s)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(HistoryError::Io { path: file, source }),
        }
    }

    /// Writes the down script (`down.sql`) beside `migration.sql`.
    pub fn write_down_script(&self, script: &str) -> Result<(), HistoryError> {
        let file = self.down_script_path();
        std::fs::write(&file, script).map_err(|source| HistoryError::Io { path: file, source })
    }

    /// Where the down script is (or would be).
    pub fn down_script_path(&self) -> PathBuf {
        self.path.join(DOWN_SCRIPT_NAME)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_over_200_bytes_is_p3010() {
        let dir = tempfile::tempdir().unwrap();
        let folder = MigrationsFolder::new(dir.path().join("migrations"));
        let err = folder
            .create_migration("20240101000000", &"a".repeat(201), "")
            .unwrap_err();
        assert_eq!(err.code(), Some("P3010"));
        assert_eq!(
            err.to_string(),
            "The name of the migration is too long. It must not be longer than 200 characters (bytes)."
        );
        assert!(folder.list().unwrap().is_empty(), "nothing was written");
        folder
            .create_migration("20240101000000", &"a".repeat(200), "")
            .unwrap();
    }

    #[test]
    fn lists_sub_folders_in_name_order_and_skips_files() {
        let dir = tempfile::tempdir().unwrap();
        let folder = MigrationsFolder::new(dir.path().join("migrations"));
        assert!(folder.list().unwrap().is_empty());
        folder
            .create_migration("20240102000000", "second", "B")
            .unwrap();
        folder
            .create_migration("20240101000000", "first", "A")
            .unwrap();
        super::super::lock_file::write(folder.path(), "sqlite").unwrap();
        let names: Vec<String> = folder
            .list()
            .unwrap()
            .iter()
            .map(|m| m.name().to_owned())
            .collect();
        assert_eq!(names, ["20240101000000_first", "20240102000000_second"]);
        assert_eq!(folder.list().unwrap()[0].read_script().unwrap(), "A");

        let far = MigrationsFolder::new(dir.path().join("future"));
        far.create_migration("29990101000000", "later", "C")
            .unwrap();
        assert_eq!(far.next_timestamp().unwrap(), "29990101000001");
        assert!(folder.next_timestamp().unwrap().as_str() > "20240102000000");

        std::fs::create_dir(folder.path().join("20240103000000_empty")).unwrap();
        let err = folder
            .find("20240103000000_empty")
            .unwrap()
            .unwrap()
            .read_script()
            .unwrap_err();
        assert_eq!(err.code(), Some("P3015"));
    }
}
