#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{Models, session, user};

// Connecting a record of another model: `user.actions` takes `Action` records.
async fn run(c: &client::Client) {
    let _ = c
        .user()
        .create(user::create("a@example.com").with(user::actions::connect([session::id().equals(1)])))
        .exec()
        .await;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
