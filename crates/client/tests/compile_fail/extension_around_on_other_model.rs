#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use client::{Around, Extension, HookFuture, Next, ReadArgs};
use points::{Action, User};

// An `Around` hook written for User records, registered on Action records.
struct Counted;
impl Around<User> for Counted {
    fn count<'a>(&'a self, args: ReadArgs<User>, next: Next<'a, ReadArgs<User>, i64>) -> HookFuture<'a, i64> {
        next.run(args)
    }
}

fn extension() -> Extension {
    Extension::new().around::<Action>(Counted)
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
