#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{Models, action, user};

// A filter value of the wrong type: createdAt is a DateTime, not text. (A chrono type rather
// than `String`, whose list of `From` impls in the error grows with the dependency graph.)
async fn run(c: &client::Client) {
    let _ = c.user().find_many().filter(user::created_at().equals("yesterday")).exec().await;
    let _ = action::id();
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
