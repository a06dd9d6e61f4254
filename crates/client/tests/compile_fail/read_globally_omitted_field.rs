#[allow(dead_code)]
mod db {
    include!("../../../client-gen/tests/expect/all_types.rs");
}
use db::Models;

// reading a field the generator's `omit` leaves out of the model (Prisma's global omit).
async fn run(c: &client::Client) {
    let people = c.person().find_many().exec().await.unwrap();
    let _ = &people[0].secret;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
