//! Deeply nested expressions (`f(f(…))`, `[[…]]`) are an error at the place where they nest
//! too deep, not a stack overflow: parsing, validation and formatting all bound their
//! recursion by the parser's limit (`schema_syntax::cst::MAX_NESTING`).

use diagnostics::SourceFiles;
use schema_syntax::cst::MAX_NESTING;

const HEADER: &str =
    "datasource db {\n  provider = \"sqlite\"\n  url      = \"file:dev.db\"\n}\n\n";

fn calls(depth: usize) -> String {
    format!("{}{}", "f(".repeat(depth), ")".repeat(depth))
}

fn arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

fn schema(default: &str) -> String {
    format!("{HEADER}model A {{\n  id Int @id @default({default})\n}}\n")
}

fn too_deep_message() -> String {
    format!(
        "Expression nesting too deep: function calls and arrays can be nested at most {MAX_NESTING} levels deep."
    )
}

/// Validates and formats `text`; returns the errors of validation.
fn check(text: &str) -> Vec<(String, usize)> {
    let files = SourceFiles::single("schema.prisma", text);
    let (_, diagnostics) = schema::validate(&files);
    let formatted = schema_format::format(&files);
    assert_eq!(formatted.len(), 1);
    diagnostics
        .errors()
        .map(|d| (d.message.clone(), d.span.start as usize))
        .collect()
}

#[test]
fn ten_thousand_nested_calls_are_one_error_at_the_place() {
    let text = schema(&calls(10_000));
    let errors = check(&text);
    // The `@default(` argument is level 1: the call at level MAX_NESTING + 1 is too deep.
    let at = text.find("@default(").unwrap() + "@default(".len() + 2 * MAX_NESTING as usize;
    assert_eq!(errors, [(too_deep_message(), at)]);
}

#[test]
fn twenty_thousand_nested_arrays_are_one_error_at_the_place() {
    let text = schema(&arrays(20_000));
    let errors = check(&text);
    let at = text.find("@default(").unwrap() + "@default(".len() + MAX_NESTING as usize;
    assert_eq!(errors, [(too_deep_message(), at)]);
}

#[test]
fn deep_nesting_in_a_datasource_and_a_block_attribute_is_reported_too() {
    let text = format!(
        "datasource db {{\n  provider = \"sqlite\"\n  url      = {}\n}}\n\nmodel A {{\n  id Int @id\n  @@index({})\n}}\n",
        arrays(5_000),
        calls(5_000)
    );
    let errors = check(&text);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors.iter().all(|(m, _)| *m == too_deep_message()),
        "{errors:?}"
    );
}

#[test]
fn nesting_up_to_the_limit_is_read() {
    // `@default(` holds level 1, so MAX_NESTING levels inside it are allowed.
    for text in [
        schema(&calls(MAX_NESTING as usize)),
        schema(&arrays(MAX_NESTING as usize)),
    ] {
        let errors = check(&text);
        assert!(
            errors.iter().all(|(m, _)| *m != too_deep_message()),
            "{errors:?}"
        );
        let files = SourceFiles::single("schema.prisma", text.as_str());
        let formatted = schema_format::format(&files);
        assert!(formatted[0].contains(&"f(".repeat(3)) || formatted[0].contains("[[["));
    }
    let errors = check(&schema(&calls(MAX_NESTING as usize + 1)));
    assert!(
        errors.iter().any(|(m, _)| *m == too_deep_message()),
        "{errors:?}"
    );
}
