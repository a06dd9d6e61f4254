//! A script split into statements at the `;` that ends each, outside quotes, comments and
//! PostgreSQL's dollar-quoted bodies, each with the line it starts on.

/// One statement of a script (without its `;`), and the line where its first word is.
pub(crate) struct Statement<'a> {
    pub text: &'a str,
    pub line: usize,
}

/// The statements of `sql`; empty ones (only comments or blanks) are left out.
pub(crate) fn statements<'a>(sql: &'a str) -> Vec<Statement<'a>> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let push = |out: &mut Vec<Statement<'a>>, from: usize, to: usize| {
        if let Some((offset, text)) = trimmed(&sql[from..to]) {
            let line = 1 + sql[..from + offset].bytes().filter(|&b| b == b'\n').count();
            out.push(Statement { text, line });
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' | b'`' => i = skip_quoted(bytes, i),
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = skip_line(bytes, i),
            b'#' => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |p| i + 2 + p + 2);
            }
            b'$' => i = skip_dollar(sql, i),
            b';' => {
                push(&mut out, start, i);
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    push(&mut out, start, bytes.len());
    out
}

/// The statement without leading comments and blanks, and where it starts; `None` when
/// nothing is left.
fn trimmed(text: &str) -> Option<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if text[i..].starts_with("--") || text[i..].starts_with('#') {
            i = skip_line(bytes, i);
        } else if text[i..].starts_with("/*") {
            i = text[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |p| i + 2 + p + 2);
        } else {
            break;
        }
    }
    let rest = text[i..].trim_end();
    (!rest.is_empty()).then_some((i, rest))
}

fn skip_line(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| i + p + 1)
}

/// Past a quoted string or identifier (a doubled quote stays inside; a backslash escapes the
/// next character in `'…'`, as MySQL reads it; PostgreSQL and SQLite scripts written by Prisma
/// never end a literal with a backslash, so reading it so is safe for them).
fn skip_quoted(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        if bytes[j] == b'\\' && quote == b'\'' {
            j += 2;
            continue;
        }
        if bytes[j] == quote {
            if bytes.get(j + 1) == Some(&quote) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    bytes.len()
}

/// Past a `$tag$ … $tag$` body; a `$` that does not open one is one character.
fn skip_dollar(sql: &str, i: usize) -> usize {
    let rest = &sql[i + 1..];
    let tag_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    if rest.as_bytes().get(tag_len) != Some(&b'$')
        || rest.as_bytes().first().is_some_and(u8::is_ascii_digit)
    {
        return i + 1;
    }
    let tag = &sql[i..i + tag_len + 2];
    let body = i + tag.len();
    sql[body..]
        .find(tag)
        .map_or(sql.len(), |p| body + p + tag.len())
}

/// The statement's first line, at most 80 characters.
pub(crate) fn headline(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default().trim();
    if first.chars().count() > 80 {
        format!("{}…", first.chars().take(80).collect::<String>())
    } else {
        first.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::statements;

    #[test]
    fn statements_end_at_semicolons_outside_quotes_comments_and_bodies() {
        let sql = "-- c;\nCREATE TABLE \"a;\" (x TEXT DEFAULT 'b;''c');\n\nDO $$ BEGIN x; END $$;\n/* ; */ SELECT 1";
        let got: Vec<(usize, &str)> = statements(sql).iter().map(|s| (s.line, s.text)).collect();
        assert_eq!(
            got,
            vec![
                (2, "CREATE TABLE \"a;\" (x TEXT DEFAULT 'b;''c')"),
                (4, "DO $$ BEGIN x; END $$"),
                (5, "SELECT 1"),
            ]
        );
    }
}
