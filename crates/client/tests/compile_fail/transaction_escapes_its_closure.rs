// The handle `transaction(…)` lends lives as long as the closure: it cannot be kept, and used
// after the transaction ended.
async fn run(c: &client::Client) -> client::Result<()> {
    let kept = c
        .transaction(async |tx| Ok::<_, client::Error>(tx))
        .await?;
    let _ = kept;
    Ok(())
}

fn main() {}
