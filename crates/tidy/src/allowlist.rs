//! Today's violations, in one place (`crates/tidy/allowlist.toml`): one `[[allow]]` entry per
//! rule and file, with how many findings it has and the reason (the issue that removes them).
//! [`compare`] fails on a finding not covered (a new violation) and on an entry with fewer
//! findings than it says (fixed: lower the count or remove the entry), so the list only shrinks.

use crate::Finding;
use std::collections::BTreeMap;

/// One allowed violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The rule (`provider-match`, `cli-only`, `file-size`, `missing-docs`, `crate-edges`,
    /// `module-cycle`).
    pub rule: String,
    /// The file (as in [`Finding::path`]).
    pub path: String,
    /// How many findings of the rule the file has today.
    pub count: usize,
    /// Why it is allowed, and the issue that will remove it.
    pub reason: String,
}

/// Parses the allowlist's TOML text.
pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let table: toml::Table = text.parse().map_err(|e| format!("allowlist.toml: {e}"))?;
    let Some(entries) = table.get("allow") else {
        return Ok(Vec::new());
    };
    let entries = entries
        .as_array()
        .ok_or("allowlist.toml: `allow` must be [[allow]] tables")?;
    let mut parsed = Vec::new();
    for (n, entry) in entries.iter().enumerate() {
        let field = |key: &str| {
            entry
                .get(key)
                .and_then(|v| v.as_str())
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned)
                .ok_or(format!("allowlist.toml: entry {} has no `{key}`", n + 1))
        };
        let count = match entry.get("count") {
            None => 1,
            Some(v) => v
                .as_integer()
                .and_then(|c| usize::try_from(c).ok())
                .filter(|&c| c > 0)
                .ok_or(format!(
                    "allowlist.toml: entry {}: `count` must be positive",
                    n + 1
                ))?,
        };
        parsed.push(Entry {
            rule: field("rule")?,
            path: field("path")?,
            count,
            reason: field("reason")?,
        });
    }
    let mut seen = BTreeMap::new();
    for entry in &parsed {
        if seen.insert((&entry.rule, &entry.path), ()).is_some() {
            return Err(format!(
                "allowlist.toml: `{}` is listed twice for `{}`: merge the entries",
                entry.path, entry.rule
            ));
        }
    }
    Ok(parsed)
}

/// The errors: findings beyond what the allowlist covers, and entries that cover more than
/// there is (`rules` are the rules that ran: entries of other rules are not judged).
pub fn compare(findings: &[Finding], allowlist: &[Entry], rules: &[&str]) -> Vec<String> {
    let mut found: BTreeMap<(&str, &str), Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        found
            .entry((finding.rule, finding.path.as_str()))
            .or_default()
            .push(finding);
    }
    let mut errors = Vec::new();
    for ((rule, path), list) in &found {
        let allowed = allowlist
            .iter()
            .find(|e| e.rule == *rule && e.path == *path);
        let allowed_count = allowed.map_or(0, |e| e.count);
        if list.len() > allowed_count {
            let mut error = match allowed {
                None => format!("new violation ({} found):", list.len()),
                Some(_) => format!(
                    "new violation: {} found where allowlist.toml allows {allowed_count}:",
                    list.len()
                ),
            };
            for finding in list {
                error.push_str(&format!("\n    {finding}"));
            }
            errors.push(error);
        }
    }
    for entry in allowlist
        .iter()
        .filter(|e| rules.contains(&e.rule.as_str()))
    {
        let now = found
            .get(&(entry.rule.as_str(), entry.path.as_str()))
            .map_or(0, Vec::len);
        if now < entry.count {
            let fix = if now == 0 {
                "remove the entry".to_owned()
            } else {
                format!("set its count to {now}")
            };
            errors.push(format!(
                "fixed: allowlist.toml allows {} `{}` finding(s) in {} but there are {now}: {fix} \
                 (the list only shrinks)",
                entry.count, entry.rule, entry.path
            ));
        }
    }
    for entry in allowlist
        .iter()
        .filter(|e| !KNOWN_RULES.contains(&e.rule.as_str()))
    {
        errors.push(format!(
            "allowlist.toml: unknown rule `{}` for {}",
            entry.rule, entry.path
        ));
    }
    errors
}

/// The rules an entry may name.
pub const KNOWN_RULES: &[&str] = &[
    "crate-edges",
    "provider-match",
    "cli-only",
    "file-size",
    "missing-docs",
    "module-cycle",
];
