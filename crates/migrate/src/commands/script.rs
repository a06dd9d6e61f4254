//! A migration script cut into statements, to decide how it can run: in one transaction with
//! its history row, with some statements outside that transaction (SQLite's
//! `PRAGMA foreign_keys`), or statement by statement.

use driver::Provider;

/// One statement of a script: its text (up to and including its `;`, comments kept), its
/// code (the text without comments) and its first word, upper-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statement<'a> {
    pub(crate) text: &'a str,
    pub(crate) code: String,
    pub(crate) keyword: String,
}

impl<'a> Statement<'a> {
    fn new(text: &'a str, code: String) -> Option<Statement<'a>> {
        let trimmed = code.trim_start();
        if trimmed.trim_end_matches(';').trim().is_empty() {
            return None;
        }
        let keyword = trimmed
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect::<String>()
            .to_ascii_uppercase();
        Some(Statement {
            text,
            code,
            keyword,
        })
    }
}

/// Cuts a script at the `;`s outside strings, quoted identifiers, comments and PostgreSQL's
/// dollar-quoted bodies. Statements that are only blanks and comments are left out (the
/// databases do not count them either).
pub(crate) fn statements(script: &str) -> Vec<Statement<'_>> {
    let bytes = script.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut code = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = match c {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                code.push(' ');
                script[i..].find('\n').map_or(bytes.len(), |n| i + n + 1)
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                code.push(' ');
                script[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2)
            }
            b'\'' | b'"' | b'`' | b'[' => {
                let close = if c == b'[' { b']' } else { c };
                let mut j = i + 1;
                while j < bytes.len() {
                    if bytes[j] == close {
                        // A doubled quote stays inside.
                        if close != b']' && bytes.get(j + 1) == Some(&close) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j += 1;
                }
                let end = (j + 1).min(bytes.len());
                code.push_str(&script[i..end]);
                end
            }
            b'$' => {
                // `$tag$ … $tag$` (PostgreSQL); `$1` and the like are not quotes.
                let tag_end = script[i + 1..].find('$').map(|n| i + 1 + n).filter(|&e| {
                    let tag = &script[i + 1..e];
                    tag.chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                        && !tag.starts_with(|ch: char| ch.is_ascii_digit())
                });
                match tag_end {
                    Some(e) => {
                        let tag = &script[i..=e];
                        let end = script[e + 1..]
                            .find(tag)
                            .map_or(bytes.len(), |n| e + 1 + n + tag.len());
                        code.push_str(&script[i..end]);
                        end
                    }
                    None => {
                        code.push('$');
                        i + 1
                    }
                }
            }
            b';' => {
                code.push(';');
                out.extend(Statement::new(
                    &script[start..=i],
                    std::mem::take(&mut code),
                ));
                start = i + 1;
                i + 1
            }
            _ => {
                let len = script[i..].chars().next().map_or(1, char::len_utf8);
                code.push_str(&script[i..i + len]);
                i + len
            }
        };
        i = next;
    }
    out.extend(Statement::new(&script[start..], code));
    out
}

/// How a script runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    /// In one transaction with its history row: the statements of `before` first (outside the
    /// transaction), then `body` and the history row together, then `after` (outside again).
    /// `offset` is the number of statements in `before`.
    Transaction {
        before: String,
        body: String,
        after: String,
        offset: usize,
    },
    /// Statement by statement, each committed as it runs (MySQL's DDL; a script that manages
    /// transactions itself or switches foreign keys in its middle): a failure leaves the
    /// statements before it applied.
    StatementByStatement,
}

/// Words that start a statement managing transactions (or that cannot run inside one).
const TRANSACTION_CONTROL: &[&str] = &[
    "BEGIN",
    "COMMIT",
    "END",
    "ROLLBACK",
    "SAVEPOINT",
    "RELEASE",
    "START",
    "VACUUM",
];

