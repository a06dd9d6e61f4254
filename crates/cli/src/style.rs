//! Colour in the terminal, as Prisma's CLI colours its output: the opening lines dimmed,
//! success in green, `Error:` in red. Only when the stream is a terminal and `NO_COLOR` is not
//! set; `CLICOLOR_FORCE=1` forces it (tests, pagers that understand it), `NO_COLOR` wins over it.

use std::io::IsTerminal;
use std::sync::OnceLock;

/// Which stream a text goes to.
#[derive(Clone, Copy)]
pub enum Stream {
    Stdout,
    Stderr,
}

fn enabled(stream: Stream) -> bool {
    static FLAGS: OnceLock<(bool, bool)> = OnceLock::new();
    let (out, err) = *FLAGS.get_or_init(|| {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let forced = std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
        let on = |tty: bool| !no_color && (forced || tty);
        (
            on(std::io::stdout().is_terminal()),
            on(std::io::stderr().is_terminal()),
        )
    });
    match stream {
        Stream::Stdout => out,
        Stream::Stderr => err,
    }
}

fn paint(stream: Stream, code: &str, text: &str) -> String {
    if enabled(stream) {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// Dimmed (Prisma's opening lines: `.env`, the schema, the datasource).
pub fn dim(text: &str) -> String {
    paint(Stream::Stdout, "2", text)
}

/// Green (success).
pub fn green(text: &str) -> String {
    paint(Stream::Stdout, "32", text)
}

/// Bold red, on stderr (`Error:`).
pub fn error_label(text: &str) -> String {
    paint(Stream::Stderr, "1;31", text)
}
