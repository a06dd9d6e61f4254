#[allow(dead_code)]
mod db {
    include!("../../../client-gen/tests/expect/lists.rs");
}
use db::{Models, bag};

// `has` is a scalar list filter: `name` is a `String`, not a list.
async fn run(c: &client::Client) {
    let _ = c.bag().find_many().filter(bag::name().has("x")).exec().await;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
