//! `refract completion bash|zsh|fish` (also `refract complete`, Prisma 7.9's name): a shell
//! completion script for every command and flag, written by clap_complete from the same
//! definitions the parser uses, so it never falls behind.

use crate::exit;

/// Arguments of `refract completion`.
#[derive(clap::Args)]
pub struct Args {
    /// The shell to complete in
    #[arg(value_enum)]
    shell: Shell,
}

/// The shells Refract writes completions for.
#[derive(clap::ValueEnum, Clone, Copy)]
enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// Writes the script for `command` (the whole `refract` command tree) to stdout.
pub fn run(args: Args, mut command: clap::Command) -> anyhow::Result<u8> {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    // Into a buffer first: clap_complete panics on a failed write (a closed pipe), and a
    // command must fail with an error instead.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "refract", &mut script);
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&script).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(exit::OK),
        // The reader stopped early (`| head`): not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit::OK),
        Err(e) => Err(anyhow::anyhow!(
            "Could not write the completion script: {e}"
        )),
    }
}
