#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use client::{Extension, QueryHook, ReadArgs, Result};
use points::{Action, User, user};

// A query hook written for User records, registered on Action records.
struct AdminsOnly;
impl QueryHook<User> for AdminsOnly {
    fn read(&self, args: &mut ReadArgs<User>) -> Result<()> {
        args.filter(user::role().equals("admin"));
        Ok(())
    }
}

fn extension() -> Extension {
    Extension::new().query::<Action>(AdminsOnly)
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
