#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use std::sync::Mutex;

use client::{Around, HookFuture, SelectCall, Selected};
use points::User;

// An `Around` hook answering a `select` form with the result of an earlier call, which it
// kept: a `Selected` is branded with its call (`'a`, invariant), so one kept past the call
// (`'static`) is not the `Selected<'a>` of another.
struct Replay(Mutex<Option<Selected<'static>>>);
impl Around<User> for Replay {
    fn selected<'a>(&'a self, call: SelectCall<'a, User>) -> HookFuture<'a, Selected<'a>> {
        Box::pin(async move {
            if let Some(kept) = self.0.lock().unwrap().take() {
                return Ok(kept);
            }
            call.run().await
        })
    }
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
