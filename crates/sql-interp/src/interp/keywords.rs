//! Statements told apart by their first words, before parsing: those that cannot change the
//! model are skipped without being parsed.

/// The first `n` words of a statement, upper case.
fn words(sql: &str, n: usize) -> Vec<String> {
    sql.split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty())
        .take(n)
        .map(|w| w.to_ascii_uppercase())
        .collect()
}

/// Whether the statement leaves tables, columns, keys, indexes and enums as they are: data
/// changes, transaction control, settings, and objects the model does not hold (functions,
/// triggers, views, extensions, sequences, policies, comments, grants).
pub(super) fn leaves_schema_alone(sql: &str) -> bool {
    let w = words(sql, 5);
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    let object_after = |start: usize| -> Option<&str> {
        let mut i = start;
        while let Some(word) = w.get(i) {
            match *word {
                "OR" | "REPLACE" | "TEMP" | "TEMPORARY" | "MATERIALIZED" | "RECURSIVE"
                | "UNIQUE" | "CONSTRAINT" | "DEFINER" | "IF" | "NOT" | "EXISTS" => i += 1,
                _ => return Some(word),
            }
        }
        None
    };
    let harmless_object = |o: Option<&str>| {
        matches!(
            o,
            Some(
                "FUNCTION"
                    | "PROCEDURE"
                    | "TRIGGER"
                    | "VIEW"
                    | "EXTENSION"
                    | "SEQUENCE"
                    | "POLICY"
                    | "RULE"
                    | "ROLE"
                    | "USER"
                    | "PUBLICATION"
                    | "AGGREGATE"
                    | "EVENT"
            )
        )
    };
    match w.first().copied() {
        Some(
            "INSERT" | "UPDATE" | "DELETE" | "SELECT" | "WITH" | "SET" | "BEGIN" | "COMMIT"
            | "START" | "ROLLBACK" | "END" | "PRAGMA" | "COMMENT" | "GRANT" | "REVOKE" | "ANALYZE"
            | "VACUUM" | "TRUNCATE" | "LOCK" | "REFRESH" | "REINDEX" | "CLUSTER" | "NOTIFY"
            | "SAVEPOINT" | "RELEASE" | "REPLACE",
        ) => true,
        Some("CREATE" | "DROP" | "ALTER") => harmless_object(object_after(1)),
        _ => false,
    }
}

/// The statement's kind in a message (`CREATE DOMAIN`).
pub(super) fn kind(sql: &str) -> String {
    words(sql, 2).join(" ")
}

/// The table an `INSERT INTO`, `UPDATE` or `DELETE FROM` writes to, unquoted; `None` for other
/// statements or a schema-qualified name.
pub(super) fn written_table(sql: &str) -> Option<String> {
    let trimmed = sql.trim_start();
    let upper = trimmed.get(..12).unwrap_or(trimmed).to_ascii_uppercase();
    let skip = ["INSERT INTO", "UPDATE", "DELETE FROM", "REPLACE INTO"]
        .iter()
        .find(|k| upper.starts_with(*k))?
        .len();
    let rest = trimmed[skip..].trim_start();
    let (name, after) = match rest.chars().next()? {
        q @ ('"' | '`') => {
            let end = rest[1..].find(q)? + 1;
            (rest[1..end].to_owned(), &rest[end + 1..])
        }
        _ => {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '(' || c == ';')
                .unwrap_or(rest.len());
            (rest[..end].to_owned(), &rest[end..])
        }
    };
    (!after.starts_with('.') && !name.contains('.')).then_some(name)
}
