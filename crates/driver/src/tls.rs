//! TLS for PostgreSQL: rustls (with the `ring` provider, so no system OpenSSL is linked), with
//! libpq's `sslmode` semantics. See docs/decisions/0010-postgres-tls-rustls.md.
//!
//! | `sslmode`     | TLS                                  | certificate checked                  |
//! |---------------|--------------------------------------|--------------------------------------|
//! | `disable`     | never                                | —                                    |
//! | `prefer`      | when the server offers it, else plain | no                                   |
//! | `require`     | always                               | no (as `verify-ca` with `sslrootcert`) |
//! | `verify-ca`   | always                               | signed by a trusted CA               |
//! | `verify-full` | always                               | trusted CA, and names the host       |
//!
//! The trusted CAs are `sslrootcert` (a PEM file) when the URL names one, otherwise the
//! system's store. The client runtime (`crates/client`) uses the same connector through
//! [`make_tls_connect`], so both paths agree.

use std::error::Error as _;
use std::path::Path;
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
pub use tokio_postgres_rustls::MakeRustlsConnect;

use crate::error::{Error, Result};
use crate::url::SslMode;

/// The tokio-postgres mode for an `sslmode` (whether TLS is tried, and whether it is a must).
pub fn tokio_postgres_mode(mode: SslMode) -> tokio_postgres::config::SslMode {
    match mode {
        SslMode::Disable => tokio_postgres::config::SslMode::Disable,
        SslMode::Prefer => tokio_postgres::config::SslMode::Prefer,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
            tokio_postgres::config::SslMode::Require
        }
    }
}

/// The TLS connector for an `sslmode` and an optional `sslrootcert` file.
///
/// Fails when the root certificate file cannot be read or holds no certificate, or when a
/// verifying mode finds no trusted certificate at all.
pub fn make_tls_connect(mode: SslMode, root_cert: Option<&Path>) -> Result<MakeRustlsConnect> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(format!("no TLS protocol version is available ({e})")))?;
    // libpq: `require` with a root certificate checks the chain as `verify-ca` does.
    let check = match (mode, root_cert) {
        (SslMode::Disable | SslMode::Prefer, _) | (SslMode::Require, None) => Check::Nothing,
        (SslMode::Require | SslMode::VerifyCa, _) => Check::Chain,
        (SslMode::VerifyFull, _) => Check::ChainAndName,
    };
    let config = match check {
        Check::Nothing => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
            .with_no_client_auth(),
        Check::Chain | Check::ChainAndName => {
            let roots = Arc::new(root_store(root_cert)?);
            let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider)
                .build()
                .map_err(|e| tls_error(format!("cannot set up certificate verification: {e}")))?;
            if check == Check::Chain {
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(AnyName(webpki)))
                    .with_no_client_auth()
            } else {
                builder.with_webpki_verifier(webpki).with_no_client_auth()
            }
        }
    };
    Ok(MakeRustlsConnect::new(config))
}

/// A TLS failure of a connection attempt, explained with the fix (P1011), when `e` is one.
pub fn explain_failure(e: &tokio_postgres::Error, mode: SslMode) -> Option<Error> {
    let mut source = e.source();
    while let Some(s) = source {
        // tokio-rustls wraps rustls' error in an `io::Error`, whose `source()` skips it.
        let inner = s
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .map_or(s, |inner| inner as &(dyn std::error::Error + 'static));
        if let Some(rustls_error) = inner.downcast_ref::<rustls::Error>() {
            return Some(tls_error(describe(rustls_error, mode)));
        }
        source = s.source();
    }
    // tokio-postgres' own message when the server answers the TLS request with "no".
    let text = e.to_string();
    (text.contains("server does not support TLS") || text.contains("TLS was required"))
        .then(|| {
            tls_error(format!(
                "`sslmode={}` requires TLS, and the server does not offer it. Enable `ssl = on` on the server, or use `sslmode=prefer`.",
                mode.as_str()
            ))
        })
}

fn describe(e: &rustls::Error, mode: SslMode) -> String {
    let mode = mode.as_str();
    match e {
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => format!(
            "the server's certificate is not signed by a trusted certificate authority (`sslmode={mode}` verifies it). Pass the CA's certificate as `sslrootcert=/path/to/ca.pem`, or use `sslmode=require` to encrypt without verifying."
        ),
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        ) => format!(
            "the server's certificate does not name the host of the URL (`sslmode={mode}` checks it). Connect with the host name the certificate names, or use `sslmode=verify-ca` to check only the certificate authority."
        ),
        rustls::Error::InvalidCertificate(other) => format!(
            "the server's certificate was refused ({other:?}) under `sslmode={mode}`. Fix the server's certificate, or use `sslmode=require` to encrypt without verifying."
        ),
        other => format!("the TLS handshake failed under `sslmode={mode}`: {other}"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    Nothing,
    Chain,
    ChainAndName,
}

fn tls_error(message: String) -> Error {
    Error::Tls { message }
}

/// The trusted certificates: the `sslrootcert` file, or the system's store.
fn root_store(root_cert: Option<&Path>) -> Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    match root_cert {
        Some(path) => {
            let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
                .and_then(|iter| iter.collect())
                .map_err(|e| {
                    tls_error(format!(
                        "cannot read the root certificate `sslrootcert={}`: {e}. Point `sslrootcert` at a PEM file of the server's CA.",
                        path.display()
                    ))
                })?;
            let (added, _ignored) = roots.add_parsable_certificates(certs);
            if added == 0 {
                return Err(tls_error(format!(
                    "`sslrootcert={}` holds no usable certificate. Point it at a PEM file of the server's CA.",
                    path.display()
                )));
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            roots.add_parsable_certificates(found.certs);
            if roots.is_empty() {
                return Err(tls_error(
                    "the system has no trusted certificate authorities to verify the server with. Pass the CA's certificate as `sslrootcert=/path/to/ca.pem`.".to_owned(),
                ));
            }
        }
    }
    Ok(roots)
}

/// `sslmode=prefer` / `require` without a root certificate: the connection is encrypted, the
/// certificate is not checked (libpq's behaviour). Handshake signatures are still verified.
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `sslmode=verify-ca`: the chain must lead to a trusted CA; the host name is not checked.
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            // The chain was verified before the name was compared.
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_root_certificate_file_is_explained() {
        let Err(e) = make_tls_connect(SslMode::VerifyFull, Some(Path::new("/nonexistent/ca.pem")))
        else {
            panic!("a missing file must be refused");
        };
        assert_eq!(e.code(), Some("P1011"));
        assert!(
            e.to_string().contains("sslrootcert=/nonexistent/ca.pem"),
            "{e}"
        );
    }

    #[test]
    fn a_file_without_certificates_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.pem");
        std::fs::write(&path, "not a certificate\n").unwrap();
        let Err(e) = make_tls_connect(SslMode::VerifyCa, Some(&path)) else {
            panic!("a file without certificates must be refused");
        };
        assert!(e.to_string().contains("holds no usable certificate"), "{e}");
    }

    #[test]
    fn modes_map_to_tokio_postgres() {
        use tokio_postgres::config::SslMode as Pg;
        assert_eq!(tokio_postgres_mode(SslMode::Disable), Pg::Disable);
        assert_eq!(tokio_postgres_mode(SslMode::Prefer), Pg::Prefer);
        for strict in [SslMode::Require, SslMode::VerifyCa, SslMode::VerifyFull] {
            assert_eq!(tokio_postgres_mode(strict), Pg::Require);
        }
    }
}
