mod sql {
    include!("../../../cli/tests/typed_sql/postgresql/sql.rs");
}

// A TypedSQL query's arguments have the types the database described: `getUser.sql` takes the
// user's id as an `Int` (`i32`), not text.
async fn run(c: &client::Client) {
    let _ = c.query_typed(sql::get_user("42")).await;
}

fn main() {}

// The generated module names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
