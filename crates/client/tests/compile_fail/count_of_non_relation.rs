#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{Models, user};

// `_count` of a scalar field in an include: only relations have counts.
async fn run(c: &client::Client) {
    let _ = c
        .user()
        .find_many()
        .with_counts(user::email().count())
        .exec()
        .await;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
