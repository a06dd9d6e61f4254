#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::{activity, user};

// A field reference to a field of another type, then to a field of another model.
fn main() {
    let _ = activity::points().lte_field(activity::name());
    let _ = activity::name().equals_field(user::email());
}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
