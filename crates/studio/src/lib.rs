//! Refract Studio: a local web browser and editor of a database's data (`refract studio`).
//!
//! Every model of the schema (and every view, read-only) is a table with keyset paging,
//! sorting, filters, relation links and counts; records are created, edited and deleted
//! through the client runtime ([`client::dynamic`]), so the client's defaults, `@updatedAt`
//! and Prisma's error codes apply. A SQL console runs one statement at a time, read-only
//! unless asked. Pages are rendered on the server (axum + maud); the stylesheet and the small
//! script are embedded in the binary.
//!
//! It is safe by default: it serves only a listener on a loopback address, answers only with
//! the random token of the URL [`Studio::url`] gives (then kept in an HttpOnly cookie), checks a
//! CSRF token on every write, and sends a strict Content-Security-Policy. The `cli` crate
//! binds the listener, prints the URL and opens the browser.

#![deny(missing_docs)]

mod app;
mod catalog;
mod cells;
mod console;
mod count;
mod dialect;
mod edit;
mod extras;
mod security;
mod table;
mod values;
mod web;

use std::net::SocketAddr;
use std::sync::Arc;

pub use security::{COOKIE, CSP};

/// Why Studio could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database could not be opened.
    #[error("could not open the database: {0}")]
    Database(String),
    /// The listener is not on a loopback address.
    #[error(
        "Refract Studio listens only on a loopback address (127.0.0.1), not on {0}: anyone on the network could reach your data"
    )]
    NotLoopback(SocketAddr),
    /// Serving failed.
    #[error("serving failed: {0}")]
    Io(#[from] std::io::Error),
}

/// A Studio ready to serve one database with one schema.
pub struct Studio {
    catalog: catalog::Catalog,
    client: client::Client,
    console: driver::Connection,
    token: String,
    provider: &'static str,
}

impl std::fmt::Debug for Studio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Studio")
            .field("models", &self.catalog.models.len())
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

impl Studio {
    /// Opens the database at `url` (a URL as the client takes it; a SQLite path already
    /// resolved) for the models and views of `schema`, with a fresh random token.
    pub async fn open(schema: &schema::ValidatedSchema, url: &str) -> Result<Studio, Error> {
        let parsed = driver::DatabaseUrl::parse(url, std::path::Path::new("."))
            .map_err(|e| Error::Database(e.to_string()))?;
        let client = client::Client::connect(url)
            .await
            .map_err(|e| Error::Database(e.to_string()))?;
        let console = driver::Connection::connect(&parsed)
            .await
            .map_err(|e| Error::Database(e.to_string()))?;
        let provider = console.provider().prisma_name();
        Ok(Studio {
            catalog: catalog::Catalog::new(schema),
            client,
            console,
            token: security::random_secret(),
            provider,
        })
    }

    /// The token a request must carry.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The URL to open for a listener on `addr`: `http://127.0.0.1:PORT/?token=…`.
    pub fn url(&self, addr: SocketAddr) -> String {
        format!("http://{addr}/?token={}", self.token)
    }

    /// Serves on `listener` until the process ends. Refuses a listener that is not on a
    /// loopback address.
    pub async fn serve(self, listener: tokio::net::TcpListener) -> Result<(), Error> {
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            return Err(Error::NotLoopback(addr));
        }
        let state = Arc::new(app::AppState {
            catalog: self.catalog,
            client: self.client,
            console: tokio::sync::Mutex::new(self.console),
            token: self.token,
            csrf: security::random_secret(),
            port: addr.port(),
            provider: self.provider,
        });
        axum::serve(listener, web::router(state)).await?;
        Ok(())
    }
}
