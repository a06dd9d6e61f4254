#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{Models, action};

// `Action.user` is required: there is no `disconnect` (nor `delete`) to call.
async fn run(c: &client::Client) {
    let _ = c
        .action()
        .update(action::id().equals(1), action::update_data().with(action::user::disconnect()))
        .exec()
        .await;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
