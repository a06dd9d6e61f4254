#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{Models, session::Fluent as _, user, user::Fluent as _};

// The fluent API to a relation the model does not have: `User` has `sessions` and `actions`,
// no `activity` (that is `Action`'s); `Session` has `user` but no `actions`.
async fn run(c: &client::Client) {
    let _ = c.user().find_unique(user::id().equals(1)).activity().exec().await;
    let _ = c.session().find_unique(points::session::id().equals(1)).actions().exec().await;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
