#[allow(dead_code)]
mod db {
    include!("../../../client-gen/tests/expect/views.rs");
}
use db::{Models, region_total};

// A view is read-only: it has no write operations (Prisma Client has none either).
async fn run(c: &client::Client) {
    let _ = c
        .region_total()
        .delete(region_total::region().equals("north"))
        .exec()
        .await;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
