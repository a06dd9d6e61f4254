//! The routes and what each page does. Who is visiting is [`Visitor`]'s job.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::auth::{self, LoginThrottle};
use crate::pages::{self, AdminErrors, Filled};
use crate::session::{AppError, Visitor};
use crate::store::{NewUser, Store, StoreError};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Failed logins per email.
    pub throttle: Arc<LoginThrottle>,
}

/// The app's routes.
pub fn router(store: Store) -> Router {
    let state = AppState {
        store,
        throttle: Arc::default(),
    };
    Router::new()
        .route("/", get(leaderboard))
        .route("/signup", get(signup_page).post(signup))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/me", get(me))
        .route("/admin", get(admin_page))
        .route("/admin/activities", post(create_activity))
        .route("/admin/actions", post(record_action))
        .route("/style.css", get(stylesheet))
        .fallback(not_found)
        .with_state(state)
}

/// What a handler returns.
pub type Reply = Result<Response, AppError>;

/// Returns early with a ready response (a redirect or an error page).
macro_rules! or_respond {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(response) => return Ok(*response),
        }
    };
}

async fn leaderboard(State(state): State<AppState>, visitor: Visitor) -> Reply {
    let standings = state.store.leaderboard().await?;
    Ok(visitor.page(
        StatusCode::OK,
        "Leaderboard",
        pages::leaderboard(&standings),
    ))
}

async fn signup_page(visitor: Visitor) -> Reply {
    let content = pages::signup(visitor.csrf(), &Filled::default(), None);
    Ok(visitor.page(StatusCode::OK, "Sign up", content))
}

#[derive(Deserialize)]
struct SignupForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

async fn signup(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(form): Form<SignupForm>,
) -> Reply {
    let visitor = or_respond!(visitor.check_csrf(&form.csrf));
    let name = form.name.trim();
    let email = form.email.trim().to_lowercase();
    let filled = Filled {
        name,
        email: &email,
    };
    let missing = missing_fields(&[
        ("name", name),
        ("email", &email),
        ("password", &form.password),
    ]);
    let problem = if let Some(message) = missing {
        Some(message)
    } else if let Some(message) = too_long("Name", name) {
        Some(message)
    } else if !email.contains('@') {
        Some("That email address does not look right: it needs an @.".to_owned())
    } else if form.password.chars().count() < 8 {
        Some("Please choose a password of at least 8 characters.".to_owned())
    } else {
        None
    };
    if let Some(message) = problem {
        let content = pages::signup(visitor.csrf(), &filled, Some(&message));
        return Ok(visitor.page(StatusCode::UNPROCESSABLE_ENTITY, "Sign up", content));
    }

    let password = form.password.clone();
    let hashed = hash_off_thread(move || auth::hash_password(&password)).await?;
    // The first account becomes the admin (seeded demo users have no password and no role).
    let role = if state.store.has_admin().await? {
        "user"
    } else {
        "admin"
    };
    let new = NewUser {
        name,
        email: &email,
        hashed_password: Some(&hashed),
        role,
    };
    let user = match state.store.create_user(new).await {
        Ok(user) => user,
        Err(StoreError::EmailTaken) => {
            let message =
                "An account with this email already exists. Log in instead, or use another email.";
            let content = pages::signup(visitor.csrf(), &filled, Some(message));
            return Ok(visitor.page(StatusCode::CONFLICT, "Sign up", content));
        }
        Err(err) => return Err(err.into()),
    };
    let to = if role == "admin" {
        "/me?notice=welcome-admin"
    } else {
        "/me?notice=welcome"
    };
    visitor.log_in(&state, &user, to).await
}

async fn login_page(visitor: Visitor) -> Reply {
    let content = pages::login(visitor.csrf(), "", None);
    Ok(visitor.page(StatusCode::OK, "Log in", content))
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

async fn login(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(form): Form<LoginForm>,
) -> Reply {
    let visitor = or_respond!(visitor.check_csrf(&form.csrf));
    let email = form.email.trim().to_lowercase();
    let refuse = |visitor: Visitor, status, message: &str| {
        let content = pages::login(visitor.csrf(), &email, Some(message));
        Ok(visitor.page(status, "Log in", content))
    };
    if let Some(message) = missing_fields(&[("email", &email), ("password", &form.password)]) {
        return refuse(visitor, StatusCode::UNPROCESSABLE_ENTITY, &message);
    }
    if let Err(wait) = state.throttle.check(&email, Instant::now()) {
        let message = format!(
            "Too many failed attempts for this email. Please wait {} seconds and try again.",
            wait.as_secs().max(1)
        );
        return refuse(visitor, StatusCode::TOO_MANY_REQUESTS, &message);
    }

    let user = state.store.user_by_email(&email).await?;
    // Without a user, check against a dummy hash anyway so the answer takes as long.
    let hash = user.as_ref().and_then(|u| u.hashed_password.clone());
    let password = form.password.clone();
    let valid = hash_off_thread(move || match hash {
        Some(hash) => auth::verify_password(&password, &hash),
        None => {
            auth::verify_password(&password, auth::dummy_hash());
            false
        }
    })
    .await;
    match user {
        Some(user) if valid => {
            state.throttle.succeeded(&email);
            visitor.log_in(&state, &user, "/me?notice=logged-in").await
        }
        _ => {
            state.throttle.failed(&email, Instant::now());
            refuse(
                visitor,
                StatusCode::UNAUTHORIZED,
                "Wrong email or password.",
            )
        }
    }
}

#[derive(Deserialize)]
struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(form): Form<CsrfOnly>,
) -> Reply {
    let (visitor, _) = or_respond!(visitor.require_user());
    let visitor = or_respond!(visitor.check_csrf(&form.csrf));
    visitor.log_out(&state, "/?notice=logged-out").await
}

