#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{Models, user};

// reading a field that was omitted: it holds `Omitted`, not the password.
async fn run(c: &client::Client) {
    let users = c
        .user()
        .find_many()
        .omit(user::omit::HashedPassword)
        .exec()
        .await
        .unwrap();
    let password: Option<String> = users[0].hashed_password.clone();
    let _ = password;
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
