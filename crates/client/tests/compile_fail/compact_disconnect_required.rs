#[allow(dead_code)]
mod db {
    include!("../../../client-gen/tests/expect/compact.rs");
}
use db::{Models, post, user};

// The compact client: `Post.author` is required, so its write handle has no `disconnect`, and
// a user's posts require their author, so the list has no `set`.
async fn run(c: &client::Client) {
    let _ = c
        .post()
        .update(post::fields().id.equals(1), post::update_data().with(post::write().author.disconnect()))
        .exec()
        .await;
    let _ = c
        .user()
        .update(user::fields().id.equals(1), user::update_data().with(user::write().posts.set([])))
        .exec()
        .await;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
