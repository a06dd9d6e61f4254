//! The HTML of every page. Maud escapes every value it interpolates.

use maud::{DOCTYPE, Markup, html};

use crate::prisma::{Activity, User};
use crate::store::{HistoryEntry, Standing};
use crate::web::MAX_NAME_CHARS;

/// Who is looking at the page, as far as the layout cares.
pub struct Frame<'a> {
    /// The logged-in user, if any.
    pub user: Option<&'a User>,
    /// The token every form carries.
    pub csrf: &'a str,
    /// A message for the top of the page (success or information).
    pub notice: Option<&'a str>,
}

/// The layout around every page: header, navigation, notice, content.
pub fn layout(frame: &Frame<'_>, title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Points" }
                link rel="stylesheet" href="/style.css";
            }
            body {
                header {
                    a.brand href="/" { "Points" }
                    nav {
                        a href="/" { "Leaderboard" }
                        @if let Some(user) = frame.user {
                            a href="/me" { "My points" }
                            @if user.role == "admin" { a href="/admin" { "Admin" } }
                            form.inline method="post" action="/logout" {
                                (csrf_field(frame.csrf))
                                button.link type="submit" { "Log out" }
                            }
                        } @else {
                            a href="/login" { "Log in" }
                            a href="/signup" { "Sign up" }
                        }
                    }
                }
                main {
                    @if let Some(notice) = frame.notice { p.notice role="status" { (notice) } }
                    (content)
                }
            }
        }
    }
}

fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

fn error(message: Option<&str>) -> Markup {
    html! { @if let Some(message) = message { p.error role="alert" { (message) } } }
}

/// `/`: total points per user.
pub fn leaderboard(standings: &[Standing]) -> Markup {
    html! {
        h1 { "Leaderboard" }
        @if standings.is_empty() {
            p { "Nobody has signed up yet." }
        } @else {
            table #leaderboard {
                thead { tr { th { "#" } th { "Name" } th.num { "Points" } } }
                tbody {
                    @for (rank, standing) in standings.iter().enumerate() {
                        tr { td { (rank + 1) } td { (standing.name) } td.num { (standing.points) } }
                    }
                }
            }
        }
    }
}

/// The values a sign-up or log-in form shows again after an error.
#[derive(Default)]
pub struct Filled<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// `/signup`.
pub fn signup(csrf: &str, filled: &Filled<'_>, message: Option<&str>) -> Markup {
    html! {
        h1 { "Sign up" }
        (error(message))
        form method="post" action="/signup" {
            (csrf_field(csrf))
            label { "Name" input name="name" value=(filled.name) autocomplete="name" maxlength=(MAX_NAME_CHARS) required; }
            label { "Email" input type="email" name="email" value=(filled.email) autocomplete="email" required; }
            label { "Password (at least 8 characters)"
                input type="password" name="password" autocomplete="new-password" minlength="8" required; }
            button type="submit" { "Create account" }
        }
        p { "Already have an account? " a href="/login" { "Log in" } }
    }
}

/// `/login`.
pub fn login(csrf: &str, email: &str, message: Option<&str>) -> Markup {
    html! {
        h1 { "Log in" }
        (error(message))
        form method="post" action="/login" {
            (csrf_field(csrf))
            label { "Email" input type="email" name="email" value=(email) autocomplete="email" required; }
            label { "Password" input type="password" name="password" autocomplete="current-password" required; }
            button type="submit" { "Log in" }
        }
        p { "No account yet? " a href="/signup" { "Sign up" } }
    }
}

/// `/me`: the user's own actions.
pub fn history(user: &User, entries: &[HistoryEntry]) -> Markup {
    let total: i64 = entries.iter().map(|e| i64::from(e.points)).sum();
    html! {
        h1 { (user.display_name()) }
        p { "You have " strong #total { (total) } " points." }
        @if entries.is_empty() {
            p { "No actions yet: ask an admin to record one." }
        } @else {
            table #history {
                thead { tr { th { "When" } th { "Activity" } th.num { "Points" } } }
                tbody {
                    @for entry in entries {
                        tr {
                            td { time datetime=(entry.at.to_rfc3339()) { (entry.at.format("%Y-%m-%d %H:%M")) } }
                            td { (entry.activity) }
                            td.num { (entry.points) }
                        }
                    }
                }
            }
        }
    }
}

/// Error messages for the two admin forms.
#[derive(Default)]
pub struct AdminErrors<'a> {
    pub activity: Option<&'a str>,
    pub action: Option<&'a str>,
}

/// `/admin`: create activities, record actions.
pub fn admin(
    csrf: &str,
    users: &[User],
    activities: &[Activity],
    errors: &AdminErrors<'_>,
) -> Markup {
    html! {
        h1 { "Admin" }
        section {
            h2 { "Record an action" }
            (error(errors.action))
            form #record-action method="post" action="/admin/actions" {
                (csrf_field(csrf))
                label { "User"
                    select name="user_id" required {
                        option value="" { "Choose a user" }
                        @for user in users { option value=(user.id) { (user.display_name()) " (" (user.email) ")" } }
                    }
                }
                label { "Activity"
                    select name="activity_id" required {
                        option value="" { "Choose an activity" }
                        @for activity in activities {
                            option value=(activity.id) { (activity.name) " (" (activity.points) " points)" }
                        }
                    }
                }
                button type="submit" { "Record action" }
            }
        }
        section {
            h2 { "Create an activity" }
            (error(errors.activity))
            form #create-activity method="post" action="/admin/activities" {
                (csrf_field(csrf))
                label { "Name" input name="name" maxlength=(MAX_NAME_CHARS) required; }
                label { "Points" input type="number" name="points" min="1" max="100000" required; }
                button type="submit" { "Create activity" }
            }
            @if !activities.is_empty() {
                h3 { "Activities" }
                ul { @for activity in activities { li { (activity.name) ": " (activity.points) " points" } } }
            }
        }
    }
}

/// A page that only says what went wrong.
pub fn problem(heading: &str, message: &str) -> Markup {
    html! {
        h1 { (heading) }
        p.error role="alert" { (message) }
        p { a href="/" { "Back to the leaderboard" } }
    }
}

/// `/style.css`.
pub const STYLESHEET: &str = r#"
:root { color-scheme: light dark; --accent: #2f6fdf; --muted: #8888; }
* { box-sizing: border-box; }
body { font: 17px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 40rem; padding: 0 1rem 2rem; }
header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; justify-content: space-between;
  padding: 1rem 0; border-bottom: 1px solid var(--muted); }
.brand { font-weight: 700; font-size: 1.3rem; text-decoration: none; }
nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; }
a, button.link { color: var(--accent); }
form.inline { display: inline; }
button.link { background: none; border: 0; padding: 0; font: inherit; text-decoration: underline; cursor: pointer; }
form:not(.inline) { display: grid; gap: .75rem; margin: 1rem 0; }
label { display: grid; gap: .25rem; font-weight: 600; }
input, select, button { font: inherit; padding: .5rem; border-radius: .4rem; border: 1px solid var(--muted); }
form:not(.inline) button { background: var(--accent); color: white; border: 0; font-weight: 600; cursor: pointer; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .4rem; border-bottom: 1px solid var(--muted); }
td { overflow-wrap: anywhere; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.notice, .error { padding: .6rem .8rem; border-radius: .4rem; }
.notice { background: #2f6fdf22; border-left: 4px solid var(--accent); }
.error { background: #d0303022; border-left: 4px solid #d03030; }
"#;
