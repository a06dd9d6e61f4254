#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{Models, action, user};

// `Action.user` is required, so `User.actions` offers no `disconnect` or `set`.
async fn run(c: &client::Client) {
    let _ = c
        .user()
        .update(
            user::id().equals(1),
            user::update_data().with(user::actions::set([action::id().equals(1)])),
        )
        .exec()
        .await;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
