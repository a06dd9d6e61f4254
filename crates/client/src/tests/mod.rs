//! Tests of the runtime's internals (the query AST, the renderer), inside the crate: they name
//! what applications cannot. The tests of the public API are in `tests/`.

mod at_once;
mod decode;
mod extension;
mod join;
mod render;
mod transaction;
mod upsert;
mod watched;

/// Runs async scenarios, each taking a `&Client` on a fresh empty database, on SQLite,
/// PostgreSQL and MySQL (the servers `REFRACT_TEST_POSTGRES_URL` / `REFRACT_TEST_MYSQL_URL`
/// name; skipped loudly, failing under `CI`, when not set), one test per database.
macro_rules! on_every_database {
    ($($name:ident),* $(,)?) => {
        mod sqlite_tests {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let (c, db) = $crate::tests::empty_database("sqlite", stringify!($name)).await.expect("SQLite needs no server");
                    super::$name(&c).await;
                    drop(c);
                    drop(db);
                }
            )*
        }
        mod postgres_tests {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some((c, db)) = $crate::tests::empty_database("postgresql", stringify!($name)).await else { return };
                    super::$name(&c).await;
                    drop(c);
                    drop(db);
                }
            )*
        }
        mod mysql_tests {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some((c, db)) = $crate::tests::empty_database("mysql", stringify!($name)).await else { return };
                    super::$name(&c).await;
                    drop(c);
                    drop(db);
                }
            )*
        }
    };
}
pub(crate) use on_every_database;

/// A fresh empty database on `provider` and a client on it (drop the client first), or `None`
/// when the provider's server is not set.
pub(crate) async fn empty_database(
    provider: &str,
    name: &str,
) -> Option<(crate::Client, test_support::TestDatabase)> {
    let database =
        test_support::TestDatabase::for_provider(provider, "refract_client_unit", name).await?;
    let client = crate::Client::connect(&database.url_string())
        .await
        .unwrap_or_else(|e| panic!("connect to the {provider} test database: {e}"));
    Some((client, database))
}
