#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{Models, session, user};

// `disconnect` is an update-only nested write: create data does not take it.
async fn run(c: &client::Client) {
    let _ = c
        .user()
        .create(user::create("a@example.com").with(user::sessions::disconnect([session::id().equals(1)])))
        .exec()
        .await;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
