//! Prisma string literals, as `db pull` writes them in attributes (`@map("…")`,
//! `dbgenerated("…")`, `raw("…")`): shared by the renderer and the dialects' operator classes.

/// A Prisma string literal: `"` and `\` escaped, and every other control character too
/// (`\n`, `\r`, `\t`, otherwise `\u0000`), so that the schema reads back to the same text.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() && (c as u32) < 0x80 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
