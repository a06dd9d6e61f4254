//! What every handler shares: the state, the page layout, redirects, the model of a path and
//! client errors in plain words.

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use crate::catalog::{Catalog, Model};

/// What every handler can reach.
pub struct AppState {
    /// The schema's models and views.
    pub catalog: Catalog,
    /// The client runtime every read and write of the tables goes through.
    pub client: client::Client,
    /// The SQL console's own connection (one statement at a time).
    pub console: tokio::sync::Mutex<driver::Connection>,
    /// The token of the printed URL.
    pub token: String,
    /// The CSRF token every form carries.
    pub csrf: String,
    /// The port Studio listens on (for the Host and Origin checks).
    pub port: u16,
    /// `sqlite`, `postgresql` or `mysql`.
    pub provider: &'static str,
}

/// A whole page: the model list on the left, `body` on the right.
pub fn page(
    state: &AppState,
    status: StatusCode,
    title: &str,
    current: Option<&str>,
    body: Markup,
) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Refract Studio" }
                link rel="stylesheet" href="/assets/studio.css";
                script src="/assets/studio.js" defer {}
            }
            body {
                nav {
                    a.brand href="/" { "Refract Studio" }
                    span.provider { (state.provider) }
                    ul {
                        @for m in &state.catalog.models {
                            li {
                                a href=(format!("/m/{}", m.name))
                                  class=[(current == Some(m.name.as_str())).then_some("current")] {
                                    (m.name)
                                }
                                @if m.is_view { span.tag { "view" } }
                            }
                        }
                    }
                    a.console href="/sql" class=[(current == Some("/sql")).then_some("current")] { "SQL console" }
                }
                main { (body) }
            }
        }
    };
    (
        status,
        [(CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response()
}

/// A 303 to `to`.
pub fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_owned())]).into_response()
}

/// The model of a path, or the not-found page.
pub fn model_or_404(state: &AppState, Path(name): Path<String>) -> Result<&Model, Box<Response>> {
    state.catalog.model(&name).ok_or_else(|| {
        let body = html! { p.error { "There is no model or view named " code { (name) } "." } };
        Box::new(page(state, StatusCode::NOT_FOUND, "Not found", None, body))
    })
}

/// A client error in plain words, with Prisma's code.
pub fn explain(err: &client::Error) -> String {
    use client::Error as E;
    let code = err.code();
    let plain = match err {
        E::UniqueConstraint { fields, .. } => format!(
            "Another record already has this {}: it must be unique. Choose another value.",
            fields.join(" and ")
        ),
        E::ForeignKeyConstraint { field, .. } => format!(
            "This refers to a record that does not exist, or other records still refer to this \
             one ({field}). Check the related value, or delete or change those records first."
        ),
        E::NullConstraint { field, .. } => {
            format!("{field} cannot be empty (NULL): give it a value.")
        }
        E::RecordNotFound { .. } => {
            "The record was not found: someone may have changed or deleted it. Reload the page."
                .to_owned()
        }
        other => other.to_string(),
    };
    if code.is_empty() {
        plain
    } else {
        format!("{plain} (Prisma error {code})")
    }
}

/// The query string of a request, as pairs (repeated keys kept).
pub type Params = Query<Vec<(String, String)>>;
