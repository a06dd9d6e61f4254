//! `-- refract-lint-ignore R201, R105: why it is safe` silences those codes on the statement
//! that follows the comment; `-- refract-lint-ignore-file R201: why` on the whole migration.
//! A silence without a reason still silences, and is itself a finding (R002); a code that
//! does not exist is R003.

use crate::rules;
use crate::split::Script;

const MARK: &str = "refract-lint-ignore";

struct Entry {
    codes: Vec<String>,
    /// The line of the statement it silences; `None`: the whole migration.
    target: Option<u64>,
}

/// The silences of one migration.
pub(crate) struct Silences {
    entries: Vec<Entry>,
    problems: Vec<(&'static str, u64, String)>,
}

/// Reads the silences in `script`'s comments.
pub(crate) fn read(script: &Script) -> Silences {
    let mut out = Silences {
        entries: Vec::new(),
        problems: Vec::new(),
    };
    for comment in &script.comments {
        let text = comment.text.trim();
        let Some(rest) = text.strip_prefix(MARK) else {
            continue;
        };
        let (whole_file, rest) = match rest.strip_prefix("-file") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let (codes, reason) = match rest.split_once(':') {
            Some((c, r)) => (c, r.trim()),
            None => (rest, ""),
        };
        let codes: Vec<String> = codes
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|c| !c.is_empty())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if codes.is_empty() {
            out.problems.push((
                "R003",
                comment.line,
                format!("`{MARK}` names no code: write `{MARK} R201: reason`"),
            ));
            continue;
        }
        for code in &codes {
            if rules::find(code).is_none() {
                out.problems.push((
                    "R003",
                    comment.line,
                    format!(
                        "`{code}` is not a Refract lint code, so this comment silences nothing"
                    ),
                ));
            }
        }
        if reason.is_empty() {
            out.problems.push((
                "R002",
                comment.line,
                format!(
                    "the silence of {} gives no reason: add one after a colon (`{MARK} {}: why it is safe`)",
                    codes.join(", "),
                    codes.join(", ")
                ),
            ));
        }
        let target = if whole_file {
            None
        } else {
            match script.statements.iter().find(|s| s.line > comment.line) {
                Some(s) => Some(s.line),
                None => continue,
            }
        };
        out.entries.push(Entry { codes, target });
    }
    out
}

impl Silences {
    /// Whether `code` is silenced on the statement at `line`.
    pub(crate) fn silenced(&self, code: &str, line: u64) -> bool {
        self.entries
            .iter()
            .any(|e| e.target.is_none_or(|t| t == line) && e.codes.iter().any(|c| c == code))
    }

    /// The silences that are findings themselves (R002, R003).
    pub(crate) fn problems(&self) -> Vec<(&'static str, u64, String)> {
        self.problems.clone()
    }
}
