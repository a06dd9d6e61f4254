#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use std::sync::Mutex;

use client::{Around, HookFuture, SelectCall, Selected};
use points::User;

// An `Around` hook keeping the result of a `select` form past its call (to answer a later
// one with it): a `Selected` lives no longer than its call.
struct Keep(Mutex<Option<Selected<'static>>>);
impl Around<User> for Keep {
    fn selected<'a>(&'a self, call: SelectCall<'a, User>) -> HookFuture<'a, Selected<'a>> {
        Box::pin(async move {
            let result = call.run().await?;
            *self.0.lock().unwrap() = Some(result);
            Err(refract::Error::InvalidQuery("kept".into()))
        })
    }
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
