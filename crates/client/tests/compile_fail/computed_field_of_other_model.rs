#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use client::{Computed, Pick};
use points::{Activity, User, activity};

// A computed field of User records that needs a field of Activity records.
struct Score;
impl Computed<User> for Score {
    type Needs = Pick<Activity, i32>;
    type Output = i32;
    fn needs(&self) -> Self::Needs {
        activity::select::points()
    }
    fn compute(&self, points: i32) -> i32 {
        points * 2
    }
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