/// Decides how `script` runs on `provider`.
pub(crate) fn plan(provider: Provider, script: &str) -> Plan {
    if !provider.transactional_ddl() {
        return Plan::StatementByStatement;
    }
    let statements = statements(script);
    if statements
        .iter()
        .any(|s| TRANSACTION_CONTROL.contains(&s.keyword.as_str()))
        || script.to_ascii_uppercase().contains("CONCURRENTLY")
    {
        return Plan::StatementByStatement;
    }
    let outside = |s: &Statement<'_>| provider.runs_outside_transactions(&s.code);
    if !statements.iter().any(outside) {
        return Plan::Transaction {
            before: String::new(),
            body: script.to_owned(),
            after: String::new(),
            offset: 0,
        };
    }
    // The runs of `PRAGMA`s that open and close the script (Prisma's table redefinitions:
    // `defer_foreign_keys` and `foreign_keys`) run outside the transaction.
    let pragma = |s: &&Statement<'_>| s.keyword == "PRAGMA";
    let leading = statements.iter().take_while(pragma).count();
    let trailing = statements[leading..]
        .iter()
        .rev()
        .take_while(pragma)
        .count();
    let middle = &statements[leading..statements.len() - trailing];
    if middle.iter().any(outside) {
        return Plan::StatementByStatement;
    }
    let join = |list: &[Statement<'_>]| {
        list.iter()
            .map(|s| s.text.trim())
            .collect::<Vec<_>>()
            .join("\n")
    };
    Plan::Transaction {
        before: join(&statements[..leading]),
        body: join(middle),
        after: join(&statements[statements.len() - trailing..]),
        offset: leading,
    }
}

/// Whether a script cannot run inside one transaction (it manages transactions itself, or
/// the database commits DDL implicitly).
pub(crate) fn manages_transactions(provider: Provider, script: &str) -> bool {
    plan(provider, script) == Plan::StatementByStatement
}

#[cfg(test)]
mod tests {
    use super::*;

    const REDEFINE: &str = "-- RedefineTables\nPRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;\nCREATE TABLE \"new_A\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"b\" TEXT DEFAULT 'x;y');\nINSERT INTO \"new_A\" (\"id\") SELECT \"id\" FROM \"A\";\nDROP TABLE \"A\";\nALTER TABLE \"new_A\" RENAME TO \"A\";\nPRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;\n";

    #[test]
    fn statements_are_cut_outside_quotes_and_comments() {
        let s = statements(
            "-- a; comment\nCREATE TABLE \"x;\" (a TEXT DEFAULT 'it''s; fine'); /* ; */ SELECT 1;\n-- only a comment;\n",
        );
        let keywords: Vec<_> = s.iter().map(|s| s.keyword.as_str()).collect();
        assert_eq!(keywords, ["CREATE", "SELECT"]);
        assert!(s[0].text.ends_with("fine');"));
        let s = statements(
            "CREATE FUNCTION f() RETURNS int AS $$ BEGIN; RETURN 1; END $$ LANGUAGE plpgsql;\nSELECT $1;",
        );
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0].keyword, "CREATE");
    }

    #[test]
    fn sqlite_foreign_key_pragmas_run_outside_the_transaction() {
        let Plan::Transaction {
            before,
            body,
            after,
            offset,
        } = plan(Provider::Sqlite, REDEFINE)
        else {
            panic!("expected a transaction");
        };
        assert_eq!(offset, 2);
        assert_eq!(
            before,
            "-- RedefineTables\nPRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;"
        );
        assert!(body.starts_with("CREATE TABLE \"new_A\""), "{body}");
        assert!(body.ends_with("RENAME TO \"A\";"), "{body}");
        assert_eq!(
            after,
            "PRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;"
        );
        // A plain script runs whole.
        assert!(matches!(
            plan(Provider::Sqlite, "CREATE TABLE a (b INTEGER);"),
            Plan::Transaction { offset: 0, .. }
        ));
        // A column called `beginsAt` is not a transaction statement.
        assert!(matches!(
            plan(
                Provider::Postgres,
                "ALTER TABLE a ADD COLUMN \"beginsAt\" INT;"
            ),
            Plan::Transaction { .. }
        ));
    }

    #[test]
    fn scripts_that_cannot_be_wrapped_run_statement_by_statement() {
        for script in [
            "CREATE TABLE a (b INTEGER);\nPRAGMA foreign_keys=OFF;\nCREATE TABLE c (d INTEGER);",
            "BEGIN;\nCREATE TABLE a (b INTEGER);\nCOMMIT;",
            "VACUUM;",
        ] {
            assert_eq!(
                plan(Provider::Sqlite, script),
                Plan::StatementByStatement,
                "{script}"
            );
        }
        assert_eq!(
            plan(Provider::Postgres, "CREATE INDEX CONCURRENTLY i ON t (a);"),
            Plan::StatementByStatement
        );
        assert_eq!(
            plan(Provider::Mysql, "CREATE TABLE a (b INT);"),
            Plan::StatementByStatement
        );
    }
}
