//! The client runtime's own PostgreSQL path honours `sslmode` as the migration commands do
//! (the connector's TLS setup): `require` connects over TLS, `verify-full` against a CA that
//! did not sign the server's certificate is refused with the fix. Needs `ssl = on` on the
//! server of `REFRACT_TEST_POSTGRES_URL` (see crates/driver/tests/tls.rs).

use client::Client;

fn with_params(base: &str, params: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{params}")
}

#[tokio::test]
async fn sslmode_require_and_verify_full() {
    let Some(base) = test_support::server_url(test_support::Server::Postgres) else {
        return;
    };
    let client = Client::connect(&with_params(&base, "sslmode=require"))
        .await
        .expect("sslmode=require connects over TLS");
    client.execute_script("SELECT 1").await.unwrap();

    let ca = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../driver/tests/fixtures/unrelated-ca.pem"
    );
    let Err(e) = Client::connect(&with_params(
        &base,
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    ))
    .await
    else {
        panic!("a certificate from another CA must be refused");
    };
    assert!(
        e.to_string()
            .contains("is not signed by a trusted certificate authority"),
        "{e}"
    );
    assert_eq!(
        e.code(),
        "P1011",
        "a TLS failure is P1011, as Prisma 7 reports it: {e}"
    );
}
