#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{Models, user};

// reading a field that was not selected: the result is `(i32, String)`, with no `name`.
async fn run(c: &client::Client) {
    let users = c
        .user()
        .find_many()
        .select((user::select::id(), user::select::email()))
        .exec()
        .await
        .unwrap();
    let _ = &users[0].name;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
