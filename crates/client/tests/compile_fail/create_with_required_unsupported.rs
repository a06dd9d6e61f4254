#[allow(dead_code)]
mod db {
    include!("../../../client-gen/tests/expect/unsupported.rs");
}
use db::Models;

// `Place.location` is a required `Unsupported` field without a default: the client cannot give
// it a value, so `Place` has no create (as in Prisma Client).
async fn run(c: &client::Client) {
    let _ = c.place().create_many(vec![]).exec().await;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
