//! docs/safe-migrations.md documents every code: a row `| Rxxx | severity | databases | title |`
//! per rule, as in `lint::rules::RULES`.

#[test]
fn every_code_is_documented() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/safe-migrations.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let mut missing = Vec::new();
    for r in lint::rules::RULES {
        let row = format!(
            "| {} | {} | {} | {} |",
            r.code,
            r.severity.as_str(),
            r.dialects,
            r.title
        );
        if !doc.contains(&row) {
            missing.push(row);
        }
    }
    assert!(
        missing.is_empty(),
        "rows missing from docs/safe-migrations.md (regenerate the table):\n{}",
        missing.join("\n")
    );
}
