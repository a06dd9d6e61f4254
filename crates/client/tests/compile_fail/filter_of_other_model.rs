#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{Models, action, user};

// A filter on another model.
async fn run(c: &client::Client) {
    let _ = c.user().find_many().filter(action::id().equals(1)).exec().await;
    let _ = user::id();
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
