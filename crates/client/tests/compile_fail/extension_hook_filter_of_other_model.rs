#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use client::{QueryHook, ReadArgs, Result};
use points::{User, activity};

// A hook of User records adding a filter on Activity records to User reads.
struct Scoped;
impl QueryHook<User> for Scoped {
    fn read(&self, args: &mut ReadArgs<User>) -> Result<()> {
        args.filter(activity::points().gt(0));
        Ok(())
    }
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
