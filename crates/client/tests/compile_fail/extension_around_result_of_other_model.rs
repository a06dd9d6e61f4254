#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use client::{Around, HookFuture, Next, ReadArgs};
use points::{Action, User};

// An `Around` hook of User answering `findUnique` with a record of another model.
struct Cached(Action);
impl Around<User> for Cached {
    fn find_first<'a>(
        &'a self,
        _args: ReadArgs<User>,
        _next: Next<'a, ReadArgs<User>, Option<User>>,
    ) -> HookFuture<'a, Option<User>> {
        Box::pin(async move { Ok(Some(self.0.clone())) })
    }
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
