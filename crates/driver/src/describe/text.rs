//! Reading a statement's text: the line of an error's offset, and which tables its outer
//! joins can fill with NULLs (PostgreSQL and SQLite; MySQL's metadata says it itself).

/// The 1-based line of a byte offset into `text`.
pub(super) fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    let end = (0..=end)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    text[..end].matches('\n').count() + 1
}

/// What the statement's joins say of NULLs: the columns of a table an outer join can fill
/// with NULLs are nullable whatever the table declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum OuterJoins {
    /// No outer join.
    None,
    /// `LEFT [OUTER] JOIN`s of plain table names: a column is NOT NULL (when its table says
    /// so) only if its table is named after `FROM` or an inner `JOIN` and is not left-joined
    /// (names compared case-insensitively). A column that reaches the result through a view
    /// or a common table expression is nullable.
    Tables {
        /// The tables after `FROM` or an inner `JOIN`.
        required: Vec<String>,
        /// The tables after `LEFT [OUTER] JOIN`.
        left: Vec<String>,
    },
    /// Any column can be NULL: a `RIGHT` or `FULL` join, a `LEFT JOIN` of something that is
    /// not a plain table name (a subquery, `LATERAL`), an outer join in a statement with a
    /// `WITH` clause, or a `UNION`, `INTERSECT` or `EXCEPT`.
    All,
}

impl OuterJoins {
    /// Whether a column of `table` (`None`: not from a table) can be NULL through a join.
    pub(super) fn nullable(&self, table: Option<&str>) -> bool {
        let named = |names: &[String], t: &str| names.iter().any(|n| n.eq_ignore_ascii_case(t));
        match self {
            OuterJoins::None => false,
            OuterJoins::All => true,
            OuterJoins::Tables { required, left } => {
                table.is_none_or(|t| !named(required, t) || named(left, t))
            }
        }
    }
}

/// The outer joins of a statement, read from its tokens outside comments and quoted text.
pub(super) fn outer_joins(sql: &str) -> OuterJoins {
    let tokens = tokens(sql);
    let word = |i: usize, w: &str| matches!(tokens.get(i), Some(Token::Word(x)) if x.eq_ignore_ascii_case(w));
    // The (possibly schema-qualified) table name starting at token `i`.
    let table_at = |mut i: usize| -> Option<String> {
        loop {
            let name = match tokens.get(i) {
                Some(Token::Word(w)) if !w.eq_ignore_ascii_case("lateral") => w.clone(),
                Some(Token::Quoted(w)) => w.clone(),
                _ => return None,
            };
            if tokens.get(i + 1) != Some(&Token::Dot) {
                return Some(name);
            }
            i += 2;
        }
    };
    let (mut required, mut left) = (Vec::new(), Vec::new());
    let mut set_operation = false;
    for i in 0..tokens.len() {
        if word(i, "union") || word(i, "intersect") || word(i, "except") {
            set_operation = true;
        }
        if word(i, "from") {
            required.extend(table_at(i + 1));
            continue;
        }
        if !word(i, "join") {
            continue;
        }
        let side = if word(i.wrapping_sub(1), "outer") {
            i.wrapping_sub(2)
        } else {
            i.wrapping_sub(1)
        };
        if word(side, "right") || word(side, "full") {
            return OuterJoins::All;
        }
        if !word(side, "left") {
            required.extend(table_at(i + 1));
            continue;
        }
        match table_at(i + 1) {
            Some(name) => left.push(name),
            None => return OuterJoins::All,
        }
    }
    if set_operation || (!left.is_empty() && word(0, "with")) {
        return OuterJoins::All;
    }
    if left.is_empty() {
        OuterJoins::None
    } else {
        OuterJoins::Tables { required, left }
    }
}

/// A token of a statement, for [`outer_joins`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A bare word (keyword or identifier).
    Word(String),
    /// A quoted identifier (`"Post"`, `` `Post` ``), unquoted.
    Quoted(String),
    /// `.`
    Dot,
    /// Any other punctuation (`(`, `,`, `=`, …).
    Other,
}

/// The tokens of a statement, skipping comments and string literals.
fn tokens(sql: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = String::from(c);
            while let Some(&n) = chars.peek() {
                if n.is_alphanumeric() || n == '_' || n == '$' {
                    word.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Token::Word(word));
            continue;
        }
        match c {
            c if c.is_whitespace() => {}
            '-' if chars.peek() == Some(&'-') => skip_line(&mut chars),
            '#' => skip_line(&mut chars),
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '\'' => {
                // `''` inside a literal closes and reopens it: the same skipping.
                let mut escaped = false;
                for n in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if n == '\\' {
                        escaped = true;
                    } else if n == '\'' {
                        break;
                    }
                }
            }
            '"' | '`' => {
                let mut name = String::new();
                while let Some(n) = chars.next() {
                    if n == c {
                        if chars.peek() == Some(&c) {
                            chars.next();
                            name.push(c);
                            continue;
                        }
                        break;
                    }
                    name.push(n);
                }
                out.push(Token::Quoted(name));
            }
            '.' => out.push(Token::Dot),
            _ => out.push(Token::Other),
        }
    }
    out
}

fn skip_line(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if c == '\n' {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(required: &[&str], left: &[&str]) -> OuterJoins {
        let owned = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect();
        OuterJoins::Tables {
            required: owned(required),
            left: owned(left),
        }
    }

    #[test]
    fn outer_joins_are_found_outside_comments_and_strings() {
        let cases = [
            (
                "SELECT * FROM a LEFT JOIN b ON a.id = b.a JOIN c ON true",
                tables(&["a", "c"], &["b"]),
            ),
            (
                "SELECT * FROM \"User\" u LEFT OUTER JOIN public.\"Post\" p ON true",
                tables(&["User"], &["Post"]),
            ),
            (
                "WITH x AS (SELECT 1) SELECT * FROM a LEFT JOIN x ON true",
                OuterJoins::All,
            ),
            ("SELECT a.x FROM a UNION SELECT NULL", OuterJoins::All),
            (
                "select * from a\nfull outer\njoin b on true",
                OuterJoins::All,
            ),
            ("SELECT * FROM a RIGHT JOIN b ON true", OuterJoins::All),
            (
                "SELECT * FROM a LEFT JOIN (SELECT * FROM b) x ON true",
                OuterJoins::All,
            ),
            (
                "SELECT * FROM a LEFT JOIN LATERAL (SELECT 1) x ON true",
                OuterJoins::All,
            ),
            ("SELECT * FROM a JOIN b ON a.id = b.a", OuterJoins::None),
            (
                "SELECT 'left join x', 'it''s' FROM a -- left join y\n",
                OuterJoins::None,
            ),
            ("SELECT \"left\" FROM a /* right join */", OuterJoins::None),
        ];
        for (sql, expected) in cases {
            assert_eq!(outer_joins(sql), expected, "{sql}");
        }
        let joins = tables(&["User"], &["Post"]);
        assert!(joins.nullable(Some("post")));
        assert!(!joins.nullable(Some("user")));
        // A table the statement does not name (a view's, a CTE's) may come through a join.
        assert!(joins.nullable(Some("Other")));
        assert!(joins.nullable(None));
    }

    #[test]
    fn lines_of_offsets() {
        assert_eq!(line_of_offset("a\nbc\nd", 0), 1);
        assert_eq!(line_of_offset("a\nbc\nd", 3), 2);
        assert_eq!(line_of_offset("a\nbc\nd", 99), 3);
    }
}
