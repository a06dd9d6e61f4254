//! One module per command; each exposes `Args` (clap) and `run(Args) -> anyhow::Result<u8>`
//! returning the exit code.

pub mod completion;
pub mod db;
pub mod debug;
pub mod format;
pub mod generate;
pub mod generate_sql;
pub mod init;
pub mod lsp;
pub mod migrate;
pub mod studio;
pub mod validate;
pub mod version;
pub mod watch;
