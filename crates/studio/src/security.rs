//! Who may talk to Studio: the token in the printed URL (then an HttpOnly cookie), a CSRF
//! token on every write, the Host header, and the headers every response carries (a strict
//! Content-Security-Policy among them).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use crate::app::AppState;

/// The cookie that carries the token after the first request.
pub const COOKIE: &str = "refract_studio";

/// The Content-Security-Policy of every response: only Studio's own embedded script and
/// stylesheet, no inline code, no frames, forms post only to Studio, nothing fetched from
/// elsewhere.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A random secret of 244 bits, as hex.
pub fn random_secret() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Whether two secrets are equal, in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

fn token_in_query(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
}

fn token_in_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('='))
}

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_owned(),
    )
        .into_response()
}

/// Checks the Host, the token and (on writes) the Origin of every request, and adds the
/// security headers to every response.
pub async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let mut response = check(&state, request, next).await;
    let headers = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", CSP),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "same-origin"),
        ("cache-control", "no-store"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

async fn check(state: &AppState, request: Request, next: Next) -> Response {
    // DNS rebinding: a page of another site that points its name at 127.0.0.1 still sends
    // its own name as Host.
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let port = state.port;
    if host != format!("127.0.0.1:{port}") && host != format!("localhost:{port}") {
        return plain(
            StatusCode::FORBIDDEN,
            "Refract Studio answers only requests for 127.0.0.1 or localhost.",
        );
    }
    if let Some(token) = token_in_query(request.uri().query()) {
        if !same_secret(token, &state.token) {
            return unauthorized();
        }
        // Move the token into a cookie and out of the address bar (and of the history).
        let path = request.uri().path();
        let rest: Vec<&str> = request
            .uri()
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.starts_with("token=") && !p.is_empty())
            .collect();
        let to = if rest.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", rest.join("&"))
        };
        let cookie = format!(
            "{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/",
            state.token
        );
        let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return response;
    }
    match token_in_cookie(request.headers()) {
        Some(token) if same_secret(token, &state.token) => {}
        _ => return unauthorized(),
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        // Writes also carry the CSRF token in their form (checked by each handler); a
        // browser's Origin, when sent, must be Studio's own.
        if let Some(origin) = request.headers().get(header::ORIGIN) {
            let ok = origin == format!("http://127.0.0.1:{port}").as_str()
                || origin == format!("http://localhost:{port}").as_str();
            if !ok {
                return plain(
                    StatusCode::FORBIDDEN,
                    "Refused: this request came from another site.",
                );
            }
        }
    }
    next.run(request).await
}

fn unauthorized() -> Response {
    plain(
        StatusCode::UNAUTHORIZED,
        "Refract Studio needs its token: open the URL `refract studio` printed \
         (http://127.0.0.1:PORT/?token=…).",
    )
}

/// The CSRF check of a write: the form's `csrf` field must be this session's token.
pub fn csrf_ok(state: &AppState, form: &[(String, String)]) -> bool {
    form.iter()
        .find(|(k, _)| k == "csrf")
        .is_some_and(|(_, v)| same_secret(v, &state.csrf))
}

/// The response to a write without the right CSRF token.
pub fn csrf_refused() -> Response {
    plain(
        StatusCode::FORBIDDEN,
        "Refused: the form's CSRF token is missing or wrong. Reload the page and try again.",
    )
}
