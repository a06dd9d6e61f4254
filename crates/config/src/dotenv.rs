//! `.env` files as dotenv reads them.

/// `KEY=value` lines as dotenv reads them: `#` comments, `export ` prefixes, single, double
/// and back quotes (double-quoted values expand `\n` and may span lines).
pub fn parse_dotenv(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((key, value)) = line.split_once('=').or_else(|| line.split_once(':')) else {
            continue;
        };
        let key = key.trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || "_.-".contains(c))
        {
            continue;
        }
        let value = value.trim();
        let quote = value
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'));
        let value = match quote {
            Some(q) => {
                let mut body = value[1..].to_owned();
                // A quoted value may go on over the following lines.
                while !body.contains(q) {
                    match lines.next() {
                        Some(next) => {
                            body.push('\n');
                            body.push_str(next);
                        }
                        None => break,
                    }
                }
                let inner = body.rfind(q).map_or(body.as_str(), |i| &body[..i]);
                if q == '"' {
                    inner.replace("\\n", "\n").replace("\\r", "\r")
                } else {
                    inner.to_owned()
                }
            }
            None => value
                .split(" #")
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned(),
        };
        out.push((key.to_owned(), value));
    }
    out
}
