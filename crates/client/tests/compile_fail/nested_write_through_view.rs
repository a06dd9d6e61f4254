#[allow(dead_code)]
mod db {
    include!("../../../client-gen/tests/expect/views.rs");
}
use db::{sale, sale_note};

// Nothing is written through a relation to a view: `Sale.notes` (records of a view) has no
// nested writes, as a view is read-only.
fn main() {
    let _ = sale::update_data().with(sale::notes::connect([sale_note::id().equals(1)]));
}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
