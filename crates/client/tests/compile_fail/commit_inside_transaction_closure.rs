// Inside `transaction(…)` the closure's result commits or rolls back: the handle it lends
// cannot be committed (or rolled back) by hand.
async fn run(c: &client::Client) -> client::Result<()> {
    c.transaction(async |tx| {
        tx.commit().await?;
        Ok::<_, client::Error>(())
    })
    .await
}

fn main() {}
