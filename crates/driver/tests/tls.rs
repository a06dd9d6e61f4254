//! TLS to the PostgreSQL server of `REFRACT_TEST_POSTGRES_URL`, with each `sslmode` libpq
//! knows. The server must have `ssl = on` (Debian's clusters do, with the snakeoil
//! certificate; `.ci/postgres.sh` turns it on with a self-signed one where it is off). Its
//! certificate names `localhost`, not `127.0.0.1`.

#[allow(dead_code, reason = "this test uses the PostgreSQL helpers only")]
mod common;

use std::path::{Path, PathBuf};

use driver::{Connection, DatabaseUrl, PostgresUrl, SslMode, Value};

/// A certificate authority that signed nothing the server has.
fn unrelated_ca() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unrelated-ca.pem")
}

async fn connect(
    base: &PostgresUrl,
    host: &str,
    mode: SslMode,
    root: Option<&Path>,
) -> driver::Result<Connection> {
    let url = PostgresUrl {
        host: host.to_owned(),
        ssl_mode: mode,
        ssl_root_cert: root.map(Path::to_path_buf),
        ..base.clone()
    };
    Connection::connect(&DatabaseUrl::Postgres(url)).await
}

/// Whether this connection is encrypted, as the server sees it.
async fn encrypted(conn: &Connection) -> bool {
    let rows = conn
        .query(
            "SELECT ssl::text AS ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap();
    rows.first().and_then(|r| r.text("ssl")) == Some("true")
}

async fn setting(conn: &Connection, name: &str) -> String {
    let rows = conn
        .query(
            "SELECT setting FROM pg_settings WHERE name = $1",
            &[Value::from(name)],
        )
        .await
        .unwrap();
    rows.first()
        .and_then(|r| r.text("setting"))
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn sslmodes_on_the_real_server() {
    let Some(base) = common::postgres_base() else {
        return;
    };
    let plain = connect(&base, &base.host, SslMode::Disable, None)
        .await
        .unwrap();
    assert!(!encrypted(&plain).await, "sslmode=disable stays plain");
    if setting(&plain, "ssl").await != "on" {
        test_support::skip(
            "the PostgreSQL server has ssl = off (scripts/test-servers.sh turns it on)",
        );
        return;
    }
    let mut cert = PathBuf::from(setting(&plain, "ssl_cert_file").await);
    if cert.is_relative() {
        cert = PathBuf::from(setting(&plain, "data_directory").await).join(cert);
    }

    // prefer (the default) and require: encrypted, the certificate not checked.
    for mode in [SslMode::Prefer, SslMode::Require] {
        let conn = connect(&base, &base.host, mode, None).await.unwrap();
        assert!(encrypted(&conn).await, "{mode:?} encrypts");
    }

    // verify-full against a CA that did not sign the server's certificate.
    let e = connect(
        &base,
        &base.host,
        SslMode::VerifyFull,
        Some(&unrelated_ca()),
    )
    .await
    .map(|_| ())
    .unwrap_err();
    assert_eq!(e.code(), Some("P1011"), "{e}");
    assert!(
        e.to_string()
            .contains("is not signed by a trusted certificate authority"),
        "{e}"
    );
    assert!(e.to_string().contains("sslrootcert="), "{e}");
    // require with a root certificate checks the chain, as libpq does.
    let e = connect(&base, &base.host, SslMode::Require, Some(&unrelated_ca()))
        .await
        .map(|_| ())
        .unwrap_err();
    assert!(
        e.to_string().contains("trusted certificate authority"),
        "{e}"
    );

    // The server's own (self-signed) certificate as the root: verify-ca passes whatever the
    // host is called; verify-full passes only under the name the certificate holds.
    let conn = connect(&base, "127.0.0.1", SslMode::VerifyCa, Some(&cert))
        .await
        .unwrap();
    assert!(encrypted(&conn).await);
    let e = connect(&base, "127.0.0.1", SslMode::VerifyFull, Some(&cert))
        .await
        .map(|_| ())
        .unwrap_err();
    assert!(e.to_string().contains("does not name the host"), "{e}");
    let conn = connect(&base, "localhost", SslMode::VerifyFull, Some(&cert))
        .await
        .unwrap();
    assert!(encrypted(&conn).await);

    // The same through a URL string, as users write it.
    let plain_url = base.to_url_string();
    let url = format!(
        "{plain_url}{}sslmode=verify-full&sslrootcert={}",
        if plain_url.contains('?') { "&" } else { "?" },
        unrelated_ca().display()
    );
    let parsed = DatabaseUrl::parse(&url, Path::new(".")).unwrap();
    let e = Connection::connect(&parsed).await.map(|_| ()).unwrap_err();
    assert!(
        e.to_string().contains("trusted certificate authority"),
        "{e}"
    );
}
