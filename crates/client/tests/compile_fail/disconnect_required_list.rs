#[allow(dead_code)]
mod points {
    include!("../../../client-gen/tests/expect/points.rs");
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
