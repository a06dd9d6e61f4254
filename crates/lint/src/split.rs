//! A migration script cut into statements with sqlparser's tokenizer (so strings, quoted
//! identifiers, comments and PostgreSQL's dollar-quoted bodies are the dialect's), each parsed
//! on its own: a statement the parser cannot read is kept, unparsed, and the rest go on.

use sqlparser::ast::Statement;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer, Whitespace};

/// One statement of a migration.
#[derive(Debug, Clone)]
pub struct Stmt {
    /// Line (1-based) of its first token.
    pub line: u64,
    /// Column (1-based) of its first token.
    pub column: u64,
    /// Its text, comments left out, whitespace collapsed (for messages).
    pub text: String,
    /// Its words upper-cased, quoted identifiers left out (for the few checks the parsed
    /// statement cannot answer, like `DROP INDEX CONCURRENTLY`).
    pub keywords: Vec<String>,
    /// The parsed statement, or why the parser could not read it.
    pub parsed: Result<Statement, String>,
}

/// A `--` or `/* */` comment of the script, with its line.
#[derive(Debug, Clone)]
pub struct Comment {
    /// Line (1-based).
    pub line: u64,
    /// The text without the comment markers.
    pub text: String,
}

/// A script split into statements and comments.
#[derive(Debug, Default)]
pub struct Script {
    /// The statements in order.
    pub statements: Vec<Stmt>,
    /// Every comment, in order.
    pub comments: Vec<Comment>,
    /// Set when the tokenizer itself failed (an unterminated string): the script is then
    /// one unparsed statement.
    pub tokenizer_error: Option<String>,
}

fn is_trivia(t: &Token) -> bool {
    matches!(t, Token::Whitespace(_))
}

fn word_upper(t: &Token) -> Option<String> {
    match t {
        Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
        _ => None,
    }
}

/// Splits and parses `sql` with `dialect`.
pub fn split(dialect: &dyn sqlparser::dialect::Dialect, sql: &str) -> Script {
    let mut script = Script::default();
    let tokens = match Tokenizer::new(dialect, sql).tokenize_with_location() {
        Ok(t) => t,
        Err(e) => {
            let text = collapse(sql);
            if !text.is_empty() {
                script.statements.push(Stmt {
                    line: 1,
                    column: 1,
                    keywords: Vec::new(),
                    text,
                    parsed: Err(e.to_string()),
                });
            }
            script.tokenizer_error = Some(e.to_string());
            return script;
        }
    };
    let mut current: Vec<TokenWithSpan> = Vec::new();
    // Depth of `BEGIN … END` / `CASE … END` inside a `CREATE TRIGGER` (SQLite, MySQL), whose
    // body holds `;`s that do not end the statement.
    let mut trigger = false;
    let mut depth = 0i32;
    for tok in tokens {
        match &tok.token {
            Token::Whitespace(Whitespace::SingleLineComment { comment, .. }) => {
                script.comments.push(Comment {
                    line: tok.span.start.line,
                    text: comment.trim_end().to_owned(),
                });
                continue;
            }
            Token::Whitespace(Whitespace::MultiLineComment(c)) => {
                script.comments.push(Comment {
                    line: tok.span.start.line,
                    text: c.trim().to_owned(),
                });
                continue;
            }
            Token::SemiColon if depth <= 0 => {
                finish(dialect, &mut current, &mut script.statements);
                trigger = false;
                depth = 0;
                continue;
            }
            Token::EOF => continue,
            _ => {}
        }
        if let Some(w) = word_upper(&tok.token) {
            let meaningful: Vec<String> = current
                .iter()
                .filter_map(|t| word_upper(&t.token))
                .take(4)
                .collect();
            if w == "TRIGGER" && meaningful.first().is_some_and(|f| f == "CREATE") {
                trigger = true;
            } else if trigger && (w == "BEGIN" || w == "CASE") {
                depth += 1;
            } else if trigger && w == "END" {
                depth -= 1;
            }
        }
        if current.is_empty() && is_trivia(&tok.token) {
            continue;
        }
        current.push(tok);
    }
    finish(dialect, &mut current, &mut script.statements);
    script
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn finish(
    dialect: &dyn sqlparser::dialect::Dialect,
    current: &mut Vec<TokenWithSpan>,
    out: &mut Vec<Stmt>,
) {
    let tokens = std::mem::take(current);
    let Some(first) = tokens.iter().find(|t| !is_trivia(&t.token)) else {
        return;
    };
    let (line, column) = (first.span.start.line, first.span.start.column);
    let mut text = String::new();
    for t in &tokens {
        match &t.token {
            Token::Whitespace(_) => {
                if !text.ends_with(' ') && !text.is_empty() {
                    text.push(' ');
                }
            }
            other => text.push_str(&other.to_string()),
        }
    }
    let text = text.trim_end().to_owned();
    let keywords: Vec<String> = tokens.iter().filter_map(|t| word_upper(&t.token)).collect();
    // sqlparser has no `DROP INDEX CONCURRENTLY`: parse it without the word (the checks read
    // it from `keywords`).
    let tokens = if keywords.starts_with(&["DROP".into(), "INDEX".into(), "CONCURRENTLY".into()]) {
        let mut t = tokens;
        if let Some(i) = t
            .iter()
            .position(|t| word_upper(&t.token).as_deref() == Some("CONCURRENTLY"))
        {
            t.remove(i);
        }
        t
    } else if keywords.first().map(String::as_str) == Some("PRAGMA") {
        // Nor `PRAGMA foreign_keys=OFF` (a keyword value): read the word as a string.
        let mut t = tokens;
        if let Some(i) = t.iter().position(|t| t.token == Token::Eq)
            && let Some(v) = t[i + 1..].iter_mut().find(|t| !is_trivia(&t.token))
            && let Token::Word(w) = &v.token
        {
            v.token = Token::SingleQuotedString(w.value.clone());
        }
        t
    } else {
        tokens
    };
    let parsed = parse_one(dialect, tokens);
    out.push(Stmt {
        line,
        column,
        text,
        keywords,
        parsed,
    });
}

fn parse_one(
    dialect: &dyn sqlparser::dialect::Dialect,
    tokens: Vec<TokenWithSpan>,
) -> Result<Statement, String> {
    let mut parser = Parser::new(dialect).with_tokens_with_locations(tokens);
    let statement = parser.parse_statement().map_err(|e| e.to_string())?;
    match parser.peek_token().token {
        Token::EOF => Ok(statement),
        other => Err(format!("unexpected `{other}` after the statement")),
    }
}

#[cfg(test)]
mod tests {
    use super::split;
    use sqlparser::dialect::{PostgreSqlDialect, SQLiteDialect};

    #[test]
    fn statements_have_lines_and_comments_are_kept() {
        let s = split(
            &PostgreSqlDialect {},
            "-- CreateTable\nCREATE TABLE \"a\" (\"b\" INT);\n\n/* x */ CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nnot sql at all;\nDROP TABLE a;",
        );
        assert_eq!(s.statements.len(), 4);
        assert_eq!(s.statements[0].line, 2);
        assert_eq!(s.statements[1].line, 4);
        assert!(s.statements[2].parsed.is_err());
        assert!(s.statements[3].parsed.is_ok());
        assert_eq!(s.comments.len(), 2);
    }

    #[test]
    fn trigger_bodies_stay_in_one_statement() {
        let s = split(
            &SQLiteDialect {},
            "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET b = 1; END;\nSELECT 1;",
        );
        assert_eq!(s.statements.len(), 2);
    }
}
