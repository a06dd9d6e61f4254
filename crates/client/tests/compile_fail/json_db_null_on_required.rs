#[allow(dead_code)]
mod db {
    include!("../../../client-gen/tests/expect/json_decimal.rs");
}
use db::{Models, doc};

// `DbNull` (SQL NULL) written into a required Json field: only an optional one takes it.
async fn run(c: &client::Client) {
    let _ = c
        .doc()
        .update(doc::name().equals("a"), vec![doc::data().set(client::DbNull)])
        .exec()
        .await;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
