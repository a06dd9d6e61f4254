#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use client::{Computed, Pick};
use points::{User, user};

// A computed field that needs the email only, reading the role too: `compute` sees what
// `Needs` selects, and nothing else.
struct Greeting;
impl Computed<User> for Greeting {
    type Needs = (Pick<User, String>,);
    type Output = String;
    fn needs(&self) -> Self::Needs {
        (user::select::email(),)
    }
    fn compute(&self, needs: (String,)) -> String {
        format!("{} ({})", needs.0, needs.1)
    }
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
