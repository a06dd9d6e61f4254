//! Errors as Prisma's CLI prints them: `Error: P3009` then a blank line and the message.

/// An error carrying Prisma's code, printed as `Error: CODE\n\nmessage` by `main`.
#[derive(Debug)]
pub struct CodedError {
    /// Prisma's code (`P3009`), when there is one.
    pub code: Option<&'static str>,
    /// The message.
    pub message: String,
}

impl std::fmt::Display for CodedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.code {
            Some(code) => write!(f, "{code}\n\n{}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for CodedError {}

/// Wraps a message and code into an `anyhow::Error`.
pub fn coded(code: Option<&'static str>, message: String) -> anyhow::Error {
    anyhow::Error::new(CodedError { code, message })
}

/// A migrate error, with its code.
pub fn from_history(e: migrate::HistoryError) -> anyhow::Error {
    coded(e.code(), e.to_string())
}

/// A connector error, with its code.
pub fn from_driver(e: driver::Error) -> anyhow::Error {
    coded(e.code(), e.to_string())
}
