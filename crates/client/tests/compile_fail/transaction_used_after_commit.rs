#[allow(dead_code)]
mod points {
    include!("../../../../examples/points/src/prisma.rs");
}
use points::Models;

// A transaction is committed by value: the handle cannot be used after its commit.
async fn run(c: &client::Client) -> client::Result<()> {
    let tx = c.begin(None).await?;
    tx.commit().await?;
    let _ = tx.user().count().exec().await?;
    Ok(())
}

fn main() {}

// The generated client names `::refract::__private` (kept last: the errors' line numbers stay).
extern crate client as refract;
