//! The shadow database a history is replayed into when it cannot be interpreted: the
//! datasource's `shadowDatabaseUrl` (emptied first), or, without one, the place the main
//! database's dialect names ([`crate::dialect::Dialect::default_shadow`]: SQLite in memory; a
//! temporary database beside the main one on a server, dropped by [`ShadowDatabase::close`]).

use driver::{Connection, DatabaseUrl};

use crate::dialect::DefaultShadow;
use crate::history::HistoryError;

/// An open shadow database.
pub struct ShadowDatabase {
    conn: Connection,
    temporary: Option<DatabaseUrl>,
}

impl ShadowDatabase {
    /// Opens the shadow database of the database at `main`: `configured` (created if missing,
    /// then emptied) when given, else the dialect's default; then runs `init_sql` (the config
    /// file's `migrations.initShadowDb`) on it. A temporary database that cannot be created is
    /// Prisma's P3014.
    pub async fn open(
        main: &DatabaseUrl,
        configured: Option<&DatabaseUrl>,
        init_sql: Option<&str>,
    ) -> Result<ShadowDatabase, HistoryError> {
        let shadow = Self::open_empty(main, configured).await?;
        if let Some(sql) = init_sql
            && let Err(e) = shadow.conn.raw_cmd(sql).await
        {
            shadow.close().await;
            return Err(HistoryError::InitShadowDb {
                error: e.to_string(),
            });
        }
        Ok(shadow)
    }

    async fn open_empty(
        main: &DatabaseUrl,
        configured: Option<&DatabaseUrl>,
    ) -> Result<ShadowDatabase, HistoryError> {
        if let Some(url) = configured {
            super::ensure_database(url).await?;
            let conn = Connection::connect(url).await?;
            super::reset_database(&conn).await?;
            return Ok(ShadowDatabase {
                conn,
                temporary: None,
            });
        }
        let temporary_url = match crate::dialect::for_provider(main.provider()).default_shadow() {
            DefaultShadow::InMemory => None,
            DefaultShadow::TemporaryDatabase => main.with_database(&temporary_name()),
        };
        let Some(url) = temporary_url else {
            return Ok(ShadowDatabase {
                conn: Connection::sqlite_in_memory().await?,
                temporary: None,
            });
        };
        let _ = driver::drop_database(&url).await;
        driver::create_database(&url)
            .await
            .map_err(|e| HistoryError::ShadowDatabaseCreation {
                error: e.to_string(),
            })?;
        let conn = Connection::connect(&url).await?;
        Ok(ShadowDatabase {
            conn,
            temporary: Some(url),
        })
    }

    /// The connection to the shadow database.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Closes the connection and drops a temporary database (its failure is ignored: the
    /// name is per process, and the next run drops it first).
    pub async fn close(self) {
        drop(self.conn);
        if let Some(url) = self.temporary {
            let _ = driver::drop_database(&url).await;
        }
    }
}

/// The temporary shadow database's name, as Prisma names it (one per process).
fn temporary_name() -> String {
    format!("prisma_migrate_shadow_db_{}", std::process::id())
}

#[cfg(test)]
mod tests {
    use crate::dialect::{DefaultShadow, for_provider};
    use driver::Provider;

    #[test]
    fn each_dialect_names_its_default_shadow() {
        assert_eq!(
            for_provider(Provider::Sqlite).default_shadow(),
            DefaultShadow::InMemory
        );
        for server in [Provider::Postgres, Provider::Mysql] {
            assert_eq!(
                for_provider(server).default_shadow(),
                DefaultShadow::TemporaryDatabase
            );
        }
    }
}
