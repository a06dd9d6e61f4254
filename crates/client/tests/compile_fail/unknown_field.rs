#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{Models, action, user};

// A field the model does not have.
async fn run(c: &client::Client) {
    let _ = c.user().find_many().filter(user::nickname().equals("x")).exec().await;
    let _ = action::id();
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
