//! Shared by the connector's integration tests: the PostgreSQL and MySQL servers from the
//! environment.

use driver::{DatabaseUrl, MysqlUrl, PostgresUrl};

/// A fresh PostgreSQL database named after the test, or `None` (with a loud message) when no
/// server is configured. Under `CI` a missing server fails the test.
pub async fn fresh_postgres(test: &str) -> Option<DatabaseUrl> {
    let base = postgres_base()?;
    let url = DatabaseUrl::Postgres(PostgresUrl {
        database: format!("refract_connector_{test}"),
        ..base
    });
    driver::drop_database(&url).await.unwrap();
    driver::create_database(&url).await.unwrap();
    Some(url)
}

/// The server's URL from the environment, or `None` (loudly; failing under `CI`).
pub fn postgres_base() -> Option<PostgresUrl> {
    let base = test_support::server_url(test_support::Server::Postgres)?;
    let DatabaseUrl::Postgres(base) = DatabaseUrl::parse(&base, std::path::Path::new(".")).unwrap()
    else {
        panic!("REFRACT_TEST_POSTGRES_URL is not a PostgreSQL URL");
    };
    Some(base)
}

/// A fresh MySQL/MariaDB database named after the test, or `None` (loudly; failing under `CI`)
/// when `REFRACT_TEST_MYSQL_URL` is not set.
pub async fn fresh_mysql(test: &str) -> Option<DatabaseUrl> {
    let base = mysql_base()?;
    let url = DatabaseUrl::Mysql(base.with_database(&format!("refract_connector_{test}")));
    driver::drop_database(&url).await.unwrap();
    driver::create_database(&url).await.unwrap();
    Some(url)
}

/// The MySQL server's URL from the environment, or `None` (loudly; failing under `CI`).
pub fn mysql_base() -> Option<MysqlUrl> {
    let base = test_support::server_url(test_support::Server::Mysql)?;
    let DatabaseUrl::Mysql(base) = DatabaseUrl::parse(&base, std::path::Path::new(".")).unwrap()
    else {
        panic!("REFRACT_TEST_MYSQL_URL is not a mysql:// URL");
    };
    Some(base)
}