async fn me(State(state): State<AppState>, visitor: Visitor) -> Reply {
    let (visitor, user) = or_respond!(visitor.require_user());
    let entries = state.store.history(user.id).await?;
    Ok(visitor.page(StatusCode::OK, "My points", pages::history(&user, &entries)))
}

async fn admin_page(State(state): State<AppState>, visitor: Visitor) -> Reply {
    let (visitor, _) = or_respond!(visitor.require_admin());
    admin_with(&state, visitor, StatusCode::OK, AdminErrors::default()).await
}

async fn admin_with(
    state: &AppState,
    visitor: Visitor,
    status: StatusCode,
    errors: AdminErrors<'_>,
) -> Reply {
    let users = state.store.users().await?;
    let activities = state.store.activities().await?;
    let content = pages::admin(visitor.csrf(), &users, &activities, &errors);
    Ok(visitor.page(status, "Admin", content))
}

#[derive(Deserialize)]
struct ActivityForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    points: String,
}

async fn create_activity(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(form): Form<ActivityForm>,
) -> Reply {
    let (visitor, _) = or_respond!(visitor.require_admin());
    let visitor = or_respond!(visitor.check_csrf(&form.csrf));
    let name = form.name.trim();
    let problem = match (
        missing_fields(&[("name", name), ("points", form.points.trim())]),
        form.points.trim().parse::<i32>(),
    ) {
        (Some(message), _) => Some(message),
        (None, _) if too_long("Name", name).is_some() => too_long("Name", name),
        (None, Ok(points)) if (1..=100_000).contains(&points) => None,
        (None, _) => Some("Points must be a whole number from 1 to 100000.".to_owned()),
    };
    if let Some(message) = problem {
        let errors = AdminErrors {
            activity: Some(&message),
            action: None,
        };
        return admin_with(&state, visitor, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
    }
    let points = form.points.trim().parse().unwrap_or_default();
    match state.store.create_activity(name, points).await {
        Ok(_) => Ok(visitor.redirect("/admin?notice=activity")),
        Err(StoreError::ActivityNameTaken) => {
            let message = format!(
                "There is already an activity called \u{201c}{name}\u{201d}: choose another name."
            );
            let errors = AdminErrors {
                activity: Some(&message),
                action: None,
            };
            admin_with(&state, visitor, StatusCode::CONFLICT, errors).await
        }
        Err(err) => Err(err.into()),
    }
}

#[derive(Deserialize)]
struct ActionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    activity_id: String,
}

async fn record_action(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(form): Form<ActionForm>,
) -> Reply {
    let (visitor, _) = or_respond!(visitor.require_admin());
    let visitor = or_respond!(visitor.check_csrf(&form.csrf));
    let ids = (form.user_id.parse::<i32>(), form.activity_id.parse::<i32>());
    let message = match ids {
        (Ok(user_id), Ok(activity_id)) => {
            match state.store.record_action(user_id, activity_id).await {
                Ok(()) => return Ok(visitor.redirect("/admin?notice=action")),
                Err(StoreError::NotFound) => "That user or activity no longer exists.",
                Err(err) => return Err(err.into()),
            }
        }
        _ => "Please choose both a user and an activity.",
    };
    let errors = AdminErrors {
        activity: None,
        action: Some(message),
    };
    admin_with(&state, visitor, StatusCode::UNPROCESSABLE_ENTITY, errors).await
}

async fn stylesheet() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/css; charset=utf-8")],
        pages::STYLESHEET,
    )
}

async fn not_found(visitor: Visitor) -> Reply {
    let content = pages::problem("Page not found", "There is no page at this address.");
    Ok(visitor.page(StatusCode::NOT_FOUND, "Not found", content))
}

/// "Please fill in: …" naming the empty fields, or `None`.
/// The longest user or activity name, in characters: names are shown on one line of the
/// leaderboard and the admin lists.
pub const MAX_NAME_CHARS: usize = 60;

/// The form error for a name longer than [`MAX_NAME_CHARS`].
fn too_long(label: &str, value: &str) -> Option<String> {
    let n = value.chars().count();
    (n > MAX_NAME_CHARS).then(|| {
        format!("{label} is too long ({n} characters): please keep it to {MAX_NAME_CHARS} at most.")
    })
}

fn missing_fields(fields: &[(&str, &str)]) -> Option<String> {
    let empty: Vec<&str> = fields
        .iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(k, _)| *k)
        .collect();
    (!empty.is_empty()).then(|| format!("Please fill in: {}.", empty.join(", ")))
}

/// Runs a slow (Argon2) computation without blocking the server's other requests.
async fn hash_off_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => value,
        Err(err) => std::panic::resume_unwind(err.into_panic()),
    }
}
