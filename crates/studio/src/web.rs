//! The routes, the embedded assets and the home page.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::html;

use crate::app::{AppState, page};
use crate::{console, edit, security, table};

/// Studio's routes, behind [`security::guard`].
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/m/{model}", get(table::page))
        .route("/m/{model}/create", post(edit::create))
        .route("/m/{model}/update", post(edit::update))
        .route("/m/{model}/delete", post(edit::delete))
        .route("/sql", get(console::page).post(console::run))
        .route("/sql/export", post(console::export))
        .route("/assets/studio.css", get(stylesheet))
        .route("/assets/studio.js", get(script))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .with_state(state)
}

const CSS: &str = include_str!("../assets/studio.css");
const JS: &str = include_str!("../assets/studio.js");

async fn stylesheet() -> Response {
    ([(CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
}

async fn script() -> Response {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], JS).into_response()
}

async fn not_found(State(state): State<Arc<AppState>>) -> Response {
    let body = html! { p { "There is no such page. Pick a model on the left." } };
    page(&state, StatusCode::NOT_FOUND, "Not found", None, body)
}

async fn home(State(state): State<Arc<AppState>>) -> Response {
    let body = html! {
        h1 { "Refract Studio" }
        p { "Pick a model on the left, or open the " a href="/sql" { "SQL console" } "." }
        table.models {
            thead { tr { th { "model" } th { "fields" } th { "relations" } } }
            tbody {
                @for m in &state.catalog.models {
                    tr {
                        td { a href=(format!("/m/{}", m.name)) { (m.name) } @if m.is_view { " (view)" } }
                        td { (m.fields.len() + m.extras.len()) }
                        td { (m.relations.len()) }
                    }
                }
            }
        }
    };
    page(&state, StatusCode::OK, "Refract Studio", None, body)
}
