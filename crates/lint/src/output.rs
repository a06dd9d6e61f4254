//! The report as text (Prisma's CLI style: a bullet per finding, the why and the rewrite
//! indented under it), as JSON (`--format json`) and as SARIF 2.1.0 for code review tools.

use serde_json::{Value, json};

use crate::rules::RULES;
use crate::{LintDialect as _, Report, Severity};

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl Report {
    /// The findings as text, without colour, ending with a summary line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            let rule = f.rule();
            out.push_str(&format!(
                "{}:{} {} {} {}: {}\n",
                f.file,
                f.line,
                f.severity.as_str(),
                f.code,
                rule.title,
                f.message
            ));
            if !f.statement.is_empty() {
                out.push_str(&format!("    {}\n", f.statement));
            }
            if f.severity > Severity::Info {
                out.push_str(&format!("    Why: {}\n", rule.why));
                out.push_str(&format!("    Instead: {}\n", rule.rewrite));
            }
            out.push('\n');
        }
        let summary = format!(
            "{}, {}, {} in {} ({}, {}).",
            plural(self.count(Severity::Error), "error"),
            plural(self.count(Severity::Warning), "warning"),
            plural(self.count(Severity::Info), "info"),
            plural(self.migrations, "migration"),
            plural(self.statements, "statement"),
            self.dialect.lint_display_name()
        );
        out.push_str(&summary);
        out.push('\n');
        out
    }

    /// The findings as JSON: `{"dialect", "migrations", "statements", "findings": [...]}`.
    pub fn to_json(&self) -> String {
        let findings: Vec<Value> = self
            .findings
            .iter()
            .map(|f| {
                let rule = f.rule();
                json!({
                    "code": f.code,
                    "severity": f.severity.as_str(),
                    "title": rule.title,
                    "file": f.file,
                    "line": f.line,
                    "column": f.column,
                    "message": f.message,
                    "statement": f.statement,
                    "why": rule.why,
                    "rewrite": rule.rewrite,
                })
            })
            .collect();
        let value = json!({
            "dialect": self.dialect.provider(),
            "migrations": self.migrations,
            "statements": self.statements,
            "schemaBefore": self.schema_source.as_str(),
            "errors": self.count(Severity::Error),
            "warnings": self.count(Severity::Warning),
            "infos": self.count(Severity::Info),
            "findings": findings,
        });
        serde_json::to_string_pretty(&value).expect("JSON values serialize")
    }

    /// The findings as a SARIF 2.1.0 log (one run; every rule in the driver).
    pub fn to_sarif(&self) -> String {
        let level = |s: Severity| match s {
            Severity::Info => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let rules: Vec<Value> = RULES
            .iter()
            .map(|r| {
                json!({
                    "id": r.code,
                    "name": r.title,
                    "shortDescription": { "text": r.title },
                    "fullDescription": { "text": r.why },
                    "help": { "text": r.rewrite },
                    "defaultConfiguration": { "level": level(r.severity) },
                    "properties": { "dialects": r.dialects },
                })
            })
            .collect();
        let results: Vec<Value> = self
            .findings
            .iter()
            .map(|f| {
                let index = RULES.iter().position(|r| r.code == f.code).unwrap_or(0);
                json!({
                    "ruleId": f.code,
                    "ruleIndex": index,
                    "level": level(f.severity),
                    "message": { "text": format!("{} {}", f.message, f.rule().rewrite) },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": f.file.replace('\\', "/") },
                            "region": { "startLine": f.line, "startColumn": f.column },
                        }
                    }],
                })
            })
            .collect();
        let value = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "refract-lint",
                    "rules": rules,
                }},
                "results": results,
            }],
        });
        serde_json::to_string_pretty(&value).expect("JSON values serialize")
    }
}
