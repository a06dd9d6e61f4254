//! `refract lsp`: the language server for editors, over stdin and stdout (the `lsp` crate does
//! the work; this is the only place that hands it the process's streams).

/// Arguments of `refract lsp`.
#[derive(clap::Args)]
pub struct Args {
    /// Talk over stdin and stdout (the default and only transport; accepted because editors
    /// pass it)
    #[arg(long)]
    stdio: bool,
}

/// Runs the server until the editor says `exit`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let _ = args.stdio;
    let (connection, io_threads) = lsp::Connection::stdio();
    lsp::run(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(crate::exit::OK)
}
