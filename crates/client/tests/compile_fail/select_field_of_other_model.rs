#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{Models, action, user};

// select of a field of another model (Action's id in a select of User records).
async fn run(c: &client::Client) {
    let _ = c
        .user()
        .find_many()
        .select((user::select::id(), action::select::id()))
        .exec()
        .await;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
