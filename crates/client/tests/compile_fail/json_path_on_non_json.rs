#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{Models, user};

// A JSON path filter (Prisma's `path`) on a field that is not `Json`: `email` is a String.
async fn run(c: &client::Client) {
    let _ = c
        .user()
        .find_many()
        .filter(user::email().path(["a"]).equals(serde_json::json!(1)))
        .exec()
        .await;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
